"""The results page's sections as escaped rich text, from the summary a PDF prints too.

Every function reads a `ReportInput` that `reports.variant.view_for` has already cut to
the audience: the page shows what the matching PDF prints, nothing more. In the
clinician's view, what is private is marked so.
"""

from __future__ import annotations

from html import escape

from therapist_desk.reports.data import Line, ReportInput
from therapist_desk.reports.wording import NOT_ANSWERED, NOT_SCORED

PRIVATE_TAG = " <i>(private)</i>"


def _tag(private: bool, clinician: bool) -> str:
    return PRIVATE_TAG if private and clinician else ""


def _bullets(lines: tuple[Line, ...], clinician: bool) -> str:
    return "".join(f"<li>{escape(ln.text)}{_tag(ln.private, clinician)}</li>" for ln in lines)


def plan_html(data: ReportInput, clinician: bool) -> str:
    """The steps of the plan, each for whom."""
    steps = "".join(
        f"<li>{escape(step.text)}{_tag(step.private, clinician)}</li>"
        for step in data.recommendation.plan
    )
    return f"<b>The plan</b><ol>{steps}</ol>" if steps else ""


def reasons_html(data: ReportInput, clinician: bool) -> str:
    """Why: each reason, decisive first, with the answers behind it."""
    rows = []
    for reason in sorted(data.recommendation.reasons, key=lambda r: not r.decisive):
        role = " — decides the order" if reason.decisive and clinician else ""
        who = f" ({escape(_names(data, reason.participants))})" if reason.participants else ""
        rows.append(
            f"<li><b>{escape(reason.text)}</b>{who}{role}{_tag(reason.private, clinician)}"
            f"<ul>{_bullets(reason.evidence, clinician)}</ul></li>"
        )
    if not rows:
        return ""
    title = "Why" if clinician else "Why we suggest this"
    return f"<b>{title}</b><ul>{''.join(rows)}</ul>"


def counterfactuals_html(data: ReportInput, clinician: bool) -> str:
    """What would change the suggestion."""
    items = _bullets(data.recommendation.counterfactuals, clinician)
    title = "What would change it" if clinician else "What could change this suggestion"
    return f"<b>{title}</b><ul>{items}</ul>" if items else ""


def discrepancies_html(data: ReportInput, clinician: bool) -> str:
    """Partners whose scores differ enough to raise."""
    items = _bullets(data.discrepancies, clinician)
    title = "Differences between partners" if clinician else "Where your answers differ"
    return f"<b>{title}</b><ul>{items}</ul>" if items else ""


def focus_html(data: ReportInput) -> str:
    """The goals chosen, and what each kind of therapy offers for them."""
    if not data.focus_areas:
        return "<b>Focus areas</b><br>No goals were chosen."
    rows = "".join(
        f"<tr><td><b>{escape(a.area)}</b></td><td>{escape(a.individual_offers)}</td>"
        f"<td>{escape(a.couples_offers)}</td></tr>"
        for a in data.focus_areas
    )
    head = "<tr><th align=left>Goal</th><th align=left>Individual therapy</th>"
    head += "<th align=left>Relationship therapy</th></tr>"
    return f"<b>Focus areas</b><table cellspacing=6>{head}{rows}</table>"


def scores_html(data: ReportInput, clinician: bool) -> str:
    """Each participant's measures: total, band, and what is missing."""
    blocks = []
    for person in data.participants:
        rows = []
        for m in (m for m in data.measures if m.participant == person.key):
            total = NOT_SCORED if m.score is None else f"{m.score:g} of {m.max_score:g}"
            band = m.band or "—"
            gaps = f"{len(m.missing_items)} {NOT_ANSWERED}" if m.missing_items else ""
            rows.append(
                f"<tr><td>{escape(m.name)}{_tag(m.private, clinician)}</td>"
                f"<td align=right>{escape(total)}</td><td>{escape(band)}</td>"
                f"<td>{escape(gaps)}</td></tr>"
            )
        if rows:
            blocks.append(
                f"<b>{escape(person.display_name)}</b><table cellspacing=6>{''.join(rows)}</table>"
            )
    if not blocks:
        return ""
    title = "Scores" if clinician else "Questionnaire results"
    return f"<b>{title}</b><br>" + "".join(blocks)


def notes_html(data: ReportInput, clinician: bool) -> str:
    """The notes the audience may read (the clinician's own notes only in their view)."""
    items = "".join(
        f"<li><b>{escape(n.title)}</b>{_tag(n.private, clinician)}: {escape(n.text)}</li>"
        for n in data.notes
    )
    return f"<b>Notes</b><ul>{items}</ul>" if items else ""


def comparison_html(rows: tuple[tuple[str, str, str], ...], original_id: int) -> str:
    """A re-evaluation's result beside the original's, row by row."""
    cells = "".join(
        f"<tr><td><b>{escape(what)}</b></td><td>{_lines(before)}</td><td>{_lines(after)}</td></tr>"
        for what, before, after in rows
    )
    head = (
        "<tr><th></th><th align=left>Original result (kept)</th>"
        "<th align=left>Re-evaluated with today's rules</th></tr>"
    )
    title = f"<b>Re-evaluation of intake {original_id}</b> — the original is kept unchanged."
    return f"{title}<table cellspacing=6>{head}{cells}</table>"


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _names(data: ReportInput, keys: tuple[str, ...]) -> str:
    return " and ".join(data.name_of(k) for k in keys)
