"""Section 3, "Bits, Information and Probability": a certain event against an unlikely one."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from entropy_explorer.examples import SURPRISE_LANDMARKS, UNLIKELY_EVENT
from entropy_explorer.mobjects.surprise import SurpriseCurve
from entropy_explorer.mobjects.text import caption
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT_SIZE,
    INFORMATION_COLOR,
    P_COLOR,
)

__all__ = ["BitsScene"]

#: The certain event.
CERTAIN = SURPRISE_LANDMARKS[0]
#: Left edge of the column of equations.
EQ_X = 1.1


class BitsScene(SectionScene):
    """Zero bits for a certain event, almost ten for a one-in-a-thousand event."""

    section = 3

    def body(self) -> None:
        self.show_curve()
        self.certain_event()
        self.unlikely_event()
        self.count_the_bits()
        self.conclude()

    # -------------------------------------------------------------------- steps
    def show_curve(self) -> None:
        surprise = SurpriseCurve(p_min=UNLIKELY_EVENT, x_length=5.6, y_length=5.2,
                                 font_size=FONT_SIZE.LABEL)
        surprise.to_edge(LEFT, buff=0.5).to_edge(DOWN, buff=0.6)
        self.declare_constants(*surprise.tick_texts)
        self.declare_spoken("log two", "two to the", "one over p")  # notation: base and 1/p
        self.narrate("Information has a few intuitive properties. Put a certain event and an "
                     "unlikely one on the surprise curve.")
        self.play(Create(surprise.axes), FadeIn(surprise.labels), run_time=1.5)
        self.play(Create(surprise.curve), run_time=2, rate_func=smooth)
        self.wait_for_narration()
        self.surprise = surprise

    def equation(self, key: str, p: float, claim: str) -> VGroup:
        """``I(x) = -log2(p)`` over ``= I bits`` (or ``≈``), recorded under the claim's id."""
        bits = self.surprise.info(p)
        dec = auto_decimals(bits, 2)
        p_text = self.fmt(f"bits.{key}.p", p, unit="probability", decimals=auto_decimals(p, 3))
        i_text = self.fmt(claim, bits, unit="bits", decimals=dec)
        self.declare_constants("2")  # log base
        top = MathTex(r"I(x)", r"=", r"-\log_2(", p_text, r")", font_size=FONT_SIZE.HEADING)
        top[3].set_color(P_COLOR)
        rel = "=" if dec == 0 else r"\approx"
        bottom = MathTex(rel, i_text, r"\text{ bits}", font_size=FONT_SIZE.HEADING,
                         color=INFORMATION_COLOR)
        bottom.next_to(top, DOWN, buff=0.3).align_to(top[1], LEFT)
        top[0].set_color(INFORMATION_COLOR)
        return VGroup(top, bottom)

    def certain_event(self) -> None:
        eq = self.equation("certain", CERTAIN, "bits.certain_event")
        eq.move_to([0, 2.6, 0]).to_edge(RIGHT, buff=0.6).align_to([EQ_X, 0, 0], LEFT)
        gloss = caption("no surprise").next_to(eq, DOWN, buff=0.3).align_to(eq, LEFT)
        marker = self.surprise.marker(CERTAIN, color=INFORMATION_COLOR, radius=0.1)
        one = self.say("bits.certain.p", CERTAIN, "probability", style="words")
        zero = self.say("bits.certain_event", self.surprise.info(CERTAIN), style="words")
        self.narrate(f"If an event is certain, p equals {one}, its information is minus log two "
                     f"of {one}: {zero} bits.")
        self.play(FadeIn(marker, scale=2))
        # "its information is minus log two of one: zero bits": each part as it is said
        self.until(0.3)
        self.play(Write(eq[0]), run_time=1.5)
        self.until(0.8)
        self.play(Write(eq[1]), self.pointer(marker), run_time=1.0)
        self.wait_for_narration()
        self.narrate("You gain nothing: it was expected.")
        self.play(FadeIn(gloss, shift=UP * 0.1))
        zero = self.say("bits.certain_event", self.surprise.info(CERTAIN), style="words")
        self.beat(f"A certain event: {zero} bits.")
        self.certain = VGroup(eq, gloss)

    def unlikely_event(self) -> None:
        p = ValueTracker(CERTAIN)
        tracker = self.surprise.tracking_dot(p)
        p_readout = self.readout("bits.p", p.get_value, label="p =", unit="probability",
                                 decimals=3, color=P_COLOR, font_size=FONT_SIZE.CAPTION)
        i_readout = self.readout("bits.I", lambda: self.surprise.info(p.get_value()),
                                 label="I(p) =", unit="bits", decimals=2,
                                 color=INFORMATION_COLOR, font_size=FONT_SIZE.CAPTION)
        panel = VGroup(p_readout, i_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panel.move_to(self.surprise.axes.c2p(0.68, 7.5))
        eq = self.equation("unlikely", UNLIKELY_EVENT, "bits.unlikely_event")
        eq.next_to(self.certain, DOWN, buff=0.5).align_to(self.certain, LEFT)
        gloss = caption("highly informative")
        gloss.next_to(eq, DOWN, buff=0.3).align_to(eq, LEFT)

        bits = self.surprise.info(UNLIKELY_EVENT)
        odds = self.say("bits.unlikely.p", UNLIKELY_EVENT, "probability", style="odds")
        self.narrate(f"Now an unlikely event: p equals {odds}.")
        self.play(FadeIn(tracker), FadeIn(panel))
        self.play(p.animate.set_value(UNLIKELY_EVENT), run_time=4, rate_func=smooth)
        self.play(FadeIn(self.surprise.marker(UNLIKELY_EVENT, radius=0.1), scale=2))
        fraction = self.say("bits.unlikely.p", UNLIKELY_EVENT, "probability", style="fraction")
        dec = auto_decimals(bits, 2)
        said = self.say("bits.unlikely_event", bits, decimals=dec)
        about = "about " if dec == 2 else ""  # rounded, as the picture's approximately-equals
        self.narrate(f"Minus log two of {fraction} is {about}{said} bits.")
        self.play(Write(eq), run_time=1.5)
        self.wait_for_narration()
        self.narrate("Its occurrence is surprising and highly informative.")
        self.play(FadeIn(gloss, shift=UP * 0.1))
        odds = self.say("bits.unlikely.p", UNLIKELY_EVENT, "probability", style="odds")
        self.beat(f"A {odds.replace(' ', '-')} event: {self.roughly(bits)} bits.")
        self.unlikely = VGroup(eq, gloss)
        self.panel = panel

    def roughly(self, bits: float) -> str:
        """``bits`` rounded to a whole number, said ("almost ten"), for the current line."""
        hedge = "almost" if round(bits) > bits else "about"  # 9.97 is almost ten
        return f"{hedge} {self.say('bits.unlikely_event.rounded', round(bits), style='words')}"

    def count_the_bits(self) -> None:
        bits = self.surprise.info(UNLIKELY_EVENT)
        b_text = self.fmt("bits.unlikely_event", bits, unit="bits", decimals=2)
        n_text = self.fmt("bits.unlikely.outcomes", 1 / UNLIKELY_EVENT, unit="count", decimals=0)
        count = MathTex(rf"2^{{{b_text}}}", r"\approx", n_text, r"=", r"\frac{1}{p}",
                        font_size=FONT_SIZE.HEADING)
        count[0].set_color(INFORMATION_COLOR)
        count[4].set_color(P_COLOR)
        self.declare_constants("1")
        count.next_to(self.unlikely, DOWN, buff=0.45).align_to(self.unlikely, LEFT)
        outcomes = self.say("bits.unlikely.outcomes", 1 / UNLIKELY_EVENT, "count", style="words")
        power = self.say("bits.unlikely_event", bits)
        self.narrate(f"{self.roughly(bits).capitalize()} yes/no answers: two to the {power} is about "
                     f"{outcomes}, one over p.")
        self.play(Write(count), run_time=1.5)
        self.play(Indicate(count[0], color=INFORMATION_COLOR))
        self.wait_for_narration()
        self.count = count

    def conclude(self) -> None:
        zero = self.say("bits.certain_event", self.surprise.info(CERTAIN), style="words")
        self.narrate(f"Certain events sit at {zero} bits; rare events climb the curve.")
        self.play(Indicate(self.certain[0], color=INFORMATION_COLOR),
                  Indicate(self.unlikely[0], color=INFORMATION_COLOR), run_time=1.5)
        self.wait_for_narration()
        self.play(FadeOut(self.panel))
