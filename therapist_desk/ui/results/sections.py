"""The results page's longer sections as escaped rich text, from the stored dict."""

from __future__ import annotations

from html import escape
from typing import Any

PRIVATE_TAG = " <i>(private)</i>"


def reasons_html(rec: dict[str, Any]) -> str:
    """Why: each rule that fired, decisive first, with the answers behind it."""
    rows = []
    for reason in sorted(rec["reasons"], key=lambda r: not r["decisive"]):
        role = "decides the order" if reason["decisive"] else "also noted"
        private = PRIVATE_TAG if reason["private"] else ""
        evidence = "".join(
            f"<li>{escape(e['text'])}{PRIVATE_TAG if e['private'] else ''}</li>"
            for e in reason["evidence"]
        )
        note = f"<br><i>{escape(reason['note'])}</i>" if reason.get("note") else ""
        rows.append(
            f"<li><b>{escape(reason['title'])}</b> — {role}{private}{note}<ul>{evidence}</ul></li>"
        )
    return "<b>Why</b><ul>" + "".join(rows) + "</ul>"


def discrepancies_html(rec: dict[str, Any]) -> str:
    """Partners whose scores differ by a whole band or more."""
    items = "".join(
        f"<li>{escape(d['text'])}{PRIVATE_TAG if d['private'] else ''}</li>"
        for d in rec["discrepancies"]
    )
    return f"<b>Differences between partners to discuss</b><ul>{items}</ul>"


def comparison_html(rows: Any, original_id: int) -> str:
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


def focus_html(rec: dict[str, Any]) -> str:
    """The goals chosen, and what each kind of therapy offers for them."""
    if not rec["focus_areas"]:
        return "<b>Focus areas</b><br>No goals were chosen."
    rows = "".join(
        f"<tr><td><b>{escape(a['label'])}</b></td><td>{escape(a['individual'])}</td>"
        f"<td>{escape(a['couples'])}</td></tr>"
        for a in rec["focus_areas"]
    )
    head = "<tr><th align=left>Goal</th><th align=left>Individual therapy</th>"
    head += "<th align=left>Relationship therapy</th></tr>"
    return f"<b>Focus areas</b><table cellspacing=6>{head}{rows}</table>"


def scores_html(rec: dict[str, Any], names: dict[str, str]) -> str:
    """Each participant's measures: total, band, and what is missing."""
    blocks = []
    for pid, measures in rec["scores"].items():
        rows = []
        ordered = sorted(measures.items(), key=lambda kv: bool(kv[1].get("private")))
        for measure_id, score in ordered:
            total = "not scored" if score.get("total") is None else str(score["total"])
            band = (score.get("band") or {}).get("label", "—")
            missing = len(score.get("missing", []))
            gaps = f"{missing} not answered" if missing else ""
            private = PRIVATE_TAG if score.get("private") else ""
            name = escape(score.get("name", measure_id.upper()))
            if score.get("max_total") is not None and score.get("total") is not None:
                total += f" / {score['max_total']}"
            rows.append(
                f"<tr><td>{name}{private}</td><td align=right>{total}</td>"
                f"<td>{escape(band)}</td><td>{gaps}</td></tr>"
            )
        head = "<tr><th align=left>Measure</th><th>Total</th><th align=left>Band</th><th></th></tr>"
        person = escape(names.get(pid, pid))
        blocks.append(f"<b>{person}</b><table cellspacing=6>{head}{''.join(rows)}</table>")
    return "<b>Scores</b><br>" + "<br>".join(blocks)
