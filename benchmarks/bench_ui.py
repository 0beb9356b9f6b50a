"""In-app timings on a large practice, for `run_all.py`: ``bench_ui.py DB [--no-warmup]``.

The app runs on a copy of DB in the data folder (THERAPIST_DESK_HOME): the erase, the
backup and the completed intake below change the copy, never DB itself.

1. Search: a person types into the client search; each keystroke's search (the filter
   the search box runs after its short pause) until the list has repainted. Baseline,
   in the same process and the same minutes: the same query through plain ``sqlite3``
   (the app's pragmas), its rows put in a minimal Qt table model, and the same visible
   rows repainted in a QTableView of the same size, columns and style.
2. Event-loop stall: a timer ticks every 2 ms on the UI thread while the app does
   something on its worker; the longest gap between ticks, beyond the 2 ms interval, is
   the stall a person would feel (what the click itself does on the UI thread counts
   from the first tick). Each goes through the app's own path, as a click
   would: making a clinician PDF (``services.summaries.save_summary``), sending it by
   email to a local SMTP sink on 127.0.0.1, erasing a client (Client > Erase, the
   database and its backup are rewritten), backing up (File > Back up now), finishing
   an intake (until its results are shown) and printing a 6-page summary to a PDF-file
   printer (the preview's Print once the print dialog is answered: the print job of
   ``ui.sharing.printing.print_pdf``, a process of its own, waited for by ``run_op``).
3. Warm-up: the same ticking while the app warms the PDF renderer after start
   (``ui.warmup``; started here if the main window did not start it), measured first,
   as it happens while the app is idle after the first paint.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QElapsedTimer, QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from therapist_desk.app import ensure_application, resume_collector, start
from therapist_desk.services import summaries
from therapist_desk.store.engine import PRAGMAS
from therapist_desk.store.search import like_pattern
from therapist_desk.ui.shell.warmup import WarmUp, start_warmup
from therapist_desk.ui.widgets.dialogs import Dialogs
from therapist_desk.ui.widgets.ops import run_op

TYPED = ("nguyen", "okland", "mor", "silva", "zzq", "amel")
ROUNDS = 5
TICK_MS = 2
TAIL_MS = 100
PRINTED_PAGES = 6
RAW_SQL = (
    "SELECT id, kind, display_name, last_activity_at, archived_at IS NOT NULL FROM client"
    " WHERE search_key LIKE ? ESCAPE '\\' AND archived_at IS NULL"
    " ORDER BY last_activity_at DESC, id DESC LIMIT 100 OFFSET 0"
)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def keystrokes() -> list[str]:
    """Every prefix of every typed word: what the list is filtered by, key by key."""
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


class RawRows(QAbstractTableModel):
    """The baseline's model: the raw query's rows as they came, three columns of text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Any, ...]] = []

    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Any, role: int = DISPLAY) -> Any:
        if role != DISPLAY:
            return None
        row = self.rows[index.row()]
        return str(row[(2, 1, 3)[index.column()]])  # name, kind, last activity


def baseline_view(table: QTableView) -> tuple[QTableView, RawRows]:
    """A QTableView like the app's list: same size, columns, header and selection."""
    model = RawRows()
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(table.selectionBehavior())
    header, theirs = view.horizontalHeader(), table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, theirs.sectionSize(column))
    view.resize(table.size())
    view.show()
    return view, model


def bench_search(app: QApplication, window, db: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = window.rooms.clients_page
    raw = sqlite3.connect(db, isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(pragma)
    view, model = baseline_view(page.table)
    for _ in range(10):
        app.processEvents()
    ours, plain, rows_seen = [], [], []
    for _ in range(ROUNDS):
        for text in keystrokes():
            start_at = time.perf_counter()
            page.search.setText(text)
            page.apply_filter()
            page.table.viewport().repaint()
            app.processEvents()
            ours.append(time.perf_counter() - start_at)
            start_at = time.perf_counter()
            model.set_rows(raw.execute(RAW_SQL, (like_pattern(text),)).fetchall())
            view.viewport().repaint()
            app.processEvents()
            plain.append(time.perf_counter() - start_at)
            rows_seen.append((page.model.rowCount(), model.rowCount()))
    raw.close()
    view.close()
    assert all(a == b for a, b in rows_seen), "the baseline did not show the same rows"
    page.search.setText("")
    page.apply_filter()
    return {
        "search_ms": statistics.median(ours) * 1000,
        "search_p95_ms": statistics.quantiles(ours, n=20)[-1] * 1000,
        "search_base_ms": statistics.median(plain) * 1000,
        "search_base_p95_ms": statistics.quantiles(plain, n=20)[-1] * 1000,
    }


def stall_until(app: QApplication, begin: Callable[[], None], over: Callable[[], bool]) -> float:
    """The longest gap between UI-thread ticks, in ms beyond the tick, from ``begin()``
    until ``over()`` is true and TAIL_MS after (the event that made it true can be the
    longest: its gap ends only at the next tick)."""
    clock, state = QElapsedTimer(), {"last": None, "worst": 0}
    clock.start()
    _restart.append(lambda: state.update(last=clock.elapsed(), worst=0))

    def tick() -> None:
        now = clock.elapsed()
        if state["last"] is not None:
            state["worst"] = max(state["worst"], now - state["last"] - TICK_MS)
        state["last"] = now

    timer = QTimer(interval=TICK_MS)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    state["last"] = clock.elapsed()  # what begin() does on the UI thread counts too
    begin()
    ended = None
    while ended is None or clock.elapsed() - ended < TAIL_MS:
        app.processEvents()
        time.sleep(0.0005)
        if ended is None and over():
            ended = clock.elapsed()
    timer.stop()
    _restart.clear()
    return float(state["worst"])


_restart: list[Callable[[], None]] = []


def from_here() -> None:
    """Count the stall being measured from now: what came before was the person's part
    (a dialog being read and answered), not the app's."""
    for restart in _restart:
        restart()


def longest_stall(app: QApplication, job) -> float:  # type: ignore[no-untyped-def]
    """The longest gap between UI-thread ticks, in ms beyond the tick, while ``job`` runs."""
    state: dict[str, object] = {"done": False, "error": None}

    def begin() -> None:
        run_op(job, lambda _r: state.update(done=True), lambda m: state.update(error=m))

    worst = stall_until(app, begin, lambda: bool(state["done"]) or state["error"] is not None)
    if state["error"]:
        raise RuntimeError(state["error"])
    return worst


def app_stall(app: QApplication, window, begin, done: Callable[[], bool]) -> float:  # type: ignore[no-untyped-def]
    """The longest stall while the app does ``begin()``, until ``done()`` or a warning."""
    warned = len(window.informed)
    worst = stall_until(app, begin, lambda: done() or len(window.informed) > warned)
    if len(window.informed) > warned:
        raise RuntimeError(f"the app said: {window.informed[-1]}")
    return worst


def bench_warmup(app: QApplication, window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The longest stall while the PDF renderer is warmed after start, and how long it took."""
    warm = window.findChild(WarmUp) or start_warmup(window, delay_ms=0)
    began = time.perf_counter()
    stall = stall_until(app, lambda: None, lambda: warm.done)
    if warm.error:
        raise RuntimeError(warm.error)
    return {"warmup_stall_ms": stall, "warmup_ms": (time.perf_counter() - began) * 1000}


def one(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def couple_intake(db: Path) -> int:
    return one(
        db,
        "SELECT intake.id FROM intake JOIN client ON client.id = intake.client_id"
        " WHERE client.kind = 'couple' AND intake.status = 'completed' LIMIT 1",
    )


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


def pdf_stalls(app: QApplication, window, db: Path, folder: Path) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    intake_id = couple_intake(db)
    pdf = folder / "summary.pdf"

    def save() -> None:
        summaries.save_summary(
            practice=window.practice, intake_id=intake_id, variant="clinician", path=pdf
        )

    idle = longest_stall(app, lambda: time.sleep(0.5))
    stalls = [longest_stall(app, save) for _ in range(3)]
    result: dict[str, float | None] = {
        "idle_stall_ms": idle,
        "first_pdf_stall_ms": stalls[0],
        "pdf_stall_ms": max(stalls[1:]),
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


def erase_stall(app: QApplication, window, db: Path) -> float:  # type: ignore[no-untyped-def]
    """Client > Erase on a couple with intakes, the name typed (the dialog is answered)."""
    client_id = one(
        db,
        "SELECT client.id FROM client JOIN intake ON intake.client_id = client.id"
        " WHERE client.kind = 'couple' GROUP BY client.id ORDER BY count(*) DESC LIMIT 1",
    )
    clients = window.rooms.clients
    clients.show_client(client_id)
    while clients.loading or clients.view is None:
        app.processEvents()
    window.dialogs.run_dialog = lambda dialog: from_here() or True  # name typed, Erase pressed
    window.statusBar().clearMessage()
    erased = "The client was erased."
    return app_stall(
        app, window, clients.erase_client, lambda: window.statusBar().currentMessage() == erased
    )


def backup_stall(app: QApplication, window) -> float:  # type: ignore[no-untyped-def]
    """File > Back up now."""
    bar = window.statusBar()
    bar.clearMessage()
    return app_stall(
        app,
        window,
        window.rooms.actions.back_up.trigger,
        lambda: bar.currentMessage().startswith("Backed up to "),
    )


def complete_stall(app: QApplication, window, db: Path) -> float:  # type: ignore[no-untyped-def]
    """Intake > Finish on a draft, until the results-ready page shows its results (the
    finish is confirmed)."""
    draft = one(db, "SELECT id FROM intake WHERE status = 'draft' ORDER BY id LIMIT 1")
    rooms = window.rooms
    rooms.intake.open_draft(draft)
    for _ in range(20):
        app.processEvents()
    return app_stall(
        app,
        window,
        rooms.intake.complete,
        lambda: rooms.showing(rooms.ready_page) and rooms.results.intake_id == draft,
    )


def print_stall(app: QApplication, window, db: Path, folder: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Print a 6-page clinician summary to a PDF-file printer, as the preview's Print does."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    conn = sqlite3.connect(db)
    candidates = [
        row[0]
        for row in conn.execute(
            "SELECT intake.id FROM intake JOIN client ON client.id = intake.client_id"
            " WHERE client.kind = 'couple' AND intake.status = 'completed'"
            " ORDER BY intake.id LIMIT 60"
        )
    ]
    conn.close()
    for intake_id in candidates:
        pdf = summaries.render_summary(
            practice=window.practice, intake_id=intake_id, variant="clinician"
        )
        if len(PdfReader(io.BytesIO(pdf)).pages) == PRINTED_PAGES:
            break
    else:
        raise RuntimeError(f"no {PRINTED_PAGES}-page summary among {len(candidates)} intakes")
    target = folder / "printed.pdf"

    # Made before: the print dialog (which makes the printer) is answered already.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    QPrintDialog(printer, window).deleteLater()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    window.dialogs.ask_printer = lambda: from_here() or printer  # Print pressed in it
    sharing = window.rooms.sharing  # made when the preview opened, before Print is pressed
    idle(app)  # the window has caught up (finding the summary above ran no event loop)
    bar = window.statusBar()
    bar.clearMessage()
    began = time.perf_counter()
    stall = app_stall(
        app,
        window,
        lambda: sharing.print_bytes(intake_id, "clinician", pdf),
        lambda: bar.currentMessage() == f"Sent {PRINTED_PAGES} pages to the printer.",
    )
    took = (time.perf_counter() - began) * 1000
    assert len(PdfReader(target).pages) == PRINTED_PAGES
    return {"print_stall_ms": stall, "print_ms": took}


def timed_ms(action: Callable[[], float]) -> tuple[float, float]:
    began = time.perf_counter()
    stall = action()
    return stall, (time.perf_counter() - began) * 1000


def bench_stalls(app: QApplication, window, db: Path) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(prefix="td-bench-out-"))
    result = pdf_stalls(app, window, db, folder)
    result |= print_stall(app, window, db, folder)
    result["backup_stall_ms"], result["backup_ms"] = timed_ms(lambda: backup_stall(app, window))
    result["complete_stall_ms"], result["complete_ms"] = timed_ms(
        lambda: complete_stall(app, window, db)
    )
    result["erase_stall_ms"], result["erase_ms"] = timed_ms(lambda: erase_stall(app, window, db))
    shutil.rmtree(folder, ignore_errors=True)
    return result


def idle(app: QApplication, seconds: float = 0.3) -> None:
    """Run the event loop a moment, as it runs while a person reads the screen."""
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < seconds * 1000:
        app.processEvents()
        time.sleep(0.005)


def settle(app: QApplication) -> None:
    """Let start-up's jobs (integrity check, the day's backup, the catalogue) finish."""
    for _ in range(20):
        app.processEvents()
    QThreadPool.globalInstance().waitForDone(300_000)
    from therapist_desk.ui.widgets import ops

    if hasattr(ops, "housekeeping_pool"):  # not in the tree before docs/benchmarks' fixes
        ops.housekeeping_pool().waitForDone(300_000)
    for _ in range(20):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="the 10,000-client practice (copied, not changed)")
    parser.add_argument(
        "--no-warmup", action="store_true", help="skip step 3 (the app as it was before it)"
    )
    args = parser.parse_args()
    home = Path(os.environ["THERAPIST_DESK_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    db = home / "bench-practice.sqlite3"
    shutil.copyfile(args.db, db)
    app = ensure_application()
    informed: list[tuple[str, str]] = []
    Dialogs.inform = lambda self, title, text, warning=False: informed.append((title, text))
    gc.disable()  # as `app.launch` starts: no collector while the window is built,
    window = start(db)
    assert window is not None, "the app did not start"
    window.informed = informed
    for _ in range(20):
        app.processEvents()
    result = {} if args.no_warmup else bench_warmup(app, window)
    # The start-up jobs run on the thread pool; the timings are for the app once they
    # are done (the day's backup of the copy, a whole-file write, among them).
    settle(app)
    resume_collector()  # …then what start-up made is frozen and it runs again, as there
    result |= bench_search(app, window, db)
    result |= bench_stalls(app, window, db)
    print(json.dumps(result))
    window.close()
    QThreadPool.globalInstance().waitForDone(60_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
