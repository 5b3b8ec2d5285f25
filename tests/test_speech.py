"""The voice: clip ids and cache keys, the voice setting, the spoken form, the synthesis
cache, recordings, bad input and the mix (fast; the stand-in voice where the engine is not
the point, the real Piper voice where it is)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from outputs_helpers import ffprobe, make_video
from standins.voice import StandinVoice
from voice_helpers import decode, ebur128, onset_after, tone_wav

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves import audio, tts
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.pipeline.steps import mix
from entropy_explorer.pipeline.steps import voice as step
from entropy_explorer.pipeline.steps.render import publish_video
from entropy_explorer.speech import VoiceError, VoiceSetting


# ----------------------------------------------------------------------------- helpers
@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    monkeypatch.delenv(speech.ENV_TIMING, raising=False)
    monkeypatch.delenv(speech.ENV_VOICE, raising=False)
    return SimpleNamespace(cache=tmp_path / "voice", recs=tmp_path / "recordings", tmp=tmp_path)


BUNDLED = VoiceSetting("bundled")


def fake_prepare(lines, dirs, voice=None, setting=BUNDLED):
    voice = voice or StandinVoice()
    loads = []

    def load(s):
        loads.append(s)
        return voice

    timing, stats = step.prepare_scene("99-test", lines, setting, directory=dirs.cache,
                                       recordings=dirs.recs, load=load)
    return timing, stats, voice, loads


LINES = ["Entropy is the expected information.", "H(P,Q) - H(P) is D(P||Q). It is never negative."]


# ------------------------------------------------------------------------- identities
def test_clip_ids_number_lines_from_one_with_two_digits():
    assert speech.clip_id("07-entropy", 3) == "07-entropy.03"
    assert speech.clip_id("07-entropy", 12) == "07-entropy.12"
    assert speech.recording_path("07-entropy.03", Path("r")) == Path("r/07-entropy/03.wav")
    with pytest.raises(ValueError):
        speech.clip_id("07-entropy", 0)
    with pytest.raises(ValueError):
        speech.clip_id("a/b", 1)


def test_cache_key_changes_with_each_ingredient_and_only_with_them():
    base = ("Entropy is the expected information.", "voice-a", "piper==1", 1.0)
    key = speech.cache_key(*base)
    assert speech.cache_key(*base) == key
    # whitespace does not change what is said
    assert speech.cache_key("Entropy  is the expected\ninformation.", *base[1:]) == key
    for i, other in enumerate(["Entropy is expected information.", "voice-b", "piper==2", 1.1]):
        changed = list(base)
        changed[i] = other
        assert speech.cache_key(*changed) != key, f"ingredient {i} is not in the key"


# ---------------------------------------------------------------------- voice setting
def test_voice_setting_precedence_flag_env_cfg_default(tmp_path: Path):
    cfg = tmp_path / "manim.cfg"
    cfg.write_text("[CLI]\nseed = 1\n[entropy-explorer]\nvoice = none ; silent videos\nvoice_rate = 1.25\n")
    assert speech.voice_setting(env={}, cfg=tmp_path / "missing.cfg").kind == "bundled"
    from_cfg = speech.voice_setting(env={}, cfg=cfg)
    assert (from_cfg.kind, from_cfg.rate) == ("none", 1.25)
    assert "manim.cfg" in from_cfg.source
    from_env = speech.voice_setting(env={speech.ENV_VOICE: "default", speech.ENV_RATE: "0.9"}, cfg=cfg)
    assert (from_env.kind, from_env.rate, from_env.source) == ("bundled", 0.9, speech.ENV_VOICE)
    from_flag = speech.voice_setting("none", env={speech.ENV_VOICE: "default"}, cfg=cfg)
    assert (from_flag.kind, from_flag.source, from_flag.enabled) == ("none", "--voice", False)


def test_a_voice_file_needs_its_json_and_a_missing_one_is_named(tmp_path: Path):
    model = tmp_path / "en_GB-test.onnx"
    with pytest.raises(VoiceError, match=r"voice file not found: .*en_GB-test\.onnx .*--voice"):
        speech.voice_setting(str(model), env={})
    model.write_bytes(b"not a model")
    with pytest.raises(VoiceError, match=r"en_GB-test\.onnx\.json"):
        speech.voice_setting(str(model), env={})
    model.with_name(model.name + ".json").write_text("{}")
    s = speech.voice_setting(str(model), env={})
    assert (s.kind, s.name) == ("file", "en_GB-test")
    with pytest.raises(VoiceError, match="not 'none', 'default'"):
        speech.voice_setting(str(tmp_path / "voice.bin"), env={})
    with pytest.raises(VoiceError, match="between 0.5 and 2"):
        speech.voice_setting("none", rate="3", env={})


def test_a_broken_voice_file_fails_to_load_naming_it(tmp_path: Path):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"\x00" * 64)
    model.with_name("broken.onnx.json").write_text(tts.voice_files(BUNDLED)[1].read_text())
    with pytest.raises(VoiceError, match=r"cannot load voice .*broken\.onnx"):
        tts.load_voice(speech.voice_setting(str(model), env={}))


def test_voice_identity_of_a_file_follows_its_content(tmp_path: Path):
    model = tmp_path / "v.onnx"
    model.write_bytes(b"one")
    model.with_name("v.onnx.json").write_text("{}")
    first = speech.voice_setting(str(model), env={}).identity()
    model.write_bytes(b"two")
    os.utime(model, ns=(1, 1))
    assert speech.voice_setting(str(model), env={}).identity() != first


# ------------------------------------------------------------------------ spoken form
@pytest.mark.parametrize(("written", "spoken"), [
    ("D(P||Q)", "D of P from Q"),
    ("D_KL(P||Q) differs from D_KL(Q||P).", "D K L of P from Q differs from D K L of Q from P."),
    ("the cross-entropy H(P,Q)", "the cross-entropy H of P and Q"),
    ("H(P,Q) - H(P)", "H of P and Q minus H of P"),
    ("I(p) decreases as p grows.", "I of p decreases as p grows."),
    ("E, X ~ p and -log2 p(X): expectation", "E, X drawn from p and minus log two p of X: expectation"),
    ("Each yes/no question", "Each yes or no question"),
    ("one in 1/8 of cases", "one in 1 over 8 of cases"),
    ("a − b, and −3", "a minus b, and -3"),
    ("log_b p", "log base b p"),
    ("When people write “The movie was”", 'When people write "The movie was"'),
])
def test_spoken_form_of_notation(written: str, spoken: str):
    assert speech.spoken_text(written) == spoken


def test_prose_is_said_as_written():
    prose = ("Minus log two of a thousandth is about 9.97 bits. Cross-entropy is your "
             "average surprise when reality follows P; it's over-optimistic, one-in-a-thousand.")
    assert speech.spoken_text(prose) == prose
    assert speech.spoken_text("  two\n lines ") == "two lines"


def test_the_engine_says_the_spoken_form_where_it_drops_the_written_one():
    """Phonemes from the real voice: the written form loses 'minus' and 'of'; ours keeps them."""
    voice = tts.load_voice(VoiceSetting("bundled"))

    def phonemes(text: str) -> str:
        return " ".join("".join(s) for s in voice.phonemize(text))

    written = "H(P,Q) - H(P)"
    assert "mˈaɪnəs" not in phonemes(written) and "ʌv" not in phonemes(written)
    said = phonemes(speech.spoken_text(written))
    assert said.count("mˈaɪnəs") == 1 and said.count("ʌv") == 2
    assert "slˈæʃ" in phonemes("yes/no") and "slˈæʃ" not in phonemes(speech.spoken_text("yes/no"))


def test_unspeakable_characters_are_reported():
    assert speech.unspeakable_characters("H(P,Q) ≈ 2.24 bits, θ → ∞, 10% of é") == []
    assert speech.unspeakable_characters("∇ of Q, 你好 🙂") == ["∇", "你", "好", "🙂"]


# ------------------------------------------------------------------ reading the timing
def test_narration_seconds_falls_back_to_reading_time(dirs):
    text = "Entropy is the expected information."
    assert speech.narration_seconds("99-test", 1, text, {}, dirs.cache) == speech.reading_time(text)
    assert speech.clip_slot("99-test", 1, text, {speech.ENV_VOICE: "none"}, dirs.cache) is None
    assert speech.reading_time("one two three four five") == pytest.approx(5 / 2.5 + 0.5)


def test_narration_seconds_follows_the_manifest(dirs):
    timing, *_ = fake_prepare(LINES, dirs)
    clip = timing.clips[1]
    assert speech.narration_seconds("99-test", 2, LINES[1], {}, dirs.cache) == \
        pytest.approx(clip.seconds + speech.LINE_PAUSE)
    assert speech.clip_slot("99-test", 2, LINES[1], {speech.ENV_VOICE: "none"}, dirs.cache) is None
    strict = {speech.ENV_TIMING: str(speech.timing_path("99-test", dirs.cache))}
    assert speech.narration_seconds("99-test", 2, LINES[1], strict) == pytest.approx(clip.slot)
    with pytest.raises(VoiceError, match=r"99-test\.02: the timing manifest is for"):
        speech.narration_seconds("99-test", 2, "Another line.", strict)
    with pytest.raises(VoiceError, match=r"99-test\.03: no clip"):
        speech.narration_seconds("99-test", 3, "A third line.", strict)
    # without the strict handoff a changed line falls back to the reading time
    assert speech.narration_seconds("99-test", 2, "Another line.", {}, dirs.cache) == \
        speech.reading_time("Another line.")


# ---------------------------------------------------------------------- the cache
def test_a_cache_hit_synthesises_nothing_and_loads_no_voice(dirs):
    timing, stats, voice, loads = fake_prepare(LINES, dirs)
    assert (stats.synthesised, stats.cached, len(loads)) == (2, 0, 1)
    assert voice.calls == [speech.spoken_text(t) for t in LINES]
    # lengths: the fake speaks 0.05 s per character, sentences joined by the pause
    first = len("Entropy is the expected information.") * 0.05
    assert timing.clips[0].seconds == pytest.approx(first, abs=1e-3)
    assert timing.clips[1].sentences[1] > 0
    again, stats2, voice2, loads2 = fake_prepare(LINES, dirs)
    assert (stats2.synthesised, stats2.cached, loads2, voice2.calls) == (0, 2, [], [])
    assert again.clips == timing.clips
    # one changed line: only it is made again
    _, stats3, voice3, _ = fake_prepare([LINES[0], "A new second line."], dirs)
    assert (stats3.synthesised, voice3.calls) == (1, ["A new second line."])


def test_the_rate_is_part_of_the_key(dirs):
    t1, *_ = fake_prepare(LINES[:1], dirs)
    t2, stats, *_ = fake_prepare(LINES[:1], dirs, setting=VoiceSetting("bundled", rate=1.2))
    assert stats.synthesised == 1 and t1.clips[0].key != t2.clips[0].key


def test_text_the_engine_cannot_say_is_refused_naming_the_clip(dirs):
    with pytest.raises(VoiceError, match=r"99-test\.02: the voice cannot say '∇' \(U\+2207 NABLA\)"):
        fake_prepare(["Fine.", "The ∇ of Q."], dirs)
    with pytest.raises(VoiceError, match=r"99-test\.01: the voice produced no sound"):
        fake_prepare(["..."], dirs, voice=SimpleNamespace(synthesize=lambda t, syn_config=None: iter(())))
    assert not speech.timing_path("99-test", dirs.cache).exists()
    assert not any(p.name.startswith(".") for p in (dirs.cache / "clips").glob("*"))


# ------------------------------------------------------------------------ recordings
def test_a_recording_replaces_its_clip_trimmed_and_resampled(dirs):
    tone_wav(speech.recording_path("99-test.01", dirs.recs), 1.0, rate=44_100, pad=0.5, channels=2)
    timing, *_ = fake_prepare(LINES, dirs)
    rec, syn = timing.clips
    assert (rec.source, syn.source) == ("recorded", "synthetic")
    # 1.0 s of tone, the 0.5 s pads trimmed to the 0.05 s margins
    assert 1.0 <= rec.seconds <= 1.0 + 2 * step.TRIM_MARGIN + 0.01
    assert rec.synthetic_seconds == pytest.approx(len(LINES[0]) * 0.05, abs=1e-3)
    rate, channels, _ = audio.probe_audio(timing.audio_path(rec))
    assert (rate, channels) == (mix.MIX_RATE, 1)
    assert speech.narration_seconds("99-test", 1, LINES[0], {}, dirs.cache) == pytest.approx(rec.slot)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b"RIFF....WAVEjunk"), r"99-test\.01: .*01\.wav: not a readable audio file"),
    (lambda p: tone_wav(p, 1.0, rate=8_000), r"99-test\.01: .*01\.wav: sample rate 8000 Hz is too low"),
    (lambda p: tone_wav(p, 60.0, rate=16_000, pad=0), r"99-test\.01: .*01\.wav: the recording lasts 60\.0 s"),
    (lambda p: tone_wav(p, 1.0, amplitude=0.0), r"99-test\.01: .*01\.wav: the recording is silent"),
])
def test_bad_recordings_are_refused_naming_clip_and_file(dirs, make, message):
    good, *_ = fake_prepare(LINES, dirs)
    manifest = speech.timing_path("99-test", dirs.cache)
    before = manifest.read_bytes()
    path = speech.recording_path("99-test.01", dirs.recs)
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    with pytest.raises(VoiceError, match=message):
        fake_prepare(LINES, dirs)
    assert manifest.read_bytes() == before  # the last good manifest is kept whole


# ----------------------------------------------------------------------------- mixing
def test_clip_edges_fade_so_joins_do_not_click(dirs, tmp_path: Path):
    """Two clips of a constant 0.5 back to back: without fades the track would jump by 0.5."""
    wav = tmp_path / "dc.wav"
    audio.write_wav(wav, np.full(4800, 0.5, dtype=np.float32), mix.MIX_RATE)
    clip = speech.Clip("99-test.01", "a", "k", 0.1, str(wav))
    timing = speech.SceneTiming("99-test", "v", 1.0, (clip, clip), Path("/"))
    track = mix.place_clips(timing, [0.2, 0.3], 0.6)
    assert np.max(np.abs(np.diff(track))) < 0.5 / (mix.EDGE_FADE * mix.MIX_RATE) * 1.5
    assert np.max(track) == pytest.approx(0.5, abs=1e-3)
    with pytest.raises(VoiceError, match=r"99-test\.01: its clip \(0\.10 s\) runs 0\.06 s into 99-test\.01"):
        mix.place_clips(timing, [0.2, 0.24], 0.6)


def mixed(timing, cues, video: Path, out: Path):
    """The scene's track and the published video with it, as the scene task makes them."""
    track = out.with_suffix(".wav")
    measured = mix.mix_track(timing, cues, 12.0 if timing else 2.0, track)
    publish_video(video, out, audio=track)
    return measured


def test_mix_gives_one_normalised_aac_track_at_the_cue_times_and_copies_the_picture(dirs, tmp_path: Path):
    timing, *_ = fake_prepare(LINES, dirs)
    video = make_video(tmp_path / "v.mp4", 12.0)
    cues = [Cue(1.0, 4.0, LINES[0]), Cue(4.5, 11.0, LINES[1])]
    out = tmp_path / "voiced.mp4"
    measured = mixed(timing, cues, video, out)
    streams = ffprobe(out)["streams"]
    assert [s["codec_type"] for s in streams] == ["video", "audio"]
    assert (streams[1]["codec_name"], int(streams[1]["sample_rate"])) == ("aac", mix.MIX_RATE)
    ebu = ebur128(out)
    assert abs(ebu.integrated - mix.TARGET_LUFS) <= 1.0 and ebu.true_peak < -1.0
    assert measured is not None and abs(measured.integrated - mix.TARGET_LUFS) <= mix.LOUDNESS_TOLERANCE
    samples = decode(out)
    for cue in cues:
        assert 0.0 <= onset_after(samples, cue.start) - cue.start <= 0.1
    assert onset_after(samples, 0.0) >= cues[0].start - 0.02  # nothing before the first line

    def md5(path: Path) -> str:
        return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v", "-c", "copy",
                               "-f", "md5", "-"], capture_output=True, text=True, check=True).stdout

    assert md5(out) == md5(video)


def test_mix_refuses_cues_that_do_not_match_the_clips(dirs, tmp_path: Path):
    timing, *_ = fake_prepare(LINES, dirs)
    track = tmp_path / "track.wav"
    with pytest.raises(VoiceError, match="1 narration cues, the voice timing 2 clips"):
        mix.mix_track(timing, [Cue(1.0, 2.0, LINES[0])], 6.0, track)
    with pytest.raises(VoiceError, match=r"99-test\.02: the cue says 'Changed\.'"):
        mix.mix_track(timing, [Cue(1.0, 2.0, LINES[0]), Cue(3.0, 4.0, "Changed.")], 6.0, track)
    assert list(tmp_path.glob("*track*")) == []


def test_a_scene_without_speech_gets_a_silent_track(tmp_path: Path):
    video = make_video(tmp_path / "v.mp4", 2.0)
    out = tmp_path / "silent.mp4"
    assert mixed(None, [], video, out) is None
    assert [s["codec_type"] for s in ffprobe(out)["streams"]] == ["video", "audio"]
    assert not np.any(np.abs(decode(out)) > 1e-4)


# ------------------------------------------------------------------------- cue sheet
def test_the_cue_sheet_lists_every_clip_with_its_length_and_recording_path(dirs):
    tone_wav(speech.recording_path("99-test.02", dirs.recs), 1.5)
    timing, *_ = fake_prepare(LINES, dirs)
    tsv, md = step.write_script([timing], dirs.tmp / "out", dirs.recs, dirs.tmp)
    rows = [line.split("\t") for line in tsv.read_text().splitlines()]
    assert rows[0] == ["id", "seconds", "source", "recording", "text"]
    assert [r[0] for r in rows[1:]] == ["99-test.01", "99-test.02"]
    assert [r[2] for r in rows[1:]] == ["synthetic", "recorded"]
    assert float(rows[1][1]) == pytest.approx(timing.clips[0].synthetic_seconds, abs=0.01)
    assert rows[2][3].endswith("99-test/02.wav") and rows[2][4] == LINES[1]
    assert (dirs.recs / "99-test").is_dir()
    assert "H(P,Q) - H(P) is D(P\\|\\|Q)" in md.read_text()


# ------------------------------------------------------------------- the scene's pace
def spoken_starts(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[float]:
    from fixtures.voice_scene import VoiceFixtureScene

    from entropy_explorer.quality.runner import run_scene

    for name in (speech.ENV_TIMING, speech.ENV_VOICE):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    scene = run_scene(VoiceFixtureScene)
    return [line.time for line in scene.spoken if line.kind == "narration"]


def test_narrate_lasts_as_long_as_each_clip_or_the_reading_time(dirs, monkeypatch):
    """The fixture's lines are each followed by a 0.8 s animation and a wait for the speech:
    the next line starts when the clip's slot (or the reading time) is over."""
    from fixtures.voice_scene import LINES, SCENE

    timing, *_ = step.prepare_scene(SCENE, LINES, BUNDLED, directory=dirs.cache,
                                    recordings=dirs.recs, load=lambda s: StandinVoice())
    voiced = spoken_starts(monkeypatch, **{speech.ENV_TIMING: str(speech.timing_path(SCENE, dirs.cache))})
    silent = spoken_starts(monkeypatch, **{speech.ENV_VOICE: "none"})
    for starts, lengths in ((voiced, [c.slot for c in timing.clips]),
                            (silent, [speech.reading_time(t) for t in LINES])):
        assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == pytest.approx(
            [max(d, 0.8) for d in lengths[:-1]], abs=1e-6)
    assert voiced != pytest.approx(silent)  # the check can fail: the paces differ


def test_the_render_step_tells_manim_which_voice_whatever_the_shell_says(tmp_path: Path):
    from entropy_explorer.pipeline.leaves.scenes import QUALITIES
    from entropy_explorer.pipeline.steps.render import RenderJob
    from entropy_explorer.sections import SECTIONS

    shell = {"PATH": "/bin", speech.ENV_VOICE: "default", speech.ENV_TIMING: "/old.json"}
    job = RenderJob(SECTIONS[0], QUALITIES["l"], tmp_path / "s.py", tmp_path)
    own = {"PYTHONHASHSEED", "PYTHONUNBUFFERED"}  # the render step's own, not the voice's
    assert {k: v for k, v in job.env(shell).items() if k not in own} == {
        "PATH": "/bin", speech.ENV_VOICE: "none"}
    voiced = RenderJob(SECTIONS[0], QUALITIES["l"], tmp_path / "s.py", tmp_path,
                       voice_timing=tmp_path / "01.json").env(shell)
    assert (voiced[speech.ENV_TIMING], speech.ENV_VOICE in voiced) == (str(tmp_path / "01.json"), False)
