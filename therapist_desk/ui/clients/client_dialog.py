"""New / edit client: an individual or a couple, validated before anything is saved.

The cursor starts on the first name. Escape (or closing the window) on a form with
something typed asks before discarding it. A new client with the same name and date of
birth as one already kept gets a warning beside the buttons; saving again adds it.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.models import ClientCreate, field_errors
from therapist_desk.services.views import ClientForm
from therapist_desk.ui.clients.participant_form import ParticipantForm

FindSimilar = Callable[[ClientCreate], list[str]]
"""The clients already kept with a person of the same name and date of birth."""


class ClientDialog(QDialog):
    """Collects a valid ``ClientCreate``; messages appear next to the fields at fault.

    ``find_similar`` looks up possible duplicates of a new client (through the services);
    ``confirm_discard`` asks whether typed details may be thrown away (the app's dialogs).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        editing: bool = False,
        find_similar: FindSimilar | None = None,
        confirm_discard: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit client") if editing else self.tr("New client"))
        self.result_shape: ClientCreate | None = None
        self.editing = editing
        self._find_similar = None if editing else find_similar
        self._confirm_discard = confirm_discard
        self._warned_for: object = None
        self.individual = QRadioButton(self.tr("&Individual"))
        self.couple = QRadioButton(self.tr("&Couple"))
        self.individual.setAccessibleName(self.tr("Client is an individual"))
        self.couple.setAccessibleName(self.tr("Client is a couple"))
        self.kind_group = QButtonGroup(self)
        for button in (self.individual, self.couple):
            self.kind_group.addButton(button)
            button.setEnabled(not editing)
        self.individual.setChecked(True)
        self.forms = [ParticipantForm(self.tr("Person 1")), ParticipantForm(self.tr("Person 2"))]
        self.form_error = QLabel()
        self.form_error.setObjectName("fieldError")
        self.form_error.hide()
        self.duplicate = QLabel()
        self.duplicate.setObjectName("formWarning")
        self.duplicate.setWordWrap(True)
        self.duplicate.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save client"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.couple.toggled.connect(self._kind_changed)
        self._layout()
        self._kind_changed()
        self._loaded = self._typed()
        self.forms[0].inputs["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _layout(self) -> None:
        kinds = QHBoxLayout()
        kinds.addWidget(QLabel(self.tr("Who is coming:")))
        kinds.addWidget(self.individual)
        kinds.addWidget(self.couple)
        kinds.addStretch(1)
        body = QWidget()
        outer = QVBoxLayout(body)
        columns = QHBoxLayout()
        for form in self.forms:
            columns.addWidget(form, 1, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(columns)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from a field to the next
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.duplicate)
        layout.addWidget(self.buttons)
        self.resize(860, 560)

    def _kind_changed(self) -> None:
        self.forms[1].setVisible(self.couple.isChecked())

    @property
    def kind(self) -> IntakeKind:
        """The kind of client the dialog is set to."""
        return IntakeKind.COUPLE if self.couple.isChecked() else IntakeKind.INDIVIDUAL

    def load(self, client: ClientForm) -> None:
        """Show an existing client's details."""
        (self.couple if client.kind is IntakeKind.COUPLE else self.individual).setChecked(True)
        for form, person in zip(self.forms, client.people, strict=False):
            form.load(person)
        self._loaded = self._typed()

    def collect(self) -> ClientCreate:
        """The validated shape; raises ``ValidationError`` with per-field messages."""
        count = 2 if self.kind is IntakeKind.COUPLE else 1
        return ClientCreate.model_validate(
            {"kind": self.kind, "participants": [f.collect() for f in self.forms[:count]]}
        )

    def try_accept(self) -> None:
        """Validate; close only when valid, otherwise show messages by the fields."""
        try:
            self.result_shape = self.collect()
        except ValidationError as err:
            self.result_shape = None
            self.show_errors(field_errors(err))
            return
        self.show_errors({})
        if self._warn_if_kept_already(self.result_shape):
            self.result_shape = None
            return
        self.accept()

    def _warn_if_kept_already(self, shape: ClientCreate) -> bool:
        """Warn once about clients with the same name and date of birth (saving again adds)."""
        if self._find_similar is None:
            return False
        people = tuple((p.name.casefold(), p.date_of_birth) for p in shape.participants)
        if people == self._warned_for:
            return False
        similar = self._find_similar(shape)
        if not similar:
            return False
        self._warned_for = people
        self.duplicate.setText(
            self.tr(
                "Already kept with the same name and date of birth: {0}. If this is the "
                "same client, choose Cancel and open them from the list; to add a new "
                "client all the same, choose Save anyway."
            ).format("; ".join(similar))
        )
        self.duplicate.show()
        self.save_button.setText(self.tr("Save anyway"))
        return True

    # Asking before what was typed is lost ------------------------------------------------

    def _typed(self) -> list[object]:
        return [self.kind, *(form.collect() for form in self.forms)]

    def has_changes(self) -> bool:
        """Whether anything was typed (or changed, when editing) since the form opened."""
        return self._typed()[1:] != self._loaded[1:]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.discard_if_allowed()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or self.may_discard():
            super().closeEvent(event)
        else:
            event.ignore()

    def discard_if_allowed(self) -> None:
        """Escape: close without saving, after asking when something was typed."""
        if self.may_discard():
            self.reject()

    def may_discard(self) -> bool:
        """True when nothing was typed, or the person agreed to lose it (Cancel: keep)."""
        if not self.has_changes() or self._confirm_discard is None:
            return True
        return self._confirm_discard()

    def show_errors(self, messages: dict[str, str]) -> None:
        """Route ``participants.N.field`` messages to their fields, the rest below."""
        per_form: list[dict[str, str]] = [{}, {}]
        general: list[str] = []
        for key, message in messages.items():
            parts = key.split(".")
            if len(parts) >= 3 and parts[0] == "participants" and parts[1].isdigit():
                per_form[int(parts[1])][parts[2]] = message
            else:
                general.append(message)
        for form, form_messages in zip(self.forms, per_form, strict=True):
            form.show_errors(form_messages)
        self.form_error.setText(" ".join(general))
        self.form_error.setVisible(bool(general))
        for form in self.forms:
            target = form.first_error_input()
            if target is not None:
                target.setFocus()
                break
