"""Section 14, "We only want task-relevant modes. Do we need reverse KL?".

Two of the article's answers, computed. (a) A task-conditioned teacher: the next-word
teacher of :data:`~entropy_explorer.examples.DISTILL_TEACHER` masked, sharpened and cut by
top-k and top-p (:func:`entropy_explorer.teachers.filter_stages`), then a softmax student
distilled to it by exact forward-KL descent on its logits; the audit's verdict on "you
retain low variance". (b) Amari's alpha-divergence between the two-peaked teacher of
section 10 and one Gaussian, fitted by descent for each alpha from section 10's start: the
fit does not morph from seeking to covering, it jumps, at an alpha the gaussians module
locates, because the descent crosses from one valley's basin to another's.
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Flash,
    Indicate,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
    smooth,
)

from entropy_explorer.claims import assess
from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    DISTILL_FILTERS,
    DISTILL_TEACHER,
    STUDENT_START,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_TASK_KEEP,
)
from entropy_explorer.gaussians import AlphaFit, alpha_picture, mixture_pdf, normal_pdf, shown_fit
from entropy_explorer.gradients import task_distill_run
from entropy_explorer.infotheory import kl_divergence
from entropy_explorer.mobjects import DensityPanel, DistributionBars, Verdict, caption, label
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CHECK_COLOR,
    CROSS_COLOR,
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

__all__ = ["TaskModesScene"]

TEACHER = BIMODAL_TEACHER
TOKENS = DISTILL_TEACHER.tokens
#: Grid the densities are drawn on, and the x ticks (section 10's).
XS = np.linspace(-7.0, 7.0, 281)
X_TICKS = (-6, -3, 0, 3, 6)
#: Bar charts of part (a): a probability of 1 is this tall; the baseline sits at this height.
BAR_HEIGHT = 4.0
BASELINE_Y = -1.5
D_TASK = r"D_{\mathrm{KL}}(P_{\text{task}}\|Q)"
D_TASK_REV = r"D_{\mathrm{KL}}(Q\|P_{\text{task}})"
WHERE = {"cover": "covering both peaks", "valley": "between the peaks",
         "partial": "over part of the teacher"}


def where(fit: AlphaFit) -> str:
    """Where a fit sits, in words (``gaussians.landing``)."""
    if fit.landing == "peak":
        return f"on the {'right' if fit.mu > 0 else 'left'} peak"
    return WHERE[fit.landing]


def words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters, at spaces."""
    return "\n".join(textwrap.wrap(text, width))


def kept(p: np.ndarray) -> list[str]:
    return [t for t, x in zip(TOKENS, p, strict=True) if x > 0]


class TaskModesScene(SectionScene):
    """A filtered teacher distilled by forward KL; an alpha sweep that switches, not morphs."""

    section = 14

    def setup(self) -> None:
        super().setup()
        self.stages, self.run = task_distill_run()
        self.p_task = self.stages[-1][1]
        self.removed = [i for i, x in enumerate(self.p_task) if x == 0]
        self.pic = alpha_picture()

    def body(self) -> None:
        self.show_teacher()
        self.filter_teacher()
        self.distill()
        self.audit_verdict()
        self.alpha_family()
        self.alpha_sweep()
        self.two_valleys()
        self.conclude()

    # ------------------------------------------------------- (a) a filtered teacher
    def _bars(self, key: str, probs: np.ndarray, color: str) -> DistributionBars:
        bars = DistributionBars(TOKENS, probs, color=color, max_height=BAR_HEIGHT, bar_width=0.55,
                                spacing=0.55, font_size=FONT_SIZE.LABEL)
        return self.track_bars(key, bars)

    def _title(self, tex: str, bars: DistributionBars, color: str) -> MathTex:
        title = MathTex(tex, font_size=FONT_SIZE.HEADING, color=color)
        # Above the tallest bar any stage or step draws, with its value label.
        tallest = max(max(float(p.max()) for _, p in self.stages), float(self.run.probs.max()))
        return title.next_to(bars.baseline, UP, buff=tallest * bars.max_height + 0.5)

    def show_teacher(self) -> None:
        goal = MathTex(r"\text{minimize }", D_TASK, font_size=FONT_SIZE.HEADING)
        goal[1].set_color(FORWARD_KL_COLOR)
        goal.to_edge(UP, buff=0.35)
        context = caption(f"\u201c{DISTILL_TEACHER.context} \u2026\u201d")
        context.next_to(goal, DOWN, buff=0.2)
        bars = self._bars("task.teacher", self.stages[0][1], P_COLOR)
        bars.to_edge(LEFT, buff=0.5).shift(UP * (BASELINE_Y - bars.baseline.get_y()))
        title = self._title(r"\text{teacher } P", bars, P_COLOR)
        self.narrate("Learn only your task? The article says: reshape the teacher, keep forward "
                     f"KL. Here, a teacher's next word after \u201c{DISTILL_TEACHER.context}\u201d.")
        self.play(Write(goal), run_time=1.5)
        self.until(0.35)
        self.play(self.pointer(goal[1], color=FORWARD_KL_COLOR))
        self.until(0.6)
        self.play(FadeIn(context), FadeIn(title), FadeIn(bars, shift=UP * 0.2), run_time=1.5)
        self.play(self.pointer(bars.bars, color=P_COLOR))
        self.wait_for_narration()
        self.teacher_bars, self.teacher_title = bars, title
        self.header = VGroup(goal, context)

    def _stage_text(self, stage: str) -> str:
        f = DISTILL_FILTERS
        if stage == "mask":
            verb = "mask" if f.mask_factor == 0 else \
                f"down-weight \u00d7{self.fmt('task.filter.mask_factor', f.mask_factor, 'value')}"
            return f"{verb} {', '.join(f.masked)}"
        if stage == "temperature":
            return f"temperature T = {self.fmt('task.filter.temperature', f.temperature, 'value', 1)}"
        if stage == "top-k":
            return f"top-k, k = {self.fmt('task.filter.top_k', float(f.top_k or 0), 'count', 0)}"
        return f"top-p, p = {self.fmt('task.filter.top_p', float(f.top_p or 0), 'value', 1)}"

    def _stage_line(self, stage: str, p: np.ndarray) -> str:
        f = DISTILL_FILTERS
        if stage == "mask":
            return f"For a drinks task, mask {words(list(f.masked))}."
        if stage == "temperature":
            top = int(np.argmax(p))
            t = self.say("task.filter.temperature", f.temperature, "value", 1)
            v = self.say(f"task.teacher.{TOKENS[top]}", float(p[top]), "probability")
            return f"Temperature {t} sharpens: {TOKENS[top]} rises to {v}."
        if stage == "top-k":
            k = self.say("task.filter.top_k", float(f.top_k or 0), "count", style="words")
            return f"Top-k keeps the {k} likeliest words."
        m = self.say("task.filter.top_p", float(f.top_p or 0), "value", 1)
        return f"Top-p {m} keeps the fewest whose mass reaches it: {words(kept(p))}."

    def filter_teacher(self) -> None:
        steps = self.stages[1:]
        rows = VGroup(*[caption(self._stage_text(stage), MUTED_COLOR) for stage, _ in steps])
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        head = caption("task filters", TEXT_COLOR, FONT_SIZE.HEADING)
        panel = VGroup(head, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        panel.to_edge(RIGHT, buff=1.0).align_to(self.teacher_title, UP)
        self.play(FadeIn(panel))
        box = None
        for (stage, p), row in zip(steps, rows, strict=True):
            last = stage == steps[-1][0]
            new_title = self._title(r"\text{task teacher } P_{\text{task}}" if last
                                    else rf"\text{{after {stage}}}", self.teacher_bars, P_COLOR)
            new_box = SurroundingRectangle(row, color=P_COLOR, buff=0.12)
            self.narrate(self._stage_line(stage, p))
            self.play(row.animate.set_color(TEXT_COLOR),
                      ReplacementTransform(box, new_box) if box else Create(new_box),
                      ReplacementTransform(self.teacher_title, new_title),
                      self.teacher_bars.animate.set_values(p), run_time=1.5)
            self.teacher_title, box = new_title, new_box
            self.wait_for_narration()
        self.beat("Each filter reshapes the teacher; the last one is the task teacher.")
        self.play(FadeOut(VGroup(panel, box)))

    def distill(self) -> None:
        run, removed = self.run, self.removed
        t = ValueTracker(0.0)

        def step() -> float:  # log-spaced animation: the early steps move the most
            return (run.steps + 1) ** t.get_value() - 1

        student = self._bars("task.student", run.probs_at(0), Q_COLOR)
        student.to_edge(RIGHT, buff=0.5).align_to(self.teacher_bars, DOWN)
        student.add_updater(lambda m: m.set_values(run.probs_at(step())))
        title = self._title(r"\text{softmax student } Q", student, Q_COLOR)
        size = FONT_SIZE.BODY + 4
        gone = ", ".join(TOKENS[i] for i in removed)
        reads = VGroup(
            self.readout("task.distill.forward_kl", lambda: run.loss_at(step(), 2),
                         label=D_TASK + " =", color=FORWARD_KL_COLOR, font_size=size),
            self.readout("task.distill.reverse_kl",
                         lambda: kl_divergence(run.probs_at(step()), self.p_task),
                         label=D_TASK_REV + " =", color=REVERSE_KL_COLOR, font_size=size),
            self.readout("task.distill.removed_mass",
                         lambda: float(run.probs_at(step())[removed].sum()),
                         label=r"Q(\text{removed}) =", unit="probability", decimals=3,
                         color=Q_COLOR, font_size=size),
            self.readout("task.distill.step", lambda: float(round(step())), label=r"\text{step}",
                         unit="count", decimals=0, color=NOTE_COLOR, font_size=FONT_SIZE.BODY),
        )
        reads.arrange_in_grid(rows=2, cols=2, col_alignments="ll", buff=(1.4, 0.3))
        reads.to_edge(DOWN, buff=0.35)
        self.narrate("Distil a uniform softmax student to this task teacher by forward KL: its "
                     "bars follow, step by step.")
        self.play(FadeIn(title), FadeIn(student, shift=UP * 0.2), FadeIn(reads), run_time=1.2)
        self.play(t.animate.set_value(1.0), run_time=7, rate_func=linear)
        self.wait_for_narration()
        student.clear_updaters()
        if removed:
            left = self.say("task.distill.removed_mass", float(run.probs[-1][removed].sum()),
                            "probability", decimals=3)
            self.narrate("Forward KL stays finite: it sums only over the kept words. Reverse KL "
                         f"is infinite: the student keeps some mass, {left}, on the removed ones.")
        else:  # nothing cut: both directions are finite
            self.narrate("Nothing was cut to zero here, so both directions stay finite.")
        self.play(Indicate(reads[0], color=FORWARD_KL_COLOR, scale_factor=1.05))
        self.until(0.45)
        self.play(Indicate(reads[1], color=REVERSE_KL_COLOR, scale_factor=1.05))
        if removed:
            self.until(0.75)
            self.play(Indicate(reads[2], color=Q_COLOR, scale_factor=1.05),
                      *(Indicate(student.bars[i], color=Q_COLOR) for i in removed))
        self.wait_for_narration()
        self.beat(f"Removed: {gone}. Forward KL to a cut-down teacher is finite; reverse KL to "
                  "it is not." if removed else "Nothing removed: both directions finite.")
        self.play(FadeOut(VGroup(self.teacher_bars, self.teacher_title, student, title, reads,
                                 self.header)))

    def audit_verdict(self) -> None:
        """The article's claim, quoted; the audit's two checks as verdict rows with one key
        figure each; the conditions and the worked example are said, not written."""
        a = assess("task.filtered_low_variance")
        masked = [o for o in WORKED_EXAMPLE_P.outcomes if o not in WORKED_EXAMPLE_TASK_KEEP]
        quote = Text(wrap(f"\u201c{a.claim.quote}\u201d", 36), font=FONT,
                     font_size=FONT_SIZE.CAPTION + 4, color=TEXT_COLOR, slant="ITALIC",
                     line_spacing=0.9)
        v_task = self.fmt("task.audit.variance_task", a["variance_task"],
                          a.figure("variance_task").unit)
        v_full = self.fmt("task.audit.variance_full", a["variance_full"],
                          a.figure("variance_full").unit)
        everywhere = a["reached"] == 1.0 and a["dropped"] == 1.0
        if everywhere:
            reach_fig = caption("every start")
        else:
            r = self.fmt("task.audit.reached", a["reached"], a.figure("reached").unit)
            d = self.fmt("task.audit.dropped", a["dropped"], a.figure("dropped").unit)
            reach_fig = caption(f"{r} reach, {d} drop")
        var_fig = caption(f"{v_task} vs {v_full}", FORWARD_KL_COLOR)
        low = a["variance_task"] <= a["variance_full"]
        rows = VGroup(Verdict("low variance", low, size=FONT_SIZE.HEADING),
                      Verdict("reaches the task teacher", everywhere, size=FONT_SIZE.HEADING))
        rows.arrange(DOWN, buff=0.7, aligned_edge=LEFT)
        figs = VGroup(var_fig, reach_fig)
        for fig, row in zip(figs, rows, strict=True):
            fig.next_to(rows, RIGHT, buff=0.8).match_y(row)
        table = VGroup(rows, figs)
        color = CHECK_COLOR if a.agrees else (NOTE_COLOR if a.conditional else CROSS_COLOR)
        verdict = Text(f"audit: {a.verdict}", font=FONT, font_size=FONT_SIZE.HEADING,
                       color=color)
        card = VGroup(quote, table, verdict).arrange(DOWN, buff=0.8)
        vt = self.say("task.audit.variance_task", a["variance_task"], a.figure("variance_task").unit)
        vf = self.say("task.audit.variance_full", a["variance_full"], a.figure("variance_full").unit)
        reach = ("every run reaches the task teacher" if everywhere
                 else "not every run reaches the task teacher")
        said = {"agrees": "It agrees.", "differs": "It does not hold."}
        self.narrate(f"The audit checks the article's \u201cyou retain low variance\u201d on its "
                     f"worked example, {words(masked)} masked: variance per sample {vt}, against "
                     f"{vf} unmasked, and {reach}. "
                     + said.get(a.verdict, f"It holds only {a.condition}."))
        self.play(FadeIn(quote, shift=UP * 0.2), run_time=1.2)
        self.until(0.4)
        self.play(FadeIn(rows[0], shift=UP * 0.2), Write(var_fig))
        self.until(0.65)
        self.play(FadeIn(rows[1], shift=UP * 0.2), Write(reach_fig))
        self.until(0.85)
        self.play(FadeIn(verdict, scale=1.1))
        self.wait_for_narration()
        self.beat("Filtering keeps forward KL's low variance; the audit's figures are on the "
                  "worked example.")
        self.play(FadeOut(card))

    # ------------------------------------------------------ (b) alpha-divergences
    def alpha_family(self) -> None:
        formula = MathTex(r"D_\alpha(P\|Q)", "=", r"\frac{1}{\alpha(1-\alpha)}",
                          r"\int \big[\alpha P + (1-\alpha) Q - P^{\alpha} Q^{1-\alpha}\big]\,dx",
                          font_size=FONT_SIZE.HEADING + 4)
        formula[0].set_color(KL_COLOR)
        fwd = MathTex(r"\alpha \to 1:\ ", r"D_{\mathrm{KL}}(P\|Q)", r"\text{, forward: covers}",
                      font_size=FONT_SIZE.HEADING, color=FORWARD_KL_COLOR)
        rev = MathTex(r"\alpha \to 0:\ ", r"D_{\mathrm{KL}}(Q\|P)", r"\text{, reverse: seeks}",
                      font_size=FONT_SIZE.HEADING, color=REVERSE_KL_COLOR)
        self.declare_constants("1", "0")
        self.declare_spoken("one", "zero")  # the family's two ends: notation
        limits = VGroup(fwd, rev).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        block = VGroup(formula, limits).arrange(DOWN, buff=0.9)
        self.narrate("The last option: alpha-divergences, which the article says interpolate "
                     "between covering, at alpha one, and seeking, at alpha zero.")
        self.play(Write(formula), run_time=2)
        self.until(0.45)
        self.play(FadeIn(fwd, shift=UP * 0.2))
        self.until(0.75)
        self.play(FadeIn(rev, shift=UP * 0.2))
        self.wait_for_narration()
        self.play(FadeOut(block))

    def _diagram(self) -> tuple[Axes, VGroup]:
        pic, tr = self.pic, self.pic.transitions
        axes = Axes(x_range=[0, 1, 0.5], y_range=[0, 3.5, 1], x_length=4.6, y_length=2.7,
                    tips=False, axis_config={"color": MUTED_COLOR, "stroke_width": 2})
        axes.x_axis.add_numbers([0, 0.5, 1], font_size=FONT_SIZE.LABEL, num_decimal_places=1)
        axes.y_axis.add_numbers([1, 2, 3], font_size=FONT_SIZE.LABEL, num_decimal_places=0)
        self.declare_constants("0.0", "0.5", "1.0", "1", "2", "3")
        x_name = MathTex(r"\alpha", font_size=FONT_SIZE.HEADING, color=KL_COLOR)
        x_name.next_to(axes.x_axis, RIGHT, buff=0.2)
        y_name = label("valley \u03c3", Q_COLOR)
        y_name.next_to(axes.y_axis, UP, buff=0.25).align_to(axes, LEFT)
        split = float(tr.global_switch)  # type: ignore[arg-type]

        def branch(points: tuple[tuple[float, float], ...], color: str, deep_below: bool) -> VGroup:
            """Solid where this valley is the deepest, dashed where another is deeper."""
            out = VGroup()
            for below in (True, False):
                pts = [axes.c2p(a, s) for a, s in points if (a <= split if below else a >= split)]
                if len(pts) < 2:
                    continue
                line = VMobject(stroke_color=color, stroke_width=5).set_points_smoothly(pts)
                dashes = max(2, int(line.get_arc_length() / 0.16))
                out.add(line if below == deep_below else DashedVMobject(line, num_dashes=dashes))
            return out

        peak = branch(pic.peak_branch, REVERSE_KL_COLOR, deep_below=True)
        cover = branch(pic.cover_branch, FORWARD_KL_COLOR, deep_below=False)
        p_label = label("peak valleys", REVERSE_KL_COLOR)
        p_label.next_to(axes.c2p(pic.peak_branch[-1][0], pic.peak_branch[-1][1]), UP, buff=0.25)
        c_label = label("covering valley", FORWARD_KL_COLOR)
        c_label.next_to(axes.c2p(0.7, pic.cover_branch[-1][1]), DOWN, buff=0.4)
        keys = VGroup()
        for word, line in (("deepest", VMobject().set_points_as_corners([LEFT * 0.3, RIGHT * 0.3])),
                           ("shallower", DashedLine(LEFT * 0.3, RIGHT * 0.3))):
            line.set_stroke(NOTE_COLOR, 4)
            keys.add(VGroup(line, label(word, NOTE_COLOR)).arrange(RIGHT, buff=0.2))
        legend = keys.arrange(RIGHT, buff=0.6)
        legend.next_to(axes.x_axis, DOWN, buff=0.5).align_to(axes, LEFT)
        return axes, VGroup(axes, x_name, y_name, peak, cover, p_label, c_label, legend)

    def alpha_sweep(self) -> None:
        pic = self.pic
        switch = float(pic.transitions.path_switch)  # type: ignore[arg-type]
        alpha = ValueTracker(0.0)
        self.declare_constants(*(str(abs(t)) for t in X_TICKS), "2")
        title = MathTex(r"\text{fit } Q=\mathcal{N}(\mu,\sigma^2) \text{ by descent on }",
                        r"D_\alpha(P\|Q)", r"\text{, for each }\alpha",
                        font_size=FONT_SIZE.BODY + 4, color=TEXT_COLOR)
        title[1].set_color(KL_COLOR)
        title.to_edge(UP, buff=0.35)
        panel = DensityPanel(XS, mixture_pdf(XS, TEACHER), x_ticks=X_TICKS, y_max=0.42,
                             width=5.6, height=2.9, font_size=FONT_SIZE.LABEL)
        panel.set_student(normal_pdf(XS, *shown_fit(self.pic, 0.0)))
        panel.student_curve.add_updater(
            lambda m: panel.set_student(normal_pdf(XS, *shown_fit(self.pic, alpha.get_value()))))
        p_name = Text("teacher P", font=FONT, font_size=FONT_SIZE.LABEL, color=P_COLOR)
        q_name = Text("fitted Gaussian Q", font=FONT, font_size=FONT_SIZE.LABEL, color=Q_COLOR)
        names = VGroup(p_name, q_name).arrange(RIGHT, buff=0.6)
        size = FONT_SIZE.BODY + 2
        reads = VGroup(
            self.readout("alpha.current", alpha.get_value, label=r"\alpha =", unit="value",
                         decimals=3, color=KL_COLOR, font_size=size + 4),
            self.readout("alpha.fit.mu", lambda: shown_fit(self.pic, alpha.get_value())[0],
                         label=r"\mu =", unit="value", color=Q_COLOR, font_size=size),
            self.readout("alpha.fit.sigma", lambda: shown_fit(self.pic, alpha.get_value())[1],
                         label=r"\sigma =", unit="value", color=Q_COLOR, font_size=size),
        ).arrange(RIGHT, buff=0.6)
        reads.next_to(panel, DOWN, buff=0.4)
        # Between the names and the panel: where the fit sits, in words.
        seek = caption(where(pic.fits[0]), REVERSE_KL_COLOR)
        seek.next_to(panel.axes, UP, buff=0.2)
        names.next_to(seek, UP, buff=0.2)
        covers = caption(where(pic.after), FORWARD_KL_COLOR)
        start = self.fmt("alpha.start.mu", STUDENT_START.mu, "value", 1)
        s0 = self.fmt("alpha.start.sigma", STUDENT_START.sigma, "value", 1)
        note = MathTex(rf"\text{{one start: }}\mu = {start},\ \sigma = {s0}",
                       font_size=FONT_SIZE.LABEL + 4, color=NOTE_COLOR)
        note.next_to(reads, DOWN, buff=0.35)
        left = VGroup(names, seek, panel, reads, note)
        axes, diagram = self._diagram()
        VGroup(left, diagram).arrange(RIGHT, buff=0.8, aligned_edge=UP).next_to(
            title, DOWN, buff=0.4)
        covers.move_to(seek)
        dot = Dot(axes.c2p(0, shown_fit(self.pic, 0.0)[1]), color=Q_COLOR, radius=0.1)
        dot.add_updater(lambda d: d.move_to(axes.c2p(alpha.get_value(),
                                                     shown_fit(self.pic, alpha.get_value())[1])))
        m0 = self.say("alpha.start.mu", STUDENT_START.mu, "value", 1)
        sg0 = self.say("alpha.start.sigma", STUDENT_START.sigma, "value", 1)
        self.narrate("Fit one Gaussian to the forward-versus-reverse teacher, from one start, "
                     f"mu {m0}, sigma {sg0}, for each alpha. The fits are at the swept alphas, "
                     "interpolated between them.")
        self.play(FadeIn(title), FadeIn(names), FadeIn(panel), FadeIn(reads), FadeIn(seek),
                  run_time=1.5)
        self.until(0.25)
        self.play(FadeIn(note, shift=UP * 0.2))
        self.until(0.55)
        self.play(FadeIn(diagram), FadeIn(dot), run_time=1.5)
        self.wait_for_narration()

        sw = self.say("alpha.path_switch", switch, "value", 3)
        s_start = self.say("alpha.fit.sigma", pic.fits[0].sigma, "value")
        s_end = self.say("alpha.fit.sigma", pic.before.sigma, "value")
        self.narrate(f"Up to alpha {sw} it stays {where(pic.fits[0])}, its width growing only "
                     f"from {s_start} to {s_end}.")
        self.play(alpha.animate.set_value(pic.before.alpha), run_time=5, rate_func=linear)
        self.wait_for_narration()

        s_jump = self.say("alpha.fit.sigma", pic.after.sigma, "value")
        s_one = self.say("alpha.fit.sigma", pic.fits[-1].sigma, "value")
        self.narrate(f"Then it jumps, to a fit {where(pic.after)}, width {s_jump}, and widens to "
                     f"{s_one} at forward KL.")
        jump = Arrow(axes.c2p(switch, pic.before.sigma), axes.c2p(switch, pic.after.sigma),
                     buff=0.12, color=Q_COLOR, stroke_width=5, max_tip_length_to_length_ratio=0.15)
        self.play(alpha.animate.set_value(pic.after.alpha), ReplacementTransform(seek, covers),
                  rate_func=lambda u: float(u >= 0.5), run_time=0.6)
        self.play(Create(jump), Flash(dot, color=Q_COLOR))
        self.play(alpha.animate.set_value(pic.fits[-1].alpha), run_time=4, rate_func=smooth)
        self.wait_for_narration()
        panel.student_curve.clear_updaters()
        dot.clear_updaters()
        self.beat("The fit jumps between valleys; it does not morph.")
        self.sweep_group = VGroup(title, names, panel, reads, covers, note, diagram, dot, jump)
        self.axes, self.diagram = axes, diagram

    def two_valleys(self) -> None:
        tr, axes = self.pic.transitions, self.axes
        marks = [("alpha.path_switch", tr.path_switch, Q_COLOR, "descent jumps"),
                 ("alpha.global_switch", tr.global_switch, TEXT_COLOR, "covering deepest"),
                 ("alpha.peaks_vanish", tr.peaks_vanish, MUTED_COLOR, "peaks vanish")]
        lines, notes = VGroup(), VGroup()
        for key, a, color, what in marks:
            value = self.fmt(key, float(a), "value", 3)  # type: ignore[arg-type]
            lines.add(DashedLine(axes.c2p(a, 0), axes.c2p(a, 3.5), color=color, stroke_width=2))
            notes.add(VGroup(DashedLine(LEFT * 0.2, RIGHT * 0.2, color=color, stroke_width=3),
                             label(f"\u03b1 \u2248 {value}  {what}", color))
                      .arrange(RIGHT, buff=0.2))
        notes.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        legend = self.diagram[-1]
        notes.next_to(legend, DOWN, buff=0.2).align_to(legend, LEFT)
        n = self.say("alpha.valley_kinds", self.pic.valley_kinds, "count", style="words")
        sw = self.say("alpha.path_switch", float(tr.path_switch), "value", 3)  # type: ignore[arg-type]
        gs = self.say("alpha.global_switch", float(tr.global_switch), "value", 3)  # type: ignore[arg-type]
        pv = self.say("alpha.peaks_vanish", float(tr.peaks_vanish), "value", 3)  # type: ignore[arg-type]
        self.narrate(f"Why? There are {n} kinds of valley, and the start's basin picks one. From "
                     f"{sw} to {gs} descent settles in the shallower, a local minimum; the peak "
                     f"valleys vanish at {pv}.")
        self.play(Indicate(self.diagram[3], color=TEXT_COLOR),
                  Indicate(self.diagram[4], color=TEXT_COLOR))
        for line, note, frac in zip(lines, notes, (0.4, 0.55, 0.8), strict=True):
            self.until(frac)
            self.play(Create(line), FadeIn(note))
        self.wait_for_narration()
        self.beat("Valleys whose depths cross; the start picks the basin.")
        self.play(FadeOut(VGroup(self.sweep_group, lines, notes)))

    def _mini_fit(self, fit: AlphaFit, color: str) -> VGroup:
        panel = DensityPanel(XS, mixture_pdf(XS, TEACHER), normal_pdf(XS, fit.mu, fit.sigma),
                             y_max=0.42, width=4.2, height=1.8)
        name = caption(where(fit), color)
        return VGroup(panel, name.next_to(panel, DOWN, buff=0.25))

    def conclude(self) -> None:
        """The article's word against the computed picture: the two fits either side of the
        switch and the size of the jump; then the section's answer."""
        pic = self.pic
        switch = float(pic.transitions.path_switch)  # type: ignore[arg-type]
        sw = self.fmt("alpha.path_switch", switch, "value", 3)
        article = caption("the article: \u201cinterpolate between\nmode-covering and "
                          "mode-seeking\u201d")
        before = self._mini_fit(pic.before, REVERSE_KL_COLOR)
        after = self._mini_fit(pic.after, FORWARD_KL_COLOR)
        arrow = Arrow(LEFT * 0.9, RIGHT * 0.9, color=KL_COLOR, stroke_width=6)
        at = MathTex(rf"\alpha \approx {sw}", font_size=FONT_SIZE.CAPTION, color=KL_COLOR)
        switch_mark = VGroup(at, arrow).arrange(DOWN, buff=0.15)
        audit = assess("task.alpha_interpolates")
        if audit.conditional:
            size = self.fmt(f"{audit.id}.largest_jump", audit["largest_jump"], "value")
            switch_mark.add(MathTex(rf"\Delta\sigma = {size}", font_size=FONT_SIZE.CAPTION,
                                    color=Q_COLOR))
            switch_mark.arrange(DOWN, buff=0.15)
        fits = VGroup(before, switch_mark, after).arrange(RIGHT, buff=0.5)
        switch_mark.match_y(before[0])
        task = caption("for task focus: filter the teacher, keep forward KL", FORWARD_KL_COLOR)
        VGroup(article, fits, task).arrange(DOWN, buff=0.6)
        said = self.say("alpha.path_switch", switch, "value", 3)
        if audit.conditional:
            jump = self.say(f"{audit.id}.largest_jump", audit["largest_jump"], "value")
            self.narrate(f"So the divergence interpolates, but its fit switches, at alpha {said} "
                         f"from this start: sigma jumps by {jump}. For task focus: filter the "
                         "teacher, keep forward KL.")
        else:
            self.narrate("So the fit moves smoothly from seeking to covering, the way the "
                         "article says. For task focus: filter the teacher, keep forward KL.")
        self.play(FadeIn(article, shift=UP * 0.2))
        self.play(FadeIn(before), FadeIn(after))
        self.until(0.2)
        self.play(FadeIn(switch_mark[:2]), self.pointer(after[0], color=FORWARD_KL_COLOR))
        if audit.conditional:
            self.until(0.45)
            self.play(Write(switch_mark[2]))
        self.until(0.7)
        self.play(FadeIn(task, shift=UP * 0.2))
        self.play(self.pointer(task, color=FORWARD_KL_COLOR))
        self.wait_for_narration()
