"""Names and notes in every script print right: each character has a glyph in an embedded
font (read with fontTools from the PDF itself), and pdftotext gives the text back in
logical order. Synthetic people only."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from pdf_fixtures import couple_input
from pypdf import PdfReader

from therapist_desk.reports import render_report
from therapist_desk.reports.data import Note, Participant

NAMES = {
    "Hebrew": "דנה כהן",
    "Arabic": "أميرة الحسيني",
    "Chinese": "王芳",
    "Japanese": "さくら",
    "Korean": "김민준",
    "Devanagari": "अनन्या शर्मा",
    "Thai": "ธิดา ใจดี",
}
NOTES = {
    "Hebrew": "שלום עולם",
    "Arabic": "قالت لا بأس",
    "Chinese": "我们想好好沟通",
    "Japanese": "よろしくお願いします",
    "Korean": "잘 부탁드립니다",
    "Devanagari": "हम बात करना चाहते हैं",
    "Thai": "เราอยากคุยกัน",
    "emoji": "Feeling hopeful 😀 ❤️ 👍",
}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _render(script: str, variant: str) -> bytes:
    name = NAMES.get(script, "Sam Example")
    data = couple_input(
        participants=(Participant("a", name, name), Participant("b", "Blair Sample")),
        # the clients' own words: they are in both versions (the clinician's notes are
        # only in the clinician's)
        notes=(Note("About the relationship", NOTES[script], from_clients=True),),
    )
    return render_report(data, variant=variant)


def _font_files(pdf: bytes) -> list[tuple[TTFont, dict[int, int]]]:
    """Each embedded font program with its ToUnicode map (code → code point)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cmap = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            program = font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            found.append((TTFont(io.BytesIO(program.get_data())), cmap))
    return found


def _to_unicode(cmap: str) -> dict[int, int]:
    pairs = re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap.split("beginbfchar", 1)[-1])
    return {int(code, 16): int(uni, 16) for code, uni in pairs}


def _covered(pdf: bytes) -> set[str]:
    """Characters an embedded font draws with a real glyph (not .notdef)."""
    chars: set[str] = set()
    for font, to_unicode in _font_files(pdf):
        order = font.getGlyphOrder()
        table = font["cmap"].getcmap(1, 0) or font["cmap"].getcmap(3, 0)  # reportlab's subsets
        cmap = table.cmap if table is not None else {}
        for code, uni in to_unicode.items():
            glyph = cmap.get(code)
            if glyph is not None and glyph != ".notdef" and order.index(glyph) != 0:
                chars.add(chr(uni))
    return chars


def _pdftotext(pdf: bytes) -> str:
    """The PDF's text as pdftotext lays it out, runs of spaces as one, bidi marks dropped."""
    run = ["pdftotext", "-layout", "-", "-"]
    out = subprocess.run(run, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(" +", " ", BIDI_MARKS.sub("", out))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("variant", ["clinician", "client"])
@pytest.mark.parametrize("script", list(NOTES))
def test_every_script_prints_and_reads_back(script: str, variant: str) -> None:
    pdf = _render(script, variant)
    drawn = _covered(pdf)
    text = unicodedata.normalize("NFKC", _pdftotext(pdf))
    for typed in filter(None, (NAMES.get(script), NOTES[script])):
        # Arabic is drawn as joined presentation forms; every Arabic letter was checked
        # through the form that stands for it.
        shown = unicodedata.normalize("NFKC", typed)
        missing = {c for c in typed if not c.isspace() and c not in drawn}
        missing -= {c for c in missing if unicodedata.category(c) in ("Mn", "Cf")}
        if script == "Arabic":
            missing = {c for c in missing if not _arabic_form_drawn(c, drawn)}
        assert not missing, f"{script}: no glyph for {sorted(missing)}"
        assert shown in text or typed in text, f"{script}: {typed!r} not read back"


def _arabic_form_drawn(letter: str, drawn: set[str]) -> bool:
    return any(
        unicodedata.normalize("NFKC", form)[:1] == letter for form in drawn if form >= "\ufb50"
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_mixed_line_keeps_its_hebrew_in_logical_order() -> None:
    data = couple_input(notes=(Note("Observations", "Client: דנה כהן (ID 42)"),))
    text = _pdftotext(render_report(data, variant="clinician"))
    assert "Client:" in text and "דנה כהן" in text and "ID 42" in text
