"""Load and validate the catalogue from ``resources/catalogue``.

``manifest.json`` names the catalogue version, the files to read and the order of the
wizard's sections. A file is either a measure (it has ``scoring``) or a file of the
app's own questions (it has ``sections``). Any problem raises :class:`CatalogueError`
whose message names the file, the item and the problem.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from therapist_desk.intake.catalogue import Catalogue, Condition, Item, Measure, Section
from therapist_desk.intake.errors import CatalogueError
from therapist_desk.intake.loader_build import build_condition, build_measure, build_section
from therapist_desk.intake.resources import catalogue_dir
from therapist_desk.intake.schema import ManifestFile, MeasureFile, QuestionsFile
from therapist_desk.intake.timing_model import TimeModel

MANIFEST = "manifest.json"
M = TypeVar("M", bound=BaseModel)


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """The catalogue in ``directory`` (default: the one shipped with the app, cached)."""
    if directory is None:
        return _default_catalogue()
    return _load(Path(directory))


@functools.cache
def _default_catalogue() -> Catalogue:
    return _load(catalogue_dir())


def display_path(path: Path) -> str:
    """A short path for messages: relative to the resources' parent or cwd when possible."""
    for base in (catalogue_dir().parent.parent, Path.cwd()):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _read_json(path: Path) -> Any:
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{where}: catalogue file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogueError(f"{where}: cannot read the file ({err})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CatalogueError(f"{where}: line {err.lineno}, column {err.colno}: {err.msg}") from None


def _validate(model: type[M], data: Any, path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = _locate(data, first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        prefix = f"{display_path(path)}: {where}: " if where else f"{display_path(path)}: "
        raise CatalogueError(prefix + message) from None


def _locate(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into "section x: item y: field" words."""
    parts: list[str] = []
    node = data
    for i, key in enumerate(loc):
        parent = loc[i - 1] if i else None
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(key, int) and parent in ("items", "sections"):
            name = node.get("id") if isinstance(node, dict) else None
            parts[-1] = f"{'item' if parent == 'items' else 'section'} {name or f'#{key + 1}'}"
        else:
            parts.append(str(key))
    return ": ".join(parts)


def _load(directory: Path) -> Catalogue:
    manifest_path = directory / MANIFEST
    manifest = _validate(ManifestFile, _read_json(manifest_path), manifest_path)
    sections: dict[str, Section] = {}
    items: dict[str, Item] = {}
    measures: dict[str, Measure] = {}
    files: dict[str, str] = {}
    for name in manifest.files:
        path = directory / name
        data = _read_json(path)
        where = display_path(path)
        if isinstance(data, dict) and "scoring" in data:
            measure_file = _validate(MeasureFile, data, path)
            measure, section, new_items = build_measure(measure_file, where)
            measures[measure.id] = measure
            found = [(section, new_items)]
        else:
            questions = _validate(QuestionsFile, data, path)
            found = [build_section(s, where) for s in questions.sections]
        for section, new_items in found:
            if section.id in sections:
                raise CatalogueError(f"{where}: section {section.id}: defined twice")
            sections[section.id] = section
            for item in new_items:
                if item.id in items:
                    raise CatalogueError(f"{where}: item {item.id}: id used twice")
                items[item.id] = item
                files[item.id] = where
    ordered = _order_sections(manifest, sections, display_path(manifest_path))
    again = tuple(sections[s] for s in manifest.reassessment_order)
    only_again = tuple(s for s in again if s not in ordered)
    ordered_items = {i: items[i] for s in ordered + only_again for i in s.item_ids}
    _check_conditions(ordered_items, measures, files)
    where = display_path(manifest_path)
    when = _reassessment_conditions(manifest, again, ordered_items, where)
    return Catalogue(
        manifest.catalogue_version,
        ordered,
        ordered_items,
        measures,
        again,
        when,
        _timing(manifest, sections, where),
    )


def _reassessment_conditions(
    manifest: ManifestFile, again: tuple[Section, ...], items: dict[str, Item], where: str
) -> dict[str, Condition]:
    """Each condition names an item of an earlier re-assessment section, of the same scope."""
    out: dict[str, Condition] = {}
    for section_id, cond in manifest.reassessment_ask_if.items():
        ids = [s.id for s in again]
        if section_id not in ids:
            raise CatalogueError(f"{where}: reassessment_ask_if: {section_id!r} is not asked")
        earlier = {i for s in again[: ids.index(section_id)] for i in s.item_ids}
        gate, first = items.get(cond.item), items[again[ids.index(section_id)].item_ids[0]]
        if gate is None or cond.item not in earlier or gate.scope is not first.scope:
            raise CatalogueError(
                f"{where}: reassessment_ask_if: {section_id}: {cond.item!r} is not an item of "
                "an earlier re-assessment section of the same scope"
            )
        built = build_condition(cond)
        assert built is not None
        out[section_id] = built
    return out


def _timing(manifest: ManifestFile, sections: dict[str, Section], where: str) -> TimeModel | None:
    given = manifest.timing
    if given is None:
        return None
    unknown = [s for s in given.talked_through if s not in sections]
    if unknown:
        raise CatalogueError(f"{where}: timing: unknown section {unknown[0]!r}")
    missing = [k for k in TimeModel.__dataclass_fields__ if k not in _NOT_SECONDS]
    missing = [k for k in missing if k not in given.seconds]
    if missing:
        raise CatalogueError(f"{where}: timing: no seconds for {missing[0]!r}")
    return TimeModel(
        **given.seconds,
        long_text_from=given.long_text_from,
        talked_through=tuple(given.talked_through),
        sources=tuple(given.sources),
    )


_NOT_SECONDS = {"long_text_from", "talked_through", "sources"}


def _order_sections(
    manifest: ManifestFile, sections: dict[str, Section], where: str
) -> tuple[Section, ...]:
    order = manifest.section_order
    for section_id in order:
        if section_id not in sections:
            raise CatalogueError(f"{where}: section_order: unknown section {section_id!r}")
    if len(set(order)) != len(order):
        raise CatalogueError(f"{where}: section_order: a section is listed twice")
    again = manifest.reassessment_order
    for section_id in again:
        if section_id not in sections:
            raise CatalogueError(f"{where}: reassessment_order: unknown section {section_id!r}")
    if len(set(again)) != len(again):
        raise CatalogueError(f"{where}: reassessment_order: a section is listed twice")
    missing = [s for s in sections if s not in order and s not in again]
    if missing:
        raise CatalogueError(f"{where}: section_order: section {missing[0]!r} is not listed")
    return tuple(sections[s] for s in order)


def _check_conditions(
    items: dict[str, Item], measures: dict[str, Measure], files: dict[str, str]
) -> None:
    """``ask_if`` must refer to an earlier item of the same scope, with allowed values."""
    seen: set[str] = set()
    for item in items.values():
        cond = item.ask_if
        if cond is not None:
            other = items.get(cond.item_id)
            if other is None or cond.item_id not in seen or other.scope is not item.scope:
                raise CatalogueError(
                    f"{files[item.id]}: item {item.id}: ask_if refers to {cond.item_id!r}, "
                    "which is not an earlier item of the same scope"
                )
            allowed = other.allowed_values()
            for value in cond.values:
                if not any(type(value) is type(a) and value == a for a in allowed):
                    raise CatalogueError(
                        f"{files[item.id]}: item {item.id}: ask_if value {value!r} "
                        f"is not an allowed answer of {other.id}"
                    )
        seen.add(item.id)
    for measure in measures.values():
        for flag in measure.flags:
            for fc in flag.when:
                if fc.item_id not in measure.item_ids:
                    raise CatalogueError(
                        f"{files[measure.item_ids[0]]}: measure {measure.id}: flag {flag.id} "
                        f"refers to {fc.item_id!r}, which is not one of its items"
                    )
