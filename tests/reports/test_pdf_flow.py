"""Long content flows over pages without clipping; tables repeat their header; passwords."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pdf_fixtures import couple_input, pdf_pages, pdf_text
from pypdf import PdfReader

from therapist_desk.reports import render_report
from therapist_desk.reports.data import Answer, Note


def _long_note() -> str:
    words = [f"w{i:05d}" for i in range(3400)]  # 3,400 × 6 characters ≈ 20,400
    paragraphs = [" ".join(words[i : i + 200]) for i in range(0, len(words), 200)]
    return "\n\n".join(paragraphs)


def test_a_20000_character_note_flows_over_pages_with_nothing_lost() -> None:
    note = _long_note()
    assert len(note) >= 20_000
    data = couple_input(notes=(Note("Session notes", note),))
    pages = pdf_pages(render_report(data, variant="clinician"))
    carrying = [p for p in pages if "w0" in p]
    assert len(carrying) >= 3
    text = " ".join("\n".join(pages).split())
    for word in note.split():
        assert word in text


def test_one_unbroken_20000_character_word_does_not_break_rendering() -> None:
    pasted = Note("Notes about the relationship", "x" * 20_000, from_clients=True)
    data = couple_input(notes=(pasted,))  # the clients pasted it: their version shows it
    text = pdf_text(render_report(data, variant="client"))
    assert text.replace("\n", "").count("x") >= 20_000


def test_a_long_table_repeats_its_header_row_on_every_page() -> None:
    answers = tuple(
        Answer("a", "Personal", f"Question number {i:03d} about daily life", f"answer {i:03d}")
        for i in range(160)
    )
    pages = pdf_pages(render_report(couple_input(answers=answers), variant="client"))
    with_rows = [p for p in pages if "Question number" in p]
    assert len(with_rows) >= 3
    for page in with_rows:
        assert "Section Question Participant Answer" in " ".join(page.split())
    text = "\n".join(pages)
    for i in range(160):
        assert f"Question number {i:03d}" in text


def test_a_table_cell_longer_than_a_page_splits_without_losing_lines() -> None:
    long_answer = " ".join(f"a{i:03d} long answer" for i in range(400))
    answers = (Answer("a", "Goals", "Describe what you hope for", long_answer),)
    pages = pdf_pages(render_report(couple_input(answers=answers), variant="client"))
    text = " ".join("\n".join(pages).split())
    assert all(f"a{i:03d} long answer" in text for i in range(400))
    assert sum("a399 long" in p or "a000 long" in p for p in pages) == 2


def test_password_protected_file_opens_only_with_the_password() -> None:
    pdf = render_report(couple_input(), variant="client", password="s3cret-Ω")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256, PDF 2.0 security handler
    assert b"Alex Sample" not in pdf
    assert not reader.decrypt("wrong password")
    with pytest.raises(Exception):  # noqa: B017 (pypdf raises its own error type)
        PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    text = pdf_text(pdf, password="s3cret-Ω")
    assert "Alex Sample and Blair Sample" in " ".join(text.split())


def test_password_file_opens_in_poppler_only_with_the_password(tmp_path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    target = tmp_path / "locked.pdf"
    target.write_bytes(render_report(couple_input(), variant="client", password="pw-42"))
    opened = subprocess.run(
        ["pdftotext", "-upw", "pw-42", str(target), "-"], capture_output=True, text=True
    )
    assert "Alex Sample and Blair Sample" in opened.stdout
    refused = subprocess.run(
        ["pdftotext", "-upw", "nope", str(target), "-"], capture_output=True, text=True
    )
    assert "Alex Sample" not in refused.stdout
