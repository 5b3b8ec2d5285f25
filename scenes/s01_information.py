"""Section 1, "Information (in the Shannon Sense)": the surprise curve I(p) = -log2 p."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UR,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from entropy_explorer.examples import SURPRISE_LANDMARKS
from entropy_explorer.infotheory import information
from entropy_explorer.mobjects.surprise import SurpriseCurve
from entropy_explorer.mobjects.text import caption
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
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
        gloss = caption("uncertainty resolved", TEXT_COLOR)
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
        self.declare_spoken("log base two")  # the base names the unit: notation
        self.narrate("Shannon made it precise: the information of an event x is minus log "
                     "base two of its probability, measured in bits.")
        self.play(Write(formula), run_time=1.5)
        # "minus log base two of its probability, measured in bits": each part as it is named
        self.until(0.55)
        self.play(self.pointer(formula[2]), self.pointer(formula[3], color=P_COLOR))
        self.until(0.85)
        self.play(self.pointer(formula[0]))
        self.beat("Likely events teach little; unlikely ones teach a lot.")
        self.play(FadeOut(quote), FadeOut(gloss),
                  formula.animate.scale(0.7).to_corner(UR, buff=0.6))
        self.formula = formula

    def show_axes(self) -> None:
        surprise = SurpriseCurve(p_min=P_MIN, font_size=FONT_SIZE.LABEL)
        surprise.to_edge(DOWN, buff=0.8).shift(LEFT * 1.9)
        self.declare_constants(*surprise.tick_texts)
        self.narrate("Put probability on the horizontal axis and information, in bits, "
                     "on the vertical one.")
        self.play(Create(surprise.axes), FadeIn(surprise.labels), run_time=2)
        self.surprise = surprise
        self.axes = surprise.axes

    def trace_curve(self) -> None:
        certain = max(SURPRISE_LANDMARKS)
        zero = self.say(f"information.landmark.I_{certain:g}", information(certain), style="words")
        self.narrate(f"The curve falls from many bits for rare events to {zero} bits for a "
                     "certain one.")
        self.play(Create(self.surprise.curve), run_time=3, rate_func=smooth)
        self.wait_for_narration()

    def visit_landmarks(self) -> None:
        p = ValueTracker(1.0)
        tracker = self.surprise.tracking_dot(p)
        p_readout = self.readout("information.p", p.get_value, label=r"p =", unit="probability",
                                 decimals=3, color=P_COLOR, font_size=FONT_SIZE.HEADING)
        i_readout = self.readout("information.I", lambda: float(information(p.get_value())),
                                 label=r"I(p) =", unit="bits", decimals=2, color=INFORMATION_COLOR,
                                 font_size=FONT_SIZE.HEADING)
        panel = VGroup(p_readout, i_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.to_edge(RIGHT, buff=0.9).shift(UP * 0.6)
        self.narrate("Follow a single event as its probability changes.")
        self.play(FadeIn(tracker), FadeIn(panel))
        self.wait_for_narration()

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
            label = MathTex(rf"I({p_text}) {approx} {i_text}{unit}", font_size=FONT_SIZE.CAPTION,
                            color=INFORMATION_COLOR)
            marker = self.surprise.marker(target)
            self.surprise.label_beside(label, target)
            self.narrate(self.landmark_note(target, bits))
            self.play(FadeIn(marker, scale=1.5), FadeIn(label, shift=UP * 0.1))
            self.wait_for_narration()
        self.beat("Rarer events sit higher on the curve.")
        self.p = p

    def landmark_note(self, p: float, bits: float) -> str:
        """What the narration says at the landmark ``p`` (``bits`` = I(p)), from the module."""
        key = f"information.landmark.I_{p:g}"
        if bits == 0:
            return "A certain event: no surprise at all."
        if bits == 1:  # p = 1/2: a fair coin
            one = self.say(key, bits, style="words")
            return f"A fair coin's outcome: {one} yes/no question, {one} bit."
        if auto_decimals(bits) == 0:  # p = 1/2^k: one of 2^k equally likely outcomes
            n = self.say(f"information.landmark.outcomes_{p:g}", 1 / p, "count", style="words")
            k = self.say(key, bits, style="words")
            return f"Any one of {n} equally likely outcomes: {k} bits."
        odds = self.say(f"information.landmark.p_{p:g}", p, "probability", style="odds")
        hedge = "almost" if round(bits) > bits else "about"  # 9.97 is almost ten
        whole = self.say(f"{key}.rounded", round(bits), style="words")
        return f"A {odds.replace(' ', '-')} event: {hedge} {whole} bits."

    def conclude(self) -> None:
        self.narrate("Likely events carry little information; rare events carry a lot. "
                     "Information measures surprise.")
        self.play(self.p.animate.set_value(0.25), run_time=2)
        takeaway = caption("information measures surprise", INFORMATION_COLOR)
        takeaway.to_edge(RIGHT, buff=0.8).shift(DOWN * 0.6)
        self.play(Write(takeaway))
        self.wait_for_narration()
