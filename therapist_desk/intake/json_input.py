"""Read a JSON file that came from outside, with limits and one-line messages.

Refuses a missing path, a folder, a file over :data:`MAX_BYTES` (checked before reading
it all), text that is not UTF-8, malformed JSON (with line and column), duplicate keys,
and nesting deeper than :data:`MAX_DEPTH`. Every refusal is an ``AnswersFileError``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from therapist_desk.intake.errors import AnswersFileError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 5
"""object → participants → participant → answers → a multi-choice list."""


def display(path: Path) -> str:
    """The path as the user typed it (relative stays relative)."""
    return str(path)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise AnswersFileError(f"duplicate key {key!r}")
        result[key] = value
    return result


def depth(value: Any) -> int:
    """How deeply ``value`` nests (a scalar is 0, ``[]`` or ``{}`` is 1)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
            deepest = max(deepest, level + 1)
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
            deepest = max(deepest, level + 1)
    return deepest


def read_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing missing paths, folders and files over ``max_bytes``."""
    where = display(path)
    if not path.exists():
        raise AnswersFileError(f"{where}: no such file")
    if path.is_dir():
        raise AnswersFileError(f"{where}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise AnswersFileError(
                f"{where}: the file is too big ({size / 1024 / 1024:.1f} MB; "
                f"at most {max_bytes // 1024 // 1024} MB)"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise AnswersFileError(f"{where}: cannot read the file ({err.strerror})") from None
    if len(data) > max_bytes:
        raise AnswersFileError(f"{where}: the file is too big (at most {max_bytes // 1048576} MB)")
    return data


def load_json_limited(path: Path, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``path`` as UTF-8 JSON within the limits of this module."""
    where = display(path)
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnswersFileError(
            f"{where}: not UTF-8 text (invalid byte at offset {err.start}); save it as UTF-8"
        ) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise AnswersFileError(
            f"{where}: line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    except RecursionError:
        raise AnswersFileError(f"{where}: the JSON is nested too deeply") from None
    except AnswersFileError as err:
        raise AnswersFileError(f"{where}: {err}") from None
    if depth(data) > max_depth:
        raise AnswersFileError(
            f"{where}: the JSON is nested too deeply (at most {max_depth} levels)"
        )
    return data
