"""User text in any script, made ready for reportlab: joined letters and a font per run.

reportlab draws the characters it is given left to right, each run in one font. So:

- Arabic letters are joined by arabic-reshaper (presentation forms, which PDF readers
  map back to the letters they came from); a paragraph holding right-to-left text is
  broken into lines in typing order and each line is then put in display order
  (`direction`, `bidipara`); a line drawn on the canvas is put in display order whole;
- Devanagari and Thai need HarfBuzz shaping (conjuncts, vowel signs, stacked marks):
  a paragraph holding them is set with ``shaping=1``;
- every character is set in DejaVu Sans when it has it, else in the bundled font for its
  script (`fonts.FALLBACKS`); neutral characters (spaces, punctuation, digits) stay in
  the font of the word around them, so a shaped word is never split between fonts.

Glyphs that extractors cannot map back to text (shaped Indic and Thai clusters, emoji
outside the Basic Multilingual Plane) are wrapped in an ``/ActualText`` span holding the
typed text, so copying from the PDF gives back what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from therapist_desk.reports import fonts
from therapist_desk.reports.direction import rtl_base, visual
from therapist_desk.reports.fonts import EMOJI, FAMILY

_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
# Devanagari, Thai, and emoji sequences (ZWJ families, skin tones, flags) that HarfBuzz
# turns into one glyph.
_NEEDS_SHAPING = re.compile(
    "[\u0900-\u097f\ua8e0-\ua8ff\u0e00-\u0e7f\u200d\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff]"
)
SHAPED_FONTS = frozenset(
    {"NotoSansDevanagari", "NotoSansDevanagari-Bold", "NotoSansThai", "NotoSansThai-Bold"}
    | {"NotoEmoji"}
)
_VS16 = "\ufe0f"
# Lam-alef must join; the word and phrase ligatures would swap letters for one glyph.
_LAM_ALEF = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters."""
    return _RTL.search(text) is not None


def needs_shaping(text: str) -> bool:
    """Whether ``text`` is set with HarfBuzz shaping (Devanagari, Thai, emoji sequences).

    HarfBuzz would reverse right-to-left words a second time, so a line holding both
    keeps Hebrew and Arabic right and leaves the Indic or Thai letters unshaped.
    """
    return _NEEDS_SHAPING.search(text) is not None and not has_rtl(text)


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, bool | str] = {"delete_harakat": False, "support_ligatures": True}
    config.update({name: name in _LAM_ALEF for name, _ in LIGATURES})
    return ArabicReshaper(configuration=config)


def logical_forms(text: str) -> str:
    """``text`` in typing order with its Arabic letters joined (presentation forms).

    Paragraphs are broken into lines in this order (`bidipara`), measured with the glyphs
    that are drawn, and each line is put in display order afterwards.
    """
    if not _ARABIC.search(text):
        return text
    return "\n".join(
        _reshaper().reshape(line) if _ARABIC.search(line) else line for line in text.split("\n")
    )


def display_order(text: str) -> str:
    """``text`` as it is drawn on one line: Arabic joined, right-to-left runs reversed.

    Each line of ``text`` runs in the direction of its first letter with one
    (`direction.rtl_base`); brackets in right-to-left runs are mirrored.
    """
    if not has_rtl(text):
        return text
    lines = logical_forms(text).split("\n")
    return "\n".join(visual(line, rtl_base(line)) if has_rtl(line) else line for line in lines)


def typed_letters(text: str) -> str:
    """``text`` with Arabic presentation forms turned back into the letters typed."""
    if not _PRESENTATION.search(text):
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _is_neutral(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "PZ" or category in ("Nd", "Sm", "Sk")


def _joins(char: str) -> bool:
    """Marks and joiners belong to the character before them."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf")
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


@cache
def cmap(font: str) -> frozenset[int]:
    """The code points the registered report font ``font`` has."""
    for fallback in fonts.FALLBACKS:
        if font in (fallback.name, fallback.font_name(True)):
            return fonts.fallback_cmap(fallback)
    return fonts.base_cmap(font)


def _own_font(code: int, following: str, base: str) -> str:
    bold = "Bold" in base
    if following == _VS16 and code in fonts.fallback_cmap(EMOJI):
        return EMOJI.font_name(bold)
    preferred = fonts.preferred_fallback(code)
    if preferred is not None:
        return preferred.font_name(bold)
    if code in cmap(base):
        return base
    fallback = fonts.any_fallback(code)
    return fallback.font_name(bold) if fallback is not None else base


def _simple(text: str, base: str) -> bool:
    """Whole ``text`` in the DejaVu face ``base``: the quick path for Latin text."""
    if text.isascii():
        return True
    have = cmap(base)
    return all(ord(c) in have and fonts.preferred_fallback(ord(c)) is None for c in text)


def font_runs(text: str, base: str = FAMILY) -> list[tuple[str, str]]:
    """``text`` cut into ``(font name, characters)`` runs; ``base`` is the DejaVu face."""
    if not text:
        return []
    if _simple(text, base):
        return [(base, text)]
    chosen: list[str | None] = []
    for i, char in enumerate(text):
        if chosen and _joins(char) and ord(char) in cmap(chosen[-1] or base):
            chosen.append(chosen[-1])
        elif _is_neutral(char):
            chosen.append(None)
        else:
            chosen.append(_own_font(ord(char), text[i + 1 : i + 2], base))
    resolved = _resolve_neutrals(text, chosen, base)
    runs: list[tuple[str, str]] = []
    for char, font in zip(text, resolved, strict=True):
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def _resolve_neutrals(text: str, chosen: list[str | None], base: str) -> list[str]:
    """A neutral character takes its word's font, else the font before it, if that has it."""
    resolved: list[str] = []
    for i, font in enumerate(chosen):
        if font is not None:
            resolved.append(font)
            continue
        code = ord(text[i])
        candidates = []
        if not text[i].isspace():
            candidates += [
                _in_word(text, chosen, i, -1),
                _in_word(text, chosen, i, 1),
            ]
        candidates.append(resolved[-1] if resolved else None)
        fit = next((c for c in candidates if c is not None and code in cmap(c)), None)
        resolved.append(fit or _own_font(code, text[i + 1 : i + 2], base))
    return resolved


def _in_word(text: str, chosen: list[str | None], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and not text[j].isspace():
        if chosen[j] is not None:
            return chosen[j]
        j += step
    return None


def needs_actual_text(font: str, run: str, shaped: bool) -> bool:
    """Whether the glyphs of ``run`` need the typed text beside them for extraction.

    Shaped clusters become glyphs with no character of their own, and reportlab writes
    characters beyond U+FFFF (most emoji) into the PDF's ToUnicode map incorrectly.
    """
    return (shaped and font in SHAPED_FONTS) or any(ord(c) > 0xFFFF for c in run)


def actual_text_hex(text: str) -> str:
    """``text`` as the hex string of a PDF text string (UTF-16BE with its mark)."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()
