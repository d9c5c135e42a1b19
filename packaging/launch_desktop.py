"""PyInstaller entry script for ``VoiceCall Desktop.exe`` (the window).

The same as the ``voicecall-desktop`` console script: ``voicecall_desktop.ui.app:main``.
"""

import sys

from voicecall_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
