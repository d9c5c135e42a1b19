"""Booking a list of calls from a CSV file: the import dialog and its parts."""
