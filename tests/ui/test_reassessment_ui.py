"""The client page after re-assessments, and a re-assessment through the widgets."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel
from story_practice import imported_story
from ui_driver import answer_intake, open_results, wait_for_client_page

from therapist_desk.demo.progress import story_files
from therapist_desk.intake import load_catalogue
from therapist_desk.intake.audience import Audience
from therapist_desk.models import IntakeMode
from therapist_desk.paths import default_db_path
from therapist_desk.ui.intake.start_dialog import StartChoice, StartDialog
from therapist_desk.ui.intake.wizard import IntakeWizard

CATALOGUE = load_catalogue()


@pytest.fixture(autouse=True)
def both_came(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start of a re-assessment answered: both partners came, in person."""

    def ask(cls, parent, people, times) -> StartChoice:
        return StartChoice(IntakeMode.IN_PERSON, tuple(sorted(people)))

    monkeypatch.setattr(StartDialog, "ask", classmethod(ask))


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A practice with a couple seen six times (a first consultation, five re-assessments)."""
    folder = tmp_path_factory.mktemp("story")
    return imported_story(folder)


@pytest.fixture
def seen(story_db: Path, home: Path) -> Path:
    """The story copied into this test's home, before the window opens it."""
    target = default_db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(story_db, target)
    return target


def _page(window, qtbot):
    window.rooms.clients_page.select_client(1)
    wait_for_client_page(window, qtbot, 1)
    return window.rooms.clients_page.client_page


def _rows(model) -> list[tuple[str, ...]]:
    return [model.row_texts(r) for r in range(model.rowCount())]


def test_the_client_page_leads_with_the_latest_change_in_words(seen, window, qtbot, qtmodeltester):
    page = _page(window, qtbot)
    rows = {(r[0], r[1]): r for r in _rows(page.changes)}
    mira = rows[("Mira Castellano", "PHQ-9")]
    assert mira[2].startswith("16 on 12 Jan 2026") and mira[3].startswith("6 on ")
    assert mira[4].startswith("↓ -10") and mira[5] == "recovered"
    assert rows[("Joon Park", "GAD-7")][5] == "no reliable change"
    assert rows[("Mira Castellano", "CSI-4")][5] == "recovered"
    assert rows[("Joon Park", "AUDIT-C")][5] == "no reliable-change value"
    assert "reliable change is 6 points" in page.changes.data(
        page.changes.index(list(rows).index(("Mira Castellano", "PHQ-9")), 5), 3
    )
    assert page.reassess_button.isVisibleTo(page) and not page.start_button.isVisibleTo(page)
    qtmodeltester.check(page.changes)
    qtmodeltester.check(page.history)
    # the chart: dates along the x axis, a point's exact value and date on hover
    chart = page.chart
    assert chart.measures()[:2] == ["PHQ-9", "GAD-7"]
    track = next(t for t in chart.tracks if t.measure == "PHQ-9" and t.person == "Mira Castellano")
    found = chart.hit(chart.point_at(track, track.points[-1]) + QPointF(2, 1))
    assert found is not None
    assert chart.tip(*found).startswith("Mira Castellano · PHQ-9: 6 on ")
    assert "recovered" in chart.tip(*found)
    first, last = chart.point_at(track, track.points[0]), chart.point_at(track, track.points[-1])
    assert first.x() < last.x() and first.y() < last.y()  # later to the right, lower score lower
    # the table view holds every administration
    page.as_table.setChecked(True)
    assert page.history_table.isVisibleTo(page)
    assert page.history.rowCount() == sum(len(t.points) for t in chart.tracks)


def test_what_the_partners_see_on_the_page_is_asked_of_the_audience(seen, window, qtbot):
    page = _page(window, qtbot)
    page.set_audience(Audience.clients())
    shown = {(r[0], r[1]) for r in _rows(page.changes)}
    assert ("Mira Castellano", "PHQ-9") in shown  # she agreed to share her own scores
    assert not any(who == "Joon Park" and m in {"PHQ-9", "GAD-7"} for who, m in shown)
    assert not any(m in {"AUDIT-C", "WAST-SF", "PC-PTSD-5"} for _, m in shown)
    assert not page.notices.isVisibleTo(page)
    assert {t.person for t in page.chart.tracks if t.measure == "GAD-7"} == {"Mira Castellano"}
    page.set_audience(Audience.alone("p2"))
    shown = {(r[0], r[1]) for r in _rows(page.changes)}
    assert ("Joon Park", "PC-PTSD-5") in shown and ("Mira Castellano", "PC-PTSD-5") not in shown
    page.set_audience(Audience.clinician())
    assert ("Mira Castellano", "PC-PTSD-5") in {(r[0], r[1]) for r in _rows(page.changes)}


def test_a_reassessment_through_the_widgets(seen, window, qtbot, monkeypatch):
    page = _page(window, qtbot)
    page.reassess_button.click()
    wizard = window.rooms.intake.wizard
    assert window.stack.currentWidget() is wizard
    sections = [s.section.id for s in wizard.steps if s.section is not None]
    assert sections[0] == "since"
    assert not {"about", "challenges", "pattern", "concerns", "goals"} & set(sections)
    assert {"phq9", "gad7", "rses", "csi4", "safety", "auditc", "wast"} <= set(sections)
    later = story_files(CATALOGUE, dt.date(2026, 12, 1))[-1]
    later["participants"][0]["answers"] |= {f"phq9.{i}": 3 for i in range(1, 9)}  # worse
    answer_intake(window, qtbot, later)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    wizard.finish_button.click()
    open_results(window, qtbot)
    since = window.rooms.results_page.since_box
    assert since is not None
    qtbot.waitUntil(lambda: since.isVisibleTo(window.rooms.results_page))  # shown queued
    assert "Since the visit before" in since.findChild(QLabel, "sinceBefore").text()
    window.rooms.back_to_client()
    wait_for_client_page(window, qtbot, 1)
    page = window.rooms.clients_page.client_page
    rows = {(r[0], r[1]): r for r in _rows(page.changes)}
    assert rows[("Mira Castellano", "PHQ-9")][5] == "reliably deteriorated"
    assert "Mira Castellano: PHQ-9 reliably deteriorated" in page.notices.text()
    assert page.notices.isVisibleTo(page)
    assert page.view is not None and len(page.view.intakes) == 7


def test_the_review_threshold_is_a_setting(qtbot, tmp_path):
    from therapist_desk.settings import Settings
    from therapist_desk.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), data_folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.review_after.value() == 3  # the default
    dialog.review_after.setValue(5)
    assert dialog.collect().review_after_reassessments == 5


def test_the_progress_pdf_is_saved_from_the_client_page(seen, window, qtbot, monkeypatch, tmp_path):
    from therapist_desk.ui.widgets.dialogs import Dialogs

    target = tmp_path / "progress.pdf"
    monkeypatch.setattr(Dialogs, "ask_save_path", lambda self, suggested: target)
    page = _page(window, qtbot)
    page.pdf_client.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == f"Saved {target}", timeout=20_000
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    page.set_audience(Audience.clients())
    assert not page.pdf_clinician.isEnabled()  # the clinician's version, never in front of them


def test_ctrl_i_starts_what_the_page_offers_a_reassessment_for_a_client_seen_before(
    seen, window, qtbot
):
    """The keyboard reaches the re-assessment: Intake › Start (Ctrl+I) does what the
    client page's start button shows, and asks who came."""
    page = _page(window, qtbot)
    assert page.reassess_button.isVisible() and not page.start_button.isVisible()
    asked = []
    real = StartDialog.ask

    def ask(cls, parent, people, times) -> StartChoice:
        asked.append(sorted(people))
        return StartChoice(IntakeMode.IN_PERSON, tuple(sorted(people)))

    StartDialog.ask = classmethod(ask)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    finally:
        StartDialog.ask = real
    assert len(asked) == 1 and len(asked[0]) == 2  # who came: both offered
    wizard = window.rooms.intake.wizard
    assert window.stack.currentWidget() is wizard
    sections = [s.section.id for s in wizard.steps if s.section is not None]
    assert sections[0] == "since" and "about" not in sections
