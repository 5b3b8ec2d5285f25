"""Section 11, "Gradients You Actually Optimize": the forward-KL gradient (cross-entropy under
a fixed P) and the reverse-KL gradient via the log-derivative trick, ending on REINFORCE."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    Cross,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    SurroundingRectangle,
    Text,
    TransformMatchingTex,
    VGroup,
    Write,
)

from entropy_explorer.claims import assess
from entropy_explorer.mobjects.tex import MeaningTex
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

__all__ = ["GradientsScene"]

# The pieces the derivations move around (TransformMatchingTex matches them by string).
GRAD = r"\nabla_\theta"
D_FWD = r"D_{\mathrm{KL}}(P\|Q_\theta)"
D_REV = r"D_{\mathrm{KL}}(Q_\theta\|P)"
H_PQ = r"H(P,Q_\theta)"
H_P = r"H(P)"
SUM = r"\sum_x"
PX = r"P(x)"
QX = r"Q_\theta(x)"
GRAD_Q = r"\nabla_\theta Q_\theta(x)"
GRAD_LOG_Q = r"\nabla_\theta \log Q_\theta(x)"
E_P = r"\mathbb{E}_{x\sim P}"
E_Q = r"\mathbb{E}_{x\sim Q_\theta}"
GAP = r"\big[\log Q_\theta(x)-\log P(x)\big]"
GAP_PAREN = r"\big(\log Q_\theta(x)-\log P(x)\big)"

COLOURS = {
    D_FWD: FORWARD_KL_COLOR,
    D_REV: REVERSE_KL_COLOR,
    H_PQ: CROSS_ENTROPY_COLOR,
    H_P: ENTROPY_COLOR,
    PX: P_COLOR,
    E_P: P_COLOR,
    QX: Q_COLOR,
    GRAD_Q: Q_COLOR,
    GRAD_LOG_Q: Q_COLOR,
    E_Q: Q_COLOR,
    GAP: KL_COLOR,
    GAP_PAREN: KL_COLOR,
}

EQ_SIZE = 44


def eq(*parts: str, size: float = EQ_SIZE) -> MathTex:
    """A MathTex of named parts, coloured by meaning."""
    return MeaningTex(*parts, colours=COLOURS, font_size=size)


def note(text: str, color: str = NOTE_COLOR, size: float = FONT_SIZE.LABEL) -> Text:
    return Text(text, font=FONT, font_size=size, color=color, line_spacing=0.8)


class GradientsScene(SectionScene):
    """Both gradients derived on screen; the reverse one ends boxed as REINFORCE."""

    section = 11

    def body(self) -> None:
        # A derivation: "Q goes to zero", "the sum of Q is one" are mathematics, not results.
        self.declare_spoken("zero", "one")
        self.forward_gradient()
        self.forward_consequences()
        self.reverse_setup()
        self.product_rule()
        self.vanishing_sum()
        self.log_trick()
        self.reinforce()

    # ----------------------------------------------------------------- forward
    def forward_gradient(self) -> None:
        heading = note("Forward KL gradient", FORWARD_KL_COLOR, FONT_SIZE.HEADING)
        heading.to_edge(UP, buff=0.5)
        line1 = eq(D_FWD, "=", H_PQ, "-", H_P)
        line2 = eq(GRAD, D_FWD, "=", GRAD, H_PQ)
        line3 = eq("=", "-", SUM, PX, GRAD_LOG_Q)
        line4 = eq("=", "-", E_P, r"\big[", GRAD_LOG_Q, r"\big]")
        line1.next_to(heading, DOWN, buff=0.6)
        line2.next_to(line1, DOWN, buff=0.45)
        for prev, line in ((line2, line3), (line3, line4)):
            line.next_to(prev, DOWN, buff=0.4)
            equals = prev[2] if prev is line2 else prev[0]  # align the "=" signs
            line.shift((equals.get_center()[0] - line[0].get_center()[0]) * RIGHT)
        self.narrate("Start with forward KL: cross-entropy minus entropy.")
        self.play(FadeIn(heading), Write(line1), run_time=1.5)
        self.wait_for_narration()
        self.narrate("Take the gradient: H of P does not depend on theta and drops out.")
        self.play(TransformMatchingTex(line1.copy(), line2), run_time=1.8)
        self.play(Indicate(line1[4], color=ENTROPY_COLOR))
        self.wait_for_narration()
        self.narrate("The gradient moves inside the cross-entropy's sum.")
        self.play(FadeIn(line3, shift=DOWN * 0.2), run_time=1.5)
        self.wait_for_narration()
        self.narrate("That is an expectation under P.")
        self.play(TransformMatchingTex(line3.copy(), line4), run_time=1.5)
        self.wait_for_narration()
        self.beat("The standard cross-entropy gradient.")
        self.forward_lines = VGroup(heading, line1, line2, line3, line4)
        self.line4 = line4

    def forward_consequences(self) -> None:
        heading, line1, line2, line3, line4 = self.forward_lines
        result = eq(GRAD, D_FWD, "=", "-", E_P, r"\big[", GRAD_LOG_Q, r"\big]")
        result.next_to(heading, DOWN, buff=0.7)
        self.play(FadeOut(VGroup(line1, line2, line3)), TransformMatchingTex(line4, result),
                  run_time=1.5)
        self.forward_lines = VGroup(heading, result)
        box = SurroundingRectangle(result, color=FORWARD_KL_COLOR, buff=0.15)
        # The article calls this gradient low-variance and says it blows up; the audit
        # measured both on softmax students, and the notes say what it found.
        variance = assess("forward.low_variance")
        share = self.fmt(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                         decimals=0)
        low_var = note("expectation under a fixed P: the plain cross-entropy gradient;\n"
                       f"lower variance than REINFORCE for {share}% of the students we swept",
                       TEXT_COLOR)
        low_var.next_to(box, DOWN, buff=0.5)
        blow = eq(GRAD_LOG_Q, "=", r"\frac{\nabla_\theta Q_\theta(x)}{Q_\theta(x)}",
                  size=EQ_SIZE - 4)
        blow[2].set_color(Q_COLOR)
        blows = assess("forward.gradient_blows_up")
        if blows.agrees:
            blow_note = note("Q\u03b8(x) \u2192 0 where P(x) > 0: it blows up,\na strong "
                             "correction that covers every mode", TEXT_COLOR)
        else:
            blow_note = note("blows up as Q\u03b8(x) \u2192 0 only if the probabilities are the "
                             "parameters;\non a softmax's logits \u2207Q shrinks with Q: |\u2207 log Q| stays "
                             "below \u221a2", TEXT_COLOR)
        self.declare_constants("0", "2")
        self.declare_spoken("two")  # the square root of two: a bound, notation
        row = VGroup(blow, blow_note).arrange(DOWN, buff=0.3)
        row.next_to(low_var, DOWN, buff=0.45)
        said_share = self.say(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                              decimals=0)
        self.narrate("Samples come from a fixed P, and it is the plain cross-entropy gradient. "
                     "The article calls it low-variance: measured relative to its size, it beats "
                     f"REINFORCE for {said_share} percent of the students we swept, not all.")
        self.play(FadeIn(box), FadeIn(low_var, shift=UP * 0.2))
        self.wait_for_narration()
        if blows.agrees:
            self.narrate("Where Q goes to zero but P does not, the gradient of log Q blows up: a "
                         "strong correction that covers every teacher mode.")
        else:
            grow = self.say(f"{blows.id}.growth_probs", round(blows["growth_probs"]), "ratio",
                            style="words")
            self.narrate("The article says the gradient of log Q blows up where Q goes to zero. "
                         f"With the probabilities as parameters it does: {grow} times larger "
                         "over the range the audit tried.")
            self.play(Write(blow), run_time=1.5)
            self.wait_for_narration()
            self.narrate("On a softmax's logits, the gradient of Q shrinks with Q, so the ratio "
                         "stays below the square root of two. The push on a logit is P minus Q: "
                         "forward KL still covers every mode, steadily rather than explosively.")
        if blows.agrees:
            self.play(Write(blow), run_time=1.5)
        self.play(FadeIn(blow_note), Circumscribe(blow[2], color=Q_COLOR))
        self.wait_for_narration()
        self.beat("Forward KL: mode covering; lower variance for most students, not all.")
        self.play(FadeOut(VGroup(self.forward_lines, box, low_var, row)))

    # ----------------------------------------------------------------- reverse
    def reverse_setup(self) -> None:
        heading = note("Reverse KL gradient: the log-derivative trick", REVERSE_KL_COLOR,
                       FONT_SIZE.HEADING)
        heading.to_edge(UP, buff=0.5)
        line = eq(D_REV, "=", SUM, QX, GAP)
        line.next_to(heading, DOWN, buff=0.9)
        self.narrate("Reverse KL: the sum is weighted by the student's own Q.")
        self.play(FadeIn(heading), Write(line), run_time=1.8)
        self.wait_for_narration()
        self.heading, self.line = heading, line

    def _step(self, new: MathTex, words: str, run_time: float = 2.0) -> None:
        new.move_to(self.line)
        if new.width > 12.6:
            new.scale_to_fit_width(12.6)
        self.narrate(words)
        self.play(TransformMatchingTex(self.line, new), run_time=run_time)
        self.wait_for_narration()
        self.line = new

    def product_rule(self) -> None:
        new = eq(GRAD, D_REV, "=", SUM, GRAD_Q, GAP, "+", SUM, QX, GRAD_LOG_Q)
        self._step(new, "Differentiate with the product rule; log P does not depend on theta.")

    def vanishing_sum(self) -> None:
        line = self.line
        second = VGroup(*line[6:])
        chain = eq(SUM, QX, GRAD_LOG_Q, "=", SUM, GRAD_Q, "=", GRAD, SUM, QX, "=", GRAD, "1",
                   "=", "0", size=EQ_SIZE - 4)
        self.declare_constants("1", "0")
        chain.next_to(line, DOWN, buff=1.0)
        why = note("probabilities sum to 1", MUTED_COLOR, FONT_SIZE.SMALL)
        why.next_to(chain, DOWN, buff=0.3)
        self.narrate("The second sum is the gradient of the sum of Q: the gradient of one, "
                     "which is zero.")
        self.play(Indicate(second, color=Q_COLOR))
        self.play(FadeIn(chain, shift=DOWN * 0.2), FadeIn(why), run_time=1.8)
        self.wait_for_narration()
        cross = Cross(second, stroke_color=KL_COLOR, stroke_width=5)
        self.play(FadeIn(cross))
        new = eq(GRAD, D_REV, "=", SUM, GRAD_Q, GAP)
        new.move_to(line)
        self.narrate("So the second sum vanishes.")
        self.play(FadeOut(cross), FadeOut(chain), FadeOut(why),
                  TransformMatchingTex(line, new), run_time=1.8)
        self.wait_for_narration()
        self.line = new
        self.beat("Only the first sum is left.")

    def log_trick(self) -> None:
        trick = eq(GRAD_Q, "=", QX, GRAD_LOG_Q, size=EQ_SIZE - 4)
        label = note("log trick", MUTED_COLOR, FONT_SIZE.SMALL)
        group = VGroup(label, trick).arrange(RIGHT, buff=0.4)
        group.next_to(self.line, DOWN, buff=1.0)
        self.narrate("The log trick: the gradient of Q is Q times the gradient of log Q.")
        self.play(FadeIn(group, shift=UP * 0.2))
        self.wait_for_narration()
        new = eq(GRAD, D_REV, "=", SUM, QX, GRAD_LOG_Q, GAP)
        self._step(new, "Now the sum is weighted by Q theta again.", run_time=1.5)
        self.play(FadeOut(group))

    def reinforce(self) -> None:
        new = eq(GRAD, D_REV, "=", E_Q, r"\Big[", GAP_PAREN, GRAD_LOG_Q, r"\Big]",
                 size=EQ_SIZE + 4)
        self._step(new, "A sum weighted by Q is an expectation under Q.")
        box = SurroundingRectangle(self.line, color=REVERSE_KL_COLOR, buff=0.2)
        tag = note("REINFORCE-style estimator", REVERSE_KL_COLOR, FONT_SIZE.LABEL)
        tag.next_to(box, DOWN, buff=0.3)
        self.play(FadeIn(box), FadeIn(tag))
        bullets = VGroup(
            note("you must sample x from Q\u03b8 itself", TEXT_COLOR),
            note("if Q\u03b8(x) \u2248 0, x is never sampled: a zero-gradient blind spot"
                 + ("" if assess("reverse.blind_spot").agrees else " on the logits"),
                 TEXT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        bullets.next_to(tag, DOWN, buff=0.6)
        if bullets.width > 12.6:
            bullets.scale_to_fit_width(12.6)
        self.narrate("This is a REINFORCE-style estimator: you must sample from Q theta.")
        self.play(FadeIn(bullets[0], shift=UP * 0.2))
        self.wait_for_narration()
        blind = assess("reverse.blind_spot")
        where = "" if blind.agrees else ", on the logits a network trains"
        self.narrate("And if Q theta of x is nearly zero, that x is never sampled: a "
                     f"zero-gradient blind spot{where}.")
        self.play(FadeIn(bullets[1], shift=UP * 0.2))
        self.wait_for_narration()
        self.beat("Next: what the blind spot and the variance look like in practice.")
