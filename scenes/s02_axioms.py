"""Section 2, "Why use log p? An Axiomatic Approach": three axioms force I(p) = -k log_b p."""

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
    Line,
    MathTex,
    NumberLine,
    Rectangle,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.examples import FAIR_COIN, GUESS_SMALL, SURPRISE_LANDMARKS
from entropy_explorer.infotheory import information
from entropy_explorer.mobjects.surprise import SurpriseCurve
from entropy_explorer.mobjects.text import caption, label, title
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["AxiomsScene"]

#: Two independent events: a fair coin lands heads, and a guess from 1 to 8 is right.
P_COIN = FAIR_COIN.p_heads
Q_GUESS = GUESS_SMALL.p
#: Height of the unit square that pictures probability as area.
SQUARE = 3.6


class AxiomsScene(SectionScene):
    """Rarity, additivity and continuity, then the one family of functions that obeys them."""

    section = 2

    def body(self) -> None:
        self.pose_the_question()
        self.axiom_rarity()
        self.axiom_additivity()
        self.axiom_continuity()
        self.only_solution()
        self.choose_bits()

    # -------------------------------------------------------------------- steps
    def pose_the_question(self) -> None:
        question = MathTex(r"I(p)", r"=", r"\;?", font_size=72)
        question[0].set_color(INFORMATION_COLOR)
        gloss = caption("the information of an event of probability p")
        VGroup(question, gloss).arrange(DOWN, buff=0.5)
        # The axioms' numbers and how many there are: labels, not results.
        self.declare_spoken("three requirements", "axiom one", "axiom two", "axiom three",
                            "A1", "A2", "A3")
        self.narrate("Why minus log p? It follows from a few reasonable assumptions about "
                     "information.")
        self.play(Write(question), run_time=1.5)
        self.play(FadeIn(gloss, shift=UP * 0.2))
        self.beat("Three requirements, then the answer.")
        self.play(FadeOut(question), FadeOut(gloss))

    def axiom_rarity(self) -> None:
        heading = title("A1: rarity implies more information")
        self.declare_constants("1", "2", "3")  # the axiom labels A1, A2, A3
        line = NumberLine(x_range=[0, 1, 0.5], length=8.0, color=MUTED_COLOR,
                          include_numbers=True, font_size=FONT_SIZE.CAPTION,
                          decimal_number_config={"num_decimal_places": 1})
        self.declare_constants("0.0", "0.5", "1.0")
        line.move_to(LEFT * 1.9 + DOWN * 1.2)
        p_name = MathTex("p", font_size=FONT_SIZE.HEADING, color=P_COLOR).next_to(line, RIGHT, buff=0.3)
        p = ValueTracker(SURPRISE_LANDMARKS[0])
        knob = always_redraw(lambda: MathTex(r"\blacktriangledown", color=P_COLOR, font_size=FONT_SIZE.HEADING)
                             .next_to(line.n2p(p.get_value()), UP, buff=0.05))
        # An unlabelled meter: its height is I(p), but no formula has been chosen yet.
        scale = 1.0
        meter_base = RIGHT * 4.9 + DOWN * 2.2
        meter = always_redraw(lambda: Rectangle(
            width=1.2, height=max(scale * float(information(p.get_value())), 1e-3),
            fill_color=INFORMATION_COLOR, fill_opacity=0.85, stroke_width=0,
        ).move_to(meter_base, aligned_edge=DOWN))
        floor = Line(meter_base + LEFT * 0.9, meter_base + RIGHT * 0.9, color=MUTED_COLOR)
        meter_label = caption("information", INFORMATION_COLOR).next_to(floor, DOWN, buff=0.2)
        p_readout = self.readout("axioms.a1.p", p.get_value, label="p =", unit="probability",
                                 decimals=3, color=P_COLOR, font_size=FONT_SIZE.TITLE)
        p_readout.next_to(line, UP, buff=1.8)

        self.narrate("Axiom one: the rarer an event, the more information it conveys. "
                     "I(p) decreases as p grows.")
        self.play(Write(heading), Create(line), FadeIn(p_name), FadeIn(knob), FadeIn(p_readout),
                  Create(floor), FadeIn(meter), FadeIn(meter_label))
        for target in (P_COIN, Q_GUESS):
            self.play(p.animate.set_value(target), run_time=2, rate_func=smooth)
            self.wait(0.3)
        self.wait_for_narration()

        certain = SURPRISE_LANDMARKS[0]
        p1 = self.fmt("axioms.a1.certain_p", certain, unit="probability", decimals=0)
        i1 = self.fmt("axioms.certain_event", information(certain), unit="bits", decimals=0)
        rule = MathTex(rf"I({p1})", r"=", i1, font_size=FONT_SIZE.TITLE, color=INFORMATION_COLOR)
        rule.next_to(p_readout, DOWN, buff=0.45)
        said_p1 = self.say("axioms.a1.certain_p", certain, "probability", style="words")
        self.narrate(f"A certain event, p equal to {said_p1}, conveys no information.")
        self.play(p.animate.set_value(certain), run_time=2, rate_func=smooth)
        self.play(Write(rule))
        note_p1 = self.say("axioms.a1.certain_p", certain, "probability", decimals=0)
        note_i1 = self.say("axioms.certain_event", information(certain), decimals=0)
        self.beat(f"A1: I decreases in p, and I({note_p1}) = {note_i1}.")
        self.play(*[FadeOut(m) for m in (heading, line, p_name, knob, p_readout, floor, meter,
                                          meter_label, rule)])

    def axiom_additivity(self) -> None:
        heading = title("A2: additivity for independent events")
        # Probability as area: the coin splits the square in two, the guess in eight.
        n_cols = round(1 / P_COIN)
        n_rows = round(1 / Q_GUESS)
        square = Rectangle(width=SQUARE, height=SQUARE, color=MUTED_COLOR, stroke_width=2)
        square.move_to(LEFT * 4.0 + DOWN * 0.2)
        cols = VGroup(*[
            Rectangle(width=SQUARE / n_cols, height=SQUARE, stroke_width=1, stroke_color=MUTED_COLOR)
            .move_to(square.get_corner(UP + LEFT) + RIGHT * SQUARE / n_cols * (i + 0.5) + DOWN * SQUARE / 2)
            for i in range(n_cols)
        ])
        rows = VGroup(*[
            Line(square.get_left() + UP * (SQUARE / 2 - SQUARE / n_rows * j),
                 square.get_right() + UP * (SQUARE / 2 - SQUARE / n_rows * j),
                 stroke_width=1, color=MUTED_COLOR)
            for j in range(1, n_rows)
        ])
        heads = cols[0].copy().set_fill(P_COLOR, 0.35).set_stroke(width=0)
        right_guess = Rectangle(width=SQUARE, height=SQUARE / n_rows, stroke_width=0,
                                fill_color=P_COLOR, fill_opacity=0.35)
        right_guess.align_to(square, UP).align_to(square, LEFT)
        both = Rectangle(width=SQUARE / n_cols, height=SQUARE / n_rows, stroke_width=0,
                         fill_color=INFORMATION_COLOR, fill_opacity=0.9)
        both.align_to(square, UP).align_to(square, LEFT)

        n_coin = self.fmt("axioms.a2.coin_outcomes", 1 / P_COIN, unit="count", decimals=0)
        n_guess = self.fmt("axioms.a2.guess_outcomes", 1 / Q_GUESS, unit="count", decimals=0)
        n_both = self.fmt("axioms.a2.joint_outcomes", 1 / (P_COIN * Q_GUESS), unit="count", decimals=0)
        coin_lbl = caption(f"heads: 1 of {n_coin}", P_COLOR)
        guess_lbl = caption(f"right guess: 1 of {n_guess}", P_COLOR)
        VGroup(coin_lbl, guess_lbl).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(
            square, DOWN, buff=0.3).align_to(square, LEFT)
        side_names = VGroup(*[
            label(name, MUTED_COLOR).next_to(col, UP, buff=0.15)
            for name, col in zip(FAIR_COIN.outcomes, cols, strict=True)
        ])

        law_sym = MathTex(r"I(", r"p", r"\cdot", r"q", r")", r"=", r"I(", r"p", r")", r"+",
                          r"I(", r"q", r")", font_size=FONT_SIZE.TITLE)
        law_val = MathTex(r"I(", rf"\frac{{1}}{{{n_coin}}}", r"\cdot", rf"\frac{{1}}{{{n_guess}}}",
                          r")", r"=", r"I(", rf"\frac{{1}}{{{n_coin}}}", r")", r"+", r"I(",
                          rf"\frac{{1}}{{{n_guess}}}", r")", font_size=FONT_SIZE.TITLE)
        i_p, i_q = information(P_COIN), information(Q_GUESS)
        i_pq = information(P_COIN * Q_GUESS)
        law_num = MathTex(
            rf"I(\frac{{1}}{{{n_both}}})", r"=",
            self.fmt("axioms.a2.I_coin", i_p, decimals=auto_decimals(i_p)), r"+",
            self.fmt("axioms.a2.I_guess", i_q, decimals=auto_decimals(i_q)), r"\text{ bits}",
            font_size=FONT_SIZE.TITLE)
        law_sum = MathTex(
            rf"I(\frac{{1}}{{{n_both}}})", r"=",
            self.fmt("axioms.a2.I_joint", i_pq, decimals=auto_decimals(i_pq)), r"\text{ bits}",
            font_size=FONT_SIZE.TITLE)
        for m in (law_sym, law_val, law_num, law_sum):
            m.set_color(INFORMATION_COLOR)
            m.move_to(RIGHT * 2.7 + UP * 0.6)
        for m in (law_sym, law_val):
            for i in (1, 3, 7, 11):
                m[i].set_color(P_COLOR)
        area = MathTex(r"p \cdot q", r"=", rf"\frac{{1}}{{{n_both}}}", r"\text{ of the square}",
                       font_size=FONT_SIZE.HEADING, color=P_COLOR)
        area.next_to(law_sym, DOWN, buff=1.2)
        self.declare_constants("1")  # numerators of the fractions

        self.narrate("Axiom two: for independent events, the information from both is the sum.")
        self.play(Write(heading), Create(square), FadeIn(cols), FadeIn(rows), FadeIn(side_names))
        self.play(Write(law_sym), run_time=1.5)
        self.wait_for_narration()

        said_p = self.say("axioms.a2.p_coin", P_COIN, "probability", style="fraction")
        said_n = self.say("axioms.a2.guess_outcomes", 1 / Q_GUESS, "count", style="words")
        said_q = self.say("axioms.a2.p_guess", Q_GUESS, "probability", style="fraction")
        self.declare_spoken("from one to")  # the guessing game numbers its cards from 1
        self.narrate(f"A fair coin lands heads: {said_p}. A guess from one to {said_n} is right: "
                     f"{said_q}.")
        self.play(FadeIn(heads), FadeIn(coin_lbl))
        self.play(FadeIn(right_guess), FadeIn(guess_lbl))
        self.play(TransformMatchingTex(law_sym, law_val), run_time=1.5)
        self.wait_for_narration()

        said_pq = self.say("axioms.a2.p_joint", P_COIN * Q_GUESS, "probability", style="fraction")
        said_ip = self.say("axioms.a2.I_coin", i_p, style="words")
        said_iq = self.say("axioms.a2.I_guess", i_q, style="words")
        said_ipq = self.say("axioms.a2.I_joint", i_pq, style="words")
        bit = "bit" if i_p == 1 else "bits"
        self.narrate(f"Both happen in {said_pq} of the square: probabilities multiply. "
                     f"Information adds: {said_ip} {bit} plus {said_iq} is {said_ipq}.")
        self.play(FadeIn(both), FadeIn(area, shift=UP * 0.2))
        self.play(TransformMatchingTex(law_val, law_num), run_time=1.5)
        self.wait(1.5)
        self.play(TransformMatchingTex(law_num, law_sum), run_time=1.2)
        self.play(Indicate(law_sum, color=INFORMATION_COLOR, scale_factor=1.1))
        self.beat("Probabilities multiply, information adds: that is what makes bits countable.")
        self.play(*[FadeOut(m) for m in (heading, square, cols, rows, heads, right_guess, both,
                                          coin_lbl, guess_lbl, law_sum, area, side_names)])

    def axiom_continuity(self) -> None:
        heading = title("A3: continuity")
        surprise = SurpriseCurve(p_min=min(SURPRISE_LANDMARKS), x_length=6.4, y_length=4.8,
                                 font_size=FONT_SIZE.LABEL)
        surprise.move_to(LEFT * 2.6 + DOWN * 0.6)
        self.declare_constants(*surprise.tick_texts)
        start = SURPRISE_LANDMARKS[2] * 2  # a quarter: between the coin and the guess
        p = ValueTracker(start)
        tracker = surprise.tracking_dot(p)
        p_readout = self.readout("axioms.a3.p", p.get_value, label="p =", unit="probability",
                                 decimals=2, color=P_COLOR, font_size=FONT_SIZE.HEADING)
        i_readout = self.readout("axioms.a3.I", lambda: surprise.info(p.get_value()),
                                 label="I(p) =", unit="bits", decimals=2, color=INFORMATION_COLOR,
                                 font_size=FONT_SIZE.HEADING)
        panel = VGroup(p_readout, i_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        note = caption("small nudge in p,\nsmall change in I")
        VGroup(panel, note).arrange(DOWN, aligned_edge=LEFT, buff=0.6).to_edge(RIGHT, buff=0.6)

        self.narrate("Axiom three: continuity. Small changes in probability shouldn't cause "
                     "jumps in information.")
        self.play(Write(heading), Create(surprise.axes), FadeIn(surprise.labels))
        self.play(Create(surprise.curve), FadeIn(tracker), FadeIn(panel), run_time=2)
        nudge = SURPRISE_LANDMARKS[3] * 20  # 0.02: a small step in probability
        for target in (start + nudge, start - nudge, start):
            self.play(p.animate.set_value(target), run_time=1.2, rate_func=smooth)
        self.play(FadeIn(note))
        self.beat("A3: I is continuous in p.")
        self.play(*[FadeOut(m) for m in (heading, surprise, tracker, panel, note)])

    def only_solution(self) -> None:
        summary = VGroup(
            caption("A1  rarer means more information, I(1) = 0"),
            caption("A2  independent events add"),
            caption("A3  continuous"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).to_edge(UP, buff=0.5)
        self.declare_constants("0")
        law = MathTex(r"I(", r"p", r"q", r")", r"=", r"I(", r"p", r")", r"+", r"I(", r"q", r")",
                      font_size=60, color=INFORMATION_COLOR)
        log_rule = MathTex(r"\log(", r"p", r"q", r")", r"=", r"\log", r"p", r"+", r"\log", r"q",
                           font_size=FONT_SIZE.HEADING, color=TEXT_COLOR)
        family = MathTex(r"I(", r"p", r")", r"=", r"-", r"k", r"\log_{b}", r"p", font_size=60,
                         color=INFORMATION_COLOR)
        for m in (law, family):
            m.move_to(DOWN * 0.2)
        log_rule.next_to(law, DOWN, buff=0.8)
        for m in (law, log_rule, family):
            for part in m:
                if part.tex_string == "p" or part.tex_string == "q":
                    part.set_color(P_COLOR)

        self.narrate("Axiom two is a functional equation: I of p q is I of p plus I of q.")
        self.play(FadeIn(summary, shift=DOWN * 0.2))
        self.play(self.pointer(summary[1], color=INFORMATION_COLOR))
        self.play(Write(law), run_time=1.5)
        # "I of p q is I of p plus I of q": each side lights up as it is named
        self.until(0.55)
        self.play(self.pointer(law[:4]))
        self.until(0.75)
        self.play(self.pointer(law[5:]))
        self.wait_for_narration()
        self.narrate("Logarithms turn products into sums.")
        self.play(FadeIn(log_rule, shift=UP * 0.2))
        self.wait_for_narration()
        self.narrate("Its only continuous, monotone solutions are minus k log base b of p.")
        self.play(FadeOut(log_rule), TransformMatchingTex(law, family), run_time=1.8)
        self.wait_for_narration()

        sign_row = VGroup(MathTex(r"-", font_size=FONT_SIZE.HEADING),
                          caption("rare events get more information"))
        unit_row = VGroup(MathTex(r"k,\ b", font_size=FONT_SIZE.HEADING),
                          caption("only choose the unit"))
        for row in (sign_row, unit_row):
            row.set_color(NOTE_COLOR).arrange(RIGHT, buff=0.4)
        legend = VGroup(sign_row, unit_row).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        for row in (sign_row, unit_row):  # line the explanations up in one column
            row[1].align_to(unit_row[1], LEFT)
        legend.next_to(family, DOWN, buff=0.8)
        self.narrate("The minus sign gives rare events more information; k and b only set "
                     "the unit.")
        self.play(Indicate(family[4], color=NOTE_COLOR, scale_factor=1.6),
                  FadeIn(sign_row, shift=UP * 0.1))
        self.play(Indicate(VGroup(family[5], family[6]), color=NOTE_COLOR, scale_factor=1.3),
                  FadeIn(unit_row, shift=UP * 0.1))
        self.beat("Every continuous, monotone, additive measure is a rescaled -log p.")
        self.play(FadeOut(legend))
        self.summary = summary
        self.family = family

    def choose_bits(self) -> None:
        choice = MathTex(r"b = 2,\quad k = 1", font_size=FONT_SIZE.HEADING, color=TEXT_COLOR)
        choice.next_to(self.family, DOWN, buff=0.8)
        bits = MathTex(r"I(", r"p", r")", r"=", r"-", r"\log_{2}", r"p", font_size=60,
                       color=INFORMATION_COLOR)
        bits.move_to(self.family)
        for part in bits:
            if part.tex_string == "p":
                part.set_color(P_COLOR)
        meaning = caption("bits: binary decisions", INFORMATION_COLOR)
        meaning.next_to(bits, DOWN, buff=0.9)
        self.declare_constants("2", "1")  # the chosen base and scale: notation
        self.declare_spoken("base two", "k equal to one", "log two")  # the chosen unit
        self.narrate("Base two and k equal to one give the familiar form, minus log two of p:")
        self.play(Write(choice))
        self.play(TransformMatchingTex(self.family, bits, key_map={r"\log_{b}": r"\log_{2}"}),
                  run_time=1.8)
        self.wait_for_narration()
        self.narrate("information in bits, the binary decisions needed to resolve uncertainty.")
        self.play(FadeOut(choice), FadeIn(meaning, shift=UP * 0.2))
        self.play(Indicate(bits, color=INFORMATION_COLOR, scale_factor=1.08))
        self.wait_for_narration()
