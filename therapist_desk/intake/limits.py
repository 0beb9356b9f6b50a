"""The limits of a person's fields and of an intake's, one set for every way in.

The answers file (`answers_file`), the client form (``ui.participant_form`` and
``ui.client_dialog`` read `PERSON` for their fields' lengths) and the store's shapes
(``models.client``, ``models.intake``) all use these, so a name the form accepts is
one that Export data… writes and ``import`` reads back, and ``report`` and ``import``
refuse the same files.
"""

from __future__ import annotations

from datetime import date

NAME = 120
PREFERRED_NAME = 120
PRONOUNS = 40
EMAIL = 254
PHONE = 40
PERSON_NOTES = 4000
CLINICIAN = 120
INTAKE_NOTES = 20000
DECISION_REASON = 2000
EARLIEST_BIRTH = date(1900, 1, 1)

PERSON = {
    "name": NAME,
    "preferred_name": PREFERRED_NAME,
    "pronouns": PRONOUNS,
    "email": EMAIL,
    "phone": PHONE,
    "notes": PERSON_NOTES,
}
"""Each text field of a person and its longest length, in characters."""


def birth_date_problem(value: date, today: date | None = None) -> str | None:
    """Why ``value`` cannot be a date of birth (a sentence), or ``None`` if it can."""
    if value > (today or date.today()):
        return "The date of birth cannot be in the future."
    if value < EARLIEST_BIRTH:
        return "Check the date of birth: it is before 1900."
    return None
