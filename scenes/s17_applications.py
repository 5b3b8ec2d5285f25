"""Section 17, "Applications You'll See in Practice": five uses of KL, one card each.

A grid of cards builds up one at a time: first the key (forward KL averages under the fixed
distribution, reverse KL under the model being trained), then supervised learning,
distillation, variational inference, RL and VAEs, each with a small animated glyph, the KL
it uses written with that setting's own names (the reason is said). Where practice differs from the
article's one-liner (PPO's clipped variant has no KL term; RLHF's penalty runs the other
way round from TRPO's constraint), the card and the narration say so.

The glyphs are computed: the next-word model sharpens as in section 7, the student moves
onto the teacher (the forward-KL optimum of a full softmax student is the teacher itself),
variational inference reuses section 10's reverse-KL descent path, and the trust region and
the VAE's encoder come from closed forms in :mod:`entropy_explorer.gaussians`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    Indicate,
    Line,
    MathTex,
    Mobject,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    DISTILL_TEACHER,
    NEXT_WORD,
    TRUST_REGION_TOY,
    VAE_TOY,
)
from entropy_explorer.gaussians import (
    OptimisationPath,
    mixture_pdf,
    normal_pdf,
    section10_paths,
    trust_region_radius,
    trust_region_step,
    vae_encoder_optimum,
)
from entropy_explorer.infotheory import entropy, softmax
from entropy_explorer.mobjects import CardGrid, DensityPanel, DistributionBars, label
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT_SIZE,
    FORWARD_KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["ApplicationsScene"]

#: The glyph's box inside a card (three cards a row, two rows, filling the frame).
GLYPH_W, GLYPH_H = 3.8, 1.6
#: Size of a card's formula.
FORMULA_SIZE = FONT_SIZE.LABEL + 4
#: Grids the densities are drawn on.
VI_XS = np.linspace(-6.5, 6.5, 261)
VAE_XS = np.linspace(-3.5, 4.5, 241)
#: One unit of the policy's action space, in scene units.
ACTION_UNIT = 0.45


def kl_tex(first: str, second: str, color: str) -> MathTex:
    """``D_KL(first || second)`` in a direction's colour, with each setting's own names."""
    return MathTex(r"D_{\mathrm{KL}}(" + first + r"\,\|\," + second + ")",
                   font_size=FORMULA_SIZE, color=color)


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """The distribution ``(1 - t) a + t b`` (a straight path between two distributions)."""
    return (1.0 - t) * a + t * b


def paired_bars(p: np.ndarray, q: np.ndarray, bar_width: float, gap: float,
                max_height: float) -> tuple[DistributionBars, DistributionBars, Line]:
    """P's bars with Q's beside each one, on one shared baseline (no labels, no values)."""
    n = len(p)
    names = [str(i) for i in range(n)]
    kw = {"bar_width": bar_width, "spacing": bar_width + gap, "max_height": max_height,
          "show_values": False, "show_labels": False}
    p_bars = DistributionBars(names, p, color=P_COLOR, **kw)
    q_bars = DistributionBars(names, q, color=Q_COLOR, **kw)
    q_bars.shift(RIGHT * bar_width)
    for bars in (p_bars, q_bars):
        bars.baseline.set_opacity(0)
    left, right = p_bars.bars.get_left()[0], q_bars.bars.get_right()[0]
    base = Line([left - 0.1, 0, 0], [right + 0.1, 0, 0], color=MUTED_COLOR, stroke_width=2)
    return p_bars, q_bars, base


class ApplicationsScene(SectionScene):
    """Five uses of KL in practice, each with a glyph, its direction and why."""

    section = 17

    def setup(self) -> None:
        super().setup()
        self.vi_path: OptimisationPath = section10_paths().reverse

    def body(self) -> None:
        self.lay_out_cards()
        self.key()
        self.supervised_learning()
        self.distillation()
        self.variational_inference()
        self.reinforcement_learning()
        self.vaes()

    # ------------------------------------------------------------------ layout
    def lay_out_cards(self) -> None:
        """Six card frames, three a row (drawn with the key)."""
        self.grid = CardGrid(6, cols=3)
        self.frames = self.grid.frames

    def build_card(self, card: VGroup, narration: str, shown: Mobject, moving: Mobject,
                   update: Callable[[Mobject], object], *motion: Animation,
                   rate_func: Callable[[float], float] = smooth, notes: str = "") -> None:
        """Show a card under its narration: title and glyph, the glyph's motion (``moving``
        follows ``update`` while ``motion`` plays), then the formula, which lights up as the
        direction is named (the reason is said, not written)."""
        self.narrate(narration)
        self.play(FadeIn(card[0]), FadeIn(shown), run_time=0.6)
        moving.add_updater(update)
        self.play(*motion, run_time=2.5, rate_func=rate_func)
        moving.clear_updaters()
        self.play(Write(card[2]), run_time=1.0)
        self.play(self.pointer(card[2], color=card[2].get_color()))
        self.beat(notes)

    # ------------------------------------------------------------------- cards
    @staticmethod
    def key_entry(first: str, second: str, color: str, meaning: str) -> VGroup:
        """One entry of the key: the direction's KL, and what it averages under."""
        return VGroup(kl_tex(first, second, color), label(meaning, NOTE_COLOR)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12)

    def key(self) -> None:
        fwd = self.key_entry("P", "Q", FORWARD_KL_COLOR, "under fixed P")
        rev = self.key_entry("Q", "P", REVERSE_KL_COLOR, "under the model")
        body = VGroup(fwd, rev).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        card = self.grid.fill(0, "Which way round?", body)
        self.narrate("Forward KL averages under the fixed distribution; reverse KL, under the "
                     "model being trained.")
        self.play(*(Create(f) for f in self.frames), FadeIn(card[0]), run_time=0.8)
        self.play(FadeIn(fwd, shift=UP * 0.15), run_time=0.8)
        self.until(0.5)
        self.play(FadeIn(rev, shift=UP * 0.15), run_time=0.8)
        self.beat("The key for every card: forward averages under the fixed distribution "
                  "(data, teacher, old policy), reverse under the one being trained.")

    def supervised_learning(self) -> None:
        logits = np.asarray(NEXT_WORD.logits)
        target = NEXT_WORD.words.index(NEXT_WORD.target)
        one_hot = np.eye(len(logits))[target]
        c = ValueTracker(NEXT_WORD.confidence_start)

        def model() -> np.ndarray:
            return softmax(c.get_value() * logits)

        p_bars, q_bars, base = paired_bars(one_hot, model(), 0.26, 0.2, 1.15)
        word = label(NEXT_WORD.target)
        word.next_to(VGroup(p_bars.bars[target], q_bars.bars[target]), DOWN, buff=0.12)
        tags = VGroup(MathTex(r"P_{\text{label}}", font_size=FONT_SIZE.LABEL, color=P_COLOR),
                      MathTex(r"Q_{\theta}", font_size=FONT_SIZE.LABEL, color=Q_COLOR))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        tags.next_to(base, UP, buff=0.45).align_to(base, RIGHT)
        h_label = self.fmt("supervised.label_entropy", entropy(one_hot), "bits", decimals=0)
        fixed = MathTex(rf"H(P) = {h_label}", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        fixed.next_to(tags, UP, buff=0.15).align_to(tags, RIGHT)
        glyph = VGroup(p_bars, q_bars, base, word, tags, fixed)
        formula = kl_tex(r"P_{\text{label}}", r"Q_{\theta}", FORWARD_KL_COLOR)
        card = self.grid.fill(1, "Supervised learning", glyph, formula)
        self.build_card(
            card, "Supervised learning: the labels fix H(P), so minimising cross-entropy "
            "minimises forward KL.", glyph, q_bars, lambda m: m.set_values(model()),
            c.animate.set_value(NEXT_WORD.confidence_end),
            notes="Cross-entropy on the labels is H(P) plus the forward KL D(P||Q); "
            "H(P) does not depend on the model. The bars stand in for training: the "
            "model's scores sharpen as in the section 'Entropy'.")

    def distillation(self) -> None:
        teacher = np.asarray(DISTILL_TEACHER.probs)
        uniform = np.full(teacher.size, 1.0 / teacher.size)
        t = ValueTracker(0.0)
        p_bars, q_bars, base = paired_bars(teacher, uniform, 0.22, 0.16, 2.2)
        tags = VGroup(MathTex("P", font_size=FONT_SIZE.LABEL, color=P_COLOR),
                      MathTex("Q", font_size=FONT_SIZE.LABEL, color=Q_COLOR))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        tags.next_to(base, UP, buff=0.6).align_to(base, RIGHT)
        glyph = VGroup(p_bars, q_bars, base, tags)
        formula = kl_tex(r"P_{\text{teacher}}", r"Q_{\text{student}}", FORWARD_KL_COLOR)
        card = self.grid.fill(2, "Distillation", glyph, formula)
        self.build_card(
            card, "Distillation: forward KL, so the student must put mass wherever the "
            "teacher does.", glyph, q_bars,
            lambda m: m.set_values(mix(uniform, teacher, t.get_value())),
            t.animate.set_value(1.0),
            notes="Forward KL to the teacher's soft labels; a full softmax student's optimum "
            "is the teacher itself. The bars go there in a straight line, not along an "
            "optimiser's path.")

    def variational_inference(self) -> None:
        path = self.vi_path
        progress = ValueTracker(0.0)

        def q_density() -> np.ndarray:
            mu, sigma = path.at(path.step_at_progress(progress.get_value()))
            return normal_pdf(VI_XS, mu, sigma)

        panel = DensityPanel(VI_XS, mixture_pdf(VI_XS, BIMODAL_TEACHER), q_density(),
                             width=GLYPH_W - 0.3, height=GLYPH_H - 0.2)
        p_tag = MathTex(r"p(z\mid x)", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        p_tag.next_to(panel.axes.c2p(-3, 0.2), UP, buff=0.1)
        q_tag = MathTex(r"q(z)", font_size=FONT_SIZE.LABEL, color=Q_COLOR)
        q_tag.next_to(panel.axes.c2p(5.2, 0.3), UP, buff=0.1)
        glyph = VGroup(panel, p_tag, q_tag)
        formula = kl_tex(r"q(z)", r"p(z\mid x)", REVERSE_KL_COLOR)
        card = self.grid.fill(3, "Variational inference", glyph, formula)
        self.build_card(
            card, "Variational inference: reverse KL, q against the posterior, makes the "
            "ELBO tractable; q may miss a mode.", glyph, panel.student_curve,
            lambda m: panel.set_student(q_density()), progress.animate.set_value(1.0),
            rate_func=linear,
            notes="log p(x) = ELBO + KL(q || p(z|x)): maximising the ELBO minimises the "
            "reverse KL without knowing p(x). The fit shown is the reverse-KL descent of "
            "'Forward vs. Reverse KL': it settles on a single peak.")

    def reinforcement_learning(self) -> None:
        toy = TRUST_REGION_TOY
        u = ACTION_UNIT
        radius = toy.sigma * u
        old_c = np.zeros(3)
        greedy = np.array([*toy.greedy_step, 0.0]) * u
        step = np.array([*trust_region_step(toy.greedy_step, toy.delta, toy.sigma), 0.0]) * u
        old = VGroup(Circle(radius=radius, stroke_width=0, fill_color=P_COLOR, fill_opacity=0.3),
                     Dot(radius=0.05, color=P_COLOR))
        ring = DashedVMobject(Circle(radius=trust_region_radius(toy.delta, toy.sigma) * u,
                                     stroke_color=FORWARD_KL_COLOR, stroke_width=4),
                              num_dashes=24)
        arrow = Arrow(old_c, greedy, buff=0, color=MUTED_COLOR, stroke_width=3,
                      max_tip_length_to_length_ratio=0.15)
        new = VGroup(Circle(radius=radius, stroke_color=Q_COLOR, stroke_width=2.5),
                     Dot(radius=0.05, color=Q_COLOR))
        old_tag = MathTex(r"\pi_{\text{old}}", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        old_tag.next_to(old, DOWN, buff=0.06).align_to(old, LEFT)
        new_tag = MathTex(r"\pi_{\text{new}}", font_size=FONT_SIZE.LABEL, color=Q_COLOR)
        policies = VGroup(old, ring, arrow, new, old_tag)
        side = VGroup(label("PPO-clip:"), label("no KL term", NOTE_COLOR)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1)
        side.next_to(policies, RIGHT, buff=0.35)
        glyph = VGroup(policies, side)
        formula = kl_tex(r"\pi_{\text{old}}", r"\pi_{\text{new}}", FORWARD_KL_COLOR)
        card = self.grid.fill(4, "TRPO / PPO-penalty", glyph, formula)
        centre = old.get_center()
        new_tag.next_to(new.copy().move_to(centre + step), UP, buff=0.04)
        self.narrate("TRPO bounds, and PPO's penalty variant penalises, KL from the old "
                     "policy to the new. Clipped PPO has no KL term.")
        self.play(FadeIn(card[0]), FadeIn(VGroup(old, old_tag, new)), run_time=0.6)
        self.play(Create(ring), FadeIn(arrow), run_time=0.8)
        self.play(new.animate.move_to(centre + greedy), run_time=0.8)
        self.play(Indicate(ring, color=FORWARD_KL_COLOR, scale_factor=1.08), run_time=0.6)
        self.play(new.animate.move_to(centre + step), FadeIn(new_tag), run_time=0.8)
        self.play(Write(formula), run_time=1.0)
        self.play(FadeIn(side, shift=LEFT * 0.2), self.pointer(formula, color=FORWARD_KL_COLOR))
        self.beat("TRPO: the average over states of KL(pi_old || pi_new) is at most delta "
                  "(the ring; with the equal widths of this toy it is the same either way round). "
                  "PPO's penalty variant subtracts beta times the same KL. "
                  "PPO-clip clips the probability ratio instead and has no KL term (some "
                  "implementations still watch a KL estimate to stop an update early), so the "
                  "article's 'TRPO/PPO' fits only the penalty variant of PPO. RLHF "
                  "fine-tuning penalises KL(pi_theta || pi_ref), the other way round, "
                  "estimated on samples from the new policy.")

    def vaes(self) -> None:
        toy = VAE_TOY
        beta = ValueTracker(toy.beta_start)

        def q_density() -> np.ndarray:
            mu, sigma = vae_encoder_optimum(toy.x, toy.noise_sigma, beta.get_value())
            return normal_pdf(VAE_XS, mu, sigma)

        panel = DensityPanel(VAE_XS, normal_pdf(VAE_XS, 0.0, 1.0), q_density(), y_max=0.95,
                             width=GLYPH_W - 0.3, height=GLYPH_H - 0.2)
        self.declare_constants("0", "1")
        p_tag = MathTex(r"p(z) = \mathcal{N}(0, 1)", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        p_tag.next_to(panel.axes.c2p(-3.5, 0.75), RIGHT, buff=0.0)
        q_tag = MathTex(r"q(z\mid x)", font_size=FONT_SIZE.LABEL, color=Q_COLOR)
        q_tag.next_to(panel.axes.c2p(3.1, 0.75), RIGHT, buff=0.1)
        x_dot = Dot(panel.axes.c2p(toy.x, 0), radius=0.06, color=TEXT_COLOR)
        x_tag = MathTex("x", font_size=FONT_SIZE.LABEL, color=TEXT_COLOR)
        x_tag.next_to(x_dot, DOWN, buff=0.08)
        pull = Arrow(panel.axes.c2p(2.3, 0.62), panel.axes.c2p(0.9, 0.62), buff=0,
                     color=REVERSE_KL_COLOR, stroke_width=3, max_tip_length_to_length_ratio=0.25)
        glyph = VGroup(panel, p_tag, q_tag, x_dot, x_tag, pull)
        formula = kl_tex(r"q(z\mid x)", r"p(z)", REVERSE_KL_COLOR)
        card = self.grid.fill(5, "VAEs", glyph, formula)
        self.build_card(
            card, "VAEs: KL from each encoder posterior to the prior pulls it toward the "
            "prior.", VGroup(panel, p_tag, q_tag, x_dot, x_tag), panel.student_curve,
            lambda m: panel.set_student(q_density()), beta.animate.set_value(toy.beta_end),
            FadeIn(pull),
            notes="The VAE's KL term is KL(q(z|x) || p(z)), encoder against prior. In this "
            "toy (linear-Gaussian decoder) the encoder moves from the data toward the prior "
            "as the KL term's weight grows to the plain VAE's, where it equals the exact "
            "posterior.")
