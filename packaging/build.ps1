<#
.SYNOPSIS
    Build the Windows installer, dist\VoiceCallDesktop-Setup-<version>.exe, in one command.

.DESCRIPTION
    1. creates (or reuses) a virtual environment in build\venv-windows with Python 3.11,
    2. installs the project and its packaging tools into it (pip install ".[packaging]"),
    3. builds the one-folder bundle with PyInstaller (dist\VoiceCallDesktop\),
    4. checks the bundle (voicecall self-test, against a throw-away data folder),
    5. compiles packaging\installer.iss with Inno Setup 6 (ISCC.exe).

    Names, PyInstaller arguments and ISCC defines come from packaging\build.json, which
    packaging/wine/build.sh (the same build on Linux, under Wine) reads too.

    Run from anywhere:
        powershell -ExecutionPolicy Bypass -File packaging\build.ps1

.PARAMETER Python
    The Python used to create the venv (default: "py -3.11" when the launcher exists, else python).

.PARAMETER Iscc
    Full path of ISCC.exe when Inno Setup is not in a standard place or on PATH.

.PARAMETER BundleOnly
    Stop after the bundle (no Inno Setup needed).
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$BundleOnly
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = Split-Path -Parent $PSScriptRoot
$Build = Get-Content -Raw (Join-Path $PSScriptRoot "build.json") | ConvertFrom-Json
$Venv = Join-Path $Root "build\venv-windows"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$Bundle = Join-Path $Dist $Build.bundle_dir

# build.json's "{version}", "{bundle}" and "{dist}" filled in.
function Expand-BuildValue {
    param([string]$Text, [hashtable]$Values)
    foreach ($name in $Values.Keys) { $Text = $Text.Replace("{$name}", [string]$Values[$name]) }
    return $Text
}

function Invoke-Step {
    param([string]$Program, [string[]]$Arguments)
    Write-Host "> $Program $($Arguments -join ' ')"
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Program exited with code $LASTEXITCODE"
    }
}

function Find-Iscc {
    if ($Iscc) { return $Iscc }
    $command = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($command) { return $command.Source }
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path $candidate)) { return $candidate }
    }
    throw ("Inno Setup 6 (ISCC.exe) was not found. Install it (winget install JRSoftware.InnoSetup, " +
        "or choco install innosetup) or pass -Iscc <path to ISCC.exe>.")
}

Push-Location $Root
try {
    $started = Get-Date

    # 1. The build's own environment, so nothing else installed on this PC gets bundled.
    if (-not (Test-Path $VenvPython)) {
        if ($Python) {
            Invoke-Step $Python @("-m", "venv", $Venv)
        } elseif (Get-Command "py" -ErrorAction SilentlyContinue) {
            Invoke-Step "py" @("-3.11", "-m", "venv", $Venv)
        } else {
            Invoke-Step "python" @("-m", "venv", $Venv)
        }
    }

    # 2. The project (not editable: the bundle is built from what pip installs) and PyInstaller.
    Invoke-Step $VenvPython @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    Invoke-Step $VenvPython @("-m", "pip", "install", "--quiet", ".[packaging]")
    Invoke-Step $VenvPython @("-c", "import PyInstaller")
    $Version = (& $VenvPython -c "import voicecall_desktop; print(voicecall_desktop.__version__)").Trim()
    if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read the package version" }
    Write-Host "VoiceCall Desktop $Version"

    # 3. The bundle. A test build (with a plain-file keyring) must never be shipped.
    Remove-Item Env:VOICECALL_BUNDLE_TEST -ErrorAction SilentlyContinue
    Invoke-Step $VenvPython (@("-m", "PyInstaller") + @($Build.pyinstaller_args) + @(
        "--distpath", $Dist, "--workpath", (Join-Path $Root "build\pyinstaller"),
        (Join-Path $Root $Build.spec)
    ))

    # 4. A quick check of the bundle, with a throw-away data folder in the user's profile
    #    (%TEMP%): self-test fails a data folder that other users of the PC could read.
    $smokeHome = Join-Path $env:TEMP "voicecall-smoke-home"
    $previousHome = $env:VOICECALL_HOME
    $env:VOICECALL_HOME = $smokeHome
    try {
        Invoke-Step (Join-Path $Bundle "voicecall.exe") @("self-test")
    } finally {
        $env:VOICECALL_HOME = $previousHome
        Remove-Item -Recurse -Force $smokeHome -ErrorAction SilentlyContinue
    }
    $bytes = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
    Write-Host ("bundle: {0} ({1:N1} MB)" -f $Bundle, ($bytes / 1MB))

    if ($BundleOnly) { return }

    # 5. The installer.
    $compiler = Find-Iscc
    $values = @{ version = $Version; bundle = $Bundle; dist = $Dist }
    $defines = @(foreach ($define in $Build.iscc_defines.PSObject.Properties) {
        "/D{0}={1}" -f $define.Name, (Expand-BuildValue $define.Value $values)
    })
    Invoke-Step $compiler (@($Build.iscc_args) + $defines + @(Join-Path $Root $Build.installer_script))
    $setup = Join-Path $Dist (Expand-BuildValue $Build.setup_file $values)
    if (-not (Test-Path $setup)) { throw "Inno Setup did not produce $setup" }
    $elapsed = (Get-Date) - $started
    Write-Host ("installer: {0} ({1:N1} MB, built in {2:N0} s)" -f $setup, ((Get-Item $setup).Length / 1MB), $elapsed.TotalSeconds)
} finally {
    Pop-Location
}
