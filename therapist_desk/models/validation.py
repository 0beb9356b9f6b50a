"""Field checks shared by the Create/Update shapes, with messages for the clinician.

Messages are whole sentences meant to be shown next to the field they concern; the
UI gets them from a pydantic ``ValidationError`` with `field_errors`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from therapist_desk.intake.limits import EARLIEST_BIRTH, birth_date_problem
from therapist_desk.models._base import blank_to_none

__all__ = ["EARLIEST_BIRTH"]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,}$")


def required_text(value: Any, what: str) -> str:
    """A required text field: stripped, and not empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("required", "Enter {what}.", {"what": what})
    if not isinstance(value, str):
        raise PydanticCustomError("text", "{what} must be text.", {"what": what.capitalize()})
    return value.strip()


def iso_date(value: Any) -> Any:
    """Read a typed date as YYYY-MM-DD, with a message that shows the expected form."""
    value = blank_to_none(value)
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "date_format", "Enter the date as YYYY-MM-DD, for example 1985-04-23."
        ) from None


def plausible_birth_date(value: date | None, today: date | None = None) -> date | None:
    """A date of birth that is neither in the future nor before 1900."""
    if value is None:
        return None
    problem = birth_date_problem(value, today)
    if problem is not None:
        kind = "birth_future" if value > EARLIEST_BIRTH else "birth_too_early"
        raise PydanticCustomError(kind, problem)
    return value


def email_address(value: Any) -> str | None:
    """An optional email address that looks like ``name@example.org``."""
    value = blank_to_none(value)
    if value is None:
        return None
    if not _EMAIL.match(value):
        raise PydanticCustomError(
            "email", "This does not look like an email address (for example name@example.org)."
        )
    return str(value)


def phone_number(value: Any) -> str | None:
    """An optional phone number: digits, spaces and ``+ ( ) - . /`` only."""
    value = blank_to_none(value)
    if value is None:
        return None
    if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 3:
        raise PydanticCustomError(
            "phone", "Use digits, spaces and + ( ) - only for a phone number."
        )
    return str(value)


def field_errors(error: ValidationError) -> dict[str, str]:
    """Map each failing field to its message, e.g. ``{"participants.1.email": "..."}``.

    The key is the dotted location of the field in the shape; a problem with the shape
    as a whole (e.g. the wrong number of participants) is keyed by its field name.
    Pydantic's own messages ("String should have at most 120 characters") are said in
    plain words ("Use at most 120 characters."), so every form reads alike.
    """
    messages: dict[str, str] = {}
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "__root__"
        messages.setdefault(key, plain_message(item))
    return messages


def plain_message(item: Any) -> str:
    """One pydantic error (an entry of ``errors()``) as a sentence for the person typing."""
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind == "string_too_long":
        return f"Use at most {ctx['max_length']:,} characters."
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "Enter something here."
        return f"Use at least {ctx['min_length']:,} characters."
    simple = _PLAIN.get(kind)
    if simple is not None:
        return simple.format(**ctx)
    return str(item["msg"]).removeprefix("Value error, ")


_PLAIN = {
    "missing": "This is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "float_type": "Enter a number.",
    "greater_than_equal": "Use {ge} or more.",
    "less_than_equal": "Use {le} or less.",
    "greater_than": "Use more than {gt}.",
    "less_than": "Use less than {lt}.",
    "literal_error": "Choose one of {expected}.",
    "enum": "Choose one of {expected}.",
    "string_type": "Enter text here.",
    "date_from_datetime_parsing": "Enter the date as YYYY-MM-DD, for example 1985-04-23.",
    "date_parsing": "Enter the date as YYYY-MM-DD, for example 1985-04-23.",
    "too_long": "Use at most {max_length} entries.",
}
