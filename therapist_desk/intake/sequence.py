"""The clinical sequence of the wizard's pages, for an individual or a couple.

Plain Python (no Qt) so the order can be tested on its own. First the joint part, with
everyone present: what brings them (the relationship pages), then each person's pages
that are not asked alone, a section at a time for each person. Then each person's part
asked alone, opened by a page that says so. Last, the clinician's own observations,
which can also be filled in after the session. Who may see each page is the
audience's to say (`Step.seen_by`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.audience import Audience
from therapist_desk.intake.catalogue import (
    AnswerValue,
    Catalogue,
    IntakeKind,
    Item,
    Scope,
    Section,
)

ALONE = "private-intro"
CONSENT = "consent"


@dataclass(frozen=True)
class Step:
    """One page: a section for one person (or the relationship), or the private intro."""

    key: str
    section: Section | None
    position: int | None
    items: tuple[Item, ...] = ()
    alone: bool = False
    """Put to its person with the partner absent (only a couple has a partner to leave)."""
    consent: bool = False
    """The consent page that opens every intake (`CONSENT_STEP`)."""

    @property
    def is_alone_page(self) -> bool:
        """Whether this is the "asked alone" page that opens a person's own part."""
        return self.section is None and not self.consent

    @property
    def owner(self) -> str | None:
        """The participant the page is about ("p1"), None for the relationship."""
        return f"p{self.position}" if self.position is not None else None

    @property
    def for_clinician(self) -> bool:
        """Whether the page is the clinician's own (observations)."""
        return self.section is not None and self.section.clinician_only

    def seen_by(self, audience: Audience) -> bool:
        """Whether ``audience`` may see this page and its answers."""
        if self.for_clinician:
            return audience.is_clinician
        return audience.sees(alone_of=(self.owner,) if self.alone and self.owner else ())


CONSENT_STEP = Step(CONSENT, None, None, consent=True)
"""The first page of every intake: the practice's policy, each person's agreement."""


def plan_steps(catalogue: Catalogue, kind: IntakeKind, positions: Sequence[int]) -> list[Step]:
    """The wizard's pages for an intake of ``kind`` with participants at ``positions``."""
    relationship: list[Step] = []
    joint: list[Step] = []
    alone: dict[int, list[Step]] = {p: [] for p in positions}
    clinician: dict[int, list[Step]] = {p: [] for p in positions}
    for section in catalogue.sections:
        items = tuple(
            catalogue.items[i] for i in section.item_ids if kind in catalogue.items[i].kinds
        )
        if not items:
            continue
        if section.scope is Scope.RELATIONSHIP:
            relationship.append(Step(section.id, section, None, items))
            continue
        apart = section.asked_alone and kind is IntakeKind.COUPLE
        for position in positions:
            step = Step(f"{section.id}@{position}", section, position, items, apart)
            if section.clinician_only:
                clinician[position].append(step)
            elif apart:
                alone[position].append(step)
            else:
                joint.append(step)
    steps = relationship + joint
    for position in positions:
        if alone[position]:
            steps.append(Step(f"{ALONE}@{position}", None, position, (), True))
            steps.extend(alone[position])
    for position in positions:
        steps.extend(clinician[position])
    return steps


def step_key(section_id: str | None, position: int | None) -> str | None:
    """The key of the page a stored resume point names."""
    if section_id is None:
        return None
    return section_id if position is None else f"{section_id}@{position}"


def skipped(step: Step, answers: Mapping[int | None, Mapping[str, AnswerValue]]) -> bool:
    """Whether none of the page's questions is asked, given the answers so far (a screen
    a re-assessment asks only when an earlier answer makes it relevant)."""
    given = answers.get(step.position, {})
    return bool(step.items) and all(is_asked(item, given) is False for item in step.items)


def unanswered(
    steps: Sequence[Step], answers: Mapping[int | None, Mapping[str, AnswerValue]]
) -> list[tuple[Step, Item]]:
    """Items still to answer: asked (their condition holds or waits), not optional."""
    missing: list[tuple[Step, Item]] = []
    for step in steps:
        given = answers.get(step.position, {})
        for item in step.items:
            if item.optional or item.id in given:
                continue
            if is_asked(item, given) is not False:
                missing.append((step, item))
    return missing
