"""The blog cover: the drifting distribution, the GIF pipeline, and the GIF itself.

Fast tests drive the pipeline with synthetic frames (ffmpeg's test source) instead of
manim; the slow test renders the real cover at a small size and checks the outputs.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from scipy.stats import entropy as scipy_entropy

from entropy_explorer.cli import main
from entropy_explorer.examples import COVER_DRIFT
from entropy_explorer.pipeline.steps import cover as gif
from entropy_explorer.quality.runner import run_scene
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
    """The cover scene, built as a dry run, lasts 8 to 12 seconds, and the GIF keeps
    exactly that many seconds of frames."""
    duration = float(run_scene(COVER).renderer.time)
    assert 8 <= duration <= 12
    assert gif.expected_frames(gif.FPS) == round(duration * gif.FPS)


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


#: Stand-in frames like the cover's: a flat box sliding over the dark background (a GIF
#: can hold them exactly), and ffmpeg's test pattern (gradients and noise: far from it).
COVER_LIKE = ("color=c=0x0E1116:s={size}:r={fps}[bg];color=c=0x58C4DD:s=12x18[box];"
              "[bg][box]overlay=x='mod(t*40,48)':y=8:shortest=1")
TEST_PATTERN = "testsrc=size={size}:rate={fps}"


def _fake_render(n_frames: int, size: str = "64x34", source: str = COVER_LIKE):  # type: ignore[no-untyped-def]
    """Stand-in for manim: synthetic PNG frames from ffmpeg's ``lavfi`` sources."""

    def render(opts: gif.CoverOptions, work: Path) -> list[Path]:
        out = work / "fake"
        out.mkdir()
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        source.format(size=size, fps=opts.fps), "-frames:v", str(n_frames),
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


@needs_tools
def test_a_gif_too_far_from_its_frames_fails_and_writes_nothing(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opts = options(width=64, height=34, fps=8, out_dir=tmp_path, quiet=True)
    monkeypatch.setattr(gif, "render_frames",
                        _fake_render(gif.expected_frames(8), source=TEST_PATTERN))
    with pytest.raises(gif.GifError, match="PSNR"):
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
def test_real_cover_gif_fits_the_budget_close_to_its_frames_and_loops(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real cover at its real size and frame rate: within the byte budget, within the
    PSNR floor of the frames it is made from (recomputed here from the pixels), as long as
    the loop, at its frame rate, looping forever and seamless."""
    kept = tmp_path / "frames"
    kept.mkdir()
    render = gif.render_frames

    def render_and_keep(opts: gif.CoverOptions, work: Path) -> list[Path]:
        frames = render(opts, work)
        for f in frames:
            os.link(f, kept / f.name)
        return frames

    monkeypatch.setattr(gif, "render_frames", render_and_keep)
    out_dir = tmp_path / "out"
    result = gif.make_cover(options(out_dir=out_dir, quiet=True))
    out = {ext: out_dir / f"entropy-explorer.{ext}" for ext in ("gif", "png", "mp4")}
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(p.name for p in out.values())
    assert out["gif"].stat().st_size == result.gif_bytes <= gif.BUDGET_BYTES
    assert out["mp4"].stat().st_size < out["gif"].stat().st_size

    n = round(COVER_DRIFT.seconds * gif.FPS)
    sources = sorted(kept.iterdir())
    assert len(sources) == n
    info = subprocess.run(["gifsicle", "--info", str(out["gif"])], capture_output=True,
                          text=True, check=True).stdout
    assert "loop forever" in info
    assert info.count(f"delay {1 / gif.FPS:.2f}s") == n  # one frame per 1/fps, n of them

    # PSNR over every pixel of every frame, as ffmpeg's psnr filter averages it
    squared, count = 0.0, 0
    gif_frames = _gif_frames(out["gif"])
    assert len(gif_frames) == n and gif_frames[0].shape == (gif.HEIGHT, gif.WIDTH, 3)
    for shown, source in zip(gif_frames, sources, strict=True):
        reference = np.asarray(Image.open(source).convert("RGB"), dtype=float)
        squared += float(((shown.astype(float) - reference) ** 2).sum())
        count += reference.size
    psnr = 10 * math.log10(255**2 / (squared / count))
    assert psnr >= gif.MIN_PSNR_DB
    assert psnr == pytest.approx(result.gif_match.psnr, abs=0.05)

    # Seamless: the last frame leads into the first, so they are nearly equal, much
    # closer than the first is to the middle of the loop.
    def diff(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a.astype(float) - b.astype(float)).mean())

    wrap = diff(gif_frames[-1], gif_frames[0])
    middle = diff(gif_frames[len(gif_frames) // 4], gif_frames[0])
    assert wrap < 0.25 * middle
    assert wrap < 3.0
