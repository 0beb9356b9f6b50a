"""Results and the clinician's decision, through to the PDF a colleague would read."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from ui_driver import add_client, answer_intake, example

from therapist_desk.ui.wizard.wizard import IntakeWizard
from therapist_desk.ui.workflow import Workflow


def complete(window, qtbot, monkeypatch, name: str) -> None:
    data = example(name)
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name")} for p in data["participants"]
    ]
    add_client(window, qtbot, monkeypatch, people)
    window.actions_.start_intake.trigger()
    answer_intake(window, qtbot, data)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g: True))
    window.actions_.finish_intake.trigger()
    assert window.stack.currentWidget() is window.results_page


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def save_pdf(window, qtbot, monkeypatch, tmp_path: Path, variant: str) -> Path:
    target = tmp_path / f"{variant}.pdf"
    monkeypatch.setattr(Workflow, "ask_save_path", lambda self, suggested: target)
    window.flow.last_pdf = None
    (
        window.results_page.client_pdf if variant == "client" else window.results_page.clinician_pdf
    ).click()
    qtbot.waitUntil(lambda: window.flow.last_pdf == target, timeout=30000)
    return target


def test_override_needs_a_reason_and_reaches_the_pdf(window, qtbot, monkeypatch, tmp_path) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    page = window.results_page
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
    page = window.results_page
    assert page.findChildren(type(page.safety_box), "safetyBox")
    clinician = " ".join(
        pdf_text(save_pdf(window, qtbot, monkeypatch, tmp_path, "clinician")).split()
    )
    client = " ".join(pdf_text(save_pdf(window, qtbot, monkeypatch, tmp_path, "client")).split())
    assert "domestic-abuse" in clinician
    for private in ("domestic-abuse", "violence", "WAST", "AUDIT", "safety plan"):
        assert private not in client
    assert "individual sessions" in client


def test_accepting_is_one_click(window, qtbot, monkeypatch) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    page = window.results_page
    page.decide_button.click()
    assert "Individual and relationship therapy at the same time" in page.decision_status.text()
    assert "override" not in page.decision_status.text()
    row = window.backend.client_view(window.flow.client_id).intakes[0]
    assert (row.status, row.decision) == (
        "Completed",
        "Individual and relationship therapy at the same time",
    )


@pytest.mark.parametrize("variant", ["client", "clinician"])
def test_default_file_name_holds_initials_not_names(window, qtbot, monkeypatch, variant) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    name = window.backend.pdf_filename(window.flow.intake_id, variant)
    assert name.startswith("intake-ZL-DB-") and name.endswith(f"-{variant}.pdf")
