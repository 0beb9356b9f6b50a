"""The practice server with 100,000 clients: the app's hot paths against raw psycopg.

    .venv/bin/python benchmarks/bench_server.py [--repeat 5] [--data DIR] [--json FILE]

A PostgreSQL cluster of Debian's binaries (tests/pg_cluster.py) on this machine, with
fsync ON (PostgreSQL's defaults otherwise), kept in DIR (default under /var/tmp; never
tmpfs, where an fsync costs nothing). The first run makes it and fills one practice
database with 100,000 synthetic clients (`demo.plan_practice`, written by
`store.bulk.add_clients` as the owner), shared in turn by four clinicians: dr_ada has
25,000, and row security has the other 75,000 to keep from her. Later runs start the
same cluster again and bring its schema to this tree's (``server setup``, safe to run
again); ``--refill`` makes it anew.

Then, connected as dr_ada, each operation of the app and its baseline in the same run,
alternately (which goes first alternates too), median and p95 of many samples:

- search keystroke: `store.search.search_lines` (typing a surname, one letter at a time;
  and a query matching none of her clients) against the same SELECT on a plain psycopg
  connection as dr_ada;
- save one answer: `store.answers.save_answer` in a new session (as the services call
  it), and the wizard's own `services.intakes.save_answer`, against one
  INSERT … ON CONFLICT + COMMIT of the same row shape as dr_ada;
- open a client page: `services.clients.client_view` (a first visit: the stored records
  not yet parsed) against the same statements the app sent for that client, replayed on
  a plain psycopg connection; and against the same replay with psycopg never preparing
  them, as happens to the app's own (psycopg forgets its prepared statements at every
  ROLLBACK, and each read session of the app ends with one).

It also prints the EXPLAIN (ANALYZE, BUFFERS) plans of the search page query, as dr_ada
and as the owner. Never run by the tests: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
HOME = tempfile.mkdtemp(prefix="td-bench-server-")  # the app's settings, removed at exit
os.environ["THERAPIST_DESK_HOME"] = HOME
atexit.register(shutil.rmtree, HOME, ignore_errors=True)

import pg_cluster  # noqa: E402  (tests/pg_cluster.py: Debian's PostgreSQL in a folder)
import psycopg  # noqa: E402

CLIENTS, SEED = 100_000, 7
DATABASE = "td_bench"
CLINICIANS = {
    "dr_ada": pg_cluster.CLINICIANS["dr_ada"],
    "dr_ben": pg_cluster.CLINICIANS["dr_ben"],
    "dr_cho": "cho-Secret-1",
    "dr_dan": "dan-Secret-1",
}
WHO = "dr_ada"
TYPED = "Moreau"  # a surname of the demo's; each prefix is one keystroke
NO_MATCH = "zzq"
PAGE_CLIENTS = 20
SAVES = 200


def default_data(clients: int) -> Path:
    from therapist_desk import __version__

    return Path("/var/tmp") / f"td-bench-server-{__version__}-{clients}-{SEED}"


def filesystem(path: Path) -> str:
    """The type of the file system holding ``path`` (from /proc/mounts)."""
    best, kind = "", "?"
    resolved = str(path.resolve())
    for line in Path("/proc/mounts").read_text().splitlines():
        _, mount, fstype, *_ = line.split()
        if resolved.startswith(mount) and len(mount) > len(best):
            best, kind = mount, fstype
    return kind


def owner_url(cluster: Any) -> str:
    return cluster.url(pg_cluster.OWNER, pg_cluster.OWNER_PASSWORD, DATABASE)


def url_of(cluster: Any, who: str = WHO) -> str:
    return cluster.url(who, CLINICIANS[who], DATABASE)


def counting(clients: Iterable[Any], total: int) -> Iterator[Any]:
    """``clients`` as they are, telling how far the filling is every 10,000."""
    started = time.perf_counter()
    for n, client in enumerate(clients, start=1):
        if n % 10_000 == 0:
            took = time.perf_counter() - started
            print(f"  {n:,} of {total:,} planned and written ({took:.0f} s)", flush=True)
        yield client


def fill(cluster: Any, clients: int) -> float:
    """Make the practice database and fill it; the seconds the filling took."""
    from therapist_desk.demo.practice import ACTOR, in_turn, plan_practice
    from therapist_desk.intake import load_catalogue
    from therapist_desk.store import server_admin
    from therapist_desk.store.bulk import add_clients

    pg_cluster.new_database(cluster, DATABASE)
    for name in ("dr_cho", "dr_dan"):
        server_admin.add_login(owner_url(cluster), name, password=CLINICIANS[name])
    print(f"Filling {DATABASE} with {clients:,} synthetic clients (once) ...", flush=True)
    started = time.perf_counter()
    planned = plan_practice(load_catalogue(), clients=clients, seed=SEED)
    planned = in_turn(planned, tuple(CLINICIANS))
    with server_admin.owner_engine(owner_url(cluster)) as engine:
        add_clients(engine=engine, clients=counting(planned, clients), actor=ACTOR)
    took = time.perf_counter() - started
    with psycopg.connect(owner_url(cluster), autocommit=True) as connection:
        began = time.perf_counter()
        connection.execute("VACUUM (ANALYZE)")  # as autovacuum would have done by morning
        print(f"  VACUUM (ANALYZE) {time.perf_counter() - began:.0f} s", flush=True)
    return took


def server(data: Path, clients: int, refill: bool) -> tuple[Any, dict[str, Any]]:
    """The running cluster in ``data`` (made and filled if needed) and what the filling
    recorded (clients, seconds)."""
    marker = data / "filled.json"
    if refill and data.exists():
        shutil.rmtree(data)
    if marker.exists():
        cluster = pg_cluster.open_cluster(data, durable=True)
        from therapist_desk.store import server_admin

        server_admin.setup(owner_url(cluster))  # this tree's schema (safe to run again)
        return cluster, json.loads(marker.read_text())
    if data.exists():
        shutil.rmtree(data)  # a filling that did not finish
    cluster = pg_cluster.start_cluster(durable=True, root=data)
    try:
        took = fill(cluster, clients)
    except BaseException:
        cluster.stop("fast")
        raise
    facts = {"clients": clients, "seed": SEED, "fill_s": round(took), "at": time.ctime()}
    marker.write_text(json.dumps(facts))
    return cluster, facts


def machine(cluster: Any, data: Path) -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(owner_url(cluster), autocommit=True) as c:
        settings = {
            name: c.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("server_version", "fsync", "synchronous_commit", "shared_buffers")
        }
        size = c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
    return {
        "cpu": f"{os.cpu_count()} x {cpu}",
        "ram_gb": round(mem_kb / 1024 / 1024),
        "debian": Path("/etc/debian_version").read_text().strip(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "psycopg": psycopg.__version__,
        "data_fs": filesystem(data),
        "database_size": size[0] if size else "?",
        "load": os.getloadavg(),
        **settings,
    }


def stats(samples: list[float]) -> tuple[float, float]:
    """Median and p95 in ms."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def alternate(pairs: Iterable[tuple[Callable[[], Any], Callable[[], Any]]]) -> dict[str, Any]:
    """Time each (app, baseline) pair, which goes first alternating; median and p95 of
    each side, and the app's median CPU time in this process (the rest is waiting for
    the server: round trips, the server's work, the disk)."""
    app: list[float] = []
    base: list[float] = []
    cpu: list[float] = []
    for n, (run_app, run_base) in enumerate(pairs):
        order = ((run_app, app), (run_base, base))
        for action, into in order if n % 2 == 0 else order[::-1]:
            start, start_cpu = time.perf_counter(), time.thread_time()
            action()
            into.append(time.perf_counter() - start)
            if into is app:
                cpu.append(time.thread_time() - start_cpu)
    (am, ap), (bm, bp) = stats(app), stats(base)
    return {
        "app_ms": am, "app_p95": ap, "base_ms": bm, "base_p95": bp, "n": len(app),
        "app_cpu_ms": statistics.median(cpu) * 1000,
    }  # fmt: skip


def raw_connection(cluster: Any, **options: Any) -> psycopg.Connection[Any]:
    """A plain psycopg connection as dr_ada (the app's session time zone)."""
    return psycopg.connect(url_of(cluster), options="-c TimeZone=UTC", **options)


def open_as_clinician(cluster: Any) -> Any:
    """The app's own `Database` on the server, as dr_ada."""
    from therapist_desk.store.database import open_server_database
    from therapist_desk.store.server import parse_url

    return open_server_database(*parse_url(url_of(cluster)))


def page_sql() -> str:
    """The SELECT of a search keystroke, as the app sends it to psycopg."""
    from therapist_desk.store.search import page_sql as app_page_sql
    from therapist_desk.store.sql_style import in_style

    return in_style(app_page_sql(True, False), "pyformat")


def bench_search(cluster: Any, raw: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """A keystroke: `search_lines` against its SELECT on a plain connection."""
    from therapist_desk.store.search import like_pattern, search_lines

    database, sql = open_as_clinician(cluster), page_sql()

    def pair(query: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
        params = (like_pattern(query), 50, 0)
        return (
            lambda: search_lines(engine=database.engine, query=query, limit=50),
            lambda: raw.execute(sql, params).fetchall(),
        )

    typing = [TYPED[:n] for n in range(1, len(TYPED) + 1)]
    for query in [*typing, NO_MATCH]:  # warm: the same rows on both sides
        app, base = pair(query)
        assert [line.id for line in app()] == [row[0] for row in base()], query
    try:
        return {
            "search_typing": {
                "what": f"search keystroke, typing '{TYPED}' (one page of 50)",
                "baseline": "the same SELECT, plain psycopg",
                **alternate(pair(q) for _ in range(20) for q in typing),
            },
            "search_none": {
                "what": f"search keystroke matching none of her clients ('{NO_MATCH}')",
                "baseline": "the same SELECT, plain psycopg",
                **alternate(pair(NO_MATCH) for _ in range(40)),
            },
        }
    finally:
        database.engine.dispose()
        raw.close()


def drafts(raw: psycopg.Connection[Any], count: int) -> list[tuple[int, int]]:
    """(intake id, first participant id) of ``count`` of dr_ada's draft intakes."""
    rows = raw.execute(
        "SELECT i.id, p.id FROM intake i JOIN participant p ON p.client_id = i.client_id"
        " AND p.position = 1 WHERE i.status = 'draft' ORDER BY i.id LIMIT %s",
        (count,),
    ).fetchall()
    raw.commit()
    assert len(rows) == count, rows
    return [(int(a), int(b)) for a, b in rows]


def bench_save(cluster: Any, raw: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """One answer: `save_answer` (and the wizard's service call) against one upsert +
    COMMIT; every answer saved is removed again at the end, so each run starts alike."""
    from therapist_desk.models._base import utcnow
    from therapist_desk.services import intakes as service
    from therapist_desk.services.practice import open_practice
    from therapist_desk.store.answers import _UPSERT_PERSON, _stamp, save_answer
    from therapist_desk.store.server import parse_url
    from therapist_desk.store.session import new_session
    from therapist_desk.store.sql_style import in_style

    address, password = parse_url(url_of(cluster))
    practice = open_practice(server=address, password=password)
    (store_intake, store_person), (service_intake, _), (raw_intake, raw_person) = drafts(raw, 3)
    upsert = in_style(_UPSERT_PERSON, "pyformat")

    def store(n: int) -> None:
        with new_session(practice.database.engine) as session:
            save_answer(
                session=session, intake_id=store_intake, participant_id=store_person,
                item_id=f"bench.{n}", value=n % 4,
            )  # fmt: skip

    def wizard(n: int) -> None:
        service.save_answer(
            practice=practice, intake_id=service_intake, position=1, item_id=f"bench.{n}",
            value=n % 4,
        )  # fmt: skip

    def baseline(n: int) -> None:
        stamp = _stamp(utcnow())
        raw.execute(upsert, (raw_intake, raw_person, f"bench.{n}", json.dumps(n % 4), stamp))
        raw.commit()

    def pairs(app: Callable[[int], None], first: int) -> Iterator[tuple[Any, Any]]:
        for n in range(first, first + SAVES):
            yield (lambda n=n: app(n)), (lambda n=n: baseline(n))

    try:
        return {
            "save_store": {
                "what": "save one answer: store.answers.save_answer, a new session",
                "baseline": "INSERT … ON CONFLICT + COMMIT, plain psycopg",
                **alternate(pairs(store, 0)),
            },
            "save_wizard": {
                "what": "save one answer: services.intakes.save_answer (the wizard's call)",
                "baseline": "INSERT … ON CONFLICT + COMMIT, plain psycopg",
                **alternate(pairs(wizard, SAVES)),
            },
        }
    finally:
        raw.execute(
            "DELETE FROM answer WHERE intake_id = ANY(%s) AND item_id LIKE 'bench.%%'",
            ([store_intake, service_intake, raw_intake],),
        )
        raw.commit()
        raw.close()
        practice.close()


def page_clients(raw: psycopg.Connection[Any]) -> list[int]:
    """``PAGE_CLIENTS`` of dr_ada's clients, spread over the table."""
    (count,) = raw.execute("SELECT count(*) FROM client").fetchone() or (0,)
    step = max(1, int(count) // PAGE_CLIENTS)
    rows = raw.execute(
        "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM client) AS c"
        " WHERE n %% %s = 0 ORDER BY id",
        (step,),
    ).fetchall()
    return [int(row[0]) for row in rows]


def bench_client_page(cluster: Any, raw: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """The client page: `client_view` against the statements it sent, replayed."""
    from sqlalchemy import event

    from therapist_desk.intake import load_catalogue
    from therapist_desk.services.clients import client_view
    from therapist_desk.services.practice import open_practice
    from therapist_desk.store.history import forget_parsed
    from therapist_desk.store.server import parse_url

    address, password = parse_url(url_of(cluster))
    practice = open_practice(server=address, password=password, catalogue=load_catalogue())
    clients = page_clients(raw)
    sent: dict[int, list[tuple[str, Any]]] = {}
    current: list[tuple[str, Any]] = []

    def note(_c: Any, _cur: Any, statement: str, params: Any, *_rest: Any) -> None:
        current.append((statement, params))

    event.listen(practice.database.engine, "before_cursor_execute", note)
    for client_id in clients:
        current = sent[client_id] = []
        client_view(practice=practice, client_id=client_id)
    event.remove(practice.database.engine, "before_cursor_execute", note)

    def app(client_id: int) -> None:
        forget_parsed()  # a first visit: the records are parsed again
        client_view(practice=practice, client_id=client_id)

    unprepared = raw_connection(cluster, autocommit=True, prepare_threshold=None)

    def replay(client_id: int, on: psycopg.Connection[Any] = raw) -> None:
        for statement, params in sent[client_id]:
            on.execute(statement, params).fetchall()

    statements = statistics.median(len(v) for v in sent.values())
    what = f"open a client page: services.clients.client_view, first visit ({statements:.0f}"
    try:
        return {
            "client_page": {
                "what": f"{what} statements)",
                "baseline": "the same statements, plain psycopg",
                **alternate(
                    ((lambda c=c: app(c)), (lambda c=c: replay(c)))
                    for _ in range(5)
                    for c in clients
                ),
            },
            "client_page_unprepared": {
                "what": f"{what} statements), against statements planned every time",
                "baseline": "the same, psycopg never preparing (as the app's sessions)",
                **alternate(
                    ((lambda c=c: app(c)), (lambda c=c: replay(c, unprepared)))
                    for _ in range(5)
                    for c in clients
                ),
            },
        }
    finally:
        raw.close()
        unprepared.close()
        practice.close()


def plans(cluster: Any) -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the search page query, as dr_ada and as the owner."""
    from therapist_desk.store.search import like_pattern

    found = {}
    for who, url in ((WHO, url_of(cluster)), ("the owner", owner_url(cluster))):
        with psycopg.connect(url) as connection:
            for query in ("mor", NO_MATCH):
                rows = connection.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) " + page_sql(), (like_pattern(query), 50, 0)
                ).fetchall()
                found[f"{who}, '{query}'"] = "\n".join(row[0] for row in rows)
    return found


def one_run(cluster: Any) -> dict[str, dict[str, Any]]:
    """Every operation once: app and baseline, alternately."""
    gc.collect()
    return {
        **bench_search(cluster, raw_connection(cluster, autocommit=True)),
        **bench_save(cluster, raw_connection(cluster)),
        **bench_client_page(cluster, raw_connection(cluster, autocommit=True)),
    }


def cell(row: dict[str, Any]) -> str:
    ratio = row["app_ms"] / row["base_ms"]
    return (
        f"{ratio:.2f}x ({row['app_ms']:.2f}/{row['base_ms']:.2f} ms;"
        f" p95 {row['app_p95']:.2f}/{row['base_p95']:.2f})"
    )


def table(runs: list[dict[str, dict[str, Any]]]) -> str:
    heads = " | ".join(f"run {n}" for n in range(1, len(runs) + 1))
    lines = [
        f"| what (as {WHO}) | baseline in the same run | {heads} |",
        "|---|---|" + "---|" * len(runs),
    ]
    for key, row in runs[0].items():
        cells = " | ".join(cell(run[key]) for run in runs)
        lines.append(f"| {row['what']} | {row['baseline']} | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Make or start the server, run ``--repeat`` runs, print the table and the plans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of every operation")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="clients when filling")
    parser.add_argument("--data", type=Path, help="the cluster's folder (default: /var/tmp/…)")
    parser.add_argument("--refill", action="store_true", help="make and fill it anew")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    args.data = args.data or default_data(args.clients)
    if filesystem(args.data.parent) == "tmpfs":
        parser.error(f"{args.data} is on tmpfs, where fsync costs nothing: choose a disk")
    cluster, filled = server(args.data, args.clients, args.refill)
    try:
        facts = machine(cluster, args.data)
        print(json.dumps({"machine": facts, "filled": filled}, indent=1), flush=True)
        runs = []
        for n in range(args.repeat):
            runs.append(one_run(cluster))
            print(f"run {n + 1}: " + "; ".join(f"{k} {cell(v)}" for k, v in runs[-1].items()))
        if runs:
            print(table(runs))
        found = plans(cluster)
        for name, plan in found.items():
            print(f"\n-- {name}\n{plan}")
        if args.json:
            record = {"machine": facts, "filled": filled, "runs": runs, "plans": found}
            args.json.write_text(json.dumps(record, indent=1))
    finally:
        cluster.stop("fast")
    print(f"\nThe cluster is kept in {args.data} for later runs (remove it when done).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
