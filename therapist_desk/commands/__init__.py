"""Sub-commands of ``therapist-desk``.

A command is a module in this package (its name not starting with ``_``) with:

- ``NAME`` (the word typed), ``HELP`` (one line for ``--help``), ``DESCRIPTION``;
- ``ORDER`` (optional int, where it sits in ``--help``; default 100);
- ``add_arguments(parser)`` to declare its arguments;
- ``run(args) -> int`` returning the exit status; it raises ``UserError`` for anything
  the user can fix (printed as one line, exit 2). ``args.db`` is the global ``--db``.

Adding a command is adding one module. Keep module-level imports light: import heavy
libraries (SQLModel, reportlab) inside ``run``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def load_commands() -> list[ModuleType]:
    """The command modules, in ``--help`` order."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.NAME))
