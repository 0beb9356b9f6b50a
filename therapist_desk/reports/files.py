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


def _ascii_letter(char: str) -> str:
    base = unicodedata.normalize("NFKD", char.upper())[:1]
    base = base.translate(_TRANSLIT)
    return "".join(c for c in base if c.isascii() and c.isalpha())[:2]


def initials(name: str) -> str:
    """ASCII initials of a name: "Zoë O'Brien" → "ZO"; "Νίκος Παππάς" → "NP"."""
    words = [w for w in name.replace("-", " ").split() if any(c.isalpha() for c in w)]
    letters = []
    for word in words[:1] + words[1:][-1:]:
        first = next(c for c in word if c.isalpha())
        letters.append(_ascii_letter(first))
    return "".join(letters) or "X"


def default_filename(names: Iterable[str], on: date, variant: str) -> str:
    """``intake-ZO-2026-11-25-client.pdf``: initials per person, the date, the variant."""
    people = "-".join(initials(n) for n in names) or "X"
    return f"intake-{people}-{on.isoformat()}-{variant}.pdf"


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
