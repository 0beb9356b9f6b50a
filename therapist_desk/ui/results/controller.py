"""The results of a completed intake: shown, decided on, amended, saved as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from therapist_desk.intake.audience import Audience
from therapist_desk.reports.variant import view_for
from therapist_desk.services import intakes, results, summaries
from therapist_desk.services.results import ResultsView
from therapist_desk.ui.results.page import ResultsPage
from therapist_desk.ui.results.ready_page import ResultsReadyPage
from therapist_desk.ui.widgets.host import Host, failed_with, guarded
from therapist_desk.ui.widgets.ops import run_op


class ResultsController(QObject):
    """The results page, the neutral page before it, and what their buttons do.

    What the page shows follows the audience: the clinician's view in *clinician only*
    mode, otherwise what that audience's summary prints. A finished intake first shows
    the neutral "Results are ready" page, whoever is looking.
    """

    amended = Signal(int)  # a draft copy to correct was made: open it
    back_requested = Signal()
    share_requested = Signal()

    def __init__(self, host: Host, page: ResultsPage, ready: ResultsReadyPage) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self.page, self.ready = host, page, ready
        self.intake_id: int | None = None
        self.view: ResultsView | None = None
        self.reevaluation: tuple[str | None, Any] = (None, None)
        ready.clinician_requested.connect(lambda: self.open_for(Audience.clinician()))
        ready.clients_requested.connect(lambda: self.open_for(Audience.clients()))
        ready.partner_requested.connect(self.render)
        host.audience.changed.connect(self._audience_changed)
        page.decision_made.connect(self.record_decision)
        page.pdf_requested.connect(self.create_pdf)
        page.amend_requested.connect(self.amend)
        page.reevaluate_requested.connect(self.reevaluate)
        page.back_requested.connect(self.back_requested)
        page.share_requested.connect(self.share_requested)

    def showing(self, page: QWidget | None) -> bool:
        """Whether ``page`` is one of this room's pages."""
        return page is not None and page in (self.page, self.ready)

    def show_ready(self, intake_id: int, *, failed: Any = None, found: Any = None) -> None:
        """After finishing: the neutral page; the results open by an explicit choice.

        The results are read and their viewing audited on a worker (an intake just
        finished: the window goes on drawing meanwhile). ``failed`` is called after a
        failure was shown.
        """
        practice = self.host.practice
        told = failed_with(self.host, self.host.dialogs.tr("Therapist Desk"))
        # The neutral page comes at once (it shows nothing of the results), its choices
        # waiting until the results are read; nothing of an earlier intake is kept to show.
        self.intake_id, self.view = None, None
        self.ready.set_couple(self.host.audience.couple)
        self.ready.set_waiting(True)
        self.host.show_page(self.ready)

        def ready(found: tuple[ResultsView, tuple[str | None, Any]]) -> None:
            self._keep(intake_id, *found)
            self.ready.set_couple(self.host.audience.couple)
            self.ready.set_waiting(False)
            if self.host.showing(self.ready):
                self.ready.focus_default()

        if found is not None:  # read already, on the worker that finished the intake
            ready(found)
            return

        run_op(
            lambda: _opened(practice, intake_id),
            ready,
            lambda message: (told(message), failed and failed()),
        )

    def show_results(self, intake_id: int) -> None:
        """The results of a completed intake, for the audience now (viewing is audited)."""
        found = guarded(self.host, lambda: _opened(self.host.practice, intake_id))
        if found is not None:
            self._keep(intake_id, *found)
            self.render()

    def _keep(
        self, intake_id: int, found: ResultsView, reevaluation: tuple[str | None, Any]
    ) -> None:
        self.intake_id, self.view, self.reevaluation = intake_id, found, reevaluation
        if found.summary is not None:
            people = found.summary.participants
            self.host.audience.set_people(
                {p.key: p.display_name for p in people}, couple=found.summary.couple
            )

    def render(self) -> None:
        """Show the results as the current audience may see them."""
        view = self.view
        if view is None or view.summary is None:
            return
        audience = self.host.audience.audience
        clinician = audience.is_clinician
        self.page.set_default_variant(self.host.practice.settings.default_pdf_variant)
        self.page.show_summary(
            view_for(view.summary, audience),
            clinician=clinician,
            suggested=str(view.recommendation["order"]),
            decision=view.decision,
        )
        if clinician:
            self.page.show_reevaluation(*self.reevaluation)
            self.page.show_since(view.since)
        self.page.verticalScrollBar().setValue(0)  # each audience's view starts at its top
        self.host.show_page(self.page)

    def open_for(self, audience: Audience) -> None:
        """From the neutral page: the results for ``audience`` (an explicit choice)."""
        self.host.audience.set(audience)
        self.render()

    def chosen_again(self, audience: Audience) -> None:
        """Ctrl+1 or Ctrl+2 on the neutral page for the audience already looking: the
        results for it, as the page's buttons say (a change of audience opens them too)."""
        waiting = not self.ready.clinician_button.isEnabled()
        if self.view is None or waiting or not self.host.showing(self.ready):
            return
        if audience == self.host.audience.audience and audience.participant is None:
            self.render()

    def _audience_changed(self, audience: Audience) -> None:
        """Show the results for the new audience; one partner's own summary only after
        the page that waits for them to be alone (whoever was looking before)."""
        if self.view is None or not self.host.showing(self.page, self.ready):
            return
        if audience.participant is not None:
            self.ready.ask_for_partner(self.host.audience.names.get(audience.participant, ""))
            self.host.show_page(self.ready)
            self.ready.partner_button.setFocus()
            return
        self.render()

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
        if decision is not None and self.view is not None:
            scrolled = self.page.verticalScrollBar().value()
            self.view = results.results(practice=self.host.practice, intake_id=intake_id)
            self.render()
            self.page.back_to_decision(scrolled)  # not back to the top, nor nowhere

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

    def amend(self) -> int | None:
        """Correct a completed intake in a new draft; the original is kept unchanged.
        The draft's id (None: nothing to amend, or it could not be made)."""
        if self.intake_id is None:
            return None
        intake_id = self.intake_id
        draft = guarded(
            self.host,
            lambda: intakes.amend_intake(practice=self.host.practice, intake_id=intake_id),
        )
        if draft is not None:
            self.amended.emit(draft)
        return draft

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


def _opened(practice: Any, intake_id: int) -> tuple[ResultsView, tuple[str | None, Any]]:
    """The results of an intake (their viewing audited) and its re-evaluation offer."""
    return results.opened_with_offer(practice=practice, intake_id=intake_id)
