"""Section 19, "Mini Worked Example (discrete)": the per-token terms of forward and reverse
KL for the article's teacher and student, then the gradients, computed, and where descent
actually takes the student.

The article's student puts 0 on one token, which a softmax cannot do, so the gradients and
the descent use a softmax student with one in a million there
(``examples.WORKED_EXAMPLE_SOFTMAX``). Which token gets the strongest push is found by
argmax on the computed gradients, on the probabilities and on the logits, and the narration
is built from those results.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
    config,
    linear,
)

from entropy_explorer.claims import assess, check
from entropy_explorer.examples import WORKED_EXAMPLE_P, WORKED_EXAMPLE_Q, WORKED_EXAMPLE_SOFTMAX
from entropy_explorer.gradients import (
    DescentRun,
    forward_gradient,
    probability_gradient,
    reverse_gradient,
    stand_in_logits,
    worked_softmax_runs,
)
from entropy_explorer.infotheory import kl_divergence, kl_terms, softmax
from entropy_explorer.mobjects import DistributionBars, caption, label
from entropy_explorer.mobjects.signed_bars import SignedBars
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    INFORMATION_COLOR,
    KL_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["WorkedExampleScene"]

NAMES = WORKED_EXAMPLE_P.outcomes
P = np.array(WORKED_EXAMPLE_P.probs)
Q = np.array(WORKED_EXAMPLE_Q.probs)
SOFT = WORKED_EXAMPLE_SOFTMAX
#: The token the student rules out (Q = 0 where the teacher has mass), and the others.
MISSING = int(np.argmin(Q))
C = NAMES[MISSING]
OTHERS = [i for i in range(len(NAMES)) if i != MISSING]
#: The softmax student that stands in for Q, and its probabilities.
Z0 = stand_in_logits(Q, SOFT.zero_standin)
Q0 = softmax(Z0)
#: Natural logarithms, as the gradients: terms, totals and gradients all in nats.
NATS = math.e
FWD_TERMS = kl_terms(P, Q, base=NATS)
REV_TERMS = kl_terms(Q, P, base=NATS)
#: Pushes are minus the gradients: where descent moves each coordinate (up = raise it).
PUSH_PROB = -probability_gradient("forward", P, Q0)
PUSH_FWD = -forward_gradient(P, Z0)
PUSH_REV = -reverse_gradient(P, Z0)
D_PQ = r"D(P\|Q)"
D_QP = r"D(Q\|P)"
#: Room kept free at the frame's edges (the lint's safe margin, plus a little).
EDGE = 0.45
#: How much larger the teacher and student are drawn while they are introduced.
INTRO_SCALE = 1.35


def decimals_for(value: float, least: int = 2) -> int:
    """At least ``least`` decimals, more until a small value shows a non-zero digit.

    An exact zero (0 log 0) shows as ``0``.
    """
    if value == 0:
        return 0
    d = least
    while round(abs(float(value)), d) == 0 and d < 12:
        d += 1
    return d


def large_decimals(value: float) -> int:
    """Whole numbers from 100 up (``20000``), one decimal or more below (``24.5``, ``0.5``)."""
    return 0 if abs(value) >= 100 else decimals_for(value, least=1)


class WorkedExampleScene(SectionScene):
    """Per-token KL terms (one infinite), computed gradients, and exact descent on the logits."""

    section = 19

    def setup(self) -> None:
        super().setup()
        runs = worked_softmax_runs()
        self.fwd_run: DescentRun = runs.forward
        self.rev_run: DescentRun = runs.reverse

    def body(self) -> None:
        self.show_example()
        self.forward_terms()
        self.reverse_terms()
        self.softmax_student()
        self.push_on_probabilities()
        self.push_on_logits()
        self.descent()
        self.verdict()

    # --------------------------------------------------------------- helpers
    def _dist(self, key: str, probs: np.ndarray, color: str,
              max_height: float = 1.25) -> DistributionBars:
        return self.track_bars(key, DistributionBars(
            NAMES, probs, color=color, max_height=max_height, bar_width=0.55, spacing=0.45))

    def _bars(self, key: str, title: str, probs: np.ndarray, color: str,
              max_height: float = 1.25, title_color: str | None = None) -> VGroup:
        bars = self._dist(key, probs, color, max_height)
        name = label(title, title_color or color)
        name.next_to(bars.baseline, UP, buff=max_height + 0.5)
        return VGroup(name, bars)

    def _signed(self, key: str, values: np.ndarray, color: str, *, unit: str, scale: float,
                top: float, bottom: float, bar_width: float = 0.7,
                decimals: Callable[[float], int] = decimals_for) -> SignedBars:
        """A SignedBars chart whose every value label is recorded as ``key.<token>``."""
        chart = SignedBars(NAMES, values, color=color, scale=scale, top=top, bottom=bottom,
                           decimals=[decimals(v) for v in values], bar_width=bar_width,
                           spacing=0.4, font_size=FONT_SIZE.LABEL)
        for name, v, text in zip(NAMES, values, chart.value_texts(), strict=True):
            self.record_number(f"{key}.{name}", float(v), unit, text)
        return chart

    def _reveal(self, chart: SignedBars, i: int) -> None:
        """Grow bar ``i``, its arrow off the chart if it does not fit, and its value."""
        self.play(GrowFromEdge(chart.bars[i], chart.grow_edge(i)), run_time=0.5)
        if len(chart.arrows[i].get_all_points()):
            self.play(GrowArrow(chart.arrows[i]), run_time=0.4)
        self.play(FadeIn(chart.values[i], shift=0.1 * UP), run_time=0.3)

    def _right_of_column(self, group: VGroup) -> VGroup:
        """Centre ``group`` in the space between the P/Q column and the frame's right edge."""
        left = self.column.get_right()[0]
        right = config.frame_width / 2
        group.set_x((left + right) / 2)
        overshoot = group.get_right()[0] - (right - EDGE)
        return group.shift(LEFT * max(overshoot, 0.0))

    # ------------------------------------------------------------------ steps
    def show_example(self) -> None:
        p_group = self._bars("worked.p", "teacher P", P, P_COLOR)
        q_group = self._bars("worked.q", "student Q", Q, Q_COLOR)
        self.column = VGroup(p_group, q_group).arrange(DOWN, buff=0.5).to_edge(LEFT, buff=0.8)
        self.column.shift(UP * 0.3)
        # First large and side by side in the middle; forward_terms moves them to the column.
        self.column_places = [g.get_center() for g in (p_group, q_group)]
        VGroup(p_group, q_group).scale(INTRO_SCALE).arrange(RIGHT, buff=2.0).move_to(ORIGIN)
        same = len({float(P[i]) for i in OTHERS}) == 1
        if same:
            names = " and ".join(NAMES[i] for i in OTHERS)
            teacher = f"{names} {self.say('worked.p.same', float(P[OTHERS[0]]), 'probability')} each"
        else:
            teacher = ", ".join(f"{NAMES[i]} {self.say(f'worked.p.{NAMES[i]}', float(P[i]), 'probability')}"
                                for i in OTHERS)
        pc = self.say("worked.p.missing", float(P[MISSING]), "probability")
        student = ", ".join(f"{NAMES[i]} {self.say(f'worked.q.{NAMES[i]}', float(Q[i]), 'probability')}"
                            for i in OTHERS)
        self.narrate(f"Teacher: {teacher}, {C} {pc}. Student: {student}, {C} nothing.")
        self.play(FadeIn(p_group, shift=RIGHT * 0.3), run_time=0.8)
        self.play(FadeIn(q_group, shift=RIGHT * 0.3), run_time=0.8)
        self.play(Indicate(q_group[1].labels[MISSING], color=KL_COLOR))
        self.wait_for_narration()
        self.q_group = q_group

    def _term_charts(self) -> VGroup:
        finite = np.concatenate([FWD_TERMS[np.isfinite(FWD_TERMS)], REV_TERMS])
        top, bottom = 1.3 * float(finite.max()), 1.3 * float(min(finite.min(), 0.0))
        kw = {"unit": "nats", "scale": 2.5 / top, "top": top, "bottom": bottom, "bar_width": 0.8}
        fwd = self._signed("worked.forward_terms", FWD_TERMS, FORWARD_KL_COLOR, **kw)
        rev = self._signed("worked.reverse_terms", REV_TERMS, REVERSE_KL_COLOR, **kw)
        titles = []
        for name, formula, color in (
                ("forward KL", r"P(x)\log\frac{P(x)}{Q(x)}", FORWARD_KL_COLOR),
                ("reverse KL", r"Q(x)\log\frac{Q(x)}{P(x)}", REVERSE_KL_COLOR)):
            titles.append(VGroup(
                Text(name, font=FONT, font_size=FONT_SIZE.LABEL, color=color),
                MathTex(formula, font_size=FONT_SIZE.LABEL, color=color),
            ).arrange(DOWN, buff=0.15))
        room = max(fwd.headroom(), rev.headroom()) + 0.3
        for title, chart in zip(titles, (fwd, rev), strict=True):
            title.next_to(chart.baseline, UP, buff=room)
        f_total = MathTex(D_PQ, "=", self.fmt("worked.forward.total", kl_divergence(P, Q, NATS),
                                             "nats"), font_size=FONT_SIZE.BODY,
                          color=FORWARD_KL_COLOR)
        r_total = MathTex(D_QP, "=", self.fmt("worked.reverse.total", kl_divergence(Q, P, NATS),
                                             "nats"), r"\text{ nats}", font_size=FONT_SIZE.BODY,
                          color=REVERSE_KL_COLOR)
        f_total.next_to(fwd.labels, DOWN, buff=0.45)
        r_total.next_to(rev.labels, DOWN, buff=0.45)
        left, right = VGroup(titles[0], fwd, f_total), VGroup(titles[1], rev, r_total)
        charts = VGroup(left, right).arrange(RIGHT, buff=2.2, aligned_edge=UP)
        self._right_of_column(charts).match_y(self.column)
        self.f_chart, self.r_chart = fwd, rev
        self.f_title, self.r_title, self.f_total, self.r_total = *titles, f_total, r_total
        return charts

    def forward_terms(self) -> None:
        self.charts = self._term_charts()
        fwd = self.f_chart
        claim = check("worked.forward_term_c")
        self.record_number(claim.claim.id, claim.computed, "nats", fwd.value_texts()[MISSING])
        agree = ", as the article says" if claim.agrees else ""
        self.narrate(f"Forward KL adds up P log P over Q, token by token. {C}'s term divides by "
                     f"zero: infinite{agree}.")
        self.play(*(g.animate.scale(1 / INTRO_SCALE).move_to(place)
                    for g, place in zip(self.column, self.column_places, strict=True)),
                  run_time=0.8)
        self.play(FadeIn(self.f_title), Create(fwd.baseline), FadeIn(fwd.labels), run_time=0.8)
        for i in OTHERS:
            self._reveal(fwd, i)
        self._reveal(fwd, MISSING)
        self.play(Indicate(self.q_group[1].bars[MISSING], color=KL_COLOR), FadeIn(self.f_total))
        self.wait_for_narration()

    def reverse_terms(self) -> None:
        rev = self.r_chart
        claim = check("worked.reverse_term_c")
        self.record_number(claim.claim.id, claim.computed, "nats", rev.value_texts()[MISSING])
        zero = self.say("worked.reverse_terms.missing", float(REV_TERMS[MISSING]), "nats",
                        style="words")
        total = self.say("worked.reverse.total", kl_divergence(Q, P, NATS), "nats")
        note = MathTex(r"0\log 0 = 0", font_size=FONT_SIZE.LABEL, color=NOTE_COLOR)
        self.declare_constants("0")  # the convention 0 log 0 = 0 is notation
        self.declare_spoken("zero")  # "zero times a log"
        self.narrate(f"Reverse KL weights by Q. {C}'s term is zero times a log: {zero}. The "
                     f"total is finite, {total} nats.")
        self.play(FadeIn(self.r_title), Create(rev.baseline), FadeIn(rev.labels), run_time=0.8)
        for i in range(len(NAMES)):
            self._reveal(rev, i)
        note.next_to(rev.values[MISSING], UP, buff=0.25)
        self.play(FadeIn(note), FadeIn(self.r_total))
        self.wait_for_narration()
        self.beat(f"Forward KL: infinite. Reverse KL: finite, and {C} adds nothing.")
        self.play(FadeOut(VGroup(self.charts, note)))

    def softmax_student(self) -> None:
        q_bars = self.q_group[1]
        q_c = self.number("worked.softmax.q_missing", float(Q0[MISSING]), unit="probability",
                          decimals=decimals_for(Q0[MISSING]), color=Q_COLOR,
                          font_size=FONT_SIZE.LABEL)
        row = VGroup(MathTex(rf"Q(\text{{{C}}}) =", font_size=FONT_SIZE.LABEL, color=Q_COLOR),
                     q_c).arrange(RIGHT, buff=0.12)
        row.next_to(q_bars, DOWN, buff=0.3)
        note = label("softmax student", NOTE_COLOR)
        note.next_to(row, DOWN, buff=0.15)
        logits = [self.fmt(f"worked.softmax.logit.{name}", float(z), "value")
                  for name, z in zip(NAMES, Z0, strict=True)]
        size = FONT_SIZE.BODY + 4
        softmax_tex = MathTex(r"Q = \mathrm{softmax}(\theta)", font_size=size, color=Q_COLOR)
        never = MathTex(rf"Q(\text{{{C}}}) = 0 \;\Rightarrow\; \theta_{{\text{{{C}}}}} = -\infty",
                        font_size=size, color=KL_COLOR)
        theta = MathTex(r"\theta = (" + ",\\ ".join(logits) + ")", font_size=size,
                        color=Q_COLOR)
        block = VGroup(softmax_tex, never, theta).arrange(DOWN, buff=0.5)
        self._right_of_column(block).match_y(self.column)
        odds = self.say("worked.softmax.standin", SOFT.zero_standin, "probability", style="odds")
        self.narrate(f"For gradients, take a softmax student. It can't reach zero, so give {C} "
                     f"{odds}.")
        self.play(FadeIn(softmax_tex), FadeIn(never))
        soft = self._dist("worked.softmax.q", Q0, Q_COLOR)
        soft.shift(q_bars.baseline.get_center() - soft.baseline.get_center())
        self.q_group.submobjects[1] = soft
        self.play(ReplacementTransform(q_bars, soft), FadeIn(row), FadeIn(note), FadeIn(theta))
        self.until(0.7)  # "give C one in a million": its stand-in lights up
        self.play(self.pointer(row, color=Q_COLOR), self.pointer(theta, how="circumscribe",
                                                                 color=Q_COLOR))
        self.wait_for_narration()
        self.q_extra = VGroup(row, note)
        self.logit_block = block

    def _push_chart(self, key: str, values: np.ndarray, color: str, title: str, caption: str,
                    *, height: float, top: float, bottom: float,
                    decimals: Callable[[float], int] = decimals_for) -> VGroup:
        chart = self._signed(key, values, color, unit="value", scale=height / top, top=top,
                             bottom=bottom, bar_width=0.6, decimals=decimals)
        head = VGroup(
            MathTex(title, font_size=FONT_SIZE.BODY, color=color),
            label(caption, color),
        ).arrange(DOWN, buff=0.15)
        return VGroup(head, chart)

    def _strongest(self, group: VGroup, values: np.ndarray) -> VGroup:
        """Box the token with the largest push up (argmax) and name it under the chart."""
        chart: SignedBars = group[1]
        up = int(np.argmax(values))
        box = SurroundingRectangle(chart.part(up), color=KL_COLOR, buff=0.1)
        tag = label(f"strongest: {NAMES[up]}", KL_COLOR)
        tag.next_to(chart.labels, DOWN, buff=0.3)
        return VGroup(box, tag)

    def _layout_push_charts(self, groups: list[VGroup]) -> VGroup:
        """Side by side, zero lines level, heads in one row above the tallest chart."""
        room = max(g[1].headroom() for g in groups) + 0.3
        for head, chart in groups:
            head.next_to(chart.baseline, UP, buff=room)
        charts = VGroup(*groups).arrange(RIGHT, buff=0.5)
        y0 = groups[0][1].baseline.get_y()
        for g in groups:
            g.shift(UP * (y0 - g[1].baseline.get_y()))
        return self._right_of_column(charts).set_y(0.2)

    def push_on_probabilities(self) -> None:
        second = float(np.sort(PUSH_PROB)[-2])
        prob = self._push_chart(
            "worked.push.probability", PUSH_PROB, FORWARD_KL_COLOR,
            r"-\frac{\partial\, D(P\|Q)}{\partial Q(x)} = \frac{P(x)}{Q(x)}",
            "on Q(x)", height=1.9, top=1.25 * second,
            bottom=0.0, decimals=large_decimals)
        logit_top = 1.3 * float(np.max(np.abs(PUSH_FWD)))
        kw = {"height": 1.4, "top": logit_top, "bottom": -logit_top}
        fwd = self._push_chart("worked.push.forward", PUSH_FWD, FORWARD_KL_COLOR,
                               r"-\frac{\partial\, D(P\|Q)}{\partial \theta_x}",
                               "on the logits", **kw)
        rev = self._push_chart("worked.push.reverse", PUSH_REV, REVERSE_KL_COLOR,
                               r"-\frac{\partial\, D(Q\|P)}{\partial \theta_x}",
                               "on the logits", **kw)
        self.push_charts = self._layout_push_charts([prob, fwd, rev])
        strongest = self._strongest(prob, PUSH_PROB)
        huge = self.say("worked.push.probability.missing", float(PUSH_PROB[MISSING]), "value",
                        decimals=large_decimals(PUSH_PROB[MISSING]))
        self.narrate(f"On the probabilities themselves, forward KL's pull on Q({C}) is {huge}: "
                     "the article's huge gradient.")
        chart = prob[1]
        self.play(FadeOut(self.logit_block), run_time=0.6)
        self.play(FadeIn(prob[0]), Create(chart.baseline), FadeIn(chart.labels))
        for i in range(len(NAMES)):
            self._reveal(chart, i)
        self.play(FadeIn(strongest))
        self.wait_for_narration()
        self.prob_strongest = strongest

    def push_on_logits(self) -> None:
        _, fwd, rev = self.push_charts
        up = int(np.argmax(PUSH_FWD))
        strongest = self._strongest(fwd, PUSH_FWD)
        top_push = self.say(f"worked.push.forward.{NAMES[up]}", float(PUSH_FWD[up]), "value")
        c_push = self.say("worked.push.forward.missing", float(PUSH_FWD[MISSING]), "value",
                          decimals=decimals_for(PUSH_FWD[MISSING]))
        if up == MISSING:
            self.narrate(f"A network trains logits. There too, forward KL pushes {C} up "
                         f"hardest, by {top_push}.")
        else:
            self.narrate(f"But a network trains logits. There, forward KL pushes {NAMES[up]} up "
                         f"hardest, by {top_push}. {C} gets only {c_push}.")
        for group in (fwd, rev):
            chart = group[1]
            self.play(FadeIn(group[0]), Create(chart.baseline), FadeIn(chart.labels),
                      *(GrowFromEdge(b, chart.grow_edge(i)) for i, b in enumerate(chart.bars)),
                      FadeIn(chart.values), run_time=1.0)
            if group is fwd:
                self.play(FadeIn(strongest))
                if up != MISSING:
                    self.until(0.75)  # "C gets only ..."
                    self.play(self.pointer(fwd[1].values[MISSING], color=KL_COLOR))
                self.wait_for_narration()
                r_push = self.say("worked.push.reverse.missing", float(PUSH_REV[MISSING]),
                                  "value", decimals=decimals_for(PUSH_REV[MISSING]))
                self.narrate(f"Reverse KL's push on {C}'s logit is {r_push}: next to nothing.")
        self.play(Indicate(rev[1].values[MISSING], color=KL_COLOR))
        self.wait_for_narration()
        self.beat("The huge gradient is on the probabilities; on the logits the strongest push "
                  f"goes to {NAMES[up]}.")
        self.play(FadeOut(VGroup(self.push_charts, self.prob_strongest, strongest, self.column,
                                 self.q_extra)))

    # ---------------------------------------------------------------- descent
    def _log_plot(self, t: ValueTracker) -> VGroup:
        """log10 Q(C) against the step, for both runs, drawn up to step ``t``."""
        qc = [run.probs[:, MISSING] for run in (self.fwd_run, self.rev_run)]
        lo = math.floor(math.log10(SOFT.zero_standin))
        hi = math.ceil(math.log10(float(P[MISSING])))
        steps = SOFT.steps
        # Heights are log10 Q(C) - lo, so the step axis runs along the bottom.
        axes = Axes(x_range=[0, steps, steps / 4], y_range=[0, hi - lo, 1], x_length=6.3,
                    y_length=2.6, tips=False,
                    axis_config={"color": MUTED_COLOR, "stroke_width": 2},
                    x_axis_config={"include_numbers": True, "font_size": FONT_SIZE.LABEL,
                                   "decimal_number_config": {"num_decimal_places": 0}})
        ticks = list(range(lo, hi + 1, 2))
        y_labels = VGroup(*(MathTex(rf"10^{{{k}}}", font_size=FONT_SIZE.LABEL, color=TEXT_COLOR)
                            .next_to(axes.c2p(0, k - lo), LEFT, buff=0.15) for k in ticks))
        self.declare_constants("10", *(str(abs(k)) for k in ticks),
                               *(f"{x:.0f}" for x in np.arange(0, steps + 1, steps / 4)))
        y_title = MathTex(rf"Q(\text{{{C}}})", font_size=FONT_SIZE.LABEL, color=Q_COLOR)
        y_title.next_to(axes.y_axis, UP, buff=0.2)
        x_title = label("step", MUTED_COLOR)
        x_title.next_to(axes.x_axis, DOWN, buff=0.5)
        target_y = math.log10(float(P[MISSING])) - lo
        target = DashedLine(axes.c2p(0, target_y), axes.c2p(steps, target_y), color=P_COLOR,
                            stroke_width=3)
        target_tag = MathTex(rf"P(\text{{{C}}})", font_size=FONT_SIZE.LABEL, color=P_COLOR)
        target_tag.next_to(target, RIGHT, buff=0.15)

        def point(q: np.ndarray, k: int) -> np.ndarray:
            return axes.c2p(k, math.log10(float(q[k])) - lo)

        def curve(q: np.ndarray, color: str) -> VMobject:
            n = int(t.get_value())
            pts = [point(q, k) for k in range(n + 1)]
            if len(pts) < 2:
                pts.append(pts[0] + 1e-4 * RIGHT)
            return VMobject(color=color, stroke_width=5).set_points_as_corners(pts)

        def dot(q: np.ndarray, color: str) -> Dot:
            return Dot(point(q, int(t.get_value())), radius=0.07, color=color)

        colors = (FORWARD_KL_COLOR, REVERSE_KL_COLOR)
        live = VGroup(*(always_redraw(lambda q=q, c=c: curve(q, c)) for q, c in zip(qc, colors, strict=True)),
                      *(always_redraw(lambda q=q, c=c: dot(q, c)) for q, c in zip(qc, colors, strict=True)))
        return VGroup(VGroup(axes, y_labels, y_title, x_title, target, target_tag), live)

    def descent(self) -> None:
        t = ValueTracker(0.0)

        def step() -> int:
            return int(t.get_value())

        p_group = self._bars("worked.p", "teacher P", P, P_COLOR, max_height=1.0)
        students = []
        for key, run, title, color in (
                ("worked.descent.forward", self.fwd_run, "student, forward KL", FORWARD_KL_COLOR),
                ("worked.descent.reverse", self.rev_run, "student, reverse KL", REVERSE_KL_COLOR)):
            g = self._bars(key, title, run.probs[0], Q_COLOR, max_height=1.0, title_color=color)
            g[1].add_updater(lambda m, run=run: m.set_values(run.probs[step()]))
            students.append(g)
        top_row = VGroup(p_group, *students).arrange(RIGHT, buff=1.5, aligned_edge=DOWN)
        plot = self._log_plot(t)
        digits = decimals_for(Q0[MISSING])
        size = FONT_SIZE.CAPTION
        readouts = VGroup(
            self.readout("worked.descent.step", lambda: float(step()), label=r"\text{step}",
                         unit="count", decimals=0, color=NOTE_COLOR, font_size=size),
            self.readout("worked.descent.forward.q_missing",
                         lambda: float(self.fwd_run.probs[step(), MISSING]),
                         label=rf"\text{{forward: }} Q(\text{{{C}}}) =", unit="probability",
                         decimals=digits, color=FORWARD_KL_COLOR, font_size=size),
            self.readout("worked.descent.reverse.q_missing",
                         lambda: float(self.rev_run.probs[step(), MISSING]),
                         label=rf"\text{{reverse: }} Q(\text{{{C}}}) =", unit="probability",
                         decimals=digits, color=REVERSE_KL_COLOR, font_size=size),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        panel = readouts
        bottom = VGroup(plot, panel).arrange(RIGHT, buff=0.6)
        VGroup(top_row, bottom).arrange(DOWN, buff=0.35).move_to(ORIGIN)
        self.top_row, self.readouts, self.target = top_row, readouts, plot[0][4:]

        lr_said = self.say("worked.descent.learning_rate", SOFT.learning_rate, "value",
                           style="words")
        self.narrate(f"Does the student cover {C}? Run exact descent on the logits, step size "
                     f"{lr_said}.")
        self.play(FadeIn(top_row), FadeIn(plot[0]), FadeIn(panel), run_time=1.0)
        self.add(plot[1])
        self.play(self.pointer(VGroup(*(g[1].bars[MISSING] for g in students)), color=KL_COLOR))
        self.until(0.6)  # "run exact descent": the readouts it will move
        self.play(self.pointer(readouts[1:], how="circumscribe"))
        self.wait_for_narration()
        others = " and ".join(NAMES[i] for i in OTHERS)
        n = self.say("worked.descent.steps", SOFT.steps, "count", style="words")
        final_f = float(self.fwd_run.probs[-1, MISSING])
        close = abs(final_f - P[MISSING]) <= 0.1 * P[MISSING]
        end_f = self.say("worked.descent.forward.q_missing", final_f, "probability", decimals=4)
        # The first step at which the other tokens agree to within 0.01 of each other.
        others_q = self.fwd_run.probs[:, OTHERS]
        even = int(np.argmax(others_q.max(axis=1) - others_q.min(axis=1) < 0.01))
        within = self.say("worked.descent.forward.even_step", even, "count", style="words")
        self.narrate(f"Forward KL evens out {others} within {within} steps. {C}'s small push adds "
                     f"up: after {n} steps, Q({C}) is {end_f}"
                     + (", close to the teacher's." if close else ", still short of the teacher's."))
        for k in range(1, min(even, 5) + 1):
            self.play(t.animate.set_value(k), run_time=0.6, rate_func=linear)
        self.play(t.animate.set_value(SOFT.steps), run_time=7, rate_func=linear)
        self.wait_for_narration()
        end_r = self.say("worked.descent.reverse.q_missing",
                         float(self.rev_run.probs[-1, MISSING]), "probability", decimals=digits)
        self.narrate(f"Under reverse KL, Q({C}) ends at {end_r}.")
        self.play(Indicate(readouts[2], color=REVERSE_KL_COLOR))
        self.wait_for_narration()
        for g in students:
            g[1].clear_updaters()
        self.close = close

    def verdict(self) -> None:
        up_p, up = int(np.argmax(PUSH_PROB)), int(np.argmax(PUSH_FWD))
        p_val = self.fmt(f"worked.push.probability.{NAMES[up_p]}", float(PUSH_PROB[up_p]),
                         "value", decimals=large_decimals(PUSH_PROB[up_p]))
        f_val = self.fmt(f"worked.push.forward.{NAMES[up]}", float(PUSH_FWD[up]), "value")
        c_val = self.fmt(f"worked.push.forward.{C}", float(PUSH_FWD[MISSING]), "value",
                         decimals=decimals_for(PUSH_FWD[MISSING]))
        arrow = r"\ \rightarrow\ "
        lines = VGroup(
            MathTex(r"\text{on the probabilities, strongest push up}", arrow,
                    rf"\text{{{NAMES[up_p]}: }}{p_val}", font_size=FONT_SIZE.HEADING),
            MathTex(r"\text{on the logits, strongest push up}", arrow,
                    rf"\text{{{NAMES[up]}: }}{f_val}", rf"\quad(\text{{{C}: }}{c_val})",
                    font_size=FONT_SIZE.HEADING),
        )
        for line in lines:
            line[0].set_color(TEXT_COLOR)
            line[2:].set_color(FORWARD_KL_COLOR)
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        parts = [lines]
        push = assess("worked.forward_push_on_c")
        if not push.agrees:
            parts.append(caption("the article\u2019s \u201chuge gradient\u201d: probabilities only",
                                 INFORMATION_COLOR))
        block = VGroup(*parts).arrange(DOWN, buff=0.35).move_to(self.top_row)
        cover = "covers" if self.close else "moves towards"
        if not push.agrees:
            on_p = self.say(f"{push.id}.push_prob_standin", -push["push_prob_standin"], "value",
                            decimals=large_decimals(push["push_prob_standin"]))
            on_logit = self.say(f"{push.id}.push_logit_standin", -push["push_logit_standin"],
                                "value", decimals=decimals_for(push["push_logit_standin"]))
            self.narrate(f"So the student {cover} {C}, but slowly. The article states it more "
                         f"strongly: its huge gradient, {on_p}, is on the probabilities; on the "
                         f"logits it is {on_logit}.")
        else:
            self.narrate(f"So forward KL pushes {C} hardest, and the student {cover} it.")
        self.play(FadeOut(self.top_row), FadeIn(block, shift=UP * 0.2), run_time=1.0)
        if not push.agrees:
            self.until(0.45)  # "its huge gradient is on the probabilities"
            self.play(self.pointer(lines[0][2], color=FORWARD_KL_COLOR))
            self.until(0.8)  # "on the logits it is ..."
            self.play(self.pointer(lines[1][3], color=KL_COLOR))
        self.wait_for_narration()
        ignores = assess("worked.reverse_ignores_c")
        if ignores.conditional:
            cost = self.say(f"{ignores.id}.ignore_cost", ignores["ignore_cost"], "nats",
                            decimals=3)
            self.narrate(f"Reverse KL ignores {C} only for now: from so small a start it "
                         f"barely moves, and ignoring {C} costs just {cost} nats. Its optimum, Q "
                         "equal to P, still covers it.")
            self.play(self.pointer(self.readouts[2], color=REVERSE_KL_COLOR))
            shown = self.fmt(f"{ignores.id}.ignore_cost", ignores["ignore_cost"], "nats", 3)
            price = MathTex(rf"\text{{ignoring {C}: }} {shown} \text{{ nats}}",
                            font_size=FONT_SIZE.CAPTION, color=REVERSE_KL_COLOR)
            price.next_to(block, DOWN, buff=0.4)
            self.until(0.4)
            self.play(FadeIn(price, shift=UP * 0.2))
            self.until(0.75)  # "its optimum, Q equal to P, still covers it"
            self.play(self.pointer(self.target, color=P_COLOR, how="flash"))
            self.wait_for_narration()
        self.beat(f"Support mismatch makes forward KL infinite; descent on the logits {cover} "
                  f"{C} slowly; reverse KL leaves it while Q({C}) stays tiny.")
