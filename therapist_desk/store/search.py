"""Normalised search keys: partial, case- and accent-insensitive client search."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

LIKE_ESCAPE = "\\"
# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})


def normalise(text: str) -> str:
    """Casefold ``text`` and strip accents: "Moréau" → "moreau", "Straße" → "strasse".

    Letters without a decomposition are folded too ("Økland" → "okland"). Whitespace
    runs become single spaces. Changing this function means recomputing every stored
    ``search_key`` in a migration.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)
    return " ".join(unicodedata.normalize("NFKC", stripped).split())


def search_key(names: Iterable[str | None]) -> str:
    """The search key of a client: every name and preferred name, normalised, ``|``-joined."""
    parts = [normalise(name) for name in names if name and name.strip()]
    return "|".join(dict.fromkeys(parts))


def like_pattern(query: str) -> str | None:
    """A ``LIKE`` pattern matching ``query`` anywhere in a key, or ``None`` for "all".

    ``%`` and ``_`` typed by the user are matched literally (escaped with ``\\``).
    """
    needle = normalise(query)
    if not needle:
        return None
    for special in (LIKE_ESCAPE, "%", "_"):
        needle = needle.replace(special, LIKE_ESCAPE + special)
    return f"%{needle}%"


def display_name(names: Iterable[str]) -> str:
    """How a client is listed: the participants' names joined with " & "."""
    return " & ".join(name.strip() for name in names)
