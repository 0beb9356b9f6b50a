"""`therapist-desk --smoke-test`: the whole app works, in a home of its own; a failure is
one line naming the step that failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from therapist_desk.paths import HOME_ENV
from therapist_desk.smoke import run_smoke_test, steps


def test_the_smoke_test_passes_and_leaves_the_data_folder_alone(
    cli_env: dict[str, str], home: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "therapist_desk", "--smoke-test"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("therapist-desk: smoke test passed (10 steps in ")
    assert "Traceback" not in done.stderr
    assert not home.exists()  # the data folder it was given was never opened


def _every_step_but(
    failing: str, ran: list[str], homes: list[Path]
) -> tuple[tuple[str, steps.Step], ...]:
    """The smoke test's steps, noting each that runs and the temporary home they were
    given; ``failing`` raises instead."""

    def noted(name: str, step: steps.Step) -> steps.Step:
        def run(smoke: steps.SmokeRun) -> None:
            ran.append(name)
            if name == failing:
                raise RuntimeError("forced to fail\nwith a second line")
            step(smoke)
            if smoke.home is not None and not homes:
                homes.append(smoke.home.parent)

        return run

    return tuple((name, noted(name, step)) for name, step in steps.STEPS)


@pytest.mark.parametrize(
    "failing", ["make a temporary home", "render the client PDF", "show the main window"]
)
def test_a_failing_step_is_one_line_naming_it(
    qtbot: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    home: Path,
    failing: str,
) -> None:
    names = [name for name, _ in steps.STEPS]
    ran: list[str] = []
    homes: list[Path] = []
    monkeypatch.setattr(steps, "STEPS", _every_step_but(failing, ran, homes))
    monkeypatch.delenv("THERAPIST_DESK_DEBUG", raising=False)

    assert run_smoke_test() == 1

    out, err = capsys.readouterr()
    assert err == f"therapist-desk: smoke test failed: {failing} (RuntimeError: forced to fail)\n"
    assert out == ""
    assert ran == names[: names.index(failing) + 1]  # nothing after the failure ran
    assert os.environ[HOME_ENV] == str(home)  # the caller's home is given back
    if failing != "make a temporary home":
        assert len(homes) == 1 and homes[0] != home.parent
        assert not homes[0].exists()  # the temporary home is gone
