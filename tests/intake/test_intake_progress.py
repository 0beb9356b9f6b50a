"""Verdicts on change over time at their edges, every threshold read from the catalogue."""

from __future__ import annotations

import math

import pytest

from therapist_desk.intake import load_catalogue
from therapist_desk.intake.progress import (
    Administration,
    Reliable,
    Verdict,
    stalled,
    track,
    verdict,
)

CATALOGUE = load_catalogue()


def _data(measure_id: str) -> tuple[float, float]:
    """The measure's reliable change and caseness edge, as the catalogue states them."""
    change = CATALOGUE.measures[measure_id].change
    case = change.caseness
    edge = case.at_least if case.at_least is not None else case.below
    return change.reliable_change.value, edge


def _case_lower(measure_id: str) -> bool:
    return CATALOGUE.measures[measure_id].change.lower_is_better


def _cases():
    """(measure, first, now, expected verdict): each edge of each measure with data."""
    rows = []
    for mid in ("phq9", "gad7", "csi4", "rses"):
        rc, edge = _data(mid)
        step = math.ceil(rc)  # the smallest whole-point change that is reliable
        s = -1 if _case_lower(mid) else 1  # the direction of improvement
        # a case: at least the edge (PHQ-9) or below it (CSI-4)
        case = edge if _case_lower(mid) else math.ceil(edge) - 1
        well = case + s * (1 if _case_lower(mid) else 2)  # the first score past the edge
        deep = case - s * (step + 1)  # deep enough that a reliable step stays a case
        rows += [
            (mid, deep, deep + s * (step - 1), Verdict.NO_CHANGE),  # one short of reliable
            (mid, deep, deep + s * step, Verdict.IMPROVED),  # reliable, still a case
            (mid, case, well, Verdict.NO_CHANGE),  # crosses caseness without reliable change
            (mid, well - s * step, well, Verdict.RECOVERED),  # crosses with reliable change
            (mid, case - s, case - s * (step + 1), Verdict.DETERIORATED),
            (mid, case - s, case - s * step, Verdict.NO_CHANGE),  # one short of reliable
        ]
    return rows


@pytest.mark.parametrize(("measure_id", "first", "now", "expected"), _cases())
def test_verdict_at_each_edge(measure_id, first, now, expected):
    change = CATALOGUE.measures[measure_id].change
    assert min(first, now) >= 0 and max(first, now) <= CATALOGUE.measures[measure_id].max_total
    assert verdict(change, first, now)[2] is expected


def test_phq9_drop_of_5_is_no_reliable_change_and_of_6_is_reliable():
    change = CATALOGUE.measures["phq9"].change
    assert change.reliable_change.value == 6  # NHS Talking Therapies
    assert verdict(change, 20, 15)[0] is Reliable.NONE
    assert verdict(change, 20, 14)[0] is Reliable.IMPROVED
    assert verdict(change, 12, 7)[2] is Verdict.NO_CHANGE  # past caseness, not reliable
    assert verdict(change, 12, 6)[2] is Verdict.RECOVERED
    assert verdict(change, 8, 14) == (Reliable.DETERIORATED, False, Verdict.DETERIORATED)


def test_track_compares_with_the_first_and_the_previous_and_skips_unscored():
    change = CATALOGUE.measures["phq9"].change
    days = [
        Administration("2026-01-05", 1, 18),
        Administration("2026-02-02", 2, None),  # too many items skipped
        Administration("2026-03-02", 3, 14),
        Administration("2026-03-02", 4, 9),  # the same day: kept in the order given
    ]
    points = track(change, days)
    assert [p.change_from_first for p in points] == [None, None, -4, -9]
    assert [p.change_from_previous for p in points] == [None, None, -4, -5]
    assert [p.verdict for p in points] == [None, None, Verdict.NO_CHANGE, Verdict.RECOVERED]
    assert points[3].recovered and points[3].arrow == "↓"


def test_a_measure_without_reliable_change_data_gets_changes_and_no_verdict():
    change = CATALOGUE.measures["auditc"].change
    points = track(change, [Administration("2026-01-05", 1, 6), Administration("2026-02-05", 2, 3)])
    assert points[1].change_from_first == -3 and points[1].verdict is None


def test_no_reliable_improvement_after_n_reassessments_is_stalled():
    change = CATALOGUE.measures["gad7"].change
    totals = [14, 13, 12, 13]
    points = track(
        change, [Administration(f"2026-0{i + 1}-01", i, t) for i, t in enumerate(totals)]
    )
    assert stalled(change, points, 3)
    assert not stalled(change, points, 4)
    better = track(
        change, [Administration("2026-01-01", 1, 14), Administration("2026-02-01", 2, 9)]
    )
    assert not stalled(change, better, 1)
