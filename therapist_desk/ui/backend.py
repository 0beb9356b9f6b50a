"""What the screens ask of the store and the engine, in the clinician's terms.

Widgets call these methods and never touch a session or SQL. Each method opens one
short session, calls keyword-only store functions, and returns plain data.
"""

from __future__ import annotations

from typing import Any

from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.models import (
    ClientCreate,
    ClientKind,
    IntakeStatus,
    ParticipantUpdate,
)
from therapist_desk.settings import Settings
from therapist_desk.store import clients as store_clients
from therapist_desk.store import completion, intakes
from therapist_desk.store.backup import backup_database, rotate_backups
from therapist_desk.store.database import Database
from therapist_desk.store.erase import erase_client
from therapist_desk.store.search import ClientLine, search_lines
from therapist_desk.ui.backend_intakes import IntakeOps
from therapist_desk.ui.intake_table_model import IntakeRow
from therapist_desk.ui.measure_chart import Series
from therapist_desk.ui.views import ClientView, PersonView, decision_text, person_values

STATUS_LABELS = {IntakeStatus.DRAFT: "Draft", IntakeStatus.COMPLETED: "Completed"}


class Backend(IntakeOps):
    """The app's operations over one open database, with the catalogue and settings."""

    def __init__(self, database: Database, settings: Settings, catalogue: Catalogue) -> None:
        self.database, self.settings, self.catalogue = database, settings, catalogue

    @property
    def clinician(self) -> str:
        """Who is recorded as acting: the clinician from the settings."""
        return self.settings.clinician_name or "Clinician"

    # Clients -------------------------------------------------------------------------

    def search(self, query: str, archived: bool, limit: int, offset: int) -> list[ClientLine]:
        """A page of clients matching ``query``, most recent activity first (one query)."""
        return search_lines(
            engine=self.database.engine,
            query=query,
            include_archived=archived,
            limit=limit,
            offset=offset,
        )

    def count_clients(self, include_archived: bool = True) -> int:
        """How many clients the practice has."""
        with self._session() as s:
            return store_clients.count_clients(session=s, include_archived=include_archived)

    def create_client(self, data: ClientCreate) -> int:
        """Save a new client; returns its id."""
        with self._session() as s:
            client = store_clients.create_client(session=s, data=data, actor=self.clinician)
            assert client.id is not None
            return client.id

    def client_form(self, client_id: int) -> tuple[ClientKind, list[dict[str, Any]]]:
        """The values the edit dialog starts from."""
        with self._session() as s:
            client = store_clients.get_client(session=s, client_id=client_id)
            return ClientKind(client.kind), [person_values(p) for p in client.participants]

    def update_client(self, client_id: int, data: ClientCreate) -> None:
        """Save edited participant details."""
        with self._session() as s:
            for position, person in enumerate(data.participants, start=1):
                changes = ParticipantUpdate.model_validate(person.model_dump())
                store_clients.update_participant(
                    session=s, client_id=client_id, position=position, changes=changes
                )

    def set_archived(self, client_id: int, archived: bool) -> None:
        """Hide a client from the active list, or bring them back."""
        with self._session() as s:
            action = store_clients.archive_client if archived else store_clients.unarchive_client
            action(session=s, client_id=client_id, actor=self.clinician)

    def erase(self, client_id: int) -> None:
        """Remove every trace of a client from the database and its backups."""
        erase_client(
            engine=self.database.engine,
            client_id=client_id,
            actor=self.clinician,
            key=self.database.key,
        )

    def client_view(self, client_id: int) -> ClientView:
        """The client page's content."""
        with self._session() as s:
            client = store_clients.get_client(session=s, client_id=client_id)
            people = [PersonView(p.position, person_values(p)) for p in client.participants]
            rows, history = [], []
            for intake in intakes.list_intakes_for_client(session=s, client_id=client_id):
                assert intake.id is not None
                snap = completion.get_snapshots(session=s, intake_id=intake.id)
                decision = completion.get_decision(session=s, intake_id=intake.id)
                rec = snap.recommendation if snap else None
                rows.append(
                    IntakeRow(
                        intake.id,
                        intake.date.isoformat(),
                        STATUS_LABELS[IntakeStatus(intake.status)],
                        rec["order_label"] if rec else "—",
                        decision_text(decision),
                    )
                )
                if rec:
                    history.append((intake.date.isoformat(), rec))
            draft = intakes.latest_draft_for_client(session=s, client_id=client_id)
            return ClientView(
                client_id=client_id,
                kind=ClientKind(client.kind),
                display_name=client.display_name,
                archived=client.archived_at is not None,
                people=people,
                intakes=rows,
                draft_id=draft.id if draft else None,
                series=self._series(people, history),
            )

    def _series(self, people: list[PersonView], history: list[tuple[str, dict]]) -> list[Series]:
        series: list[Series] = []
        for measure in self.catalogue.measures.values():
            if measure.private:
                continue
            for person in people:
                pid = f"p{person.position}"
                points = tuple(
                    (date, float(score["total"]))
                    for date, rec in history
                    if (score := rec.get("scores", {}).get(pid, {}).get(measure.id))
                    and score.get("total") is not None
                )
                if points:
                    cutoff = (
                        measure.cutoff.at_least or measure.cutoff.below if measure.cutoff else None
                    )
                    series.append(
                        Series(
                            measure.name, person.values["name"], measure.max_total, cutoff, points
                        )
                    )
        return series

    def back_up_now(self) -> str:
        """Back up the database now; returns a sentence saying where."""
        path = backup_database(self.database.path, key=self.database.key, reason="manual")
        rotate_backups(self.database.path, keep=self.settings.backup_count)
        return f"Backed up to {path}"
