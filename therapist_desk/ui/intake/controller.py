"""Starting, resuming and finishing an intake; every answer saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from therapist_desk.intake.audience import Audience
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.intake.risk import risk_signals
from therapist_desk.models import IntakeStatus
from therapist_desk.services import consent, estimates, intakes
from therapist_desk.services.consent import IntakeConsent
from therapist_desk.services.practice import Practice
from therapist_desk.ui.intake.consent_check import ready_to_start
from therapist_desk.ui.intake.handover import HandoverWindow
from therapist_desk.ui.intake.saving import AnswerSaves
from therapist_desk.ui.intake.start_dialog import StartDialog
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.widgets.host import Host, failed_with, guarded
from therapist_desk.ui.widgets.ops import Progress, run_op


class _Saver:
    """Binds the wizard's saves to one intake of the practice (its answers and place go
    through the window's `AnswerSaves`, which keeps them while the server is away)."""

    def __init__(self, practice: Practice, intake_id: int, saves: AnswerSaves) -> None:
        self.practice, self.intake_id, self.saves = practice, intake_id, saves

    def save_answer(self, position: int | None, item_id: str, value: Any) -> None:
        self.saves.save_answer(self.intake_id, position, item_id, value)

    def consent(self) -> IntakeConsent:
        return consent.intake_consent(practice=self.practice, intake_id=self.intake_id)

    def agree(self, position: int, shown_sha256: str) -> IntakeConsent:
        return consent.agree(
            practice=self.practice,
            intake_id=self.intake_id,
            position=position,
            shown_sha256=shown_sha256,
        )

    def withdraw(self, position: int) -> IntakeConsent:
        return consent.withdraw(practice=self.practice, intake_id=self.intake_id, position=position)

    def sign(self, position: int, strokes: Any, png: bytes) -> IntakeConsent:
        return consent.sign(
            practice=self.practice,
            intake_id=self.intake_id,
            position=position,
            strokes=strokes,
            png=png,
        )

    def set_position(self, section_id: str, position: int | None) -> None:
        self.saves.set_position(self.intake_id, section_id, position)


class IntakeController(QObject):
    """The wizard of the intake being answered, and what happens when it is finished."""

    # The intake is finished and its results are stored; with them, as the results room
    # reads them (`results_as_opened`), or None when reading them failed (it reads again).
    completed = Signal(int, object)
    results_requested = Signal(int)  # a completed intake was opened
    risk_changed = Signal(object)  # the risk signals of the answers so far
    handover_requested = Signal(str)  # hand the device to this participant

    def __init__(
        self, host: Host, saves: AnswerSaves, review_consent: Callable[[], None] = lambda: None
    ) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host = host
        self.saves = saves
        self.review_consent = review_consent  # Settings › Consent, until it closes
        saves.changed.connect(self._hold_finish)
        self.intake_id: int | None = None
        self.wizard: IntakeWizard | None = None
        self._finished: IntakeWizard | None = None  # in front until the results replace it

    def start_or_resume(self, client_id: int) -> None:
        """Resume the client's unfinished intake, or start a new one."""
        practice = self.host.practice

        def ask() -> Callable[[], int] | None:
            mode = self.host.dialogs.ask_mode()
            if mode is None:
                return None
            return lambda: intakes.start_intake(practice=practice, client_id=client_id, mode=mode)

        self._start(client_id, ask)

    def start_reassessment(self, client_id: int) -> None:
        """Start a re-assessment of a client seen before (a draft open resumes instead),
        after asking who came and where, and saying how long it takes."""
        practice = self.host.practice

        def ask() -> Callable[[], int] | None:
            people, times = estimates.start_times(practice=practice, client_id=client_id)
            choice = StartDialog.ask(self.host.dialogs.parent, people, times)
            if choice is None:
                return None
            return lambda: intakes.start_reassessment(
                practice=practice, client_id=client_id, mode=choice.mode, present=choice.present
            )

        self._start(client_id, ask)

    def _start(self, client_id: int, ask: Callable[[], Callable[[], int] | None]) -> None:
        """Open the client's draft if there is one; else ``ask`` how to start (None:
        cancelled) and start it."""
        draft = intakes.latest_draft(practice=self.host.practice, client_id=client_id)
        if not self._consent_ready(draft):
            return
        if draft is not None:
            self.open_draft(draft)
            return
        start = ask()
        if start is None:
            return
        intake_id = guarded(self.host, start)
        if intake_id is not None:
            self.open_draft(intake_id)

    def open_intake(self, intake_id: int) -> None:
        """A draft resumes; a completed intake shows its results."""
        status = intakes.intake_status(practice=self.host.practice, intake_id=intake_id)
        if status is IntakeStatus.DRAFT:
            if self._consent_ready(intake_id):
                self.open_draft(intake_id)
        else:
            self.results_requested.emit(intake_id)

    def _consent_ready(self, draft: int | None) -> bool:
        """Whether the consent page of the intake about to open can be agreed to: its
        words were reviewed, or the clinician reviews them now (`consent_check`). The
        draft open in the wizard is already past that."""
        practice = self.host.practice
        if draft is not None and draft == self.intake_id and self.wizard is not None:
            return True

        def reviewed() -> bool:
            if draft is None:
                return consent.consent_text(practice=practice).reviewed
            return consent.intake_consent(practice=practice, intake_id=draft).text.reviewed

        parent = self.host.dialogs.parent
        return ready_to_start(parent, reviewed=reviewed, review=self.review_consent)

    def open_draft(self, intake_id: int) -> None:
        """Show the wizard for a draft, exactly where it stopped.

        The draft already open in the wizard stays as it is (page, audience, focus): a
        second Ctrl+I in the middle of the session changes nothing but bringing it back.
        """
        if self.wizard is not None and self.intake_id == intake_id:
            self.host.show_page(self.wizard)
            self.wizard.refocus()
            return
        self.flush()
        session = intakes.intake_session(practice=self.host.practice, intake_id=intake_id)
        answers = _with_kept(session.answers, self.saves.kept_answers(intake_id))
        self.close_wizard()
        self.intake_id = intake_id
        audience = self.host.audience
        audience.set_people(
            {f"p{p}": name for p, name in session.people.items()},
            couple=session.kind is IntakeKind.COUPLE,
            can_hand_over=True,
        )
        # The session opens with everyone who came: the joint part comes first, and the
        # audience bar says so; the clinician switches from there.
        alone = session.kind is IntakeKind.COUPLE and len(session.people) == 1
        audience.set(
            Audience.alone(f"p{next(iter(session.people))}") if alone else Audience.clients()
        )
        self.wizard = IntakeWizard(
            catalogue=session.catalogue or self.host.practice.catalogue,  # as it is put
            kind=session.kind,
            people=session.people,
            answers=answers,
            resume=session.resume,
            backend=_Saver(self.host.practice, intake_id, self.saves),
            title=session.title,
            audience=audience,
        )
        self.wizard.finish_requested.connect(self.complete)
        self.wizard.answers_changed.connect(self.report_risk)
        self.wizard.handover_requested.connect(self.handover_requested)
        self.host.show_page(self.wizard)
        self._hold_finish()
        self.report_risk()

    def open_handover(self, pid: str) -> HandoverWindow | None:
        """The full-screen page of one partner's own part (None: no intake is open)."""
        wizard = self.wizard
        if wizard is None or self.intake_id is None:
            return None
        if wizard.handover_blocked(pid):
            return None  # a couple's part alone waits for both agreements: the wizard says so
        own = [s for s in wizard.steps if s.alone and s.owner == pid and not s.is_alone_page]
        reached = wizard.step  # a part handed over again goes on where it stopped
        window = HandoverWindow(
            name=wizard.people[int(pid[1:])],
            steps=own,
            answers=wizard.answers,
            backend=_Saver(self.host.practice, self.intake_id, self.saves),
            start=own.index(reached) if reached in own else 0,
        )
        window.answers_changed.connect(self.report_risk)
        return window

    def report_risk(self) -> None:
        """Count the safety-relevant answers given so far (the audience bar shows it)."""
        if self.wizard is None:
            return
        answers = {f"p{p}": dict(given) for p, given in self.wizard.answers.items() if p}
        self.risk_changed.emit(risk_signals(self.host.practice.catalogue, answers))

    def showing(self, page: QWidget | None) -> bool:
        """Whether ``page`` is this controller's open wizard."""
        return page is not None and page is self.wizard and page is not self._finished

    def refocus(self) -> None:
        """After the lock screen: the keyboard on the first unanswered question."""
        if self.wizard is not None:
            self.wizard.refocus()

    def consent_changed(self) -> None:
        """The practice's consent text or name changed (Settings): the open consent page
        shows the words as they are now."""
        if self.wizard is not None:
            self.wizard.show_consent_again()

    def finish(self) -> None:
        """Intake > Finish: the wizard's finish question."""
        if self.wizard is not None:
            self.wizard.request_finish()

    def _hold_finish(self) -> None:
        """Finishing waits while answers of the open intake wait for the server."""
        if self.wizard is None or self.intake_id is None:
            return
        waiting = self.saves.waiting_for(self.intake_id)
        self.wizard.hold_finish(
            self.host.dialogs.tr(
                "Finishing waits until every answer is saved on the practice server."
            )
            if waiting
            else None
        )

    def complete(self) -> None:
        """Score and recommend on a worker, keep the result, then show it."""
        if self.intake_id is None:
            return
        intake_id, practice, tr = self.intake_id, self.host.practice, self.host.dialogs.tr
        self.flush()
        if self.saves.waiting_for(intake_id):
            return  # the wizard says why (`hold_finish`)

        def finish() -> Any:
            intakes.complete_intake(practice=practice, intake_id=intake_id)
            return results_as_opened(practice, intake_id)

        run_op(
            finish,
            lambda found: self._completed(intake_id, found),
            failed_with(self.host, tr("Intake not finished")),
            progress=Progress(self.host.dialogs.parent, tr("Scoring and keeping the results…")),
        )

    def _completed(self, intake_id: int, found: Any) -> None:
        # The results room puts its neutral page in front at once; the finished wizard
        # goes when it does (`page_changed`). Greying the whole wizard out first, as it
        # once was while the results were read, repainted every question: 16-18 ms.
        if self.intake_id == intake_id and self.wizard is not None:
            self._finished = self.wizard
        self.completed.emit(intake_id, found)

    def page_changed(self, page: QWidget) -> None:
        """Another page came to the front: the wizard of a finished intake goes."""
        if self._finished is not None and page is not self._finished:
            if self.wizard is self._finished:
                self.close_wizard()
            self._finished = None

    def close_wizard(self) -> None:
        """Take the wizard away (its answers are all saved)."""
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
            self.risk_changed.emit(())

    def flush(self) -> None:
        """Save anything still being typed in the wizard."""
        if self.wizard is not None and self.wizard.page is not None:
            self.wizard.page.flush()


def _with_kept(
    stored: dict[int | None, dict[str, Any]], kept: dict[int | None, dict[str, Any]]
) -> dict[int | None, dict[str, Any]]:
    """The stored answers with those still kept on this computer over them (None: cleared)."""
    answers = {owner: dict(given) for owner, given in stored.items()}
    for owner, given in kept.items():
        mine = answers.setdefault(owner, {})
        for item_id, value in given.items():
            if value is None:
                mine.pop(item_id, None)
            else:
                mine[item_id] = tuple(value) if isinstance(value, list) else value
    return answers


def results_as_opened(practice: Practice, intake_id: int) -> Any:
    """The stored results and re-evaluation offer of a just-finished intake, read (and
    their viewing audited) on the same worker that finished it, so the window does not
    wait for a second one; None if that failed (the results room reads them again and
    says why)."""
    from therapist_desk.services import results

    try:
        return results.opened_with_offer(practice=practice, intake_id=intake_id)
    except Exception:  # reported by the results room's own reading
        return None
