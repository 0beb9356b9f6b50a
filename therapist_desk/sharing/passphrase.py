"""Passphrases for a password-protected summary: a few plain words, read out in the session.

Each word is drawn with the operating system's secure random generator from the bundled
list (``resources/words/passphrase-words.txt``, 1,024 words), so every word adds 10 bits:
five words give 50 bits, about a million billion equally likely passphrases. The PDF's
AES-256 encryption makes each guess slow, so guessing one takes far longer than a summary
needs to stay private, while the clinician can still say it aloud and the client type it.
"""

from __future__ import annotations

import math
import re
import secrets
from functools import lru_cache
from pathlib import Path

from therapist_desk import resources_dir

WORD_COUNT = 5
SEPARATOR = "-"
MIN_WORDS_IN_LIST = 1024
_WORD = re.compile(r"^[a-z]{3,7}$")


def words_file() -> Path:
    """Where the word list is."""
    return resources_dir() / "words" / "passphrase-words.txt"


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    """The bundled words, checked: lower-case letters only, unique, at least 1,024 of them."""
    lines = words_file().read_text(encoding="utf-8").splitlines()
    found = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    bad = [w for w in found if not _WORD.match(w)]
    if bad or len(set(found)) != len(found) or len(found) < MIN_WORDS_IN_LIST:
        raise ValueError(f"The passphrase word list {words_file()} is damaged.")
    return found


def entropy_bits(count: int = WORD_COUNT) -> float:
    """How many bits of randomness a passphrase of ``count`` words holds."""
    return count * math.log2(len(word_list()))


def new_passphrase(count: int = WORD_COUNT) -> str:
    """A fresh passphrase: ``count`` random words joined by hyphens (``maple-otter-…``)."""
    words = word_list()
    return SEPARATOR.join(secrets.choice(words) for _ in range(count))


def _squeezed(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def mentions(text: str, passphrase: str) -> bool:
    """Whether ``text`` holds ``passphrase``, however it is spaced, cased or punctuated."""
    secret = _squeezed(passphrase)
    return bool(secret) and secret in _squeezed(text)
