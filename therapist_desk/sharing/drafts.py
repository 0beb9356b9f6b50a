"""A message as an ``.eml`` draft, for the clinician's own mail app to open and send.

Drafts are written into a folder the caller names (the practice's ``drafts/`` folder,
beside the database: `therapist_desk.store.fileset`), never the system's temporary
folder, which other programs and users can list. The folder is mode 0700 and each file
mode 0600, written atomically; the app removes them when it quits and when it starts.
"""

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
from therapist_desk.fileio import write_private_atomic
from therapist_desk.paths import DIR_MODE

TEMP_DRAFT_PREFIX = "therapist-desk-draft-"  # where earlier releases wrote drafts
TEMP_DRAFT_GRACE_SECONDS = 3600  # an earlier release still open may be handing one over


def safe_name(name: str) -> str:
    """``name`` with anything but letters, digits, dots, hyphens and underscores replaced."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "summary"


def write_eml_draft(message: EmailMessage, *, folder: Path, name: str = "summary") -> Path:
    """Write ``message`` (with ``X-Unsent: 1``) as ``folder/<name>.eml``; returns the file.

    ``folder`` is created if needed and kept mode 0700; the file is mode 0600, so no other
    user of the computer can read the attached summary.
    """
    folder = Path(folder)
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(folder, DIR_MODE)
    except OSError as err:
        raise UserError(f"Cannot prepare the email draft: {err.strerror or err}.") from None
    path = folder / f"{safe_name(name)}.eml"
    return write_private_atomic(path, message.as_bytes(policy=SMTP), what="the email draft")


def remove_temp_drafts(*, older_than: float = TEMP_DRAFT_GRACE_SECONDS) -> int:
    """Delete the draft folders earlier releases left in the system temporary folder.

    Only this user's folders made over ``older_than`` seconds ago (an earlier release
    that is still open deleted its own after an hour). Returns how many were removed.
    """
    removed = 0
    limit = time.time() - older_than
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_DRAFT_PREFIX}*"):
        try:
            info = folder.stat()
            if folder.is_dir() and info.st_uid == os.getuid() and info.st_mtime < limit:
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue
    return removed
