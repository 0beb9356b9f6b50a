"""User text prints literally, in any script, escaped once."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_fixtures import HOSTILE, couple_input, pdf_text
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from therapist_desk.reports import render_report
from therapist_desk.reports.data import Participant
from therapist_desk.reports.escape import clean_text, para_text
from therapist_desk.reports.scripts import logical_forms


def _render_with(practice: str, names: tuple[str, str], variant: str = "client") -> str:
    people = (Participant("a", names[0]), Participant("b", names[1]))
    data = couple_input(practice_name=practice, participants=people, clinician_name=names[0])
    return pdf_text(render_report(data, variant=variant))


def test_hostile_names_print_literally() -> None:
    text = _render_with(HOSTILE, (HOSTILE, "Tom &amp; <i>Jerry</i>"), "clinician")
    assert text.count(HOSTILE) >= 4  # practice, header, clients, measures, reasons, …
    assert "Tom &amp; <i>Jerry</i>" in text


def test_greek_and_cyrillic_names_extract() -> None:
    text = _render_with("Πρακτική Ψυχοθεραπείας", ("Νίκος Παππάς", "Анна Иванова"))
    for expected in ("Πρακτική Ψυχοθεραπείας", "Νίκος Παππάς", "Анна Иванова"):
        assert expected in text


def test_all_text_is_set_in_embedded_dejavu_truetype() -> None:
    reader = PdfReader(io.BytesIO(render_report(couple_input(), variant="clinician")))
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        used = set(re.findall(r"(/F[\w+]+) [\d.]+ Tf", content))
        assert used
        for name in used:
            font = page["/Resources"]["/Font"][name].get_object()
            assert "DejaVuSans" in str(font["/BaseFont"])
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_newlines_and_control_characters() -> None:
    assert para_text("a\r\nb\rc\n") == "a<br/>b<br/>c<br/>"
    assert clean_text("x\x00y\x1b\tz") == "xy    z"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_survives_the_paragraph_parser_literally(raw: str) -> None:
    style = ParagraphStyle("t", fontName="Helvetica")
    flat = clean_text(raw).replace("\n", " ")
    parsed = Paragraph(para_text(flat), style).getPlainText()
    assert parsed.split() == logical_forms(flat).split()  # as typed, Arabic letters joined
