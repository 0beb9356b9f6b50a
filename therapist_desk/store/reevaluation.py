"""Re-evaluating a completed intake under a newer ruleset or catalogue, keeping the original.

A completed intake keeps the result it was completed with (its frozen record). When the
app's ruleset or catalogue is newer than the one recorded, the clinician may
re-evaluate: that makes an amendment with the same answers, completed at once with
today's rules, linked to the original, which stays exactly as it was. The amendment's
results show both results side by side (:func:`comparison`). Plain Python: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import Catalogue, asked_alone_choices, for_reassessment
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.findings import RULESET_VERSION, TherapyOrder
from therapist_desk.models import Answer, AuditAction, Intake, IntakePurpose, IntakeStatus
from therapist_desk.models._base import utcnow
from therapist_desk.models.intake import asked_alone_text
from therapist_desk.store.audit import add_event
from therapist_desk.store.clients import get_client
from therapist_desk.store.completion import complete_intake, get_snapshots
from therapist_desk.store.consent import copy_records
from therapist_desk.store.errors import IntakeNotCompletedError
from therapist_desk.store.intake_input import load_intake_answers
from therapist_desk.store.intakes import get_intake

TEXTS = {
    "offer": "Re-evaluate with ruleset {ruleset}",
    "offer_catalogue": "Re-evaluate with ruleset {ruleset} and catalogue {catalogue}",
    "detail": "re-evaluated with ruleset {ruleset}, catalogue {catalogue}",
    "order": "Suggested order",
    "strength": "Strength",
    "plan": "Plan",
    "safety": "Safety actions",
    "versions": "Ruleset and catalogue",
    "none": "none",
    "provisional": " (provisional)",
}


@dataclass(frozen=True)
class Comparison:
    """Two results of the same answers: the original's and the re-evaluation's."""

    original_intake_id: int
    before: dict[str, Any]
    after: dict[str, Any]
    rows: tuple[tuple[str, str, str], ...]
    """(what, original, re-evaluated) in plain words, for a side-by-side view."""


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def offer(*, ruleset_version: str, catalogue_version: str, catalogue: Catalogue) -> str | None:
    """ "Re-evaluate with ruleset 1.1.0" when today's rules or catalogue are newer than the
    record's (never when either is older: an older app does not re-evaluate newer work)."""
    today = (_version(RULESET_VERSION), _version(catalogue.version))
    recorded = (_version(ruleset_version), _version(catalogue_version))
    if today == recorded or today[0] < recorded[0] or today[1] < recorded[1]:
        return None
    if catalogue_version == catalogue.version:
        return TEXTS["offer"].format(ruleset=RULESET_VERSION)
    return TEXTS["offer_catalogue"].format(ruleset=RULESET_VERSION, catalogue=catalogue.version)


def reevaluation_offer(*, session: Session, catalogue: Catalogue, intake_id: int) -> str | None:
    """The offer for a completed intake, unless it is already re-evaluated with today's rules."""
    intake = get_intake(session=session, intake_id=intake_id)
    snap = get_snapshots(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.COMPLETED or snap is None:
        return None
    if _latest(session, intake_id, catalogue) is not None:
        return None
    return offer(
        ruleset_version=snap.ruleset_version,
        catalogue_version=snap.catalogue_version,
        catalogue=catalogue,
    )


def _latest(session: Session, intake_id: int, catalogue: Catalogue) -> Intake | None:
    """A re-evaluation of ``intake_id`` made with today's ruleset and catalogue, if any."""
    return session.exec(
        select(Intake).where(
            Intake.amends_intake_id == intake_id,
            Intake.reevaluation == True,  # noqa: E712  (SQL, not Python)
            Intake.ruleset_version == RULESET_VERSION,
            Intake.catalogue_version == catalogue.version,
        )
    ).first()


def reevaluate(*, session: Session, catalogue: Catalogue, intake_id: int, actor: str) -> Intake:
    """A completed re-evaluation of ``intake_id`` under today's rules; commit.

    ``catalogue`` is today's, put the way the original was (what it asked alone: see
    `intake.catalogue.as_recorded`); the copy records that way. The original is not
    touched. A second request returns the re-evaluation already made with today's
    ruleset instead of another copy.
    """
    original = get_intake(session=session, intake_id=intake_id)
    if original.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    existing = _latest(session, intake_id, catalogue)
    if existing is not None:
        return existing
    now = utcnow()
    copy = Intake(
        client_id=original.client_id,
        date=original.date,
        clinician=original.clinician,
        mode=original.mode,
        catalogue_version=catalogue.version,
        ruleset_version=RULESET_VERSION,
        amends_intake_id=original.id,
        amended_by=actor,
        reevaluation=True,
        purpose=original.purpose,
        present_json=original.present_json,  # who came stays who came
        asked_alone_json=asked_alone_text(asked_alone_choices(catalogue)),
        created_at=now,
        updated_at=now,
    )
    session.add(copy)
    session.flush()
    assert copy.id is not None
    answers = session.exec(select(Answer).where(Answer.intake_id == intake_id)).all()
    session.add_all(
        Answer(
            intake_id=copy.id,
            participant_id=a.participant_id,
            item_id=a.item_id,
            value_json=a.value_json,
            answered_at=a.answered_at,
        )
        for a in answers
    )
    copy_records(session=session, from_intake=intake_id, to_intake=copy.id)
    session.flush()
    client = get_client(session=session, client_id=original.client_id)
    detail = TEXTS["detail"].format(ruleset=RULESET_VERSION, catalogue=catalogue.version)
    add_event(
        session,
        client_ref=client.reference,
        action=AuditAction.AMENDED,
        intake_id=copy.id,
        actor=actor,
        detail=detail,
    )
    asked = (
        for_reassessment(catalogue) if original.purpose == IntakePurpose.REASSESSMENT else catalogue
    )
    rec = recommend(asked, load_intake_answers(session=session, intake_id=copy.id))
    data = rec.to_dict()
    complete_intake(
        session=session,
        intake_id=copy.id,
        scores_json=data["scores"],
        recommendation_json=data,
        catalogue_version=rec.catalogue_version,
        ruleset_version=rec.ruleset_version,
        actor=actor,
    )
    return copy


def comparison(*, session: Session, intake_id: int) -> Comparison | None:
    """For a re-evaluation, its result beside the original's; ``None`` for any other intake."""
    intake = get_intake(session=session, intake_id=intake_id)
    if not intake.reevaluation or intake.amends_intake_id is None:
        return None
    before = get_snapshots(session=session, intake_id=intake.amends_intake_id)
    after = get_snapshots(session=session, intake_id=intake_id)
    if before is None or after is None:
        return None
    old, new = before.recommendation, after.recommendation
    rows = tuple(
        (TEXTS[key], _say(key, old, before), _say(key, new, after))
        for key in ("order", "strength", "plan", "safety", "versions")
    )
    return Comparison(intake.amends_intake_id, old, new, rows)


def _say(key: str, rec: dict[str, Any], snap: Any) -> str:
    """One row of the comparison in words, from a stored record (any ruleset's shape)."""
    if key == "order":
        return rec.get("order_label") or explain.order_label(TherapyOrder(rec["order"]))
    if key == "strength":
        label = rec.get("strength_label") or rec.get("strength", "")
        return label + (TEXTS["provisional"] if rec.get("provisional") else "")
    if key == "plan":
        return "\n".join(f"{p['step']}. {p['text']}" for p in rec.get("parts", ())) or TEXTS["none"]
    if key == "safety":
        return "\n".join(s["text"] for s in rec.get("safety", ())) or TEXTS["none"]
    return f"{snap.ruleset_version} / {snap.catalogue_version}"
