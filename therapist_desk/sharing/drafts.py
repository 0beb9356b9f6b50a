"""A message as an ``.eml`` draft, for the clinician's own mail app to open and send."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from therapist_desk.errors import UserError

FILE_MODE = 0o600
DRAFT_PREFIX = "therapist-desk-draft-"
KEEP_DRAFTS_SECONDS = 3600


def write_eml_draft(message: EmailMessage, *, name: str = "summary") -> Path:
    """Write ``message`` (with ``X-Unsent: 1``) to a new private folder; returns the file.

    The folder is created mode 0700 and the file mode 0600, so no other user of the
    computer can read the attached summary.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "summary"
    try:
        folder = Path(tempfile.mkdtemp(prefix=DRAFT_PREFIX))
        os.chmod(folder, 0o700)
        path = folder / f"{safe}.eml"
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes(policy=SMTP))
    except OSError as err:
        raise UserError(f"Cannot prepare the email draft: {err.strerror or err}.") from None
    return path


def remove_old_drafts(*, older_than: float = KEEP_DRAFTS_SECONDS) -> int:
    """Delete draft folders made over ``older_than`` seconds ago; returns how many.

    A mail app reads the draft when it opens it, so after an hour the copy in the
    temporary folder (with the summary attached) only lingers. Called when the app
    starts and when it closes.
    """
    removed = 0
    limit = time.time() - older_than
    for folder in Path(tempfile.gettempdir()).glob(f"{DRAFT_PREFIX}*"):
        try:
            if (
                folder.is_dir()
                and folder.stat().st_uid == os.getuid()
                and folder.stat().st_mtime < limit
            ):
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue
    return removed
