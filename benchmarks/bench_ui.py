"""In-app timings on a large practice, for `run_all.py`: ``bench_ui.py DB [--no-warmup]``.

1. Search: a person types into the client search; each keystroke's search (the filter
   the search box runs after its short pause) until the list has repainted, against a
   raw ``sqlite3`` LIKE query for the same page of 100 rows with the app's pragmas.
2. Event-loop stall: a timer ticks every 2 ms on the UI thread while the app makes a
   clinician PDF on its worker (``services.summaries.save_summary``) and while it sends that PDF by
   email (``sharing.smtp.send_message``) to a local SMTP sink on 127.0.0.1. The longest
   gap between ticks, beyond the 2 ms interval, is the stall a person would feel.
3. Warm-up: the same ticking while the app warms the PDF renderer after start
   (``ui.warmup``; started here if the main window did not start it), measured first,
   as it happens while the app is idle after the first paint.
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from therapist_desk.app import ensure_application, start
from therapist_desk.services import summaries
from therapist_desk.store.engine import PRAGMAS
from therapist_desk.store.search import like_pattern
from therapist_desk.ui.shell.warmup import WarmUp, start_warmup
from therapist_desk.ui.widgets.ops import run_op

TYPED = ("nguyen", "okland", "mor", "silva", "zzq", "amel")
ROUNDS = 5
TICK_MS = 2
RAW_SQL = (
    "SELECT id, reference, kind, display_name, last_activity_at, archived_at FROM client"
    " WHERE search_key LIKE ? ESCAPE '\\' AND archived_at IS NULL"
    " ORDER BY last_activity_at DESC, id DESC LIMIT 100"
)


def keystrokes() -> list[str]:
    """Every prefix of every typed word: what the list is filtered by, key by key."""
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


def bench_search(app: QApplication, window, db: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = window.rooms.clients_page
    raw = sqlite3.connect(db, isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(pragma)
    ours, plain = [], []
    for _ in range(ROUNDS):
        for text in keystrokes():
            start_at = time.perf_counter()
            page.search.setText(text)
            page.apply_filter()
            page.table.viewport().repaint()
            app.processEvents()
            ours.append(time.perf_counter() - start_at)
            start_at = time.perf_counter()
            raw.execute(RAW_SQL, (like_pattern(text),)).fetchall()
            plain.append(time.perf_counter() - start_at)
    raw.close()
    page.search.setText("")
    page.apply_filter()
    return {
        "search_ms": statistics.median(ours) * 1000,
        "search_p95_ms": statistics.quantiles(ours, n=20)[-1] * 1000,
        "raw_like_ms": statistics.median(plain) * 1000,
    }


def stall_until(app: QApplication, begin: Callable[[], None], over: Callable[[], bool]) -> float:
    """The longest gap between UI-thread ticks, in ms beyond the tick, from ``begin()``
    until ``over()`` is true."""
    clock, state = QElapsedTimer(), {"last": None, "worst": 0}
    clock.start()

    def tick() -> None:
        now = clock.elapsed()
        if state["last"] is not None:
            state["worst"] = max(state["worst"], now - state["last"] - TICK_MS)
        state["last"] = now

    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    begin()
    while not over():
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    return float(state["worst"])


def longest_stall(app: QApplication, job) -> float:  # type: ignore[no-untyped-def]
    """The longest gap between UI-thread ticks, in ms beyond the tick, while ``job`` runs."""
    state: dict[str, object] = {"done": False, "error": None}

    def begin() -> None:
        run_op(job, lambda _r: state.update(done=True), lambda m: state.update(error=m))

    worst = stall_until(app, begin, lambda: bool(state["done"]) or state["error"] is not None)
    if state["error"]:
        raise RuntimeError(state["error"])
    return worst


def bench_warmup(app: QApplication, window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The longest stall while the PDF renderer is warmed after start, and how long it took."""
    warm = window.findChild(WarmUp) or start_warmup(window, delay_ms=0)
    began = time.perf_counter()
    stall = stall_until(app, lambda: None, lambda: warm.done)
    if warm.error:
        raise RuntimeError(warm.error)
    return {"warmup_stall_ms": stall, "warmup_ms": (time.perf_counter() - began) * 1000}


def couple_intake(db: Path) -> int:
    conn = sqlite3.connect(db)
    row = conn.execute(
        "SELECT intake.id FROM intake JOIN client ON client.id = intake.client_id"
        " WHERE client.kind = 'couple' AND intake.status = 'completed' LIMIT 1"
    ).fetchone()
    conn.close()
    return int(row[0])


def smtp_sink() -> tuple[subprocess.Popen, int]:
    """An aiosmtpd server that accepts and discards mail, on loopback only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "-c", "aiosmtpd.handlers.Sink"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the local SMTP sink did not start")


def email_job(pdf: Path, port: int):  # type: ignore[no-untyped-def]
    from email.message import EmailMessage

    from therapist_desk.sharing.smtp import SmtpServer, send_message

    def job() -> None:
        message = EmailMessage()
        message["From"], message["To"] = "desk@example.org", "client@example.org"
        message["Subject"] = "Your summary"
        message.set_content("Attached.")
        message.add_attachment(
            pdf.read_bytes(), maintype="application", subtype="pdf", filename="summary.pdf"
        )
        send_message(SmtpServer("127.0.0.1", port, "none"), message, password=None)

    return job


def bench_stalls(app: QApplication, window, db: Path) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    intake_id = couple_intake(db)
    folder = Path(tempfile.mkdtemp(prefix="td-bench-pdf-"))
    pdf = folder / "summary.pdf"

    def save() -> None:
        summaries.save_summary(
            practice=window.practice, intake_id=intake_id, variant="clinician", path=pdf
        )

    idle = longest_stall(app, lambda: time.sleep(0.5))
    pdf_stalls = [longest_stall(app, save) for _ in range(3)]
    result: dict[str, float | None] = {
        "idle_stall_ms": idle,
        "first_pdf_stall_ms": pdf_stalls[0],
        "pdf_stall_ms": max(pdf_stalls[1:]),
    }
    try:
        server, port = smtp_sink()
    except (ImportError, RuntimeError):
        result["email_stall_ms"] = None
        return result
    try:
        result["email_stall_ms"] = max(longest_stall(app, email_job(pdf, port)) for _ in range(3))
    finally:
        server.terminate()
        server.wait(5)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="the 10,000-client practice")
    parser.add_argument(
        "--no-warmup", action="store_true", help="skip step 3 (the app as it was before it)"
    )
    args = parser.parse_args()
    app = ensure_application()
    window = start(args.db)
    assert window is not None, "the app did not start"
    for _ in range(20):
        app.processEvents()
    result = {} if args.no_warmup else bench_warmup(app, window)
    # The start-up jobs (a large practice's integrity check, the day's backup) run on the
    # thread pool; the keystroke and stall timings are for the app once they are done.
    QThreadPool.globalInstance().waitForDone(120_000)
    for _ in range(20):
        app.processEvents()
    result |= bench_search(app, window, args.db) | bench_stalls(app, window, args.db)
    print(json.dumps(result))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
