; VoiceCall Desktop: Windows installer (Inno Setup 6.3 or later).
;
; Built by packaging\build.ps1, which first makes the PyInstaller bundle, then runs:
;   ISCC /DAppVersion=0.1.0 packaging\installer.iss
; Optional: /DBundleDir=<folder with VoiceCall Desktop.exe> /DOutputDir=<folder for the setup>.
;
; Per-user by default (no administrator rights: %LOCALAPPDATA%\Programs\VoiceCall Desktop);
; the first page offers an all-users install (Program Files) to those who can elevate, and IT
; can force either with /ALLUSERS or /CURRENTUSER.
;
; Uninstalling keeps the user's calls, settings and logs
; (%LOCALAPPDATA%\PatientComms\VoiceCall Desktop) and the API key (Windows Credential
; Manager) unless the user says otherwise when asked; a silent uninstall keeps them unless
; run with /PURGEUSERDATA.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z packaging\installer.iss (build.ps1 does)
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\dist\VoiceCallDesktop"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\dist"
#endif

#define AppName "VoiceCall Desktop"
#define AppExe "VoiceCall Desktop.exe"
#define CliExe "voicecall.exe"
#define Publisher "PatientComms"

[Setup]
; AppId identifies the product across versions (upgrades, uninstall): never change it.
AppId={{5B0E2C8A-3F6D-4C1B-9A7E-2D4F8C6B1E93}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=VoiceCallDesktop-Setup-{#AppVersion}
SetupIconFile=app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running copy (Restart Manager) rather than failing on files in use.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's runtime: an upgrade must not mix its libraries with this one's.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataSubfolder = 'PatientComms\VoiceCall Desktop';

{ The default data folder (platformdirs' user_data_dir, not roaming). A folder chosen with
  VOICECALL_HOME is the user's own business and is never touched. }
function UserDataFolder: String;
begin
  Result := ExpandConstant('{localappdata}\' + DataSubfolder);
end;

function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

{ Keep by default: asked with "No" as the default answer; silent uninstalls keep unless
  /PURGEUSERDATA is given. }
function UserWantsDataRemoved: Boolean;
var
  Question: String;
begin
  if UninstallSilent then
  begin
    Result := HasSwitch('/PURGEUSERDATA');
    Exit;
  end;
  Question :=
    'Also delete your calls, drafts, settings and logs, and the stored API key?' + #13#10#13#10 +
    'Choose No to keep them (recommended): if VoiceCall Desktop is installed again, ' +
    'it finds them as they were.' + #13#10#13#10 +
    'Data folder: ' + UserDataFolder + #13#10 +
    'API key: Windows Credential Manager, "VoiceCall Desktop"';
  if IsAdminInstallMode then
    Question := Question + #13#10#13#10 +
      'Only the data of the Windows account running this uninstaller (' +
      GetUserNameString + ') would be deleted.';
  Result := SuppressibleMsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
end;

procedure RemoveUserData;
var
  Cli: String;
  ResultCode: Integer;
begin
  { The key first, while voicecall.exe is still installed (it logs into the data folder,
    which is deleted next). }
  Cli := ExpandConstant('{app}\{#CliExe}');
  if FileExists(Cli) then
  begin
    if Exec(Cli, 'key clear', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) then
      Log('voicecall key clear exited with ' + IntToStr(ResultCode))
    else
      Log('voicecall key clear could not run: ' + SysErrorMessage(ResultCode));
  end;
  if DirExists(UserDataFolder) then
  begin
    if DelTree(UserDataFolder, True, True, True) then
      Log('Deleted ' + UserDataFolder)
    else
      Log('Could not delete all of ' + UserDataFolder);
  end;
  { The publisher folder too, if nothing else of ours is left in it. }
  RemoveDir(ExpandConstant('{localappdata}\PatientComms'));
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { usUninstall comes before any installed file is removed. }
  if CurUninstallStep = usUninstall then
  begin
    if UserWantsDataRemoved then
      RemoveUserData
    else
      Log('Kept the user''s data folder and API key');
  end;
end;
