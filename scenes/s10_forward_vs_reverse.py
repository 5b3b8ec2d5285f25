"""Section 10, "Forward vs. Reverse KL": one Gaussian student fitted to a two-peaked teacher.

Forward KL spreads the student over both peaks; reverse KL (from an off-centre start)
collapses it onto one. Both students move along gradient-descent paths computed by
:mod:`entropy_explorer.gaussians`. The reverse-KL landscape is drawn too, with its honest
third valley: a wide, centred student is a local minimum as well.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    MathTex,
    Mobject,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from entropy_explorer.claims import assess
from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    TWO_PEAK_LANDSCAPE,
)
from entropy_explorer.gaussians import (
    OptimisationPath,
    forward_optimum,
    kl,
    kl_landscape,
    mixture_logpdf,
    mixture_pdf,
    normal_logpdf,
    normal_pdf,
    reverse_mode_solution,
    section10_paths,
)
from entropy_explorer.mobjects import BandedHeatmap, DensityPanel, Verdict, caption, label, title
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    BACKGROUND,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["ForwardVsReverseScene"]

TEACHER = BIMODAL_TEACHER
#: Grid the densities are drawn on.
XS = np.linspace(-7.0, 7.0, 281)
#: Numbered x ticks: the teacher's peaks and the centre.
X_TICKS = (-6, -3, 0, 3, 6)
D_PQ = r"D_{\mathrm{KL}}(P\|Q)"
D_QP = r"D_{\mathrm{KL}}(Q\|P)"
#: Shade levels of the landscape (drawn as bands, like contours).
HEAT_LEVELS = 14
#: Formulas and live readouts: TeX draws smaller than Text at the same size.
TEX = FONT_SIZE.CAPTION
#: Ticks and short labels inside a plot.
TICK = FONT_SIZE.LABEL


def teacher_density() -> np.ndarray:
    return mixture_pdf(XS, TEACHER)


def student_density(mu: float, sigma: float) -> np.ndarray:
    return normal_pdf(XS, mu, sigma)


def path_student(path: OptimisationPath, progress: float) -> tuple[float, float]:
    """The student at ``progress`` (0 to 1) along ``path``, at constant speed."""
    return path.at(path.step_at_progress(progress))


class ForwardVsReverseScene(SectionScene):
    """Mode covering versus mode seeking, on descent paths from the gaussians module."""

    section = 10

    def setup(self) -> None:
        super().setup()
        paths = section10_paths()
        self.forward_path = paths.forward
        self.reverse_path = paths.reverse
        self.central_path = paths.central

    def body(self) -> None:
        self.toy_picture()
        self.two_objectives()
        self.race()
        self.why_penalties()
        self.landscape()
        self.conclude()


    # ------------------------------------------------------------------ steps
    def toy_picture(self) -> None:
        self.declare_constants(*(str(abs(t)) for t in X_TICKS))
        panel = DensityPanel(XS, teacher_density(), x_ticks=X_TICKS, width=11, height=3.6,
                             font_size=TICK)
        panel.move_to(DOWN * 0.6)
        p_label = label("teacher P", P_COLOR, FONT_SIZE.CAPTION)
        p_label.next_to(panel.axes.c2p(-3, 0.2), UP, buff=0.35).shift(LEFT * 1.4)
        peaks = self.say("toy.teacher.peaks", len(TEACHER.means), "count", style="words")
        where = " and ".join(
            ("minus " if m < 0 else "plus ") + self.say(f"toy.teacher.mean{i}", abs(m), "value",
                                                        style="words")
            for i, m in enumerate(TEACHER.means))
        self.narrate(f"A toy picture: the teacher P has {peaks} peaks, at {where}.")
        self.play(Create(panel.axes), FadeIn(panel.teacher_area), Create(panel.teacher_curve),
                  FadeIn(p_label), run_time=2)
        # "at minus three and plus three": the two ticks under the peaks light up
        ticks = panel.axes.x_axis.numbers
        at_peaks = VGroup(*(ticks[X_TICKS.index(int(m))] for m in TEACHER.means))
        self.play(self.pointer(at_peaks, color=P_COLOR))
        self.wait_for_narration()

        mu0, s0 = STUDENT_START.mu, STUDENT_START.sigma
        mu_t = self.fmt("toy.start.mu", mu0, "value", decimals=1)
        s_t = self.fmt("toy.start.sigma", s0, "value", decimals=1)
        q_label = MathTex(r"Q = \mathcal{N}(", mu_t, ",\\,", s_t, r"^2)", color=Q_COLOR,
                          font_size=TEX + 4)
        q_label.next_to(panel.axes.c2p(mu0, 0.57), RIGHT, buff=0.3)
        self.declare_constants("2")
        self.narrate("The student Q is a single Gaussian. We start it narrow and a little off "
                     "centre, and let gradient descent fit it.")
        panel.set_student(student_density(mu0, s0))
        self.play(Create(panel.student_curve), FadeIn(q_label), run_time=1.5)
        self.until(0.4)  # "narrow and a little off centre": its width and its centre
        self.play(self.pointer(q_label[3], color=Q_COLOR))
        self.play(self.pointer(q_label[1], color=Q_COLOR))
        self.until(0.8)  # "and let gradient descent fit it"
        self.play(self.pointer(panel.student_curve, how="circumscribe", color=Q_COLOR))
        self.wait_for_narration()
        self.beat("Which fit do we get? It depends on the direction of KL.")
        self.play(FadeOut(VGroup(panel, p_label, q_label)))

    def two_objectives(self) -> None:
        fwd = MathTex(D_PQ, "=", r"\mathbb{E}_{x\sim P}", r"\big[\log P(x)-\log Q(x)\big]",
                      font_size=FONT_SIZE.HEADING + 4)
        rev = MathTex(D_QP, "=", r"\mathbb{E}_{x\sim Q}", r"\big[\log Q(x)-\log P(x)\big]",
                      font_size=FONT_SIZE.HEADING + 4)
        fwd[0].set_color(FORWARD_KL_COLOR)
        fwd[2].set_color(P_COLOR)
        rev[0].set_color(REVERSE_KL_COLOR)
        rev[2].set_color(Q_COLOR)
        f_note = caption("weighted by P \u2192 mode-covering", FORWARD_KL_COLOR)
        r_note = caption("weighted by Q \u2192 mode-seeking", REVERSE_KL_COLOR)
        block = VGroup(fwd, f_note, rev, r_note).arrange(DOWN, buff=0.4)
        block[2].shift(DOWN * 0.5)
        block[3].shift(DOWN * 0.5)
        block.move_to(UP * 0.1)
        self.narrate("Forward KL averages over samples from P: wherever P has mass, Q must too.")
        self.play(Write(fwd), run_time=1.8)
        self.play(self.pointer(fwd[2], color=P_COLOR))
        self.until(0.55)  # "wherever P has mass, Q must too"
        self.play(FadeIn(f_note, shift=UP * 0.2), self.pointer(fwd[3], how="circumscribe",
                                                              color=FORWARD_KL_COLOR))
        self.wait_for_narration()
        self.narrate("Reverse KL averages over samples from Q: it only looks where the student "
                     "puts its own mass.")
        self.play(Write(rev), run_time=1.8)
        self.play(self.pointer(rev[2], color=Q_COLOR))
        self.until(0.6)  # "it only looks where the student puts its own mass"
        self.play(FadeIn(r_note, shift=UP * 0.2), self.pointer(rev[3], how="circumscribe",
                                                              color=REVERSE_KL_COLOR))
        self.wait_for_narration()
        self.beat("Now watch both fits from the same start.")
        self.play(FadeOut(block))

    def _panel(self, name: str, color: str, y: float) -> tuple[DensityPanel, Mobject]:
        panel = DensityPanel(XS, teacher_density(), x_ticks=X_TICKS, width=7.6, height=2.3,
                             font_size=TICK)
        panel.move_to([-2.6, y, 0])
        tag = label(name, color, FONT_SIZE.CAPTION)
        tag.next_to(panel.axes, UP, buff=0.1).align_to(panel.axes, LEFT)
        return panel, tag

    def _readouts(self, key: str, path: OptimisationPath, progress: ValueTracker, color: str,
                  d_label: str) -> VGroup:
        def student() -> tuple[float, float]:
            return path_student(path, progress.get_value())

        def step() -> float:
            return float(round(path.step_at_progress(progress.get_value())))

        rows = VGroup(
            self.readout(f"{key}.mu", lambda: student()[0], label=r"\mu =", unit="value",
                         color=Q_COLOR, font_size=TEX),
            self.readout(f"{key}.sigma", lambda: student()[1], label=r"\sigma =", unit="value",
                         color=Q_COLOR, font_size=TEX),
            self.readout(f"{key}.kl", lambda: kl(path.direction, TEACHER, *student()),
                         label=d_label + " =", unit="nats", color=color, font_size=TEX),
            self.readout(f"{key}.step", step, label=r"\text{step}", unit="count", decimals=0,
                         color=NOTE_COLOR, font_size=TICK),
        )
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        return rows

    def race(self) -> None:
        top, top_label = self._panel("forward KL", FORWARD_KL_COLOR, 1.5)
        bottom, bottom_label = self._panel("reverse KL", REVERSE_KL_COLOR, -2.05)
        progress = ValueTracker(0.0)
        for panel, path in ((top, self.forward_path), (bottom, self.reverse_path)):
            panel.set_student(student_density(*path_student(path, 0.0)))
            panel.student_curve.add_updater(
                lambda m, panel=panel, path=path: panel.set_student(
                    student_density(*path_student(path, progress.get_value()))))
        f_read = self._readouts("race.forward", self.forward_path, progress, FORWARD_KL_COLOR, D_PQ)
        r_read = self._readouts("race.reverse", self.reverse_path, progress, REVERSE_KL_COLOR, D_QP)
        f_read.next_to(top.axes, RIGHT, buff=0.5).align_to(top_label, UP)
        r_read.next_to(bottom.axes, RIGHT, buff=0.5).align_to(bottom_label, UP)
        self.narrate("Same teacher, same start, forward and reverse, each fitted by gradient "
                     "descent.")
        self.play(FadeIn(VGroup(top, top_label, bottom, bottom_label)), FadeIn(f_read),
                  FadeIn(r_read), run_time=1.5)
        self.play(self.pointer(VGroup(top_label, bottom_label)))
        self.wait_for_narration()
        side = "right" if self.reverse_path.end[0] > 0 else "left"
        self.narrate("Forward KL inflates the variance and centres the student between the "
                     f"peaks. Reverse KL slides onto the {side} peak and ignores the other.")
        self.play(progress.animate.set_value(1.0), run_time=9, rate_func=linear)
        self.wait_for_narration()
        # The picture is one start, chosen inside a basin: say so, with the audit's count.
        seeking = assess("reverse.mode_seeking")
        count = VGroup()
        if seeking.conditional:
            n = self.say("reverse.mode_seeking.starts", seeking["starts"], "count", style="words")
            k = self.say("reverse.mode_seeking.seeking", seeking["seeking"], "count",
                         style="words")
            n_t = self.fmt("reverse.mode_seeking.starts", seeking["starts"], "count", decimals=0)
            k_t = self.fmt("reverse.mode_seeking.seeking", seeking["seeking"], "count",
                           decimals=0)
            count = MathTex(k_t, r"\text{ of }", n_t, r"\text{ starts} \to \text{a peak}",
                            font_size=TEX - 4, color=REVERSE_KL_COLOR)
            count.move_to(bottom.axes.c2p(-3.5, 0.47))
            self.narrate(f"This start lies inside the {side} peak's basin. Of {n} starts on a "
                         f"grid, {k} end on a peak; we come back to the others.")
            self.play(self.pointer(bottom.student_curve, how="circumscribe",
                                   color=REVERSE_KL_COLOR))
            self.until(0.4)  # "Of thirty-six starts on a grid, ..."
            self.play(FadeIn(count, shift=UP * 0.2))
            self.play(self.pointer(count[0], color=REVERSE_KL_COLOR))
            self.wait_for_narration()
        for m in (top.student_curve, bottom.student_curve):
            m.clear_updaters()

        mu_f, s_f = forward_optimum(TEACHER)
        s_text = self.fmt("race.forward.moment_sigma", s_f, "value")
        m_text = self.fmt("race.forward.moment_mu", mu_f, "value")
        f_note = VGroup(label("moment matching", FORWARD_KL_COLOR),
                        MathTex(r"(\mu,\sigma)=(", m_text, ",", s_text, ")", font_size=TEX - 4,
                                color=FORWARD_KL_COLOR)).arrange(RIGHT, buff=0.3)
        # Inside each panel, where the final student leaves room.
        f_note.move_to(top.axes.c2p(0, 0.47))
        mode_mu, mode_sigma, mode_kl = reverse_mode_solution(TEACHER, 1)
        end_mu, end_sigma, end_kl = self.reverse_path.end
        on_mode = abs(end_mu - mode_mu) < 0.1 and abs(end_sigma - mode_sigma) < 0.1
        theory = self.fmt("race.reverse.theory_kl", mode_kl, "nats")
        if on_mode:
            r_note = MathTex(r"D\approx\log 2 =", theory, font_size=TEX, color=REVERSE_KL_COLOR)
            self.declare_constants("2")
        else:  # never claim a collapse that did not happen
            r_note = label("no peak", REVERSE_KL_COLOR, FONT_SIZE.CAPTION)
        r_note.move_to(bottom.axes.c2p(-3.5, 0.47))
        if on_mode:
            self.declare_spoken("two")  # log two: notation for the value said beside it
            end = self.say("race.reverse.end_kl", end_kl, "nats", decimals=3)
            ln2 = self.say("race.reverse.theory_kl", mode_kl, "nats", decimals=3)
            self.narrate(f"Forward KL ends at moment matching. Reverse KL ends on the {side} "
                         f"peak at {end} nats, just under log two, {ln2}: what a student sitting "
                         "on either of two equal, well-separated peaks should pay.")
        else:
            self.narrate("Forward KL ends at moment matching. Reverse KL did not settle on a "
                         "peak from this start.")
        self.play(FadeIn(f_note, shift=UP * 0.2), self.pointer(top.student_curve,
                                                               color=FORWARD_KL_COLOR))
        self.until(0.25)  # "Reverse KL ends on the peak at ... nats"
        self.play(self.pointer(r_read[2], color=REVERSE_KL_COLOR))
        self.until(0.45)  # "just under log two"
        self.play(*([FadeOut(count)] if len(count) else []), FadeIn(r_note, shift=UP * 0.2))
        if on_mode:
            self.until(0.7)  # "on either of two equal, well-separated peaks"
            self.play(self.pointer(bottom.teacher_curve, how="circumscribe", color=P_COLOR),
                      run_time=1.5)
        self.wait_for_narration()
        self.beat("Mode covering versus mode seeking.")
        self.play(FadeOut(VGroup(top, top_label, bottom, bottom_label, f_read, r_read,
                                 f_note, r_note)))

    def _penalty_panel(self, integrand_tex: str, whose: str, color: str, mu: float, sigma: float,
                       direction: str) -> tuple[VGroup, VMobject, DensityPanel, float]:
        """Teacher, a student and the integrand of one KL direction, filled."""
        logp = mixture_logpdf(XS, TEACHER)
        logq = normal_logpdf(XS, mu, sigma)
        if direction == "forward":
            integrand = np.exp(logp) * (logp - logq)
        else:
            integrand = np.exp(logq) * (logq - logp)
        y_max = float(max(integrand.max(), np.exp(logq).max(), np.exp(logp).max())) * 1.1
        panel = DensityPanel(XS, np.exp(logp), np.exp(logq), x_ticks=X_TICKS, y_max=y_max,
                             width=5.6, height=2.6, font_size=TICK)
        fill = VMobject(stroke_color=color, stroke_width=2, fill_color=color, fill_opacity=0.55)
        pts = panel.curve_points(np.clip(integrand, 0, None))
        base = [panel.axes.c2p(XS[-1], 0), panel.axes.c2p(XS[0], 0)]
        fill.set_points_as_corners([*pts, *base, pts[0]])
        heading = VGroup(MathTex(integrand_tex, font_size=TEX + 4, color=color),
                         label(whose, NOTE_COLOR)).arrange(RIGHT, buff=0.3)
        heading.next_to(panel.axes, UP, buff=0.25)
        value = kl(direction, TEACHER, mu, sigma)  # type: ignore[arg-type]
        return VGroup(panel, fill, heading), fill, panel, value

    def why_penalties(self) -> None:
        collapsed = self.reverse_path.end[:2]
        covering = self.forward_path.end[:2]
        left, f_fill, _, f_value = self._penalty_panel(
            r"P\log\frac{P}{Q}", "collapsed Q", FORWARD_KL_COLOR, *collapsed, "forward")
        right, r_fill, r_panel, r_value = self._penalty_panel(
            r"Q\log\frac{Q}{P}", "covering Q", REVERSE_KL_COLOR, *covering, "reverse")
        VGroup(left, right).arrange(RIGHT, buff=0.9).move_to(UP * 1.0)
        f_text = self.fmt("why.forward_kl_of_collapsed", f_value, "nats")
        r_text = self.fmt("why.reverse_kl_of_covering", r_value, "nats")
        f_res = MathTex(D_PQ, "=", f_text, r"\text{ nats}", font_size=TEX, color=FORWARD_KL_COLOR)
        r_res = MathTex(D_QP, "=", r_text, r"\text{ nats}", font_size=TEX, color=REVERSE_KL_COLOR)
        f_res.next_to(left, DOWN, buff=0.3)
        r_res.next_to(right, DOWN, buff=0.3)
        self.narrate("Why? Swap the students. Forward KL is weighted by P: the collapsed "
                     "student misses a whole peak where P is large, and pays dearly.")
        self.play(FadeIn(left), run_time=1.5)
        self.until(0.5)  # "misses a whole peak where P is large"
        self.play(self.pointer(f_fill, color=FORWARD_KL_COLOR))
        self.until(0.8)  # "and pays dearly"
        self.play(Write(f_res))
        self.wait_for_narration()
        valley_p = float(mixture_pdf(np.array([0.0]), TEACHER)[0])
        valley = self.say("penalty.valley_density", valley_p, "value", decimals=3)
        v_text = self.fmt("penalty.valley_density", valley_p, "value", decimals=3)
        self.declare_constants("0")
        v_label = MathTex(r"P(0) =", v_text, font_size=TICK + 2, color=P_COLOR)
        v_label.move_to(r_panel.axes.c2p(0, 0.9 * r_panel.y_max))
        self.narrate("Reverse KL is weighted by Q: the covering student is punished for mass "
                     f"in the valley, where P's density is only {valley}.")
        self.play(FadeIn(right), run_time=1.5)
        self.until(0.45)  # "punished for mass in the valley"
        self.play(self.pointer(r_fill, color=REVERSE_KL_COLOR))
        self.until(0.7)  # "where P's density is only ..."
        self.play(FadeIn(v_label, shift=DOWN * 0.1), Write(r_res))
        self.wait_for_narration()
        missing = assess("reverse.missing_mode_free")
        rc = self.say(f"{missing.id}.reverse_cost", missing["reverse_cost"], "nats")
        fc = self.say(f"{missing.id}.forward_cost", missing["forward_cost"], "nats")
        rc_text = self.fmt(f"{missing.id}.reverse_cost", missing["reverse_cost"], "nats")
        cost = VGroup(label("missing a peak", NOTE_COLOR, FONT_SIZE.CAPTION),
                      MathTex(D_QP, "=", rc_text, r"\text{ nats}", font_size=TEX,
                              color=REVERSE_KL_COLOR)).arrange(RIGHT, buff=0.4)
        cost.next_to(VGroup(f_res, r_res), DOWN, buff=0.55).set_x(0)
        extra = VGroup()
        if missing.agrees:
            self.narrate(f"Missing a peak costs reverse KL nothing: {rc} nats.")
            self.play(FadeIn(cost, shift=UP * 0.2))
            self.play(self.pointer(cost[1][2], color=REVERSE_KL_COLOR))
        else:
            self.narrate(f"Missing a peak is not free, only cheap: the collapsed student pays "
                         f"{rc} nats under reverse KL, {fc} under forward KL. The article says "
                         "reverse KL does not penalise missing modes.")
            self.play(FadeIn(cost[0], shift=UP * 0.2))
            self.until(0.3)  # "pays ... nats under reverse KL"
            self.play(FadeIn(cost[1], shift=UP * 0.2))
            self.play(self.pointer(cost[1][2], color=REVERSE_KL_COLOR))
            self.until(0.5)  # "... under forward KL"
            self.play(self.pointer(f_res[2], color=FORWARD_KL_COLOR))
            self.until(0.68)  # "The article says reverse KL does not penalise missing modes."
            extra = Verdict("article: no penalty", holds=False)
            extra.next_to(cost, DOWN, buff=0.35)
            self.play(FadeIn(extra, shift=UP * 0.2))
        self.wait_for_narration()
        self.beat("The penalty lives where the weighting distribution has mass.")
        self.play(FadeOut(VGroup(left, right, f_res, r_res, v_label, cost, extra)))

    def landscape(self) -> None:
        log_lo, log_hi = (math.log(s) for s in TWO_PEAK_LANDSCAPE.sigma_range)
        axes = Axes(x_range=[*TWO_PEAK_LANDSCAPE.mu_range, 1], y_range=[log_lo, log_hi, 1],
                    x_length=7.2, y_length=5.2, tips=False,
                    axis_config={"color": MUTED_COLOR, "include_ticks": False})
        axes.to_edge(LEFT, buff=1.3).shift(DOWN * 0.45)
        axes.set_opacity(0)  # the axis lines would cut through the map; a frame instead
        frame = Rectangle(width=axes.x_length, height=axes.y_length, color=MUTED_COLOR,
                          stroke_width=2).move_to(axes)
        sigma_ticks = (0.5, 1, 2, 4)
        y_labels = VGroup(*[
            MathTex(f"{s:g}", font_size=TICK, color=MUTED_COLOR).next_to(
                axes.c2p(-5, math.log(s)), LEFT, buff=0.15) for s in sigma_ticks])
        x_labels = VGroup(*[
            MathTex(f"{t}", font_size=TICK, color=MUTED_COLOR).next_to(
                axes.c2p(t, log_lo), DOWN, buff=0.15) for t in (-3, 0, 3)])
        self.declare_constants("0.5", "1", "2", "4", "3", "0")
        x_name = MathTex(r"\mu", font_size=TEX + 4, color=Q_COLOR).next_to(
            axes.c2p(5, log_lo), RIGHT, buff=0.2)
        y_name = MathTex(r"\sigma", font_size=TEX + 4, color=Q_COLOR).next_to(
            axes.c2p(-5, log_hi), LEFT, buff=0.25)
        heading = title("reverse KL landscape", REVERSE_KL_COLOR)
        grid = TWO_PEAK_LANDSCAPE
        mus = np.linspace(*grid.mu_range, grid.mu_count)
        log_sigmas = np.linspace(log_lo, log_hi, grid.sigma_count)
        heat = BandedHeatmap(axes, mus, log_sigmas,
                             kl_landscape("reverse", TEACHER, mus, np.exp(log_sigmas)),
                             levels=HEAT_LEVELS, colors=(BACKGROUND, REVERSE_KL_COLOR, "#FFE3F0"))
        legend = label("darker = lower KL", NOTE_COLOR)
        legend.next_to(axes, RIGHT, buff=0.6).align_to(axes, UP)
        self.narrate("The reverse-KL landscape over every student: darker is lower. It is "
                     "not convex.")
        self.play(FadeIn(heat), Create(frame), FadeIn(VGroup(x_labels, y_labels, x_name, y_name,
                                                              heading)), run_time=2)
        self.until(0.35)  # "darker is lower"
        self.play(FadeIn(legend, shift=LEFT * 0.2))
        self.wait_for_narration()

        def path_line(path: OptimisationPath, color: str) -> VMobject:
            line = VMobject(stroke_color=color, stroke_width=4)
            line.set_points_as_corners([axes.c2p(m, math.log(s))
                                        for m, s in zip(path.mu, path.sigma, strict=True)])
            return line

        collapse = path_line(self.reverse_path, Q_COLOR)
        start_dot = Dot(axes.c2p(STUDENT_START.mu, math.log(STUDENT_START.sigma)), color=Q_COLOR)
        end_mu, end_sigma, end_kl = self.reverse_path.end
        end_dot = Dot(axes.c2p(end_mu, math.log(end_sigma)), color=TEXT_COLOR, radius=0.09)
        e_text = self.fmt("landscape.peak.kl", end_kl, "nats")
        end_label = MathTex(r"D =", e_text, font_size=TEX - 4, color=TEXT_COLOR)
        end_label.next_to(end_dot, UP, buff=0.15)
        side = "right" if end_mu > 0 else "left"
        self.narrate(f"The path we just watched runs downhill into the valley of the {side} peak.")
        self.play(FadeIn(start_dot), Create(collapse), run_time=2)
        self.play(FadeIn(end_dot), FadeIn(end_label))
        self.wait_for_narration()

        stuck = path_line(self.central_path, NOTE_COLOR)
        c0 = Dot(axes.c2p(STUDENT_START_CENTRAL.mu, math.log(STUDENT_START_CENTRAL.sigma)),
                 color=NOTE_COLOR)
        c_mu, c_sigma, c_kl = self.central_path.end
        c_end = Dot(axes.c2p(c_mu, math.log(c_sigma)), color=TEXT_COLOR, radius=0.09)
        c_text = self.fmt("landscape.central.kl", c_kl, "nats")
        c_label = MathTex(r"D =", c_text, font_size=TEX - 4, color=TEXT_COLOR)
        c_label.next_to(c_end, UP, buff=0.15)
        cm = self.fmt("landscape.central.start_mu", STUDENT_START_CENTRAL.mu, "value", decimals=1)
        cs = self.fmt("landscape.central.start_sigma", STUDENT_START_CENTRAL.sigma, "value",
                      decimals=1)
        cm_end = self.fmt("landscape.central.end_mu", c_mu, "value")
        cs_end = self.fmt("landscape.central.end_sigma", c_sigma, "value")
        notes = VGroup(
            MathTex(r"(", cm, ",", cs, r")", font_size=TEX, color=NOTE_COLOR),
            MathTex(r"\downarrow", font_size=TEX, color=NOTE_COLOR),
            MathTex(r"(", cm_end, ",", cs_end, r")", font_size=TEX, color=TEXT_COLOR),
            label("local minimum", NOTE_COLOR, FONT_SIZE.CAPTION),
        ).arrange(DOWN, buff=0.18)
        notes.next_to(legend, DOWN, buff=0.6).align_to(legend, LEFT)
        self.narrate("Start nearer the middle, and reverse KL picks no peak: it settles in "
                     "another, higher valley, a wide and centred student.")
        self.play(FadeIn(c0), FadeIn(notes[0]), Create(stuck), run_time=2)
        self.until(0.45)  # "it settles in another, higher valley"
        self.play(FadeIn(c_end), FadeIn(c_label), FadeIn(notes[1:], shift=DOWN * 0.2))
        self.until(0.75)  # "a wide and centred student"
        self.play(self.pointer(notes[2], color=TEXT_COLOR))
        self.wait_for_narration()
        seeking = assess("reverse.mode_seeking")
        n = self.say("reverse.mode_seeking.starts", seeking["starts"], "count", style="words")
        k = self.say("reverse.mode_seeking.seeking", seeking["seeking"], "count", style="words")
        rest_value = seeking["starts"] - seeking["seeking"]
        rest = self.say("reverse.mode_seeking.rest", rest_value, "count", style="words")
        n_t = self.fmt("reverse.mode_seeking.starts", seeking["starts"], "count", decimals=0)
        k_t = self.fmt("reverse.mode_seeking.seeking", seeking["seeking"], "count", decimals=0)
        r_t = self.fmt("reverse.mode_seeking.rest", rest_value, "count", decimals=0)
        tally = VGroup(
            MathTex(k_t, r"\text{ of }", n_t, r"\to\text{ a peak}", font_size=TEX,
                    color=REVERSE_KL_COLOR),
            MathTex(r_t, r"\to\text{ this valley}", font_size=TEX, color=NOTE_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        tally.next_to(notes, DOWN, buff=0.6).align_to(legend, LEFT)
        self.narrate(f"Mode seeking is local: of {n} starts, {k} end on a peak, and the other "
                     f"{rest}, started near the centre, stop in this valley.")
        self.play(FadeIn(tally[0], shift=UP * 0.2), self.pointer(end_dot, color=TEXT_COLOR))
        self.until(0.5)  # "and the other ..., started near the centre, stop in this valley"
        self.play(FadeIn(tally[1], shift=UP * 0.2), self.pointer(c_end, color=TEXT_COLOR))
        self.wait_for_narration()
        self.beat("Reverse KL seeks a mode only from inside that mode's basin.")
        self.landscape_group = VGroup(frame, x_labels, y_labels, x_name, y_name, heading, legend,
                                      collapse, start_dot, end_dot, end_label, stuck, c0, c_end,
                                      c_label, notes, tally)
        self.heat = heat

    def conclude(self) -> None:
        self.play(FadeOut(self.landscape_group), FadeOut(self.heat))
        lines = VGroup(
            caption("forward KL: covers every mode", FORWARD_KL_COLOR),
            caption("reverse KL: seeks a mode, from its basin", REVERSE_KL_COLOR),
        ).arrange(DOWN, buff=0.6)
        self.narrate("Forward KL covers; reverse KL seeks a mode, from inside that mode's basin. "
                     "The gradients show why.")
        self.play(FadeIn(lines[0], shift=UP * 0.2))
        self.until(0.25)  # "reverse KL seeks a mode"
        self.play(FadeIn(lines[1], shift=UP * 0.2))
        self.until(0.75)  # "The gradients show why"
        self.play(self.pointer(lines, how="circumscribe"))
        self.wait_for_narration()
