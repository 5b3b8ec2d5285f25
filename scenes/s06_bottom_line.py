"""Section 6, "Bottom Line": three requirements, one formula, a unit, and what it means."""

from __future__ import annotations

import math

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    RoundedRectangle,
    Text,
    VGroup,
    Write,
)

from entropy_explorer.examples import UNLIKELY_EVENT
from entropy_explorer.infotheory import information
from entropy_explorer.mobjects.text import caption
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["BottomLineScene"]

#: The three requirements of section 2, in the article's order.
REQUIREMENTS = ("Monotonicity", "Additivity", "Continuity")
#: Units by logarithm base: (LaTeX for the log, base, unit name).
UNITS = ((r"-\log_2", 2.0, "bits"), (r"-\ln", math.e, "nats"))


def chip(text: str) -> VGroup:
    """A labelled rounded box."""
    label = Text(text, font=FONT, font_size=FONT_SIZE.BODY, color=TEXT_COLOR)
    box = RoundedRectangle(corner_radius=0.2, width=label.width + 0.7, height=label.height + 0.5,
                           color=MUTED_COLOR, stroke_width=2)
    return VGroup(box, label)


class BottomLineScene(SectionScene):
    """The recap: the axioms force -log p, the base picks the unit, information is surprise."""

    section = 6

    def body(self) -> None:
        self.requirements_to_formula()
        self.base_sets_unit()
        self.meaning()

    # -------------------------------------------------------------------- steps
    def requirements_to_formula(self) -> None:
        chips = VGroup(*[chip(t) for t in REQUIREMENTS]).arrange(RIGHT, buff=0.9)
        chips.to_edge(UP, buff=0.7)
        formula = MathTex(r"I(x)", r"=", r"-\log", r"p(x)", font_size=72)
        formula[0].set_color(INFORMATION_COLOR)
        formula[3].set_color(P_COLOR)
        formula.move_to(UP * 0.4)
        arrows = VGroup(*[
            Arrow(c.get_bottom(), formula.get_top() + UP * 0.1, buff=0.15, color=MUTED_COLOR,
                  stroke_width=3, max_tip_length_to_length_ratio=0.12)
            for c in chips
        ])
        self.narrate("Monotonicity, additivity and continuity lead us directly to I of x "
                     "equals minus log p of x.")
        self.play(LaggedStart(*[FadeIn(c, shift=DOWN * 0.2) for c in chips], lag_ratio=0.35),
                  run_time=2)
        self.play(LaggedStart(*[GrowArrow(a) for a in arrows], lag_ratio=0.2))
        self.play(Write(formula), run_time=1.5)
        self.wait_for_narration()
        n = self.say("bottom.requirements", len(REQUIREMENTS), "count", style="words")
        self.beat(f"{n.capitalize()} requirements, a single formula.")
        self.chips, self.arrows, self.formula = chips, arrows, formula

    def base_sets_unit(self) -> None:
        p = UNLIKELY_EVENT
        p_text = self.fmt("bottom.p", p, unit="probability", decimals=auto_decimals(p, 3))
        rows = VGroup()
        said: dict[str, str] = {}
        for tex, base, unit in UNITS:
            value = float(information(p, base))
            v_text = self.fmt(f"bottom.I_{unit}", value, unit=unit, decimals=2)
            said[unit] = self.say(f"bottom.I_{unit}", value, unit=unit, decimals=2)
            row = MathTex(tex, "(", p_text, r")", r"\approx", v_text, rf"\text{{ {unit}}}",
                          font_size=48)
            row[2].set_color(P_COLOR)
            row[5:].set_color(INFORMATION_COLOR)
            rows.add(row)
        self.declare_constants("2")  # the base of log_2
        rows.arrange(DOWN, buff=0.5).next_to(self.formula, DOWN, buff=1.0)
        for row in rows[1:]:  # line the approximately-equals signs up
            row.shift((rows[0][4].get_x() - row[4].get_x()) * RIGHT)
        names = VGroup(
            Text("base 2", font=FONT, font_size=FONT_SIZE.BODY, color=NOTE_COLOR),
            Text("base e", font=FONT, font_size=FONT_SIZE.BODY, color=NOTE_COLOR),
        )
        for name, row in zip(names, rows, strict=True):
            name.next_to(rows, LEFT, buff=0.6).set_y(row.get_y())
        self.declare_spoken("base two")  # the base that names the unit: notation
        odds = self.say("bottom.p", p, "probability", style="odds").replace(" ", "-")
        self.narrate(f"The base determines the unit: base two gives bits. The same {odds} "
                     f"event is about {said['bits']} bits, or {said['nats']} nats in base e.")
        self.play(FadeIn(names[0]), Write(rows[0]), run_time=1.5)
        self.play(self.pointer(rows[0][6]))
        self.until(0.6)
        self.play(FadeIn(names[1]), Write(rows[1]), run_time=1.5)
        self.play(self.pointer(rows[1][6]))
        self.wait_for_narration()
        self.beat("Changing the base only rescales the unit.")
        self.play(*[FadeOut(m) for m in (self.chips, self.arrows, rows, names)],
                  self.formula.animate.to_edge(UP, buff=0.9))

    def meaning(self) -> None:
        not_data = caption("not the amount of data", MUTED_COLOR)
        strike = Line(not_data.get_left(), not_data.get_right(), color=MUTED_COLOR,
                      stroke_width=3)
        but = VGroup(*[
            Text(line, font=FONT, font_size=FONT_SIZE.HEADING, color=INFORMATION_COLOR)
            for line in ("how unexpected an event was,", "and how much it told us")
        ]).arrange(DOWN, buff=0.25)
        VGroup(VGroup(not_data, strike), but).arrange(DOWN, buff=0.7).next_to(
            self.formula, DOWN, buff=0.9)
        strike.move_to(not_data)
        closing = VGroup(*[caption(w, NOTE_COLOR) for w in ("surprise", "learning",
                                                             "uncertainty")])
        closing.arrange(RIGHT, buff=0.9).to_edge(DOWN, buff=0.9)
        self.narrate("Information isn't about the amount of data; it's about how unexpected "
                     "an event was, and how much it told us.")
        self.play(FadeIn(not_data))
        self.play(Create(strike))
        self.play(Write(but), run_time=2)
        self.play(Indicate(self.formula, color=INFORMATION_COLOR, scale_factor=1.08))
        self.wait_for_narration()
        self.narrate("Information theory becomes less about abstract formulas, and more about "
                     "surprise, learning, and the structure of uncertainty.")
        self.play(self.pointer(self.formula, "circumscribe", MUTED_COLOR))
        self.until(0.45)
        self.play(LaggedStart(*[FadeIn(w, shift=UP * 0.2) for w in closing], lag_ratio=0.6),
                  run_time=2.5)
        self.wait_for_narration()
