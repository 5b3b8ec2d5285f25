"""Section 20, "Summary Cheat-Sheet": six cards, one per line of the article's summary.

The cards build up one at a time under short narration, in the article's order (entropy,
forward KL, reverse KL in the left column; distillation, PPO on a KL reward, the magnitude
of KL in the right one), and the last frame is the talk's closing slide. Each card has the
equation of an earlier scene in its colours, a small animated glyph made of the same
mobjects, and a short phrase or two, each marked with the claims audit's verdict (a check;
a tilde where a summary line holds only under a condition: lower variance, mode-seeking,
blind spots, what PPO inherits) with the audit's figure; the condition itself is said.

The glyphs are computed: a coin's outcomes and entropy on the surprise curve (section 7),
the forward and reverse descents on the two-peaked teacher (section 10), a forward-KL descent
on a softmax student's logits to the worked example's teacher with C masked (the audit's own
check of the distillation advice), the sampled policy-gradient estimates for the blind-spot
student under the KL-only reward (section 15's identity on section 12's experiment), and the
worked example's per-outcome KL terms both ways round (section 19).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowFromEdge,
    MathTex,
    Mobject,
    MoveToTarget,
    Succession,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from entropy_explorer.claims import Assessment, assess
from entropy_explorer.examples import (
    BIASED_COIN,
    BIMODAL_TEACHER,
    BLIND_SPOT,
    FAIR_COIN,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_TASK_KEEP,
)
from entropy_explorer.gaussians import OptimisationPath, mixture_pdf, normal_pdf, section10_paths
from entropy_explorer.gradients import (
    DescentRun,
    EstimatorStats,
    blind_spot_batches,
    policy_gradient,
    ppo_kl_reward,
    task_teacher_run,
)
from entropy_explorer.infotheory import entropy, kl_terms
from entropy_explorer.mobjects import (
    CardGrid,
    DensityPanel,
    DistributionBars,
    SignedBars,
    SurpriseCurve,
    Verdict,
    label,
)
from entropy_explorer.mobjects.histogram import Histogram
from entropy_explorer.mobjects.tex import MeaningTex
from entropy_explorer.scene import SectionScene
from entropy_explorer.teachers import mask
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    INFORMATION_COLOR,
    KL_COLOR,
    MUTED_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["CheatSheetScene"]

#: Space between cards (across, down): two columns of three cards, filling the frame.
CARD_GAP = (0.15, 0.1)
#: Inner margin of a card.
PAD = 0.15
#: The glyph's box, under the title on the card's left; the verdicts go to its right.
GLYPH_W, GLYPH_H = 2.1, 1.3
#: Space between the glyph and the verdicts.
TEXT_GAP = 0.3
#: Type sizes inside a card: the lint's minimum, as section 17's cards.
FORMULA_SIZE = FONT_SIZE.LABEL
TAG_SIZE = FONT_SIZE.LABEL
#: Cards in the article's order: the left column top to bottom, then the right one
#: (indices into the row-major grid).
ORDER = (0, 2, 4, 1, 3, 5)
#: The grid the densities are drawn on.
XS = np.linspace(-6.5, 6.5, 261)
#: The surprise curve is drawn from this probability up (the biased coin's rarer side fits).
SURPRISE_P_MIN = 0.08

# The article's LaTeX, as the earlier scenes write it (sections 7, 9, 11, 14, 15).
D_PQ = r"D_{\mathrm{KL}}(P\|Q)"
D_QP = r"D_{\mathrm{KL}}(Q\|P)"
D_REV = r"D_{\mathrm{KL}}(Q_\theta\|P)"
D_TASK = r"D_{\mathrm{KL}}(P_{\text{task}}\|Q)"
E_Q = r"\mathbb{E}_{x\sim Q_\theta}"
GAP_PAREN = r"\big(\log Q_\theta(x)-\log P(x)\big)"
GRAD_LOG_Q = r"\nabla_\theta \log Q_\theta(x)"
REWARD = r"r(x) = \log P(x) - \log Q_\theta(x)"
COLOURS = {
    r"H(P)": ENTROPY_COLOR,
    r"H(P,Q)": CROSS_ENTROPY_COLOR,
    r"P(x)": P_COLOR,
    r"\big[-\log P(x)\big]": INFORMATION_COLOR,
    D_PQ: FORWARD_KL_COLOR,
    D_TASK: FORWARD_KL_COLOR,
    D_QP: REVERSE_KL_COLOR,
    D_REV: REVERSE_KL_COLOR,
    E_Q: Q_COLOR,
    GAP_PAREN: KL_COLOR,
    GRAD_LOG_Q: Q_COLOR,
    REWARD: KL_COLOR,
    r"\mathbb{E}_{Q}": Q_COLOR,
    r"\big[\log \tfrac{Q}{P}\big]": KL_COLOR,
}


def eq(*parts: str) -> MeaningTex:
    """A card's formula: named parts, coloured by meaning as in the earlier scenes."""
    return MeaningTex(*parts, colours=COLOURS, font_size=FORMULA_SIZE)


def holds(a: Assessment) -> bool | None:
    """The audit's verdict as a mark: holds, holds only under a condition (None), fails."""
    return True if a.agrees else None if a.conditional else False


def verdicts(*rows: tuple[str | Mobject, Assessment | None]) -> VGroup:
    """A card's words: a short phrase (or a formula) a row, each with the audit's mark
    (a check where no claim is audited); the conditions are said, not written."""
    return VGroup(*(Verdict(text, True if a is None else holds(a), size=FONT_SIZE.LABEL)
                    for text, a in rows)).arrange(DOWN, aligned_edge=LEFT, buff=0.02)


def by_verdict(a: Assessment, *, agrees: str, conditional: str, differs: str) -> str:
    """The text that fits the audit's verdict on the claim ``a``."""
    return agrees if a.agrees else conditional if a.conditional else differs


def qualified(a: Assessment, plain: str, condition: str) -> str:
    """``plain`` as the audit's verdict allows: as is, with ``condition``, or denied."""
    return by_verdict(a, agrees=plain, conditional=f"{plain} {condition}".rstrip(),
                      differs=f"{plain} (audit: no)")


def without_values(bars: SignedBars) -> SignedBars:
    """``bars`` with its hidden value labels taken out of the group, so they take no room,
    and the outcome labels moved up under the bars."""
    bars.remove(bars.values)
    drawn = [float(m.get_bottom()[1]) for m in (*bars.bars, *bars.arrows) if m.has_points()]
    low = min([bars.baseline.get_y() + bars.bottom * bars.scale_, *drawn])
    for tick in bars.labels:
        tick.next_to([tick.get_x(), low, 0], DOWN, buff=0.15)
    return bars


class CheatSheetScene(SectionScene):
    """The article's summary as six cards, each an equation, a glyph and a few words."""

    section = 20

    def setup(self) -> None:
        super().setup()
        paths = section10_paths()
        self.forward_path: OptimisationPath = paths.forward
        self.reverse_path: OptimisationPath = paths.reverse
        names = WORKED_EXAMPLE_P.outcomes
        self.masked = [i for i, name in enumerate(names) if name not in WORKED_EXAMPLE_TASK_KEEP]
        self.task_teacher = mask(WORKED_EXAMPLE_P.probs, self.masked)
        # From the uniform student (all logits equal), one of the audit's grid students.
        self.distill_run: DescentRun = task_teacher_run()
        logits = np.array(BLIND_SPOT.student_logits)
        teacher = BLIND_SPOT.teacher.probs
        # the reverse (REINFORCE) batches sections 12 and 18 draw, the same draws
        self.ppo_stats: EstimatorStats = blind_spot_batches().reverse
        self.ppo_exact = policy_gradient(logits, ppo_kl_reward(teacher, logits))

    def body(self) -> None:
        self.lay_out_cards()
        self.entropy_card()
        self.forward_card()
        self.reverse_card()
        self.distillation_card()
        self.ppo_card()
        self.magnitude_card()

    # ------------------------------------------------------------------ layout
    def lay_out_cards(self) -> None:
        """Six card frames, two columns of three (each drawn with its card)."""
        self.grid = CardGrid(6, cols=2, buff=CARD_GAP)
        self.order = list(ORDER)

    def fill_card(self, index: int, title: str, color: str, formula: MeaningTex,
                  text: VGroup, glyph: VGroup) -> VGroup:
        """Place a card's parts: the title and the formula across the top, the glyph under
        them on the left, the verdicts to its right."""
        slot = self.order[index]
        frame = self.grid.frames[slot]
        head = VGroup(label(title, color), formula).arrange(RIGHT, buff=0.3)
        body = VGroup(glyph, text).arrange(RIGHT, buff=TEXT_GAP)
        glyph.shift(LEFT * (glyph.width - GLYPH_W) / 2)
        _, _, _ = self.grid.fill(slot, head, body, pad=PAD)
        body.align_to(frame.get_left() + RIGHT * PAD, LEFT)
        head.align_to(frame.get_left() + RIGHT * PAD, LEFT)
        return VGroup(frame, head[0], glyph, formula, text)

    def build_card(self, card: VGroup, narration: str, motion: list[Animation],
                   notes: Callable[[], str], *, shown: Mobject | None = None,
                   moving: Mobject | None = None,
                   update: Callable[[Mobject], object] | None = None,
                   rate_func: Callable[[float], float] = smooth) -> None:
        """Show a card under its narration: frame, title, formula and glyph; the glyph's
        motion (``moving`` follows ``update`` while ``motion`` plays); then the verdicts,
        one at a time through the rest of the line, as the clauses name them.
        ``shown`` is the part of the glyph shown before the motion (all of it by default);
        ``notes`` builds the speaker note once the narration is out (its numbers are
        said for the note)."""
        frame, head, glyph, formula, text = card
        self.narrate(narration)
        self.play(Create(frame), FadeIn(head), FadeIn(glyph if shown is None else shown),
                  Write(formula), run_time=0.8)
        if moving is not None and update is not None:
            moving.add_updater(update)
        self.play(*motion, run_time=2.0, rate_func=rate_func)
        if moving is not None:
            moving.clear_updaters()
        for i, row in enumerate(text):
            self.until(0.45 + 0.5 * i / len(text))
            self.play(FadeIn(row, shift=UP * 0.1), run_time=0.6)
        self.beat(notes())

    # ------------------------------------------------------------------- cards
    def entropy_card(self) -> None:
        curve = SurpriseCurve(p_min=SURPRISE_P_MIN, x_length=GLYPH_W - 0.6,
                              y_length=GLYPH_H - 0.15, font_size=TAG_SIZE)
        for axis in (curve.axes.x_axis, curve.axes.y_axis):
            axis.remove(axis.numbers)  # no tick numbers at this size: the shape is the point
        curve.remove(curve.labels)
        heads = ValueTracker(FAIR_COIN.p_heads)

        def coin() -> tuple[float, float]:
            h = heads.get_value()
            return h, 1.0 - h

        def marks() -> VGroup:
            # the entropy as a dashed level; one dot per outcome at its surprise, larger the
            # likelier
            y = float(entropy(list(coin())))
            level = DashedLine(curve.axes.c2p(0, y), curve.axes.c2p(1, y),
                               color=ENTROPY_COLOR, stroke_width=3)
            dots = [Dot(curve.point(p), radius=0.04 + 0.07 * np.sqrt(p), color=P_COLOR) for p in coin()]
            return VGroup(level, *dots)

        moving = marks()
        tag = MathTex(r"-\log P", font_size=TAG_SIZE, color=INFORMATION_COLOR)
        tag.next_to(curve.point(SURPRISE_P_MIN), RIGHT, buff=0.12)
        glyph = VGroup(curve, tag, moving)
        formula = eq(r"H(P)", "=", r"\sum\nolimits_x", r"P(x)", r"\big[-\log P(x)\big]")
        lines = verdicts(("average surprise", None))
        card = self.fill_card(0, "Entropy", ENTROPY_COLOR, formula, lines, glyph)
        self.build_card(
            card, "Entropy is the average surprise of P.",
            [heads.animate.set_value(BIASED_COIN.p_heads)],
            lambda: "Entropy: H(P) = -sum P log P, the expected information. The glyph is the "
            "surprise curve with both of a coin's outcomes on it (the likelier, the larger) and "
            "the entropy as the dashed level, falling as the coin goes from fair to biased.",
            moving=moving, update=lambda m: m.become(marks()))

    def _density_glyph(self, path: OptimisationPath) -> tuple[DensityPanel, ValueTracker,
                                                                Callable[[], np.ndarray]]:
        """The two-peaked teacher and a student that follows ``path`` as a tracker moves."""
        progress = ValueTracker(0.0)

        def student() -> np.ndarray:
            mu, sigma = path.at(path.step_at_progress(progress.get_value()))
            return normal_pdf(XS, mu, sigma)

        panel = DensityPanel(XS, mixture_pdf(XS, BIMODAL_TEACHER), student(),
                             width=GLYPH_W - 0.4, height=GLYPH_H - 0.1)
        return panel, progress, student

    def forward_card(self) -> None:
        panel, progress, student = self._density_glyph(self.forward_path)
        covering = assess("cheat.forward_mode_covering")
        support = assess("cheat.forward_support_matching")
        variance = assess("cheat.forward_low_variance")
        share = self.fmt(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                         decimals=0)
        self.declare_constants("0")  # Q > 0 where P > 0: notation
        lines = verdicts(
            ("covers every mode", covering),
            (f"lower variance {share}%", variance))
        formula = eq(D_PQ, "=", r"H(P,Q)", "-", r"H(P)")
        card = self.fill_card(1, "Forward KL", FORWARD_KL_COLOR, formula, lines, panel)

        def notes() -> str:
            said = self.say(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                            decimals=0)
            best = self.say(f"{variance.id}.share_optimal", 100 * variance["share_optimal"],
                            "ratio", decimals=0)
            verdict = by_verdict(variance, agrees="", differs=": the article says low-variance",
                                 conditional=": the article says low-variance without a "
                                 "condition")
            return ("Forward KL: cross-entropy minus entropy; mode-covering; infinite as soon as "
                    "Q misses an outcome P has. Its estimator's variance, relative to its "
                    f"gradient, is the lower for {said} percent of the students the audit swept "
                    f"against REINFORCE without a baseline, {best} percent against the best "
                    f"constant baseline{verdict}. The glyph is the forward-KL descent of "
                    "'Forward vs. Reverse KL'.")

        lower = by_verdict(variance, agrees="has the lower variance",
                           conditional="has the lower variance for most students",
                           differs="not, as the article says, the lower variance")
        self.build_card(
            card, f"Forward KL {qualified(covering, 'covers every mode', 'from some starts')}, "
            f"{qualified(support, 'needs Q wherever P has mass', 'in part')}, and {lower}.",
            [progress.animate.set_value(1.0)], notes,
            moving=panel.student_curve, update=lambda m: panel.set_student(student()),
            rate_func=linear)

    def reverse_card(self) -> None:
        panel, progress, student = self._density_glyph(self.reverse_path)
        seeking = assess("cheat.reverse_mode_seeking")
        blind = assess("cheat.reverse_blind_spots")
        variance = assess("cheat.reverse_high_variance")
        k = self.fmt(f"{seeking.id}.seeking", seeking["seeking"], "count", decimals=0)
        n = self.fmt(f"{seeking.id}.starts", seeking["starts"], "count", decimals=0)
        lines = verdicts(
            (f"mode-seeking {k}/{n}", seeking),
            ("blind spots", blind), ("high variance", variance))
        formula = eq(D_QP, "=", r"\mathbb{E}_{Q}", r"\big[\log \tfrac{Q}{P}\big]")
        card = self.fill_card(2, "Reverse KL", REVERSE_KL_COLOR, formula, lines, panel)
        where = " from inside its basin" if seeking.conditional else ""
        spots = " on the logits" if blind.conditional else ""

        def notes() -> str:
            k_said = self.say(f"{seeking.id}.seeking", seeking["seeking"], "count",
                              style="words")
            n_said = self.say(f"{seeking.id}.starts", seeking["starts"], "count", style="words")
            chance = self.say(f"{blind.id}.chance_sampled", blind["chance_sampled"],
                              "probability", decimals=4)
            pull = self.say(f"{blind.id}.rev_prob_blind", abs(blind["rev_prob_blind"]), "value",
                            decimals=1)
            share = self.say(f"{variance.id}.share_none", 100 * variance["share_none"], "ratio",
                             decimals=0)
            others = by_verdict(seeking, agrees="", differs="",
                                conditional="; the others settle wide and centred")
            probs = by_verdict(blind, agrees=", and on the probabilities too", differs="",
                               conditional=", but with the probabilities as parameters the "
                               f"pull on it is {pull}, the largest")
            return ("Reverse KL: its gradient is REINFORCE's, sampled from the student. "
                    f"Mode-seeking from {k_said} of {n_said} starts{others}. Blind spots: the "
                    "blind-spot experiment's abandoned class is drawn at all with chance "
                    f"{chance} and gets almost no push on its logit{probs}. Higher variance "
                    f"for {share} percent of the swept students against no baseline"
                    + by_verdict(variance, agrees=".", conditional=", not all.",
                                 differs=": the article says high variance."))

        self.build_card(
            card, f"Reverse KL seeks a mode{where}, with blind spots{spots}.",
            [progress.animate.set_value(1.0)], notes,
            moving=panel.student_curve, update=lambda m: panel.set_student(student()),
            rate_func=linear)

    def distillation_card(self) -> None:
        names = WORKED_EXAMPLE_P.outcomes
        run = self.distill_run
        kw = {"max_height": GLYPH_H - 0.4, "bar_width": 0.24, "spacing": 0.4,
              "show_values": False, "font_size": TAG_SIZE}
        p_bars = DistributionBars(names, WORKED_EXAMPLE_P.probs, color=P_COLOR, **kw)
        q_bars = DistributionBars(names, run.probs[0], color=Q_COLOR, show_labels=False, **kw)
        q_bars.shift(RIGHT * 0.24)
        q_bars.baseline.set_opacity(0)
        glyph = VGroup(p_bars, q_bars)
        t = ValueTracker(0.0)

        def student() -> np.ndarray:
            # geometric time, so the early steps show: step (1 + steps)^u - 1
            return run.probs_at((1.0 + run.steps) ** t.get_value() - 1.0)

        filtered = assess("cheat.filter_teacher_forward")
        lines = verdicts(("filter the teacher", filtered), ("then forward KL", None))
        formula = eq(r"\min_Q", D_TASK)
        card = self.fill_card(3, "Distillation", FORWARD_KL_COLOR, formula, lines, glyph)
        target = p_bars.copy().set_values(self.task_teacher)
        for i in self.masked:
            target.labels[i].set_color(MUTED_COLOR)
        p_bars.target = target
        self.build_card(
            card, "Distillation: filter the teacher to the task, then use forward KL.",
            [Succession(MoveToTarget(p_bars, run_time=0.6, rate_func=smooth),
                        t.animate(run_time=1.6, rate_func=linear).set_value(1.0))],
            lambda: "Distillation: forward KL, the cross-entropy on the teacher's soft labels. "
            "To focus on the task, filter or reweight the teacher and still use forward KL: "
            "the student, by exact descent on its logits from uniform, follows the filtered "
            "teacher and drops the masked outcome, "
            f"{', '.join(names[i] for i in self.masked)}.",
            moving=q_bars, update=lambda m: m.set_values(student()), rate_func=linear)

    def ppo_card(self) -> None:
        stats = self.ppo_stats
        shown = int(np.argmax(np.abs(self.ppo_exact)))
        # The KL-reward policy gradient's estimates are minus REINFORCE's (section 15).
        samples = -stats.estimates[:, shown]
        edges = np.linspace(samples.min(), samples.max(), 22)
        full = float(np.histogram(samples, edges)[0].max())
        hist = Histogram(edges, max_count=full, width=GLYPH_W - 0.3, height=GLYPH_H - 0.25,
                         color=REVERSE_KL_COLOR)
        n = ValueTracker(2)
        x = hist.number_line.n2p(float(self.ppo_exact[shown]))
        marker = DashedLine(x, x + UP * (GLYPH_H - 0.1), color=TEXT_COLOR, stroke_width=2)
        glyph = VGroup(hist, marker)
        inherits = assess("cheat.ppo_inherits")
        lines = verdicts(
            (MathTex(r"\nabla_\theta J = -\nabla_\theta", D_REV, font_size=FONT_SIZE.LABEL)
             .set_color_by_tex(D_REV, REVERSE_KL_COLOR), None),
            ("inherits reverse KL", inherits))
        formula = eq(REWARD)
        card = self.fill_card(4, "PPO", REVERSE_KL_COLOR, formula, lines, glyph)
        self.build_card(
            card, "PPO on a KL-only reward is reverse-KL descent, drawbacks included where "
            "they hold.", [n.animate.set_value(stats.n_batches)],
            lambda: "PPO with reward log P - log Q: its policy gradient is minus the reverse-KL "
            "gradient, exactly. The histogram: sampled estimates for the blind-spot student, "
            "scattered around the exact value (dashed). "
            + by_verdict(inherits, agrees="PPO inherits reverse KL's downsides.",
                         conditional="PPO inherits reverse KL's high variance, blind spots and "
                         "mode-seeking only under the conditions where reverse KL has them.",
                         differs="The audit does not find that PPO inherits reverse KL's "
                         "downsides."),
            moving=hist, update=lambda h: h.set_counts(
                np.histogram(samples[:int(n.get_value())], edges)[0]))

    def magnitude_card(self) -> None:
        names = WORKED_EXAMPLE_P.outcomes
        p, q = WORKED_EXAMPLE_P.probs, WORKED_EXAMPLE_Q.probs
        kw = {"scale": 0.1, "top": 2.3, "bottom": -0.5, "bar_width": 0.12, "spacing": 0.2,
              "show_values": False, "font_size": TAG_SIZE}
        f_bars = without_values(SignedBars(names, kl_terms(p, q), color=FORWARD_KL_COLOR, **kw))
        r_bars = without_values(SignedBars(names, kl_terms(q, p), color=REVERSE_KL_COLOR, **kw))
        glyph = VGroup(f_bars, r_bars).arrange(RIGHT, buff=0.15, aligned_edge=DOWN)
        r_bars.shift(UP * (f_bars.baseline.get_y() - r_bars.baseline.get_y()))
        direction = assess("cheat.direction_matters")
        f_total = self.fmt(f"{direction.id}.worked_forward", direction["worked_forward"])
        r_total = self.fmt(f"{direction.id}.worked_reverse", direction["worked_reverse"])
        lines = verdicts(
            (MathTex(r"D(P\|Q) =", f_total, font_size=FONT_SIZE.LABEL, color=FORWARD_KL_COLOR),
             direction),
            (MathTex(r"D(Q\|P) =", r_total, r"\text{ bits}", font_size=FONT_SIZE.LABEL,
                     color=REVERSE_KL_COLOR), direction))
        formula = eq(D_PQ, r"\neq", D_QP)
        card = self.fill_card(5, "Magnitude", KL_COLOR, formula, lines, glyph)
        grow = [GrowFromEdge(bars.bars[i], bars.grow_edge(i))
                for bars in (f_bars, r_bars) for i in range(len(names))]
        ruled_out = [name for name, pi, qi in zip(names, p, q, strict=True) if pi > 0 and qi == 0]
        infinite = math.isinf(direction["worked_forward"]) and ruled_out

        def notes() -> str:
            forward = (f"forward KL is infinite from {ruled_out[0]} alone, which the student "
                       "rules out" if infinite else "forward KL is finite")
            reverse = self.say(f"{direction.id}.worked_reverse", direction["worked_reverse"])
            return ("Magnitude of KL: how mismatched, but direction matters and it can be "
                    f"infinite. The worked example's per-outcome terms: {forward}; reverse KL "
                    f"is {reverse} bits.")

        self.build_card(
            card, by_verdict(direction, agrees="KL measures mismatch, but direction matters, "
                             "and it can be infinite.",
                             conditional="KL measures mismatch; its direction can matter, and "
                             "it can be infinite.", differs="KL measures mismatch."),
            [*grow, FadeIn(VGroup(f_bars.arrows, r_bars.arrows))], notes,
            shown=VGroup(f_bars.baseline, r_bars.baseline, f_bars.labels, r_bars.labels))
