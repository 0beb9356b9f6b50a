"""Differences between partners worth raising: a whole band apart, and enough points apart.

A difference is listed only when the partners' totals fall in different bands *and* are
at least the measure's minimal important difference apart (``change`` data in the
catalogue: PHQ-9 5, GAD-7 4, a derived value for CSI-4 and Rosenberg). A one-point
difference across a band edge is not a discrepancy. A screen with no such value
(PC-PTSD-5, AUDIT-C) is compared by its bands alone: its band edge is its screening
decision. A private or asked-alone measure is never "discussed together": it is listed
for the clinician only, to explore with each partner separately. While a hard rule
decides (joint sessions wait), every difference is for the clinician only.
"""

from __future__ import annotations

from therapist_desk.intake import explain
from therapist_desk.intake.change import ChangeValue
from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import Discrepancy


def _source(mid: ChangeValue) -> str:
    d = mid.derived
    if d is None:
        return mid.source
    return explain.TEXTS["derived_source"].format(
        source=mid.source, formula=d.formula, sd=d.sd, sd_source=d.sd_source,
        r=d.reliability, r_source=d.reliability_source,
    )  # fmt: skip


def _text(
    name: str, shown: str, diff: int, points: int, mid: ChangeValue | None, separately: bool,
    on_hold: bool,
) -> str:  # fmt: skip
    texts = explain.TEXTS
    said = {"measure": name, "bands": shown, "diff": diff, "s": "s" if diff > 1 else ""}
    extra = texts["discrepancy_alone_points"].format(points=points) if mid else ""
    if separately:
        return texts["discrepancy_alone"].format(**said, points=extra)
    if on_hold:
        return texts["discrepancy_on_hold"].format(**said, points=extra)
    if mid is not None:
        return texts["discrepancy_points"].format(**said, points=points, mid=mid.value)
    return texts["discrepancy"].format(**said)


def discrepancies(ctx: RuleContext, on_hold: bool = False) -> tuple[Discrepancy, ...]:
    """Every measure on which the two partners differ enough to raise it.

    ``on_hold``: a hard rule decides, so joint work waits and nothing is "together".
    """
    if len(ctx.ids) != 2:
        return ()
    a, b = ctx.ids
    found = []
    for measure_id, score_a in ctx.scores[a].items():
        score_b = ctx.scores[b][measure_id]
        band_a, band_b = score_a.band, score_b.band
        if band_a is None or band_b is None or band_a.index is None or band_b.index is None:
            continue
        diff = abs(band_a.index - band_b.index)
        assert score_a.total is not None and score_b.total is not None
        points = abs(score_a.total - score_b.total)
        measure = ctx.catalogue.measures[measure_id]
        mid = measure.change.minimal_important_difference
        if diff < 1 or (mid is not None and points < mid.value):
            continue
        separately = measure.private or measure.asked_alone
        shown = ", ".join(
            f"{ctx.name(p)} {band.label.lower()} ({s.total})"
            for p, band, s in ((a, band_a, score_a), (b, band_b, score_b))
        )
        text = _text(score_a.name, shown, diff, points, mid, separately, on_hold)
        bands = ((a, band_a.id), (b, band_b.id))
        private = score_a.private or separately or on_hold
        minimal, source = (mid.value, _source(mid)) if mid else (None, None)
        found.append(
            Discrepancy(measure_id, bands, diff, text, private, points, minimal, separately, source)
        )
    return tuple(found)
