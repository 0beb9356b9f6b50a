"""SQLModel tables and their Create/Update shapes. No sessions, no Qt, no engine.

Every table module is imported here so that ``SQLModel.metadata`` is complete for
Alembic and for tests that create the schema directly.
"""

from therapist_desk.models import _base  # noqa: F401  (naming convention first)
from therapist_desk.models.app_info import AppInfo
from therapist_desk.models.audit import AuditAction, AuditEvent
from therapist_desk.models.client import (
    Client,
    ClientCreate,
    ClientSummary,
    Participant,
    ParticipantCreate,
    ParticipantUpdate,
)
from therapist_desk.models.consent import ConsentRecord, ConsentVersion
from therapist_desk.models.intake import (
    Answer,
    Intake,
    IntakeCreate,
    IntakeMode,
    IntakePurpose,
    IntakeStatus,
)
from therapist_desk.models.snapshot import (
    THERAPY_ORDERS,
    Decision,
    DecisionCreate,
    RecommendationSnapshot,
    ScoreSnapshot,
)
from therapist_desk.models.validation import field_errors

__all__ = [
    "THERAPY_ORDERS",
    "Answer",
    "AppInfo",
    "AuditAction",
    "AuditEvent",
    "Client",
    "ClientCreate",
    "ClientSummary",
    "ConsentRecord",
    "ConsentVersion",
    "Decision",
    "DecisionCreate",
    "Intake",
    "IntakeCreate",
    "IntakeMode",
    "IntakePurpose",
    "IntakeStatus",
    "Participant",
    "ParticipantCreate",
    "ParticipantUpdate",
    "RecommendationSnapshot",
    "ScoreSnapshot",
    "field_errors",
]
