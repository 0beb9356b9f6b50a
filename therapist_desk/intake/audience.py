"""Who is looking: the one place that decides what each audience may see.

A session has one audience at a time: the clinician alone, both partners together (or
the client, for someone who comes alone), or one partner alone with the other out of
the room or off the call. Every screen, document and export asks `Audience.sees` (or a
helper built on it) what it may show; none decides for itself.

Each piece of what could be shown says three things about itself:

- ``private``: it comes from a private answer, a safety finding, the rule trace, a
  clinician observation or an override reason: for the clinician's eyes only;
- ``alone_of``: the participants whose asked-alone answers it reveals (put to one
  partner with the other out of the room);
- ``personal_of``: the participants whose own scores it reveals (PHQ-9, GAD-7,
  Rosenberg, PC-PTSD-5, AUDIT-C), which both partners see only with that partner's yes.

Then: *clinician only* sees everything. *Both partners* see nothing private, nothing
asked alone, and a partner's own scores only if that partner agreed to share them. *One
partner alone* sees what both may see, plus their own asked-alone part and their own
scores; never the other partner's.

A partner's own score (`Audience.sees_score`) follows that partner's answer to sharing
their scores even when the measure was asked alone (PC-PTSD-5, "the stress screen" of
the sharing question): the score is what they agreed to share, while its answers, and
any reason or partner difference read from them, stay asked alone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import Catalogue, Measure, Section
from therapist_desk.intake.findings import Part, RuleFinding, TherapyOrder

if TYPE_CHECKING:
    from therapist_desk.intake.recommendation import Recommendation

SHARE_ITEM = "share.scores"
"""Each partner's answer to whether their own scores may appear in the shared summary."""


class AudienceKind(StrEnum):
    """Who is in front of the screen."""

    CLINICIAN = "clinician"
    CLIENTS = "clients"
    ALONE = "alone"


@dataclass(frozen=True)
class Audience:
    """The audience of the moment; ``participant`` ("p1", "p2") is the one alone."""

    kind: AudienceKind
    participant: str | None = None

    @classmethod
    def clinician(cls) -> Audience:
        """The clinician alone: everything may show."""
        return cls(AudienceKind.CLINICIAN)

    @classmethod
    def clients(cls) -> Audience:
        """Both partners together, or the one client of an individual intake."""
        return cls(AudienceKind.CLIENTS)

    @classmethod
    def alone(cls, participant: str) -> Audience:
        """One partner, with the other out of the room."""
        return cls(AudienceKind.ALONE, participant)

    @property
    def is_clinician(self) -> bool:
        """Whether only the clinician is looking."""
        return self.kind is AudienceKind.CLINICIAN

    def label(self, names: Mapping[str, str], *, couple: bool) -> str:
        """How the window names this audience: "Clinician only", "Both partners", "Jo alone"."""
        if self.kind is AudienceKind.CLINICIAN:
            return "Clinician only"
        if self.kind is AudienceKind.CLIENTS:
            return "Both partners" if couple else "With the client"
        return f"{names.get(self.participant or '', 'Partner')} alone"

    def sees(
        self,
        *,
        private: bool = False,
        alone_of: Collection[str] = (),
        personal_of: Collection[str] = (),
        shared: Collection[str] = (),
    ) -> bool:
        """Whether something with these marks may show (see the module's doc).

        ``shared`` holds the participants who agreed that their own scores appear in
        what both partners see.
        """
        if self.is_clinician:
            return True
        if private:
            return False
        own = self.participant if self.kind is AudienceKind.ALONE else None
        if any(p != own for p in alone_of):
            return False
        return all(p == own or p in shared for p in personal_of)

    def sees_score(
        self,
        *,
        private: bool = False,
        alone_of: Collection[str] = (),
        personal_of: Collection[str] = (),
        shared: Collection[str] = (),
    ) -> bool:
        """Whether a partner's score with these marks may show (the scores of a summary).

        As `sees`, except that a partner who agreed to share their own scores shares
        their score on a measure asked alone too; a private measure's never leaves the
        clinician.
        """
        released = {p for p in alone_of if p in personal_of and p in shared}
        return self.sees(
            private=private,
            alone_of=[p for p in alone_of if p not in released],
            personal_of=personal_of,
            shared=shared,
        )

    def heard(self, catalogue: Catalogue, source: str, owner: str, *, couple: bool) -> bool:
        """Whether ``owner``'s answer to ``source`` (an item or measure id) was given in
        front of this audience, so that counting it (the risk marker) tells them nothing.

        Answers asked alone were heard only by the partner who gave them.
        """
        if self.is_clinician:
            return True
        if not marks_of(catalogue, source, (owner,), couple=couple)["alone_of"]:
            return True
        return self.kind is AudienceKind.ALONE and self.participant == owner

    # The intake's own questions ---------------------------------------------------------

    def sees_section(self, section: Section, owner: str | None) -> bool:
        """Whether ``owner``'s page of ``section`` may show (None: the relationship).

        The clinician's observations are for the clinician only; an asked-alone page only
        for the partner it is put to (who answers their own private questions there).
        """
        if section.clinician_only:
            return self.is_clinician
        alone = (owner,) if section.asked_alone and owner is not None else ()
        return self.sees(alone_of=alone)

    def sees_measure(self, measure: Measure, owner: str, shared: Collection[str]) -> bool:
        """Whether ``owner``'s score on ``measure`` may show in a summary for this audience."""
        return self.sees_score(
            private=measure.private,
            alone_of=(owner,) if measure.asked_alone else (),
            personal_of=(owner,) if measure.personal else (),
            shared=shared,
        )


def marks_of(
    catalogue: Catalogue, source: str, owners: Collection[str], *, couple: bool
) -> dict[str, tuple[str, ...]]:
    """``alone_of`` and ``personal_of`` of what is read from ``source`` (an item or a
    measure id) of ``owners``. Asked alone only counts where a partner could leave."""
    who = tuple(owners)
    measure = catalogue.measures.get(source)
    item = catalogue.items.get(source)
    if measure is None and item is not None and item.measure_id:
        measure = catalogue.measures.get(item.measure_id)
    alone = measure.asked_alone if measure else bool(item and item.asked_alone)
    personal = bool(measure and measure.personal)
    return {
        "alone_of": who if alone and couple else (),
        "personal_of": who if personal else (),
    }


def answer_marks(
    catalogue: Catalogue, source: str, owner: str | None, *, couple: bool
) -> dict[str, Any]:
    """All the marks (`Audience.sees` keywords) of ``owner``'s answer to ``source`` (an
    item id, or a measure id for its score); ``owner`` None: the relationship.

    Private: from a private section or measure, or the clinician's own section.
    """
    item = catalogue.items.get(source)
    measure = catalogue.measures.get(source)
    if item is not None:
        section = next((s for s in catalogue.sections if s.id == item.section_id), None)
        private = item.private or bool(section and (section.private or section.clinician_only))
        if item.measure_id:
            private = private or catalogue.measures[item.measure_id].private
    else:
        private = bool(measure and measure.private)
    found = marks_of(catalogue, source, (owner,) if owner else (), couple=couple)
    return {"private": private, **found}


def shared_scores(answers: Mapping[str, Mapping[str, object]], *, couple: bool) -> frozenset[str]:
    """The participants ("p1"…) whose own scores may appear in what both partners see.

    ``answers`` maps participant ids to their answers. A partner of a couple shares
    only with a yes (no, or not answered, keeps them out); a client who comes alone is
    the only reader of their summary, so their scores are theirs to see.
    """
    if not couple:
        return frozenset(answers)
    return frozenset(pid for pid, given in answers.items() if given.get(SHARE_ITEM) is True)


@dataclass(frozen=True)
class Withheld:
    """What a view of a suggestion withholds beyond the pieces the audience may not see.

    A reason is shown only in full: if the audience may not see every answer it rests
    on, it is not shown at all, since a rule that fired tells what the hidden answers
    were. Then what is left must not hint at what was dropped:

    - ``neutral``: a reason that decided the order is not shown, so the order is given
      in neutral words, without reasons (supporting reasons would invite why);
    - ``detail``: the plan's steps, the strength and what would change the suggestion
      name everyone's reasons and every gap, so they show only when every reason and
      every unanswered question the rules read may be seen (``complete``).
    """

    neutral: bool
    complete: bool

    @property
    def detail(self) -> bool:
        """Whether the plan, the strength and what would change it may show."""
        return self.complete


def withheld(reasons: Collection[tuple[bool, bool]], *, missing_seen: bool) -> Withheld:
    """The rule of every view of a suggestion (screen, PDF, ``--client-safe``).

    ``reasons`` holds, for each reason, whether it decided the order and whether the
    audience may see it in full; ``missing_seen``: whether it may see every unanswered
    question the rules read.
    """
    neutral = any(decisive and not shown for decisive, shown in reasons)
    complete = missing_seen and all(shown for _, shown in reasons)
    return Withheld(neutral=neutral, complete=complete)


def recommendation_for(
    rec: Recommendation,
    audience: Audience,
    catalogue: Catalogue | None = None,
    shared: Collection[str] = (),
) -> Recommendation:
    """``rec`` as ``audience`` may see it (what ``recommend --client-safe`` prints).

    The same rules as every document's (`Audience.sees` with the marks of `marks_of`,
    then `withheld`), read with ``catalogue`` (by default the one shipped with the app).
    """
    if audience.is_clinician:
        return rec
    if catalogue is None:
        from therapist_desk.intake.loader import load_catalogue

        catalogue = load_catalogue()
    couple = len(rec.participants) > 1

    def seen(private: bool, source: str, owner: str | None, *, score: bool = False) -> bool:
        found = marks_of(catalogue, source, (owner,) if owner else (), couple=couple)
        sees = audience.sees_score if score else audience.sees  # a score: as the summary's
        return sees(private=private, shared=shared, **found)

    def in_full(f: RuleFinding) -> bool:
        return not (f.private or f.hard) and all(
            seen(e.private, e.source, e.participant_id) for e in f.evidence
        )

    shown = [(f, in_full(f)) for f in rec.findings]
    missing = tuple(m for m in rec.missing if seen(m.private, m.item_id, m.participant_id))
    missing_seen = len(missing) == len(rec.missing)
    rules = withheld([(f.decisive, ok) for f, ok in shown], missing_seen=missing_seen)
    ids = tuple(pid for pid, _ in rec.participants)
    if rules.neutral:
        headline = (
            explain.NEUTRAL_HEADLINE
            if rec.order is TherapyOrder.INDIVIDUAL_FIRST
            else explain.order_label(rec.order)
        )
        explanation = explain.NEUTRAL_EXPLANATION
    else:
        headline, explanation = rec.headline, rec.explanation
    return replace(
        rec,
        headline=headline,
        explanation=explanation,
        parts=rec.parts if rules.detail else (Part(1, rec.order, ids, headline),),
        findings=() if rules.neutral else tuple(f for f, ok in shown if ok),
        safety=(),
        counterfactuals=tuple(
            c
            for c in rec.counterfactuals
            if rules.detail
            and not c.private
            and all(seen(False, ch.item_id, ch.participant_id) for ch in c.changes)
        ),
        discrepancies=tuple(
            d
            for d in rec.discrepancies
            if not d.separately and all(seen(d.private, d.measure_id, p) for p in ids)
        ),
        scores={
            pid: {m: s for m, s in by_measure.items() if seen(s.private, m, pid, score=True)}
            for pid, by_measure in rec.scores.items()
        },
        provisional=rec.provisional and bool(missing),
        missing=missing,
        strength_shown=rules.detail,
        client_view=True,
        safety_incomplete=(),
    )
