"""Re-assessment end to end: the CLI adds them to a client, `progress` reports the change,
bad input is refused with nothing stored, and the clients never see what is not theirs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from therapist_desk.cli import main
from therapist_desk.demo.progress import story_files
from therapist_desk.intake import load_catalogue
from therapist_desk.intake.audience import Audience

CATALOGUE = load_catalogue()
START = dt.date(2026, 3, 2)


def _cli(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _write(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A couple with a first consultation and five re-assessments, imported by the CLI."""
    folder = tmp_path_factory.mktemp("reassess")
    db = folder / "practice.sqlite3"
    files = [_write(folder, f"v{n}.json", f) for n, f in enumerate(story_files(CATALOGUE, START))]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THERAPIST_DESK_HOME", str(folder / "home"))
        assert main(["--db", str(db), "import", str(files[0])]) == 0
        assert main(["--db", str(db), "clients", "--format", "json"]) == 0
    return {"db": db, "folder": folder, "files": files}


@pytest.fixture(scope="module")
def reference(story: dict) -> str:
    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress import client_references

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THERAPIST_DESK_HOME", str(story["folder"] / "home"))
        practice = open_practice(story["db"])
        try:
            ref = client_references(practice=practice)[0]["reference"]
        finally:
            practice.close()
        for path in story["files"][1:]:
            assert main(["--db", str(story["db"]), "import", str(path), "--client", ref]) == 0
    return ref


def test_clients_lists_the_reference_and_progress_reports_every_administration(
    capsys, story, reference
):
    code, out, _ = _cli(capsys, story["db"], "clients", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "reference": reference,
            "name": "Mira Castellano & Joon Park",
            "kind": "couple",
            "archived": False,
            "completed_intakes": 6,
        }
    ]
    code, out, _ = _cli(capsys, story["db"], "progress", reference, "--format", "json")
    data = json.loads(out)
    assert [i["purpose"] for i in data["intakes"]] == ["first"] + ["reassessment"] * 5
    phq = next(m for m in data["measures"] if (m["participant"], m["measure"]) == ("p1", "phq9"))
    rows = [
        (a["total"], a["change_from_first"], a["change_from_previous"], a["reliable_change"])
        for a in phq["administrations"]
    ]
    assert rows == [
        (16, None, None, None),
        (14, -2, -2, "none"),
        (12, -4, -2, "none"),
        (9, -7, -3, "improved"),
        (8, -8, -1, "improved"),
        (6, -10, -2, "improved"),
    ]
    assert [a["recovered"] for a in phq["administrations"]][-3:] == [True, True, True]
    gad = next(m for m in data["measures"] if (m["participant"], m["measure"]) == ("p2", "gad7"))
    assert [a["reliable_change"] for a in gad["administrations"]] == [
        None, "none", "deteriorated", "deteriorated", "none", "none",
    ]  # fmt: skip
    assert gad["administrations"][2]["change_from_first"] == 6
    assert data["notices"] == []  # the latest visit: no deterioration, no new safety finding


def test_the_suggestion_is_made_again_and_its_change_is_told_to_the_clinician(
    capsys, story, reference
):
    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress import progress_view

    practice = open_practice(story["db"])
    try:
        view = progress_view(practice=practice, client_id=1)
    finally:
        practice.close()
    orders = [n.text for n in view.notices if n.kind == "order"]
    assert orders == []  # the latest two visits agree: relationship therapy first
    code, out, _ = _cli(capsys, story["db"], "progress", reference)
    assert code == 0 and "Mira Castellano — PHQ-9, reliable change 6" in out
    assert "recovered" in out


def test_the_clients_never_see_a_measure_kept_private_or_not_shared(capsys, story, reference):
    _code, out, _ = _cli(
        capsys, story["db"], "progress", reference, "--format", "json", "--client-safe"
    )
    shown = {(m["participant"], m["measure"]) for m in json.loads(out)["measures"]}
    assert ("p1", "phq9") in shown  # Mira agreed to share her scores
    assert not any(p == "p2" and m in {"phq9", "gad7", "rses"} for p, m in shown)  # Joon did not
    assert not any(m in {"auditc", "wast", "pcptsd5"} for _, m in shown)  # private or asked alone
    assert json.loads(out)["notices"] == []
    # what the screen asks is the same filter: one partner alone sees their own
    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress import progress_view

    practice = open_practice(story["db"])
    try:
        view = progress_view(practice=practice, client_id=1)
    finally:
        practice.close()
    joon = {(t.participant, t.measure_id) for t in view.for_audience(Audience.alone("p2")).tracks}
    assert {("p2", "gad7"), ("p2", "pcptsd5"), ("p1", "phq9")} <= joon  # his own, and Mira's shared
    assert ("p1", "pcptsd5") not in joon  # asked of Mira alone
    assert not any(m in {"auditc", "wast"} for _, m in joon)  # private: the clinician's only


def _count(capsys, db: Path) -> int:
    _code, out, _ = _cli(capsys, db, "clients", "--format", "json")
    return sum(c["completed_intakes"] for c in json.loads(out))


def test_bad_input_is_refused_and_nothing_stored(capsys, story, reference):
    db, folder = story["db"], story["folder"]
    before = _count(capsys, db)
    code, _, err = _cli(capsys, db, "import", str(story["files"][1]), "--client", "nobody")
    assert code == 2 and "No client has the reference 'nobody'" in err
    one = json.loads(story["files"][1].read_text())
    one["kind"] = "individual"
    one["participants"] = one["participants"][:1]
    one["participants"][0]["answers"].pop("share.scores")
    code, _, err = _cli(
        capsys, db, "import", str(_write(folder, "alone.json", one)), "--client", reference
    )
    assert code == 2 and "is kept as a couple" in err and '"answers": {}' in err
    assert _count(capsys, db) == before


def test_one_partner_alone_two_on_a_day_skipped_and_older_catalogue_are_kept_as_documented(
    capsys, story, reference, tmp_path
):
    import shutil

    db = tmp_path / "copy.sqlite3"
    shutil.copy(story["db"], db)
    later = json.loads(story["files"][-1].read_text())
    later["catalogue_version"] = "1.2.0"
    later["participants"][1]["answers"] = {}  # Joon did not come this time
    for k in [k for k in later["participants"][0]["answers"] if k.startswith("gad7.")]:
        del later["participants"][0]["answers"][k]  # Mira skipped the GAD-7
    path = _write(tmp_path, "later.json", later)
    code, _, err = _cli(capsys, db, "import", str(path), "--client", reference)
    assert code == 0 and "answered against catalogue 1.2.0" in err
    code, _, _ = _cli(capsys, db, "import", str(path), "--client", reference)  # the same day again
    assert code == 0
    code, out, _ = _cli(capsys, db, "progress", reference, "--format", "json")
    data = json.loads(out)
    assert len(data["intakes"]) == 8 and data["intakes"][-1]["date"] == data["intakes"][-2]["date"]
    series = {(m["participant"], m["measure"]): m["administrations"] for m in data["measures"]}
    mira_gad = series[("p1", "gad7")]
    assert mira_gad[-1]["total"] is None and mira_gad[-1]["change_from_first"] is None
    joon_phq = series[("p2", "phq9")]
    assert len(joon_phq) in (6, 8)
    assert all(a["total"] is None for a in joon_phq[6:])
    # the stored original story is unchanged
    code, out, _ = _cli(capsys, story["db"], "progress", reference, "--format", "json")
    assert len(json.loads(out)["intakes"]) == 6


@pytest.fixture(scope="module")
def pdfs(story: dict, reference: str) -> dict[str, list[str]]:
    """Both versions of the progress summary, as the text of their pages."""
    from pypdf import PdfReader

    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress_pdf import render_progress_pdf

    practice = open_practice(story["db"])
    try:
        out = {}
        for variant in ("clinician", "client"):
            pdf = render_progress_pdf(practice=practice, client_id=1, variant=variant)
            reader = PdfReader(__import__("io").BytesIO(pdf))
            out[variant] = [page.extract_text() for page in reader.pages]
    finally:
        practice.close()
    return out


def test_the_progress_pdf_of_the_clients_holds_only_what_they_may_see(pdfs):
    client = " ".join(pdfs["client"])
    assert len(pdfs["client"]) == 1  # one page for the couple
    assert "Client version" in client and "Page 1 of 1" in client
    assert "PHQ-9\n16 → 6 (↓ -10)\nrecovered\nGAD-7" in client  # Mira's; Joon's not shared
    assert "7 → 5 (↓ -2)" not in client and "6 → 7 (↑ +1)" not in client  # Joon's PHQ-9, GAD-7
    assert "AUDIT-C" not in client and "PC-PTSD-5" not in client and "WAST" not in client
    assert "For the clinician" not in client
    assert "CSI-4\n9 → 15 (↑ +6)\nrecovered\n10 → 16 (↑ +6)" in client  # both: not personal
    assert "The current suggestion" in client
    clinician = " ".join(pdfs["clinician"])
    assert "7 → 5 (↓ -2)" in clinician and "AUDIT-C" in clinician and "PC-PTSD-5" in clinician
    assert "RC 6.2, derived" in clinician
