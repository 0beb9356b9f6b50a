"""The progress summary's change table: one row per measure, each partner side by side.

A cell reads "16 → 6 (↓ −10)": the first score, the latest, and the change since the
first in points, with the arrow of the score's direction. The dates are said once above
the table when every row shares them, else in the cell. A partner who did not come to
the latest visit is "not seen at this visit (date)". Compact so that a couple's page
holds the table, every chart and the suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from therapist_desk.reports.blocks import Context, cell, para, table

if TYPE_CHECKING:
    from therapist_desk.reports.progress import ProgressPoint, ProgressSeries


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%-d %b %Y")


def _number(value: float | None) -> str:
    return "not scored" if value is None else f"{value:g}"


def _ends(s: ProgressSeries) -> tuple[ProgressPoint, ProgressPoint] | None:
    scored = [p for p in s.points if p.total is not None]
    return (scored[0], s.points[-1]) if scored else None


def _cell_text(s: ProgressSeries, usual: tuple[str, str]) -> str:
    ends = _ends(s)
    assert ends is not None
    first, last = ends
    change = last.change_from_first

    def when(p: ProgressPoint) -> str:  # a date only where it is not the table's
        return "" if p.date in (usual[0] if p is first else usual[1],) else f" ({_day(p.date)})"

    if len(s.points) == 1 or first is last:
        text = f"{_number(first.total)}{when(first)}, once"
    else:
        arrow = "" if change is None else "↑" if change > 0 else "↓" if change < 0 else "→"
        moved = "" if change is None else f" ({arrow} {change:+g})"
        text = f"{_number(first.total)}{when(first)} → {_number(last.total)}{when(last)}{moved}"
    if s.not_seen:
        text += f"; not seen at this visit ({_day(s.not_seen)})"
    return text


def _verdict(s: ProgressSeries) -> str:
    ends = _ends(s)
    last = ends[1] if ends else None
    if last is not None and last.verdict:
        return last.verdict
    return "—" if s.reliable_change is None else ""


def change_table(series: Sequence[ProgressSeries], ctx: Context) -> list[Flowable]:
    """The heading line with the dates and the table (nothing when nothing was scored)."""
    st = ctx.styles
    shown = [s for s in series if _ends(s) is not None]
    if not shown:
        return []
    people = sorted({(s.index, s.person) for s in shown})
    measures = list(dict.fromkeys(s.measure for s in shown))
    by = {(s.measure, s.index): s for s in shown}
    firsts = Counter(_ends(s)[0].date for s in shown)  # type: ignore[index]
    lasts = Counter(_ends(s)[1].date for s in shown)  # type: ignore[index]
    usual = (firsts.most_common(1)[0][0], lasts.most_common(1)[0][0])
    rows = []
    for measure in measures:
        row = [cell(measure, st.cell)]
        for index, _name in people:
            s = by.get((measure, index))
            row += [
                cell(_cell_text(s, usual) if s else "", st.cell),
                cell(_verdict(s) if s else "", st.cell),
            ]
        rows.append(row)
    w = ctx.width
    if len(people) == 1:
        widths = [0.3 * w, 0.4 * w, 0.3 * w]
    else:
        widths = [0.2 * w] + [0.235 * w, 0.165 * w] * len(people)
    head = ["Measure"] + [h for _, name in people for h in (name, "Verdict")]
    lead = (
        f"Each cell: the first score ({_day(usual[0])}, unless another date is given) → the "
        f"latest ({_day(usual[1])}), and the change since the first in points (↑ ↓ the "
        "score's direction)."
    )
    return [para(lead, st.small), table(head, rows, widths, ctx)]
