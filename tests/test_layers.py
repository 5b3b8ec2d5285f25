"""The finer static/moving split (``entropy_explorer.layers``) draws exactly Manim's frames.

A small scene is rendered twice at a tiny size, once by ``SectionScene`` (with the split) and
once with Manim's own split, and every frame is compared byte for byte. The scene has a
moving square first in the drawing order (so Manim redraws everything after it), a static
circle far from it (drawn once by the split), and a static bar that the square later runs
into (the split must notice and go back to Manim's way for the rest of that animation).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pytest
from manim import (
    LEFT,
    RIGHT,
    UP,
    Circle,
    Rectangle,
    Scene,
    Square,
    ValueTracker,
    config,
    tempconfig,
)

from entropy_explorer.layers import Split
from entropy_explorer.scene import SectionScene


class _Probe(SectionScene):
    section = 1

    def construct(self) -> None:
        t = ValueTracker(0.0)
        square = Square(0.5, fill_opacity=1.0).move_to(LEFT * 4)
        square.add_updater(lambda m: m.move_to(LEFT * 4 + RIGHT * t.get_value()))
        circle = Circle(0.4, color="#FF0000", fill_opacity=0.5).move_to(UP * 2.5 + RIGHT * 4)
        bar = Rectangle(width=0.3, height=2.0, fill_opacity=1.0, color="#00FF00").move_to(LEFT * 1)
        self.add(square, circle, bar)
        self.play(t.animate.set_value(1.0), run_time=1)  # the square stays clear of the bar
        self.splits.append(self._split)
        self.play(t.animate.set_value(4.0), run_time=1)  # and then runs over it
        self.splits.append(self._split)


def _frames(manim_split: bool) -> tuple[list[str], list[Split | None]]:
    hashes: list[str] = []
    with tempconfig({"pixel_width": 192, "pixel_height": 108, "frame_rate": 15,
                     "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none",
                     "write_to_movie": False}):
        scene = _Probe()
        scene.splits = []  # type: ignore[attr-defined]
        config.write_to_movie = False  # a Slide turns it on; frames are hashed, not encoded
        if manim_split:
            scene.get_moving_and_static_mobjects = (  # type: ignore[method-assign]
                lambda animations: Scene.get_moving_and_static_mobjects(scene, animations))

        def add_frame(frame: np.ndarray, num_frames: int = 1, **_: Any) -> None:
            hashes.append(hashlib.md5(frame.tobytes()).hexdigest())

        scene.renderer.add_frame = add_frame  # type: ignore[method-assign]
        scene.renderer.file_writer.write_subcaption_file = lambda: None  # type: ignore[method-assign]
        Scene.render(scene)
    return hashes, scene.splits  # type: ignore[attr-defined]


@pytest.mark.slow
def test_split_draws_manims_frames_and_falls_back_on_overlap() -> None:
    ours, splits = _frames(manim_split=False)
    theirs, _ = _frames(manim_split=True)
    assert len(ours) == len(theirs) > 20
    assert ours == theirs
    first, second = splits
    # The first animation kept the circle and the bar in the background; the second ran
    # the square into the bar and went back to Manim's split.
    assert first is not None and len(first.promoted) >= 2
    assert second is None


def test_split_promotes_only_what_no_earlier_moving_mobject_touches() -> None:
    from entropy_explorer.layers import StaticLayers

    moving = Square(1.0).move_to(LEFT * 3)
    far = Circle(0.5).move_to(RIGHT * 3)
    near = Circle(0.5).move_to(LEFT * 2.6)
    order = [moving, far, near]
    split = StaticLayers.split(order, order, [], {id(moving)})
    assert split is not None
    assert split.promoted == [far]
    assert split.moving == [moving, near]
    assert split.still_valid()
    moving.move_to(RIGHT * 3)  # now over the background circle
    assert not split.still_valid()
    moving.move_to(LEFT * 3)
    far.shift(UP)  # a background mobject changed
    assert not split.still_valid()
