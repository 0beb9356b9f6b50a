"""Errors raised by the intake domain, each with a message meant for a person.

All are ``ValueError`` subclasses so callers that only care about "bad input" can catch
one type. The command line turns them into ``UserError`` (one line, exit status 2); the
GUI shows them in a dialog. ``str(err)`` is always the whole message.
"""

from __future__ import annotations


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
