"""The first page of every intake: the practice's couples policy, each person's
agreement, and drawn signatures.

Nothing is agreed until it is pressed: number keys (1, 2) record the agreement of the
partner with that number, Enter goes on. Only the people the audience may ask are shown
(`intake.consent.asked_with`): with one partner alone, only that partner's agreement.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake.audience import Audience
from therapist_desk.intake.consent import CLINICIAN_POSITION, asked_with
from therapist_desk.services.consent import NOT_REVIEWED, IntakeConsent, PersonConsent
from therapist_desk.ui.widgets.enter_key import enter_keys
from therapist_desk.ui.widgets.signature_pad import SignaturePad


def _when(person: PersonConsent) -> str:
    moment = person.agreed_at.astimezone() if person.agreed_at else None
    return moment.strftime("%d %b %Y %H:%M") if moment else ""


class SignatureRow(QWidget):
    """A pad with Clear and Keep signature, and what is kept."""

    keep_requested = Signal(int, object, bytes)  # position, strokes, PNG

    def __init__(self, position: int, person: PersonConsent, parent: QWidget | None = None):
        super().__init__(parent)
        self.position = position
        self.pad = SignaturePad()
        self.pad.setAccessibleName(self.tr("Signature of {0}").format(person.name))
        if person.strokes:
            self.pad.set_strokes([list(s) for s in person.strokes])
        self.clear_button = QPushButton(self.tr("Clear"))
        self.keep_button = QPushButton(self.tr("Keep signature"))
        for button, name in (
            (self.keep_button, self.tr("Keep the signature of {0}")),
            (self.clear_button, self.tr("Clear the signature of {0}")),
        ):
            button.setAccessibleName(name.format(person.name))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.show_person(person)
        self.clear_button.clicked.connect(self.pad.clear)
        self.keep_button.clicked.connect(self._keep)
        self.pad.changed.connect(lambda: self.status.setText(self.tr("Not kept yet")))
        buttons = QVBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        pad_column = QVBoxLayout()
        pad_column.addWidget(self.pad)
        pad_column.addWidget(self.status)
        row.addLayout(pad_column)
        row.addLayout(buttons)
        row.addStretch(1)

    def show_person(self, person: PersonConsent) -> None:
        """Say whether a signature is kept, and when."""
        if person.signed_at is not None:
            when = person.signed_at.astimezone().strftime("%d %b %Y %H:%M")
            self.status.setText(self.tr("Signature kept {0}").format(when))
        else:
            self.status.setText(self.tr("No signature (optional)"))

    def refuse(self, message: str) -> None:
        """Say why the signature was not kept."""
        self.status.setText(message)

    def _keep(self) -> None:
        if self.pad.is_empty():
            self.refuse(
                self.tr("The signature pad is empty: sign with the mouse, a finger or a pen first.")
            )
            return
        self.keep_requested.emit(self.position, self.pad.strokes(), self.pad.png())


class ConsentPage(QScrollArea):
    """The policy, then one card per person the audience may ask, and the clinician's."""

    agree_requested = Signal(int)
    withdraw_requested = Signal(int)
    sign_requested = Signal(int, object, bytes)
    finished_page = Signal()

    def __init__(
        self, consent: IntakeConsent, audience: Audience, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.questions: list[QWidget] = []  # no questions: the driver and chrome ask
        self.consent = consent
        self.people = [p for p in consent.people if asked_with(audience, f"p{p.position}")]
        self.agree_buttons: dict[int, QPushButton] = {}
        self.withdraw_buttons: dict[int, QPushButton] = {}
        self.agreed_labels: dict[int, QLabel] = {}
        self.signatures: dict[int, SignatureRow] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 8, 24, 16)
        layout.addWidget(self._policy_box())
        for number, person in enumerate(self.people, start=1):
            layout.addWidget(self._person_card(number, person))
        layout.addWidget(self._clinician_card())
        self.hint = QLabel(
            self.tr(
                "Press the number beside a name when that person agrees; nothing is agreed "
                "until it is pressed. Enter: the next page."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_consent(consent)

    def _policy_box(self) -> QFrame:
        text = self.consent.text
        box = QFrame()
        box.setObjectName("safetyBox")
        inner = QVBoxLayout(box)
        if text.reviewed and text.created_at is not None:
            version = self.tr("Version {0} of {1}").format(
                text.number, text.created_at.astimezone().strftime("%d %b %Y")
            )
        else:
            version = self.tr("Template, not reviewed yet")
        self.policy_title = QLabel(
            self.tr("Our couples policy: <b>{0}</b> · {1}").format(text.policy.label, version)
        )
        self.policy_text = QLabel(text.text)
        self.policy_text.setWordWrap(True)
        inner.addWidget(self.policy_title)
        inner.addWidget(self.policy_text)
        self.not_reviewed = QLabel(self.tr(NOT_REVIEWED))
        self.not_reviewed.setObjectName("fieldError")
        self.not_reviewed.setWordWrap(True)
        self.not_reviewed.setVisible(not text.reviewed)
        inner.addWidget(self.not_reviewed)
        return box

    def _person_card(self, number: int, person: PersonConsent) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(card)
        top = QHBoxLayout()
        agree = QPushButton(self.tr("{0}  {1} agrees").format(number, person.name))
        agree.setAccessibleName(
            self.tr("{0} agrees to the policy (key {1})").format(person.name, number)
        )
        agree.clicked.connect(lambda _=False, p=person.position: self.agree_requested.emit(p))
        withdraw = QPushButton(self.tr("Withdraw consent…"))
        withdraw.setAccessibleName(self.tr("{0} withdraws consent").format(person.name))
        withdraw.clicked.connect(lambda _=False, p=person.position: self._withdraw(p))
        label = QLabel()
        label.setWordWrap(True)
        top.addWidget(agree)
        top.addWidget(label, 1)
        top.addWidget(withdraw)
        inner.addLayout(top)
        signature = SignatureRow(person.position, person)
        signature.keep_requested.connect(self.sign_requested)
        inner.addWidget(signature)
        self.agree_buttons[person.position] = agree
        self.withdraw_buttons[person.position] = withdraw
        self.agreed_labels[person.position] = label
        self.signatures[person.position] = signature
        return card

    def _clinician_card(self) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(card)
        inner.addWidget(
            QLabel(self.tr("Clinician: <b>{0}</b>").format(self.consent.clinician.name))
        )
        signature = SignatureRow(CLINICIAN_POSITION, self.consent.clinician)
        signature.keep_requested.connect(self.sign_requested)
        inner.addWidget(signature)
        self.signatures[CLINICIAN_POSITION] = signature
        return card

    def show_consent(self, consent: IntakeConsent) -> None:
        """Show who agreed when, who withdrew, and which signatures are kept."""
        self.consent = consent
        for person in self.people:
            now = consent.person(person.position)
            agree, label = self.agree_buttons[person.position], self.agreed_labels[person.position]
            if now.withdrawn_at is not None:
                when = now.withdrawn_at.astimezone().strftime("%d %b %Y %H:%M")
                label.setText(self.tr("Withdrew consent {0}").format(when))
            elif now.agreed_at is not None:
                label.setText(self.tr("✓ Agreed {0} (version {1})").format(_when(now), now.version))
            else:
                label.setText(self.tr("Not agreed yet"))
            agree.setEnabled(now.agreed_at is None)  # not reviewed: pressing it says so
            self.withdraw_buttons[person.position].setVisible(now.agreed)
            self.signatures[person.position].show_person(now)
        self.signatures[CLINICIAN_POSITION].show_person(consent.clinician)

    def refuse_signature(self, position: int, message: str) -> None:
        """Say on the row why a signature was not kept."""
        self.signatures[position].refuse(message)

    def _withdraw(self, position: int) -> None:
        name = self.consent.person(position).name
        if self.confirm_withdraw(self, name):
            self.withdraw_requested.emit(position)

    @classmethod
    def confirm_withdraw(cls, parent: QWidget, name: str) -> bool:
        """Ask before recording a withdrawal (tests replace this); Cancel is the default."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Withdraw consent"))
        box.setText(parent.tr("{0} withdraws consent?").format(name))
        box.setInformativeText(
            parent.tr(
                "The intake then asks nothing more. What was answered is kept and marked "
                "as given before the withdrawal."
            )
        )
        withdraw = box.addButton(parent.tr("Withdraw"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is withdraw

    # The keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1, 2: that partner agrees; Enter: the next page."""
        key = event.key()
        if key in enter_keys() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.finished_page.emit()
            return
        number = key - Qt.Key.Key_0
        if 1 <= number <= len(self.people) and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            button = self.agree_buttons[self.people[number - 1].position]
            if button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: the keyboard comes to the page once Qt has placed it."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._arrived)

    def _arrived(self) -> None:
        now = QApplication.focusWidget()
        if now is None or (now.window() is self.window() and not self.isAncestorOf(now)):
            self.focus_first()

    def focus_first(self) -> None:
        """The keyboard on the page (number keys and Enter)."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def flush(self) -> None:
        """Nothing is typed here: every choice is saved when made."""
