"""What a room's controller may ask of the window around it, and the one error guard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from therapist_desk.services.errors import as_user_error
from therapist_desk.services.practice import Practice
from therapist_desk.ui.widgets.audience import AudienceState
from therapist_desk.ui.widgets.dialogs import Dialogs


class Host(Protocol):
    """The main window as the rooms see it: the practice, questions, and navigation."""

    practice: Practice
    dialogs: Dialogs
    audience: AudienceState

    def show_page(self, page: QWidget) -> None: ...
    def showing(self, *pages: QWidget) -> bool: ...
    def show_home(self) -> None: ...
    def show_status(self, text: str, timeout_ms: int = 8000) -> None: ...
    def update_actions(self) -> None: ...


def guarded(host: Host, action: Callable[[], Any], *, title: str = "") -> Any:
    """Run ``action``: its result (True when it returns None), or None after a user error.

    A user error (a full disk too) is shown in a dialog. Anything else is a bug and is
    raised (the app's error hook reports it calmly).
    """
    try:
        result = action()
    except Exception as err:
        shown = as_user_error(err)
        if shown is None:
            raise
        host.dialogs.inform(title or host.dialogs.tr("Therapist Desk"), str(shown), warning=True)
        return None
    return True if result is None else result


def failed_with(host: Host, title: str) -> Callable[[str], Any]:
    """The failure callback of an operation: its message in a warning titled ``title``."""
    return lambda message: host.dialogs.inform(title, message, warning=True)
