"""An intake's answers, and their validation against the catalogue.

An :class:`IntakeAnswers` holds the kind of intake, one or two participants with their
own answers, and the answers about the relationship. Answers may be incomplete; an
unanswered item is simply absent (``None`` from a file or form means "not answered").
:func:`coerce_answers` and :func:`check_intake` are shared by the command line, the
store import and the intake wizard, so all three accept and refuse the same things.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from therapist_desk.intake.catalogue import (
    AnswerValue,
    Catalogue,
    IntakeKind,
    Item,
    ItemType,
    Scope,
)
from therapist_desk.intake.errors import AnswerError, one_line

PARTICIPANT_COUNT = {IntakeKind.INDIVIDUAL: 1, IntakeKind.COUPLE: 2}
RELATIONSHIP = "relationship"
SUGGESTIONS = 10
"""Unknown item ids that get a "did you mean": the message shows the first problem only."""
ITEM_ID_MAX = 64
"""Longer ids get no suggestion: none is close, and comparing them costs memory and time."""


@dataclass(frozen=True)
class Participant:
    """One person in the intake, with their own answers by item id."""

    id: str
    display_name: str
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)


@dataclass(frozen=True)
class IntakeAnswers:
    """Everything answered in one intake: the input of scoring and recommendation."""

    kind: IntakeKind
    participants: tuple[Participant, ...]
    relationship: Mapping[str, AnswerValue] = field(default_factory=dict)
    absent: frozenset[str] = frozenset()
    """Participants who did not come (a couple's re-assessment with one partner): asked
    nothing that day, so their safety screen is not done and the result waits for it."""

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id; ``KeyError`` if there is none."""
        for participant in self.participants:
            if participant.id == participant_id:
                return participant
        raise KeyError(participant_id)


def is_asked(item: Item, answers: Mapping[str, AnswerValue]) -> bool | None:
    """Whether ``item`` is asked given the other answers; ``None`` while its condition waits."""
    if item.ask_if is None:
        return True
    return item.ask_if.asked(answers)


def suggest(catalogue: Catalogue, item_id: str) -> str:
    """ " — did you mean 'x'?" for the closest known item id, or an empty string."""
    if len(item_id) > ITEM_ID_MAX:
        return ""
    close = difflib.get_close_matches(item_id, list(catalogue.items), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def value_problem(item: Item, value: object) -> str | None:
    """Why ``value`` is not a valid answer to ``item``, or ``None`` if it is."""
    ok: bool
    if item.type is ItemType.YES_NO:
        ok = isinstance(value, bool)
    elif item.type is ItemType.CHOICE:
        ok = any(type(value) is type(v) and value == v for v in item.allowed_values())
    elif item.type is ItemType.MULTI_CHOICE:
        allowed = set(item.allowed_values())
        ok = (
            isinstance(value, list | tuple)
            and all(isinstance(v, str) and v in allowed for v in value)
            and len(set(value)) == len(value)
        )
    elif item.type is ItemType.INTEGER:
        ok = (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (item.minimum or 0) <= value <= (item.maximum or 0)
        )
    else:
        ok = isinstance(value, str) and len(value) <= (item.max_length or len(value))
    if ok:
        return None
    if item.type is ItemType.TEXT and isinstance(value, str):  # described, never quoted
        return f"the text is {len(value):,} characters long; allowed: {item.allowed_text()}"
    return f"{_show(value)} is not allowed; allowed: {item.allowed_text()}"


_TOKEN = re.compile(r"[A-Za-z0-9_.+-]{1,24}")


def _show(value: object) -> str:
    """A wrong value as a message may show it: words a person wrote are never quoted.

    Numbers, booleans and short code-like strings ("yes", "2") are shown; other text is
    described by its length, since it may be what a client said.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return (
            "[" + ", ".join(_show(v) for v in value[:10]) + (", ...]" if len(value) > 10 else "]")
        )
    if isinstance(value, str) and not _TOKEN.fullmatch(value):
        return f"a text of {len(value):,} characters"
    if isinstance(value, dict):
        return "an object"
    return one_line(json.dumps(value, ensure_ascii=False))


def coerce_answers(
    catalogue: Catalogue,
    raw: Mapping[str, object],
    *,
    owner: str,
    kind: IntakeKind,
    problems: list[str],
) -> dict[str, AnswerValue]:
    """Check raw answers (JSON values) of one owner and return them in stored form.

    ``owner`` is a participant id or ``"relationship"``. Problems are appended to
    ``problems``; ``None`` values (not answered) are dropped; lists become tuples.
    """
    scope = Scope.RELATIONSHIP if owner == RELATIONSHIP else Scope.PARTICIPANT
    where = '"relationship"' if owner == RELATIONSHIP else f"participant {owner}"
    result: dict[str, AnswerValue] = {}
    for item_id, value in raw.items():
        item = catalogue.items.get(item_id)
        if item is None:
            hint = suggest(catalogue, item_id) if len(problems) < SUGGESTIONS else ""
            problems.append(f"unknown item '{one_line(item_id)}' for {where}{hint}")
            continue
        if item.scope is not scope:
            problems.append(_scope_problem(item, where))
            continue
        if kind not in item.kinds:
            problems.append(f"{where}: item '{item_id}' is not asked in {kind.value} intakes")
            continue
        if value is None:
            continue
        problem = value_problem(item, value)
        if problem:
            problems.append(f"{where}: item '{item_id}': {problem}")
            continue
        result[item_id] = tuple(value) if isinstance(value, list) else value  # type: ignore[assignment]
    return result


def _scope_problem(item: Item, where: str) -> str:
    if item.scope is Scope.RELATIONSHIP:
        return (
            f"item '{item.id}' is about the relationship: put it under \"relationship\", "
            f"not under {where}"
        )
    return f"item '{item.id}' is asked of each participant: put it under a participant, not {where}"


def intake_problems(catalogue: Catalogue, intake: IntakeAnswers) -> list[str]:
    """Every way ``intake`` does not fit the catalogue (empty when it fits)."""
    problems: list[str] = []
    expected = PARTICIPANT_COUNT[intake.kind]
    if len(intake.participants) != expected:
        problems.append(
            f"an {intake.kind.value} intake needs exactly {expected} participant"
            f"{'s' if expected > 1 else ''}; found {len(intake.participants)}"
            if intake.kind is IntakeKind.INDIVIDUAL
            else f"a couple intake needs exactly 2 participants; found {len(intake.participants)}"
        )
    ids = [p.id for p in intake.participants]
    if len(set(ids)) != len(ids):
        problems.append("participant ids must be different")
    for participant in intake.participants:
        coerce_answers(
            catalogue,
            participant.answers,
            owner=participant.id,
            kind=intake.kind,
            problems=problems,
        )
    coerce_answers(
        catalogue, intake.relationship, owner=RELATIONSHIP, kind=intake.kind, problems=problems
    )
    return problems


NOTES = {
    "not_asked": "{where}: the answer to '{item}' is ignored: it is asked only when '{gate}' "
    "is {wanted}, and '{gate}' was answered {given}{scored}",
    "gate_missing": "{where}: the answer to '{item}' is not used while '{gate}' is "
    "unanswered: it is asked only when '{gate}' is {wanted}",
    "scored_zero": " (it scores 0, as the instrument says)",
}


def ignored_answers(catalogue: Catalogue, intake: IntakeAnswers) -> list[str]:
    """Answers that do not fit the other answers, and are therefore not used.

    An answer to an item whose condition is not met (whether the affair will end, when
    there is no affair; AUDIT-C items 2-3 after "Never") is kept but ignored: scoring and
    the rules read the item as not asked. One whose condition is unanswered is not used
    until it is. Nothing else in a valid intake is ignored.
    """
    owners = [(f"participant {p.id}", p.answers) for p in intake.participants]
    owners.append(('"relationship"', intake.relationship))
    notes = []
    for where, answers in owners:
        for item_id in answers:
            item = catalogue.items.get(item_id)
            if item is None or item.ask_if is None:
                continue
            asked = is_asked(item, answers)
            if asked is True:
                continue
            gate = catalogue.items[item.ask_if.item_id]
            values = sorted(item.ask_if.values, key=str)
            wanted = ("not " if item.ask_if.negate else "") + " or ".join(
                f"'{gate.label_for(v)}'" for v in values
            )
            said = {"where": where, "item": item_id, "gate": gate.id, "wanted": wanted}
            if asked is None:
                notes.append(NOTES["gate_missing"].format(**said))
                continue
            given = f"'{gate.label_for(answers[gate.id])}'"
            scored = NOTES["scored_zero"] if item.scored and item.measure_id else ""
            notes.append(NOTES["not_asked"].format(**said, given=given, scored=scored))
    return notes


def check_intake(catalogue: Catalogue, intake: IntakeAnswers) -> None:
    """Raise :class:`AnswerError` listing every problem if ``intake`` does not fit."""
    problems = intake_problems(catalogue, intake)
    if problems:
        raise AnswerError(problems)
