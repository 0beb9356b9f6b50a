"""The backend's intake operations: drafts, answers, completion, decisions and PDFs."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from therapist_desk import summaries
from therapist_desk.intake.answers import IntakeAnswers
from therapist_desk.intake.catalogue import Catalogue, IntakeKind
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.findings import RULESET_VERSION
from therapist_desk.models import (
    AuditAction,
    DecisionCreate,
    IntakeCreate,
    IntakeMode,
    IntakeStatus,
)
from therapist_desk.reports.files import write_pdf_atomic
from therapist_desk.settings import Settings
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import completion, intakes, reevaluation
from therapist_desk.store.audit import record_event, record_results_viewed
from therapist_desk.store.database import Database
from therapist_desk.store.disk_full import reporting_full_disk
from therapist_desk.store.intake_input import load_intake_answers
from therapist_desk.ui.backend_sharing import SharingOps
from therapist_desk.ui.views import IntakeSession


class IntakeOps(SharingOps):
    """Intake operations over ``self.database`` with ``self.catalogue`` and settings.

    Every change is committed before the method returns; a full disk is reported as a
    `DiskFullError` naming the data folder, and nothing of that change is kept.
    """

    database: Database
    settings: Settings
    catalogue: Catalogue
    clinician: str

    def _writing(self, what: str = "your last change") -> AbstractContextManager[None]:
        return reporting_full_disk(self.database.path.parent, what=what)

    def start_intake(self, client_id: int, mode: IntakeMode) -> int:
        """Open a new draft intake for a client; returns its id."""
        data = IntakeCreate(
            client_id=client_id,
            clinician=self.clinician,
            mode=mode,
            catalogue_version=self.catalogue.version,
            ruleset_version=RULESET_VERSION,
        )
        with self._writing("the new intake"), self._session() as s:
            intake = intakes.start_intake(session=s, data=data)
            assert intake.id is not None
            return intake.id

    def intake_session(self, intake_id: int) -> IntakeSession:
        """Everything the wizard needs to show a draft where it stopped."""
        with self._session() as s:
            intake = intakes.get_intake(session=s, intake_id=intake_id)
            client = store_clients.get_client(session=s, client_id=intake.client_id)
            people = {p.position: p.preferred_name or p.name for p in client.participants}
            stored = store_answers.load_answers(session=s, intake_id=intake_id)
            point = intakes.get_resume_point(session=s, intake_id=intake_id)
        answers = {
            owner: {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
            for owner, values in stored.items()
        }
        return IntakeSession(
            intake_id=intake_id,
            kind=IntakeKind(client.kind),
            people=people,
            answers=answers,
            resume=(point.section_id, point.participant_position),
            title=f"Intake — {client.display_name} — {intake.date.isoformat()}",
        )

    def intake_status(self, intake_id: int) -> IntakeStatus:
        """Whether an intake is a draft or completed."""
        with self._session() as s:
            return IntakeStatus(intakes.get_intake(session=s, intake_id=intake_id).status)

    def save_answer(self, intake_id: int, position: int | None, item_id: str, value: Any) -> None:
        """Commit one answer (``None`` clears it) before returning."""
        with self._writing("the answer"), self._session() as s:
            pid = self._participant_id(s, intake_id, position)
            if value is None:
                store_answers.clear_answer(
                    session=s, intake_id=intake_id, participant_id=pid, item_id=item_id
                )
            else:
                stored = list(value) if isinstance(value, tuple) else value
                store_answers.save_answer(
                    session=s,
                    intake_id=intake_id,
                    participant_id=pid,
                    item_id=item_id,
                    value=stored,
                )

    def set_position(self, intake_id: int, section_id: str, position: int | None) -> None:
        """Remember the page the wizard is on."""
        with self._writing("the place you reached in the intake"), self._session() as s:
            intakes.set_position(
                session=s,
                intake_id=intake_id,
                section_id=section_id,
                participant_position=position,
            )

    def _participant_id(self, s: Any, intake_id: int, position: int | None) -> int | None:
        if position is None:
            return None
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        return next(p.id for p in client.participants if p.position == position)

    def intake_answers(self, intake_id: int) -> IntakeAnswers:
        """A stored intake as the engine's input."""
        with self._session() as s:
            return load_intake_answers(session=s, intake_id=intake_id)

    def complete_intake(self, intake_id: int) -> None:
        """Score, recommend, and keep both as they are now; the intake becomes read-only."""
        rec = recommend(self.catalogue, self.intake_answers(intake_id))
        data = rec.to_dict(include_private=True)
        with self._writing("the finished intake"), self._session() as s:
            completion.complete_intake(
                session=s,
                intake_id=intake_id,
                scores_json=data["scores"],
                recommendation_json=data,
                catalogue_version=rec.catalogue_version,
                ruleset_version=rec.ruleset_version,
                actor=self.clinician,
            )

    def results(self, intake_id: int) -> tuple[dict[str, Any], Any]:
        """The recommendation snapshot of a completed intake, and the decision if any."""
        with self._session() as s:
            snap = completion.get_snapshots(session=s, intake_id=intake_id)
            decision = completion.get_decision(session=s, intake_id=intake_id)
        if snap is None:
            raise ValueError(f"intake {intake_id} has no results yet")
        return snap.recommendation, decision

    def open_results(self, intake_id: int) -> tuple[dict[str, Any], Any]:
        """`results` for the results page being opened; the view goes in the audit trail.

        The view is recorded before anything is shown: results that cannot be audited
        (a full disk) are not shown.
        """
        found = self.results(intake_id)
        with self._writing("the audit note of this viewing"), self._session() as s:
            record_results_viewed(session=s, intake_id=intake_id, actor=self.clinician)
        return found

    def decide(self, intake_id: int, suggested: str, final: str, reason: str | None) -> None:
        """Record the clinician's decision: the suggestion accepted, or overridden with reason."""
        data = DecisionCreate(
            intake_id=intake_id,
            suggested_order=suggested,
            final_order=final,
            reason=reason,
            decided_by=self.clinician,
        )
        with self._writing("your decision"), self._session() as s:
            completion.record_decision(session=s, data=data)

    def reevaluation(self, intake_id: int) -> tuple[str | None, Any]:
        """The offer to re-evaluate with today's rules (or None) and, for a re-evaluation,
        its result beside the original's (or None)."""
        with self._session() as s:
            return (
                reevaluation.reevaluation_offer(
                    session=s, catalogue=self.catalogue, intake_id=intake_id
                ),
                reevaluation.comparison(session=s, intake_id=intake_id),
            )

    def reevaluate(self, intake_id: int) -> int:
        """A completed re-evaluation of the intake under today's rules; the original stays."""
        with self._writing("the re-evaluation"), self._session() as s:
            copy = reevaluation.reevaluate(
                session=s, catalogue=self.catalogue, intake_id=intake_id, actor=self.clinician
            )
            assert copy.id is not None
            return copy.id

    def amend(self, intake_id: int) -> int:
        """A draft copy of a completed intake to correct; the original stays as it was."""
        with self._writing("the amendment"), self._session() as s:
            draft = intakes.amend_intake(session=s, intake_id=intake_id, amended_by=self.clinician)
            assert draft.id is not None
            return draft.id

    # PDFs ----------------------------------------------------------------------------

    def _report_input(self, intake_id: int) -> Any:
        with self._session() as s:
            return summaries.report_input(
                session=s, catalogue=self.catalogue, settings=self.settings, intake_id=intake_id
            )

    def pdf_filename(self, intake_id: int, variant: str) -> str:
        """The suggested file name: initials and date, never a full name."""
        with self._session() as s:
            return summaries.summary_filename(session=s, intake_id=intake_id, variant=variant)

    def pdf_bytes(self, intake_id: int, variant: str, password: str | None = None) -> bytes:
        """The client or clinician summary of a completed intake, as PDF bytes."""
        data, _ = self._report_input(intake_id)
        from therapist_desk.reports.render import render_report  # reportlab: load on use

        return render_report(data, variant=variant, password=password)  # type: ignore[arg-type]

    def save_pdf(self, intake_id: int, variant: str, path: Path) -> Path:
        """Render and save the summary atomically (mode 0600); recorded in the audit trail."""
        data, client_id = self._report_input(intake_id)
        from therapist_desk.reports.render import render_report  # reportlab: load on use

        pdf = render_report(data, variant=variant)  # type: ignore[arg-type]
        with reporting_full_disk(path.parent, what="the PDF"):
            write_pdf_atomic(path, pdf)
        with self._writing("the audit note of this export"), self._session() as s:
            record_event(
                session=s,
                client_id=client_id,
                action=AuditAction.EXPORTED,
                intake_id=intake_id,
                actor=self.clinician,
                detail=f"{variant} summary PDF",
            )
        return path
