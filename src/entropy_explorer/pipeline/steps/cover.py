"""The blog cover as ``entropy-explorer.{gif,png,mp4}`` (``entropy-explorer gif``).

The cover scene (``scenes/cover.py``) is one seamless loop. It is rendered by ``manim`` in
a subprocess straight to PNG frames at the social-card size (1200x630), then:

* the GIF is made with a two-pass palette (ffmpeg ``palettegen`` / ``paletteuse``), set to
  loop forever and optimised with gifsicle (frame differences, transparency); if it is over
  the size budget it is re-made with fewer colours (:data:`QUALITY_LADDER`), and the command
  fails if it still is, or if its PSNR against the rendered frames is under
  :data:`MIN_PSNR_DB`;
* the PNG is one still frame, for places that take no GIF;
* the MP4 is the same loop as H.264, far smaller than the GIF, for sites that take video.

Every output is written to a temporary file beside its final name and moved into place
with ``os.replace`` once all three are made: an interrupted or failed run leaves nothing
under a final name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.examples import COVER_DRIFT
from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.leaves.files import atomic_output
from entropy_explorer.pipeline.leaves.media import FrameMatch, MediaError, compare_frames
from entropy_explorer.pipeline.leaves.tools import INSTALL_HINTS, missing_tools_message
from entropy_explorer.sections import COVER

__all__ = [
    "BUDGET_BYTES",
    "CoverOptions",
    "CoverOutputs",
    "GifError",
    "MIN_PSNR_DB",
    "MissingToolError",
    "QUALITY_LADDER",
    "check_tools",
    "expected_frames",
    "make_cover",
]

#: The cover's stable file stem (the article's front matter names the GIF).
STEM = "entropy-explorer"
#: Social-card shape (the usual Open Graph image size).
WIDTH, HEIGHT = 1200, 630
FPS = 20
#: The GIF must stay under this many bytes (the blog's page weight).
BUDGET_BYTES = 600_000
#: ... and within this PSNR of the frames it is made from (RGB, mean over the frames).
MIN_PSNR_DB = 44.0
#: Loop phase of the still PNG: a moment with a clear peak and a mid-range entropy.
STILL_PHASE = 0.15
#: (palette colours, gifsicle lossiness) tried in order until the GIF fits the budget.
#: Measured on the 1200x630, 20 fps cover: a palette from every pixel (``stats_mode=full``)
#: without dithering beat the frame-difference palette with Bayer dithering (128 colours:
#: 859 kB, 57.8 dB) in size at every colour count: 32 colours 630 kB at 50.8 dB, 28 colours
#: 598 kB at 50.2 dB, 24 colours 593 kB at 48.8 dB, 16 colours 551 kB at 45.2 dB; dithering
#: made it larger (Bayer) or no better (Sierra), and gifsicle's lossy LZW saved 2 to 5 % for
#: 1 to 4 dB. The bytes go on what moves: the readout's digits and the gauge about three
#: quarters, the bars a quarter. Manim's own ``--format gif`` at the same size and frame
#: rate: 57.8 MB at 20.3 dB (a fixed palette that dithers the background).
QUALITY_LADDER: tuple[tuple[int, int], ...] = ((28, 0), (24, 0), (20, 0), (16, 0), (16, 40))


class GifError(RuntimeError):
    """The cover could not be made; the message says why."""


class MissingToolError(GifError):
    """An external tool (ffmpeg, gifsicle) is not installed."""


@dataclass(frozen=True)
class CoverOptions:
    """Size, frame rate and destination of the cover outputs, and how to run Manim."""

    out_dir: Path
    scene_file: Path
    manim: tuple[str, ...]
    width: int = WIDTH
    height: int = HEIGHT
    fps: int = FPS
    budget: int = BUDGET_BYTES
    min_psnr: float = MIN_PSNR_DB
    quiet: bool = False

    def __post_init__(self) -> None:
        for name in ("width", "height"):
            value = getattr(self, name)
            if value < 16 or value % 2:
                raise GifError(f"{name} must be an even number of pixels >= 16, got {value}")
        if not 1 <= self.fps <= 50:
            raise GifError(f"fps must be between 1 and 50, got {self.fps}")

    @property
    def paths(self) -> dict[str, Path]:
        """Final output paths by kind: ``gif``, ``png``, ``mp4``."""
        return {ext: self.out_dir / f"{STEM}.{ext}" for ext in ("gif", "png", "mp4")}


class CoverOutputs(dict[str, Path]):
    """The final paths by kind (``gif``, ``png``, ``mp4``), and the GIF's measured figures:
    ``gif_bytes``, ``gif_colors`` and ``gif_match`` (PSNR and SSIM against the frames)."""

    def __init__(self, paths: dict[str, Path], gif_bytes: int, gif_colors: int,
                 gif_match: FrameMatch) -> None:
        super().__init__(paths)
        self.gif_bytes = gif_bytes
        self.gif_colors = gif_colors
        self.gif_match = gif_match


def expected_frames(fps: int, seconds: float = COVER_DRIFT.seconds) -> int:
    """Frames in one loop: the phase steps ``1 / n`` per frame, so frame ``n`` is frame 0."""
    return round(seconds * fps)


def check_tools(tools: Sequence[str] = ("ffmpeg", "gifsicle")) -> None:
    """Raise :class:`MissingToolError` naming every missing tool and how to install it."""
    message = missing_tools_message(tools, "the cover")
    if message:
        raise MissingToolError(message)


def _run(cmd: Sequence[str], what: str, *, cwd: Path | None = None) -> None:
    """Run ``cmd`` (cancellable); on failure raise :class:`GifError` with its output's tail."""
    try:
        done = procs.run(cmd, cwd=cwd, env={**os.environ, "PYTHONHASHSEED": "0"})
    except FileNotFoundError as exc:
        raise MissingToolError(f"{cmd[0]} not found: {INSTALL_HINTS.get(cmd[0], '')}") from exc
    if done.returncode != 0:
        tail = "\n".join(done.output.strip().splitlines()[-15:])
        raise GifError(f"{what} failed (exit code {done.returncode})" + (f":\n{tail}" if tail else ""))


def render_frames(opts: CoverOptions, work: Path) -> list[Path]:
    """Render the cover scene to PNG frames with manim; return one loop of frames."""
    media = work / "media"
    cmd = [
        *opts.manim, "render",
        "-r", f"{opts.width},{opts.height}", "--fps", str(opts.fps),
        "--format", "png", "--disable_caching",
        "--media_dir", str(media),
        "--progress_bar", "none",
        "-v", "WARNING",
        str(opts.scene_file), COVER.scene_class,
    ]
    _run(cmd, "rendering the cover with manim", cwd=opts.scene_file.parent)
    frames = sorted(media.glob(f"images/**/{COVER.scene_class}*.png"))
    n = expected_frames(opts.fps)
    if len(frames) < n:
        raise GifError(f"manim wrote {len(frames)} frames, expected {n} (one loop)")
    return frames[:n]


def _link_sequence(frames: Sequence[Path], folder: Path) -> str:
    """Give the frames consecutive names ffmpeg can read; returns the input pattern."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(frames):
        target = folder / f"f{i:05d}.png"
        try:
            os.link(f, target)
        except OSError:
            shutil.copyfile(f, target)
    return str(folder / "f%05d.png")


def encode_gif(pattern: str, fps: int, out: Path, work: Path, colors: int, lossy: int) -> None:
    """Two-pass palette GIF (looping forever), then gifsicle optimisation.

    The palette counts every pixel (``stats_mode=full``: the dark background and the
    anti-aliased edges get their own entries) and is applied without dithering, so pixels
    that do not change keep their index and gifsicle can leave them transparent.
    """
    palette = work / f"palette-{colors}.png"
    raw = work / f"raw-{colors}.gif"
    ffmpeg = ["ffmpeg", "-v", "error", "-y", "-framerate", str(fps), "-i", pattern]
    _run([*ffmpeg, "-vf", f"palettegen=max_colors={colors}:stats_mode=full", str(palette)],
         "ffmpeg palettegen")
    _run([*ffmpeg, "-i", str(palette), "-lavfi", "paletteuse=dither=none", "-loop", "0",
          str(raw)], "ffmpeg paletteuse")
    cmd = ["gifsicle", "-O3", "--loopcount=forever", "--no-comments", "--no-names"]
    if lossy:
        cmd.append(f"--lossy={lossy}")
    _run([*cmd, str(raw), "-o", str(out)], "gifsicle")


def measure_gif(gif: Path, pattern: str, fps: int) -> FrameMatch:
    """PSNR and SSIM of ``gif`` against the frames it was made from."""
    try:
        return compare_frames(gif, pattern, reference_fps=fps)
    except MediaError as exc:
        raise GifError(str(exc)) from exc


def encode_mp4(pattern: str, fps: int, out: Path) -> None:
    """H.264 loop, web-friendly (yuv420p, faststart, no audio)."""
    _run(["ffmpeg", "-v", "error", "-y", "-framerate", str(fps), "-i", pattern,
          "-c:v", "libx264", "-preset", "slow", "-crf", "26", "-pix_fmt", "yuv420p",
          "-movflags", "+faststart", "-an", str(out)], "ffmpeg (mp4)")


def _say(opts: CoverOptions, step: int, total: int, text: str) -> None:
    if not opts.quiet:
        print(f"[{step}/{total}] {text}", flush=True)


def make_cover(opts: CoverOptions) -> CoverOutputs:
    """Render the cover and write the GIF, PNG and MP4; returns the final paths (and the
    GIF's figures)."""
    check_tools()
    finals = opts.paths
    n = expected_frames(opts.fps)
    start = time.monotonic()
    # the three are moved into place together, only once all three are made
    with contextlib.ExitStack() as outputs:
        temps = {k: outputs.enter_context(atomic_output(p)) for k, p in finals.items()}
        with tempfile.TemporaryDirectory(prefix="cover-") as tmp:
            work = Path(tmp)
            _say(opts, 1, 4, f"rendering the cover with manim ({opts.width}x{opts.height}, "
                             f"{opts.fps} fps, {n} frames)")
            frames = render_frames(opts, work)
            pattern = _link_sequence(frames, work / "seq")

            _say(opts, 2, 4, "GIF: two-pass palette, gifsicle")
            for colors, lossy in QUALITY_LADDER:
                encode_gif(pattern, opts.fps, temps["gif"], work, colors, lossy)
                size = temps["gif"].stat().st_size
                if not opts.quiet:
                    print(f"      {colors} colours, lossy {lossy}: {size / 1e3:.0f} kB", flush=True)
                if size <= opts.budget:
                    break
            else:
                raise GifError(f"the GIF is {size / 1e3:.0f} kB, over the "
                               f"{opts.budget / 1e3:.0f} kB budget even at the lowest quality")
            match = measure_gif(temps["gif"], pattern, opts.fps)
            if not opts.quiet:
                print(f"      PSNR {match.psnr:.1f} dB, SSIM {match.ssim:.4f} against the "
                      f"rendered frames", flush=True)
            if match.psnr < opts.min_psnr:
                raise GifError(f"the GIF's PSNR against its frames is {match.psnr:.1f} dB, "
                               f"under the {opts.min_psnr:g} dB floor")

            _say(opts, 3, 4, "still PNG and MP4 loop")
            shutil.copyfile(frames[min(round(STILL_PHASE * n), n - 1)], temps["png"])
            encode_mp4(pattern, opts.fps, temps["mp4"])

        _say(opts, 4, 4, "moving the outputs into place")
    if not opts.quiet:
        for path in finals.values():
            print(f"  {path} ({path.stat().st_size / 1e3:.0f} kB)")
        print(f"done in {time.monotonic() - start:.0f} s")
    return CoverOutputs(finals, size, colors, match)
