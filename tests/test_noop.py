"""The no-op fast path: ``render`` with nothing changed answers from a stamp, without the
heavy imports, and falls through to the full pipeline whenever anything that decides the
outputs changed (a stand-in Manim renders)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from standins.project import make_project, started

from entropy_explorer import launch
from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves import uptodate
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.pipeline.leaves.scenes import PACKAGE_DIR
from entropy_explorer.pipeline.targets.run import noop_inputs

ARGS = ["render", "-q", "l"]


def fast(project: Project, *argv: str) -> str | None:
    return launch.noop_message(list(argv or ARGS), project.state_dir)


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert main(ARGS, project=project) == 0
    return project


def test_a_complete_run_answers_the_next_one_from_its_stamp(project: Project) -> None:
    message = fast(project)
    assert message is not None and "nothing changed" in message and "quality l" in message
    assert fast(project, "render", "--quality", "L", "-j", "1") == message  # jobs do not matter
    # the full pipeline agrees: nothing runs
    runs = len(started(project))
    assert main(ARGS, project=project) == 0
    assert len(started(project)) == runs
    assert fast(project) is not None


@pytest.mark.parametrize("change", ["touch-scene", "edit-scene", "article", "new-scene",
                                    "delete-video", "truncate-video", "delete-full",
                                    "delete-deck-clip", "delete-stamp", "voice-manifest"])
def test_any_change_falls_through(project: Project, change: str) -> None:
    assert fast(project) is not None
    scene = project.scene_path(project.available()[0])
    video = project.video_dir / "01-information.mp4"
    if change == "touch-scene":
        st = scene.stat()
        os.utime(scene, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "edit-scene":
        scene.write_text(scene.read_text() + "\n# edited\n")
    elif change == "article":
        project.article.write_text(project.article.read_text() + "\n")
    elif change == "new-scene":
        (project.scenes_dir / "s03_bits.py").write_text("# a scene on its way\n")
    elif change == "delete-video":
        video.unlink()
    elif change == "truncate-video":
        video.write_bytes(video.read_bytes()[:1000])
    elif change == "delete-full":
        (project.build_dir / "entropy-explorer-full.mp4").unlink()
    elif change == "delete-deck-clip":
        next((project.decks_dir / "480p15" / "files").rglob("*.mp4")).unlink()
    elif change == "delete-stamp":
        project.stamp("scene-01-information-l").unlink()
    else:
        timing = project.voice_timing(project.available()[0])
        timing.write_text(timing.read_text() + " ")
    assert fast(project) is None


def test_another_quality_voice_or_selection_falls_through(project: Project,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert fast(project) is not None
    assert fast(project, "render", "-q", "h") is None
    assert fast(project, "render", "-q", "l", "--voice", "none") is None
    assert fast(project, "render", "-q", "l", "--voice-rate", "1.1") is None
    assert fast(project, "render", "-q", "l", "01") is None
    assert fast(project, "render", "-q", "l", "--force") is None
    assert fast(project, "render", "-q", "l", "--no-such-option") is None
    assert fast(project, "slides", "-q", "l") is None
    monkeypatch.setenv("ENTROPY_VOICE", "none")
    assert fast(project) is None
    monkeypatch.delenv("ENTROPY_VOICE")
    assert fast(project) is not None


def test_a_run_holding_the_lock_falls_through(project: Project) -> None:
    with (project.state_dir / "lock").open("a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        assert fast(project) is None
        fcntl.flock(f, fcntl.LOCK_UN)
    assert fast(project) is not None


def test_a_failed_run_leaves_no_stamp(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: "# standin: fail=ValueError: no", 2: ""})
    assert main(ARGS, project=project) == 1
    assert fast(project) is None
    assert not (project.state_dir / uptodate.NOOP_DIR).exists()


def test_an_edit_in_a_watched_tree_falls_through(tmp_path: Path) -> None:
    """The package's source is watched like the scenes: any edit below a tree counts."""
    src = tmp_path / "src" / "pkg"
    src.mkdir(parents=True)
    (src / "maths.py").write_text("X = 1\n")
    out = tmp_path / "out.mp4"
    out.write_bytes(b"video")
    request = uptodate.request_of("render", "l", [], None, None, {}, tmp_path)
    stamp = uptodate.stamp_path(tmp_path, request)
    inputs = uptodate.Inputs.scan([tmp_path / "src"], [tmp_path / "pyproject.toml"])
    uptodate.record(stamp, request, inputs, [out], "current")
    assert uptodate.check(tmp_path, request) == "current"
    (src / "maths.py").write_text("X = 2\n")
    assert uptodate.check(tmp_path, request) is None
    uptodate.record(stamp, request, uptodate.Inputs.scan([tmp_path / "src"],
                                                         [tmp_path / "pyproject.toml"]),
                    [out], "current")
    (tmp_path / "pyproject.toml").write_text("[project]\n")  # a missing file appearing
    assert uptodate.check(tmp_path, request) is None


def test_the_watched_inputs_are_the_scenes_source_assets_and_versions() -> None:
    inputs = noop_inputs(DEFAULT_PROJECT)
    assert str(PACKAGE_DIR) in inputs.trees
    assert str(DEFAULT_PROJECT.scenes_dir.resolve()) in inputs.trees
    assert str((DEFAULT_PROJECT.root / "assets").resolve()) in inputs.trees
    assert str((DEFAULT_PROJECT.root / "pyproject.toml").resolve()) in inputs.files
    assert launch.BUILD_STATE == DEFAULT_PROJECT.state_dir


def test_the_console_script_answers_without_heavy_imports(project: Project) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom entropy_explorer import launch\n"
            f"print(launch.noop_message({ARGS!r}, Path({str(project.state_dir)!r})))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'manim', 'numpy', 'av', 'piper', 'manim_slides', 'scipy', 'cairo'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ}).stdout.splitlines()
    assert "nothing changed" in out[0]
    assert out[1] == "[]"


def test_options_before_the_scenes_are_read_as_the_full_parser_reads_them(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    argv = ["render", "--quality", "l", "--jobs", "2", "01", "02"]
    assert main(argv, project=project) == 0
    assert fast(project, *argv) is not None
    assert fast(project, "render", "-q", "l", "01") is None
