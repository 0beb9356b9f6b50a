"""The results of a completed intake: shown, decided on, amended, saved as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from therapist_desk.services import intakes, results, summaries
from therapist_desk.ui.results.page import ResultsPage
from therapist_desk.ui.widgets.host import Host, failed_with, guarded
from therapist_desk.ui.widgets.ops import run_op


class ResultsController(QObject):
    """The results page and what its buttons do."""

    amended = Signal(int)  # a draft copy to correct was made: open it
    back_requested = Signal()
    share_requested = Signal()

    def __init__(self, host: Host, page: ResultsPage) -> None:
        super().__init__()
        self.host, self.page = host, page
        self.intake_id: int | None = None
        page.decision_made.connect(self.record_decision)
        page.pdf_requested.connect(self.create_pdf)
        page.amend_requested.connect(self.amend)
        page.reevaluate_requested.connect(self.reevaluate)
        page.back_requested.connect(self.back_requested)
        page.share_requested.connect(self.share_requested)

    def show_results(self, intake_id: int) -> None:
        """The results page of a completed intake (the viewing is audited first)."""
        found = guarded(
            self.host,
            lambda: results.open_results(practice=self.host.practice, intake_id=intake_id),
        )
        if found is None:
            return
        self.intake_id = intake_id
        self.page.set_default_variant(self.host.practice.settings.default_pdf_variant)
        self.page.show_results(found.recommendation, found.decision)
        self.page.show_reevaluation(
            *results.reevaluation_view(practice=self.host.practice, intake_id=intake_id)
        )
        self.host.show_page(self.page)

    def record_decision(self, suggested: str, final: str, reason: str | None) -> None:
        """Keep the clinician's decision and show it."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        decision = guarded(
            self.host,
            lambda: results.record_decision(
                practice=self.host.practice,
                intake_id=intake_id,
                suggested=suggested,
                final=final,
                reason=reason,
            ),
        )
        if decision is not None:
            self.page.show_decision(decision)

    def reevaluate(self) -> None:
        """Re-evaluate the shown intake with today's rules; the new result shows the old."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        new_id = guarded(
            self.host,
            lambda: results.reevaluate(practice=self.host.practice, intake_id=intake_id),
        )
        if new_id is not None:
            self.show_results(new_id)

    def amend(self) -> None:
        """Correct a completed intake in a new draft; the original is kept unchanged."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        draft = guarded(
            self.host,
            lambda: intakes.amend_intake(practice=self.host.practice, intake_id=intake_id),
        )
        if draft is not None:
            self.amended.emit(draft)

    def create_pdf(self, variant: str) -> None:
        """Render the PDF on a worker and save it where the clinician chooses."""
        if self.intake_id is None:
            return
        intake_id, practice = self.intake_id, self.host.practice
        suggested = summaries.summary_filename(
            practice=practice,
            intake_id=intake_id,
            variant=variant,
        )
        path = self.host.dialogs.ask_save_path(suggested)
        if path is None:
            return
        self.host.show_status(self.host.dialogs.tr("Creating the PDF…"), 0)
        run_op(
            lambda: summaries.save_summary(
                practice=practice,
                intake_id=intake_id,
                variant=variant,
                path=path,
            ),
            self.saved,
            failed_with(self.host, self.host.dialogs.tr("PDF not saved")),
        )

    def saved(self, path: Path) -> None:
        """Say where a PDF was saved."""
        self.host.show_status(self.host.dialogs.tr("Saved {0}").format(path))
