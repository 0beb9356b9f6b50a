"""The sealed clinician PDF: `report --seal` and `export --seal` seal it with the
practice's key (made on first use, kept encrypted), and `verify` tells a sealed and
unchanged file (exit 0) from a tampered one or an unsealed one (1) and a non-PDF (2)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from therapist_desk.cli import main
from therapist_desk.settings import Settings, save_settings
from therapist_desk.sharing import secrets as keyring_secrets
from therapist_desk.sharing.seal import KEY_FILE, PASS_FILE

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ROOT / "examples" / "concurrent.json"
PRACTICE = "Harbour Couples Practice"


class MemoryKeyring:
    """A keyring that forgets everything when the test ends."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.kept.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.kept[(service, user)] = password


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch) -> None:
    """The seal's passphrase never reaches the keyring of the computer running the tests."""
    monkeypatch.setattr(keyring_secrets, "_backend", lambda: None)


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sealed(home: Path, tmp_path: Path, capsys) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(practice_name=PRACTICE, clinician_name="Dr Synthetic"))
    out = tmp_path / "sealed.pdf"
    code, _, err = run(capsys, "report", ANSWERS, "--variant", "clinician", "--seal", "-o", out)
    assert code == 0, err
    return out


def test_a_sealed_pdf_verifies_and_its_key_is_kept_encrypted(sealed, home, capsys) -> None:
    code, out, _ = run(capsys, "verify", sealed)
    assert code == 0
    assert f"Sealed by {PRACTICE} on 20" in out and out.rstrip().endswith("unchanged.")
    key = home / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" not in key.read_bytes()  # PKCS#12, encrypted
    assert "Harbour" in PdfReader(sealed).pages[0].extract_text()  # still an ordinary PDF


def test_a_changed_sealed_pdf_shows_a_broken_seal(sealed, tmp_path, capsys) -> None:
    data = bytearray(sealed.read_bytes())
    at = data.index(b"/MediaBox [")
    data[at + 11 : at + 12] = b"1" if data[at + 11 : at + 12] != b"1" else b"2"
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    code, _, err = run(capsys, "verify", tampered)
    assert code == 1 and "seal" in err and "broken" in err and "changed" in err
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(sealed.read_bytes() + b"\n% a line added after sealing\n")
    code, _, err = run(capsys, "verify", appended)
    assert code != 0


def test_an_unsealed_pdf_and_a_non_pdf_are_named(home, tmp_path, capsys) -> None:
    plain = tmp_path / "plain.pdf"
    assert run(capsys, "report", ANSWERS, "--variant", "clinician", "-o", plain)[0] == 0
    code, _, err = run(capsys, "verify", plain)
    assert code == 1 and "not sealed" in err
    text = tmp_path / "notes.pdf"
    text.write_text("just some text, not a PDF")
    code, _, err = run(capsys, "verify", text)
    assert code == 2 and "not a PDF" in err


def test_only_the_clinician_version_is_sealed(home, tmp_path, capsys) -> None:
    code, _, err = run(
        capsys, "report", ANSWERS, "--variant", "client", "--seal", "-o", tmp_path / "c.pdf"
    )
    assert code == 2 and "Only the clinician's version is sealed" in err
    assert not (tmp_path / "c.pdf").exists()


def test_export_seals_a_stored_intake(home, tmp_path, capsys) -> None:
    db = tmp_path / "practice.sqlite3"
    assert run(capsys, "--db", db, "import", ANSWERS)[0] == 0
    out = tmp_path / "export.pdf"
    code, _, err = run(
        capsys, "--db", db, "export", "1", "--variant", "clinician", "--seal", "-o", out
    )
    assert code == 0, err
    assert run(capsys, "verify", out)[0] == 0


def test_a_protected_sealed_pdf_is_checked_with_its_password(home, tmp_path, capsys) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text("harbour lantern seven quiet maple\n")
    out = tmp_path / "protected.pdf"
    args = ("report", ANSWERS, "--variant", "clinician", "--seal", "--password-file", secret)
    assert run(capsys, *args, "-o", out)[0] == 0
    assert PdfReader(out).is_encrypted
    code, _, err = run(capsys, "verify", out)
    assert code == 2 and "protected with a password" in err
    code, out_text, _ = run(capsys, "verify", out, "--password-file", secret)
    assert code == 0 and "unchanged" in out_text


def test_the_setting_seals_the_clinician_version_only(home, tmp_path, capsys) -> None:
    home.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(practice_name=PRACTICE, seal_clinician_pdf=True))
    for variant, expected in (("clinician", 0), ("client", 1)):
        out = tmp_path / f"{variant}.pdf"
        assert run(capsys, "report", ANSWERS, "--variant", variant, "-o", out)[0] == 0
        assert run(capsys, "verify", out)[0] == expected


def test_with_a_keyring_the_key_passphrase_is_kept_there(home, tmp_path, monkeypatch, capsys):
    memory = MemoryKeyring()
    monkeypatch.setattr(keyring_secrets, "_backend", lambda: memory)
    out = tmp_path / "sealed.pdf"
    assert run(capsys, "report", ANSWERS, "--variant", "clinician", "--seal", "-o", out)[0] == 0
    assert len(memory.kept) == 1 and not (home / PASS_FILE).exists()
    assert (home / KEY_FILE).exists()
    assert run(capsys, "verify", out)[0] == 0
    again = tmp_path / "again.pdf"
    assert run(capsys, "report", ANSWERS, "--variant", "clinician", "--seal", "-o", again)[0] == 0
    assert len(memory.kept) == 1  # the same key, opened with the same passphrase
