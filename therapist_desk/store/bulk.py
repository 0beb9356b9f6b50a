"""Writing many clients at once (demo practices, benchmarks): one transaction, plain SQL.

`add_clients` stores what the ORM functions would, for thousands of clients in
seconds: the client and participants (names validated by `ClientCreate`), intakes with
their answers, the score and recommendation snapshots of completed ones, and the audit
events. Timestamps are the caller's, so a synthetic practice can span years. On the
embedded file each row is one statement; on a practice server `store.bulk_server`
writes a batch of clients in a few statements (ids taken from the sequences first).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from therapist_desk.models import ClientCreate
from therapist_desk.store.answers import VALUE_MAX, _stamp
from therapist_desk.store.search import display_name, search_key


@dataclass(frozen=True)
class BulkIntake:
    """One intake to store; ``recommendation`` (``Recommendation.to_dict()``) completes it."""

    date: dt.date
    at: dt.datetime
    clinician: str
    catalogue_version: str
    ruleset_version: str
    #: ``(participant position or None for the relationship, item id, value)``
    answers: list[tuple[int | None, str, Any]]
    recommendation: Mapping[str, Any] | None = None
    mode: str = "in_person"


@dataclass(frozen=True)
class BulkClient:
    """One client to store: its kind, people (``ParticipantCreate`` fields) and intakes."""

    kind: str
    people: list[dict[str, Any]]
    reference: str
    created_at: dt.datetime
    archived_at: dt.datetime | None = None
    intakes: list[BulkIntake] = field(default_factory=list)
    #: On a practice server, the clinician's login whose client it is (None: the login
    #: that writes it); None on the embedded file, which has one user.
    assigned_to: str | None = None


@dataclass(frozen=True)
class Prepared:
    """A `BulkClient` checked and worked out: its people validated, how it is listed
    and found, and when it was last active (its latest intake, or its archiving)."""

    client: BulkClient
    people: list[Any]  # ParticipantCreate
    display_name: str
    search_key: str
    last_activity_at: dt.datetime


def prepare(client: BulkClient) -> Prepared:
    """``client`` ready to write; names checked as `ClientCreate` checks them."""
    data = ClientCreate.model_validate({"kind": client.kind, "participants": client.people})
    people = list(data.participants)
    key = search_key(n for p in people for n in (p.name, p.preferred_name))
    last = max([client.created_at, *(i.at for i in client.intakes)])
    if client.archived_at is not None:
        last = max(last, client.archived_at)
    return Prepared(client, people, display_name([p.name for p in people]), key, last)


_CLIENT = (
    "INSERT INTO client (kind, reference, display_name, search_key, created_at,"
    " last_activity_at, archived_at, assigned_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_PERSON = (
    "INSERT INTO participant (client_id, position, name, preferred_name, date_of_birth,"
    " pronouns, email, phone, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INTAKE = (
    "INSERT INTO intake (client_id, date, clinician, mode, catalogue_version, ruleset_version,"
    " status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)"
)
_ANSWER = (
    "INSERT INTO answer (intake_id, participant_id, item_id, value_json, answered_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
_COMPLETE = "UPDATE intake SET status = 'completed', completed_at = ? WHERE id = ?"
_SCORES = (
    "INSERT INTO score_snapshot (intake_id, catalogue_version, scores_json, taken_at)"
    " VALUES (?, ?, ?, ?)"
)
_RECOMMENDATION = (
    "INSERT INTO recommendation_snapshot (intake_id, ruleset_version, recommendation_json,"
    " taken_at) VALUES (?, ?, ?, ?)"
)
_EVENT = "INSERT INTO audit_event (client_ref, intake_id, action, at, actor) VALUES (?, ?, ?, ?, ?)"


def value_json(value: Any) -> str:
    """An answer as stored (JSON); a `ValueError` for one too long to keep."""
    text = json.dumps(
        list(value) if isinstance(value, tuple) else value, ensure_ascii=False, allow_nan=False
    )
    if len(text) > VALUE_MAX:
        raise ValueError("an answer is too long to store")
    return text


def snapshots_json(recommendation: Mapping[str, Any]) -> tuple[str, str]:
    """The stored recommendation and scores of a completed intake (JSON, keys sorted)."""
    rec = json.dumps(recommendation, ensure_ascii=False, sort_keys=True, allow_nan=False)
    scores = json.dumps(recommendation.get("scores", {}), ensure_ascii=False, sort_keys=True)
    return rec, scores


def _write_intake(cursor: Any, client_id: int, ref: str, ids: list[int], i: BulkIntake) -> None:
    stamp = _stamp(i.at)
    cursor.execute(
        _INTAKE,
        (client_id, i.date.isoformat(), i.clinician, i.mode, i.catalogue_version,
         i.ruleset_version, stamp, stamp),
    )  # fmt: skip
    intake_id = cursor.lastrowid
    cursor.executemany(
        _ANSWER,
        [
            (intake_id, None if pos is None else ids[pos - 1], item_id, value_json(value), stamp)
            for pos, item_id, value in i.answers
        ],
    )
    if i.recommendation is None:
        return
    rec, scores = snapshots_json(i.recommendation)
    cursor.execute(_COMPLETE, (stamp, intake_id))
    cursor.execute(_SCORES, (intake_id, i.catalogue_version, scores, stamp))
    cursor.execute(_RECOMMENDATION, (intake_id, i.ruleset_version, rec, stamp))
    cursor.execute(_EVENT, (ref, intake_id, "completed", stamp, i.clinician))


def _write_client(cursor: Any, prepared: Prepared, actor: str) -> None:
    client = prepared.client
    archived = _stamp(client.archived_at) if client.archived_at else None
    created = _stamp(client.created_at)
    cursor.execute(
        _CLIENT,
        (client.kind, client.reference, prepared.display_name, prepared.search_key, created,
         _stamp(prepared.last_activity_at), archived, client.assigned_to),
    )  # fmt: skip
    client_id = cursor.lastrowid
    ids = []
    for position, p in enumerate(prepared.people, start=1):
        birth = p.date_of_birth.isoformat() if p.date_of_birth else None
        cursor.execute(
            _PERSON,
            (client_id, position, p.name, p.preferred_name, birth, p.pronouns, p.email,
             p.phone, p.notes),
        )  # fmt: skip
        ids.append(cursor.lastrowid)
    cursor.execute(_EVENT, (client.reference, None, "created", created, actor))
    for intake in client.intakes:
        _write_intake(cursor, client_id, client.reference, ids, intake)
    if archived:
        cursor.execute(_EVENT, (client.reference, None, "archived", archived, actor))


def add_clients(*, engine: Engine, clients: Iterable[BulkClient], actor: str) -> int:
    """Store every client of ``clients`` in one transaction (all or none); return how many.

    On a practice server the engine's login must be allowed to write them: the owner's
    (for clients ``assigned_to`` any clinician) or a clinician's (their own).
    """
    if engine.dialect.name == "postgresql":
        from therapist_desk.store.bulk_server import add_clients_on_server

        return add_clients_on_server(engine=engine, clients=clients, actor=actor)
    count = 0
    with engine.begin() as connection:
        cursor = connection.connection.cursor()
        try:
            for client in clients:
                _write_client(cursor, prepare(client), actor)
                count += 1
        finally:
            cursor.close()
    return count
