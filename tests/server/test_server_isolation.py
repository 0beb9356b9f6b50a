"""Each clinician sees only their own clients, decided by the server itself.

Two clinician logins on one practice server: neither can read, change, search or count
the other's clients, through the app or with the same password and their own tools;
a forged insert is refused; the practice admin assigns clients but reads no answers;
the audit trail records the role; no login the app works with bypasses row security.
"""

from __future__ import annotations

import psycopg
import pytest
from pg_cluster import CLINICIANS, OWNER, OWNER_PASSWORD, Cluster, clinician_url
from server_tools import raw
from service_data import add_people, answer_all, example

from therapist_desk.models import IntakeMode
from therapist_desk.services import clients, intakes
from therapist_desk.services.client_list import search_clients
from therapist_desk.services.practice import Practice
from therapist_desk.store import server_admin
from therapist_desk.store.database import open_server_database
from therapist_desk.store.server import ServerProblem, parse_url


@pytest.fixture
def two_practices(ada: Practice, ben: Practice) -> dict[str, int]:
    """dr_ada's couple with a completed intake; dr_ben's client with a draft."""
    data = example("concurrent.json")
    ada_client = add_people(ada, data)
    ada_intake = intakes.start_intake(practice=ada, client_id=ada_client, mode=IntakeMode.VIDEO)
    answer_all(ada, ada_intake, data)
    intakes.complete_intake(practice=ada, intake_id=ada_intake)
    solo = example("individual-client.json")
    ben_client = add_people(ben, solo)
    ben_intake = intakes.start_intake(practice=ben, client_id=ben_client, mode=IntakeMode.VIDEO)
    answer_all(ben, ben_intake, solo)
    return {
        "ada_client": ada_client,
        "ada_intake": ada_intake,
        "ben_client": ben_client,
        "ben_intake": ben_intake,
    }


def test_each_clinician_lists_searches_and_counts_only_their_own_clients(
    ada: Practice, ben: Practice, two_practices: dict[str, int]
) -> None:
    def names(practice: Practice, query: str = "") -> list[str]:
        lines = search_clients(
            practice=practice, query=query, include_archived=True, limit=50, offset=0
        )
        return [line.display_name for line in lines]

    ada_names, ben_names = names(ada), names(ben)
    assert ada_names == [example("concurrent.json")["participants"][0]["name"] + " & "
                         + example("concurrent.json")["participants"][1]["name"]]  # fmt: skip
    assert ben_names == [example("individual-client.json")["participants"][0]["name"]]
    first_of_ben = ben_names[0].split()[0]
    assert names(ada, first_of_ben) == []
    assert clients.count_clients(practice=ada) == 1
    assert clients.count_clients(practice=ben) == 1


def test_a_clinician_cannot_open_or_change_another_clinicians_client(
    ada: Practice, two_practices: dict[str, int]
) -> None:
    from therapist_desk.errors import UserError

    with pytest.raises(UserError):
        clients.client_view(practice=ada, client_id=two_practices["ben_client"])
    with pytest.raises(UserError):
        intakes.save_answer(
            practice=ada,
            intake_id=two_practices["ben_intake"],
            position=1,
            item_id="phq9.1",
            value=3,
        )


def test_with_the_same_password_and_their_own_tools_nothing_else_is_visible(
    pg_cluster: Cluster, pg_database: str, two_practices: dict[str, int]
) -> None:
    with raw(clinician_url(pg_cluster, pg_database, "dr_ada")) as conn:
        for table in ("client", "participant", "intake", "answer", "score_snapshot"):
            (count,) = conn.execute(
                f"SELECT count(*) FROM {table} t WHERE "  # type: ignore[arg-type]
                + (
                    "t.id = %s" if table == "client" else
                    "t.client_id = %s" if table in ("participant", "intake") else
                    "t.intake_id = %s"
                ),
                (two_practices["ben_client"] if table in ("client", "participant", "intake")
                 else two_practices["ben_intake"],),
            ).fetchone()  # fmt: skip
            assert count == 0, table
        changed = conn.execute(
            "UPDATE participant SET name = 'Changed' WHERE client_id = %s",
            (two_practices["ben_client"],),
        ).rowcount
        assert changed == 0
        deleted = conn.execute(
            "DELETE FROM client WHERE id = %s", (two_practices["ben_client"],)
        ).rowcount
        assert deleted == 0
        (ben_count,) = conn.execute(
            "SELECT count(*) FROM client WHERE assigned_to = 'dr_ben'"
        ).fetchone()
        assert ben_count == 0


def test_forged_inserts_are_refused(
    pg_cluster: Cluster, pg_database: str, two_practices: dict[str, int]
) -> None:
    with raw(clinician_url(pg_cluster, pg_database, "dr_ada")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO client (kind, reference, display_name, search_key, created_at,"
                " last_activity_at, assigned_to) VALUES ('individual', 'forged1', 'Forged',"
                " 'forged', now(), now(), 'dr_ben')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO participant (client_id, position, name) VALUES (%s, 2, 'Forged')",
                (two_practices["ben_client"],),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO answer (intake_id, participant_id, item_id, value_json,"
                " answered_at) VALUES (%s, NULL, 'forged.item', '1', now())",
                (two_practices["ben_intake"],),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # give one's own away
            conn.execute(
                "UPDATE client SET assigned_to = 'dr_ben' WHERE id = %s",
                (two_practices["ada_client"],),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no one may own more
            conn.execute("CREATE TABLE stolen AS SELECT * FROM client")


def test_the_practice_admin_assigns_clients_but_reads_no_answers(
    pg_cluster: Cluster,
    pg_database: str,
    admin_url: str,
    ada: Practice,
    ben: Practice,
    two_practices: dict[str, int],
) -> None:
    with raw(admin_url) as conn:
        rows = conn.execute("SELECT reference, assigned_to FROM client ORDER BY id").fetchall()
        assert [who for _, who in rows] == ["dr_ada", "dr_ben"]
        for table in ("participant", "intake", "answer", "score_snapshot", "decision"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")  # type: ignore[arg-type]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE client SET display_name = 'Renamed'")
    ben_reference = rows[1][0]
    server_admin.assign(admin_url, ben_reference, "dr_ada")
    assert clients.count_clients(practice=ada) == 2
    assert clients.count_clients(practice=ben) == 0
    with pytest.raises(Exception, match="not a clinician"):
        server_admin.assign(admin_url, ben_reference, "pa_admin")


def test_the_audit_trail_records_the_role_that_acted(
    pg_cluster: Cluster, pg_database: str, admin_url: str, two_practices: dict[str, int]
) -> None:
    owner = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    with raw(owner) as conn:
        reference = conn.execute(
            "SELECT reference FROM client WHERE id = %s", (two_practices["ben_client"],)
        ).fetchone()[0]
    server_admin.assign(admin_url, reference, "dr_ada")
    with raw(owner) as conn:
        roles = dict(
            conn.execute(
                "SELECT action, db_role FROM audit_event WHERE client_ref = %s", (reference,)
            ).fetchall()
        )
        assert roles == {"created": "dr_ben", "assigned": "pa_admin"}
    with raw(clinician_url(pg_cluster, pg_database, "dr_ben")) as conn:  # cannot pose as another
        conn.execute(
            "INSERT INTO audit_event (client_ref, action, at, db_role) VALUES"
            " ('x', 'viewed', now(), 'dr_ada')"
        )
        (role,) = conn.execute("SELECT db_role FROM audit_event WHERE client_ref = 'x'").fetchone()
        assert role == "dr_ben"


def test_no_login_the_app_works_with_bypasses_row_security(
    pg_cluster: Cluster, pg_database: str
) -> None:
    owner = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    with raw(owner) as conn:
        rows = conn.execute(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY(%s)",
            ([*CLINICIANS, "pa_admin"],),
        ).fetchall()
        tables = conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")
        owners = {owner for (owner,) in tables.fetchall()}
        forced = conn.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relrowsecurity"
            " AND relforcerowsecurity",
            (["client", "participant", "intake", "answer", "audit_event"],),
        ).fetchall()
    assert len(rows) == 3 and not any(superuser or bypass for _, superuser, bypass in rows)
    assert owners == {OWNER}
    assert len(forced) == 5
    address, password = parse_url(owner)
    with pytest.raises(ServerProblem) as refused:
        open_server_database(address, password)  # the app, with the owner's login
    assert refused.value.kind == "owner_login"
    assert "own clinician login" in str(refused.value)


def test_a_completed_intake_is_protected_on_the_server_too(
    pg_cluster: Cluster, pg_database: str, two_practices: dict[str, int]
) -> None:
    with raw(clinician_url(pg_cluster, pg_database, "dr_ada")) as conn:
        with pytest.raises(psycopg.errors.RestrictViolation, match="never edited in place"):
            conn.execute(
                "UPDATE answer SET value_json = '0' WHERE intake_id = %s",
                (two_practices["ada_intake"],),
            )
        with pytest.raises(psycopg.errors.RestrictViolation):
            conn.execute(
                "UPDATE intake SET notes = 'changed' WHERE id = %s",
                (two_practices["ada_intake"],),
            )


def test_erasing_a_client_removes_every_row_on_the_server_and_only_theirs(
    pg_cluster: Cluster, pg_database: str, ada: Practice, two_practices: dict[str, int]
) -> None:
    owner = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    with raw(owner) as conn:
        (reference,) = conn.execute(
            "SELECT reference FROM client WHERE id = %s", (two_practices["ada_client"],)
        ).fetchone()
    clients.erase_client(practice=ada, client_id=two_practices["ada_client"])
    with raw(owner) as conn:  # the owner sees every row: none of the client is left
        left = {
            table: conn.execute(sql, (value,)).fetchone()[0]  # type: ignore[arg-type]
            for table, sql, value in (
                ("client", "SELECT count(*) FROM client WHERE id = %s",
                 two_practices["ada_client"]),
                ("participant", "SELECT count(*) FROM participant WHERE client_id = %s",
                 two_practices["ada_client"]),
                ("answer", "SELECT count(*) FROM answer WHERE intake_id = %s",
                 two_practices["ada_intake"]),
                ("score_snapshot", "SELECT count(*) FROM score_snapshot WHERE intake_id = %s",
                 two_practices["ada_intake"]),
            )
        }  # fmt: skip
        events = conn.execute(
            "SELECT action, db_role FROM audit_event WHERE client_ref = %s", (reference,)
        ).fetchall()
        (bens,) = conn.execute(
            "SELECT count(*) FROM answer WHERE intake_id = %s", (two_practices["ben_intake"],)
        ).fetchone()
    assert left == {"client": 0, "participant": 0, "answer": 0, "score_snapshot": 0}
    assert events == [("erased", "dr_ada")]
    assert bens > 0
