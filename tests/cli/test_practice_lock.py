"""The window and every command that writes share one lock: nobody writes under another.

Issue 17, item 2: with the window open, `restore` exited 0 and the window went on saving
answers into the file it had replaced; `import` and `demo` ignored the window too (the
window's side is in tests/ui/test_window_lock.py). Item 11: two first-time imports
racing printed a 9-line SQLAlchemy error.
"""

from __future__ import annotations

from pathlib import Path

from practice_commands import EXAMPLE, clients, command


def test_first_imports_racing_take_turns(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Three imports into a practice that does not exist yet (before, all of them created
    the schema at once: one failed in about two races of five)."""
    db = tmp_path / "practice.sqlite3"
    runs = [command("--db", str(db), "import", EXAMPLE, env=cli_env) for _ in range(3)]
    results = [(*run.communicate(timeout=60), run.returncode) for run in runs]
    assert sorted(out.strip() for out, _, _ in results) == ["1", "2", "3"], results
    assert [(err, code) for _, err, code in results] == [("", 0)] * 3
    assert clients(db) == 3
