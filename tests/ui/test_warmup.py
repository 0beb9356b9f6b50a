"""The PDF warm-up: it loads the renderer and its fonts, and PDFs still render after it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject
from shiboken6 import delete, isValid

from therapist_desk import reports
from therapist_desk.ui.shell.warmup import WarmUp, start_warmup

# A fresh process, so reportlab is really cold (this test process may have loaded it).
# How long the UI thread stalls meanwhile is measured by benchmarks/bench_ui.py, not here.
SCRIPT = r"""
import json, sqlite3, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from therapist_desk.app import ensure_application, start
from therapist_desk.ui.shell.warmup import start_warmup
from therapist_desk.services import summaries
from therapist_desk.ui.widgets.ops import run_op

def wait(until):
    loop = QEventLoop()
    until(loop.quit)
    loop.exec()

db, pdf = Path(sys.argv[1]), Path(sys.argv[2])
app = ensure_application()
window = start(db)
QTimer.singleShot(200, app.quit)
app.exec()
warm = start_warmup(window, delay_ms=0)
wait(warm.finished.connect)
from reportlab.pdfbase import pdfmetrics
fonts = pdfmetrics.getRegisteredFontNames()
with sqlite3.connect(db) as conn:
    intake_id = conn.execute("SELECT id FROM intake WHERE status = 'completed'").fetchone()[0]
made = {}

def make_pdf(quit):
    def done(path):
        made.update(path=str(path))
        quit()
    def failed(message):
        made.update(error=message)
        quit()
    run_op(lambda: summaries.save_summary(
        practice=window.practice, intake_id=intake_id, variant="clinician", path=pdf
    ), done, failed)

wait(make_pdf)
print(json.dumps({"done": warm.done, "error": warm.error, "fonts": fonts, "made": made}))
window.close()
"""


def warming() -> bool:
    return any(thread.name == "pdf-warm-up" for thread in threading.enumerate())


def test_the_warm_up_loads_the_fonts_and_the_first_pdf_renders_after_it(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    db, pdf = tmp_path / "practice.sqlite3", tmp_path / "summary.pdf"
    demo = [sys.executable, "-m", "therapist_desk", "--db", str(db), "demo", "--clients", "2"]
    subprocess.run([*demo, "--seed", "3"], env=cli_env, check=True, capture_output=True)
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), str(pdf)],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["done"] is True and seen["error"] is None
    assert "DejaVuSans" in seen["fonts"] and "DejaVuSans-Bold" in seen["fonts"]
    assert seen["made"] == {"path": str(pdf)}
    assert pdf.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) >= 2


def test_warm_up_is_owned_by_the_window_and_says_when_it_is_done(window, qtbot) -> None:
    assert window.findChildren(WarmUp) == [window.warmup]  # the window starts its own
    warm = start_warmup(window, delay_ms=0)
    assert warm in window.findChildren(WarmUp) and not warm.done
    with qtbot.waitSignal(warm.finished, timeout=60_000):
        pass
    assert warm.done and warm.error is None
    from therapist_desk.reports import render_report

    assert callable(render_report)


def test_a_failed_warm_up_is_only_noted(window, qtbot, monkeypatch, caplog) -> None:
    def broken() -> None:
        raise FileNotFoundError("report font missing: DejaVuSans.ttf")

    monkeypatch.setattr(reports, "warm_up", broken)
    warm = start_warmup(window, delay_ms=0)
    with qtbot.waitSignal(warm.finished, timeout=10_000):
        pass
    assert warm.done and "report font missing" in (warm.error or "")
    assert "PDF warm-up failed" in caplog.text
    assert window.isVisible() and window.informed == []  # nothing put in front of the user


def test_an_owner_gone_before_the_warm_up_ends_is_no_trouble(qtbot, monkeypatch) -> None:
    started, release = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(10)

    monkeypatch.setattr(reports, "warm_up", slow)
    owner = QObject()
    warm = start_warmup(owner, delay_ms=0)
    qtbot.waitUntil(started.is_set, timeout=5000)
    delete(owner)  # the window closed, say, while the worker was still loading
    assert not isValid(warm)
    release.set()
    qtbot.waitUntil(lambda: not warming(), timeout=10_000)
    qtbot.wait(50)  # the thread's report arrives after its owner went away: ignored, no error
    assert warm.done is False
