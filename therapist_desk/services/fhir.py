"""FHIR R4 exports of completed intakes, for an EHR: one Bundle per intake, audited.

Two versions, as for the PDF: the clinician's (everything, private responses labelled
restricted) and the clients' (what both partners, or the one client, may see, by the
same audience rules as the client PDF). A Bundle is made from what was stored when the
intake was completed: its answers, the recommendation recorded then, the decision.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.models import AuditAction, IntakeStatus
from therapist_desk.reports.files import people_stem
from therapist_desk.reports.variant import CLIENT, CLINICIAN, audience_of
from therapist_desk.services import summaries
from therapist_desk.services.audited import write_with_event
from therapist_desk.services.practice import Practice
from therapist_desk.services.sharing import answers_file_of
from therapist_desk.sharing.export import write_private
from therapist_desk.sharing.fhir.bundle import build_bundle
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import completion, intakes
from therapist_desk.store.audit import record_event
from therapist_desk.store.disk_full import reporting_full_disk
from therapist_desk.store.errors import IntakeNotCompletedError
from therapist_desk.store.history import client_history

VARIANTS = (CLIENT, CLINICIAN)
"""The versions a Bundle comes in; the first is the one offered first."""


def check_variant(variant: str) -> str:
    """``variant`` if a Bundle can be made in it; a `UserError` otherwise."""
    if variant not in VARIANTS:
        raise UserError(
            f"A FHIR export comes in two versions: client (what the clients may see) or "
            f"clinician (everything); not {variant[:30]!r}."
        )
    return variant


def _bundle(practice: Practice, session: Any, intake_id: int, variant: str) -> dict[str, Any]:
    intake = intakes.get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    client = store_clients.get_client(session=session, client_id=intake.client_id)
    people = sorted(client.participants, key=lambda p: p.position)
    stored = store_answers.load_answers(session=session, intake_id=intake_id)
    decision = completion.get_decision(session=session, intake_id=intake_id)
    answers = answers_file_of(client.kind, people, stored, intake, decision)
    rec = summaries.stored_recommendation(
        session=session, catalogue=practice.catalogue, intake_id=intake_id
    )
    return build_bundle(
        catalogue=practice.catalogue,
        answers=answers,
        recommendation=rec,
        audience=audience_of(check_variant(variant)),
    )


def fhir_bundle(*, practice: Practice, intake_id: int, variant: str) -> dict[str, Any]:
    """The Bundle of a completed intake in ``variant`` (``client`` or ``clinician``)."""
    with practice.session() as s:
        return _bundle(practice, s, intake_id, variant)


def bundle_text(bundle: dict[str, Any]) -> str:
    """A Bundle as the file holds it: UTF-8 JSON, indented."""
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def fhir_filename(*, practice: Practice, intake_id: int, variant: str) -> str:
    """``intake-<initials>-<date>-<variant>.fhir.json``: never a full name."""
    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        letters = people_stem([p.name for p in people], client.reference)
        return f"intake-{letters}-{intake.date.isoformat()}-{variant}.fhir.json"


def save_fhir(
    *, practice: Practice, intake_id: int, variant: str, path: Path, via: str = ""
) -> Path:
    """Write the Bundle atomically (mode 0600) and its audit event: both, or neither."""
    with practice.session() as s:
        text = bundle_text(_bundle(practice, s, intake_id, variant))
        client_id = intakes.get_intake(session=s, intake_id=intake_id).client_id
        return write_with_event(
            practice,
            s,
            path=path,
            write=lambda target: write_private(target, text),
            client_id=client_id,
            intake_id=intake_id,
            detail=f"{variant} FHIR bundle{via}",
            what="the FHIR bundle",
        )


def export_client_fhir(
    *, practice: Practice, client_id: int, folder: Path, variant: str
) -> tuple[list[Path], int]:
    """One Bundle per completed intake of the client in ``folder``; (files, drafts skipped)."""
    check_variant(variant)
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"Cannot export: {folder} is not a folder.")
    written: list[Path] = []
    drafts = 0
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        people = sorted(client.participants, key=lambda p: p.position)
        stem = "export-" + people_stem([p.name for p in people], client.reference)
        for entry in client_history(session=s, client_id=client_id):
            intake = entry.intake
            assert intake.id is not None
            if IntakeStatus(intake.status) is IntakeStatus.DRAFT or entry.recommendation is None:
                drafts += 1
                continue
            text = bundle_text(_bundle(practice, s, intake.id, variant))
            name = f"{stem}-{intake.date.isoformat()}-intake{intake.id}.{variant}.fhir.json"
            with reporting_full_disk(folder, what="the FHIR bundle"):
                written.append(write_private(folder / name, text))
        with practice.writing("the audit note of this export"):
            record_event(
                session=s,
                client_id=client_id,
                action=AuditAction.EXPORTED,
                actor=practice.clinician,
                detail=f"data export: {len(written)} {variant} FHIR bundles",
            )
    return written, drafts
