"""The typed shapes the operations return: what a screen or a command shows. No Qt.

Each is plain frozen data, built by the services from the store and the engine, so a
widget never holds a database row and a command never reaches into a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from therapist_desk.intake.catalogue import Catalogue, IntakeKind
from therapist_desk.models import IntakeStatus
from therapist_desk.store.search import ClientLine

if TYPE_CHECKING:
    from therapist_desk.services.estimates import StartTimes
    from therapist_desk.services.progress import ProgressView

__all__ = [
    "ClientForm",
    "ClientLine",
    "ClientView",
    "IntakeRow",
    "IntakeSession",
    "PersonView",
    "ShareDocument",
    "ShareValues",
]


@dataclass(frozen=True)
class PersonView:
    """One participant's details, as the client page and the edit form show them."""

    position: int
    name: str
    preferred_name: str | None = None
    date_of_birth: date | None = None
    pronouns: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None

    @property
    def called(self) -> str:
        """The name to address them by: the preferred name, else the name."""
        return self.preferred_name or self.name

    @classmethod
    def of(cls, participant: Any) -> PersonView:
        """The view of a stored participant."""
        return cls(
            position=participant.position,
            name=participant.name,
            preferred_name=participant.preferred_name,
            date_of_birth=participant.date_of_birth,
            pronouns=participant.pronouns,
            email=participant.email,
            phone=participant.phone,
            notes=participant.notes,
        )


@dataclass(frozen=True)
class ClientForm:
    """What the edit dialog starts from: the kind of client and each person's details."""

    kind: IntakeKind
    people: tuple[PersonView, ...]


@dataclass(frozen=True)
class IntakeRow:
    """What the client page lists about one intake."""

    intake_id: int
    date: str
    status: str
    suggested: str
    decision: str


@dataclass(frozen=True)
class ClientView:
    """Everything the client page shows about one client."""

    client_id: int
    kind: IntakeKind
    display_name: str
    archived: bool
    people: tuple[PersonView, ...]
    intakes: tuple[IntakeRow, ...]
    draft_id: int | None
    progress: ProgressView | None = None
    """The measures over time with their change (the clinician's; ask it for others)."""
    times: StartTimes | None = None
    """How long a first intake and a re-assessment of this client take (minutes)."""

    @property
    def can_reassess(self) -> bool:
        """Whether a re-assessment can start: a completed intake and no draft open."""
        return self.draft_id is None and any(r.status == "Completed" for r in self.intakes)


@dataclass(frozen=True)
class IntakeSession:
    """What the wizard needs to show (or resume) a draft."""

    intake_id: int
    kind: IntakeKind
    people: dict[int, str]
    answers: dict[int | None, dict[str, Any]]
    resume: tuple[str | None, int | None]
    title: str
    status: IntakeStatus = IntakeStatus.DRAFT
    catalogue: Catalogue | None = None
    """The catalogue as this intake is put (what it records as asked alone): the wizard
    asks with it, so a resumed draft never puts with both present a section it may
    already have put to one partner alone."""


@dataclass(frozen=True)
class ShareValues:
    """The email template's placeholders and the addresses the client gave."""

    client_first_names: str
    practice: str
    clinician: str
    emails: tuple[str, ...]

    def placeholders(self) -> dict[str, str]:
        """``{client_first_names}``, ``{practice}`` and ``{clinician}`` for the templates."""
        return {
            "client_first_names": self.client_first_names,
            "practice": self.practice,
            "clinician": self.clinician,
        }


@dataclass(frozen=True)
class ShareDocument:
    """One document the email dialog can attach, and who it is for.

    ``recipients`` are the addresses of everyone the document is for who gave one (the
    To field starts with them; ``without_address`` names those who gave none). The
    address of any other client is refused for it; a document with ``for_clients`` False
    (the clinician version) has no recipients, so no client's address is allowed. A
    personal summary for one partner is one more entry, with that partner's address.
    An address on file that also reaches someone the document is not for (an address
    the partners share, for a personal summary) is not among ``recipients``:
    ``withheld`` names the people whose address it is.
    """

    key: str  # unique among an intake's documents: "client", "clinician"
    variant: str  # the summary rendered: "client" or "clinician"
    for_whom: str  # first names, "Alex and Jo"; empty for the clinician version
    recipients: tuple[str, ...]
    for_clients: bool
    without_address: tuple[str, ...] = ()
    for_positions: tuple[int, ...] = ()
    """The positions (1, 2) of the client's people it is for; empty for the clinician's."""
    withheld: tuple[str, ...] = ()
    """First names of those it is for whose address is not filled in: someone else reads it."""
