"""Icons and other assets of VoiceCall Desktop, shipped inside the package.

This folder sits at the top of the repository; the wheel installs it as
``voicecall_desktop.resources`` (``setup.py`` maps it), and the PyInstaller bundle carries it
as ``voicecall_desktop/resources`` (``packaging/voicecall.spec``), so the app reads its files
with ``importlib.resources.files("voicecall_desktop.resources")`` wherever it runs.
"""
