"""The backend's sharing operations: save, print, email and export, each in the audit trail.

The audit trail keeps what was shared, which version and the recipient's domain only —
never an address, a name or the message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from therapist_desk.intake.answers_file import (
    AnswersFile,
    DecisionFile,
    IntakeMetaFile,
    PersonFile,
)
from therapist_desk.models import AuditAction, IntakeStatus
from therapist_desk.reports.files import initials, write_pdf_atomic
from therapist_desk.sharing.drafts import write_eml_draft
from therapist_desk.sharing.export import ScoreRow, score_rows, write_export
from therapist_desk.sharing.message import Outgoing, build_message, recipient_domain
from therapist_desk.sharing.smtp import SmtpServer, send_message
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import completion, intakes
from therapist_desk.store.audit import record_event
from therapist_desk.store.database import Database
from therapist_desk.store.session import new_session


def _what(variant: str, password: str | None) -> str:
    protected = " (password-protected)" if password else ""
    return f"{variant} summary PDF{protected}"


class SharingOps:
    """Sharing a completed intake's summary, and exporting a client's data."""

    clinician: str
    settings: Any
    database: Database

    def _session(self):  # type: ignore[no-untyped-def]
        return new_session(self.database.engine)

    if TYPE_CHECKING:  # provided by IntakeOps, which the Backend combines with this

        def pdf_bytes(self, intake_id: int, variant: str, password: str | None = None) -> bytes: ...

    def _audit(self, intake_id: int, action: AuditAction, detail: str) -> None:
        with self._session() as s:
            client_id = intakes.get_intake(session=s, intake_id=intake_id).client_id
            record_event(
                session=s,
                client_id=client_id,
                action=action,
                intake_id=intake_id,
                actor=self.clinician,
                detail=detail,
            )

    def share_values(self, intake_id: int) -> dict[str, Any]:
        """Template placeholders and the client's addresses, for the email dialog."""
        with self._session() as s:
            intake = intakes.get_intake(session=s, intake_id=intake_id)
            client = store_clients.get_client(session=s, client_id=intake.client_id)
            people = sorted(client.participants, key=lambda p: p.position)
            first = [(p.preferred_name or p.name).split()[0] for p in people]
            emails = [p.email for p in people if p.email]
        return {
            "client_first_names": " and ".join(first),
            "practice": self.settings.practice_name or "Therapist Desk",
            "clinician": self.settings.clinician_name or intake.clinician,
            "emails": emails,
        }

    def save_pdf_bytes(self, intake_id: int, variant: str, path: Path, pdf: bytes) -> Path:
        """Save a summary already rendered (shown in the preview); audited as an export."""
        write_pdf_atomic(path, pdf)
        self._audit(intake_id, AuditAction.EXPORTED, f"{variant} summary PDF")
        return path

    def record_printed(self, intake_id: int, variant: str, pages: int) -> None:
        """Note in the audit trail that a summary was printed."""
        self._audit(intake_id, AuditAction.PRINTED, f"{variant} summary PDF printed, {pages} pages")

    def email_pdf(
        self,
        intake_id: int,
        variant: str,
        outgoing: Outgoing,
        *,
        pdf_password: str | None,
        server: SmtpServer,
        smtp_password: str | None,
    ) -> str:
        """Render, attach and send the summary; returns the recipient's domain."""
        pdf = self.pdf_bytes(intake_id, variant, pdf_password)
        message = build_message(_with_pdf(outgoing, pdf))
        send_message(server, message, password=smtp_password)
        domain = recipient_domain(outgoing.to)
        self._audit(
            intake_id, AuditAction.EMAILED, f"{_what(variant, pdf_password)} emailed to {domain}"
        )
        return domain

    def email_draft(
        self, intake_id: int, variant: str, outgoing: Outgoing, *, pdf_password: str | None
    ) -> Path:
        """An ``.eml`` draft with the summary attached, for the clinician's mail app."""
        pdf = self.pdf_bytes(intake_id, variant, pdf_password)
        message = build_message(_with_pdf(outgoing, pdf), unsent=True)
        path = write_eml_draft(message, name=Path(outgoing.filename).stem)
        domain = recipient_domain(outgoing.to)
        detail = f"{_what(variant, pdf_password)} drafted in mail app for {domain}"
        self._audit(intake_id, AuditAction.EMAILED, detail)
        return path

    def export_client_data(self, client_id: int, folder: Path) -> tuple[list[Path], int]:
        """Completed intakes as answers files and the scores as CSV; (files, drafts skipped)."""
        files: list[tuple[str, AnswersFile]] = []
        rows: list[ScoreRow] = []
        drafts = 0
        with self._session() as s:
            client = store_clients.get_client(session=s, client_id=client_id)
            people = sorted(client.participants, key=lambda p: p.position)
            stem = "export-" + "-".join(initials(p.name) for p in people)
            for intake in intakes.list_intakes_for_client(session=s, client_id=client_id):
                assert intake.id is not None
                snap = completion.get_snapshots(session=s, intake_id=intake.id)
                if IntakeStatus(intake.status) is IntakeStatus.DRAFT or snap is None:
                    drafts += 1
                    continue
                stored = store_answers.load_answers(session=s, intake_id=intake.id)
                decision = completion.get_decision(session=s, intake_id=intake.id)
                files.append(
                    (
                        f"{intake.date.isoformat()}-intake{intake.id}",
                        _answers_file(client.kind, people, stored, intake, decision),
                    )
                )
                rec = snap.recommendation
                names = {p["id"]: p["name"] for p in rec["participants"]}
                rows += score_rows(intake.date.isoformat(), names, rec.get("scores", {}))
            written = write_export(folder, stem, files, rows)
            record_event(
                session=s,
                client_id=client_id,
                action=AuditAction.EXPORTED,
                actor=self.clinician,
                detail=f"data export: {len(files)} answers files and scores CSV",
            )
        return written, drafts


def _with_pdf(outgoing: Outgoing, pdf: bytes) -> Outgoing:
    return Outgoing(
        outgoing.sender, outgoing.to, outgoing.subject, outgoing.body, pdf, outgoing.filename
    )


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
