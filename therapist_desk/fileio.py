"""Writing files that hold client data: atomically, readable by the owner only.

The bytes go to a temporary file in the same folder (mode 0600), are fsynced, and
replace the target in one rename, so a crash or a full disk never leaves a half-written
file, and a failure leaves nothing behind. Failures are ``UserError`` messages.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.paths import FILE_MODE


def write_private_atomic(path: Path, data: bytes, *, what: str = "the file") -> Path:
    """Write ``data`` to ``path`` atomically with mode 0600; ``what`` names it in messages."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise UserError(f"Cannot save {what} in {folder}: {err.strerror or err}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise UserError(f"Cannot save {what} as {path}: {err.strerror or err}.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return path
