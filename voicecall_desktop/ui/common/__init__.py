"""Pieces every part of the window uses.

Widgets, messages, icons, formats, the send worker, crash handling, the collector guard.
"""
