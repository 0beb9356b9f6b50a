"""The audit trail: what happened to a client's data, recorded without clinical content."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlmodel import Session, col, select

from therapist_desk.models import AuditAction, AuditEvent, Client, Intake
from therapist_desk.models._base import utcnow
from therapist_desk.store.errors import NotFoundError

DETAIL_MAX = 200
RESULTS_VIEWED = "results page opened"
ORDER_OVERRIDDEN = "suggested therapy order overridden"


def add_event(
    session: Session,
    *,
    client_ref: str,
    action: AuditAction,
    intake_id: int | None = None,
    actor: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session's current unit of work (not committed)."""
    if detail is not None and len(detail) > DETAIL_MAX:
        raise ValueError("audit detail is a short fixed phrase, not free text")
    event = AuditEvent(
        client_ref=client_ref,
        action=action,
        intake_id=intake_id,
        actor=actor,
        detail=detail,
        at=utcnow(),
    )
    session.add(event)
    return event


def record_event(
    *,
    session: Session,
    client_id: int,
    action: AuditAction,
    intake_id: int | None = None,
    actor: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Record and commit that something happened to a client's data (e.g. printed).

    ``detail`` must be a short fixed phrase chosen by the code ("client summary"),
    never a name, an answer or anything typed about the client.
    """
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"Client {client_id} does not exist.")
    event = add_event(
        session,
        client_ref=client.reference,
        action=action,
        intake_id=intake_id,
        actor=actor,
        detail=detail,
    )
    client.last_activity_at = event.at
    session.add(client)
    session.commit()
    return event


@contextmanager
def recording_event(
    *,
    session: Session,
    client_id: int,
    action: AuditAction,
    intake_id: int | None = None,
    actor: str | None = None,
    detail: str | None = None,
) -> Iterator[AuditEvent]:
    """Record an event for what the block does: both happen, or neither.

    The event is written first, holding the database's write lock (so a locked or full
    database stops it before the block runs); the block then does the thing (writes the
    PDF); the event is committed after it, or rolled back if the block fails. If the
    commit itself fails, the caller undoes what the block did.
    """
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"Client {client_id} does not exist.")
    try:
        event = add_event(
            session,
            client_ref=client.reference,
            action=action,
            intake_id=intake_id,
            actor=actor,
            detail=detail,
        )
        client.last_activity_at = event.at
        session.add(client)
        session.flush()
        yield event
        session.commit()
    except BaseException:
        session.rollback()
        raise


def record_results_viewed(
    *, session: Session, intake_id: int, actor: str | None = None
) -> AuditEvent:
    """Record and commit that the results of an intake were shown to the clinician.

    Looking changes nothing, so the client's last activity is left as it was.
    """
    intake = session.get(Intake, intake_id)
    client = session.get(Client, intake.client_id) if intake is not None else None
    if client is None:
        raise NotFoundError(f"Intake {intake_id} does not exist.")
    event = add_event(
        session,
        client_ref=client.reference,
        action=AuditAction.VIEWED,
        intake_id=intake_id,
        actor=actor,
        detail=RESULTS_VIEWED,
    )
    session.commit()
    return event


def list_events(
    *, session: Session, client_ref: str | None = None, limit: int = 200
) -> Sequence[AuditEvent]:
    """Audit events, newest first, for one client reference or for everyone."""
    statement = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if client_ref is not None:
        statement = statement.where(AuditEvent.client_ref == client_ref)
    return session.exec(statement.limit(limit)).all()
