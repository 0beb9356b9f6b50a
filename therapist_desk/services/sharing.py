"""Sharing: print, email or draft a summary, and export a client's data; all audited.

Email starts from safe defaults, decided here rather than by a screen: the client
version, to everyone it is for; the clinician version is never sent to a client's
address; the PDF's password is never in the email. The audit trail keeps what was
shared, which version and the recipients' domains only — never an address, a name or
the message.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.intake.answers_file import AnswersFile, DecisionFile, IntakeMetaFile, PersonFile
from therapist_desk.models import AuditAction, IntakeStatus
from therapist_desk.reports.data import Variant
from therapist_desk.reports.files import people_stem
from therapist_desk.services import recipients, summaries
from therapist_desk.services.practice import Practice
from therapist_desk.services.views import ShareDocument, ShareValues
from therapist_desk.sharing import passphrase
from therapist_desk.sharing.drafts import remove_temp_drafts, write_eml_draft
from therapist_desk.sharing.export import ScoreRow, score_rows, write_export
from therapist_desk.sharing.message import (
    Outgoing,
    build_message,
    check_addresses,
    recipient_domains,
)
from therapist_desk.sharing.smtp import SmtpServer, send_message
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import fileset, intakes
from therapist_desk.store.audit import record_event
from therapist_desk.store.history import client_history

DEFAULT_PRACTICE = "Therapist Desk"
CLIENT, CLINICIAN = "client", "clinician"
MIN_PDF_PASSWORD = 6


def _what(variant: str, password: str | None) -> str:
    protected = " (password-protected)" if password else ""
    return f"{variant} summary PDF{protected}"


def _first_name(person: Any) -> str:
    return str((person.preferred_name or person.name).split()[0])


def share_values(*, practice: Practice, intake_id: int) -> ShareValues:
    """The email template's placeholders and the client's addresses."""
    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        first = [_first_name(p) for p in people]
        emails = tuple(p.email for p in people if p.email)
    return ShareValues(
        client_first_names=" and ".join(first),
        practice=practice.settings.practice_name or DEFAULT_PRACTICE,
        clinician=practice.settings.clinician_name or intake.clinician,
        emails=emails,
    )


def share_documents(*, practice: Practice, intake_id: int) -> tuple[ShareDocument, ...]:
    """What the email dialog and the preview offer for an intake, the one to preselect first.

    First the client version, addressed to every participant who gave an address (both
    partners of a couple); for a couple, each partner's personal summary (their own
    scores), addressed to that partner only; last the clinician version, addressed to no
    one: it may go to a colleague, never to a client. An address on file that also
    reaches someone a document is not for (one the partners share, for a personal
    summary) is not filled in for it, and ``withheld`` names whose it was: `check_email`
    would refuse it (`services.recipients`).
    """
    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        known = recipients.owners(session=s)

    def document(key: str, variant: str, chosen: list[Any]) -> ShareDocument:
        addresses, withheld = recipients.prefilled(known, intake.client_id, chosen)
        return ShareDocument(
            key=key,
            variant=variant,
            for_whom=" and ".join(_first_name(p) for p in chosen),
            recipients=addresses,
            for_clients=True,
            without_address=tuple(_first_name(p) for p in chosen if not p.email),
            for_positions=tuple(p.position for p in chosen),
            withheld=withheld,
        )

    personal = [document(f"personal-p{p.position}", f"personal-p{p.position}", [p]) for p in people]
    return (
        document(CLIENT, "client", people),
        *(personal if len(people) > 1 else ()),
        ShareDocument(
            key=CLINICIAN, variant="clinician", for_whom="", recipients=(), for_clients=False
        ),
    )


def _document(practice: Practice, intake_id: int, key: str) -> ShareDocument:
    for document in share_documents(practice=practice, intake_id=intake_id):
        if document.key == key:
            return document
    raise UserError(f"There is no document “{key}” to send for this intake.")


def new_passphrase() -> str:
    """A fresh passphrase of random words, to protect a PDF and read out in the session."""
    return passphrase.new_passphrase()


def passphrase_bits() -> float:
    """The entropy of a passphrase from `new_passphrase`, in bits."""
    return passphrase.entropy_bits()


def check_email(
    *,
    practice: Practice,
    intake_id: int,
    document: str,
    to: str,
    subject: str,
    body: str,
    pdf_password: str | None,
) -> tuple[str, ...]:
    """The recipients of an email about to go, or a ``UserError`` saying why it may not.

    Refused: an address that is not one; an address that reaches a client (any
    participant of any client) who is not among the people the document is for, however
    it is written (`services.recipients`: case, spaces, a display name, angle brackets,
    a ``+tag``, Gmail's dots and its two domains, a domain in Unicode or ASCII) — so the
    clinician version goes to no client's address, and a summary for one partner goes
    neither to the other's address nor to one they share; a PDF password under 6
    characters; the password written in the subject or the message.
    """
    shown = _document(practice, intake_id, document)
    addresses = check_addresses(to)
    with practice.session() as s:
        client_id = intakes.get_intake(session=s, intake_id=intake_id).client_id
        known = recipients.owners(session=s)
    for address in addresses:
        refused = recipients.refusal(known, address, client_id, shown)
        if refused is not None:
            raise UserError(refused)
    if pdf_password is not None:
        if len(pdf_password) < MIN_PDF_PASSWORD:
            raise UserError("Choose a PDF password of at least 6 characters.")
        if passphrase.mentions(f"{subject}\n{body}", pdf_password):
            raise UserError(
                "The subject or the message contains the PDF's password. Take it out: "
                "tell the password in the session or by phone, never in the email."
            )
    return addresses


def _prepared(
    practice: Practice, intake_id: int, document: str, outgoing: Outgoing, pdf_password: str | None
) -> tuple[ShareDocument, Outgoing]:
    """The document and the message with its PDF, once `check_email` lets them go."""
    check_email(
        practice=practice,
        intake_id=intake_id,
        document=document,
        to=outgoing.to,
        subject=outgoing.subject,
        body=outgoing.body,
        pdf_password=pdf_password,
    )
    shown = _document(practice, intake_id, document)
    pdf = summaries.render_summary(
        practice=practice, intake_id=intake_id, variant=shown.variant, password=pdf_password
    )
    return shown, replace(outgoing, pdf=pdf)


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
    document: str,
    outgoing: Outgoing,
    pdf_password: str | None,
    server: SmtpServer,
    smtp_password: str | None,
) -> str:
    """Check, render, attach and send one of `share_documents`; returns the domains."""
    shown, ready = _prepared(practice, intake_id, document, outgoing, pdf_password)
    send_message(server, build_message(ready), password=smtp_password)
    domains = recipient_domains(outgoing.to)
    summaries.audit_intake(
        practice=practice,
        intake_id=intake_id,
        action=AuditAction.EMAILED,
        detail=f"{_what(shown.variant, pdf_password)} emailed to {domains}",
    )
    return domains


def email_draft(
    *,
    practice: Practice,
    intake_id: int,
    document: str,
    outgoing: Outgoing,
    pdf_password: str | None,
) -> Path:
    """An ``.eml`` draft with the summary attached, in the practice's ``drafts/`` folder."""
    shown, ready = _prepared(practice, intake_id, document, outgoing, pdf_password)
    db_path = practice.files_anchor
    path = write_eml_draft(
        build_message(ready, unsent=True),
        folder=fileset.drafts_dir(db_path),
        name=fileset.draft_stem(db_path, Path(outgoing.filename).stem),
    )
    summaries.audit_intake(
        practice=practice,
        intake_id=intake_id,
        action=AuditAction.EMAILED,
        detail=(
            f"{_what(shown.variant, pdf_password)} drafted in mail app for "
            f"{recipient_domains(outgoing.to)}"
        ),
    )
    return path


def remove_drafts(*, practice: Practice) -> int:
    """Shred the practice's email drafts (and any an older release left in the system's
    temporary folder); how many went. Called when the window closes and when it starts."""
    return len(fileset.remove_drafts(practice.files_anchor)) + remove_temp_drafts()


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
        stem = "export-" + people_stem([p.name for p in people], client.reference)
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
                    answers_file_of(client.kind, people, stored, intake, entry.decision),
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


def answers_file_of(
    kind: Any, people: list[Any], stored: Any, intake: Any, decision: Any
) -> AnswersFile:
    """A stored intake (its people, answers by position, decision) as an answers file."""
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
