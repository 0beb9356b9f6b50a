"""Story sections from the header to the decision: who, when, what we suggest and why."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from therapist_desk.reports.blocks import Context, bullets, fmt_date, fmt_datetime, heading, para
from therapist_desk.reports.escape import para_text
from therapist_desk.reports.fonts import FAMILY
from therapist_desk.reports.logo import logo_problem
from therapist_desk.reports.styles import ACCENT, ACCENT_LIGHT, SAFETY, SAFETY_LIGHT
from therapist_desk.reports.wording import DECISIONS, MODES

LOGO_MAX_H = 16 * mm
LOGO_MAX_W = 45 * mm


def _logo(ctx: Context) -> Flowable | None:
    path = ctx.data.logo_path
    if path is None or logo_problem(path) is not None:
        return None  # left out: the settings refuse such a file, the command line says so
    try:
        logo = Image(str(path))
    except Exception:  # Pillow's errors differ by format and version
        return None
    scale = min(LOGO_MAX_W / logo.imageWidth, LOGO_MAX_H / logo.imageHeight, 1.0)
    logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
    logo.hAlign = "RIGHT"
    return logo


def header(ctx: Context) -> list[Flowable]:
    """Practice, logo, title, the people, the date, the clinician and the setting."""
    data, st = ctx.data, ctx.styles
    practice = para(data.practice_name, st.h2) if data.practice_name.strip() else Spacer(1, 1)
    logo = _logo(ctx)
    top: Flowable = practice
    if logo is not None:
        top = Table([[practice, logo]], colWidths=[ctx.width - LOGO_MAX_W, LOGO_MAX_W])
        top.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
    clinician = data.clinician_name
    if data.clinician_credentials:
        clinician = f"{clinician}, {data.clinician_credentials}"
    facts = [
        (
            "Client" if len(data.participants) == 1 else "Clients",
            " and ".join(p.full_name or p.display_name for p in data.participants),
        ),
        ("Date", fmt_date(data.session_date)),
        ("Clinician", clinician),
        ("Session", MODES.get(data.mode, data.mode)),
    ]
    # Our own left-to-right sentences ("דנה כהן and Amira"), whatever the names' script.
    rows = [
        [para(k, st.cell_head), para(v, st.cell, rtl=False, align_right=False)] for k, v in facts
    ]
    facts_table = Table(rows, colWidths=[28 * mm, ctx.width - 28 * mm], hAlign="LEFT")
    facts_table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [
        top,
        Spacer(1, 3 * mm),
        para(data.title, st.title),
        para(ctx.words.variant_label, st.subtitle),
        facts_table,
        Spacer(1, 2 * mm),
    ]


def _boxed(content: list[Flowable], width: float, fill, edge) -> Table:
    box = Table([[content]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def safety(ctx: Context) -> list[Flowable]:
    """The safety actions, in a prominent box (clinician version only)."""
    actions = ctx.data.recommendation.safety_actions
    if not (ctx.clinician and actions):
        return []
    st = ctx.styles
    items = [
        a.text + (f" ({ctx.names(a.participants)})" if a.participants else "") for a in actions
    ]
    tags = [ctx.private_tag(a.private) for a in actions]
    content = [heading(ctx.words.safety, st.safety_head), *bullets(items, st.safety, prefixes=tags)]
    return [Spacer(1, 2 * mm), _boxed(content, ctx.width, SAFETY_LIGHT, SAFETY)]


def recommendation(ctx: Context) -> list[Flowable]:
    """The order in plain words, its strength, why, and what would change it."""
    rec, st, words = ctx.data.recommendation, ctx.styles, ctx.words
    order_heading = words.order_agreed if rec.decided and words.order_agreed else words.order
    summary = [
        para(
            rec.order_label,
            st.title,
            prefix=f"<font size=9 color='#666666'>{para_text(order_heading)}</font><br/>",
        )
    ]
    summary += [
        para(step.text, st.bullet, prefix=ctx.private_tag(step.private), bullet="•")
        for step in rec.plan
    ]
    if rec.strength:
        summary.append(para(rec.strength, st.body, prefix=f"<b>{para_text(words.strength)}:</b> "))
    summary.append(para(rec.explanation, st.body))
    if rec.provisional:
        summary.append(para(words.provisional, st.emphasis))
    out: list[Flowable] = [
        heading(words.agreed if rec.decided and words.agreed else words.recommendation, st.h1),
        _boxed(summary, ctx.width, ACCENT_LIGHT, ACCENT),
    ]
    if rec.reasons:
        out.append(heading(words.why, st.h2))
        for reason in rec.reasons:
            who = f" ({ctx.names(reason.participants)})" if reason.participants else ""
            block = [
                para(
                    reason.text + who, st.bullet, prefix=ctx.private_tag(reason.private), bullet="•"
                )
            ]
            block += [
                para(e.text, st.evidence, prefix=ctx.private_tag(e.private), bullet="–")
                for e in reason.evidence
            ]
            out.append(KeepTogether(block))
    if rec.counterfactuals:
        out.append(heading(words.what_would_change, st.h2))
        out += bullets(
            [c.text for c in rec.counterfactuals],
            st.bullet,
            prefixes=[ctx.private_tag(c.private) for c in rec.counterfactuals],
        )
    return out


def decision(ctx: Context) -> list[Flowable]:
    """The clinician's final decision and, when it differs, the reason."""
    dec, st = ctx.data.decision, ctx.styles
    if not ctx.clinician:
        return []  # the clients read the decision as the order itself, above
    out: list[Flowable] = [heading(ctx.words.decision, st.h2)]
    if dec is None or dec.status == "pending":
        return [*out, para(DECISIONS["pending"], st.body)]
    line = DECISIONS[dec.status]
    if dec.final_order_label:
        line += f": {dec.final_order_label}"
    out.append(para(line, st.body))
    if dec.status == "overridden" and dec.reason:
        out.append(
            para(
                dec.reason, st.body, prefix="<b>Reason:</b> " + ctx.private_tag(dec.reason_private)
            )
        )
    if dec.decided_at is not None:
        out.append(para(f"Decided {fmt_datetime(dec.decided_at)}", st.small))
    return out
