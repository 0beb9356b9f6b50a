"""Each audience's document carries what that audience may see, checked in the PDF text.

The joint client PDF shows a partner's own scores (PHQ-9, GAD-7, Rosenberg, PC-PTSD-5,
AUDIT-C) only with that partner's yes; a personal summary shows that partner's own
scores and nothing of the other's own part; a decided intake leads with the decision.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pdf_fixtures import pdf_text

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.intake.audience import Audience
from therapist_desk.reports.data import Decision, ReportInput
from therapist_desk.reports.render import render_report
from therapist_desk.reports.variant import view_for
from therapist_desk.services.summaries import answers_file_summary
from therapist_desk.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CATALOGUE = load_catalogue()
OWN_MEASURES = ("PHQ-9", "GAD-7", "Rosenberg", "PC-PTSD-5", "AUDIT-C")


def summary(tmp_path: Path, name: str, *, share: tuple[bool | None, bool | None]):
    """The summary of an example, with each partner's answer to sharing their scores."""
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    for person, yes in zip(data["participants"], share, strict=True):
        if yes is not None:
            person["answers"]["share.scores"] = yes
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    parsed = parse_answers_file(path, CATALOGUE)
    report, _ = answers_file_summary(catalogue=CATALOGUE, settings=Settings(), answers=parsed)
    return report


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def measures_for(report, audience: Audience) -> set[tuple[str, str]]:
    """(whose, which measure) of every score the audience's view keeps."""
    return {(m.participant, m.name) for m in view_for(report, audience).measures}


@pytest.mark.parametrize("name", ["concurrent.json", "relationship-first.json"])
def test_without_a_yes_the_joint_pdf_shows_no_individual_measure_score(tmp_path, name) -> None:
    report = summary(tmp_path, name, share=(None, False))
    text = flat(render_report(report, variant="client"))
    for measure in OWN_MEASURES:
        assert measure not in text, measure
    shown = view_for(report, Audience.clients()).measures
    assert not any(m.name.startswith(OWN_MEASURES) for m in shown)
    clinician = flat(render_report(report, variant="clinician"))
    assert "PHQ-9" in clinician and "GAD-7" in clinician


def test_a_yes_shares_that_partners_own_scores_and_no_one_elses(tmp_path) -> None:
    report = summary(tmp_path, "concurrent.json", share=(True, False))
    first, second = (p.key for p in report.participants)
    shown = measures_for(report, Audience.clients())
    assert (first, "PHQ-9") in shown and (first, "GAD-7") in shown
    assert not [m for who, m in shown if who == second and m.startswith(OWN_MEASURES)]
    assert not [m for _, m in shown if m.startswith("AUDIT-C")]  # private: never theirs to see
    # a difference between partners involving the one who said no is not in the joint PDF
    view = view_for(report, Audience.clients())
    assert all(second not in line.personal_of for line in view.discrepancies)
    assert all(second not in line.personal_of for line in view.recommendation.counterfactuals)


def test_a_yes_shares_the_stress_screen_too_but_not_its_answers(tmp_path) -> None:
    """The sharing question names "the stress screen" (PC-PTSD-5, asked alone): with a
    yes its score is in the summary both receive; its answers stay asked alone."""
    data = json.loads((EXAMPLES / "concurrent.json").read_text(encoding="utf-8"))
    for person, yes in zip(data["participants"], (True, False), strict=True):
        person["answers"].update(TRAUMA_SCREEN | {"share.scores": yes})
    path = tmp_path / "trauma.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    parsed = parse_answers_file(path, CATALOGUE)
    report, _ = answers_file_summary(catalogue=CATALOGUE, settings=Settings(), answers=parsed)
    first, second = (p.key for p in report.participants)
    view = view_for(report, Audience.clients())
    [stress] = [m for m in view.measures if m.name.startswith("PC-PTSD-5")]
    assert stress.participant == first and stress.score == 3  # hers: she said yes
    assert not [a for a in view.answers if a.section.startswith("PC-PTSD")]  # not its answers
    assert not any("PC-PTSD" in line.text for line in view.discrepancies)  # never "together"
    text = flat(render_report(report, variant="client"))
    assert "PC-PTSD-5" in text and CATALOGUE.items["pcptsd5.1"].wording not in text
    assert (second, "PC-PTSD-5") not in measures_for(report, Audience.clients())  # he said no


def test_a_shared_stress_screen_with_a_question_left_open_does_not_name_it(tmp_path) -> None:
    report = variant_case(
        tmp_path,
        "open",
        p2=TRAUMA_SCREEN | {"pcptsd5.5": None, "share.scores": True},
        drop2=("pcptsd5.5",),
    )
    [stress] = [m for m in view_for(report, Audience.clients()).measures if "PC-PTSD" in m.name]
    assert stress.score is None and stress.missing_items == ()  # which one: asked alone
    [own] = [
        m
        for m in view_for(report, Audience.alone(stress.participant)).measures
        if "PC-PTSD" in m.name
    ]
    assert own.missing_items  # in their own summary, the question left open is named


def test_a_personal_summary_has_that_partners_own_scores_only(tmp_path) -> None:
    report = summary(tmp_path, "concurrent.json", share=(False, False))
    first, second = (p.key for p in report.participants)
    own = measures_for(report, Audience.alone(first))
    assert (first, "PHQ-9") in own and (first, "PC-PTSD-5") in own
    assert not [m for who, m in own if who == second and m.startswith(OWN_MEASURES)]
    text = flat(render_report(report, variant=f"personal-{first}"))
    assert "Your personal summary, Zoë" in text
    assert "Rule trace" not in text and "PRIVATE" not in text


def test_a_personal_summary_lists_no_score_of_the_other_partner_even_a_shared_one(
    tmp_path,
) -> None:
    """Under "Your own questionnaire results" only that partner's: the other partner's
    CSI-4, which a document for both may show, is not theirs to be listed there."""
    report = summary(tmp_path, "concurrent.json", share=(True, True))
    first, second = (p.key for p in report.participants)
    assert (second, "CSI-4") in measures_for(report, Audience.clients())
    own = measures_for(report, Audience.alone(first))
    assert own and all(who == first for who, _ in own)


def test_a_decided_client_pdf_leads_with_the_decision_never_the_suggestion(tmp_path) -> None:
    report = summary(tmp_path, "relationship-first.json", share=(True, True))
    decided = report.__class__(
        **{
            **report.__dict__,
            "decision": Decision(
                "overridden",
                "Individual and relationship therapy at the same time",
                "Synthetic reason: both asked for sessions of their own.",
                datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
                final_order="concurrent",
                decided_by="Dr Synthetic",
            ),
        }
    )
    client = flat(render_report(decided, variant="client"))
    head = client[: client.index("Agreed way to start") + 120]
    assert "Individual and relationship therapy at the same time" in head
    assert "Relationship therapy first" not in client  # the suggestion is the clinician's
    assert "Synthetic reason" not in client and "Chose a different order" not in client
    clinician = flat(render_report(decided, variant="clinician"))
    assert "Relationship therapy first" in clinician and "Synthetic reason" in clinician


def test_an_individual_clients_summary_speaks_to_one_person(tmp_path) -> None:
    data = json.loads((EXAMPLES / "individual-client.json").read_text(encoding="utf-8"))
    parsed = parse_answers_file(EXAMPLES / "individual-client.json", CATALOGUE)
    report, _ = answers_file_summary(catalogue=CATALOGUE, settings=Settings(), answers=parsed)
    assert data["kind"] == "individual" and not report.couple
    text = flat(render_report(report, variant="client"))
    assert "Summary for you" in text and "Summary for you both" not in text
    for words in ("each of you", "answered together", "Where your answers differ"):
        assert words not in text, words
    assert report.session_date <= date.today()


def variant_case(tmp_path: Path, name: str, p1=None, p2=None, drop2=()) -> ReportInput:
    """A couple with no safety finding, changed as the case says (no decision yet)."""
    data = json.loads((EXAMPLES / "safety-violence.json").read_text(encoding="utf-8"))
    data.pop("decision")
    first, second = (p["answers"] for p in data["participants"])
    first.update({"safety.violence": False, "wast.1": 1, "wast.2": 1, **(p1 or {})})
    second.update(p2 or {})
    for item in drop2:
        second.pop(item)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report, _ = answers_file_summary(
        catalogue=CATALOGUE, settings=Settings(), answers=parse_answers_file(path, CATALOGUE)
    )
    return report


TRAUMA_SCREEN = {f"pcptsd5.{i}": i <= 3 for i in range(1, 6)} | {"pcptsd5.gate": True}


def test_a_reason_resting_on_the_other_partners_asked_alone_answer_names_nobody(tmp_path) -> None:
    """Sam asked for trauma work in front of both; Alex's trauma screen was asked alone."""
    report = variant_case(
        tmp_path,
        "mixed",
        p1={"trauma.help_wanted": True, "trauma.one_to_one": True},
        p2=TRAUMA_SCREEN,
    )
    sam, alex = report.participants
    clinician = flat(render_report(report, variant="clinician"))
    assert "a positive trauma screen" in clinician and "Strong" in clinician
    assert f"for {alex.display_name}" in clinician
    for variant in ("client", f"personal-{sam.key}"):
        text = flat(render_report(report, variant=variant))
        assert "Individual therapy first" in text
        for leak in ("trauma screen", "How clear the picture is", "What could change"):
            assert leak not in text, (variant, leak)
        assert f"{alex.display_name}'s PC-PTSD-5" not in text
        assert f"for {alex.display_name}" not in text  # the plan would name why
    own = flat(render_report(report, variant=f"personal-{alex.key}"))
    assert "a trauma screen that suggests a closer look" in own  # everyday words, not jargon
    assert "Positive screen" not in own and "≥" not in own


def test_the_other_partners_unanswered_private_questions_leave_no_trace(tmp_path) -> None:
    report = variant_case(
        tmp_path, "gaps", drop2=("safety.violence", "safety.control", "wast.1", "phq9.9")
    )
    sam, alex = report.participants
    clinician = flat(render_report(report, variant="clinician"))
    assert "provisional" in clinician and "Answer the questions that were left open" in clinician
    for variant in ("client", f"personal-{sam.key}"):
        text = flat(render_report(report, variant=variant))
        for trace in ("provisional", "Weak", "Some questions were not answered", "left open"):
            assert trace not in text, (variant, trace)
    own = flat(render_report(report, variant=f"personal-{alex.key}"))
    assert "Answer the questions that were left open" in own  # Alex may see his own gaps


def test_client_safe_output_follows_the_same_rules_as_the_pdf(tmp_path) -> None:
    variant_case(
        tmp_path,
        "mixed",
        p1={"trauma.help_wanted": True, "trauma.one_to_one": True},
        p2=TRAUMA_SCREEN,
    )
    parsed = parse_answers_file(tmp_path / "mixed.json", CATALOGUE)
    result = recommend(CATALOGUE, parsed.to_intake(CATALOGUE))
    safe = result.client_safe(CATALOGUE).to_dict()
    assert safe["strength"] is None and safe["strength_label"] == ""
    assert safe["reasons"] == [] and safe["counterfactuals"] == []
    assert [p["text"] for p in safe["parts"]] == [safe["headline"]]
    assert "trauma" not in json.dumps(safe)
