"""Section 4, "A Guiding Example: Guessing a Number": halving questions count bits."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    LaggedStart,
    MathTex,
    Square,
    SurroundingRectangle,
    Text,
    TransformMatchingTex,
    VGroup,
    Write,
)

from entropy_explorer.examples import (
    GUESS_LARGE,
    GUESS_LARGE_SECRET,
    GUESS_SMALL,
    GUESS_SMALL_SECRET,
)
from entropy_explorer.infotheory import information
from entropy_explorer.numbers import spoken_text
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    NOTE_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["GuessingScene", "Question", "halving_questions"]

#: Opacity of a number the answers have ruled out.
RULED_OUT = 0.12
YES_COLOR = P_COLOR
#: Where the 1-to-8 equations sit (right of the question log), and their size.
EQ_CENTER = RIGHT * 3.9 + DOWN * 0.5
EQ_SIZE = 48
#: Where the 1-to-8 information equation lands: centred under the question log.
INFO_CENTER = DOWN * 2.9
NO_COLOR = MUTED_COLOR


@dataclass(frozen=True)
class Question:
    """One yes/no question of the halving strategy: "is it greater than ``threshold``?"."""

    threshold: int
    answer: bool
    #: The numbers still possible after the answer, ``lo..hi`` inclusive.
    lo: int
    hi: int


def halving_questions(n: int, secret: int) -> list[Question]:
    """The questions that find ``secret`` in 1..``n`` by halving the candidates each time.

    This is the game, not information theory: the scene compares the number of questions
    it takes with ``information(1/n)`` from the math module.
    """
    if not 1 <= secret <= n:
        raise ValueError(f"secret {secret} is not in 1..{n}")
    lo, hi, out = 1, n, []
    while lo < hi:
        mid = (lo + hi) // 2
        yes = secret > mid
        lo, hi = (mid + 1, hi) if yes else (lo, mid)
        out.append(Question(mid, yes, lo, hi))
    return out


class GuessingScene(SectionScene):
    """Eight numbers in three questions, 1024 numbers in ten, and both equal to -log2 p."""

    section = 4

    def body(self) -> None:
        self.eight_numbers()
        self.ask_three_questions()
        self.tie_to_information()
        self.many_numbers()
        self.ask_ten_questions()
        self.lucky_guess()

    # ---------------------------------------------------------------- 1 to 8
    def eight_numbers(self) -> None:
        game = GUESS_SMALL
        self.declare_constants(*(str(k) for k in range(1, game.n + 1)))  # the cells' names
        prompt = Text(f"I think of a number from 1 to {game.n}", font=FONT,
                      font_size=FONT_SIZE.HEADING, color=TEXT_COLOR).to_edge(UP, buff=0.5)
        cells = VGroup(*[
            VGroup(Square(1.3, color=MUTED_COLOR, stroke_width=2)
                   .set_fill(P_COLOR, opacity=0.25),
                   Text(str(k), font=FONT, font_size=FONT_SIZE.HEADING, color=TEXT_COLOR))
            for k in range(1, game.n + 1)
        ]).arrange(RIGHT, buff=0.18).next_to(prompt, DOWN, buff=0.6)
        p_text = self.fmt("guessing.small.n", game.n, unit="count", decimals=0)
        self.declare_constants("1")  # numerator
        prob = MathTex(r"p", r"=", r"\frac{1}{" + p_text + "}", font_size=EQ_SIZE, color=P_COLOR)
        prob.move_to(EQ_CENTER + UP * 0.6)
        # The game numbers its cards from 1, and a fair guess among n is "one in n": labels.
        self.declare_spoken("between one and", "one in", "two to the", "log two")
        said_n = self.say("guessing.small.n", game.n, "count", style="words")
        self.narrate(f"Suppose I think of a number between one and {said_n}, each equally likely.")
        self.play(Write(prompt))
        self.play(LaggedStart(*[FadeIn(c, shift=DOWN * 0.2) for c in cells], lag_ratio=0.1))
        self.wait_for_narration()
        said_p = self.say("guessing.small.p", game.p, "probability", style="fraction")
        self.narrate(f"Each outcome has probability {said_p}.")
        self.play(Write(prob))
        self.wait_for_narration()
        self.prompt, self.cells, self.prob = prompt, cells, prob

    def ask_three_questions(self) -> None:
        questions = halving_questions(GUESS_SMALL.n, GUESS_SMALL_SECRET)
        log = VGroup()
        # The share of the candidates every answer rules out (at least).
        sizes = [GUESS_SMALL.n, *(q.hi - q.lo + 1 for q in questions)]
        ruled_out = min(1 - after / before for before, after in pairwise(sizes))
        said = self.say("guessing.small.ruled_out", ruled_out, "ratio", style="fraction")
        self.narrate(f"Each yes/no question can rule out {said} of what is left.")
        for i, q in enumerate(questions, start=1):
            line = self.question_line(f"guessing.small.q{i}", i, q, FONT_SIZE.BODY)
            if log:
                line.next_to(log, DOWN, buff=0.4).align_to(log, LEFT)
            else:
                line.next_to(self.cells, DOWN, buff=0.9).align_to(self.cells, LEFT)
            log.add(line)
            out = [c for k, c in enumerate(self.cells, start=1) if not q.lo <= k <= q.hi]
            self.play(FadeIn(line[:-1], shift=RIGHT * 0.2), run_time=0.8)
            self.play(FadeIn(line[-1], scale=1.3),
                      VGroup(*out).animate.set_opacity(RULED_OUT), run_time=1.0)
            self.wait(0.6)
        found = self.cells[GUESS_SMALL_SECRET - 1]
        box = SurroundingRectangle(found, color=INFORMATION_COLOR, buff=0.08, stroke_width=5)
        self.play(Create(box))
        self.wait_for_narration()
        self.log, self.box, self.questions_small = log, box, questions

    def tie_to_information(self) -> None:
        game = GUESS_SMALL
        k = len(self.questions_small)
        bits = information(game.p)
        k_text = self.fmt("guessing.small.questions", k, unit="count", decimals=0)
        n_text = self.fmt("guessing.small.n", game.n, unit="count", decimals=0)
        b_text = self.fmt("guessing.one_in_8", bits, unit="bits", decimals=0)
        # 2 ** (the information in bits) is the number of equally likely outcomes.
        two_k = self.fmt("guessing.questions_for_8", 2.0 ** bits, unit="count", decimals=0)
        self.declare_constants("2")  # base of the power and of the logarithm
        power = MathTex(rf"2^{{{k_text}}}", r"=", two_k, font_size=EQ_SIZE)
        power.move_to(EQ_CENTER + DOWN * 0.8)
        info = MathTex(r"I(x)", r"=", r"-\log_2", r"\frac{1}{" + n_text + "}", r"=", b_text,
                       r"\text{ bits}", font_size=EQ_SIZE + 6)
        info[0].set_color(INFORMATION_COLOR)
        info[3].set_color(P_COLOR)
        info[5:].set_color(INFORMATION_COLOR)
        info.move_to(INFO_CENTER)
        said_k = self.say("guessing.small.questions", k, "count", style="words")
        said_two_k = self.say("guessing.questions_for_8", 2.0 ** k, "count", style="words")
        self.narrate(f"{said_k.capitalize()} questions are enough, since two to the {said_k} is "
                     f"{said_two_k}.")
        self.play(Write(power))
        self.wait_for_narration()
        said_p = self.say("guessing.small.p", game.p, "probability", style="fraction")
        said_bits = self.say("guessing.one_in_8", bits, style="words")
        per = self.say("guessing.small.bits_per_question", bits / k, style="words")
        bit = "bit" if bits == k else "bits"
        self.narrate(f"And minus log two of {said_p} is {said_bits} bits: {per} {bit} per "
                     "question.")
        self.play(TransformMatchingTex(self.prob, info), run_time=1.5)
        self.play(Indicate(info[5], color=INFORMATION_COLOR, scale_factor=1.4))
        said_k = self.say("guessing.small.questions", k, "count", style="words")
        said_bits = self.say("guessing.one_in_8", bits, style="words")
        self.beat(f"{said_k.capitalize()} halving questions, {said_bits} bits.")
        self.play(*[FadeOut(m) for m in (self.prompt, self.cells, self.log, self.box, power,
                                          info)])

    def question_line(self, key: str, i: int, q: Question, font_size: float) -> VGroup:
        """``Q1  Is it greater than 4?  yes``; the threshold is recorded."""
        t = self.fmt(f"{key}.threshold", q.threshold, unit="value", decimals=0)
        self.declare_constants(str(i))  # question number
        label = Text(f"Q{i}", font=FONT, font_size=font_size, color=MUTED_COLOR)
        text = Text(f"Is it greater than {t}?", font=FONT, font_size=font_size, color=TEXT_COLOR)
        answer = Text("yes" if q.answer else "no", font=FONT, font_size=font_size,
                      color=YES_COLOR if q.answer else NO_COLOR, weight="BOLD")
        return VGroup(label, text, answer).arrange(RIGHT, buff=0.3)

    # ------------------------------------------------------------- 1 to 1024
    def many_numbers(self) -> None:
        game = GUESS_LARGE
        side = round(game.n ** 0.5)
        n_text = self.fmt("guessing.large.n", game.n, unit="count", decimals=0)
        prompt = Text(f"Now a number from 1 to {n_text}", font=FONT, font_size=FONT_SIZE.HEADING,
                      color=TEXT_COLOR).to_edge(UP, buff=0.5)
        grid = VGroup(*[
            Square(0.145, stroke_width=0).set_fill(P_COLOR, opacity=0.6) for _ in range(game.n)
        ]).arrange_in_grid(rows=side, cols=side, buff=0.02)
        grid.next_to(prompt, DOWN, buff=0.4).to_edge(LEFT, buff=0.8)
        first = Text("1", font=FONT, font_size=FONT_SIZE.SMALL, color=MUTED_COLOR)
        first.next_to(grid, UL, buff=0.08)
        last = Text(n_text, font=FONT, font_size=FONT_SIZE.SMALL, color=MUTED_COLOR)
        last.next_to(grid, DR, buff=0.08)
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        self.narrate(f"Now say I think of a number between one and {said_n}.")
        self.play(FadeIn(prompt), FadeIn(grid, lag_ratio=0.002), FadeIn(first), FadeIn(last),
                  run_time=2)
        self.wait_for_narration()
        self.prompt, self.grid, self.corner_labels = prompt, grid, VGroup(first, last)

    def ask_ten_questions(self) -> None:
        game = GUESS_LARGE
        questions = halving_questions(game.n, GUESS_LARGE_SECRET)
        x0 = self.grid.get_right()[0] + 0.8
        counter_y = self.grid.get_top()[1] - 0.3

        def status(i: int, left: int) -> VGroup:
            a = self.fmt(f"guessing.large.asked_{i}", i, unit="count", decimals=0)
            b = self.fmt(f"guessing.large.left_{i}", left, unit="count", decimals=0)
            g = VGroup(
                Text(f"questions asked: {a}", font=FONT, font_size=FONT_SIZE.BODY, color=TEXT_COLOR),
                Text(f"numbers left: {b}", font=FONT, font_size=FONT_SIZE.BODY, color=P_COLOR),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
            g.move_to([x0, counter_y, 0], aligned_edge=UL)
            return g

        shown = status(0, game.n)
        # The numbers left after the first answers, and after the last one.
        first, second, third = (
            self.say(f"guessing.large.left_{i}", q.hi - q.lo + 1, "count", decimals=0)
            for i, q in enumerate(questions[:3], start=1))
        last = questions[-1]
        said_last = self.say(f"guessing.large.left_{len(questions)}", last.hi - last.lo + 1,
                             "count", style="words")
        self.narrate(f"Halving still works: each answer leaves {first}, then {second}, then "
                     f"{third} numbers, until {said_last} remains.")
        self.play(FadeIn(shown))
        line = None
        for i, q in enumerate(questions, start=1):
            new_line = self.question_line(f"guessing.large.q{i}", i, q, FONT_SIZE.LABEL)
            new_line.next_to(shown, DOWN, buff=0.8).align_to(shown, LEFT)
            out = [c for k, c in enumerate(self.grid, start=1)
                   if not q.lo <= k <= q.hi and c.get_fill_opacity() > RULED_OUT + 1e-6]
            new_status = status(i, q.hi - q.lo + 1)
            anims = [FadeOut(shown), FadeIn(new_status),
                     VGroup(*out).animate.set_fill(opacity=RULED_OUT)]
            if line is not None:
                anims.append(FadeOut(line, shift=UP * 0.2))
            anims.append(FadeIn(new_line, shift=UP * 0.2))
            self.play(*anims, run_time=0.9)
            shown, line = new_status, new_line
            self.wait(0.35)
        found = self.grid[GUESS_LARGE_SECRET - 1]
        ring = SurroundingRectangle(found, color=INFORMATION_COLOR, buff=0.06, stroke_width=4)
        self.play(Create(ring), found.animate.set_fill(INFORMATION_COLOR, opacity=1.0))
        self.wait_for_narration()

        k = len(questions)
        bits = information(game.p)
        n_text = self.fmt("guessing.large.n", game.n, unit="count", decimals=0)
        k_text = self.fmt("guessing.large.questions", k, unit="count", decimals=0)
        info = MathTex(r"I(x)", r"=", r"-\log_2", r"\frac{1}{" + n_text + "}", r"=",
                       self.fmt("guessing.one_in_1024", bits, unit="bits", decimals=0),
                       r"\text{ bits}", font_size=FONT_SIZE.HEADING)
        info[0].set_color(INFORMATION_COLOR)
        info[3].set_color(P_COLOR)
        info[5:].set_color(INFORMATION_COLOR)
        info.next_to(line, DOWN, buff=0.8).align_to(line, LEFT)
        power = MathTex(rf"2^{{{k_text}}}", r"=", n_text, font_size=FONT_SIZE.HEADING)
        power.next_to(info, DOWN, buff=0.4).align_to(info, LEFT)
        said_k = self.say("guessing.large.questions", k, "count", style="words")
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.narrate(f"{said_k.capitalize()} questions, and minus log two of one in {said_n} is "
                     f"{said_bits} bits.")
        self.play(Write(info), run_time=1.5)
        self.play(FadeIn(power, shift=UP * 0.1))
        said_k = self.say("guessing.large.questions", k, "count", style="words")
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.beat(f"{said_k.capitalize()} halving questions, {said_bits} bits.")
        self.questions_panel = VGroup(shown, line, power)
        self.ring, self.info_large = ring, info

    def lucky_guess(self) -> None:
        game = GUESS_LARGE
        bits = information(game.p)
        shown = spoken_text(bits, "words")  # the note writes the bits as a word, recorded
        self.record_number("guessing.one_in_1024", bits, "bits", shown)
        note = Text(f"a lucky first guess:\nthe same {shown} bits of surprise", font=FONT,
                    font_size=FONT_SIZE.LABEL, color=NOTE_COLOR, line_spacing=0.9)
        note.next_to(self.info_large, DOWN, buff=0.5).align_to(self.info_large, LEFT)
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.narrate(f"Guess it right on the very first try, and that outcome had probability "
                     f"one in {said_n}: {said_bits} bits.")
        self.play(FadeOut(self.questions_panel[2]), FadeOut(self.questions_panel[1]))
        self.play(self.info_large.animate.next_to(self.questions_panel[0], DOWN, buff=0.8)
                  .align_to(self.questions_panel[0], LEFT))
        note.next_to(self.info_large, DOWN, buff=0.5).align_to(self.info_large, LEFT)
        self.play(FadeIn(note, shift=UP * 0.1), Indicate(self.ring, color=INFORMATION_COLOR))
        self.wait_for_narration()
        self.narrate("The surprise is greater, and the informational value reflects it.")
        self.play(Indicate(self.info_large[5], color=INFORMATION_COLOR, scale_factor=1.4))
        self.wait_for_narration()
