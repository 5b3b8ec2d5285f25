"""Render one scene with Manim, and publish its video.

A :class:`RenderJob` is the unit of work: one Manim process for one scene at one quality
(or, later, one range of its animations: ``animations=(a, b)`` maps to Manim's
``--from_animation_number a,b``), with its inputs (the scene's input fingerprint, computed
by the caller) and its outputs (the files Manim writes under ``media/``). It knows
nothing about ``build/``: the build layer decides where results go.

:func:`publish_video` copies Manim's video to its final name without re-encoding, with
the timestamps on the frame grid (constant frame rate) and the index in front, and the
voice track (when there is one) encoded once as AAC.

The voice reaches Manim through the environment: a voiced job names the scene's timing
manifest (``ENTROPY_VOICE_TIMING``), so ``narrate`` lasts as long as each line's clip; a
silent one says ``ENTROPY_VOICE=none`` (reading-time pacing), whatever the shell says.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.leaves.audio import AAC_ARGS
from entropy_explorer.pipeline.leaves.files import atomic_output
from entropy_explorer.pipeline.leaves.media import cfr_copy, ffmpeg, video_info, video_problem
from entropy_explorer.pipeline.leaves.scenes import Quality, manim_video_path
from entropy_explorer.sections import Section

__all__ = ["ENV_SHARED_MEDIA", "RenderError", "RenderJob", "RenderOutput", "error_summary", "output_of",
           "publish_video", "render"]


#: Set for a range of a scene's animations rendered beside the others: the media folder
#: whose partial movies (and TeX) the range shares (see ``manim_entry``).
ENV_SHARED_MEDIA = "ENTROPY_SHARED_MEDIA"


class RenderError(RuntimeError):
    """Manim failed or wrote no usable video; the message is one line, the log says more."""


@dataclass(frozen=True)
class RenderJob:
    """One Manim run: a scene at a quality, optionally a range of its animations."""

    section: Section
    quality: Quality
    scene_file: Path
    media_dir: Path
    #: First and last animation index to render (``None``: the whole scene).
    animations: tuple[int, int] | None = None
    #: The scene's voice timing manifest (``None``: silent, paced by reading time).
    voice_timing: Path | None = None
    #: A range's shared media folder (its partial movies go there; ``None``: ``media_dir``).
    shared_media: Path | None = None

    def env(self, base: dict[str, str]) -> dict[str, str]:
        """``base`` with the voice settings of this job (a fixed hash seed, unbuffered)."""
        env = {k: v for k, v in base.items()
               if k not in (speech.ENV_TIMING, speech.ENV_VOICE, ENV_SHARED_MEDIA)}
        env["PYTHONHASHSEED"] = "0"
        env["PYTHONUNBUFFERED"] = "1"  # the log grows line by line: the progress counts it
        if self.voice_timing is not None:
            env[speech.ENV_TIMING] = str(self.voice_timing)
        else:
            env[speech.ENV_VOICE] = "none"
        if self.shared_media is not None:
            env[ENV_SHARED_MEDIA] = str(self.shared_media)
        return env

    @property
    def video(self) -> Path:
        """Where Manim writes the video."""
        return manim_video_path(self.section, self.quality, self.media_dir)

    @property
    def subtitles(self) -> Path:
        """Manim's subcaptions (the narration), beside the video."""
        return self.video.with_suffix(".srt")

    @property
    def deck(self) -> Path:
        """The manim-slides deck the scene writes (``SectionScene`` puts it under media/)."""
        return self.media_dir / "slides" / f"{self.section.scene_class}.json"

    def command(self, manim: tuple[str, ...]) -> list[str]:
        # Manim reads manim.cfg only from its working folder: name the scenes' cfg.
        cfg = self.scene_file.parent / "manim.cfg"
        return [
            *manim, "render",
            "-q", self.quality.flag,
            *(["--config_file", str(cfg)] if cfg.exists() else []),
            *(["--from_animation_number", f"{self.animations[0]},{self.animations[1]}"]
              if self.animations else []),
            "--media_dir", str(self.media_dir),
            "--progress_bar", "none",
            str(self.scene_file), self.section.scene_class,
        ]


@dataclass(frozen=True)
class RenderOutput:
    video: Path
    subtitles: Path | None


_ERROR_LINE = re.compile(r"^\W*(\w+(?:Error|Exception|Interrupt)\b.*)$")


def error_summary(output: str, returncode: int) -> str:
    """The one line that says what went wrong in Manim's output (its last exception)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        m = _ERROR_LINE.match(line)
        if m:
            return m.group(1)[:300]
    if "latex" in output.lower() and "not found" in output.lower():
        return "LaTeX is not installed"
    return (lines[-1][:300] if lines else "") or f"manim exited with code {returncode}"


def render(job: RenderJob, manim: tuple[str, ...], log: Path) -> RenderOutput:
    """Run Manim for ``job``; its whole output goes to ``log``.

    Raises :class:`RenderError` (one line) when Manim fails or its video is not a
    complete video, and ``procs.Cancelled`` when the run is interrupted.
    """
    try:
        done = procs.run(job.command(manim), cwd=job.scene_file.parent.parent,
                         env=job.env(dict(os.environ)), log=log)
    except FileNotFoundError as exc:
        raise RenderError(f"cannot start manim: {exc}") from None
    if done.returncode != 0:
        raise RenderError(error_summary(done.output, done.returncode))
    return output_of(job)


def output_of(job: RenderJob) -> RenderOutput:
    """What a finished render of ``job`` wrote; :class:`RenderError` when its video is
    missing or not a complete video."""
    if problem := video_problem(job.video):
        raise RenderError(f"manim finished but wrote no usable video: {problem}")
    return RenderOutput(job.video, job.subtitles if job.subtitles.exists() else None)


def publish_video(src: Path, dst: Path, audio: Path | None = None) -> None:
    """``src`` to ``dst`` by stream copy: constant frame rate, ``+faststart``; atomic.

    ``audio`` (a WAV as long as the video) becomes its one audio track, as AAC.
    """
    sound = ["-map", "1:a:0", *AAC_ARGS] if audio is not None else ["-an"]
    with atomic_output(dst) as tmp:
        ffmpeg(["-i", str(src), *(["-i", str(audio)] if audio is not None else []),
                "-map", "0:v:0", *sound, *cfr_copy(video_info(src).fps), "-sn", "-dn", str(tmp)],
               "publishing the video")
