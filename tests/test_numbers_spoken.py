"""Spoken numbers: writing values as words, and reading numbers back out of sentences."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entropy_explorer.numbers import (
    fraction_words,
    integer_words,
    odds_words,
    spoken_numbers,
    spoken_text,
    spoken_values,
)


@pytest.mark.parametrize(("n", "words"), [
    (0, "zero"), (3, "three"), (13, "thirteen"), (20, "twenty"), (24, "twenty-four"),
    (100, "one hundred"), (128, "one hundred twenty-eight"), (1000, "one thousand"),
    (1024, "one thousand twenty-four"), (-3, "minus three"),
    (2_000_512, "two million five hundred twelve"),
])
def test_integer_words(n: int, words: str) -> None:
    assert integer_words(n) == words


@pytest.mark.parametrize(("value", "words"), [
    (0.5, "one half"), (0.25, "one quarter"), (1 / 3, "one third"), (0.125, "one eighth"),
    (1 / 16, "one sixteenth"), (0.375, "three eighths"), (0.75, "three quarters"),
    (1 / 20, "one twentieth"), (1 / 32, "one thirty-second"), (0.001, "one thousandth"),
])
def test_fraction_words(value: float, words: str) -> None:
    assert fraction_words(value) == words


def test_odds_and_about() -> None:
    assert odds_words(0.001) == "one in a thousand"
    assert odds_words(1 / 8) == "one in eight"
    assert odds_words(1 / 1024) == "one in one thousand twenty-four"
    assert spoken_text(0.49, "about") == "about half"
    assert spoken_text(0.34, "about") == "about a third"
    with pytest.raises(ValueError, match="simple fraction"):
        spoken_text(0.42, "about")
    with pytest.raises(ValueError, match="not a whole number"):
        spoken_text(2.5, "words")
    with pytest.raises(ValueError, match="1/n"):
        odds_words(0.3)
    with pytest.raises(ValueError, match="unknown style"):
        spoken_text(1.0, "roman")
    assert spoken_text(9.965784, "digits") == "9.97"
    assert spoken_text(float("inf")) == "∞"


@given(st.integers(min_value=0, max_value=999_999_999))
def test_words_read_back_as_the_same_integer(n: int) -> None:
    (number,) = spoken_numbers(integer_words(n))
    assert number.values == (float(n),)


@given(st.integers(min_value=2, max_value=64), st.integers(min_value=1, max_value=63))
def test_fractions_read_back_as_the_same_value(n: int, k: int) -> None:
    frac = Fraction(k, n)
    if not 0 < frac < 1:
        return
    (number,) = spoken_numbers(fraction_words(float(frac)))
    assert float(frac) == pytest.approx(number.values[0])


@pytest.mark.parametrize(("sentence", "found"), [
    ("about 9.97 bits", [("9.97", {9.97})]),
    ("512, then 256, then 128", [("512", {512.0}), ("256", {256.0}), ("128", {128.0})]),
    ("one, two, three", [("one", {1.0}), ("two", {2.0}), ("three", {3.0})]),
    ("minus three and plus three", [("three", {3.0}), ("three", {3.0})]),
    ("p equals one in a thousand", [("one", {1.0}), ("thousand", {1000.0})]),
    ("one thousand and twenty-four outcomes", [("one thousand and twenty-four", {1024.0})]),
    ("half the mass", [("half", {0.5})]),
    ("a third valley", [("third", {1 / 3, 3.0})]),
    ("entropy uses P twice", [("twice", {2.0})]),
    ("thousands of samples", [("thousands", {1000.0})]),
    ("a one-in-a-thousand event", [("one", {1.0}), ("thousand", {1000.0})]),
    ("a one-sample estimate", [("one", {1.0})]),
    # not numbers: "one" as a pronoun, "second" (time), "first"
    ("a certain one; the vertical one; one another", []),
    ("the second term, first of all, in a second", []),
])
def test_spoken_numbers_in_sentences(sentence: str, found: list[tuple[str, set[float]]]) -> None:
    got = [(n.text, set(n.values)) for n in spoken_numbers(sentence)]
    assert [t for t, _ in got] == [t for t, _ in found]
    for (_, values), (_, expected) in zip(got, found, strict=True):
        assert sorted(values) == pytest.approx(sorted(expected))


def test_spoken_values_collects_every_reading() -> None:
    assert spoken_values("one eighth, three bits") == {0.125, 3.0}
