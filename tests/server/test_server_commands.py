"""The IT person's commands: `therapist-desk server …`, and `clients` on a server.

Each runs as a person would type it (``cli.main``), its output read as they would.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path

import psycopg
import pytest
from pg_cluster import OWNER, OWNER_PASSWORD, SUPERUSER, SUPERUSER_PASSWORD, Cluster
from server_tools import raw
from service_data import add_people, answer_all, example

from therapist_desk.cli import main
from therapist_desk.models import IntakeMode
from therapist_desk.services import clients, intakes, results
from therapist_desk.services.practice import Practice, open_practice
from therapist_desk.store import migrate
from therapist_desk.store.server import ServerProblem, parse_url

_names = itertools.count(1)


def _new_login_name() -> str:
    """Logins belong to the whole test server: each test makes its own."""
    return f"dr_t{os.getpid()}_{next(_names)}"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_setup_makes_a_working_practice_and_is_safe_to_run_again(
    pg_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    with raw(pg_cluster.url(SUPERUSER, SUPERUSER_PASSWORD)) as conn:
        conn.execute("DROP DATABASE IF EXISTS td_fresh")
        conn.execute(f"CREATE DATABASE td_fresh OWNER {OWNER}")
    url = pg_cluster.url(OWNER, OWNER_PASSWORD, "td_fresh")
    try:
        for _ in range(2):
            status, out, err = _run(capsys, "server", "setup", "--url", url)
            assert (status, err) == (0, "")
            assert f"td_fresh on 127.0.0.1 is set up (schema {migrate.head_revision()})" in out
        address, password = parse_url(pg_cluster.url("dr_ada", "ada-Secret-1", "td_fresh"))
        practice = open_practice(server=address, password=password)
        assert clients.count_clients(practice=practice) == 0
        practice.close()
    finally:
        with raw(pg_cluster.url(SUPERUSER, SUPERUSER_PASSWORD)) as conn:
            conn.execute("DROP DATABASE td_fresh WITH (FORCE)")


def test_a_removed_clinicians_clients_stay_and_their_open_app_is_cut_off(
    pg_cluster: Cluster,
    pg_database: str,
    owner_url: str,
    admin_url: str,
    ada: Practice,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = _new_login_name()
    status, out, _ = _run(capsys, "server", "add-clinician", name, "--url", owner_url)
    assert status == 0 and f"Added the clinician login {name}" in out
    password = out.split("shown this once: ")[1].split()[0]
    address, _ = parse_url(pg_cluster.url(name, password, pg_database))
    theirs = open_practice(server=address, password=password)
    client_id = add_people(theirs, example("individual-client.json"))

    status, out, _ = _run(capsys, "server", "remove-clinician", name, "--url", owner_url)
    assert status == 0 and "Their 1 client(s) stay on the server" in out
    with pytest.raises(Exception):  # noqa: B017  (their session was ended on the server)
        clients.client_view(practice=theirs, client_id=client_id)
    theirs.close()
    with pytest.raises(ServerProblem) as again:
        open_practice(server=address, password=password)
    assert again.value.kind in ("wrong_password", "no_login")

    status, out, _ = _run(capsys, "server", "clients", "--format", "json", "--url", admin_url)
    listed = json.loads(out)
    assert [row["assigned_to"] for row in listed] == [name]
    reference = listed[0]["reference"]
    status, out, _ = _run(capsys, "server", "assign", reference, "dr_ada", "--url", admin_url)
    assert status == 0 and f"{reference} is now dr_ada's" in out
    assert clients.count_clients(practice=ada) == 1


def test_logins_lists_every_clinician_and_admin_with_their_clients(
    owner_url: str, ada: Practice, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(ada, example("individual-client.json"))
    status, out, _ = _run(capsys, "server", "logins", "--url", owner_url)
    assert status == 0
    assert "dr_ada  clinician  1 client(s)" in out.splitlines()
    assert "pa_admin  admin  0 client(s)" in out.splitlines()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_single_user_practice_moves_onto_the_server_with_its_file_untouched(
    owner_url: str, ada: Practice, capsys: pytest.CaptureFixture[str]
) -> None:
    single = open_practice()  # the file in this test's data folder
    single.settings.clinician_name = "Dr Solo"
    couple = example("concurrent.json")
    couple_id = add_people(single, couple)
    done = intakes.start_intake(practice=single, client_id=couple_id, mode=IntakeMode.VIDEO)
    answer_all(single, done, couple)
    intakes.complete_intake(practice=single, intake_id=done)
    before = results.results(practice=single, intake_id=done).recommendation
    solo = example("individual-client.json")
    solo_id = add_people(single, solo)
    draft = intakes.start_intake(practice=single, client_id=solo_id, mode=IntakeMode.IN_PERSON)
    answer_all(single, draft, solo)
    file = single.database.file
    single.close()
    digest = _sha256(file)

    status, out, err = _run(
        capsys, "server", "move-from-sqlite", str(file), "--to", "dr_ada", "--url", owner_url
    )
    assert (status, err) == (0, "")
    assert "Moved 2 client(s), 2 intake(s)" in out and "was not changed" in out
    assert _sha256(file) == digest

    assert clients.count_clients(practice=ada) == 2
    moved = {line.id for line in clients.search_clients(
        practice=ada, query="", include_archived=True, limit=10, offset=0)}  # fmt: skip
    views = [clients.client_view(practice=ada, client_id=i) for i in moved]
    completed = [row for view in views for row in view.intakes if row.status == "Completed"]
    assert len(completed) == 1
    after = results.results(practice=ada, intake_id=completed[0].intake_id).recommendation
    assert after["order"] == before["order"]
    assert after["explanation"] == before["explanation"]

    status, _, err = _run(
        capsys, "server", "move-from-sqlite", str(file), "--to", "dr_ada", "--url", owner_url
    )
    assert status == 2 and "already on the server" in err and "Nothing was copied" in err


def test_clients_lists_only_what_the_connected_login_may_see(
    pg_cluster: Cluster,
    pg_database: str,
    ada: Practice,
    ben: Practice,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_people(ada, example("concurrent.json"))
    add_people(ben, example("individual-client.json"))
    url = pg_cluster.url("dr_ben", "ben-Secret-1", pg_database)
    status, out, err = _run(capsys, "--database-url", url, "clients", "--format", "json")
    assert (status, err) == (0, "")
    names = [row["name"] for row in json.loads(out)]
    assert names == [example("individual-client.json")["participants"][0]["name"]]


def test_a_wrong_password_is_one_line_and_no_traceback(
    pg_cluster: Cluster, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_cluster.url(OWNER, "wrong-password", pg_database)
    status, out, err = _run(capsys, "server", "logins", "--url", url)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "refused the password for td_owner" in err


def test_info_names_the_server_and_backup_and_restore_say_they_are_for_a_file(
    pg_cluster: Cluster, pg_database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = pg_cluster.url("dr_ada", "ada-Secret-1", pg_database)
    status, out, _ = _run(capsys, "--database-url", url, "info")
    assert status == 0
    assert f"database: dr_ada@127.0.0.1:{pg_cluster.port}/{pg_database} (practice server)" in out
    assert f"schema: {migrate.head_revision()}" in out
    for argv in (["backup"], ["restore", str(tmp_path / "some-backup.sqlite3")]):
        status, out, err = _run(capsys, "--database-url", url, *argv)
        assert status == 2 and out == ""
        assert "works on a database file" in err and "pg_dump" in err


def test_the_practice_admin_adds_and_removes_logins_but_cannot_become_a_clinician(
    pg_cluster: Cluster,
    pg_database: str,
    admin_url: str,
    ada: Practice,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = _new_login_name()
    status, out, err = _run(capsys, "server", "add-clinician", name, "--url", admin_url)
    assert (status, err) == (0, "") and f"Added the clinician login {name}" in out
    password = out.split("shown this once: ")[1].split()[0]
    address, _ = parse_url(pg_cluster.url(name, password, pg_database))
    theirs = open_practice(server=address, password=password)
    add_people(theirs, example("individual-client.json"))
    theirs.close()
    with raw(admin_url) as conn:  # no CREATEROLE of its own: it cannot take over a login
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER ROLE dr_ada PASSWORD 'taken-over'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("GRANT therapist_desk_clinician TO pa_admin")
    status, out, _ = _run(capsys, "server", "remove-clinician", name, "--url", admin_url)
    assert status == 0 and "Their 1 client(s) stay" in out
    status, _, err = _run(capsys, "server", "add-clinician", name, "--url", admin_url)
    assert status == 2 and "still assigned to the removed login" in err
    assert clients.count_clients(practice=ada) == 0
