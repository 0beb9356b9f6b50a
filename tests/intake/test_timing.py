"""How long an intake takes: the catalogue's time model, and a re-assessment's share of it."""

from __future__ import annotations

import dataclasses

import pytest

from therapist_desk.intake import load_catalogue, recommend
from therapist_desk.intake.answers import IntakeAnswers, Participant, is_asked
from therapist_desk.intake.catalogue import IntakeKind, ItemType, for_reassessment
from therapist_desk.intake.scoring import ScoreStatus, score_participant
from therapist_desk.intake.timing import estimate, item_seconds

CATALOGUE = load_catalogue()
MODEL = CATALOGUE.timing
assert MODEL is not None


@pytest.mark.parametrize(
    ("kind", "positions"),
    [(IntakeKind.COUPLE, [1, 2]), (IntakeKind.INDIVIDUAL, [1]), (IntakeKind.COUPLE, [1])],
    ids=["couple", "one client", "a couple's partner alone"],
)
def test_a_reassessment_takes_at_most_a_third_of_a_first_intake(kind, positions) -> None:
    first = estimate(CATALOGUE, kind, [1, 2] if kind is IntakeKind.COUPLE else [1])
    again = estimate(CATALOGUE, kind, positions, reassessment=True)
    assert again.seconds <= first.seconds / 3
    assert again.talk == 0  # the history is carried forward, not talked through again


def test_each_kind_of_question_takes_the_seconds_of_the_time_model() -> None:
    items = CATALOGUE.items
    assert item_seconds(MODEL, items["phq9.1"]) == MODEL.scale  # a measure's answer scale
    assert item_seconds(MODEL, items["rel.duration"]) == MODEL.choice
    assert item_seconds(MODEL, items["safety.violence"]) == MODEL.yes_no
    assert item_seconds(MODEL, items["rel.goals"]) == MODEL.multi_choice
    long = items["since.changes"]
    assert long.type is ItemType.TEXT and (long.max_length or 0) >= MODEL.long_text_from
    assert item_seconds(MODEL, long) == MODEL.long_text


def test_the_estimate_is_computed_from_the_catalogue_not_written_down() -> None:
    couple = estimate(CATALOGUE, IntakeKind.COUPLE, [1, 2], reassessment=True)
    slower = dataclasses.replace(
        CATALOGUE, timing=dataclasses.replace(MODEL, scale=MODEL.scale + 1)
    )
    scale_items = sum(
        1
        for s in CATALOGUE.reassessment_sections
        for i in s.item_ids
        if CATALOGUE.items[i].type is ItemType.CHOICE
        and CATALOGUE.items[i].measure_id
        and IntakeKind.COUPLE in CATALOGUE.items[i].kinds
        and not s.clinician_only
    )
    later = estimate(slower, IntakeKind.COUPLE, [1, 2], reassessment=True)
    assert later.seconds - couple.seconds == pytest.approx(2 * scale_items)  # both partners
    assert couple.minutes == -(-int(couple.seconds) // 60)  # rounded up, never down


def test_the_first_intake_talks_through_its_history_and_explains_the_policy() -> None:
    first = estimate(CATALOGUE, IntakeKind.COUPLE, [1, 2])
    again = estimate(CATALOGUE, IntakeKind.COUPLE, [1, 2], reassessment=True)
    history = sum(
        (2 if s.scope.value == "participant" else 1)
        for s in CATALOGUE.sections
        if s.id in MODEL.talked_through
        for i in s.item_ids
        if IntakeKind.COUPLE in CATALOGUE.items[i].kinds
    )
    assert first.talk == history * MODEL.talk_per_item
    assert first.consent == MODEL.consent_first + 2 * MODEL.consent_per_person
    assert again.consent == MODEL.consent_again + 2 * MODEL.consent_per_person
    assert first.alone == again.alone == 2 * MODEL.alone  # each partner's part asked alone


AGAIN = for_reassessment(CATALOGUE)


def test_a_reassessment_asks_pc_ptsd5_only_when_a_trauma_is_to_be_worked_on() -> None:
    gate = AGAIN.items["pcptsd5.gate"]
    assert is_asked(gate, {"trauma.help_wanted": False}) is False
    assert is_asked(gate, {"trauma.help_wanted": True}) is True
    assert is_asked(AGAIN.items["pcptsd5.1"], {"trauma.help_wanted": False}) is False
    assert is_asked(AGAIN.items["pcptsd5.1"], {"trauma.help_wanted": True}) is None  # gate waits
    assert is_asked(CATALOGUE.items["pcptsd5.gate"], {"trauma.help_wanted": False}) is True


def test_a_screen_not_asked_is_not_scored_and_not_zero() -> None:
    scores = score_participant(AGAIN, {"trauma.help_wanted": False})
    assert scores["pcptsd5"].status is ScoreStatus.NOT_ANSWERED
    assert scores["pcptsd5"].total is None
    gate_no = score_participant(CATALOGUE, {"pcptsd5.gate": False})  # a first intake: "no" is 0
    assert gate_no["pcptsd5"].total == 0


def test_a_screen_not_asked_leaves_nothing_missing_for_the_rules() -> None:
    answers = {
        "trauma.help_wanted": False,
        **{f"phq9.{i}": 0 for i in range(1, 10)},
    }
    rec = recommend(
        AGAIN, IntakeAnswers(IntakeKind.INDIVIDUAL, (Participant("p1", "Ada Quill", answers),))
    )
    assert not any(m.item_id.startswith("pcptsd5") for m in rec.missing)
