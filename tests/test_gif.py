"""The blog cover: the drifting distribution, the GIF pipeline, and the GIF itself.

Fast tests drive the pipeline with synthetic frames (ffmpeg's test source) instead of
manim; the slow test renders the real cover at a small size and checks the outputs.
"""

from __future__ import annotations

import importlib.util
import math
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from entropy_explorer.cli import main
from entropy_explorer.examples import COVER_DRIFT
from entropy_explorer.pipeline.steps import cover as gif
from entropy_explorer.sections import COVER


def options(**kwargs: object) -> gif.CoverOptions:
    """Cover options with the real scene file and Manim; ``out_dir`` etc. as given."""
    from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT

    base = {"out_dir": Path("build"), "scene_file": DEFAULT_PROJECT.scene_path(COVER),
            "manim": DEFAULT_PROJECT.manim}
    return gif.CoverOptions(**{**base, **kwargs})  # type: ignore[arg-type]

needs_tools = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("gifsicle") is None,
    reason="needs ffmpeg and gifsicle",
)


def _cover_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cover_scene", COVER.path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gif_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _loop_count(path: Path) -> str:
    info = subprocess.run(["gifsicle", "--info", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return "forever" if "loop forever" in info else info


# ------------------------------------------------------------------ the loop itself
def test_cover_loop_length_is_within_the_brief() -> None:
    assert 8 <= COVER_DRIFT.seconds <= 12


def test_drift_is_periodic_and_breathes_between_flat_and_sharp() -> None:
    drift_probs = _cover_module().drift_probs
    n = COVER_DRIFT.n
    np.testing.assert_allclose(drift_probs(0.0), drift_probs(1.0), atol=1e-12)
    # Phase 0 is flat: the maximum entropy log2(n), checked with scipy.
    assert scipy_entropy(drift_probs(0.0), base=2) == pytest.approx(math.log2(n))
    # Half a breath in, the sharpness peaks: far below the maximum.
    sharp = drift_probs(1 / (2 * COVER_DRIFT.breaths))
    assert scipy_entropy(sharp, base=2) < 0.5 * math.log2(n)
    # Consecutive frames differ only a little (no jump anywhere, including the wrap).
    phases = np.arange(0, 1, 1 / 200)
    steps = [np.abs(drift_probs(a) - drift_probs(a + 1 / 200)).max() for a in phases]
    assert max(steps) < 0.1


# -------------------------------------------------------- tools and atomic writes
def test_missing_tools_are_named_with_the_install_command(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tool at all
    with pytest.raises(gif.MissingToolError) as err:
        gif.check_tools()
    message = str(err.value)
    assert "ffmpeg" in message and "gifsicle" in message
    assert "apt-get install gifsicle" in message and "apt-get install ffmpeg" in message


def test_cli_fails_cleanly_without_tools(monkeypatch, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    code = main(["gif", "--out-dir", str(tmp_path / "out")])
    assert code == 1
    assert "apt-get install" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_options_reject_odd_sizes() -> None:
    with pytest.raises(gif.GifError):
        options(width=321, height=168)


def _fake_render(n_frames: int, size: str = "64x34"):  # type: ignore[no-untyped-def]
    """Stand-in for manim: ffmpeg's moving test pattern as PNG frames."""

    def render(opts: gif.CoverOptions, work: Path) -> list[Path]:
        out = work / "fake"
        out.mkdir()
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc=size={size}:rate={opts.fps}", "-frames:v", str(n_frames),
                        str(out / "CoverScene%04d.png")], check=True)
        return sorted(out.glob("*.png"))

    return render


@needs_tools
def test_pipeline_writes_three_outputs_and_no_temporaries(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opts = options(width=64, height=34, fps=8, out_dir=tmp_path, quiet=True)
    monkeypatch.setattr(gif, "render_frames", _fake_render(gif.expected_frames(8)))
    paths = gif.make_cover(opts)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths.values())
    assert _loop_count(paths["gif"]) == "forever"
    assert len(_gif_frames(paths["gif"])) == gif.expected_frames(8)


@needs_tools
def test_a_failure_leaves_nothing_under_a_final_name(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opts = options(width=64, height=34, fps=8, out_dir=tmp_path, quiet=True)
    monkeypatch.setattr(gif, "render_frames", _fake_render(gif.expected_frames(8)))

    def broken_mp4(*args: object) -> None:
        raise gif.GifError("encoder crashed")

    monkeypatch.setattr(gif, "encode_mp4", broken_mp4)
    with pytest.raises(gif.GifError):
        gif.make_cover(opts)
    assert list(tmp_path.iterdir()) == []  # neither finals nor temporaries


@needs_tools
def test_an_impossible_budget_fails_and_writes_nothing(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opts = options(width=64, height=34, fps=8, out_dir=tmp_path, quiet=True, budget=100)
    monkeypatch.setattr(gif, "render_frames", _fake_render(gif.expected_frames(8)))
    with pytest.raises(gif.GifError, match="budget"):
        gif.make_cover(opts)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("written", [3, 85])
def test_render_frames_keeps_exactly_one_loop(monkeypatch, tmp_path, written) -> None:  # type: ignore[no-untyped-def]
    """Too few frames is an error; extra frames (a closing frame) are dropped."""
    calls: list[list[str]] = []

    def fake_manim(cmd, what, *, cwd=None):  # type: ignore[no-untyped-def]
        calls.append(list(cmd))
        folder = tmp_path / "media" / "images" / "cover"
        folder.mkdir(parents=True)
        for i in range(written):
            (folder / f"{COVER.scene_class}{i:04d}.png").write_bytes(b"")

    monkeypatch.setattr(gif, "_run", fake_manim)
    opts = options(width=320, height=168, fps=8, quiet=True)
    n = gif.expected_frames(8)
    if written < n:
        with pytest.raises(gif.GifError, match="frames"):
            gif.render_frames(opts, tmp_path)
    else:
        frames = gif.render_frames(opts, tmp_path)
        assert [f.name for f in frames] == [f"{COVER.scene_class}{i:04d}.png" for i in range(n)]
    cmd = calls[0]
    assert cmd[cmd.index("-r") + 1] == "320,168" and cmd[cmd.index("--fps") + 1] == "8"
    assert cmd[cmd.index("--format") + 1] == "png"
    assert cmd[-2:] == [str(COVER.path), COVER.scene_class]


# ------------------------------------------------------------------ the real cover
@pytest.mark.slow
@needs_tools
def test_real_cover_gif_loops_has_the_size_and_frames_and_fits_the_budget(tmp_path) -> None:
    fps, width, height = 6, 256, 134  # small and quick; the shape of 1200x630
    code = main(["gif", "--width", str(width), "--fps", str(fps), "--out-dir", str(tmp_path),
                 "--quiet"])
    assert code == 0
    out = {ext: tmp_path / f"entropy-explorer.{ext}" for ext in ("gif", "png", "mp4")}
    assert all(p.exists() for p in out.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in out.values())

    assert _loop_count(out["gif"]) == "forever"
    frames = _gif_frames(out["gif"])
    assert len(frames) == round(COVER_DRIFT.seconds * fps)
    assert frames[0].shape == (height, width, 3)
    assert out["gif"].stat().st_size < gif.BUDGET_BYTES
    assert out["mp4"].stat().st_size < out["gif"].stat().st_size

    # Seamless: the last frame leads into the first, so they are nearly equal, much
    # closer than the first is to the middle of the loop.
    def diff(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a.astype(float) - b.astype(float)).mean())

    wrap = diff(frames[-1], frames[0])
    middle = diff(frames[len(frames) // 4], frames[0])
    assert wrap < 0.25 * middle
    assert wrap < 3.0
