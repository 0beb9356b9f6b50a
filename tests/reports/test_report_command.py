"""`therapist-desk report`: from an answers file to a PDF, end to end, in a subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_fixtures import pdf_text

EXAMPLES = Path(__file__).parents[2] / "examples"
COUPLE = EXAMPLES / "concurrent.json"


def _run(cli_env: dict[str, str], *args: str, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", "report", *args],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=cwd,
        timeout=120,
    )


def test_writes_the_client_version_by_default(cli_env, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    result = _run(cli_env, str(COUPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Summary for you" in text
    assert "Zoë Lefèvre and Daniel Brooks" in text
    assert "PRIVATE" not in text


def test_clinician_variant_and_password(cli_env, tmp_path: Path) -> None:
    password_file = tmp_path / "pw.txt"
    password_file.write_text("correct horse\n", encoding="utf-8")
    out = tmp_path / "clinician.pdf"
    result = _run(
        cli_env,
        str(COUPLE),
        "-o",
        str(out),
        "--variant",
        "clinician",
        "--password-file",
        str(password_file),
    )
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes(), password="correct horse")
    assert "Rule trace" in text


def test_default_file_name_uses_initials_and_date(cli_env, tmp_path: Path) -> None:
    result = _run(cli_env, str(COUPLE), "--variant", "client", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path) == ["intake-ZL-DB-2024-06-02-client.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{missing}", "-o", "{out}"], "no such file"),
        (["{couple}", "-o", "{tmp}/no/such/folder/out.pdf"], "does not exist"),
        (["{couple}", "-o", "{out}", "--password-file", "{empty}"], "is empty"),
        (["{couple}", "-o", "{out}", "--password-file", "{tmp}/nope"], "Cannot read"),
    ],
)
def test_bad_input_is_one_clear_line_exit_2_and_no_file(
    cli_env, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    values = {
        "missing": str(tmp_path / "missing.json"),
        "out": str(tmp_path / "out.pdf"),
        "couple": str(COUPLE),
        "tmp": str(tmp_path),
        "empty": str(empty),
    }
    result = _run(cli_env, *(a.format(**values) for a in args))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["empty.txt"]


def test_invalid_answers_file_is_refused(cli_env, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    result = _run(cli_env, str(bad), "-o", str(tmp_path / "out.pdf"))
    assert result.returncode == 2
    assert "not an answers file" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_personal_summary_is_for_that_person_only(cli_env, tmp_path: Path) -> None:
    out = tmp_path / "dan.pdf"
    result = _run(cli_env, str(COUPLE), "-o", str(out), "--variant", "personal-2")
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Your personal summary, Dan" in text
    assert "Your own questionnaire results" in text
    assert "Zoë's GAD-7" not in text and "PRIVATE" not in text


def test_a_personal_summary_of_someone_not_in_the_intake_is_refused(
    cli_env, tmp_path: Path
) -> None:
    out = tmp_path / "nobody.pdf"
    alone = EXAMPLES / "individual-client.json"
    result = _run(cli_env, str(alone), "-o", str(out), "--variant", "personal-2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "therapist-desk: error: There is no person '2' in this intake: it is about one "
        "person. Choose personal-1."
    ]
    assert not out.exists()
