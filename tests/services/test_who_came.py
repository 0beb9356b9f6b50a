"""A couple that comes as one person: only that partner is asked, the other is not seen."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from therapist_desk.cli import main
from therapist_desk.demo.progress import story_files
from therapist_desk.errors import UserError
from therapist_desk.intake import load_catalogue
from therapist_desk.models import Intake, IntakeMode
from therapist_desk.services import consent, intakes
from therapist_desk.services.practice import open_practice
from therapist_desk.services.progress import progress_view
from therapist_desk.services.progress_pdf import render_progress_pdf

CATALOGUE = load_catalogue()
START = dt.date(2026, 3, 2)


@pytest.fixture
def practice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A couple with a first consultation, imported by the command line."""
    monkeypatch.setenv("THERAPIST_DESK_HOME", str(tmp_path / "home"))
    first = story_files(CATALOGUE, START)[0]
    path = tmp_path / "first.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    db = tmp_path / "practice.sqlite3"
    assert main(["--db", str(db), "import", str(path)]) == 0
    opened = open_practice(db)
    yield opened
    opened.close()


def _reassess_mira_alone(practice) -> int:
    intake_id = intakes.start_reassessment(
        practice=practice, client_id=1, mode=IntakeMode.IN_PERSON, present=[1]
    )
    answers = story_files(CATALOGUE, START)[1]["participants"][0]["answers"]
    asked = {i for s in CATALOGUE.reassessment_sections for i in s.item_ids}
    for item_id, value in answers.items():
        if item_id in asked:
            intakes.save_answer(
                practice=practice, intake_id=intake_id, position=1, item_id=item_id, value=value
            )
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    return intake_id


def test_the_stored_intake_says_who_came_and_asks_only_them(practice) -> None:
    intake_id = _reassess_mira_alone(practice)
    with practice.session() as s:
        assert s.get(Intake, intake_id).present_json == "[1]"
    session = intakes.intake_session(practice=practice, intake_id=intake_id)
    assert session.people == {1: "Mira Castellano"}
    agreeing = consent.intake_consent(practice=practice, intake_id=intake_id)
    assert [p.position for p in agreeing.people] == [1]  # Joon is asked to agree to nothing
    assert agreeing.waiting_for == [1]  # the part asked alone waits for Mira only


def test_the_partner_who_did_not_come_has_no_administration(practice) -> None:
    _reassess_mira_alone(practice)
    view = progress_view(practice=practice, client_id=1)
    joon = [t for t in view.tracks if t.participant == "p2"]
    assert joon and all(len(t.points) == 1 for t in joon)  # the first consultation only
    assert all(t.not_seen_last == view.administrations[-1][0] for t in joon)
    mira = next(t for t in view.tracks if (t.participant, t.measure_id) == ("p1", "phq9"))
    assert len(mira.points) == 2 and mira.not_seen_last is None


def test_the_suggestion_waits_for_the_partner_who_did_not_come(practice) -> None:
    intake_id = _reassess_mira_alone(practice)
    from therapist_desk.services.summaries import stored_recommendation

    with practice.session() as s:
        rec = stored_recommendation(session=s, catalogue=CATALOGUE, intake_id=intake_id)
    assert rec.provisional and "p2" in rec.safety_incomplete
    texts = [a.text for a in rec.safety]
    assert any("Joon Park was not seen at this visit" in t for t in texts)
    assert rec.strength.value != "strong"


def test_the_progress_pdf_says_not_seen_at_this_visit(practice) -> None:
    _reassess_mira_alone(practice)
    pdf = render_progress_pdf(practice=practice, client_id=1, variant="clinician")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "not seen at this visit" in " ".join(text.split())


def test_who_came_must_be_the_clients_people(practice) -> None:
    with pytest.raises(UserError, match="Choose who came"):
        intakes.start_reassessment(
            practice=practice, client_id=1, mode=IntakeMode.IN_PERSON, present=[3]
        )


def test_an_imported_reassessment_with_a_partner_given_no_answers_did_not_see_them(
    practice, tmp_path: Path
) -> None:
    from therapist_desk.services.progress import client_references

    ref = client_references(practice=practice)[0]["reference"]
    later = story_files(CATALOGUE, START)[1]
    later["participants"][1]["answers"] = {}  # Joon did not come
    path = tmp_path / "later.json"
    path.write_text(json.dumps(later), encoding="utf-8")
    db = practice.database.path
    assert main(["--db", str(db), "import", str(path), "--client", ref]) == 0
    view = progress_view(practice=practice, client_id=1)
    joon = next(t for t in view.tracks if (t.participant, t.measure_id) == ("p2", "gad7"))
    assert len(joon.points) == 1 and joon.not_seen_last == view.administrations[-1][0]


def test_a_visit_one_partner_missed_is_not_read_as_a_changed_suggestion(practice) -> None:
    _reassess_mira_alone(practice)
    notices = [n.text for n in progress_view(practice=practice, client_id=1).notices]
    assert any(t.startswith("Joon Park did not come on ") and "provisional" in t for t in notices)
    assert not any(t.startswith("The suggestion changed") for t in notices)
