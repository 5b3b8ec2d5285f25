"""The voice through the build layer, on a tiny project with the stand-in Manim and the
stand-in voice (a tone per sentence): voiced section and full videos, the opt-out, a
recording that re-times its scene, and bad input.

The stand-in Manim writes one cue per clip of the timing manifest the render step hands
it (each lasting the clip's slot), as ``SectionScene.narrate`` does in a real render; the
pacing of a real scene is tested in ``test_speech.py`` (dry runs) and
``test_speech_render.py`` (slow, real Manim and the real voice).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from outputs_helpers import ffprobe
from standins.project import make_project, started
from voice_helpers import decode, ebur128, silences, speech_starts, tone_wav

from entropy_explorer import speech
from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.pipeline.steps.mix import TARGET_LUFS
from entropy_explorer.sections import SECTIONS

S1, S2 = SECTIONS[0], SECTIONS[1]


def render(project: Project, *args: str) -> int:
    return main(["render", "-q", "l", *args], project=project)


def streams(path: Path) -> list[tuple[str, str]]:
    return [(s["codec_type"], s["codec_name"]) for s in ffprobe(path)["streams"]]


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Two sections and the full video, voiced (read-only for the tests that use it)."""
    project = make_project(tmp_path_factory.mktemp("voiced"), {1: "", 2: "# standin: seconds=3"})
    assert render(project, "-j", "2") == 0
    return project


# ----------------------------------------------------------------------- voiced videos
@pytest.mark.parametrize("which", ["01-information", "02-axioms", "full"])
def test_videos_carry_one_aac_track_at_the_target_loudness(voiced: Project, which: str) -> None:
    path = (voiced.build_dir / "entropy-explorer-full.mp4" if which == "full"
            else voiced.video_dir / f"{which}.mp4")
    kinds = streams(path)
    assert kinds[:2] == [("video", "h264"), ("audio", "aac")]
    assert [k for k in kinds if k[0] == "audio"] == [("audio", "aac")]
    ebu = ebur128(path)
    assert abs(ebu.integrated - TARGET_LUFS) <= 1.0, ebu
    assert ebu.true_peak < -1.0, ebu


def test_each_cue_starts_within_a_third_of_a_second_of_its_speech(voiced: Project) -> None:
    """In each section and in the full video (sections joined: the audio must not drift)."""
    full = speech_starts(decode(voiced.build_dir / "entropy-explorer-full.mp4"))
    offset, count = 0.0, 0
    for section in (S1, S2):
        video = voiced.section_video(section)
        cues = read_cues(voiced.narration(section))
        timing = speech.load_timing(voiced.voice_timing(section))
        assert timing is not None and len(cues) == len(timing.clips) == 2
        starts = speech_starts(decode(video))
        assert len(starts) == len(cues)  # one burst of sound per line, nothing else
        for cue, start in zip(cues, starts, strict=True):
            assert abs(start - cue.start) <= 0.3, (cue, start)
            assert abs(full[count] - (offset + cue.start)) <= 0.3, (cue, full[count] - offset)
            count += 1
        offset += float(ffprobe(video)["format"]["duration"])
    assert count == len(full)


def test_the_voice_sounds_where_each_line_is_said_and_nowhere_else(voiced: Project) -> None:
    video = voiced.section_video(S1)
    cues = read_cues(voiced.narration(S1))
    timing = speech.load_timing(voiced.voice_timing(S1))
    assert timing is not None
    quiet = silences(video, noise_db=-40.0, min_seconds=0.2)
    for cue, clip in zip(cues, timing.clips, strict=True):
        for a, b in quiet:
            assert min(b, cue.start + clip.seconds) - max(a, cue.start) < 0.1, (clip.id, a, b)
    assert quiet[0][0] == pytest.approx(0.0, abs=0.01) and quiet[0][1] >= cues[0].start - 0.01


def test_the_full_video_copies_the_pictures_and_keeps_every_section_track(voiced: Project) -> None:
    assert (voiced.state_dir / "voice" / "01-information.wav").exists()
    stamp = json.loads((voiced.state_dir / "stamps" / "scene-01-information-l.json").read_text())
    assert str(voiced.kept(voiced.voice_track(S1), "480p15")) in stamp["outputs"]
    full = ffprobe(voiced.build_dir / "entropy-explorer-full.mp4")
    audio = [s for s in full["streams"] if s["codec_type"] == "audio"]
    parts = sum(float(ffprobe(voiced.section_video(s))["format"]["duration"]) for s in (S1, S2))
    assert float(audio[0]["duration"]) == pytest.approx(parts, abs=0.05)


# ----------------------------------------------------------------------------- opt-out
def test_voice_none_renders_silent_videos_and_no_clips(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    assert render(project, "--voice", "none") == 0
    assert "silent (voice none)" in capsys.readouterr().out
    assert streams(project.section_video(S1)) == [("video", "h264")]
    assert not project.voice_dir.exists() and not project.voice_track(S1).exists()
    # the stand-in got no timing manifest: its cues are its own (reading pace), not clips
    assert [c.start for c in read_cues(project.narration(S1))] == [0.2, 1.0]
    # the voice on again: a new render, now voiced
    runs = len(started(project))
    assert render(project) == 0
    assert len(started(project)) == runs + 1
    assert [k for k, _ in streams(project.section_video(S1))] == ["video", "audio"]


@pytest.mark.parametrize("verb", ["render", "slides", "web"])
def test_make_passes_voice_none_on(verb: str) -> None:
    def command(*extra: str) -> str:
        out = subprocess.run(["make", "-n", verb, *extra], cwd=Path(__file__).resolve().parents[1],
                             capture_output=True, text=True, check=True).stdout
        return next(line for line in out.splitlines() if f"entropy-explorer {verb}" in line)

    assert "--voice none" in command("VOICE=none")
    assert "--voice" not in command()


# -------------------------------------------------------------------------- recordings
def test_a_recording_replaces_its_clip_and_re_times_only_its_scene(tmp_path: Path) -> None:
    project = make_project(tmp_path, {1: "", 2: ""})
    assert render(project) == 0
    before = speech.load_timing(project.voice_timing(S1))
    other = project.section_video(S2).read_bytes()
    runs = len(started(project))
    tone_wav(speech.recording_path("01-information.01", project.recordings_dir), 2.5)
    assert render(project) == 0
    assert [name for _, name in started(project)[runs:]] == ["s01_information.py"]
    after = speech.load_timing(project.voice_timing(S1))
    assert before is not None and after is not None
    assert (after.clips[0].source, after.clips[1].source) == ("recorded", "synthetic")
    assert after.clips[0].seconds == pytest.approx(2.6, abs=0.02)  # 2.5 s and the margins
    cues = read_cues(project.narration(S1))
    assert cues[1].start - cues[0].start == pytest.approx(after.clips[0].slot, abs=0.002)
    assert cues[1].start > cues[0].start + before.clips[0].slot + 1.0
    assert project.section_video(S2).read_bytes() == other


@pytest.mark.parametrize(("bad", "message"), [
    ("unreadable", r"01-information\.01: .*/01\.wav: not a readable audio file"),
    ("slow", r"01-information\.01: .*/01\.wav: sample rate 8000 Hz is too low"),
    ("long", r"01-information\.01: .*/01\.wav: the recording lasts 30\.0 s, far longer"),
    ("unspeakable", r"01-information\.01: the voice cannot say '∇' \(U\+2207 NABLA\)"),
])
def test_bad_voice_input_is_one_line_and_loses_nothing(tmp_path: Path, bad: str, message: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    assert render(project) == 0
    kept = {p: p.read_bytes() for p in [*project.video_dir.iterdir(), project.voice_timing(S1)]}
    recording = speech.recording_path("01-information.01", project.recordings_dir)
    recording.parent.mkdir(parents=True)
    if bad == "unreadable":
        recording.write_bytes(b"RIFF....WAVEjunk")
    elif bad == "slow":
        tone_wav(recording, 1.0, rate=8_000)
    elif bad == "long":
        tone_wav(recording, 30.0, rate=16_000, pad=0.0)
    else:
        scene = project.scene_path(S1)
        scene.write_text(scene.read_text().replace("Hello from the stand-in.", "The ∇ of Q."))
    runs = len(started(project))
    capsys.readouterr()
    assert render(project) == 1
    out, err = capsys.readouterr()
    [line] = [x for x in out.splitlines() if x.startswith("  01-information.01")]
    assert re.search(message, line), line
    assert "Traceback" not in out + err and len(started(project)) == runs
    assert {p: p.read_bytes() for p in kept} == kept
    leftovers = [p for p in [*project.build_dir.rglob("*"), *project.voice_dir.rglob("*")]
                 if ".tmp-" in p.name and (project.state_dir / "tmp") not in p.parents]
    assert leftovers == []


def test_a_missing_voice_file_stops_before_anything_runs(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {1: ""})
    missing = tmp_path / "voices" / "en_GB-nobody.onnx"
    assert render(project, "--voice", str(missing)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"voice file not found: {missing} (voice set by --voice)" in err
    assert not project.build_dir.exists() and started(project) == []
