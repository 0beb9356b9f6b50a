"""The safety panel: what the risk marker counts, for the clinician's eyes only.

It opens from the marker in *clinician only* mode: the safety-relevant answers given so
far (whose, and what), the safety actions the rules ask for on the answers so far, and
the practice's own crisis text and numbers from Settings (with a prompt to write them
while there are none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QVBoxLayout, QWidget

from therapist_desk.intake.risk import RiskSignal

NO_CRISIS_TEXT = (
    "Your practice's crisis text is empty. Write who to call and the numbers to give "
    "(crisis line, emergency services, your own out-of-hours arrangement) in Settings › "
    "Practice, so it is here when you need it."
)


class SafetyPanel(QDialog):
    """Risk answers, the safety actions, and the crisis text; Close is the only button."""

    def __init__(
        self,
        signals: Sequence[RiskSignal],
        actions: Sequence[str],
        crisis_text: str,
        names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Safety — clinician only"))
        layout = QVBoxLayout(self)
        rows = "".join(
            f"<li><b>{escape(names.get(s.participant, s.participant))}</b>: {escape(s.label)}</li>"
            for s in signals
        )
        self.answers = QLabel(self.tr("<b>Safety-relevant answers so far</b>") + f"<ul>{rows}</ul>")
        self.answers.setWordWrap(True)
        todo = "".join(f"<li>{escape(a)}</li>" for a in actions)
        self.actions = QLabel(
            self.tr("<b>What the rules ask of you</b>")
            + (f"<ul>{todo}</ul>" if todo else self.tr("<br>Nothing yet."))
        )
        self.actions.setWordWrap(True)
        box = QFrame()
        box.setObjectName("safetyBox")
        inner = QVBoxLayout(box)
        self.crisis = QLabel(crisis_text or self.tr(NO_CRISIS_TEXT))
        self.crisis.setWordWrap(True)
        self.crisis.setMinimumWidth(460)
        inner.addWidget(QLabel(self.tr("<b>Your practice's crisis text</b>")))
        inner.addWidget(self.crisis)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for widget in (self.answers, self.actions, box):
            layout.addWidget(widget)
        layout.addWidget(buttons)
