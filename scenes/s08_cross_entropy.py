"""Section 8, "Cross-entropy": the movie-review example, surprise under P and under Q."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Brace,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    MathTex,
    Mobject,
    Rectangle,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.claims import ClaimResult, check
from entropy_explorer.examples import MOVIE_REVIEW_P, MOVIE_REVIEW_Q, MOVIE_REVIEW_Q_BLIND
from entropy_explorer.infotheory import cross_entropy, entropy, information
from entropy_explorer.mobjects import DistributionBars, caption, label, tag, title
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT_SIZE,
    KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
)

__all__ = ["CrossEntropyScene"]

WORDS = MOVIE_REVIEW_P.outcomes
P = np.asarray(MOVIE_REVIEW_P.probs)
Q = np.asarray(MOVIE_REVIEW_Q.probs)
Q_BLIND = np.asarray(MOVIE_REVIEW_Q_BLIND.probs)
#: Top of the surprise axis, in bits; taller columns (and infinity) are clipped here.
Y_MAX = 6.0
#: Left edge and type size of the readout panel right of the chart (its unit, at 0.8 of
#: this, stays at the legible minimum).
PANEL_LEFT = 2.1
PANEL_SIZE = FONT_SIZE.HEADING
#: TeX draws smaller than Text at the same size: numbers and tags on the chart use this.
TEX_SIZE = FONT_SIZE.CAPTION


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """The distribution ``(1 - t) a + t b`` (a straight path between two distributions)."""
    return (1.0 - t) * a + t * b


def average_block(axes: Axes, bits: float, color: str) -> Rectangle:
    """A block as wide as the whole chart (total weight 1) and ``bits`` tall: the columns'
    areas added up, spread evenly (clipped at Y_MAX)."""
    height = min(bits, Y_MAX)
    left, right = axes.c2p(0, 0), axes.c2p(1, height)
    block = Rectangle(width=right[0] - left[0], height=right[1] - left[1], fill_color=color,
                      fill_opacity=0.45, stroke_width=0)
    return block.move_to((left + right) / 2)


class CrossEntropyScene(SectionScene):
    """True P and model Q, surprise columns weighted by P, the cost of a wrong model."""

    section = 8

    def body(self) -> None:
        self.show_the_data()
        self.show_chart()
        self.surprise_under_p()
        self.surprise_under_q()
        self.cost_of_the_wrong_model()
        self.slide_q_to_p()
        self.rule_out_a_word()
        self.conclude()

    # ------------------------------------------------------------------ the data
    def show_the_data(self) -> None:
        prompt = title("“The movie was …”")
        style = {"max_height": 4.0, "bar_width": 1.1, "spacing": 1.2,
                 "font_size": FONT_SIZE.CAPTION}
        p_bars = DistributionBars(WORDS, P, color=P_COLOR, **style)
        q_bars = DistributionBars(WORDS, Q, color=Q_COLOR, **style)
        p_bars.shift(LEFT * 3.4 + DOWN * 1.6 - p_bars.baseline.get_center())
        q_bars.shift(RIGHT * 3.4 + DOWN * 1.6 - q_bars.baseline.get_center())
        self.track_bars("movie.P", p_bars)
        self.track_bars("movie.Q", q_bars)
        p_caption = label("reality P", P_COLOR, FONT_SIZE.CAPTION)
        p_caption.next_to(p_bars.labels, DOWN, buff=0.3)
        q_caption = label("your model Q", Q_COLOR, FONT_SIZE.CAPTION)
        q_caption.next_to(q_bars.labels, DOWN, buff=0.3)
        self.narrate("When people write “The movie was”, they complete it with amazing, "
                     "terrible or okay. That is the true distribution P.")
        self.play(FadeIn(prompt, shift=DOWN * 0.2))
        self.play(FadeIn(p_bars, shift=UP * 0.2))
        # "amazing, terrible or okay": each completion lights up as it is named
        for i, at in enumerate((0.38, 0.5, 0.6)):
            self.until(at)
            self.play(self.pointer(VGroup(p_bars.labels[i], p_bars.bars[i]), color=P_COLOR),
                      run_time=0.8)
        self.until(0.72)  # "That is the true distribution P"
        self.play(FadeIn(p_caption, shift=UP * 0.1))
        self.wait_for_narration()
        amazing = WORDS.index("amazing")
        self.narrate("Your model learned it wrong: Q thinks people are overly optimistic.")
        self.play(FadeIn(q_bars, shift=UP * 0.2), FadeIn(q_caption))
        self.until(0.55)  # "overly optimistic"
        self.play(self.pointer(VGroup(q_bars.bars[amazing], q_bars.values[amazing]),
                               color=Q_COLOR))
        self.wait_for_narration()
        self.beat("P: how people really complete the phrase. Q: what the model predicts.")
        self.play(FadeOut(VGroup(prompt, p_bars, q_bars, p_caption, q_caption)))

    # ----------------------------------------------------------------- the chart
    def show_chart(self) -> None:
        formula = MathTex(r"H(P,Q)", r"=", r"\sum_x", r"P(x)", r"\,\big[-\log_2", r"Q(x)",
                          r"\big]", font_size=FONT_SIZE.HEADING)
        formula[0].set_color(CROSS_ENTROPY_COLOR)
        formula[3].set_color(P_COLOR)
        formula[5].set_color(Q_COLOR)
        formula.to_corner(UP + LEFT, buff=0.45)
        self.declare_constants("2")
        axes = Axes(
            x_range=[0, 1, 1], y_range=[0, Y_MAX, 1], x_length=6.0, y_length=3.9, tips=False,
            axis_config={"color": MUTED_COLOR},
            y_axis_config={"include_numbers": True, "font_size": FONT_SIZE.LABEL,
                           "decimal_number_config": {"num_decimal_places": 0}},
        )
        axes.shift(LEFT * 5.35 + DOWN * 1.85 - axes.c2p(0, 0))
        self.declare_constants(*(str(k) for k in range(1, int(Y_MAX) + 1)))
        y_label = label("surprise (bits)").rotate(PI / 2)
        y_label.next_to(axes.y_axis, LEFT, buff=0.55)
        edges = np.concatenate([[0.0], np.cumsum(P)])
        self.edges = edges
        words = VGroup()
        for i, w in enumerate(WORDS):
            t = label(w)
            t.move_to(axes.c2p((edges[i] + edges[i + 1]) / 2, 0) + DOWN * 0.32)
            words.add(t)
        # Each word's share of the axis: a strip as wide as P(x).
        strips = VGroup(*(
            DashedLine(axes.c2p(edges[i], 0), axes.c2p(edges[i + 1], 0), dash_length=10,
                       color=P_COLOR, stroke_width=12).scale(0.94)
            for i in range(len(WORDS))))
        width_note = MathTex(r"\text{width} = P(x)", font_size=FONT_SIZE.CAPTION,
                             color=P_COLOR)
        width_note.next_to(words, DOWN, buff=0.3).align_to(axes.x_axis, LEFT)
        self.narrate("Cross-entropy samples words from P but measures surprise with Q. "
                     "Give each word a column as wide as how often it really occurs.")
        self.play(Write(formula), run_time=1.5)
        self.until(0.2)  # "samples words from P"
        self.play(self.pointer(formula[3], color=P_COLOR))
        self.until(0.38)  # "but measures surprise with Q"
        self.play(self.pointer(VGroup(formula[4], formula[5], formula[6]), color=Q_COLOR))
        self.until(0.55)  # "Give each word a column"
        self.play(Create(axes), FadeIn(y_label), FadeIn(words), run_time=1.2)
        self.until(0.75)  # "as wide as how often it really occurs"
        self.play(Create(strips, lag_ratio=0.4), FadeIn(width_note, shift=UP * 0.1),
                  run_time=1.2)
        self.wait_for_narration()
        self.formula, self.axes, self.words = formula, axes, words
        self.width_note = VGroup(strips, width_note)

    # ----------------------------------------------------- where the article differs
    def say_article(self, result: ClaimResult) -> str:
        """The article's value for a claim, said (recorded as ``{claim id}.article``)."""
        c = result.claim
        return self.say(f"{c.id}.article", result.stated, c.unit, c.decimals or 0)

    def article_note(self, result: ClaimResult) -> VGroup | None:
        """An "article: ≈ 2.18" tag, or None when the article agrees."""
        if result.agrees:
            return None
        c = result.claim
        stated = self.fmt(f"{c.id}.article", result.stated, c.unit, c.decimals or 0)
        return tag(f"article: {'≈ ' if c.approx else ''}{stated}")

    def column(self, i: int, bits: float, **style: object) -> Rectangle:
        """Column ``i``: as wide as P(x), as tall as ``bits`` (clipped at Y_MAX)."""
        a = self.axes
        height = min(bits, Y_MAX) if math.isfinite(bits) else Y_MAX
        left, right = a.c2p(self.edges[i], 0), a.c2p(self.edges[i + 1], max(height, 1e-3))
        rect = Rectangle(width=right[0] - left[0], height=right[1] - left[1], **style)
        rect.move_to((left + right) / 2)
        return rect

    def level_line(self, bits: float, color: str) -> DashedLine:
        """A dashed line across the chart at ``bits`` (clipped at Y_MAX)."""
        y = min(bits, Y_MAX)
        return DashedLine(self.axes.c2p(0, y), self.axes.c2p(1, y), color=color, stroke_width=4,
                          dash_length=0.12)

    def number_row(self, key: str, values: np.ndarray, color: str, y: float) -> VGroup:
        """Per-word numbers centred under the columns, recorded as ``key.format(word=w)``."""
        row = VGroup()
        for i, (w, v) in enumerate(zip(WORDS, values, strict=True)):
            n = self.number(key.format(word=w), float(v), unit="bits", decimals=2,
                            font_size=TEX_SIZE, color=color)
            n.move_to([self.axes.c2p((self.edges[i] + self.edges[i + 1]) / 2, 0)[0], y, 0])
            row.add(n)
        return row

    def value_row(self, tex: str, value: Mobject, color: str) -> VGroup:
        """``tex ≈ value bits`` for the panel right of the chart."""
        text = MathTex(tex + r" \approx", font_size=PANEL_SIZE, color=color)
        unit = label("bits", color, PANEL_SIZE * 0.8)
        return VGroup(text, value, unit).arrange(RIGHT, buff=0.15)

    def surprise_under_p(self) -> None:
        surprise_p = information(P)
        self.p_columns = VGroup(*(
            self.column(i, float(b), fill_color=P_COLOR, fill_opacity=0.6, stroke_width=0)
            for i, b in enumerate(surprise_p)))
        row_caption = MathTex(r"-\log_2 P", font_size=TEX_SIZE, color=P_COLOR)
        row_y = self.words.get_y() - 0.55
        row_caption.move_to([self.axes.c2p(0, 0)[0] - 0.1, row_y, 0], aligned_edge=RIGHT)
        row = self.number_row("movie.surprise.{word}.true", surprise_p, P_COLOR, row_y)
        h = entropy(P)
        self.h_line = self.level_line(h, ENTROPY_COLOR)
        self.h_tag = MathTex(r"H(P)", font_size=TEX_SIZE, color=ENTROPY_COLOR)
        self.h_tag.next_to(self.h_line, RIGHT, buff=0.15).shift(DOWN * 0.18)
        self.h_readout = self.number("movie.entropy", h, unit="bits", decimals=2,
                                     color=ENTROPY_COLOR, font_size=PANEL_SIZE)
        h_row = self.value_row(r"H(P)", self.h_readout, ENTROPY_COLOR)
        h_row.move_to([PANEL_LEFT, 1.35, 0], aligned_edge=LEFT)
        h_note = label("baseline\nunpredictability", NOTE_COLOR)
        h_note.next_to(h_row, DOWN, buff=0.15).align_to(h_row, LEFT)
        block = average_block(self.axes, h, ENTROPY_COLOR)
        self.narrate("Even a perfect model is surprised: minus log P of each word. The column "
                     "areas add up to the average, weighted by P: the entropy H(P), "
                     f"{self.say('movie.entropy', h)} bits.")
        self.play(FadeOut(self.width_note),
                  *(GrowFromEdge(c, DOWN) for c in self.p_columns), run_time=1.5)
        self.play(FadeIn(row_caption), FadeIn(row))
        self.until(0.4)  # "The column areas add up to the average"
        self.play(TransformFromCopy(self.p_columns, block), run_time=1.6)
        self.until(0.68)  # "the entropy H(P)"
        self.play(Create(self.h_line), FadeIn(self.h_tag), FadeOut(block), FadeIn(h_row))
        self.play(self.pointer(self.h_readout, color=ENTROPY_COLOR), FadeIn(h_note))
        self.wait_for_narration()
        self.beat("H(P): the average surprise with the correct probabilities.")
        self.p_caption, self.p_row, self.h_row, self.h_note = row_caption, row, h_row, h_note

    def surprise_under_q(self) -> None:
        surprise_q = information(Q)
        q_columns = VGroup(*(
            self.column(i, float(b), fill_color=Q_COLOR, fill_opacity=0.1,
                        stroke_color=Q_COLOR, stroke_width=4)
            for i, b in enumerate(surprise_q)))
        row_caption = MathTex(r"-\log_2 Q", font_size=TEX_SIZE, color=Q_COLOR)
        row_y = self.p_row.get_y() - 0.55
        row_caption.move_to([self.p_caption.get_right()[0], row_y, 0], aligned_edge=RIGHT)
        row = self.number_row("movie.surprise.{word}.model", surprise_q, Q_COLOR, row_y)

        def compare(i: int) -> list:
            """Point at word ``i``'s surprise under the model and under reality."""
            return [self.pointer(row[i], color=Q_COLOR), self.pointer(self.p_row[i],
                                                                       color=P_COLOR)]

        amazing, terrible = WORDS.index("amazing"), WORDS.index("terrible")
        self.narrate("Now measure surprise with the model. Amazing: the model expected it more "
                     "often than it occurs, so you are less surprised than reality warrants.")
        self.play(FadeIn(row_caption), self.pointer(self.formula[5], color=Q_COLOR))
        self.until(0.25)  # "Amazing"
        self.play(GrowFromEdge(q_columns[amazing], DOWN), FadeIn(row[amazing]),
                  self.pointer(self.words[amazing], color=Q_COLOR))
        self.until(0.65)  # "so you are less surprised than reality warrants"
        self.play(*compare(amazing))
        self.wait_for_narration()
        self.narrate("Terrible: the model hardly expected it, yet it is common. You are way "
                     "more surprised.")
        self.play(GrowFromEdge(q_columns[terrible], DOWN), FadeIn(row[terrible]),
                  self.pointer(self.words[terrible], color=Q_COLOR))
        self.until(0.62)  # "You are way more surprised"
        self.play(*compare(terrible))
        self.wait_for_narration()
        rest = [i for i in range(len(WORDS)) if i not in (amazing, terrible)]
        self.narrate("Okay: the model under-expects it too, so more surprised than you should "
                     "be.")
        self.play(*(GrowFromEdge(q_columns[i], DOWN) for i in rest),
                  *(FadeIn(row[i]) for i in rest))
        self.play(*(a for i in rest for a in compare(i)))
        self.wait_for_narration()

        hq = cross_entropy(P, Q)
        self.hq_line = self.level_line(hq, CROSS_ENTROPY_COLOR)
        self.hq_tag = MathTex(r"H(P,Q)", font_size=TEX_SIZE, color=CROSS_ENTROPY_COLOR)
        self.hq_tag.next_to(self.hq_line, RIGHT, buff=0.15).shift(UP * 0.18)
        claim = check("movie.cross_entropy")
        hq_value = self.number("movie.cross_entropy", hq, unit="bits", decimals=2,
                               color=CROSS_ENTROPY_COLOR, font_size=PANEL_SIZE)
        hq_row = self.value_row(r"H(P,Q)", hq_value, CROSS_ENTROPY_COLOR)
        hq_row.move_to([PANEL_LEFT, 2.95, 0], aligned_edge=LEFT)
        parts = [hq_row]
        note = self.article_note(claim)
        if note is not None:
            note.next_to(hq_row, DOWN, buff=0.15).align_to(hq_row, LEFT)
        block = average_block(self.axes, hq, CROSS_ENTROPY_COLOR)
        self.narrate("Weighted by how often each word really occurs, the average surprise "
                     "under the model is the cross-entropy H(P,Q): "
                     f"{self.say('movie.cross_entropy', hq)} bits, much higher than H(P).")
        self.play(self.pointer(self.formula[3], color=P_COLOR),
                  self.pointer(self.words, color=P_COLOR))
        self.until(0.3)  # "the average surprise under the model"
        self.play(TransformFromCopy(q_columns, block), run_time=1.6)
        self.until(0.55)  # "the cross-entropy H(P,Q)"
        self.play(Create(self.hq_line), FadeIn(self.hq_tag), FadeOut(block), FadeIn(hq_row),
                  self.pointer(self.formula[0], color=CROSS_ENTROPY_COLOR))
        self.until(0.85)  # "much higher than H(P)"
        self.play(self.pointer(self.h_row, color=ENTROPY_COLOR),
                  self.pointer(self.h_tag, color=ENTROPY_COLOR))
        self.wait_for_narration()
        if note is not None:
            self.narrate(f"The article says {self.say_article(claim)}; the value here is "
                         "recomputed from P and Q.")
            self.play(FadeIn(note, shift=UP * 0.1))
            self.play(self.pointer(hq_value, color=CROSS_ENTROPY_COLOR))
            parts.append(note)
            self.wait_for_narration()
        self.beat("Same sampling (P), different evaluation (Q): cross-entropy.")
        self.q_columns, self.q_caption, self.q_row, self.hq_row = (q_columns, row_caption, row,
                                                                  hq_row)
        self.hq_parts = VGroup(*parts)

    def cost_of_the_wrong_model(self) -> None:
        gap = cross_entropy(P, Q) - entropy(P)
        x_right = self.axes.c2p(1, 0)[0]
        brace = Brace(VGroup(self.hq_line, self.h_line), RIGHT, color=KL_COLOR, buff=0.05)
        brace.move_to([x_right + 1.4, brace.get_y(), 0])
        value = self.number("movie.excess", gap, unit="bits", decimals=2, color=KL_COLOR,
                            font_size=TEX_SIZE)
        difference = MathTex(r"H(P,Q) - H(P) \approx", font_size=TEX_SIZE, color=KL_COLOR)
        row = VGroup(value, label("bits", KL_COLOR, TEX_SIZE * 0.8)).arrange(RIGHT, buff=0.15)
        name = label("wrong-model cost", KL_COLOR)
        next_name = label("next: KL divergence", NOTE_COLOR)
        claim = check("movie.excess")
        note = self.article_note(claim)
        group = VGroup(difference, row, name, *([note] if note is not None else []), next_name)
        group.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        group.next_to(brace, RIGHT, buff=0.15)
        self.narrate(f"The excess surprise, {self.say('movie.excess', gap)} bits, is the cost "
                     "of having the wrong model.")
        # The H(P) note has been read; its place goes to the excess and the article's value.
        self.play(FadeOut(self.h_note), FadeIn(brace), FadeIn(group[:2], shift=LEFT * 0.1))
        self.until(0.55)  # "is the cost of having the wrong model"
        self.play(FadeIn(name, shift=UP * 0.1), self.pointer(value, color=KL_COLOR))
        self.wait_for_narration()
        if note is not None:
            # The article's excess is its own cross-entropy minus its entropy: say so when
            # that is where the difference comes from.
            ce, h = check("movie.cross_entropy"), check("movie.entropy.again")
            source = ""
            if not ce.agrees and math.isclose(claim.stated, ce.stated - h.stated, abs_tol=1e-9):
                source = f", from its {self.say_article(ce)} minus {self.say_article(h)}"
            self.narrate(f"The article says {self.say_article(claim)}{source}.")
            self.play(FadeIn(note, shift=UP * 0.1))
            self.play(self.pointer(value, color=KL_COLOR))
            self.wait_for_narration()
        self.narrate("This is exactly what cross-entropy loss measures when training language "
                     "models.")
        self.play(self.pointer(self.formula, how="circumscribe", color=CROSS_ENTROPY_COLOR))
        self.play(FadeIn(next_name, shift=UP * 0.1))
        self.wait_for_narration()
        self.beat("Excess surprise = cost of the wrong model; next section: KL.")
        self.play(FadeOut(VGroup(brace, group)))

    # ------------------------------------------------------------- moving the model
    def q_now(self) -> np.ndarray:
        """The model on screen: Q moved a fraction t towards P, then s towards Q_BLIND."""
        return mix(mix(Q, P, self.t.get_value()), Q_BLIND, self.s.get_value())

    def slide_q_to_p(self) -> None:
        self.t, self.s = ValueTracker(0.0), ValueTracker(0.0)
        self.live_model()
        self.narrate("Minimizing cross-entropy forces the model's predictions closer to the "
                     "true distribution. Slide Q towards P.")
        self.play(self.t.animate.set_value(0.6), run_time=3.5, rate_func=smooth)
        self.wait_for_narration()
        self.narrate("The cross-entropy falls towards the entropy and meets it only when Q "
                     "equals P. It never goes below.")
        self.play(self.t.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        equal = MathTex(r"Q = P:\ H(P,Q) = H(P)", font_size=FONT_SIZE.CAPTION)
        equal.next_to(self.mini, DOWN, buff=0.3).align_to(self.mini, LEFT)
        self.play(FadeIn(equal, shift=UP * 0.1),
                  self.pointer(self.h_line, how="flash", color=ENTROPY_COLOR))
        self.record_number("cross_entropy.perfect_model", self.hq_live.value, "bits",
                           self.hq_live.text)
        self.wait_for_narration()
        self.beat("H(P,Q) >= H(P), with equality only at Q = P.")
        self.play(FadeOut(equal))

    def live_model(self) -> None:
        """Swap the static Q picture for one driven by :meth:`q_now`."""

        def hq() -> float:
            return cross_entropy(P, self.q_now())

        def cols() -> VGroup:
            group = VGroup()
            for i, bits in enumerate(information(self.q_now())):
                col = self.column(i, float(bits), fill_color=Q_COLOR, fill_opacity=0.1,
                                  stroke_color=Q_COLOR, stroke_width=4)
                group.add(col)
                if bits > Y_MAX:  # clipped: point past the top of the chart
                    group.add(Arrow(col.get_top(), col.get_top() + UP * 0.55, buff=0,
                                    color=Q_COLOR, stroke_width=5,
                                    max_tip_length_to_length_ratio=0.4))
            return group

        def place_tag(m: MathTex) -> MathTex:
            line = self.level_line(hq(), CROSS_ENTROPY_COLOR)
            if hq() > Y_MAX:  # clipped at the top: the tag goes inside, clear of the panel
                return m.next_to(line, DOWN, buff=0.12).align_to(line, RIGHT)
            return m.next_to(line, RIGHT, buff=0.15).shift(UP * 0.18)

        live_cols = always_redraw(cols)
        live_line = always_redraw(lambda: self.level_line(hq(), CROSS_ENTROPY_COLOR))
        # The tag's TeX is made once and moved (always_redraw compiled it on every frame).
        live_tag = place_tag(MathTex(r"H(P,Q)", font_size=TEX_SIZE,
                                     color=CROSS_ENTROPY_COLOR))
        live_tag.add_updater(place_tag)
        readout = self.readout("movie.cross_entropy.live", hq, label=r"H(P,Q) =", unit="bits",
                               decimals=2, color=CROSS_ENTROPY_COLOR, font_size=PANEL_SIZE)
        gap = self.readout("movie.excess.live", lambda: hq() - entropy(P),
                           label=r"H(P,Q) - H(P) =", unit="bits", decimals=2, color=KL_COLOR,
                           font_size=TEX_SIZE)
        bars = DistributionBars(WORDS, self.q_now(), color=Q_COLOR, max_height=1.5,
                                bar_width=0.5, spacing=1.1, font_size=FONT_SIZE.LABEL)
        bars.add_updater(lambda m: m.set_values(self.q_now()))
        self.track_bars("movie.Q.live", bars)
        model = label("model Q", Q_COLOR)
        panel = VGroup(readout, gap).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        panel.align_to(self.hq_row, LEFT).align_to(self.hq_row, UP)
        h_target = self.h_row.copy().next_to(panel, DOWN, buff=0.3).align_to(panel, LEFT)
        mini = VGroup(model, bars).arrange(DOWN, buff=0.25)
        mini.next_to(h_target, DOWN, buff=0.4).align_to(panel, LEFT)
        self.play(
            FadeOut(VGroup(self.q_columns, self.hq_line, self.hq_tag, self.hq_parts,
                           self.q_row, self.q_caption)),
            FadeIn(VGroup(live_cols, live_line, live_tag)),
            FadeIn(panel), FadeIn(mini), self.h_row.animate.move_to(h_target),
        )
        self.live_cols, self.live_line = live_cols, live_line
        self.hq_live = readout
        self.mini, self.mini_bars = mini, bars

    def rule_out_a_word(self) -> None:
        i = next(i for i, (p, q) in enumerate(zip(P, Q_BLIND, strict=True)) if q == 0 < p)
        word = WORDS[i]
        self.narrate("Support matching: if your model says an outcome is impossible but it "
                     "actually happens, cross-entropy becomes infinite.")
        self.play(self.s.animate.set_value(1.0), run_time=4, rate_func=smooth)
        self.until(0.75)  # "cross-entropy becomes infinite"
        self.play(self.pointer(self.hq_live, how="circumscribe", color=CROSS_ENTROPY_COLOR))
        self.wait_for_narration()
        top = self.column(i, math.inf).get_top()
        infinite = MathTex(r"\infty", font_size=FONT_SIZE.HEADING, color=Q_COLOR)
        infinite.next_to(top + UP * 0.3, RIGHT, buff=0.25)
        self.narrate(f"Here the model rules out {word}. Its surprise is infinite: the column and "
                     "the cross-entropy line stop at the top of the chart, and the arrow stands "
                     "for the rest.")
        self.play(self.pointer(VGroup(self.mini_bars.bars[i], self.mini_bars.values[i],
                                      self.mini_bars.labels[i]),
                               how="circumscribe", color=Q_COLOR))
        self.until(0.22)  # "Its surprise is infinite"
        self.play(FadeIn(infinite, scale=1.5))
        self.until(0.4)  # "the column and the cross-entropy line stop at the top"
        self.play(self.pointer(self.live_cols[i], how="flash", color=Q_COLOR))
        self.play(self.pointer(self.live_line, how="flash", color=CROSS_ENTROPY_COLOR))
        self.until(0.8)  # "and the arrow stands for the rest"
        arrows = VGroup(*(m for m in self.live_cols if isinstance(m, Arrow)))
        self.play(self.pointer(VGroup(arrows, infinite), how="circumscribe", color=Q_COLOR))
        self.wait_for_narration()
        q_said = self.say(f"movie.Q.live.{word}", float(Q_BLIND[i]), "probability")
        p_said = self.say(f"movie.P.{word}", float(P[i]), "probability")
        self.beat(f"Q({word}) = {q_said} while P({word}) = {p_said}: infinite cross-entropy.")
        self.infinite = infinite

    def conclude(self) -> None:
        takeaway = caption("Cross-entropy: sample from P, surprise from Q.",
                           CROSS_ENTROPY_COLOR)
        takeaway.to_edge(DOWN, buff=0.4)
        self.narrate("Cross-entropy is your average surprise when reality follows P but you "
                     "measure it with Q.")
        self.play(FadeIn(takeaway, shift=UP * 0.1))
        self.until(0.45)  # "when reality follows P"
        self.play(self.pointer(self.p_columns, color=P_COLOR))
        self.until(0.75)  # "but you measure it with Q"
        self.play(self.pointer(self.mini_bars, how="circumscribe", color=Q_COLOR))
        self.wait_for_narration()
