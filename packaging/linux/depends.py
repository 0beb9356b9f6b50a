"""The Debian packages a frozen build needs: its ``Depends:`` line.

    python packaging/linux/depends.py build/linux/dist/therapist-desk

Every ELF file of the folder is asked (with ``ldd``) which libraries it loads; those
found outside the folder are looked up in dpkg's database, and their packages, sorted,
are printed on one line, comma-separated. A library that cannot be found at all stops
the build: the package would not start on a machine like this one either.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def elf_files(folder: Path) -> list[Path]:
    """Every regular ELF file (programs and libraries) under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as file:
            if file.read(4) == b"\x7fELF":
                found.append(path)
    return found


def loaded_from_outside(path: Path, folder: Path) -> dict[str, str]:
    """The libraries ``path`` loads from outside ``folder``: name → where it was found."""
    done = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
    outside = {}
    for line in done.stdout.splitlines():
        match = LDD_LINE.match(line)
        if match is None:
            continue
        name, where = match.groups()
        if where == "not found":
            raise SystemExit(f"depends: {path.relative_to(folder)} needs {name}: not found")
        if not os.path.realpath(where).startswith(str(folder.resolve())):
            outside[name] = where
    return outside


def owner(path: str) -> str:
    """The Debian package that installed ``path`` (with or without the merged /usr)."""
    real = os.path.realpath(path)
    candidates = [path, real]
    candidates += [p.removeprefix("/usr") for p in (path, real) if p.startswith("/usr/lib/")]
    candidates += ["/usr" + p for p in (path, real) if p.startswith("/lib")]
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0 and ":" in done.stdout:
            return done.stdout.split(":", 1)[0].strip()
    raise SystemExit(f"depends: no Debian package installed {path}")


def depends(folder: Path) -> list[str]:
    """The packages of every library the folder's programs load from the system."""
    wanted: dict[str, str] = {}
    for path in elf_files(folder):
        wanted.update(loaded_from_outside(path, folder))
    return sorted({owner(where) for where in wanted.values()})


def main() -> int:
    """Print the ``Depends:`` value for the frozen folder named on the command line."""
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/linux/depends.py FROZEN_FOLDER")
    print(", ".join(depends(Path(sys.argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
