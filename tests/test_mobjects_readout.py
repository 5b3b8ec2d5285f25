"""The live numbers: ``LiveDecimal`` (readouts, bar labels) shows exactly ``format_value``.

The text on screen is read from the glyphs themselves (each glyph keeps the TeX it was
compiled from) and their shapes are compared with stock Manim's ``DecimalNumber`` of the
same text, so a faster way of making the digits cannot show other digits or other shapes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from manim import DecimalNumber, ValueTracker

from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.live_decimal import LiveDecimal, glyph_copy
from entropy_explorer.mobjects.readout import Readout
from entropy_explorer.numbers import format_value
from entropy_explorer.quality.texts import shown_string

#: Values across signs and sizes, and rounding edges: halves that binary floats put either
#: side (0.125, 2.675, 0.995, -0.005), carries that add a digit (9.9951, 99.9999), negative
#: values that round to zero (no "-0.00"), and numbers with four integer digits (no comma).
SWEEP = (0.0, -0.0, 1.0, 0.5, 0.125, 2.675, 0.995, 9.9951, 99.9999, 1024.0, 123456.789,
         -0.004, -0.005, -0.0049, -0.015, -1.5, -3.25, 1e-9, -1e-9, 0.3333333, 7.0 / 3.0)


def _glyph_text(number: DecimalNumber) -> str:
    """The characters the glyphs were compiled from, in order."""
    return "".join(g.tex_string for g in number.submobjects)


def _shape(number: DecimalNumber) -> np.ndarray:
    """Every point of the number's glyphs, relative to its lower-left corner."""
    points = np.concatenate([m.points for m in number.family_members_with_points()])
    return points - number.get_corner(np.array([-1.0, -1.0, 0.0]))


@pytest.mark.parametrize("decimals", [0, 2, 3])
def test_live_decimal_shows_format_value_with_stock_manim_shapes(decimals: int) -> None:
    live = LiveDecimal(0.0, num_decimal_places=decimals, font_size=40)
    for v in SWEEP:
        text = format_value(v, decimals)
        live.set_value(v)
        assert live.text == _glyph_text(live) == shown_string(live) == text, v
        # Stock Manim drawing the same text (from the shown value, so its own rounding
        # agrees): the same glyphs in the same places.
        stock = DecimalNumber(float(text), num_decimal_places=decimals, font_size=40,
                              group_with_commas=False)
        assert _glyph_text(stock) == text
        np.testing.assert_allclose(_shape(live), _shape(stock), atol=1e-9, err_msg=str(v))


def test_stock_manim_drops_the_minus_of_a_negative_that_rounds_away_from_zero() -> None:
    """Why LiveDecimal formats its own text: Manim shows -0.005 (2 places) as 0.01."""
    assert format_value(-0.005, 2) == "-0.01"
    assert _glyph_text(DecimalNumber(-0.005, num_decimal_places=2)) == "0.01"
    assert _glyph_text(LiveDecimal(-0.005, num_decimal_places=2)) == "-0.01"


def test_live_decimal_keeps_the_style_and_place_of_stock_set_value() -> None:
    live = LiveDecimal(1.5, num_decimal_places=2, font_size=40, color="#FF8800")
    stock = DecimalNumber(1.5, num_decimal_places=2, font_size=40, color="#FF8800",
                          group_with_commas=False)
    for m in (live, stock):
        m.scale(1.7).shift([2.0, -1.0, 0.0]).set_opacity(0.4)
    for v in (12.25, 0.5, 3.75):
        live.set_value(v)
        stock.set_value(v)
        np.testing.assert_allclose(
            np.concatenate([m.points for m in live.get_family()]),
            np.concatenate([m.points for m in stock.get_family()]), atol=1e-9)
        for a, b in zip(live.get_family(), stock.get_family(), strict=True):
            np.testing.assert_array_equal(a.fill_rgbas, b.fill_rgbas)
            np.testing.assert_array_equal(a.stroke_rgbas, b.stroke_rgbas)


def test_glyph_copies_share_no_arrays_with_the_cached_glyph() -> None:
    first = LiveDecimal(8.0, num_decimal_places=0, font_size=40)
    before = _shape(first).copy()
    second = LiveDecimal(8.0, num_decimal_places=0, font_size=40)
    second.shift([1.0, 1.0, 0.0]).stretch(2.0, 0)
    for m in second.family_members_with_points():
        m.points[:] = 0  # what Manim's set_value does to glyphs it replaces
    np.testing.assert_array_equal(_shape(first), before)
    np.testing.assert_array_equal(_shape(LiveDecimal(8.0, num_decimal_places=0, font_size=40)),
                                  before)
    glyph = first.submobjects[0]
    clone = glyph_copy(glyph)
    for a, b in zip(glyph.get_family(), clone.get_family(), strict=True):
        assert a is not b and type(a) is type(b)
        assert getattr(a, "tex_string", None) == getattr(b, "tex_string", None)
        for name in ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
            assert not np.shares_memory(getattr(a, name), getattr(b, name)), name


def test_readout_shows_format_value_across_the_sweep_and_infinity() -> None:
    t = ValueTracker(0.0)
    r = Readout(r"H =", t.get_value, unit="bits", decimals=2)
    for v in (*SWEEP, math.inf, -2.0, -math.inf, 0.25):
        t.set_value(v)
        r.update()  # the readout's updater, as on every frame
        shown = r.submobjects[1]
        assert r.text == format_value(v, 2)
        if math.isinf(v):
            assert shown.tex_string == (r"\infty" if v > 0 else r"-\infty")
        else:
            assert shown is r.number
            assert _glyph_text(shown) == shown_string(shown) == r.text, v


def test_bar_labels_show_format_value() -> None:
    bars = DistributionBars(["a", "b", "c"], [0.5, 0.25, 0.25], decimals=2)
    for probs in ([0.995, 0.004, 0.001], [1 / 3, 1 / 3, 1 / 3], [0.125, 0.675, 0.2],
                  [0.0, 0.0, 1.0]):
        bars.set_values(probs)
        assert [_glyph_text(v) for v in bars.values] == bars.value_texts() == [
            format_value(p, 2) for p in probs]
