"""Every benchmark in one run: ``.venv/bin/python benchmarks/run_all.py``.

Each row times the app against a baseline measured in the same run and prints both, the
ratio and the target; the Markdown tables it prints are what goes into
docs/benchmarks.md. ``--repeat`` runs the whole set that many times (five for the doc)
and the table gives every run's figure, row by row. Starts are timed in fresh
processes (``start_harness.py``) under QT_QPA_PLATFORM=offscreen, the modes interleaved,
median of ``--runs`` per mode and run; the 10,000-client practice is made once with
``therapist-desk demo`` and kept in the temp folder for later runs (``--practice PATH``
to use another). Never run by the tests: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PYTHON = sys.executable
CLIENTS, SEED = 10_000, 7


def env(home: Path) -> dict[str, str]:
    """The starts' environment: offscreen, a scratch home, and bytecode caches allowed.

    An installed app runs from compiled bytecode (pip compiles it at install time); a
    shell with PYTHONDONTWRITEBYTECODE set would make every start compile the app's
    modules (and fewer of the baseline's) from source, which no user's start does.
    The first, untimed start of each mode writes the caches.
    """
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return base | {"QT_QPA_PLATFORM": "offscreen", "THERAPIST_DESK_HOME": str(home)}


def practice(path: Path | None) -> Path:
    """The 10,000-client demo database (made once, at low priority, then reused)."""
    from therapist_desk import __version__

    db = path or Path(tempfile.gettempdir()) / f"td-bench-{__version__}-{CLIENTS}-{SEED}.sqlite3"
    if not db.exists():
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        command = ["nice", PYTHON, "-m", "therapist_desk", "--db", str(partial), "demo"]
        subprocess.run([*command, "--clients", str(CLIENTS), "--seed", str(SEED)], check=True)
        partial.rename(db)
    return db


def timed_start(mode: str, db: Path, home: Path) -> tuple[float, float]:
    """Seconds from process start to ``mode`` reached, and the peak RSS in MB."""
    began = time.time()
    out = subprocess.run(
        [PYTHON, str(HERE / "start_harness.py"), mode, str(db)],
        env=env(home), capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    line = json.loads(out.strip().splitlines()[-1])
    return line["at"] - began, line["hwm_kb"] / 1024


def practice_in_use(home: Path) -> None:
    """Settings in the starts' home, as every practice has after its first start.

    Without them each start would be a first start, whose welcome question (and the
    settings pages it needs) comes over the list: not the start a practice of 10,000
    clients makes every morning.
    """
    from therapist_desk.settings import Settings, save_settings

    save_settings(
        Settings(practice_name="Benchmark Practice", clinician_name="Dr Bench"),
        home / "settings.json",
    )


def starts(db: Path, home: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds and peak MB per mode, the modes interleaved so noise hits all."""
    modes = ("bare", "app", "bare-list", "app-list")
    practice_in_use(home)
    samples: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
    for mode in modes:  # warm the file cache and write the bytecode caches once
        timed_start(mode, db, home)
    for _ in range(runs):
        for mode in modes:
            samples[mode].append(timed_start(mode, db, home))
    return {
        m: (statistics.median(s for s, _ in v), statistics.median(k for _, k in v))
        for m, v in samples.items()
    }


def recommend_ms(repeat: int = 500) -> dict[str, float]:
    """Median ms of ``recommend()``: the couple of examples/concurrent.json, and the case
    of tests/intake whose three decisive findings take three more runs of the rules."""
    from therapist_desk.intake import load_catalogue, parse_answers_file, recommend

    sys.path.insert(0, str(HERE.parent / "tests" / "intake"))
    from intake_builders import couple

    catalogue = load_catalogue()
    example = parse_answers_file(HERE.parent / "examples" / "concurrent.json", catalogue)
    trauma = {"trauma.help_wanted": True, "trauma.one_to_one": True}
    dependent = {"about.sex": "male", "auditc.1": 4, "auditc.2": 4, "auditc.3": 0}
    cases = {
        "example": example.to_intake(catalogue),
        "three_runs": couple(dependent, trauma, {"rel.concern.arguments": True}),
    }
    result = {}
    for name, answers in cases.items():
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            recommend(catalogue, answers)
            times.append(time.perf_counter() - began)
        result[name] = statistics.median(times) * 1000
    return result


def one_run(db: Path, runs: int) -> dict[str, Any]:
    """Every figure of one run of the whole set."""
    import bench_pdf
    import bench_store

    with tempfile.TemporaryDirectory(prefix="td-bench-") as tmp:
        home = Path(tmp)
        figures: dict[str, Any] = {"starts": starts(db, home, runs)}
        ui = subprocess.run(
            [PYTHON, str(HERE / "bench_ui.py"), str(db)],
            env=env(home / "ui"), capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        if ui.returncode != 0:
            sys.exit(f"bench_ui.py failed (exit {ui.returncode}):\n{ui.stderr[-3000:]}")
        figures["ui"] = json.loads(ui.stdout.strip().splitlines()[-1])
        figures["save"] = bench_store.bench_save(home)
        figures["pdf"] = bench_pdf.measure(9)
    figures["recommend"] = recommend_ms()
    return figures


Row = tuple[str, str, Callable[[dict[str, Any]], tuple[str, float | None]], str, Callable]


def rows() -> list[Row]:
    """(what, baseline, figure of a run -> (text, number), target, met(number))."""

    def start_ratio(app: str, bare: str) -> Callable[[dict[str, Any]], tuple[str, float]]:
        def figure(f: dict[str, Any]) -> tuple[str, float]:
            a, b = f["starts"][app][0] * 1000, f["starts"][bare][0] * 1000
            return f"{a / b:.2f}x ({a:.0f}/{b:.0f} ms)", a / b

        return figure

    def ui(key: str, base: str | None = None) -> Callable[[dict[str, Any]], tuple[str, float]]:
        def figure(f: dict[str, Any]) -> tuple[str, float]:
            value = f["ui"].get(key)
            if value is None:
                return "not measured", float("nan")
            if base is None:
                return f"{value:.0f} ms", value
            ratio = value / f["ui"][base]
            return f"{ratio:.2f}x ({value:.2f}/{f['ui'][base]:.2f} ms)", ratio

        return figure

    def save(f: dict[str, Any]) -> tuple[str, float]:
        ours, raw = f["save"]
        return f"{ours / raw:.2f}x ({ours:.2f}/{raw:.2f} ms)", ours / raw

    def pdf(f: dict[str, Any]) -> tuple[str, float]:
        ours, plain = f["pdf"]["ours_ms"], f["pdf"]["plain_ms"]
        return f"{ours / plain:.2f}x ({ours:.0f}/{plain:.0f} ms)", ours / plain

    def rec(case: str) -> Callable[[dict[str, Any]], tuple[str, float]]:
        return lambda f: (f"{f['recommend'][case]:.3f} ms", f["recommend"][case])

    def memory(f: dict[str, Any]) -> tuple[str, float]:
        more = f["starts"]["app-list"][1] - f["starts"]["bare"][1]
        return f"+{more:.0f} MB", more

    def at_most(limit: float) -> Callable[[float], bool]:
        return lambda value: value <= limit

    return [
        ("start to first painted main window", "bare QMainWindow",
         start_ratio("app", "bare"), "≤ 1.3x", at_most(1.3)),
        (f"start to a usable client list, {CLIENTS:,} clients",
         "QApplication + sqlmodel + engine + SELECT", start_ratio("app-list", "bare-list"),
         "≤ 1.3x", at_most(1.3)),
        (f"search keystroke to repainted list, {CLIENTS:,} clients (median)",
         "the same query in sqlite3 + a repaint of the same rows in a QTableView over a "
         "minimal model", ui("search_ms", "search_base_ms"), "≤ 2x", at_most(2)),
        ("longest UI-thread stall while a client is erased", "—", ui("erase_stall_ms"),
         "≤ 16 ms", at_most(16)),
        ("longest UI-thread stall while backing up", "—", ui("backup_stall_ms"), "≤ 16 ms",
         at_most(16)),
        ("longest UI-thread stall while an intake is finished, until its results show", "—",
         ui("complete_stall_ms"), "≤ 16 ms", at_most(16)),
        ("longest UI-thread stall while a 6-page summary prints (PDF-file printer)", "—",
         ui("print_stall_ms"), "≤ 16 ms", at_most(16)),
        ("save one answer", "raw INSERT + COMMIT", save, "≤ 2x", at_most(2)),
        ("render the clinician PDF of a couple", "plain reportlab", pdf, "≤ 1.5x",
         at_most(1.5)),
        ("recommend() for a complete couple intake", "—", rec("example"), "< 1 ms",
         at_most(1)),
        ("recommend() with three counterfactual runs of the rules", "—", rec("three_runs"),
         "< 1 ms", at_most(1)),
        ("longest UI-thread stall while a PDF is made (first; later)", "idle: see below",
         lambda f: (f"{f['ui']['first_pdf_stall_ms']:.0f}; {f['ui']['pdf_stall_ms']:.0f} ms",
                    max(f["ui"]["first_pdf_stall_ms"], f["ui"]["pdf_stall_ms"])),
         "≤ 50 ms", at_most(50)),
        ("longest UI-thread stall while the PDF renderer warms up after start", "—",
         ui("warmup_stall_ms"), "≤ 50 ms", at_most(50)),
        ("longest UI-thread stall while an email is sent", "—", ui("email_stall_ms"),
         "≤ 50 ms", at_most(50)),
        ("longest UI-thread stall, idle (a job that sleeps 0.5 s): the machine's own noise",
         "—", ui("idle_stall_ms"), "—", lambda value: True),
        (f"peak memory, {CLIENTS:,} clients open, over a bare window", "bare window", memory,
         "≤ +150 MB", at_most(150)),
    ]  # fmt: skip


def table(runs: list[dict[str, Any]]) -> list[str]:
    numbers = " | ".join(f"run {i + 1}" for i in range(len(runs)))
    lines = [
        f"| what | baseline in the same run | {numbers} | target | met |",
        "|---|---|" + "---|" * len(runs) + "---|---|",
    ]
    for what, base, figure, target, met in rows():
        shown = [figure(run) for run in runs]
        ok = sum(1 for _, value in shown if value is not None and met(value))
        verdict = "—" if target == "—" else f"{ok} of {len(runs)}"
        cells = " | ".join(text for text, _ in shown)
        lines.append(f"| {what} | {base} | {cells} | {target} | {verdict} |")
    return lines


def machine() -> str:
    import PySide6

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_gb:.0f} GB, {platform.platform()}, "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, offscreen; "
        f"load average at the start {os.getloadavg()[0]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="process starts per mode and run")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the whole set")
    parser.add_argument("--practice", type=Path, help="a 10,000-client database to use")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    args = parser.parse_args()
    db = practice(args.practice)
    print(f"# Therapist Desk benchmarks, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    print(f"# {machine()}", flush=True)
    runs = []
    for number in range(args.repeat):
        runs.append(one_run(db, args.runs))
        print(f"# run {number + 1} of {args.repeat} done", file=sys.stderr, flush=True)
        if args.json:
            args.json.write_text(json.dumps(runs, indent=1))
    print(f"# {CLIENTS:,}-client demo practice (seed {SEED}): {db.stat().st_size >> 20} MB")
    print(f"# starts: median of {args.runs} fresh processes per mode and run\n")
    print("\n".join(table(runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
