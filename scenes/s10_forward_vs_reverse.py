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
    Rectangle,
    Text,
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
from entropy_explorer.mobjects import BandedHeatmap, DensityPanel
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    BACKGROUND,
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
        panel = DensityPanel(XS, teacher_density(), x_ticks=X_TICKS, width=10, height=3.2)
        panel.move_to(DOWN * 0.6)
        p_label = Text("teacher P: two peaks", font=FONT, font_size=FONT_SIZE.LABEL, color=P_COLOR)
        p_label.next_to(panel.axes.c2p(-3, 0.2), UP, buff=0.35).shift(LEFT * 1.4)
        peaks = self.say("toy.teacher.peaks", len(TEACHER.means), "count", style="words")
        where = " and ".join(
            ("minus " if m < 0 else "plus ") + self.say(f"toy.teacher.mean{i}", abs(m), "value",
                                                        style="words")
            for i, m in enumerate(TEACHER.means))
        self.narrate(f"A toy picture: the teacher P has {peaks} peaks, at {where}.")
        self.play(Create(panel.axes), FadeIn(panel.teacher_area), Create(panel.teacher_curve),
                  FadeIn(p_label), run_time=2)
        self.wait_for_narration()

        mu0, s0 = STUDENT_START.mu, STUDENT_START.sigma
        mu_t = self.fmt("toy.start.mu", mu0, "value", decimals=1)
        s_t = self.fmt("toy.start.sigma", s0, "value", decimals=1)
        q_label = MathTex(r"\text{student } Q = \mathcal{N}(", mu_t, ",\\,", s_t, r"^2)",
                          color=Q_COLOR, font_size=FONT_SIZE.LABEL + 4)
        q_label.next_to(panel.axes.c2p(mu0, 0.57), RIGHT, buff=0.3)
        self.declare_constants("2")
        self.narrate("The student Q is a single Gaussian. We start it narrow and a little off "
                     "centre, and let gradient descent fit it.")
        panel.set_student(student_density(mu0, s0))
        self.play(Create(panel.student_curve), FadeIn(q_label), run_time=1.5)
        self.wait_for_narration()
        self.beat("Which fit do we get? It depends on the direction of KL.")
        self.play(FadeOut(VGroup(panel, p_label, q_label)))

    def two_objectives(self) -> None:
        fwd = MathTex(D_PQ, "=", r"\mathbb{E}_{x\sim P}", r"\big[\log P(x)-\log Q(x)\big]",
                      font_size=FONT_SIZE.BODY + 4)
        rev = MathTex(D_QP, "=", r"\mathbb{E}_{x\sim Q}", r"\big[\log Q(x)-\log P(x)\big]",
                      font_size=FONT_SIZE.BODY + 4)
        fwd[0].set_color(FORWARD_KL_COLOR)
        fwd[2].set_color(P_COLOR)
        rev[0].set_color(REVERSE_KL_COLOR)
        rev[2].set_color(Q_COLOR)
        f_note = Text("forward: weighted by P \u2192 mode-covering", font=FONT,
                      font_size=FONT_SIZE.LABEL, color=FORWARD_KL_COLOR)
        r_note = Text("reverse: weighted by Q \u2192 mode-seeking", font=FONT,
                      font_size=FONT_SIZE.LABEL, color=REVERSE_KL_COLOR)
        block = VGroup(fwd, f_note, rev, r_note).arrange(DOWN, buff=0.35)
        block[2].shift(DOWN * 0.4)
        block[3].shift(DOWN * 0.4)
        block.move_to(UP * 0.2)
        self.narrate("Forward KL averages over samples from P: wherever P has mass, Q must too.")
        self.play(Write(fwd), FadeIn(f_note, shift=UP * 0.2), run_time=1.8)
        self.wait_for_narration()
        self.narrate("Reverse KL averages over samples from Q: it only looks where the student "
                     "puts its own mass.")
        self.play(Write(rev), FadeIn(r_note, shift=UP * 0.2), run_time=1.8)
        self.wait_for_narration()
        self.beat("Now watch both fits from the same start.")
        self.play(FadeOut(block))

    def _panel(self, title: str, color: str, y: float) -> tuple[DensityPanel, Text]:
        panel = DensityPanel(XS, teacher_density(), x_ticks=X_TICKS, width=7.6, height=2.3)
        panel.move_to([-2.6, y, 0])
        label = Text(title, font=FONT, font_size=FONT_SIZE.LABEL, color=color)
        label.next_to(panel.axes, UP, buff=0.1).align_to(panel.axes, LEFT)
        return panel, label

    def _readouts(self, key: str, path: OptimisationPath, progress: ValueTracker, color: str,
                  d_label: str) -> VGroup:
        def student() -> tuple[float, float]:
            return path_student(path, progress.get_value())

        def step() -> float:
            return float(round(path.step_at_progress(progress.get_value())))

        size = FONT_SIZE.LABEL
        rows = VGroup(
            self.readout(f"{key}.mu", lambda: student()[0], label=r"\mu =", unit="value",
                         color=Q_COLOR, font_size=size),
            self.readout(f"{key}.sigma", lambda: student()[1], label=r"\sigma =", unit="value",
                         color=Q_COLOR, font_size=size),
            self.readout(f"{key}.kl", lambda: kl(path.direction, TEACHER, *student()),
                         label=d_label + " =", unit="nats", color=color, font_size=size),
            self.readout(f"{key}.step", step, label=r"\text{step}", unit="count", decimals=0,
                         color=NOTE_COLOR, font_size=FONT_SIZE.SMALL),
        )
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        return rows

    def race(self) -> None:
        top, top_label = self._panel("forward KL: minimize D(P\u2016Q)", FORWARD_KL_COLOR, 1.55)
        bottom, bottom_label = self._panel("reverse KL: minimize D(Q\u2016P)", REVERSE_KL_COLOR,
                                           -2.05)
        progress = ValueTracker(0.0)
        for panel, path in ((top, self.forward_path), (bottom, self.reverse_path)):
            panel.set_student(student_density(*path_student(path, 0.0)))
            panel.student_curve.add_updater(
                lambda m, panel=panel, path=path: panel.set_student(
                    student_density(*path_student(path, progress.get_value()))))
        f_read = self._readouts("race.forward", self.forward_path, progress, FORWARD_KL_COLOR, D_PQ)
        r_read = self._readouts("race.reverse", self.reverse_path, progress, REVERSE_KL_COLOR, D_QP)
        f_read.next_to(top.axes, RIGHT, buff=0.6).align_to(top.axes, UP)
        r_read.next_to(bottom.axes, RIGHT, buff=0.6).align_to(bottom.axes, UP)
        self.narrate("Same teacher, same start, forward and reverse, each fitted by gradient "
                     "descent.")
        self.play(FadeIn(VGroup(top, top_label, bottom, bottom_label)), FadeIn(f_read),
                  FadeIn(r_read), run_time=1.5)
        self.wait_for_narration()
        side = "right" if self.reverse_path.end[0] > 0 else "left"
        self.narrate("Forward KL inflates the variance and centres the student between the "
                     f"peaks. Reverse KL slides onto the {side} peak and ignores the other.")
        self.play(progress.animate.set_value(1.0), run_time=9, rate_func=linear)
        self.wait_for_narration()
        # The picture is one start, chosen inside a basin: say so, with the audit's count.
        seeking = assess("reverse.mode_seeking")
        if seeking.conditional:
            n = self.say("reverse.mode_seeking.starts", seeking["starts"], "count", style="words")
            k = self.say("reverse.mode_seeking.seeking", seeking["seeking"], "count",
                         style="words")
            self.narrate(f"This start lies inside the {side} peak's basin. Of {n} starts on a "
                         f"grid, {k} end on a peak; we come back to the others.")
            self.wait_for_narration()
        for m in (top.student_curve, bottom.student_curve):
            m.clear_updaters()

        mu_f, s_f = forward_optimum(TEACHER)
        s_text = self.fmt("race.forward.moment_sigma", s_f, "value")
        m_text = self.fmt("race.forward.moment_mu", mu_f, "value")
        f_note = MathTex(r"\text{covers both: moment matching } (\mu,\sigma)=(", m_text, ",",
                         s_text, ")", font_size=FONT_SIZE.SMALL, color=FORWARD_KL_COLOR)
        # Inside each panel, where the final student leaves room.
        f_note.move_to(top.axes.c2p(0, 0.5)).align_to(top.axes, RIGHT)
        mode_mu, mode_sigma, mode_kl = reverse_mode_solution(TEACHER, 1)
        end_mu, end_sigma, end_kl = self.reverse_path.end
        on_mode = abs(end_mu - mode_mu) < 0.1 and abs(end_sigma - mode_sigma) < 0.1
        theory = self.fmt("race.reverse.theory_kl", mode_kl, "nats")
        if on_mode:
            r_note = MathTex(r"\text{seeks one peak: } \sigma\approx 1,\ D\approx\log 2 =", theory,
                             r"\text{ nats}", font_size=FONT_SIZE.SMALL, color=REVERSE_KL_COLOR)
            self.declare_constants("1", "2")
        else:  # never claim a collapse that did not happen
            r_note = Text("did not settle on a peak", font=FONT, font_size=FONT_SIZE.SMALL,
                          color=REVERSE_KL_COLOR)
        r_note.move_to(bottom.axes.c2p(0, 0.52)).align_to(bottom.axes, LEFT).shift(RIGHT * 0.2)
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
        self.play(FadeIn(f_note), FadeIn(r_note))
        self.wait_for_narration()
        self.beat("Mode covering versus mode seeking.")
        self.play(FadeOut(VGroup(top, top_label, bottom, bottom_label, f_read, r_read,
                                 f_note, r_note)))

    def _penalty_panel(self, title: str, color: str, mu: float, sigma: float,
                       direction: str) -> tuple[VGroup, float]:
        """Teacher, a student and the integrand of one KL direction, filled."""
        logp = mixture_logpdf(XS, TEACHER)
        logq = normal_logpdf(XS, mu, sigma)
        if direction == "forward":
            integrand = np.exp(logp) * (logp - logq)
        else:
            integrand = np.exp(logq) * (logq - logp)
        y_max = float(max(integrand.max(), np.exp(logq).max(), np.exp(logp).max())) * 1.1
        panel = DensityPanel(XS, np.exp(logp), np.exp(logq), x_ticks=X_TICKS, y_max=y_max,
                             width=5.4, height=2.6)
        fill = VMobject(stroke_color=color, stroke_width=2, fill_color=color, fill_opacity=0.55)
        pts = panel.curve_points(np.clip(integrand, 0, None))
        base = [panel.axes.c2p(XS[-1], 0), panel.axes.c2p(XS[0], 0)]
        fill.set_points_as_corners([*pts, *base, pts[0]])
        label = Text(title, font=FONT, font_size=FONT_SIZE.SMALL, color=color, line_spacing=0.8)
        label.next_to(panel.axes, UP, buff=0.2)
        return VGroup(panel, fill, label), kl(direction, TEACHER, mu, sigma)  # type: ignore[arg-type]

    def why_penalties(self) -> None:
        collapsed = self.reverse_path.end[:2]
        covering = self.forward_path.end[:2]
        left, f_value = self._penalty_panel("forward penalty P log(P/Q)\nfor the collapsed student",
                                            FORWARD_KL_COLOR, *collapsed, "forward")
        right, r_value = self._penalty_panel("reverse penalty Q log(Q/P)\nfor the covering student",
                                             REVERSE_KL_COLOR, *covering, "reverse")
        VGroup(left, right).arrange(RIGHT, buff=1.0).move_to(UP * 0.8)
        f_text = self.fmt("why.forward_kl_of_collapsed", f_value, "nats")
        r_text = self.fmt("why.reverse_kl_of_covering", r_value, "nats")
        f_res = MathTex(D_PQ, "=", f_text, r"\text{ nats}", font_size=FONT_SIZE.LABEL,
                        color=FORWARD_KL_COLOR)
        r_res = MathTex(D_QP, "=", r_text, r"\text{ nats}", font_size=FONT_SIZE.LABEL,
                        color=REVERSE_KL_COLOR)
        f_res.next_to(left, DOWN, buff=0.3)
        r_res.next_to(right, DOWN, buff=0.3)
        f_why = Text("P has mass where Q has none:\na huge penalty, so forward\nKL covers every peak",
                     font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR, line_spacing=0.8)
        missing = assess("reverse.missing_mode_free")
        cost = self.fmt(f"{missing.id}.reverse_cost", missing["reverse_cost"], "nats")
        r_why = Text(f"Q has mass in the valley,\nwhere P is tiny; missing a peak\ncosts "
                     f"less: {cost} nats", font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR,
                     line_spacing=0.8)
        f_why.next_to(f_res, DOWN, buff=0.25)
        r_why.next_to(r_res, DOWN, buff=0.25)
        self.narrate("Why? Swap the students. Forward KL is weighted by P: the collapsed "
                     "student misses a whole peak where P is large, and pays dearly.")
        self.play(FadeIn(left), run_time=1.5)
        self.play(Write(f_res), FadeIn(f_why))
        self.wait_for_narration()
        valley = self.say("penalty.valley_density", float(mixture_pdf(np.array([0.0]), TEACHER)[0]),
                          "value", decimals=3)
        self.narrate("Reverse KL is weighted by Q: the covering student is punished for mass "
                     f"in the valley, where P's density is only {valley}.")
        self.play(FadeIn(right), run_time=1.5)
        self.play(Write(r_res), FadeIn(r_why))
        self.wait_for_narration()
        rc = self.say(f"{missing.id}.reverse_cost", missing["reverse_cost"], "nats")
        fc = self.say(f"{missing.id}.forward_cost", missing["forward_cost"], "nats")
        if missing.agrees:
            self.narrate(f"Missing a peak costs reverse KL nothing: {rc} nats.")
        else:
            self.narrate(f"Missing a peak is not free, only cheap: the collapsed student pays "
                         f"{rc} nats under reverse KL, {fc} under forward KL. The article says "
                         "reverse KL does not penalise missing modes.")
        self.wait_for_narration()
        self.beat("The penalty lives where the weighting distribution has mass.")
        self.play(FadeOut(VGroup(left, right, f_res, r_res, f_why, r_why)))

    def landscape(self) -> None:
        log_lo, log_hi = (math.log(s) for s in TWO_PEAK_LANDSCAPE.sigma_range)
        axes = Axes(x_range=[*TWO_PEAK_LANDSCAPE.mu_range, 1], y_range=[log_lo, log_hi, 1], x_length=7.2, y_length=5.4,
                    tips=False, axis_config={"color": MUTED_COLOR, "include_ticks": False})
        axes.to_edge(LEFT, buff=1.3).shift(DOWN * 0.25)
        axes.set_opacity(0)  # the axis lines would cut through the map; a frame instead
        frame = Rectangle(width=axes.x_length, height=axes.y_length, color=MUTED_COLOR,
                          stroke_width=2).move_to(axes)
        sigma_ticks = (0.5, 1, 2, 4)
        y_labels = VGroup(*[
            MathTex(f"{s:g}", font_size=FONT_SIZE.SMALL, color=MUTED_COLOR).next_to(
                axes.c2p(-5, math.log(s)), LEFT, buff=0.15) for s in sigma_ticks])
        x_labels = VGroup(*[
            MathTex(f"{t}", font_size=FONT_SIZE.SMALL, color=MUTED_COLOR).next_to(
                axes.c2p(t, log_lo), DOWN, buff=0.15) for t in (-3, 0, 3)])
        self.declare_constants("0.5", "1", "2", "4", "3", "0")
        x_name = MathTex(r"\mu", font_size=FONT_SIZE.BODY, color=Q_COLOR).next_to(
            axes.c2p(5, log_lo), RIGHT, buff=0.2)
        y_name = MathTex(r"\sigma", font_size=FONT_SIZE.BODY, color=Q_COLOR).next_to(
            axes.c2p(-5, log_hi), UP, buff=0.15)
        title = Text("reverse KL over every student (\u03bc, \u03c3)", font=FONT,
                     font_size=FONT_SIZE.LABEL, color=REVERSE_KL_COLOR)
        title.to_edge(UP, buff=0.4)
        grid = TWO_PEAK_LANDSCAPE
        mus = np.linspace(*grid.mu_range, grid.mu_count)
        log_sigmas = np.linspace(log_lo, log_hi, grid.sigma_count)
        heat = BandedHeatmap(axes, mus, log_sigmas,
                             kl_landscape("reverse", TEACHER, mus, np.exp(log_sigmas)),
                             levels=HEAT_LEVELS, colors=(BACKGROUND, REVERSE_KL_COLOR, "#FFE3F0"))
        legend = Text("darker = lower KL", font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR)
        legend.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)
        self.narrate("The reverse-KL landscape over every student: darker is lower. It is "
                     "not convex.")
        self.play(FadeIn(heat), Create(frame), FadeIn(VGroup(x_labels, y_labels, x_name, y_name,
                                                              title, legend)), run_time=2)
        self.wait_for_narration()

        def path_line(path: OptimisationPath, color: str) -> VMobject:
            line = VMobject(stroke_color=color, stroke_width=4)
            line.set_points_as_corners([axes.c2p(m, math.log(s))
                                        for m, s in zip(path.mu, path.sigma, strict=True)])
            return line

        panel_x = axes.get_right()[0] + 0.5
        collapse = path_line(self.reverse_path, Q_COLOR)
        start_dot = Dot(axes.c2p(STUDENT_START.mu, math.log(STUDENT_START.sigma)), color=Q_COLOR)
        end_mu, end_sigma, end_kl = self.reverse_path.end
        end_dot = Dot(axes.c2p(end_mu, math.log(end_sigma)), color=TEXT_COLOR, radius=0.09)
        e_text = self.fmt("landscape.peak.kl", end_kl, "nats")
        end_label = MathTex(r"D =", e_text, font_size=FONT_SIZE.SMALL, color=TEXT_COLOR)
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
        c_label = MathTex(r"D =", c_text, font_size=FONT_SIZE.SMALL, color=TEXT_COLOR)
        c_label.next_to(c_end, UP, buff=0.15)
        cm = self.fmt("landscape.central.start_mu", STUDENT_START_CENTRAL.mu, "value", decimals=1)
        cs = self.fmt("landscape.central.start_sigma", STUDENT_START_CENTRAL.sigma, "value",
                      decimals=1)
        cm_end = self.fmt("landscape.central.end_mu", c_mu, "value")
        cs_end = self.fmt("landscape.central.end_sigma", c_sigma, "value")
        notes = VGroup(
            MathTex(r"\text{start }(\mu,\sigma)=(", cm, ",", cs, ")", font_size=FONT_SIZE.SMALL,
                    color=NOTE_COLOR),
            MathTex(r"\text{ends at }(", cm_end, ",", cs_end, ")", font_size=FONT_SIZE.SMALL,
                    color=NOTE_COLOR),
            Text("a wide, centred local minimum:", font=FONT, font_size=FONT_SIZE.NOTE,
                 color=NOTE_COLOR),
            Text("worse than a peak, but", font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR),
            Text("gradient descent stops there", font=FONT, font_size=FONT_SIZE.NOTE,
                 color=NOTE_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        notes.move_to([panel_x, 0.4, 0], aligned_edge=LEFT)
        self.narrate("Start nearer the middle, and reverse KL picks no peak: it settles in "
                     "another, higher valley, a wide and centred student.")
        self.play(FadeIn(c0), Create(stuck), run_time=2)
        self.play(FadeIn(c_end), FadeIn(c_label), FadeIn(notes))
        self.wait_for_narration()
        symmetric = Text("started exactly at \u03bc = 0,\nit could never pick a side",
                         font=FONT, font_size=FONT_SIZE.NOTE, color=NOTE_COLOR, line_spacing=0.8)
        symmetric.next_to(notes, DOWN, buff=0.35, aligned_edge=LEFT)
        seeking = assess("reverse.mode_seeking")
        n = self.say("reverse.mode_seeking.starts", seeking["starts"], "count", style="words")
        k = self.say("reverse.mode_seeking.seeking", seeking["seeking"], "count", style="words")
        rest = self.say("reverse.mode_seeking.rest", seeking["starts"] - seeking["seeking"],
                        "count", style="words")
        self.narrate(f"Mode seeking is local: of {n} starts, {k} end on a peak, and the other "
                     f"{rest}, started near the centre, stop in this valley.")
        self.play(FadeIn(symmetric))
        self.wait_for_narration()
        self.beat("Reverse KL seeks a mode only from inside that mode's basin.")
        self.landscape_group = VGroup(frame, x_labels, y_labels, x_name, y_name, title, legend,
                                      collapse, start_dot, end_dot, end_label, stuck, c0, c_end,
                                      c_label, notes, symmetric)
        self.heat = heat

    def conclude(self) -> None:
        self.play(FadeOut(self.landscape_group), FadeOut(self.heat))
        lines = VGroup(
            Text("forward KL: weighted by P, covers every mode", font=FONT,
                 font_size=FONT_SIZE.BODY, color=FORWARD_KL_COLOR),
            Text("reverse KL: weighted by Q, seeks a mode from its basin", font=FONT,
                 font_size=FONT_SIZE.BODY, color=REVERSE_KL_COLOR),
        ).arrange(DOWN, buff=0.5)
        self.narrate("Forward KL covers; reverse KL seeks a mode, from inside that mode's basin. "
                     "The gradients show why.")
        self.play(FadeIn(lines[0], shift=UP * 0.2))
        self.play(FadeIn(lines[1], shift=UP * 0.2))
        self.wait_for_narration()
