"""Rendering one scene: the Manim command, error lines, atomic files, and a real render
(section 1 at -ql, spoken by the real voice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from outputs_helpers import LOW, S01, TEST_PROJECT, ffprobe, s01_outputs
from voice_helpers import decode, ebur128, onset_after

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.files import atomic_copy
from entropy_explorer.pipeline.leaves.media import KEYFRAME_SECONDS
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.pipeline.steps.mix import TARGET_LUFS
from entropy_explorer.pipeline.steps.render import RenderJob, error_summary


def test_the_manim_command_names_the_cfg_the_media_folder_and_a_range() -> None:
    job = RenderJob(S01, LOW, TEST_PROJECT.scene_path(S01), Path("/m"), animations=(3, 7))
    cmd = job.command(("python", "-m", "x"))
    assert cmd[:4] == ["python", "-m", "x", "render"]
    assert cmd[cmd.index("-q") + 1] == "l"
    assert cmd[cmd.index("--config_file") + 1].endswith("scenes/manim.cfg")
    assert cmd[cmd.index("--from_animation_number") + 1] == "3,7"
    assert cmd[cmd.index("--media_dir") + 1] == "/m"
    assert cmd[-2:] == [str(TEST_PROJECT.scene_path(S01)), "InformationScene"]
    assert job.video == Path("/m/videos/s01_information/480p15/InformationScene.mp4")
    assert "--from_animation_number" not in RenderJob(S01, LOW, Path("s.py"), Path("/m")).command(())


@pytest.mark.parametrize(("output", "line"), [
    ("Traceback (most recent call last):\n  File x\nValueError: p must be positive\n",
     "ValueError: p must be positive"),
    ("...\n│ 12 │ raise KeyError('x')\n╰──────╯\nKeyError: 'x'\n", "KeyError: 'x'"),
    ("", "manim exited with code 2"),
])
def test_error_summary_is_the_last_exception(output: str, line: str) -> None:
    assert error_summary(output, 2) == line


def test_atomic_copy_leaves_nothing_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src.mp4"
    src.write_bytes(b"x" * 1000)
    dst = tmp_path / "out" / "final.mp4"

    def half_copy(a: Path, b: Path) -> None:
        Path(b).write_bytes(b"x" * 10)
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfile", half_copy)
    with pytest.raises(KeyboardInterrupt):
        atomic_copy(src, dst)
    assert list(dst.parent.iterdir()) == []


def test_atomic_temporaries_stay_out_of_a_build_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "build" / ".state").mkdir(parents=True)
    dst = tmp_path / "build" / "web" / "static" / "a.webm"
    seen: list[Path] = []

    def spy(a: Path, b: Path) -> None:
        seen.append(Path(b))
        Path(b).write_text("x")

    monkeypatch.setattr(shutil, "copyfile", spy)
    atomic_copy(tmp_path / "src", dst)
    assert seen[0].parent == tmp_path / "build" / ".state" / "tmp"
    assert seen[0].suffix == ".webm" and dst.read_text() == "x"


@pytest.mark.slow
def test_a_real_render_is_constant_frame_rate_faststart_with_frequent_keyframes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    video, _deck = s01_outputs()
    info = ffprobe(video)
    [stream] = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert stream["avg_frame_rate"] == stream["r_frame_rate"] == "15/1"
    assert float(info["format"]["duration"]) > 10
    assert (stream["width"], stream["height"]) == (LOW.pixel_width, LOW.pixel_height)
    assert video.read_bytes()[:64].find(b"moov") > 0  # the index first
    rows = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                           "packet=pts_time,flags", "-of", "csv=p=0", str(video)],
                          capture_output=True, text=True, check=True).stdout.split()
    keys = sorted(float(r.split(",")[0]) for r in rows if "K" in r.split(",")[1])
    end = float(info["format"]["duration"])
    gaps = [b - a for a, b in zip([*keys, end], [*keys[1:], end], strict=False)]
    assert max(gaps) <= KEYFRAME_SECONDS + 1e-6, f"keyframe gap {max(gaps):.2f} s"
    assert "Information measures surprise" in video.with_suffix(".srt").read_text()
    # Manim did not look for a newer version of itself
    log = (TEST_PROJECT.logs_dir / "latest" / f"{S01.name}.log")
    if log.exists():
        assert "upgrading" not in log.read_text()
    # the voice: one AAC track at the target loudness, each line heard from its cue on
    assert [s["codec_name"] for s in info["streams"]] == ["h264", "aac"]
    ebu = ebur128(video)
    assert abs(ebu.integrated - TARGET_LUFS) <= 1.0 and ebu.true_peak < -1.0, ebu
    samples = decode(video)
    for cue in read_cues(TEST_PROJECT.narration(S01)):
        before = samples[int((cue.start - 0.25) * 48_000): int((cue.start - 0.02) * 48_000)]
        assert np.max(np.abs(before), initial=0.0) < 10 ** (-45 / 20), f"sound before {cue}"
        assert 0.0 <= onset_after(samples, cue.start - 0.02) - cue.start <= 0.3, cue
    # nothing changed: the second run skips the scene
    capsys.readouterr()
    assert main(["render", "-q", "l", "1", "--wait"], project=TEST_PROJECT) == 0
    assert "1 up to date" in capsys.readouterr().out


def test_the_manim_entry_point_sets_keyframes_a_text_cache_per_scene_and_no_version_check(
    tmp_path: Path,
) -> None:
    import sys

    scene = tmp_path / "tiny.py"
    scene.write_text("from manim import Scene, Square, Text, Create\n\n\nclass Tiny(Scene):\n"
                     "    def construct(self):\n        self.play(Create(Square()), run_time=0.5)\n"
                     "        self.add(Text('hi'))\n        self.wait(5)\n")
    done = subprocess.run([sys.executable, "-m", "entropy_explorer.pipeline.steps.manim_entry",
                           "render", "-ql", "--media_dir", str(tmp_path / "media"),
                           "--progress_bar", "none", str(scene), "Tiny"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "upgrading" not in done.stdout + done.stderr
    assert [p.name for p in (tmp_path / "media" / "texts").iterdir()] == ["tiny"]
    video = tmp_path / "media" / "videos" / "tiny" / "480p15" / "Tiny.mp4"
    rows = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                           "packet=pts_time,flags", "-of", "csv=p=0", str(video)],
                          capture_output=True, text=True, check=True).stdout.split()
    keys = sorted(float(r.split(",")[0]) for r in rows if "K" in r.split(",")[1])
    assert keys[-1] > 4 and max(b - a for a, b in zip(keys, keys[1:], strict=False)) <= 2.0
