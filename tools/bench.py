"""Benchmarks: ``make bench`` measures the product and writes ``build/bench.json``.

One run measures, each in a fresh copy of the project (a sandbox in a temporary folder
whose ``.venv`` links to this one's, with ``PYTHONPATH`` pointing at the copy's ``src/``,
so this checkout's ``build/`` and ``media/`` are never touched):

* ``whole``: ``make render`` from cold caches (no ``media/``, no ``build/``), then with
  nothing changed (median of ``--repeat`` runs), then after one scene's file changed
  (a comment appended), with the tasks that ran;
* ``scenes``: each scene rendered alone (``entropy-explorer render --force``) with the TeX
  and voice caches warm but without Manim's partial movies: video seconds, wall seconds,
  real-time factor and peak memory (the largest resident set of any process it started);
* ``stock``: one scene by plain ``manim render`` and by the pipeline, both silent and cold,
  one after the other: the wall-time ratio, and PSNR/SSIM of ours against stock;
* ``gif``: the cover GIF (bytes, PSNR/SSIM against the frames it is made from) beside
  Manim's own ``--format gif`` at the same size and frame rate;
* ``farm``: one long scene rendered alone with one worker and with two (its animations
  split into a range per worker), and the start-up cost of a task: a new process importing
  Manim and the project (what each scene paid before the farm) against a round trip to a
  warm worker;
* ``voice``: synthesis speed and the cache-hit cost; ``micro``: maths micro-benchmarks.

Short figures are medians of repeats within one run; the machines are noisy, so compare
ratios within a run, not absolute times across runs. ``--markdown`` prints the tables of
a saved ``build/bench.json`` (the README's table) without measuring anything.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import evaluate_targets, format_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench.json"
#: What ``--skip`` may name.
STEPS = ("whole", "scenes", "farm", "stock", "gif", "voice", "micro")
#: Environment variables that would steer a make run in the sandbox away from its arguments.
_MAKE_ENV = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "QUALITY", "SCENES", "VOICE", "JOBS")


def measure(fn: Callable[[], object], *, repeat: int = 7, number: int = 1) -> dict[str, float]:
    """Median and spread of ``repeat`` timings of ``number`` calls, in seconds per call."""
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "repeat": repeat,
        "number": number,
    }


def voice_figures(results: dict[str, dict[str, float]], section: object) -> dict[str, float]:
    """Synthesis speed (seconds of speech per second of compute), the cache-hit cost and
    the mix, on one scene's narration lines (from its dry run) with the bundled voice.

    The cache hit is the voice's whole pre-pass for the scene when every clip is cached
    (what a render pays when the scene changed but its narration did not); the mix is
    what each voiced render adds after Manim (placing the clips and two loudnorm passes).
    """
    import tempfile

    from piper import PiperVoice

    from entropy_explorer import speech
    from entropy_explorer.pipeline.leaves import tts
    from entropy_explorer.pipeline.leaves.subtitles import Cue
    from entropy_explorer.pipeline.steps import mix, voice
    from entropy_explorer.quality.numbers import narration_lines

    if section is None:
        return {}
    lines = narration_lines(section)
    setting = speech.voice_setting("default", env={})
    model, config = tts.voice_files(setting)
    results["voice.load_default_voice"] = measure(lambda: PiperVoice.load(model, config), repeat=3)
    engine = tts.load_voice(setting)
    spoken = [speech.spoken_text(t) for t in lines]
    speeds = []
    for _ in range(5):
        start = time.perf_counter()
        said = sum(len(a) / r for a, _s, r in (voice.synthesize_text(engine, t, 1.0) for t in spoken))
        speeds.append(said / (time.perf_counter() - start))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        timing, _ = voice.prepare_scene("bench", lines, setting, directory=folder, recordings=folder)
        results[f"voice.cache_hit_prepass.{len(lines)}_lines"] = measure(
            lambda: voice.prepare_scene("bench", lines, setting, directory=folder,
                                        recordings=folder), repeat=7)
        manifest = {speech.ENV_TIMING: str(speech.timing_path("bench", folder))}
        results["voice.narration_seconds_lookup"] = measure(
            lambda: speech.narration_seconds("bench", 1, lines[0], manifest), number=1000)
        cues, t = [], 1.0
        for clip in timing.clips:
            cues.append(Cue(t, t + clip.slot, clip.text))
            t += clip.slot + 0.5
        results[f"voice.mix_track.{t + 1:.0f}_s"] = measure(
            lambda: mix.mix_track(timing, cues, t + 1.0, folder / "track.wav"), repeat=3)
    return {
        "voice.synthesis_speech_s_per_compute_s.median": round(statistics.median(speeds), 2),
        "voice.synthesis_speech_s_per_compute_s.min": round(min(speeds), 2),
        "voice.synthesis_speech_s_per_compute_s.max": round(max(speeds), 2),
        "voice.speech_s_of_the_scene": round(sum(c.seconds for c in timing.clips), 1),
    }


def micro_figures() -> dict[str, dict[str, float]]:
    """The maths micro-benchmarks, the up-to-date check and one scene's dry run."""
    from entropy_explorer import infotheory as it
    from entropy_explorer.examples import BIMODAL_TEACHER, MOVIE_REVIEW_P, MOVIE_REVIEW_Q
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES, inputs_fingerprint
    from entropy_explorer.quality.runner import run_scene
    from entropy_explorer.sections import available_sections

    rng = np.random.default_rng(0)
    big_p = rng.dirichlet(np.ones(100_000))
    big_q = rng.dirichlet(np.ones(100_000))
    p, q = MOVIE_REVIEW_P.probs, MOVIE_REVIEW_Q.probs
    results: dict[str, dict[str, float]] = {}
    results["cross_entropy.3_outcomes"] = measure(lambda: it.cross_entropy(p, q), number=2000)
    results["kl_divergence.100k_outcomes"] = measure(lambda: it.kl_divergence(big_p, big_q), number=20)
    sections = available_sections()
    results["render.up_to_date_check.all_scenes"] = measure(
        lambda: [inputs_fingerprint(s, QUALITIES["h"]) for s in sections], number=3)
    try:
        from entropy_explorer import gaussians as g

        results["gaussians.reverse_descent_path"] = measure(
            lambda: g.descend("reverse", BIMODAL_TEACHER, 0.5, 2.0), repeat=3)
        results["gaussians.forward_descent_path"] = measure(
            lambda: g.descend("forward", BIMODAL_TEACHER, 0.5, 2.0), repeat=3)
    except (ImportError, AttributeError, TypeError) as exc:  # module API still moving
        print(f"bench: skipping gaussians ({exc})", file=sys.stderr)
    if sections:
        first = sections[0]
        results[f"scene_dry_run.{first.name}"] = measure(lambda: run_scene(first), repeat=3)
    return results


# ------------------------------------------------------------------ running things
class BenchError(RuntimeError):
    """A measured command failed; the message is one line and names its log."""


@dataclass(frozen=True)
class Timed:
    """One command's wall time, the peak resident set of its largest process, its output."""

    wall_s: float
    peak_rss_mb: float
    output: str


def timed(cmd: Sequence[str | Path], *, cwd: Path, env: dict[str, str], log: Path) -> Timed:
    """Run ``cmd`` to the end, timing it; its output goes to ``log``.

    The peak memory comes from ``wait4``: the largest resident set of the command or of any
    process it started and waited for (Manim, ffmpeg, LaTeX). Raises :class:`BenchError`
    when it fails; Ctrl-C stops its whole process group.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = " / ".join(line.strip() for line in text.strip().splitlines()[-3:])
        raise BenchError(f"{' '.join(map(str, cmd[:3]))}... exited {proc.returncode}: "
                         f"{tail[-300:]} (log: {log})")
    return Timed(wall, usage.ru_maxrss / 1024, text)


_TASK_LINE = re.compile(r"^\[\d+/\d+\] (.+?): (done|up to date|failed|skipped|cancelled)\b",
                        re.MULTILINE)
_TASK_TIME = re.compile(r"^\[\d+/\d+\] (.+?): done in ([\d.]+) s", re.MULTILINE)


def task_seconds(output: str) -> dict[str, float]:
    """Seconds of each task a build ran, from its ``[i/n] task: done in X s`` lines."""
    return {name: float(t) for name, t in _TASK_TIME.findall(output)}


def tasks_that_ran(output: str, stamps_before: dict[str, int], stamps_after: dict[str, int]) -> list[str]:
    """The tasks a build ran: its ``[i/n] task: done`` lines, else the stamps it rewrote."""
    ran = [name for name, state in _TASK_LINE.findall(output) if state == "done"]
    if ran or _TASK_LINE.search(output):
        return ran
    return sorted(n for n, t in stamps_after.items() if stamps_before.get(n) != t)


class Sandbox:
    """A fresh copy of the project (its files as git sees them, no ``build/`` or
    ``media/``), using this checkout's virtual environment."""

    def __init__(self, base: Path, name: str) -> None:
        self.root = base / name
        for rel in _project_files():
            src, dst = ROOT / rel, self.root / rel
            if src.is_file():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)  # keeps times: the venv stamp stays newer than pyproject
        (self.root / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
        env = {k: v for k, v in os.environ.items() if k not in _MAKE_ENV}
        env.pop("ENTROPY_VOICE_TIMING", None)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.root / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])
        self.env = env
        self.logs = self.root / "bench-logs"
        self._n = 0

    def run(self, cmd: Sequence[str | Path], what: str, *, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Timed:
        self._n += 1
        log = self.logs / f"{self._n:02d}-{re.sub(r'[^A-Za-z0-9]+', '-', what).strip('-')}.log"
        return timed(cmd, cwd=cwd or self.root, env={**self.env, **(env or {})}, log=log)

    def make(self, *args: str) -> list[str]:
        return ["make", "--no-print-directory", "-C", str(self.root), *args]

    def cli(self, *args: str) -> list[str]:
        return [str(self.root / ".venv" / "bin" / "entropy-explorer"), *args]

    def stamps(self) -> dict[str, int]:
        """Every build stamp and its modification time (what a run rewrote)."""
        folder = self.root / "build" / ".state" / "stamps"
        return {p.stem: p.stat().st_mtime_ns for p in folder.glob("*.json")} if folder.is_dir() else {}

    def forget_partial_movies(self, section: Any, folder: str) -> None:
        """Remove Manim's video of ``section`` at a quality (``480p15``...) and every partial
        movie of its scene class, wherever under ``media/`` they are, so it renders again."""
        media = self.root / "media"
        shutil.rmtree(media / "videos" / section.module / folder, ignore_errors=True)
        for partial in media.rglob("partial_movie_files"):
            shutil.rmtree(partial / section.scene_class, ignore_errors=True)

    def video(self, section_name: str, *, missing_ok: bool = False) -> Path | None:
        """The newest published video of a section under ``build/video/``."""
        found = sorted((self.root / "build" / "video").rglob(f"{section_name}*.mp4"),
                       key=lambda p: p.stat().st_mtime_ns)
        if not found and not missing_ok:
            raise BenchError(f"no video of {section_name} under {self.root / 'build' / 'video'}")
        return found[-1] if found else None


def _project_files() -> list[str]:
    """The checkout's files as git sees them (tracked or new, not ignored); without git,
    everything but the venv, the outputs and the caches."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], capture_output=True, check=True).stdout
        return [f for f in out.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", "build", "media", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"}
        return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def say(text: str) -> None:
    """A progress line (the full run is long)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def _duration(path: Path) -> float:
    from entropy_explorer.pipeline.leaves.media import media_duration

    return round(media_duration(path), 3)


# --------------------------------------------------------------------- the measures
def _scenes_arg(sections: Sequence[Any]) -> str:
    return f"SCENES={' '.join(s.name[:2] for s in sections)}"


def whole_figures(box: Sandbox, quality: str, sections: Sequence[Any], subset: bool,
                  touch: Any, repeat: int) -> dict[str, Any]:
    """``make render`` cold (``box`` is fresh), with nothing changed (``repeat`` times) and
    after ``touch``'s scene file changed."""
    args = [f"QUALITY={quality}", *([_scenes_arg(sections)] if subset else [])]
    result: dict[str, Any] = {"subset": subset, "scenes": [s.name for s in sections]}
    say(f"whole video at {quality}: cold make render of {len(sections)} scene(s)")
    before = box.stamps()
    cold = box.run(box.make("render", *args), f"cold render {quality}")
    result["cold"] = {"wall_s": round(cold.wall_s, 2), "peak_rss_mb": round(cold.peak_rss_mb),
                      "ran": tasks_that_ran(cold.output, before, box.stamps()),
                      "tasks_s": task_seconds(cold.output)}
    videos = {s.name: _duration(box.video(s.name)) for s in sections}
    result["video_by_scene_s"] = videos
    result["video_s"] = round(sum(videos.values()), 3)
    say(f"  cold: {cold.wall_s:.1f} s for {result['video_s']:.1f} s of video")
    runs, ran = [], []
    for i in range(repeat):
        before = box.stamps()
        noop = box.run(box.make("render", *args), f"noop {quality} {i}")
        runs.append(round(noop.wall_s, 3))
        ran = tasks_that_ran(noop.output, before, box.stamps())
    result["noop"] = {"runs_s": runs, "ran": ran}
    say(f"  nothing changed: {', '.join(f'{r:.2f}' for r in runs)} s")
    scene_file = box.root / "scenes" / f"{touch.module}.py"
    with scene_file.open("a", encoding="utf-8") as fh:
        fh.write("\n# changed by the benchmark\n")
    before = box.stamps()
    touched = box.run(box.make("render", *args), f"touched {quality}")
    result["touched"] = {"scene": touch.name, "wall_s": round(touched.wall_s, 2),
                         "ran": tasks_that_ran(touched.output, before, box.stamps())}
    say(f"  after changing {touch.name}: {touched.wall_s:.1f} s, ran: "
        f"{', '.join(result['touched']['ran']) or 'nothing'}")
    return result


def scene_figures(box: Sandbox, quality: str, sections: Sequence[Any]) -> list[dict[str, Any]]:
    """Each scene rendered alone at ``quality``, caches warm but no partial movies (in the
    sandbox of the whole-video runs, else after a first render to warm the caches)."""
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES

    folder = QUALITIES[quality].folder
    rows = []
    if not any(box.video(s.name, missing_ok=True) for s in sections):
        say(f"per scene at {quality}: warming the TeX and voice caches with a first render")
        try:
            box.run(box.make("render", f"QUALITY={quality}", _scenes_arg(sections)),
                    f"warm-up {quality}")
        except BenchError as exc:
            say(f"  warm-up failed: {exc}")
    for s in sections:
        box.forget_partial_movies(s, folder)
        say(f"  {s.name} at {quality}")
        try:
            t = box.run(box.cli("render", "--force", "-q", quality, s.name[:2]), f"{s.name} {quality}")
            video = _duration(box.video(s.name))
        except BenchError as exc:
            say(f"    {exc}")
            rows.append({"scene": s.name, "error": str(exc)})
            continue
        rows.append({"scene": s.name, "video_s": video, "wall_s": round(t.wall_s, 2),
                     "peak_rss_mb": round(t.peak_rss_mb), "tasks_s": task_seconds(t.output)})
        say(f"    {t.wall_s:.1f} s for {video:.1f} s of video (RTF {t.wall_s / video:.2f}), "
            f"peak {t.peak_rss_mb:.0f} MB")
    return rows


_IMPORTS = ("import manim, numpy, entropy_explorer.scene, "
            "entropy_explorer.pipeline.steps.warm")
_ROUND_TRIP = """
import os, statistics, sys, time
from entropy_explorer.pipeline.leaves.farm import Farm
if __name__ == "__main__":
    farm = Farm(workers=1)
    try:
        farm.call(os.getpid)
        farm.call(__import__, "entropy_explorer.pipeline.steps.warm")  # warm, as a worker is
        times = []
        for _ in range(int(sys.argv[1])):
            t = time.perf_counter()
            farm.call(os.getpid)
            times.append(time.perf_counter() - t)
        print(statistics.median(times))
    finally:
        farm.close()
"""


def farm_figures(base: Path, section: Any, quality: str, repeat: int) -> dict[str, Any]:
    """``section`` rendered alone (silent, caches warm, no partial movies) with one worker
    and with two; the start-up cost of a task before the farm (a new process importing
    Manim and the project, median of ``repeat``) and on it (a round trip to a warm worker,
    median of 10)."""
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES

    box = Sandbox(base, "farm")
    folder = QUALITIES[quality].folder
    name = section.name[:2]
    say(f"farm: {section.name} at {quality}, first a render to warm the caches and count "
        "its animations")
    box.run(box.cli("render", "-q", quality, "--voice", "none", "-j", "1", name), "farm warm-up")
    result: dict[str, Any] = {"scene": section.name, "quality": quality}
    for workers in (1, 2):
        box.forget_partial_movies(section, folder)
        t = box.run(box.cli("render", "--force", "-q", quality, "--voice", "none", "-j",
                            str(workers), name), f"farm {workers} workers")
        result[f"workers_{workers}"] = {"wall_s": round(t.wall_s, 2),
                                        "peak_rss_mb": round(t.peak_rss_mb)}
        say(f"  {workers} worker(s): {t.wall_s:.1f} s")
    result["video_s"] = _duration(box.video(section.name))
    result["ratio"] = round(result["workers_2"]["wall_s"] / result["workers_1"]["wall_s"], 3)
    python = str(box.root / ".venv" / "bin" / "python")
    starts = [box.run([python, "-c", _IMPORTS], "farm new process").wall_s for _ in range(repeat)]
    script = box.root / "bench-round-trip.py"
    script.write_text(_ROUND_TRIP, encoding="utf-8")
    trip = float(box.run([python, str(script), "10"], "farm round trip").output.split()[-1])
    result["startup"] = {"new_process_s": round(statistics.median(starts), 3),
                         "warm_round_trip_s": round(trip, 4)}
    say(f"  2 workers / 1: {result['ratio']:.2f}; task start-up: new process "
        f"{result['startup']['new_process_s']:.2f} s, warm worker {trip * 1000:.0f} ms")
    return result


def stock_figures(base: Path, section: Any, quality: str, pairs: int = 1) -> dict[str, Any]:
    """``section`` by plain ``manim render`` and by the pipeline, both silent (paced by
    reading time, so the frames match) and from cold caches, ``pairs`` times in turn
    (stock first, then ours first, ...); the median of the pairs' ratios, and PSNR/SSIM
    of ours against stock's video."""
    from entropy_explorer.pipeline.leaves.media import compare_frames
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES

    box = Sandbox(base, f"stock-{quality}")
    silent = {"ENTROPY_VOICE": "none"}
    media = box.root / "stock-media"
    stock_video = media / "videos" / section.module / QUALITIES[quality].folder / f"{section.scene_class}.mp4"

    def stock(i: int) -> Timed:
        shutil.rmtree(media, ignore_errors=True)
        return box.run([box.root / ".venv" / "bin" / "manim", "render", f"-q{quality}",
                        "--media_dir", media, f"{section.module}.py", section.scene_class],
                       f"stock {section.name} {i}", cwd=box.root / "scenes", env=silent)

    def ours(i: int) -> Timed:
        for folder in ("media", "build"):
            shutil.rmtree(box.root / folder, ignore_errors=True)
        return box.run(box.cli("render", "-q", quality, "--voice", "none", section.name[:2]),
                       f"pipeline {section.name} {i}", env=silent)

    runs: dict[str, list[Timed]] = {"stock": [], "ours": []}
    for i in range(pairs):
        order = ("stock", "ours") if i % 2 == 0 else ("ours", "stock")
        say(f"stock manim vs pipeline: {section.name} at {quality}, pair {i + 1} of {pairs}, "
            f"{order[0]} first")
        for who in order:
            t = (stock if who == "stock" else ours)(i)
            runs[who].append(t)
            say(f"  {who}: {t.wall_s:.1f} s")
    our_video = box.video(section.name)
    match = compare_frames(our_video, stock_video)
    ratios = [o.wall_s / s.wall_s for o, s in zip(runs["ours"], runs["stock"], strict=True)]
    say(f"  ours / stock: {statistics.median(ratios):.2f} (median of {pairs}), "
        f"PSNR {match.psnr:.1f} dB, SSIM {match.ssim:.4f}")

    def figures(ts: list[Timed]) -> dict[str, Any]:
        return {"wall_s": round(statistics.median(t.wall_s for t in ts), 2),
                "runs_s": [round(t.wall_s, 2) for t in ts],
                "peak_rss_mb": round(max(t.peak_rss_mb for t in ts)),
                "tasks_s": [task_seconds(t.output) for t in ts]}

    return {"scene": section.name, "quality": quality, "video_s": _duration(our_video),
            "stock_video_s": _duration(stock_video), "stock": figures(runs["stock"]),
            "ours": figures(runs["ours"]), "ratio": round(statistics.median(ratios), 3),
            "psnr_db": _db(match.psnr), "ssim": match.ssim, "frames": match.frames}


def _db(psnr: float) -> float | str:
    """A PSNR for the JSON (which has no infinity): ``"inf"`` for identical frames."""
    return "inf" if math.isinf(psnr) else round(psnr, 2)


def _frame_sequence(frames: Sequence[Path], folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(frames):
        os.link(f, folder / f"f{i:05d}.png")
    return str(folder / "f%05d.png")


def gif_figures(base: Path) -> dict[str, Any]:
    """The cover GIF against the frames it is made from, beside Manim's own GIF."""
    from entropy_explorer.pipeline.leaves.media import compare_frames
    from entropy_explorer.pipeline.leaves.project import MANIM_ENTRY
    from entropy_explorer.pipeline.steps.cover import (
        FPS,
        HEIGHT,
        WIDTH,
        CoverOptions,
        render_frames,
    )

    box = Sandbox(base, "gif")
    out = box.root / "gif-out"
    say(f"cover GIF: entropy-explorer gif ({WIDTH}x{HEIGHT}, {FPS} fps)")
    ours = box.run(box.cli("gif", "--out-dir", str(out), "--quiet"), "gif")
    gif = out / "entropy-explorer.gif"
    say("  the reference frames (PNG, as the GIF is made from)")
    work = box.root / "gif-frames"
    opts = CoverOptions(out_dir=out, scene_file=box.root / "scenes" / "cover.py",
                        manim=MANIM_ENTRY, quiet=True)
    pattern = _frame_sequence(render_frames(opts, work), work / "seq")
    say("  manim render --format gif at the same size and frame rate")
    media = box.root / "manim-gif"
    stock = box.run([box.root / ".venv" / "bin" / "manim", "render", "-r", f"{WIDTH},{HEIGHT}",
                     "--fps", str(FPS), "--format", "gif", "--disable_caching",
                     "--media_dir", media, "cover.py", "CoverScene"],
                    "manim gif", cwd=box.root / "scenes")
    found = sorted(media.rglob("*.gif"))
    if not found:
        raise BenchError(f"manim --format gif wrote no GIF under {media}")
    result: dict[str, Any] = {"width": WIDTH, "height": HEIGHT, "fps": FPS}
    for key, path, run in (("ours", gif, ours), ("manim", found[0], stock)):
        match = compare_frames(path, pattern, reference_fps=FPS)
        result[key] = {"bytes": path.stat().st_size, "psnr_db": _db(match.psnr), "ssim": match.ssim,
                       "frames": match.frames, "wall_s": round(run.wall_s, 2)}
        say(f"  {key}: {path.stat().st_size / 1e3:.0f} kB, PSNR {match.psnr:.1f} dB, "
            f"SSIM {match.ssim:.4f}, {run.wall_s:.1f} s")
    return result


# ----------------------------------------------------------------------------- main
def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="tools/bench.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--scenes", nargs="+", metavar="SCENE", default=[],
                   help="sections to measure (number, slug...; default: every scene)")
    p.add_argument("--quality", choices=("l", "h", "both"), default="both",
                   help="quality of the whole-video and per-scene renders (default both)")
    p.add_argument("--skip", default="", metavar="STEPS",
                   help=f"comma-separated steps to leave out: {', '.join(STEPS)}")
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of the no-op make render (the median is reported; default 3)")
    p.add_argument("--stock-scene", metavar="SCENE",
                   help="scene for stock manim vs the pipeline (default: the first chosen)")
    p.add_argument("--stock-quality", choices=("l", "m", "h"), default="h",
                   help="quality of that comparison (default h)")
    p.add_argument("--stock-pairs", type=int, default=1,
                   help="stock and pipeline renders of that scene, in turn (default 1 pair)")
    p.add_argument("--farm-scene", metavar="SCENE", default="10",
                   help="the long scene rendered with one worker and with two (default 10)")
    p.add_argument("--farm-quality", choices=("l", "m", "h"), default="h",
                   help="its quality (default h)")
    p.add_argument("--touch-scene", metavar="SCENE",
                   help="scene whose file is changed for the rebuild (default: the first chosen)")
    p.add_argument("--out", type=Path, default=OUT, help="the JSON report (default build/bench.json)")
    p.add_argument("--keep", action="store_true", help="keep the sandboxes (their logs) afterwards")
    p.add_argument("--markdown", action="store_true",
                   help="print the tables of the saved report as Markdown; measure nothing")
    p.add_argument("--table", action="store_true",
                   help="print the tables of the saved report as plain text; measure nothing")
    args = p.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if unknown := args.skip - set(STEPS):
        p.error(f"--skip: unknown step(s) {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}")
    if args.repeat < 1 or args.stock_pairs < 1:
        p.error("--repeat and --stock-pairs must be at least 1")
    return args


def write_report(report: dict[str, Any], out: Path) -> None:
    """``report`` (with its targets) to ``out`` atomically."""
    report["targets"] = evaluate_targets(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)


@dataclass
class _Steps:
    """Runs each step, keeps its figures (or its one-line error) and saves the report."""

    report: dict[str, Any]
    out: Path
    failed: bool = False

    def step(self, key: tuple[str, ...], fn: Callable[..., Any], *args: Any) -> None:
        node = self.report
        for k in key[:-1]:
            node = node.setdefault(k, {})
        try:
            node[key[-1]] = fn(*args)
        except (BenchError, RuntimeError, OSError, ValueError) as exc:
            self.failed = True
            say(f"{'/'.join(key)} failed: {exc}")
            node[key[-1]] = {"error": str(exc)}
        write_report(self.report, self.out)


@contextlib.contextmanager
def _sandbox_base(keep: bool) -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="entropy-explorer-bench-"))
    try:
        yield base
    finally:
        if keep:
            say(f"sandboxes kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.markdown or args.table:
        if not args.out.exists():
            print(f"bench: no report at {args.out}; run 'make bench' first", file=sys.stderr)
            return 1
        print(format_report(json.loads(args.out.read_text(encoding="utf-8")),
                            markdown=args.markdown), end="")
        return 0

    from entropy_explorer.pipeline.leaves.scenes import UnknownSceneError, resolve_scenes
    from entropy_explorer.sections import find_section

    try:
        sections = resolve_scenes(args.scenes)
        touch = find_section(args.touch_scene) if args.touch_scene else sections[0]
        stock = find_section(args.stock_scene) if args.stock_scene else sections[0]
    except (UnknownSceneError, KeyError, IndexError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    if touch not in sections:
        print(f"bench: --touch-scene {touch.name} is not among the scenes measured", file=sys.stderr)
        return 2
    qualities = ["l", "h"] if args.quality == "both" else [args.quality]
    subset = bool(args.scenes)
    report: dict[str, Any] = {
        "meta": {"python": platform.python_version(), "machine": platform.machine(),
                 "cores": os.cpu_count(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                 "scenes": [s.name for s in sections], "qualities": qualities,
                 "skipped": sorted(args.skip), "complete": False,
                 "note": "medians of repeats within one run; compare ratios, not runs"},
    }
    steps = _Steps(report, args.out)
    wanted = [s for s in STEPS if s not in args.skip]
    say(f"measuring {', '.join(wanted)} for {len(sections)} scene(s)"
        + (f" at {', '.join(qualities)}" if {"whole", "scenes"} & set(wanted) else ""))
    with _sandbox_base(args.keep) as base:
        for q in qualities if {"whole", "scenes"} & set(wanted) else []:
            box = Sandbox(base, f"render-{q}")
            if "whole" in wanted:
                steps.step(("whole", q), whole_figures, box, q, sections, subset, touch,
                           args.repeat)
            if "scenes" in wanted:
                steps.step(("scenes", q), scene_figures, box, q, sections)
        if "farm" in wanted:
            steps.step(("farm",), farm_figures, base, find_section(args.farm_scene),
                       args.farm_quality, args.repeat)
        if "stock" in wanted:
            steps.step(("stock",), stock_figures, base, stock, args.stock_quality, args.stock_pairs)
        if "gif" in wanted:
            steps.step(("gif",), gif_figures, base)
    micro: dict[str, dict[str, float]] = {}
    if "micro" in wanted:
        say("maths micro-benchmarks")
        steps.step(("micro",), micro_figures)
    if "voice" in wanted:
        say("voice synthesis")
        steps.step(("voice",), voice_figures, micro, sections[0])
        report.setdefault("micro", {}).update(micro)
    report["meta"]["complete"] = not steps.failed
    report["meta"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    write_report(report, args.out)
    print()
    print(format_report(report), end="")
    print(f"wrote {args.out}")
    return 1 if steps.failed else 0


if __name__ == "__main__":
    sys.exit(main())
