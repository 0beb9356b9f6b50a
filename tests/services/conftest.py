"""An open practice on a temporary home, with a completed couple intake to work on. No Qt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapist_desk.models import ClientCreate, IntakeMode
from therapist_desk.services import clients, intakes
from therapist_desk.services.practice import Practice, open_practice

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def practice(home: Path) -> Iterator[Practice]:
    """A new practice in the test's own data folder, with a named clinician."""
    opened = open_practice()
    opened.settings.clinician_name = "Dr Synthetic"
    yield opened
    opened.close()


def add_people(practice: Practice, data: dict) -> int:
    """The people of an answers file, as a new client; their id."""
    people = [
        {k: p.get(k) for k in ("name", "preferred_name", "pronouns", "date_of_birth")}
        for p in data["participants"]
    ]
    shape = ClientCreate.model_validate({"kind": data["kind"], "participants": people})
    return clients.create_client(practice=practice, data=shape)


def answer_all(practice: Practice, intake_id: int, data: dict) -> None:
    """Save every answer of an answers file, as the wizard would, one by one."""
    answers = {i + 1: p["answers"] for i, p in enumerate(data["participants"])}
    answers[None] = data.get("relationship", {})
    for position, given in answers.items():
        for item_id, value in given.items():
            intakes.save_answer(
                practice=practice,
                intake_id=intake_id,
                position=position,
                item_id=item_id,
                value=value,
            )


@pytest.fixture
def completed(practice: Practice) -> tuple[int, int]:
    """(client id, intake id) of a couple whose intake from concurrent.json is completed."""
    data = example("concurrent.json")
    client_id = add_people(practice, data)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    answer_all(practice, intake_id, data)
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    return client_id, intake_id
