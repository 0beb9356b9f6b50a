"""How long an intake takes: its pages added up with the catalogue's time model.

An estimate, shown before an intake starts ("about 19 minutes") and tested as a ratio
(a re-assessment takes at most a third of a first consultation). It counts what the
people in the room spend: the consent, each question the wizard asks (every follow-up
too, the longest path), the conversation around the first consultation's history
questions, a page turn per page, and a partner stepping out for the other's part asked
alone. The clinician's own pages are left out: they can be written after the session.
The seconds are the catalogue's (`TimeModel`, ``timing`` in ``manifest.json``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from therapist_desk.intake.catalogue import Catalogue, IntakeKind, Item, ItemType, for_reassessment
from therapist_desk.intake.sequence import plan_steps
from therapist_desk.intake.timing_model import TimeModel


@dataclass(frozen=True, slots=True)
class Estimate:
    """An intake's time, in seconds, by what it is spent on."""

    questions: float
    talk: float
    pages: float
    consent: float
    alone: float
    items: int

    @property
    def seconds(self) -> float:
        """The whole session."""
        return self.questions + self.talk + self.pages + self.consent + self.alone

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded up (never promises less than the model gives)."""
        return max(1, math.ceil(self.seconds / 60))


def item_seconds(model: TimeModel, item: Item) -> float:
    """The seconds one question takes, by its kind."""
    if item.type is ItemType.CHOICE:
        return model.scale if item.measure_id else model.choice
    if item.type is ItemType.YES_NO:
        return model.yes_no
    if item.type is ItemType.MULTI_CHOICE:
        return model.multi_choice
    if item.type is ItemType.TEXT and (item.max_length or 0) >= model.long_text_from:
        return model.long_text
    return model.short_text


def estimate(
    catalogue: Catalogue,
    kind: IntakeKind,
    positions: Sequence[int],
    *,
    reassessment: bool = False,
) -> Estimate:
    """The time of an intake of ``kind`` asking the participants at ``positions``.

    ``reassessment``: the re-assessment's pages (``catalogue`` whole or already as a
    re-assessment puts it). ``ValueError`` when the catalogue has no time model.
    """
    model = catalogue.timing
    if model is None:
        raise ValueError("the catalogue has no time model (timing in manifest.json)")
    if reassessment and catalogue.sections is not catalogue.reassessment_sections:
        catalogue = for_reassessment(catalogue)
    questions = talk = pages = alone = 0.0
    count = 0
    for step in plan_steps(catalogue, kind, positions):
        if step.for_clinician:
            continue
        if step.is_alone_page:
            alone += model.alone
            continue
        pages += model.page
        assert step.section is not None
        for item in step.items:
            count += 1
            questions += item_seconds(model, item)
            if step.section.id in model.talked_through:
                talk += model.talk_per_item
    consent = (model.consent_again if reassessment else model.consent_first) + len(
        positions
    ) * model.consent_per_person
    return Estimate(questions, talk, pages, consent, alone, count)
