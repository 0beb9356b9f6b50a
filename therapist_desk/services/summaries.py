"""Intake summaries: the PDF of a stored intake or of an answers file, and its file name.

The desktop app and the command line both come here, so the PDF a clinician saves from
the results screen and the one ``therapist-desk export`` writes are the same document,
and both are recorded in the audit trail the same way. Both read the recommendation and
scores stored when the intake was completed (the frozen record), never the rules run
again on today's catalogue: after a catalogue or ruleset release a completed intake
prints exactly what its screen shows. What the documents hide from whom reads the
choices of what was asked alone recorded with the intake, never today's settings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake.answers_file import AnswersFile
from therapist_desk.intake.catalogue import Catalogue, for_reassessment
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.intake.record import is_record, recommendation_from_dict, rename_participants
from therapist_desk.models import AuditAction, IntakeMode, IntakePurpose, IntakeStatus
from therapist_desk.models.intake import asked_alone_of
from therapist_desk.reports.data import Decision as ReportDecision
from therapist_desk.reports.data import ReportInput, Variant
from therapist_desk.reports.files import default_filename, write_pdf_atomic
from therapist_desk.reports.variant import CLINICIAN, PERSONAL
from therapist_desk.services.audited import write_with_event
from therapist_desk.services.consent import read_consent, report_consent
from therapist_desk.services.practice import Practice, intake_catalogue
from therapist_desk.services.results import decision_view
from therapist_desk.settings import Settings
from therapist_desk.store import clients, completion, intakes
from therapist_desk.store.audit import record_event
from therapist_desk.store.errors import IntakeNotCompletedError
from therapist_desk.store.intake_input import engine_id, load_intake_answers

SESSION_NOTES = "Session notes"


def practice_info(settings: Settings, clinician: str = "") -> Any:
    """The practice as the settings describe it, with the intake's clinician if known."""
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

    ``catalogue`` is the catalogue as shipped (a practice's ``shipped``): the intake's
    record of what was asked alone is applied to it (`practice.intake_catalogue`), so
    the marks of who may see what are the ones in force when the intake was put.
    Raises ``NotFoundError`` for an unknown intake and ``IntakeNotCompletedError`` for a
    draft: a summary is made of finished intakes only.
    """
    intake = intakes.get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    catalogue = intake_catalogue(catalogue, asked_alone_of(intake.asked_alone_json), settings)
    if intake.purpose == IntakePurpose.REASSESSMENT:
        catalogue = for_reassessment(catalogue)  # its own pages; the history is the first's
    answers = load_intake_answers(session=session, intake_id=intake_id)
    rec = stored_recommendation(session=session, catalogue=catalogue, intake_id=intake_id)
    client = clients.get_client(session=session, client_id=intake.client_id)
    decision = completion.get_decision(session=session, intake_id=intake_id)
    from therapist_desk.reports.data import Note
    from therapist_desk.reports.from_intake import build_report_input

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
        generated_at=generated_at,
    )
    full_names = {f"p{p.position}": p.name for p in client.participants}
    people = tuple(replace(p, full_name=full_names.get(p.key, "")) for p in data.participants)
    agreed = read_consent(
        session=session, intake_id=intake_id, practice_name=settings.practice_name
    )
    return replace(data, participants=people, consent=report_consent(agreed)), intake.client_id


def report_decision(decision: Any, rec: Recommendation) -> ReportDecision | None:
    """The stored decision in the report's terms (its reason private if any finding is)."""
    return decision_view(decision, any(f.private for f in rec.findings))


def summary_filename(*, practice: Practice, intake_id: int, variant: Variant) -> str:
    """``intake-<initials>-<date>-<variant>.pdf``: never a full name."""
    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = clients.get_client(session=s, client_id=intake.client_id)
        names = [p.name for p in client.participants]
        return default_filename(names, intake.date, variant, reference=client.reference)


SEAL_CLINICIAN_ONLY = (
    "Only the clinician's version is sealed (--variant clinician): the versions for the "
    "clients are handed over, and a seal on them would prove nothing they need."
)


def render(
    data: ReportInput,
    *,
    variant: Variant,
    password: str | None = None,
    seal_folder: Path | None = None,
) -> bytes:
    """The PDF of ``data`` in ``variant`` (reportlab is loaded on first use).

    A personal summary is made only for a person of the intake. With ``seal_folder``
    (the data folder, where the practice's seal key is), the clinician's version is
    sealed (PAdES); any other version is refused.
    """
    from therapist_desk.reports.render import render_report

    if seal_folder is not None and variant != CLINICIAN:
        raise UserError(SEAL_CLINICIAN_ONLY)
    pdf = render_report(data, variant=resolved_variant(data, variant), password=password)
    if seal_folder is None:
        return pdf
    from therapist_desk.sharing.seal import seal_pdf

    return seal_pdf(pdf, folder=seal_folder, practice=data.practice_name, password=password)


def _seal_folder(practice: Practice, variant: Variant, seal: bool | None) -> Path | None:
    """Where the seal key is, if this document is sealed (``seal`` None: the setting)."""
    wanted = practice.settings.seal_clinician_pdf and variant == CLINICIAN if seal is None else seal
    return practice.folder if wanted else None


def resolved_variant(data: ReportInput, variant: Variant) -> Variant:
    """``variant`` with a person's number (``personal-2``: the second person's own
    summary, as the command line names it) turned into that person's key; a personal
    summary is made only for a person of the intake."""
    if not variant.startswith(PERSONAL):
        return variant
    wanted = variant.removeprefix(PERSONAL)
    keys = [p.key for p in data.participants]
    if wanted in keys:
        return variant
    if wanted.isdigit() and 1 <= int(wanted) <= len(keys):
        return PERSONAL + keys[int(wanted) - 1]
    count = "one person" if len(keys) == 1 else f"{len(keys)} people"
    choose = "personal-1" if len(keys) == 1 else f"personal-1 to personal-{len(keys)}"
    raise UserError(
        f"There is no person {wanted[:20]!r} in this intake: it is about {count}. Choose {choose}."
    )


def render_summary(
    *,
    practice: Practice,
    intake_id: int,
    variant: Variant,
    password: str | None = None,
    seal: bool | None = None,
) -> bytes:
    """The client or clinician summary of a completed intake, as PDF bytes (slow).

    The clinician's version is sealed when ``seal`` is True, or, with ``seal`` None,
    when the practice chose to seal it (Settings › Consent).
    """
    with practice.session() as s:
        data, _ = report_input(
            session=s, catalogue=practice.shipped, settings=practice.settings, intake_id=intake_id
        )
    folder = _seal_folder(practice, variant, seal)
    return render(data, variant=variant, password=password, seal_folder=folder)


def save_summary(
    *,
    practice: Practice,
    intake_id: int,
    variant: Variant,
    path: Path,
    pdf: bytes | None = None,
    password: str | None = None,
    via: str = "",
    seal: bool | None = None,
) -> Path:
    """Write the summary (``pdf`` if already rendered) atomically, mode 0600, and its
    audit event: both, or neither.

    ``via`` names where it was made (" (command line)") in the audit trail. The event is
    written first, holding the database's write lock, so a locked or full database stops
    it before any file is written; a PDF whose event could not be kept is removed.
    """
    with practice.session() as s:
        data, client_id = report_input(
            session=s, catalogue=practice.shipped, settings=practice.settings, intake_id=intake_id
        )
        if pdf is None:
            folder = _seal_folder(practice, variant, seal)
            pdf = render(data, variant=variant, password=password, seal_folder=folder)
        return write_with_event(
            practice,
            s,
            path=path,
            write=lambda target: write_pdf_atomic(target, pdf),
            client_id=client_id,
            intake_id=intake_id,
            detail=f"{variant} summary PDF{via}",
            what="the PDF",
        )


def audit_intake(*, practice: Practice, intake_id: int, action: AuditAction, detail: str) -> None:
    """Add an event about an intake to its client's audit trail (never client data)."""
    with practice.writing("the audit note"), practice.session() as s:
        client_id = intakes.get_intake(session=s, intake_id=intake_id).client_id
        record_event(
            session=s,
            client_id=client_id,
            action=action,
            intake_id=intake_id,
            actor=practice.clinician,
            detail=detail,
        )


def answers_file_summary(
    *, catalogue: Catalogue, settings: Settings, answers: AnswersFile
) -> tuple[ReportInput, Recommendation]:
    """The report of an answers file (no database) and the recommendation it rests on."""
    from therapist_desk.reports.from_intake import report_input_from_answers_file

    result = recommend(catalogue, answers.to_intake(catalogue))
    data = report_input_from_answers_file(
        answers, catalogue, result, practice=practice_info(settings)
    )
    return data, result


def answers_file_name(answers: AnswersFile, data: ReportInput, variant: Variant) -> str:
    """The default file name of an answers file's summary: initials and date, no names."""
    return default_filename([p.name for p in answers.participants], data.session_date, variant)
