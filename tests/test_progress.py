"""Progress of a run: start and finish lines, the terminal's status line, the ETA.

The engine runs tasks that only move a fake clock, so every time printed is known: the
expected ETAs below are worked out by hand from those durations.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from entropy_explorer.pipeline.targets.engine import Task, run_tasks
from entropy_explorer.pipeline.targets.progress import CLEAR, Estimate, Progress, clock_text

ESCAPES = re.compile(r"[\r\x1b]")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def working(clock: FakeClock, seconds: float) -> Task:
    """A task (named by its duration) whose work moves ``clock`` on by ``seconds``."""
    def action() -> list[Path]:
        clock.now += seconds
        return []

    return Task(f"step-{seconds:g}", action, label=f"step {seconds:g}")


def run(tasks: list[Task], stream: io.StringIO, clock: FakeClock, **kw: object) -> Progress:
    progress = Progress(tasks, stream=stream, clock=clock, **kw)  # type: ignore[arg-type]
    with progress.showing():
        run_tasks(tasks, jobs=1, progress=progress)
    return progress


# ------------------------------------------------------------------------ the ETA
def test_scenes_are_estimated_per_second_of_video() -> None:
    est = Estimate(jobs=1)
    est.add("scene-h", "done", 100.0, size=50.0)  # 2 s of work per second of video
    est.add("scene-h", "done", 60.0, size=10.0)   # (100 + 60) / (50 + 10) = 8/3
    assert est.task_seconds("scene-h", 30.0) == pytest.approx(80.0)
    assert est.left([("scene-h", 30.0), ("scene-h", 3.0)], []) == pytest.approx(88.0)


def test_without_a_size_a_task_counts_as_the_mean_of_its_kind() -> None:
    est = Estimate(jobs=1)
    est.add("voice", "done", 10.0)
    est.add("voice", "done", 30.0)
    est.add("voice", "failed", 500.0)  # says nothing about how long work takes
    assert est.task_seconds("voice") == pytest.approx(20.0)
    assert est.left([("voice", None)] * 3, []) == pytest.approx(60.0)


def test_tasks_found_up_to_date_lower_the_expected_work() -> None:
    est = Estimate(jobs=1)
    est.add("scene-l", "done", 40.0)
    est.add("scene-l", "up to date", 0.0)
    est.add("scene-l", "up to date", 0.0)
    est.add("scene-l", "up to date", 0.0)
    assert est.work_share("scene-l") == pytest.approx(0.25)
    assert est.left([("scene-l", None)] * 4, []) == pytest.approx(40.0)


def test_running_tasks_count_their_rest_and_jobs_share_the_pending_work() -> None:
    est = Estimate(jobs=2)
    est.add("scene-h", "done", 100.0)
    # pending 100 + 100, running rests 70 and 0 (past its estimate): (270) / 2
    assert est.left([("scene-h", None)] * 2, [("scene-h", None, 30.0), ("scene-h", None, 150.0)]) \
        == pytest.approx(135.0)
    # one running task alone with 2 jobs: its whole rest, not half of it
    assert est.left([], [("scene-h", None, 10.0)]) == pytest.approx(90.0)


def test_a_kind_not_seen_yet_uses_the_last_run_then_the_slowest_kind() -> None:
    assert Estimate().left([("scene-h", None)], []) is None
    est = Estimate(prior={"full-video-h": (40.0, None), "scene-h": (999.0, 3.0)})
    est.add("voice", "done", 5.0)
    est.add("scene-h", "done", 120.0, size=60.0)
    assert est.task_seconds("full-video-h") == pytest.approx(40.0)  # the last run's figure
    assert est.task_seconds("scene-h", 10.0) == pytest.approx(20.0)  # this run's beats it
    assert est.task_seconds("numbers") == pytest.approx(120.0)  # the slowest kind seen
    assert est.figures()["scene-h"] == pytest.approx((120.0, 2.0))


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.6, "1:00"), (754, "12:34"),
                                               (3725, "1:02:05")])
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


# ------------------------------------------------------------------------ not a terminal
def test_plain_output_has_a_start_and_a_finish_line_per_task_and_no_escapes(tmp_path: Path) -> None:
    clock, out = FakeClock(), io.StringIO()
    made = tmp_path / "made.txt"
    made.write_text("x")
    current = Task("kept", lambda: [made], key=lambda: "k", outputs=[made],
                   stamp=tmp_path / "kept.json", label="kept")
    run_tasks([current])  # leaves its stamp: the next run finds it up to date
    tasks = [current, working(clock, 10), working(clock, 20), working(clock, 30)]
    run(tasks, out, clock)
    text = out.getvalue()
    assert not ESCAPES.search(text)
    assert text.splitlines() == [
        "[1/4] kept: up to date",
        "[1/4] step 10: started; elapsed 0:00, ETA ?",
        "[2/4] step 10: done; elapsed 0:10, ETA 0:20",
        "[2/4] step 20: started; elapsed 0:10, ETA 0:20",
        "[3/4] step 20: done; elapsed 0:30, ETA 0:15",
        "[3/4] step 30: started; elapsed 0:30, ETA 0:15",
        "[4/4] step 30: done; elapsed 1:00, ETA 0:00",
    ]


def test_a_failure_says_why_after_its_finish_line() -> None:
    def broken() -> list[Path]:
        raise ValueError("p must be positive")

    out = io.StringIO()
    run([Task("scene-x", broken, label="x")], out, FakeClock())
    assert out.getvalue().splitlines()[1:] == [
        "[1/1] x: failed; elapsed 0:00, ETA 0:00", "  ValueError: p must be positive"]


# ------------------------------------------------------------------------ a terminal
def test_a_terminal_gets_one_status_line_rewritten_in_place() -> None:
    clock, out = FakeClock(), FakeTTY()
    run([working(clock, 10), working(clock, 20), working(clock, 30)], out, clock, width=200)
    text = out.getvalue()
    assert "started" not in text  # starts show in the status line only
    # finished lines are permanent lines, each after clearing the status line
    assert [line.rsplit(CLEAR, 1)[-1] for line in text.split("\n")[:-1]] == [
        "[1/3] step 10: done", "[2/3] step 20: done", "[3/3] step 30: done"]
    statuses = [s for s in text.replace("\n", CLEAR).split(CLEAR) if s]
    assert "[0/3 done] running step 10 0:00 | elapsed 0:00, ETA ?" in statuses
    assert "[1/3 done] running step 20 0:00 | elapsed 0:10, ETA 0:20" in statuses
    assert "[2/3 done] running step 30 0:00 | elapsed 0:30, ETA 0:15" in statuses
    assert text.endswith(CLEAR)  # cleared when the run ends


def test_the_status_line_never_wraps() -> None:
    clock, out = FakeClock(), FakeTTY()
    tasks = [Task(f"scene-{i}", working(clock, 5).action, label=f"{i:02d}-a-long-section-name")
             for i in range(3)]
    run(tasks, out, clock, width=30)
    statuses = [s for s in out.getvalue().replace("\n", CLEAR).split(CLEAR) if s.startswith("[0/")]
    assert statuses and all(len(s) <= 29 for s in statuses)


def test_other_output_and_an_interrupt_clear_the_status_line(monkeypatch: pytest.MonkeyPatch) -> None:
    out = FakeTTY()
    monkeypatch.setattr(sys, "stdout", out)
    progress = Progress([working(FakeClock(), 1)], clock=FakeClock())
    with pytest.raises(KeyboardInterrupt), progress.showing():
        print("a warning")
        raise KeyboardInterrupt
    status = "[0/1 done] elapsed 0:00, ETA ?"
    assert out.getvalue() == f"{CLEAR}{status}{CLEAR}a warning\n{CLEAR}{status}{CLEAR}"
    assert sys.stdout is out  # put back


def test_the_figures_are_kept_for_the_next_run(tmp_path: Path) -> None:
    history = tmp_path / "progress.json"
    clock = FakeClock()
    run([working(clock, 10), working(clock, 30)], io.StringIO(), clock, history=history)
    assert json.loads(history.read_text()) == {"step": {"mean": 20.0, "rate": None}}
    out = io.StringIO()
    run([working(clock, 5)], out, clock, history=history)
    assert out.getvalue().splitlines()[0] == "[0/1] step 5: started; elapsed 0:00, ETA 0:20"
