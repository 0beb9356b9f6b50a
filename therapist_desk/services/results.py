"""Results: what a completed intake suggested, and the clinician's decision on it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from therapist_desk.intake import explain
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.models import DecisionCreate
from therapist_desk.reports.data import Decision, ReportInput
from therapist_desk.services.practice import Practice
from therapist_desk.store import clients, completion, intakes, reevaluation
from therapist_desk.store.audit import record_results_viewed
from therapist_desk.store.errors import IntakeNotCompletedError


@dataclass(frozen=True)
class ResultsView:
    """A completed intake's stored recommendation (as the engine wrote it), the decision,
    and the whole summary (what the clinician's PDF prints), for an audience to cut."""

    intake_id: int
    recommendation: Mapping[str, Any]
    decision: Decision | None
    summary: ReportInput | None = None
    since: str | None = None
    """For a re-assessment: how its suggestion compares with the visit before (the
    clinician's; it names the rules that changed)."""

    @property
    def names(self) -> dict[str, str]:
        """Participant id → name, for the sentences that say whom a part concerns."""
        return {p["id"]: p["name"] for p in self.recommendation["participants"]}


def decision_view(decision: Any, private_reason: bool = False) -> Decision | None:
    """A stored decision as the screens and the reports show it."""
    if decision is None:
        return None
    return Decision(
        status="accepted" if decision.accepted else "overridden",
        final_order_label=explain.order_label(TherapyOrder(decision.final_order)),
        reason=decision.reason or "",
        decided_at=decision.decided_at,
        reason_private=private_reason,
        final_order=decision.final_order,
        decided_by=decision.decided_by,
    )


def results(*, practice: Practice, intake_id: int) -> ResultsView:
    """The stored result of a completed intake; `IntakeNotCompletedError` for a draft."""
    from therapist_desk.services.summaries import report_input

    with practice.session() as s:
        snap = completion.get_snapshots(session=s, intake_id=intake_id)
        decision = completion.get_decision(session=s, intake_id=intake_id)
        if snap is None:
            raise IntakeNotCompletedError(intake_id)
        summary, _ = report_input(
            session=s, catalogue=practice.shipped, settings=practice.settings, intake_id=intake_id
        )
    rec = snap.recommendation
    private = any(r.get("private") for r in rec.get("reasons", ()))
    since = since_before(practice=practice, intake_id=intake_id)
    return ResultsView(intake_id, rec, decision_view(decision, private), summary, since)


def since_before(*, practice: Practice, intake_id: int) -> str | None:
    """For a re-assessment, its suggestion beside the one of the intake before it."""
    from therapist_desk.models import IntakePurpose
    from therapist_desk.services.progress import order_since
    from therapist_desk.store.history import client_history

    with practice.session() as s:
        intake = intakes.get_intake(session=s, intake_id=intake_id)
        if intake.purpose != IntakePurpose.REASSESSMENT:
            return None
        history = client_history(session=s, client_id=intake.client_id)
        people = {
            f"p{p.position}": p.preferred_name or p.name
            for p in clients.get_client(session=s, client_id=intake.client_id).participants
        }
    return order_since(history, intake_id, people)


def open_results(*, practice: Practice, intake_id: int) -> ResultsView:
    """`results` for the results page being opened; the view goes in the audit trail.

    The view is recorded before anything is shown: results that cannot be audited (a
    full disk) are not shown.
    """
    found = results(practice=practice, intake_id=intake_id)
    with practice.writing("the audit note of this viewing"), practice.session() as s:
        record_results_viewed(session=s, intake_id=intake_id, actor=practice.clinician)
    return found


def opened_with_offer(
    *, practice: Practice, intake_id: int
) -> tuple[ResultsView, tuple[str | None, Any]]:
    """`open_results` (audited) and `reevaluation_view`: what the results room shows."""
    found = open_results(practice=practice, intake_id=intake_id)
    return found, reevaluation_view(practice=practice, intake_id=intake_id)


def record_decision(
    *, practice: Practice, intake_id: int, suggested: str, final: str, reason: str | None
) -> Decision:
    """Keep the clinician's decision (the suggestion accepted, or overridden with reason)."""
    data = DecisionCreate(
        intake_id=intake_id,
        suggested_order=suggested,
        final_order=final,
        reason=reason,
        decided_by=practice.clinician,
    )
    with practice.writing("your decision"), practice.session() as s:
        stored = completion.record_decision(session=s, data=data)
    view = decision_view(stored)
    assert view is not None
    return view


def reevaluation_view(*, practice: Practice, intake_id: int) -> tuple[str | None, Any]:
    """The offer to re-evaluate with today's rules (None: they are not newer) and, for a
    re-evaluation, its result beside the original's (None otherwise)."""
    with practice.session() as s:
        return (
            reevaluation.reevaluation_offer(
                session=s, catalogue=practice.catalogue, intake_id=intake_id
            ),
            reevaluation.comparison(session=s, intake_id=intake_id),
        )


def reevaluate(*, practice: Practice, intake_id: int) -> int:
    """A completed re-evaluation of the intake under today's rules; the original stays.

    Today's catalogue is put the way the original was (what it recorded as asked alone):
    the same answers, given the same way.
    """
    with practice.writing("the re-evaluation"), practice.session() as s:
        recorded = intakes.recorded_asked_alone(session=s, intake_id=intake_id)
        copy = reevaluation.reevaluate(
            session=s,
            catalogue=practice.catalogue_for(recorded),
            intake_id=intake_id,
            actor=practice.clinician,
        )
        assert copy.id is not None
        return copy.id
