"""Stored answers map back to the engine's input: the same answers give the same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.models import THERAPY_ORDERS
from therapist_desk.store.completion import get_snapshots
from therapist_desk.store.importing import import_intake
from therapist_desk.store.intake_input import load_intake_answers

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_decision_orders_are_the_engines() -> None:
    from therapist_desk.intake import TherapyOrder

    assert set(THERAPY_ORDERS) == {order.value for order in TherapyOrder}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_an_imported_intake_recommends_the_same_from_the_store(engine, example: str) -> None:
    catalogue = load_catalogue()
    parsed = parse_answers_file(EXAMPLES / example, catalogue)
    answers = parsed.to_intake(catalogue)
    original = recommend(catalogue, answers)
    intake_id = import_intake(
        engine=engine, parsed=parsed, answers=answers, recommendation=original
    )
    with Session(engine) as session:
        loaded = load_intake_answers(session=session, intake_id=intake_id)
        snapshots = get_snapshots(session=session, intake_id=intake_id)
    again = recommend(catalogue, loaded)
    assert again.order == original.order
    assert [p.answers for p in loaded.participants] == [p.answers for p in answers.participants]
    assert loaded.relationship == answers.relationship
    assert snapshots is not None and snapshots.recommendation["order"] == original.order.value
