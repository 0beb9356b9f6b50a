"""Build a `ReportInput` from the intake engine's results.

The engine decides what is private (every finding, evidence, safety action, score and
discrepancy carries its flag); this adapter carries the flags over and adds two
conservative rules of its own for couple-facing documents: a hard-rule finding (a
safety concern) and everything it implies count as private, and so do the clinician's
notes and an override reason whenever any finding was private. Sentences come from the
engine (`therapist_desk.intake.explain`), never re-worded here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from therapist_desk import __version__
from therapist_desk.intake import AnswersFile, Catalogue, IntakeAnswers, Recommendation, explain
from therapist_desk.intake.audience import shared_scores
from therapist_desk.intake.findings import MissingItem, RuleFinding, TherapyOrder
from therapist_desk.reports.data import (
    Decision,
    FocusArea,
    Line,
    Mode,
    Note,
    PageSize,
    Participant,
    Provenance,
    Reason,
    RecommendationView,
    ReportInput,
    TraceEntry,
)
from therapist_desk.reports.from_intake_measures import (
    indicator_answers,
    marks,
    measure_results,
    text_notes,
)

CONCERNS_SECTION = "concerns"
NO_DISCREPANCY = "No differences large enough to raise."
GOALS_ITEM = "rel.goals"
NEXT_STEPS = {
    "start": "Agree the first sessions with your therapist: {order}.",
    "talk": "Go through this summary together at the next session; the scores are a "
    "starting point for a conversation, not a diagnosis.",
    "missing": "Answer the questions that were left open, so the suggestion can be confirmed.",
    "repeat": "Repeat the questionnaires in a few weeks to see what has changed.",
}


@dataclass(frozen=True)
class PracticeInfo:
    """What the settings know about the practice and the clinician."""

    practice_name: str
    clinician_name: str = ""
    clinician_credentials: str = ""
    logo_path: Path | None = None
    page_size: PageSize = "A4"


def _is_private(finding: RuleFinding) -> bool:
    return finding.private or finding.hard


def _reason(catalogue: Catalogue, finding: RuleFinding, couple: bool) -> Reason:
    text = finding.title + (f". {finding.note}" if finding.note else "")
    private = _is_private(finding)
    evidence = tuple(
        Line(
            e.text,
            private=e.private or private,
            **marks(
                catalogue,
                e.source,
                (e.participant_id,) if e.participant_id else (),
                couple=couple,
            ),
        )
        for e in finding.evidence
    )
    return Reason(text, private, finding.participant_ids, evidence, finding.decisive)


def _recommendation(catalogue: Catalogue, rec: Recommendation, couple: bool) -> RecommendationView:
    any_private = any(_is_private(f) for f in rec.findings)
    neutral = any(_is_private(f) for f in rec.decisive)
    plan = tuple(Line(p.text, private=neutral, participants=p.participant_ids) for p in rec.parts)
    return RecommendationView(
        order_label=explain.order_label(rec.order),
        explanation=rec.explanation,
        strength=explain.strength_label(rec.strength, rec.strength_capped).capitalize(),
        neutral_explanation=explain.NEUTRAL_EXPLANATION,
        decisive_private=neutral,
        provisional=rec.provisional,
        plan=plan,
        reasons=tuple(_reason(catalogue, f, couple) for f in rec.findings),
        safety_actions=tuple(
            Line(s.text, private=True, participants=s.participant_ids) for s in rec.safety
        ),
        counterfactuals=tuple(
            Line(
                c.text,
                private=c.private or any_private,
                **_changed_marks(catalogue, c.changes, couple),
            )
            for c in rec.counterfactuals
        ),
        missing=tuple(_missing_line(catalogue, m, couple) for m in rec.missing),
        open_questions_step=NEXT_STEPS["missing"],
    )


def _missing_line(catalogue: Catalogue, missing: MissingItem, couple: bool) -> Line:
    """An unanswered question the rules read, marked like the question."""
    who = (missing.participant_id,) if missing.participant_id else ()
    return Line(
        missing.item_id,
        private=missing.private,
        **marks(catalogue, missing.item_id, who, couple=couple),
    )


def _changed_marks(catalogue: Catalogue, changes: Any, couple: bool) -> dict[str, tuple[str, ...]]:
    """The marks of a counterfactual: those of every answer it changes."""
    alone: list[str] = []
    personal: list[str] = []
    for change in changes:
        who = (change.participant_id,) if change.participant_id else ()
        found = marks(catalogue, change.item_id, who, couple=couple)
        alone += [p for p in found["alone_of"] if p not in alone]
        personal += [p for p in found["personal_of"] if p not in personal]
    return {"alone_of": tuple(alone), "personal_of": tuple(personal)}


def _references(
    catalogue: Catalogue, rec: Recommendation, everyone: tuple[str, ...], couple: bool
) -> tuple[Line, ...]:
    """The sources of the differences listed, each once, marked like its difference."""
    found: dict[str, Line] = {}
    for d in rec.discrepancies:
        if d.source and not d.separately and d.source not in found:
            found[d.source] = Line(
                d.source,
                d.private,
                everyone,
                **marks(catalogue, d.measure_id, everyone, couple=couple),
            )
    return tuple(found.values())


def _trace(rec: Recommendation) -> tuple[TraceEntry, ...]:
    names = dict(rec.participants)
    entries = []
    for f in rec.findings:
        who = explain.names_text([names.get(p, p) for p in f.participant_ids])
        outcome = explain.order_label(f.order) + (f" for {who}" if who else "")
        outcome += " (decisive)" if f.decisive else " (supporting)"
        entries.append(
            TraceEntry(
                f.rule_id.split("_")[0], f.title, True, outcome, tuple(e.text for e in f.evidence)
            )
        )
    return tuple(entries)


def _concerns_and_goals(catalogue: Catalogue, intake: IntakeAnswers):
    concerns = []
    for section in catalogue.sections:
        if section.id != CONCERNS_SECTION:
            continue
        for item_id in section.item_ids:
            item = catalogue.items[item_id]
            if item.type.value == "yes_no" and intake.relationship.get(item_id) is True:
                concerns.append(Line(item.short[:1].upper() + item.short[1:]))
    goals_item = catalogue.items.get(GOALS_ITEM)
    chosen = intake.relationship.get(GOALS_ITEM) or ()
    goals = [Line(goals_item.label_for(g)) for g in chosen] if goals_item else []
    return tuple(concerns), tuple(goals)


def _decision(answers_file: AnswersFile, rec: Recommendation) -> Decision | None:
    dec = answers_file.decision
    if dec is None:
        return None
    return Decision(
        status=dec.status,
        final_order_label=explain.order_label(TherapyOrder(dec.order)),
        reason=dec.reason or "",
        decided_at=dec.decided_on,
        reason_private=any(_is_private(f) for f in rec.findings),
    )


def _next_steps(rec: Recommendation, decision: Decision | None) -> tuple[Line, ...]:
    """What comes next (answering what was left open is the suggestion's own step)."""
    order = decision.final_order_label if decision else explain.order_label(rec.order)
    steps = (NEXT_STEPS["start"].format(order=order.lower()), NEXT_STEPS["talk"])
    return tuple(Line(s) for s in (*steps, NEXT_STEPS["repeat"]))


def build_report_input(
    catalogue: Catalogue,
    intake: IntakeAnswers,
    rec: Recommendation,
    *,
    practice: PracticeInfo,
    session_date: date,
    mode: Mode = "in_person",
    decision: Decision | None = None,
    notes: tuple[Note, ...] = (),
    generated_at: datetime | None = None,
) -> ReportInput:
    """Everything the report shows about ``intake`` and its recommendation ``rec``."""
    concerns, goals = _concerns_and_goals(catalogue, intake)
    couple = len(intake.participants) > 1
    everyone = tuple(p.id for p in intake.participants)
    return ReportInput(
        practice_name=practice.practice_name,
        clinician_name=practice.clinician_name,
        clinician_credentials=practice.clinician_credentials,
        logo_path=practice.logo_path,
        page_size=practice.page_size,
        session_date=session_date,
        mode=mode,
        participants=tuple(Participant(p.id, p.display_name) for p in intake.participants),
        recommendation=_recommendation(catalogue, rec, couple),
        provenance=Provenance(
            __version__,
            rec.ruleset_version,
            rec.catalogue_version,
            generated_at or datetime.now(UTC),
        ),
        focus_areas=tuple(FocusArea(a.label, a.individual, a.couples) for a in rec.focus_areas),
        measures=measure_results(catalogue, intake, rec.scores),
        discrepancies=tuple(
            Line(
                d.text, private=d.private, **marks(catalogue, d.measure_id, everyone, couple=couple)
            )
            for d in rec.discrepancies
        ),
        references=_references(catalogue, rec, everyone, couple),
        presenting_concerns=concerns,
        goals=goals,
        answers=indicator_answers(catalogue, intake),
        notes=notes + text_notes(catalogue, intake),
        decision=decision,
        next_steps=_next_steps(rec, decision),
        rule_trace=_trace(rec),
        no_discrepancies="" if rec.ruleset_version == "1.0.0" else NO_DISCREPANCY,
        couple=couple,
        shared_scores=tuple(
            sorted(shared_scores({p.id: p.answers for p in intake.participants}, couple=couple))
        ),
        plain_words=explain.plain_words(catalogue),
    )


def report_input_from_answers_file(
    answers_file: AnswersFile,
    catalogue: Catalogue,
    rec: Recommendation,
    *,
    practice: PracticeInfo,
    generated_at: datetime | None = None,
) -> ReportInput:
    """The report of an answers file: its metadata, decision and notes, and ``rec``."""
    meta = answers_file.intake
    clinician = (meta.clinician if meta and meta.clinician else "") or practice.clinician_name
    notes = (Note("Session notes", meta.notes, private=True),) if meta and meta.notes else ()
    data = build_report_input(
        catalogue,
        answers_file.to_intake(catalogue),
        rec,
        practice=PracticeInfo(
            practice.practice_name,
            clinician,
            practice.clinician_credentials,
            practice.logo_path,
            practice.page_size,
        ),
        session_date=(meta.date if meta and meta.date else None) or date.today(),
        mode=(meta.mode if meta and meta.mode else None) or "in_person",
        decision=_decision(answers_file, rec),
        notes=notes,
        generated_at=generated_at,
    )
    full_names = {p.id: p.name for p in answers_file.participants}
    people = tuple(replace(p, full_name=full_names.get(p.key, "")) for p in data.participants)
    return replace(data, participants=people)
