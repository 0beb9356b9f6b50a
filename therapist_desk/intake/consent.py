"""Consent before the first question: the practice's couples policy and its words.

Plain Python. A practice chooses how it handles what one partner tells the therapist
alone (`Policy`), and writes the words the clients agree to; the app offers a template
for each policy that the practice reviews before its first use. Each saved change is a
new version; an intake keeps the version that was agreed (`text_digest` fingerprints
the exact words). For a couple, the part asked alone begins only once both partners
agreed (`waiting_for`). A drawn signature is strokes of points (`signature_problem`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from enum import StrEnum

from therapist_desk.intake.audience import Audience, AudienceKind

CLINICIAN_POSITION = 0
"""The position a consent record of the clinician (a signature) is kept under."""

TEXT_MAX = 20_000
POINTS_MAX = 20_000
"""At most this many points in one signature (a long, slow signature has a few hundred)."""


class Policy(StrEnum):
    """How the practice handles what one partner says to the therapist alone."""

    NO_SECRETS = "no_secrets"
    LIMITED_SECRETS = "limited_secrets"
    SECRETS_KEPT = "secrets_kept"

    @property
    def label(self) -> str:
        """The policy's name, as a clinician says it."""
        return POLICY_LABELS[self]


POLICY_LABELS = {
    Policy.NO_SECRETS: "No secrets",
    Policy.LIMITED_SECRETS: "Limited secrets",
    Policy.SECRETS_KEPT: "Secrets kept",
}

_OPENING = (
    "Before we begin, here is how {practice} works with couples. Your therapist sees "
    "you together, and will also ask each of you some questions alone, with your "
    "partner out of the room or off the call."
)
_POLICY_WORDS = {
    Policy.NO_SECRETS: (
        "We work with your relationship as a whole, so we keep no secrets between you. "
        "If one of you tells your therapist something alone that matters to the couple "
        "work (for example an affair), your therapist will help you to tell your partner "
        "yourself within a short time, or will not be able to go on seeing you as a couple."
    ),
    Policy.LIMITED_SECRETS: (
        "What you say alone stays between you and your therapist unless it bears on the "
        "couple work. Your therapist decides, with you, whether and how something you "
        "said alone is shared, and will tell you before it is. Some things cannot be "
        "kept: a risk to anyone's safety."
    ),
    Policy.SECRETS_KEPT: (
        "What each of you says alone stays between that partner and your therapist. Your "
        "therapist will never tell your partner, even when it bears on the couple work; "
        "it may mean your therapist suggests individual work first."
    ),
}
_CLOSING = (
    "Whatever the policy, your therapist must act when someone's safety is at risk, and "
    "keeps your records confidential as the law requires. You may withdraw your consent "
    "at any time: we then stop asking, and keep what you already answered, marked as "
    "given before you withdrew."
)


def template(policy: Policy, practice: str = "") -> str:
    """The default words for ``policy``, for the practice to review before first use."""
    opening = _OPENING.format(practice=practice.strip() or "this practice")
    return "\n\n".join((opening, _POLICY_WORDS[policy], _CLOSING))


def text_digest(policy: Policy, text: str) -> str:
    """The SHA-256 (hex) of exactly what is agreed: the policy and its words."""
    return hashlib.sha256(f"{policy.value}\n{text}".encode()).hexdigest()


def check_text(text: str) -> str | None:
    """Why ``text`` cannot be a consent text (a sentence), or None if it can."""
    if not text.strip():
        return "The consent text is empty: write what the clients agree to."
    if len(text) > TEXT_MAX:
        return f"The consent text is longer than {TEXT_MAX:,} characters."
    return None


Stroke = Sequence[Sequence[float]]


def signature_problem(strokes: Iterable[Stroke]) -> str | None:
    """Why ``strokes`` are not a signature (a sentence), or None if they are one.

    A signature is at least one line drawn (two points apart); an empty pad, or a
    single tap, is not.
    """
    count, drawn = 0, False
    for stroke in strokes:
        points = [tuple(p) for p in stroke]
        count += len(points)
        if any(len(p) != 2 or not all(isinstance(v, int | float) for v in p) for p in points):
            return "A signature is lines of points (x, y)."
        drawn = drawn or len(set(points)) >= 2
    if count > POINTS_MAX:
        return f"A signature has at most {POINTS_MAX:,} points."
    if not drawn:
        return "The signature pad is empty: sign with the mouse, a finger or a pen first."
    return None


def waiting_for(positions: Collection[int], agreed: Collection[int], *, couple: bool) -> list[int]:
    """The partners whose agreement the part asked alone still waits for (a couple only).

    An individual client's intake asks nothing with a partner away, so nothing waits.
    """
    if not couple:
        return []
    return [p for p in sorted(positions) if p not in agreed]


def asked_with(audience: Audience, participant: str) -> bool:
    """Whether a participant's agreement ("p1") is shown and asked with ``audience``:
    with the clinician, with both partners, or with that partner alone, never with the
    other partner alone."""
    return audience.kind is not AudienceKind.ALONE or audience.participant == participant
