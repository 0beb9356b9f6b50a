"""The progress summary of a couple seen six times fits one page, in both versions."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from therapist_desk.cli import main
from therapist_desk.demo.progress import story_files
from therapist_desk.intake import load_catalogue

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A couple with a first consultation and five re-assessments, imported by the CLI."""
    folder = tmp_path_factory.mktemp("pages")
    db = folder / "practice.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THERAPIST_DESK_HOME", str(folder / "home"))
        files = []
        for n, data in enumerate(story_files(CATALOGUE, dt.date(2026, 1, 12))):
            path = folder / f"v{n}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            files.append(path)
        assert main(["--db", str(db), "import", str(files[0])]) == 0
        from therapist_desk.services.practice import open_practice
        from therapist_desk.services.progress import client_references

        practice = open_practice(db)
        ref = client_references(practice=practice)[0]["reference"]
        practice.close()
        for path in files[1:]:
            assert main(["--db", str(db), "import", str(path), "--client", ref]) == 0
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
