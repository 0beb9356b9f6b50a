"""Notes in a summary say whose words they are: the clients' own notes about their
relationship appear in their version as theirs; the clinician's notes (session notes,
observations) are only ever in the clinician's version, private-marked or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_fixtures import couple_input, pdf_text

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.reports import render_report
from therapist_desk.reports.data import Note
from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file

EXAMPLE = Path(__file__).parents[2] / "examples" / "concurrent.json"
THEIRS = "We would like evening appointments because of shift work."
OBSERVED = "Kestrel observation about Zoe."
SESSION = "Ptarmigan session note."


def _flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


@pytest.fixture(scope="module")
def summaries(tmp_path_factory) -> dict[str, str]:
    """The text of each version of concurrent.json with a note from the couple, one the
    clinician wrote about Zoë and session notes."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["relationship"]["rel.notes"] = THEIRS
    data["participants"][0]["answers"]["clinician.notes"] = OBSERVED
    data["intake"]["notes"] = SESSION
    path = tmp_path_factory.mktemp("notes") / "notes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    catalogue = load_catalogue()
    answers = parse_answers_file(path, catalogue)
    rec = recommend(catalogue, answers.to_intake(catalogue))
    report = report_input_from_answers_file(answers, catalogue, rec, practice=PracticeInfo("P"))
    return {
        v: _flat(render_report(report, variant=v))
        for v in ("clinician", "client", "personal-zoe", "personal-dan")
    }


@pytest.mark.parametrize("variant", ["client", "personal-zoe", "personal-dan"])
def test_the_clients_read_their_own_notes_under_a_heading_that_says_so(
    summaries: dict[str, str], variant: str
) -> None:
    text = summaries[variant]
    assert f"Your notes Notes about the relationship {THEIRS}" in text
    assert "Notes from your clinician" not in text


@pytest.mark.parametrize("variant", ["client", "personal-zoe", "personal-dan"])
def test_the_clinicians_notes_are_never_in_a_version_for_the_clients(
    summaries: dict[str, str], variant: str
) -> None:
    text = summaries[variant]
    assert OBSERVED not in text and SESSION not in text
    assert "Clinician notes" not in text and "Session notes" not in text


def test_the_clinician_reads_every_note_their_own_marked_private(
    summaries: dict[str, str],
) -> None:
    text = summaries["clinician"]
    assert f"Notes PRIVATE Session notes {SESSION}" in text
    assert f"Notes about the relationship {THEIRS}" in text
    assert f"PRIVATE Clinician notes — Zoë {OBSERVED}" in text


def test_a_clinicians_note_left_unmarked_still_stays_out_of_the_client_version() -> None:
    data = couple_input(notes=(Note("Observations", "Arrived late; tense."),))
    assert "Arrived late; tense." in _flat(render_report(data, variant="clinician"))
    client = _flat(render_report(data, variant="client"))
    assert "Arrived late" not in client and "Your notes" not in client
