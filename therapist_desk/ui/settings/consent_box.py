"""Settings › Consent: the practice's couples policy and the words the clients agree to.

The app offers a template for each policy; the practice reads it, changes what it does
differently, and keeps it ("Keep as version N"): only then can anyone agree to it.
Keeping different words makes a new version; intakes keep the version agreed. Sealing
the clinician's PDF is chosen here too.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake.consent import Policy, template
from therapist_desk.services.consent import ConsentText
from therapist_desk.settings import Settings


class ConsentBox(QWidget):
    """The consent text and its versions; ``keep_requested`` asks to keep a version."""

    keep_requested = Signal(object, str)  # Policy, text

    def __init__(self, text: ConsentText, practice: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.practice = practice
        self.policy = QComboBox()
        for policy in Policy:
            self.policy.addItem(policy.label, policy)
        self.policy.setAccessibleName(self.tr("Couples policy"))
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Consent text the clients agree to"))
        self.text.setTabChangesFocus(True)  # Tab goes on to "Keep as version N"
        self.template_button = QPushButton(self.tr("Use the template for this policy"))
        self.template_button.setAccessibleName(self.tr("Use the template for this policy"))
        self.keep_button = QPushButton()
        self.keep_button.setObjectName("primary")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.seal = QCheckBox(self.tr("Seal the clinician's PDF with the practice's key"))
        self.seal.setAccessibleName(self.tr("Seal the clinician's PDF"))
        seal_note = QLabel(
            self.tr(
                "A sealed PDF shows any later change as a broken seal (therapist-desk verify "
                "FILE.pdf). The seal is self-signed: it proves the file is unchanged, not who "
                "the practice is."
            )
        )
        seal_note.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "Read the words below, change what your practice does differently, and keep "
                "them. Every change is a new version; an intake keeps the version agreed."
            )
        )
        intro.setWordWrap(True)
        self.template_button.clicked.connect(self._use_template)
        self.keep_button.clicked.connect(
            lambda: self.keep_requested.emit(self.chosen(), self.text.toPlainText())
        )
        self.text.textChanged.connect(self._edited)
        self.policy.currentIndexChanged.connect(self._edited)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Couples policy")))
        row.addWidget(self.policy, 1)
        row.addWidget(self.template_button)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.status, 1)
        keep_row.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.seal)
        layout.addWidget(seal_note)
        order = (self.policy, self.template_button, self.text, self.keep_button, self.seal)
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)  # as they read: the words, then keep them
        self.show_text(text)

    def chosen(self) -> Policy:
        """The policy chosen in the list."""
        return Policy(self.policy.currentData())

    def show_text(self, text: ConsentText) -> None:
        """Show the kept version (or the template not reviewed yet)."""
        self.kept = text
        self.policy.blockSignals(True)
        self.policy.setCurrentIndex(max(0, self.policy.findData(text.policy)))
        self.policy.blockSignals(False)
        self.text.blockSignals(True)
        self.text.setPlainText(text.text)
        self.text.blockSignals(False)
        self._edited()

    def _edited(self) -> None:
        kept = self.kept
        same = kept.reviewed and (
            self.chosen() is kept.policy and self.text.toPlainText() == kept.text
        )
        following = (kept.number or 0) + 1
        self.keep_button.setText(self.tr("Keep as version {0}").format(following))
        self.keep_button.setAccessibleName(self.keep_button.text())
        self.keep_button.setEnabled(not same)
        if not kept.reviewed:
            self.status.setText(
                self.tr("Not reviewed yet: nobody can agree to this text until you keep it.")
            )
        elif same:
            when = kept.created_at.astimezone().strftime("%d %b %Y") if kept.created_at else ""
            self.status.setText(self.tr("Version {0}, kept {1}.").format(kept.number, when))
        else:
            self.status.setText(
                self.tr("Changed: keep it as a new version (intakes keep the version agreed).")
            )

    def refuse(self, message: str) -> None:
        """Say why the text was not kept."""
        self.status.setText(message)

    def _use_template(self) -> None:
        self.text.setPlainText(template(self.chosen(), self.practice))

    def load(self, settings: Settings) -> None:
        """Show the sealing choice."""
        self.seal.setChecked(settings.seal_clinician_pdf)

    def collect(self) -> dict[str, bool]:
        """The sealing choice, as settings."""
        return {"seal_clinician_pdf": self.seal.isChecked()}
