"""Every fixed sentence and heading the PDF prints, per variant, in one place.

The clinician version uses clinical headings; the client version speaks to the couple,
or to the one client who came alone; a personal summary speaks to one partner. Kept as
plain data so it can be translated without touching the layout code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

CONFIDENTIAL = "Confidential — contains health information"
PAGE_OF = "Page {page} of {total}"
PROVENANCE = (
    "Therapist Desk {app} · ruleset {ruleset} · measures catalogue {catalogue} · "
    "generated {generated}"
)
NOT_ANSWERED = "not answered"
NOT_SCORED = "not scored"
MODES = {"in_person": "In person", "video": "Video call"}
DECISIONS = {
    "pending": "Not yet decided",
    "accepted": "Accepted the suggested order",
    "overridden": "Chose a different order",
}


@dataclass(frozen=True)
class Wording:
    """Headings and fixed sentences for one variant of the report."""

    version_name: str
    variant_label: str
    recommendation: str
    order: str
    strength: str
    why: str
    what_would_change: str
    safety: str
    decision: str
    focus: str
    measures: str
    measures_intro: str
    discrepancies: str
    concerns: str
    goals: str
    answers: str
    notes: str
    next_steps: str
    references: str
    trace: str
    provisional: str
    private_marker: str
    agreed: str = ""
    """The heading of the order once the clinician has decided (client versions)."""
    order_agreed: str = ""


CLINICIAN = Wording(
    version_name="clinician version",
    variant_label="Clinician version — includes private disclosures",
    recommendation="Suggested order of therapy",
    order="Suggested order",
    strength="Strength",
    why="Why (rules that fired, with the answers that drove them)",
    what_would_change="What would change the suggestion",
    safety="Safety actions required",
    decision="Clinician's decision",
    focus="Focus areas chosen by the client",
    measures="Measures",
    measures_intro="Scores per participant. Bars show each score against its cut-off line.",
    discrepancies="Partner discrepancies to discuss",
    concerns="Presenting concerns",
    goals="Goals",
    answers="Indicator answers",
    notes="Notes",
    next_steps="Next steps",
    references="References",
    trace="Rule trace",
    provisional="Provisional: some answers are missing, so the suggestion may change.",
    private_marker="PRIVATE",
)

CLIENT = Wording(
    version_name="client version",
    variant_label="Summary for you both",
    recommendation="What we suggest",
    order="Suggested way to start",
    strength="How clear the picture is",
    why="Why we suggest this",
    what_would_change="What could change this suggestion",
    safety="",
    decision="What your clinician decided",
    focus="What you would like to work on",
    measures="Your questionnaire results",
    measures_intro=(
        "Each bar shows a questionnaire score; the line marks the point above (or below) "
        "which the questionnaire suggests looking more closely. These are a starting point "
        "for a conversation, not a diagnosis."
    ),
    discrepancies="Where your answers differ",
    concerns="What brings you here",
    goals="Your goals",
    answers="Your answers",
    notes="Your notes",  # what the clients wrote; the clinician's notes are never here
    next_steps="Next steps",
    references="Where these questionnaires come from",
    trace="",
    provisional="Some questions were not answered, so this suggestion may change.",
    private_marker="",
    agreed="How you agreed to start",
    order_agreed="Agreed way to start",
)
CLIENT_ALONE = replace(
    CLIENT,
    variant_label="Summary for you",
    discrepancies="",
    focus="What you would like to work on",
)
PERSONAL = replace(
    CLIENT_ALONE,
    version_name="personal summary",
    variant_label="Your personal summary, {name}",
    measures="Your own questionnaire results",
)


class _Summary(Protocol):
    couple: bool
    for_person: str

    def name_of(self, key: str) -> str: ...


def wording_for(variant: str, data: _Summary | None = None) -> Wording:
    """The wording of ``variant`` ("clinician", "client", "personal-p1") for ``data``."""
    if variant == "clinician":
        return CLINICIAN
    if variant == "client":
        return CLIENT if data is None or data.couple else CLIENT_ALONE
    if variant.startswith("personal-"):
        name = data.name_of(data.for_person) if data is not None else ""
        return replace(PERSONAL, variant_label=PERSONAL.variant_label.format(name=name))
    raise ValueError(
        f"unknown report variant {variant!r}; use 'clinician', 'client' or 'personal-p1'"
    )
