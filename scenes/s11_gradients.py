"""Section 11, "Gradients You Actually Optimize": the forward-KL gradient (cross-entropy under
a fixed P) and the reverse-KL gradient via the log-derivative trick, ending on REINFORCE."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Create,
    Cross,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    MathTex,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from entropy_explorer.claims import assess
from entropy_explorer.mobjects import MeaningTex, Verdict, caption, title
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
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

EQ_SIZE = 48
#: Widest a formula or a row may be (the frame minus the safe margins and some air).
MAX_WIDTH = 12.6
#: Verdict marks by the audit's verdict.
HOLDS = {"agrees": True, "differs": False, "holds only under a condition": None}


def eq(*parts: str, size: float = EQ_SIZE) -> MathTex:
    """A MathTex of named parts, coloured by meaning."""
    return MeaningTex(*parts, colours=COLOURS, font_size=size)


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
        heading = title("Forward KL gradient", FORWARD_KL_COLOR)
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
        result.next_to(heading, DOWN, buff=0.5)
        self.play(FadeOut(VGroup(line1, line2, line3)), TransformMatchingTex(line4, result),
                  run_time=1.5)
        self.forward_lines = VGroup(heading, result)
        box = SurroundingRectangle(result, color=FORWARD_KL_COLOR, buff=0.15)
        # Below the box, not across its edge.
        below_box = result[4].get_bottom()[1] - box.get_bottom()[1] + 0.1
        fixed_brace = Brace(result[4], DOWN, buff=below_box, color=P_COLOR)
        fixed = caption("fixed P", P_COLOR).next_to(fixed_brace, DOWN, buff=0.1)
        # The article calls this gradient low-variance and says it blows up; the audit
        # measured both on softmax students, and the verdict rows say what it found.
        variance = assess("forward.low_variance")
        share = self.fmt(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                         decimals=0)
        low_var = Verdict("low variance", HOLDS[variance.verdict])
        share_fig = caption(f"{share}% of students", TEXT_COLOR)
        var_row = VGroup(low_var, share_fig).arrange(RIGHT, buff=0.6)
        var_row.next_to(fixed, DOWN, buff=0.35).set_x(0)
        said_share = self.say(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                              decimals=0)
        self.narrate("Samples come from a fixed P, and it is the plain cross-entropy gradient. "
                     "The article calls it low-variance: measured relative to its size, it beats "
                     f"REINFORCE for {said_share} percent of the students we swept, not all.")
        self.play(self.pointer(result[4], color=P_COLOR), GrowFromCenter(fixed_brace),
                  FadeIn(fixed, shift=UP * 0.1))
        self.until(0.22)  # "the plain cross-entropy gradient"
        self.play(Create(box), self.pointer(result[6], color=Q_COLOR))
        self.until(0.45)  # "The article calls it low-variance"
        self.play(FadeIn(low_var, shift=UP * 0.2))
        self.until(0.7)  # "it beats REINFORCE for 77 percent"
        self.play(Write(share_fig), run_time=1.0)
        self.play(self.pointer(share_fig, color=FORWARD_KL_COLOR))
        self.until(0.92)  # "not all"
        self.play(self.pointer(low_var.mark, color=MUTED_COLOR))
        self.wait_for_narration()

        blow = eq(GRAD_LOG_Q, "=", r"\frac{\nabla_\theta Q_\theta(x)}{Q_\theta(x)}")
        frac = blow[2]
        frac.set_color(Q_COLOR)
        numerator, denominator = VGroup(*frac[:len(frac) // 2]), VGroup(*frac[len(frac) // 2 + 1:])
        blow.next_to(var_row, DOWN, buff=0.4).set_x(0)
        blows = assess("forward.gradient_blows_up")
        self.declare_constants("0", "2")
        self.declare_spoken("two")  # the square root of two: a bound, notation
        if blows.agrees:
            blow_row = Verdict("blows up: covers every mode")
            blow_row.next_to(blow, DOWN, buff=0.45).set_x(0)
            self.narrate("Where Q goes to zero but P does not, the gradient of log Q blows up: a "
                         "strong correction that covers every teacher mode.")
            self.play(Write(blow), run_time=1.5)
            self.play(self.pointer(denominator, color=Q_COLOR))
            self.until(0.6)  # "a strong correction"
            self.play(FadeIn(blow_row, shift=UP * 0.2))
            self.wait_for_narration()
        else:
            grow = self.say(f"{blows.id}.growth_probs", round(blows["growth_probs"]), "ratio",
                            style="words")
            growth = self.fmt(f"{blows.id}.growth_probs", round(blows["growth_probs"]), "ratio",
                              decimals=0)
            probs = VGroup(caption("probabilities", TEXT_COLOR),
                           MathTex(r"\times\," + growth, font_size=EQ_SIZE, color=KL_COLOR))
            probs.arrange(RIGHT, buff=0.3)
            logits = VGroup(caption("logits", TEXT_COLOR),
                            MathTex(r"|", GRAD_LOG_Q, r"|<\sqrt{2}", font_size=EQ_SIZE))
            logits[1][1].set_color(Q_COLOR)
            logits.arrange(RIGHT, buff=0.3)
            cases = VGroup(probs, logits).arrange(RIGHT, buff=1.2)
            if cases.width > MAX_WIDTH:
                cases.scale_to_fit_width(MAX_WIDTH)
            cases.next_to(blow, DOWN, buff=0.4).set_x(0)
            push = MathTex(r"\text{push} =", PX, "-", QX, font_size=EQ_SIZE)
            push[1].set_color(P_COLOR)
            push[3].set_color(Q_COLOR)
            covers = Verdict("covers every mode",
                             HOLDS[assess("forward.covers_all_modes").verdict])
            closing = VGroup(push, covers).arrange(RIGHT, buff=1.0)
            closing.next_to(cases, DOWN, buff=0.4).set_x(0)
            self.narrate("The article says the gradient of log Q blows up where Q goes to zero. "
                         f"With the probabilities as parameters it does: {grow} times larger "
                         "over the range the audit tried.")
            self.play(Write(blow), run_time=1.5)
            self.play(self.pointer(denominator, color=Q_COLOR))
            self.until(0.5)  # "With the probabilities as parameters it does"
            self.play(FadeIn(probs[0], shift=UP * 0.2))
            self.play(Write(probs[1]), run_time=1.0)
            self.play(self.pointer(probs[1], color=KL_COLOR))
            self.wait_for_narration()
            self.narrate("On a softmax's logits, the gradient of Q shrinks with Q, so the ratio "
                         "stays below the square root of two. The push on a logit is P minus Q: "
                         "forward KL still covers every mode, steadily rather than explosively.")
            self.play(FadeIn(logits[0], shift=UP * 0.2))
            self.play(self.pointer(numerator, color=Q_COLOR), run_time=1.2)
            self.until(0.28)  # "so the ratio stays below the square root of two"
            self.play(Write(logits[1]), run_time=1.2)
            self.until(0.5)  # "The push on a logit is P minus Q"
            self.play(Write(push), run_time=1.2)
            self.until(0.72)  # "forward KL still covers every mode"
            self.play(FadeIn(covers, shift=UP * 0.2))
            self.until(0.88)  # "steadily rather than explosively"
            self.play(self.pointer(logits[1], color=Q_COLOR))
            self.wait_for_narration()
            blow = VGroup(blow, cases, push)
            blow_row = covers
        self.beat("Forward KL: mode covering; lower variance for most students, not all.")
        self.play(FadeOut(VGroup(self.forward_lines, box, fixed_brace, fixed, var_row, blow,
                                 blow_row)))

    # ----------------------------------------------------------------- reverse
    def reverse_setup(self) -> None:
        heading = title("Reverse KL gradient: the log-derivative trick", REVERSE_KL_COLOR)
        line = eq(D_REV, "=", SUM, QX, GAP)
        line.next_to(heading, DOWN, buff=1.3)
        self.narrate("Reverse KL: the sum is weighted by the student's own Q.")
        self.play(FadeIn(heading), Write(line), run_time=1.8)
        self.wait_for_narration()
        self.heading, self.line = heading, line

    def _step(self, new: MathTex, words: str, run_time: float = 2.0) -> None:
        new.move_to(self.line)
        if new.width > MAX_WIDTH:
            new.scale_to_fit_width(MAX_WIDTH)
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
        if chain.width > MAX_WIDTH:
            chain.scale_to_fit_width(MAX_WIDTH)
        chain.next_to(line, DOWN, buff=1.2)
        why = caption("probabilities sum to 1", MUTED_COLOR)
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
        name = caption("log trick", MUTED_COLOR)
        group = VGroup(name, trick).arrange(RIGHT, buff=0.4)
        group.next_to(self.line, DOWN, buff=1.2)
        self.narrate("The log trick: the gradient of Q is Q times the gradient of log Q.")
        self.play(FadeIn(name, shift=UP * 0.2), FadeIn(trick[0], shift=UP * 0.2))
        self.play(self.pointer(self.line[4], color=Q_COLOR))
        self.until(0.5)  # "is Q times the gradient of log Q"
        self.play(Write(trick[1:]), run_time=1.2)
        self.play(self.pointer(trick[2], color=Q_COLOR))
        self.wait_for_narration()
        new = eq(GRAD, D_REV, "=", SUM, QX, GRAD_LOG_Q, GAP)
        self._step(new, "Now the sum is weighted by Q theta again.", run_time=1.5)
        self.play(FadeOut(group))

    def reinforce(self) -> None:
        new = eq(GRAD, D_REV, "=", E_Q, r"\Big[", GAP_PAREN, GRAD_LOG_Q, r"\Big]",
                 size=EQ_SIZE + 4)
        self._step(new, "A sum weighted by Q is an expectation under Q.")
        box = SurroundingRectangle(self.line, color=REVERSE_KL_COLOR, buff=0.2)
        name = caption("REINFORCE-style estimator", REVERSE_KL_COLOR)
        name.next_to(box, DOWN, buff=0.3)
        below_box = self.line[3].get_bottom()[1] - box.get_bottom()[1] + 0.1
        sample_brace = Brace(self.line[3], DOWN, buff=below_box, color=Q_COLOR)
        sample = caption("sample from Q\u03b8", Q_COLOR).next_to(sample_brace, DOWN, buff=0.1)
        blind = assess("reverse.blind_spot")
        never = VGroup(eq(QX, r"\approx 0"), MathTex(r"\Rightarrow", font_size=EQ_SIZE),
                       caption("never sampled", TEXT_COLOR)).arrange(RIGHT, buff=0.3)
        zero = caption("zero-gradient blind spot", KL_COLOR)
        spot = VGroup(zero) if blind.agrees else VGroup(zero, caption("on the logits", NOTE_COLOR))
        spot.arrange(RIGHT, buff=0.4)
        rows = VGroup(never, spot).arrange(DOWN, buff=0.6)
        self.narrate("This is a REINFORCE-style estimator: you must sample from Q theta.")
        self.play(Create(box), FadeIn(name, shift=UP * 0.1))
        self.until(0.5)  # "you must sample from Q theta"
        self.play(FadeOut(name), GrowFromCenter(sample_brace), FadeIn(sample, shift=UP * 0.1),
                  self.pointer(self.line[3], color=Q_COLOR))
        self.wait_for_narration()
        rows.next_to(sample, DOWN, buff=0.9).set_x(0)
        where = "" if blind.agrees else ", on the logits a network trains"
        self.narrate("And if Q theta of x is nearly zero, that x is never sampled: a "
                     f"zero-gradient blind spot{where}.")
        self.play(Write(never[0]), run_time=1.0)
        self.until(0.35)  # "that x is never sampled"
        self.play(FadeIn(never[1:], shift=LEFT * 0.2))
        self.until(0.6)  # "a zero-gradient blind spot"
        self.play(FadeIn(zero, shift=UP * 0.2), self.pointer(self.line[6], color=KL_COLOR))
        if not blind.agrees:
            self.until(0.8)  # "on the logits a network trains"
            self.play(FadeIn(spot[1], shift=LEFT * 0.2))
        self.wait_for_narration()
        self.beat("Next: what the blind spot and the variance look like in practice.")
