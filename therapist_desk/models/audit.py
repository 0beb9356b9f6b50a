"""The audit trail: what happened to a client's data, never what the data says."""

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from therapist_desk.models._base import UTCDateTime, utcnow


class AuditAction(StrEnum):
    """Things that happen to a client's data, including who looked at their results."""

    CREATED = "created"
    COMPLETED = "completed"
    AMENDED = "amended"
    EXPORTED = "exported"
    PRINTED = "printed"
    EMAILED = "emailed"
    ARCHIVED = "archived"
    UNARCHIVED = "unarchived"
    ERASED = "erased"
    VIEWED = "viewed"  # the results page of an intake was opened
    OVERRIDDEN = "overridden"  # the clinician chose another order than the suggested one
    ASSIGNED = "assigned"  # the practice admin gave the client to another clinician


class AuditEvent(SQLModel, table=True):
    """One audit entry. It holds the client's opaque reference, never a name or an answer.

    ``detail`` is a short fixed phrase chosen by the code (e.g. "client summary"),
    never text typed about the client.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.CheckConstraint(
            "action IN (" + ", ".join(f"'{a.value}'" for a in AuditAction) + ")",
            name="action",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_ref: str = Field(max_length=32, index=True)
    intake_id: int | None = None
    action: AuditAction = Field(sa_type=sa.String(16))
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str | None = Field(default=None, max_length=120)
    detail: str | None = Field(default=None, max_length=200)
    db_role: str | None = Field(default=None, max_length=63)
    """The login role that acted, set by a practice server itself; ``None`` on the file."""
