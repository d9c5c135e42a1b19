#!/usr/bin/env bash
# The MSI for practice IT, built with msitools' wixl from the bundle, and installed and
# removed under Wine as IT tools do (msiexec /qn). Called by packaging/wine/build.sh:
#
#   msi.sh build BUNDLE_DIR VERSION DIST_DIR LOG_DIR     # → DIST_DIR/VoiceCallDesktop-VERSION.msi
#   msi.sh install MSI LOG_DIR
#   msi.sh uninstall MSI LOG_DIR
#
# wixl resolves sources relative to the working folder (absolute paths fail), so the build
# runs in a staging folder that links the bundle and the icon.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
packaging="$(dirname "$here")"

build() {
  local bundle=$1 version=$2 dist=$3 logs=$4 stage msi
  msi="$dist/$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['msi_file'].format(version=sys.argv[2]))" "$packaging/build.json" "$version")"
  stage="$(dirname "$logs")/msi-stage"
  rm -rf "$stage" && mkdir -p "$stage"
  ln -s "$(realpath "$bundle")" "$stage/bundle"
  cp "$packaging/app.ico" "$packaging/msi/voicecall.wxs" "$stage/"
  # Every file of the bundle, one component each (heat's ids are stable for a given path).
  (cd "$stage" && find -L bundle -type f | LC_ALL=C sort |
    wixl-heat --var var.SourceDir -p bundle/ --directory-ref INSTALLDIR \
      --component-group AppFiles --win64 >files.wxs)
  # MSI wants a numeric version: 0.2.0rc1 → 0.2.0.
  local numeric
  numeric=$(python3 -c "import re,sys; print(re.match(r'\d+(\.\d+){0,3}', sys.argv[1]).group(0))" "$version")
  rm -f "$msi"
  if ! (cd "$stage" && wixl -a x64 -D Version="$numeric" -D SourceDir=bundle -D Icon=app.ico \
    -D Win64=yes -o out.msi voicecall.wxs files.wxs) >"$logs/wixl.log" 2>&1; then
    cat "$logs/wixl.log" >&2
    echo "msi.sh: wixl failed" >&2
    exit 1
  fi
  [ -f "$stage/out.msi" ] || { cat "$logs/wixl.log" >&2; echo "msi.sh: wixl made no MSI" >&2; exit 1; }
  mv "$stage/out.msi" "$msi"
  echo "MSI: $msi ($(grep -c '<Component ' "$stage/files.wxs") files)"
}

msiexec() { # action MSI LOG
  local status=0
  wine msiexec "$1" "$(winepath -w "$2")" /qn /norestart /l*v "$(winepath -w "$3")" 2>&1 | cat || status=$?
  wineserver -w
  if [ "$status" != 0 ]; then
    tail -30 "$3" | iconv -f UTF-16LE -t UTF-8 2>/dev/null || tail -30 "$3"
    echo "msi.sh: msiexec $1 exited with $status (log: $3)" >&2
    exit 1
  fi
}

case "${1:-}" in
  build) shift; build "$@" ;;
  install) msiexec /i "$2" "$3/msi-install.log" ;;
  uninstall) msiexec /x "$2" "$3/msi-uninstall.log" ;;
  *) echo "usage: msi.sh build|install|uninstall ..." >&2; exit 2 ;;
esac
