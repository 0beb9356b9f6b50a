"""A practice server of the fault tests' own, to stop and start again mid-intake.

`pg_cluster` is shared by every practice-server test of a worker; stopping it would cut
them off. The fault tests stop and start ``fault_cluster`` instead: a second cluster of
their own (one per worker, ~3 s to make), each test on a fresh database of it. A test
that stops it starts it again in a ``finally`` (`stopped`). Loaded by tests/conftest.py
as a plugin; it imports no Qt, so the headless run uses it too.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from pg_cluster import (
    OWNER,
    OWNER_PASSWORD,
    Cluster,
    clinician_url,
    drop_database,
    new_database,
    worker_cluster,
)

if TYPE_CHECKING:  # the app is imported by the tests that use it, not with the plugin
    from therapist_desk.services.practice import Practice


@pytest.fixture(scope="session")
def fault_cluster() -> Iterator[Cluster]:
    """This worker's cluster for the tests that stop a server (`worker_cluster`: in the
    practice-server run only, as `pg_cluster`)."""
    yield from worker_cluster()


@pytest.fixture
def fault_database(fault_cluster: Cluster) -> Iterator[str]:
    """A fresh practice database on the fault tests' cluster (running when the test starts)."""
    name = new_database(fault_cluster)
    yield name
    running(fault_cluster)
    drop_database(fault_cluster, name)


def running(cluster: Cluster) -> None:
    """Start ``cluster`` if a test left it stopped."""
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.start()  # refused when it is running already


@contextmanager
def stopped(cluster: Cluster) -> Iterator[None]:
    """The server stopped (fast: its connections cut) inside the block, running after."""
    cluster.stop("fast")
    try:
        yield
    finally:
        cluster.start()


def owner_url(cluster: Cluster, database: str) -> str:
    """The practice owner's URL (what the IT person runs `server` commands with)."""
    return cluster.url(OWNER, OWNER_PASSWORD, database)


def open_as(url: str) -> Practice:
    """The practice as a clinician's app opens it, from the URL they connect with."""
    from therapist_desk.services.practice import open_practice
    from therapist_desk.store.server import parse_url

    address, password = parse_url(url)
    practice = open_practice(server=address, password=password)
    practice.settings.clinician_name = f"Dr {address.user}"
    return practice


def open_clinician(cluster: Cluster, database: str, user: str = "dr_ada") -> Practice:
    """The app of a clinician of the test cluster's (dr_ada, dr_ben)."""
    return open_as(clinician_url(cluster, database, user))


def new_intake(practice: Practice, *, couple: bool = False) -> int:
    """A draft intake of a new synthetic client (one person, or a couple); its id."""
    from therapist_desk.models import ClientCreate, IntakeMode
    from therapist_desk.services import clients, intakes

    people = [{"name": "Sam Example"}] + ([{"name": "Alex Example"}] if couple else [])
    data = ClientCreate.model_validate(
        {"kind": "couple" if couple else "individual", "participants": people}
    )
    client_id = clients.create_client(practice=practice, data=data)
    return intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)


def stored_answers(practice: Practice, intake_id: int) -> dict[int | None, dict[str, Any]]:
    """What the server holds for the intake, read afresh (by position, then item)."""
    from therapist_desk.services import intakes

    return intakes.intake_session(practice=practice, intake_id=intake_id).answers
