"""Intake summaries of stored intakes: report input, PDF and file name. No Qt.

Shared by the desktop app and ``therapist-desk export``, so the PDF a clinician saves
from the results screen and the one the command line writes are the same document.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlmodel import Session

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.models import IntakeMode, IntakeStatus
from therapist_desk.reports.data import Decision as ReportDecision
from therapist_desk.reports.data import ReportInput
from therapist_desk.reports.files import default_filename
from therapist_desk.settings import Settings
from therapist_desk.store import clients, completion, intakes
from therapist_desk.store.errors import IntakeNotCompletedError
from therapist_desk.store.intake_input import load_intake_answers

SESSION_NOTES = "Session notes"


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


def report_input(
    *, session: Session, catalogue: Catalogue, settings: Settings, intake_id: int
) -> tuple[ReportInput, int]:
    """The report of a completed intake, and its client's id.

    Raises ``NotFoundError`` for an unknown intake and ``IntakeNotCompletedError`` for a
    draft: a summary is made of finished intakes only.
    """
    intake = intakes.get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    answers = load_intake_answers(session=session, intake_id=intake_id)
    rec = recommend(catalogue, answers)
    client = clients.get_client(session=session, client_id=intake.client_id)
    decision = completion.get_decision(session=session, intake_id=intake_id)
    from therapist_desk.reports.data import Note
    from therapist_desk.reports.from_intake import build_report_input  # reportlab on use

    notes = (Note(SESSION_NOTES, intake.notes, private=True),) if intake.notes else ()
    data = build_report_input(
        catalogue,
        answers,
        rec,
        practice=practice_info(settings, intake.clinician),
        session_date=intake.date,
        mode=IntakeMode(intake.mode).value,
        decision=report_decision(decision, rec),
        notes=notes,
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
