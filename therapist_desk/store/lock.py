"""The practice lock: one writer at a time on a database, the window or a command.

``<database>.lock`` (mode 0600) is held, with an exclusive ``flock``, by whoever writes:
the window while it is open, and every command that changes the file or the files
beside it (import, demo, backup, export, restore). It says who holds it (process id,
program, host, then what it is doing), so that a refusal can name the holder. The lock
is the kernel's, not the file's: a holder that is killed loses it at once, and the file
it leaves behind is simply taken over. The first three lines are those Qt's QLockFile
writes, and QLockFile takes the same ``flock``, so an older window and a new command
still keep out of each other's way.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from therapist_desk.paths import FILE_MODE, ensure_private_dir
from therapist_desk.store.errors import DatabaseProblem, PracticeInUse
from therapist_desk.store.fileset import lock_path

WINDOW = "the Therapist Desk window"
COMMAND_WAIT_SECONDS = 5.0
"""How long a command waits for another one to finish before it refuses."""


@dataclass
class PracticeLock:
    """The held lock of one database; `unlock` (or leaving the ``with`` block) frees it."""

    path: Path
    _fd: int | None = field(default=None, repr=False)

    def unlock(self) -> None:
        """Give the lock up (the file goes first, so nobody takes over a removed name)."""
        if self._fd is None:
            return
        if sys.platform == "win32":  # an open file cannot be removed there
            os.close(self._fd)
            self.path.unlink(missing_ok=True)
        else:
            self.path.unlink(missing_ok=True)
            os.close(self._fd)
        self._fd = None

    def __enter__(self) -> PracticeLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.unlock()


def take_lock(db_path: Path, *, holder: str, wait: float = 0.0) -> PracticeLock:
    """Hold the lock of ``db_path`` for ``holder`` (what it is doing, for messages).

    Waits up to ``wait`` seconds for another command to finish (not for the window,
    which stays open until someone closes it); then raises `PracticeInUse`, naming the
    database and the holder. A folder that cannot be written raises `DatabaseProblem`
    (``unwritable``).
    """
    db_path = db_path.expanduser().absolute()
    path = lock_path(db_path)
    deadline = time.monotonic() + wait
    while True:
        fd = _try_lock(db_path, path)
        if fd is not None:
            _write_holder(fd, holder)
            return PracticeLock(path, fd)
        if time.monotonic() >= deadline or read_holder(path)[1] == WINDOW:
            raise in_use(db_path)
        time.sleep(0.05)


def in_use(db_path: Path) -> PracticeInUse:
    """The refusal to show while someone else holds the lock of ``db_path``."""
    pid, holder = read_holder(lock_path(db_path))
    return PracticeInUse(db_path, pid=pid, holder=holder)


def read_holder(path: Path) -> tuple[int | None, str]:
    """The process id and the description the lock file holds (``None``, "" if unknown)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None, ""
    pid = int(lines[0]) if lines and lines[0].isdigit() else None
    return pid, lines[3].strip() if len(lines) > 3 else ""


def _try_lock(db_path: Path, path: Path) -> int | None:
    """An fd holding the flock of ``path``, or ``None`` while someone else holds it."""
    while True:
        try:
            ensure_private_dir(path.parent)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except (OSError, ValueError) as err:
            raise _unwritable(db_path, err) from None
        if not _exclusive(fd):
            os.close(fd)
            return None
        if _still_named(fd, path):
            return fd
        os.close(fd)  # the holder released it (and removed the name) meanwhile: again


def _exclusive(fd: int) -> bool:
    """Take the kernel's exclusive lock on ``fd`` without waiting; whether it was free."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_named(fd: int, path: Path) -> bool:
    try:
        held, named = os.fstat(fd), path.stat()
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _write_holder(fd: int, holder: str) -> None:
    """Say who holds the lock (best effort: on a full disk the lock holds without it)."""
    text = f"{os.getpid()}\n{_program()}\n{socket.gethostname()}\n{holder}\n"
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have filtered it; an older file was 0644
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, text.encode("utf-8"))
    except OSError:
        pass


def _program() -> str:
    """The process name QLockFile records (the executable's file name)."""
    try:
        return Path(os.readlink("/proc/self/exe")).name
    except OSError:
        return "therapist-desk"


def _unwritable(db_path: Path, err: Exception) -> DatabaseProblem:
    from therapist_desk.store.problems import unwritable

    return unwritable(db_path, getattr(err, "strerror", None) or str(err))
