"""The voice of one scene: a clip per narration line, and the scene's timing manifest.

:func:`prepare_scene` runs before Manim: for each narration line (from the scene's dry
run) it makes a clip with the speech engine, or takes the author's recording with the
same id, caches it under the clip's cache key (``media/voice/clips/KEY.wav``, so a
re-render synthesises nothing) and writes the scene's timing manifest
(``media/voice/SCENE.json``), which ``SectionScene.narrate`` follows through
:func:`entropy_explorer.speech.narration_seconds`. :func:`write_script` writes the cue
sheet for recording your own voice.

Every file is written under a temporary name and moved into place. Bad input (a missing
voice file, an unreadable, too slow or too long recording, text the engine cannot say)
raises :class:`~entropy_explorer.speech.VoiceError` naming the clip id and the file, and
leaves the last good manifest as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves.audio import probe_audio, read_audio, wav_seconds, write_wav
from entropy_explorer.pipeline.leaves.files import atomic_write_text
from entropy_explorer.pipeline.leaves.media import MediaError
from entropy_explorer.pipeline.leaves.tts import load_voice, sentences
from entropy_explorer.speech import Clip, SceneTiming, VoiceError, VoiceSetting

__all__ = [
    "CLIP_RATE",
    "MAX_RECORDING_RATIO",
    "MAX_RECORDING_SLACK",
    "MIN_RECORDING_RATE",
    "TRIM_MARGIN",
    "Loader",
    "SynthesisStats",
    "prepare_scene",
    "synthesize_lines",
    "synthesize_text",
    "write_script",
]

#: The rate recordings are stored at after trimming (the mix's rate; any input rate >=
#: :data:`MIN_RECORDING_RATE` is resampled).
CLIP_RATE = 48_000
#: Silence between the sentences of one clip (seconds).
SENTENCE_PAUSE = 0.2
#: A synthetic clip's peak (the mix's loudness pass sets the final level).
CLIP_PEAK = 0.9
#: Lowest sample rate accepted for a recording (below: a telephone line or a wrong file).
MIN_RECORDING_RATE = 16_000
#: A recording longer than this many times its synthetic line, plus the slack, is refused.
MAX_RECORDING_RATIO = 2.0
MAX_RECORDING_SLACK = 3.0
#: Recordings are trimmed to where the speech is (level above this, dBFS), keeping a margin.
TRIM_THRESHOLD_DB = -45.0
TRIM_MARGIN = 0.05

#: Loads the speech engine for a voice setting (the tests pass a stand-in).
Loader = Callable[[VoiceSetting], Any]


# ------------------------------------------------------------------------ synthesis
def synthesize_text(voice: Any, text: str, rate: float, cid: str = "") -> tuple[np.ndarray, list[float], int]:
    """Speak ``text`` (already in spoken form): samples, sentence starts (s), sample rate.

    The sentences are joined with :data:`SENTENCE_PAUSE` of silence and the whole line is
    scaled to a peak of :data:`CLIP_PEAK`.
    """
    bad = speech.unspeakable_characters(text)
    if bad:
        raise VoiceError(f"{cid}: the voice cannot say {speech.describe_characters(bad)} in "
                         f"{text!r}; write it in words")
    parts: list[np.ndarray] = []
    starts: list[float] = []
    sample_rate, n = 22_050, 0
    for samples, sample_rate in sentences(voice, text, rate):
        if parts:
            pause = np.zeros(int(round(SENTENCE_PAUSE * sample_rate)), dtype=np.float32)
            parts.append(pause)
            n += len(pause)
        starts.append(n / sample_rate)
        parts.append(samples)
        n += len(samples)
    audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak < 1e-3:
        raise VoiceError(f"{cid}: the voice produced no sound for {text!r}; write it in words")
    return audio * (CLIP_PEAK / peak), starts, sample_rate


def _synthesize_to(voice: Any, rate: float, cid: str, spoken: str, dst: str) -> float:
    """Synthesise one clip to its cache file and sidecar; its length in seconds."""
    audio, starts, sample_rate = synthesize_text(voice, spoken, rate, cid)
    write_wav(Path(dst), audio, sample_rate)
    seconds = len(audio) / sample_rate
    atomic_write_text(Path(dst).with_suffix(".json"),
                      json.dumps({"seconds": seconds, "sentences": starts}))
    return seconds


@dataclass
class SynthesisStats:
    """What one :func:`synthesize_lines` call did (for the bench and progress lines)."""

    synthesised: int = 0
    cached: int = 0
    speech_seconds: float = 0.0
    compute_seconds: float = 0.0

    @property
    def speed(self) -> float:
        """Seconds of speech per second of compute (0 when nothing was synthesised)."""
        return self.speech_seconds / self.compute_seconds if self.compute_seconds else 0.0


def synthesize_lines(tasks: Sequence[tuple[str, str, Path]], setting: VoiceSetting, *,
                     load: Loader | None = None) -> SynthesisStats:
    """Make every ``(clip id, spoken text, cache file)`` whose file is missing, in this
    process (onnxruntime uses the cores; renders run beside it in a build).

    The engine is loaded only when some clip is missing.
    """
    stats = SynthesisStats()
    todo = [(cid, spoken, str(dst)) for cid, spoken, dst in tasks
            if not (dst.exists() and dst.with_suffix(".json").exists())]
    stats.cached = len(tasks) - len(todo)
    if not todo:
        return stats
    start = time.perf_counter()
    voice = (load or load_voice)(setting)
    lengths = [_synthesize_to(voice, setting.rate, *t) for t in todo]
    stats.compute_seconds = time.perf_counter() - start
    stats.synthesised = len(lengths)
    stats.speech_seconds = sum(lengths)
    return stats


# ------------------------------------------------------------------------ recordings
def _trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` from just before the first to just after the last sound above the threshold."""
    loud = np.nonzero(np.abs(samples) > 10 ** (TRIM_THRESHOLD_DB / 20))[0]
    if not len(loud):
        return samples[:0]
    margin = int(TRIM_MARGIN * rate)
    return samples[max(0, loud[0] - margin): loud[-1] + margin + 1]


def _prepare_recording(cid: str, path: Path, synthetic_seconds: float, cache: Path) -> tuple[Path, float]:
    """Check, trim and resample a recording (cached by its content); its file and length."""
    where = f"{cid}: {path}"
    try:
        rate, _channels, _seconds = probe_audio(path, where)
        if rate < MIN_RECORDING_RATE:
            raise VoiceError(f"{where}: sample rate {rate} Hz is too low (at least "
                             f"{MIN_RECORDING_RATE} Hz; record at 44100 or 48000 Hz)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        dst = cache / f"rec-{digest}.wav"
        if not dst.exists():
            samples = _trim(read_audio(path, CLIP_RATE, where), CLIP_RATE)
            if len(samples) < 0.1 * CLIP_RATE:
                raise VoiceError(f"{where}: the recording is silent (nothing above "
                                 f"{TRIM_THRESHOLD_DB:.0f} dBFS)")
            write_wav(dst, samples, CLIP_RATE)
    except MediaError as exc:
        raise VoiceError(str(exc)) from None
    seconds = wav_seconds(dst)
    limit = MAX_RECORDING_RATIO * synthetic_seconds + MAX_RECORDING_SLACK
    if seconds > limit:
        raise VoiceError(f"{where}: the recording lasts {seconds:.1f} s, far longer than its "
                         f"line ({synthetic_seconds:.1f} s synthesised; at most {limit:.1f} s): "
                         "is it the right take, trimmed?")
    return dst, seconds


# --------------------------------------------------------------------- the pre-pass
def prepare_scene(scene: str, lines: Sequence[str], setting: VoiceSetting, *, directory: Path,
                  recordings: Path,
                  load: Loader | None = None) -> tuple[SceneTiming, SynthesisStats]:
    """Clips for ``scene``'s narration ``lines`` and its timing manifest (written atomically).

    Synthetic clips are always made (their length goes on the cue sheet and bounds a
    recording); a recording ``recordings/SCENE/NN.wav`` replaces one in the manifest.
    """
    if not setting.enabled:
        raise VoiceError("the voice is 'none': nothing to synthesise")
    clips_dir = directory / "clips"
    voice_id, engine = setting.identity(), speech.engine_identity()
    tasks = []
    for i, text in enumerate(lines, start=1):
        cid = speech.clip_id(scene, i)
        key = speech.cache_key(text, voice_id, engine, setting.rate)
        tasks.append((cid, speech.spoken_text(text), clips_dir / f"{key}.wav"))
    stats = synthesize_lines(tasks, setting, load=load)
    clips = []
    for text, (cid, _spoken, wav) in zip(lines, tasks, strict=True):
        side = json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))
        seconds, starts = float(side["seconds"]), tuple(side["sentences"])
        clip = Clip(cid, text, wav.stem, seconds, os.path.relpath(wav, directory),
                    "synthetic", seconds, starts)
        rec = speech.recording_path(cid, recordings)
        if rec.exists():
            audio, rec_seconds = _prepare_recording(cid, rec, seconds, clips_dir)
            clip = Clip(cid, text, wav.stem, rec_seconds, os.path.relpath(audio, directory),
                        "recorded", seconds, (0.0,))
        clips.append(clip)
    timing = SceneTiming(scene, setting.name, setting.rate, tuple(clips), directory)
    atomic_write_text(speech.timing_path(scene, directory), timing.to_json())
    return timing, stats


# ------------------------------------------------------------------------ cue sheet
def write_script(timings: Sequence[SceneTiming], out_dir: Path, recordings: Path,
                 root: Path) -> tuple[Path, Path]:
    """The cue sheet for recording your own voice: ``script.tsv`` and ``script.md``.

    One line per clip: id, synthesised length, whether a recording replaces it, the file
    to record to (relative to ``root`` when inside it), and the text. The scenes'
    recording folders are created.
    """
    rows = ["id\tseconds\tsource\trecording\ttext"]
    md = ["# Voice script", "",
          "Record each line as a WAV file (mono or stereo, 44.1 or 48 kHz) at the path given;",
          "silence before and after is trimmed. A recording replaces the synthetic clip with",
          "the same id on the next render, and the scene re-times to it. Ids follow the order",
          "of the scene's lines: after adding or removing a line, run this again and move",
          "the recordings that shifted.", ""]
    for timing in timings:
        md += [f"## {timing.scene}", "", "| id | seconds | recording | text |",
               "| --- | --- | --- | --- |"]
        (recordings / timing.scene).mkdir(parents=True, exist_ok=True)
        for c in timing.clips:
            rec = speech.recording_path(c.id, recordings)
            shown = os.path.relpath(rec, root) if rec.is_relative_to(root) else str(rec)
            status = f"recorded ({c.seconds:.1f} s)" if c.source == "recorded" else "to record"
            text = " ".join(c.text.split())
            rows.append(f"{c.id}\t{c.synthetic_seconds:.2f}\t{c.source}\t{shown}\t{text}")
            md.append(f"| {c.id} | {c.synthetic_seconds:.1f} | `{shown}` {status} | "
                      f"{text.replace('|', chr(92) + '|')} |")
        md.append("")
    tsv, mdp = out_dir / "script.tsv", out_dir / "script.md"
    atomic_write_text(tsv, "\n".join(rows) + "\n")
    atomic_write_text(mdp, "\n".join(md))
    return tsv, mdp
