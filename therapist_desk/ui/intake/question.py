"""One question on a wizard page, answered with the mouse or the keyboard.

Keys inside a question: the number printed beside an option picks it (or toggles it
for "choose all that fit"); a measure that publishes scores prints them, so on PHQ-9
key 0 is "Not at all". Delete clears the answer, Enter moves on to the next question
(from a text answer Tab does; Enter in an empty one skips it).
A choice that replaces or clears an earlier one is said under the question, with the
way back (Ctrl+Z, on the page). Text answers are saved when typing pauses and when the
field loses focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake.catalogue import YES_NO_LABELS, AnswerValue, Item, ItemType
from therapist_desk.ui.widgets.enter_key import enter_keys

TEXT_SAVE_DELAY_MS = 600


class QuestionWidget(QFrame):
    """The wording, the answer controls and a note when it is not answered yet."""

    answered = Signal(str, object)  # item id, value (None: cleared)
    advance = Signal()
    chose = Signal(object)  # a choice was made; the answer before it (None: there was none)

    def __init__(self, item: Item, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("question")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._loading = False
        self.title = QLabel(f"<b>{label}</b>&nbsp; {_escape(item.wording)}")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 8)
        layout.addWidget(self.title)
        if item.help:
            hint = QLabel(item.help)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.buttons: list[QAbstractButton] = []
        self.values: list[Any] = []
        self.numbers: list[int] = []
        self.text: QPlainTextEdit | None = None
        self.spin: QSpinBox | None = None
        self.current: AnswerValue | None = None
        self._build_controls(layout)
        self.change_note = QLabel()
        self.change_note.setObjectName("changeNote")
        self.change_note.setWordWrap(True)
        self.change_note.hide()
        layout.addWidget(self.change_note)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)

    def _build_controls(self, layout: QVBoxLayout) -> None:
        item = self.item
        if item.type in (ItemType.CHOICE, ItemType.YES_NO, ItemType.MULTI_CHOICE):
            if item.type is ItemType.YES_NO:
                choices = [(True, YES_NO_LABELS[True]), (False, YES_NO_LABELS[False])]
            else:
                choices = [(o.value, o.label) for o in item.options]
            multi = item.type is ItemType.MULTI_CHOICE
            self.group = QButtonGroup(self)
            self.group.setExclusive(not multi)
            for index, ((value, text), number) in enumerate(
                zip(choices, item.option_numbers(), strict=True)
            ):
                plain = text.replace("&", "&&")
                shown = f"[{number}]  {plain}" if number <= 9 else plain
                button: QAbstractButton = QCheckBox(shown) if multi else QRadioButton(shown)
                button.setAccessibleName(f"{item.short}: {text}")
                self.group.addButton(button, index)
                layout.addWidget(button)
                self.buttons.append(button)
                self.values.append(value)
                self.numbers.append(number)
            self.group.buttonClicked.connect(self._button_clicked)
        elif item.type is ItemType.TEXT:
            self.text = QPlainTextEdit()
            self.text.setAccessibleName(item.short)
            self.text.setTabChangesFocus(True)
            self.text.setFixedHeight(90)
            self._timer = QTimer(self, singleShot=True, interval=TEXT_SAVE_DELAY_MS)
            self._timer.timeout.connect(self._emit_text)
            self.text.textChanged.connect(self._text_changed)
            layout.addWidget(self.text)
        else:
            self.spin = QSpinBox()
            low = (item.minimum or 0) - 1
            self.spin.setRange(low, item.maximum if item.maximum is not None else 10**6)
            self.spin.setSpecialValueText(self.tr("not answered"))
            self.spin.setAccessibleName(item.short)
            self.spin.valueChanged.connect(self._spin_changed)
            layout.addWidget(self.spin)

    def set_value(self, value: AnswerValue | None) -> None:
        """Show a stored answer without saving it again."""
        self.current = tuple(value) if isinstance(value, list) else value
        self._loading = True
        try:
            if self.text is not None:
                self.text.setPlainText("" if value is None else str(value))
            elif self.spin is not None:
                self.spin.setValue(self.spin.minimum() if value is None else int(value))
            elif self.buttons:
                chosen = value if isinstance(value, tuple | list) else (value,)
                self.group.setExclusive(False)  # an exclusive group cannot be emptied
                for button, option in zip(self.buttons, self.values, strict=True):
                    button.setChecked(any(_same(option, v) for v in chosen))
                self.group.setExclusive(self.item.type is not ItemType.MULTI_CHOICE)
        finally:
            self._loading = False

    def is_answered(self) -> bool:
        """Whether the question shows an answer (typed text counts before it is saved)."""
        if self.text is not None:
            return bool(self.text.toPlainText().strip())
        if self.spin is not None:
            return self.spin.value() != self.spin.minimum()
        return any(button.isChecked() for button in self.buttons)

    def set_current(self, current: bool) -> None:
        """Mark this question as the one the keyboard answers (the style draws the mark)."""
        if self.property("current") is current:
            return
        self.setProperty("current", current)
        self.style().unpolish(self)
        self.style().polish(self)

    def focus_first(self) -> None:
        """Put the keyboard focus on this question."""
        target = (
            self.text
            or self.spin
            or next(
                (b for b in self.buttons if b.isChecked()),
                self.buttons[0] if self.buttons else None,
            )
        )
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def pick(self, number: int) -> None:
        """Choose the option printed with ``number``, as that number key does."""
        if number not in self.numbers:
            return
        button = self.buttons[self.numbers.index(number)]
        if self.group.exclusive():
            button.setChecked(True)
        else:
            button.setChecked(not button.isChecked())
        self._button_clicked(button)
        button.setFocus()

    def clear(self) -> None:
        """Remove the answer."""
        if self.buttons:
            self.group.setExclusive(False)
            for button in self.buttons:
                button.setChecked(False)
            self.group.setExclusive(self.item.type is not ItemType.MULTI_CHOICE)
            self._choose(None)
        elif self.spin is not None:
            self.spin.setValue(self.spin.minimum())
        elif self.text is not None:
            self.text.clear()

    def _button_clicked(self, _button: QAbstractButton) -> None:
        if self._loading:
            return
        picked = [v for b, v in zip(self.buttons, self.values, strict=True) if b.isChecked()]
        if self.item.type is ItemType.MULTI_CHOICE:
            self._choose(tuple(picked))
        else:
            self._choose(picked[0] if picked else None)

    def _choose(self, value: AnswerValue | None) -> None:
        """Save a choice; one that replaces or clears an earlier answer is said, never silent.

        Ticking one more option of a multiple choice replaces nothing: it is not said (it
        is still undone with Ctrl+Z); unticking one is.
        """
        old = self.current
        if _same(old, value):
            return
        self.current = value
        added_only = isinstance(old, tuple) and isinstance(value, tuple) and set(old) <= set(value)
        if old is not None and not added_only:
            self.show_change(old, value)
        elif added_only:
            self.change_note.hide()
        self.chose.emit(old)
        self.answered.emit(self.item.id, list(value) if isinstance(value, tuple) else value)

    def show_change(self, old: AnswerValue, new: AnswerValue | None) -> None:
        """Say under the question what the answer was and what it is now."""
        if new is None:
            text = self.tr("Cleared “{0}” — Ctrl+Z to undo").format(self.item.label_for(old))
        else:
            text = self.tr("Changed from “{0}” to “{1}” — Ctrl+Z to undo").format(
                self.item.label_for(old), self.item.label_for(new)
            )
        self.change_note.setText(text)
        self.change_note.show()

    def undo_to(self, old: AnswerValue | None) -> None:
        """Put back an earlier answer (Ctrl+Z) and save it like any answer."""
        undone = self.current
        self.set_value(old)
        shown = self.tr("not answered") if old is None else f"“{self.item.label_for(old)}”"
        was = self.item.label_for(undone) if undone is not None else self.tr("not answered")
        self.change_note.setText(self.tr("Undone: back to {0} (was “{1}”)").format(shown, was))
        self.change_note.show()
        self.answered.emit(self.item.id, list(old) if isinstance(old, tuple) else old)

    def _text_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def _emit_text(self) -> None:
        assert self.text is not None
        text = self.text.toPlainText()
        self.answered.emit(self.item.id, text if text.strip() else None)

    def flush(self) -> None:
        """Save a text answer still waiting for its typing pause."""
        if self.text is not None and self._timer.isActive():
            self._timer.stop()
            self._emit_text()

    def _spin_changed(self, value: int) -> None:
        if self._loading or self.spin is None:
            return
        self.answered.emit(self.item.id, None if value == self.spin.minimum() else value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The classes first: most events are neither, and asking an event its type builds
        # a Python enum member each time.
        if isinstance(event, QFocusEvent):
            if watched is self.text and event.type() == QEvent.Type.FocusOut:
                self.flush()
            return False
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        key, mods = event.key(), event.modifiers()
        typing = watched is self.text or watched is self.spin
        empty_text = watched is self.text and not self.text.toPlainText()  # Enter skips it
        moves_on = not typing or empty_text or mods & Qt.KeyboardModifier.ControlModifier
        if key in enter_keys() and moves_on:
            self.flush()
            self.advance.emit()
            return True
        if typing:
            return False
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.pick(key - Qt.Key.Key_0)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            return True
        return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
