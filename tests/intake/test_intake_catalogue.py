"""The shipped catalogue: complete, as published, and refused with a clear message when broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from therapist_desk.intake import CatalogueError, ItemType, Scope, catalogue_dir, load_catalogue
from therapist_desk.intake.catalogue import as_recorded, asked_alone_choices

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("measure_id", "n_items", "max_total", "private"),
    [
        ("phq9", 9, 27, False),
        ("gad7", 7, 21, False),
        ("rses", 10, 30, False),
        ("csi4", 4, 21, False),
        ("pcptsd5", 5, 5, False),
        ("auditc", 3, 12, True),
        ("wast", 2, 4, True),
    ],
)
def test_every_measure_is_there_with_its_key(measure_id, n_items, max_total, private):
    measure = CATALOGUE.measures[measure_id]
    assert len(measure.scored_item_ids) == n_items
    assert measure.max_total == max_total
    assert measure.private is private
    assert measure.citation and measure.licence and measure.version


def test_rosenberg_reverse_items_are_2_5_6_8_9():
    reverse = [CATALOGUE.item(f"rses.{i}").reverse for i in range(1, 11)]
    assert [i + 1 for i, r in enumerate(reverse) if r] == [2, 5, 6, 8, 9]


@pytest.mark.parametrize(
    ("item_id", "values", "first_label"),
    [
        ("csi4.1", (0, 1, 2, 3, 4, 5, 6), "Extremely unhappy"),
        ("csi4.2", (0, 1, 2, 3, 4, 5), "Not at all true"),
        ("csi4.4", (0, 1, 2, 3, 4, 5), "Not at all"),
        ("phq9.9", (0, 1, 2, 3), "Not at all"),
        ("auditc.2", (0, 1, 2, 3, 4), "1 or 2"),
        ("wast.1", (2, 1, 0), "A lot of tension"),
    ],
)
def test_item_specific_option_sets(item_id, values, first_label):
    item = CATALOGUE.item(item_id)
    assert item.allowed_values() == values
    assert item.options[0].label == first_label


@pytest.mark.parametrize(
    ("item_id", "numbers"),
    [
        ("phq9.1", (0, 1, 2, 3)),  # published scores: key 0 is "Not at all"
        ("gad7.7", (0, 1, 2, 3)),
        ("rses.2", (0, 1, 2, 3)),  # the stored answer, before reverse scoring
        ("csi4.1", (0, 1, 2, 3, 4, 5, 6)),
        ("auditc.3", (0, 1, 2, 3, 4)),
        ("wast.1", (1, 2, 3)),  # no published score: counted from 1
        ("pcptsd5.gate", (1, 2)),  # yes / no, as everywhere
        ("about.sex", (1, 2, 3, 4)),
    ],
)
def test_each_option_prints_its_published_score_or_its_place(item_id, numbers):
    item = CATALOGUE.item(item_id)
    assert item.option_numbers() == numbers
    if item.numbers_are_scores:
        assert numbers == tuple(option.value for option in item.options)


def test_private_sections_are_the_ones_asked_alone():
    private = [s.id for s in CATALOGUE.sections if s.private]
    assert private == ["safety", "auditc", "wast", "clinician"]
    assert all(
        CATALOGUE.item(i).private for s in CATALOGUE.sections if s.private for i in s.item_ids
    )


def test_items_follow_section_order_and_have_scope_and_type():
    ordered = [i for s in CATALOGUE.sections for i in s.item_ids]
    only_again = [s for s in CATALOGUE.reassessment_sections if s not in CATALOGUE.sections]
    assert [s.id for s in only_again] == ["since"]
    assert list(CATALOGUE.items) == ordered + [i for s in only_again for i in s.item_ids]
    assert CATALOGUE.item("rel.concern.arguments").scope is Scope.RELATIONSHIP
    assert CATALOGUE.item("rel.goals").type is ItemType.MULTI_CHOICE
    assert CATALOGUE.item("pcptsd5.1").ask_if is not None
    assert CATALOGUE.version == "1.3.0"


def test_default_catalogue_is_cached():
    assert load_catalogue() is load_catalogue()


def _broken(tmp_path: Path, name: str, edit) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    path = target / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return target


def _dup_option(d):
    d["items"][3]["options"] = [{"value": 0, "label": "a"}, {"value": 0, "label": "b"}]


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("phq9.json", _dup_option, "phq9.json: item phq9.4: option values must be unique"),
        (
            "phq9.json",
            lambda d: d["items"][8].pop("wording"),
            "item phq9.9: wording: Field required",
        ),
        (
            "phq9.json",
            lambda d: d["scoring"].update(max_total=30),
            "max_total is 30 but the items add up to 27",
        ),
        ("phq9.json", lambda d: d["bands"].reverse(), "bands: lower bounds must rise strictly"),
        ("manifest.json", lambda d: d["section_order"].append("nope"), "unknown section 'nope'"),
        (
            "manifest.json",
            lambda d: d["section_order"].remove("goals"),
            "section 'goals' is not listed",
        ),
        ("manifest.json", lambda d: d.update(catalogue_version="one"), "catalogue_version"),
        (
            "questions-personal.json",
            lambda d: d["sections"][2]["items"][1]["ask_if"].update(item="trauma.nope"),
            "item trauma.one_to_one: ask_if refers to 'trauma.nope'",
        ),
        (
            "questions-relationship.json",
            lambda d: d["sections"][1]["items"][0].update(options=None),
            "section goals: item rel.goals: a multi_choice item needs options",
        ),
        (
            "wast.json",
            lambda d: d["items"][1].update(id="phq9.1"),
            "measure item ids must start with 'wast.'",
        ),
        (
            "csi4.json",
            lambda d: d["items"][0]["options"].append({"value": 10, "label": "Beyond perfect"}),
            "item csi4.1: numbers_are_scores needs option values from 0 to 9 (one key each)",
        ),
    ],
)
def test_broken_catalogue_names_file_item_and_problem(tmp_path, name, edit, expected):
    directory = _broken(tmp_path, name, edit)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(directory)
    assert expected in str(caught.value)
    assert name in str(caught.value)


def test_malformed_catalogue_json_gives_line_and_column(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    (target / "gad7.json").write_text('{\n  "id": "gad7",\n  oops\n}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gad7\.json: line 3, column 3"):
        load_catalogue(target)


def test_duplicate_item_id_across_files_is_refused(tmp_path):
    directory = _broken(
        tmp_path,
        "questions-private.json",
        lambda d: d["sections"][0]["items"][0].update(id="commit.self"),
    )
    with pytest.raises(CatalogueError, match=r"item commit\.self: id used twice"):
        load_catalogue(directory)


def test_missing_catalogue_file_is_named(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    (target / "rses.json").unlink()
    with pytest.raises(CatalogueError, match=r"rses\.json: catalogue file not found"):
        load_catalogue(target)


def test_an_intake_is_read_as_it_recorded_what_was_asked_alone():
    def alone(recorded, today):
        return asked_alone_choices(as_recorded(CATALOGUE, recorded, today))

    recorded = {"trauma": True, "pcptsd5": False}
    assert alone(recorded, {})["trauma"] is True
    assert alone(recorded, {"phq9": True})["phq9"] is False  # today's choice changes nothing
    assert alone(recorded, {})["pcptsd5"] is False
    assert alone(recorded, {})["safety"] is True  # a private section is always asked alone


def test_an_intake_with_no_record_is_read_as_the_more_private_of_shipped_and_today():
    shipped = asked_alone_choices(CATALOGUE)
    read = asked_alone_choices(as_recorded(CATALOGUE, None, {"phq9": True, "pcptsd5": False}))
    assert shipped["pcptsd5"] is True and shipped["phq9"] is False
    assert read["pcptsd5"] is True and read["phq9"] is True
    assert [s for s in read if not read[s] and shipped[s]] == []
