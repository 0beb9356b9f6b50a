"""Locking the app: after an idle time, or on demand, client data is hidden until unlocked.

Every visible window of the app (the main window and any dialog or preview open over
it) is covered by an opaque `LockCover`, its widgets and actions are disabled (so typing
or a shortcut cannot reach a hidden form) and its title no longer names anyone. Nothing
is closed, so a half-typed form is still there after unlocking. The cover asks for the
database passphrase or the lock PIN (on a practice server without a PIN: the server
password, checked on a worker); after repeated wrong tries it waits before taking
another.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from therapist_desk import APP_NAME
from therapist_desk.ui.widgets.input_watch import last_input
from therapist_desk.ui.widgets.ops import run_op

CHECK_EVERY_MS = 5_000
TRIES_BEFORE_PAUSE = 5
PAUSE_SECONDS = 30
CARD_WIDTH = 420


class IdleWatcher(QObject):
    """Emits ``idle`` once the app has had no key, click, wheel or mouse move for a while.

    The windows' input watch stamps the time of activity (`ui.widgets.input_watch`,
    started once the window shows its list); a slow timer compares it with the limit,
    counted from ``set_minutes`` at the earliest.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._limit = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._check)

    def set_minutes(self, minutes: float) -> None:
        """Idle after ``minutes`` without activity; 0 switches the watch off."""
        self._limit = minutes * 60
        self._last = time.monotonic()
        if minutes > 0:
            self._timer.setInterval(min(CHECK_EVERY_MS, max(50, int(self._limit * 250))))
            self._timer.start()
        else:
            self._timer.stop()

    def _check(self) -> None:
        self._last = max(self._last, last_input())
        if self._limit and time.monotonic() - self._last >= self._limit:
            self._last = time.monotonic()
            self.idle.emit()


class LockCover(QFrame):
    """An opaque cover over one window, with the field that unlocks the app."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget, hint: str) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        title = QLabel(self.tr("{0} is locked").format(APP_NAME))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(hint)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("Passphrase or PIN to unlock"))
        self.secret.returnPressed.connect(self._submit)
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.hide()
        card = QWidget()
        card.setFixedWidth(CARD_WIDTH)  # a wrapped label needs a fixed width to size itself
        self.column = column = QVBoxLayout(card)
        column.setSpacing(10)
        for widget in (title, self.hint, self.secret, self.button, self.error):
            column.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        window.installEventFilter(self)
        self._fit()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.secret.text())
        self.secret.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Every key stops here: Enter must not also press the default button of a dialog
        # under the cover (say, "Erase") once it is unlocked, nor Escape close it.
        event.accept()

    def show_error(self, message: str) -> None:
        """Say why the app is still locked (every line of it: a wrapped label in a
        centred card is given one line's height unless told how many it needs)."""
        self.error.setText(message)
        margins = self.column.contentsMargins()
        width = CARD_WIDTH - margins.left() - margins.right()
        self.error.setMinimumHeight(self.error.heightForWidth(width))
        self.error.show()

    def set_waiting(self, waiting: bool) -> None:
        """Refuse input during the pause after too many wrong tries."""
        self.secret.setEnabled(not waiting)
        self.button.setEnabled(not waiting)
        if not waiting:
            self.secret.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent) and watched is self.parent():
            self._fit()
        return False

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()


class _Covered:
    """One covered window and what was changed on it, to put back on unlock."""

    def __init__(self, window: QWidget, cover: LockCover) -> None:
        self.window, self.cover = window, cover
        self.title = window.windowTitle()
        self.focus = window.focusWidget()  # typing goes on where it stopped
        self.enabled = {
            child: child.isEnabled()
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child is not cover and not child.isWindow()  # dialogs get their own cover
        }
        self.actions = {action: action.isEnabled() for action in window.findChildren(QAction)}

    def hide_content(self) -> None:
        for child in self.enabled:
            child.setEnabled(False)
        for action in self.actions:
            action.setEnabled(False)
        self.window.setWindowTitle(f"{APP_NAME} — locked")
        self.cover.show()
        self.cover.raise_()

    def restore(self) -> None:
        """Put back what was changed; parts deleted meanwhile (a closed box) are skipped."""
        for child, enabled in self.enabled.items():
            if isValid(child):
                child.setEnabled(enabled)
        for action, enabled in self.actions.items():
            if isValid(action):
                action.setEnabled(enabled)
        if isValid(self.window):
            self.window.setWindowTitle(self.title)
        if self.focus is not None and isValid(self.focus):
            self.focus.setFocus()
        if isValid(self.cover):
            self.cover.hide()
            self.cover.deleteLater()


class ScreenLock(QObject):
    """Locks every window of the app and unlocks it when ``verify`` accepts a secret.

    ``verify(secret)`` says whether a typed passphrase or PIN is right; ``hint()`` says
    what unlocks (shown on the cover); ``available()`` whether any secret is set, since
    a lock nobody can open must not happen. ``slow_check(secret)``, if given, returns a
    slower check to run on a worker (the practice server's password, asked of the
    server) when ``verify`` said no, or ``None`` when there is none to run.
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        *,
        verify: Callable[[str], bool],
        hint: Callable[[], str],
        available: Callable[[], bool],
        refusal: Callable[[], str] | None = None,
        slow_check: Callable[[str], Callable[[], bool] | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._verify, self._hint, self._available = verify, hint, available
        self._refusal = refusal
        self._slow_check = slow_check
        self._checking = False
        self._covered: list[_Covered] = []
        self._wrong = 0
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.timeout.connect(self._end_pause)

    @property
    def locked(self) -> bool:
        """Whether client data is hidden behind the lock now."""
        return bool(self._covered)

    def lock(self) -> bool:
        """Cover every visible window; False (nothing done) when no secret is set."""
        if self.locked or not self._available():
            return False
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        # Windows shown while locked are covered too. Only while locked: a filter on the
        # whole application is a Python call for every event of every widget.
        QApplication.instance().installEventFilter(self)
        self._focus_cover()
        self.locked_changed.emit(True)
        return True

    def _cover(self, window: QWidget) -> None:
        cover = LockCover(window, self._hint())
        cover.unlock_requested.connect(self.try_unlock)
        covered = _Covered(window, cover)
        covered.hide_content()
        self._covered.append(covered)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QShowEvent)
            and self._covered
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not any(item.window is watched for item in self._covered)
        ):
            self._cover(watched)  # e.g. a message box from a job that finished meanwhile
        return False

    def try_unlock(self, secret: str) -> bool:
        """Unlock if ``secret`` is right; otherwise say so on every cover.

        Where only a slow check can tell (the server's password), it runs on a worker,
        the covers say so meanwhile, and this returns False: the lock opens when the
        answer arrives (``locked_changed``).
        """
        if not self.locked or self._pause.isActive() or self._checking:
            return not self.locked
        if secret and self._verify(secret):
            self._open()
            return True
        job = self._slow_check(secret) if secret and self._slow_check is not None else None
        if job is not None:
            self._checking = True
            for item in self._live():
                item.cover.set_waiting(True)
                item.cover.show_error(self.tr("Checking the password with the practice server…"))
            run_op(job, self._checked, lambda _message: self._checked(False))
            return False
        self._refuse()
        return False

    def _checked(self, accepted: object) -> None:
        self._checking = False
        if not self.locked:
            return
        for item in self._live():
            item.cover.set_waiting(False)
        if accepted is True:
            self._open()
        else:
            self._refuse()

    def _open(self) -> None:
        self._wrong = 0
        QApplication.instance().removeEventFilter(self)
        covered, self._covered = self._covered, []
        for item in covered:
            item.restore()
        self.locked_changed.emit(False)

    def _refuse(self) -> None:
        self._wrong += 1
        if self._wrong >= TRIES_BEFORE_PAUSE:
            self._wrong = 0
            message = self.tr("That is not right. Too many tries: wait {0} seconds.").format(
                PAUSE_SECONDS
            )
            self._pause.start(PAUSE_SECONDS * 1000)
            for item in self._live():
                item.cover.set_waiting(True)
        else:
            message = (
                self._refusal()
                if self._refusal is not None
                else self.tr("That is not the passphrase or PIN. Try again.")
            )
        for item in self._live():
            item.cover.show_error(message)

    def _live(self) -> list[_Covered]:
        """The covered windows still there (a message box may have closed meanwhile)."""
        return [item for item in self._covered if isValid(item.window) and isValid(item.cover)]

    def _end_pause(self) -> None:
        for item in self._live():
            item.cover.set_waiting(False)
            item.cover.show_error(self.tr("Try again."))
        self._focus_cover()

    def _focus_cover(self) -> None:
        """Focus the cover that can take input: the one over a modal dialog, if any."""
        modal = QApplication.activeModalWidget()
        for item in reversed(self._live()):
            if modal is None or item.window is modal:
                item.window.activateWindow()
                item.cover.secret.setFocus()
                return
