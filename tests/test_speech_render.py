"""The voice end to end on a tiny narrated scene (slow): pre-pass, Manim at -ql, mix, join.

The fixture scene (``tests/fixtures/voice_scene.py``) is spoken by the real voice, paced
by its clips through the timing manifest (``SectionScene.narrate``), rendered by Manim in
its own process by the render step, mixed and published as the scene task does.
The checks are the issue's: one AAC stream, integrated loudness within 1 LU of -16 LUFS,
sound wherever a line is spoken, every subtitle cue within 0.3 s of its clip's start; and
two voiced sections joined without re-encoding keep their speech in place.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from fixtures.voice_scene import LINES, SCENE, VoiceFixtureScene
from outputs_helpers import ffprobe
from voice_helpers import decode, ebur128, onset_after, silences

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves.audio import AAC_ARGS
from entropy_explorer.pipeline.leaves.media import media_duration
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, MANIM_ENTRY
from entropy_explorer.pipeline.leaves.scenes import QUALITIES
from entropy_explorer.pipeline.steps import mix
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.pipeline.steps.render import RenderJob, publish_video, render
from entropy_explorer.pipeline.steps.voice import prepare_scene
from entropy_explorer.quality.numbers import narration_lines
from entropy_explorer.sections import Section

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "voice_scene.py"


#: The fixture scene as a section of a project in a temporary folder (the render step
#: finds Manim's video by the scene file's name).
FIXTURE_SECTION = Section(99, "voice-fixture", "", "Voice fixture", "VoiceFixtureScene")


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    work = tmp_path_factory.mktemp("voice")
    scene_file = work / "scenes" / f"{FIXTURE_SECTION.module}.py"
    scene_file.parent.mkdir()
    shutil.copyfile(FIXTURE, scene_file)
    shutil.copyfile(DEFAULT_PROJECT.scenes_dir / "manim.cfg", scene_file.parent / "manim.cfg")
    lines = narration_lines(VoiceFixtureScene)
    timing, stats = prepare_scene(SCENE, lines, speech.voice_setting("default", env={}),
                                  directory=work / "cache", recordings=work / "rec")
    job = RenderJob(FIXTURE_SECTION, QUALITIES["l"], scene_file, work / "media",
                    voice_timing=speech.timing_path(SCENE, work / "cache"))
    made = render(job, MANIM_ENTRY, work / "render.log").video
    cues = read_cues(made.with_suffix(".srt"))
    track, out = work / "voiced.wav", work / "voiced.mp4"
    loud = mix.mix_track(timing, cues, media_duration(made), track)
    publish_video(made, out, audio=track)
    return SimpleNamespace(work=work, lines=lines, timing=timing, stats=stats, video=made,
                           out=out, track=track, cues=cues, loud=loud)


def test_the_pre_pass_finds_the_scenes_lines_and_times_them(voiced):
    assert voiced.lines == list(LINES)
    assert voiced.stats.synthesised == len(LINES)
    assert [c.id for c in voiced.timing.clips] == [f"{SCENE}.01", f"{SCENE}.02", f"{SCENE}.03"]
    # the scene waited for each clip: each cue lasts its clip plus the pause (Manim's srt)
    for cue, clip in zip(voiced.cues, voiced.timing.clips, strict=True):
        assert cue.duration == pytest.approx(clip.slot, abs=0.002)
    # the third line has two sentences, and the engine timed both
    assert len(voiced.timing.clips[2].sentences) == 2


def test_the_voiced_video_has_one_aac_track_at_the_target_loudness(voiced):
    streams = ffprobe(voiced.out)["streams"]
    assert [(s["codec_type"], s["codec_name"]) for s in streams] == [("video", "h264"), ("audio", "aac")]
    ebu = ebur128(voiced.out)
    assert abs(ebu.integrated - mix.TARGET_LUFS) <= 1.0, ebu
    assert ebu.true_peak < -1.0, ebu
    assert abs(media_duration(voiced.out) - media_duration(voiced.video)) < 0.05


def test_there_is_sound_wherever_a_line_is_spoken(voiced):
    quiet = silences(voiced.out, noise_db=-40.0, min_seconds=0.6)
    for clip, cue in zip(voiced.timing.clips, voiced.cues, strict=True):
        start, end = cue.start, cue.start + clip.seconds
        for a, b in quiet:
            overlap = min(b, end) - max(a, start)
            assert overlap < 0.3, f"{clip.id} is silent from {max(a, start):.2f} to {min(b, end):.2f} s"
    # and silent before the first line and after the last
    assert quiet[0][0] == pytest.approx(0.0, abs=0.01) and quiet[0][1] >= voiced.cues[0].start - 0.01


def test_each_cue_starts_within_a_third_of_a_second_of_its_speech(voiced):
    samples = decode(voiced.out)
    for cue, clip in zip(voiced.cues, voiced.timing.clips, strict=True):
        onset = onset_after(samples, cue.start - 0.3)
        assert abs(onset - cue.start) <= 0.3, f"{clip.id}: cue at {cue.start}, speech at {onset:.3f}"


def _join(voiced, joined: Path, *, audio_from: Path | None) -> None:
    listing = voiced.work / "list.txt"
    listing.write_text(f"file '{voiced.out}'\nfile '{voiced.out}'\n")
    args = ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
    if audio_from is None:  # both streams by copy: the AAC priming of each section piles up
        args += ["-map", "0:v", "-map", "0:a", "-c", "copy"]
    else:  # picture by copy, audio from one continuous track encoded once
        args += ["-i", str(audio_from), "-map", "0:v", "-map", "1:a", "-c:v", "copy", *AAC_ARGS]
    subprocess.run([*args, str(joined)], check=True)


def _drift(voiced, joined: Path) -> list[float]:
    """How much later each line starts in the second section than one section-length on."""
    samples, section = decode(joined), media_duration(voiced.out)
    return [onset_after(samples, section + c.start - 0.3) - onset_after(samples, c.start - 0.3)
            - section for c in voiced.cues]


def test_joined_sections_keep_their_speech_in_place_without_re_encoding_the_picture(voiced):
    """Two voiced sections joined as the full video is (concat demuxer, picture copied):
    with the audio copied too each section's AAC priming delays the next (so the check
    can fail); with :func:`full_track` the speech stays in place."""
    copied = voiced.work / "joined-copy.mp4"
    _join(voiced, copied, audio_from=None)
    assert min(_drift(voiced, copied)) > 0.02
    track = voiced.work / "full.wav"
    length = mix.full_track([voiced.out, voiced.out], [voiced.track] * 2, track)
    joined = voiced.work / "joined.mp4"
    _join(voiced, joined, audio_from=track)
    assert max(abs(d) for d in _drift(voiced, joined)) < 0.005
    streams = {s["codec_type"]: s for s in ffprobe(joined)["streams"]}
    assert float(streams["audio"]["duration"]) == pytest.approx(length, abs=0.03)
    assert float(streams["video"]["duration"]) == pytest.approx(length, abs=0.1)
    ebu = ebur128(joined)
    assert abs(ebu.integrated - mix.TARGET_LUFS) <= 1.0 and ebu.true_peak < -1.0, ebu
