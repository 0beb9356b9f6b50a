"""Plausible synthetic answers: each person has a level of distress that colours them all."""

from __future__ import annotations

import random
from typing import Any

from therapist_desk.intake import Catalogue, IntakeAnswers, IntakeKind, Item, ItemType, Scope
from therapist_desk.intake import Participant as IntakePerson
from therapist_desk.intake.answers import is_asked

#: Items where "yes" is the usual, healthy answer.
USUALLY_YES = ("commit.",)
#: Rare answers: a safety concern is the exception in a practice.
RARE = ("safety.", "clinician.dependence")
#: Items whose worrying answer is rare: a non-zero one is drawn with this chance.
RARELY_NONZERO = {"phq9.9": 0.04}
#: Measures on which a higher value means doing better.
HIGHER_IS_BETTER = ("csi4.", "rses.")
NOTES = (
    "Both keen to start soon.",
    "Prefers evening sessions.",
    "Referred by their GP.",
    "Asked about video sessions.",
)


def _yes(item: Item, distress: float, rng: random.Random) -> bool:
    if item.id.startswith(USUALLY_YES):
        return rng.random() < 0.97 - 0.2 * distress
    if item.id.startswith(RARE):
        return rng.random() < 0.005 + 0.03 * distress
    return rng.random() < 0.03 + 0.5 * distress


def _choice(item: Item, distress: float, rng: random.Random) -> Any:
    values = item.allowed_values()
    if item.id in RARELY_NONZERO and rng.random() > RARELY_NONZERO[item.id] * distress:
        return min(values)  # type: ignore[type-var]
    if item.measure_id is None or not all(isinstance(v, int) for v in values):
        return values[0] if rng.random() < 0.6 else rng.choice(values)
    ordered = sorted(values)  # type: ignore[type-var]
    level = 1 - distress if item.id.startswith(HIGHER_IS_BETTER) else distress
    if item.reverse:
        level = 1 - level
    spread = min(max(rng.gauss(level, 0.15), 0.0), 0.999)
    return ordered[int(spread * len(ordered))]


def _value(item: Item, distress: float, rng: random.Random) -> Any:
    if item.type is ItemType.YES_NO:
        return _yes(item, distress, rng)
    if item.type is ItemType.CHOICE:
        return _choice(item, distress, rng)
    if item.type is ItemType.MULTI_CHOICE:
        values = item.allowed_values()
        return tuple(rng.sample(values, rng.randint(1, min(3, len(values)))))
    if item.type is ItemType.INTEGER:
        return rng.randint(item.minimum or 0, item.maximum or 10)
    return rng.choice(NOTES) if rng.random() < 0.3 else None


def _answer_all(
    catalogue: Catalogue, kind: IntakeKind, scope: Scope, distress: float, rng: random.Random
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in catalogue.items.values():
        if item.scope is not scope or kind not in item.kinds or not is_asked(item, answers):
            continue
        value = _value(item, distress, rng)
        if value is not None:
            answers[item.id] = value
    return answers


def synthetic_intake(
    catalogue: Catalogue, kind: IntakeKind, names: list[str], rng: random.Random
) -> IntakeAnswers:
    """A complete intake for ``names`` (one or two people), plausible and varied."""
    shared = rng.betavariate(1.5, 3.5)
    people = tuple(
        IntakePerson(
            f"p{n}",
            name,
            _answer_all(
                catalogue, kind, Scope.PARTICIPANT, (shared + rng.betavariate(1.5, 3.5)) / 2, rng
            ),
        )
        for n, name in enumerate(names, start=1)
    )
    relationship = _answer_all(catalogue, kind, Scope.RELATIONSHIP, shared, rng)
    return IntakeAnswers(kind, people, relationship)


def answer_rows(intake: IntakeAnswers, keep: float = 1.0) -> list[tuple[int | None, str, Any]]:
    """``(position, item id, value)`` rows, the first ``keep`` share of each person's."""
    rows: list[tuple[int | None, str, Any]] = []
    for position, person in enumerate(intake.participants, start=1):
        items = list(person.answers.items())
        rows += [(position, k, v) for k, v in items[: round(len(items) * keep)]]
    if keep >= 1.0:
        rows += [(None, k, v) for k, v in intake.relationship.items()]
    return rows
