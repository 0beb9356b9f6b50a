"""What the frozen build leaves out: the parts of Qt (and of Python) the app never loads.

The app imports QtCore, QtGui, QtWidgets, QtPdf, QtPdfWidgets and QtPrintSupport, and
draws its icon with the SVG plugins. PyInstaller's Qt hooks also bring in every plugin
of those modules, and with them the libraries the plugins need: the GTK theme (and GTK
itself), EGLFS, framebuffer and VNC platforms, network-information and TLS backends,
image formats nobody hands the app, and Qt's translations, which it never loads.
`prune` takes them out after the analysis, by the name each file gets in the bundle,
and prints how much that saved. Qt Quick, QML, the virtual keyboard and the Wayland
compositor are listed too: with PySide6 6.12 and PyInstaller 6.22 the analysis brings
none of them (docs/packaging.md), and the patterns keep it so if a later version of
either starts to.

A system library that only a cut plugin needed (GTK for the GTK theme) goes with it:
`prune` follows the link-time dependencies of what is kept, and drops the libraries
nothing kept needs any more.

On Linux the libraries Debian ships (X11 and xcb, fontconfig, GLib, CUPS, OpenSSL,
libstdc++ …) are not bundled either: the .deb depends on their packages
(`system_libraries`, `packaging/linux/depends.py`), so they come from, and are updated
with, the system. What the wheels bring (Qt and ICU, Pillow's codecs, libpython) stays.

The Wayland client stays: on a Wayland desktop the window is native, and without it Qt
would fall back to XWayland (see docs/packaging.md). The ``offscreen`` platform stays
too: the smoke test in CI runs on it.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from collections.abc import Iterable

QT = "PySide6/Qt/"
CUT: tuple[str, ...] = (
    # Qt Quick, QML and everything built on them (the app is Qt Widgets only).
    QT + "lib/libQt6Quick*",
    QT + "lib/libQt6Qml*",
    QT + "lib/libQt6PdfQuick*",
    QT + "lib/libQt6Labs*",
    QT + "lib/libQt6Lottie*",
    QT + "lib/libQt6VirtualKeyboard*",
    QT + "qml/*",
    QT + "plugins/qmltooling/*",
    QT + "plugins/vectorimageformats/*",
    QT + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    # The Wayland compositor side (a desktop app is a client) and its shell plugins.
    QT + "lib/libQt6WaylandCompositor*",
    QT + "lib/libQt6WaylandEglCompositor*",
    QT + "lib/libQt6WlShellIntegration*",
    QT + "plugins/wayland-shell-integration/libwl-shell-plugin.so",  # (needs the one above)
    QT + "plugins/wayland-graphics-integration-server/*",
    # Platforms for kiosks and embedded screens, and their input plugins.
    QT + "lib/libQt6EglFS*",
    QT + "lib/libQt6EglFsKms*",
    QT + "plugins/egldeviceintegrations/*",
    QT + "plugins/platforms/libqeglfs.so",
    QT + "plugins/platforms/libqlinuxfb.so",
    QT + "plugins/platforms/libqminimalegl.so",
    QT + "plugins/platforms/libqvnc.so",
    QT + "plugins/platforms/libqvkkhrdisplay.so",
    QT + "plugins/generic/*",
    # The GTK 3 platform theme: it would bundle this machine's GTK, GDK, Cairo and Pango,
    # which then meet the user's own GTK modules and themes. The app draws its own light
    # and dark themes (Fusion), and file dialogs are Qt's or the desktop portal's.
    QT + "plugins/platformthemes/libqgtk3.so",
    # Qt modules the app does not use: SQL (it has SQLAlchemy), designer, help, tests,
    # network information and TLS (QtPdf links QtNetwork, but opens no connection).
    QT + "lib/libQt6Designer*",
    QT + "lib/libQt6Help*",
    QT + "lib/libQt6Sql*",
    QT + "lib/libQt6Test*",
    QT + "lib/libQt6UiTools*",
    QT + "plugins/designer/*",
    QT + "plugins/sqldrivers/*",
    QT + "plugins/networkinformation/*",
    QT + "plugins/tls/*",
    # Image formats nobody hands the app (a logo is PNG or JPEG, the icon SVG).
    QT + "plugins/imageformats/libqtiff.so",
    QT + "plugins/imageformats/libqwebp.so",
    QT + "plugins/imageformats/libqtga.so",
    QT + "plugins/imageformats/libqwbmp.so",
    QT + "plugins/imageformats/libqicns.so",
    QT + "plugins/imageformats/libqpdf.so",
    # Qt's own translations: the app installs no Qt translator (its words are English),
    # so Qt's dialogs are in English too and the catalogues would never be read.
    QT + "translations/*",
)
"""Patterns of the bundle paths left out (`fnmatch`, ``*`` crosses folders)."""

PYTHON_EXCLUDES: list[str] = [
    # Qt bindings the app never imports (hooks would otherwise follow them).
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtNetwork",  # the library stays (QtPdf links it); its Python binding is unused
    "PySide6.QtDBus",
    # Pillow's AVIF and WebP codecs and its Tk bridge: reportlab hands it PNG and JPEG
    # only (the logo, the drawn signatures). Pillow runs without them.
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingtk",
    "PIL.ImageTk",
    # lxml's parts beyond etree (pyHanko's XMP and fhir.resources' XML use etree only).
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    # Build tools: only cffi's compile helpers mention them, and with them bundled
    # PyInstaller runs a runtime hook that imports pkg_resources at every start.
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    # Development tools that libraries only mention.
    "tkinter",
    "IPython",
    "pytest",
]
"""Python modules the analysis must not follow."""

Entry = tuple[str, str, str]


def _cut(name: str) -> bool:
    path = name.replace(os.sep, "/")
    return any(fnmatch.fnmatch(path, pattern) for pattern in CUT)


def _size(entries: Iterable[Entry]) -> int:
    return sum(os.path.getsize(src) for _, src, _ in entries if os.path.isfile(src))


def _needs(entry: Entry) -> set[str]:
    """The file names of the libraries ``entry`` links to (its ELF/Mach-O/PE imports)."""
    from PyInstaller.depend.bindepend import get_imports

    try:
        return {os.path.basename(name) for name, _ in get_imports(entry[1])}
    except Exception:  # not an executable file (a data file among the binaries)
        return set()


def _reach(roots: Iterable[Entry], by_name: dict[str, Entry]) -> set[str]:
    """The bundle paths of ``roots`` and of every bundled library they need, transitively."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        entry = todo.pop()
        if entry[0] in seen:
            continue
        seen.add(entry[0])
        todo += [by_name[name] for name in _needs(entry) if name in by_name]
    return seen


def orphans(binaries: list[Entry], cut: list[Entry]) -> list[Entry]:
    """The libraries only the ``cut`` binaries needed (none of the others, transitively).

    Only link-time needs are followed: a library that a kept file opens with ``dlopen``
    and that a cut plugin also links would be dropped. `depends.py` stops the build on a
    library that cannot be found, and the smoke test runs the program.
    """
    by_name = {os.path.basename(entry[0]): entry for entry in binaries}
    cut_names = {entry[0] for entry in cut}
    wanted_by_cut = _reach(cut, by_name) - cut_names
    roots = [e for e in binaries if e[0] not in cut_names and e[0] not in wanted_by_cut]
    still_needed = _reach(roots, by_name)
    return [e for e in binaries if e[0] in wanted_by_cut and e[0] not in still_needed]


def _dpkg_owner(path: str) -> str | None:
    """The Debian package that installed ``path`` (merged /usr or not), if any."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for name in list(candidates):
        if name.startswith("/usr/lib/"):
            candidates.add(name.removeprefix("/usr"))
        elif name.startswith("/lib/"):
            candidates.add("/usr" + name)
    for name in sorted(candidates):
        found = subprocess.run(["dpkg", "-S", name], capture_output=True, text=True)
        if found.returncode == 0 and ":" in found.stdout:
            return found.stdout.split(":", 1)[0].strip()
    return None


def system_libraries(binaries: list[Entry]) -> list[Entry]:
    """On Debian: the bundled libraries that a Debian package installed on this machine."""
    if not sys.platform.startswith("linux") or not os.path.exists("/var/lib/dpkg/status"):
        return []
    system = ("/lib/", "/usr/lib/")
    return [
        entry
        for entry in binaries
        if entry[1].startswith(system)
        and "/" not in entry[0]
        and not entry[0].startswith("libpython")  # the frozen Python is the one it was built with
        and _dpkg_owner(entry[1])
    ]


def prune(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """``binaries`` and ``datas`` without what `CUT` names, the libraries only that
    needed and the system's libraries; says how much was left out."""
    cut = [entry for entry in [*binaries, *datas] if _cut(entry[0])]
    cut += orphans(binaries, [entry for entry in binaries if _cut(entry[0])])
    gone = {entry[0] for entry in cut}
    print(f"prune: left out {len(cut)} files of Qt's, {_size(cut) / 1e6:.1f} MB", flush=True)
    for name in sorted(gone):
        print(f"prune:   {name}", flush=True)
    system = [entry for entry in system_libraries(binaries) if entry[0] not in gone]
    gone |= {entry[0] for entry in system}
    print(
        f"prune: {len(system)} system libraries left to Debian's packages, "
        f"{_size(system) / 1e6:.1f} MB",
        flush=True,
    )
    return [e for e in binaries if e[0] not in gone], [e for e in datas if e[0] not in gone]
