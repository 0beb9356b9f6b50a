"""Every rule of domain.md §5, alone and in combination, with the precedence of hard rules."""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import pytest
from intake_builders import CATALOGUE, couple, individual, measure_answers

from therapist_desk.intake import Strength, TherapyOrder, recommend

IND, CON, REL = (
    TherapyOrder.INDIVIDUAL_FIRST,
    TherapyOrder.CONCURRENT,
    TherapyOrder.RELATIONSHIP_FIRST,
)
LOW_CSI = {f"csi4.{i}": 2 for i in range(1, 5)}
CANNOT = {"rel.tried_alone": "cannot"}
ANXIOUS = {"challenge.anxiety": True, "challenge.anxiety.severity": "moderate"}
TRAUMA = {"trauma.help_wanted": True, "trauma.one_to_one": True}
PTSD3 = {"pcptsd5.gate": True} | {f"pcptsd5.{i}": i <= 3 for i in range(1, 6)}
PTSD2 = {"pcptsd5.gate": True} | {f"pcptsd5.{i}": i <= 2 for i in range(1, 6)}
LOW_RSES = {f"rses.{i}": 3 if i in (2, 5, 6, 8, 9) else 1 for i in range(1, 11)}

CASES = [
    # id, p1, p2, rel, order, fired, decisive, strength
    ("R10 goals: well-being only, couple", {}, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R10 goals: self-awareness", {}, {}, {"rel.goals": ("self_awareness",)}, IND, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R10 goals: self-awareness and intimacy", {}, {}, {"rel.goals": ("self_awareness", "intimacy")}, CON, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R9 concern", {}, {}, {"rel.concern.arguments": True}, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.MODERATE),
    ("R9 CSI-4 of one partner", LOW_CSI, {}, {}, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.MODERATE),
    ("R9 cannot resolve alone", {}, {}, CANNOT, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.MODERATE),
    ("R9 strong", LOW_CSI, {}, {"rel.concern.arguments": True, "rel.concern.trust": True}, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.STRONG),
    ("R7 reported anxiety + cannot resolve", ANXIOUS, {}, CANNOT, CON, ["R7_challenges_and_conflict", "R9_relationship_distress"], ["R7_challenges_and_conflict"], Strength.MODERATE),
    ("R7 PHQ-9 10 + CSI-4", measure_answers("phq9", 10) | LOW_CSI, {}, {}, CON, ["R7_challenges_and_conflict", "R9_relationship_distress"], ["R7_challenges_and_conflict"], Strength.STRONG),
    ("R7 GAD-7 10 in the other partner", LOW_CSI, measure_answers("gad7", 10), {}, CON, ["R7_challenges_and_conflict", "R9_relationship_distress"], ["R7_challenges_and_conflict"], Strength.STRONG),
    ("R7 RSES < 15", LOW_RSES, {}, CANNOT, CON, ["R7_challenges_and_conflict", "R9_relationship_distress"], ["R7_challenges_and_conflict"], Strength.MODERATE),
    ("no R7: PHQ-9 9 is below the cut-off", measure_answers("phq9", 9) | LOW_CSI, {}, {}, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.MODERATE),
    ("no R7: one not committed to self", ANXIOUS, {"commit.self": False}, CANNOT, REL, ["R9_relationship_distress"], ["R9_relationship_distress"], Strength.MODERATE),
    ("no R7: no conflict", ANXIOUS, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R5 trauma one-to-one", TRAUMA, {}, {}, IND, ["R5_trauma"], ["R5_trauma"], Strength.MODERATE),
    ("R5 PC-PTSD-5 of 3", {}, PTSD3, {}, IND, ["R5_trauma"], ["R5_trauma"], Strength.MODERATE),
    ("no R5: PC-PTSD-5 of 2", {}, PTSD2, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("no R5: help wanted but not one-to-one", {"trauma.help_wanted": True, "trauma.one_to_one": False}, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R6 pattern", {"pattern.repeats": True}, {}, {}, IND, ["R6_repeating_pattern"], ["R6_repeating_pattern"], Strength.MODERATE),
    ("R8 one unwilling", {}, {"commit.joint_sessions": False}, {}, IND, ["R8_joint_sessions"], ["R8_joint_sessions"], Strength.MODERATE),
    ("R5 over R7", TRAUMA | ANXIOUS, {}, CANNOT, IND, ["R5_trauma", "R7_challenges_and_conflict", "R9_relationship_distress"], ["R5_trauma"], Strength.MODERATE),
    ("R5 + R6 both decisive", TRAUMA, {"pattern.repeats": True}, {}, IND, ["R5_trauma", "R6_repeating_pattern"], ["R5_trauma", "R6_repeating_pattern"], Strength.STRONG),
    ("R8 over R7", ANXIOUS, {"commit.joint_sessions": False}, CANNOT, IND, ["R8_joint_sessions", "R7_challenges_and_conflict", "R9_relationship_distress"], ["R8_joint_sessions"], Strength.MODERATE),
    ("R1 PHQ-9 item 9", {"phq9.9": 1}, {}, {}, IND, ["R1_suicide_risk"], ["R1_suicide_risk"], Strength.STRONG),
    ("R1 self-harm thoughts", {}, {"safety.self_harm": True}, {}, IND, ["R1_suicide_risk"], ["R1_suicide_risk"], Strength.STRONG),
    ("R2 violence", {"safety.violence": True}, {}, {}, IND, ["R2_violence_or_fear"], ["R2_violence_or_fear"], Strength.STRONG),
    ("R2 control", {}, {"safety.control": True}, {}, IND, ["R2_violence_or_fear"], ["R2_violence_or_fear"], Strength.STRONG),
    ("R2 WAST-SF positive", {"wast.1": 2, "wast.2": 2}, {}, {}, IND, ["R2_violence_or_fear"], ["R2_violence_or_fear"], Strength.STRONG),
    ("no R2: WAST-SF tension only", {"wast.1": 2, "wast.2": 1}, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R3 AUDIT-C 8", {"about.sex": "male", "auditc.1": 4, "auditc.2": 4, "auditc.3": 0}, {}, {}, IND, ["R3_substance_dependence"], ["R3_substance_dependence"], Strength.STRONG),
    ("no R3: AUDIT-C 7", {"auditc.1": 4, "auditc.2": 3, "auditc.3": 0}, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("R3 clinician judgement", {"clinician.dependence": True}, {}, {}, IND, ["R3_substance_dependence"], ["R3_substance_dependence"], Strength.STRONG),
    ("R4 affair not ending", {"safety.affair": True, "safety.affair_ending": "not_ending"}, {}, {}, IND, ["R4_undisclosed_affair"], ["R4_undisclosed_affair"], Strength.STRONG),
    ("R4 affair, unsure", {"safety.affair": True, "safety.affair_ending": "unsure"}, {}, {}, IND, ["R4_undisclosed_affair"], ["R4_undisclosed_affair"], Strength.STRONG),
    ("no R4: affair ending", {"safety.affair": True, "safety.affair_ending": "ending"}, {}, {}, REL, ["R10_goals"], ["R10_goals"], Strength.WEAK),
    ("hard rules all decisive, in order", {"phq9.9": 2, "safety.violence": True}, {"clinician.dependence": True}, {}, IND, ["R1_suicide_risk", "R2_violence_or_fear", "R3_substance_dependence"], ["R1_suicide_risk", "R2_violence_or_fear", "R3_substance_dependence"], Strength.STRONG),
    ("hard rule over soft", {"safety.self_harm": True, "pattern.repeats": True} | ANXIOUS, {}, CANNOT, IND, ["R1_suicide_risk", "R6_repeating_pattern", "R7_challenges_and_conflict", "R9_relationship_distress"], ["R1_suicide_risk"], Strength.STRONG),
]  # fmt: skip


@pytest.mark.parametrize(
    ("p1", "p2", "rel", "order", "fired", "decisive", "strength"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rules(p1, p2, rel, order, fired, decisive, strength):
    result = recommend(CATALOGUE, couple(p1, p2, rel))
    assert result.order is order
    assert [f.rule_id for f in result.findings] == fired
    assert [f.rule_id for f in result.decisive] == decisive
    assert result.strength is strength
    assert result.provisional is False
    assert bool(result.safety) is any(f.hard for f in result.findings)


@pytest.mark.parametrize(
    ("p1", "p2", "concerned"),
    [
        ({"phq9.9": 1}, {}, ("p1",)),
        ({}, {"safety.affair": True, "safety.affair_ending": "not_ending"}, ("p2",)),
        ({"safety.violence": True}, {}, ("p1", "p2")),
        ({}, {"commit.joint_sessions": False}, ("p1",)),
        (TRAUMA, {"pattern.repeats": True}, ("p1", "p2")),
    ],
)
def test_individual_first_says_whom_it_concerns(p1, p2, concerned):
    result = recommend(CATALOGUE, couple(p1, p2))
    assert result.parts[0].order is IND
    assert result.parts[0].participant_ids == concerned


def test_trauma_with_rule_7_says_concurrent_may_follow_and_what_would_change_it():
    result = recommend(CATALOGUE, couple(TRAUMA | ANXIOUS, {}, CANNOT))
    trauma = result.findings[0]
    assert trauma.note == "Concurrent work may follow once the trauma work is under way."
    assert [(c.rule_ids, c.order) for c in result.counterfactuals] == [(("R5_trauma",), CON)]
    assert result.counterfactuals[0].text == (
        "If Alex preferred not to work on the trauma one-to-one, this would be individual "
        "therapy for Alex alongside relationship therapy for Alex and Zoë (moderate)."
    )
    assert [p.order for p in result.parts] == [IND, CON]


def test_suicide_risk_evidence_cites_the_answer():
    result = recommend(CATALOGUE, couple({"phq9.9": 1}))
    assert result.findings[0].evidence[0].text == (
        "Alex answered 'Several days' to PHQ-9 item 9 "
        "(thoughts of being better off dead or of self-harm)"
    )
    assert "Safety follow-up today" in result.safety[0].text
    assert result.safety[0].private is False


def test_violence_is_private_and_absent_from_the_client_view():
    result = recommend(
        CATALOGUE, couple({"safety.violence": True}, {}, {"rel.concern.arguments": True})
    )
    assert all(f.private for f in result.findings if f.rule_id == "R2_violence_or_fear")
    client = result.client_safe()
    text = str(client.to_dict())
    assert "R2_" not in text and "safety." not in text and "violence" not in text
    assert client.headline == "Your therapist suggests starting with individual sessions."
    assert client.parts[0].participant_ids == ("p1", "p2")
    assert client.counterfactuals == ()
    assert client.order is IND


def test_no_safety_action_or_hard_rule_reaches_the_client_view():
    result = recommend(CATALOGUE, couple({"phq9.9": 1}, {}, {"rel.concern.arguments": True}))
    assert result.safety and not result.safety[0].private
    client = result.client_safe()
    assert client.safety == ()
    assert [f.rule_id for f in client.findings if f.hard] == []
    assert client.headline == "Your therapist suggests starting with individual sessions."
    assert "Safety follow-up" not in str(client.to_dict())


def test_public_reason_is_kept_in_the_client_view():
    client = recommend(CATALOGUE, couple(TRAUMA)).client_safe()
    assert [f.rule_id for f in client.findings] == ["R5_trauma"]
    assert client.headline == "Individual therapy first for Alex"


def test_discrepancy_of_a_whole_band_is_listed():
    result = recommend(CATALOGUE, couple(measure_answers("phq9", 10), measure_answers("phq9", 4)))
    phq = [d for d in result.discrepancies if d.measure_id == "phq9"]
    assert [(d.bands, d.band_difference) for d in phq] == [
        ((("p1", "moderate"), ("p2", "minimal")), 2)
    ]
    same = recommend(CATALOGUE, couple(measure_answers("phq9", 6), measure_answers("phq9", 9)))
    assert [d for d in same.discrepancies if d.measure_id == "phq9"] == []


def test_missing_answers_make_the_result_provisional():
    result = recommend(
        CATALOGUE,
        couple({"csi4.1": None, "safety.self_harm": None}, {}, {"rel.concern.arguments": True}),
    )
    assert result.provisional
    missing = {(m.participant_id, m.item_id, m.private) for m in result.missing}
    assert ("p1", "csi4.1", False) in missing and ("p1", "safety.self_harm", True) in missing
    assert all(not m.private for m in result.client_safe().missing)


INDIVIDUAL_CASES = [
    ("partner will not come", {}, {"rel.partner_joint": "no"}, IND, "R8_joint_sessions"),
    ("no partner available", {}, {"rel.partner_joint": "unavailable"}, IND, "R8_joint_sessions"),
    ("client unwilling", {"commit.joint_sessions": False}, {}, IND, "R8_joint_sessions"),
    ("partner would come, distress", {}, {"rel.concern.communication": True}, REL, "R9_relationship_distress"),
    ("partner unsure, distress", {}, {"rel.partner_joint": "unsure", "rel.concern.communication": True}, REL, "R9_relationship_distress"),
    ("concurrent possible alone", ANXIOUS, CANNOT, CON, "R7_challenges_and_conflict"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("p1", "rel", "order", "decisive"),
    [case[1:] for case in INDIVIDUAL_CASES],
    ids=[case[0] for case in INDIVIDUAL_CASES],
)
def test_individual_intake(p1, rel, order, decisive):
    result = recommend(CATALOGUE, individual(p1, rel))
    assert result.order is order
    assert result.decisive[0].rule_id == decisive
    assert result.parts[0].participant_ids == ("c1",)
    assert result.discrepancies == ()
