"""The six defects found against domain.md §5, one table each (synthetic people only).

Every case reads the result through ``to_dict()``, the shape the CLI prints and the
record stores, so each table also describes what a clinician sees.
"""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import json
import shutil

import pytest
from intake_builders import CATALOGUE, couple, individual, measure_answers

from therapist_desk.intake import catalogue_dir, load_catalogue, recommend

LOW_CSI = {f"csi4.{i}": 2 for i in range(1, 5)}
CANNOT = {"rel.tried_alone": "cannot"}
ANXIOUS = {"challenge.anxiety": True, "challenge.anxiety.severity": "moderate"}
TRAUMA = {"trauma.help_wanted": True, "trauma.one_to_one": True}
PATTERN = {"pattern.repeats": True}
DEPENDENT = {"about.sex": "male", "auditc.1": 4, "auditc.2": 4, "auditc.3": 0}
ARGUMENTS = {"rel.concern.arguments": True, "rel.concern.trust": True}


def parts(data):
    return [(p["order"], p["participant_ids"]) for p in data["parts"]]


# 1. A deciding rule for one partner erases the other partner's need ---------------------
PER_PARTICIPANT = [
    # id, p1, p2, rel, plan (order, who) per step, text in step 1, text in step 2
    ("A substance use, B pattern", DEPENDENT, PATTERN, ARGUMENTS, [("individual_first", ["p1", "p2"]), ("relationship_first", ["p1", "p2"])], "Individual therapy first for Alex (substance use) and for Zoë (a pattern from earlier relationships)", "Then relationship therapy for Alex and Zoë"),
    ("A self-harm, B trauma", {"safety.self_harm": True}, TRAUMA, ARGUMENTS, [("individual_first", ["p1", "p2"]), ("relationship_first", ["p1", "p2"])], "for Zoë (trauma to work on one-to-one)", "once the clinician has addressed the safety concerns"),
    ("A undisclosed affair, B pattern", {"safety.affair": True, "safety.affair_ending": "not_ending"}, PATTERN, {}, [("individual_first", ["p1", "p2"]), ("relationship_first", ["p1", "p2"])], "and for Zoë (a pattern from earlier relationships)", None),
    ("A suicide risk, B unwilling: A alone individually", {"phq9.9": 2}, {"commit.joint_sessions": False}, ARGUMENTS, [("individual_first", ["p1"]), ("relationship_first", ["p1", "p2"])], "Individual therapy first for Alex (suicide risk, no joint sessions for now)", None),
    ("trauma first, then concurrent names whose individual work", TRAUMA, ANXIOUS, CANNOT, [("individual_first", ["p1"]), ("concurrent", ["p1", "p2"])], "for Alex (trauma to work on one-to-one)", "Then individual therapy for Zoë alongside relationship therapy for Alex and Zoë"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("p1", "p2", "rel", "plan", "first", "then"),
    [c[1:] for c in PER_PARTICIPANT],
    ids=[c[0] for c in PER_PARTICIPANT],
)
def test_each_partner_keeps_their_own_first_step(p1, p2, rel, plan, first, then):
    data = recommend(CATALOGUE, couple(p1, p2, rel)).to_dict()
    assert data["order"] == "individual_first"
    assert parts(data) == plan
    assert first in data["parts"][0]["text"]
    if then:
        assert then in data["parts"][1]["text"]


def test_the_other_partners_own_rule_is_decisive_for_them():
    data = recommend(CATALOGUE, couple(DEPENDENT, PATTERN, ARGUMENTS)).to_dict()
    decisive = {r["rule_id"]: r["participant_ids"] for r in data["reasons"] if r["decisive"]}
    assert decisive == {"R3_substance_dependence": ["p1"], "R6_repeating_pattern": ["p2"]}


# 2. "What would change it" is found by changing the answers, not dropping a finding -----
MEASURED = measure_answers("phq9", 12) | LOW_CSI
COUNTERFACTUALS = [
    # id, intake, sentence the clinician reads, order of the re-run, strength of the re-run
    ("alone, partner will not come", individual(MEASURED | ANXIOUS, {"rel.partner_joint": "no"}), "If Noor's partner were willing to come to joint sessions, this would be individual therapy for Noor alongside relationship therapy for Noor and their partner (strong).", "concurrent", "strong"),
    ("alone, concurrent: each re-runs to its order", individual(MEASURED, {"rel.partner_joint": "yes", "rel.concern.arguments": True}), None, None, None),
    ("couple, one partner unwilling", couple(ANXIOUS, {"commit.joint_sessions": False}, CANNOT), "If Zoë were willing to attend joint sessions, this would be individual therapy for Alex alongside relationship therapy for Alex and Zoë (moderate).", "concurrent", "moderate"),
    ("trauma one-to-one", couple(TRAUMA, {}, ARGUMENTS), "If Alex preferred not to work on the trauma one-to-one, this would be relationship therapy first for Alex and Zoë (moderate).", "relationship_first", "moderate"),
    ("hard rule: what to resolve", couple({"safety.violence": True}, {}, ARGUMENTS), "Joint sessions wait until the clinician has addressed the violence, threats, fear or control reported by Alex. Run again as if Alex reported no violence, threats or fear of the partner, the rules would suggest relationship therapy first for Alex and Zoë (moderate).", "relationship_first", "moderate"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("intake", "text", "order", "strength"),
    [c[1:] for c in COUNTERFACTUALS],
    ids=[c[0] for c in COUNTERFACTUALS],
)
def test_counterfactuals_are_answers_changed_and_run_again(intake, text, order, strength):
    from therapist_desk.intake.whatif import apply_changes

    data = recommend(CATALOGUE, intake).to_dict()
    for cf in data["counterfactuals"]:
        assert not cf["text"].startswith("Without")
        changed = recommend(CATALOGUE, apply_changes(intake, _changes(cf))).to_dict()
        assert (changed["order"], changed["strength"]) == (cf["order"], cf["strength"])
    if text is not None:
        (cf,) = [c for c in data["counterfactuals"] if c["text"] == text]
        assert (cf["order"], cf["strength"]) == (order, strength)


def _changes(cf):
    from therapist_desk.intake.findings import AnswerChange

    return tuple(AnswerChange(c["participant_id"], c["item_id"], c["value"]) for c in cf["changes"])


def test_a_hard_rule_names_what_the_clinician_must_resolve():
    data = recommend(CATALOGUE, couple(DEPENDENT, {}, ARGUMENTS)).to_dict()
    (cf,) = data["counterfactuals"]
    assert cf["resolve"] == "Alex's substance use"
    assert cf["changes"] == [{"participant_id": "p1", "item_id": "auditc.2", "value": 0}]


# 3. A client who comes alone with clear distress does not fall through to rule 10 ------
ALONE = [
    # id, partner's answer, relationship answers, order, decisive, a step says it needs the partner
    ("partner unsure", "unsure", {"rel.concern.communication": True}, "relationship_first", "R9_relationship_distress", True),
    ("partner not asked yet", "not_asked", {"rel.concern.arguments": True}, "relationship_first", "R9_relationship_distress", True),
    ("partner unknown (not answered)", None, CANNOT, "relationship_first", "R9_relationship_distress", True),
    ("partner would come", "yes", {"rel.concern.communication": True}, "relationship_first", "R9_relationship_distress", False),
    ("partner will not come", "no", {"rel.concern.communication": True}, "individual_first", "R8_joint_sessions", False),
    ("nothing points anywhere", "unsure", {}, "individual_first", "R10_goals", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("partner", "rel", "order", "decisive", "needs"),
    [c[1:] for c in ALONE],
    ids=[c[0] for c in ALONE],
)
def test_rules_8_9_and_10_for_a_client_who_comes_alone(partner, rel, order, decisive, needs):
    data = recommend(CATALOGUE, individual({}, {**rel, "rel.partner_joint": partner})).to_dict()
    assert data["order"] == order
    assert [r["rule_id"] for r in data["reasons"] if r["decisive"]] == [decisive]
    says = [p["text"] for p in data["parts"] if "needs Noor's partner" in p["text"]]
    assert bool(says) is needs
    if decisive == "R9_relationship_distress" and needs:
        assert data["strength"] == "moderate"


# 4. Missing safety answers weaken the suggestion ----------------------------------------
PRIVATE_PART = (
    "safety.violence",
    "safety.control",
    "safety.self_harm",
    "safety.affair",
    "safety.substance",
    "auditc.1",
    "auditc.2",
    "auditc.3",
    "wast.1",
    "wast.2",
)
GAPS = [
    # id, p1 answers, strength, capped, whose safety questions, the items named
    ("affair: will it end? unanswered", {"safety.affair": True, "safety.affair_ending": None}, "weak", True, ["p1"], "whether the affair will end"),
    ("the whole private part skipped", dict.fromkeys(PRIVATE_PART), "weak", True, ["p1"], "current thoughts of self-harm"),
    ("PHQ-9 item 9 unanswered", {"phq9.9": None}, "weak", True, ["p1"], "PHQ-9 item 9"),
    ("WAST-SF one item unanswered, the other says some tension", {"wast.1": None, "wast.2": 1}, "strong", False, [], None),
    ("AUDIT-C item 3 unanswered but 8 out of reach", {"auditc.1": 1, "auditc.2": 0, "auditc.3": None}, "strong", False, [], None),
    ("AUDIT-C item 3 unanswered and 8 within reach", {"auditc.1": 2, "auditc.2": 3, "auditc.3": None}, "weak", True, ["p1"], "six or more drinks"),
    ("a hard rule decides already", {"safety.violence": True, "safety.affair": None}, "weak", True, ["p1"], "an ongoing affair"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("p1", "strength", "capped", "whose", "named"), [c[1:] for c in GAPS], ids=[c[0] for c in GAPS]
)
def test_an_incomplete_safety_screen_makes_the_result_provisional_and_weak(
    p1, strength, capped, whose, named
):
    data = recommend(CATALOGUE, couple(p1 | LOW_CSI, LOW_CSI, ARGUMENTS)).to_dict()
    assert (data["strength"], data["strength_capped"]) == (strength, capped)
    assert data["safety_incomplete"] == whose
    actions = [s for s in data["safety"] if s["rule_id"] == "safety_screen"]
    assert [a["participant_ids"] for a in actions] == [[p] for p in whose]
    for action in actions:
        assert action["private"] is True
        assert action["text"].startswith(
            "Complete Alex's safety questions before deciding on joint sessions"
        )
        assert named in action["text"]
    if whose:
        assert data["provisional"] is True
    client = recommend(CATALOGUE, couple(p1 | LOW_CSI, LOW_CSI, ARGUMENTS)).client_safe().to_dict()
    assert client["safety"] == [] and client["safety_incomplete"] == []


CAN_FIRE = {"safety.violence", "safety.control", "safety.self_harm", "safety.affair", "phq9.9"}
"""With the other answers of ``calm_person`` (AUDIT-C 1-0-0, WAST-SF 'some tension'), only
these missing answers could still fire a hard rule: AUDIT-C cannot reach 8 whichever one
item is missing, and WAST-SF cannot be positive with one item at 'some'."""


@pytest.mark.parametrize("item_id", [*PRIVATE_PART, "phq9.9"])
@pytest.mark.parametrize("who", [0, 1])
def test_never_a_strong_conjoint_suggestion_while_a_screen_has_gaps(item_id, who):
    strong = couple(LOW_CSI, LOW_CSI, ARGUMENTS)
    assert recommend(CATALOGUE, strong).strength.value == "strong"
    people = list(strong.participants)
    answers = dict(people[who].answers)
    answers.pop(item_id)
    people[who] = type(people[who])(people[who].id, people[who].display_name, answers)
    data = recommend(
        CATALOGUE, type(strong)(strong.kind, tuple(people), strong.relationship)
    ).to_dict()
    assert data["order"] == "relationship_first"
    assert data["strength"] == ("weak" if item_id in CAN_FIRE else "strong")
    assert bool(data["safety_incomplete"]) is (item_id in CAN_FIRE)


# 5. The screen and the PDF read the same record: see tests/reports/test_pdf_frozen_record
#    and tests/ui/test_frozen_records (ruleset 1.0.0) — the defect needs a database.


# 6. A threshold lives once; a difference needs a whole band and the minimal difference --
def _catalogue_with_item9_at_least(tmp_path, at_least):
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    phq9 = json.loads((target / "phq9.json").read_text(encoding="utf-8"))
    phq9["flags"][0]["when"][0]["at_least"] = at_least
    (target / "phq9.json").write_text(json.dumps(phq9), encoding="utf-8")
    return load_catalogue(target)


ITEM9 = [
    # catalogue's item-9 flag at least, answer to item 9, rule 1 fires and the flag is raised
    (1, 0, False), (1, 1, True), (2, 1, False), (2, 2, True), (3, 2, False),
]  # fmt: skip


@pytest.mark.parametrize(("at_least", "answer", "fires"), ITEM9)
def test_rule_1_and_the_flag_read_the_same_catalogue_threshold(tmp_path, at_least, answer, fires):
    catalogue = _catalogue_with_item9_at_least(tmp_path, at_least)
    result = recommend(catalogue, couple({"phq9.9": answer}))
    assert any(f.rule_id == "R1_suicide_risk" for f in result.findings) is fires
    assert result.scores["p1"]["phq9"].has_flag("item9") is fires


DISCREPANCIES = [
    # id, p1 answers, p2 answers, measure, listed, clinician only, words
    ("PHQ-9 9 and 10: one point across a band edge", measure_answers("phq9", 9), measure_answers("phq9", 10), "phq9", False, None, None),
    ("PHQ-9 6 and 10: a band but 4 points", measure_answers("phq9", 6), measure_answers("phq9", 10), "phq9", False, None, None),
    ("PHQ-9 5 and 10: a band and 5 points", measure_answers("phq9", 5), measure_answers("phq9", 10), "phq9", True, False, "worth discussing together"),
    ("GAD-7 4 and 8: a band and 4 points", measure_answers("gad7", 4), measure_answers("gad7", 8), "gad7", True, False, "4 points apart"),
    ("CSI-4 13 and 14: across the cut-off by one point", {"csi4.1": 4, "csi4.2": 3, "csi4.3": 3, "csi4.4": 3}, {"csi4.1": 5, "csi4.2": 3, "csi4.3": 3, "csi4.4": 3}, "csi4", False, None, None),
    ("CSI-4 8 and 16: beyond the derived difference", LOW_CSI, {"csi4.1": 4, "csi4.2": 4, "csi4.3": 4, "csi4.4": 4}, "csi4", True, False, "the smallest difference worth raising is 3.1"),
    ("AUDIT-C private: explored with each partner separately", {"auditc.1": 2, "auditc.2": 1, "auditc.3": 1}, {"auditc.1": 0}, "auditc", True, True, "explore with each partner separately, not together"),
    ("PC-PTSD-5 asked alone: explored separately", {"pcptsd5.gate": True} | {f"pcptsd5.{i}": i <= 3 for i in range(1, 6)}, {}, "pcptsd5", True, True, "explore with each partner separately"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("p1", "p2", "measure", "listed", "alone", "words"),
    [c[1:] for c in DISCREPANCIES],
    ids=[c[0] for c in DISCREPANCIES],
)
def test_a_discrepancy_needs_a_band_and_the_minimal_difference(
    p1, p2, measure, listed, alone, words
):
    result = recommend(CATALOGUE, couple(p1, p2))
    found = [d for d in result.to_dict()["discrepancies"] if d["measure_id"] == measure]
    assert bool(found) is listed
    if listed:
        (d,) = found
        assert d["private"] is alone
        assert words in d["text"]
        if alone:
            assert "together" not in d["text"].replace("not together", "")
            assert measure not in {x.measure_id for x in result.client_safe().discrepancies}
