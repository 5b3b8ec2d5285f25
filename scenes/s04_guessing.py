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
    TransformFromCopy,
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
from entropy_explorer.mobjects.text import caption, label, title
from entropy_explorer.numbers import spoken_text
from entropy_explorer.scene import SectionScene
from entropy_explorer.theme import (
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
NO_COLOR = MUTED_COLOR
#: Size of the 1-to-8 formulas, and of the information formula that ends each game.
EQ_SIZE = 54
INFO_SIZE = 48


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


def answer_label(q: Question, size: float) -> Text:
    """The answer to ``q``, "yes" or "no", in its colour."""
    return label("yes" if q.answer else "no", YES_COLOR if q.answer else NO_COLOR, size)


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
        prompt = title(f"I think of a number from 1 to {game.n}")
        cells = VGroup(*[
            VGroup(Square(1.3, color=MUTED_COLOR, stroke_width=2)
                   .set_fill(P_COLOR, opacity=0.25),
                   label(str(k), TEXT_COLOR, FONT_SIZE.HEADING))
            for k in range(1, game.n + 1)
        ]).arrange(RIGHT, buff=0.18).next_to(prompt, DOWN, buff=0.5)
        p_text = self.fmt("guessing.small.n", game.n, unit="count", decimals=0)
        self.declare_constants("1")  # numerator
        prob = MathTex(r"p", r"=", r"\frac{1}{" + p_text + "}", font_size=EQ_SIZE, color=P_COLOR)
        # Below the cells, right: the left holds the answers as they come.
        prob.next_to(cells, DOWN, buff=1.9).align_to(cells, RIGHT).shift(LEFT * 0.6)
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
        self.play(LaggedStart(*[self.pointer(c[0], color=P_COLOR, run_time=0.6) for c in cells],
                              lag_ratio=0.08))
        self.wait_for_narration()
        self.prompt, self.cells, self.prob = prompt, cells, prob

    def ask_three_questions(self) -> None:
        """One question on screen at a time; each answer drops into a row of answers."""
        questions = halving_questions(GUESS_SMALL.n, GUESS_SMALL_SECRET)
        # The share of the candidates every answer rules out (at least).
        sizes = [GUESS_SMALL.n, *(q.hi - q.lo + 1 for q in questions)]
        ruled_out = min(1 - after / before for before, after in pairwise(sizes))
        said = self.say("guessing.small.ruled_out", ruled_out, "ratio", style="fraction")
        self.narrate(f"Each yes/no question can rule out {said} of what is left.")
        answers = VGroup()
        line = None
        for i, q in enumerate(questions, start=1):
            new_line = self.question_line(f"guessing.small.q{i}", q, FONT_SIZE.HEADING, number=i)
            new_line.next_to(self.cells, DOWN, buff=0.8)
            chip = VGroup(label(f"Q{i}", MUTED_COLOR, FONT_SIZE.CAPTION),
                          answer_label(q, FONT_SIZE.HEADING)).arrange(RIGHT, buff=0.2)
            chip.move_to(answers.get_right() + RIGHT * (0.5 + chip.width / 2) if answers
                         else self.cells.get_left() + RIGHT * (chip.width / 2))
            chip.set_y(self.prob.get_y())
            out = [c for k, c in enumerate(self.cells, start=1) if not q.lo <= k <= q.hi]
            if line is not None:
                self.play(FadeOut(line, shift=UP * 0.2), run_time=0.3)
            self.play(FadeIn(new_line[:-1], shift=RIGHT * 0.2), run_time=0.6)
            self.play(FadeIn(new_line[-1], scale=1.3),
                      VGroup(*out).animate.set_opacity(RULED_OUT), run_time=1.0)
            self.play(TransformFromCopy(VGroup(new_line[0], new_line[-1]), chip), run_time=0.7)
            answers.add(chip)
            line = new_line
        found = self.cells[GUESS_SMALL_SECRET - 1]
        box = SurroundingRectangle(found, color=INFORMATION_COLOR, buff=0.08, stroke_width=5)
        self.play(Create(box))
        self.wait_for_narration()
        self.line, self.answers, self.box, self.questions_small = line, answers, box, questions

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
        power.move_to(self.line)
        info = MathTex(r"I(x)", r"=", r"-\log_2", r"\frac{1}{" + n_text + "}", r"=", b_text,
                       r"\text{ bits}", font_size=EQ_SIZE)
        info[0].set_color(INFORMATION_COLOR)
        info[3].set_color(P_COLOR)
        info[5:].set_color(INFORMATION_COLOR)
        info.next_to(VGroup(self.prob, self.answers), DOWN, buff=0.6).set_x(0)
        said_k = self.say("guessing.small.questions", k, "count", style="words")
        said_two_k = self.say("guessing.questions_for_8", 2.0 ** k, "count", style="words")
        self.narrate(f"{said_k.capitalize()} questions are enough, since two to the {said_k} is "
                     f"{said_two_k}.")
        self.play(FadeOut(self.line, shift=UP * 0.2),
                  LaggedStart(*[self.pointer(a[0], run_time=0.8) for a in self.answers],
                              lag_ratio=0.3))
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
        self.play(LaggedStart(*[self.pointer(a, run_time=0.7) for a in self.answers],
                              lag_ratio=0.4))
        said_k = self.say("guessing.small.questions", k, "count", style="words")
        said_bits = self.say("guessing.one_in_8", bits, style="words")
        self.beat(f"{said_k.capitalize()} halving questions, {said_bits} bits.")
        self.play(*[FadeOut(m) for m in (self.prompt, self.cells, self.answers, self.box, power,
                                          info)])

    def question_line(self, key: str, q: Question, font_size: float,
                      number: int | None = None) -> VGroup:
        """``[Q1]  Is it greater than 4?  yes``; the threshold is recorded. The answer is last."""
        t = self.fmt(f"{key}.threshold", q.threshold, unit="value", decimals=0)
        parts = []
        if number is not None:
            self.declare_constants(str(number))  # question number
            parts.append(label(f"Q{number}", MUTED_COLOR, font_size))
        parts.append(caption(f"Is it greater than {t}?", TEXT_COLOR, font_size))
        parts.append(answer_label(q, font_size))
        return VGroup(*parts).arrange(RIGHT, buff=0.35)

    # ------------------------------------------------------------- 1 to 1024
    def many_numbers(self) -> None:
        game = GUESS_LARGE
        side = round(game.n ** 0.5)
        n_text = self.fmt("guessing.large.n", game.n, unit="count", decimals=0)
        prompt = title(f"Now a number from 1 to {n_text}")
        grid = VGroup(*[
            Square(0.14, stroke_width=0).set_fill(P_COLOR, opacity=0.6) for _ in range(game.n)
        ]).arrange_in_grid(rows=side, cols=side, buff=0.02)
        grid.next_to(prompt, DOWN, buff=0.5).to_edge(LEFT, buff=0.9)
        first = label("1", MUTED_COLOR).next_to(grid, UL, buff=0.08)
        last = label(n_text, MUTED_COLOR).next_to(grid, DR, buff=0.08)
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        self.narrate(f"Now say I think of a number between one and {said_n}.")
        self.play(FadeIn(prompt), FadeIn(grid, lag_ratio=0.002), FadeIn(first), FadeIn(last),
                  run_time=2)
        self.wait_for_narration()
        self.prompt, self.grid, self.corner_labels = prompt, grid, VGroup(first, last)

    def ask_ten_questions(self) -> None:
        game = GUESS_LARGE
        questions = halving_questions(game.n, GUESS_LARGE_SECRET)
        x0 = self.grid.get_right()[0] + 0.7
        top = self.grid.get_top()[1]

        def status(i: int, left: int) -> VGroup:
            a = self.fmt(f"guessing.large.asked_{i}", i, unit="count", decimals=0)
            b = self.fmt(f"guessing.large.left_{i}", left, unit="count", decimals=0)
            g = VGroup(caption(f"questions asked: {a}", TEXT_COLOR),
                       caption(f"numbers left: {b}", P_COLOR),
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
            g.move_to([x0, top, 0], aligned_edge=UL)
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
            new_line = self.question_line(f"guessing.large.q{i}", q, FONT_SIZE.CAPTION)
            new_line.next_to(shown, DOWN, buff=0.7).align_to(shown, LEFT)
            out = [c for k, c in enumerate(self.grid, start=1)
                   if not q.lo <= k <= q.hi and c.get_fill_opacity() > RULED_OUT + 1e-6]
            new_status = status(i, q.hi - q.lo + 1)
            if line is not None:
                self.play(FadeOut(line, shift=UP * 0.2), run_time=0.3)
            self.play(FadeOut(shown), FadeIn(new_status), FadeIn(new_line, shift=UP * 0.2),
                      VGroup(*out).animate.set_fill(opacity=RULED_OUT), run_time=0.7)
            shown, line = new_status, new_line
            self.wait(0.25)
        found = self.grid[GUESS_LARGE_SECRET - 1]
        ring = SurroundingRectangle(found, color=INFORMATION_COLOR, buff=0.06, stroke_width=4)
        self.play(Create(ring), found.animate.set_fill(INFORMATION_COLOR, opacity=1.0),
                  FadeOut(line, shift=UP * 0.2))
        self.wait_for_narration()

        k = len(questions)
        bits = information(game.p)
        n_text = self.fmt("guessing.large.n", game.n, unit="count", decimals=0)
        k_text = self.fmt("guessing.large.questions", k, unit="count", decimals=0)
        info = MathTex(r"I(x)", r"=", r"-\log_2", r"\frac{1}{" + n_text + "}", r"=",
                       self.fmt("guessing.one_in_1024", bits, unit="bits", decimals=0),
                       r"\text{ bits}", font_size=INFO_SIZE)
        info[0].set_color(INFORMATION_COLOR)
        info[3].set_color(P_COLOR)
        info[5:].set_color(INFORMATION_COLOR)
        info.next_to(shown, DOWN, buff=0.8).align_to(shown, LEFT)
        power = MathTex(rf"2^{{{k_text}}}", r"=", n_text, font_size=INFO_SIZE)
        power.next_to(info, DOWN, buff=0.5).align_to(info, LEFT)
        said_k = self.say("guessing.large.questions", k, "count", style="words")
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.narrate(f"{said_k.capitalize()} questions, and minus log two of one in {said_n} is "
                     f"{said_bits} bits.")
        self.play(self.pointer(shown[0]))
        self.play(Write(info), run_time=1.5)
        self.play(FadeIn(power, shift=UP * 0.1))
        said_k = self.say("guessing.large.questions", k, "count", style="words")
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.beat(f"{said_k.capitalize()} halving questions, {said_bits} bits.")
        self.status, self.power = shown, power
        self.ring, self.info_large = ring, info

    def lucky_guess(self) -> None:
        game = GUESS_LARGE
        bits = information(game.p)
        shown = spoken_text(bits, "words")  # the note writes the bits as a word, recorded
        self.record_number("guessing.one_in_1024", bits, "bits", shown)
        note = caption(f"a lucky first guess:\nstill {shown} bits", NOTE_COLOR)
        said_n = self.say("guessing.large.n", game.n, "count", decimals=0)
        said_bits = self.say("guessing.one_in_1024", bits, style="words")
        self.narrate(f"Guess it right on the very first try, and that outcome had probability "
                     f"one in {said_n}: {said_bits} bits.")
        self.play(FadeOut(self.power), FadeOut(self.status))
        self.play(self.info_large.animate.set_y(self.grid.get_y() + 0.9))
        note.next_to(self.info_large, DOWN, buff=0.8).align_to(self.info_large, LEFT)
        self.play(FadeIn(note, shift=UP * 0.1), Indicate(self.ring, color=INFORMATION_COLOR))
        self.play(self.pointer(self.info_large[3], color=P_COLOR))
        self.wait_for_narration()
        self.narrate("The surprise is greater, and the informational value reflects it.")
        self.play(Indicate(self.info_large[5], color=INFORMATION_COLOR, scale_factor=1.4))
        self.wait_for_narration()
