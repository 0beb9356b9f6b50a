"""Defect 5: the screen and the PDF read one record. After a catalogue release, a completed
intake's PDFs are the same document; the command line prints the stored record too."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from catalogue_copy import bumped_catalogue
from pypdf import PdfReader

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.reports.render import render_report
from therapist_desk.services.summaries import report_input
from therapist_desk.settings import load_settings
from therapist_desk.store.completion import get_snapshots
from therapist_desk.store.database import open_database
from therapist_desk.store.importing import import_intake
from therapist_desk.store.session import new_session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.json"))
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _import(engine, example: str, catalogue) -> int:
    parsed = parse_answers_file(ROOT / "examples" / example, load_catalogue())
    answers = parsed.to_intake(load_catalogue())
    rec = recommend(catalogue, answers)
    return import_intake(engine=engine, parsed=parsed, answers=answers, recommendation=rec)


def _pdfs(engine, catalogue, intake_id: int) -> tuple[str, str, dict]:
    with new_session(engine) as session:
        data, _ = report_input(
            session=session,
            catalogue=catalogue,
            settings=load_settings(),
            intake_id=intake_id,
            generated_at=WHEN,
        )
        record = get_snapshots(session=session, intake_id=intake_id).recommendation
    return (
        _text(render_report(data, variant="clinician")),
        _text(render_report(data, variant="client")),
        record,
    )


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_catalogue_release_leaves_the_pdfs_of_a_completed_intake_unchanged(
    tmp_path, example
) -> None:
    database = open_database(tmp_path / "data" / "therapist-desk.sqlite3")
    intake_id = _import(database.engine, example, load_catalogue())
    before = _pdfs(database.engine, load_catalogue(), intake_id)
    after = _pdfs(database.engine, bumped_catalogue(tmp_path), intake_id)
    assert after == before
    assert f"ruleset {before[2]['ruleset_version']}" in before[0]
    database.engine.dispose()


def test_the_export_command_prints_the_stored_record_not_a_new_run(cli_env, tmp_path) -> None:
    db = tmp_path / "practice.sqlite3"
    database = open_database(db)
    # completed under a catalogue whose item-9 flag needed 2: no suicide-risk rule fired
    intake_id = _import(database.engine, "safety-suicide-risk.json", bumped_catalogue(tmp_path))
    database.engine.dispose()
    out = tmp_path / "clinician.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "therapist_desk", "--db", str(db), "export", str(intake_id),
         "-o", str(out), "--variant", "clinician"],
        capture_output=True, text=True, env=cli_env, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = " ".join(_text(out.read_bytes()).split())
    assert "Individual and relationship therapy at the same time" in text
    assert "Suicide risk" not in text  # today's rules would say so; the record does not
    assert "measures catalogue 9.9.9" in text
