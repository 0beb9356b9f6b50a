"""Synthetic data for store tests (never real people)."""

from __future__ import annotations

from therapist_desk.models import ClientCreate


def couple_data(first: str = "Amélie Moreau", second: str = "Jonas Berg") -> ClientCreate:
    """A synthetic couple."""
    return ClientCreate.model_validate(
        {
            "kind": "couple",
            "participants": [
                {"name": first, "preferred_name": "Amy", "email": "amy@example.org"},
                {"name": second, "pronouns": "he/him"},
            ],
        }
    )
