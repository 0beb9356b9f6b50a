"""The clinician summary shows every section of domain.md §6, on numbered pages."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pdf_fixtures import couple_input, pdf_pages, pdf_text
from pypdf import PdfReader

from therapist_desk.reports import render_report
from therapist_desk.reports.data import Decision


@pytest.fixture(scope="module")
def clinician_pdf() -> bytes:
    return render_report(couple_input(), variant="clinician")


@pytest.fixture(scope="module")
def clinician_text(clinician_pdf: bytes) -> str:
    return " ".join(pdf_text(clinician_pdf).split())


def test_header_names_practice_people_date_clinician_and_setting(clinician_text: str) -> None:
    for expected in (
        "Riverside Therapy Rooms",
        "Intake summary",
        "Alex Sample and Blair Sample",
        "25 November 2026",
        "Sam Clinician, MFT",
        "In person",
    ):
        assert expected in clinician_text


def test_recommendation_order_strength_reasons_and_counterfactuals(clinician_text: str) -> None:
    for expected in (
        "Individual therapy first, for each of you",
        "Strong Platypusstrength",
        "Wombatexplain",
        "Both want help with low mood. (Alex Sample, Blair Sample)",
        "PHQ-9 total 12 for Alex",
        "Quokkaviolence",
        "What would change the suggestion",
        "Without low mood this would be relationship first.",
        "Provisional: some answers are missing",
    ):
        assert expected in clinician_text


def test_safety_actions_and_private_markers_show_on_clinician_version(
    clinician_text: str,
) -> None:
    assert "Safety actions required" in clinician_text
    assert "PRIVATE Emusafety: plan safety today. (Alex Sample)" in clinician_text
    assert "Call back within 48 hours." in clinician_text


def test_decision_with_override_reason(clinician_text: str) -> None:
    assert "Chose a different order: Concurrent" in clinician_text
    assert "Kookaburrareason" in clinician_text
    assert "Decided 2026-11-25 11:00 UTC" in clinician_text


def test_pending_decision_says_so() -> None:
    text = pdf_text(render_report(couple_input(decision=None), variant="clinician"))
    assert "Not yet decided" in text
    accepted = Decision("accepted", "Individual first")
    text = pdf_text(render_report(couple_input(decision=accepted), variant="clinician"))
    assert "Accepted the suggested order: Individual first" in " ".join(text.split())


def test_focus_areas_measures_and_discrepancies(clinician_text: str) -> None:
    for expected in (
        "What individual therapy offers",
        "Practise talking together.",
        "12 / 27",
        "moderate",
        "≥ 10 moderate",
        "8 of 9",
        "not scored",
        "Numbatmeasure",
        "Bilbyband",
        "Possumflag",
        "PHQ-9 differs by two bands.",
        "Echidnadiscrepancy",
    ):
        assert expected in clinician_text


def test_unanswered_items_are_listed_as_not_answered(clinician_text: str) -> None:
    assert "Item 4: Feeling tired or having little energy: not answered" in clinician_text
    assert "Item 3: How rewarding is your relationship?: not answered" in clinician_text
    assert "Same trouble in earlier relationships Alex Sample not answered" in clinician_text


def test_concerns_goals_notes_next_steps_references_and_trace(clinician_text: str) -> None:
    for expected in (
        "More arguments lately",
        "Communicate better",
        "Arrived together; calm.",
        "Cassowarynote",
        "Book individual sessions.",
        "Erol, R. Y., & Orth, U.",
        "Kroenke K, Spitzer RL, Williams JB (2001). PHQ-9.",
        "Funk JL, Rogge RD (2007). CSI.",
        "Stith, McCollum & Rosen (2011).",
        "Rule trace",
        "Violence or fear",
        "fear_of_partner = yes",
        "did not fire",
    ):
        assert expected in clinician_text
    assert clinician_text.count("Kroenke K, Spitzer RL") == 1, "a citation is listed once"


def test_every_page_is_confidential_and_numbered_with_provenance(clinician_pdf: bytes) -> None:
    pages = pdf_pages(clinician_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Confidential — contains health information" in text
        assert f"Page {number} of {len(pages)}" in text
        assert re.search(r"ruleset rules-2026\.1 .* catalogue cat-2026\.1", text)
        assert "generated 2026-11-25 10:00 UTC" in text


def test_metadata_title_author_subject_and_creation_date(clinician_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(clinician_pdf)).metadata
    assert meta.title == "Intake summary (clinician version)"
    assert meta.author == "Sam Clinician"
    assert "Riverside Therapy Rooms" in meta.subject
    assert meta.creation_date is not None


def test_letter_page_size_is_honoured() -> None:
    pdf = render_report(couple_input(page_size="Letter"), variant="client")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report variant"):
        render_report(couple_input(), variant="colleague")  # type: ignore[arg-type]


def test_missing_logo_file_still_renders(tmp_path) -> None:
    data = replace(couple_input(), logo_path=tmp_path / "nope.png")
    assert render_report(data, variant="client").startswith(b"%PDF")
