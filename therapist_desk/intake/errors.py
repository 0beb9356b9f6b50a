"""Errors raised by the intake domain, each with a message meant for a person.

All are ``ValueError`` subclasses so callers that only care about "bad input" can catch
one type. The command line turns them into ``UserError`` (one line, exit status 2); the
GUI shows them in a dialog. ``str(err)`` is always the whole message.
"""

from __future__ import annotations

QUOTE_MAX = 60
"""How many characters of a file's own text a message quotes."""


def one_line(text: str, limit: int = QUOTE_MAX) -> str:
    """``text`` safe to quote in a one-line message: cut to ``limit`` characters, and every
    invisible or control character written as its escape (``\\n``, ``\\x1b``, ``\\u202e``),
    so a hostile file can neither break the line nor send codes to the terminal.
    """
    cut = len(text) > limit
    safe = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text[:limit])
    return safe[: limit - 3] + "..." if cut or len(safe) > limit else safe


class IntakeError(ValueError):
    """Base class: a problem with intake content or input that a person can fix."""


class CatalogueError(IntakeError):
    """A catalogue file is missing, unreadable or invalid; the message names file and item."""


class AnswersFileError(IntakeError):
    """An answers file cannot be read: too big, not UTF-8, not JSON, or the wrong shape."""


class AnswerError(IntakeError):
    """An answer does not fit the catalogue: unknown item, value not allowed, wrong scope.

    ``problems`` holds every problem found; the message is the first one (plus a count),
    so a command line prints one line while a form can show them all.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        extra = len(problems) - 1
        message = problems[0] if problems else "invalid answers"
        if extra > 0:
            message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
        super().__init__(message)
