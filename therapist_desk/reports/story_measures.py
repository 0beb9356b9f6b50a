"""Story sections about the measures: scores table, unanswered items, charts, discrepancies."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from therapist_desk.reports.blocks import Context, bullets, cell, heading, markup_para, para, table
from therapist_desk.reports.charts import measure_charts
from therapist_desk.reports.data import MeasureResult
from therapist_desk.reports.escape import para_text
from therapist_desk.reports.wording import NOT_ANSWERED, NOT_SCORED


def _score(m: MeasureResult) -> str:
    if m.score is None:
        return NOT_SCORED
    return f"{m.score:g} / {m.max_score:g}"


def _answered(m: MeasureResult) -> str:
    if not m.total_items:
        return ""
    return f"{m.answered} of {m.total_items}"


def _row(ctx: Context, m: MeasureResult) -> list[Flowable]:
    st = ctx.styles
    missing = "<br/>".join(f"{para_text(item)}: <i>{NOT_ANSWERED}</i>" for item in m.missing_items)
    flags = "<br/>".join(ctx.private_tag(f.private) + para_text(f.text) for f in m.flags)
    notes = "<br/>".join(part for part in (flags, missing) if part) or "—"
    return [
        cell(m.name, st.cell, prefix=ctx.private_tag(m.private)),
        _score(m),  # our own digits: a plain string cell needs no markup parsing
        cell(m.band or "—", st.cell),
        cell(m.cutoff_text or "—", st.cell),
        _answered(m),
        markup_para(notes, st.cell, align_right=False) if notes != "—" else notes,
    ]


HEADER = ("Measure", "Score", "Band", "Cut-off", "Answered", "Flags and unanswered items")
SHARES = (0.19, 0.08, 0.17, 0.25, 0.12, 0.19)


def measures(ctx: Context) -> list[Flowable]:
    """Scores per participant with bands, cut-offs, unanswered items and flags; charts."""
    data, st, words = ctx.data, ctx.styles, ctx.words
    out: list[Flowable] = [heading(words.measures, st.h1)]
    if not data.measures:
        return [*out, para("No measures were completed.", st.body)]
    out.append(para(words.measures_intro, st.intro))
    widths = [share * ctx.width for share in SHARES]
    keys = [p.key for p in data.participants]
    keys += sorted({m.participant for m in data.measures} - set(keys))
    for key in keys:
        rows = [_row(ctx, m) for m in data.measures if m.participant == key]
        if rows:
            out += [para(data.name_of(key), st.h2), table(HEADER, rows, widths, ctx)]
    names = {p.key: p.display_name for p in data.participants}
    out.append(Spacer(1, 4 * mm))
    out += [
        KeepTogether([c])
        for c in measure_charts(data.measures, names, ctx.width, mark_private=ctx.clinician)
    ]
    return out


NO_DISCREPANCY = "No differences of a whole severity band."
"""What reports of ruleset 1.0.0 said when no band differed (kept for those records)."""


def discrepancies(ctx: Context) -> list[Flowable]:
    """Where partners' scores differ enough to raise (as the record's ruleset decided)."""
    items = ctx.data.discrepancies
    if len(ctx.data.participants) < 2 and not items:
        return []
    st = ctx.styles
    if not items:
        return [
            heading(ctx.words.discrepancies, st.h2),
            para(ctx.data.no_discrepancies or NO_DISCREPANCY, st.body),
        ]
    return [
        heading(ctx.words.discrepancies, st.h2),
        *bullets(
            [d.text for d in items], st.bullet, prefixes=[ctx.private_tag(d.private) for d in items]
        ),
    ]
