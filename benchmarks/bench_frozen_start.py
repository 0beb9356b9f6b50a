"""The frozen program's start against the virtualenv's, on the same machine in the same run.

    .venv/bin/python benchmarks/bench_frozen_start.py FROZEN [--runs 7]
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python benchmarks/bench_frozen_start.py \\
        build/linux/dist/therapist-desk/therapist-desk --window

FROZEN is the program of a frozen build (``build/linux/dist/therapist-desk/therapist-desk``
or the installed ``/usr/bin/therapist-desk``); the virtualenv's is ``python -m
therapist_desk`` with the Python running this script, started in the repository root so
that this tree's package is the one imported. Each mode is timed in fresh
processes, the two programs interleaved run by run, and the medians and their ratio
(frozen / venv) are printed as a Markdown table for docs/packaging.md:

- ``--version``: the interpreter and the command line, to the exit;
- ``--smoke-test``: the whole check, offscreen, to the exit (`therapist_desk.smoke`);
- ``window`` (with ``--window``, under X): to the moment the main window is viewable on
  a practice of 20 synthetic clients, seen by polling ``xwininfo`` every 10 ms.

Never run by the tests: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Therapist Desk"
WINDOW_WAIT_SECONDS = 60.0
POLL_SECONDS = 0.01


def environment(home: Path) -> dict[str, str]:
    """The environment of a timed run: its own data folder; offscreen unless X is there."""
    env = dict(os.environ, THERAPIST_DESK_HOME=str(home))
    env.pop("THERAPIST_DESK_DEBUG", None)
    return env


def timed_exit(command: list[str], home: Path) -> float:
    """Seconds from start to exit of ``command`` (it must succeed), offscreen."""
    env = dict(environment(home), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed: {done.stderr.strip()}")
    return took


def viewable() -> bool:
    """Whether the app's main window (title `TITLE` with a window class; not Qt's 1×1
    client-leader window of the same name, which has none) is mapped and viewable."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True)
    for line in tree.stdout.splitlines():
        if f'"{TITLE}": ("' in line:
            window = line.split()[0]
            found = subprocess.run(["xwininfo", "-id", window], capture_output=True, text=True)
            return "IsViewable" in found.stdout
    return False


def timed_window(command: list[str], home: Path) -> float:
    """Seconds from start to the main window being viewable; the program is then ended."""
    env = environment(home)
    env.pop("QT_QPA_PLATFORM", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while not viewable():
            if process.poll() is not None or time.perf_counter() - started > WINDOW_WAIT_SECONDS:
                raise SystemExit(f"bench: {' '.join(command)} showed no window")
            time.sleep(POLL_SECONDS)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
        while viewable():  # the next run must not see this one's window
            time.sleep(POLL_SECONDS)


def practice_home(frozen: str, folder: Path) -> Path:
    """A data folder with settings and 20 synthetic clients (no first-start question)."""
    home = folder / "practice"
    env = dict(environment(home), QT_QPA_PLATFORM="offscreen")
    subprocess.run([frozen, "demo", "--clients", "20"], env=env, check=True, capture_output=True)
    (home / "settings.json").write_text('{"clinician_name": "Dr Bench"}', encoding="utf-8")
    return home


def compare(
    name: str, frozen: list[str], venv: list[str], runs: int, time_one: Callable[..., float]
) -> tuple[str, float, float]:
    """The medians of ``runs`` interleaved starts of both programs, in seconds."""
    times: dict[str, list[float]] = {"frozen": [], "venv": []}
    with tempfile.TemporaryDirectory(prefix="therapist-desk-bench-") as scratch:
        base = Path(scratch)
        template = practice_home(frozen[0], base) if name == "window" else None
        for run in range(runs):
            for which, command in (("frozen", frozen), ("venv", venv))[:: 1 if run % 2 else -1]:
                home = base / f"{which}-{run}"
                if template is not None:
                    shutil.copytree(template, home)
                times[which].append(time_one(command, home))
    return name, statistics.median(times["frozen"]), statistics.median(times["venv"])


def main() -> int:
    """Time the modes asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("frozen", help="the frozen program (its path)")
    parser.add_argument("--runs", type=int, default=7, help="starts of each program per mode")
    parser.add_argument("--window", action="store_true", help="also time the window (needs X)")
    args = parser.parse_args()
    frozen = str(Path(args.frozen).resolve())
    venv = [sys.executable, "-m", "therapist_desk"]
    modes: list[tuple[str, list[str], Callable[..., float]]] = [
        ("--version", ["--version"], timed_exit),
        ("--smoke-test", ["--smoke-test"], timed_exit),
    ]
    if args.window:
        if not os.environ.get("DISPLAY") or shutil.which("xwininfo") is None:
            raise SystemExit("bench: --window needs an X display and xwininfo (x11-utils)")
        modes.append(("window", [], timed_window))
    print(f"{args.runs} runs of each, interleaved; median seconds\n")
    print("| start | frozen | virtualenv | frozen / venv |")
    print("| --- | ---: | ---: | ---: |")
    for name, extra, time_one in modes:
        _, slow, fast = compare(name, [frozen, *extra], [*venv, *extra], args.runs, time_one)
        print(f"| {name} | {slow:.2f} | {fast:.2f} | {slow / fast:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
