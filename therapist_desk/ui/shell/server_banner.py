"""The calm line at the top of the window while answers wait for the practice server.

It is not a dialog: the clinician goes on with the session while it shows. It says
that the server cannot be reached (or no longer accepts the login) and that the
answers are kept; when they have all been saved it says so for a few seconds and goes.
It names no client and counts no answers: a client may be looking.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from therapist_desk.ui.intake.saving import AnswerSaves
from therapist_desk.ui.widgets.dialogs import Dialogs

BACK_SHOWN_MS = 4_000


class ServerBanner(QFrame):
    """Says what `AnswerSaves` is doing when it is not simply saving."""

    def __init__(self, saves: AnswerSaves, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saves = saves
        self.setObjectName("serverBanner")
        self.setAccessibleName(self.tr("Practice server"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.try_button = QPushButton(self.tr("Try now"))
        self.try_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never takes an answer's Enter
        self.try_button.clicked.connect(saves.try_now)
        keep_height = self.try_button.sizePolicy()
        keep_height.setRetainSizeWhenHidden(True)  # the page below does not move when it goes
        self.try_button.setSizePolicy(keep_height)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.try_button)
        self.going = QTimer(self)
        self.going.setSingleShot(True)
        self.going.setInterval(BACK_SHOWN_MS)
        self.going.timeout.connect(self.refresh)
        saves.changed.connect(self.refresh)
        saves.back.connect(self.show_back)
        self.refresh()

    def words(self) -> str:
        """What the banner says for the state of the saves now ("" when all is saved)."""
        tr, state, on_disk = self.tr, self.saves.state, self.saves.pending.kept_on_disk
        if state == "unreachable" and on_disk:
            return tr(
                "The practice server cannot be reached just now. Your answers are kept on "
                "this computer and will be saved when it is back; you can go on answering."
            )
        if state == "unreachable":
            return tr(
                "The practice server cannot be reached just now. Your answers are kept in "
                "this window and will be saved when it is back: please keep the window open."
            )
        if state == "refused" and on_disk:
            return tr(
                "The practice server no longer accepts your login, so answers cannot be "
                "saved there. They are kept on this computer. Please ask the practice admin, "
                "then choose Try again."
            )
        if state == "refused":
            return tr(
                "The practice server no longer accepts your login, so answers cannot be "
                "saved there. They are kept in this window: please keep it open, ask the "
                "practice admin, then choose Try again."
            )
        if state == "resuming":
            return tr("Saving the answers kept on this computer since Therapist Desk last closed…")
        return ""

    def refresh(self) -> None:
        """Show what is happening now (the "saved" line stays until its time is up)."""
        if self.going.isActive() and self.saves.state == "saved":
            return
        self.going.stop()
        words = self.words()
        self.try_button.setText(
            self.tr("Try again") if self.saves.state == "refused" else self.tr("Try now")
        )
        self.try_button.setVisible(self.saves.state in ("unreachable", "refused"))
        self.text.setText(words)
        self.setAccessibleDescription(words)
        self.setVisible(bool(words))

    def show_back(self, earlier: bool) -> None:
        """Everything kept was saved: say so for a few seconds."""
        words = (
            self.tr("Saved — the answers kept on this computer are on the practice server now.")
            if earlier
            else self.tr("Saved — the practice server is back.")
        )
        self.text.setText(words)
        self.setAccessibleDescription(words)
        self.try_button.hide()
        self.show()
        self.going.start()


def _tr(text: str) -> str:
    return QCoreApplication.translate("ServerBanner", text)


def hold_while_saving(saves: AnswerSaves, actions: Sequence[QAction]) -> None:
    """While answers wait for the server, ``actions`` (finishing, documents, exports)
    wait too, each saying why in its status tip."""
    waiting = saves.waiting
    reason = _tr("Waits until every answer is saved on the practice server.") if waiting else ""
    for action in actions:
        action.setStatusTip(reason)
        if waiting:
            action.setEnabled(False)


def ask_to_close(saves: AnswerSaves, dialogs: Dialogs) -> bool:
    """Whether the window may close: at once when nothing waits for the server, else
    only if the clinician chooses to (Stay is the default and the Escape key)."""
    if not saves.waiting:
        return True
    text = (
        _tr(
            "Some answers are not on the practice server yet. They are kept on this "
            "computer and will be saved the next time Therapist Desk opens while the "
            "server can be reached."
        )
        if saves.pending.kept_on_disk
        else _tr(
            "Some answers are not on the practice server yet, and could not be kept on "
            "this computer: closing now loses them. Stay until the server is back."
        )
    )
    return dialogs.ask_leave(
        _tr("Answers not saved yet"), text, stay=_tr("Stay"), leave=_tr("Close anyway")
    )
