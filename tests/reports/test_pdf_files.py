"""File names hold initials only; saving is atomic and owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from therapist_desk.errors import UserError
from therapist_desk.reports import default_filename, write_pdf_atomic


def test_default_filename_uses_initials_and_date_never_the_name() -> None:
    on = date(2026, 11, 25)
    assert default_filename(["Zoë O'Brien"], on, "client") == "intake-ZO-2026-11-25-client.pdf"
    name = default_filename(["Anna Maria Smith", "Sam Olsen"], on, "clinician")
    assert name == "intake-AS-SO-2026-11-25-clinician.pdf"


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Νίκος Παππάς", "NP"),
        ("Анна Иванова", "AI"),
        ("Łucja Øberg", "LO"),
        ("<b>Zoë & Sons</b>", "BS"),
        ("", "X"),
        ("李 小龙", "X"),
    ],
)
def test_initials_are_safe_ascii(name: str, initials: str) -> None:
    filename = default_filename([name], date(2026, 1, 2), "client")
    assert filename == f"intake-{initials}-2026-01-02-client.pdf"
    assert filename.isascii() and "/" not in filename


def test_write_is_owner_only_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    write_pdf_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.pdf"]


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_pdf_atomic(tmp_path / "nope" / "out.pdf", b"x")


def test_folder_as_target_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        write_pdf_atomic(tmp_path, b"x")


WRITE_INTO = """
import sys
from pathlib import Path
from therapist_desk.errors import UserError
from therapist_desk.reports.files import write_pdf_atomic
try:
    write_pdf_atomic(Path(sys.argv[1]), b"%PDF-1.4 x")
except UserError as err:
    print(err)
    sys.exit(2)
"""


def test_unwritable_folder_is_a_user_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    # root ignores file modes; without CAP_DAC_OVERRIDE it meets them like anyone else
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    try:
        result = subprocess.run(
            [
                *(drop if os.geteuid() == 0 else []),
                sys.executable,
                "-c",
                WRITE_INTO,
                str(folder / "out.pdf"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert result.stdout.startswith(f"Cannot save the PDF in {folder}")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)


def test_failed_write_leaves_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    def boom(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(UserError, match="No space left"):
        write_pdf_atomic(tmp_path / "out.pdf", b"x")
    assert os.listdir(tmp_path) == []


def test_permission_denied_is_a_user_error(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(UserError, match="Permission denied"):
        write_pdf_atomic(tmp_path / "out.pdf", b"x")
    assert os.listdir(tmp_path) == []
