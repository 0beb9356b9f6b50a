"""A word typed across scripts with no space between them ("Noël漢字") prints right.

Such a word is set in two bundled fonts. In a paragraph shaped with HarfBuzz (one that
holds an emoji sequence, Devanagari or Thai) reportlab shaped the whole word with its
first font: the letters of the second font came out as glyph 0 (a box, written as a
private-use character), or the PDF was not made at all (`reports.shaping_by_font`).
Synthetic people only.
"""

from __future__ import annotations

import io
import re

import pytest
from pdf_fixtures import couple_input
from pypdf import PdfReader

from therapist_desk.reports import render_report
from therapist_desk.reports.data import Note, Participant

WORDS = {
    "Latin then Han": ("Zoë Noël漢字かな 👨\u200d👩\u200d👧 Family", "漢字かな"),
    "Han then Latin": ("王芳Lee 👍🏽", "王芳"),
    "Latin then Hangul": ("Min김민준 ธิดา", "김민준"),
    "Hebrew beside emoji": ("Dana דנה👍🏽", "דנה"),
}
# Fonts HarfBuzz legitimately turns into glyphs without a character of their own
# (conjuncts, clusters, emoji sequences): these are read back through /ActualText.
SHAPED = re.compile(r"NotoSansDevanagari|NotoSansThai|NotoEmoji")


def _characters_by_font(pdf: bytes) -> dict[str, set[int]]:
    """For each embedded font, the code points its ToUnicode map gives its glyphs."""
    found: dict[str, set[int]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            body = cmap.split("beginbfchar", 1)[-1]
            codes = {
                int(u, 16) for _, u in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", body)
            }
            found.setdefault(str(font["/BaseFont"]), set()).update(codes)
    return found


@pytest.mark.parametrize("variant", ["clinician", "client"])
@pytest.mark.parametrize("typed, letters", WORDS.values(), ids=list(WORDS))
def test_a_word_in_two_scripts_is_drawn_with_each_scripts_own_glyphs(variant, typed, letters):
    data = couple_input(
        participants=(Participant("a", typed, typed), Participant("b", "Blair Sample")),
        notes=(Note("About the relationship", f"We said: {typed}", from_clients=True),),
    )
    fonts = _characters_by_font(render_report(data, variant=variant))
    drawn = set().union(*fonts.values())
    assert {ord(c) for c in letters} <= drawn, "a letter of the word has no glyph of its own"
    for name, codes in fonts.items():
        if not SHAPED.search(name):
            boxes = sorted(hex(c) for c in codes if 0xE000 <= c <= 0xF8FF)
            assert not boxes, f"{name} drew glyphs with no character: {boxes}"
