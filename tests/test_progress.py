"""Progress of a run: start and finish lines, the terminal's status line, the ETA.

The engine runs tasks that only move a fake clock, so every time printed is known: the
expected ETAs below are worked out by hand from those durations.
"""

from __future__ import annotations

import io
import json
import re
import sys
import threading
import time
from pathlib import Path

import pytest

from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.targets.engine import Task, TaskResult, run_tasks
from entropy_explorer.pipeline.targets.progress import (
    CLEAR,
    AnimationLog,
    Estimate,
    Progress,
    bar_text,
    clock_text,
)

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


# ------------------------------------------------------------------------ animations
#: A render's log as Manim 0.21 writes it to a file (rich, wrapped at 80 columns): two
#: animations taken from the cache, one written, then the end of the scene.
MANIM_LOG = "".join(line.ljust(80) + "\n" for line in """\
Manim Community v0.21.0

[11/26/26 18:03:55] INFO     Reading config file:                   utils.py:124
                             scenes/manim.cfg
                    INFO     Animation 0 : Using cached     cairo_renderer.py:92
                             data (hash :
                             3624824334_440975474_223132457
                             )
[11/26/26 18:03:56] INFO     Animation 1 : Using cached     cairo_renderer.py:92
                             data (hash :
                             2410540109_4046863825_40173209
                             20)
                    INFO     Animation 2 : Partial      scene_file_writer.py:192
                             movie file written in
                             'media/videos/s01_informat
                             ion/480p15/partial_movie_f
                             iles/InformationScene/2410
                             540109_2623154231.mp4'
                    INFO     Rendered InformationScene              scene.py:290
                             Played 3 animations
""".splitlines())

#: Manim's own progress bar (tqdm), if it is on: redrawn with ``\\r``, no newline.
TQDM = ("Animation 0: FadeIn(Text('Surprise ≥ 0')):   0%|          | 0/15 [00:00<?, ?it/s]\r"
        "Animation 0: FadeIn(Text('Surprise ≥ 0')): 100%|##########| 15/15 [00:01<00:00]\r"
        "Animation 1: Create(Axes):  40%|####      | 6/15 [00:00<00:01]\r")


def test_a_manim_log_counts_its_animations_however_it_is_cut() -> None:
    data = MANIM_LOG.encode()

    def line_end(text: str) -> int:
        return data.index(b"\n", data.index(text.encode())) + 1

    for cut in range(len(data)):  # every split of the bytes, mid-line and mid-number
        log = AnimationLog()
        log.feed(data[:cut])
        whole_lines = sum(cut >= line_end(f"Animation {i} :") for i in range(3))
        assert log.done == (3 if cut >= line_end("Played 3") else whole_lines)
        assert log.played == (3 if cut >= line_end("Played 3") else None)
        log.feed(data[cut:])
        assert (log.done, log.played) == (3, 3)


def test_a_progress_bar_counts_an_animation_once_the_next_one_starts() -> None:
    data = TQDM.encode()
    log = AnimationLog()
    log.feed(data[:data.index("≥".encode()) + 1])  # mid-character, mid-line
    assert log.done == 0
    log.feed(data[data.index("≥".encode()) + 1:])
    assert log.done == 1  # 0 finished; 1 at 40 %


def test_reading_a_growing_log_takes_only_what_was_added(tmp_path: Path) -> None:
    path = tmp_path / "01-information.log"
    log = AnimationLog(path)
    assert log.read() == 0  # not there yet
    half = MANIM_LOG.index("Animation 2 :") + 5
    path.write_text(MANIM_LOG[:half])
    assert log.read() == 2
    with path.open("a") as f:
        f.write(MANIM_LOG[half:])
    assert log.read() == 3 and log.played == 3
    path.write_text(MANIM_LOG[:MANIM_LOG.index("Animation 1 :")])  # written anew, shorter
    assert log.read() == 1


def test_a_program_log_grows_while_the_program_runs(tmp_path: Path) -> None:
    log, go = tmp_path / "run.log", tmp_path / "go"
    script = ("import pathlib, sys, time\n"
              "print('Animation 0 : Partial movie file written', flush=True)\n"
              f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.05)\n"
              "print('Played 1 animations')\n")
    done: list[procs.Finished] = []
    worker = threading.Thread(target=lambda: done.append(procs.run([sys.executable, "-c", script],
                                                                   log=log)))
    worker.start()
    try:
        follower = AnimationLog(log)
        deadline = time.monotonic() + 20
        while follower.read() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert follower.done == 1 and follower.played is None  # read while it runs
    finally:
        go.touch()
        worker.join(20)
    assert done[0].returncode == 0 and done[0].output.endswith("Played 1 animations\n")
    assert log.read_text() == done[0].output


@pytest.mark.parametrize(("done", "total", "bar"), [(0, 10, "[..........]"), (3, 10, "[###.......]"),
                                                    (123, 456, "[##........]"), (7, 7, "[##########]"),
                                                    (0, 0, "[..........]")])
def test_bar_text(done: int, total: int, bar: str) -> None:
    assert bar_text(done, total) == bar


def test_a_running_task_s_share_done_blends_into_its_rest() -> None:
    est = Estimate(jobs=1)
    est.add("scene-h", "done", 100.0)
    # 40 s in, a quarter done: its pace says 120 s more, its kind 60 s; weighed 1/4 : 3/4
    assert est.left([], [("scene-h", None, 40.0)], [0.25]) == pytest.approx(0.75 * 60 + 0.25 * 120)
    # nothing known of the kind: the pace alone
    assert Estimate().left([], [("scene-h", None, 30.0)], [0.5]) == pytest.approx(30.0)
    assert Estimate().left([], [("scene-h", None, 30.0)], [None]) is None


def render_task(name: str, log: Path, *, status: str = "done") -> Task:
    def action() -> list[Path]:
        if status == "failed":
            raise RuntimeError("manim failed")
        return []

    return Task(name, action, label=name.removeprefix("scene-"), log=log, animations=True)


def write_counts(state: Path, counts: dict[str, int]) -> Path:
    state.mkdir(parents=True, exist_ok=True)
    (state / "animations.json").write_text(json.dumps(counts))
    return state / "progress.json"


def test_the_total_is_each_render_s_last_count_and_running_ones_count_their_log(
        tmp_path: Path) -> None:
    run_dir = tmp_path / "logs" / "20260101-120000-1"
    run_dir.mkdir(parents=True)
    earlier = tmp_path / "logs" / "20251231-120000-1"
    earlier.mkdir()
    (earlier / "c.log").write_text(MANIM_LOG)  # c's count comes from an earlier run's log
    history = write_counts(tmp_path / "state", {"scene-a": 10, "scene-b": 20})
    tasks = [render_task(f"scene-{n}", run_dir / f"{n}.log") for n in "abcd"]
    clock = FakeClock()
    progress = Progress(tasks, stream=FakeTTY(), clock=clock, history=history, width=200)
    assert progress.animations() == (0, 33, False)  # d has no count anywhere
    progress.finished(TaskResult("scene-a", "a", "up to date"), 1, 4)
    progress.started(tasks[1])
    (run_dir / "b.log").write_text(MANIM_LOG[:MANIM_LOG.index("Animation 2 :")])
    clock.now += 8
    progress.tick()
    assert progress.animations() == (12, 33, False)
    assert "[1/4 done] animations 12/33+ [###.......] | running b 0:08 |" in progress.status()
    with (run_dir / "b.log").open("a") as f:
        f.write(MANIM_LOG[MANIM_LOG.index("Animation 2 :"):])  # b played only 3, not 20
    progress.finished(TaskResult("scene-b", "b", "done"), 2, 4)
    progress.finished(TaskResult("scene-c", "c", "skipped"), 3, 4)  # never ran: counts nothing
    assert progress.animations() == (13, 13, False)
    progress.close()
    assert json.loads((tmp_path / "state" / "animations.json").read_text()) == {
        "scene-a": 10, "scene-b": 3}


def test_plain_output_adds_the_count_to_render_finish_lines_only(tmp_path: Path) -> None:
    run_dir = tmp_path / "logs" / "run"
    run_dir.mkdir(parents=True)
    for n in "ab":
        (run_dir / f"{n}.log").write_text(MANIM_LOG)
    history = write_counts(tmp_path / "state", {"scene-a": 3, "scene-b": 3})
    clock = FakeClock()
    tasks = [render_task("scene-a", run_dir / "a.log"), working(clock, 10),
             render_task("scene-b", run_dir / "b.log")]
    counted, plain = io.StringIO(), io.StringIO()
    run(tasks, counted, clock, history=history)
    run([working(clock, 1), working(clock, 10), working(clock, 2)], plain, FakeClock())
    lines = counted.getvalue().splitlines()
    assert len(lines) == len(plain.getvalue().splitlines()) == 6  # no line added
    assert not ESCAPES.search(counted.getvalue())
    assert lines[1].startswith("[1/3] a: done;") and lines[1].endswith("; animations 3/6")
    assert lines[5].endswith("; animations 6/6")
    assert "animations" not in lines[3] + lines[0]
