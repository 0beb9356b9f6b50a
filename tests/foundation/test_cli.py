"""The command line as a user meets it: help, version, info and bad paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from therapist_desk import __version__


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_help_lists_the_gui_default_and_commands(cli_env: dict[str, str]) -> None:
    result = run_cli("--help", env=cli_env)
    assert result.returncode == 0
    assert "Without a command, the desktop app opens." in result.stdout
    assert "info" in result.stdout


def test_version(cli_env: dict[str, str]) -> None:
    result = run_cli("--version", env=cli_env)
    assert result.returncode == 0
    assert result.stdout.strip() == f"therapist-desk {__version__}"


def test_info_on_a_fresh_machine_creates_nothing(cli_env: dict[str, str], home: Path) -> None:
    result = run_cli("info", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert f"data folder: {home}" in result.stdout
    assert "not created yet" in result.stdout
    assert not home.exists()


def test_db_pointing_at_a_folder_is_one_clear_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path), "info", env=cli_env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"therapist-desk: error: Cannot use {tmp_path} as the database: it is a folder. "
        "Give the path of a database file."
    ]
    assert "Traceback" not in result.stderr


def test_db_that_is_not_sqlite_is_refused_and_untouched(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"session notes, definitely not a database\n" * 10)
    before = notes.read_bytes()
    result = run_cli("--db", str(notes), "info", env=cli_env)
    assert result.returncode == 2
    assert f"{notes} is not a Therapist Desk database" in result.stderr
    assert "Traceback" not in result.stderr
    assert notes.read_bytes() == before


def test_unknown_command_is_a_usage_error(cli_env: dict[str, str]) -> None:
    result = run_cli("frobnicate", env=cli_env)
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr
