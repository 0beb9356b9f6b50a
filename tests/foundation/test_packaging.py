"""The package build's own logic: what `packaging/prune.py` leaves out with a cut plugin,
and what `packaging/linux/depends.py` makes of ``ldd``'s answers. No Qt, no PyInstaller."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
sys.path[:0] = [str(PACKAGING), str(PACKAGING / "linux")]

import depends  # noqa: E402
import prune  # noqa: E402

THEME = ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY")
GTK = ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY")
GLIB = ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY")
QTGUI = ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY")
BINDING = ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION")
LINKS = {
    "libqgtk3.so": {"libgtk-3.so.0", "libglib-2.0.so.0", "libQt6Gui.so.6"},
    "libgtk-3.so.0": {"libglib-2.0.so.0"},
    "libQt6Gui.so.6": {"libglib-2.0.so.0"},
    "QtGui.abi3.so": {"libQt6Gui.so.6"},
}


def test_a_library_only_a_cut_plugin_needed_goes_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prune, "_needs", lambda entry: LINKS.get(Path(entry[1]).name, set()))
    assert prune._cut(THEME[0]) and not prune._cut(QTGUI[0])
    left_out = prune.orphans([THEME, GTK, GLIB, QTGUI, BINDING], [THEME])
    # QtGui stays (the kept binding needs it), and so does GLib, which QtGui needs.
    assert left_out == [GTK]


def _ldd(output: str):  # type: ignore[no-untyped-def]
    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 0, stdout=output, stderr="")

    return run


def test_a_library_ldd_cannot_find_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = tmp_path / "libwl-shell-plugin.so"
    output = (
        "\tlibQt6WlShellIntegration.so.6 => not found\n"
        "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n"
    )
    monkeypatch.setattr(depends.subprocess, "run", _ldd(output))
    with pytest.raises(SystemExit, match=r"needs libQt6WlShellIntegration\.so\.6: not found"):
        depends.loaded_from_outside(plugin, tmp_path)


def test_only_libraries_from_outside_the_folder_are_dependencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "libQt6Core.so.6").write_bytes(b"")
    output = (
        f"\tlibQt6Core.so.6 => {tmp_path}/libQt6Core.so.6 (0x00007f)\n"
        "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f)\n"
        "\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n"
    )
    monkeypatch.setattr(depends.subprocess, "run", _ldd(output))
    found = depends.loaded_from_outside(tmp_path / "libQt6Gui.so.6", tmp_path)
    assert found == {"libz.so.1": "/lib/x86_64-linux-gnu/libz.so.1"}
