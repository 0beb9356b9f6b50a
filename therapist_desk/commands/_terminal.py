"""Everything the command line prints goes through one filter: no escape sequence that came
in with a user's text reaches the terminal.

Names, notes and file names come from outside (an answers file, a database, a path): a
name holding ``ESC ] 0 ;`` would retitle the terminal, ``ESC [ 2 J`` clear it, an OSC 52
sequence write the clipboard. `safe` shows each control character except newline and
tab, the C1 controls (U+0080-U+009F, which some terminals obey like ESC) and the
bidirectional overrides as a visible ``\\uXXXX`` escape, which is also a valid escape
inside a JSON string. `safe_output` applies it to all that is written to stdout and
stderr while a command runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with every control or direction-changing character shown as ``\\uXXXX``."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream that passes everything written to it through `safe`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Filter stdout and stderr through `safe` inside the block."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
