"""Saving the window's answers, and keeping them while the practice server is away.

Every answer the wizard and the handover window are given comes here. While the
server answers, it is saved at once, as on the embedded file. When the server cannot
be reached (or no longer accepts the login) the answer is kept instead
(`services.pending`: in order, the latest value per question, and in a private file),
and so is every answer given after it, so that they reach the server in the order they
were given. The kept answers are tried again on a worker (`run_op`) every few seconds
and at once when another answer is given; when a try saves them all, `back` is
emitted. The clinician goes on answering meanwhile: nothing waits on the server.
"""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import QObject, QTimer, Signal

from therapist_desk.services.errors import ServerUnavailable
from therapist_desk.services.pending import (
    PendingAnswer,
    PendingPlace,
    Replayed,
    open_pending,
    save_pending,
)
from therapist_desk.services.practice import Practice
from therapist_desk.ui.widgets.ops import run_op

RETRY_MS = 3_000
"""How often kept answers are tried again while the server cannot be reached."""
RETRY_REFUSED_MS = 30_000
"""How often while the server turns the login away (each try is a refused sign-in there)."""

SavingState = Literal["saved", "unreachable", "refused", "resuming"]


class AnswerSaves(QObject):
    """The window's answers on their way to the database; kept while the server is away."""

    changed = Signal()  # what waits, or whether the server answers, changed
    back = Signal(bool)  # everything kept was saved (True: it was kept from an earlier run)
    refused = Signal(str)  # answers the server would not keep, and why (not tried again)

    def __init__(self, practice: Practice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.pending = open_pending(practice)
        self.lost: ServerUnavailable | None = None
        self.trying = self.closed = False
        self._told_failure = False
        self.from_earlier = self.pending.waiting  # kept by a window that closed or crashed
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.try_now)
        if self.from_earlier:
            QTimer.singleShot(0, self.try_now)

    @property
    def state(self) -> SavingState:
        """What the banner says: all saved, the server away or refusing, or earlier
        answers being saved."""
        if self.lost is not None:
            return self.lost.kind
        return "resuming" if self.from_earlier and self.pending.waiting else "saved"

    @property
    def waiting(self) -> bool:
        """Whether answers wait to be saved on the server."""
        return len(self.pending) > 0

    def waiting_for(self, intake_id: int) -> bool:
        """Whether answers of this intake wait to be saved."""
        return intake_id in self.pending.intakes()

    def kept_answers(self, intake_id: int) -> dict[int | None, dict[str, Any]]:
        """This intake's answers that wait (by position, then item; None: cleared)."""
        return self.pending.for_intake(intake_id)

    @property
    def _keeping(self) -> bool:
        """Whether a new answer must wait behind others (kept, or being tried)."""
        return self.pending.waiting or self.trying

    def save_answer(self, intake_id: int, position: int | None, item_id: str, value: Any) -> None:
        """Save one answer now, or keep it while the server cannot be reached.

        A `UserError` (the answer cannot be saved as it is) is raised as before; an
        answer kept is no error: the banner says so.
        """
        from therapist_desk.services import intakes

        if not self._keeping:
            try:
                intakes.save_answer(
                    practice=self.practice,
                    intake_id=intake_id,
                    position=position,
                    item_id=item_id,
                    value=value,
                )
                return
            except ServerUnavailable as lost:
                self._lost(lost)
        else:
            intakes.check_answer(item_id=item_id, value=value)
        self.pending.add(PendingAnswer(intake_id, position, item_id, value))
        self.changed.emit()
        if self.lost is None or not self.lost.refused:
            self.try_now()  # at once: the server may be back already

    def set_position(self, intake_id: int, section_id: str, position: int | None) -> None:
        """Remember the page an intake is on (kept, like an answer, while away)."""
        from therapist_desk.services import intakes

        if not self._keeping:
            try:
                intakes.set_position(
                    practice=self.practice,
                    intake_id=intake_id,
                    section_id=section_id,
                    position=position,
                )
                return
            except ServerUnavailable as lost:
                self._lost(lost)
        self.pending.add_place(PendingPlace(intake_id, section_id, position))

    def try_now(self) -> None:
        """Try the kept answers again on a worker (nothing while a try is under way)."""
        if self.trying or self.closed or not self.pending.waiting:
            return
        self.trying = True
        practice, answers, places = self.practice, self.pending.answers(), self.pending.places()
        run_op(
            lambda: save_pending(practice=practice, answers=answers, places=places),
            self._tried,
            self._failed,
        )

    def stop(self) -> None:
        """The window closes: no more tries (what waits stays in the file for next time)."""
        self.timer.stop()
        self.closed = True

    def _tried(self, replayed: Replayed) -> None:
        self.trying, self._told_failure = False, False
        self.pending.settle(replayed)
        if replayed.refused:
            reasons = sorted({why for _answer, why in replayed.refused})
            self.refused.emit(
                self.tr(
                    "The practice server did not keep {0} of the answers given meanwhile: {1}"
                ).format(len(replayed.refused), " ".join(reasons))
            )
        if replayed.lost is not None:
            self._lost(replayed.lost)
            return
        if self.pending.waiting:
            self.try_now()  # given while this try ran: saved at once, behind the others
            return
        self.timer.stop()
        earlier, self.lost, self.from_earlier = self.from_earlier, None, False
        self.back.emit(earlier)
        self.changed.emit()

    def _failed(self, message: str) -> None:
        """Saving itself failed (not the server): the answers stay kept, tried again
        now and then; said once."""
        self.trying = False
        if not self._told_failure:
            self._told_failure = True
            self.refused.emit(message)
        self.timer.start(RETRY_REFUSED_MS)

    def _lost(self, lost: ServerUnavailable) -> None:
        interval = RETRY_REFUSED_MS if lost.refused else RETRY_MS
        if not self.timer.isActive() or self.timer.interval() != interval:
            self.timer.start(interval)
        changed = self.lost is None or self.lost.kind != lost.kind
        self.lost = lost
        if changed:
            self.changed.emit()
