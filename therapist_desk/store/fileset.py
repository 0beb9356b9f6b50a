"""Every file the app writes beside a database, by name: one place that knows them all.

Beside ``<name>`` (the database) in its folder:

- ``<name>-wal``, ``<name>-shm``, ``<name>-journal``: SQLite's own, while it is open;
- ``<name>.lock``: held by the window or the command that writes (`store.lock`);
- ``<name>.replaced-<stamp>``: the database a restore put aside (a whole database, with
  its own ``-wal``/``-shm`` if it had them); never deleted by the app;
- ``.<name>.restoring``: a restore's copy before it is swapped in;
- ``.<name>.rekeying`` and ``.<name>.before-<stamp>``: an encryption change's new copy and
  the old file kept under a second name until the new one reads back;

and in ``backups/``: ``<stem>-<stamp>-<reason>.sqlite3`` (whole databases), their
``.partial`` copies while a backup is written, and their own ``.rekeying``/``.before-``.

Copies that hold records (backups and aside copies) are what erasure and encryption
rewrite; leftovers (partials and ``.before-`` copies) exist only while one operation runs,
so whoever holds the lock may shred them: `remove_leftovers` does, at every start of the
window and of every command that writes.

In ``drafts/`` (mode 0700): ``<stem>-<summary>.eml``, the email drafts handed to the
clinician's mail app (each 0600, written by `therapist_desk.sharing.drafts`), and the
``.<stem>-….tmp`` of one being written. They only have to live until the mail app has
read them: `remove_drafts` shreds them when the window closes, when it next starts, and
when a client is erased.

On a practice server there is no database file here; the data folder holds only
``unsaved-answers-<hash>.json`` (0600, written atomically) while answers given during an
outage of the server wait to be saved (`therapist_desk.services.pending`), one per
server and login; it is shredded once they are saved.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from therapist_desk.paths import FILE_MODE, backup_dir

SQLITE_SIDE = ("-wal", "-shm", "-journal")
LOCK = ".lock"
REPLACED = ".replaced-"
RESTORING = ".restoring"
REKEYING = ".rekeying"
BEFORE = ".before-"
PARTIAL = ".partial"
DRAFTS = "drafts"


def lock_path(db_path: Path) -> Path:
    """``<name>.lock`` beside the database."""
    return db_path.with_name(f"{db_path.name}{LOCK}")


def side_files(path: Path) -> list[Path]:
    """SQLite's ``-wal``, ``-shm`` and ``-journal`` of ``path`` (whether or not they exist)."""
    return [Path(f"{path}{suffix}") for suffix in SQLITE_SIDE]


def aside_copies(db_path: Path) -> list[Path]:
    """The databases restores put aside (``<name>.replaced-*``), oldest first."""
    found = db_path.parent.glob(f"{db_path.name}{REPLACED}*")
    return sorted(p for p in found if not p.name.endswith(SQLITE_SIDE))


def backups(db_path: Path) -> list[Path]:
    """Automatic backups in ``backups/``, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.sqlite3"), key=lambda p: p.name, reverse=True)


def drafts_dir(db_path: Path) -> Path:
    """The folder of the email drafts, ``drafts/`` beside the database."""
    return db_path.parent / DRAFTS


def draft_stem(db_path: Path, name: str) -> str:
    """The file name (without ``.eml``) of a draft of ``db_path`` called ``name``."""
    return f"{db_path.stem}-{name}"


def drafts(db_path: Path) -> list[Path]:
    """The email drafts of ``db_path`` (and any half-written one), by name."""
    folder = drafts_dir(db_path)
    if not folder.is_dir():
        return []
    found = [*folder.glob(f"{db_path.stem}-*.eml"), *folder.glob(f".{db_path.stem}-*.tmp")]
    return sorted(found)


def remove_drafts(db_path: Path) -> list[Path]:
    """Shred every email draft of ``db_path``, and the folder once it is empty; what went."""
    removed = drafts(db_path)
    for draft in removed:
        shred(draft)
    with contextlib.suppress(OSError):  # missing, or it holds another database's drafts
        drafts_dir(db_path).rmdir()
    return removed


def copies_with_records(db_path: Path) -> list[Path]:
    """Every whole copy of the records beside the database: backups, then aside copies."""
    return backups(db_path) + aside_copies(db_path)


def is_part_of(db_path: Path, path: Path) -> bool:
    """Whether ``path`` is the database, or one of the files the app keeps beside it."""
    mine = [db_path, lock_path(db_path), *side_files(db_path), *copies_with_records(db_path)]
    target = path.expanduser().absolute()
    return any(same_path(target, known) for known in mine)


def same_path(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file (links followed; either may not exist)."""
    if a.exists() and b.exists():
        return _same_file(a, b)
    return os.path.realpath(a) == os.path.realpath(b)


def leftovers(db_path: Path) -> list[Path]:
    """What an interrupted restore, backup or encryption change left (partial or old copies)."""
    found: list[Path] = []
    places = [(db_path.parent, db_path.name), (backup_dir(db_path), f"{db_path.stem}-")]
    for folder, prefix in places:
        if not folder.is_dir():
            continue
        for pattern in (RESTORING, PARTIAL, REKEYING, BEFORE):
            found += folder.glob(f".{prefix}*{pattern}*")  # with their own journals
    return sorted(set(found))


def before_original(leftover: Path) -> Path | None:
    """The file a ``.before-`` copy was a second name of (``None`` for other leftovers)."""
    if BEFORE not in leftover.name:
        return None
    return leftover.with_name(leftover.name[1:].split(BEFORE)[0])


def remove_leftovers(db_path: Path) -> list[Path]:
    """Shred what an interrupted operation left beside ``db_path``; return what went.

    Only the holder of the practice lock may call it (no operation is running then).
    A ``.before-`` copy that is still a second name of the file itself (an encryption
    cut short before the swap) loses that name only; everything else is overwritten
    with zeros, then deleted.
    """
    removed = _unswapped_asides(db_path)
    for leftover in leftovers(db_path):
        original = before_original(leftover)
        if original is not None and _same_file(original, leftover):
            leftover.unlink(missing_ok=True)
        else:
            shred(leftover)
        removed.append(leftover)
    return removed


def _unswapped_asides(db_path: Path) -> list[Path]:
    """Drop an aside name that is still the database itself (a restore cut before its swap).

    The database's ``-wal``, moved to the aside name just before the kill, comes back.
    """
    removed = []
    for aside in aside_copies(db_path):
        if not _same_file(aside, db_path):
            continue
        for mine, kept in zip(side_files(db_path), side_files(aside), strict=True):
            if kept.exists() and not mine.exists() and mine.name.endswith("-wal"):
                os.replace(kept, mine)
            kept.unlink(missing_ok=True)
        aside.unlink()
        removed.append(aside)
    return removed


def tighten_modes(db_path: Path) -> None:
    """Make the database and its SQLite side files readable by the owner only (0600).

    A file made by an older version, copied in, or created under a lax umask keeps its
    mode otherwise, and SQLite gives ``-wal``/``-shm`` the mode of the main file.
    """
    for path in [db_path, *side_files(db_path)]:
        try:
            if path.stat().st_mode & 0o777 != FILE_MODE:
                path.chmod(FILE_MODE)
        except OSError:
            continue  # missing, or not ours to change: opening it says what is wrong


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush it, delete it (best effort: see security.md)."""
    try:
        remaining = path.stat().st_size
        zeros = b"\0" * (1 << 20)
        with path.open("r+b") as fh:
            while remaining > 0:
                remaining -= fh.write(zeros[: min(remaining, len(zeros))])
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that renames in it survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
