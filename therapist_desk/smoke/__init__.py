"""`therapist-desk --smoke-test`: does this installation work, from end to end?

It runs the steps of `therapist_desk.smoke.steps` in a temporary home of its own (the
user's data folder is never opened): a database is created and encrypted, an intake of
a synthetic couple is saved through the services, both PDFs are rendered, one is read
back with QtPdf, and the main window is shown. It is the check a package build runs on
the installed program (frozen or not), so it needs nothing from the source tree.

Success is one line on stdout and exit status 0. A failure is one line on stderr that
names the step (and the kind of error), exit status 1; ``THERAPIST_DESK_DEBUG=1`` adds
the traceback for whoever investigates.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import traceback

from therapist_desk.paths import HOME_ENV
from therapist_desk.smoke import steps

PROG = "therapist-desk"
DETAIL_MAX = 160
"""Characters of the error's own text kept in the failure line (the data is synthetic)."""


def describe(error: BaseException) -> str:
    """The kind of ``error`` and the first line of its text, short enough for one line."""
    text = str(error).strip().splitlines()
    detail = text[0][:DETAIL_MAX] if text else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def run_smoke_test() -> int:
    """Run every step in order; stop at the first failure. Returns the exit status.

    ``THERAPIST_DESK_HOME`` points at the temporary home while the steps run and is put
    back afterwards; the temporary home is removed whatever happened.
    """
    saved_home = os.environ.get(HOME_ENV)
    run = steps.SmokeRun()
    started = time.perf_counter()
    try:
        for name, step in steps.STEPS:
            try:
                step(run)
            except Exception as error:
                print(f"{PROG}: smoke test failed: {name} ({describe(error)})", file=sys.stderr)
                if os.environ.get("THERAPIST_DESK_DEBUG"):
                    traceback.print_exception(error)
                return 1
    finally:
        run.close()
        if saved_home is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = saved_home
        if run.home is not None:
            shutil.rmtree(run.home.parent, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"{PROG}: smoke test passed ({len(steps.STEPS)} steps in {seconds:.1f} s)")
    return 0
