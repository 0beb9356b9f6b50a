"""The progress summary PDF of a client, in the clinician's or the clients' version.

What it shows is asked of the audience policy, as for the intake summary: the measures
through `ProgressView.for_audience` (private and asked-alone measures, and a partner's
own scores without their agreement, are not in the clients' version), the current
suggestion through `reports.variant.view_for` of the latest intake's summary. The
clinician's notices are in the clinician's version only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from therapist_desk import __version__
from therapist_desk.intake.findings import RULESET_VERSION
from therapist_desk.models import AuditAction
from therapist_desk.reports.files import write_pdf_atomic
from therapist_desk.reports.progress import (
    ProgressPoint,
    ProgressReport,
    ProgressSeries,
    render_progress,
)
from therapist_desk.reports.variant import CLINICIAN, audience_of, view_for
from therapist_desk.services.practice import Practice
from therapist_desk.services.progress import ProgressView, progress_view
from therapist_desk.services.summaries import report_input
from therapist_desk.store.audit import recording_event
from therapist_desk.store.disk_full import reporting_full_disk

VERSIONS = {"clinician": "Clinician version", "client": "Client version"}
INTRO = {
    "client": (
        "A change counts here only when it is larger than the questionnaire's own ups and "
        "downs (its reliable change); moving into another band on its own is not a change."
    ),
    "clinician": (
        "Verdicts compare each administration with the first: reliable change and caseness "
        "are the catalogue's values, each with its source; 'derived' values are Jacobson–"
        "Truax estimates."
    ),
}


def progress_report(
    *, practice: Practice, client_id: int, variant: str, now: datetime | None = None
) -> ProgressReport:
    """The data of the progress summary in ``variant`` ("clinician" or "client")."""
    if variant not in VERSIONS:
        raise ValueError(f"no progress summary variant {variant!r}")
    audience = audience_of(variant)
    view = progress_view(practice=practice, client_id=client_id).for_audience(audience)
    heading, suggestion, explanation = _suggestion(practice, view, variant)
    positions = list(view.people)
    series = tuple(
        ProgressSeries(
            person=t.person,
            index=positions.index(t.participant),
            measure=t.measure,
            maximum=t.maximum,
            cutoff=t.cutoff,
            bands=t.bands,
            reliable_change=t.reliable_change,
            derived=t.derived,
            points=tuple(
                ProgressPoint(
                    p.administration.date,
                    p.administration.total,
                    p.administration.band or "",
                    p.change_from_first,
                    p.verdict.value if p.verdict else "",
                )
                for p in t.points
            ),
            not_seen=t.not_seen_last,
        )
        for t in view.tracks
    )
    generated = now or datetime.now(UTC)
    return ProgressReport(
        practice_name=practice.settings.practice_name,
        clinician_name=practice.clinician,
        client_name=view.display_name,
        version_name=VERSIONS[variant],
        generated_at=generated,
        series=series,
        suggestion_heading=heading,
        suggestion=suggestion,
        explanation=explanation,
        notices=tuple(n.text for n in view.notices),
        provenance=(
            f"Therapist Desk {__version__} · ruleset {RULESET_VERSION} · catalogue "
            f"{practice.catalogue.version} · {len(view.administrations)} completed intakes · "
            f"made {generated:%Y-%m-%d %H:%M} UTC"
        ),
        intro=INTRO[variant],
    )


def _suggestion(practice: Practice, view: ProgressView, variant: str) -> tuple[str, str, str]:
    """The latest intake's order as ``variant`` may read it: the decision when there is one."""
    if view.latest_intake_id is None:
        return "The current suggestion", "No completed intake yet", ""
    with practice.session() as s:
        data, _ = report_input(
            session=s,
            catalogue=practice.shipped,
            settings=practice.settings,
            intake_id=view.latest_intake_id,
        )
    rec = view_for(data, audience_of(variant)).recommendation
    heading = "The plan agreed" if rec.decided else "The current suggestion"
    explanation = (
        rec.explanation if variant == CLINICIAN else rec.neutral_explanation or rec.explanation
    )
    return heading, rec.order_label, explanation


def render_progress_pdf(*, practice: Practice, client_id: int, variant: str) -> bytes:
    """The progress summary as PDF bytes (slow: a worker)."""
    return render_progress(progress_report(practice=practice, client_id=client_id, variant=variant))


def save_progress_pdf(*, practice: Practice, client_id: int, variant: str, path: Path) -> Path:
    """Write the progress summary atomically (mode 0600) with its audit event: both or neither."""
    pdf = render_progress_pdf(practice=practice, client_id=client_id, variant=variant)
    written = False
    with practice.session() as s:
        try:
            with (
                practice.writing("the audit note of this export"),
                recording_event(
                    session=s,
                    client_id=client_id,
                    action=AuditAction.EXPORTED,
                    intake_id=view_intake(practice, client_id),
                    actor=practice.clinician,
                    detail=f"{variant} progress PDF",
                ),
                reporting_full_disk(path.parent, what="the PDF"),
            ):
                write_pdf_atomic(path, pdf)
                written = True
        except BaseException:
            if written:
                path.unlink(missing_ok=True)
            raise
    return path


def view_intake(practice: Practice, client_id: int) -> int | None:
    """The latest completed intake the progress summary reads (its audit row names it)."""
    return progress_view(practice=practice, client_id=client_id).latest_intake_id
