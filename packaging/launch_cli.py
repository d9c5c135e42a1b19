"""PyInstaller entry script for ``voicecall.exe`` (the command line).

The same as the ``voicecall`` console script: ``voicecall_desktop.cli:main``.
"""

import sys

from voicecall_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
