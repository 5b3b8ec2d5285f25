"""The full video: joining, chapters, chapter text, subtitles and transcript, atomic writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import av
import pytest
from outputs_helpers import ffprobe, make_video

from entropy_explorer.pipeline.leaves.media import MediaError
from entropy_explorer.pipeline.leaves.subtitles import Cue, chapter_timestamp
from entropy_explorer.pipeline.steps import assemble
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.sections import SECTIONS

# ------------------------------------------------------------------------- pure text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (9.99, "0:09"), (59.999, "0:59"), (61, "1:01"), (600, "10:00"),
     (3600, "1:00:00"), (3725.4, "1:02:05")],
)
def test_chapter_timestamp(seconds: float, text: str) -> None:
    assert chapter_timestamp(seconds) == text


def _chapters(*spans: tuple[float, float]) -> list[assemble.Chapter]:
    return [assemble.Chapter(SECTIONS[i], a, b) for i, (a, b) in enumerate(spans)]


def test_chapter_text_for_a_video_description() -> None:
    text = assemble.video_chapters_text(_chapters((0, 61.2), (61.2, 130.0), (130.0, 200.0)))
    assert text == ("0:00 Information (in the Shannon Sense)\n"
                    "1:01 Why use log p? An Axiomatic Approach\n"
                    "2:10 Bits, Information and Probability\n")


def test_ffmetadata_chapters_in_milliseconds_with_escaping() -> None:
    meta = assemble.ffmetadata(_chapters((0, 1.5), (1.5, 3.25)), title="A=B; #1")
    assert meta.startswith(";FFMETADATA1\ntitle=A\\=B\\; \\#1\n")
    assert meta.count("[CHAPTER]") == 2
    assert "START=1500\nEND=3250\n" in meta
    assert "title=Why use log p? An Axiomatic Approach" in meta


# --------------------------------------------------------------- joining, synthetic


def _sections_dir(tmp_path: Path, seconds: list[float], size: tuple[int, int] = (160, 90),
                  sizes: list[tuple[int, int]] | None = None) -> tuple[list, list[Path]]:
    sections, videos = [], []
    for i, d in enumerate(seconds):
        s = SECTIONS[i]
        v = make_video(tmp_path / "video" / f"{s.name}.mp4", d,
                       size=sizes[i] if sizes else size)
        sections.append(s)
        videos.append(v)
    return sections, videos


def _narration(sections: list, videos: list[Path]) -> list[list[Cue]]:
    return [[Cue(0.2, subs_end(v) - 0.2, f"Narration of section {s.number}.")]
            for s, v in zip(sections, videos, strict=True)]


def subs_end(video: Path) -> float:
    return float(ffprobe(video)["format"]["duration"])


def _assemble(tmp_path: Path, sections: list, videos: list[Path]) -> assemble.Assembled:
    return assemble.assemble_full(sections, videos, _narration(sections, videos),
                                  out=tmp_path / "full.mp4", chapters_txt=tmp_path / "chapters.txt",
                                  transcript=tmp_path / "transcript.md")


def test_full_video_joins_without_reencoding_with_one_chapter_per_section(tmp_path: Path) -> None:
    sections, videos = _sections_dir(tmp_path, [2.0, 3.0, 1.4])
    result = _assemble(tmp_path, sections, videos)
    assert result.method == "copy"
    info = ffprobe(tmp_path / "full.mp4")
    durations = [float(ffprobe(v)["format"]["duration"]) for v in videos]
    assert float(info["format"]["duration"]) == pytest.approx(sum(durations), abs=0.1)
    chapters = info["chapters"]
    assert len(chapters) == len(sections)
    assert [c["tags"]["title"] for c in chapters] == [s.title for s in sections]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts == pytest.approx([0.0, durations[0], durations[0] + durations[1]], abs=0.07)
    # frames are copied, not re-encoded: the joined stream has exactly the inputs' frames
    with av.open(str(tmp_path / "full.mp4")) as c:
        frames = sum(1 for _ in c.demux(c.streams.video[0]) if _.size)
    assert frames == round(sum(durations) * 15)
    kinds = sorted(s["codec_type"] for s in info["streams"])
    assert "subtitle" in kinds
    subtitle = next(s for s in info["streams"] if s["codec_type"] == "subtitle")
    assert subtitle["codec_name"] == "mov_text" and subtitle["tags"]["language"] == "eng"
    # side files
    assert (tmp_path / "chapters.txt").read_text().splitlines() == [
        f"{chapter_timestamp(t)} {s.title}" for t, s in zip(starts, sections, strict=True)]
    cues = read_cues(tmp_path / "full.srt")
    assert len(cues) == 3 and read_cues(tmp_path / "full.vtt") == cues
    for cue, start, s in zip(cues, starts, sections, strict=True):  # shifted into its chapter
        assert cue.start == pytest.approx(start + 0.2, abs=0.01)
        assert f"section {s.number}" in cue.text
    assert cues[-1].end <= float(info["format"]["duration"])
    transcript = (tmp_path / "transcript.md").read_text()
    assert transcript.count("\n## ") == 3 and "Narration of section 2." in transcript
    # the join is constant frame rate: every timestamp on the 15 fps grid
    [video] = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert video["avg_frame_rate"] == video["r_frame_rate"] == "15/1"


def test_differing_inputs_are_reencoded_to_the_first_size(tmp_path: Path) -> None:
    sections, videos = _sections_dir(tmp_path, [1.0, 1.0], sizes=[(160, 90), (320, 240)])
    assert not assemble.same_codec_settings(videos)
    result = _assemble(tmp_path, sections, videos)
    assert result.method == "re-encode"
    info = ffprobe(tmp_path / "full.mp4")
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (160, 90)
    assert float(info["format"]["duration"]) == pytest.approx(2.0, abs=0.15)
    assert len(info["chapters"]) == 2


def test_failed_join_leaves_no_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sections, videos = _sections_dir(tmp_path, [1.0])

    def broken(args: list[str], what: str) -> None:
        Path(args[-1]).write_bytes(b"half a video")
        raise MediaError("ffmpeg failed (1): disk full")

    monkeypatch.setattr(assemble, "ffmpeg", broken)
    with pytest.raises(MediaError, match="disk full"):
        _assemble(tmp_path, sections, videos)
    assert not (tmp_path / "full.mp4").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


# ------------------------------------------------------------------ a real scene, slow


@pytest.mark.slow
def test_full_video_of_a_rendered_section(tmp_path: Path) -> None:
    from outputs_helpers import TEST_PROJECT, s01_outputs

    video, _deck = s01_outputs()
    local = tmp_path / "video" / video.name
    local.parent.mkdir()
    shutil.copyfile(video, local)
    narration = read_cues(TEST_PROJECT.narration(SECTIONS[0]))
    result = assemble.assemble_full([SECTIONS[0]], [local], [narration], out=tmp_path / "full.mp4",
                                    chapters_txt=tmp_path / "chapters.txt",
                                    transcript=tmp_path / "transcript.md")
    assert result.method == "copy"
    info = ffprobe(tmp_path / "full.mp4")
    assert float(info["format"]["duration"]) == pytest.approx(
        float(ffprobe(local)["format"]["duration"]), abs=0.1)
    assert [c["tags"]["title"] for c in info["chapters"]] == [SECTIONS[0].title]
    assert (tmp_path / "chapters.txt").read_text() == f"0:00 {SECTIONS[0].title}\n"
    cues = read_cues(tmp_path / "full.srt")
    assert cues and cues[-1].end <= float(info["format"]["duration"])
    assert "Information measures surprise" in (tmp_path / "transcript.md").read_text()

    # two real renders of different lengths (their average frame rates differ) still join
    # by stream copy, the second chapter starting where the first video ends
    cut = tmp_path / "video" / "02-axioms.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(local), "-t", "20", "-c", "copy",
                    str(cut)], check=True)
    result = assemble.assemble_full(SECTIONS[:2], [local, cut], [narration, []],
                                    out=tmp_path / "full.mp4", chapters_txt=tmp_path / "chapters.txt",
                                    transcript=tmp_path / "transcript.md")
    assert result.method == "copy"
    chapters = ffprobe(tmp_path / "full.mp4")["chapters"]
    assert len(chapters) == 2
    assert float(chapters[1]["start_time"]) == pytest.approx(
        float(ffprobe(local)["format"]["duration"]), abs=0.07)
