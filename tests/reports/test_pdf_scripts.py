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


# --- right-to-left paragraphs that wrap, and mixed lines read back exactly ----------

HEBREW_TEXT = (
    "שלום עולם בית ספר ילד ילדה אמא אבא מים לחם שמש ירח כוכב עץ פרח ים הר דרך עיר כפר "
    "חבר לב יד רגל עין אור חושך זמן יום לילה בוקר ערב שנה חודש שבוע שיר מילה שאלה תשובה רעיון"
)
ARABIC_TEXT = (
    "بيت كتاب ولد بنت أم أب ماء خبز شمس قمر نجم شجرة زهرة بحر جبل طريق مدينة قرية صديق قلب "
    "يد رجل عين نور ليل نهار صباح مساء سنة شهر أسبوع أغنية كلمة سؤال جواب فكرة باب نافذة"
)
HEBREW_WORDS, ARABIC_WORDS = HEBREW_TEXT.split(), ARABIC_TEXT.split()
BOX = r'"([\d.]+)"'
WORD = re.compile(rf"<word xMin={BOX} yMin={BOX} xMax={BOX} yMax={BOX}>([^<]*)</word>")


def _note_pdf(*texts: str) -> bytes:
    notes = tuple(Note(f"Observations {i}", text) for i, text in enumerate(texts))
    return render_report(couple_input(notes=notes), variant="clinician")


def _rtl_lines(pdf: bytes) -> list[tuple[float, float, float, list[str]]]:
    """Lines of right-to-left words, top to bottom: (top, left, right, words in typing order).

    pdftotext's boxes hold the words as drawn, left to right; a line of right-to-left words
    is read from its right end, each word's letters too.
    """
    run = ["pdftotext", "-bbox-layout", "-", "-"]
    html = subprocess.run(run, input=pdf, capture_output=True, check=True).stdout.decode()
    lines = []
    for page, body in enumerate(html.split("<page ")[1:]):
        for line in body.split("<line")[1:]:
            words = WORD.findall(line)
            drawn = " ".join(BIDI_MARKS.sub("", w[4]) for w in words).split()
            text = [unicodedata.normalize("NFKC", w[::-1]) for w in reversed(drawn)]
            if words and any("\u0590" <= c <= "\u06ff" for c in "".join(text)):
                top = page * 10_000 + min(float(w[1]) for w in words)
                left, right = min(float(w[0]) for w in words), max(float(w[2]) for w in words)
                lines.append((top, left, right, text))
    return sorted(lines, key=lambda line: line[0])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("words", [HEBREW_WORDS, ARABIC_WORDS], ids=["Hebrew", "Arabic"])
def test_a_wrapped_right_to_left_note_reads_top_down_and_aligns_right(words) -> None:
    note = " ".join(words * 2)
    pdf = _note_pdf(note)
    lines = _rtl_lines(pdf)
    assert len(lines) >= 3
    # the typed first words on the top line, and every line read in typing order
    assert [w for line in lines for w in line[3]] == note.split()
    assert lines[0][3][:3] == note.split()[:3]
    rights = [line[2] for line in lines]
    assert max(rights) - min(rights) < 1.0, "right-to-left lines end at the same right edge"
    assert lines[-1][1] > lines[0][1] + 20, "the short last line is ragged on the left"
    drawn = _covered(pdf)
    missing = {c for c in note if not c.isspace() and c not in drawn}
    assert not {c for c in missing if not _arabic_form_drawn(c, drawn)}


MIXED = (
    "Client: דנה כהן (ID 42)",
    "Client: أميرة الحسيني (ID 42)",
    "العميلة: أميرة الحسيني (رقم 42)",
    "שלום עולם, מה שלומך היום? בת 42, גרה בחיפה.",
)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("layout", [True, False], ids=["layout", "reading-order"])
@pytest.mark.parametrize("typed", MIXED, ids=["he-latin", "ar-latin", "ar", "he-digits"])
def test_a_mixed_line_reads_back_exactly_as_typed(typed: str, layout: bool) -> None:
    pdf = _note_pdf(typed)
    run = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    out = subprocess.run(run, input=pdf, capture_output=True, check=True).stdout.decode()
    lines = {re.sub(" +", " ", BIDI_MARKS.sub("", line)).strip() for line in out.splitlines()}
    assert typed in lines


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_long_right_to_left_note_flows_across_pages_and_loses_no_word() -> None:
    words = [f"{w}{suffix}" for suffix in ("", "ים", "ות") for w in HEBREW_WORDS] * 12
    note = " ".join(words)
    assert len(note) >= 4000
    pdf = _note_pdf(note)
    pages = _pdftotext(pdf).split("\f")
    hebrew = [[w for w in page.split() if "\u0590" <= w[0] <= "\u05ff"] for page in pages]
    assert sum(1 for page in hebrew if page) >= 2, "the note is split across pages"
    assert [w for page in hebrew for w in page] == words
    lines = _rtl_lines(pdf)
    assert [w for line in lines for w in line[3]] == words
