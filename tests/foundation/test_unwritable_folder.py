"""A database in a folder the user cannot write: one clear message, nothing changed. No Qt.

(The desktop app's first and second start are in tests/ui/test_first_start.py.)
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

UNWRITABLE = """
import sys
from pathlib import Path
from therapist_desk.errors import UserError
from therapist_desk.services.practice import open_practice
try:
    open_practice(Path(sys.argv[1]))
except UserError as err:
    print(err)
    sys.exit(2)
"""


DAC_CAPS = "dac_override,-dac_read_search,-fowner"


def test_db_in_a_folder_the_user_cannot_write(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="td-readonly-"))
    existing = folder / "practice.sqlite3"
    with sqlite3.connect(existing) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = existing.read_bytes()
    folder.chmod(0o555)
    existing.chmod(0o444)
    env = dict(os.environ, THERAPIST_DESK_HOME=str(tmp_path / "home"))
    # root ignores file modes; without CAP_DAC_OVERRIDE it meets them like anyone else
    as_user = ["setpriv", f"--bounding-set=-{DAC_CAPS}"] if os.geteuid() == 0 else []
    try:
        result = subprocess.run(
            [*as_user, sys.executable, "-c", UNWRITABLE, str(existing)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert f"Cannot write to {existing}: permission denied" in result.stdout
    assert existing.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["practice.sqlite3"]
