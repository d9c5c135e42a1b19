"""``python -m voicecall_desktop.cli``: the same as the ``voicecall`` command."""

import sys

from voicecall_desktop.cli import main

sys.exit(main())
