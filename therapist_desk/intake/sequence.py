"""The clinical sequence of the wizard's pages, for an individual or a couple.

Plain Python (no Qt) so the order can be tested on its own. A section asked of each
participant becomes one page per person; the relationship sections one page. The
private sections come last, grouped per person, each group opened by an
"ask each partner alone" page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import (
    AnswerValue,
    Catalogue,
    IntakeKind,
    Item,
    Scope,
    Section,
)

ALONE = "private-intro"


@dataclass(frozen=True)
class Step:
    """One page: a section for one person (or the relationship), or the private intro."""

    key: str
    section: Section | None
    position: int | None
    items: tuple[Item, ...] = ()

    @property
    def is_alone_page(self) -> bool:
        """Whether this is the "ask each partner alone" page before the private part."""
        return self.section is None


def plan_steps(catalogue: Catalogue, kind: IntakeKind, positions: Sequence[int]) -> list[Step]:
    """The wizard's pages for an intake of ``kind`` with participants at ``positions``."""
    public: list[Step] = []
    private: dict[int, list[Step]] = {p: [] for p in positions}
    for section in catalogue.sections:
        items = tuple(
            catalogue.items[i] for i in section.item_ids if kind in catalogue.items[i].kinds
        )
        if not items:
            continue
        if section.scope is Scope.RELATIONSHIP:
            public.append(Step(section.id, section, None, items))
            continue
        for position in positions:
            step = Step(f"{section.id}@{position}", section, position, items)
            (private[position] if section.private else public).append(step)
    steps = list(public)
    for position in positions:
        if private[position]:
            steps.append(Step(f"{ALONE}@{position}", None, position))
            steps.extend(private[position])
    return steps


def step_key(section_id: str | None, position: int | None) -> str | None:
    """The key of the page a stored resume point names."""
    if section_id is None:
        return None
    return section_id if position is None else f"{section_id}@{position}"


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
