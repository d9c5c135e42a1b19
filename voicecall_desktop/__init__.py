"""VoiceCall Desktop: book automated patient voice calls through the PatientComms API."""

__version__ = "0.1.0"
APP_NAME = "VoiceCall Desktop"
