"""Section 12, "Blind Spots and Variance": a seeded experiment with the forward and the
REINFORCE (reverse-KL) gradient estimators on a three-class teacher."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from entropy_explorer.claims import assess
from entropy_explorer.examples import BLIND_SPOT
from entropy_explorer.gradients import (
    EstimatorStats,
    blind_spot_batches,
    forward_gradient,
    reverse_gradient,
    variance_ratio,
)
from entropy_explorer.infotheory import softmax
from entropy_explorer.mobjects import DistributionBars, Verdict, caption, label
from entropy_explorer.mobjects.histogram import Histogram
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
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

__all__ = ["BlindSpotsScene"]

EXP = BLIND_SPOT
#: Formulas and readouts: TeX draws smaller than Text at the same size.
TEX = FONT_SIZE.HEADING
P = np.array(EXP.teacher.probs)
LOGITS = np.array(EXP.student_logits)
NAMES = EXP.teacher.outcomes
#: The class the student has all but abandoned (smallest student probability).
BLIND = int(np.argmin(softmax(LOGITS)))
#: The logit whose estimates the histograms show (the student's favourite class).
SHOWN = int(np.argmax(softmax(LOGITS)))
#: The over-weighted class whose logit the last step slides.
OVER = int(np.argmax(softmax(LOGITS) / P))
#: Histogram bins: width 1/batch_size, centred on the forward estimates' possible values.
BIN = 1.0 / EXP.batch_size
X_RANGE = (-2.0, 1.0)


def bin_edges() -> np.ndarray:
    centre = softmax(LOGITS)[SHOWN]  # forward estimates are Q(A) - k / batch_size
    lo = centre - BIN * np.ceil((centre - X_RANGE[0]) / BIN) - BIN / 2
    return np.arange(lo, X_RANGE[1] + BIN, BIN)


def student_logits(c: float) -> np.ndarray:
    z = LOGITS.copy()
    z[OVER] = c
    return z


class BlindSpotsScene(SectionScene):
    """Histograms of sampled gradients, their variance ratio, and the class never sampled."""

    section = 12

    def setup(self) -> None:
        super().setup()
        batches = blind_spot_batches()
        self.fwd: EstimatorStats = batches.forward
        self.rev: EstimatorStats = batches.reverse

    def body(self) -> None:
        self.the_problem()
        self.exact_gradients()
        self.experiment()
        self.blind_spot()
        self.depends_on_student()

    # ------------------------------------------------------------------ steps
    def the_problem(self) -> None:
        q = softmax(LOGITS)
        p_bars = self.track_bars("blind.p", DistributionBars(
            NAMES, P, color=P_COLOR, max_height=1.8, bar_width=0.5, spacing=0.4))
        q_bars = self.track_bars("blind.q", DistributionBars(
            NAMES, q, color=Q_COLOR, max_height=1.8, bar_width=0.5, spacing=0.4))
        p_t, q_t = label("teacher P", P_COLOR), label("student Q", Q_COLOR)
        pg = VGroup(p_t, p_bars).arrange(DOWN, buff=0.3)
        qg = VGroup(q_t, q_bars).arrange(DOWN, buff=0.3)
        bars = VGroup(pg, qg).arrange(RIGHT, buff=0.9, aligned_edge=DOWN)
        bars.to_edge(LEFT, buff=0.8).shift(UP * 0.5)
        qb = self.number("blind.q_blind", float(q[BLIND]), unit="probability", decimals=7,
                         color=Q_COLOR, font_size=FONT_SIZE.CAPTION)
        qb_label = MathTex(rf"Q({NAMES[BLIND]}) =", color=Q_COLOR, font_size=FONT_SIZE.CAPTION)
        qb_row = VGroup(qb_label, qb).arrange(RIGHT, buff=0.15)
        qb_row.next_to(qg, DOWN, buff=0.5)
        n = self.say("blind.classes", len(NAMES), "count", style="words")
        self.narrate(f"A teacher over {n} classes, and a student that learned {NAMES[SHOWN]}, "
                     f"over-weights the rare {NAMES[OVER]}, and has all but abandoned "
                     f"{NAMES[BLIND]}.")
        self.play(FadeIn(bars, shift=RIGHT * 0.3), run_time=1.5)
        # each clause lights up the bar it names
        self.until(0.4)
        self.play(self.pointer(q_bars.bars[SHOWN], color=Q_COLOR))
        self.until(0.6)
        self.play(self.pointer(q_bars.bars[OVER], color=Q_COLOR))
        self.until(0.8)
        self.play(FadeIn(qb_row), Indicate(q_bars.bars[BLIND], color=KL_COLOR),
                  Indicate(p_bars.bars[BLIND]))
        self.wait_for_narration()
        self.bars, self.q_bars, self.qb_row = bars, q_bars, qb_row

    def exact_gradients(self) -> None:
        fwd, rev = forward_gradient(P, LOGITS), reverse_gradient(P, LOGITS)
        size = FONT_SIZE.LABEL
        header = VGroup(
            Text("logit", font=FONT, font_size=size, color=MUTED_COLOR),
            Text("forward", font=FONT, font_size=size, color=FORWARD_KL_COLOR),
            Text("reverse", font=FONT, font_size=size, color=REVERSE_KL_COLOR),
        )
        rows = [header]
        for i, name in enumerate(NAMES):
            f = self.fmt(f"blind.exact.forward.{name}", float(fwd[i]), "value")
            r = self.fmt(f"blind.exact.reverse.{name}", float(rev[i]), "value")
            rows.append(VGroup(
                MathTex(rf"\theta_{{{name}}}", font_size=TEX, color=TEXT_COLOR),
                MathTex(f, font_size=TEX, color=FORWARD_KL_COLOR),
                MathTex(r, font_size=TEX, color=REVERSE_KL_COLOR),
            ))
        table = VGroup()
        col_x = (0.0, 1.8, 3.7)
        for k, row in enumerate(rows):
            for cell, x in zip(row, col_x, strict=True):
                cell.move_to([x, -0.65 * k, 0])
            table.add(row)
        title = label("exact KL gradients")
        block = VGroup(title, table).arrange(DOWN, buff=0.45)
        block.to_edge(RIGHT, buff=0.8).shift(UP * 0.6)
        highlight = SurroundingRectangle(table[1 + BLIND], color=KL_COLOR, buff=0.12)
        self.narrate(f"The exact gradients. Forward KL pushes hard on {NAMES[BLIND]}'s logit: the student "
                     "is missing mass the teacher has. Reverse KL barely touches it.")
        self.play(FadeIn(title), FadeIn(table), run_time=1.5)
        self.play(FadeIn(highlight), self.pointer(table[1 + BLIND][1], color=FORWARD_KL_COLOR))
        self.until(0.75)  # "reverse KL barely touches it"
        self.play(self.pointer(table[1 + BLIND][2], color=REVERSE_KL_COLOR))
        self.wait_for_narration()
        qb = self.say("blind.q_blind", float(softmax(LOGITS)[BLIND]), "probability", decimals=7)
        self.beat(f"The reverse gradient for {NAMES[BLIND]} carries a factor "
                  f"Q({NAMES[BLIND]}) = {qb}.")
        self.play(FadeOut(VGroup(self.bars, self.qb_row, block, highlight)))

    def _histogram(self, stats: EstimatorStats, n: ValueTracker, color: str, title: str,
                   key: str) -> VGroup:
        edges = bin_edges()
        full = max(self.fwd.histogram(SHOWN, edges).max(), self.rev.histogram(SHOWN, edges).max())
        hist = Histogram(edges, max_count=float(full), x_range=X_RANGE, x_ticks=(-2, -1, 0, 1),
                         width=5.6, height=2.4, color=color, font_size=FONT_SIZE.LABEL)
        hist.add_updater(lambda h: h.set_counts(
            stats.head(int(n.get_value())).histogram(SHOWN, edges)))
        exact = float(stats.exact[SHOWN])
        x = hist.number_line.n2p(exact)
        marker = DashedLine(x, x + UP * 2.6, color=TEXT_COLOR, stroke_width=2)
        name = label(title, color)
        name.next_to(hist.number_line, UP, buff=2.8)
        var = self.readout(f"{key}.variance", lambda: float(
            stats.head(int(n.get_value())).variance[SHOWN]), label=r"\mathrm{variance} =",
            unit="value", decimals=3, color=color, font_size=FONT_SIZE.CAPTION)
        var.next_to(hist.number_line, DOWN, buff=0.6)
        return VGroup(name, hist, marker, var)

    def experiment(self) -> None:
        self.declare_constants("2", "1", "0")
        n = ValueTracker(10)
        left = self._histogram(self.fwd, n, FORWARD_KL_COLOR, "forward: x ~ P", "blind.forward")
        right = self._histogram(self.rev, n, REVERSE_KL_COLOR, "reverse: x ~ Q",
                                "blind.reverse")
        VGroup(left, right).arrange(RIGHT, buff=1.0).move_to(DOWN * 0.1)
        b = self.fmt("blind.batches", EXP.n_batches, "count", decimals=0)
        s = self.fmt("blind.batch_size", EXP.batch_size, "count", decimals=0)
        setup = MathTex(rf"\partial D/\partial\theta_{{{NAMES[SHOWN]}}}"
                        rf"\text{{: {b} batches of {s}}}", font_size=TEX, color=NOTE_COLOR)
        setup.to_edge(UP, buff=0.45)
        ratio = self.readout("blind.variance_ratio", lambda: float(
            self.rev.head(int(n.get_value())).variance[SHOWN]
            / self.fwd.head(int(n.get_value())).variance[SHOWN]),
            label=r"\text{reverse / forward variance} =", unit="ratio", decimals=2,
            color=KL_COLOR, font_size=TEX)
        ratio.to_edge(DOWN, buff=0.45)
        count = self.readout("blind.batches_so_far", lambda: float(int(n.get_value())),
                             label=r"\text{batches} =", unit="count", decimals=0,
                             color=MUTED_COLOR, font_size=FONT_SIZE.CAPTION)
        count.number.group_with_commas = False  # "2000", as the manifest records it
        count.next_to(setup, DOWN, buff=0.2)
        per = self.say("blind.batch_size", EXP.batch_size, "count", style="words")
        self.narrate(f"Now sample. Each batch averages {per} single-sample estimates of the "
                     f"gradient on {NAMES[SHOWN]}'s logit; the dashed lines mark the exact values.")
        self.play(FadeIn(setup), FadeIn(left), FadeIn(right), FadeIn(count), run_time=1.5)
        self.until(0.7)  # "the dashed lines mark the exact values"
        self.play(*(self.pointer(side[2], how="flash", color=TEXT_COLOR) for side in (left, right)))
        self.wait_for_narration()
        self.narrate("Both estimators centre on the truth: they are unbiased. But the "
                     "REINFORCE estimates spread much wider.")
        self.play(n.animate.set_value(EXP.n_batches), run_time=7, rate_func=linear)
        self.play(FadeIn(ratio, shift=UP * 0.2))
        self.wait_for_narration()
        helped = assess("variance.reverse_needs_help")
        factor = self.say(f"{helped.id}.batch_factor_none", helped["batch_factor_none"], "ratio",
                          decimals=1)
        cut = self.say(f"{helped.id}.gain_optimal", helped["gain_optimal"], "ratio", decimals=1)
        self.beat("High variance: across the audit's students, REINFORCE needs a median "
                  f"{factor} times forward's batch; the best constant baseline cuts its "
                  f"variance {cut}-fold.")
        self.hists = VGroup(left, right)
        self.setup_text, self.count, self.ratio = setup, count, ratio

    def blind_spot(self) -> None:
        drawn = self.rev.samples_per_outcome
        total = int(drawn.sum())
        t_total = self.fmt("blind.draws_total", total, "count", decimals=0)
        t_blind = self.fmt("blind.draws_blind", int(drawn[BLIND]), "count", decimals=0)
        rev_mean = self.fmt("blind.mean.reverse.blind", float(self.rev.mean[BLIND]), "value")
        fwd_mean = self.fmt("blind.mean.forward.blind", float(self.fwd.mean[BLIND]), "value")
        b = NAMES[BLIND]
        lines = VGroup(
            MathTex(rf"\text{{the student drew {b} }}", t_blind,
                    r"\text{ times in }", t_total, r"\text{ samples}",
                    font_size=TEX, color=Q_COLOR),
            MathTex(rf"\text{{mean estimate on }}\theta_{{{b}}}:\ \text{{reverse }}", rev_mean,
                    r",\ \text{forward }", "{" + fwd_mean + "}", font_size=TEX,
                    color=TEXT_COLOR),
        ).arrange(DOWN, buff=0.3)
        lines[1][1].set_color(REVERSE_KL_COLOR)
        lines[1][3].set_color(FORWARD_KL_COLOR)
        self.play(FadeOut(self.hists), FadeOut(self.count), FadeOut(self.ratio))
        lines.move_to(UP * 0.6)
        note = caption("never sampled, never corrected", KL_COLOR)
        note.next_to(lines, DOWN, buff=0.6)
        b = NAMES[BLIND]
        if int(drawn[BLIND]) == 0:
            rev = self.say("blind.mean.reverse.blind", float(self.rev.mean[BLIND]), "value")
            fwd = self.say("blind.mean.forward.blind", float(self.fwd.mean[BLIND]), "value")
            self.narrate(f"And {b}? The student never drew it, so REINFORCE never saw it: its "
                         f"gradient rounds to {rev}, while forward KL's is {fwd}, a hard push up.")
        else:
            self.narrate(f"And {b}? The student drew it only "
                         f"{self.say('blind.draws_blind', int(drawn[BLIND]), 'count', style='words')}"
                         " times, so REINFORCE barely corrects it, while forward KL pushes it up "
                         "hard.")
        self.play(Write(lines[0]), run_time=1.5)
        self.until(0.45)  # "its gradient rounds to ..., while forward KL's is ..."
        self.play(Write(lines[1]), run_time=1.5)
        self.play(self.pointer(lines[1][3], color=FORWARD_KL_COLOR))
        self.until(0.85)
        self.play(FadeIn(note, shift=UP * 0.2))
        self.wait_for_narration()
        share = self.say("blind.p_blind", float(P[BLIND]), "probability", style="about")
        self.beat(f"The student may never learn {b}, though the teacher gives it {share} "
                  "the mass.")
        self.play(FadeOut(VGroup(lines, note, self.setup_text)))

    def depends_on_student(self) -> None:
        c = ValueTracker(float(LOGITS[OVER]))
        q_bars = self.track_bars("blind.q_sweep", DistributionBars(
            NAMES, softmax(LOGITS), color=Q_COLOR, max_height=2.2, bar_width=0.7, spacing=0.6))
        q_bars.add_updater(lambda m: m.set_values(softmax(student_logits(c.get_value()))))
        q_t = label("student Q", Q_COLOR)
        q_bars.to_edge(LEFT, buff=1.2).shift(DOWN * 0.6)
        # Above the tallest a bar can get, so the title never meets a growing bar.
        q_t.next_to(q_bars.baseline, UP, buff=q_bars.max_height + 0.6)
        group = VGroup(q_t, q_bars)
        ratio = self.readout("blind.sweep.variance_ratio",
                             lambda: variance_ratio(P, student_logits(c.get_value()), SHOWN),
                             label=r"\text{reverse / forward variance} =", unit="ratio",
                             decimals=3, color=KL_COLOR, font_size=TEX)
        exact_note = label("exact, not sampled", MUTED_COLOR)
        panel = VGroup(ratio, exact_note).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panel.next_to(group, RIGHT, buff=1.2).shift(UP * 0.4)
        verdicts = VGroup(Verdict("no blind spots"),
                          Verdict("lower variance", None)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.3)
        verdicts.next_to(panel, DOWN, buff=0.7, aligned_edge=LEFT)
        self.narrate(f"How much worse depends on the student. Shrink its mass on {NAMES[OVER]} towards "
                     "the teacher's, and the reward log Q minus log P stops swinging.")
        self.play(FadeIn(group), FadeIn(panel), run_time=1.2)
        self.play(c.animate.set_value(EXP.sweep_to), run_time=5, rate_func=smooth)
        self.play(self.pointer(ratio, color=KL_COLOR))
        self.wait_for_narration()
        self.narrate(f"But the blind spot stays: {NAMES[BLIND]} is still never sampled.")
        self.play(Indicate(q_bars.bars[BLIND], color=KL_COLOR))
        self.wait_for_narration()
        q_bars.clear_updaters()
        end = self.say("blind.sweep.variance_ratio", variance_ratio(
            P, student_logits(EXP.sweep_to), SHOWN), "ratio", decimals=3)
        if assess("distill.no_blind_spots").agrees:
            self.narrate("Forward KL has no blind spots. Its lower variance holds for most "
                         f"students, not all: at the end of this sweep the ratio was {end}.")
            self.play(FadeIn(verdicts[0], shift=UP * 0.2))
            self.until(0.3)
            self.play(FadeIn(verdicts[1], shift=UP * 0.2))
            self.until(0.7)  # "at the end of this sweep the ratio was ..."
            self.play(self.pointer(ratio, color=KL_COLOR))
        self.wait_for_narration()
        self.beat("Forward KL: no blind spots; lower variance for most students, not all.")
