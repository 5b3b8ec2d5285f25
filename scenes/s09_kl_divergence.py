"""Section 9, "KL Divergence: Definition and Derivation": D(P||Q) = H(P,Q) - H(P), worked out
on the movie-review example, and its asymmetry."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    FadeIn,
    FadeOut,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from entropy_explorer.claims import ClaimResult, check
from entropy_explorer.examples import MOVIE_REVIEW_P, MOVIE_REVIEW_Q
from entropy_explorer.infotheory import cross_entropy, entropy, kl_divergence, kl_terms
from entropy_explorer.mobjects import DistributionBars, MeaningTex, label, tag, title
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    KL_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
)

__all__ = ["KLDivergenceScene"]

#: LaTeX for the pieces the derivation moves around.
D_PQ = r"D_{\mathrm{KL}}(P\|Q)"
D_QP = r"D_{\mathrm{KL}}(Q\|P)"
SUM = r"\sum_x"
PX = r"P(x)"
LOG_PX = r"\log P(x)"
LOG_QX = r"\log Q(x)"
H_PQ = r"H(P,Q)"
H_P = r"H(P)"
#: Formulas: TeX draws smaller than Text at the same size.
EQ_SIZE = 54
TEX = FONT_SIZE.HEADING
#: Colours by meaning, by the exact TeX of a part.
COLOURS = {PX: P_COLOR, LOG_PX: P_COLOR, LOG_QX: Q_COLOR, H_PQ: CROSS_ENTROPY_COLOR,
           H_P: ENTROPY_COLOR, D_PQ: KL_COLOR, D_QP: REVERSE_KL_COLOR}
#: How the narration names the movie claims the article may get wrong.
ARTICLE_NAMES = {"movie.cross_entropy": "the cross-entropy", "movie.excess": "the difference"}


def tex(*parts: str, size: float = EQ_SIZE) -> MathTex:
    """A formula of named parts, coloured by meaning."""
    return MeaningTex(*parts, colours=COLOURS, font_size=size)


class KLDivergenceScene(SectionScene):
    """The definition, the derivation to H(P,Q) - H(P), the movie numbers, the asymmetry."""

    section = 9

    def body(self) -> None:
        self.define()
        self.derive()
        self.consequences()
        self.plug_in_movie()
        self.term_by_term()
        self.asymmetry()

    # ------------------------------------------------------------------ steps
    def define(self) -> None:
        heading = title("KL divergence", KL_COLOR)
        eq = tex(D_PQ, "=", SUM, PX, r"\log", r"\frac{P(x)}{Q(x)}", size=EQ_SIZE + 8)
        ratio = eq[5]  # numerator glyphs, the bar, denominator glyphs
        top, bottom = VGroup(*ratio[:len(ratio) // 2]), VGroup(*ratio[len(ratio) // 2 + 1:])
        truth, model = label("truth", P_COLOR), label("model", Q_COLOR)
        truth.next_to(ratio, RIGHT, buff=0.35).match_y(top)
        model.next_to(ratio, RIGHT, buff=0.35).match_y(bottom)
        self.narrate("KL divergence compares the truth P with a model Q: the sum over "
                     "outcomes of P of x times the log of P of x over Q of x.")
        self.play(Write(heading), run_time=1.0)
        self.play(Write(eq), run_time=1.6)
        # "the truth P with a model Q": the two sides of the ratio take their colours
        self.play(top.animate.set_color(P_COLOR), FadeIn(truth, shift=LEFT * 0.1))
        self.play(bottom.animate.set_color(Q_COLOR), FadeIn(model, shift=LEFT * 0.1))
        self.until(0.5)  # "the sum over outcomes"
        self.play(self.pointer(eq[2]))
        self.until(0.65)  # "of P of x"
        self.play(self.pointer(eq[3], color=P_COLOR))
        self.until(0.8)  # "times the log of P of x over Q of x"
        self.play(self.pointer(VGroup(eq[4], eq[5]), how="circumscribe"))
        self.wait_for_narration()
        self.beat("Where does this come from? From cross-entropy.")
        self.play(FadeOut(VGroup(truth, model)))
        self.heading, self.eq = heading, eq

    def _rule(self, formula: str, under: MathTex) -> MathTex:
        """The algebra rule a step uses, muted, under the line it changes."""
        rule = MathTex(formula, font_size=TEX, color=NOTE_COLOR)
        return rule.next_to(under, DOWN, buff=0.8)

    def derive(self) -> None:
        split = tex(D_PQ, "=", SUM, PX, LOG_PX, "-", SUM, PX, LOG_QX)
        swapped = tex(D_PQ, "=", r"\Big[", "-", SUM, PX, LOG_QX, r"\Big]", "-",
                      r"\Big[", "-", SUM, PX, LOG_PX, r"\Big]")
        for line in (split, swapped):
            line.move_to(self.eq)
            if line.width > 12.4:
                line.scale_to_fit_width(12.4)
        rule1 = self._rule(r"\log\frac{a}{b} = \log a - \log b", split)
        rule2 = self._rule(r"a - b = [-b] - [-a]", swapped)
        self.narrate("Split the log of the ratio: a sum over log P minus a sum over log Q.")
        self.play(TransformMatchingTex(self.eq, split), FadeIn(rule1, shift=UP * 0.2),
                  run_time=1.8)
        self.play(self.pointer(split[4], color=P_COLOR))
        self.play(self.pointer(split[8], color=Q_COLOR))
        self.wait_for_narration()
        self.narrate("Swap them and put a minus sign inside each one.")
        self.play(TransformMatchingTex(split, swapped), ReplacementTransform(rule1, rule2),
                  run_time=1.8)
        self.play(self.pointer(VGroup(swapped[3], swapped[10])))
        self.wait_for_narration()

        # Name the two brackets: cross-entropy and entropy.
        eq = swapped
        ce_part, h_part = VGroup(*eq[2:8]), VGroup(*eq[9:15])
        ce_brace = Brace(ce_part, DOWN, color=CROSS_ENTROPY_COLOR)
        h_brace = Brace(h_part, DOWN, color=ENTROPY_COLOR)
        ce_label = MathTex(H_PQ, color=CROSS_ENTROPY_COLOR, font_size=TEX)
        h_label = MathTex(H_P, color=ENTROPY_COLOR, font_size=TEX)
        ce_label.next_to(ce_brace, DOWN, buff=0.15)
        h_label.next_to(h_brace, DOWN, buff=0.15)
        self.narrate("The first bracket is the cross-entropy H of P and Q; the second is the "
                     "entropy H of P.")
        self.play(FadeOut(rule2), FadeIn(ce_brace), FadeIn(ce_label, shift=UP * 0.1),
                  run_time=1.0)
        self.play(self.pointer(ce_label, color=CROSS_ENTROPY_COLOR))
        self.until(0.55)  # "the second is the entropy"
        self.play(FadeIn(h_brace), FadeIn(h_label, shift=UP * 0.1), run_time=1.0)
        self.play(self.pointer(h_label, color=ENTROPY_COLOR))
        self.wait_for_narration()

        final = tex(D_PQ, "=", H_PQ, "-", H_P, size=EQ_SIZE + 8)
        final.move_to(eq)
        box = SurroundingRectangle(final, color=KL_COLOR, buff=0.25)
        self.narrate("So KL divergence is cross-entropy minus entropy.")
        self.play(
            ReplacementTransform(eq[0:2], final[0:2]),
            ReplacementTransform(VGroup(ce_part, ce_brace, ce_label), final[2]),
            ReplacementTransform(eq[8], final[3]),
            ReplacementTransform(VGroup(h_part, h_brace, h_label), final[4]),
            run_time=2,
        )
        self.play(FadeIn(box))
        self.wait_for_narration()
        self.beat("The extra surprise of using the wrong model.")
        self.eq, self.final = VGroup(final, box), final

    def consequences(self) -> None:
        final = self.final
        brace = Brace(final[4], DOWN, color=ENTROPY_COLOR)
        const = label("constant", ENTROPY_COLOR)
        const.next_to(brace, DOWN, buff=0.1)
        same = MathTex(r"\min_Q\ ", D_PQ, r"\;\Longleftrightarrow\;", r"\min_Q\ ", H_PQ,
                       font_size=EQ_SIZE)
        same[1].set_color(KL_COLOR)
        same[4].set_color(CROSS_ENTROPY_COLOR)
        same.next_to(const, DOWN, buff=0.8).set_x(0)
        teacher = label("fixed teacher P", P_COLOR)
        teacher.next_to(self.eq, UP, buff=0.35)
        self.narrate("H of P is a constant when P is fixed, like a teacher distribution.")
        self.play(self.pointer(final[4], color=ENTROPY_COLOR))
        self.play(FadeIn(brace), FadeIn(const, shift=UP * 0.1))
        self.until(0.55)  # "when P is fixed, like a teacher"
        self.play(FadeOut(self.heading), FadeIn(teacher, shift=DOWN * 0.1))
        self.wait_for_narration()
        self.narrate("So minimizing KL divergence is the same as minimizing cross-entropy.")
        self.play(Write(same[:2]), run_time=1.0)
        self.play(Write(same[2:]), run_time=1.0)
        self.play(self.pointer(same[2]))
        self.wait_for_narration()
        self.beat("This is why cross-entropy training minimizes forward KL.")
        self.play(FadeOut(VGroup(brace, const, same, teacher)),
                  self.eq.animate.scale(0.75).to_edge(UP, buff=0.45))

    # ------------------------------------------------------------- the movie
    def plug_in_movie(self) -> None:
        p, q = np.array(MOVIE_REVIEW_P.probs), np.array(MOVIE_REVIEW_Q.probs)
        outcomes = MOVIE_REVIEW_P.outcomes
        style = {"max_height": 1.5, "bar_width": 0.55, "spacing": 1.2}
        p_bars = self.track_bars("movie.p", DistributionBars(outcomes, p, color=P_COLOR, **style))
        q_bars = self.track_bars("movie.q", DistributionBars(outcomes, q, color=Q_COLOR, **style))
        p_title, q_title = label("P  reality", P_COLOR), label("Q  model", Q_COLOR)
        p_group = VGroup(p_title, p_bars).arrange(DOWN, buff=0.2)
        q_group = VGroup(q_title, q_bars).arrange(DOWN, buff=0.2)
        bars = VGroup(p_group, q_group).arrange(DOWN, buff=0.35)
        bars.to_edge(LEFT, buff=0.6).to_edge(DOWN, buff=0.4)
        self.narrate("Back to the movie reviews: the real distribution P and the "
                     "over-optimistic model Q.")
        self.play(FadeIn(p_group, shift=RIGHT * 0.3), run_time=1.0)
        self.until(0.55)  # "the over-optimistic model Q"
        self.play(FadeIn(q_group, shift=RIGHT * 0.3), run_time=1.0)
        self.bars, self.p_bars, self.q_bars = bars, p_bars, q_bars
        self.play(self.pointer(q_bars.bars[int(np.argmax(q))], color=Q_COLOR))
        self.wait_for_narration()

        h_pq, h_p = cross_entropy(p, q, base=2), entropy(p, base=2)
        d_pq = kl_divergence(p, q, base=2)
        ce = self.fmt("movie.cross_entropy", h_pq, "bits")
        ent = self.fmt("movie.entropy", h_p, "bits")
        d = self.fmt("movie.kl_forward", d_pq, "bits")
        rows = VGroup(
            tex(H_PQ, "=", ce, r"\text{ bits}", size=TEX),
            tex(H_P, "=", ent, r"\text{ bits}", size=TEX),
            tex(D_PQ, "=", ce, "-", ent, "=", d, r"\text{ bits}", size=TEX),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        rows[2][6].set_color(KL_COLOR)
        for row in rows[1:]:  # the "=" signs in one column
            row.shift((rows[0][1].get_x() - row[1].get_x()) * RIGHT)
        rows.next_to(bars, RIGHT, buff=1.0).align_to(bars, UP).shift(DOWN * 0.2)
        self.rows = rows
        self.narrate(f"Average surprise under the wrong model: the cross-entropy, "
                     f"{self.say('movie.cross_entropy', h_pq)} bits. Under the right one: the "
                     f"entropy, {self.say('movie.entropy', h_p)} bits.")
        self.play(Write(rows[0]), self.pointer(q_bars.bars, color=Q_COLOR), run_time=1.2)
        self.until(0.55)  # "under the right one"
        self.play(Write(rows[1]), self.pointer(p_bars.bars, color=P_COLOR), run_time=1.2)
        self.wait_for_narration()
        self.narrate(f"Their difference, {self.say('movie.kl_forward', d_pq)} bits, is the KL "
                     "divergence: the cost of having the wrong model.")
        self.play(Write(rows[2]), run_time=1.6)
        self.play(self.pointer(rows[2][6], color=KL_COLOR))
        self.wait_for_narration()
        # Where the article's values differ from these, a tag beside each says so (the audit).
        differing = [r for r in (check("movie.cross_entropy"), check("movie.excess"))
                     if not r.agrees]
        self.article_tags = VGroup()
        if differing:
            self.article_values(differing, {"movie.cross_entropy": rows[0][2],
                                            "movie.excess": rows[2][6]})
        self.beat("The same KL, computed directly from the definition.")
        self.d_text = d

    def article_values(self, differing: list[ClaimResult], shown: dict[str, MathTex]) -> None:
        """"article: 2.18" beside each recomputed value the article gives differently, said."""
        tags = []
        for r in differing:
            value = self.fmt(f"{r.claim.id}.article", r.stated, r.claim.unit,
                             r.claim.decimals or 0)
            t = tag(f"article: {value}")
            row = shown[r.claim.id]
            t.next_to(row, DOWN, buff=0.15).align_to(row, RIGHT)
            tags.append((r, t, row))
        said = " and ".join(
            f"{self.say(f'{r.claim.id}.article', r.stated, r.claim.unit, r.claim.decimals or 0)}"
            f" for {ARTICLE_NAMES[r.claim.id]}" for r in differing)
        side = ("lower than" if all(r.stated < r.computed for r in differing) else
                "higher than" if all(r.stated > r.computed for r in differing) else
                "different from")
        self.narrate(f"The article gives {said}, {side} the values recomputed here from P and Q.")
        for i, (_, t, row) in enumerate(tags):
            self.until(0.45 * i / len(tags))
            self.play(FadeIn(t, shift=UP * 0.1), self.pointer(row), run_time=1.0)
        self.until(0.7)  # "the values recomputed here from P and Q"
        self.play(self.pointer(self.bars, how="circumscribe"), run_time=1.5)
        self.wait_for_narration()
        self.article_tags = VGroup(*(t for _, t, _ in tags))

    def term_by_term(self) -> None:
        p, q = np.array(MOVIE_REVIEW_P.probs), np.array(MOVIE_REVIEW_Q.probs)
        outcomes = MOVIE_REVIEW_P.outcomes
        terms = [float(t) for t in kl_terms(p, q)]
        term_texts = [self.fmt(f"movie.kl_term.{name}", t, "bits")
                      for name, t in zip(outcomes, terms, strict=True)]
        parts: list[str] = [D_PQ, "="]
        where: list[int] = []  # the index of each term's part
        for i, t in enumerate(term_texts):
            if i and not t.startswith("-"):
                parts.append("+")
            where.append(len(parts))
            parts.append(t)
        parts += ["=", self.d_text]
        by_term = tex(*parts, size=TEX)
        by_term[-1].set_color(KL_COLOR)
        self.declare_constants("0", "2")
        negative = [i for i, t in enumerate(terms) if t < 0]
        costliest = int(np.argmax(terms))
        below = VGroup(*(MathTex("<0", font_size=TEX, color=Q_COLOR) for _ in negative))
        at_least = MathTex(r"\geq 0", font_size=TEX, color=KL_COLOR)
        block = VGroup(by_term)
        block.next_to(self.bars, RIGHT, buff=0.6).align_to(self.bars, DOWN).shift(UP * 0.5)
        for mark, i in zip(below, negative, strict=True):
            mark.next_to(by_term[where[i]], UP, buff=0.25)
        at_least.next_to(by_term[-1], UP, buff=0.25)
        gives = (f"{' and '.join(outcomes[i] for i in negative)} "
                 f"give{'s' if len(negative) == 1 else ''} a negative term, " if negative else "")
        self.narrate(f"Term by term: {gives}{outcomes[costliest]} costs the most, and the total "
                     "is never negative.")
        self.play(FadeOut(self.rows), FadeOut(self.article_tags), run_time=0.6)
        self.play(Write(by_term), run_time=1.6)
        if negative:
            self.play(*(self.pointer(by_term[where[i]], color=Q_COLOR) for i in negative),
                      *(self.pointer(self.q_bars.bars[i], color=Q_COLOR) for i in negative),
                      FadeIn(below))
        self.until(0.55)  # "... costs the most"
        self.play(self.pointer(by_term[where[costliest]], color=KL_COLOR),
                  self.pointer(self.p_bars.bars[costliest], color=P_COLOR))
        self.until(0.8)  # "the total is never negative"
        self.play(FadeIn(at_least, shift=DOWN * 0.1),
                  self.pointer(by_term[-1], how="circumscribe", color=KL_COLOR))
        self.wait_for_narration()
        self.beat("A term can be negative; the sum never is.")
        self.play(FadeOut(VGroup(block, below, at_least)))

    def asymmetry(self) -> None:
        p, q = np.array(MOVIE_REVIEW_P.probs), np.array(MOVIE_REVIEW_Q.probs)
        forward = kl_divergence(p, q, base=2)
        reverse = kl_divergence(q, p, base=2)
        f_text = self.fmt("movie.kl_forward", forward, "bits")
        r_text = self.fmt("movie.kl_reverse", reverse, "bits")
        f_eq = MathTex(D_PQ, "=", SUM, "P(x)", r"\log_2\frac{P(x)}{Q(x)}", "=", f_text,
                       font_size=TEX)
        r_eq = MathTex(D_QP, "=", SUM, "Q(x)", r"\log_2\frac{Q(x)}{P(x)}", "=", r_text,
                       font_size=TEX)
        for eq, color, weight in ((f_eq, FORWARD_KL_COLOR, P_COLOR),
                                  (r_eq, REVERSE_KL_COLOR, Q_COLOR)):
            eq[0].set_color(color)
            eq[6].set_color(color)
            eq[3].set_color(weight)
        f_note = label("weighted by P", P_COLOR)
        r_note = label("weighted by Q", Q_COLOR)
        f_note.next_to(f_eq[3], DOWN, buff=0.2).align_to(f_eq, LEFT)
        r_note.next_to(r_eq[3], DOWN, buff=0.2).align_to(r_eq, LEFT)
        col = VGroup(VGroup(f_eq, f_note), VGroup(r_eq, r_note))
        col.arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        col.next_to(self.bars, RIGHT, buff=0.6).align_to(self.bars, UP)
        verdict = MathTex(D_PQ, r"\neq", D_QP, font_size=EQ_SIZE)
        verdict[0].set_color(FORWARD_KL_COLOR)
        verdict[2].set_color(REVERSE_KL_COLOR)
        verdict.next_to(col, DOWN, buff=0.6).match_x(col)
        self.declare_constants("2")
        self.narrate("Swap the roles, and each outcome is weighted by the model's "
                     "probabilities instead.")
        self.play(FadeOut(self.eq), Write(f_eq), FadeIn(f_note), run_time=1.4)
        self.play(Write(r_eq), FadeIn(r_note), run_time=1.4)
        self.until(0.55)  # "weighted by the model's probabilities"
        self.play(self.pointer(r_eq[3], color=Q_COLOR), self.pointer(self.q_bars.bars,
                                                                     color=Q_COLOR))
        self.wait_for_narration()
        self.narrate(f"Forward, {self.say('movie.kl_forward', forward)} bits; reverse, "
                     f"{self.say('movie.kl_reverse', reverse)} bits. KL is asymmetric: the "
                     "direction matters.")
        self.play(self.pointer(f_eq[6], color=FORWARD_KL_COLOR))
        self.until(0.3)  # "reverse, ..."
        self.play(self.pointer(r_eq[6], color=REVERSE_KL_COLOR))
        self.until(0.55)  # "KL is asymmetric"
        self.play(Write(verdict), run_time=1.4)
        self.play(self.pointer(verdict[1], color=KL_COLOR))
        self.wait_for_narration()
        self.beat("Next: what each direction does when a model is fitted.")
