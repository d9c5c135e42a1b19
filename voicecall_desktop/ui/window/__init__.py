"""The main window and what hangs on it.

Status bar, connection, key banner, window state, training mode.
"""
