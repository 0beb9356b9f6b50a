"""A real PostgreSQL server for the tests: Debian's binaries, a local port, no network.

The practice-server run (``THERAPIST_DESK_TEST_BACKEND=postgresql``, a step of `.ci/run`)
runs the storage, application and server tests against it. Each pytest worker starts its
own cluster in a temporary folder (``initdb`` + ``pg_ctl``, as the ``postgres`` user when
the tests run as root, which PostgreSQL refuses to be), listening on 127.0.0.1 only, and
stops it at the end. Passwords are checked (SCRAM), as on a practice's server.

Per test: a fresh database, copied from a template set up once with ``server setup``;
the same clinician logins (``dr_ada``, ``dr_ben``) and practice admin (``pa_admin``) in
every test, made once per cluster (roles belong to the cluster, not to a database).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BACKEND = os.environ.get("THERAPIST_DESK_TEST_BACKEND", "sqlite")
ON_SERVER = BACKEND == "postgresql"
OWNER, OWNER_PASSWORD = "td_owner", "owner-Secret-1"
CLINICIANS = {"dr_ada": "ada-Secret-1", "dr_ben": "ben-Secret-1"}
ADMIN, ADMIN_PASSWORD = "pa_admin", "admin-Secret-1"
SUPERUSER, SUPERUSER_PASSWORD = "td_super", "super-Secret-1"
TEMPLATE = "td_template"
_numbers = itertools.count(1)


def postgres_bin() -> Path | None:
    """The folder of Debian's newest PostgreSQL binaries, if the package is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running test server: where it listens, and how to start and stop it.

    ``durable`` keeps PostgreSQL's defaults (fsync and full-page writes on), for the
    benchmarks; the tests switch both off, as nothing they write must survive a crash.
    """

    bin: Path
    data: Path
    port: int
    as_postgres: bool
    durable: bool = False

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    @property
    def ca_file(self) -> Path:
        """The certificate of the authority that signed the server's (for sslrootcert)."""
        return self.data.parent / "ca.crt"

    def start(self) -> None:
        """Start (or start again) the server; returns once it accepts connections.

        TLS is on, with a certificate for ``localhost`` signed by the test's own CA (a
        cluster kept from before the certificates were made starts without it).
        """
        folder = self.data.parent
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=60"
        if (folder / "server.crt").exists():
            options += (
                f" -c ssl=on -c ssl_cert_file={folder}/server.crt"
                f" -c ssl_key_file={folder}/server.key"
            )
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.data.parent / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: connections are cut, as a server going away)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, user: str, password: str, database: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"


def start_cluster(*, durable: bool = False, root: Path | None = None) -> Cluster:
    """initdb a new cluster in ``root`` (an empty or new folder; default a temporary one),
    start it (``durable``: with fsync on, see `Cluster`), make the test roles."""
    found = postgres_bin()
    if found is None:
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql-15)")
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="td-pg-"))
    else:
        root.mkdir(parents=True, exist_ok=True)
    as_postgres = os.geteuid() == 0
    password_file = root / "pw"
    password_file.write_text(SUPERUSER_PASSWORD)
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(password_file, "postgres")
        root.chmod(0o700)
    cluster = Cluster(found, root / "data", _free_port(), as_postgres, durable)
    _make_certificates(root, as_postgres)
    cluster._run(
        "initdb",
        "-D",
        str(cluster.data),
        "-U",
        SUPERUSER,
        f"--pwfile={password_file}",
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    cluster.start()
    _make_roles(cluster)
    _make_template(cluster)
    return cluster


def _make_certificates(folder: Path, as_postgres: bool) -> None:
    """A test CA, and a server certificate for localhost signed by it (1 day)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(name("Therapist Desk test CA"))
        .issuer_name(name("Therapist Desk test CA")).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder().subject_name(name("localhost")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    pem = serialization.Encoding.PEM
    (folder / "ca.crt").write_bytes(ca.public_bytes(pem))
    (folder / "server.crt").write_bytes(server.public_bytes(pem))
    key_file = folder / "server.key"
    key_file.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    if as_postgres:
        for made in ("ca.crt", "server.crt", "server.key"):
            shutil.chown(folder / made, "postgres")


def _superuser_sql(cluster: Cluster, *statements: str, database: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(
        cluster.url(SUPERUSER, SUPERUSER_PASSWORD, database), autocommit=True
    ) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type]


def _make_roles(cluster: Cluster) -> None:
    # The practice's owner, as docs/practice-server.md has the IT person make it.
    _superuser_sql(
        cluster,
        f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'",
        f"CREATE DATABASE {TEMPLATE} OWNER {OWNER}",
    )


def _make_template(cluster: Cluster) -> None:
    from therapist_desk.store import server_admin

    url = cluster.url(OWNER, OWNER_PASSWORD, TEMPLATE)
    server_admin.setup(url)
    for name, password in CLINICIANS.items():
        server_admin.add_login(url, name, new_password=password)
    server_admin.add_login(url, ADMIN, new_password=ADMIN_PASSWORD, admin=True)


def open_cluster(root: Path, *, durable: bool = False) -> Cluster:
    """A cluster `start_cluster` made in ``root`` before, started again on a free port."""
    found = postgres_bin()
    if found is None:
        pytest.fail("PostgreSQL is not installed (apt-get install postgresql-15)")
    cluster = Cluster(found, root / "data", _free_port(), os.geteuid() == 0, durable)
    cluster.start()
    return cluster


def new_database(cluster: Cluster, name: str | None = None) -> str:
    """A fresh practice database copied from the set-up template; its name."""
    name = name or f"td_test_{os.getpid()}_{next(_numbers)}"
    _superuser_sql(cluster, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER {OWNER}")
    from therapist_desk.store import server_admin

    server_admin.setup(cluster.url(OWNER, OWNER_PASSWORD, name))  # its database grants
    return name


def drop_database(cluster: Cluster, name: str) -> None:
    _superuser_sql(cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


SERVER_RUN = (
    "a practice-server test: run with THERAPIST_DESK_TEST_BACKEND=postgresql "
    "(the second test run of .ci/run)"
)


def worker_cluster() -> Iterator[Cluster]:
    """A cluster of this worker's for a session fixture: started in the practice-server
    run only (skipped in the embedded-file run, and where the package is not installed,
    except in CI, where a practice-server test that cannot run is a failure), stopped and
    removed at the end."""
    if not ON_SERVER:
        pytest.skip(SERVER_RUN)
    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("CI runs the practice-server tests: install postgresql-15")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql-15)")
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        finally:
            shutil.rmtree(cluster.data.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """This worker's PostgreSQL server (`worker_cluster`)."""
    yield from worker_cluster()


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[str]:
    """The name of a fresh, set-up practice database on this worker's server."""
    name = new_database(pg_cluster)
    yield name
    drop_database(pg_cluster, name)


def clinician_url(cluster: Cluster, database: str, user: str = "dr_ada") -> str:
    """The URL a clinician's app connects with."""
    password = CLINICIANS.get(user) or (ADMIN_PASSWORD if user == ADMIN else OWNER_PASSWORD)
    return cluster.url(user, password, database)


@pytest.fixture
def server_database(pg_cluster: Cluster, pg_database: str) -> Iterator[Any]:
    """A fresh practice database on the test server, opened as the clinician dr_ada."""
    from therapist_desk.store.database import open_server_database
    from therapist_desk.store.server import parse_url

    address, password = parse_url(clinician_url(pg_cluster, pg_database))
    database = open_server_database(address, password)
    yield database
    database.engine.dispose()
