"""Adapter helpers: the intake engine's scores and answers as report rows.

Privacy is carried over item by item: a score of a private measure, a flag raised by a
private item, and every risk flag are private (a risk flag is a safety flag, which the
client version never shows). Each row is also marked with whose asked-alone answers and
whose own scores it reveals (`marks`), for the audience rules to read.
"""

from __future__ import annotations

from collections.abc import Mapping

from therapist_desk.intake import Catalogue, IntakeAnswers, MeasureScore, ScoreStatus, is_asked
from therapist_desk.intake.audience import answer_marks, marks_of
from therapist_desk.intake.catalogue import AnswerValue, Item
from therapist_desk.reports.data import Answer, Line, MeasureResult, Note
from therapist_desk.reports.wording import NOT_ANSWERED

SEX_ITEM = "about.sex"


def item_text(item: Item) -> str:
    """An item as the report lists it: "Item 9: <wording>" for numbered measure items."""
    return f"Item {item.number}: {item.wording}" if item.number is not None else item.wording


def _cutoff_value(catalogue: Catalogue, measure_id: str, sex: str) -> float | None:
    cutoff = catalogue.measures[measure_id].cutoff
    if cutoff is None:
        return None
    if sex in cutoff.by_sex:
        return cutoff.by_sex[sex]
    return cutoff.at_least if cutoff.at_least is not None else cutoff.below


def _flags(score: MeasureScore, catalogue: Catalogue) -> tuple[Line, ...]:
    lines = [Line(hit.label, private=score.private or hit.risk) for hit in score.flags]
    flag_labels = {f.id: f for f in catalogue.measures[score.measure_id].flags}
    for index, flag_id in enumerate(score.undetermined_flags):
        flag = flag_labels.get(flag_id)
        label = flag.label if flag else flag_id
        if index < len(score.undetermined_labels):  # as recorded at completion
            label = score.undetermined_labels[index]
        risky = flag.risk if flag else True
        lines.append(Line(f"{label}: undetermined ({NOT_ANSWERED})", score.private or risky))
    if score.threshold_note:
        lines.append(Line(score.threshold_note, private=score.private))
    return tuple(lines)


def marks(
    catalogue: Catalogue, source: str, owners: tuple[str, ...], *, couple: bool
) -> dict[str, tuple[str, ...]]:
    """The audience marks of what is read from ``source`` (`intake.audience.marks_of`)."""
    return marks_of(catalogue, source, owners, couple=couple)


def _plain_band(catalogue: Catalogue, score: MeasureScore) -> str:
    if score.band is None:
        return ""
    for band in catalogue.measures[score.measure_id].bands:
        if band.id == score.band.id:
            return band.plain
    return ""


def measure_result(
    catalogue: Catalogue,
    pid: str,
    score: MeasureScore,
    answers: Mapping[str, AnswerValue],
    *,
    couple: bool = True,
) -> MeasureResult:
    """One participant's score on one measure, with its unanswered items and flags.

    The cut-off and the citation are the ones recorded with the score; scores recorded
    before they were kept (ruleset 1.0.0) read them from the catalogue, as they did then.
    """
    measure = catalogue.measures[score.measure_id]
    sex = answers.get(SEX_ITEM)
    cutoff = score.cutoff_value
    if not score.citation:
        cutoff = _cutoff_value(catalogue, measure.id, sex if isinstance(sex, str) else "unknown")
    if score.status is ScoreStatus.NOT_ANSWERED:
        band = NOT_ANSWERED
    else:
        band = score.band.label if score.band else ""
    if not band and score.positive is not None and score.total is not None:
        band = "Positive screen" if score.positive else "Negative screen"
    return MeasureResult(
        participant=pid,
        name=score.name,
        score=score.total,
        max_score=score.max_total,
        band=band,
        cutoff_text=score.cutoff_label or "",
        cutoff=cutoff,
        answered=len(score.answered),
        total_items=len(score.answered) + len(score.missing),
        missing_items=tuple(item_text(catalogue.items[i]) for i in score.missing),
        flags=_flags(score, catalogue),
        citation=score.citation or measure.citation,
        private=score.private,
        plain_band=_plain_band(catalogue, score),
        plain_cutoff=measure.cutoff.plain if measure.cutoff else "",
        **marks(catalogue, measure.id, (pid,), couple=couple),
    )


def measure_results(
    catalogue: Catalogue, intake: IntakeAnswers, scores: Mapping[str, Mapping[str, MeasureScore]]
) -> tuple[MeasureResult, ...]:
    """Every score of every participant, in participant then catalogue order."""
    couple = len(intake.participants) > 1
    results = []
    for person in intake.participants:
        for score in scores.get(person.id, {}).values():
            results.append(
                measure_result(catalogue, person.id, score, person.answers, couple=couple)
            )
    return tuple(results)


def text_notes(catalogue: Catalogue, intake: IntakeAnswers) -> tuple[Note, ...]:
    """Free-text answers (relationship notes, clinician notes) as notes, privacy kept.

    An answer the clients gave is marked as theirs (``from_clients``); one from a section
    the clinician fills in (their observations) is the clinician's.
    """
    clinicians = {s.id for s in catalogue.sections if s.clinician_only}
    names = {p.id: p.display_name for p in intake.participants}
    owners = [("", intake.relationship)] + [(p.id, p.answers) for p in intake.participants]
    couple = len(intake.participants) > 1
    notes = []
    for item in catalogue.items.values():
        if item.type.value != "text":
            continue
        for owner, answers in owners:
            value = answers.get(item.id)
            if isinstance(value, str) and value.strip():
                title = item.short[:1].upper() + item.short[1:]
                if owner:
                    title += f" — {names[owner]}"
                who = (owner,) if owner else ()
                notes.append(
                    Note(
                        title,
                        value,
                        private=item.private,
                        **marks(catalogue, item.id, who, couple=couple),
                        from_clients=item.section_id not in clinicians,
                    )
                )
    return tuple(notes)


def _answer_label(item: Item, value: AnswerValue | None) -> str | None:
    if value is None:
        return None
    return item.label_for(value)


def indicator_answers(catalogue: Catalogue, intake: IntakeAnswers) -> tuple[Answer, ...]:
    """Every question outside the measures that was asked, with its answer or none.

    A question skipped by its condition is left out; a question whose condition could
    not be checked (its gate unanswered) is listed as not answered.
    """
    rows: list[Answer] = []
    couple = len(intake.participants) > 1
    for section in catalogue.sections:
        if section.measure_id is not None:
            continue
        owners = (
            [("", intake.relationship)]
            if section.scope.value == "relationship"
            else [(p.id, p.answers) for p in intake.participants]
        )
        for item_id in section.item_ids:
            item = catalogue.items[item_id]
            if item.type.value == "text" or intake.kind not in item.kinds:
                continue
            for owner, answers in owners:
                if is_asked(item, answers) is False:
                    continue
                value = answers.get(item_id)
                rows.append(
                    Answer(
                        owner,
                        section.title,
                        item.wording,
                        _answer_label(item, value),
                        **answer_marks(catalogue, item_id, owner or None, couple=couple),
                    )
                )
    return tuple(rows)
