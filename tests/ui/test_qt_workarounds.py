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
