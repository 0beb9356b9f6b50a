"""Which way text runs: the Unicode bidirectional algorithm, one line at a time.

reportlab draws what it is given left to right, so a line holding right-to-left text is
drawn in display order. The levels come from python-bidi's reference implementation of
UAX #9 (`bidi.algorithm`), run on one line of a paragraph that has already been broken
into lines in typing (logical) order; the line is then reordered by rule L2 and the
brackets of right-to-left text mirrored (L4), so "(ID 42)" keeps its parentheses facing
the right way on either side.

The paragraph direction is that of its first letter with a direction (rule P2): a note
that starts in Hebrew or Arabic is set right to left, and "Client: דנה כהן" left to right;
each line after a line break (a new paragraph to UAX #9) takes its own.

`extraction_text` is what text extractors are given to read a drawn line back (the
``/ActualText`` of the line): see its docstring.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from bidi import algorithm

RLM = "\u200f"
LRM = "\u200e"
_STRONG_RTL = frozenset({"R", "AL"})
# What poppler reads as number-like (seen with pdftotext): it ends a right-to-left run.
_NUMBER_LIKE = frozenset({"EN", "AN", "ES", "ET", "CS"})
_TRAILING = frozenset({"WS", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
# The classes `bidi.algorithm` resolves (it predates the isolates of Unicode 6.3).
_HANDLED = frozenset(
    {"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON"}
    | {"LRE", "RLE", "LRO", "RLO", "PDF"}
)
_ISOLATES = frozenset({"LRI", "RLI", "FSI", "PDI"})
# Without these, a right-to-left line is all at level 1: the quick path.
_MIXED = frozenset({"L", "EN", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


@cache
def bidi_class(char: str) -> str:
    """The Unicode bidirectional class of ``char`` (``L``, ``R``, ``AL``, ``EN``…)."""
    return unicodedata.bidirectional(char)


def first_strong_rtl(text: str) -> bool | None:
    """Whether the first letter of ``text`` with a direction is right-to-left; None if none."""
    for char in text:
        kind = bidi_class(char)
        if kind == "L":
            return False
        if kind in _STRONG_RTL:
            return True
    return None


def rtl_base(text: str) -> bool:
    """Whether ``text`` is set right to left: its first strong letter is right-to-left."""
    return bool(first_strong_rtl(text))


def levels(line: str, rtl: bool) -> list[int]:
    """The embedding level of each character of ``line`` (odd: right to left).

    Rules X1-I2 come from `bidi.algorithm`, which knows no isolates: an isolate mark is
    taken as a neutral character, an unassigned code point as a left-to-right letter.
    Characters that rule X9 drops (joiners, explicit embeddings) take the level of the
    character before them; rule L1 puts
    trailing white space back at the paragraph level. A right-to-left line with no
    left-to-right letter, digit or explicit embedding in it is all at level 1.
    """
    base = 1 if rtl else 0
    if rtl and _MIXED.isdisjoint(map(bidi_class, line)):
        return [1] * len(line)
    storage = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, "LR"[base]
    algorithm.get_embedding_levels(line, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if char["type"] not in _HANDLED:  # isolates: neutral; unassigned: left to right
            char["type"] = "ON" if char["type"] in _ISOLATES else "L"
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    found: list[int | None] = [None] * len(line)
    for char in storage["chars"]:
        found[char["index"]] = char["level"]
    result: list[int] = []
    for level in found:
        result.append(level if level is not None else (result[-1] if result else base))
    end = len(line)
    while end and bidi_class(line[end - 1]) in _TRAILING:
        end -= 1
        result[end] = base
    return result


def visual_order(line_levels: list[int]) -> list[int]:
    """Indices of a line's characters left to right on the page (rule L2)."""
    order = list(range(len(line_levels)))
    odd = [level for level in line_levels if level % 2]
    if not odd:
        return order
    for level in range(max(line_levels), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and line_levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def mirrored(char: str, level: int) -> str:
    """``char`` as drawn at ``level``: brackets of right-to-left text mirrored (rule L4)."""
    return algorithm.MIRRORED.get(char, char) if level % 2 else char


def visual(line: str, rtl: bool) -> str:
    """``line`` (one line, logical order) in display order."""
    line_levels = levels(line, rtl)
    return "".join(mirrored(line[i], line_levels[i]) for i in visual_order(line_levels))


def extraction_text(line: str) -> str:
    """What a reader is told a drawn line says, so that it reads the typed line back.

    poppler (pdftotext) does not take ``/ActualText`` as final: it places
    the span's characters left to right over the drawn glyphs and then reverses every
    right-to-left run itself, as it does for glyphs, where such a run is its notion of
    one (from a right-to-left letter on, through spaces and punctuation, up to a
    left-to-right letter or a digit). So the typed line is given with each of those runs
    written in display order between two RIGHT-TO-LEFT MARKs, which end the run exactly
    where it ends in the typed text, and with LEFT-TO-RIGHT MARKs after it to outweigh its
    right-to-left letters: poppler reads a whole page right to left when most of its
    letters are, and that would turn every left-to-right line of the page around. The
    marks are invisible; pdftotext then gives the typed line, wrapped in embedding marks.
    """
    out: list[str] = []
    rtl_letters = 0
    i, n = 0, len(line)
    while i < n:
        j = i
        while j < n and bidi_class(line[j]) not in _STRONG_RTL:
            j += 1
        out.append(line[i:j])
        i = j
        while j < n and bidi_class(line[j]) != "L" and bidi_class(line[j]) not in _NUMBER_LIKE:
            rtl_letters += bidi_class(line[j]) in _STRONG_RTL
            j += 1
        if j > i:
            out.append(RLM + line[i:j][::-1] + RLM)
            rtl_letters += 2
            i = j
    text = "".join(out)
    ltr_letters = sum(bidi_class(c) == "L" for c in text)
    return text + LRM * max(0, rtl_letters - ltr_letters)
