"""What the rules read: answers and scores, with evidence sentences and a missing log.

A :class:`RuleContext` is built once per intake. Rules read answers only through it, so
every unanswered item a rule needed is logged; those make the result provisional.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from therapist_desk.intake.answers import IntakeAnswers, is_asked
from therapist_desk.intake.catalogue import AnswerValue, Catalogue, IntakeKind
from therapist_desk.intake.findings import Evidence, MissingItem
from therapist_desk.intake.scoring import MeasureScore, ScoreStatus, score_participant

TEXTS = {
    "answer": "{who} answered '{label}' to {what}",
    "couple": "the couple",
    "rel_individual": "{who} (about the relationship)",
    "score": "{who}'s {measure} total is {total}{prorated} ({band})",
    "score_no_band": "{who}'s {measure} total is {total}{prorated}",
    "prorated": ", prorated",
    "flag": "{who}: {measure} — {flag}",
}


@dataclass
class RuleContext:
    """Answers and scores of one intake, as the rules see them."""

    catalogue: Catalogue
    intake: IntakeAnswers
    scores: dict[str, dict[str, MeasureScore]] = field(default_factory=dict)
    missing: dict[tuple[str | None, str], MissingItem] = field(default_factory=dict)
    ids: tuple[str, ...] = ()
    is_couple: bool = False
    _answers: dict[str, Mapping[str, AnswerValue]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _scores_read: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        catalogue: Catalogue,
        intake: IntakeAnswers,
        scores: Mapping[str, Mapping[str, MeasureScore]] | None = None,
    ) -> RuleContext:
        """Score every participant (unless ``scores`` are given) and start an empty log."""
        people = intake.participants
        if scores is None:
            scores = {p.id: score_participant(catalogue, p.answers) for p in people}
        return cls(
            catalogue,
            intake,
            scores={pid: dict(by_measure) for pid, by_measure in scores.items()},
            ids=tuple(p.id for p in people),
            is_couple=intake.kind is IntakeKind.COUPLE,
            _answers={p.id: p.answers for p in people},
            _names={p.id: p.display_name for p in people},
        )

    def name(self, pid: str) -> str:
        """How sentences name a participant."""
        return self._names[pid]

    def _read(self, pid: str | None, item_id: str) -> AnswerValue | None:
        answers = self._answers[pid] if pid else self.intake.relationship
        value = answers.get(item_id)
        if value is not None:
            return value
        item = self.catalogue.items[item_id]
        if (
            not item.optional
            and self.intake.kind in item.kinds
            and is_asked(item, answers) is not False
        ):
            self.missing[(pid, item_id)] = MissingItem(item_id, pid, item.private)
        return value

    def peek(self, pid: str, item_id: str) -> AnswerValue | None:
        """A participant's answer, read only for the evidence (not logged when missing)."""
        return self._answers[pid].get(item_id)

    def answer(self, pid: str, item_id: str) -> AnswerValue | None:
        """A participant's answer (``None`` if unanswered; logged as missing if it was asked)."""
        return self._read(pid, item_id)

    def rel(self, item_id: str) -> AnswerValue | None:
        """A relationship answer (``None`` if unanswered; logged as missing if asked)."""
        return self._read(None, item_id)

    def unanswered(self, pid: str, item_id: str) -> bool:
        """Whether an item that is asked (or may be, its gate unanswered) has no answer."""
        item = self.catalogue.items[item_id]
        answers = self._answers[pid]
        return (
            self.answer(pid, item_id) is None
            and not item.optional
            and self.intake.kind in item.kinds
            and is_asked(item, answers) is not False
        )

    def yes(self, pid: str | None, item_id: str) -> bool:
        """Whether the answer is yes (``True``)."""
        return self._read(pid, item_id) is True

    def score(self, pid: str, measure_id: str) -> MeasureScore:
        """A participant's score; logs the missing items if it cannot be fully used."""
        score = self.scores[pid][measure_id]
        if (pid, measure_id) in self._scores_read or not score.missing:
            return score
        self._scores_read.add((pid, measure_id))
        measure = self.catalogue.measures[measure_id]
        flag_items = {
            c.item_id for f in measure.flags if f.id in score.undetermined_flags for c in f.when
        }
        if score.status in (ScoreStatus.INCOMPLETE, ScoreStatus.NOT_ANSWERED) or flag_items:
            for item_id in score.missing:
                if score.total is None or item_id in flag_items:
                    self._read(pid, item_id)
        return score

    def mark_needed(self, pid: str | None, item_ids: Iterable[str]) -> None:
        """Read items only so that an unanswered one is logged (safety items always matter)."""
        for item_id in item_ids:
            self._read(pid, item_id)

    def ev_answer(self, pid: str | None, item_id: str) -> Evidence:
        """Evidence: "Alex answered 'Several days' to PHQ-9 item 9 (…)"."""
        item = self.catalogue.items[item_id]
        answers = self._answers[pid] if pid else self.intake.relationship
        value = answers.get(item_id)
        if pid:
            who = self.name(pid)
        elif self.is_couple:
            who = TEXTS["couple"].capitalize()
        else:
            who = TEXTS["rel_individual"].format(who=self.name(self.ids[0]))
        label = item.label_for(value) if value is not None else "—"
        text = TEXTS["answer"].format(who=who, label=label, what=self.catalogue.describe(item_id))
        return Evidence(item_id, pid, value, text, item.private)

    def ev_score(self, pid: str, measure_id: str, flag_id: str | None = None) -> Evidence:
        """Evidence from a score: "Alex's PHQ-9 total is 14 (Moderate)", or a raised flag."""
        score = self.scores[pid][measure_id]
        prorated = TEXTS["prorated"] if score.prorated else ""
        if flag_id is not None:
            label = next(f.label for f in score.flags if f.id == flag_id)
            text = TEXTS["flag"].format(who=self.name(pid), measure=score.name, flag=label)
        elif score.band is not None:
            text = TEXTS["score"].format(
                who=self.name(pid),
                measure=score.name,
                total=score.total,
                prorated=prorated,
                band=score.band.label,
            )
        else:
            text = TEXTS["score_no_band"].format(
                who=self.name(pid), measure=score.name, total=score.total, prorated=prorated
            )
        return Evidence(measure_id, pid, score.total, text, score.private)
