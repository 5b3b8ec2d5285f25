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

For a warm worker (:mod:`~entropy_explorer.pipeline.steps.warm`), :func:`install` also
lets a render be split into ranges of its animations: a range (Manim's ``-n FIRST,LAST``)
reports the partial movie of each animation it drew (:data:`PARTIALS`), and the whole
render that joins them steps over each animation a range drew, taking its file. A step
over an animation advances scene time as drawing it does, frame by frame (Manim adds the
whole run time at once, which moves every later cue and wait by a rounding error), so the
joined render plays the same animations at the same times as a one-piece render: the
same frames, subtitles and slide clips (``tests/test_farm_ranges.py``). Manim keeps up to
:data:`MAX_FILES_CACHED` partial movies per scene (its default of 100 would delete a long
scene's own partial movies before they are joined).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
from manim import config
from manim.__main__ import main as manim_main
from manim._config.utils import ManimConfig
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter

from entropy_explorer.pipeline.leaves import manim_fixes
from entropy_explorer.pipeline.leaves.media import ENCODER_TAG, X264_PRESET, keyframe_interval
from entropy_explorer.pipeline.steps.render import ENV_SHARED_MEDIA

__all__ = ["MAX_FILES_CACHED", "PARTIALS", "install", "main"]

#: Partial movies Manim keeps per scene (its default, 100, is fewer than a long scene
#: plays: the oldest would be deleted while the scene's ranges are still being joined).
MAX_FILES_CACHED = 1000

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
    self.max_files_cached = MAX_FILES_CACHED
    shared = os.environ.get(ENV_SHARED_MEDIA)
    if shared:  # a range of a scene's animations, in a media folder of its own: TeX shared
        self.tex_dir = f"{shared}/Tex"
    if getattr(args, "file", None):
        self.text_dir = str(self.get_dir("media_dir") / "texts" / Path(args.file).stem)
    return self


class _Partials:
    """A warm render's partial movies, by animation number (one render at a time).

    ``made`` collects the partial movie each animation of this render wrote (a range of
    a scene's animations); an animation found in ``given`` (written by the ranges) is not
    drawn again: the render steps over it as Manim steps over the animations before
    ``-n START``, and takes the given file as its partial movie.
    """

    def __init__(self) -> None:
        self.made: dict[int, str] = {}
        self.given: dict[int, str] = {}
        #: Step over an animation as a render draws it: scene time advances frame by frame
        #: (Manim adds its whole run time at once), so what follows is timed the same.
        self.exact = False


PARTIALS = _Partials()
_play = CairoRenderer.play


def _play_with_partials(self: CairoRenderer, scene: Any, *args: Any, **kwargs: Any) -> None:
    number, start = self.num_plays, self.time
    given = PARTIALS.given.get(number)
    if given is None:
        _play(self, scene, *args, **kwargs)
        files = self.file_writer.partial_movie_files
        if len(files) > number and files[number] is not None:
            PARTIALS.made[number] = str(files[number])
    else:
        original = self._original_skipping_status
        self._original_skipping_status = True
        try:
            _play(self, scene, *args, **kwargs)
        finally:
            self._original_skipping_status = original
        writer = self.file_writer
        writer.partial_movie_files[number] = given
        writer.sections[-1].partial_movie_files[-1] = given
    if PARTIALS.exact and self.skip_animations:
        self.time = _drawn_time(self, scene, start)


def _drawn_time(self: CairoRenderer, scene: Any, start: float) -> float:
    """Scene time after the animation just stepped over, had it been drawn: a still wait
    adds its frames at once, anything else one frame at a time (``add_frame``)."""
    dt = 1 / self.camera.frame_rate
    if scene.is_current_animation_frozen_frame():
        return start + int(scene.duration / dt) * dt
    t = start
    for _ in np.arange(0, scene.duration, 1 / config["frame_rate"]):
        t += 1 * dt
    return t


def install() -> None:
    """Our settings and fixes, in this process (idempotent): what :func:`main` runs Manim
    with, for a warm worker that renders in its own process
    (:mod:`~entropy_explorer.pipeline.steps.warm`)."""
    manim_fixes.apply()
    SceneFileWriter.open_partial_movie_stream = _open_partial_with_keyframes  # type: ignore[method-assign]
    ManimConfig.digest_args = _digest_args_then_ours  # type: ignore[method-assign]
    CairoRenderer.play = _play_with_partials  # type: ignore[method-assign]


def main() -> None:
    install()
    sys.argv[0] = "manim"
    manim_main()


if __name__ == "__main__":
    main()
