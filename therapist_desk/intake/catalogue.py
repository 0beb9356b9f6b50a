"""The instrument catalogue as the app sees it: plain frozen dataclasses.

Build it with :func:`therapist_desk.intake.loader.load_catalogue`. Items are the unit of
an answer: each has a stable id, a scope (asked of each participant, or once about the
relationship), a type with its allowed values, and two flags of its section: ``private``
(never shown in a document for the couple) and ``asked_alone`` (put to one partner with
the other out of the room). Sections give the wizard's order; measures add scoring and
the ``change`` data of :mod:`change`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from therapist_desk.intake.change import NO_CHANGE_DATA, MeasureChange
from therapist_desk.intake.timing_model import TimeModel

Scalar = bool | int | str
"""A stored answer: ``bool`` for yes/no, ``int`` or ``str`` option values, ``str`` text."""
AnswerValue = Scalar | tuple[str, ...]
"""Any answer value; multi-choice answers are tuples of option values."""


class IntakeKind(StrEnum):
    """Who came to the consultation."""

    INDIVIDUAL = "individual"
    COUPLE = "couple"


class Scope(StrEnum):
    """Whether an item is asked of each participant or once about the relationship."""

    PARTICIPANT = "participant"
    RELATIONSHIP = "relationship"


class ItemType(StrEnum):
    """The kind of answer an item takes."""

    CHOICE = "choice"
    YES_NO = "yes_no"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"
    INTEGER = "integer"


YES_NO_LABELS: Mapping[bool, str] = {True: "Yes", False: "No"}


@dataclass(frozen=True, slots=True)
class Option:
    """An answer option: the stored value and its label."""

    value: int | str
    label: str


@dataclass(frozen=True, slots=True)
class Condition:
    """Ask an item only when ``item_id``'s answer is in ``values`` (or not, if ``negate``)."""

    item_id: str
    values: frozenset[Scalar]
    negate: bool = False
    requires: Condition | None = None
    """A condition that must hold first (a re-assessment asks a screen only when it is
    relevant: `Catalogue.reassessment_conditions`)."""

    def holds(self, value: AnswerValue) -> bool:
        """Whether the condition holds for an answer to ``item_id``."""
        hit = any(type(value) is type(v) and value == v for v in self.values)
        return hit != self.negate

    def asked(self, answers: Mapping[str, AnswerValue]) -> bool | None:
        """Whether the item is asked given ``answers``; ``None`` while a gate waits."""
        if self.requires is not None:
            first = self.requires.asked(answers)
            if first is not True:
                return first
        gate = answers.get(self.item_id)
        if gate is None:
            return None
        return self.holds(gate)


@dataclass(frozen=True, slots=True)
class Item:
    """One question of the catalogue."""

    id: str
    type: ItemType
    wording: str
    short: str
    help: str | None
    scope: Scope
    private: bool
    section_id: str
    measure_id: str | None
    number: int | None
    options: tuple[Option, ...]
    minimum: int | None
    maximum: int | None
    max_length: int | None
    reverse: bool
    scored: bool
    optional: bool
    kinds: frozenset[IntakeKind]
    ask_if: Condition | None
    asked_alone: bool = False
    risk: bool = False
    """A yes is a safety-relevant answer (self-harm, violence or fear, control)."""
    numbers_are_scores: bool = False

    def option_numbers(self) -> tuple[int, ...]:
        """The number printed beside each choice, in order, and the key that picks it.

        A measure that publishes its scores shows them (PHQ-9: 0 "Not at all" to 3);
        other choices, yes/no among them, are numbered 1, 2, 3….
        """
        if self.type is ItemType.YES_NO:
            return (1, 2)
        if self.numbers_are_scores and self.type is ItemType.CHOICE:
            return tuple(int(option.value) for option in self.options)
        return tuple(range(1, len(self.options) + 1))

    def allowed_values(self) -> tuple[Scalar, ...]:
        """The values an answer may take (empty for text and integer items)."""
        if self.type is ItemType.YES_NO:
            return (True, False)
        return tuple(option.value for option in self.options)

    def allowed_text(self) -> str:
        """The allowed values in words, for error messages and ``items`` output."""
        if self.type is ItemType.YES_NO:
            return "true (yes), false (no)"
        if self.type is ItemType.INTEGER:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.type is ItemType.TEXT:
            return f"text of at most {self.max_length or 'any'} characters"
        shown = ", ".join(f"{json.dumps(o.value)} ({o.label})" for o in self.options)
        return ("a list of any of " if self.type is ItemType.MULTI_CHOICE else "") + shown

    def label_for(self, value: AnswerValue) -> str:
        """The label a person would see for a stored value."""
        if self.type is ItemType.YES_NO and isinstance(value, bool):
            return YES_NO_LABELS[value]
        if isinstance(value, tuple):
            return ", ".join(self.label_for(v) for v in value) or "none"
        for option in self.options:
            if type(option.value) is type(value) and option.value == value:
                return option.label
        return str(value)

    def reference(self, measure_name: str | None = None) -> str:
        """How a sentence names the item: "PHQ-9 item 9 (…)" or its short description."""
        if measure_name and self.number is not None:
            return f"{measure_name} item {self.number} ({self.short})"
        return self.short


@dataclass(frozen=True, slots=True)
class Band:
    """A severity band starting at ``minimum`` (which may depend on sex)."""

    id: str
    label: str
    minimum: float
    minimum_by_sex: Mapping[str, float]
    plain: str = ""
    """The band in everyday words for the clients (empty: the label is plain already)."""

    def lower_bound(self, sex: str) -> float:
        """The band's lower bound for ``sex`` ("female", "male" or "unknown")."""
        return self.minimum_by_sex.get(sex, self.minimum)


@dataclass(frozen=True, slots=True)
class Cutoff:
    """The published cut-off: ``at_least`` or ``below`` a total, or a flag."""

    label: str
    at_least: float | None
    below: float | None
    flag: str | None
    by_sex: Mapping[str, float]
    plain: str = ""
    """The cut-off in everyday words for the clients (empty: not shown to them)."""


@dataclass(frozen=True, slots=True)
class FlagCondition:
    """A condition on one item's raw answer: ``at_least`` a number, or one of ``values``."""

    item_id: str
    at_least: int | None
    values: frozenset[Scalar] | None


@dataclass(frozen=True, slots=True)
class Flag:
    """A flag raised by item answers (all conditions) or by a total threshold."""

    id: str
    label: str
    risk: bool
    when: tuple[FlagCondition, ...]
    total_at_least: float | None


@dataclass(frozen=True, slots=True)
class Measure:
    """A validated measure with its scoring key."""

    id: str
    name: str
    title: str
    version: str
    citation: str
    licence: str
    scope: Scope
    private: bool
    intro: str
    item_ids: tuple[str, ...]
    scored_item_ids: tuple[str, ...]
    max_total: int
    max_missing: int
    bands: tuple[Band, ...]
    cutoff: Cutoff | None
    flags: tuple[Flag, ...]
    asked_alone: bool = False
    change: MeasureChange = NO_CHANGE_DATA
    personal: bool = False
    """The partner's own scores: in what both partners receive only with their agreement."""

    def flag(self, flag_id: str) -> Flag:
        """The flag with this id; ``KeyError`` if the measure has none."""
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(f"{self.id}: no flag {flag_id!r}")


@dataclass(frozen=True, slots=True)
class Section:
    """A page of the intake wizard, in order.

    ``private``: never in a document for the couple. ``asked_alone``: put to one partner
    with the other absent (every private section the client answers is; PC-PTSD-5 is
    asked alone but is not private). ``clinician_only``: filled in by the clinician and
    seen by the clinician alone (the observations), never put to a client.
    """

    id: str
    title: str
    intro: str
    scope: Scope
    private: bool
    item_ids: tuple[str, ...]
    measure_id: str | None
    asked_alone: bool = False
    clinician_only: bool = False


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything that can be asked, in wizard order, with measures by id."""

    version: str
    sections: tuple[Section, ...]
    items: Mapping[str, Item]
    measures: Mapping[str, Measure]
    reassessment_sections: tuple[Section, ...] = ()
    """The pages of a re-assessment, in order: the measures and the safety questions
    without the first consultation's history, and what has changed since."""
    reassessment_conditions: Mapping[str, Condition] = field(default_factory=dict)
    """Sections a re-assessment asks only when an earlier answer of the same person makes
    them relevant (PC-PTSD-5 when a trauma is to be worked on), by section id."""
    timing: TimeModel | None = None
    """Seconds per kind of question, for the estimate of how long an intake takes."""

    def item(self, item_id: str) -> Item:
        """The item with this id; ``KeyError`` if there is none."""
        return self.items[item_id]

    def measure_name(self, item: Item) -> str | None:
        """The name of the measure an item belongs to, if any."""
        return self.measures[item.measure_id].name if item.measure_id else None

    def describe(self, item_id: str) -> str:
        """How sentences name an item, e.g. "PHQ-9 item 9 (thoughts of … self-harm)"."""
        item = self.items[item_id]
        return item.reference(self.measure_name(item))


def with_asked_alone(catalogue: Catalogue, choices: Mapping[str, bool]) -> Catalogue:
    """``catalogue`` with the practice's choice of which sections are asked alone.

    ``choices`` maps section ids to asked alone or not. A private section is always
    asked alone, and the clinician's own sections are never put to a client: choices
    about those, and about unknown sections, are ignored.
    """
    changed = {
        s.id: alone
        for s in catalogue.sections
        if (alone := choices.get(s.id)) is not None
        and alone != s.asked_alone
        and not s.private
        and not s.clinician_only
    }
    if not changed:
        return catalogue
    sections = tuple(
        replace(s, asked_alone=changed[s.id]) if s.id in changed else s for s in catalogue.sections
    )
    again = tuple(
        replace(s, asked_alone=changed[s.id]) if s.id in changed else s
        for s in catalogue.reassessment_sections
    )
    items = {
        i: replace(item, asked_alone=changed[item.section_id])
        if item.section_id in changed
        else item
        for i, item in catalogue.items.items()
    }
    measures = {
        m: replace(measure, asked_alone=changed[m]) if m in changed else measure
        for m, measure in catalogue.measures.items()
    }
    return replace(
        catalogue,
        sections=sections,
        items=items,
        measures=measures,
        reassessment_sections=again,
    )


def for_reassessment(catalogue: Catalogue) -> Catalogue:
    """``catalogue`` as a re-assessment puts it: only its pages, in their order, each
    section of ``reassessment_conditions`` asked only when its condition holds.

    The items and measures stay whole, so the answers carried forward from the last
    consultation (the history the re-assessment does not ask again) still score and
    still reach the rules.
    """
    items = dict(catalogue.items)
    for section in catalogue.reassessment_sections:
        when = catalogue.reassessment_conditions.get(section.id)
        if when is None:
            continue
        for item_id in section.item_ids:
            item = items[item_id]
            gate = when if item.ask_if is None else replace(item.ask_if, requires=when)
            items[item_id] = replace(item, ask_if=gate)
    return replace(catalogue, sections=catalogue.reassessment_sections, items=items)


def carried_forward(catalogue: Catalogue) -> frozenset[str]:
    """The items a re-assessment does not ask: its answers come from the last intake."""
    asked = {i for s in catalogue.reassessment_sections for i in s.item_ids}
    return frozenset(i for s in catalogue.sections for i in s.item_ids if i not in asked)


def asked_alone_choices(catalogue: Catalogue) -> dict[str, bool]:
    """Whether ``catalogue`` asks each section alone, every section named: what an intake
    records of the way it was put (see :func:`as_recorded`)."""
    return {s.id: s.asked_alone for s in catalogue.sections}


def more_alone(*choices: Mapping[str, bool]) -> dict[str, bool]:
    """The sections of every one of ``choices``, each asked alone if any asks it alone.

    Combining the ways an intake may have been put never makes it less private.
    """
    out: dict[str, bool] = {}
    for given in choices:
        for section_id, alone in given.items():
            out[section_id] = out.get(section_id, False) or alone is True
    return out


def as_recorded(
    shipped: Catalogue, recorded: Mapping[str, bool] | None, today: Mapping[str, bool]
) -> Catalogue:
    """``shipped`` as one intake was put: its recorded choices of what was asked alone.

    ``today`` holds the practice's choices now (Settings › The room). An intake with no
    record (one from before the choices were kept) is read as asked alone wherever the
    shipped catalogue or today's choices ask alone: what was in force then is unknown,
    so the more private of the two is assumed. A section the record does not name (one
    added by a later catalogue) is as shipped. A private section is always asked alone.
    """
    if recorded is None:
        return with_asked_alone(shipped, more_alone(asked_alone_choices(shipped), today))
    return with_asked_alone(shipped, recorded)
