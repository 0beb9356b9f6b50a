"""Practices filled from the answers files of examples/, as the wizard fills them. No Qt.

A module of its own (not the conftest): the tests import it by a name no other folder
uses, whatever order the folders are collected in.
"""

from __future__ import annotations

import json
from pathlib import Path

from therapist_desk.models import ClientCreate
from therapist_desk.services import clients, intakes
from therapist_desk.services.practice import Practice

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


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
