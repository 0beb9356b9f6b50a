"""`therapist-desk export INTAKE_ID -o OUT.pdf`: the stored intake's summary, end to end."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def imported(db: Path, env: dict[str, str], example: str = "safety-violence.json") -> str:
    result = cli("--db", str(db), "import", str(ROOT / "examples" / example), env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split()[-1]


def text_of(path: Path, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    if password:
        reader.decrypt(password)
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_export_writes_both_versions_and_the_client_one_is_safe(cli_env, tmp_path) -> None:
    db = tmp_path / "practice.sqlite3"
    intake = imported(db, cli_env)
    clinician, client = tmp_path / "clinician.pdf", tmp_path / "client.pdf"
    done = cli(
        "--db",
        str(db),
        "export",
        intake,
        "-o",
        str(clinician),
        "--variant",
        "clinician",
        env=cli_env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote {clinician}"
    assert (
        cli(
            "--db", str(db), "export", intake, "-o", str(client), "--variant", "client", env=cli_env
        ).returncode
        == 0
    )
    assert "domestic-abuse" in text_of(clinician)
    client_text = text_of(client)
    assert "Sam Okafor" in client_text
    for private in ("domestic-abuse", "violence", "WAST"):
        assert private not in client_text


def test_export_with_a_password_file(cli_env, tmp_path) -> None:
    db = tmp_path / "practice.sqlite3"
    intake = imported(db, cli_env, "relationship-first.json")
    secret = tmp_path / "pw.txt"
    secret.write_text("harbour-7\n", encoding="utf-8")
    out = tmp_path / "locked.pdf"
    done = cli(
        "--db",
        str(db),
        "export",
        intake,
        "-o",
        str(out),
        "--password-file",
        str(secret),
        env=cli_env,
    )
    assert done.returncode == 0, done.stderr
    assert PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    assert "Relationship therapy first" in text_of(out, "harbour-7")


def test_bad_input_is_one_line_and_leaves_no_file(cli_env, tmp_path) -> None:
    db = tmp_path / "practice.sqlite3"
    intake = imported(db, cli_env)
    out = tmp_path / "out.pdf"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    cases = {
        ("export", "999", "-o", str(out)): "Intake 999 does not exist.",
        ("export", intake, "-o", str(tmp_path / "missing" / "x.pdf")): "does not exist",
        ("export", intake, "-o", str(out), "--password-file", str(empty)): "is empty",
    }
    for args, message in cases.items():
        result = cli("--db", str(db), *args, env=cli_env)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, lines)
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == []


def test_no_database_yet(cli_env, tmp_path) -> None:
    result = cli("--db", str(tmp_path / "none.sqlite3"), "export", "1", env=cli_env)
    assert result.returncode == 2
    assert "There is no database at" in result.stderr
