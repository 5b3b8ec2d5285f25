"""Section 13, "Knowledge Distillation: Why Forward KL Wins": a next-token teacher distilled
into a softmax student twice, by forward and by reverse KL.

Both runs are exact gradient descent on the student's logits from the same start
(:func:`entropy_explorer.gradients.descend_logits`); the student's bars move step by step
while a small plot traces the cross-entropy down to the teacher's entropy, a line that never
moves. The article's list of properties is then read off the claims audit
(:func:`entropy_explorer.claims.assess`), with the condition under which "low-variance" holds.
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
    Brace,
    Create,
    FadeIn,
    FadeOut,
    Line,
    MathTex,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    linear,
    smooth,
)

from entropy_explorer.claims import LEARNED_SHARE, MUCH_SMALLER, Assessment, assess
from entropy_explorer.examples import (
    DISTILL_LEARNING_RATE,
    DISTILL_STUDENT_START,
    DISTILL_TEACHER,
    LOGIT_DESCENT,
)
from entropy_explorer.gradients import DescentRun, distill_runs
from entropy_explorer.mobjects import DistributionBars, Verdict, caption, label, title
from entropy_explorer.mobjects.lossplot import LossPlot, StepCurve
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CROSS_ENTROPY_COLOR,
    ENTROPY_COLOR,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    INFORMATION_COLOR,
    MUTED_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["DistillationScene"]

TOKENS = DISTILL_TEACHER.tokens
P = np.asarray(DISTILL_TEACHER.probs)
START = np.asarray(DISTILL_STUDENT_START)
#: Values are shown in bits.
BITS = 2.0
D_FWD = r"D_{\mathrm{KL}}(P\|Q)"
D_REV = r"D_{\mathrm{KL}}(Q\|P)"
#: The value axis of the plot, in bits, and its tick spacing.
Y_MAX, Y_STEP = 5, 1
#: Tick spacing of the step axis: the forward close-up, then the whole run.
NEAR_STEP, FAR_STEP = 10, 50
#: Bar geometry: a probability of 1 is this tall.
BAR_HEIGHT = 3.4
#: Verdict marks by verdict.
#: How the narration says each verdict.
SAID = {"agrees": "yes", "differs": "no, the computation disagrees",
        "holds only under a condition": "only under a condition"}
HOLDS = {"agrees": True, "differs": False, "holds only under a condition": None}


def tinted(size: float, *parts: str | tuple[str, str]) -> MathTex:
    """A MathTex of parts, each plain or ``(tex, colour)``."""
    tex = MathTex(*(p if isinstance(p, str) else p[0] for p in parts), font_size=size)
    for sub, part in zip(tex, parts, strict=True):
        if not isinstance(part, str):
            sub.set_color(part[1])
    return tex


def learned_step(run: DescentRun) -> int | None:
    """The first step at which every token has the audit's share of its teacher probability."""
    return run.first_step(np.all(run.probs >= LEARNED_SHARE * run.teacher, axis=1))


def tail_tokens(run: DescentRun) -> list[int]:
    """Tokens the starting student gives far less than the teacher (the audit's factor)."""
    q0 = run.probs[0]
    return [i for i in range(P.size) if q0[i] * MUCH_SMALLER < P[i]]


class DistillationScene(SectionScene):
    """Forward-KL and reverse-KL distillation of one teacher, from one start, step by step."""

    section = 13

    def setup(self) -> None:
        super().setup()
        runs = distill_runs()
        self.fwd = runs.forward
        self.rev = runs.reverse
        self.tail = tail_tokens(self.fwd)

    def body(self) -> None:
        self.show_teacher()
        self.objective()
        self.run_forward()
        self.run_reverse()
        self.properties()

    # ------------------------------------------------------------------ steps
    def show_teacher(self) -> None:
        prompt = caption(f"\u201c{DISTILL_TEACHER.context} \u2026\u201d", TEXT_COLOR)
        prompt.to_corner(UP + LEFT, buff=0.45)
        bar_style = {"max_height": BAR_HEIGHT, "bar_width": 0.62, "spacing": 0.62}
        p_bars = self.track_bars("distill.teacher", DistributionBars(
            TOKENS, P, color=P_COLOR, **bar_style))
        p_bars.to_edge(DOWN, buff=1.3)
        p_name, q_name = label("teacher P", P_COLOR), label("student Q", Q_COLOR)
        legend = VGroup(p_name, q_name).arrange(RIGHT, buff=0.8)
        legend.next_to(prompt, DOWN, buff=0.35).match_x(p_bars)
        order = np.argsort(-P)
        self.narrate(f"A teacher continues \u201c{DISTILL_TEACHER.context}\u201d: mostly "
                     f"{TOKENS[order[0]]} or {TOKENS[order[1]]}, plus a small tail.")
        self.play(FadeIn(prompt, shift=DOWN * 0.2))
        self.play(FadeIn(p_bars, shift=UP * 0.2), FadeIn(p_name), run_time=1.5)
        # "mostly this or that": the two tall bars light up as they are named
        self.play(*(self.pointer(p_bars.bars[i], color=P_COLOR) for i in order[:2]))

        q0 = self.fwd.probs[0]
        q_bars = self.track_bars("distill.student", DistributionBars(
            TOKENS, q0, color=Q_COLOR, show_labels=False, **bar_style))
        q_bars.shift(p_bars.baseline.get_center() - q_bars.baseline.get_center())
        tail = VGroup(*(p_bars.labels[i] for i in self.tail))
        brace = Brace(tail, DOWN, buff=0.1, color=MUTED_COLOR)
        brace_text = label("the tail", MUTED_COLOR)
        brace_text.next_to(brace, DOWN, buff=0.1)
        top = int(np.argmax(q0))
        self.narrate(f"The student starts sure of {TOKENS[top]}, at "
                     f"{self.say('distill.start.top', float(q0[top]), 'probability')}.")
        p_bars.show_values = False  # the teacher becomes outlines; the student's values show
        self.play(FadeOut(p_bars.values), p_bars.bars.animate.set_fill(opacity=0).set_stroke(
            P_COLOR, width=3), run_time=0.8)
        p_bars.remove(p_bars.values)
        self.p_bars, self.q_bars = p_bars, q_bars
        self._lift_values()
        self.play(FadeIn(q_bars, shift=UP * 0.2), FadeIn(q_name), run_time=1.2)
        self.bring_to_front(p_bars)
        self.play(self.pointer(q_bars.values[top], color=Q_COLOR))
        self.play(FadeIn(brace), FadeIn(brace_text))
        self.wait_for_narration()
        self.beat("Teacher P as outlines, student Q as solid bars.")
        self.play(FadeOut(VGroup(brace, brace_text)))
        self.prompt, self.legend, self.p_bars, self.q_bars = prompt, legend, p_bars, q_bars

    def objective(self) -> None:
        size = FONT_SIZE.BODY + 4
        d_theta = D_FWD.replace("Q", r"Q_\theta")
        kl = tinted(size, (d_theta, FORWARD_KL_COLOR), "=", (r"H(P,Q_\theta)", CROSS_ENTROPY_COLOR),
                    "-", ("H(P)", ENTROPY_COLOR))
        const = label("constant", ENTROPY_COLOR)
        grad = tinted(size, r"\nabla_{z}\,", (d_theta, FORWARD_KL_COLOR), "=", ("Q", Q_COLOR), "-",
                      ("P", P_COLOR))
        block = VGroup(kl, grad).arrange(DOWN, buff=1.0)
        block.to_edge(RIGHT, buff=0.6)
        const.next_to(kl[4], DOWN, buff=0.2).align_to(kl, RIGHT)
        self.narrate("Distillation minimises forward KL: cross-entropy minus the teacher's "
                     "entropy, a constant. So the gradient on the logits is just Q minus P.")
        self.play(VGroup(self.legend, self.p_bars, self.q_bars).animate.to_edge(LEFT, buff=0.7))
        self.play(Write(kl), run_time=1.5)
        self.play(self.pointer(kl[2], color=CROSS_ENTROPY_COLOR))
        self.play(self.pointer(kl[4], how="circumscribe", color=ENTROPY_COLOR),
                  FadeIn(const, shift=UP * 0.2))
        self.play(Write(grad), run_time=1.5)
        self.play(self.pointer(VGroup(grad[3], grad[4], grad[5])))
        self.wait_for_narration()
        self.beat("Forward KL = cross-entropy minus a constant.")
        self.play(FadeOut(block), FadeOut(const))

    # ---------------------------------------------------------------- the plot
    def _plot(self, x_max: float, x_step: float) -> LossPlot:
        plot = LossPlot(x_max, Y_MAX, x_step=x_step, y_step=Y_STEP, width=5.2, height=3.3,
                        font_size=FONT_SIZE.LABEL)
        plot.to_edge(RIGHT, buff=0.7).to_edge(UP, buff=1.05)
        self.declare_constants(*plot.tick_texts())
        return plot

    def _h_line(self, plot: LossPlot) -> VGroup:
        """H(P) as a dashed line, tagged under its right end (the curves come from above)."""
        h = self.fwd.entropy(BITS)
        line = plot.level(h, ENTROPY_COLOR)
        tag = MathTex(r"H(P)", font_size=FONT_SIZE.LABEL, color=ENTROPY_COLOR)
        tag.next_to(line.get_end(), DOWN, buff=0.12).align_to(line, RIGHT)
        return VGroup(line, tag)

    def _traced(self, plot: LossPlot, values: np.ndarray, t: ValueTracker,
                tip: object, color: str) -> StepCurve:
        curve = plot.curve(values, 0, stroke_color=color)
        curve.add_updater(lambda c: c.set_values(values, t.get_value(),
                                                 tip(t.get_value())))  # type: ignore[operator]
        return curve

    def _readouts(self, run: DescentRun, t: ValueTracker, key: str, d_label: str,
                  d_color: str) -> VGroup:
        size = FONT_SIZE.CAPTION
        cells = VGroup(
            self.readout(f"{key}.cross_entropy", lambda: run.cross_entropy_at(t.get_value(), BITS),
                         label=r"H(P,Q) =", color=CROSS_ENTROPY_COLOR, font_size=size),
            self.readout(f"{key}.loss", lambda: run.loss_at(t.get_value(), BITS),
                         label=d_label + " =", color=d_color, font_size=size),
        )
        cells.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        return cells

    def _lift_values(self) -> None:
        """Put each student value above its bar or the teacher's outline, whichever is taller,
        so the outline's top edge never runs through the digits."""
        for value, bar, outline in zip(self.q_bars.values, self.q_bars.bars, self.p_bars.bars,
                                       strict=True):
            value.next_to(bar if bar.get_top()[1] >= outline.get_top()[1] else outline, UP,
                          buff=0.1)

    def _bars_follow(self, probs: Callable[[], np.ndarray]) -> None:
        """Keep the student's bars on ``probs()`` (a run at a tracker's step)."""
        self.q_bars.clear_updaters()
        self.q_bars.add_updater(lambda m: (m.set_values(probs()), self._lift_values()))

    def run_forward(self) -> None:
        run = self.fwd
        learned = learned_step(run)
        reach = learned if learned is not None else run.steps
        near = min(float(run.steps), NEAR_STEP * math.ceil(1.3 * reach / NEAR_STEP))
        plot = self._plot(near, NEAR_STEP)
        header = caption("forward KL", FORWARD_KL_COLOR)
        header.next_to(plot.y_name, UP, buff=0.35).align_to(plot.axes, LEFT)
        h_line = self._h_line(plot)
        t = ValueTracker(0.0)
        ce = run.cross_entropy(BITS)
        curve = self._traced(plot, ce, t, lambda s: run.cross_entropy_at(s, BITS),
                             CROSS_ENTROPY_COLOR)
        h = run.entropy(BITS)
        gap = always_redraw(lambda: Line(
            plot.point(t.get_value(), h),
            plot.point(t.get_value(), run.cross_entropy_at(t.get_value(), BITS)),
            color=FORWARD_KL_COLOR, stroke_width=6))
        cells = self._readouts(run, t, "distill.forward", D_FWD, FORWARD_KL_COLOR)
        cells.next_to(plot.x_name, DOWN, buff=0.3).align_to(plot.axes, LEFT)
        self._bars_follow(lambda: run.probs_at(t.get_value()))
        lr = self.say("distill.learning_rate", DISTILL_LEARNING_RATE, "value", style="words")
        h_said = self.say("distill.entropy", h)
        self.narrate(f"Descend, with the exact gradient and step size {lr}. The bars climb into the "
                     f"teacher's outlines; the cross-entropy falls onto H(P), {h_said} bits, a "
                     "line that never moves.")
        self.play(FadeIn(header), Create(plot), run_time=1.5)
        self.play(Create(h_line[0]), FadeIn(h_line[1]), FadeIn(cells), FadeIn(curve), FadeIn(gap))
        self.play(t.animate.set_value(near), run_time=9, rate_func=linear)
        self.play(self.pointer(h_line, color=ENTROPY_COLOR))
        self.wait_for_narration()
        fell = "fell at every step" if run.is_monotone() else "did not fall at every step"
        share = self.say("distill.learned_share", LEARNED_SHARE, "ratio", style="fraction")
        if learned is not None:
            at = self.say("distill.forward.learned_step", learned, "count", decimals=0)
            when = f"by step {at} every token had {share} of its teacher probability."
        else:
            when = f"some token never reached {share} of its teacher probability."
        self.narrate(f"The gap is the forward KL. It {fell}; {when}")
        self.play(self.pointer(cells[1], color=FORWARD_KL_COLOR), FadeOut(gap))
        self.until(0.5)  # "every token had ... of its teacher probability"
        self.play(self.pointer(self.q_bars.bars, how="circumscribe", color=Q_COLOR), run_time=1.5)
        self.wait_for_narration()
        self.beat("Cross-entropy falls onto H(P); the gap is the forward KL.")
        curve.clear_updaters()
        self.plot, self.header, self.h_line, self.cells = plot, header, h_line, cells
        self.fwd_curve, self.fwd_learned = curve, learned

    def run_reverse(self) -> None:
        run = self.rev
        old = VGroup(self.plot, self.h_line, self.fwd_curve)
        plot = self._plot(float(run.steps), FAR_STEP)
        h_line = self._h_line(plot)
        ghost = plot.curve(self.fwd.cross_entropy(BITS), stroke_color=CROSS_ENTROPY_COLOR,
                           stroke_opacity=0.35)
        header = caption("reverse KL", REVERSE_KL_COLOR)
        header.move_to(self.header, aligned_edge=LEFT)
        ghost_note = label("faint: forward", MUTED_COLOR)
        t = ValueTracker(0.0)
        # Back to the start: the bars slide from where the forward run left them.
        back, left_at = ValueTracker(0.0), self.q_bars.probs.copy()
        self._bars_follow(lambda: (1 - back.get_value()) * left_at
                          + back.get_value() * run.probs[0])
        mark = self.fwd_learned if self.fwd_learned is not None else run.steps // 4
        # What the run does by then, read off it (never assumed).
        second = int(np.argsort(-P)[1])
        gained = run.probs[mark][second] > run.probs[0][second]
        tail_left = all(run.probs[mark][i] < LEARNED_SHARE * P[i] for i in self.tail)
        m = self.say("distill.forward.learned_step", mark, "count", decimals=0)
        moves = f"moves mass onto {TOKENS[second]}" if gained else f"leaves {TOKENS[second]} alone"
        tail = "but leaves the tail at next to nothing" if tail_left else "and the tail grows too"
        self.narrate(f"Reverse KL, same start, longer axis. In those {m} steps it {moves}, {tail}.")
        self.play(FadeOut(self.cells), ReplacementTransform(self.header, header),
                  back.animate.set_value(1.0), run_time=1.2)
        self.play(ReplacementTransform(old, VGroup(plot, h_line, ghost)), run_time=1.5)
        ghost_note.next_to(h_line[1], DOWN, buff=0.15).align_to(plot.axes, RIGHT)
        ce = self._traced(plot, run.cross_entropy(BITS), t,
                          lambda s: run.cross_entropy_at(s, BITS), CROSS_ENTROPY_COLOR)
        loss = self._traced(plot, run.loss(BITS), t, lambda s: run.loss_at(s, BITS),
                            REVERSE_KL_COLOR)
        cells = self._readouts(run, t, "distill.reverse", D_REV, REVERSE_KL_COLOR)
        cells.next_to(plot.x_name, DOWN, buff=0.3).align_to(plot.axes, LEFT)
        self._bars_follow(lambda: run.probs_at(t.get_value()))
        self.play(FadeIn(cells), FadeIn(ce), FadeIn(loss), FadeIn(ghost_note))
        self.play(t.animate.set_value(mark), run_time=5, rate_func=smooth)
        self.wait_for_narration()
        loss_m = self.say("distill.reverse.loss_at_mark", float(run.loss(BITS)[mark]))
        gap_m = self.say("distill.reverse.forward_kl_at_mark", float(run.forward_kl(BITS)[mark]))
        if tail_left:
            self.narrate(f"Its loss is only {loss_m} bits: reverse KL looks where the student puts "
                         f"mass, so the missing tail is cheap. Yet the cross-entropy is {gap_m} "
                         "bits above H(P).")
        else:
            self.narrate(f"Its loss is {loss_m} bits; the cross-entropy is {gap_m} bits above H(P).")
        self.play(self.pointer(cells[1], color=REVERSE_KL_COLOR))
        tail_bars = VGroup(*(self.q_bars.bars[i] for i in self.tail))
        self.until(0.35)  # "the missing tail is cheap"
        self.play(self.pointer(tail_bars, how="circumscribe", color=Q_COLOR), run_time=1.2)
        self.until(0.7)  # "yet the cross-entropy is ... above H(P)"
        self.play(self.pointer(cells[0], color=CROSS_ENTROPY_COLOR))
        self.wait_for_narration()
        self.beat("Reverse KL: the tail is nearly free to ignore.")

        learned = learned_step(run)
        if learned is not None and self.fwd_learned:
            ratio = self.say("distill.learned_ratio", learned / self.fwd_learned, "ratio",
                             decimals=1)
            at = self.say("distill.reverse.learned_step", learned, "count", decimals=0)
            share = self.say("distill.learned_share", LEARNED_SHARE, "ratio", style="fraction")
            wait = "Then a long plateau: e" if learned > 2 * self.fwd_learned else "E"
            self.narrate(f"{wait}very token reaches {share} of its teacher probability only at "
                         f"step {at}, {ratio} times later.")
        else:
            n = self.say("distill.steps", run.steps, "count", decimals=0)
            self.narrate(f"Then a long plateau: within {n} steps the tail never catches up.")
        self.play(t.animate.set_value(run.steps), run_time=8, rate_func=linear)
        self.wait_for_narration()
        tol = LOGIT_DESCENT.tolerance
        ends = run.steps_to(tol) is not None and self.fwd.steps_to(tol) is not None
        if ends:
            self.narrate("Both runs end on the teacher: this blind spot is slow, not permanent.")
        else:
            self.narrate("Only the forward run ends on the teacher.")
        self.play(self.pointer(VGroup(ce, ghost), how="flash", color=CROSS_ENTROPY_COLOR))
        self.wait_for_narration()
        self.beat("Same start, same end; reverse KL just takes far longer on the tail.")
        for mob in (ce, loss, self.q_bars):
            mob.clear_updaters()
        self.play(FadeOut(VGroup(plot, h_line, ghost, ghost_note, header, cells, ce, loss,
                                 self.q_bars, self.p_bars, self.legend, self.prompt)))

    # ---------------------------------------------------------- the article's list
    def _figure(self, a: Assessment, name: str, decimals: int = 0) -> str:
        f = a.figure(name)
        return self.fmt(f"{a.id}.{name}", f.value, f.unit, decimals)

    def _percent(self, a: Assessment, name: str) -> str:
        return self.fmt(f"{a.id}.{name}.percent", 100 * a[name], "value", 0)

    def properties(self) -> None:
        """The article's three properties, each with the audit's verdict and its key figure;
        the conditions are said, not written."""
        stable, blind = assess("distill.stable"), assess("distill.no_blind_spots")
        var = assess("distill.low_variance")
        head = title("The article's list")
        rows = VGroup(*(Verdict(name, HOLDS[a.verdict], size=FONT_SIZE.HEADING)
                        for name, a in (("stable", stable), ("no blind spots", blind),
                                        ("low variance", var))))
        rows.arrange(DOWN, buff=0.8, aligned_edge=LEFT)
        rev_too = (self.rev.is_monotone()
                   and stable["reverse_largest_stable_step"] >= stable["learning_rate"])
        s_fig = caption("reverse too" if rev_too else "forward only")
        b_fig = caption(f"{self._figure(blind, 'learned')} / {self._figure(blind, 'starts')} starts")
        v_fig = caption(f"{self._percent(var, 'share_none')}% / "
                        f"{self._percent(var, 'share_optimal')}% of students")
        figs = VGroup(s_fig, b_fig, v_fig).arrange(DOWN, aligned_edge=LEFT)
        figs.next_to(rows, RIGHT, buff=1.2)
        for fig, row in zip(figs, rows, strict=True):
            fig.match_y(row)
        VGroup(rows, figs).next_to(head, DOWN, buff=0.8).set_x(0)
        missing = caption("no condition in the article", INFORMATION_COLOR)
        missing.next_to(rows, DOWN, buff=0.8).align_to(rows, LEFT)

        fell = "the loss fell at every step" if self.fwd.is_monotone() else "though not here"
        self.narrate(f"The article's list. Stable: {SAID[stable.verdict]}, {fell}"
                     + ("; but exact reverse descent did too." if rev_too else "."))
        self.play(FadeIn(head, shift=DOWN * 0.2))
        self.play(FadeIn(rows[0], shift=UP * 0.2))
        self.until(0.6)
        self.play(FadeIn(s_fig, shift=LEFT * 0.2))
        self.wait_for_narration()
        n = self.say("distill.no_blind_spots.starts", blind["starts"], "count", decimals=0)
        k = self.say("distill.no_blind_spots.learned", blind["learned"], "count", decimals=0)
        self.narrate(f"No blind spots: {SAID[blind.verdict]}. Forward KL learned every token "
                     f"from {k} of {n} starts.")
        self.play(FadeIn(rows[1], shift=UP * 0.2))
        self.until(0.45)
        self.play(Write(b_fig))
        self.wait_for_narration()
        none_s = self.say("distill.low_variance.share_none", var["share_none"], "ratio",
                          style="about")
        opt_s = self.say("distill.low_variance.share_optimal", var["share_optimal"], "ratio",
                         style="about")
        said = (f"Low variance: {SAID[var.verdict]}. Sampled, forward is steadier for {none_s} "
                f"of students without a baseline, {opt_s} against the best one")
        said += "; the article omits the condition." if not var.agrees else "."
        self.narrate(said)
        self.play(FadeIn(rows[2], shift=UP * 0.2))
        self.until(0.3)
        self.play(Write(v_fig))
        self.play(self.pointer(v_fig))
        if not var.agrees:
            self.until(0.8)
            self.play(FadeIn(missing), self.pointer(rows[2].mark, color=INFORMATION_COLOR))
        self.wait_for_narration()
        self.beat("Forward KL: stable and no blind spots; low variance depends on the student "
                  "and the baseline. Here the gradients are exact (the whole teacher), so there "
                  "is no variance at all; sampled, REINFORCE's relative variance is the lower "
                  "near the teacher.")
