"""Section 16, "Interpreting the Magnitude of KL": never negative and zero only at Q = P,
not symmetric, no triangle inequality (a counterexample found by exhaustive search), what a
large value in each direction comes from (per-outcome terms), and infinite under support
mismatch in either direction."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    Axes,
    Brace,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    MathTex,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Triangle,
    ValueTracker,
    VGroup,
    Write,
    always_redraw,
    smooth,
)

from entropy_explorer.claims import assess, check
from entropy_explorer.examples import (
    SUPPORT_MISMATCH_REVERSE,
    TRIANGLE_SEARCH,
    WORKED_EXAMPLE,
    Categorical,
)
from entropy_explorer.infotheory import (
    TriangleCounterexample,
    find_triangle_counterexample,
    kl_divergence,
    kl_terms,
    support_mismatch,
    triangle_gap,
)
from entropy_explorer.mobjects import DistributionBars, Verdict, caption, label, tag
from entropy_explorer.mobjects.term_bars import TermBars
from entropy_explorer.mobjects.text import fit_width
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    BACKGROUND,
    FONT_SIZE,
    FORWARD_KL_COLOR,
    KL_COLOR,
    MUTED_COLOR,
    P_COLOR,
    Q_COLOR,
    REVERSE_KL_COLOR,
    TEXT_COLOR,
)

__all__ = ["MagnitudeScene"]

NAMES = TRIANGLE_SEARCH.names
D_PQ = r"D_{\mathrm{KL}}(P\|Q)"
D_QP = r"D_{\mathrm{KL}}(Q\|P)"
#: Where the student stops on its way to the teacher, to show that close is not equal.
NEARLY = 0.8
#: The third distribution of the triangle has no role colour; it is drawn neutral.
R_COLOR = TEXT_COLOR


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """The distribution ``(1 - t) a + t b``; exactly ``b`` at ``t = 1``."""
    return (1.0 - t) * a + t * b


class MagnitudeScene(SectionScene):
    """What the size of KL says: zero, asymmetry, the triangle, large terms, infinity."""

    section = 16

    def setup(self) -> None:
        super().setup()
        self.tri: TriangleCounterexample = find_triangle_counterexample(
            TRIANGLE_SEARCH.outcomes, TRIANGLE_SEARCH.grid)
        self.p, self.q0 = np.array(self.tri.p), np.array(self.tri.q)
        self.r = np.array(self.tri.r)

    def body(self) -> None:
        self.zero_only_when_equal()
        self.not_symmetric()
        self.no_triangle_inequality()
        self.what_large_means()
        self.infinite_under_mismatch()
        self.conclude()

    # ------------------------------------------------------------------ helpers
    def bars(self, key: str, probs: np.ndarray, color: str, title: str, names: tuple[str, ...],
             *, height: float = 2.4, width: float = 0.6, decimals: int = 2,
             tight: bool = False) -> VGroup:
        """A titled, tracked bar chart of one distribution; ``.chart`` is the bars.

        The title sits above the tallest bar the chart can draw, or, with ``tight`` (for
        bars that do not move), just above the bars drawn.
        """
        chart = self.track_bars(key, DistributionBars(
            names, probs, color=color, max_height=height, bar_width=width, spacing=0.4,
            decimals=decimals, font_size=FONT_SIZE.LABEL))
        heading = label(title, color)
        if tight:
            heading.next_to(chart, UP, buff=0.2)
        else:
            heading.next_to(chart.baseline, UP, buff=height + 0.55)
        group = VGroup(heading, chart)
        group.chart = chart  # type: ignore[attr-defined]
        return group

    def kl_row(self, lhs: str | None, key: str, value: float, color: str,
               size: float = FONT_SIZE.BODY) -> MathTex:
        """``lhs = value bits`` (``= ∞`` when infinite; no ``lhs =`` when None), recorded."""
        shown = self.fmt(key, value, "bits")
        unit = r"\text{ bits}" if np.isfinite(value) else ""
        parts = (shown, unit) if lhs is None else (lhs, "=", shown, unit)
        return MathTex(*parts, font_size=size, color=color)

    # -------------------------------------------------------------------- steps
    def zero_only_when_equal(self) -> None:
        p, q0 = self.p, self.q0
        t = ValueTracker(0.0)

        def q_now() -> np.ndarray:
            return mix(q0, p, t.get_value())

        def d_now() -> float:
            return kl_divergence(p, q_now())

        p_group = self.bars("magnitude.p", p, P_COLOR, "teacher P", NAMES)
        q_group = self.bars("magnitude.q", q0, Q_COLOR, "student Q", NAMES)
        q_group.chart.add_updater(lambda m: m.set_values(q_now()))
        # P's heights marked beside the student's bars (pointers clear of the value labels).
        targets = VGroup()
        for bar, p_x in zip(q_group.chart.bars, p, strict=True):
            pointer = Triangle(color=P_COLOR, fill_color=P_COLOR, fill_opacity=1, stroke_width=0)
            pointer.scale_to_fit_width(0.16).rotate(PI / 2)  # points left, at the bar
            pointer.next_to(bar, RIGHT, buff=0.04)
            pointer.set_y(q_group.chart.baseline.get_y() + float(p_x) * q_group.chart.max_height)
            targets.add(pointer)
        left = VGroup(p_group, VGroup(q_group, targets)).arrange(RIGHT, buff=0.9, aligned_edge=DOWN)
        left.to_edge(LEFT, buff=0.7).shift(DOWN * 0.3)

        d_max = kl_divergence(p, q0)
        axes = Axes(x_range=[0, 1, 1], y_range=[0, d_max * 1.15, d_max * 1.15], x_length=4.6,
                    y_length=2.8, tips=False, axis_config={"color": MUTED_COLOR})
        y_label = MathTex(D_PQ, font_size=FONT_SIZE.BODY, color=FORWARD_KL_COLOR)
        y_label.next_to(axes.y_axis, UP, buff=0.2)
        x_left = label("start", MUTED_COLOR).next_to(axes.c2p(0, 0), DOWN, buff=0.2)
        x_right = MathTex("Q = P", font_size=FONT_SIZE.BODY, color=TEXT_COLOR)
        x_right.next_to(axes.c2p(1, 0), DOWN, buff=0.2)
        x_caption = label("student slides over", MUTED_COLOR)
        x_caption.next_to(VGroup(x_left, x_right), DOWN, buff=0.2)
        curve = always_redraw(lambda: axes.plot(
            lambda x: kl_divergence(p, mix(q0, p, x)), x_range=[0, max(t.get_value(), 1e-3)],
            color=FORWARD_KL_COLOR, stroke_width=5))
        dot = always_redraw(lambda: Dot(axes.c2p(t.get_value(), d_now()), radius=0.08,
                                        color=FORWARD_KL_COLOR))
        readout = self.readout("magnitude.forward.live", d_now, label=D_PQ + "=", unit="bits",
                               decimals=3, color=FORWARD_KL_COLOR, font_size=FONT_SIZE.CAPTION)
        plot = VGroup(axes, y_label, x_left, x_right, x_caption)
        right = VGroup(readout, plot).arrange(DOWN, buff=0.5)
        right.to_edge(RIGHT, buff=0.8).match_y(left)

        self.narrate("KL is never negative. Slide the student onto the teacher and watch it "
                     "fall.")
        self.play(FadeIn(left, shift=UP * 0.2), run_time=1.2)
        self.play(Create(axes), FadeIn(VGroup(y_label, x_left, x_right, x_caption)),
                  FadeIn(readout), FadeIn(curve), FadeIn(dot))
        self.play(t.animate.set_value(NEARLY), run_time=3, rate_func=smooth)
        self.wait_for_narration()
        close = self.say("magnitude.forward.nearly", d_now(), decimals=3)
        self.narrate(f"Close is not equal: still {close} bits.")
        self.play(self.pointer(readout, color=FORWARD_KL_COLOR))
        self.play(self.pointer(targets, color=P_COLOR))
        self.wait_for_narration()
        claim = check("magnitude.zero_iff_equal")
        zero = self.say("magnitude.forward.equal", kl_divergence(p, mix(q0, p, 1.0)), style="words")
        self.narrate(f"It hits {zero} only when Q equals P.")
        self.play(t.animate.set_value(1.0), run_time=2, rate_func=smooth)
        zero_tex = self.fmt("magnitude.zero_iff_equal", claim.computed, decimals=0)
        law = MathTex(D_PQ, r"\ge", zero_tex, r",\quad =", zero_tex, r"\text{ only when } Q = P",
                      font_size=FONT_SIZE.HEADING, color=TEXT_COLOR)
        law[0].set_color(FORWARD_KL_COLOR)
        law.to_edge(UP, buff=0.5)
        self.play(Write(law), Indicate(readout, color=FORWARD_KL_COLOR))
        self.wait_for_narration()
        self.beat("Gibbs' inequality: KL vanishes only at a perfect match.")

        q_group.chart.clear_updaters()
        self.play(FadeOut(VGroup(plot, curve, dot, readout, targets)),
                  q_group.chart.animate.set_values(q0), run_time=1.2)
        self.law, self.pq_bars = law, left
        self.p_group, self.q_group = p_group, q_group

    def not_symmetric(self) -> None:
        p, q = self.p, self.q0
        fwd, rev = kl_divergence(p, q), kl_divergence(q, p)
        f_row = self.kl_row(D_PQ, "magnitude.asymmetry.forward", fwd, FORWARD_KL_COLOR)
        r_row = self.kl_row(D_QP, "magnitude.asymmetry.reverse", rev, REVERSE_KL_COLOR)
        f_note = label("weighted by P", P_COLOR)
        r_note = label("weighted by Q", Q_COLOR)
        panel = VGroup(VGroup(f_row, f_note).arrange(DOWN, aligned_edge=LEFT, buff=0.15),
                       VGroup(r_row, r_note).arrange(DOWN, aligned_edge=LEFT, buff=0.15))
        panel.arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        verdict = MathTex(D_PQ, r"\ne", D_QP, font_size=FONT_SIZE.HEADING)
        verdict[0].set_color(FORWARD_KL_COLOR)
        verdict[2].set_color(REVERSE_KL_COLOR)
        block = VGroup(panel, verdict).arrange(DOWN, buff=0.6)
        block.to_edge(RIGHT, buff=0.8).match_y(self.pq_bars)
        f_say = self.say("magnitude.asymmetry.forward", fwd)
        r_say = self.say("magnitude.asymmetry.reverse", rev)
        self.narrate(f"Now both ways: {f_say} bits from P to Q, {r_say} from Q to P. Not "
                     "symmetric.")
        self.play(FadeIn(panel[0], shift=LEFT * 0.2))
        self.play(FadeIn(panel[1], shift=LEFT * 0.2))
        self.play(Write(verdict))
        self.wait_for_narration()
        self.beat("Same pair, a different number each way: not a distance.")
        self.play(FadeOut(VGroup(block, self.law)))

    def no_triangle_inequality(self) -> None:
        tri = self.tri
        small = {"height": 1.7, "width": 0.45, "decimals": 1, "tight": True}
        r_group = self.bars("magnitude.r", self.r, R_COLOR, "R", NAMES, **small)
        p_small = self.bars("magnitude.p.small", self.p, P_COLOR, "P", NAMES, **small)
        q_small = self.bars("magnitude.q.small", self.q0, Q_COLOR, "Q", NAMES, **small)
        base = VGroup(p_small, r_group).arrange(RIGHT, buff=2.3, aligned_edge=DOWN)
        shape = VGroup(q_small, base).arrange(DOWN, buff=0.3)
        shape.to_edge(LEFT, buff=0.6).shift(DOWN * 0.05)

        def edge(a: VGroup, b: VGroup, color: str, width: float) -> Arrow:
            return Arrow(a.get_center(), b.get_center(), buff=1.35, color=color,
                         stroke_width=width, max_tip_length_to_length_ratio=0.08)

        pq = edge(p_small, q_small, FORWARD_KL_COLOR, 5)
        qr = edge(q_small, r_group, FORWARD_KL_COLOR, 5)
        pr = Arrow(p_small.chart.get_right(), r_group.chart.get_left(), buff=0.25, color=KL_COLOR,
                   stroke_width=7, max_tip_length_to_length_ratio=0.08)
        pr.set_y(p_small.chart.baseline.get_y() + 0.6)
        size = FONT_SIZE.BODY
        pq_label = self.kl_row(None, "magnitude.triangle.pq", tri.kl_pq, FORWARD_KL_COLOR,
                               size).next_to(pq.get_center(), UL, buff=0.1)
        qr_label = self.kl_row(None, "magnitude.triangle.qr", tri.kl_qr, FORWARD_KL_COLOR,
                               size).next_to(qr.get_center(), UR, buff=0.1)
        pr_label = self.kl_row(None, "magnitude.triangle.pr", tri.kl_pr, KL_COLOR,
                               size).next_to(pr, DOWN, buff=0.15)

        # To scale: the direct edge beside the two detour edges stacked.
        unit = 1.3  # scene units per bit
        direct = Rectangle(width=0.7, height=tri.kl_pr * unit, stroke_width=0, fill_color=KL_COLOR,
                           fill_opacity=0.85)
        leg1 = Rectangle(width=0.7, height=tri.kl_pq * unit, stroke_width=0,
                         fill_color=FORWARD_KL_COLOR, fill_opacity=0.85)
        leg2 = Rectangle(width=0.7, height=tri.kl_qr * unit, stroke_width=2, stroke_color=BACKGROUND,
                         fill_color=FORWARD_KL_COLOR, fill_opacity=0.55)
        detour = VGroup(leg1, leg2).arrange(UP, buff=0)
        columns = VGroup(direct, detour).arrange(RIGHT, buff=1.5, aligned_edge=DOWN)
        ground = Line(columns.get_corner(DOWN + LEFT) + LEFT * 0.3,
                      columns.get_corner(DOWN + RIGHT) + RIGHT * 0.3, color=MUTED_COLOR)
        d_name = MathTex(r"D(P\|R)", font_size=size, color=KL_COLOR).next_to(direct, DOWN, buff=0.2)
        v_name = MathTex(r"D(P\|Q)", "+", r"D(Q\|R)", font_size=size, color=FORWARD_KL_COLOR)
        v_name.next_to(detour, DOWN, buff=0.2)
        detour_sum = tri.kl_pq + tri.kl_qr
        v_value = MathTex(self.fmt("magnitude.triangle.detour", detour_sum), font_size=size,
                          color=FORWARD_KL_COLOR).next_to(detour, UP, buff=0.15)
        d_value = MathTex(self.fmt("magnitude.triangle.pr", tri.kl_pr), font_size=size,
                          color=KL_COLOR).next_to(direct, UP, buff=0.15)
        gap = triangle_gap(self.p, self.q0, self.r)
        top_line = DashedLine(direct.get_corner(UP + RIGHT), [detour.get_right()[0] + 0.3,
                              direct.get_top()[1], 0], color=KL_COLOR, stroke_width=3)
        brace = Brace(Line(detour.get_corner(UP + RIGHT), [detour.get_right()[0],
                           direct.get_top()[1], 0]), RIGHT, color=KL_COLOR, buff=0.35)
        gap_text = MathTex(r"\text{gap } ", self.fmt("magnitude.triangle.gap", gap), font_size=size,
                           color=KL_COLOR).next_to(brace, RIGHT, buff=0.1)
        ruler = VGroup(columns, ground, d_name, v_name, v_value, d_value, top_line, brace, gap_text)
        ruler.to_edge(RIGHT, buff=0.5).align_to(p_small, DOWN)
        scale_note = tag("drawn to scale").next_to(ruler, UP, buff=0.5)

        n_bad = self.fmt("magnitude.triangle.violating", tri.violating, "count", decimals=0)
        n_all = self.fmt("magnitude.triangle.searched", tri.searched, "count", decimals=0)
        search = caption(f"{n_bad} of {n_all} triples break it")
        search.to_edge(UP, buff=0.45)

        pr_say = self.say("magnitude.triangle.pr", tri.kl_pr)
        pq_say = self.say("magnitude.triangle.pq", tri.kl_pq)
        qr_say = self.say("magnitude.triangle.qr", tri.kl_qr)
        self.narrate(f"No triangle inequality either. Straight from P to R costs {pr_say} bits; "
                     f"the detour through Q, only {pq_say} plus {qr_say}.")
        self.play(FadeOut(self.pq_bars), FadeIn(VGroup(p_small, q_small, r_group)))
        self.until(0.25)  # "straight from P to R costs ..."
        self.play(Create(pr), FadeIn(pr_label), run_time=1.2)
        self.play(self.pointer(pr_label, color=KL_COLOR))
        self.until(0.6)  # "the detour through Q"
        self.play(Create(pq), FadeIn(pq_label), run_time=0.9)
        self.play(Create(qr), FadeIn(qr_label), run_time=0.9)
        self.wait_for_narration()
        gap_say = self.say("magnitude.triangle.gap", gap)
        self.narrate(f"The direct edge is longer, by {gap_say} bits: KL is not a distance.")
        self.play(FadeIn(VGroup(columns, ground, d_name, v_name, scale_note)),
                  FadeIn(VGroup(d_value, v_value)))
        self.play(Create(top_line), FadeIn(brace), FadeIn(gap_text))
        self.play(self.pointer(gap_text, color=KL_COLOR))
        self.until(0.7)  # "KL is not a distance"
        self.play(FadeIn(search, shift=DOWN * 0.1))
        self.wait_for_narration()
        bad = self.say("magnitude.triangle.violating", tri.violating, "count", decimals=0)
        total = self.say("magnitude.triangle.searched", tri.searched, "count", decimals=0)
        self.beat(f"Found by exhaustive search: {bad} of {total} triples break the inequality.")
        self.play(FadeOut(VGroup(ruler, scale_note, search, pr, pq, qr, pr_label, pq_label,
                                 qr_label, r_group)))
        self.p_small, self.q_small = p_small, q_small

    def what_large_means(self) -> None:
        p, q = self.p, self.q0
        f_terms, r_terms = kl_terms(p, q), kl_terms(q, p)
        top = max(f_terms.max(), r_terms.max())
        low = min(f_terms.min(), r_terms.min(), 0.0)
        unit = 1.7  # scene units per bit, the same for both charts
        # font_size 32: the value labels draw at 0.9 of it, still at least the lint's 28.
        kw = {"scale": unit, "max_up": unit * top, "max_down": -unit * low, "bar_width": 0.6,
              "spacing": 0.4, "font_size": FONT_SIZE.LABEL + 4}
        f_chart = TermBars(NAMES, f_terms, color=FORWARD_KL_COLOR, **kw)
        r_chart = TermBars(NAMES, r_terms, color=REVERSE_KL_COLOR, **kw)
        self.record_terms("magnitude.terms.forward", f_chart)
        self.record_terms("magnitude.terms.reverse", r_chart)
        f_title = MathTex(r"\text{terms of }" + D_PQ, font_size=FONT_SIZE.BODY,
                          color=FORWARD_KL_COLOR)
        r_title = MathTex(r"\text{terms of }" + D_QP, font_size=FONT_SIZE.BODY,
                          color=REVERSE_KL_COLOR)
        # "Only the sum never is": each title becomes its sum, at least zero.
        zero = self.fmt("magnitude.zero_iff_equal", check("magnitude.zero_iff_equal").computed,
                        decimals=0)
        f_total = self.fmt("magnitude.asymmetry.forward", kl_divergence(p, q))
        r_total = self.fmt("magnitude.asymmetry.reverse", kl_divergence(q, p))
        f_sum = MathTex(D_PQ, "=", f_total, r"\ge", zero, font_size=FONT_SIZE.BODY,
                        color=FORWARD_KL_COLOR)
        r_sum = MathTex(D_QP, "=", r_total, r"\ge", zero, font_size=FONT_SIZE.BODY,
                        color=REVERSE_KL_COLOR)
        fx, rx = int(np.argmax(f_terms)), int(np.argmax(r_terms))
        f_cap = self.lead_caption("forward", fx, p, q)
        r_cap = self.lead_caption("reverse", rx, p, q)
        # Side by side on one zero line, titles on one line, captions on one line.
        r_chart.next_to(f_chart, RIGHT, buff=1.9)
        r_chart.shift(UP * (f_chart.zero_line.get_y() - r_chart.zero_line.get_y()))
        both = VGroup(f_chart, r_chart)
        for title, total, chart, cap in ((f_title, f_sum, f_chart, f_cap),
                                         (r_title, r_sum, r_chart, r_cap)):
            title.next_to(both, UP, buff=0.35).set_x(chart.get_x())
            total.move_to(title)
            cap.next_to(both, DOWN, buff=0.35).set_x(chart.get_x())
        f_col = VGroup(f_title, f_chart, f_cap)
        r_col = VGroup(r_title, r_chart, r_cap)
        charts = VGroup(f_col, r_col)
        pq = VGroup(self.p_small, self.q_small)
        self.play(pq.animate.arrange(DOWN, buff=0.5).to_edge(LEFT, buff=0.6))
        charts.next_to(pq, RIGHT, buff=0.9).match_y(pq)
        f_sum.move_to(f_title)
        r_sum.move_to(r_title)
        negative = VGroup(*(VGroup(chart.bars[i], chart.values[i])
                            for chart in (f_chart, r_chart)
                            for i in np.flatnonzero(chart.terms < 0)))

        self.narrate("Which outcomes make each direction large? Split the sums into terms.")
        self.play(FadeIn(VGroup(f_title, f_chart, r_title, r_chart)), run_time=1.2)
        self.wait_for_narration()
        pf, qf = self.say("magnitude.lead.forward.p", p[fx], "probability"), self.say(
            "magnitude.lead.forward.q", q[fx], "probability")
        under = "underestimates" if q[fx] < p[fx] else "overestimates"
        self.narrate(f"Forward KL is led by {NAMES[fx]}, which the student {under}: {qf} against "
                     f"the teacher's {pf}.")
        self.play(self.ring(f_chart, fx, FORWARD_KL_COLOR), self.ring_bars(fx, FORWARD_KL_COLOR))
        self.until(0.55)  # "which the student underestimates: ..."
        self.play(FadeIn(f_cap, shift=UP * 0.1), self.pointer(self.q_small.chart.bars[fx],
                                                              color=Q_COLOR))
        self.play(self.pointer(self.p_small.chart.bars[fx], color=P_COLOR))
        self.wait_for_narration()
        qr_, pr_ = self.say("magnitude.lead.reverse.q", q[rx], "probability"), self.say(
            "magnitude.lead.reverse.p", p[rx], "probability")
        over = "over-allocates" if q[rx] > p[rx] else "under-allocates"
        self.narrate(f"Reverse KL is led by {NAMES[rx]}, where the student {over}: {qr_} against "
                     f"{pr_}.")
        self.play(self.ring(r_chart, rx, REVERSE_KL_COLOR), self.ring_bars(rx, REVERSE_KL_COLOR))
        self.until(0.55)  # "where the student over-allocates: ..."
        self.play(FadeIn(r_cap, shift=UP * 0.1), self.pointer(self.q_small.chart.bars[rx],
                                                              color=Q_COLOR))
        self.play(self.pointer(self.p_small.chart.bars[rx], color=P_COLOR))
        self.wait_for_narration()
        as_said = q[fx] < p[fx] and q[rx] > p[rx]
        self.narrate(("As the article says" if as_said else "Not as the article says")
                     + "; but single terms can be negative. Only the sum never is.")
        self.until(0.3)  # "single terms can be negative"
        self.play(self.pointer(negative, color=KL_COLOR), run_time=1.2)
        self.until(0.7)  # "Only the sum never is"
        self.play(ReplacementTransform(f_title, f_sum), ReplacementTransform(r_title, r_sum))
        self.play(self.pointer(VGroup(f_sum[-1], r_sum[-1]), how="circumscribe", color=KL_COLOR))
        self.wait_for_narration()
        self.beat("Forward is driven by large P with small Q; reverse by large Q with small P.")
        self.play(*(FadeOut(m) for m in self.mobjects))

    def lead_caption(self, direction: str, x: int, p: np.ndarray, q: np.ndarray) -> VGroup:
        """``B: Q = 0.50 > P = 0.10`` and what that means, from the numbers themselves."""
        a, b = (("P", p), ("Q", q)) if direction == "forward" else (("Q", q), ("P", p))
        va = self.fmt(f"magnitude.lead.{direction}.{a[0].lower()}", float(a[1][x]), "probability")
        vb = self.fmt(f"magnitude.lead.{direction}.{b[0].lower()}", float(b[1][x]), "probability")
        rel = ">" if a[1][x] > b[1][x] else r"\le"
        color = FORWARD_KL_COLOR if direction == "forward" else REVERSE_KL_COLOR
        head = MathTex(rf"{NAMES[x]}\!:\ {a[0]} = {va} {rel} {b[0]} = {vb}", font_size=FONT_SIZE.BODY,
                       color=color)
        if direction == "forward":
            meaning = "student underestimates" if q[x] < p[x] else "student overestimates"
        else:
            meaning = "student over-allocates" if q[x] > p[x] else "student under-allocates"
        return VGroup(head, label(meaning, color)).arrange(DOWN, buff=0.15)

    def ring(self, chart: TermBars, x: int, color: str) -> Create:
        return Create(SurroundingRectangle(VGroup(chart.bars[x], chart.values[x], chart.labels[x]),
                                           color=color, buff=0.08))

    def ring_bars(self, x: int, color: str) -> Indicate:
        return Indicate(VGroup(self.p_small.chart.bars[x], self.q_small.chart.bars[x]), color=color)

    def record_terms(self, key: str, chart: TermBars) -> None:
        for name, v, text in zip(NAMES, chart.terms, chart.value_texts(), strict=True):
            self.record_number(f"{key}.{name}", float(v), "bits", text)

    def infinite_under_mismatch(self) -> None:
        cols = VGroup(self.mismatch_column("worked", *WORKED_EXAMPLE),
                      self.mismatch_column("reverse", *SUPPORT_MISMATCH_REVERSE))
        cols.arrange(RIGHT, buff=1.2, aligned_edge=UP).to_edge(UP, buff=0.6)
        left, right = cols
        left_place = left.get_center()
        left.set_x(0)  # alone first, centred; it makes room when the flipped case arrives
        wp, wq = WORKED_EXAMPLE
        w = support_mismatch(wp.probs, wq.probs)
        c = wp.outcomes[w.p_only[0]]
        zero = self.say("magnitude.mismatch.worked.q", wq.probs[w.p_only[0]], "probability",
                        style="words")
        rev = self.say("magnitude.mismatch.worked.reverse", w.reverse)
        self.narrate(f"KL can also be infinite. The worked example's student gives {c} {zero}: "
                     f"forward KL is infinite, reverse is {rev} bits.")
        self.play(FadeIn(left.bars_part))
        self.until(0.4)  # "the student gives C zero"
        self.play(*(Create(r) for r in left.rings), self.pointer(left.q_bar, color=Q_COLOR))
        self.until(0.65)  # "forward KL is infinite"
        self.play(FadeIn(left.numbers[0], shift=UP * 0.1))
        self.until(0.85)  # "reverse is ... bits"
        self.play(FadeIn(left.numbers[1], shift=UP * 0.1))
        self.wait_for_narration()
        pc = self.say("magnitude.mismatch.worked.p", wp.probs[w.p_only[0]], "probability")
        bullet = assess("magnitude.forward_large_underestimates")
        audit = VGroup()
        if bullet.agrees:
            self.narrate(f"The teacher gives {c} {pc}, and the student underestimates it, as "
                         "the article's bullet says.")
        else:
            held = self.say(f"{bullet.id}.holding", bullet["holding"], "count", decimals=0)
            cases = self.say(f"{bullet.id}.large_cases", bullet["large_cases"], "count",
                             decimals=0)
            self.narrate(f"Yet the teacher gives {c} only {pc}: forward KL can explode on an "
                         "outcome the teacher barely uses. The article's bullet fits "
                         f"{held} of {cases} large-KL students the audit tried, not this one.")
            held_t = self.fmt(f"{bullet.id}.holding", bullet["holding"], "count", decimals=0)
            cases_t = self.fmt(f"{bullet.id}.large_cases", bullet["large_cases"], "count",
                               decimals=0)
            audit = tag(f"bullet fits {held_t} of {cases_t}").next_to(left.verdict, DOWN, buff=0.2)
        self.play(FadeIn(left.caveat, shift=UP * 0.1), self.pointer(left.p_bar, color=P_COLOR))
        self.until(0.3)  # "forward KL can explode"
        self.play(self.pointer(left.numbers[0], color=FORWARD_KL_COLOR))
        self.until(0.6)  # "the article's bullet"
        self.play(FadeIn(left.verdict, shift=UP * 0.1))
        if len(audit):
            self.until(0.75)  # "fits ... of ... students the audit tried"
            self.play(FadeIn(audit, shift=UP * 0.1))
            self.play(self.pointer(audit))
        self.wait_for_narration()
        rp, rq = SUPPORT_MISMATCH_REVERSE
        m = support_mismatch(rp.probs, rq.probs)
        rc = rp.outcomes[m.q_only[0]]
        fwd = self.say("magnitude.mismatch.reverse.forward", m.forward)
        self.narrate(f"Flip it: a teacher that rules {rc} out. Now reverse KL is infinite; "
                     f"forward is {fwd} bits.")
        self.play(VGroup(left, audit).animate.shift(left_place - left.get_center()),
                  FadeIn(right.bars_part))
        self.until(0.3)  # "a teacher that rules C out"
        self.play(*(Create(r) for r in right.rings), self.pointer(right.p_bar, color=P_COLOR))
        self.until(0.55)  # "Now reverse KL is infinite"
        self.play(FadeIn(right.numbers, shift=UP * 0.1), FadeIn(right.caveat))
        self.play(self.pointer(right.numbers[1], color=REVERSE_KL_COLOR))
        self.until(0.85)
        self.play(FadeIn(right.verdict, shift=UP * 0.1))
        self.wait_for_narration()
        self.beat("Support mismatch: forward KL is infinite where the student rules out what the "
                  "teacher allows; reverse KL where the teacher rules out what the student allows.")
        self.play(FadeOut(VGroup(cols, audit)))

    def mismatch_column(self, key: str, p_dist: Categorical, q_dist: Categorical) -> VGroup:
        """P and Q bars, the offending outcome ringed, both KLs and where the infinity comes from."""
        p, q = np.array(p_dist.probs), np.array(q_dist.probs)
        m = support_mismatch(p, q)
        names = p_dist.outcomes
        small = {"height": 2.0, "width": 0.5}
        # Role names over the bars (the examples' longer names are said, not shown).
        pg = self.bars(f"magnitude.mismatch.{key}.P", p, P_COLOR, "teacher P", names, **small)
        qg = self.bars(f"magnitude.mismatch.{key}.Q", q, Q_COLOR, "student Q", names, **small)
        bars = VGroup(pg, qg).arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
        bad = (m.p_only or m.q_only)[0]
        rings = VGroup(*(SurroundingRectangle(VGroup(g.chart.bars[bad], g.chart.labels[bad],
                                                     g.chart.values[bad]), color=KL_COLOR, buff=0.08)
                         for g in (pg, qg)))
        f_row = self.kl_row(D_PQ, f"magnitude.mismatch.{key}.forward", m.forward,
                            FORWARD_KL_COLOR, FONT_SIZE.CAPTION + 2)
        r_row = self.kl_row(D_QP, f"magnitude.mismatch.{key}.reverse", m.reverse,
                            REVERSE_KL_COLOR, FONT_SIZE.CAPTION + 2)
        numbers = VGroup(f_row, r_row).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        numbers.next_to(bars, DOWN, buff=0.45)
        pv = self.fmt(f"magnitude.mismatch.{key}.p_bad", float(p[bad]), "probability")
        qv = self.fmt(f"magnitude.mismatch.{key}.q_bad", float(q[bad]), "probability")
        caveat = MathTex(rf"\text{{{names[bad]}: }} P = {pv},\ Q = {qv}", font_size=FONT_SIZE.BODY,
                         color=KL_COLOR)
        if m.p_only:  # the article: "the student underestimates regions the teacher cares about"
            as_said = p[bad] >= 1 / len(p)  # the teacher gives it at least a uniform share
        else:  # the article: "over-allocates mass where the teacher says ... zero"
            as_said = p[bad] == 0
        verdict = Verdict("as the bullet says" if as_said else "not the bullet's case", as_said)
        VGroup(caveat, verdict).arrange(DOWN, buff=0.25).next_to(numbers, DOWN, buff=0.35)
        col = VGroup(bars, rings, numbers, caveat, verdict)
        col.bars_part, col.rings, col.numbers = bars, rings, numbers  # type: ignore[attr-defined]
        col.caveat, col.verdict = caveat, verdict  # type: ignore[attr-defined]
        col.p_bar, col.q_bar = pg.chart.bars[bad], qg.chart.bars[bad]  # type: ignore[attr-defined]
        return col

    def conclude(self) -> None:
        zero = self.fmt("magnitude.zero_iff_equal", check("magnitude.zero_iff_equal").computed,
                        decimals=0)
        # The support conditions, with the zeros of the two examples just shown.
        wp, wq = WORKED_EXAMPLE
        rp, rq = SUPPORT_MISMATCH_REVERSE
        w_bad = support_mismatch(wp.probs, wq.probs).p_only[0]
        r_bad = support_mismatch(rp.probs, rq.probs).q_only[0]
        q_zero = self.fmt("magnitude.summary.worked.q_bad", wq.probs[w_bad], "probability", 0)
        p_zero = self.fmt("magnitude.summary.reverse.p_bad", rp.probs[r_bad], "probability", 0)
        lines = VGroup(
            MathTex(D_PQ, rf"\ge {zero}", rf",\ = {zero}\text{{ only when }}Q = P"),
            MathTex(D_PQ, r"\ne", D_QP),
            MathTex(r"D(P\|R) \not\le D(P\|Q) + D(Q\|R)"),
            MathTex(rf"Q = {q_zero} < P \Rightarrow", D_PQ, r"= \infty,\quad",
                    rf"P = {p_zero} < Q \Rightarrow", D_QP, r"= \infty"),
        )
        for line in lines:
            line.set(font_size=FONT_SIZE.HEADING)
            fit_width(line)
        lines[0][0].set_color(FORWARD_KL_COLOR)
        lines[1][0].set_color(FORWARD_KL_COLOR)
        lines[1][2].set_color(REVERSE_KL_COLOR)
        lines[2].set_color(KL_COLOR)
        lines[3][1].set_color(FORWARD_KL_COLOR)
        lines[3][4].set_color(REVERSE_KL_COLOR)
        lines.arrange(DOWN, buff=0.45, aligned_edge=LEFT).move_to(DOWN * 0.2)
        heading = label("What the size of KL tells you", TEXT_COLOR, FONT_SIZE.HEADING)
        heading.to_edge(UP, buff=0.6)
        self.narrate("Never negative, direction-dependent, not a distance, and possibly "
                     "infinite.")
        self.play(FadeIn(heading), FadeIn(lines[0], shift=UP * 0.1))
        for line, frac in zip(lines[1:], (0.3, 0.55, 0.8), strict=True):
            self.until(frac)  # "direction-dependent", "not a distance", "possibly infinite"
            self.play(FadeIn(line, shift=UP * 0.1), run_time=0.8)
        self.wait_for_narration()
