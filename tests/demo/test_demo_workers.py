"""A killed ``demo`` takes its worker processes with it; they never see the passphrase.

Issue 17, item 16: the pool workers of a killed demo ran on forever, holding its stdout
and stderr, with ``THERAPIST_DESK_PASSPHRASE`` in their environment.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

PASSPHRASE_ENV = "THERAPIST_DESK_PASSPHRASE"


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_demo_leaves_no_worker_and_none_saw_the_passphrase(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**cli_env, PASSPHRASE_ENV: "synthetic demo passphrase"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "therapist_desk", "--db", str(tmp_path / "demo.sqlite3"),
         "demo", "--clients", "50000"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.1)
            workers = children_of(demo.pid)
        assert workers, "the demo started no worker"
        for worker in workers:
            environment = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
            assert not any(v.startswith(PASSPHRASE_ENV.encode()) for v in environment), worker
    finally:
        demo.send_signal(signal.SIGKILL)
    demo.communicate(timeout=20)  # its pipes close: no worker holds them
    assert demo.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert [w for w in workers if alive(w)] == []
    print(f"demo killed with {len(workers)} workers: all ended, none had the passphrase")
