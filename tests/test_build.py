"""The build layer end to end on a tiny project with a stand-in Manim (no real render).

Each robustness property of the pipeline has a test here: up-to-date checks that notice
damaged outputs, Ctrl-C, a second run at the same time, a syntax error, an unwritable
folder, missing LaTeX, a closed pipe, a project path with an apostrophe, rendering a
subset, and clean publish folders.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from outputs_helpers import ffprobe
from standins.project import STANDIN, cli_process, make_project, started

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.files import build_lock
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.pipeline.leaves.subtitles import MIN_CUE
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.sections import COVER


def render(project: Project, *args: str) -> int:
    return main(["render", "-q", "l", *args], project=project)


def videos(project: Project) -> list[str]:
    return sorted(p.name for p in project.video_dir.iterdir()) if project.video_dir.exists() else []


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Two sections rendered by the stand-in (read-only for the tests that use it)."""
    project = make_project(tmp_path_factory.mktemp("rendered"), {1: "", 2: "# standin: seconds=3"})
    assert render(project, "-j", "2") == 0
    return project


# --------------------------------------------------------------------- the outputs
def test_render_publishes_videos_subtitles_decks_numbers_and_the_full_video(rendered: Project) -> None:
    assert videos(rendered) == ["01-information.mp4", "01-information.srt", "01-information.vtt",
                                "02-axioms.mp4", "02-axioms.srt", "02-axioms.vtt"]
    build = rendered.build_dir
    for name in ("entropy-explorer-full.mp4", "entropy-explorer-full.srt", "chapters.txt",
                 "transcript.md", "numbers.json", "decks/480p15/InformationScene.json"):
        assert (build / name).exists(), name
    numbers = json.loads((build / "numbers.json").read_text())
    assert {r["scene"] for r in numbers} == {"InformationScene", "AxiomsScene"}
    full = ffprobe(build / "entropy-explorer-full.mp4")
    assert [c["tags"]["title"] for c in full["chapters"]] == [
        "Information (in the Shannon Sense)", "Why use log p? An Axiomatic Approach"]


@pytest.mark.parametrize("name", ["video/01-information.mp4", "entropy-explorer-full.mp4"])
def test_published_videos_are_cfr_faststart_with_frequent_keyframes(rendered: Project, name: str) -> None:
    path = rendered.build_dir / name
    [stream] = [s for s in ffprobe(path)["streams"] if s["codec_type"] == "video"]
    assert stream["avg_frame_rate"] == stream["r_frame_rate"] == "15/1"
    head = path.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and head.find(b"moov") < max(head.find(b"mdat"), 4096)
    packets = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v",
                              "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", str(path)],
                             capture_output=True, text=True, check=True).stdout.split()
    times = sorted(float(p.split(",")[0]) for p in packets)
    keys = [float(p.split(",")[0]) for p in packets if "K" in p.split(",")[1]]
    assert all(abs(t * 15 - round(t * 15)) < 1e-3 for t in times), "a timestamp off the frame grid"
    points = [*keys, times[-1]]
    assert max(b - a for a, b in zip(points, points[1:], strict=False)) <= 2.0


def test_every_cue_stays_on_screen_long_enough(rendered: Project) -> None:
    for path in [rendered.video_dir / "01-information.srt",
                 rendered.build_dir / "entropy-explorer-full.vtt"]:
        cues = read_cues(path)
        assert cues and min(c.duration for c in cues) >= MIN_CUE - 1e-6, path
        assert "Short." in " ".join(c.text for c in cues)  # the 0.6 s cue was kept, lengthened


def test_bookkeeping_stays_out_of_what_is_published(rendered: Project) -> None:
    build = rendered.build_dir
    hidden = [p for p in build.rglob(".*") if rendered.state_dir not in (p, *p.parents)]
    assert hidden == []
    assert list((rendered.state_dir / "stamps").glob("scene-*.json"))


def test_a_second_run_does_nothing(rendered: Project, capsys: pytest.CaptureFixture[str]) -> None:
    before = len(started(rendered))
    assert render(rendered) == 0
    assert len(started(rendered)) == before
    out = capsys.readouterr().out
    assert "2 up to date" in out
    # a scene found up to date only has its finish line, no start line
    scenes = [line.split("] ", 1)[-1] for line in out.splitlines()
              if line.split("] ", 1)[-1].startswith(("01-information:", "02-axioms:"))]
    assert scenes == ["01-information: up to date", "02-axioms: up to date"]
    # and so are the numbers manifest and each scene's share of it
    numbers = [line.split("] ", 1)[-1] for line in out.splitlines()
               if line.split("] ", 1)[-1].startswith("numbers ")]
    assert numbers == ["numbers 01-information: up to date", "numbers 02-axioms: up to date",
                       "numbers manifest: up to date"]


def test_a_changed_scene_is_checked_again_and_only_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert render(project) == 0
    scene = project.scenes_dir / "s01_information.py"
    scene.write_text(scene.read_text() + "\n# changed\n")
    capsys.readouterr()
    assert render(project) == 0
    out = capsys.readouterr().out
    ran = sorted(line.split("] ", 1)[-1].split(":")[0] for line in out.splitlines()
                 if ": done" in line)
    # only scene 01's own tasks; the full video and the manifest are rebuilt when what they
    # are made of changed (here the stand-in's video and the records are the same bytes)
    assert ran == ["01-information", "numbers 01-information", "voice 01-information"]
    assert "02-axioms: up to date" in out and "numbers 02-axioms: up to date" in out


def test_renders_count_their_animations_for_the_next_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert render(project, "-j", "1") == 0
    out = capsys.readouterr().out
    done = [line for line in out.splitlines() if line.split("] ", 1)[-1].startswith(
        ("01-information: done", "02-axioms: done"))]
    # the stand-in logs two partial movies per scene and "Played 2 animations", as Manim does;
    # nothing was counted before this first run, so scene 2 is uncounted until it ends
    assert len(done) == 2, out
    assert done[0].endswith("; animations 2/2+"), out
    assert done[1].endswith("; animations 4/4"), out
    assert json.loads((project.state_dir / "animations.json").read_text()) == {
        "scene-01-information": 2, "scene-02-axioms": 2}


def _fps(path: Path) -> str:
    [stream] = [s for s in ffprobe(path)["streams"] if s["codec_type"] == "video"]
    return str(stream["r_frame_rate"])


def test_switching_quality_back_renders_nothing_kept(tmp_path: Path) -> None:
    """l, then h, then l again: the third run renders nothing and publishes l's files
    (videos, subtitles, the full video) again; h's stay kept for the next switch."""
    project = make_project(tmp_path, {1: "", 2: ""})
    video = project.video_dir / "01-information.mp4"
    full = project.build_dir / "entropy-explorer-full.mp4"
    assert render(project) == 0
    low = {p: p.read_bytes() for p in (video, video.with_suffix(".srt"), full)}
    assert main(["render", "-q", "h"], project=project) == 0
    assert _fps(video) == _fps(full) == "60/1"
    runs = len(started(project))
    assert render(project) == 0
    assert started(project)[runs:] == []  # no scene rendered
    assert {p: p.read_bytes() for p in low} == low
    assert _fps(video) == "15/1"
    assert os.path.samefile(video, project.kept(video, "480p15"))
    assert main(["list", "-q", "h"], project=project) == 0
    assert main(["render", "-q", "h"], project=project) == 0
    assert started(project)[runs:] == []
    assert _fps(full) == "60/1"


# ---------------------------------------------------------------------- damaged files
@pytest.mark.parametrize("damage", ["truncate", "empty", "delete"])
def test_a_damaged_video_is_noticed_and_made_again(
    tmp_path: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert render(project) == 0
    video = project.video_dir / "01-information.mp4"
    full = project.build_dir / "entropy-explorer-full.mp4"
    if damage == "truncate":
        video.write_bytes(video.read_bytes()[: video.stat().st_size // 2])
        full.write_bytes(full.read_bytes()[:1000])
    elif damage == "empty":
        video.write_bytes(b"")
    else:
        video.unlink()
    capsys.readouterr()
    assert main(["list", "-q", "l"], project=project) == 0
    listing = capsys.readouterr().out
    # the published video is a link to the one kept for quality l: damage in place
    # reaches the kept one; a deleted link leaves it intact, and it is published again
    assert ("kept" if damage == "delete" else "damaged") in listing.splitlines()[1]
    assert "rendered" in listing.splitlines()[2]
    runs = len(started(project))
    assert render(project) == 0
    assert [name for _, name in started(project)[runs:]] == (
        [] if damage == "delete" else ["s01_information.py"])
    assert ffprobe(video)["format"]["duration"]
    if damage == "truncate":  # the full video too
        assert float(ffprobe(full)["format"]["duration"]) > 3


def test_manim_writing_an_empty_video_is_a_failure_not_an_output(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: "# standin: empty-video"})
    assert render(project) == 1
    err = capsys.readouterr()
    assert "wrote no usable video" in err.out and "is empty" in err.out
    assert videos(project) == []


# ---------------------------------------------------------------------- bad scenes
def test_a_syntax_error_is_one_line_and_the_other_scenes_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    (project.scenes_dir / "s02_axioms.py").write_text("def broken(:\n")
    assert render(project) == 1
    out, err = capsys.readouterr()
    assert "s02_axioms.py, line 1:" in out and "Traceback" not in out + err
    assert "failed: voice 02-axioms, 02-axioms" in err  # the voice's dry run reports it first
    assert "01-information.mp4" in videos(project)
    numbers = json.loads((project.build_dir / "numbers.json").read_text())
    assert {r["scene"] for r in numbers} == {"InformationScene"}
    assert main(["list", "-q", "l"], project=project) == 0
    assert "error (s02_axioms.py, line 1:" in capsys.readouterr().out


def test_a_failing_scene_names_its_error_and_log(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: "# standin: fail=ValueError: p must be in [0, 1]", 2: ""})
    assert render(project) == 1
    out = capsys.readouterr().out
    assert "ValueError: p must be in [0, 1] (log: " in out
    log = Path(out.split("(log: ")[1].split(")")[0])
    assert log.exists() and "Traceback" in log.read_text()
    assert log.parent.parent == project.logs_dir  # a folder per run
    assert "02-axioms.mp4" in videos(project)


def test_only_the_scenes_asked_for_are_rendered_or_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert render(project) == 0
    before = json.loads((project.build_dir / "numbers.json").read_text())
    # scene 02 is now broken: rendering 01 alone must not even read it
    (project.scenes_dir / "s02_axioms.py").write_text("def broken(:\n")
    runs = len(started(project))
    capsys.readouterr()
    assert render(project, "--force", "01") == 0
    assert [name for _, name in started(project)[runs:]] == ["s01_information.py"]
    out = capsys.readouterr().out
    assert "02-axioms" not in out and "not assembled for a subset" in out
    # the manifest keeps scene 02's share untouched
    assert json.loads((project.build_dir / "numbers.json").read_text()) == before


# --------------------------------------------------------------------- the machine
@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """Make ``folder`` refuse new files (root ignores permissions, not the immutable flag)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr")
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_an_unwritable_video_folder_is_one_clear_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    project.video_dir.mkdir(parents=True)
    with unwritable(project.video_dir):
        assert render(project) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    [line] = [x for x in out.splitlines() if "01-information.mp4" in x]
    assert "not permitted" in line or "Permission denied" in line


def test_an_unwritable_build_folder_is_one_clear_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    project.build_dir.mkdir()
    with unwritable(project.build_dir):
        assert render(project) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(project.build_dir) in err


def test_a_bad_out_dir_for_the_cover_is_one_clear_line(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    shutil.copyfile(DEFAULT_PROJECT.scene_path(COVER), project.scenes_dir / "cover.py")
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    assert main(["gif", "--out-dir", str(a_file / "sub"), "--quiet"], project=project) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "not-a-folder" in out and "a file stands where a folder should be" in out


def test_missing_latex_is_named_before_any_scene_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, {1: ""})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("ffmpeg", "dvisvgm"):  # everything but latex
        (bin_dir / tool).symlink_to(shutil.which(tool) or "/bin/true")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert render(project) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "missing tool latex" in err and "apt-get install texlive-latex-base" in err
    assert started(project) == []


def test_a_project_path_with_an_apostrophe_renders(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: ""}, name="Ada's talk")
    # the stand-in, like Manim, fails when its media folder's path holds a quote
    direct = subprocess.run([sys.executable, str(STANDIN), "render", "-q", "l", "--media_dir",
                             str(project.media_dir), str(project.scene_path(project.available()[0])),
                             "InformationScene"], capture_output=True, text=True)
    assert direct.returncode == 1 and "concat list" in direct.stdout
    assert render(project) == 0
    assert "01-information.mp4" in videos(project)


def test_a_closed_pipe_ends_list_quietly() -> None:
    read, write = os.pipe()
    os.close(read)  # like 'entropy-explorer list | head -0'
    done = subprocess.run([sys.executable, "-m", "entropy_explorer.cli", "list"], stdout=write,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    os.close(write)
    assert done.returncode == 0 and done.stderr == ""


# ------------------------------------------------------------ interrupts and locks
def _wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def test_ctrl_c_stops_everything_fast_and_the_next_run_recovers(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: "# standin: sleep=60", 2: "", 3: ""})
    proc = cli_process(project, "render", "-q", "l", "-j", "1")
    try:
        _wait_for(lambda: len(started(project)) == 1)
        # a second run at the same time fails at once with a clear message: while the first
        # (its scene sleeps 60 s) still runs, not after it (no wall-clock bound: a loaded
        # machine may take many seconds just to start Python)
        second = cli_process(project, "render", "-q", "l")
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 1 and proc.poll() is None
        assert "another entropy-explorer run is using build/" in err and "--wait" in err
        [(pid, _)] = started(project)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        took = time.monotonic() - t0
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert took < 20, f"exit took {took:.1f} s (the scene would have slept 60 s)"
    assert not _alive(pid), "the running Manim was left behind"
    assert len(started(project)) == 1, "a queued scene started after Ctrl-C"
    assert videos(project) == []
    assert not [p for p in project.build_dir.rglob("*") if ".tmp-" in p.name
                and (project.state_dir / "tmp") not in p.parents]
    # the next run starts clean and finishes
    (project.scenes_dir / "s01_information.py").write_text(
        (project.scenes_dir / "s01_information.py").read_text().replace("sleep=60", "seconds=2"))
    assert render(project) == 0
    assert len([v for v in videos(project) if v.endswith(".mp4")]) == 3
    assert list((project.state_dir / "tmp").iterdir()) == []


def test_wait_queues_behind_the_running_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: ""})
    held = threading.Event()

    def hold() -> None:
        with build_lock(project.state_dir / "lock"):
            held.set()
            time.sleep(1.5)

    project.state_dir.mkdir(parents=True)
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    t0 = time.monotonic()
    assert render(project, "--wait") == 0
    assert time.monotonic() - t0 >= 1.0
    holder.join()
