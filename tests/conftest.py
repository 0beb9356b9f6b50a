"""Shared test set-up: no screen, and a private temporary home for every test.

Every test outside tests/ui runs without Qt: with PySide6 not installed (the headless
run of `.ci/run`, with ``-p no:pytest-qt``) tests/ui is not collected, and a test that
asks for ``qtbot`` or ``qapp`` anyway is skipped, saying why.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # must be set before Qt is imported

import gc
import tempfile
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

SCRATCH_ON_TMPFS = Path(f"/dev/shm/therapist-desk-tests-{os.getuid()}")
SCRATCH_MIN_FREE = 4 << 30


def _scratch_in_memory() -> None:
    """The tests' temporary files (homes, databases, PDFs) go to tmpfs when there is one.

    The app fsyncs every commit (``synchronous=FULL``: an answer must survive a power
    cut); on a virtual disk that is 10-20 ms a commit and more than half of the test
    run. On tmpfs an fsync costs nothing, and everything else behaves as on disk (file
    modes, hard links, renames). Subprocesses inherit ``TMPDIR``. A ``TMPDIR`` set by
    the person running the tests is kept; without a roomy /dev/shm nothing changes.
    """
    if "TMPDIR" in os.environ or not Path("/dev/shm").is_dir():
        return
    try:
        stats = os.statvfs("/dev/shm")
        if stats.f_bavail * stats.f_frsize < SCRATCH_MIN_FREE:
            return
        # Traversable like /tmp (the read-only-folder tests run a child as "nobody");
        # pytest's own folders inside it are private.
        SCRATCH_ON_TMPFS.mkdir(exist_ok=True)
        SCRATCH_ON_TMPFS.chmod(0o755)
    except OSError:
        return
    os.environ["TMPDIR"] = str(SCRATCH_ON_TMPFS)
    tempfile.tempdir = None  # gettempdir() asks again


_scratch_in_memory()

import pytest  # noqa: E402  (after TMPDIR: nothing may ask for the temporary folder first)

pytest_plugins = ["pg_cluster", "fault_server"]  # PostgreSQL servers: shared, and to stop

HAS_QT = find_spec("PySide6") is not None
WITHOUT_QT = "needs PySide6 and pytest-qt: part of the full run, not of the headless one"

if HAS_QT:
    from therapist_desk.ui.widgets.qt_workarounds import keep_none_alive

    keep_none_alive()  # PySide6 6.12 on Python 3.11 leaks references to None (see the module)
    collect_ignore: list[str] = []
else:
    collect_ignore = ["ui"]

    @pytest.fixture
    def qtbot() -> None:
        pytest.skip(WITHOUT_QT)

    @pytest.fixture
    def qapp() -> None:
        pytest.skip(WITHOUT_QT)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin("pytest-qt"):  # pyproject's qt_api is pytest-qt's
        parser.addini("qt_api", "the Qt binding pytest-qt uses (unused without pytest-qt)")


def pytest_report_header(config: pytest.Config) -> str | None:
    return None if HAS_QT else "PySide6 not installed: tests/ui not collected (headless run)"


@pytest.fixture(autouse=True)
def collect_garbage_between_tests() -> Iterator[None]:
    """Once a test has started the app, the automatic collector is off and the app
    collects on its UI thread's timer (`ui.widgets.collector`); between tests, when no
    event loop runs, the same collections run here (on the main thread, as there)."""
    yield
    if HAS_QT and not gc.isenabled():  # without Qt no app ever turns it off
        from therapist_desk.ui.widgets.collector import collect_due

        collect_due()


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own THERAPIST_DESK_HOME; the real data folder is never touched."""
    path = tmp_path_factory.mktemp("home") / "therapist-desk"
    monkeypatch.setenv("THERAPIST_DESK_HOME", str(path))
    return path


@pytest.fixture(autouse=True)
def first_start_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh home is a first start: its welcome question is left out of every test.

    Tests of the welcome itself call the real `therapist_desk.app.ask_who_is_using`
    (kept in the `welcome` fixture of tests/ui/test_welcome.py). Nothing here imports Qt.
    """
    app = sys.modules.get("therapist_desk.app")
    if app is not None:
        monkeypatch.setattr(app, "ask_who_is_using", lambda window: None)


@pytest.fixture
def cli_env(home: Path) -> dict[str, str]:
    """Environment for running `python -m therapist_desk` in a subprocess."""
    env = dict(os.environ)
    env["THERAPIST_DESK_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env
