"""The vocabulary of a recommendation: orders, strengths, findings and their evidence.

Everything here is plain frozen data. Each piece that comes from a private item (or
from rule 2, violence or fear) has ``private=True`` so a couple-facing report can drop it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from therapist_desk.intake.catalogue import AnswerValue

RULESET_VERSION = "1.1.0"
"""Version of the rules in :mod:`rules`; bump it whenever a rule or its precedence changes.

``docs/rules.md`` says what each version changed and why.
"""
SAFETY_SCREEN = "safety_screen"
"""The ``rule_id`` of the action asking to complete a participant's safety questions."""


class TherapyOrder(StrEnum):
    """In which order therapy should start (domain §2)."""

    INDIVIDUAL_FIRST = "individual_first"
    CONCURRENT = "concurrent"
    RELATIONSHIP_FIRST = "relationship_first"


class Strength(StrEnum):
    """How firmly the answers point to the suggested order."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Evidence:
    """An answer or score that made a rule fire.

    ``source`` is an item id (``phq9.9``) or a measure id (``csi4``); ``participant_id``
    is ``None`` for relationship answers; ``text`` is the clinician sentence.
    """

    source: str
    participant_id: str | None
    value: AnswerValue | int | None
    text: str
    private: bool


@dataclass(frozen=True, slots=True)
class SafetyAction:
    """What the clinician must do because a hard rule fired."""

    rule_id: str
    participant_ids: tuple[str, ...]
    text: str
    private: bool


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A rule that fired: the order it points to, for whom, and why.

    ``decisive`` is set by the engine: the finding belongs to the highest-precedence tier
    that fired, so it decides the order; other findings are supporting.
    """

    rule_id: str
    title: str
    order: TherapyOrder
    participant_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    hard: bool
    private: bool
    safety: tuple[SafetyAction, ...] = ()
    weight: Strength = Strength.MODERATE
    note: str | None = None
    decisive: bool = False


@dataclass(frozen=True, slots=True)
class Part:
    """One step of the suggested plan: an order and the participants it concerns.

    ``individual_ids`` names, in a concurrent step, whose individual work runs beside
    the couple work.
    """

    step: int
    order: TherapyOrder
    participant_ids: tuple[str, ...]
    text: str
    individual_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """One answer set to another value (``participant_id`` None: about the relationship)."""

    participant_id: str | None
    item_id: str
    value: AnswerValue


@dataclass(frozen=True, slots=True)
class Counterfactual:
    """What the suggestion would be if some answers were different.

    Found by changing ``changes`` in the intake and running the rules again: ``order``
    and ``strength`` are what that run gave. ``rule_ids`` are the decisive findings the
    change addresses; for a hard rule, ``resolve`` says what the clinician must resolve.
    Records from ruleset 1.0.0 have no ``changes`` (they were made by dropping findings).
    """

    rule_ids: tuple[str, ...]
    order: TherapyOrder
    text: str
    private: bool
    changes: tuple[AnswerChange, ...] = ()
    strength: Strength | None = None
    resolve: str | None = None


@dataclass(frozen=True, slots=True)
class FocusArea:
    """A benefit area the client chose, with what each kind of therapy offers for it."""

    id: str
    label: str
    emphasis: str
    individual: str
    couples: str


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Partners a whole band or more apart on a measure, and at least its minimal difference.

    ``separately``: the measure is private or asked alone, so it is for the clinician to
    explore with each partner on their own (``private`` is then set too).
    """

    measure_id: str
    bands: tuple[tuple[str, str], ...]
    band_difference: int
    text: str
    private: bool
    points: int | None = None
    minimal_difference: float | None = None
    separately: bool = False
    source: str | None = None
    """Where the minimal important difference comes from (with its derivation's inputs)."""


@dataclass(frozen=True, slots=True)
class MissingItem:
    """An unanswered item that the rules would have read."""

    item_id: str
    participant_id: str | None
    private: bool
