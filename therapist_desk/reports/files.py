"""Saving a report: a file name that never holds a full name, and an atomic write.

The file is written to a temporary file beside the target (owner-only, mode 0600),
flushed to disk, then renamed over the target, so a failure never leaves a partial PDF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic

FILE_MODE = 0o600
# Letters that do not decompose into an ASCII base letter: Greek and Cyrillic initials.
_TRANSLIT = str.maketrans(
    {
        "Α": "A",
        "Β": "V",
        "Γ": "G",
        "Δ": "D",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "I",
        "Θ": "TH",
        "Ι": "I",
        "Κ": "K",
        "Λ": "L",
        "Μ": "M",
        "Ν": "N",
        "Ξ": "X",
        "Ο": "O",
        "Π": "P",
        "Ρ": "R",
        "Σ": "S",
        "Τ": "T",
        "Υ": "Y",
        "Φ": "F",
        "Χ": "CH",
        "Ψ": "PS",
        "Ω": "O",
        "А": "A",
        "Б": "B",
        "В": "V",
        "Г": "G",
        "Д": "D",
        "Е": "E",
        "Ё": "E",
        "Ж": "ZH",
        "З": "Z",
        "И": "I",
        "Й": "Y",
        "К": "K",
        "Л": "L",
        "М": "M",
        "Н": "N",
        "О": "O",
        "П": "P",
        "Р": "R",
        "С": "S",
        "Т": "T",
        "У": "U",
        "Ф": "F",
        "Х": "KH",
        "Ц": "TS",
        "Ч": "CH",
        "Ш": "SH",
        "Щ": "SHCH",
        "Э": "E",
        "Ю": "YU",
        "Я": "YA",
        "Ø": "O",
        "Ł": "L",
        "Đ": "D",
        "Æ": "AE",
        "Œ": "OE",
        "Þ": "TH",
    }
)


# The first letter of a word in scripts with a standard romanisation: Hebrew, Arabic
# (and Persian), Devanagari, Thai consonants, Hangul initial consonants, kana.
_SCRIPT_LETTERS = dict(
    zip("אבגדהוזחטיכךלמםנןסעפףצץקרשת", "ABGDHVZHTYKKLMMNNSAPPTTKRST", strict=True)
)
_SCRIPT_LETTERS |= dict(
    zip(
        "اأإآءبتثجحخدذرزسشصضطظعغفقكلمنهويىةئؤپچژگکی",
        "AAIAABTTJHKDDRZSSSDTZAGFQKLMNHWYAHYWPCZGKY",
        strict=True,
    )
)
_SCRIPT_LETTERS |= dict(
    zip(
        "अआइईउऊऋएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळ",
        "AAIIUUREAOAKKGGNCCJJNTTDDNTTDDNPPBBMYRLVSSSHL",
        strict=True,
    )
)
_SCRIPT_LETTERS |= dict(
    zip(
        "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
        "KKKKKKNCCCSCYDTTTTNDTTTTNBPPFPFPMYRLWSSSHLOH",
        strict=True,
    )
)
_KANA = "AAIIUUEEOOKGKGKGKGKGSZSJSZSZSZTDCJTTZTDTDNNNNNHBPHBPFBPHBPHBPMMMMMYYYYYYRRRRRWWIEONVKK"
_SCRIPT_LETTERS |= {chr(0x3041 + i): letter for i, letter in enumerate(_KANA)}
_SCRIPT_LETTERS |= {chr(0x30A1 + i): letter for i, letter in enumerate(_KANA)}
_HANGUL_FIRST = "GKNDTRMBPSS-JJCKTPH"  # the 19 initial consonants; ㅇ is silent
_HANGUL_VOWEL = "AAYYEEYYOWWOYUWWWYEUI"  # the 21 vowels, for a syllable that starts silent
_THAI_LEADING_VOWELS = "เแโใไ"
_ARABIC_ARTICLE = "ال"
_MAX_LETTERS = 4


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _ascii_letter(char: str) -> str:
    if char in _SCRIPT_LETTERS:
        return _SCRIPT_LETTERS[char]
    if _hangul(char):
        syllable = ord(char) - 0xAC00
        first = _HANGUL_FIRST[syllable // 588]
        return _HANGUL_VOWEL[(syllable % 588) // 28] if first == "-" else first
    base = unicodedata.normalize("NFKD", char.upper())[:1]
    base = base.translate(_TRANSLIT)
    return "".join(c for c in base if c.isascii() and c.isalpha())[:2]


def _word_initials(word: str) -> str:
    """A word's initial; a Korean name written as one word gives one per syllable."""
    letters = [c for c in word if c.isalpha()]
    if letters and all(_hangul(c) for c in letters):
        return "".join(_ascii_letter(c) for c in letters[:3])
    if word.startswith(_ARABIC_ARTICLE) and len(letters) > 3:
        letters = letters[2:]
    letters = [c for c in letters if c not in _THAI_LEADING_VOWELS] or letters
    return _ascii_letter(letters[0]) if letters else ""


def initials(name: str) -> str:
    """ASCII initials of a name, or "" where its script has none (Han characters).

    The first and the last word count, and each part of a hyphenated last name:
    "Zoë O'Brien" → "ZO"; "Jordan Okafor-Brennan" → "JOB"; "Νίκος Παππάς" → "NP";
    "דנה כהן" → "DK"; "김민준" → "GMJ"; "王芳" → "".
    """
    words = [w for w in name.split() if any(c.isalpha() for c in w)]
    picked = words[:1] + words[1:][-1:]
    parts = [p for word in picked for p in word.split("-") if any(c.isalpha() for c in p)]
    letters = [_word_initials(p) for p in parts]
    if not letters or not all(letters):
        return ""
    return "".join(letters)[:_MAX_LETTERS]


def _reference_stem(reference: str) -> str:
    return "".join(c for c in reference.upper() if c.isascii() and c.isalnum())[:16]


def people_stem(names: Iterable[str], reference: str = "") -> str:
    """The initials of ``names`` joined by hyphens, or the reference if one has none."""
    found = [initials(n) for n in names]
    if found and all(found):
        return "-".join(found)
    return _reference_stem(reference) or "-".join(f or "X" for f in found) or "X"


def default_filename(names: Iterable[str], on: date, variant: str, *, reference: str = "") -> str:
    """``intake-ZO-2026-11-25-client.pdf``: initials per person, the date, the variant.

    A name with no initials in ASCII (written in Han characters, say) is replaced by the
    client's ``reference`` (by "X" where there is none). Only ASCII letters, digits and
    hyphens are used: safe on Windows, macOS and Linux, and no full name leaks.
    """
    return f"intake-{people_stem(names, reference)}-{on.isoformat()}-{variant}.pdf"


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise UserError(f"Cannot save the PDF: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise UserError(f"Cannot save the PDF: {folder} is not a folder.")


def write_pdf_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically with mode 0600; raise UserError on failure."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"Cannot save the PDF: {path} is a folder; give a file name.")
    folder = path.parent if str(path.parent) else Path(".")
    _check_folder(folder)
    return write_private_atomic(path, data, what="the PDF")
