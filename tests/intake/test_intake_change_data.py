"""The per-measure ``change`` data and the asked-alone property: data, with sources, checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from therapist_desk.intake import CatalogueError, catalogue_dir, load_catalogue
from therapist_desk.intake.change import jacobson_truax

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("measure_id", "mid", "reliable", "caseness", "derived"),
    [
        ("phq9", 5, 6, ("at_least", 10), False),
        ("gad7", 4, 4, ("at_least", 8), False),
        ("csi4", 3.1, 3.1, ("below", 13.5), True),
        ("rses", 6.2, 6.2, ("below", 15), True),
    ],
)
def test_published_and_derived_differences_with_their_sources(
    measure_id, mid, reliable, caseness, derived
):
    change = CATALOGUE.measures[measure_id].change
    assert change.minimal_important_difference.value == mid
    assert change.reliable_change.value == reliable
    assert change.minimal_important_difference.source
    assert change.minimal_important_difference.is_derived is derived
    if caseness is None:
        assert change.caseness is None
    else:
        assert getattr(change.caseness, caseness[0]) == caseness[1]
        assert change.caseness.source


def test_phq9_and_gad7_values_cite_lowe_toussaint_and_nhs_talking_therapies():
    phq9, gad7 = CATALOGUE.measures["phq9"].change, CATALOGUE.measures["gad7"].change
    assert "Löwe" in phq9.minimal_important_difference.source
    assert "2004" in phq9.minimal_important_difference.source
    assert "Toussaint" in gad7.minimal_important_difference.source
    for value in (phq9.reliable_change, gad7.reliable_change, phq9.caseness, gad7.caseness):
        assert "NHS Talking Therapies" in value.source


@pytest.mark.parametrize(("measure_id", "sd", "r"), [("csi4", 4.6, 0.94), ("rses", 5.8, 0.85)])
def test_derived_values_carry_the_formula_and_its_cited_inputs(measure_id, sd, r):
    value = CATALOGUE.measures[measure_id].change.minimal_important_difference
    derivation = value.derived
    assert (derivation.method, derivation.sd, derivation.reliability) == (
        "jacobson_truax",
        sd,
        r,
    )
    assert derivation.formula == "1.96 · SD · √(2(1 − r))"
    assert derivation.sd_source and derivation.reliability_source
    assert "Jacobson" in value.source
    assert abs(jacobson_truax(sd, r) - value.value) < 0.05


def test_screens_without_a_published_difference_have_none():
    for measure_id in ("pcptsd5", "auditc", "wast"):
        assert CATALOGUE.measures[measure_id].change.minimal_important_difference is None


def test_asked_alone_is_its_own_property_beside_private():
    sections = {s.id: (s.private, s.asked_alone) for s in CATALOGUE.sections}
    assert sections["safety"] == (True, True)
    assert sections["auditc"] == (True, True)
    assert sections["wast"] == (True, True)
    assert sections["pcptsd5"] == (False, True)
    assert sections["phq9"] == (False, False)
    assert sections["clinician"] == (True, False)  # filled in by the clinician, not asked
    measures = {m.id: (m.private, m.asked_alone) for m in CATALOGUE.measures.values()}
    assert measures["pcptsd5"] == (False, True)
    assert CATALOGUE.item("pcptsd5.gate").asked_alone
    assert not CATALOGUE.item("pcptsd5.gate").private
    assert CATALOGUE.item("safety.violence").asked_alone


def _copy(tmp_path: Path, name: str, edit) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    path = target / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return target


def test_asked_alone_defaults_to_private_when_not_given(tmp_path):
    def drop(data):
        for section in data["sections"]:
            section.pop("asked_alone", None)

    catalogue = load_catalogue(_copy(tmp_path, "questions-private.json", drop))
    sections = {s.id: s for s in catalogue.sections}
    assert sections["safety"].asked_alone is True
    # the clinician's own observations are never put to a client, alone or not
    assert (sections["clinician"].asked_alone, sections["clinician"].clinician_only) == (
        False,
        True,
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["change"]["minimal_important_difference"].update(value=9),
            "change: minimal_important_difference: value 9 is not what 1.96 · SD · √(2(1 − r)) "
            "gives for SD 4.6 and r 0.94 (3.12)",
        ),
        (
            lambda d: d["change"]["caseness"].update(at_least=3),
            "caseness needs exactly one of 'at_least' or 'below'",
        ),
        (
            lambda d: d["change"]["reliable_change"].update(value=40, derived=None),
            "change: reliable_change: 40 is more than the highest total (21)",
        ),
        (
            lambda d: d["change"]["reliable_change"]["derived"].update(reliability=1.2),
            "reliability: Input should be less than 1",
        ),
    ],
)
def test_broken_change_data_is_refused_with_the_file_and_the_problem(tmp_path, edit, message):
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_copy(tmp_path, "csi4.json", edit))
    assert "csi4.json" in str(caught.value)
    assert message in str(caught.value)
