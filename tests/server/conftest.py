"""Practice-server tests: two clinicians, an admin and the owner on a real PostgreSQL.

Every test here needs the test server (tests/pg_cluster.py), so the folder runs in the
practice-server run only (``THERAPIST_DESK_TEST_BACKEND=postgresql``, a step of .ci/run).
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# The answers files of examples/, saved as the wizard saves them (tests/services).
_sys.path.insert(0, str(_Path(__file__).resolve().parents[1] / "services"))

from collections.abc import Iterator

import pytest
from pg_cluster import ADMIN, OWNER, OWNER_PASSWORD, Cluster, clinician_url

from therapist_desk.services.practice import Practice, open_practice
from therapist_desk.store.server import parse_url


@pytest.fixture
def owner_url(pg_cluster: Cluster, pg_database: str) -> str:
    """The practice owner's URL (what the IT person runs `server` commands with)."""
    return pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)


def _practice(cluster: Cluster, database: str, user: str) -> Practice:
    address, password = parse_url(clinician_url(cluster, database, user))
    practice = open_practice(server=address, password=password)
    practice.settings.clinician_name = f"Dr {user.removeprefix('dr_').title()}"
    return practice


@pytest.fixture
def ada(pg_cluster: Cluster, pg_database: str) -> Iterator[Practice]:
    """The app of the clinician dr_ada, on the practice server."""
    practice = _practice(pg_cluster, pg_database, "dr_ada")
    yield practice
    practice.close()


@pytest.fixture
def ben(pg_cluster: Cluster, pg_database: str) -> Iterator[Practice]:
    """The app of the clinician dr_ben, on the same practice server."""
    practice = _practice(pg_cluster, pg_database, "dr_ben")
    yield practice
    practice.close()


@pytest.fixture
def admin_url(pg_cluster: Cluster, pg_database: str) -> str:
    """The practice admin's URL."""
    return clinician_url(pg_cluster, pg_database, ADMIN)
