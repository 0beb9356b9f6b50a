"""The intake wizard: pages in order, progress, whose turn it is, and the way out.

Shortcuts: Alt+Right or Ctrl+Enter next page, Alt+Left previous page; inside a page,
number keys answer and Enter moves to the next question. Every answer goes to the
backend the moment it is given; the page a person is on is remembered too, so a closed
or crashed app resumes exactly there (in a partner's own part: at the handover to them
first, `resume_point`).

Who is looking decides what the wizard shows: only the pages the audience may see are
listed, reached by Next and Back, or opened at all (`Step.seen_by`). A change of audience,
and the end of what this audience may answer, show a handover page with no answers on
it, which says who should be in the room next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
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
from therapist_desk.intake.audience import Audience, AudienceKind
from therapist_desk.intake.catalogue import Catalogue, IntakeKind, ItemType
from therapist_desk.intake.sequence import (
    ALONE,
    CONSENT,
    CONSENT_STEP,
    Step,
    plan_steps,
    skipped,
    step_key,
    unanswered,
)
from therapist_desk.services.consent import IntakeConsent
from therapist_desk.ui.intake.consent_page import ConsentPage
from therapist_desk.ui.intake.finish_box import ask_finish
from therapist_desk.ui.intake.handover_panel import HandoverPanel
from therapist_desk.ui.intake.page import StepPage
from therapist_desk.ui.intake.resume_point import (
    continue_target,
    own_part_stopped_in,
    own_part_words,
)
from therapist_desk.ui.intake.section_labels import fit_label, text_width
from therapist_desk.ui.widgets.audience import AudienceState


class WizardBackend(Protocol):
    """What the wizard needs saved; each call commits before returning."""

    def save_answer(self, position: int | None, item_id: str, value: Any) -> None: ...
    def set_position(self, section_id: str, position: int | None) -> None: ...
    def consent(self) -> IntakeConsent: ...
    def agree(self, position: int, shown_sha256: str) -> IntakeConsent: ...
    def withdraw(self, position: int) -> IntakeConsent: ...
    def sign(self, position: int, strokes: Any, png: bytes) -> IntakeConsent: ...


class IntakeWizard(QWidget):
    """Walks the clinician through every page of an intake."""

    finish_requested = Signal()
    answers_changed = Signal()
    handover_requested = Signal(str)  # the participant to hand the device to

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
        audience: AudienceState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue, self.people, self.backend = catalogue, dict(people), backend
        self.answers, self.kind, self.audience = answers, kind, audience
        self.steps = [CONSENT_STEP, *plan_steps(catalogue, kind, sorted(people))]
        self.consent: IntakeConsent = backend.consent()
        self.index = 0
        self.page: StepPage | ConsentPage | None = None
        self.panel: HandoverPanel | None = None
        self._build(title)
        audience.changed.connect(self._audience_changed)
        wanted = step_key(*resume)
        keys = [s.key for s in self.steps]
        start = keys.index(wanted) if wanted in keys else 0
        if self.visible(start):
            self.go_to(start, remember=False)
        else:
            self.index = start  # where the clinician (Ctrl+1) or that partner picks it up
            self.show_handover()

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
        self.section_list.setFixedWidth(300)
        self.section_list.setSpacing(1)
        self.section_list.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        self.finish_held: str | None = None  # why finishing waits (`hold_finish`)
        self.finish_note = QLabel()
        self.finish_note.setObjectName("hint")
        self.finish_note.hide()
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
        nav.addWidget(self.finish_note)
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
        return "".join(self._step_parts(step))

    def _step_parts(self, step: Step) -> tuple[str, str]:
        """A page's name: its title, and whose page it is (" — Noor", or nothing)."""
        who = f" — {self.people[step.position]}" if step.position and len(self.people) > 1 else ""
        if step.consent:
            return self.tr("Consent"), ""
        if step.is_alone_page:
            return self.tr("Private part"), who
        assert step.section is not None
        measure = self.catalogue.measures.get(step.section.measure_id or "")
        return (measure.name if measure else step.section.title), who

    def changeEvent(self, event: QEvent) -> None:
        """Larger text (or another style): the page names fitted to the list again."""
        super().changeEvent(event)
        built = getattr(self, "section_list", None) is not None and self.section_list.count()
        if built and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._mark_done()

    def showEvent(self, event: QShowEvent) -> None:
        """When the wizard comes on screen, the keyboard is ready for the first answer (or
        the main choice of a page between audiences)."""
        super().showEvent(event)
        self.refocus()

    def _mark_done(self) -> None:
        """Tick the pages whose asked questions (optional ones too) are all answered; a
        name too long for the list keeps the person's name (`section_labels`)."""
        metrics, width = self.section_list.fontMetrics(), text_width(self.section_list)
        for row, step in enumerate(self.steps):
            given = self.answers.get(step.position, {})
            asked = [i for i in step.items if is_asked(i, given) is not False]
            done = bool(asked) and all(i.id in given for i in asked)
            if step.consent:
                done = all(p.agreed for p in self.consent.people)
            entry = self.section_list.item(row)
            title, who = self._step_parts(step)
            entry.setText(fit_label("✓ " if done else "    ", title, who, metrics, width))
            entry.setToolTip(title + who)

    @property
    def step(self) -> Step:
        """The page shown now."""
        return self.steps[self.index]

    # What the audience may see ----------------------------------------------------------

    def visible(self, index: int) -> bool:
        """Whether page ``index`` may be shown to the audience now."""
        return self._asked(index) and self.steps[index].seen_by(self.audience.audience)

    def _asked(self, index: int) -> bool:
        """Whether page ``index`` exists and asks anything, given the answers so far."""
        return 0 <= index < len(self.steps) and not skipped(self.steps[index], self.answers)

    def visible_indexes(self) -> list[int]:
        """The pages the audience now may see, in order."""
        return [i for i in range(len(self.steps)) if self.visible(i)]

    def _clear_holder(self) -> None:
        if self.page is not None:
            self.page.flush()
            self.page_holder.removeWidget(self.page)
            self.page.hide()
            self.page.deleteLater()
            self.page = None
        if self.panel is not None:
            self.page_holder.removeWidget(self.panel)
            self.panel.hide()
            self.panel.deleteLater()
            self.panel = None

    # Pages ------------------------------------------------------------------------------

    def go_to_observations(self) -> None:
        """The first page of the clinician's observations (shown to the clinician only)."""
        pages = [i for i, step in enumerate(self.steps) if step.for_clinician]
        if pages:
            self.go_to(pages[0])

    def go_to(self, index: int, *, remember: bool = True) -> None:
        """Show page ``index`` and remember it as the place to resume.

        A page the audience may not see is never shown: the handover page is instead.
        """
        index = max(0, min(index, len(self.steps) - 1))
        if not self.visible(index):
            self.show_handover()
            return
        blocked = self.blocked(self.steps[index])
        if blocked is not None:
            self.show_blocked(index, blocked)
            return
        self._clear_holder()
        self.index = index
        step = self.step
        if step.consent:
            self.page = self._consent_page()
        else:
            person = self.people.get(step.position or 0, "")
            self.page = StepPage(step, self.answers.get(step.position, {}), person)
            self.page.answered.connect(self._answered)
        self.page.finished_page.connect(self.next)
        self.page_holder.addWidget(self.page)
        self.page.show()
        self._update_chrome()
        if remember:
            section_id = step.section.id if step.section else CONSENT if step.consent else ALONE
            self._save(lambda: self.backend.set_position(section_id, step.position))
        self.page.focus_first()

    def _update_chrome(self) -> None:
        step = self.step
        shown = self.visible_indexes()
        self.progress.setFormat(self.tr("Page %v of %m"))
        self.progress.setRange(0, max(1, len(shown)))
        self.progress.setValue(shown.index(self.index) + 1 if self.index in shown else 0)
        self.heading.setText(self._step_label(step))
        couple = len(self.people) > 1
        if step.consent:
            self.whose_turn.setText(
                self.tr("Before the first question — with everyone who may agree now")
            )
        elif step.position is None:
            self.whose_turn.setText(
                self.tr("About the relationship — answered together")
                if couple
                else self.tr("About the relationship")
            )
        elif step.for_clinician:
            self.whose_turn.setText(
                self.tr("Your observations about <b>{0}</b> — never shown to a client").format(
                    self.people[step.position]
                )
            )
        elif couple:
            self.whose_turn.setText(
                self.tr("Now asking: <b>{0}</b>").format(self.people[step.position])
            )
        else:
            self.whose_turn.setText("")
        # Never one click away from the other partner's private answers.
        switchable = step.position is not None and couple and not step.alone
        for position, button in self.switch_buttons.items():
            button.setVisible(switchable)
            button.setChecked(position == step.position)
        self._list_for_audience()
        self.back_button.setEnabled(any(i < self.index for i in shown))
        self.next_button.setEnabled(True)

    def _list_for_audience(self) -> None:
        self.section_list.blockSignals(True)
        for row in range(len(self.steps)):
            self.section_list.item(row).setHidden(not self.visible(row))
        self._mark_done()
        if self.page is not None:
            self.section_list.setCurrentRow(self.index)
        else:  # a current row, not selected: the keyboard coming to the list opens no page
            self.section_list.setCurrentRow(self.index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.section_list.clearSelection()
        self.section_list.blockSignals(False)

    def next(self) -> None:
        """The next page this audience may see; at its end, the handover or the finish."""
        if self.page is None:
            # Next takes the handover page's first choice only if it keeps the audience:
            # who is looking changes by pressing that choice itself, never by Next.
            if self.panel is not None and self.panel.buttons and not self.panel.switches[0]:
                self.panel.buttons[0].click()
            return
        later = [i for i in self.visible_indexes() if i > self.index]
        if later:
            self.go_to(later[0])
        elif any(
            self._asked(i) and not self.visible(i) for i in range(self.index + 1, len(self.steps))
        ):
            self.show_handover(done=True)
        else:
            self.request_finish()

    def back(self) -> None:
        """The previous page this audience may see (from a handover page: the last one
        seen before it, so a page left too soon is one key away)."""
        shown = self.visible_indexes()
        if self.page is None and self.blocked(self.step) is None:
            earlier = [i for i in shown if i <= self.index]
        else:
            earlier = [i for i in shown if i < self.index]
        if earlier:
            self.go_to(earlier[-1])

    def switch_person(self, position: int) -> None:
        """Show the same section for another participant."""
        section = self.step.section
        for index, step in enumerate(self.steps):
            if step.position == position and step.section == section and self.visible(index):
                self.go_to(index)
                return
        self._update_chrome()

    def _list_clicked(self, row: int) -> None:
        if row >= 0 and row != self.index and self.visible(row):
            self.go_to(row)

    # Audience changes and handovers -------------------------------------------------------

    def _audience_changed(self, audience: Audience) -> None:
        if audience.is_clinician:
            self.go_to(self.index, remember=False)  # the clinician holds the device: no pause
        else:
            self.show_handover()

    def _name(self, pid: str | None) -> str:
        return self.people.get(int(pid[1:]) if pid else 0, "")

    def _part_done(self, position: int) -> bool:
        """Whether a partner's own part (asked alone) has nothing left to answer."""
        part = [s for s in self.steps if s.position == position and s.alone]
        return not unanswered(part, self.answers)

    def show_handover(self, *, done: bool = False) -> None:
        """The page between audiences: who should be here now; no answers shown.

        ``done``: the pages this audience may see are finished.
        """
        self._clear_holder()
        audience = self.audience.audience
        title, text, choices = self._handover_words(audience, done)
        self.panel = HandoverPanel(title, text, choices)
        self.page_holder.addWidget(self.panel)
        self.panel.show()
        self.heading.setText("")
        self.whose_turn.setText("")
        self.progress.setFormat("")
        for button in self.switch_buttons.values():
            button.setVisible(False)
        self._list_for_audience()
        self.back_button.setEnabled(any(i <= self.index for i in self.visible_indexes()))
        self.panel.focus_first()

    def _handover_words(
        self, audience: Audience, done: bool
    ) -> tuple[str, str, list[tuple[str, Any, bool]]]:
        tr = self.tr
        people = sorted(self.people)
        if audience.kind is AudienceKind.ALONE and not done:
            name = self._name(audience.participant)
            others = " and ".join(self.people[p] for p in people if f"p{p}" != audience.participant)
            return (
                tr("Questions for {0} alone").format(name),
                tr(
                    "Only {0} should be in the room or on the call now. Ask {1} to step out "
                    "(or leave the call) before you go on. Nothing of {1}'s own part can be "
                    "opened while {0} is alone."
                ).format(name, others),
                [(tr("{0} is alone: continue").format(name), self._continue, False)],
            )
        stopped_in = own_part_stopped_in(self.step, audience)  # that partner's turn
        clients = audience.kind is AudienceKind.CLIENTS and not done
        if clients and stopped_in is not None and not self._part_done(stopped_in):
            return self._own_part_words(stopped_in)
        if audience.kind is AudienceKind.CLIENTS and not done:
            together = tr("Both partners") if len(people) > 1 else tr("With the client")
            return (
                together,
                tr(
                    "The questions everyone answers together, in the room or on the call. "
                    "Nothing that one partner answers alone is shown now."
                )
                if len(people) > 1
                else tr("The questions you answer with your therapist."),
                [(tr("Continue"), self._continue, False)],
            )
        waiting = [p for p in people if not self._part_done(p)]
        choices: list[tuple[str, Any, bool]] = []
        open_here = self._open_in_scope(audience)
        back = (tr("Back to the unanswered questions"), self._first_gap, False)
        if open_here and audience.kind is AudienceKind.ALONE:
            choices.append(back)  # a partner's own part: Enter goes back to what is open
        for position in waiting:
            pid, name = f"p{position}", self.people[position]
            if audience.participant == pid:
                continue
            choices.append((tr("Switch to {0} alone").format(name), self._alone_for(pid), True))
            choices.append((tr("Hand the device to {0}").format(name), self._hand_to(pid), True))
        if audience.kind is not AudienceKind.CLIENTS:
            choices.append((tr("Both partners back together"), self._together, True))
        if open_here and audience.kind is not AudienceKind.ALONE:
            choices.append(back)
        choices.append((tr("Finish the intake…"), self.request_finish, False))
        if audience.kind is AudienceKind.ALONE:
            name = self._name(audience.participant)
            title = tr("The end of {0}'s part").format(name)
            text = tr("Ask whoever comes next into the room. Nothing of this part is shown again.")
        else:
            title = tr("The end of the joint part")
            text = (
                tr(
                    "Next, each partner answers some questions alone. Ask the other partner to "
                    "step out (or leave the call), then switch, or hand the device over."
                )
                if waiting
                else tr("Every part has been answered.")
            )
        if open_here:
            text = (
                tr("{0} questions here are not answered: {1}.").format(
                    len(open_here), "; ".join(open_here[:4]) + ("…" if len(open_here) > 4 else "")
                )
                + " "
                + text
            )
        return title, text, choices

    def _own_part_words(self, position: int) -> tuple[str, str, list[tuple[str, Any, bool]]]:
        name, pid = self.people[position], f"p{position}"
        others = " and ".join(n for p, n in sorted(self.people.items()) if p != position)
        title, text, alone, hand, go_on = own_part_words(self.tr, name, others)
        choices = [(alone, self._alone_for(pid), True), (hand, self._hand_to(pid), True)]
        return title, text, [*choices, (go_on, self._continue, False)]

    def _scope(self, audience: Audience) -> list[int]:
        """The pages a "done" page speaks for: one partner's own part, else the pages
        everyone may see (the joint part, and the clinician's own)."""
        if audience.kind is AudienceKind.ALONE:
            return [
                i
                for i in self.visible_indexes()
                if self.steps[i].alone and self.steps[i].owner == audience.participant
            ]
        return [i for i in self.visible_indexes() if not self.steps[i].alone]

    def _open_in_scope(self, audience: Audience) -> list[str]:
        steps = [self.steps[i] for i in self._scope(audience)]
        return [
            f"{self._step_label(s)}: {item.short}" for s, item in unanswered(steps, self.answers)
        ]

    def _first_gap(self) -> None:
        """The first unanswered question of the part just ended."""
        scope = self._scope(self.audience.audience)
        target = next((i for i in scope if unanswered([self.steps[i]], self.answers)), None)
        if target is not None:
            self.go_to(target)

    def _together(self) -> None:
        self.audience.set(Audience.clients())

    def _alone_for(self, pid: str) -> Any:
        return lambda: self.audience.set(Audience.alone(pid))

    def _hand_to(self, pid: str) -> Any:
        return lambda: self.handover_requested.emit(pid)

    def handover_blocked(self, pid: str) -> bool:
        """Whether the part ``pid`` answers alone cannot begin now; if so, say why."""
        first = next((i for i, s in enumerate(self.steps) if s.alone and s.owner == pid), None)
        reason = self.blocked(self.steps[first]) if first is not None else None
        if first is not None and reason is not None:
            self.show_blocked(first, reason)
            return True
        return False

    # Consent -----------------------------------------------------------------------------

    def _consent_page(self) -> ConsentPage:
        self._consent_change(self.backend.consent)  # the text may have been reviewed since
        page = ConsentPage(self.consent, self.audience.audience)
        page.agree_requested.connect(self._agree)
        page.withdraw_requested.connect(
            lambda p: self._consent_change(lambda: self.backend.withdraw(p))
        )
        page.sign_requested.connect(self._sign)
        return page

    def show_consent_again(self) -> None:
        """Read the consent again (its words changed in Settings) and show it."""
        if isinstance(self.page, ConsentPage):
            self.go_to(self.index, remember=False)  # the page with the words as they are now
        else:
            self._consent_change(self.backend.consent)

    def _consent_change(self, action: Any) -> bool:
        try:
            self.consent = action()
        except UserError as err:
            QMessageBox.warning(self, self.tr("Not saved"), str(err))
            return False
        if isinstance(self.page, ConsentPage):
            self.page.show_consent(self.consent)
        self._mark_done()
        return True

    def _agree(self, position: int) -> None:
        """Record an agreement to the words shown; if they changed meanwhile, show the new."""
        shown = self.consent.text.sha256
        if not self._consent_change(lambda: self.backend.agree(position, shown)):
            self.go_to(0, remember=False)  # the text as it is now

    def _sign(self, position: int, strokes: Any, png: bytes) -> None:
        try:
            self.consent = self.backend.sign(position, strokes, png)
        except UserError as err:
            if isinstance(self.page, ConsentPage):
                self.page.refuse_signature(position, str(err))
            return
        if isinstance(self.page, ConsentPage):
            self.page.show_consent(self.consent)

    def blocked(self, step: Step) -> str | None:
        """Why ``step`` cannot be asked now (a sentence), or None: after a withdrawal
        nothing more is asked, and a couple's part asked alone waits for both to agree."""
        tr = self.tr
        withdrawn = self.consent.withdrawn
        if withdrawn is not None and not step.consent:
            return tr(
                "{0} withdrew consent, so this intake asks nothing more. The answers given "
                "before are kept, marked as given before the withdrawal; finish the intake "
                "to keep them."
            ).format(withdrawn.name)
        waiting = self.consent.waiting_for
        if step.alone and waiting:
            names = " and ".join(self.people[p] for p in waiting)
            return tr(
                "The questions asked alone begin only once both partners have agreed to the "
                "practice's couples policy ({0}). Not agreed yet: {1}. Go back to the consent "
                "page with both partners present."
            ).format(self.consent.text.policy.label, names)
        return None

    def show_blocked(self, index: int, reason: str) -> None:
        """A page without answers saying why ``index`` cannot be asked, and the way on."""
        self._clear_holder()
        self.index = index
        choices: list[tuple[str, Any, bool]] = []
        if self.audience.audience.kind is AudienceKind.ALONE:
            choices.append((self.tr("Both partners back together"), self._together, True))
        else:
            choices.append((self.tr("Back to the consent page"), lambda: self.go_to(0), False))
        choices.append((self.tr("Finish the intake…"), self.request_finish, False))
        title = (
            self.tr("Consent withdrawn")
            if self.consent.withdrawn is not None
            else self.tr("Waiting for both partners' agreement")
        )
        self.panel = HandoverPanel(title, reason, choices)
        self.page_holder.addWidget(self.panel)
        self.panel.show()
        self.heading.setText("")
        self.whose_turn.setText("")
        self.progress.setFormat("")
        for button in self.switch_buttons.values():
            button.setVisible(False)
        self._list_for_audience()
        self.back_button.setEnabled(True)
        self.panel.focus_first()

    def _continue(self) -> None:
        """Leave the handover page for the page this audience picks up at (the place
        reached, or the end of what it answers: `continue_target`)."""
        shown = self.visible_indexes()
        audience = self.audience.audience
        target = continue_target(self.steps, shown, self.index, audience, self.answers)
        if target is not None:
            self.go_to(target)
        elif shown:
            self.show_handover(done=True)

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
        self.answers_changed.emit()

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
        """The unanswered questions the audience may see, as lines (never the others':
        that a question was left open, or even asked, can tell what was answered)."""
        shown = [s for i, s in enumerate(self.steps) if self.visible(i)]
        return [
            f"{self._step_label(step)}: {item.short}"
            for step, item in unanswered(shown, self.answers)
        ]

    def request_finish(self) -> None:
        """Finish, after asking (and listing what is unanswered that the audience may see).

        Always asked, so that neither a page key on the last page nor a stray click
        finishes an intake.
        """
        if self.page is not None:
            self.page.flush()
        if self.finish_held is not None:
            return  # the note beside the Finish button says why
        hidden = not self.audience.audience.is_clinician and len(self.visible_indexes()) < len(
            self.steps
        )
        if not self.confirm_gaps(self, self.gaps(), hidden=hidden):
            self.refocus()  # "Keep answering": the keyboard goes back to the questions
            return
        self.finish_requested.emit()

    def hold_finish(self, reason: str | None) -> None:
        """Make finishing wait, saying ``reason`` beside the Finish button (None: it may go on)."""
        self.finish_held = reason
        self.finish_button.setEnabled(reason is None)
        self.finish_button.setToolTip(reason or self.tr("Finish the intake"))
        self.finish_note.setText(reason or "")
        self.finish_note.setVisible(reason is not None)

    def refocus(self) -> None:
        """Put the keyboard on the first unanswered question of the page, or on the main
        choice of a page between audiences (after a dialog, the lock, a handover)."""
        if self.page is not None:
            self.page.focus_first()
        elif self.panel is not None:
            self.panel.focus_first()

    @classmethod
    def confirm_gaps(cls, parent: QWidget, gaps: list[str], *, hidden: bool = False) -> bool:
        """Ask whether to finish, naming the unanswered questions ``gaps`` (tests replace
        this). ``hidden``: some parts are not shown to the audience now."""
        return ask_finish(parent, gaps, hidden=hidden)
