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
    Indicate,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    TransformMatchingTex,
    VGroup,
    Write,
)

from entropy_explorer.claims import ClaimResult, check
from entropy_explorer.examples import MOVIE_REVIEW_P, MOVIE_REVIEW_Q
from entropy_explorer.infotheory import cross_entropy, entropy, kl_divergence
from entropy_explorer.mobjects import DistributionBars
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["KLDivergenceScene"]

#: LaTeX for the pieces the derivation moves around.
D_PQ = r"D_{\mathrm{KL}}(P\|Q)"
D_QP = r"D_{\mathrm{KL}}(Q\|P)"
SUM = r"\sum_x"
PX = r"P(x)"
LOG_PX = r"\log P(x)"
LOG_QX = r"\log Q(x)"
EQ_SIZE = 50
#: How the note and the narration name the movie claims the article may get wrong
#: (on screen, spoken).
ARTICLE_NAMES = {"movie.cross_entropy": ("H(P,Q)", "the cross-entropy"),
                 "movie.excess": ("the difference", "the difference")}


def colour_parts(eq: MathTex) -> MathTex:
    """Colour P-pieces, Q-pieces and the named quantities by meaning."""
    for part in eq:
        tex = part.tex_string
        if tex in (PX, LOG_PX):
            part.set_color(P_COLOR)
        elif tex == LOG_QX:
            part.set_color(Q_COLOR)
        elif tex == r"H(P,Q)":
            part.set_color(CROSS_ENTROPY_COLOR)
        elif tex == r"H(P)":
            part.set_color(ENTROPY_COLOR)
        elif tex in (D_PQ,):
            part.set_color(KL_COLOR)
    return eq


class KLDivergenceScene(SectionScene):
    """The definition, the derivation to H(P,Q) - H(P), the movie numbers, the asymmetry."""

    section = 9

    def body(self) -> None:
        self.define()
        self.derive()
        self.consequences()
        self.plug_in_movie()
        self.asymmetry()

    # ------------------------------------------------------------------ steps
    def define(self) -> None:
        heading = Text("KL divergence", font=FONT, font_size=FONT_SIZE.HEADING, color=KL_COLOR)
        heading.to_edge(UP, buff=0.6)
        eq = colour_parts(MathTex(D_PQ, "=", SUM, PX, r"\log", r"\frac{P(x)}{Q(x)}",
                                  font_size=EQ_SIZE + 8))
        eq.move_to(UP * 0.6)
        self.narrate("KL divergence compares the truth P with a model Q: the sum over "
                     "outcomes of P of x times the log of P of x over Q of x.")
        self.play(Write(heading), run_time=1.2)
        self.play(Write(eq), run_time=2)
        self.wait_for_narration()
        self.beat("Where does this come from? From cross-entropy.")
        self.heading, self.eq = heading, eq

    def derive(self) -> None:
        step_note = Text("", font=FONT, font_size=FONT_SIZE.LABEL, color=NOTE_COLOR)
        steps = [
            ("the log of a ratio is a difference of logs",
             MathTex(D_PQ, "=", SUM, PX, LOG_PX, "-", SUM, PX, LOG_QX, font_size=EQ_SIZE)),
            ("write both sums with a minus sign inside",
             MathTex(D_PQ, "=", r"\Big[", "-", SUM, PX, LOG_QX, r"\Big]", "-",
                     r"\Big[", "-", SUM, PX, LOG_PX, r"\Big]", font_size=EQ_SIZE)),
        ]
        narration = [
            "Split the log of the ratio: a sum over log P minus a sum over log Q.",
            "Swap them and put a minus sign inside each one.",
        ]
        eq = self.eq
        for (note, target), words in zip(steps, narration, strict=True):
            colour_parts(target).move_to(eq)
            if target.width > 12.4:
                target.scale_to_fit_width(12.4)
            new_note = Text(note, font=FONT, font_size=FONT_SIZE.LABEL, color=NOTE_COLOR)
            new_note.next_to(target, DOWN, buff=0.7)
            self.narrate(words)
            self.play(TransformMatchingTex(eq, target), FadeOut(step_note), FadeIn(new_note),
                      run_time=2)
            self.wait_for_narration()
            eq, step_note = target, new_note

        # Name the two brackets: cross-entropy and entropy.
        ce_part, h_part = VGroup(*eq[2:8]), VGroup(*eq[9:15])
        ce_brace = Brace(ce_part, DOWN, color=CROSS_ENTROPY_COLOR)
        h_brace = Brace(h_part, DOWN, color=ENTROPY_COLOR)
        ce_label = MathTex(r"H(P,Q)", color=CROSS_ENTROPY_COLOR, font_size=FONT_SIZE.BODY)
        h_label = MathTex(r"H(P)", color=ENTROPY_COLOR, font_size=FONT_SIZE.BODY)
        ce_label.next_to(ce_brace, DOWN, buff=0.1)
        h_label.next_to(h_brace, DOWN, buff=0.1)
        self.narrate("The first bracket is the cross-entropy H of P and Q; the second is the "
                     "entropy H of P.")
        self.play(FadeOut(step_note), FadeIn(ce_brace), FadeIn(ce_label), run_time=1.2)
        self.play(FadeIn(h_brace), FadeIn(h_label), run_time=1.2)
        self.wait_for_narration()

        final = colour_parts(MathTex(D_PQ, "=", r"H(P,Q)", "-", r"H(P)", font_size=EQ_SIZE + 8))
        final.move_to(eq)
        self.narrate("So KL divergence is cross-entropy minus entropy.")
        self.play(
            ReplacementTransform(eq[0:2], final[0:2]),
            ReplacementTransform(VGroup(ce_part, ce_brace, ce_label), final[2]),
            ReplacementTransform(eq[8], final[3]),
            ReplacementTransform(VGroup(h_part, h_brace, h_label), final[4]),
            run_time=2,
        )
        box = SurroundingRectangle(final, color=KL_COLOR, buff=0.2)
        self.play(FadeIn(box))
        self.wait_for_narration()
        self.beat("The extra surprise of using the wrong model.")
        self.eq = VGroup(final, box)
        self.final = final

    def consequences(self) -> None:
        lines = VGroup(
            Text("H(P) is a constant when P is fixed (e.g. a teacher)", font=FONT,
                 font_size=FONT_SIZE.LABEL, color=TEXT_COLOR),
            Text("minimizing KL  \u21d4  minimizing cross-entropy", font=FONT,
                 font_size=FONT_SIZE.LABEL, color=TEXT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        lines[0].set_color_by_t2c({"H(P)": ENTROPY_COLOR})
        lines[1].set_color_by_t2c({"KL": KL_COLOR, "cross-entropy": CROSS_ENTROPY_COLOR})
        lines.next_to(self.eq, DOWN, buff=0.8)
        self.narrate("H of P is a constant when P is fixed, like a teacher distribution.")
        self.play(FadeIn(lines[0], shift=UP * 0.2), Indicate(self.final[4], color=ENTROPY_COLOR))
        self.wait_for_narration()
        self.narrate("So minimizing KL divergence is the same as minimizing cross-entropy.")
        self.play(FadeIn(lines[1], shift=UP * 0.2))
        self.wait_for_narration()
        self.beat("This is why cross-entropy training minimizes forward KL.")
        self.play(FadeOut(lines), FadeOut(self.heading),
                  self.eq.animate.scale(0.75).to_edge(UP, buff=0.5))

    def article_note(self, differing: list[ClaimResult]) -> Text:
        """"recomputed ...; the article says ..." with the article's values that differ."""
        shown = ", ".join(
            f"{ARTICLE_NAMES[r.claim.id][0]} ≈ "
            f"{self.fmt(f'{r.claim.id}.article', r.stated, r.claim.unit, r.claim.decimals or 0)}"
            for r in differing)
        return Text(f"recomputed from P and Q; the article says\n{shown}", font=FONT,
                    font_size=FONT_SIZE.NOTE, color=MUTED_COLOR, line_spacing=0.8)

    def article_sentence(self, differing: list[ClaimResult]) -> str:
        """The same as :meth:`article_note`, to be said (call it just before ``narrate``)."""
        said = " and ".join(
            f"{self.say(f'{r.claim.id}.article', r.stated, r.claim.unit, r.claim.decimals or 0)}"
            f" for {ARTICLE_NAMES[r.claim.id][1]}" for r in differing)
        side = ("lower than" if all(r.stated < r.computed for r in differing) else
                "higher than" if all(r.stated > r.computed for r in differing) else
                "different from")
        return f"The article gives {said}, {side} the values recomputed here from P and Q."

    def plug_in_movie(self) -> None:
        p, q = np.array(MOVIE_REVIEW_P.probs), np.array(MOVIE_REVIEW_Q.probs)
        outcomes = MOVIE_REVIEW_P.outcomes
        p_bars = self.track_bars("movie.p", DistributionBars(
            outcomes, p, color=P_COLOR, max_height=1.5, bar_width=0.5, spacing=1.1,
            font_size=FONT_SIZE.SMALL))
        q_bars = self.track_bars("movie.q", DistributionBars(
            outcomes, q, color=Q_COLOR, max_height=1.5, bar_width=0.5, spacing=1.1,
            font_size=FONT_SIZE.SMALL))
        p_title = MathTex("P", r"\text{ (reality)}", color=P_COLOR, font_size=FONT_SIZE.LABEL)
        q_title = MathTex("Q", r"\text{ (model)}", color=Q_COLOR, font_size=FONT_SIZE.LABEL)
        p_group = VGroup(p_title, p_bars).arrange(DOWN, buff=0.25)
        q_group = VGroup(q_title, q_bars).arrange(DOWN, buff=0.25)
        bars = VGroup(p_group, q_group).arrange(DOWN, buff=0.45)
        bars.to_edge(LEFT, buff=0.7).shift(DOWN * 0.55)
        self.narrate("Back to the movie reviews: the real distribution P and the "
                     "over-optimistic model Q.")
        self.play(FadeIn(bars, shift=RIGHT * 0.3), run_time=1.5)
        self.wait_for_narration()

        h_pq = cross_entropy(p, q, base=2)
        h_p = entropy(p, base=2)
        d_pq = kl_divergence(p, q, base=2)
        ce = self.fmt("movie.cross_entropy", h_pq, "bits")
        ent = self.fmt("movie.entropy", h_p, "bits")
        d = self.fmt("movie.kl_forward", d_pq, "bits")
        rows = VGroup(
            MathTex(r"H(P,Q)", "=", ce, r"\text{ bits}", font_size=FONT_SIZE.BODY + 4),
            MathTex(r"H(P)", "=", ent, r"\text{ bits}", font_size=FONT_SIZE.BODY + 4),
            MathTex(D_PQ, "=", ce, "-", ent, "=", d, r"\text{ bits}", font_size=FONT_SIZE.BODY + 4),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        rows[0][0].set_color(CROSS_ENTROPY_COLOR)
        rows[1][0].set_color(ENTROPY_COLOR)
        rows[2][0].set_color(KL_COLOR)
        rows[2][6].set_color(KL_COLOR)
        rows.next_to(bars, RIGHT, buff=1.0).align_to(bars, UP).shift(DOWN * 0.3)
        # Where the article's values differ from these, a note says so (from the audit).
        differing = [r for r in (check("movie.cross_entropy"), check("movie.excess"))
                     if not r.agrees]
        note = self.article_note(differing) if differing else None
        if note is not None:
            note.next_to(rows, DOWN, buff=0.45, aligned_edge=LEFT)
        self.narrate(f"Average surprise under the wrong model: the cross-entropy, "
                     f"{self.say('movie.cross_entropy', h_pq)} bits. Under the right one: the "
                     f"entropy, {self.say('movie.entropy', h_p)} bits.")
        self.play(Write(rows[0]), run_time=1.2)
        self.play(Write(rows[1]), run_time=1.2)
        self.wait_for_narration()
        self.narrate(f"Their difference, {self.say('movie.kl_forward', d_pq)} bits, is the KL "
                     "divergence: the cost of having the wrong model.")
        self.play(Write(rows[2]), run_time=1.8)
        self.wait_for_narration()
        if note is not None:
            self.narrate(self.article_sentence(differing))
            self.play(FadeIn(note))
            self.wait_for_narration()

        terms = [float(pi * np.log2(pi / qi)) for pi, qi in zip(p, q, strict=True)]
        term_texts = [self.fmt(f"movie.kl_term.{name}", t, "bits")
                      for name, t in zip(outcomes, terms, strict=True)]
        parts: list[str] = [D_PQ, "="]
        for i, t in enumerate(term_texts):
            if i:
                parts.append("+" if not t.startswith("-") else "")
            parts.append(t)
        parts += ["=", d]
        by_term = MathTex(*[s for s in parts if s], font_size=FONT_SIZE.BODY + 4)
        by_term[0].set_color(KL_COLOR)
        by_term[-1].set_color(KL_COLOR)
        by_term.next_to(note if note is not None else rows, DOWN, buff=0.45,
                        aligned_edge=LEFT)
        caption = Text("a term can be negative; the sum never is",
                       font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR)
        caption.next_to(by_term, DOWN, buff=0.3, aligned_edge=LEFT)
        self.declare_constants("2")
        negative = [name for name, t in zip(outcomes, terms, strict=True) if t < 0]
        costliest = outcomes[int(np.argmax(terms))]
        gives = (f"{' and '.join(negative)} give{'s' if len(negative) == 1 else ''} a negative "
                 "term, " if negative else "")
        self.narrate(f"Term by term: {gives}{costliest} costs the most, and the total is never "
                     "negative.")
        self.play(Write(by_term), run_time=1.8)
        self.play(FadeIn(caption))
        self.wait_for_narration()
        self.beat("The same KL, computed directly from the definition.")
        self.play(FadeOut(VGroup(rows, by_term, caption, *([note] if note else []))))
        self.bars = bars
        self.d_text = d

    def asymmetry(self) -> None:
        p, q = np.array(MOVIE_REVIEW_P.probs), np.array(MOVIE_REVIEW_Q.probs)
        forward = kl_divergence(p, q, base=2)
        reverse = kl_divergence(q, p, base=2)
        f_text = self.fmt("movie.kl_forward", forward, "bits")
        r_text = self.fmt("movie.kl_reverse", reverse, "bits")
        f_eq = MathTex(D_PQ, "=", SUM, "P(x)", r"\log_2\frac{P(x)}{Q(x)}", "=", f_text,
                       r"\text{ bits}", font_size=FONT_SIZE.BODY + 2)
        r_eq = MathTex(D_QP, "=", SUM, "Q(x)", r"\log_2\frac{Q(x)}{P(x)}", "=", r_text,
                       r"\text{ bits}", font_size=FONT_SIZE.BODY + 2)
        for eq, color, weight in ((f_eq, FORWARD_KL_COLOR, P_COLOR), (r_eq, REVERSE_KL_COLOR, Q_COLOR)):
            eq[0].set_color(color)
            eq[6].set_color(color)
            eq[3].set_color(weight)
        f_note = Text("weighted by P", font=FONT, font_size=FONT_SIZE.SMALL, color=P_COLOR)
        r_note = Text("weighted by Q", font=FONT, font_size=FONT_SIZE.SMALL, color=Q_COLOR)
        col = VGroup(VGroup(f_eq, f_note).arrange(DOWN, aligned_edge=LEFT, buff=0.2),
                     VGroup(r_eq, r_note).arrange(DOWN, aligned_edge=LEFT, buff=0.2))
        col.arrange(DOWN, aligned_edge=LEFT, buff=0.7)
        col.next_to(self.bars, RIGHT, buff=0.9).shift(UP * 0.3)
        self.narrate("Swap the roles, and each outcome is weighted by the model's "
                     "probabilities instead.")
        self.play(Write(f_eq), FadeIn(f_note), run_time=1.5)
        self.play(Write(r_eq), FadeIn(r_note), run_time=1.5)
        self.wait_for_narration()
        verdict = MathTex(D_PQ, r"\neq", D_QP, font_size=FONT_SIZE.HEADING)
        verdict[0].set_color(FORWARD_KL_COLOR)
        verdict[2].set_color(REVERSE_KL_COLOR)
        verdict.next_to(col, DOWN, buff=0.7)
        self.narrate(f"Forward, {self.say('movie.kl_forward', forward)} bits; reverse, "
                     f"{self.say('movie.kl_reverse', reverse)} bits. KL is asymmetric: the "
                     "direction matters.")
        self.play(Write(verdict), run_time=1.5)
        self.play(Indicate(f_eq[6], color=FORWARD_KL_COLOR), Indicate(r_eq[6], color=REVERSE_KL_COLOR))
        self.wait_for_narration()
        self.beat("Next: what each direction does when a model is fitted.")
