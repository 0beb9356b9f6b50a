"""What goes in is kept, what comes out never replaces what went in, and odd inputs are
refused at once.

Issue 17: item 4 (import dropped intake.notes, and Export data lost them again), item 5
(``report same.json -o same.json`` replaced the answers with the PDF), item 14 (a FIFO as
answers file blocked forever), item 15 (a logo that is not PNG/JPEG broke every PDF; a
preferred name of 101-120 characters broke Export data; ``report`` and ``import`` had
different limits; ``export 99999999999999999999`` ended in an OverflowError).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from therapist_desk.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "relationship-first.json"
NOTES = "Synthetic session note: both prefer Tuesday evenings."
LONG_PREFERRED = "P" * 120


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def answers(tmp_path: Path, **changes: object) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["intake"]["notes"] = NOTES
    for where, value in changes.items():
        target, key = (
            (data["intake"], "clinician")
            if where == "clinician"
            else (data["participants"][0], where)
        )
        target[key] = value
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_session_notes_survive_import_export_and_export_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "practice.sqlite3"
    assert (
        main(["--db", str(db), "import", str(answers(tmp_path, preferred_name=LONG_PREFERRED))])
        == 0
    )
    capsys.readouterr()
    pdf = tmp_path / "summary.pdf"
    assert main(["--db", str(db), "export", "1", "--variant", "clinician", "-o", str(pdf)]) == 0
    assert f"Session notes {NOTES}" in pdf_text(pdf)

    from therapist_desk.intake import parse_answers_file
    from therapist_desk.services import sharing
    from therapist_desk.services.practice import open_practice

    practice = open_practice(db)
    folder = tmp_path / "export"
    folder.mkdir()
    sharing.export_client_data(practice=practice, client_id=1, folder=folder)  # Export data...
    practice.close()
    [exported] = sorted(folder.glob("*.answers.json"))
    parsed = parse_answers_file(exported)
    assert parsed.intake is not None and parsed.intake.notes == NOTES
    assert parsed.participants[0].preferred_name == LONG_PREFERRED

    again = tmp_path / "again.sqlite3"
    assert main(["--db", str(again), "import", str(exported)]) == 0
    with sqlite3.connect(again) as conn:
        assert conn.execute("SELECT notes FROM intake").fetchall() == [(NOTES,)]
    conn.close()


def test_an_output_that_is_an_input_or_the_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers(tmp_path)
    before = path.read_bytes()
    db = tmp_path / "practice.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 0
    capsys.readouterr()
    db_before = db.read_bytes()
    alias = tmp_path / "alias.json"
    alias.symlink_to(path)

    runs = {
        "the answers file": ["report", str(path), "-o", str(path)],
        "the answers file ": ["report", str(path), "-o", str(alias)],
        "the database": ["--db", str(db), "report", str(path), "-o", str(db)],
        "the database ": ["--db", str(db), "export", "1", "-o", str(db)],
    }
    for what, args in runs.items():
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert f"that is {what.strip()}, which would be replaced" in err, err

    assert path.read_bytes() == before and db.read_bytes() == db_before


def test_a_pipe_as_answers_file_is_refused_at_once(tmp_path: Path, cli_env) -> None:
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    for args in (["recommend", str(fifo)], ["report", str(fifo)], ["import", str(fifo)]):
        done = subprocess.run(
            [sys.executable, "-m", "therapist_desk", *args],
            capture_output=True,
            text=True,
            env=cli_env,
            timeout=30,
        )
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == (
            f"therapist-desk: error: {fifo}: not a regular file (a pipe, a device or a "
            "socket); save the content to a file and give that\n"
        )


def test_a_logo_that_is_not_an_image_is_left_out_with_a_note(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from therapist_desk.settings import Settings, save_settings

    home.mkdir(parents=True)
    logo = tmp_path / "logo.png"
    logo.write_text("not an image at all", encoding="utf-8")
    save_settings(Settings(practice_name="Synthetic Practice", logo_path=str(logo)))
    pdf = tmp_path / "summary.pdf"

    assert main(["report", str(answers(tmp_path)), "-o", str(pdf)]) == 0

    assert pdf_text(pdf).startswith("Synthetic Practice")
    err = capsys.readouterr().err
    assert err == (
        f"note: The logo file {logo} is not a PNG or JPEG image; choose a .png or .jpg file. "
        "The PDF is made without it.\n"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "N" * 121),
        ("preferred_name", "P" * 121),
        ("pronouns", "x" * 41),
        ("clinician", "C" * 121),
        ("date_of_birth", (dt.date.today() + dt.timedelta(days=2)).isoformat()),
    ],
)
def test_report_and_import_refuse_the_same_people(
    field: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers(tmp_path, **{field: value})
    db = tmp_path / "practice.sqlite3"
    assert main(["report", str(path), "-o", str(tmp_path / "out.pdf")]) == 2
    from_report = capsys.readouterr().err
    assert main(["--db", str(db), "import", str(path)]) == 2
    from_import = capsys.readouterr().err
    assert from_report == from_import and f"{path}: " in from_report
    assert field in from_report
    assert not (tmp_path / "out.pdf").exists()


def test_the_answers_file_and_the_store_share_their_limits() -> None:
    """The store's shapes (which the form validates with) read the same limits as files."""
    from therapist_desk.intake import limits
    from therapist_desk.intake.answers_file import IntakeMetaFile, PersonFile
    from therapist_desk.models import IntakeCreate, ParticipantCreate

    for field in ("name", "preferred_name", "pronouns"):
        store = ParticipantCreate.model_fields[field].metadata
        answers_file = PersonFile.model_fields[field].metadata
        lengths = [
            [m.max_length for m in f if hasattr(m, "max_length")] for f in (store, answers_file)
        ]
        assert lengths == [[limits.PERSON[field]]] * 2, field
    for shape in (IntakeCreate, IntakeMetaFile):
        clinician = shape.model_fields["clinician"].metadata
        assert [m.max_length for m in clinician if hasattr(m, "max_length")] == [limits.CLINICIAN]


def test_an_intake_number_too_big_for_the_database_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(tmp_path / "db.sqlite3"), "export", "99999999999999999999"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "therapist-desk export: error: argument INTAKE_ID: no intake has the number "
        "99999999999999999999: intake numbers are 1 or more, as printed by "
        "`therapist-desk import` and shown in the app\n"
    )
