"""Scoring keys: every band edge, the exact cut-offs, reverse items, partly answered rule."""

from __future__ import annotations

import pytest
from intake_builders import CATALOGUE, measure_answers

from therapist_desk.intake import ScoreStatus, score_participant


def _score(measure_id: str, answers: dict):
    return score_participant(CATALOGUE, answers)[measure_id]


@pytest.mark.parametrize(
    ("measure_id", "total", "band", "positive"),
    [
        ("phq9", 0, "minimal", False),
        ("phq9", 4, "minimal", False),
        ("phq9", 5, "mild", False),
        ("phq9", 9, "mild", False),
        ("phq9", 10, "moderate", True),
        ("phq9", 14, "moderate", True),
        ("phq9", 15, "moderately_severe", True),
        ("phq9", 19, "moderately_severe", True),
        ("phq9", 20, "severe", True),
        ("phq9", 27, "severe", True),
        ("gad7", 4, "minimal", False),
        ("gad7", 5, "mild", False),
        ("gad7", 9, "mild", False),
        ("gad7", 10, "moderate", True),
        ("gad7", 14, "moderate", True),
        ("gad7", 15, "severe", True),
        ("gad7", 21, "severe", True),
        ("csi4", 0, "distressed", True),
        ("csi4", 13, "distressed", True),
        ("csi4", 14, "not_distressed", False),
        ("csi4", 21, "not_distressed", False),
    ],
)
def test_band_edges_and_cutoffs(measure_id, total, band, positive):
    score = _score(measure_id, measure_answers(measure_id, total))
    assert (score.total, score.band.id, score.positive) == (total, band, positive)
    assert score.status is ScoreStatus.COMPLETE


def test_csi4_item_1_goes_to_6_and_others_to_5():
    answers = {"csi4.1": 6, "csi4.2": 5, "csi4.3": 5, "csi4.4": 5}
    assert _score("csi4", answers).total == 21


@pytest.mark.parametrize("item", range(1, 11))
def test_rosenberg_each_item_is_keyed_in_the_right_direction(item):
    neutral = {f"rses.{i}": 1 if i in (2, 5, 6, 8, 9) else 2 for i in range(1, 11)}  # all score 2
    base = _score("rses", neutral).total
    changed = _score("rses", {**neutral, f"rses.{item}": 3}).total  # "Strongly agree"
    expected = base - 2 if item in (2, 5, 6, 8, 9) else base + 1
    assert (base, changed) == (20, expected)


@pytest.mark.parametrize(
    ("scored_values", "total", "band", "low"),
    [
        ([1] * 5 + [2] * 5, 15, "normal", False),
        ([1] * 6 + [2] * 4, 14, "low", True),
        ([3] * 8 + [1] * 2, 26, "high", False),
        ([3] * 8 + [0] * 2, 24, "normal", False),
        ([0] * 10, 0, "low", True),
    ],
)
def test_rosenberg_bands_and_low_cutoff(scored_values, total, band, low):
    answers = {}
    for i, points in enumerate(scored_values, start=1):
        answers[f"rses.{i}"] = 3 - points if i in (2, 5, 6, 8, 9) else points
    score = _score("rses", answers)
    assert (score.total, score.band.id, score.positive) == (total, band, low)


@pytest.mark.parametrize(
    ("gate", "yes", "total", "positive", "efficient"),
    [
        (False, 0, 0, False, False),
        (True, 2, 2, False, False),
        (True, 3, 3, True, False),
        (True, 4, 4, True, True),
        (True, 5, 5, True, True),
    ],
)
def test_pc_ptsd_5_gate_and_cutoffs(gate, yes, total, positive, efficient):
    answers = {"pcptsd5.gate": gate}
    if gate:
        answers.update({f"pcptsd5.{i}": i <= yes for i in range(1, 6)})
    score = _score("pcptsd5", answers)
    assert (score.total, score.positive, score.has_flag("efficient")) == (
        total,
        positive,
        efficient,
    )
    assert score.missing == ()
    assert len(score.skipped) == (0 if gate else 5)


@pytest.mark.parametrize(
    ("sex", "total", "positive", "band", "note"),
    [
        ("male", 3, False, "negative", False),
        ("male", 4, True, "positive", False),
        ("female", 2, False, "negative", False),
        ("female", 3, True, "positive", False),
        ("prefer_not_to_say", 3, True, "positive", True),
        (None, 2, False, "negative", True),
        ("male", 7, True, "positive", False),
        ("male", 8, True, "dependence", False),
        ("female", 12, True, "dependence", False),
    ],
)
def test_audit_c_thresholds_by_sex(sex, total, positive, band, note):
    answers = {"auditc.1": max(1, min(4, total)), "auditc.2": 0, "auditc.3": 0}
    rest = total - answers["auditc.1"]
    answers["auditc.2"] = min(4, rest)
    answers["auditc.3"] = rest - answers["auditc.2"]
    if sex:
        answers["about.sex"] = sex
    score = _score("auditc", answers)
    assert (score.total, score.positive, score.band.id) == (total, positive, band)
    assert (score.threshold_note is not None) is note
    assert score.has_flag("dependence") is (total >= 8)


def test_audit_c_never_drinking_skips_items_2_and_3_and_scores_0():
    score = _score("auditc", {"auditc.1": 0})
    assert (score.total, score.status, score.skipped) == (
        0,
        ScoreStatus.COMPLETE,
        ("auditc.2", "auditc.3"),
    )


@pytest.mark.parametrize(
    ("w1", "w2", "positive"),
    [(2, 2, True), (2, 1, False), (1, 2, False), (0, 0, False)],
)
def test_wast_sf_positive_only_with_a_lot_of_tension_and_great_difficulty(w1, w2, positive):
    score = _score("wast", {"wast.1": w1, "wast.2": w2})
    assert score.positive is positive
    assert score.total == w1 + w2


def test_phq9_item9_flag_is_raised_whatever_the_total():
    score = _score("phq9", {**measure_answers("phq9", 0), "phq9.9": 1})
    assert score.band.id == "minimal"
    assert score.has_flag("item9")


@pytest.mark.parametrize(
    ("measure_id", "answers", "drop", "status", "total"),
    [
        ("phq9", {f"phq9.{i}": 2 for i in range(1, 10)}, ["phq9.1"], ScoreStatus.PRORATED, 18),
        (
            "phq9",
            {f"phq9.{i}": 1 for i in range(1, 10)} | {"phq9.2": 2},
            ["phq9.3"],
            ScoreStatus.PRORATED,
            10,
        ),
        (
            "phq9",
            {f"phq9.{i}": 2 for i in range(1, 10)},
            ["phq9.1", "phq9.2"],
            ScoreStatus.INCOMPLETE,
            None,
        ),
        ("gad7", {f"gad7.{i}": 3 for i in range(1, 8)}, ["gad7.7"], ScoreStatus.PRORATED, 21),
        ("rses", {f"rses.{i}": 2 for i in range(1, 11)}, ["rses.2"], ScoreStatus.PRORATED, 16),
        ("csi4", {f"csi4.{i}": 3 for i in range(1, 5)}, ["csi4.4"], ScoreStatus.INCOMPLETE, None),
        (
            "pcptsd5",
            {"pcptsd5.gate": True} | {f"pcptsd5.{i}": True for i in range(1, 6)},
            ["pcptsd5.5"],
            ScoreStatus.INCOMPLETE,
            None,
        ),
        (
            "pcptsd5",
            {f"pcptsd5.{i}": True for i in range(1, 6)} | {"pcptsd5.gate": True},
            ["pcptsd5.gate"],
            ScoreStatus.COMPLETE,
            5,
        ),
        (
            "auditc",
            {"auditc.1": 2, "auditc.2": 1, "auditc.3": 1},
            ["auditc.3"],
            ScoreStatus.INCOMPLETE,
            None,
        ),
        ("wast", {"wast.1": 1, "wast.2": 1}, ["wast.1", "wast.2"], ScoreStatus.NOT_ANSWERED, None),
    ],
)
def test_partly_answered_rule_never_counts_a_missing_answer_as_zero(
    measure_id, answers, drop, status, total
):
    for item_id in drop:
        del answers[item_id]
    score = _score(measure_id, answers)
    assert (score.status, score.total) == (status, total)
    assert set(drop) <= set(score.missing)
    if total is None and CATALOGUE.measures[measure_id].bands:
        assert score.band.id == "incomplete"


def test_prorating_rounds_half_up():
    # 8 answered items totalling 9: 9 / 8 * 9 = 10.125 → 10; 12 / 8 * 9 = 13.5 → 14
    nine = {f"phq9.{i}": 1 for i in range(1, 9)} | {"phq9.1": 2}
    assert _score("phq9", nine).total == 10
    twelve = {f"phq9.{i}": 1 for i in range(1, 9)} | {"phq9.1": 3, "phq9.2": 3}
    assert _score("phq9", twelve).total == 14


def test_missing_item_9_leaves_the_risk_flag_undetermined_not_absent():
    answers = {f"phq9.{i}": 0 for i in range(1, 9)}
    score = _score("phq9", answers)
    assert score.prorated and score.flags == () and score.undetermined_flags == ("item9",)
