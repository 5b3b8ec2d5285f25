"""The mix: a scene's clips placed at its subtitle cues, loudness-normalised, one track.

After Manim, :func:`mix_track` puts each clip where the scene narrated its line (the cue
Manim wrote for it starts exactly then, to the millisecond) in one 48 kHz mono track,
with short fades at every clip edge (so no clicks), and normalises it in two passes of
ffmpeg's ``loudnorm`` (measure, then a linear gain) to -16 LUFS integrated with the true
peak at most -3 dBTP (EBU R128 for online video asks for -1: ffmpeg's AAC encoder raises
the peak of this speech by up to 1.2 dB, see :data:`TARGET_TRUE_PEAK`). The track is kept
as 16-bit PCM: the section video encodes it once as AAC (``publish_video``), and the full
video's audio, :func:`full_track`, is made from these tracks rather than from the
sections' AAC.

Every file is written under a temporary name and moved into place.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from entropy_explorer.pipeline.leaves.audio import read_audio, write_wav
from entropy_explorer.pipeline.leaves.files import atomic_copy
from entropy_explorer.pipeline.leaves.media import ffmpeg, media_duration
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.speech import SceneTiming, VoiceError

__all__ = [
    "MIX_RATE",
    "MIX_RECIPE",
    "TARGET_LUFS",
    "TARGET_TRUE_PEAK",
    "Loudness",
    "full_track",
    "loudness",
    "mix_track",
    "place_clips",
]

#: The mixed track's sample rate (AAC's and Opus's usual rate).
MIX_RATE = 48_000
#: Loudness target (EBU R128 for online video): integrated LUFS, true peak dBTP, range LU.
#: The true peak leaves room for the AAC encode: with -2 dBTP in the track, sections 1 and
#: 6 and the voice fixture came out of AAC at 128 kb/s at -1.6 to -1.8 dBTP, but the
#: fixture twice over at -0.8 (the encoder's overshoot varies with what surrounds a peak);
#: with -3, at -2.3 to -2.7 and integrated loudness -16.2 to -16.3 LUFS.
TARGET_LUFS = -16.0
TARGET_TRUE_PEAK = -3.0
TARGET_LRA = 11.0
#: Fade at each clip edge (seconds): a clip that starts or ends off zero would click.
EDGE_FADE = 0.005
#: Two clips may overlap by this much (seconds) before the mix refuses them.
OVERLAP_TOLERANCE = 0.05
#: Before the loudness pass: a gentle compressor and a peak limiter. Synthetic speech peaks
#: about 20 dB above its loudness, more than the 13 dB that -16 LUFS under -3 dBTP
#: allows; measured on the voice fixture, loudnorm alone landed 1.8 LU short in one pass
#: and 1.0 LU short in two, and within 0.1 LU after this chain (on sections 1 and 6,
#: within 0.05 LU).
PRE_CHAIN = ("acompressor=threshold=-24dB:ratio=3:attack=5:release=80:makeup=4,"
             "alimiter=limit=0.6:attack=5:release=50:level=false")
#: The mix is corrected once more when the normalised track misses the target by more (LU).
LOUDNESS_TOLERANCE = 0.5
#: Changes whenever the mix changes (part of every section video's key).
MIX_RECIPE = f"mix-v3|{MIX_RATE}|{TARGET_LUFS}|{TARGET_TRUE_PEAK}|{EDGE_FADE}|{PRE_CHAIN}"


@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures of a track: integrated (LUFS), true peak (dBTP), range (LU)."""

    integrated: float
    true_peak: float
    lra: float
    threshold: float = -70.0
    offset: float = 0.0


def _loudnorm(target: float, measured: Loudness | None = None) -> str:
    base = f"loudnorm=I={target:.2f}:TP={TARGET_TRUE_PEAK}:LRA={TARGET_LRA}:print_format=json"
    if measured is None:
        return base
    return (base + f":measured_I={measured.integrated}:measured_TP={measured.true_peak}"
            f":measured_LRA={measured.lra}:measured_thresh={measured.threshold}"
            f":offset={measured.offset}:linear=true")


def _parse_loudnorm(output: str, side: str = "input") -> Loudness:
    """loudnorm's figures of its ``input`` (the measuring pass) or ``output``."""
    data = json.loads(output[output.rindex("{"): output.rindex("}") + 1])

    def num(key: str) -> float:
        return max(float(data[f"{side}_{key}"]), -99.0)  # "-inf" for silence

    return Loudness(num("i"), num("tp"), num("lra"), num("thresh"),
                    float(data.get("target_offset", 0.0)))


def loudness(path: Path, chain: str = "anull") -> Loudness:
    """EBU R128 figures of a file's first audio stream after ``chain`` (``loudnorm``'s meter)."""
    out = ffmpeg(["-i", str(path), "-map", "0:a:0", "-af", f"{chain},{_loudnorm(TARGET_LUFS)}",
                  "-f", "null", "-"], f"measuring {path.name}", loglevel="info")
    return _parse_loudnorm(out)


def _cue_starts(cues: Sequence[Cue], timing: SceneTiming) -> list[float]:
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
        samples = read_audio(timing.audio_path(clip), MIX_RATE, f"{clip.id}: {clip.path}")
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


def mix_track(timing: SceneTiming | None, cues: Sequence[Cue], seconds: float,
              out: Path) -> Loudness | None:
    """The scene's voice track, ``seconds`` long, normalised, as 16-bit WAV at ``out``.

    ``cues`` are the scene's narration cues as Manim wrote them (one per clip). ``timing``
    None (or no clips) gives a silent track, so every section has the same streams.
    Returns the loudness of the normalised track (None when silent).
    """
    if timing is None or not timing.clips:
        write_wav(out, np.zeros(int(round(seconds * MIX_RATE)), dtype=np.float32), MIX_RATE)
        return None
    samples = place_clips(timing, _cue_starts(cues, timing), seconds)
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-mix-") as work:
        placed, normalised = Path(work) / "placed.wav", Path(work) / "normalised.wav"
        write_wav(placed, samples, MIX_RATE)  # 16-bit is plenty before a gain of a few dB
        first = loudness(placed, PRE_CHAIN)  # pass 1 measures through the chain
        target, measured = TARGET_LUFS, None
        for _attempt in range(2):  # pass 2 applies it (and measures its output); once more if it missed
            out_log = ffmpeg(["-i", str(placed), "-af",
                              f"{PRE_CHAIN},{_loudnorm(target, first)},aresample={MIX_RATE}",
                              "-ar", str(MIX_RATE), "-ac", "1", "-c:a", "pcm_s16le", str(normalised)],
                             f"normalising {timing.scene}", loglevel="info")
            measured = _parse_loudnorm(out_log, "output")
            miss = TARGET_LUFS - measured.integrated
            if abs(miss) <= LOUDNESS_TOLERANCE:
                break
            target += miss  # aim off by the miss; loudnorm's limiter keeps the peak
        atomic_copy(normalised, out)
    return measured


def full_track(videos: Sequence[Path], tracks: Sequence[Path | None], dst: Path) -> float:
    """The full video's voice: each section's track at the section's start, one WAV.

    Joining voiced sections' AAC streams with the concat demuxer and ``-c copy`` drifts:
    each section brings its encoder priming and padding (measured: 37 ms late per section
    at 48 kHz, so 0.7 s by section 20). So the full video takes its picture by stream copy
    and its audio from this track, placed by the same container durations the chapters
    use, and encodes it once. ``tracks`` are the sections' normalised tracks from
    :func:`mix_track` (a decoded AAC encoded again overshoots: measured true peak
    -0.4 dBTP instead of -1.3); a section without one is silent. Returns the length (s).
    """
    parts, start = [], 0
    for video, track in zip(videos, tracks, strict=True):
        n = int(round((start / MIX_RATE + media_duration(video)) * MIX_RATE)) - start
        audio = read_audio(track, MIX_RATE)[:n] if track is not None else np.zeros(0, np.float32)
        parts.append(np.pad(audio, (0, n - len(audio))))
        start += n
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    write_wav(dst, samples, MIX_RATE)
    return len(samples) / MIX_RATE
