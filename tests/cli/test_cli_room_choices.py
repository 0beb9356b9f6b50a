"""The command line asks as the practice asks: Settings › The room's choices of what is
put to each partner alone hide those answers from what both partners receive, as in the
window. Every command runs in a subprocess on a home whose settings ask the difficult
experiences (trauma) and PHQ-9 alone; the same command without those settings shows
them, so each test can fail."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TRAUMA_QUESTION = "Is there a difficult or traumatic experience you would like help with?"
TRAUMA_REASON = "answered 'Yes' to wanting help with a traumatic experience"
PHQ9_LEFT_OPEN = "Trouble falling or staying asleep, or sleeping too much"
ASKED_ALONE = {"asked_alone": {"trauma": True, "phq9": True}}


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def with_settings(home: Path, settings: dict | None) -> None:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "settings.json"
    if settings is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(json.dumps(settings), encoding="utf-8")


def shared_scores_example(tmp_path: Path) -> Path:
    """concurrent.json with both partners agreeing that their own scores be shared; the
    first leaves PHQ-9's item 3 open (named for both only where both heard PHQ-9)."""
    data = json.loads((EXAMPLES / "concurrent.json").read_text(encoding="utf-8"))
    for person in data["participants"]:
        person["answers"]["share.scores"] = True
    del data["participants"][0]["answers"]["phq9.3"]
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def trauma_only_example(tmp_path: Path) -> Path:
    """individual-first-trauma.json where only the trauma answers (no PC-PTSD-5) decide."""
    data = json.loads((EXAMPLES / "individual-first-trauma.json").read_text(encoding="utf-8"))
    for person in data["participants"]:
        answers = person["answers"]
        for key in [k for k in answers if k.startswith("pcptsd5.")]:
            del answers[key]
        answers["pcptsd5.gate"] = False
    path = tmp_path / "trauma-only.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("settings", [None, ASKED_ALONE], ids=["shipped", "asked-alone"])
def test_report_client_version_hides_what_the_practice_asks_alone(
    cli_env, home: Path, tmp_path: Path, settings
) -> None:
    with_settings(home, settings)
    answers = shared_scores_example(tmp_path)
    client, own = tmp_path / "client.pdf", tmp_path / "personal.pdf"
    for out, variant in ((client, "client"), (own, "personal-1")):
        done = cli("report", str(answers), "-o", str(out), "--variant", variant, env=cli_env)
        assert done.returncode == 0, done.stderr
    both, alone = text_of(client), text_of(own)
    hidden = settings is not None
    assert (TRAUMA_QUESTION in both) is not hidden
    assert "PHQ-9" in both  # a score follows the partner's yes to sharing, asked alone or not
    assert (PHQ9_LEFT_OPEN in both) is not hidden  # its questions: only where both heard them
    assert TRAUMA_QUESTION in alone and "PHQ-9" in alone  # Zoë's own summary keeps hers
    assert PHQ9_LEFT_OPEN in alone


@pytest.mark.parametrize("settings", [None, ASKED_ALONE], ids=["shipped", "asked-alone"])
def test_import_then_export_hides_what_the_practice_asks_alone(
    cli_env, home: Path, tmp_path: Path, settings
) -> None:
    with_settings(home, settings)
    db = tmp_path / "practice.sqlite3"
    done = cli("--db", str(db), "import", str(shared_scores_example(tmp_path)), env=cli_env)
    assert done.returncode == 0, done.stderr
    intake = done.stdout.strip().split()[-1]
    pdfs = {}
    for variant in ("client", "clinician"):
        pdfs[variant] = tmp_path / f"{variant}.pdf"
        args = ("export", intake, "-o", str(pdfs[variant]), "--variant", variant)
        exported = cli("--db", str(db), *args, env=cli_env)
        assert exported.returncode == 0, exported.stderr
    hidden = settings is not None
    both = text_of(pdfs["client"])
    assert (TRAUMA_QUESTION in both) is not hidden
    assert "PHQ-9" in both  # both said yes to sharing their scores: asked alone or not
    assert (PHQ9_LEFT_OPEN in both) is not hidden
    clinician = text_of(pdfs["clinician"])
    assert TRAUMA_QUESTION in clinician and "PHQ-9" in clinician


@pytest.mark.parametrize("settings", [None, ASKED_ALONE], ids=["shipped", "asked-alone"])
def test_recommend_client_safe_withholds_a_reason_resting_on_answers_asked_alone(
    cli_env, home: Path, tmp_path: Path, settings
) -> None:
    with_settings(home, settings)
    answers = trauma_only_example(tmp_path)
    safe = cli("recommend", str(answers), "--client-safe", env=cli_env)
    full = cli("recommend", str(answers), env=cli_env)
    assert safe.returncode == 0 and full.returncode == 0, safe.stderr + full.stderr
    assert TRAUMA_REASON in full.stdout  # the clinician's view has it either way
    assert (TRAUMA_REASON in safe.stdout) is (settings is None)
    if settings is not None:  # the reason that decided is withheld: the order in neutral words
        assert "will talk the reasons through with you" in safe.stdout


def test_items_says_which_sections_the_practice_asks_alone(cli_env, home: Path) -> None:
    def trauma_alone() -> bool:
        done = cli("items", "--format", "json", env=cli_env)
        assert done.returncode == 0, done.stderr
        (section,) = [s for s in json.loads(done.stdout)["sections"] if s["id"] == "trauma"]
        return section["asked_alone"]

    assert trauma_alone() is False
    with_settings(home, ASKED_ALONE)
    assert trauma_alone() is True


def test_a_damaged_settings_file_is_one_line_not_a_traceback(cli_env, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.json").write_text("{not json", encoding="utf-8")
    done = cli("recommend", str(EXAMPLES / "concurrent.json"), "--client-safe", env=cli_env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "settings file" in lines[0] and "Traceback" not in done.stderr
