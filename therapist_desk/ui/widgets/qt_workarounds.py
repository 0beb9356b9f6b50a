"""Work-arounds for defects of the Qt bindings we ship with, each with its reason.

`keep_none_alive`: PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on
every call of a Qt method that returns nothing (``update()``, ``setText()``,
``processEvents()``…). The app makes tens of thousands of such calls in a session; when
``None``'s count reaches zero CPython aborts the process ("deallocating None"), losing
nothing saved but closing the app in the middle of an intake. Python 3.12 made ``None``
immortal, so the defect is harmless there; on 3.11 we give ``None`` a reference count it
cannot run out of.

`scan_imports_cheaply`: once PySide6 is loaded, every module imported afterwards is
checked for the word "PySide6" in its source (its ``__feature__`` support, PYSIDE-2029)
through ``inspect.getsource``, which decodes the file, splits it into lines and keeps
them in ``linecache``. The app imports SQLAlchemy, pydantic, its models and the rest
after the window's first paint: about 600 modules, 100-150 ms of the start spent on that
check alone. The same answer comes from reading the file's bytes.
"""

from __future__ import annotations

import sys
from types import ModuleType

SPARE_NONE_REFERENCES = 1 << 50
"""At 10 lost references per keystroke, more than a lifetime of typing."""


def keep_none_alive() -> None:
    """Make ``None`` effectively immortal on CPython < 3.12 (once; no-op elsewhere)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    if sys.getrefcount(None) > SPARE_NONE_REFERENCES:
        return
    # ctypes' own extension, not the package (which costs 1.5 ms of the start to load):
    # a C integer of Py_ssize_t's size, as ctypes.c_ssize_t is defined.
    import struct
    from _ctypes import _SimpleCData

    class SSizeT(_SimpleCData):
        _type_ = "q" if struct.calcsize("n") == struct.calcsize("q") else "i"

    # ob_refcnt is the first field of every object in a release build of CPython.
    refcount = SSizeT.from_address(id(None))
    refcount.value += SPARE_NONE_REFERENCES


def _source_mentions_pyside(module: ModuleType) -> bool:
    """Whether the source file of ``module`` holds the word "PySide6" (as PySide asks)."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False  # built in, compiled, or without a file: PySide answers False too
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def scan_imports_cheaply() -> None:
    """Give PySide's per-import check the same answer without ``inspect`` (once)."""
    import PySide6  # noqa: F401  (loads shiboken's support modules, the check among them)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return  # another PySide version: leave it as it is
    feature._mod_uses_pyside = _source_mentions_pyside
