"""The consent section: the practice's couples policy, who agreed when, the signatures.

Both versions carry it (a partner's own summary names that partner only). An intake
with no consent recorded in the app (imported, or begun before consent was asked) says
so, rather than leaving the section out.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from therapist_desk.reports.blocks import Context, cell, fmt_datetime, heading, para, table
from therapist_desk.reports.data import ConsentPerson

TITLE = "Consent"
NONE = (
    "No consent was recorded in the app for this intake (it was imported, or began "
    "before the app asked for consent)."
)
SIGNATURE_W, SIGNATURE_H = 55 * mm, 16 * mm


def _signature(person: ConsentPerson) -> Flowable | str:
    if not person.signature_png:
        return "—"
    image = Image(BytesIO(person.signature_png))
    scale = min(SIGNATURE_W / image.imageWidth, SIGNATURE_H / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    image.hAlign = "LEFT"
    return image


def _agreement(person: ConsentPerson) -> str:
    if person.agreed_at is None:
        return "Not agreed"
    text = f"Agreed {fmt_datetime(person.agreed_at)}"
    if person.withdrawn_at is not None:
        text += f"; withdrew {fmt_datetime(person.withdrawn_at)}"
    return text


def consent(ctx: Context) -> list[Flowable]:
    """The policy and its version, each person's agreement, and the signatures."""
    data, st = ctx.data.consent, ctx.styles
    if data is None:
        return []
    out: list[Flowable] = [heading(TITLE, st.h1)]
    if data.version is None:
        return [*out, para(NONE, st.body)]
    out.append(
        para(f"Couples policy: {data.policy} — consent text version {data.version}.", st.body)
    )
    out += [para(chunk, st.body) for chunk in data.text.split("\n\n") if chunk.strip()]
    w = ctx.width
    rows = []
    for person in data.people:
        rows.append(
            [
                cell(person.name, st.cell_head),
                cell(_agreement(person), st.cell),
                _signature(person),
            ]
        )
    if data.clinician is not None:
        signed = data.clinician.signed_at
        rows.append(
            [
                cell(f"{data.clinician.name} (clinician)", st.cell_head),
                cell(f"Signed {fmt_datetime(signed)}" if signed else "—", st.cell),
                _signature(data.clinician),
            ]
        )
    out.append(
        table(["Person", "Agreement", "Signature"], rows, [0.3 * w, 0.35 * w, 0.35 * w], ctx)
    )
    withdrawn = [p for p in data.people if p.withdrawn_at is not None]
    for person in withdrawn:
        out.append(
            para(
                f"{person.name} withdrew consent on {fmt_datetime(person.withdrawn_at)}"  # type: ignore[arg-type]
                " — the intake asked nothing more. The answers in this summary were all "
                "given before then.",
                st.body,
            )
        )
    out.append(Spacer(1, 2 * mm))
    out.append(para(f"SHA-256 of the text agreed: {data.sha256}", st.small))
    return [KeepTogether(out[:3]), *out[3:]]
