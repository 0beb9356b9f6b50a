"""The client page of a couple with 50 administrations, on the 10,000-client practice.

    xvfb-run -a .venv/bin/python benchmarks/bench_progress.py [DB]

DB is the 10,000-client demo practice of `run_all.py` (made if missing, at low
priority). A copy gets one more couple: a first consultation and 49 re-assessments
(therapist_desk/demo/progress.py, repeated), imported as `import --client` does. Then,
in the app, the client is chosen in the list; the time is from the choice until the
page (change table, intakes, charts) is filled and painted: the read on the worker
(`services.clients.client_view`, with its progress) and the filling on the UI thread.
Median and max of 7 after one warm-up; the same the first time the client is opened in
the session (its stored records not yet parsed); the CPU time of both threads (what the
work costs, without the waits of a busy machine); and each part on its own. While it
waits for the worker, the UI thread sleeps in the event loop as the app's does (not a
busy loop); the garbage collector is handled as `app.launch` does (paused during
start-up, then what start-up made is frozen), so no pass over the start-up objects lands
inside a run.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ["THERAPIST_DESK_HOME"] = tempfile.mkdtemp(prefix="td-bench-progress-")

ADMINISTRATIONS = 50
RUNS = 7


def add_couple(db: Path) -> int:
    """The couple with 50 administrations; returns its client id."""
    from therapist_desk.cli import main as cli
    from therapist_desk.demo.progress import story_files
    from therapist_desk.intake import load_catalogue, parse_answers_file
    from therapist_desk.intake.catalogue import carried_forward
    from therapist_desk.intake.findings import RULESET_VERSION
    from therapist_desk.models import IntakeCreate, IntakePurpose
    from therapist_desk.services.practice import open_practice
    from therapist_desk.store.reassessment import import_reassessment

    catalogue = load_catalogue()
    folder = Path(tempfile.mkdtemp(prefix="td-bench-story-"))
    files = []
    for n in range(ADMINISTRATIONS):
        visit = story_files(catalogue, dt.date(2022, 1, 3) + dt.timedelta(days=21 * n))
        data = visit[0] if n == 0 else visit[1 + (n - 1) % 5]
        path = folder / f"v{n}.json"
        path.write_text(__import__("json").dumps(data), encoding="utf-8")
        files.append(path)
    assert cli(["--db", str(db), "import", str(files[0])]) == 0
    practice = open_practice(db)
    try:
        with practice.session() as s:
            from sqlmodel import select

            from therapist_desk.models import Client

            client = s.exec(select(Client).order_by(Client.id.desc())).first()  # type: ignore[union-attr]
            assert client is not None and client.id is not None
            ref, client_id = client.reference, client.id
        for path in files[1:]:
            parsed = parse_answers_file(path, catalogue)
            import_reassessment(
                engine=practice.database.engine,
                reference=ref,
                data=IntakeCreate(
                    client_id=0,
                    clinician="Dr Synthetic",
                    catalogue_version=catalogue.version,
                    ruleset_version=RULESET_VERSION,
                    purpose=IntakePurpose.REASSESSMENT,
                    date=parsed.intake.date,
                ),
                catalogue=catalogue,
                answers=parsed.to_intake(catalogue),
                carried=carried_forward(catalogue),
                actor="Dr Synthetic",
            )
    finally:
        practice.close()
        shutil.rmtree(folder, ignore_errors=True)
    return client_id


def main() -> int:
    from run_all import practice as demo_practice

    source = demo_practice(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    from therapist_desk.paths import default_db_path

    db = default_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, db)
    client_id = add_couple(db)

    from PySide6.QtCore import QEventLoop, QThreadPool

    from therapist_desk.app import ensure_application, resume_collector, start
    from therapist_desk.services import clients
    from therapist_desk.store import history

    app = ensure_application()
    gc.disable()  # as `app.launch` starts: the collector paused while the window is built,
    window = start(None)
    assert window is not None
    resume_collector()  # …then what start-up made is frozen, and it runs again
    window.resize(1360, 860)
    window.show()
    controller = window.rooms.clients
    page = window.rooms.clients_page

    cpu: list[float] = []

    def one(*, cold: bool = False) -> float:
        controller.view = None
        if cold:  # the client's records not parsed yet: the first visit of the session
            history.forget_parsed()
        began, used = time.perf_counter(), time.process_time()
        controller.show_client(client_id)
        while controller.loading or controller.view is None:
            # Sleep until the worker's result arrives, as the app's event loop does: a
            # busy loop here would take the interpreter from the worker it waits for.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        page.client_page.repaint()  # painted, not only filled
        cpu.append((time.process_time() - used) * 1000)  # both threads' work, no waiting
        return (time.perf_counter() - began) * 1000

    one()  # warm-up: the first page built, the modules of the client page imported
    cold = [one(cold=True) for _ in range(RUNS)]
    cold_cpu, cpu[:] = cpu[-RUNS:], []
    total = [one() for _ in range(RUNS)]
    read = []
    for _ in range(RUNS):
        began = time.perf_counter()
        view = clients.client_view(practice=window.practice, client_id=client_id)
        read.append((time.perf_counter() - began) * 1000)
    fill = []
    for _ in range(RUNS):
        began = time.perf_counter()
        page.client_page.show_client(view)
        page.client_page.repaint()
        fill.append((time.perf_counter() - began) * 1000)
    assert view.progress is not None
    count = len(view.progress.administrations)
    tracks = len(view.progress.tracks)
    from therapist_desk.services.client_list import count_clients

    n = count_clients(practice=window.practice)
    print(f"clients in the practice: {n}; administrations of the couple: {count}; tracks: {tracks}")
    print(f"choose the client -> page painted: median {statistics.median(total):.1f} ms "
          f"(max {max(total):.1f}; CPU median {statistics.median(cpu):.1f})")  # fmt: skip
    print(f"  the first time in the session: median {statistics.median(cold):.1f} ms "
          f"(max {max(cold):.1f}; CPU median {statistics.median(cold_cpu):.1f})")  # fmt: skip
    print(f"  read on the worker (client_view): median {statistics.median(read):.1f} ms")
    print(f"  fill and paint on the UI thread: median {statistics.median(fill):.1f} ms")
    window.close()
    QThreadPool.globalInstance().waitForDone()  # the backup made on closing, too
    shutil.rmtree(os.environ["THERAPIST_DESK_HOME"], ignore_errors=True)  # 0.5 GB each
    return 0


if __name__ == "__main__":
    sys.exit(main())
