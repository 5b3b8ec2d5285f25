"""Section 7, "Entropy": expected information, the coin, the binary-entropy curve, next words."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Brace,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.examples import BIASED_COIN, FAIR_COIN, NEXT_WORD
from entropy_explorer.infotheory import (
    binary_entropy,
    cross_entropy_terms,
    entropy,
    information,
    softmax,
)
from entropy_explorer.mobjects import DistributionBars, Gauge, Readout, caption, label
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    ENTROPY_COLOR,
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["EntropyScene"]

#: Coin outcomes as the article writes them.
COIN_NAMES = ("Heads", "Tails")


def coin_probs(p_heads: float) -> np.ndarray:
    """The coin's distribution ``(P(H), P(T))`` for a heads probability."""
    return np.array([p_heads, 1.0 - p_heads])


def next_word_probs(confidence: float) -> np.ndarray:
    """The next-word distribution at a confidence level (``softmax(c * logits)``)."""
    return softmax(confidence * np.asarray(NEXT_WORD.logits))


def bare_unit(readout: Readout) -> Readout:
    """Drop a readout's unit text (the manifest still records the unit)."""
    readout.remove(readout.unit)
    readout.unit = VGroup()
    return readout


class EntropyScene(SectionScene):
    """Entropy as expected information: the notation, the coin, the curve, the next word."""

    section = 7

    def record_claims(self, *pairs: tuple[str, Readout]) -> None:
        """Record readouts' current values under the ids of the article claims they show."""
        for claim_id, r in pairs:
            self.record_number(claim_id, r.value, "bits", r.text)

    def body(self) -> None:
        self.define_entropy()
        self.unpack_notation()
        self.expectation_as_sum()
        self.fair_coin()
        self.bias_the_coin()
        self.binary_entropy_curve()
        self.next_word_confidence()
        self.conclude()

    # ----------------------------------------------------------- the notation
    def define_entropy(self) -> None:
        heading = Text("Entropy = expected information", font=FONT,
                       font_size=FONT_SIZE.HEADING, color=ENTROPY_COLOR)
        heading.to_edge(UP, buff=0.6)
        formula = MathTex(r"H(P)", r"=", r"\mathbb{E}", r"_{X\sim p}", r"\big[", r"-\log_2 p(X)",
                          r"\big]", font_size=72)
        formula[0].set_color(ENTROPY_COLOR)
        formula[3].set_color(P_COLOR)
        formula[5].set_color(INFORMATION_COLOR)
        formula.move_to(UP * 1.2 + LEFT * 0.5)
        self.declare_constants("2")
        self.narrate("Entropy is the expected information over all the events.")
        self.play(Write(heading), run_time=1.2)
        self.play(Write(formula), run_time=1.8)
        self.wait_for_narration()
        self.heading, self.formula = heading, formula

    def unpack_notation(self) -> None:
        f = self.formula
        pieces = [
            (VGroup(f[2], f[4], f[6]), "weighted average", TEXT_COLOR,
             "E is an expectation: a weighted average."),
            (f[3], "sampled from p", P_COLOR,
             "X follows p: outcomes are sampled with p's probabilities."),
            (f[5], "information of X", INFORMATION_COLOR,
             "Minus log base two of p of X: the information when X occurs."),
        ]
        box = None
        note = None
        self.declare_spoken("two")  # log base two: notation, not a result
        for target, text, color, line in pieces:
            new_box = SurroundingRectangle(target, color=color, buff=0.12, corner_radius=0.08)
            new_note = caption(text, color)
            new_note.next_to(self.formula, DOWN, buff=0.7).set_x(0)
            self.narrate(line)
            if box is None:
                self.play(Create(new_box), FadeIn(new_note, shift=UP * 0.15))
            else:
                self.play(ReplacementTransform(box, new_box), FadeOut(note, shift=UP * 0.15),
                          FadeIn(new_note, shift=UP * 0.15))
            box, note = new_box, new_note
            self.wait_for_narration()
        together = caption("average information", ENTROPY_COLOR)
        together.move_to(note)
        self.narrate("Together: the average information when we sample from p.")
        self.play(FadeOut(box), FadeOut(note), FadeIn(together, shift=UP * 0.15))
        self.beat("E, X ~ p and -log2 p(X): expectation, sampling, information.")
        self.play(FadeOut(together))

    def expectation_as_sum(self) -> None:
        f = self.formula
        total = MathTex(r"=", r"\sum_x", r"p(x)", r"\cdot", r"\big[-\log_2", r"p(x)", r"\big]",
                        font_size=72)
        total[2].set_color(P_COLOR)
        total[5].set_color(P_COLOR)
        VGroup(total[4], total[6]).set_color(INFORMATION_COLOR)
        total.next_to(f, DOWN, buff=0.6).align_to(f[1], LEFT)
        self.narrate("Multiply each outcome's information by its probability, and sum.")
        self.play(TransformFromCopy(VGroup(f[2], f[3]), VGroup(total[0], total[1], total[2])),
                  run_time=1.4)
        self.play(TransformFromCopy(VGroup(f[4], f[5], f[6]), VGroup(total[3], total[4], total[5],
                                                                      total[6])), run_time=1.4)
        self.wait_for_narration()

        sampling = Brace(total[2], DOWN, color=P_COLOR)
        sampling_text = label("sampling", P_COLOR)
        sampling_text.next_to(VGroup(sampling, total[1]), DOWN, buff=0.15)
        sampling_text.align_to(sampling, RIGHT)
        evaluation = Brace(total[5], DOWN, color=P_COLOR)
        evaluation_text = label("evaluation", P_COLOR)
        evaluation_text.next_to(evaluation, DOWN, buff=0.15).align_to(evaluation, RIGHT)
        self.narrate("Entropy uses P for both jobs: sampling, and evaluating information.")
        self.play(FadeIn(sampling), FadeIn(sampling_text, shift=UP * 0.1))
        self.play(FadeIn(evaluation), FadeIn(evaluation_text, shift=UP * 0.1))
        self.wait_for_narration()
        later = caption("cross-entropy swaps the evaluator")
        later.to_edge(DOWN, buff=0.6)
        self.narrate("Cross-entropy will keep sampling from P but evaluate with a different "
                     "distribution.")
        self.play(FadeIn(later, shift=UP * 0.1))
        self.play(self.pointer(VGroup(evaluation, evaluation_text), how="circumscribe"))
        self.beat("P samples and P evaluates; cross-entropy will swap the evaluator.")

        compact = MathTex(r"H(X)", r"=", r"\sum_x", r"p(x)", r"\cdot", r"\big[-\log_2 p(x)\big]",
                          font_size=FONT_SIZE.BODY + 4)
        compact[0].set_color(ENTROPY_COLOR)
        compact[3].set_color(P_COLOR)
        compact[5].set_color(INFORMATION_COLOR)
        compact.to_corner(UL, buff=0.5)
        self.play(
            FadeOut(VGroup(self.heading, sampling, sampling_text, evaluation, evaluation_text,
                           later, f)),
            ReplacementTransform(total, compact),
            run_time=1.2,
        )
        self.compact = compact

    # ------------------------------------------------------------------ the coin
    def fair_coin(self) -> None:
        p = ValueTracker(FAIR_COIN.p_heads)
        self.p_heads = p
        bars = DistributionBars(COIN_NAMES, coin_probs(p.get_value()), color=P_COLOR,
                                max_height=4.0, bar_width=1.2, spacing=1.0, decimals=2)
        bars.shift(LEFT * 4.4 + DOWN * 2.2 - bars.baseline.get_center())
        bars.add_updater(lambda m: m.set_values(coin_probs(p.get_value())))
        self.bars = bars
        self.track_bars("entropy.coin.p", bars)

        def probs() -> np.ndarray:
            return coin_probs(p.get_value())

        def info(i: int) -> float:
            return float(information(probs()[i]))

        def term(i: int) -> float:
            return float(cross_entropy_terms(probs(), probs())[i])

        def h() -> float:
            return entropy(probs())

        fs = FONT_SIZE.BODY + 4
        symbolic = MathTex(r"H(X)", r"=", r"p(\mathrm{H})", r"\,I(\mathrm{H})", r"+",
                           r"p(\mathrm{T})", r"\,I(\mathrm{T})", font_size=fs + 4)
        symbolic[0].set_color(ENTROPY_COLOR)
        VGroup(symbolic[2], symbolic[5]).set_color(P_COLOR)
        VGroup(symbolic[3], symbolic[6]).set_color(INFORMATION_COLOR)

        line_values = VGroup(
            self.readout("entropy.coin.p_heads", lambda: probs()[0], label="=",
                         unit="probability", decimals=2, color=P_COLOR, font_size=fs),
            bare_unit(self.readout("entropy.coin.info_heads", lambda: info(0), label=r"\cdot",
                                   unit="bits", decimals=3, color=INFORMATION_COLOR,
                                   font_size=fs)),
            self.readout("entropy.coin.p_tails", lambda: probs()[1], label="+",
                         unit="probability", decimals=2, color=P_COLOR, font_size=fs),
            bare_unit(self.readout("entropy.coin.info_tails", lambda: info(1), label=r"\cdot",
                                   unit="bits", decimals=3, color=INFORMATION_COLOR,
                                   font_size=fs)),
        ).arrange(RIGHT, buff=0.15)
        line_terms = VGroup(
            bare_unit(self.readout("entropy.coin.term_heads", lambda: term(0), label="=",
                                   unit="bits", decimals=3, color=TEXT_COLOR, font_size=fs)),
            bare_unit(self.readout("entropy.coin.term_tails", lambda: term(1), label="+",
                                   unit="bits", decimals=3, color=TEXT_COLOR, font_size=fs)),
        ).arrange(RIGHT, buff=0.15)
        line_total = self.readout("entropy.coin.H", h, label="=", unit="bits", decimals=3,
                                  color=ENTROPY_COLOR, font_size=fs + 4)
        lines = VGroup(symbolic, line_values, line_terms, line_total)
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        for line in lines[1:]:
            line.align_to(symbolic[1], LEFT)
        lines.move_to(RIGHT * 2.6 + DOWN * 0.4)
        info_note = MathTex(r"I(x) = -\log_2 p(x)", font_size=FONT_SIZE.CAPTION,
                            color=INFORMATION_COLOR)
        info_note.next_to(lines, UP, buff=0.5).align_to(lines, LEFT)

        half = self.say("entropy.coin.p_heads", probs()[0], "probability", style="fraction")
        self.narrate(f"A fair coin: heads and tails, {half} each.")
        self.play(FadeIn(bars, shift=UP * 0.2), FadeIn(info_note))
        self.wait_for_narration()
        bit = self.say("entropy.fair_coin.heads", info(0), style="words")
        mean = self.say("entropy.fair_coin", h(), style="words")
        self.narrate(f"Each outcome carries {bit} bit, so the average is {mean} bit.")
        self.play(Write(symbolic))
        self.play(FadeIn(line_values, shift=DOWN * 0.1))
        self.play(FadeIn(line_terms, shift=DOWN * 0.1))
        self.play(FadeIn(line_total, shift=DOWN * 0.1))
        self.record_claims(("entropy.fair_coin", line_total),
                           ("entropy.fair_coin.heads", line_values[1]),
                           ("entropy.fair_coin.tails", line_values[3]))
        mean = self.say("entropy.fair_coin", h(), style="words")
        self.beat(f"Fair coin: {mean} bit, {mean} yes/no question.")
        self.lines, self.info_note = lines, info_note

    def bias_the_coin(self) -> None:
        biased = BIASED_COIN.p_heads
        p_text = self.say("entropy.coin.p_heads", biased, "probability", auto_decimals(biased))
        self.narrate(f"Now bias the coin: heads with probability {p_text}.")
        self.play(self.p_heads.animate.set_value(biased), run_time=4, rate_func=smooth)
        self.wait_for_narration()
        h = entropy(coin_probs(biased))
        h_text = self.say("entropy.biased_coin", h, decimals=3)
        self.record_claims(("entropy.biased_coin.term_heads", self.lines[2][0]),
                           ("entropy.biased_coin.term_tails", self.lines[2][1]),
                           ("entropy.biased_coin", self.lines[3]))
        self.narrate(f"Heads again, as expected: little new information. Rare tails surprise "
                     f"a lot. On average, about {h_text} bits.")
        highlight = SurroundingRectangle(self.lines[3], color=ENTROPY_COLOR, buff=0.12)
        # heads' small information, tails' large one, then the average: as each is named
        self.play(self.pointer(self.lines[1][1], color=INFORMATION_COLOR))
        self.until(0.4)
        self.play(self.pointer(self.lines[1][3], color=INFORMATION_COLOR))
        self.until(0.7)
        self.play(Create(highlight))
        self.wait_for_narration()
        h_text = self.say("entropy.biased_coin", h, decimals=3)
        fair = self.say("entropy.fair_coin", entropy(coin_probs(FAIR_COIN.p_heads)),
                        style="words")
        self.beat(f"Biased coin: about {h_text} bits, less than the fair coin's {fair} bit.")
        self.play(FadeOut(highlight))

    def binary_entropy_curve(self) -> None:
        p = self.p_heads
        total = self.lines[3]
        h_readout = self.readout("entropy.curve.H", lambda: float(binary_entropy(p.get_value())),
                                 label="H =", unit="bits", decimals=3, color=ENTROPY_COLOR,
                                 font_size=FONT_SIZE.BODY + 8)
        h_readout.next_to(self.bars, DOWN, buff=0.35)
        self.play(FadeOut(VGroup(*self.lines[:3], self.info_note)),
                  ReplacementTransform(total, h_readout))
        total = h_readout
        axes = Axes(
            x_range=[0, 1, 0.5], y_range=[0, 1, 0.5], x_length=6.2, y_length=3.8, tips=False,
            axis_config={"color": MUTED_COLOR, "include_numbers": True,
                         "font_size": FONT_SIZE.LABEL},
            x_axis_config={"decimal_number_config": {"num_decimal_places": 1}},
            y_axis_config={"decimal_number_config": {"num_decimal_places": 1}},
        )
        axes.move_to(RIGHT * 2.9 + DOWN * 0.4)
        self.declare_constants("0.5", "1.0")
        x_label = MathTex(r"p(\mathrm{H})", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        x_label.next_to(axes.x_axis, DOWN, buff=0.55)
        y_label = label("H in bits", ENTROPY_COLOR)
        y_label.next_to(axes.y_axis, UP, buff=0.25)
        ps = np.linspace(0.0, 1.0, 201)
        curve = axes.plot_line_graph(ps, binary_entropy(ps), add_vertex_dots=False,
                                     line_color=ENTROPY_COLOR, stroke_width=5)
        self.narrate("Do this for every bias and you get the binary-entropy curve.")
        self.play(Create(axes), FadeIn(x_label), FadeIn(y_label), run_time=1.5)
        self.play(Create(curve), run_time=2.5)
        dot = Dot(color=TEXT_COLOR, radius=0.09)  # moved, not rebuilt, on every frame
        dot.add_updater(lambda m: m.move_to(
            axes.c2p(p.get_value(), float(binary_entropy(p.get_value())))))
        dot.update()
        guide = always_redraw(lambda: DashedLine(
            axes.c2p(p.get_value(), 0),
            axes.c2p(p.get_value(), float(binary_entropy(p.get_value()))),
            color=MUTED_COLOR, stroke_width=2))
        self.play(FadeIn(dot), Create(guide))
        self.wait_for_narration()

        peak_p = FAIR_COIN.p_heads
        peak_h = float(binary_entropy(peak_p))
        peak = MathTex(
            rf"H({self.fmt('entropy.curve.peak_p', peak_p, 'probability', auto_decimals(peak_p))})"
            rf" = {self.fmt('entropy.curve.peak_H', peak_h, 'bits', auto_decimals(peak_h))}"
            r"\text{ bit}", font_size=FONT_SIZE.CAPTION, color=ENTROPY_COLOR)
        peak.next_to(axes.c2p(peak_p, peak_h), UP, buff=0.25)
        peak_said = self.say("entropy.curve.peak_H", peak_h, style="words")
        self.narrate(f"The fair coin sits at the peak: {peak_said} bit, the most uncertain a "
                     "coin can be.")
        self.play(p.animate.set_value(peak_p), run_time=2.5, rate_func=smooth)
        self.play(FadeIn(peak, shift=UP * 0.1))
        self.wait_for_narration()

        ends = [0.0, 1.0]
        end_texts = [self.fmt(f"entropy.curve.end_p_{e:g}", e, "probability", 0) for e in ends]
        end_h = [float(binary_entropy(e)) for e in ends]
        h_texts = [self.fmt(f"entropy.curve.end_H_{e:g}", v, "bits", 0)
                   for e, v in zip(ends, end_h, strict=True)]
        ends_label = MathTex(
            rf"H({end_texts[0]}) = H({end_texts[1]}) = {h_texts[0]}", font_size=FONT_SIZE.CAPTION,
            color=ENTROPY_COLOR)
        ends_label.next_to(axes.c2p(0.5, 0.0), UP, buff=0.6)
        end_dots = VGroup(*(Dot(axes.c2p(e, v), color=ENTROPY_COLOR, radius=0.08)
                            for e, v in zip(ends, end_h, strict=True)))
        zero = self.say("entropy.curve.end_H_0", end_h[0], style="words")
        self.narrate(f"A coin that always lands the same way holds no surprise: {zero} bits "
                     "at both ends.")
        self.play(p.animate.set_value(1.0), run_time=2.0, rate_func=smooth)
        self.play(p.animate.set_value(0.0), run_time=3.0, rate_func=smooth)
        self.play(FadeIn(ends_label, shift=UP * 0.1),
                  *(FadeIn(d, scale=1.5) for d in end_dots))
        self.wait_for_narration()
        self.narrate("Our biased coin is more predictable than a fair one, so it sits lower.")
        self.play(p.animate.set_value(BIASED_COIN.p_heads), run_time=3.0, rate_func=smooth)
        self.wait_for_narration()
        self.beat("The more predictable the coin, the lower its entropy.")
        self.bars.clear_updaters()
        self.play(FadeOut(VGroup(axes, x_label, y_label, curve, dot, guide, peak, ends_label,
                                 end_dots, self.bars, total, self.compact)))
        dot.clear_updaters()
        guide.clear_updaters()

    # ----------------------------------------------------------- the next word
    def next_word_confidence(self) -> None:
        c = ValueTracker(NEXT_WORD.confidence_start)

        def probs() -> np.ndarray:
            return next_word_probs(c.get_value())

        target = NEXT_WORD.words.index(NEXT_WORD.target)
        context = caption(NEXT_WORD.context, TEXT_COLOR)
        blank = Text(NEXT_WORD.target, font=FONT, font_size=FONT_SIZE.CAPTION, color=P_COLOR,
                     weight="BOLD")
        underline = VGroup(context, blank).arrange(RIGHT, buff=0.2, aligned_edge=DOWN)
        underline.to_edge(UP, buff=0.7)
        slot = DashedLine(blank.get_corner(DOWN + LEFT) + DOWN * 0.1,
                          blank.get_corner(DOWN + RIGHT) + DOWN * 0.1, color=MUTED_COLOR)
        blank.add_updater(lambda m: m.set_opacity(float(probs()[target])))

        bars = DistributionBars(NEXT_WORD.words, probs(), color=P_COLOR, max_height=3.2,
                                bar_width=0.9, spacing=0.45, decimals=2)
        bars.move_to(LEFT * 3.0 + DOWN * 0.9)
        bars.add_updater(lambda m: m.set_values(probs()))

        h_max = math.log2(len(NEXT_WORD.words))
        gauge = Gauge(h_max, value=entropy(probs()), radius=1.55, color=ENTROPY_COLOR,
                      ticks=(0.0, 1.0, 2.0, h_max), tick_labels=("0", "1", "2", ""),
                      caption="entropy", font_size=FONT_SIZE.LABEL)
        self.declare_constants("0", "1", "2")
        gauge.move_to(RIGHT * 3.9 + UP * 0.4)
        gauge.add_updater(lambda m: m.set_value(entropy(probs())))
        h_readout = self.readout("entropy.next_word.H", lambda: entropy(probs()), label="H =",
                                 unit="bits", decimals=2, color=ENTROPY_COLOR,
                                 font_size=FONT_SIZE.HEADING)
        h_readout.next_to(gauge, DOWN, buff=0.45)
        p_readout = self.readout("entropy.next_word.p_dog", lambda: float(probs()[target]),
                                 label=rf"p(\text{{{NEXT_WORD.target}}}) =", unit="probability",
                                 decimals=2, color=P_COLOR, font_size=FONT_SIZE.BODY)
        p_readout.next_to(h_readout, DOWN, buff=0.35)
        self.track_bars("entropy.next_word.p", bars)

        self.narrate("Another example: a model guessing the next word. At first every "
                     "candidate is equally likely, and the entropy is at its maximum.")
        self.play(FadeIn(underline[0]), Create(slot))
        self.add(blank)
        self.play(FadeIn(bars, shift=UP * 0.2), FadeIn(gauge), FadeIn(h_readout),
                  FadeIn(p_readout))
        self.play(self.pointer(bars.bars, how="circumscribe", color=P_COLOR))  # "equally likely"
        self.until(0.75)  # "the entropy is at its maximum"
        self.play(self.pointer(gauge, color=ENTROPY_COLOR), self.pointer(h_readout, color=ENTROPY_COLOR))
        self.wait_for_narration()
        self.narrate("As we become more confident that the next word is dog, the entropy "
                     "drops.")
        self.play(c.animate.set_value(NEXT_WORD.confidence_end), run_time=6, rate_func=smooth)
        self.wait_for_narration()
        self.beat("Confident prediction, low entropy.")
        self.next_word_parts = VGroup(underline[0], blank, slot, bars, gauge, h_readout, p_readout)

    def conclude(self) -> None:
        takeaway = caption("more predictable, lower entropy", ENTROPY_COLOR)
        takeaway.to_edge(DOWN, buff=0.45)
        self.narrate("Entropy is the average surprise per outcome: the more predictable the "
                     "distribution, the lower the entropy.")
        self.play(self.pointer(self.next_word_parts[3].bars, how="circumscribe", color=P_COLOR))
        self.until(0.45)  # "the more predictable the distribution"
        self.play(Write(takeaway), run_time=1.5)
        self.until(0.75)  # "the lower the entropy"
        self.play(self.pointer(self.next_word_parts[5], color=ENTROPY_COLOR))
        self.wait_for_narration()
