"""A re-assessment by keyboard through the real wizard: who came, and how many keys it takes.

The walk answers every question the wizard puts, the fastest way a clinician would: the
first option of a choice (a measure's "Not at all") or "No" to a yes/no, one number key,
and Enter for the next question (the last Enter of a page turns it); a question that
may be left open (a text, the clinician's notes) is one Enter. Every key is counted.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driver import add_client, open_results, pass_consent, wait_for_client_page

from therapist_desk.intake.audience import Audience
from therapist_desk.intake.catalogue import ItemType
from therapist_desk.models import IntakeMode
from therapist_desk.services import estimates, intakes
from therapist_desk.ui.intake.page import StepPage
from therapist_desk.ui.intake.start_dialog import StartChoice, StartDialog
from therapist_desk.ui.intake.wizard import IntakeWizard

COUPLE = [{"name": "Ines Marlow"}, {"name": "Tobi Achterberg"}]
ONE = [{"name": "Wren Castillo"}]


def walk(window, qtbot, monkeypatch) -> tuple[int, list[str]]:
    """Answer the open wizard by keyboard to its finish question; the keys, the pages."""
    wizard = window.rooms.intake.wizard
    pass_consent(window, qtbot)
    window.audience.set(Audience.clinician())  # every page in one walk: no handovers
    wizard.go_to(wizard.visible_indexes()[1])
    finishing: list[list[str]] = []
    monkeypatch.setattr(
        IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: finishing.append(g))
    )
    keys, pages = 0, []
    while not finishing and keys < 1000:
        page = wizard.page
        assert isinstance(page, StepPage)
        if not pages or pages[-1] != wizard.step.key:
            pages.append(wizard.step.key)
        question = page._question_of(QApplication.focusWidget())
        target: Any = QApplication.focusWidget() or page
        if question is not None and question.current is None and not question.item.optional:
            item = question.item
            number = 2 if item.type is ItemType.YES_NO else question.numbers[0]
            qtbot.keyClick(target, Qt.Key(Qt.Key.Key_0 + number))
            keys += 1
        qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Return)
        keys += 1
    assert finishing == [[]], "every question the wizard put was answered"
    return keys, pages


@pytest.fixture
def came(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """Who came to the re-assessment: set the list before starting (default: everyone)."""
    chosen: list[tuple[int, ...]] = []

    def ask(cls, parent, people, times) -> StartChoice:
        return StartChoice(IntakeMode.IN_PERSON, chosen[0] if chosen else tuple(sorted(people)))

    monkeypatch.setattr(StartDialog, "ask", classmethod(ask))
    return chosen


def first_then_again(window, qtbot, monkeypatch, people) -> tuple[int, int, list[str], list[str]]:
    client_id = add_client(window, qtbot, monkeypatch, people)
    window.rooms.actions.start_intake.trigger()
    first, first_pages = walk(window, qtbot, monkeypatch)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.intake.wizard.request_finish()
    open_results(window, qtbot)
    window.rooms.back_to_client()
    wait_for_client_page(window, qtbot, client_id)
    window.rooms.clients_page.client_page.reassess_button.click()
    again, again_pages = walk(window, qtbot, monkeypatch)
    return first, again, first_pages, again_pages


def test_a_couple_reassessment_by_keyboard_takes_fewer_keys_than_the_first(
    window, qtbot, monkeypatch, came
) -> None:
    first, again, first_pages, again_pages = first_then_again(window, qtbot, monkeypatch, COUPLE)
    assert "pcptsd5@1" in first_pages and "pcptsd5@1" not in again_pages  # no trauma to work on
    assert not {"challenges@1", "pattern@2", "concerns", "goals"} & set(again_pages)
    print(f"keystrokes, couple: first intake {first}, re-assessment {again}")
    assert again < first
    assert (first, again) == KEYS["couple"]


def test_one_client_reassessment_by_keyboard(window, qtbot, monkeypatch, came) -> None:
    first, again, _, _ = first_then_again(window, qtbot, monkeypatch, ONE)
    print(f"keystrokes, one client: first intake {first}, re-assessment {again}")
    assert again < first
    assert (first, again) == KEYS["one"]


KEYS = {"couple": (223, 180), "one": (120, 88)}
"""The keys counted by the walk (docs/reassessment.md gives them)."""


def test_only_the_partner_who_came_is_asked_and_the_other_is_not_seen(
    window, qtbot, monkeypatch, came
) -> None:
    client_id = add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.actions.start_intake.trigger()
    walk(window, qtbot, monkeypatch)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.intake.wizard.request_finish()
    open_results(window, qtbot)
    window.rooms.back_to_client()
    wait_for_client_page(window, qtbot, client_id)
    came.append((1,))  # only Ines came today
    window.rooms.clients_page.client_page.reassess_button.click()
    wizard = window.rooms.intake.wizard
    assert {s.position for s in wizard.steps if s.position is not None} == {1}
    assert not any(b.isVisible() for b in wizard.switch_buttons.values())
    _, pages = walk(window, qtbot, monkeypatch)  # nothing of Tobi's is left to confirm
    assert "phq9@1" in pages and not any(p.endswith("@2") for p in pages)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    intake_id = window.rooms.intake.intake_id
    window.rooms.intake.wizard.request_finish()
    open_results(window, qtbot)
    window.rooms.back_to_client()
    wait_for_client_page(window, qtbot, client_id)
    page = window.rooms.clients_page.client_page
    rows = {
        (r[0], r[1]): r for r in (page.changes.row_texts(n) for n in range(page.changes.rowCount()))
    }
    assert rows[("Tobi Achterberg", "PHQ-9")][3] == "not seen at this visit"
    row = list(rows).index(("Tobi Achterberg", "PHQ-9"))
    tip = page.changes.data(page.changes.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "Not seen at the visit of" in tip and "the latest score: " in tip
    assert not rows[("Ines Marlow", "PHQ-9")][3].startswith("not seen")
    tobi = next(t for t in page.view.progress.tracks if t.person == "Tobi Achterberg")
    assert len(tobi.points) == 1 and tobi.missed  # the first intake only: no administration
    assert intakes.intake_session(practice=window.practice, intake_id=intake_id).people == {
        1: "Ines Marlow"
    }


def test_who_is_here_is_chosen_by_keyboard_and_the_time_follows(qtbot) -> None:
    times = estimates.StartTimes(first=53, again={(1, 2): 17, (1,): 10, (2,): 10})
    dialog = StartDialog({1: "Ines Marlow", 2: "Tobi Achterberg"}, times)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    both = dialog.who.button(0)
    assert both.isChecked() and "Both" in both.text()  # the usual visit, chosen to start with
    assert "About 17 minutes" in dialog.time.text() and "about 53" in dialog.time.text()
    both.setFocus()
    qtbot.keyClick(both, Qt.Key.Key_Down)  # arrows move within "who is here"
    assert dialog.choice().present == (1,)
    assert "About 10 minutes" in dialog.time.text()
    qtbot.keyClick(dialog.who.button(1), Qt.Key.Key_Down)
    assert dialog.choice() == StartChoice(IntakeMode.IN_PERSON, (2,))
    qtbot.keyClick(dialog.who.checkedButton(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
