"""The app survives the Qt bindings' leak of references to None in a long session."""

from __future__ import annotations

import subprocess
import sys

LONG_SESSION = """
import sys
from therapist_desk.app import ensure_application
from PySide6.QtWidgets import QLabel
app = ensure_application()
label = QLabel("x")
for _ in range(200_000):  # far more void Qt calls than None has references at start
    label.update()
print("still running")
"""


def test_a_long_session_of_qt_calls_does_not_abort_the_app(cli_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LONG_SESSION], env=cli_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "still running"
    assert "deallocating None" not in done.stderr


def test_the_cheap_import_check_gives_pysides_own_answer() -> None:
    """For every module loaded, "uses PySide6" reads the same from the bytes as by inspect."""
    import inspect

    import therapist_desk.app  # noqa: F401  (the GUI and the modules it loads)
    from therapist_desk.ui.widgets.qt_workarounds import _source_mentions_pyside

    def pysides_answer(module) -> bool:
        try:
            return "PySide6" in inspect.getsource(module)
        except (TypeError, OSError, SyntaxError):
            return False

    modules = [
        m
        for m in list(sys.modules.values())
        if str(getattr(getattr(m, "__spec__", None), "origin", "")).endswith(".py")
    ]
    differ = [m.__name__ for m in modules if _source_mentions_pyside(m) != pysides_answer(m)]
    assert differ == []
    assert _source_mentions_pyside(sys.modules["therapist_desk.ui.shell.main_window"])
    assert not _source_mentions_pyside(sys.modules["json"])
