"""Sharing: print, email or draft a summary, and export a client's data; all audited.

The audit trail keeps what was shared, which version and the recipient's domain only —
never an address, a name or the message.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from therapist_desk.intake.answers_file import AnswersFile, DecisionFile, IntakeMetaFile, PersonFile
from therapist_desk.models import AuditAction, IntakeStatus
from therapist_desk.reports.data import Variant
from therapist_desk.reports.files import initials
from therapist_desk.services import summaries
from therapist_desk.services.practice import Practice
from therapist_desk.services.views import ShareValues
from therapist_desk.sharing.drafts import remove_temp_drafts, write_eml_draft
from therapist_desk.sharing.export import ScoreRow, score_rows, write_export
from therapist_desk.sharing.message import Outgoing, build_message, recipient_domain
from therapist_desk.sharing.smtp import SmtpServer, send_message
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import fileset, intakes
from therapist_desk.store.audit import record_event
from therapist_desk.store.history import client_history

DEFAULT_PRACTICE = "Therapist Desk"


def _what(variant: str, password: str | None) -> str:
    protected = " (password-protected)" if password else ""
    return f"{variant} summary PDF{protected}"


def share_values(*, practice: Practice, intake_id: int) -> ShareValues:
    """The email template's placeholders and the client's addresses."""
    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        first = [(p.preferred_name or p.name).split()[0] for p in people]
        emails = tuple(p.email for p in people if p.email)
    return ShareValues(
        client_first_names=" and ".join(first),
        practice=practice.settings.practice_name or DEFAULT_PRACTICE,
        clinician=practice.settings.clinician_name or intake.clinician,
        emails=emails,
    )


def record_printed(*, practice: Practice, intake_id: int, variant: Variant, pages: int) -> None:
    """Note in the audit trail that a summary was printed."""
    summaries.audit_intake(
        practice=practice,
        intake_id=intake_id,
        action=AuditAction.PRINTED,
        detail=f"{variant} summary PDF printed, {pages} pages",
    )


def email_summary(
    *,
    practice: Practice,
    intake_id: int,
    variant: Variant,
    outgoing: Outgoing,
    pdf_password: str | None,
    server: SmtpServer,
    smtp_password: str | None,
) -> str:
    """Render, attach and send the summary; returns the recipient's domain."""
    pdf = summaries.render_summary(
        practice=practice, intake_id=intake_id, variant=variant, password=pdf_password
    )
    send_message(server, build_message(replace(outgoing, pdf=pdf)), password=smtp_password)
    domain = recipient_domain(outgoing.to)
    summaries.audit_intake(
        practice=practice,
        intake_id=intake_id,
        action=AuditAction.EMAILED,
        detail=f"{_what(variant, pdf_password)} emailed to {domain}",
    )
    return domain


def email_draft(
    *,
    practice: Practice,
    intake_id: int,
    variant: Variant,
    outgoing: Outgoing,
    pdf_password: str | None,
) -> Path:
    """An ``.eml`` draft with the summary attached, in the practice's ``drafts/`` folder."""
    pdf = summaries.render_summary(
        practice=practice, intake_id=intake_id, variant=variant, password=pdf_password
    )
    message = build_message(replace(outgoing, pdf=pdf), unsent=True)
    db_path = practice.database.path
    path = write_eml_draft(
        message,
        folder=fileset.drafts_dir(db_path),
        name=fileset.draft_stem(db_path, Path(outgoing.filename).stem),
    )
    domain = recipient_domain(outgoing.to)
    summaries.audit_intake(
        practice=practice,
        intake_id=intake_id,
        action=AuditAction.EMAILED,
        detail=f"{_what(variant, pdf_password)} drafted in mail app for {domain}",
    )
    return path


def remove_drafts(*, practice: Practice) -> int:
    """Shred the practice's email drafts (and any an older release left in the system's
    temporary folder); how many went. Called when the window closes and when it starts."""
    return len(fileset.remove_drafts(practice.database.path)) + remove_temp_drafts()


def export_client_data(
    *, practice: Practice, client_id: int, folder: Path
) -> tuple[list[Path], int]:
    """Completed intakes as answers files and the scores as CSV; (files, drafts skipped)."""
    files: list[tuple[str, AnswersFile]] = []
    rows: list[ScoreRow] = []
    drafts = 0
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        stem = "export-" + "-".join(initials(p.name) for p in people)
        for entry in client_history(session=s, client_id=client_id):
            intake, rec = entry.intake, entry.recommendation
            assert intake.id is not None
            if IntakeStatus(intake.status) is IntakeStatus.DRAFT or rec is None:
                drafts += 1
                continue
            stored = store_answers.load_answers(session=s, intake_id=intake.id)
            files.append(
                (
                    f"{intake.date.isoformat()}-intake{intake.id}",
                    _answers_file(client.kind, people, stored, intake, entry.decision),
                )
            )
            names = {p["id"]: p["name"] for p in rec["participants"]}
            rows += score_rows(intake.date.isoformat(), names, rec.get("scores", {}))
        written = write_export(folder, stem, files, rows)
        record_event(
            session=s,
            client_id=client_id,
            action=AuditAction.EXPORTED,
            actor=practice.clinician,
            detail=f"data export: {len(files)} answers files and scores CSV",
        )
    return written, drafts


def _answers_file(kind: Any, people: list[Any], stored: Any, intake: Any, decision: Any) -> Any:
    persons = [
        PersonFile(
            id=f"p{p.position}",
            name=p.name,
            preferred_name=p.preferred_name or None,
            pronouns=p.pronouns or None,
            date_of_birth=p.date_of_birth,
            answers=dict(stored.get(p.position, {})),
        )
        for p in people
    ]
    chosen = None
    if decision is not None:
        chosen = DecisionFile(
            status="accepted" if decision.accepted else "overridden",
            order=decision.final_order,
            reason=decision.reason or None,
            decided_on=decision.decided_at.date(),
        )
    return AnswersFile(
        catalogue_version=intake.catalogue_version,
        kind=kind,
        intake=IntakeMetaFile(
            date=intake.date, clinician=intake.clinician, mode=intake.mode, notes=intake.notes
        ),
        participants=persons,
        relationship=dict(stored.get(None, {})),
        decision=chosen,
    )
