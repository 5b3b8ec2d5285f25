"""``python -m entropy_explorer.pipeline.steps.manim_entry ARGS``: Manim's command line,
set up for publishing.

Manim 0.21 encodes each animation (a partial movie) with libx264 at its defaults, so a
long animation has keyframes only every 250 frames (over 16 s at 15 fps); video sites
and seeking want one at least every 2 s. This entry point adds the keyframe interval
(``g``) to the encoder options of every partial movie, then runs Manim's own CLI. It also
turns off Manim's check for a newer release (a network round trip, or a time-out
offline, per scene). Nothing else changes: the same frames, the same files.
"""

from __future__ import annotations

import sys
from typing import Any

from manim import config
from manim.__main__ import main as manim_main
from manim.scene.scene_file_writer import SceneFileWriter

from entropy_explorer.pipeline.leaves.media import keyframe_interval

__all__ = ["main"]

_open_partial = SceneFileWriter.open_partial_movie_stream


def _open_partial_with_keyframes(self: SceneFileWriter, *args: Any, **kwargs: Any) -> None:
    _open_partial(self, *args, **kwargs)
    job = getattr(self, "_current_encode_job", None)
    if job is not None and job.stream.codec_context.name == "libx264":
        cc = job.stream.codec_context
        cc.options = {**cc.options, "g": str(keyframe_interval(config.frame_rate))}


def main() -> None:
    SceneFileWriter.open_partial_movie_stream = _open_partial_with_keyframes  # type: ignore[method-assign]
    config.notify_outdated_version = False
    sys.argv[0] = "manim"
    manim_main()


if __name__ == "__main__":
    main()
