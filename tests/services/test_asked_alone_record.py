"""An intake keeps the practice's choices of what was asked alone (Settings › The room)
as they were when it was put: changing the settings later changes nothing its documents
show, and an intake from before the choices were kept is read as the more private of
the shipped catalogue and today's settings."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader
from service_data import add_people, answer_all, example

from therapist_desk.intake import parse_answers_file, recommend
from therapist_desk.intake.catalogue import asked_alone_choices
from therapist_desk.models import IntakeMode
from therapist_desk.services import intakes, summaries
from therapist_desk.services.practice import Practice
from therapist_desk.store.importing import import_intake

TRAUMA_QUESTION = "Is there a difficult or traumatic experience you would like help with?"
PHQ9_LEFT_OPEN = "Trouble falling or staying asleep, or sleeping too much"
ALONE = {"trauma": True, "phq9": True}


def shared_scores() -> dict:
    """concurrent.json with both partners agreeing that their own scores be shared, and
    the first leaving PHQ-9's item 3 open: their PHQ-9 score is shared either way, but
    which of its questions were left open is for both only where both heard them."""
    data = example("concurrent.json")
    for person in data["participants"]:
        person["answers"]["share.scores"] = True
    del data["participants"][0]["answers"]["phq9.3"]
    return data


def ask_alone(practice: Practice, choices: dict[str, bool]) -> None:
    practice.use_settings(practice.settings.model_copy(update={"asked_alone": choices}))


def client_text(practice: Practice, intake_id: int) -> str:
    pdf = summaries.render_summary(practice=practice, intake_id=intake_id, variant="client")
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def completed_intake(practice: Practice) -> int:
    data = shared_scores()
    client_id = add_people(practice, data)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    answer_all(practice, intake_id, data)
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    return intake_id


def shows_what_was_asked_alone(text: str) -> tuple[bool, bool]:
    assert "PHQ-9" in text  # the shared score, asked alone or not
    return TRAUMA_QUESTION in text, PHQ9_LEFT_OPEN in text


def test_what_was_asked_alone_stays_out_after_the_practice_stops_asking_it_alone(
    practice: Practice,
) -> None:
    ask_alone(practice, ALONE)
    intake_id = completed_intake(practice)
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (False, False)
    ask_alone(practice, {})
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (False, False)


def test_what_both_heard_stays_in_after_the_practice_starts_asking_it_alone(
    practice: Practice,
) -> None:
    intake_id = completed_intake(practice)
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (True, True)
    ask_alone(practice, ALONE)
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (True, True)
    amended = intakes.amend_intake(practice=practice, intake_id=intake_id)
    session = intakes.intake_session(practice=practice, intake_id=amended)
    assert session.catalogue is not None  # an amendment is a draft: asked alone from now on
    assert asked_alone_choices(session.catalogue)["phq9"] is True


def test_a_draft_asks_alone_what_it_or_the_practice_asks_alone_and_never_less(
    practice: Practice,
) -> None:
    client_id = add_people(practice, shared_scores())
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    ask_alone(practice, {"phq9": True})
    draft = intakes.intake_session(practice=practice, intake_id=intake_id).catalogue
    assert draft is not None and asked_alone_choices(draft)["phq9"] is True
    ask_alone(practice, {})
    draft = intakes.intake_session(practice=practice, intake_id=intake_id).catalogue
    assert draft is not None
    assert asked_alone_choices(draft)["phq9"] is True  # it may have been asked alone
    assert asked_alone_choices(draft)["trauma"] is False


def test_an_intake_from_before_the_choices_were_kept_reads_as_the_more_private(
    practice: Practice, tmp_path: Path
) -> None:
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(shared_scores()), encoding="utf-8")
    parsed = parse_answers_file(path, practice.shipped)
    answers = parsed.to_intake(practice.shipped)
    intake_id = import_intake(  # no record: as a database from schema 0006 holds it
        engine=practice.database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(practice.shipped, answers),
    )
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (True, True)
    ask_alone(practice, {"phq9": True})
    assert shows_what_was_asked_alone(client_text(practice, intake_id)) == (True, False)
