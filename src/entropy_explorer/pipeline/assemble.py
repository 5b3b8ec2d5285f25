"""The full video: every section in article order, with chapters, subtitles and a transcript.

After ``entropy-explorer render`` succeeds, :func:`finish_render` writes

* ``build/video/NN-slug.srt`` / ``.vtt``: each section's subtitles, timed to its video;
* ``build/entropy-explorer-full.mp4``: the sections joined with ffmpeg's concat demuxer
  and ``-c copy`` (no re-encoding; the sections share codec settings; if they ever do not,
  the join re-encodes and says so), one chapter per section titled by its heading, and the
  narration as a soft subtitle track;
* ``build/entropy-explorer-full.srt`` / ``.vtt``, ``build/chapters.txt`` (``0:00 Title``
  lines for a video site's description) and ``build/transcript.md``.

The full video is only assembled when every section with a scene has an up-to-date
video at the rendered quality ("full" means full); otherwise it says which are missing.
Every file is written under a temporary name and moved into place.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.pipeline import subtitles as subs
from entropy_explorer.pipeline.render import atomic_write_text
from entropy_explorer.pipeline.scenes import BUILD_DIR, Quality
from entropy_explorer.sections import Section, available_sections

__all__ = [
    "CHAPTERS_TXT",
    "FULL_TITLE",
    "FULL_VIDEO",
    "TRANSCRIPT",
    "AssembleResult",
    "Chapter",
    "assemble_full",
    "chapter_timestamp",
    "chapters_for",
    "ffmetadata",
    "finish_render",
    "same_codec_settings",
    "video_chapters_text",
]

FULL_VIDEO = BUILD_DIR / "entropy-explorer-full.mp4"
CHAPTERS_TXT = BUILD_DIR / "chapters.txt"
TRANSCRIPT = BUILD_DIR / "transcript.md"
#: The article's title, used for the full video's metadata and the transcript.
FULL_TITLE = "The Curious Case of KL Divergence"


@dataclass(frozen=True)
class Chapter:
    """One section's span in the full video (seconds)."""

    section: Section
    start: float
    end: float

    @property
    def title(self) -> str:
        return self.section.title


@dataclass
class AssembleResult:
    """What :func:`assemble_full` did."""

    status: str  # "assembled", "up to date", "skipped"
    video: Path | None = None
    chapters: list[Chapter] | None = None
    method: str = ""  # "copy" or "re-encode"
    message: str = ""


# ----------------------------------------------------------------------------- chapters
def chapters_for(sections: Sequence[Section], videos: Sequence[Path]) -> list[Chapter]:
    """Chapters from the section videos' durations, back to back from 0.

    The concat demuxer starts each file where the previous one's container duration
    ends, so the same durations place the chapters (and shift the subtitles).
    """
    chapters, t = [], 0.0
    for section, video in zip(sections, videos, strict=True):
        d = subs.media_duration(video)
        chapters.append(Chapter(section, t, t + d))
        t += d
    return chapters


def _escape_ffmeta(text: str) -> str:
    for ch in ("\\", "=", ";", "#", "\n"):
        text = text.replace(ch, "\\" + ch)
    return text


def ffmetadata(chapters: Sequence[Chapter], title: str = FULL_TITLE) -> str:
    """An ffmpeg metadata file (``;FFMETADATA1``) with one chapter per section, in ms."""
    lines = [";FFMETADATA1", f"title={_escape_ffmeta(title)}", ""]
    for c in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(c.start * 1000)}",
            f"END={round(c.end * 1000)}",
            f"title={_escape_ffmeta(c.title)}",
            "",
        ]
    return "\n".join(lines)


def chapter_timestamp(seconds: float) -> str:
    """``M:SS`` (or ``H:MM:SS`` from an hour on), rounded down, as video sites read them."""
    total = int(seconds + 1e-6)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def video_chapters_text(chapters: Sequence[Chapter]) -> str:
    """``0:00 Title`` lines, one per chapter, for a video description."""
    return "".join(f"{chapter_timestamp(c.start)} {c.title}\n" for c in chapters)


# --------------------------------------------------------------------------- joining
def _codec_settings(path: Path) -> tuple[object, ...]:
    import av

    with av.open(str(path)) as container:
        v = container.streams.video[0]
        cc = v.codec_context
        # the nominal frame rate (average_rate varies with each video's length) and the
        # decoder set-up (SPS/PPS): equal ones join with a stream copy
        return (cc.name, cc.profile, cc.width, cc.height, cc.pix_fmt, v.guessed_rate,
                v.time_base, bytes(cc.extradata or b""), len(container.streams.audio))


def same_codec_settings(videos: Sequence[Path]) -> bool:
    """True when all videos share codec, profile, size, pixel format, rate and time base."""
    return len({_codec_settings(v) for v in videos}) <= 1


def _tmp_name(dst: Path) -> Path:
    return dst.with_name(f".{dst.stem}.tmp-{os.getpid()}-{threading.get_ident()}{dst.suffix}")


def _run_ffmpeg(args: list[str]) -> None:
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")


def _concat_list(videos: Sequence[Path]) -> str:
    def quote(p: Path) -> str:
        return "'" + str(p.resolve()).replace("'", "'\\''") + "'"

    return "".join(f"file {quote(v)}\n" for v in videos)


def join_videos(videos: Sequence[Path], out: Path, metadata: str,
                subtitles: Path | None = None) -> str:
    """Join ``videos`` into ``out`` with chapters (and a soft subtitle track); atomic.

    Stream copy when the inputs share codec settings, else a re-encode (libx264, the
    first input's size and rate). Returns ``"copy"`` or ``"re-encode"``.
    """
    copy = same_codec_settings(videos)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(out)
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-") as work:
        listing = Path(work) / "inputs.txt"
        listing.write_text(_concat_list(videos), encoding="utf-8")
        meta = Path(work) / "chapters.ffmeta"
        meta.write_text(metadata, encoding="utf-8")
        if copy:
            args = ["-f", "concat", "-safe", "0", "-i", str(listing)]
            video_codec = ["-c:v", "copy"]
        else:
            first = _codec_settings(videos[0])
            w, h, rate = first[2], first[3], first[5]
            args = []
            for v in videos:
                args += ["-i", str(v)]
            chains = "".join(
                f"[{i}:v]scale={w}:{h}:force_original_aspect_ratio=decrease,"
                f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,fps={rate},format=yuv420p,setsar=1[v{i}];"
                for i in range(len(videos))
            )
            joined = "".join(f"[v{i}]" for i in range(len(videos)))
            args += ["-filter_complex", f"{chains}{joined}concat=n={len(videos)}:v=1:a=0[out]"]
            video_codec = ["-c:v", "libx264", "-crf", "20", "-preset", "medium",
                           "-pix_fmt", "yuv420p"]
        n = 1 if copy else len(videos)
        args += ["-i", str(meta)]
        meta_index = n
        if subtitles is not None:
            args += ["-i", str(subtitles)]
        args += ["-map", "0:v" if copy else "[out]"]
        if subtitles is not None:
            args += ["-map", f"{n + 1}:s", "-c:s", "mov_text",
                     "-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=English"]
        args += ["-map_metadata", str(meta_index), "-map_chapters", str(meta_index),
                 *video_codec, "-movflags", "+faststart", str(tmp)]
        try:
            _run_ffmpeg(args)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    return "copy" if copy else "re-encode"


# -------------------------------------------------------------------------- assembly
def _fingerprint(videos: Sequence[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for v in videos:
        st = v.stat()
        h.update(f"{v.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        for side in (v.with_suffix(".srt"), v.with_name(f".{v.stem}.narration.srt")):
            if side.exists():
                h.update(side.read_bytes())
    return h.hexdigest()


def assemble_full(
    sections: Sequence[Section],
    videos: Sequence[Path],
    *,
    out: Path = FULL_VIDEO,
    chapters_txt: Path = CHAPTERS_TXT,
    transcript: Path = TRANSCRIPT,
    force: bool = False,
) -> AssembleResult:
    """Join the section ``videos`` into ``out`` and write its chapters, subtitles, transcript.

    ``sections`` and ``videos`` pair up, in article order. Skipped when the inputs are the
    ones the current outputs were made from (unless ``force``).
    """
    if not videos:
        return AssembleResult("skipped", message="no section videos to join")
    for v in videos:  # idempotent; first, so the fingerprint sees the final subtitles
        subs.write_section_subtitles(v)
    outputs = [out, out.with_suffix(".srt"), out.with_suffix(".vtt"), chapters_txt, transcript]
    stamp = out.with_name(f".{out.name}.inputs")
    key = _fingerprint(videos, "|".join(s.name for s in sections) + f"|{out.name}|v1")
    if (not force and stamp.exists() and stamp.read_text().strip() == key
            and all(p.exists() for p in outputs)):
        return AssembleResult("up to date", out, chapters_for(sections, videos))
    chapters = chapters_for(sections, videos)
    full_cues: list[subs.Cue] = []
    parts = []
    for c, v in zip(chapters, videos, strict=True):
        narration = subs.narration_cues(v)
        parts.append((c.title, c.start, narration))
        full_cues += subs.shift(subs.split_long_cues(narration), c.start)
    full_cues = subs.normalise(full_cues, chapters[-1].end)
    stamp.unlink(missing_ok=True)
    srt, _vtt = subs.write_subtitles(full_cues, out.with_suffix(""))
    method = join_videos(videos, out, ffmetadata(chapters), subtitles=srt if full_cues else None)
    atomic_write_text(chapters_txt, video_chapters_text(chapters))
    atomic_write_text(transcript, subs.transcript_markdown(parts, FULL_TITLE))
    atomic_write_text(stamp, key + "\n")
    return AssembleResult("assembled", out, chapters, method)


def finish_render(results: Sequence[object], quality: Quality, video_dir: Path | None = None,
                  *, echo: bool = True) -> int:
    """After a render: subtitles for each rendered section, then the full video.

    ``results`` are the render pipeline's ``RenderResult`` objects. Returns an exit code
    (1 when the assembly itself fails).
    """
    from entropy_explorer.pipeline.render import VIDEO_DIR, is_up_to_date, output_path

    video_dir = video_dir or VIDEO_DIR
    from entropy_explorer.pipeline.slides import SlidesError, rendered_fingerprint, snapshot_deck

    code = 0
    ok = [r for r in results if getattr(r, "status", "") in ("rendered", "up to date")]
    for r in ok:
        section = r.section  # type: ignore[attr-defined]
        subs.write_section_subtitles(output_path(section, video_dir))
        if r.status == "rendered":  # type: ignore[attr-defined]
            try:  # keep this render's slide deck before another render overwrites it
                snapshot_deck(section, quality,
                              fingerprint=rendered_fingerprint(section, video_dir))
            except SlidesError as exc:
                print(f"entropy-explorer render: slide deck not kept: {exc}", flush=True)
                code = 1
    if any(getattr(r, "status", "") == "failed" for r in results):
        if echo:
            print("full video not assembled: a scene failed", flush=True)
        return code
    wanted = available_sections()
    missing = [s for s in wanted if not is_up_to_date(s, quality, video_dir)]
    if missing:
        if echo:
            print(f"full video not assembled: not rendered at quality {quality.flag}: "
                  + ", ".join(s.name for s in missing)
                  + " (render them too, e.g. 'make render' with no SCENES)", flush=True)
        return code
    videos = [output_path(s, video_dir) for s in wanted]
    try:
        result = assemble_full(wanted, videos)
    except (RuntimeError, OSError) as exc:
        print(f"entropy-explorer render: assembling the full video failed: {exc}", flush=True)
        return 1
    if echo and result.video is not None and result.chapters:
        total = result.chapters[-1].end
        how = f" ({result.method})" if result.method else ""
        print(f"full video {result.status}{how}: {_rel(result.video)}, "
              f"{len(result.chapters)} chapters, {chapter_timestamp(total)}; "
              f"chapters in {_rel(CHAPTERS_TXT)}, transcript in {_rel(TRANSCRIPT)}", flush=True)
    return code


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(BUILD_DIR.parent))
    except ValueError:
        return str(path)
