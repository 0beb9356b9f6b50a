"""Turn validated catalogue file models into the app's frozen dataclasses.

Checks that need the whole measure (item ids, bands in order, the declared maximum
total, reverse scoring only on numeric options) live here; each raises
:class:`CatalogueError` naming the file and the item.
"""

from __future__ import annotations

from therapist_desk.intake.catalogue import (
    Band,
    Condition,
    Cutoff,
    Flag,
    FlagCondition,
    IntakeKind,
    Item,
    ItemType,
    Measure,
    Option,
    Scope,
    Section,
)
from therapist_desk.intake.change import (
    DERIVED_TOLERANCE,
    JACOBSON_TRUAX_FORMULA,
    NO_CHANGE_DATA,
    Caseness,
    ChangeValue,
    Derivation,
    MeasureChange,
)
from therapist_desk.intake.errors import CatalogueError
from therapist_desk.intake.schema import (
    ChangeFile,
    ChangeValueFile,
    ConditionFile,
    ItemFile,
    MeasureFile,
    SectionFile,
    check_item_shape,
)


def build_condition(cond: ConditionFile | None) -> Condition | None:
    """The condition of an ``ask_if`` block (None: none)."""
    if cond is None:
        return None
    negate = cond.in_ is None
    values = cond.not_in if negate else cond.in_
    return Condition(cond.item, frozenset(values or ()), negate)


def _item(
    f: ItemFile,
    *,
    scope: str,
    private: bool,
    asked_alone: bool,
    section_id: str,
    measure_id: str | None = None,
    number: int | None = None,
    numbers_are_scores: bool = False,
) -> Item:
    assert f.type is not None
    return Item(
        id=f.id,
        type=ItemType(f.type),
        wording=f.wording,
        short=f.short or f.wording,
        help=f.help,
        scope=Scope(scope),
        private=private,
        section_id=section_id,
        measure_id=measure_id,
        number=number,
        options=tuple(Option(o.value, o.label) for o in f.options or ()),
        minimum=f.min,
        maximum=f.max,
        max_length=f.max_length,
        reverse=f.reverse,
        scored=f.scored,
        optional=f.optional,
        kinds=frozenset(IntakeKind(k) for k in f.kinds),
        ask_if=build_condition(f.ask_if),
        asked_alone=asked_alone,
        risk=f.risk,
        numbers_are_scores=numbers_are_scores,
    )


def build_section(f: SectionFile, where: str) -> tuple[Section, list[Item]]:
    """A section of the app's own questions and its items."""
    alone = f.private if f.asked_alone is None else f.asked_alone
    items = [
        _item(i, scope=f.scope, private=f.private, asked_alone=alone, section_id=f.id)
        for i in f.items
    ]
    section = Section(
        f.id,
        f.title,
        f.intro,
        Scope(f.scope),
        f.private,
        _ids(items),
        None,
        alone and not f.clinician_only,
        f.clinician_only,
    )
    return section, items


def _ids(items: list[Item]) -> tuple[str, ...]:
    return tuple(item.id for item in items)


def _item_max(item: Item) -> int:
    if item.type is ItemType.YES_NO:
        return 1
    return max(int(option.value) for option in item.options)


def _change_value(f: ChangeValueFile | None, field: str, where: str) -> ChangeValue | None:
    if f is None:
        return None
    derived = None
    if f.derived is not None:
        d = f.derived
        derived = Derivation(
            d.method, JACOBSON_TRUAX_FORMULA, d.sd, d.reliability, d.sd_source,
            d.reliability_source, d.note,
        )  # fmt: skip
        if abs(derived.computed - f.value) > DERIVED_TOLERANCE:
            raise CatalogueError(
                f"{where}: change: {field}: value {f.value:g} is not what "
                f"{JACOBSON_TRUAX_FORMULA} gives for SD {d.sd:g} and r {d.reliability:g} "
                f"({derived.computed:.2f})"
            )
    return ChangeValue(f.value, f.source, derived)


def _change(f: ChangeFile | None, max_total: int, where: str) -> MeasureChange:
    if f is None:
        return NO_CHANGE_DATA
    change = MeasureChange(
        _change_value(f.minimal_important_difference, "minimal_important_difference", where),
        _change_value(f.reliable_change, "reliable_change", where),
        Caseness(f.caseness.source, f.caseness.at_least, f.caseness.below) if f.caseness else None,
        f.better == "lower",
    )
    for name in ("minimal_important_difference", "reliable_change"):
        value = getattr(change, name)
        if value is not None and value.value > max_total:
            raise CatalogueError(
                f"{where}: change: {name}: {value.value:g} is more than the highest total "
                f"({max_total})"
            )
    return change


def _check_score_keys(item: ItemFile) -> None:
    """Scores typed with one key each: whole numbers 0–9 (the values are unique already)."""
    if any(not 0 <= int(o.value) <= 9 for o in item.options or ()):
        raise ValueError("numbers_are_scores needs option values from 0 to 9 (one key each)")


def build_measure(f: MeasureFile, where: str) -> tuple[Measure, Section, list[Item]]:
    """A measure, the wizard section that asks it, and its items (defaults resolved)."""
    alone = f.private if f.asked_alone is None else f.asked_alone
    items: list[Item] = []
    number = 0
    for raw in f.items:
        resolved = raw.model_copy(
            update={"type": raw.type or f.type, "options": raw.options or f.options}
        )
        if resolved.type not in ("choice", "yes_no"):
            resolved = resolved.model_copy(update={"options": None})
        try:
            check_item_shape(resolved)
            if not raw.id.startswith(f.id + "."):
                raise ValueError(f"measure item ids must start with '{f.id}.'")
            if resolved.type == "choice" and any(
                isinstance(o.value, str) for o in resolved.options or ()
            ):
                raise ValueError("measure options must have numeric values")
            if f.numbers_are_scores and resolved.type == "choice":
                _check_score_keys(resolved)
        except ValueError as err:
            raise CatalogueError(f"{where}: item {raw.id}: {err}") from None
        if raw.scored:
            number += 1
        items.append(
            _item(
                resolved,
                scope=f.scope,
                private=f.private,
                asked_alone=alone,
                section_id=f.id,
                measure_id=f.id,
                number=number if raw.scored else None,
                numbers_are_scores=f.numbers_are_scores,
            )
        )
    scored = [item for item in items if item.scored]
    computed = sum(_item_max(item) for item in scored)
    if computed != f.scoring.max_total:
        raise CatalogueError(
            f"{where}: scoring: max_total is {f.scoring.max_total} but the items add up to "
            f"{computed}"
        )
    minimums = [band.min for band in f.bands]
    if minimums != sorted(minimums) or len(set(minimums)) != len(minimums):
        raise CatalogueError(f"{where}: bands: lower bounds must rise strictly")
    flags = tuple(
        Flag(
            fl.id,
            fl.label,
            fl.risk,
            tuple(
                FlagCondition(c.item, c.at_least, frozenset(c.in_) if c.in_ else None)
                for c in fl.when
            ),
            fl.total_at_least,
        )
        for fl in f.flags
    )
    cutoff = None
    if f.cutoff is not None:
        c = f.cutoff
        if c.flag is not None and c.flag not in {fl.id for fl in flags}:
            raise CatalogueError(f"{where}: cutoff: unknown flag {c.flag!r}")
        cutoff = Cutoff(
            c.label,
            c.at_least,
            c.below,
            c.flag,
            {str(k): v for k, v in (c.by_sex or {}).items()},
            c.plain or "",
        )
    measure = Measure(
        id=f.id,
        name=f.name,
        title=f.title,
        version=f.version,
        citation=f.citation,
        licence=f.licence,
        scope=Scope(f.scope),
        private=f.private,
        intro=f.intro,
        item_ids=_ids(items),
        scored_item_ids=_ids(scored),
        max_total=f.scoring.max_total,
        max_missing=f.scoring.max_missing,
        bands=tuple(
            Band(
                b.id,
                b.label,
                b.min,
                {str(k): v for k, v in (b.min_by_sex or {}).items()},
                b.plain or "",
            )
            for b in f.bands
        ),
        cutoff=cutoff,
        flags=flags,
        asked_alone=alone,
        change=_change(f.change, f.scoring.max_total, where),
        personal=f.personal,
    )
    section = Section(f.id, f.title, f.intro, Scope(f.scope), f.private, _ids(items), f.id, alone)
    return measure, section, items
