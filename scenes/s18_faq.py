"""Section 18, "Frequently Asked Clarifications": the article's three questions, each
answered with a callback to an earlier animation and the claims audit's verdict.

1. The reverse-KL gradient at Q(x) = 0: the worked example's bars, and the gradient on the
   logits (zero, a factor Q(x)) beside the one on the probabilities (minus infinity).
2. Forward KL's smaller gradient variance: section 12's histograms of sampled gradients,
   then its variance ratio along its sweep; the audit's shares over many students.
3. Mode seeking: the worked example's teacher with C masked, distilled by forward KL; and
   the alpha-divergence fit on section 10's two-peaked teacher, which switches from a peak
   to covering at one order instead of morphing.

Every verdict and figure comes from :func:`entropy_explorer.claims.assess` or a maths
module; the article's answers are shown with the condition the computation found.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    DashedLine,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    Mobject,
    Text,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from entropy_explorer.claims import Assessment, assess
from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    BLIND_SPOT,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_TASK_KEEP,
)
from entropy_explorer.gaussians import (
    AlphaFit,
    alpha_fits,
    mixture_pdf,
    normal_pdf,
)
from entropy_explorer.gradients import (
    DescentRun,
    EstimatorStats,
    blind_spot_batches,
    task_teacher_run,
    variance_ratio,
)
from entropy_explorer.infotheory import softmax
from entropy_explorer.mobjects import Verdict, caption, label
from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.density import DensityPanel
from entropy_explorer.mobjects.histogram import Histogram
from entropy_explorer.scene import SectionScene
from entropy_explorer.sections import find_section
from entropy_explorer.teachers import mask, token_indices
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    KL_COLOR,
    MUTED_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["FAQScene"]

# The worked example (question 1 and the filtered teacher of question 3).
P = np.array(WORKED_EXAMPLE_P.probs)
Q = np.array(WORKED_EXAMPLE_Q.probs)
NAMES = WORKED_EXAMPLE_P.outcomes
#: The outcome the student rules out (Q = 0).
ZERO = int(np.flatnonzero(Q == 0)[0])
MASKED = tuple(o for o in NAMES if o not in WORKED_EXAMPLE_TASK_KEEP)
P_TASK = mask(P, token_indices(NAMES, MASKED))

# Section 12's experiment (question 2), as that scene sets it up.
EXP = BLIND_SPOT
EXP_P = np.array(EXP.teacher.probs)
EXP_LOGITS = np.array(EXP.student_logits)
EXP_NAMES = EXP.teacher.outcomes
#: The logit whose estimates the histograms show (the student's favourite class).
SHOWN = int(np.argmax(softmax(EXP_LOGITS)))
#: The over-weighted class whose logit section 12's sweep slides.
OVER = int(np.argmax(softmax(EXP_LOGITS) / EXP_P))
#: Histogram bins of width 1/batch_size (the forward estimates' spacing) over this range.
X_RANGE = (-2.0, 1.0)
X_TICKS = (-2, -1, 0, 1)

# Section 10's two-peaked teacher (question 3).
XS = np.linspace(-7.0, 7.0, 281)
DENSITY_TICKS = (-6, -3, 0, 3, 6)

D_QP = r"D_{\mathrm{KL}}(Q\|P)"
BLIND_SECTION = find_section("blind-spots").number
TWO_PEAK_SECTION = find_section("forward-vs-reverse").number
#: The overview's thumbnails of each card's callback, at most this size.
THUMB_WIDTH, THUMB_HEIGHT = 2.0, 1.1


def sweep_logits(c: float) -> np.ndarray:
    """Section 12's student with the over-weighted class's logit set to ``c``."""
    z = EXP_LOGITS.copy()
    z[OVER] = c
    return z


def bin_edges() -> np.ndarray:
    """Bins centred on the forward estimates' possible values, Q(shown) - k / batch_size."""
    width = 1.0 / EXP.batch_size
    centre = softmax(EXP_LOGITS)[SHOWN]
    lo = centre - width * np.ceil((centre - X_RANGE[0]) / width) - width / 2
    return np.arange(lo, X_RANGE[1] + width, width)


def holds(a: Assessment) -> bool | None:
    """The audit's verdict as a mark: holds, holds only under a condition (None), fails."""
    return True if a.agrees else None if a.conditional else False


class FAQScene(SectionScene):
    """Three questions, three callbacks, three audited answers, then an overview."""

    section = 18

    def setup(self) -> None:
        super().setup()
        self.zero_claim = assess("faq.reverse_zero_at_q0")
        self.variance_claim = assess("faq.forward_smaller_variance")
        self.seeking_claim = assess("faq.mode_seeking_advice")
        # Section 12's samples, the ones that scene draws.
        batches = blind_spot_batches()
        self.fwd: EstimatorStats = batches.forward
        self.rev: EstimatorStats = batches.reverse
        # Question 3: forward KL from a uniform student to the filtered teacher.
        self.task_run: DescentRun = task_teacher_run()
        self.fits, self.transitions = alpha_fits()
        #: Each card's callback without its texts, for the overview's thumbnails.
        self.thumbs: list[VGroup] = []

    def body(self) -> None:
        self.gradient_at_zero()
        self.smaller_variance()
        self.mode_seeking()
        self.overview()

    # ------------------------------------------------------------------ helpers
    def figure(self, a: Assessment, name: str, decimals: int = 2, scale: float = 1.0,
               speech: bool = False, style: str = "digits") -> str:
        """One of the audit's figures, recorded under ``{claim}.{name}`` and formatted.

        ``scale`` 100 gives a percentage (recorded as ``{claim}.{name}.percent``).
        """
        key = f"{a.id}.{name}" + (".percent" if scale != 1.0 else "")
        unit = a.figure(name).unit if scale == 1.0 else "value"
        value = a[name] * scale
        if speech:
            return self.say(key, value, unit, decimals, style)
        return self.fmt(key, value, unit, decimals)

    def question(self, text: str) -> Text:
        return caption(text, TEXT_COLOR).to_edge(UP, buff=0.45)

    def answer(self, a: Assessment, text: str | Mobject) -> Verdict:
        """The short answer, marked with the audit's verdict on the article's answer (a
        check, a tilde for "only under a condition", a cross); the condition is said."""
        return Verdict(text, holds(a)).to_edge(DOWN, buff=0.45)

    def share_words(self, a: Assessment, name: str) -> str:
        """A share said as "about three quarters" when it is near one, else a percentage."""
        try:
            return self.figure(a, name, speech=True, style="about")
        except ValueError:
            return self.figure(a, name, decimals=0, scale=100, speech=True) + " percent"

    def teacher_and_student(self, key: str, names: tuple[str, ...], p: np.ndarray,
                            q: np.ndarray, *, size: int = FONT_SIZE.LABEL, buff: float = 0.6,
                            **bar_options: float) -> tuple[VGroup, DistributionBars,
                                                           DistributionBars]:
        """Teacher and student bars side by side, titled, recorded as ``{key}.p``/``.q``.

        The titles sit above the tallest a bar can get, so a growing bar never meets one.
        """
        charts = []
        for who, probs, color in (("teacher P", p, P_COLOR), ("student Q", q, Q_COLOR)):
            bars = self.track_bars(f"{key}.{who[-1].lower()}",
                                   DistributionBars(names, probs, color=color, **bar_options))
            title = label(who, color, size)
            title.next_to(bars.baseline, UP, buff=bars.max_height + 0.45)
            charts.append((VGroup(title, bars), bars))
        group = VGroup(charts[0][0], charts[1][0]).arrange(RIGHT, buff=buff, aligned_edge=DOWN)
        return group, charts[0][1], charts[1][1]

    def said_infinity(self, key: str, value: float) -> str:
        """An infinite value in words ("minus infinity"), recorded as said."""
        self.say(key, value, "value")
        return ("minus " if value < 0 else "") + "infinity"

    def switch_cards(self, old: Mobject | None, new: Mobject) -> None:
        """Clear the previous card and bring in the next question (under narration)."""
        if old is not None:
            self.play(FadeOut(old), run_time=0.5)
        self.play(FadeIn(new, shift=DOWN * 0.2), run_time=0.6)

    # -------------------------------------------------------------------- steps
    def gradient_at_zero(self) -> None:
        a = self.zero_claim
        c = NAMES[ZERO]
        self.declare_constants("0")  # the article's question: Q(x) = 0
        q = self.question("\u201cWhy is the reverse-KL gradient zero at Q(x) = 0?\u201d")
        bars, p_bars, q_bars = self.teacher_and_student(
            "faq.worked", NAMES, P, Q, max_height=2.6, bar_width=0.6, spacing=0.35)

        # Exactly 0 at Q = 0 (a factor Q); more places if it ever is not.
        zero = self.figure(a, "rev_logit_c", decimals=0 if a["rev_logit_c"] == 0 else 3)
        neg = self.figure(a, "rev_prob_c")  # "-∞" as text
        neg_tex = r"-\infty" if math.isinf(a["rev_prob_c"]) else neg
        size = FONT_SIZE.CAPTION
        on_logits = MathTex(rf"\frac{{\partial {D_QP}}}{{\partial \theta_{c}}}",
                            rf"= Q({c})\,\big(d_{c}-\mathbb{{E}}_Q[d]\big) =", zero,
                            font_size=size, color=TEXT_COLOR)
        on_probs = MathTex(rf"\frac{{\partial {D_QP}}}{{\partial Q({c})}}",
                           rf"= \log\frac{{Q({c})}}{{P({c})}} + 1 =", neg_tex,
                           font_size=size, color=TEXT_COLOR)
        for eq in (on_logits, on_probs):
            eq[0].set_color(REVERSE_KL_COLOR)
            eq[2].set_color(KL_COLOR)
        eqs = VGroup(
            label("on the logits", MUTED_COLOR), on_logits,
            label("on the probabilities", MUTED_COLOR), on_probs,
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        eqs[2:].shift(DOWN * 0.3)
        VGroup(bars, eqs).arrange(RIGHT, buff=0.8).move_to(UP * 0.35)
        ans = self.answer(a, MathTex(rf"{zero}\ \text{{on the logits}},\ {neg_tex}\ "
                                     rf"\text{{on }} Q({c})", font_size=FONT_SIZE.HEADING))

        self.narrate("Why no reverse-KL gradient where the student has no mass?")
        self.switch_cards(None, q)
        self.play(FadeIn(bars, shift=UP * 0.2), run_time=1.0)
        self.play(Indicate(q_bars.labels[ZERO], color=KL_COLOR), run_time=1.0)
        self.wait_for_narration()

        said_zero = self.figure(a, "rev_logit_c", speech=True, style="words")
        probs = self.said_infinity(f"{a.id}.rev_prob_c", a["rev_prob_c"])
        self.narrate(f"On the logits it is {said_zero}: a factor Q of {c}. On the "
                     f"probabilities it is {probs}.")
        self.play(Write(eqs[:2]), run_time=1.2)
        self.play(self.pointer(on_logits[2], color=KL_COLOR))
        self.until(0.6)  # "on the probabilities it is minus infinity"
        self.play(FadeIn(eqs[2:]), run_time=0.8)
        self.play(FadeIn(ans, shift=UP * 0.2), self.pointer(on_probs[2], color=KL_COLOR))
        self.wait_for_narration()
        self.beat(f"Only the sampled estimate vanishes: it never draws {c}. The exact gradient "
                  f"on Q({c}) is a pull towards {c}.")
        self.thumbs.append(VGroup(*(VGroup(b.baseline, b.bars) for b in (p_bars, q_bars))).copy())
        self.card = VGroup(q, bars, eqs, ans)

    def smaller_variance(self) -> None:
        a = self.variance_claim
        q = self.question("\u201cDoes forward KL have smaller gradient variance?\u201d")
        self.declare_constants(*(str(abs(t)) for t in X_TICKS), str(BLIND_SECTION))
        self.declare_spoken(str(BLIND_SECTION))
        n = ValueTracker(10)
        edges = bin_edges()
        full = float(max(self.fwd.histogram(SHOWN, edges).max(),
                         self.rev.histogram(SHOWN, edges).max()))
        panels = VGroup()
        for stats, color, title in ((self.fwd, FORWARD_KL_COLOR, "forward: x ~ P"),
                                    (self.rev, REVERSE_KL_COLOR, "REINFORCE: x ~ Q")):
            hist = Histogram(edges, max_count=full, x_range=X_RANGE, x_ticks=X_TICKS,
                             width=5.4, height=2.3, color=color, font_size=FONT_SIZE.LABEL)
            hist.add_updater(lambda h, s=stats: h.set_counts(
                s.head(int(n.get_value())).histogram(SHOWN, edges)))
            x = hist.number_line.n2p(float(stats.exact[SHOWN]))
            marker = DashedLine(x, x + UP * 2.5, color=TEXT_COLOR, stroke_width=2)
            name = label(title, color)
            name.next_to(hist.number_line, UP, buff=2.7)
            panels.add(VGroup(name, hist, marker))
        panels.arrange(RIGHT, buff=0.9)
        setting = label(f"section {BLIND_SECTION}'s estimates", MUTED_COLOR)
        c = ValueTracker(float(EXP_LOGITS[OVER]))
        ratio = self.readout("faq.blind.variance_ratio",
                             lambda: variance_ratio(EXP_P, sweep_logits(c.get_value()), SHOWN),
                             label=r"\text{reverse / forward variance} =", unit="ratio",
                             decimals=4, color=KL_COLOR, font_size=FONT_SIZE.HEADING)
        VGroup(setting, panels, ratio).arrange(DOWN, buff=0.35).move_to(UP * 0.3)

        # The sweep: section 12's student, its over-weighted logit sliding down.
        sweep, _, q_bars = self.teacher_and_student(
            "faq.blind", EXP_NAMES, EXP_P, softmax(EXP_LOGITS), buff=1.2, max_height=2.2,
            bar_width=0.6, spacing=0.35)
        q_bars.add_updater(lambda m: m.set_values(softmax(sweep_logits(c.get_value()))))
        sweep.next_to(ratio, UP, buff=0.4)
        sweep_note = label(f"section {BLIND_SECTION}'s sweep", MUTED_COLOR)
        sweep_note.move_to(setting)

        self.narrate("Does forward KL have smaller gradient variance?")
        self.switch_cards(self.card, q)
        self.play(FadeIn(setting), FadeIn(panels), run_time=0.6)
        self.play(n.animate.set_value(EXP.n_batches), run_time=1.8, rate_func=linear)
        self.wait_for_narration()
        for p in panels:
            p[1].clear_updaters()
        self.thumbs.append(VGroup(*(p[1].bars for p in panels)).copy().arrange(DOWN, buff=0.3))

        word = {"agrees": "yes", "differs": "no"}.get(a.verdict, "usually, not always")
        start = self.figure(a, "section12_ratio_start", speech=True)
        end = self.figure(a, "section12_ratio_end", speech=True, decimals=4)
        self.narrate(f"{word.capitalize()}: in section {BLIND_SECTION}'s sweep the ratio "
                     f"falls from {start} to {end}.")
        self.play(FadeIn(ratio, shift=UP * 0.2), run_time=0.6)
        self.play(FadeOut(panels), FadeOut(setting), FadeIn(sweep), FadeIn(sweep_note),
                  run_time=0.6)
        self.play(c.animate.set_value(EXP.sweep_to), run_time=2.5, rate_func=smooth)
        self.wait_for_narration()
        q_bars.clear_updaters()

        none = self.figure(a, "share_none", decimals=0, scale=100)
        best = self.figure(a, "share_optimal", decimals=0, scale=100)
        ans = self.answer(a, f"{none}% of students, {best}% with a baseline")
        self.narrate(f"Over many students: smaller for {self.share_words(a, 'share_none')}, "
                     f"{self.share_words(a, 'share_optimal')} with the optimal baseline.")
        self.play(FadeIn(ans, shift=UP * 0.2), run_time=0.8)
        self.until(0.5)  # "... with the optimal baseline"
        self.play(self.pointer(ans.phrase))
        self.wait_for_narration()
        self.beat("Variance relative to each gradient's size; with the whole teacher, both "
                  "gradients are exact sums with no variance at all.")
        self.card = VGroup(q, sweep, sweep_note, ratio, ans)

    def mode_seeking(self) -> None:
        a = self.seeking_claim
        q = self.question("\u201cWhat if I want mode-seeking behavior?\u201d")
        # Left: the worked example's teacher with the unwanted outcome masked, and a
        # forward-KL student following it.
        bars, p_bars, q_bars = self.teacher_and_student(
            "faq.task", NAMES, P, self.task_run.probs[0], buff=0.5,
            max_height=2.2, bar_width=0.5, spacing=0.3)
        left_title = label(f"mask {', '.join(MASKED)}", FORWARD_KL_COLOR)
        left = VGroup(left_title, bars).arrange(DOWN, buff=0.3)

        # Right: section 10's two-peaked teacher fitted with alpha-divergences.
        fits, tr = self.fits, self.transitions
        idx = ValueTracker(0)

        def fit() -> AlphaFit:
            return fits[int(round(idx.get_value()))]

        teacher = mixture_pdf(XS, BIMODAL_TEACHER)
        tallest = max(teacher.max(), *(normal_pdf(XS, f.mu, f.sigma).max() for f in fits))
        panel = DensityPanel(XS, teacher, normal_pdf(XS, fits[0].mu, fits[0].sigma),
                             x_ticks=DENSITY_TICKS, y_max=1.1 * float(tallest), width=6.2,
                             font_size=FONT_SIZE.LABEL,
                             height=2.4)
        panel.add_updater(lambda m: m.set_student(normal_pdf(XS, fit().mu, fit().sigma)))
        self.declare_constants(*(str(abs(t)) for t in DENSITY_TICKS), str(TWO_PEAK_SECTION))
        right_title = label("alpha-divergences", REVERSE_KL_COLOR)
        alpha = self.readout("faq.alpha.order", lambda: fit().alpha, label=r"\alpha =",
                             unit="value", decimals=2, color=TEXT_COLOR,
                             font_size=FONT_SIZE.CAPTION)
        if tr.path_switch is not None:
            shown = self.fmt("faq.alpha.path_switch", tr.path_switch, "value", decimals=3)
            note = label(f"jump at \u03b1 \u2248 {shown}")
        else:
            note = label("no change with \u03b1")
        right = VGroup(right_title, panel, VGroup(alpha, note).arrange(DOWN, buff=0.2))
        right.arrange(DOWN, buff=0.3)
        VGroup(left, right).arrange(RIGHT, buff=1.0, aligned_edge=UP).move_to(UP * 0.45)
        pct = self.figure(a, "reached", decimals=0, scale=100)
        ans = self.answer(a, f"filter, then forward KL: {pct}% of runs")

        # The whole run (where the audit reads it), on a log scale of steps: the early steps
        # move the student most.
        u = ValueTracker(0.0)
        q_bars.add_updater(lambda m: m.set_values(self.task_run.probs_at(math.expm1(u.get_value()))))
        self.narrate("And for mode-seeking behavior?")
        self.switch_cards(self.card, q)
        self.play(FadeIn(left_title), FadeIn(bars), run_time=0.6)
        self.wait_for_narration()

        runs = ("every run" if a["reached"] == 1.0 else
                self.figure(a, "reached", decimals=0, scale=100, speech=True) + " percent of runs")
        self.narrate(f"Mask the unwanted outcome, then use forward KL: {runs} reaches the "
                     "filtered teacher.")
        self.play(p_bars.animate.set_values(P_TASK), run_time=0.8)
        self.play(u.animate.set_value(math.log1p(self.task_run.steps)), run_time=2.2,
                  rate_func=linear)
        self.play(FadeIn(ans, shift=UP * 0.2), run_time=0.6)
        self.wait_for_narration()
        q_bars.clear_updaters()

        if tr.path_switch is not None:
            switch = self.say("faq.alpha.path_switch", tr.path_switch, "value", decimals=3)
            self.narrate(f"Alpha-divergences jump rather than morph, at alpha {switch}.")
        else:
            self.narrate("Alpha-divergences: here the fit does not change with alpha.")
        self.play(FadeIn(right_title), FadeIn(panel), FadeIn(alpha), run_time=0.5)
        self.play(idx.animate.set_value(len(fits) - 1), run_time=2.5, rate_func=linear)
        self.play(FadeIn(note), run_time=0.4)
        self.wait_for_narration()
        panel.clear_updaters()
        self.thumbs.append(VGroup(panel.teacher_area, panel.teacher_curve,
                                  panel.student_curve).copy())
        self.beat("Pure reverse KL keeps its variance and blind-spot caveats, each conditional "
                  "as above.")
        self.card = VGroup(q, left, right, ans)

    def overview(self) -> None:
        title = Text("Frequently Asked Clarifications", font=FONT, font_size=FONT_SIZE.HEADING,
                     color=TEXT_COLOR)
        questions = ("zero gradient at Q = 0?", "smaller variance?", "mode seeking?")
        claims = (self.zero_claim, self.variance_claim, self.seeking_claim)
        rows = VGroup()
        for qtext, a, thumb in zip(questions, claims, self.thumbs, strict=True):
            thumb.scale_to_fit_width(THUMB_WIDTH)
            if thumb.height > THUMB_HEIGHT:
                thumb.scale_to_fit_height(THUMB_HEIGHT)
            text = Verdict(qtext, holds(a))
            text.next_to(thumb, RIGHT, buff=0.5)
            thumb.match_y(text)
            rows.add(VGroup(thumb, text))
        rows.arrange(DOWN, buff=0.45)
        for row in rows[1:]:  # the texts in one column, each thumbnail just left of its text
            row.shift((rows[0][1].get_left()[0] - row[1].get_left()[0]) * RIGHT)
        VGroup(title, rows).arrange(DOWN, buff=0.55).move_to(ORIGIN)
        self.narrate(self.overview_sentence([a for a in claims if not a.agrees], len(claims)))
        self.play(FadeOut(self.card), run_time=0.5)
        self.play(FadeIn(title), run_time=0.5)
        for row in rows:
            self.play(FadeIn(row, shift=UP * 0.15), run_time=0.5)
        self.wait_for_narration()

    def overview_sentence(self, qualified: list[Assessment], total: int) -> str:
        if not qualified:
            n = self.say("faq.answers", total, "count", style="words")
            return f"The article's {n} answers hold on its own examples."
        n = self.say("faq.qualified_answers", len(qualified), "count", style="words")
        return f"The article states {n} of these answers without their conditions."
