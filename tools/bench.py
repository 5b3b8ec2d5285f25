"""Benchmarks: `make bench` writes build/bench.json and prints a table.

Each figure is the median of several repeats measured in this one run (the machines are
noisy: compare ratios within a run, not absolute times across runs).
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench.json"


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


def main() -> int:
    from entropy_explorer import infotheory as it
    from entropy_explorer.examples import BIMODAL_TEACHER, MOVIE_REVIEW_P, MOVIE_REVIEW_Q
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES, inputs_fingerprint
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

    from entropy_explorer.quality.runner import run_scene

    if sections:
        first = sections[0]
        results[f"scene_dry_run.{first.name}"] = measure(lambda: run_scene(first), repeat=3)

    figures = voice_figures(results, sections[0] if sections else None)

    report = {
        "figures": figures,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "note": "medians of repeats within one run; compare ratios, not runs",
        "results": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    width = max(len(k) for k in results)
    for name, r in results.items():
        print(f"{name:<{width}}  median {r['median_s'] * 1e3:10.3f} ms  "
              f"(min {r['min_s'] * 1e3:.3f}, max {r['max_s'] * 1e3:.3f}, n={r['repeat']})")
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
