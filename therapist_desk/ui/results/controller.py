"""The results of a completed intake: shown, decided on, amended, saved as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
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
        found = guarded(self.host, lambda: _opened(self.host.practice, intake_id))
        if found is not None:
            self._show(intake_id, *found)

    def show_results_later(self, intake_id: int, *, failed: Any = None) -> None:
        """`show_results`, reading the results and writing the audit note on a worker (an
        intake just finished: the window goes on drawing meanwhile). ``failed`` is
        called after a failure was shown."""
        practice = self.host.practice
        told = failed_with(self.host, self.host.dialogs.tr("Therapist Desk"))
        run_op(
            lambda: _opened(practice, intake_id),
            lambda found: self._show(intake_id, *found),
            lambda message: (told(message), failed and failed()),
        )

    def _show(self, intake_id: int, found: Any, offer: str | None, comparison: Any) -> None:
        self.intake_id = intake_id
        self.page.set_default_variant(self.host.practice.settings.default_pdf_variant)
        self.page.show_results(found.recommendation, found.decision)
        self.page.show_reevaluation(offer, comparison)
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


def _opened(practice: Any, intake_id: int) -> tuple[Any, str | None, Any]:
    """The results of an intake (their viewing audited) and its re-evaluation offer."""
    found = results.open_results(practice=practice, intake_id=intake_id)
    return (found, *results.reevaluation_view(practice=practice, intake_id=intake_id))
