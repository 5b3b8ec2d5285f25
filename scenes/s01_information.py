"""Section 1, "Information (in the Shannon Sense)": the surprise curve I(p) = -log2 p."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.examples import SURPRISE_LANDMARKS
from entropy_explorer.infotheory import information
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["InformationScene"]

#: Smallest probability on the plot: the rarest landmark.
P_MIN = min(SURPRISE_LANDMARKS)


class InformationScene(SectionScene):
    """The surprise curve, a dot travelling along it, and the article's landmarks."""

    section = 1

    def body(self) -> None:
        self.state_the_idea()
        self.show_axes()
        self.trace_curve()
        self.visit_landmarks()
        self.conclude()

    # -------------------------------------------------------------------- steps
    def state_the_idea(self) -> None:
        quote = Text("Information measures surprise", font=FONT, font_size=FONT_SIZE.HEADING,
                     color=INFORMATION_COLOR)
        gloss = Text("how much uncertainty is resolved when an event occurs", font=FONT,
                     font_size=FONT_SIZE.BODY, color=TEXT_COLOR)
        VGroup(quote, gloss).arrange(DOWN, buff=0.4).shift(UP * 0.8)
        self.narrate("Information measures surprise: how much uncertainty is resolved "
                     "when an event occurs.")
        self.play(Write(quote), run_time=1.5)
        self.play(FadeIn(gloss, shift=UP * 0.2))
        self.wait_for_narration()

        formula = MathTex(r"I(x)", r"=", r"-\log_2", r"p(x)", font_size=64)
        formula[0].set_color(INFORMATION_COLOR)
        formula[3].set_color(P_COLOR)
        formula.next_to(gloss, DOWN, buff=0.8)
        self.declare_constants("2")
        self.narrate("Shannon made it precise: the information of an event x is minus log "
                     "base two of its probability, measured in bits.")
        self.play(Write(formula), run_time=1.5)
        self.beat("Likely events teach little; unlikely ones teach a lot.")
        self.play(FadeOut(quote), FadeOut(gloss),
                  formula.animate.scale(0.7).to_corner(UL, buff=0.5))
        self.formula = formula

    def show_axes(self) -> None:
        axes = Axes(
            x_range=[0, 1, 0.25],
            y_range=[0, 10, 2],
            x_length=7.2,
            y_length=5.0,
            tips=False,
            axis_config={"color": MUTED_COLOR, "include_numbers": True,
                         "font_size": FONT_SIZE.SMALL},
            x_axis_config={"decimal_number_config": {"num_decimal_places": 2}},
            y_axis_config={"decimal_number_config": {"num_decimal_places": 0}},
        ).to_edge(DOWN, buff=0.8).shift(LEFT * 1.9)
        x_label = MathTex(r"p", font_size=FONT_SIZE.BODY, color=P_COLOR).next_to(axes.x_axis, RIGHT, buff=0.2)
        y_label = Text("I(p) in bits", font=FONT, font_size=FONT_SIZE.SMALL,
                       color=INFORMATION_COLOR).next_to(axes.y_axis, UP, buff=0.2)
        self.declare_constants("0.25", "0.50", "0.75", "1.00", "0", "2", "4", "6", "8", "10")
        self.narrate("Put probability on the horizontal axis and information, in bits, "
                     "on the vertical one.")
        self.play(Create(axes), FadeIn(x_label), FadeIn(y_label), run_time=2)
        self.axes = axes

    def trace_curve(self) -> None:
        curve = self.axes.plot(
            lambda p: float(information(p)),
            x_range=[P_MIN, 1.0],
            use_smoothing=False,
            discontinuities=None,
            color=INFORMATION_COLOR,
            stroke_width=5,
        )
        # Sample densely near p = 0, where the curve is steep.
        ps = np.concatenate([np.geomspace(P_MIN, 0.05, 80), np.linspace(0.05, 1.0, 60)[1:]])
        curve.set_points_as_corners([self.axes.c2p(p, float(information(p))) for p in ps])
        curve.make_smooth()
        self.narrate("The curve falls from many bits for rare events to zero bits for a "
                     "certain one.")
        self.play(Create(curve), run_time=3, rate_func=smooth)
        self.wait_for_narration()
        self.curve = curve

    def visit_landmarks(self) -> None:
        p = ValueTracker(1.0)
        dot = always_redraw(lambda: Dot(
            self.axes.c2p(p.get_value(), float(information(p.get_value()))),
            color=TEXT_COLOR, radius=0.09))
        guide = always_redraw(lambda: DashedLine(
            self.axes.c2p(p.get_value(), 0),
            self.axes.c2p(p.get_value(), float(information(p.get_value()))),
            color=MUTED_COLOR, stroke_width=2))
        p_readout = self.readout("information.p", p.get_value, label=r"p =", unit="probability",
                                 decimals=3, color=P_COLOR)
        i_readout = self.readout("information.I", lambda: float(information(p.get_value())),
                                 label=r"I(p) =", unit="bits", decimals=2, color=INFORMATION_COLOR)
        panel = VGroup(p_readout, i_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.to_edge(RIGHT, buff=0.9).shift(UP * 1.6)
        self.narrate("Follow one event as its probability changes.")
        self.play(GrowFromCenter(dot), Create(guide), FadeIn(panel))
        self.wait_for_narration()

        notes = {
            1.0: "A certain event: no surprise at all.",
            0.5: "A fair coin's outcome: one yes/no question, one bit.",
            0.125: "One of eight equally likely outcomes: three bits.",
            P_MIN: "A one-in-a-thousand event: almost ten bits.",
        }
        for target in sorted(SURPRISE_LANDMARKS, reverse=True):
            bits = float(information(target))
            if target != 1.0:
                self.play(p.animate.set_value(target), run_time=2.5, rate_func=smooth)
            p_text = self.fmt(f"information.landmark.p_{target:g}", target, unit="probability",
                              decimals=auto_decimals(target, 3))
            i_text = self.fmt(f"information.landmark.I_{target:g}", bits, unit="bits",
                              decimals=auto_decimals(bits, 2))
            approx = "=" if auto_decimals(bits, 2) < 2 else r"\approx"
            unit = r"\text{ bit}" if i_text == "1" else r"\text{ bits}"
            label = MathTex(rf"I({p_text}) {approx} {i_text}{unit}", font_size=FONT_SIZE.LABEL,
                            color=INFORMATION_COLOR)
            marker = Dot(self.axes.c2p(target, bits), color=INFORMATION_COLOR, radius=0.07)
            self.place_label(label, target, bits)
            self.narrate(notes.get(target, ""))
            self.play(FadeIn(marker, scale=1.5), FadeIn(label, shift=UP * 0.1))
            self.wait_for_narration()
        self.beat("Rarer events sit higher on the curve.")
        self.p = p

    def place_label(self, label: MathTex, p: float, bits: float) -> None:
        point = self.axes.c2p(p, bits)
        if p >= 0.99:
            label.next_to(point, UP + LEFT * 0.3, buff=0.25)
        elif p >= 0.4:
            label.next_to(point, UP + RIGHT * 0.2, buff=0.2)
        else:
            label.next_to(point, RIGHT, buff=0.3)

    def conclude(self) -> None:
        self.narrate("Likely events carry little information; rare events carry a lot. "
                     "Information measures surprise.")
        self.play(self.p.animate.set_value(0.25), run_time=2)
        takeaway = Text("information measures surprise", font=FONT, font_size=FONT_SIZE.BODY,
                        color=INFORMATION_COLOR)
        takeaway.to_edge(RIGHT, buff=0.8).shift(DOWN * 0.6)
        self.play(Write(takeaway))
        self.wait_for_narration()
