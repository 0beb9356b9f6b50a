"""The time model: how many seconds each kind of question takes, as the catalogue says.

Plain data, loaded from the ``timing`` block of ``manifest.json`` (with its sources);
:mod:`timing` adds up an intake's pages with it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TimeModel:
    """Seconds per kind of question and per step of the session that is not a question."""

    scale: float
    """A choice on a measure's answer scale (PHQ-9's "Not at all" … "Nearly every day")."""
    choice: float
    """Any other single choice."""
    yes_no: float
    multi_choice: float
    short_text: float
    """A short text or a number."""
    long_text: float
    """A text of at least ``long_text_from`` characters: told, and typed by the clinician."""
    long_text_from: int
    page: float
    """Turning a page and reading its introduction."""
    alone: float
    """A partner leaves the room (or the call) for the other's part asked alone, and back."""
    consent_first: float
    """The practice's couples policy explained, at a first consultation."""
    consent_again: float
    """The policy recalled at a re-assessment (explained at the first consultation)."""
    consent_per_person: float
    """Each person's agreement (and signature)."""
    talk_per_item: float
    """The conversation around each question of ``talked_through`` (the history)."""
    talked_through: tuple[str, ...]
    """Sections whose questions open a conversation: the first consultation's history."""
    sources: tuple[str, ...] = ()
