"""Section 5, "Why Not Just Use Probability?": before the event versus what it resolved."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    VGroup,
    Write,
)

from entropy_explorer.examples import FAIR_COIN, TWO_COIN_FLIPS
from entropy_explorer.infotheory import information
from entropy_explorer.mobjects.text import caption, label
from entropy_explorer.numbers import auto_decimals
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    CHECK_COLOR,
    CROSS_COLOR,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["WhyNotProbabilityScene"]

YES = "\u2713"  # check mark
NO = "\u2717"  # ballot x
#: Side of one outcome cell in the two-flip grid.
CELL = 1.8


class WhyNotProbabilityScene(SectionScene):
    """Probability is a forecast; information is what the outcome resolved, and it adds."""

    section = 5

    def body(self) -> None:
        self.ask()
        self.before_and_after()
        self.two_flips()
        self.compare()

    # -------------------------------------------------------------------- steps
    def ask(self) -> None:
        question = VGroup(*[
            label(line, size=FONT_SIZE.HEADING)
            for line in ("If probability already tells us", "how rare an event is,",
                         "why invent a new quantity?")
        ]).arrange(DOWN, buff=0.25)
        self.narrate("It's tempting to ask: if probability already tells us how rare an event "
                     "is, why invent a new quantity?")
        self.play(Write(question[:2]), run_time=2)
        self.until(0.6)
        self.play(Write(question[2]), run_time=1.2)
        self.play(self.pointer(question[2], "circumscribe"))
        self.beat("Pose the question; let the audience answer.")
        self.play(FadeOut(question))

    def before_and_after(self) -> None:
        coin = FAIR_COIN
        p = coin.p_heads
        line = Arrow(LEFT * 6.2, RIGHT * 6.2, color=MUTED_COLOR, buff=0, stroke_width=4,
                     max_tip_length_to_length_ratio=0.03)
        line.shift(DOWN * 0.2)
        tick = Line(UP * 0.35, DOWN * 0.35, color=INFORMATION_COLOR, stroke_width=6)
        tick.move_to(line.get_center())
        event = caption("heads!", INFORMATION_COLOR)
        event.next_to(tick, DOWN, buff=0.3)

        p_text = self.fmt("whynot.coin.p", p, unit="probability", decimals=auto_decimals(p, 3))
        before = VGroup(
            label("before", MUTED_COLOR, FONT_SIZE.LABEL),
            MathTex(r"P(\text{heads})", "=", p_text, font_size=FONT_SIZE.TITLE, color=P_COLOR),
            caption("a forecast", NOTE_COLOR),
        ).arrange(DOWN, buff=0.3)
        before.next_to(line, UP, buff=0.6).set_x(-3.5)
        bits = information(p)
        i_text = self.fmt("whynot.coin.I", bits, decimals=auto_decimals(bits))
        after = VGroup(
            label("after", MUTED_COLOR, FONT_SIZE.LABEL),
            MathTex(r"I(\text{heads})", "=", i_text, r"\text{ bit}", font_size=FONT_SIZE.TITLE,
                    color=INFORMATION_COLOR),
            caption("resolved", NOTE_COLOR),
        ).arrange(DOWN, buff=0.3)
        after.next_to(line, UP, buff=0.6).set_x(3.5)

        self.narrate("Because probability only measures uncertainty before an event happens.")
        self.play(GrowArrow(line))
        self.play(FadeIn(before, shift=RIGHT * 0.2))
        self.wait_for_narration()
        self.narrate("Once the event occurs, we want a measure of how much uncertainty was "
                     "resolved.")
        self.play(Create(tick), FadeIn(event))
        self.play(FadeIn(after, shift=LEFT * 0.2))
        self.beat("Probability is a forecast; information is what the outcome told us.")
        self.play(*[FadeOut(m) for m in (line, tick, event, before, after)])

    def two_flips(self) -> None:
        p1, p2 = TWO_COIN_FLIPS
        names = FAIR_COIN.outcomes
        grid = VGroup(*[
            VGroup(Rectangle(width=CELL, height=CELL, color=MUTED_COLOR, stroke_width=2),
                   label(a + b, TEXT_COLOR, FONT_SIZE.BODY))
            for b in names for a in names
        ]).arrange_in_grid(rows=2, cols=2, buff=0)
        grid.move_to(LEFT * 4.0 + DOWN * 0.2)
        first = label("flip 1", MUTED_COLOR).next_to(grid, UP, buff=0.25)
        second = label("flip 2", MUTED_COLOR).rotate(1.5708)
        second.next_to(grid, LEFT, buff=0.25)
        both = grid[0][0].copy().set_fill(INFORMATION_COLOR, opacity=0.45).set_stroke(width=0)

        t1 = self.fmt("whynot.flip1.p", p1, unit="probability", decimals=auto_decimals(p1, 3))
        t2 = self.fmt("whynot.flip2.p", p2, unit="probability", decimals=auto_decimals(p2, 3))
        t12 = self.fmt("whynot.flips.p", p1 * p2, unit="probability",
                       decimals=auto_decimals(p1 * p2, 3))
        i1, i2, i12 = information(p1), information(p2), information(p1 * p2)
        s1 = self.fmt("whynot.flip1.I", i1, decimals=auto_decimals(i1))
        s2 = self.fmt("whynot.flip2.I", i2, decimals=auto_decimals(i2))
        s12 = self.fmt("whynot.flips.I", i12, decimals=auto_decimals(i12))
        prob = MathTex(r"P(\text{HH})", "=", t1, r"\times", t2, "=", t12, font_size=FONT_SIZE.TITLE,
                       color=P_COLOR)
        info = MathTex(r"I(\text{HH})", "=", s1, "+", s2, "=", s12, r"\text{ bits}", font_size=FONT_SIZE.TITLE,
                       color=INFORMATION_COLOR)
        mult = caption("probabilities multiply", P_COLOR)
        adds = caption("information adds", INFORMATION_COLOR)
        eqs = VGroup(VGroup(prob, mult), VGroup(info, adds))
        for row in eqs:
            row.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        eqs.arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        eqs.to_edge(UP, buff=0.9).align_to([-1.0, 0, 0], LEFT)
        qs = VGroup(
            caption("flip 1 heads?  yes", TEXT_COLOR),
            caption("flip 2 heads?  yes", TEXT_COLOR),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        qs.next_to(eqs, DOWN, buff=0.7).align_to(eqs, LEFT)
        n_q = self.fmt("whynot.flips.questions", len(TWO_COIN_FLIPS), unit="count", decimals=0)
        q_note = caption(f"{n_q} questions = {s12} bits", NOTE_COLOR)
        q_note.next_to(qs, DOWN, buff=0.3).align_to(qs, LEFT)

        flips = self.say("whynot.flips.count", len(TWO_COIN_FLIPS), "count", style="words")
        self.narrate("We want this measure to add up across independent events. Flip a fair "
                     f"coin {flips} times.")
        self.play(LaggedStart(*[FadeIn(c) for c in grid], lag_ratio=0.15), FadeIn(first),
                  FadeIn(second))
        self.play(FadeIn(both))
        self.wait_for_narration()
        said_p1 = self.say("whynot.flip1.p", p1, "probability", style="fraction")
        said_p2 = self.say("whynot.flip2.p", p2, "probability", style="fraction")
        said_p12 = self.say("whynot.flips.p", p1 * p2, "probability", style="fraction")
        said_i1, said_i2, said_i12 = (
            f"{self.say(key, i, style='words')} {'bit' if i == 1 else 'bits'}"
            for key, i in (("whynot.flip1.I", i1), ("whynot.flip2.I", i2), ("whynot.flips.I", i12)))
        self.narrate(f"{flips.capitalize()} heads: the probabilities multiply, {said_p1} times "
                     f"{said_p2} is {said_p12}, but the information adds, {said_i1} plus "
                     f"{said_i2} is {said_i12}.")
        self.play(Write(prob))
        self.play(FadeIn(mult, shift=LEFT * 0.1))
        self.play(Write(info))
        self.play(FadeIn(adds, shift=LEFT * 0.1))
        self.wait_for_narration()
        said_q = self.say("whynot.flips.questions", len(TWO_COIN_FLIPS), "count", style="words")
        self.narrate("And it should reflect how many binary decisions are needed: "
                     f"{said_q} yes/no questions.")
        self.play(FadeIn(qs, shift=UP * 0.1))
        self.play(FadeIn(q_note), Indicate(info[6], color=INFORMATION_COLOR, scale_factor=1.4))
        self.beat("Information adds; probability multiplies.")
        self.play(*[FadeOut(m) for m in (grid, first, second, both, eqs, qs, q_note)])

    def compare(self) -> None:
        rows = [
            ("adds up", False, True),
            ("counts yes/no questions", False, True),
            ("smooth in p", True, True),
        ]
        head = VGroup(
            MathTex("p", font_size=FONT_SIZE.TITLE, color=P_COLOR),
            MathTex(r"-\log_2 p", font_size=FONT_SIZE.TITLE, color=INFORMATION_COLOR),
        )
        self.declare_constants("2")
        col_x = (1.9, 4.4)
        table = VGroup()
        y0 = 2.0
        for j, h in enumerate(head):
            h.move_to([col_x[j], y0, 0])
        for i, (text, by_p, by_i) in enumerate(rows):
            y = y0 - 1.0 * (i + 1)
            name = caption(text, TEXT_COLOR)
            name.move_to([0, y, 0]).align_to([-6.4, 0, 0], LEFT)
            marks = VGroup(*[
                label(YES if ok else NO, CHECK_COLOR if ok else CROSS_COLOR, FONT_SIZE.HEADING)
                .move_to([x, y, 0])
                for x, ok in zip(col_x, (by_p, by_i), strict=True)
            ])
            table.add(VGroup(name, marks))
        rule = Line([-6.4, y0 - 0.5, 0], [5.4, y0 - 0.5, 0], color=MUTED_COLOR, stroke_width=2)
        verdict = caption("Information can.", INFORMATION_COLOR)
        verdict.next_to(table, DOWN, buff=0.8).align_to(table, LEFT)

        self.narrate("So we want a measure that adds up, counts binary decisions, and behaves "
                     "smoothly in p.")
        self.play(FadeIn(head), Create(rule))
        for row in table:
            self.play(FadeIn(row[0], shift=RIGHT * 0.1), LaggedStart(
                *[FadeIn(m, scale=1.4) for m in row[1]], lag_ratio=0.4), run_time=1.2)
        self.wait_for_narration()
        self.narrate("Probability can't do this, though it is smooth too. But information can.")
        # "Probability can't": its column; "smooth too": its one check; "information can".
        self.play(self.pointer(VGroup(head[0], *[row[1][0] for row in table]), "circumscribe",
                               CROSS_COLOR))
        self.play(self.pointer(table[2][1][0], "indicate", CHECK_COLOR))
        self.play(self.pointer(VGroup(head[1], *[row[1][1] for row in table]), "circumscribe"),
                  Write(verdict), run_time=1.5)
        self.wait_for_narration()
