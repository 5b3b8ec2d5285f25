"""Subtitles: timestamps, SRT/VTT round trips, clean-up, line splitting, a real scene's cues."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entropy_explorer.pipeline.leaves import subtitles as subs
from entropy_explorer.pipeline.leaves.subtitles import Cue, SubtitleError
from entropy_explorer.pipeline.steps.captions import read_cues, section_captions

# ------------------------------------------------------------------------- timestamps


@pytest.mark.parametrize(
    ("seconds", "srt", "vtt"),
    [
        (0.0, "00:00:00,000", "00:00:00.000"),
        (3.1, "00:00:03,100", "00:00:03.100"),
        (3661.5, "01:01:01,500", "01:01:01.500"),  # 1 h + 1 min + 1.5 s
        (59.9996, "00:01:00,000", "00:01:00.000"),  # rounding carries into the minutes
        (36000.007, "10:00:00,007", "10:00:00.007"),
    ],
)
def test_format_timestamp(seconds: float, srt: str, vtt: str) -> None:
    assert subs.format_timestamp(seconds) == srt
    assert subs.format_timestamp(seconds, ".") == vtt


def test_parse_timestamp_accepts_both_formats_and_short_vtt() -> None:
    assert subs.parse_timestamp("01:02:03,456") == pytest.approx(3723.456)
    assert subs.parse_timestamp("01:02:03.456") == pytest.approx(3723.456)
    assert subs.parse_timestamp("02:03.400") == pytest.approx(123.4)  # VTT without hours
    with pytest.raises(ValueError):
        subs.parse_timestamp("3 seconds")
    with pytest.raises(ValueError):
        subs.format_timestamp(-1.0)


@given(st.integers(min_value=0, max_value=100 * 3600 * 1000 - 1))
def test_timestamp_round_trip_to_the_millisecond(ms: int) -> None:
    seconds = ms / 1000
    assert round(subs.parse_timestamp(subs.format_timestamp(seconds)) * 1000) == ms
    assert round(subs.parse_timestamp(subs.format_timestamp(seconds, ".")) * 1000) == ms


# ------------------------------------------------------------------------------- files

SAMPLE_SRT = (
    "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst line\r\nsecond line\r\n\r\n"
    "2\r\n00:00:02,400 --> 00:00:04,000\r\nP & Q < 1\r\n\r\n"
)


def test_parse_srt_handles_bom_crlf_and_multiline_text() -> None:
    cues = subs.parse_srt(SAMPLE_SRT)
    assert cues == [Cue(1.0, 2.5, "First line\nsecond line"), Cue(2.4, 4.0, "P & Q < 1")]


def test_vtt_escapes_markup_and_round_trips() -> None:
    cues = subs.parse_srt(SAMPLE_SRT)
    vtt = subs.to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n")
    assert "P &amp; Q &lt; 1" in vtt
    assert "00:00:01.000 --> 00:00:02.500" in vtt
    assert subs.parse_vtt(vtt) == cues
    with pytest.raises(ValueError):
        subs.parse_vtt(SAMPLE_SRT)


@pytest.mark.parametrize("garbled", [
    "1\n00:00:01,000 --> 00:00:0x,500\nhi\n",      # a bad timestamp
    "1\n00:00:01,000 --> 00:00:02,000\nhi\n\ngarbage without times\n",
])
def test_a_garbled_srt_is_an_error_naming_the_file(tmp_path: Path, garbled: str) -> None:
    with pytest.raises(SubtitleError, match="cue"):
        subs.parse_srt(garbled)
    path = tmp_path / "x.srt"
    path.write_text(garbled)
    with pytest.raises(SubtitleError, match=str(path)):
        read_cues(path)


_text = st.text(alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" ,.&<"),
                min_size=1, max_size=60).filter(lambda t: t.strip() != "")


@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 10**5), _text), max_size=8))
def test_srt_and_vtt_round_trip(raw: list[tuple[int, int, str]]) -> None:
    cues = [Cue(s / 1000, (s + d) / 1000, " ".join(t.split())) for s, d, t in raw]
    assert subs.parse_srt(subs.to_srt(cues)) == cues
    assert subs.parse_vtt(subs.to_vtt(cues)) == cues


# ---------------------------------------------------------------------------- clean-up


def test_normalise_sorts_removes_overlaps_and_clips_to_the_video() -> None:
    cues = [
        Cue(5.0, 7.0, "third"),
        Cue(0.0, 2.1, "first"),      # overlaps the next one by 0.1 s (frame rounding)
        Cue(2.0, 3.0, "second"),
        Cue(9.5, 12.0, "runs past the end"),
        Cue(10.5, 11.0, "after the end"),
        Cue(3.0, 4.0, "   "),        # empty
    ]
    out = subs.normalise(cues, duration=10.0)
    assert [c.text for c in out] == ["first", "second", "third", "runs past the end"]
    assert out[0].end == 2.0
    assert out[-1].end == 10.0
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))


def test_short_cues_borrow_free_time_or_join_a_neighbour() -> None:
    cues = [Cue(0.0, 0.5, "a"), Cue(3.0, 3.6, "b"), Cue(3.7, 6.0, "c"), Cue(6.0, 6.3, "d")]
    out = subs.keep_on_screen(cues, duration=6.5)
    assert all(c.duration >= subs.MIN_CUE - 1e-9 for c in out)
    assert out[0] == Cue(0.0, 0.8, "a")          # took free time after it
    assert out[1] == Cue(2.9, 3.7, "b")          # ended at the next cue, started earlier
    assert out[-1].text == "c d" and out[-1].end == 6.3  # no room: joined the previous cue
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    # long cues are left as they are
    assert subs.keep_on_screen([Cue(1, 3, "x")], 5) == [Cue(1, 3, "x")]


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 3000)), min_size=1, max_size=12))
def test_keep_on_screen_property(raw: list[tuple[int, int]]) -> None:
    cues = subs.normalise([Cue(s / 1000, (s + d) / 1000, f"w{i}") for i, (s, d) in enumerate(raw)])
    if not cues:
        return
    duration = cues[-1].end + 1.0
    out = subs.keep_on_screen(cues, duration)
    assert all(c.duration >= subs.MIN_CUE - 1e-6 for c in out) or len(out) == 1
    assert all(a.end <= b.start + 1e-9 for a, b in zip(out, out[1:], strict=False))
    assert " ".join(c.text for c in out).split() == [c.text for c in cues]  # nothing lost


def test_split_parts_are_never_flashes() -> None:
    parts = subs.split_long_cues([Cue(0.0, 3.0, LONG)])  # too little time for many parts
    assert all(p.duration >= subs.MIN_CUE for p in parts)
    assert " ".join(" ".join(p.text.split()) for p in parts) == " ".join(LONG.split())


def test_shift_moves_every_cue() -> None:
    assert subs.shift([Cue(1.0, 2.0, "a")], 60.5) == [Cue(61.5, 62.5, "a")]


LONG = ("Shannon made it precise: the information of an event x is minus log base two of "
        "its probability, measured in bits. Likely events teach little; unlikely ones teach "
        "a lot, and a one-in-a-thousand event carries almost ten bits of surprise.")


def test_long_cues_are_split_into_readable_parts_covering_the_same_time() -> None:
    parts = subs.split_long_cues([Cue(10.0, 30.0, LONG)])
    assert len(parts) > 1
    for p in parts:
        lines = p.text.split("\n")
        assert len(lines) <= subs.MAX_LINES
        assert all(len(line) <= subs.LINE_WIDTH for line in lines)
    # the words are all there, in order, and the parts tile the original time span
    assert " ".join(" ".join(p.text.split()) for p in parts) == " ".join(LONG.split())
    assert parts[0].start == 10.0 and parts[-1].end == 30.0
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    # time in proportion to text: characters per second within 10 % across parts
    rates = [len(p.text.replace("\n", " ")) / p.duration for p in parts]
    assert max(rates) / min(rates) < 1.1


def test_short_cue_is_kept_and_wrapped_evenly() -> None:
    [cue] = subs.split_long_cues([Cue(0.0, 3.0, "Follow one event as its probability changes.")])
    top, bottom = cue.text.split("\n")
    assert abs(len(top) - len(bottom)) <= 6  # balanced, not a 35 + 8 character orphan
    [one] = subs.split_long_cues([Cue(0.0, 1.0, "One bit.")])
    assert one.text == "One bit."


# ------------------------------------------------------------------------- transcript


def test_transcript_has_a_heading_and_the_narration_per_section() -> None:
    md = subs.transcript_markdown(
        [("Entropy", 0.0, [Cue(0, 1, "Entropy is\nexpected surprise.")]),
         ("Cross-entropy", 75.2, [])],
        "The Curious Case of KL Divergence",
    )
    assert md.startswith("# The Curious Case of KL Divergence: narration\n")
    assert "## Entropy (0:00)\n\nEntropy is expected surprise.\n" in md
    assert "## Cross-entropy (1:15)\n\n(no narration)\n" in md


# ------------------------------------------------------------- a section's files, fast


def test_section_captions_are_clipped_split_and_keep_the_narration(tmp_path: Path) -> None:
    from outputs_helpers import make_video

    video = make_video(tmp_path / "07-entropy.mp4", 4.0)
    raw = tmp_path / "manim.srt"
    raw.write_text(subs.to_srt([Cue(0.5, 2.2, "Short."), Cue(2.0, 9.0, LONG)]))  # overlap, past end
    narration = section_captions(raw, video, tmp_path / "state" / "07.srt")
    duration = subs_duration(video)
    cues = read_cues(video.with_suffix(".srt"))
    assert read_cues(video.with_suffix(".vtt")) == cues
    assert cues[0] == Cue(0.5, 2.0, "Short.")
    assert cues[-1].end <= duration + 1e-3
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:], strict=False))
    assert [c.text for c in narration] == ["Short.", " ".join(LONG.split())]
    assert read_cues(tmp_path / "state" / "07.srt") == narration


def subs_duration(video: Path) -> float:
    from entropy_explorer.pipeline.leaves.media import media_duration

    return media_duration(video)


def test_scene_without_narration_gets_valid_empty_subtitles(tmp_path: Path) -> None:
    from outputs_helpers import make_video

    video = make_video(tmp_path / "06-bottom-line.mp4", 1.0)
    assert section_captions(None, video, tmp_path / "n.srt") == []
    assert video.with_suffix(".srt").read_text() == ""
    assert video.with_suffix(".vtt").read_text().startswith("WEBVTT")
    assert read_cues(video.with_suffix(".vtt")) == []


# ------------------------------------------------------------ a real scene, slow


@pytest.mark.slow
def test_rendered_scene_subtitles_fit_its_video(tmp_path: Path) -> None:
    from outputs_helpers import TEST_PROJECT, ffprobe, s01_outputs

    video, _deck = s01_outputs()
    local = tmp_path / video.name
    shutil.copyfile(video, local)
    raw = TEST_PROJECT.manim_media_dir() / "videos" / "s01_information" / "480p15" / "InformationScene.srt"
    manim_cues = subs.parse_srt(raw.read_text(encoding="utf-8"))
    section_captions(raw, local, tmp_path / "narration.srt")
    srt, vtt = local.with_suffix(".srt"), local.with_suffix(".vtt")
    duration = float(ffprobe(local)["format"]["duration"])  # independent of PyAV
    cues = read_cues(srt)
    assert len(cues) >= len(manim_cues) > 3
    assert cues[0].start >= 0
    assert cues[-1].end <= duration + 1e-3
    assert all(c.duration >= subs.MIN_CUE - 1e-6 for c in cues)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:], strict=False))
    # every word Manim wrote is shown, in order
    words = " ".join(" ".join(c.text.split()) for c in cues)
    assert words == " ".join(" ".join(c.text.split()) for c in manim_cues)
    assert read_cues(vtt) == cues
    # ffmpeg itself accepts both files as subtitles
    for path in (srt, vtt):
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(path), str(tmp_path / f"x{path.suffix}")],
                       check=True)
