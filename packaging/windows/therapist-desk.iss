; Inno Setup 6 script for Therapist Desk on Windows (written, not built or tested:
; see packaging/windows/README.md). Run after PyInstaller, from the repository root:
;   iscc packaging\windows\therapist-desk.iss
; The uninstaller removes what this installed and nothing else: each user's data folder,
; %LOCALAPPDATA%\therapist-desk, stays.

#define AppVersion "0.1.0"

[Setup]
AppId={{6B3F2C4E-4E0B-4F55-9E2B-7C1A3D5E9F10}
AppName=Therapist Desk
AppVersion={#AppVersion}
AppPublisher=Therapist Desk engineers
DefaultDirName={autopf}\Therapist Desk
DefaultGroupName=Therapist Desk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=therapist-desk-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\therapist-desk.ico
UninstallDisplayIcon={app}\therapist-desk.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog

[Files]
Source: "..\..\dist\therapist-desk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{autoprograms}\Therapist Desk"; Filename: "{app}\therapist-desk.exe"
Name: "{autodesktop}\Therapist Desk"; Filename: "{app}\therapist-desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "A shortcut on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\therapist-desk.exe"; Description: "Start Therapist Desk"; Flags: nowait postinstall skipifsilent
