"""A small disk of a test's own, filled to the last byte (for the full-disk tests). No Qt.

The data folder is a tmpfs of 2 MiB mounted for the test. Mounting needs root (or
CAP_SYS_ADMIN); where it is refused, the test is skipped with the reason ``mount`` gave.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

DISK_SIZE = "2m"
DB_NAME = "therapist-desk.sqlite3"
SAFE = "Free some space, then try again; everything saved before is safe."
FORGOTTEN = ".tmp", ".partial", ".pdf"  # what a half-written file would end with


def full_message(folder: Path, what: str) -> str:
    return f"The disk holding {folder} is full: {what} was not saved. {SAFE}"


def mount_small_disk(folder: Path) -> None:
    """Mount a tmpfs of DISK_SIZE on ``folder``; skip the test if that is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(folder)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError as err:
        pytest.skip(f"cannot mount a small disk: {err}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small disk: {done.stderr.strip() or done.returncode}")
    assert os.path.ismount(folder)


def unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=True)


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the disk has not one byte left; returns the filler."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            chunk = b"\0" * size
            try:
                while True:
                    os.write(fd, chunk)
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def integrity(engine: sa.Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(sa.text("PRAGMA integrity_check")).scalar_one()
