"""Store benchmarks, run by hand: ``.venv/bin/python benchmarks/bench_store.py``.

1. Saving one answer with ``save_answer`` (check the draft, upsert, touch the client,
   COMMIT with synchronous=FULL) against a raw ``sqlite3`` INSERT + COMMIT into the same
   table of the same kind of file (same migrations, same pragmas). Target: at most 2x.
2. Searching 10,000 clients with ``search_clients`` (one page of 50, partial and
   accent-insensitive) against a raw ``sqlite3`` LIKE on the same table. Target: under
   20 ms median.

Medians over many runs; the two sides are interleaved so disk noise hits both.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from therapist_desk.models import ClientCreate, IntakeCreate
from therapist_desk.store.answers import save_answer
from therapist_desk.store.clients import create_client, search_clients
from therapist_desk.store.database import open_database
from therapist_desk.store.engine import PRAGMAS
from therapist_desk.store.intakes import start_intake
from therapist_desk.store.search import display_name, like_pattern, search_key

SAVES = 400
SEARCHES = 200
CLIENTS = 10_000
FIRST = ["Amélie", "Jonas", "Zoë", "Björn", "Chloé", "Kai", "Inès", "Mateo", "Ana", "Léa"]
LAST = ["Moreau", "Berg", "Quinn", "Økland", "Dubois", "Silva", "Novák", "Kowalski", "Lund"]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the app's pragmas, in autocommit mode."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_save(folder: Path) -> tuple[float, float]:
    store_db = open_database(folder / "store" / "db.sqlite3", daily_backup=False)
    raw_db = open_database(folder / "raw" / "db.sqlite3", daily_backup=False)
    for db in (store_db, raw_db):
        with Session(db.engine) as session:
            data = {"kind": "individual", "participants": [{"name": "Bench Person"}]}
            client = create_client(session=session, data=ClientCreate.model_validate(data))
            start_intake(
                session=session,
                data=IntakeCreate(
                    client_id=client.id, clinician="B", catalogue_version="1", ruleset_version="1"
                ),
            )
    raw_db.engine.dispose()
    raw = raw_connection(raw_db.path)
    session = Session(store_db.engine)
    store_times, raw_times = [], []
    for n in range(SAVES):
        store_times.append(
            timed(
                lambda n=n: save_answer(
                    session=session, intake_id=1, participant_id=1, item_id=f"i.{n}", value=n % 4
                )
            )
        )

        def raw_insert(n: int = n) -> None:
            raw.execute(
                "INSERT INTO answer (intake_id, participant_id, item_id, value_json, answered_at)"
                " VALUES (1, 1, ?, ?, datetime('now'))",
                (f"i.{n}", str(n % 4)),
            )

        raw_times.append(timed(lambda: (raw.execute("BEGIN"), raw_insert(), raw.execute("COMMIT"))))
    session.close()
    raw.close()
    store_db.engine.dispose()
    return median_ms(store_times), median_ms(raw_times)


def populate(db_path: Path) -> None:
    """10,000 synthetic clients, inserted in bulk."""
    rng = random.Random(4)
    rows = []
    for i in range(CLIENTS):
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}{i}" for _ in range(rng.choice([1, 2]))]
        stamp = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:00:00.000000"
        kind = "individual" if len(names) == 1 else "couple"
        archived = stamp if rng.random() < 0.1 else None
        rows.append(
            (kind, f"ref{i}", display_name(names), search_key(names), stamp, stamp, archived)
        )
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executemany(
            "INSERT INTO client (kind, reference, display_name, search_key, created_at,"
            " last_activity_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("ANALYZE")
    conn.close()


def bench_search(folder: Path) -> list[tuple[str, float, float, int]]:
    db = open_database(folder / "search" / "db.sqlite3", daily_backup=False)
    populate(db.path)
    raw = raw_connection(db.path)
    session = Session(db.engine)
    results = []
    for query in ["moré", "okland", "zz-no-match", "a"]:
        store_times, raw_times = [], []
        pattern = like_pattern(query)
        found = 0
        for _ in range(SEARCHES):
            store_times.append(
                timed(lambda q=query: search_clients(session=session, query=q, limit=50))
            )
            raw_times.append(
                timed(
                    lambda p=pattern: raw.execute(
                        "SELECT id, reference, kind, display_name, last_activity_at, archived_at"
                        " FROM client WHERE search_key LIKE ? ESCAPE '\\'"
                        " AND archived_at IS NULL ORDER BY last_activity_at DESC, id DESC"
                        " LIMIT 50",
                        (p,),
                    ).fetchall()
                )
            )
        found = len(search_clients(session=session, query=query, limit=50))
        results.append((query, median_ms(store_times), median_ms(raw_times), found))
    session.close()
    raw.close()
    db.engine.dispose()
    return results


def main() -> int:
    """Run both benchmarks and print medians, baselines and ratios."""
    with tempfile.TemporaryDirectory(prefix="td-bench-") as tmp:
        folder = Path(tmp)
        store_ms, raw_ms = bench_save(folder)
        print(f"save one answer, median of {SAVES} (synchronous=FULL, WAL):")
        print(f"  save_answer          {store_ms:8.3f} ms")
        print(f"  raw INSERT + COMMIT  {raw_ms:8.3f} ms")
        print(f"  ratio                {store_ms / raw_ms:8.2f}x   (target <= 2x)")
        print(f"search {CLIENTS:,} clients, one page of 50, median of {SEARCHES}:")
        for query, store, raw, found in bench_search(folder):
            print(
                f"  {query!r:14} search_clients {store:7.3f} ms   raw LIKE {raw:7.3f} ms"
                f"   ratio {store / raw:5.2f}x   ({found} shown; target < 20 ms)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
