"""The intake wizard: pages in order, progress, whose turn it is, and the way out.

Shortcuts: Alt+Right or Ctrl+Enter next page, Alt+Left previous page; inside a page,
number keys answer and Enter moves to the next question. Every answer goes to the
backend the moment it is given; the page a person is on is remembered too, so a closed
or crashed app resumes exactly there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.errors import UserError
from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import Catalogue, IntakeKind, ItemType
from therapist_desk.intake.sequence import ALONE, Step, plan_steps, step_key, unanswered
from therapist_desk.ui.intake.page import StepPage


class WizardBackend(Protocol):
    """What the wizard needs saved; each call commits before returning."""

    def save_answer(self, position: int | None, item_id: str, value: Any) -> None: ...
    def set_position(self, section_id: str, position: int | None) -> None: ...


class IntakeWizard(QWidget):
    """Walks the clinician through every page of an intake."""

    finish_requested = Signal()

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        kind: IntakeKind,
        people: Mapping[int, str],
        answers: dict[int | None, dict[str, Any]],
        resume: tuple[str | None, int | None],
        backend: WizardBackend,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue, self.people, self.backend = catalogue, dict(people), backend
        self.answers = answers
        self.steps = plan_steps(catalogue, kind, sorted(people))
        self.index = 0
        self.page: StepPage | None = None
        self._build(title)
        wanted = step_key(*resume)
        keys = [s.key for s in self.steps]
        self.go_to(keys.index(wanted) if wanted in keys else 0, remember=False)

    def _build(self, title: str) -> None:
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        self.progress = QProgressBar()
        self.progress.setRange(0, len(self.steps))
        self.progress.setFormat(self.tr("Page %v of %m"))
        self.progress.setAccessibleName(self.tr("Intake progress"))
        self.section_list = QListWidget()
        self.section_list.setObjectName("sectionList")
        self.section_list.setAccessibleName(self.tr("Pages of the intake"))
        self.section_list.setFixedWidth(250)
        self.section_list.setSpacing(1)
        self.section_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.currentRowChanged.connect(self._list_clicked)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.whose_turn = QLabel()
        self.switch_buttons: dict[int, QPushButton] = {}
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.whose_turn, 1)
        for position, name in sorted(self.people.items()):
            button = QPushButton(name)
            button.setCheckable(True)
            button.setAccessibleName(self.tr("Switch to {0}").format(name))
            button.clicked.connect(lambda _=False, p=position: self.switch_person(p))
            switch_row.addWidget(button)
            self.switch_buttons[position] = button
        self.page_holder = QVBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"))
        self.next_button = QPushButton(self.tr("Next →"))
        self.finish_button = QPushButton(self.tr("Finish intake…"))
        self.finish_button.setObjectName("primary")
        for button, name in (
            (self.back_button, self.tr("Previous page (Alt+Left)")),
            (self.next_button, self.tr("Next page (Alt+Right)")),
            (self.finish_button, self.tr("Finish the intake")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self.request_finish)
        for keys, slot in (
            ("Alt+Right", self.next),
            ("Ctrl+Return", self.next),
            ("Alt+Left", self.back),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        nav.addWidget(self.finish_button)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addLayout(switch_row)
        right.addLayout(self.page_holder, 1)
        right.addLayout(nav)
        body = QHBoxLayout()
        body.addWidget(self.section_list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addLayout(body, 1)
        for step in self.steps:
            self.section_list.addItem(self._step_label(step))

    def _step_label(self, step: Step) -> str:
        who = f" — {self.people[step.position]}" if step.position and len(self.people) > 1 else ""
        if step.is_alone_page:
            return self.tr("Private part") + who
        assert step.section is not None
        measure = self.catalogue.measures.get(step.section.measure_id or "")
        return (measure.name if measure else step.section.title) + who

    def showEvent(self, event: QShowEvent) -> None:
        """When the wizard comes on screen, the keyboard is ready for the first answer."""
        super().showEvent(event)
        if self.page is not None:
            self.page.focus_first()

    def _mark_done(self) -> None:
        """Tick the pages whose asked questions (optional ones too) are all answered."""
        for row, step in enumerate(self.steps):
            given = self.answers.get(step.position, {})
            asked = [i for i in step.items if is_asked(i, given) is not False]
            done = bool(asked) and all(i.id in given for i in asked)
            self.section_list.item(row).setText(("✓ " if done else "    ") + self._step_label(step))

    @property
    def step(self) -> Step:
        """The page shown now."""
        return self.steps[self.index]

    def go_to(self, index: int, *, remember: bool = True) -> None:
        """Show page ``index`` and remember it as the place to resume."""
        if self.page is not None:
            self.page.flush()
            self.page.setParent(None)
            self.page.deleteLater()
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.step
        person = self.people.get(step.position or 0, "")
        self.page = StepPage(step, self.answers.get(step.position, {}), person)
        self.page.answered.connect(self._answered)
        self.page.finished_page.connect(self.next)
        self.page_holder.addWidget(self.page)
        self._update_chrome()
        if remember:
            section_id = step.section.id if step.section else ALONE
            self._save(lambda: self.backend.set_position(section_id, step.position))
        self.page.focus_first()

    def _update_chrome(self) -> None:
        step = self.step
        self.progress.setValue(self.index + 1)
        self.heading.setText(self._step_label(step))
        if step.position is None:
            self.whose_turn.setText(self.tr("About the relationship — answered together"))
        else:
            self.whose_turn.setText(
                self.tr("Now asking: <b>{0}</b>").format(self.people[step.position])
            )
        # Never one click away from the other partner's private answers.
        private = step.is_alone_page or (step.section is not None and step.section.private)
        switchable = step.position is not None and len(self.people) > 1 and not private
        for position, button in self.switch_buttons.items():
            button.setVisible(switchable)
            button.setChecked(position == step.position)
        self.section_list.blockSignals(True)
        self._mark_done()
        self.section_list.setCurrentRow(self.index)
        self.section_list.blockSignals(False)
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.steps) - 1)

    def next(self) -> None:
        """The next page, or the finish question after the last one."""
        if self.index < len(self.steps) - 1:
            self.go_to(self.index + 1)
        else:
            self.request_finish()

    def back(self) -> None:
        """The previous page."""
        if self.index > 0:
            self.go_to(self.index - 1)

    def switch_person(self, position: int) -> None:
        """Show the same section for another participant."""
        section = self.step.section
        for index, step in enumerate(self.steps):
            if step.position == position and step.section == section:
                self.go_to(index)
                return
        self._update_chrome()

    def _list_clicked(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.go_to(row)

    def _answered(self, item_id: str, value: Any) -> None:
        position = self.step.position
        if not self._save(lambda: self.backend.save_answer(position, item_id, value)):
            if not self._is_text(item_id):  # a typed text stays, to be saved on the next edit
                self.go_to(self.index, remember=False)  # a choice shows what is really stored
            return
        given = self.answers.setdefault(position, {})
        if value is None:
            given.pop(item_id, None)
        else:
            given[item_id] = tuple(value) if isinstance(value, list) else value
        if self.page is not None:
            self.page.refresh_visibility(given)
        self._mark_done()

    def _is_text(self, item_id: str) -> bool:
        return any(i.id == item_id and i.type is ItemType.TEXT for i in self.step.items)

    def _save(self, action: Any) -> bool:
        try:
            action()
        except UserError as err:
            QMessageBox.warning(self, self.tr("Not saved"), str(err))
            return False
        return True

    def gaps(self) -> list[str]:
        """The unanswered questions, as lines for the finish confirmation."""
        return [
            f"{self._step_label(step)}: {item.short}"
            for step, item in unanswered(self.steps, self.answers)
        ]

    def request_finish(self) -> None:
        """Finish, after listing what is unanswered and asking for confirmation."""
        if self.page is not None:
            self.page.flush()
        gaps = self.gaps()
        if gaps and not self.confirm_gaps(self, gaps):
            self.refocus()  # "Keep answering": the keyboard goes back to the questions
            return
        self.finish_requested.emit()

    def refocus(self) -> None:
        """Put the keyboard on the first unanswered question of the page (after a dialog)."""
        if self.page is not None:
            self.page.focus_first()

    @classmethod
    def confirm_gaps(cls, parent: QWidget, gaps: list[str]) -> bool:
        """Ask whether to finish with unanswered questions (tests replace this)."""
        shown = "\n".join(f"• {line}" for line in gaps[:25])
        more = len(gaps) - 25
        if more > 0:
            shown += "\n" + parent.tr("…and {0} more").format(more)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Unanswered questions"))
        box.setText(parent.tr("{0} questions are not answered. Finish anyway?").format(len(gaps)))
        box.setInformativeText(
            parent.tr("They will show as “not answered”, and the suggestion may be provisional.")
        )
        box.setDetailedText(shown)
        finish = box.addButton(parent.tr("Finish with gaps"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(parent.tr("Keep answering"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # a stray Enter must never finish an intake with gaps
        box.exec()
        return box.clickedButton() is finish
