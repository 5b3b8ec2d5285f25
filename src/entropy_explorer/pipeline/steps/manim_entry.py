"""``python -m entropy_explorer.pipeline.steps.manim_entry ARGS``: Manim's command line,
set up for publishing.

Manim 0.21 encodes each animation (a partial movie) with libx264 at its defaults, so a
long animation has keyframes only every 250 frames (over 16 s at 15 fps); video sites
and seeking want one at least every 2 s. This entry point adds the keyframe interval
(``g``) and x264's ``veryfast`` preset (:data:`~entropy_explorer.pipeline.leaves.media.X264_PRESET`:
faster and smaller than the default ``medium`` at nearly the same quality) to the encoder
options of every partial movie, then runs Manim's own CLI. Manim joins the partial
movies by stream copy (concat demuxer, packets remuxed), so the picture is encoded once. After
Manim reads its arguments it also turns off the check for a newer release (a network
round trip, or a time-out offline, per scene), keeps partial movies in a folder named after
our encoder settings (:data:`~entropy_explorer.pipeline.leaves.media.ENCODER_TAG`: Manim
would otherwise reuse one cached by a plain ``manim`` run), gives each scene its own text cache
(``media/texts/<scene file>/``): Manim writes a text's SVG straight to its final name,
so two scenes rendering the same text at once could read a half-written file; and it
applies :mod:`~entropy_explorer.pipeline.leaves.manim_fixes`. Nothing else changes: the
same frames, the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from manim import config
from manim.__main__ import main as manim_main
from manim._config.utils import ManimConfig
from manim.scene.scene_file_writer import SceneFileWriter

from entropy_explorer.pipeline.leaves import manim_fixes
from entropy_explorer.pipeline.leaves.media import ENCODER_TAG, X264_PRESET, keyframe_interval

__all__ = ["install", "main"]

_open_partial = SceneFileWriter.open_partial_movie_stream


def _open_partial_with_keyframes(self: SceneFileWriter, *args: Any, **kwargs: Any) -> None:
    _open_partial(self, *args, **kwargs)
    job = getattr(self, "_current_encode_job", None)
    if job is not None and job.stream.codec_context.name == "libx264":
        cc = job.stream.codec_context
        cc.options = {**cc.options, "g": str(keyframe_interval(config.frame_rate)),
                      "preset": X264_PRESET}


_digest_args = ManimConfig.digest_args


def _digest_args_then_ours(self: ManimConfig, args: Any) -> ManimConfig:
    _digest_args(self, args)
    self.notify_outdated_version = False
    # Manim reuses a cached partial movie by the hash of its animation alone, so one encoded
    # without our options (a plain `manim render` into the same media folder) would be
    # joined in as it is: keep ours in a folder named after the encoder settings.
    self.partial_movie_dir = f"{{video_dir}}/partial_movie_files/{{scene_name}}/{ENCODER_TAG}"
    if getattr(args, "file", None):
        self.text_dir = str(self.get_dir("media_dir") / "texts" / Path(args.file).stem)
    return self


def install() -> None:
    """Our settings and fixes, in this process (idempotent): what :func:`main` runs Manim
    with, for a warm worker that renders in its own process
    (:mod:`~entropy_explorer.pipeline.steps.warm`)."""
    manim_fixes.apply()
    SceneFileWriter.open_partial_movie_stream = _open_partial_with_keyframes  # type: ignore[method-assign]
    ManimConfig.digest_args = _digest_args_then_ours  # type: ignore[method-assign]


def main() -> None:
    install()
    sys.argv[0] = "manim"
    manim_main()


if __name__ == "__main__":
    main()
