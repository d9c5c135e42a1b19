"""The settings, do-not-call and retention dialogs."""
