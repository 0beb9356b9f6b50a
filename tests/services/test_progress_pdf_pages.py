"""The progress summary of a couple seen six times fits one page, in both versions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from story_practice import imported_story

from therapist_desk.intake import load_catalogue

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A couple with a first consultation and five re-assessments, imported by the CLI."""
    folder = tmp_path_factory.mktemp("pages")
    imported_story(folder)
    return folder


@pytest.mark.parametrize("variant", ["clinician", "client"])
def test_a_couple_seen_six_times_fits_one_page(story: Path, variant: str, monkeypatch) -> None:
    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress_pdf import render_progress_pdf

    monkeypatch.setenv("THERAPIST_DESK_HOME", str(story / "home"))
    practice = open_practice(story / "practice.sqlite3")
    try:
        pdf = render_progress_pdf(practice=practice, client_id=1, variant=variant)
    finally:
        practice.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "16 → 6 (↓ -10)" in text and "recovered" in text  # Mira's PHQ-9, in one cell
    assert ("AUDIT-C" in text) is (variant == "clinician")  # private: never for the clients
