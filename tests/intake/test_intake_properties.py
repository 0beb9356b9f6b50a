"""Properties of the engine over generated complete intakes (hypothesis)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from intake_builders import CATALOGUE

from therapist_desk.intake import (
    IntakeAnswers,
    IntakeKind,
    ItemType,
    Participant,
    Scope,
    TherapyOrder,
    check_intake,
    recommend,
)

HARD_FLAGS = [
    {"phq9.9": 1},
    {"phq9.9": 3},
    {"safety.self_harm": True},
    {"safety.violence": True},
    {"safety.control": True},
    {"wast.1": 2, "wast.2": 2},
    {"auditc.1": 4, "auditc.2": 4, "auditc.3": 0},
    {"clinician.dependence": True},
    {"safety.affair": True, "safety.affair_ending": "not_ending"},
]


def _value(item):
    if item.type is ItemType.YES_NO:
        return st.booleans()
    if item.type is ItemType.CHOICE:
        return st.sampled_from(item.allowed_values())
    return st.lists(st.sampled_from(item.allowed_values()), unique=True).map(tuple)


def _answers(scope: Scope, kind: IntakeKind):
    return st.fixed_dictionaries(
        {
            item.id: _value(item)
            for item in CATALOGUE.items.values()
            if item.scope is scope
            and kind in item.kinds
            and item.type not in (ItemType.TEXT, ItemType.INTEGER)
        }
    )


def _intake(kind: IntakeKind):
    count = 2 if kind is IntakeKind.COUPLE else 1
    people = st.tuples(*[_answers(Scope.PARTICIPANT, kind) for _ in range(count)]).map(
        lambda answers: tuple(
            Participant(f"p{i + 1}", name, a)
            for i, (name, a) in enumerate(zip(("Alex", "Zoë"), answers, strict=False))
        )
    )
    return st.builds(IntakeAnswers, st.just(kind), people, _answers(Scope.RELATIONSHIP, kind))


complete_intakes = st.sampled_from(list(IntakeKind)).flatmap(_intake)


def _with(intake: IntakeAnswers, index: int, changes: dict) -> IntakeAnswers:
    people = list(intake.participants)
    index %= len(people)
    target = people[index]
    people[index] = Participant(target.id, target.display_name, {**target.answers, **changes})
    return IntakeAnswers(intake.kind, tuple(people), intake.relationship)


@settings(max_examples=60, deadline=None)
@given(complete_intakes)
def test_same_input_same_output(intake):
    assert recommend(CATALOGUE, intake).to_dict() == recommend(CATALOGUE, intake).to_dict()


@settings(max_examples=120, deadline=None)
@given(complete_intakes)
def test_every_complete_intake_gets_one_order_and_a_reason(intake):
    check_intake(CATALOGUE, intake)
    result = recommend(CATALOGUE, intake)
    assert result.order in TherapyOrder
    assert result.findings and result.decisive
    assert {f.order for f in result.decisive} == {result.order}
    assert result.provisional is False
    json.dumps(result.to_dict())
    json.dumps(result.to_dict(include_private=False))


@settings(max_examples=120, deadline=None)
@given(complete_intakes, st.sampled_from(HARD_FLAGS), st.integers(0, 1))
def test_a_hard_flag_gives_individual_first_with_a_safety_action(intake, flag, who):
    before = recommend(CATALOGUE, intake)
    after = recommend(CATALOGUE, _with(intake, who, flag))
    assert after.order is TherapyOrder.INDIVIDUAL_FIRST
    assert after.safety
    assert any(f.hard and f.decisive for f in after.findings)
    if before.order is TherapyOrder.INDIVIDUAL_FIRST:
        assert after.order is TherapyOrder.INDIVIDUAL_FIRST


def _source_private(source: str) -> bool:
    if source in CATALOGUE.measures:
        return CATALOGUE.measures[source].private
    return CATALOGUE.items[source].private


@settings(max_examples=120, deadline=None)
@given(complete_intakes)
def test_everything_from_a_private_item_is_marked_private(intake):
    result = recommend(CATALOGUE, intake)
    for finding in result.findings:
        for evidence in finding.evidence:
            assert evidence.private is _source_private(evidence.source)
            if evidence.private:
                assert finding.private
        if finding.private:
            assert all(action.private for action in finding.safety)
    private_rules = {f.rule_id for f in result.findings if f.private}
    for counterfactual in result.counterfactuals:
        if private_rules & set(counterfactual.rule_ids):
            assert counterfactual.private
    client = result.client_safe().to_dict()
    sources = {e["source"] for r in client["reasons"] for e in r["evidence"]}
    assert not any(_source_private(s) for s in sources)
    assert not {r["rule_id"] for r in client["reasons"]} & private_rules
    assert all(not s["private"] for s in client["safety"])
    if private_rules:
        assert client["counterfactuals"] == []
