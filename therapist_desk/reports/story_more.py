"""Story sections after the recommendation: focus areas, concerns, goals, answers, notes,
next steps, references and (clinician only) the rule trace."""

from __future__ import annotations

from reportlab.platypus import Flowable

from therapist_desk.reports.blocks import Context, bullets, cell, heading, para, table
from therapist_desk.reports.data import Line
from therapist_desk.reports.wording import NOT_ANSWERED

NONE_RECORDED = "None recorded."
ERROL_ORTH = (
    "Erol, R. Y., & Orth, U. (2014). Development of self-esteem and relationship "
    "satisfaction in couples: Two longitudinal studies. Developmental Psychology, 50(9), "
    "2291–2303."
)


def focus_areas(ctx: Context) -> list[Flowable]:
    """The areas the client chose and what each kind of therapy offers for them."""
    st, areas = ctx.styles, ctx.data.focus_areas
    out: list[Flowable] = [heading(ctx.words.focus, st.h1)]
    if not areas:
        return [*out, para(NONE_RECORDED, st.body)]
    w = ctx.width
    rows = [
        [
            cell(a.area, st.cell_head),
            cell(a.individual_offers, st.cell),
            cell(a.couples_offers, st.cell),
        ]
        for a in areas
    ]
    header = ["Area", "What individual therapy offers", "What relationship therapy offers"]
    return [*out, table(header, rows, [0.22 * w, 0.39 * w, 0.39 * w], ctx)]


def _line_list(ctx: Context, title: str, lines: tuple[Line, ...]) -> list[Flowable]:
    st = ctx.styles
    out: list[Flowable] = [heading(title, st.h2)]
    if not lines:
        return [*out, para(NONE_RECORDED, st.body)]
    texts = [
        ln.text + (f" ({ctx.names(ln.participants)})" if ln.participants else "") for ln in lines
    ]
    return out + bullets(texts, st.bullet, prefixes=[ctx.private_tag(ln.private) for ln in lines])


def concerns_and_goals(ctx: Context) -> list[Flowable]:
    """Presenting concerns and the client's goals."""
    return [
        heading(ctx.words.concerns, ctx.styles.h1),
        *_line_list(ctx, ctx.words.concerns, ctx.data.presenting_concerns)[1:],
        *_line_list(ctx, ctx.words.goals, ctx.data.goals),
    ]


def answers(ctx: Context) -> list[Flowable]:
    """Every indicator question with its answer; a missing one says "not answered"."""
    st, items = ctx.styles, ctx.data.answers
    if not items:
        return []
    w = ctx.width
    rows = [
        [
            cell(a.section, st.cell, prefix=ctx.private_tag(a.private)),
            cell(a.question, st.cell),
            cell(ctx.data.name_of(a.participant), st.cell),
            cell(
                a.answer if a.answer is not None else NOT_ANSWERED,
                st.cell if a.answer is not None else st.emphasis,
            ),
        ]
        for a in items
    ]
    header = ["Section", "Question", "Participant", "Answer"]
    return [
        heading(ctx.words.answers, st.h1),
        table(header, rows, [0.2 * w, 0.44 * w, 0.16 * w, 0.2 * w], ctx),
    ]


def notes(ctx: Context) -> list[Flowable]:
    """Free-text notes; long ones flow across pages."""
    st, items = ctx.styles, ctx.data.notes
    if not items:
        return []
    out: list[Flowable] = [heading(ctx.words.notes, st.h1)]
    for note in items:
        out.append(para(note.title, st.h2, prefix=ctx.private_tag(note.private)))
        out += [para(chunk, st.body) for chunk in note.text.split("\n\n") if chunk.strip()]
    return out


def next_steps(ctx: Context) -> list[Flowable]:
    """What happens next."""
    st, rec = ctx.styles, ctx.data.recommendation
    lines = ctx.data.next_steps
    if rec.provisional and rec.open_questions_step:
        at = max(len(lines) - 1, 0)  # before "repeat the questionnaires"
        lines = (*lines[:at], Line(rec.open_questions_step), *lines[at:])
    body = _line_list(ctx, ctx.words.next_steps, lines)[1:]
    return [heading(ctx.words.next_steps, st.h1), *body]


def references(ctx: Context) -> list[Flowable]:
    """Erol & Orth (2014) and the citation of every measure shown, each once."""
    refs: list[str] = []
    cited = (getattr(ref, "text", ref) for ref in ctx.data.references)
    for ref in (ERROL_ORTH, *cited, *(m.citation for m in ctx.data.measures)):
        if ref and ref not in refs:
            refs.append(ref)
    return [heading(ctx.words.references, ctx.styles.h1), *bullets(refs, ctx.styles.small)]


def rule_trace(ctx: Context) -> list[Flowable]:
    """Every rule the engine evaluated, whether it fired, and on which answers."""
    st, trace = ctx.styles, ctx.data.rule_trace
    if not (ctx.clinician and trace):
        return []
    w = ctx.width
    rows = [
        [
            cell(t.rule_id, st.cell),
            cell(t.title, st.cell),
            cell("fired" if t.fired else "did not fire", st.cell_head if t.fired else st.cell),
            cell(t.outcome or "—", st.cell),
            cell("\n".join(t.evidence) or "—", st.cell),
        ]
        for t in trace
    ]
    header = ["Rule", "Checks", "Result", "Outcome", "Answers it used"]
    return [
        heading(ctx.words.trace, st.h1),
        table(header, rows, [0.08 * w, 0.26 * w, 0.12 * w, 0.22 * w, 0.32 * w], ctx),
    ]
