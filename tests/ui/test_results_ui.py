"""Results and the clinician's decision, through to the PDF a colleague would read."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driver import (
    add_client,
    example,
    open_results,
    press,
    record_answers,
    wait_for_client_page,
    wait_saved,
)

from therapist_desk.models import AuditAction
from therapist_desk.services import clients, summaries
from therapist_desk.store.audit import list_events
from therapist_desk.store.session import new_session
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.widgets.dialogs import Dialogs


def complete(window, qtbot, monkeypatch, name: str) -> None:
    data = example(name)
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name")} for p in data["participants"]
    ]
    add_client(window, qtbot, monkeypatch, people)
    window.rooms.actions.start_intake.trigger()
    record_answers(window, qtbot, data)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.actions.finish_intake.trigger()
    open_results(window, qtbot)


def audit_trail(window) -> list[tuple[str, int | None, str | None, str | None]]:
    """The audit events of every client, oldest first: (action, intake, actor, detail)."""
    with new_session(window.practice.database.engine) as s:
        events = reversed(list_events(session=s))
        return [(str(e.action), e.intake_id, e.actor, e.detail) for e in events]


def reopen_results(window, qtbot) -> None:
    """← Client, then Enter on the intake in the client's list, as a clinician would."""
    window.rooms.results_page.back_button.click()
    wait_for_client_page(window, qtbot, window.rooms.clients.client_id)
    table = window.rooms.clients_page.client_page.intake_table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.rooms.results_page


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def save_pdf(window, qtbot, monkeypatch, tmp_path: Path, variant: str) -> Path:
    target = tmp_path / f"{variant}.pdf"
    monkeypatch.setattr(Dialogs, "ask_save_path", lambda self, suggested: target)
    page = window.rooms.results_page
    (page.client_pdf if variant == "client" else page.clinician_pdf).click()
    wait_saved(window, qtbot, target)
    return target


def test_override_needs_a_reason_and_reaches_the_pdf(window, qtbot, monkeypatch, tmp_path) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    page = window.rooms.results_page
    assert page.headline.text() == "Relationship therapy first"
    page.override_radio.click()
    page.override_order.setCurrentIndex(page.override_order.findData("concurrent"))
    page.decide_button.click()
    assert page.decision_error.isVisible()
    assert page.decision_error.text() == "Give a reason for the override; it is recorded."
    assert "No decision recorded yet." in page.decision_status.text()
    qtbot.keyClicks(page.reason, "Both partners asked for individual support as well.")
    page.decide_button.click()
    assert not page.decision_error.isVisible()
    assert "Individual and relationship therapy at the same time" in page.decision_status.text()
    assert "override" in page.decision_status.text()

    path = save_pdf(window, qtbot, monkeypatch, tmp_path, "clinician")
    text = " ".join(pdf_text(path).split())
    assert "Individual and relationship therapy at the same time" in text
    assert "Both partners asked for individual support as well." in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_safety_case_client_pdf_has_no_private_or_safety_content(
    window, qtbot, monkeypatch, tmp_path
) -> None:
    complete(window, qtbot, monkeypatch, "safety-violence.json")
    page = window.rooms.results_page
    assert page.findChildren(type(page.safety_box), "safetyBox")
    clinician = " ".join(
        pdf_text(save_pdf(window, qtbot, monkeypatch, tmp_path, "clinician")).split()
    )
    client = " ".join(pdf_text(save_pdf(window, qtbot, monkeypatch, tmp_path, "client")).split())
    assert "domestic-abuse" in clinician
    for private in ("domestic-abuse", "violence", "WAST", "AUDIT", "safety plan"):
        assert private not in client
    assert "Individual therapy first" in client


def test_accepting_is_one_click(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    page = window.rooms.results_page
    page.decide_button.click()
    assert "Individual and relationship therapy at the same time" in page.decision_status.text()
    assert "override" not in page.decision_status.text()
    view = clients.client_view(practice=window.practice, client_id=window.rooms.clients.client_id)
    row = view.intakes[0]
    assert (row.status, row.decision) == (
        "Completed",
        "Individual and relationship therapy at the same time",
    )


@pytest.mark.parametrize("variant", ["client", "clinician"])
def test_default_file_name_holds_initials_not_names(window, qtbot, monkeypatch, variant) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    name = summaries.summary_filename(
        practice=window.practice, intake_id=window.rooms.results.intake_id, variant=variant
    )
    assert name.startswith("intake-ZL-DB-") and name.endswith(f"-{variant}.pdf")


def test_each_opening_of_the_results_is_audited_once(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    intake_id = window.rooms.results.intake_id
    viewed = ("viewed", intake_id, "Clinician", "results page opened")
    assert audit_trail(window)[-2:] == [("completed", intake_id, "Clinician", None), viewed]
    window.rooms.results_page.decide_button.click()  # the page refreshes; it is not opened again
    assert "Individual and relationship" in window.rooms.results_page.decision_status.text()
    assert [e for e in audit_trail(window) if e[0] == "viewed"] == [viewed]
    reopen_results(window, qtbot)
    page = window.rooms.results_page
    assert page.headline.text().startswith("Individual and relationship")
    assert page.decision_status.text().startswith("Decided")  # the page is whole again
    assert page.back_button.isVisible() and page.decide_button.isVisible()
    assert [e for e in audit_trail(window) if e[0] == "viewed"] == [viewed, viewed]
    assert "overridden" not in [e[0] for e in audit_trail(window)]  # accepted, not overridden


def test_an_override_is_audited_without_its_reason(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    intake_id = window.rooms.results.intake_id
    page = window.rooms.results_page
    page.override_radio.click()
    page.override_order.setCurrentIndex(page.override_order.findData("individual_first"))
    reason = "Synthetic reason: Quillon prefers to start alone."
    qtbot.keyClicks(page.reason, reason)
    page.decide_button.click()
    assert "override" in page.decision_status.text()
    trail = audit_trail(window)
    assert trail[-1] == (
        AuditAction.OVERRIDDEN.value,
        intake_id,
        "Clinician",
        "suggested therapy order overridden",
    )
    assert [e[0] for e in trail].count("overridden") == 1
    with window.practice.database.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM audit_event")).all()
    assert not [row for row in rows if any("Quillon" in str(v) for v in row)]


def test_an_unexpected_pdf_failure_is_one_line_without_sql(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")

    def locked(**_):
        raise sa.exc.OperationalError(
            "INSERT INTO audit_event (detail) VALUES (?)",
            ("Quillon",),
            sqlite3.OperationalError("database is locked"),
        )

    monkeypatch.setattr(summaries, "save_summary", locked)
    monkeypatch.setattr(Dialogs, "ask_save_path", lambda self, suggested: Path("x.pdf"))
    window.rooms.results_page.client_pdf.click()
    qtbot.waitUntil(lambda: bool(window.informed), timeout=30000)
    assert window.informed == [
        ("PDF not saved", "Something went wrong: OperationalError: database is locked")
    ]


def test_while_the_next_results_are_read_nothing_of_the_last_intake_can_show(
    window, qtbot, monkeypatch
) -> None:
    """The neutral page comes at once; until the results it is for are read, its choices
    wait, and asking for the partners' summary shows nothing of the intake shown before."""
    import threading

    from PySide6.QtWidgets import QLabel

    from therapist_desk.intake.audience import Audience
    from therapist_desk.ui.results import controller

    def shown() -> str:
        return " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window))

    complete(window, qtbot, monkeypatch, "concurrent.json")  # the first couple's results
    first_intake = window.rooms.results.intake_id
    complete(window, qtbot, monkeypatch, "relationship-first.json")  # then the second's
    later = {
        n for p in example("relationship-first.json")["participants"] for n in p["name"].split()
    }
    assert any(name in shown() for name in later)
    release = threading.Event()
    real_opened = controller._opened
    monkeypatch.setattr(controller, "_opened", lambda *a: (release.wait(30), real_opened(*a))[1])
    window.rooms.results.show_ready(first_intake)  # the first couple's, read on a worker
    ready = window.rooms.ready_page
    assert window.stack.currentWidget() is ready
    assert not ready.clients_button.isEnabled() and not ready.clinician_button.isEnabled()
    window.rooms.results.open_for(Audience.clients())  # Ctrl+2 while they are read
    assert window.stack.currentWidget() is ready
    assert not any(name in shown() for name in later)
    release.set()
    qtbot.waitUntil(ready.clients_button.isEnabled)
    ready.clients_button.click()
    assert window.stack.currentWidget() is window.rooms.results_page
    assert not any(name in shown() for name in later)
    assert example("concurrent.json")["participants"][0]["name"].split()[0] in shown()


def test_ctrl_1_on_the_neutral_page_opens_the_results_when_the_clinician_is_looking(
    window, qtbot, monkeypatch
) -> None:
    """The page's button says "(Ctrl+1)": it works when the clinician is already the
    audience too, not only as a change of audience."""
    from therapist_desk.intake.audience import Audience

    data = example("concurrent.json")
    add_client(window, qtbot, monkeypatch, [{"name": p["name"]} for p in data["participants"]])
    window.rooms.actions.start_intake.trigger()
    record_answers(window, qtbot, data)
    window.audience.set(Audience.clinician())
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.actions.finish_intake.trigger()
    ready = window.rooms.ready_page
    qtbot.waitUntil(
        lambda: window.stack.currentWidget() is ready and ready.clinician_button.isEnabled()
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.rooms.results_page
    assert window.rooms.results_page.decide_button.isVisible()


def test_recording_a_decision_keeps_the_place_and_the_keyboard_on_it(
    window, qtbot, monkeypatch
) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    page = window.rooms.results_page
    window.resize(1000, 560)  # the decision is far below the top
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.ensureWidgetVisible(page.decide_button)
    scrolled = page.verticalScrollBar().value()
    assert scrolled > 0
    page.decide_button.setFocus()
    press(qtbot, page.decide_button)  # Enter on "Record decision"
    assert page.decision_status.text().startswith("Decided")
    assert page.verticalScrollBar().value() == scrolled  # not back to the top
    assert QApplication.focusWidget() is page.decide_button
    assert page.decide_button.visibleRegion().boundingRect().height() > 0  # on screen


def test_observations_after_finishing_open_in_an_amended_copy(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    finished = window.rooms.results.intake_id
    observations = window.rooms.actions.observations
    assert observations.isEnabled()  # on the results, in clinician only
    qtbot.keyClick(
        window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wizard = window.rooms.intake.wizard
    assert window.stack.currentWidget() is wizard and wizard.step.for_clinician
    assert window.audience.is_clinician
    assert window.rooms.intake.intake_id != finished  # a copy: the finished one is kept
    assert "amended copy" in window.statusBar().currentMessage()
    view = clients.client_view(practice=window.practice, client_id=window.rooms.clients.client_id)
    assert [row.status for row in view.intakes if row.intake_id == finished] == ["Completed"]
