"""Re-evaluating a completed intake under newer rules makes a linked copy; the original stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_copy import bumped_catalogue
from sqlmodel import Session, select

from therapist_desk.intake import RULESET_VERSION, load_catalogue, parse_answers_file, recommend
from therapist_desk.models import Answer, AuditAction, Intake
from therapist_desk.store.audit import list_events
from therapist_desk.store.completion import get_snapshots
from therapist_desk.store.importing import import_intake
from therapist_desk.store.reevaluation import comparison, reevaluate, reevaluation_offer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def completed(engine) -> int:
    catalogue = load_catalogue()
    parsed = parse_answers_file(EXAMPLES / "safety-suicide-risk.json", catalogue)
    answers = parsed.to_intake(catalogue)
    return import_intake(
        engine=engine, parsed=parsed, answers=answers, recommendation=recommend(catalogue, answers)
    )


def test_no_offer_while_the_rules_and_catalogue_are_the_recorded_ones(engine, completed) -> None:
    with Session(engine) as s:
        assert (
            reevaluation_offer(session=s, catalogue=load_catalogue(), intake_id=completed) is None
        )


TODAY = load_catalogue().version
BOTH = f"Re-evaluate with ruleset {RULESET_VERSION} and catalogue {TODAY}"


@pytest.mark.parametrize(
    ("ruleset", "catalogue", "offered"),
    [
        ("1.0.0", "1.0.0", BOTH),
        ("1.0.0", TODAY, f"Re-evaluate with ruleset {RULESET_VERSION}"),
        (RULESET_VERSION, TODAY, None),
        ("99.0.0", TODAY, None),  # recorded by a newer app: never re-evaluated backwards
        ("1.0.0", "99.0.0", None),
    ],
)
def test_re_evaluation_is_offered_only_when_todays_rules_are_newer(ruleset, catalogue, offered):
    from therapist_desk.store.reevaluation import offer

    today = load_catalogue()
    assert offer(ruleset_version=ruleset, catalogue_version=catalogue, catalogue=today) == offered


def test_a_newer_catalogue_is_offered_and_the_reevaluation_keeps_the_original(
    engine, completed, tmp_path
) -> None:
    newer = bumped_catalogue(tmp_path)
    with Session(engine) as s:
        before = get_snapshots(session=s, intake_id=completed)
        offer = reevaluation_offer(session=s, catalogue=newer, intake_id=completed)
        assert offer == f"Re-evaluate with ruleset {RULESET_VERSION} and catalogue 9.9.9"
        copy = reevaluate(session=s, catalogue=newer, intake_id=completed, actor="Dr Test")
        copy_id = copy.id
        assert (copy.amends_intake_id, copy.reevaluation, copy.status) == (
            completed,
            True,
            "completed",
        )
        assert (copy.catalogue_version, copy.ruleset_version) == ("9.9.9", RULESET_VERSION)
        after_original = get_snapshots(session=s, intake_id=completed)
        assert after_original == before  # the original's record is untouched
        again = get_snapshots(session=s, intake_id=copy_id)
        assert again.recommendation["order"] != before.recommendation["order"]
        answers = {
            (a.participant_id, a.item_id, a.value_json)
            for a in s.exec(select(Answer).where(Answer.intake_id == copy_id))
        }
        original_answers = {
            (a.participant_id, a.item_id, a.value_json)
            for a in s.exec(select(Answer).where(Answer.intake_id == completed))
        }
        assert answers == original_answers
        assert reevaluation_offer(session=s, catalogue=newer, intake_id=completed) is None
        assert reevaluate(session=s, catalogue=newer, intake_id=completed, actor="Dr T").id == (
            copy_id
        )  # asked twice: the same re-evaluation, not a second copy
        side = comparison(session=s, intake_id=copy_id)
        assert side is not None and side.original_intake_id == completed
        rows = {what: (old, new) for what, old, new in side.rows}
        assert rows["Suggested order"] == (
            "Individual therapy first",
            "Individual and relationship therapy at the same time",
        )
        assert rows["Ruleset and catalogue"] == (
            f"{RULESET_VERSION} / {TODAY}",
            f"{RULESET_VERSION} / 9.9.9",
        )
        assert "Safety follow-up today" in rows["Safety actions"][0]
        assert comparison(session=s, intake_id=completed) is None
        events = [(e.action, e.intake_id, e.detail) for e in list_events(session=s)]
    assert (
        AuditAction.AMENDED,
        copy_id,
        f"re-evaluated with ruleset {RULESET_VERSION}, catalogue 9.9.9",
    ) in events
    assert len([i for i in _intakes(engine) if i.reevaluation]) == 1


def _intakes(engine) -> list[Intake]:
    with Session(engine) as s:
        return list(s.exec(select(Intake)))
