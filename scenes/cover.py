"""The blog cover: a distribution drifting between flat and sharp, its entropy on a gauge.

Rendered by ``make gif`` (``entropy-explorer gif``) at the social-card size. The scene is
one seamless loop: every frame is a function of the loop phase, which runs linearly from
0 to 1, so the frame after the last one is the first one again. No title card, no
narration.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    MathTex,
    Scene,
    ValueTracker,
    VGroup,
    config,
    linear,
)

from entropy_explorer.examples import COVER_DRIFT
from entropy_explorer.infotheory import entropy, softmax
from entropy_explorer.mobjects import DistributionBars, Gauge
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import ENTROPY_COLOR, FONT_SIZE, P_COLOR

__all__ = ["CoverScene", "drift_probs"]


def drift_probs(phase: float) -> np.ndarray:
    """The cover's distribution at loop phase ``phase`` (period 1).

    The logits ``cos(2 pi (i / n - phase))`` carry the peak once round the outcomes; the
    sharpness rises from 0 (flat) to ``sharpness_max`` and back ``breaths`` times.
    """
    d = COVER_DRIFT
    angles = 2 * math.pi * (np.arange(d.n) / d.n - phase)
    sharpness = d.sharpness_max * (1 - math.cos(2 * math.pi * d.breaths * phase)) / 2
    return softmax(sharpness * np.cos(angles))


class CoverScene(SectionScene):
    """Bars drifting between flat and sharp while the entropy gauge and readout follow."""

    section = 0

    def render(self, *args: Any, **kwargs: Any) -> None:
        """Render as a plain scene: the cover is a loop, not a slide deck."""
        if config.dry_run or config.save_last_frame:
            super().render(*args, **kwargs)  # the base scene's quiet, file-free path
        else:
            Scene.render(self, *args, **kwargs)

    def construct(self) -> None:
        self.build()
        self.drift()

    def build(self) -> None:
        """Everything on screen from the first frame (a loop cannot fade in)."""
        self.phase = ValueTracker(0.0)

        def probs() -> np.ndarray:
            return drift_probs(self.phase.get_value())

        half_h = self.camera.frame_height / 2
        formula = MathTex(r"H(P)", r"=", r"-\sum_x", r"p(x)", r"\log_2", r"p(x)",
                          font_size=FONT_SIZE.TITLE)
        formula[0].set_color(ENTROPY_COLOR)
        VGroup(formula[3], formula[5]).set_color(P_COLOR)
        formula.move_to([0, half_h - 0.95, 0])
        self.declare_constants("2")

        bars = DistributionBars([str(i) for i in range(COVER_DRIFT.n)], probs(), color=P_COLOR,
                                max_height=5.2, bar_width=0.62, spacing=0.24,
                                show_values=False, show_labels=False)
        bars.shift([-2.9, -half_h + 0.6, 0] - bars.baseline.get_center())
        bars.add_updater(lambda m: m.set_values(probs()))

        h_max = math.log2(COVER_DRIFT.n)
        ticks = tuple(float(k) for k in range(int(h_max) + 1))
        labels = tuple(str(int(k)) for k in ticks)
        self.declare_constants(*labels)
        gauge = Gauge(h_max, value=entropy(probs()), radius=2.0, stroke_width=22,
                      color=ENTROPY_COLOR, ticks=ticks, tick_labels=labels,
                      font_size=FONT_SIZE.LABEL)
        gauge.shift([4.0, -0.6, 0] - gauge.center_point)
        gauge.add_updater(lambda m: m.set_value(entropy(probs())))
        readout = self.readout("cover.H", lambda: entropy(probs()), label="H =", unit="bits",
                               decimals=2, color=ENTROPY_COLOR, font_size=FONT_SIZE.TITLE)
        readout.next_to(gauge.pivot, DOWN, buff=0.55)
        readout.shift(LEFT * (readout.get_center()[0] - gauge.center_point[0]))
        self.add(formula, bars, gauge, readout)
        self.parts = VGroup(formula, bars, gauge, readout)

    def drift(self) -> None:
        """One loop: the phase runs linearly from 0 to 1 over ``COVER_DRIFT.seconds``."""
        self.play(self.phase.animate.set_value(1.0), run_time=COVER_DRIFT.seconds,
                  rate_func=linear)
