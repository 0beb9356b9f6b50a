"""Work-arounds for defects of the Qt bindings we ship with, each with its reason.

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every call of a Qt
method that returns nothing (``update()``, ``setText()``, ``processEvents()``…). The
app makes tens of thousands of such calls in a session; when ``None``'s count reaches
zero CPython aborts the process ("deallocating None"), losing nothing saved but closing
the app in the middle of an intake. Python 3.12 made ``None`` immortal, so the defect is
harmless there; on 3.11 we give ``None`` a reference count it cannot run out of.
"""

from __future__ import annotations

import ctypes
import sys

SPARE_NONE_REFERENCES = 1 << 50
"""At 10 lost references per keystroke, more than a lifetime of typing."""


def keep_none_alive() -> None:
    """Make ``None`` effectively immortal on CPython < 3.12 (once; no-op elsewhere)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    if sys.getrefcount(None) > SPARE_NONE_REFERENCES:
        return
    # ob_refcnt is the first field of every object in a release build of CPython.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += SPARE_NONE_REFERENCES
