"""Intake summaries of stored intakes: report input, PDF and file name. No Qt.

Shared by the desktop app and ``therapist-desk export``, so the PDF a clinician saves
from the results screen and the one the command line writes are the same document. Both
read the recommendation and scores stored when the intake was completed (the frozen
record), never the rules run again on today's catalogue: after a catalogue or ruleset
release a completed intake prints exactly what its screen shows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.intake.record import (
    is_record,
    recommendation_from_dict,
    rename_participants,
)
from therapist_desk.models import IntakeMode, IntakeStatus
from therapist_desk.reports.data import Decision as ReportDecision
from therapist_desk.reports.data import ReportInput
from therapist_desk.reports.files import default_filename
from therapist_desk.settings import Settings
from therapist_desk.store import clients, completion, intakes
from therapist_desk.store.errors import IntakeNotCompletedError
from therapist_desk.store.intake_input import engine_id, load_intake_answers


def practice_info(settings: Settings, clinician: str) -> Any:
    """The practice as the settings describe it, with the intake's clinician."""
    from therapist_desk.reports.from_intake import PracticeInfo

    logo = Path(settings.logo_path).expanduser() if settings.logo_path else None
    return PracticeInfo(
        settings.practice_name or "Therapist Desk",
        clinician or settings.clinician_name,
        settings.clinician_credentials,
        logo,
    )


def stored_recommendation(
    *, session: Session, catalogue: Catalogue, intake_id: int
) -> Recommendation:
    """The recommendation recorded when the intake was completed.

    A record that holds no whole recommendation (only test fixtures of the first schemas
    have one) is made again from the answers, as every release before the frozen record
    did; nothing a clinician completed is read that way.
    """
    snap = completion.get_snapshots(session=session, intake_id=intake_id)
    if snap is not None and is_record(snap.recommendation):
        data = snap.recommendation
        ids = {p["id"]: engine_id(i + 1) for i, p in enumerate(data["participants"])}
        return recommendation_from_dict(rename_participants(data, ids))
    return recommend(catalogue, load_intake_answers(session=session, intake_id=intake_id))


def report_input(
    *,
    session: Session,
    catalogue: Catalogue,
    settings: Settings,
    intake_id: int,
    generated_at: datetime | None = None,
) -> tuple[ReportInput, int]:
    """The report of a completed intake, from its stored record, and its client's id.

    Raises ``NotFoundError`` for an unknown intake and ``IntakeNotCompletedError`` for a
    draft: a summary is made of finished intakes only.
    """
    intake = intakes.get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    answers = load_intake_answers(session=session, intake_id=intake_id)
    rec = stored_recommendation(session=session, catalogue=catalogue, intake_id=intake_id)
    client = clients.get_client(session=session, client_id=intake.client_id)
    decision = completion.get_decision(session=session, intake_id=intake_id)
    from therapist_desk.reports.from_intake import build_report_input  # reportlab on use

    data = build_report_input(
        catalogue,
        answers,
        rec,
        practice=practice_info(settings, intake.clinician),
        session_date=intake.date,
        mode=IntakeMode(intake.mode).value,
        decision=report_decision(decision, rec),
        generated_at=generated_at,
    )
    full_names = {f"p{p.position}": p.name for p in client.participants}
    people = tuple(replace(p, full_name=full_names.get(p.key, "")) for p in data.participants)
    return replace(data, participants=people), intake.client_id


def summary_filename(*, session: Session, intake_id: int, variant: str) -> str:
    """``intake-<initials>-<date>-<variant>.pdf``: never a full name."""
    intake = intakes.get_intake(session=session, intake_id=intake_id)
    client = clients.get_client(session=session, client_id=intake.client_id)
    return default_filename([p.name for p in client.participants], intake.date, variant)


def report_decision(decision: Any, rec: Recommendation) -> ReportDecision | None:
    """The stored decision in the report's terms (its reason private if any finding is)."""
    if decision is None:
        return None
    return ReportDecision(
        status="accepted" if decision.accepted else "overridden",
        final_order_label=explain.order_label(TherapyOrder(decision.final_order)),
        reason=decision.reason or "",
        decided_at=decision.decided_at,
        reason_private=any(f.private for f in rec.findings),
    )
