"""Read a JSON file that came from outside, with limits and one-line messages.

Refuses a missing path, a folder, a file over :data:`MAX_BYTES` (checked before reading
it all) or with more than :data:`MAX_VALUES` values (checked before parsing, so memory
stays bounded), text that is not UTF-8, malformed JSON (with line and column), numbers
Python cannot hold exactly (``NaN``, ``1e999999``, a 100,000-digit integer), duplicate
keys, escaped lone surrogates (``"\\ud800"``) and nesting deeper than :data:`MAX_DEPTH`.
Every refusal is an ``AnswersFileError`` naming the file, the problem and the fix.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from therapist_desk.intake.errors import AnswersFileError, one_line

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 5
"""object → participants → participant → answers → a multi-choice list."""
MAX_VALUES = 100_000
"""Commas, ``[`` and ``{`` in the file (even inside text): an answers file has a few hundred,
and parsing 100,000 values takes well under 100 MB."""
MAX_DIGITS = 100
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def display(path: Path) -> str:
    """The path as the user typed it (relative stays relative)."""
    return str(path)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise AnswersFileError(f"duplicate key '{one_line(key)}'; keep only one of them")
        result[key] = value
    return result


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise AnswersFileError(
            f"a number with {digits} digits is too long (at most {MAX_DIGITS}); "
            "answers are small whole numbers"
        )
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise AnswersFileError(f"the number {one_line(text)} is too large; answers are small")
    return value


def _constant(name: str) -> Any:
    raise AnswersFileError(f"{name} is not valid JSON; write a number or null")


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


def _texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every key and string in ``value`` with its place, e.g. ``participants[0].name``."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{key}" if where else key
            yield place, key
            yield from _texts(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index}]")


def read_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing missing paths, folders and files over ``max_bytes``.

    Only a regular file is read: a FIFO, a device or a socket is refused at once (it is
    opened without waiting, then checked), so reading never blocks.
    """
    where = display(path)
    if not path.exists():
        raise AnswersFileError(f"{where}: no such file; check the name and the folder")
    if path.is_dir():
        raise AnswersFileError(f"{where}: is a folder, not a file; give the answers file in it")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise AnswersFileError(
                    f"{where}: not a regular file (a pipe, a device or a socket); "
                    "save the content to a file and give that"
                )
            if info.st_size > max_bytes:
                raise AnswersFileError(
                    f"{where}: the file is too big "
                    f"({math.ceil(info.st_size * 10 / 1048576) / 10} MB; "
                    f"at most {max_bytes // 1024 // 1024} MB); check that it is an answers file"
                )
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise AnswersFileError(f"{where}: cannot read the file ({err.strerror})") from None
    if len(data) > max_bytes:
        raise AnswersFileError(f"{where}: the file is too big (at most {max_bytes // 1048576} MB)")
    return data


def _decode(raw: bytes, where: str) -> str:
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise AnswersFileError(f"{where}: not UTF-8 text but {encoding}; save it as UTF-8")
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    if values > MAX_VALUES:
        raise AnswersFileError(
            f"{where}: the file holds too many values ({values} commas, lists and objects; "
            f"at most {MAX_VALUES}); check that it is an answers file"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if b"\x00" in raw:
            raise AnswersFileError(
                f"{where}: not UTF-8 text (NUL bytes: the file is binary or UTF-16/UTF-32); "
                "save it as UTF-8 JSON"
            ) from None
        raise AnswersFileError(
            f"{where}: not UTF-8 text (invalid byte at offset {err.start}); "
            "save it as UTF-8, or check that it is an answers file"
        ) from None


def _syntax_problem(err: json.JSONDecodeError, text: str) -> str:
    where = f"line {err.lineno}, column {err.colno}"
    found = text[err.pos] if err.pos < len(text) else ""
    if err.msg.startswith("Invalid control character"):
        return (
            f"{where}: a control character ({ascii(found)[1:-1]}) inside a string; "
            f"remove it or write it escaped as \\u{ord(found):04x}"
        )
    if found == "\x00":
        return f"{where}: a NUL byte; the file is binary or UTF-16/UTF-32, save it as UTF-8 JSON"
    message = err.msg.removesuffix(" at") + (" here" if err.msg.endswith(" at") else "")
    if not text.strip():
        return f"the file is empty ({where}: {message}); export the answers again"
    return f"{where}: {message}"


def load_json_limited(path: Path, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``path`` as UTF-8 JSON within the limits of this module."""
    where = display(path)
    text = _decode(read_limited(path), where)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_integer,
            parse_float=_number,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as err:
        raise AnswersFileError(f"{where}: {_syntax_problem(err, text)}") from None
    except RecursionError:
        raise AnswersFileError(
            f"{where}: the JSON is nested too deeply (at most {max_depth} levels)"
        ) from None
    except AnswersFileError as err:
        raise AnswersFileError(f"{where}: {err}") from None
    if depth(data) > max_depth:
        raise AnswersFileError(
            f"{where}: the JSON is nested too deeply (at most {max_depth} levels)"
        )
    for place, value in _texts(data):
        if found := _SURROGATE.search(value):
            raise AnswersFileError(
                f"{where}: {one_line(place)}: the text holds an escaped lone surrogate "
                f"({ascii(found.group())[1:-1]}), half of a character; "
                "remove it or write the whole character"
            )
    return data
