; Inno Setup script: a per-user installer (no administrator rights needed), built by
; .github/workflows/desktop-bundles.yml from PyInstaller's one-folder app in dist\parentrus.
;   iscc /DAppVersion=0.2.0 packaging\windows\parentrus.iss
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1B8F0E-5E3D-4B8A-9E8B-7A2C4D1F0A51}
AppName=Parent'R'Us Mentor
AppVersion={#AppVersion}
AppPublisher=Parent'R'Us
DefaultDirName={localappdata}\Programs\Parent'R'Us Mentor
DefaultGroupName=Parent'R'Us Mentor
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=ParentRUs-Mentor-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile=..\icons\org.parentrus.Mentor.ico
UninstallDisplayIcon={app}\parentrus.exe
LicenseFile=..\..\LICENSE
; The records live in the user's application-data folder, not here: uninstalling the
; app never removes a mentor's profiles or backups.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "arabic"; MessagesFile: "compiler:Languages\Arabic.isl"

[Files]
Source: "..\..\dist\parentrus\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{userprograms}\Parent'R'Us Mentor"; Filename: "{app}\parentrus.exe"
Name: "{userdesktop}\Parent'R'Us Mentor"; Filename: "{app}\parentrus.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\parentrus.exe"; Description: "{cm:LaunchProgram,Parent'R'Us Mentor}"; Flags: nowait postinstall skipifsilent
