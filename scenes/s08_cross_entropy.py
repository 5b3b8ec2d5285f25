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
    Rectangle,
    Text,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.claims import ClaimResult, check
from entropy_explorer.examples import MOVIE_REVIEW_P, MOVIE_REVIEW_Q, MOVIE_REVIEW_Q_BLIND
from entropy_explorer.infotheory import cross_entropy, entropy, information
from entropy_explorer.mobjects import DistributionBars
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT,
    FONT_SIZE,
    KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    TEXT_COLOR,
)

__all__ = ["CrossEntropyScene"]

WORDS = MOVIE_REVIEW_P.outcomes
P = np.asarray(MOVIE_REVIEW_P.probs)
Q = np.asarray(MOVIE_REVIEW_Q.probs)
Q_BLIND = np.asarray(MOVIE_REVIEW_Q_BLIND.probs)
#: Top of the surprise axis, in bits; taller columns (and infinity) are clipped here.
Y_MAX = 6.0
#: Left edge and type size of the readout panel right of the chart.
PANEL_LEFT = 2.5
PANEL_SIZE = FONT_SIZE.BODY - 4


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """The distribution ``(1 - t) a + t b`` (a straight path between two distributions)."""
    return (1.0 - t) * a + t * b


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
        prompt = Text("“The movie was …”", font=FONT, font_size=FONT_SIZE.HEADING,
                      color=TEXT_COLOR).to_edge(UP, buff=0.5)
        p_bars = DistributionBars(WORDS, P, color=P_COLOR, max_height=3.4, bar_width=1.0,
                                  spacing=0.9, font_size=FONT_SIZE.LABEL)
        q_bars = DistributionBars(WORDS, Q, color=Q_COLOR, max_height=3.4, bar_width=1.0,
                                  spacing=0.9, font_size=FONT_SIZE.LABEL)
        p_bars.shift(LEFT * 3.6 + DOWN * 1.4 - p_bars.baseline.get_center())
        q_bars.shift(RIGHT * 3.6 + DOWN * 1.4 - q_bars.baseline.get_center())
        self.track_bars("movie.P", p_bars)
        self.track_bars("movie.Q", q_bars)
        p_caption = Text("reality: true distribution P", font=FONT, font_size=FONT_SIZE.LABEL,
                         color=P_COLOR).next_to(p_bars.labels, DOWN, buff=0.35)
        q_caption = Text("your model Q", font=FONT, font_size=FONT_SIZE.LABEL,
                         color=Q_COLOR).next_to(q_bars.labels, DOWN, buff=0.35)
        self.narrate("When people write “The movie was”, they complete it with amazing, "
                     "terrible or okay. That is the true distribution P.")
        self.play(FadeIn(prompt, shift=DOWN * 0.2))
        self.play(FadeIn(p_bars, shift=UP * 0.2), FadeIn(p_caption))
        self.wait_for_narration()
        self.narrate("Your model learned it wrong: Q thinks people are overly optimistic.")
        self.play(FadeIn(q_bars, shift=UP * 0.2), FadeIn(q_caption))
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
            y_axis_config={"include_numbers": True, "font_size": FONT_SIZE.SMALL,
                           "decimal_number_config": {"num_decimal_places": 0}},
        )
        axes.shift(LEFT * 5.3 + DOWN * 1.6 - axes.c2p(0, 0))
        self.declare_constants(*(str(k) for k in range(1, int(Y_MAX) + 1)))
        y_label = Text("surprise (bits)", font=FONT, font_size=FONT_SIZE.SMALL,
                       color=TEXT_COLOR).rotate(PI / 2)
        y_label.next_to(axes.y_axis, LEFT, buff=0.55)
        edges = np.concatenate([[0.0], np.cumsum(P)])
        self.edges = edges
        words = VGroup()
        for i, w in enumerate(WORDS):
            t = Text(w, font=FONT, font_size=FONT_SIZE.SMALL, color=TEXT_COLOR)
            t.move_to(axes.c2p((edges[i] + edges[i + 1]) / 2, 0) + DOWN * 0.3)
            words.add(t)
        width_note = Text("column width = how often the word occurs, P(x)", font=FONT,
                          font_size=FONT_SIZE.SMALL, color=P_COLOR)
        width_note.next_to(words, DOWN, buff=0.3).align_to(axes.x_axis, LEFT)
        self.narrate("Cross-entropy samples words from P but measures surprise with Q. "
                     "Give each word a column as wide as how often it really occurs.")
        self.play(Write(formula), run_time=1.5)
        self.play(Create(axes), FadeIn(y_label), FadeIn(words), FadeIn(width_note), run_time=1.5)
        self.wait_for_narration()
        self.formula, self.axes, self.words, self.width_note = formula, axes, words, width_note

    # ----------------------------------------------------- where the article differs
    def say_article(self, result: ClaimResult) -> str:
        """The article's value for a claim, said (recorded as ``{claim id}.article``)."""
        c = result.claim
        return self.say(f"{c.id}.article", result.stated, c.unit, c.decimals or 0)

    def article_note(self, result: ClaimResult) -> Text | None:
        """A small "recomputed; the article says ..." note, or None when the article agrees."""
        if result.agrees:
            return None
        c = result.claim
        stated = self.fmt(f"{c.id}.article", result.stated, c.unit, c.decimals or 0)
        return Text(f"recomputed; the article\nsays {'≈ ' if c.approx else ''}{stated}",
                    font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR, line_spacing=0.8)

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
                            font_size=FONT_SIZE.LABEL, color=color)
            n.move_to([self.axes.c2p((self.edges[i] + self.edges[i + 1]) / 2, 0)[0], y, 0])
            row.add(n)
        return row

    def surprise_under_p(self) -> None:
        surprise_p = information(P)
        self.p_columns = VGroup(*(
            self.column(i, float(b), fill_color=P_COLOR, fill_opacity=0.6, stroke_width=0)
            for i, b in enumerate(surprise_p)))
        caption = MathTex(r"-\log_2 P", font_size=FONT_SIZE.SMALL, color=P_COLOR)
        row_y = self.words.get_y() - 0.6
        caption.move_to([self.axes.c2p(0, 0)[0] - 0.8, row_y, 0])
        row = self.number_row("movie.surprise.{word}.true", surprise_p, P_COLOR, row_y)
        h = entropy(P)
        self.narrate("Even a perfect model is surprised: minus log P of each word. The column "
                     "areas add up to the average, weighted by P: the entropy H(P), "
                     f"{self.say('movie.entropy', h)} bits.")
        self.play(FadeOut(self.width_note),
                  *(GrowFromEdge(c, DOWN) for c in self.p_columns), run_time=1.5)
        self.play(FadeIn(caption), FadeIn(row))
        self.h_line = self.level_line(h, ENTROPY_COLOR)
        self.h_tag = MathTex(r"H(P)", font_size=FONT_SIZE.LABEL, color=ENTROPY_COLOR)
        self.h_tag.next_to(self.h_line, RIGHT, buff=0.15).shift(DOWN * 0.18)
        self.h_readout = self.number("movie.entropy", h, unit="bits", decimals=2,
                                     color=ENTROPY_COLOR, font_size=PANEL_SIZE)
        h_text = MathTex(r"H(P) \approx", font_size=PANEL_SIZE, color=ENTROPY_COLOR)
        h_unit = Text("bits", font=FONT, font_size=PANEL_SIZE * 0.8, color=ENTROPY_COLOR)
        h_row = VGroup(h_text, self.h_readout, h_unit).arrange(RIGHT, buff=0.15)
        h_row.move_to([PANEL_LEFT, 1.35, 0], aligned_edge=LEFT)
        h_note = Text("baseline unpredictability", font=FONT, font_size=FONT_SIZE.NOTE,
                      color=NOTE_COLOR).next_to(h_row, DOWN, buff=0.15).align_to(h_row, LEFT)
        self.play(Create(self.h_line), FadeIn(self.h_tag), FadeIn(h_row), FadeIn(h_note))
        self.wait_for_narration()
        self.beat("H(P): the average surprise with the correct probabilities.")
        self.p_caption, self.p_row, self.h_row, self.h_note = caption, row, h_row, h_note

    def surprise_under_q(self) -> None:
        surprise_q = information(Q)
        q_columns = VGroup(*(
            self.column(i, float(b), fill_color=Q_COLOR, fill_opacity=0.1,
                        stroke_color=Q_COLOR, stroke_width=4)
            for i, b in enumerate(surprise_q)))
        caption = MathTex(r"-\log_2 Q", font_size=FONT_SIZE.SMALL, color=Q_COLOR)
        row_y = self.p_row.get_y() - 0.55
        caption.move_to([self.p_caption.get_x(), row_y, 0])
        row = self.number_row("movie.surprise.{word}.model", surprise_q, Q_COLOR, row_y)

        amazing, terrible = WORDS.index("amazing"), WORDS.index("terrible")
        self.narrate("Now measure surprise with the model. Amazing: the model expected it more "
                     "often than it occurs, so you are less surprised than reality warrants.")
        self.play(GrowFromEdge(q_columns[amazing], DOWN), FadeIn(caption), FadeIn(row[amazing]))
        self.wait_for_narration()
        self.narrate("Terrible: the model hardly expected it, yet it is common. You are way "
                     "more surprised.")
        self.play(GrowFromEdge(q_columns[terrible], DOWN), FadeIn(row[terrible]))
        self.wait_for_narration()
        rest = [i for i in range(len(WORDS)) if i not in (amazing, terrible)]
        self.narrate("Okay: the model under-expects it too, so more surprised than you should "
                     "be.")
        self.play(*(GrowFromEdge(q_columns[i], DOWN) for i in rest),
                  *(FadeIn(row[i]) for i in rest))
        self.wait_for_narration()

        hq = cross_entropy(P, Q)
        self.hq_line = self.level_line(hq, CROSS_ENTROPY_COLOR)
        self.hq_tag = MathTex(r"H(P,Q)", font_size=FONT_SIZE.LABEL, color=CROSS_ENTROPY_COLOR)
        self.hq_tag.next_to(self.hq_line, RIGHT, buff=0.15).shift(UP * 0.18)
        claim = check("movie.cross_entropy")
        hq_value = self.number("movie.cross_entropy", hq, unit="bits", decimals=2,
                               color=CROSS_ENTROPY_COLOR, font_size=PANEL_SIZE)
        hq_text = MathTex(r"H(P,Q) \approx", font_size=PANEL_SIZE, color=CROSS_ENTROPY_COLOR)
        hq_unit = Text("bits", font=FONT, font_size=PANEL_SIZE * 0.8, color=CROSS_ENTROPY_COLOR)
        hq_row = VGroup(hq_text, hq_value, hq_unit).arrange(RIGHT, buff=0.15)
        hq_row.move_to([PANEL_LEFT, 2.95, 0], aligned_edge=LEFT)
        parts = [hq_row]
        note = self.article_note(claim)
        if note is not None:
            note.next_to(hq_row, DOWN, buff=0.15).align_to(hq_row, LEFT)
        self.narrate("Weighted by how often each word really occurs, the average surprise "
                     "under the model is the cross-entropy H(P,Q): "
                     f"{self.say('movie.cross_entropy', hq)} bits, much higher than H(P).")
        self.play(Create(self.hq_line), FadeIn(self.hq_tag))
        self.play(FadeIn(hq_row))
        self.wait_for_narration()
        if note is not None:
            self.narrate(f"The article says {self.say_article(claim)}; the value here is "
                         "recomputed from P and Q.")
            self.play(FadeIn(note))
            parts.append(note)
            self.wait_for_narration()
        self.beat("Same sampling (P), different evaluation (Q): cross-entropy.")
        self.q_columns, self.q_caption, self.q_row, self.hq_row = q_columns, caption, row, hq_row
        self.hq_parts = VGroup(*parts)

    def cost_of_the_wrong_model(self) -> None:
        gap = cross_entropy(P, Q) - entropy(P)
        x_right = self.axes.c2p(1, 0)[0]
        brace = Brace(VGroup(self.hq_line, self.h_line), RIGHT, color=KL_COLOR, buff=0.05)
        brace.move_to([x_right + 1.4, brace.get_y(), 0])
        value = self.number("movie.excess", gap, unit="bits", decimals=2, color=KL_COLOR,
                            font_size=FONT_SIZE.LABEL)
        label = MathTex(r"H(P,Q) - H(P) \approx", font_size=FONT_SIZE.LABEL, color=KL_COLOR)
        unit = Text("bits", font=FONT, font_size=FONT_SIZE.LABEL * 0.8, color=KL_COLOR)
        row = VGroup(label, value, unit).arrange(RIGHT, buff=0.12)
        caption = Text("cost of the wrong model", font=FONT, font_size=FONT_SIZE.SMALL,
                       color=KL_COLOR)
        next_name = Text("next section: KL divergence", font=FONT, font_size=FONT_SIZE.NOTE,
                         color=NOTE_COLOR)
        claim = check("movie.excess")
        note = self.article_note(claim)
        group = VGroup(caption, row, *([note] if note is not None else []), next_name)
        group.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        group.next_to(brace, RIGHT, buff=0.15)
        self.narrate(f"The excess surprise, {self.say('movie.excess', gap)} bits, is the cost "
                     "of having the wrong model.")
        # The H(P) note has been read; its place goes to the excess and the article's value.
        self.play(FadeOut(self.h_note), FadeIn(brace), FadeIn(group[:2], shift=LEFT * 0.1))
        self.wait_for_narration()
        if note is not None:
            # The article's excess is its own cross-entropy minus its entropy: say so when
            # that is where the difference comes from.
            ce, h = check("movie.cross_entropy"), check("movie.entropy.again")
            source = ""
            if not ce.agrees and math.isclose(claim.stated, ce.stated - h.stated, abs_tol=1e-9):
                source = f", from its {self.say_article(ce)} minus {self.say_article(h)}"
            self.narrate(f"The article says {self.say_article(claim)}{source}.")
            self.play(FadeIn(note))
            self.wait_for_narration()
        self.narrate("This is exactly what cross-entropy loss measures when training language "
                     "models.")
        self.play(FadeIn(next_name))
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
        equal = MathTex(r"Q = P:\ H(P,Q) = H(P)", font_size=FONT_SIZE.LABEL, color=TEXT_COLOR)
        equal.next_to(self.mini, DOWN, buff=0.3).align_to(self.mini, LEFT)
        self.play(FadeIn(equal, shift=UP * 0.1))
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
            return m.next_to(self.level_line(hq(), CROSS_ENTROPY_COLOR), RIGHT,
                             buff=0.15).shift(UP * 0.18)

        live_cols = always_redraw(cols)
        live_line = always_redraw(lambda: self.level_line(hq(), CROSS_ENTROPY_COLOR))
        # The tag's TeX is made once and moved (always_redraw compiled it on every frame).
        live_tag = place_tag(MathTex(r"H(P,Q)", font_size=FONT_SIZE.LABEL,
                                     color=CROSS_ENTROPY_COLOR))
        live_tag.add_updater(place_tag)
        readout = self.readout("movie.cross_entropy.live", hq, label=r"H(P,Q) =", unit="bits",
                               decimals=2, color=CROSS_ENTROPY_COLOR, font_size=PANEL_SIZE)
        gap = self.readout("movie.excess.live", lambda: hq() - entropy(P),
                           label=r"H(P,Q) - H(P) =", unit="bits", decimals=2, color=KL_COLOR,
                           font_size=FONT_SIZE.LABEL)
        bars = DistributionBars(WORDS, self.q_now(), color=Q_COLOR, max_height=1.5,
                                bar_width=0.55, spacing=0.95, font_size=FONT_SIZE.SMALL)
        bars.add_updater(lambda m: m.set_values(self.q_now()))
        self.track_bars("movie.Q.live", bars)
        model = Text("model Q", font=FONT, font_size=FONT_SIZE.SMALL, color=Q_COLOR)
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
        self.live = VGroup(live_cols, live_line, live_tag)
        self.hq_live = readout
        self.mini = mini

    def rule_out_a_word(self) -> None:
        i = next(i for i, (p, q) in enumerate(zip(P, Q_BLIND, strict=True)) if q == 0 < p)
        word = WORDS[i]
        self.narrate("Support matching: if your model says an outcome is impossible but it "
                     "actually happens, cross-entropy becomes infinite.")
        self.play(self.s.animate.set_value(1.0), run_time=4, rate_func=smooth)
        self.wait_for_narration()
        clipped = Text("infinite: the column and line\nstop at the chart's top; the\n"
                       "arrow stands for the rest", font=FONT, font_size=FONT_SIZE.NOTE,
                       color=NOTE_COLOR, line_spacing=0.8)
        clipped.next_to(self.mini, DOWN, buff=0.4).align_to(self.mini, LEFT)
        self.narrate(f"Here the model rules out {word}. Its surprise is infinite: the column and "
                     "the cross-entropy line stop at the top of the chart, and the arrow stands "
                     "for the rest.")
        self.play(FadeIn(clipped))
        self.wait_for_narration()
        q_said = self.say(f"movie.Q.live.{word}", float(Q_BLIND[i]), "probability")
        p_said = self.say(f"movie.P.{word}", float(P[i]), "probability")
        self.beat(f"Q({word}) = {q_said} while P({word}) = {p_said}: infinite cross-entropy.")
        self.clipped = clipped

    def conclude(self) -> None:
        takeaway = Text("Cross-entropy: sample from P, measure surprise with Q.", font=FONT,
                        font_size=FONT_SIZE.LABEL, color=CROSS_ENTROPY_COLOR)
        takeaway.to_edge(DOWN, buff=0.4)
        self.narrate("Cross-entropy is your average surprise when reality follows P but you "
                     "measure it with Q.")
        self.play(FadeOut(self.clipped), FadeIn(takeaway, shift=UP * 0.1))
        self.wait_for_narration()
