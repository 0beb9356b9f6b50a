"""Score the validated measures of one participant.

Rules, the same for every measure (the numbers come from the catalogue):

- The total is the sum of the scored items; reverse-keyed items (Rosenberg 2, 5, 6, 8,
  9) count as ``highest option + lowest option - answer``.
- An item not asked because of its condition (PC-PTSD-5 items after a "no" at the
  exposure gate, AUDIT-C items 2-3 after "never") scores 0, as the published
  instructions say. It is neither answered nor missing.
- Partly answered: if at most ``max_missing`` scored items are missing (PHQ-9, GAD-7
  and Rosenberg: 1; CSI-4, PC-PTSD-5, AUDIT-C and WAST-SF: 0), the total is prorated:
  mean of the answered items × the number of items, rounded half up, and the score is
  marked ``prorated``. With more missing items the total is ``None`` and the band is
  ``incomplete``. A missing answer is never counted as 0.
- Flags on items (PHQ-9 item 9 > 0, WAST-SF) come from the answers given, whatever the
  total; a flag whose item is missing is reported as *undetermined*, not as absent. A
  flag on the total (AUDIT-C ≥ 8) of an incomplete measure is undetermined only while
  the missing items could still reach it; otherwise it is not raised.
- AUDIT-C uses the threshold for the participant's sex (``about.sex``); when it is not
  known, the lower, more cautious threshold, and the score says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import AnswerValue, Catalogue, Flag, Item, Measure, Scope

SEX_ITEM = "about.sex"
INCOMPLETE_BAND_ID = "incomplete"
TEXTS = {
    "incomplete": "Not scored: too many unanswered items",
    "cautious": "Sex not given: the lower, more cautious threshold ({value:g}) is used.",
}


class ScoreStatus(StrEnum):
    """How complete a measure's answers are."""

    COMPLETE = "complete"
    PRORATED = "prorated"
    INCOMPLETE = "incomplete"
    NOT_ANSWERED = "not_answered"


@dataclass(frozen=True, slots=True)
class BandRef:
    """The band a total falls in; ``index`` counts from the mildest (None if incomplete)."""

    id: str
    label: str
    index: int | None


@dataclass(frozen=True, slots=True)
class FlagHit:
    """A flag raised by the answers."""

    id: str
    label: str
    risk: bool


@dataclass(frozen=True, slots=True)
class MeasureScore:
    """One participant's result on one measure."""

    measure_id: str
    name: str
    total: int | None
    max_total: int
    band: BandRef | None
    positive: bool | None
    cutoff_label: str | None
    threshold_note: str | None
    flags: tuple[FlagHit, ...]
    undetermined_flags: tuple[str, ...]
    answered: tuple[str, ...]
    missing: tuple[str, ...]
    skipped: tuple[str, ...]
    status: ScoreStatus
    private: bool
    cutoff_value: float | None = None
    """The cut-off used for this participant (by sex where it differs)."""
    citation: str = ""
    undetermined_labels: tuple[str, ...] = ()
    """The labels of ``undetermined_flags``, in the same order."""

    @property
    def prorated(self) -> bool:
        """Whether the total was prorated from a partly answered measure."""
        return self.status is ScoreStatus.PRORATED

    def has_flag(self, flag_id: str) -> bool:
        """Whether the flag was raised."""
        return any(hit.id == flag_id for hit in self.flags)


def participant_sex(answers: Mapping[str, AnswerValue]) -> str:
    """ "female", "male" or "unknown", from the ``about.sex`` answer."""
    value = answers.get(SEX_ITEM)
    return value if value in ("female", "male") else "unknown"  # type: ignore[return-value]


def score_participant(
    catalogue: Catalogue, answers: Mapping[str, AnswerValue]
) -> dict[str, MeasureScore]:
    """Every per-participant measure scored from one participant's answers, by measure id."""
    sex = participant_sex(answers)
    return {
        m.id: score_measure(catalogue, m, answers, sex)
        for m in catalogue.measures.values()
        if m.scope is Scope.PARTICIPANT
    }


_KEYS: dict[tuple[int, str], tuple[Catalogue, tuple[tuple[str, Item, int], ...]]] = {}


def _key(catalogue: Catalogue, measure: Measure) -> tuple[tuple[str, Item, int], ...]:
    """The measure's items with, for a reverse-keyed one, highest + lowest option (else 0)."""
    cached = _KEYS.get((id(catalogue), measure.id))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    key = []
    for item_id in measure.item_ids:
        item = catalogue.items[item_id]
        values = [int(o.value) for o in item.options]
        key.append((item_id, item, max(values) + min(values) if item.reverse else 0))
    _KEYS[(id(catalogue), measure.id)] = (catalogue, tuple(key))
    return tuple(key)


def _item_top(item: Item) -> int:
    if not item.options:
        return 1  # yes/no
    return max(int(o.value) for o in item.options)


def _scored_value(item: Item, value: AnswerValue) -> int:
    number = int(value)  # type: ignore[arg-type]  # bool → 0/1; option values are ints
    if item.reverse:
        values = [int(o.value) for o in item.options]
        return max(values) + min(values) - number
    return number


def score_measure(
    catalogue: Catalogue, measure: Measure, answers: Mapping[str, AnswerValue], sex: str
) -> MeasureScore:
    """One measure scored under the rules in this module's docstring."""
    answered: list[str] = []
    missing: list[str] = []
    skipped: list[str] = []
    points: list[int] = []
    scored_asked = 0
    items = catalogue.items
    for item_id, item, flip in _key(catalogue, measure):  # the engine's hottest loop
        if item.ask_if is not None and is_asked(item, answers) is False:
            skipped.append(item_id)
            continue
        value = answers.get(item_id)
        if value is None:
            missing.append(item_id)
            scored_asked += item.scored
            continue
        answered.append(item_id)
        if item.scored:
            scored_asked += 1
            points.append(flip - int(value) if flip else int(value))  # type: ignore[arg-type]
    missing_scored = scored_asked - len(points)
    total: int | None
    if not answered and not missing:  # nothing of it was asked (a screen not re-asked)
        total, status = None, ScoreStatus.NOT_ANSWERED
    elif missing_scored == 0:
        total, status = sum(points), ScoreStatus.COMPLETE
    elif points and missing_scored <= measure.max_missing:
        total = math.floor(sum(points) / len(points) * scored_asked + 0.5)
        status = ScoreStatus.PRORATED
    else:
        total = None
        status = ScoreStatus.INCOMPLETE if answered else ScoreStatus.NOT_ANSWERED
    reachable = sum(points) + sum(
        _item_top(items[i]) for i in missing if items[i].scored
    )  # the highest total the missing answers could still give
    flags, undetermined = _flags(measure.flags, answers, total, reachable)
    return MeasureScore(
        measure_id=measure.id,
        name=measure.name,
        total=total,
        max_total=measure.max_total,
        band=_band(measure, total, sex),
        positive=_positive(measure, total, sex, flags, undetermined),
        cutoff_label=measure.cutoff.label if measure.cutoff else None,
        threshold_note=_threshold_note(measure, sex),
        flags=flags,
        undetermined_flags=undetermined,
        answered=tuple(answered),
        missing=tuple(missing),
        skipped=tuple(skipped),
        status=status,
        private=measure.private,
        cutoff_value=_threshold(measure, sex),
        citation=measure.citation,
        undetermined_labels=tuple(measure.flag(f).label for f in undetermined),
    )


def _band(measure: Measure, total: int | None, sex: str) -> BandRef | None:
    if not measure.bands:
        return None
    if total is None:
        return BandRef(INCOMPLETE_BAND_ID, TEXTS["incomplete"], None)
    found = 0
    for index, band in enumerate(measure.bands):
        if total >= band.lower_bound(sex):
            found = index
    band = measure.bands[found]
    return BandRef(band.id, band.label, found)


def _threshold(measure: Measure, sex: str) -> float | None:
    cutoff = measure.cutoff
    if cutoff is None:
        return None
    default = cutoff.at_least if cutoff.at_least is not None else cutoff.below
    return cutoff.by_sex.get(sex, default)


def _threshold_note(measure: Measure, sex: str) -> str | None:
    if measure.cutoff is None or sex != "unknown" or "unknown" not in measure.cutoff.by_sex:
        return None
    return TEXTS["cautious"].format(value=measure.cutoff.by_sex["unknown"])


def _positive(
    measure: Measure,
    total: int | None,
    sex: str,
    flags: tuple[FlagHit, ...],
    undet: tuple[str, ...],
) -> bool | None:
    cutoff = measure.cutoff
    if cutoff is None:
        return None
    if cutoff.flag is not None:
        if any(hit.id == cutoff.flag for hit in flags):
            return True
        return None if cutoff.flag in undet else False
    threshold = _threshold(measure, sex)
    if total is None or threshold is None:
        return None
    return total >= threshold if cutoff.at_least is not None else total < threshold


def _flags(
    flags: tuple[Flag, ...], answers: Mapping[str, AnswerValue], total: int | None, reachable: int
) -> tuple[tuple[FlagHit, ...], tuple[str, ...]]:
    hits: list[FlagHit] = []
    undetermined: list[str] = []
    for flag in flags:
        state: bool | None = True
        if flag.total_at_least is not None:
            if total is not None:
                state = total >= flag.total_at_least
            else:
                state = None if reachable >= flag.total_at_least else False
        for cond in flag.when:
            value = answers.get(cond.item_id)
            if value is None:
                state = None if state is not False else False
                continue
            ok = (cond.at_least is None or int(value) >= cond.at_least) and (  # type: ignore[arg-type]
                cond.values is None
                or any(type(value) is type(v) and value == v for v in cond.values)
            )
            if not ok:
                state = False
        if state:
            hits.append(FlagHit(flag.id, flag.label, flag.risk))
        elif state is None:
            undetermined.append(flag.id)
    return tuple(hits), tuple(undetermined)
