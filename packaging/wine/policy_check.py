"""Run by packaging/wine/build.sh with the Windows Python, under Wine, after it has written
the policy keys with ``reg add``: voicecall_desktop.policy must read them through winreg.

    python policy_check.py good    # HKLM source/retention_days, HKCU source/username
    python policy_check.py bad     # HKLM retention_days = 99999
"""

import sys

from voicecall_desktop.policy import REGISTRY_PATH, PolicyError, load_policy

if sys.argv[1] == "good":
    values = dict(load_policy({}).values)
    expected = {"source": "Machine GP", "username": "it-user", "retention_days": 30}
    if values != expected:
        sys.exit(f"policy from the registry: {values}, expected {expected}")
    print(f"policy from the registry (HKLM over HKCU): {values}")
else:
    try:
        load_policy({})
    except PolicyError as exc:
        if not str(exc).startswith(f"HKLM\\{REGISTRY_PATH}: retention_days: "):
            sys.exit(f"the message does not name the key and setting: {exc}")
        print(f"refused: {exc}")
    else:
        sys.exit("a retention of 99999 days was accepted")
