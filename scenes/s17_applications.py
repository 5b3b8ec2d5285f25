"""Section 17, "Applications You'll See in Practice": five uses of KL, one card each.

A grid of cards builds up one at a time: first the key (forward KL averages under the fixed
distribution, reverse KL under the model being trained), then supervised learning,
distillation, variational inference, RL and VAEs, each with a small animated glyph, the KL
it uses written with that setting's own names, and why. Where practice differs from the
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
    RoundedRectangle,
    Text,
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
from entropy_explorer.mobjects import DensityPanel, DistributionBars
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
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

#: Card size (scene units): three cards a row, two rows, filling the frame.
CARD_W, CARD_H = 4.55, 3.55
#: The glyph's box inside a card.
GLYPH_W, GLYPH_H = 4.0, 1.5
#: Type sizes inside a card.
TITLE_SIZE = FONT_SIZE.SMALL + 2
FORMULA_SIZE = FONT_SIZE.LABEL
WHY_SIZE = FONT_SIZE.NOTE - 2
TAG_SIZE = FONT_SIZE.NOTE - 2
#: Grids the densities are drawn on.
VI_XS = np.linspace(-6.5, 6.5, 261)
VAE_XS = np.linspace(-3.5, 4.5, 241)
#: One unit of the policy's action space, in scene units.
ACTION_UNIT = 0.45


def kl_tex(first: str, second: str, color: str) -> MathTex:
    """``D_KL(first || second)`` in a direction's colour, with each setting's own names."""
    return MathTex(r"D_{\mathrm{KL}}(" + first + r"\,\|\," + second + ")",
                   font_size=FORMULA_SIZE, color=color)


def note(text: str, color: str = NOTE_COLOR, size: float = WHY_SIZE) -> Text:
    """A short text in a card (a reason, a tag)."""
    return Text(text, font=FONT, font_size=size, color=color, line_spacing=0.8)


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
        frames = VGroup(*(
            RoundedRectangle(width=CARD_W, height=CARD_H, corner_radius=0.15,
                             stroke_color=MUTED_COLOR, stroke_width=1.5, stroke_opacity=0.6)
            for _ in range(6)))
        frames.arrange_in_grid(rows=2, cols=3, buff=(0.12, 0.2))
        self.frames = frames

    def fill_card(self, index: int, title: str, glyph: VGroup, formula: MathTex,
                  why: Text) -> VGroup:
        """Place a card's title, glyph, formula and reason inside its frame (not shown yet)."""
        frame = self.frames[index]
        head = Text(title, font=FONT, font_size=TITLE_SIZE, color=TEXT_COLOR)
        head.next_to(frame.get_top(), DOWN, buff=0.18)
        why.next_to(frame.get_bottom(), UP, buff=0.18)
        formula.next_to(why, UP, buff=0.14)
        # the glyph centred in the space left between the title and the formula
        glyph.move_to([frame.get_x(), (head.get_bottom()[1] + formula.get_top()[1]) / 2, 0])
        return VGroup(head, glyph, formula, why)

    def build_card(self, card: VGroup, narration: str, shown: Mobject, moving: Mobject,
                   update: Callable[[Mobject], object], *motion: Animation,
                   rate_func: Callable[[float], float] = smooth, notes: str = "") -> None:
        """Show a card under its narration: title and glyph, the glyph's motion (``moving``
        follows ``update`` while ``motion`` plays), then the formula and the reason."""
        self.narrate(narration)
        self.play(FadeIn(card[0]), FadeIn(shown), run_time=0.6)
        moving.add_updater(update)
        self.play(*motion, run_time=2.5, rate_func=rate_func)
        moving.clear_updaters()
        self.play(Write(card[2]), FadeIn(card[3]), run_time=1.0)
        self.beat(notes)

    # ------------------------------------------------------------------- cards
    @staticmethod
    def key_entry(name: str, first: str, second: str, color: str, meaning: str) -> VGroup:
        """One line of the key: the direction's name, its KL, and what it averages under."""
        head = VGroup(note(name, color, FONT_SIZE.SMALL), kl_tex(first, second, color))
        return VGroup(head.arrange(RIGHT, buff=0.25), note(meaning)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12)

    def key(self) -> None:
        frame = self.frames[0]
        head = Text("Which way round?", font=FONT, font_size=TITLE_SIZE, color=TEXT_COLOR)
        head.next_to(frame.get_top(), DOWN, buff=0.18)
        fwd = self.key_entry("forward", "P", "Q", FORWARD_KL_COLOR,
                             "averaged under the fixed P:\ndata, teacher, old policy")
        rev = self.key_entry("reverse", "Q", "P", REVERSE_KL_COLOR,
                             "averaged under Q, the\nmodel being trained")
        body = VGroup(fwd, rev).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        body.next_to(head, DOWN, buff=0.3)
        self.narrate("Forward KL averages under the fixed distribution; reverse KL, under the "
                     "model being trained.")
        self.play(*(Create(f) for f in self.frames), FadeIn(head), run_time=0.8)
        self.play(FadeIn(fwd, shift=UP * 0.15), run_time=0.8)
        self.play(FadeIn(rev, shift=UP * 0.15), run_time=0.8)
        self.beat("The key for every card: forward averages under the fixed distribution "
                  "(data, teacher, old policy), reverse under the one being trained.")

    def supervised_learning(self) -> None:
        logits = np.asarray(NEXT_WORD.logits)
        target = NEXT_WORD.words.index(NEXT_WORD.target)
        label = np.eye(len(logits))[target]
        c = ValueTracker(NEXT_WORD.confidence_start)

        def model() -> np.ndarray:
            return softmax(c.get_value() * logits)

        p_bars, q_bars, base = paired_bars(label, model(), 0.26, 0.2, 1.15)
        word = note(NEXT_WORD.target, TEXT_COLOR, TAG_SIZE)
        word.next_to(VGroup(p_bars.bars[target], q_bars.bars[target]), DOWN, buff=0.12)
        tags = VGroup(note("label P", P_COLOR, TAG_SIZE), note("model Q", Q_COLOR, TAG_SIZE))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        tags.next_to(base, UP, buff=0.45).align_to(base, RIGHT)
        glyph = VGroup(p_bars, q_bars, base, word, tags)
        h_label = self.fmt("supervised.label_entropy", entropy(label), "bits", decimals=0)
        formula = kl_tex(r"P_{\text{label}}", r"Q_{\theta}", FORWARD_KL_COLOR)
        why = note(f"cross-entropy = H(P) + KL;\nlabels fix H(P) (one-hot: {h_label})")
        card = self.fill_card(1, "Supervised learning", glyph, formula, why)
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
        tags = VGroup(note("teacher P", P_COLOR, TAG_SIZE),
                      note("student Q", Q_COLOR, TAG_SIZE))
        tags.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        tags.next_to(base, UP, buff=0.6).align_to(base, RIGHT)
        glyph = VGroup(p_bars, q_bars, base, tags)
        formula = kl_tex(r"P_{\text{teacher}}", r"Q_{\text{student}}", FORWARD_KL_COLOR)
        why = note("averaged under the teacher:\nQ needs mass where P has it")
        card = self.fill_card(2, "Knowledge distillation", glyph, formula, why)
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
        p_tag = MathTex(r"p(z\mid x)", font_size=FONT_SIZE.SMALL, color=P_COLOR)
        p_tag.next_to(panel.axes.c2p(-3, 0.2), UP, buff=0.1)
        q_tag = MathTex(r"q(z)", font_size=FONT_SIZE.SMALL, color=Q_COLOR)
        q_tag.next_to(panel.axes.c2p(5.2, 0.3), UP, buff=0.1)
        glyph = VGroup(panel, p_tag, q_tag)
        formula = kl_tex(r"q(z)", r"p(z\mid x)", REVERSE_KL_COLOR)
        why = note("averaged under q: p(x) drops\nout (ELBO); may miss a mode")
        card = self.fill_card(3, "Variational inference", glyph, formula, why)
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
        old_tag = MathTex(r"\pi_{\text{old}}", font_size=FONT_SIZE.SMALL, color=P_COLOR)
        old_tag.next_to(old, DOWN, buff=0.06).align_to(old, LEFT)
        new_tag = MathTex(r"\pi_{\text{new}}", font_size=FONT_SIZE.SMALL, color=Q_COLOR)
        policies = VGroup(old, ring, arrow, new, old_tag)
        side = VGroup(
            note("PPO-clip:", TEXT_COLOR, TAG_SIZE), note("no KL term", NOTE_COLOR, TAG_SIZE),
            note("RLHF penalty:", TEXT_COLOR, TAG_SIZE),
            MathTex(r"D_{\mathrm{KL}}(\pi_\theta\,\|\,\pi_{\text{ref}})",
                    font_size=FONT_SIZE.SMALL, color=REVERSE_KL_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        side[2].shift(DOWN * 0.12)
        side[3:].shift(DOWN * 0.12)
        side.next_to(policies, RIGHT, buff=0.35)
        glyph = VGroup(policies, side)
        formula = kl_tex(r"\pi_{\text{old}}", r"\pi_{\text{new}}", FORWARD_KL_COLOR)
        why = note("keeps updates small; the old\npolicy sampled the data")
        card = self.fill_card(4, "RL: TRPO / PPO-penalty", glyph, formula, why)
        centre = old.get_center()
        new_tag.next_to(new.copy().move_to(centre + step), UP, buff=0.04)
        self.narrate("TRPO bounds, and PPO's penalty variant penalises, KL from the old "
                     "policy to the new. Clipped PPO has no KL term.")
        self.play(FadeIn(card[0]), FadeIn(VGroup(old, old_tag, new)), run_time=0.6)
        self.play(Create(ring), FadeIn(arrow), run_time=0.8)
        self.play(new.animate.move_to(centre + greedy), run_time=0.8)
        self.play(Indicate(ring, color=FORWARD_KL_COLOR, scale_factor=1.08), run_time=0.6)
        self.play(new.animate.move_to(centre + step), FadeIn(new_tag), run_time=0.8)
        self.play(Write(formula), FadeIn(why), FadeIn(side), run_time=1.0)
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
        p_tag = MathTex(r"p(z) = \mathcal{N}(0, 1)", font_size=FONT_SIZE.SMALL, color=P_COLOR)
        p_tag.next_to(panel.axes.c2p(-3.5, 0.75), RIGHT, buff=0.0)
        q_tag = MathTex(r"q(z\mid x)", font_size=FONT_SIZE.SMALL, color=Q_COLOR)
        q_tag.next_to(panel.axes.c2p(3.1, 0.75), RIGHT, buff=0.1)
        x_dot = Dot(panel.axes.c2p(toy.x, 0), radius=0.06, color=TEXT_COLOR)
        x_tag = MathTex("x", font_size=FONT_SIZE.SMALL, color=TEXT_COLOR)
        x_tag.next_to(x_dot, DOWN, buff=0.08)
        pull = Arrow(panel.axes.c2p(2.3, 0.62), panel.axes.c2p(0.9, 0.62), buff=0,
                     color=REVERSE_KL_COLOR, stroke_width=3, max_tip_length_to_length_ratio=0.25)
        glyph = VGroup(panel, p_tag, q_tag, x_dot, x_tag, pull)
        formula = kl_tex(r"q(z\mid x)", r"p(z)", REVERSE_KL_COLOR)
        why = note("pulls q(z|x) to the prior;\nreconstruction, back to x")
        card = self.fill_card(5, "VAEs", glyph, formula, why)
        self.build_card(
            card, "VAEs: KL from each encoder posterior to the prior pulls it toward the "
            "prior.", VGroup(panel, p_tag, q_tag, x_dot, x_tag), panel.student_curve,
            lambda m: panel.set_student(q_density()), beta.animate.set_value(toy.beta_end),
            FadeIn(pull),
            notes="The VAE's KL term is KL(q(z|x) || p(z)), encoder against prior. In this "
            "toy (linear-Gaussian decoder) the encoder moves from the data toward the prior "
            "as the KL term's weight grows to the plain VAE's, where it equals the exact "
            "posterior.")
