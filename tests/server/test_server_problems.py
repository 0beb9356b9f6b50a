"""Each way of failing to reach the practice server gets one clear message, and nothing
is changed: a wrong password, a wrong certificate, an unreachable server, a database
that is missing, not set up, older or newer than this version of the app."""

from __future__ import annotations

import pytest
from pg_cluster import OWNER, OWNER_PASSWORD, SUPERUSER, SUPERUSER_PASSWORD, Cluster
from server_tools import raw

from therapist_desk.store.database import open_server_database
from therapist_desk.store.server import ServerAddress, ServerProblem


def _address(cluster: Cluster, database: str, **changes: object) -> ServerAddress:
    base = {"host": "127.0.0.1", "user": "dr_ada", "port": cluster.port, "database": database}
    return ServerAddress(**{**base, **changes})  # type: ignore[arg-type]


def _problem(address: ServerAddress, password: str | None) -> ServerProblem:
    with pytest.raises(ServerProblem) as caught:
        open_server_database(address, password)
    message = str(caught.value)
    assert "Traceback" not in message and "psycopg" not in message
    return caught.value


def test_a_wrong_password_is_said_as_such(pg_cluster: Cluster, pg_database: str) -> None:
    problem = _problem(_address(pg_cluster, pg_database), "not-the-password")
    assert problem.kind == "wrong_password"
    assert "refused the password for dr_ada" in str(problem)


def test_an_unreachable_server_is_said_as_such(pg_cluster: Cluster, pg_database: str) -> None:
    import socket

    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    problem = _problem(_address(pg_cluster, pg_database, port=port), "x")
    assert problem.kind == "unreachable"
    assert f"127.0.0.1:{port} cannot be reached" in str(problem)


def test_a_certificate_that_cannot_be_verified_stops_the_connection(
    pg_cluster: Cluster, pg_database: str, tmp_path
) -> None:
    # The server's certificate is signed by the test's CA; trusting another CA fails.
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    other_ca = tmp_path / "other-ca.crt"
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Another CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    other_ca.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    address = _address(
        pg_cluster, pg_database, host="localhost", sslmode="verify-full",
        sslrootcert=str(other_ca),
    )  # fmt: skip
    problem = _problem(address, "ada-Secret-1")
    assert problem.kind == "certificate"
    assert "could not be verified" in str(problem) and "nothing was sent" in str(problem)


def test_the_right_certificate_is_verified_and_the_connection_is_encrypted(
    pg_cluster: Cluster, pg_database: str
) -> None:
    address = _address(
        pg_cluster, pg_database, host="localhost", sslmode="verify-full",
        sslrootcert=str(pg_cluster.ca_file),
    )  # fmt: skip
    database = open_server_database(address, "ada-Secret-1")
    try:
        with database.engine.connect() as connection:
            encrypted = connection.exec_driver_sql(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).scalar()
        assert encrypted is True
    finally:
        database.engine.dispose()


def test_a_remote_host_is_verified_by_default() -> None:
    remote = ServerAddress(host="db.practice.example", user="dr_ada")
    assert remote.effective_sslmode == "verify-full"
    assert ServerAddress(host="localhost", user="dr_ada").effective_sslmode == "prefer"


def test_a_missing_database_is_said_as_such(pg_cluster: Cluster) -> None:
    problem = _problem(_address(pg_cluster, "no_such_practice"), "ada-Secret-1")
    assert problem.kind == "no_database"
    assert "has no database 'no_such_practice'" in str(problem)


def test_a_database_not_set_up_is_said_as_such(pg_cluster: Cluster) -> None:
    with raw(pg_cluster.url(SUPERUSER, SUPERUSER_PASSWORD)) as conn:
        conn.execute("DROP DATABASE IF EXISTS td_empty")
        conn.execute(f"CREATE DATABASE td_empty OWNER {OWNER}")
        conn.execute("GRANT CONNECT ON DATABASE td_empty TO therapist_desk_clinician")
    try:
        problem = _problem(_address(pg_cluster, "td_empty"), "ada-Secret-1")
        assert problem.kind == "not_set_up"
        assert "therapist-desk server setup" in str(problem)
    finally:
        with raw(pg_cluster.url(SUPERUSER, SUPERUSER_PASSWORD)) as conn:
            conn.execute("DROP DATABASE td_empty WITH (FORCE)")


@pytest.mark.parametrize(
    ("revision", "kind", "words"),
    [
        ("0010", "old_schema", "older schema (0010)"),
        ("0099", "newer_schema", "newer version of Therapist Desk (schema 0099"),
    ],
)
def test_an_older_or_newer_schema_is_said_as_such_and_left_alone(
    pg_cluster: Cluster, pg_database: str, revision: str, kind: str, words: str
) -> None:
    owner = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    with raw(owner) as conn:
        conn.execute("UPDATE alembic_version SET version_num = %s", (revision,))
    problem = _problem(_address(pg_cluster, pg_database), "ada-Secret-1")
    assert problem.kind == kind
    assert words in str(problem)
    with raw(owner) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
