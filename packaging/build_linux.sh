#!/usr/bin/env bash
# Build the PyInstaller bundle on Linux from the same spec as the Windows installer.
#
#   packaging/build_linux.sh [DISTDIR]      # default: build/bundle-dist
#
# Result: DISTDIR/VoiceCallDesktop/ with "VoiceCall Desktop" (the window) and "voicecall"
# (the command line). Uses the Python of $PYTHON, else .venv/bin/python, else python3, which
# must have the project and PyInstaller installed (pip install -e '.[packaging]').
# VOICECALL_BUNDLE_TEST=1 adds a plain-file keyring for tests (never ship that build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(realpath -m "${1:-$root/build/bundle-dist}")"
work="${VOICECALL_BUNDLE_WORK:-$root/build/bundle-work}"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x "$root/.venv/bin/python" ]; then python="$root/.venv/bin/python"; else python=python3; fi
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "PyInstaller is not installed for $python; run: $python -m pip install -e '.[packaging]'" >&2
  exit 2
fi

start=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" "$root/packaging/voicecall.spec"
bundle="$dist/VoiceCallDesktop"
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1), built in $(( $(date +%s) - start )) s)"
