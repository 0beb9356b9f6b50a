"""The house rules a machine can check: import contracts and lint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install '.[test]'")
    return found


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_pyside6_outside_ui_and_app() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "therapist_desk").rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
        and "ui" not in path.relative_to(ROOT / "therapist_desk").parts[:1]
        and path.name != "app.py"
    ]
    assert offenders == []
