"""A clinician adds a couple, runs the whole intake with the keyboard, and decides."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFrame, QLabel
from ui_driver import add_client, answer_intake, example, open_results

from therapist_desk.ui.intake.section_labels import text_width
from therapist_desk.ui.intake.wizard import IntakeWizard


def people_of(data) -> list[dict]:
    return [
        {k: p.get(k) for k in ("name", "preferred_name", "pronouns", "date_of_birth")}
        for p in data["participants"]
    ]


@pytest.mark.parametrize(
    ("example_file", "headline_start", "safety_expected"),
    [
        ("relationship-first.json", "Relationship therapy first", False),
        ("concurrent.json", "Individual and relationship therapy at the same time", False),
        ("safety-suicide-risk.json", "Individual therapy first", True),
    ],
)
def test_whole_intake_through_the_widgets(
    window, qtbot, monkeypatch, example_file, headline_start, safety_expected
) -> None:
    data = example(example_file)
    add_client(window, qtbot, monkeypatch, people_of(data))
    window.rooms.actions.start_intake.trigger()
    assert window.stack.currentWidget() is window.rooms.intake.wizard
    answer_intake(window, qtbot, data)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    window.rooms.intake.wizard.finish_button.click()
    page = window.rooms.results_page
    open_results(window, qtbot)
    assert page.headline.text() == headline_start
    assert "not answered" not in page.sections["reasons"].text()
    safety = page.findChildren(QFrame, "safetyBox")
    assert [box.isVisible() for box in safety] == ([True] if safety_expected else [])
    if safety_expected:
        text = " ".join(label.text() for label in safety[0].findChildren(QLabel))
        assert "Safety — act before any joint session" in text
        assert "safety" in text.lower()


TITLE_WORDS = ["Your", "scores", "in", "the", "shared", "summary"]


def test_a_long_page_name_keeps_the_persons_name_and_whole_words(window, qtbot, monkeypatch):
    add_client(window, qtbot, monkeypatch, [{"name": "Noor Example"}, {"name": "Sam Sample"}])
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    row = next(
        i
        for i, s in enumerate(wizard.steps)
        if s.section is not None and s.section.id == "share" and s.position == 1
    )
    entry = wizard.section_list.item(row)
    shown = entry.text().strip()
    assert entry.toolTip() == "Your scores in the shared summary — Noor Example"
    assert shown.endswith("… — Noor Example")  # cut at the end, the name whole
    words = shown.removesuffix("… — Noor Example").split(" ")
    assert words == TITLE_WORDS[: len(words)]  # whole words of the title, from its start
    metrics = wizard.section_list.fontMetrics()
    assert metrics.horizontalAdvance(entry.text()) <= text_width(wizard.section_list)
