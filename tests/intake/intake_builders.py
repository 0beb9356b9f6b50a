"""Builders of synthetic intakes for the intake tests (invented people only)."""

from __future__ import annotations

from typing import Any

from therapist_desk.intake import IntakeAnswers, IntakeKind, Participant, load_catalogue

CATALOGUE = load_catalogue()
REVERSE = (2, 5, 6, 8, 9)


def calm_person(**changes: Any) -> dict[str, Any]:
    """A complete set of answers that triggers no rule at all."""
    answers: dict[str, Any] = {"about.sex": "female"}
    for name in ("anxiety", "depression", "health", "self_esteem"):
        answers[f"challenge.{name}"] = False
    answers.update({f"phq9.{i}": 0 for i in range(1, 10)})
    answers.update({f"gad7.{i}": 0 for i in range(1, 8)})
    answers.update({f"rses.{i}": 1 if i in REVERSE else 2 for i in range(1, 11)})
    answers.update({f"csi4.{i}": 4 for i in range(1, 5)})
    answers.update(
        {
            "trauma.help_wanted": False,
            "pcptsd5.gate": False,
            "pattern.repeats": False,
            "commit.self": True,
            "commit.relationship": True,
            "commit.joint_sessions": True,
            "safety.violence": False,
            "safety.control": False,
            "safety.self_harm": False,
            "safety.affair": False,
            "safety.substance": False,
            "auditc.1": 1,
            "auditc.2": 0,
            "auditc.3": 0,
            "wast.1": 1,
            "wast.2": 1,
            "clinician.dependence": False,
        }
    )
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def calm_relationship(**changes: Any) -> dict[str, Any]:
    """Relationship answers with no concern and goals that point nowhere in particular."""
    answers: dict[str, Any] = {
        f"rel.concern.{c}": False
        for c in ("arguments", "intimacy", "communication", "escalation", "trust", "life_change")
    }
    answers.update(
        {
            "rel.duration": "lt_3_months",
            "rel.tried_alone": "some_success",
            "rel.goals": ("well_being",),
        }
    )
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def couple(
    p1: dict[str, Any] | None = None,
    p2: dict[str, Any] | None = None,
    rel: dict[str, Any] | None = None,
) -> IntakeAnswers:
    """A couple intake: Alex Moreau (p1) and Zoë Lefèvre (p2)."""
    return IntakeAnswers(
        IntakeKind.COUPLE,
        (
            Participant("p1", "Alex", calm_person(**(p1 or {}))),
            Participant("p2", "Zoë", calm_person(**(p2 or {}))),
        ),
        calm_relationship(**(rel or {})),
    )


def individual(
    p1: dict[str, Any] | None = None, rel: dict[str, Any] | None = None
) -> IntakeAnswers:
    """An individual intake: Noor Haddad, whose partner would come to joint sessions."""
    relationship = {"rel.partner_joint": "yes", **(rel or {})}
    return IntakeAnswers(
        IntakeKind.INDIVIDUAL,
        (Participant("c1", "Noor", calm_person(**(p1 or {}))),),
        calm_relationship(**relationship),
    )


def measure_answers(measure_id: str, total: int) -> dict[str, int]:
    """Answers to a plain (non-reverse) measure that add up to ``total``, filled from item 1."""
    measure = CATALOGUE.measures[measure_id]
    answers = {}
    left = total
    for item_id in measure.scored_item_ids:
        item = CATALOGUE.items[item_id]
        top = max(int(o.value) for o in item.options)
        answers[item_id] = min(top, left)
        left -= answers[item_id]
    assert left == 0, "total too high for this measure"
    return answers
