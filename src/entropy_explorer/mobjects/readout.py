"""A live labelled number: ``label = 1.23 bits``."""

from __future__ import annotations

import math
from collections.abc import Callable

from manim import DOWN, RIGHT, MathTex, Text, VGroup

from entropy_explorer.mobjects.live_decimal import LiveDecimal
from entropy_explorer.numbers import format_value
from entropy_explorer.theme import FONT, FONT_SIZE, TEXT_COLOR

__all__ = ["Readout"]


class Readout(VGroup):
    """A label (MathTex), a number and a unit, kept in sync with a value function.

    Parameters
    ----------
    label
        LaTeX for the label, e.g. ``r"I(p) ="``.
    value_fn
        Called on every frame; returns the value to show (``±inf`` shows as ``±∞``).
    unit
        Unit text after the number (``"bits"``), or ``""``.
    decimals
        Decimal places shown.
    """

    def __init__(
        self,
        label: str,
        value_fn: Callable[[], float],
        *,
        unit: str = "",
        decimals: int = 2,
        color: str = TEXT_COLOR,
        font_size: float = FONT_SIZE.BODY,
    ) -> None:
        super().__init__()
        self.value_fn = value_fn
        self.decimals = decimals
        self.font_size = font_size
        self.color_ = color
        self.label = MathTex(label, color=color, font_size=font_size)
        # LiveDecimal: cached glyphs, and exactly format_value's text ("1024", not "1,024")
        self.number = LiveDecimal(0.0, num_decimal_places=decimals, color=color,
                                  font_size=font_size)
        self.infinity = MathTex(r"\infty", color=color, font_size=font_size)
        self._minus_infinity: MathTex | None = None  # made when first needed
        self.unit = Text(unit, font=FONT, color=color, font_size=font_size * 0.8) if unit else VGroup()
        self.add(self.label, self.number, self.unit)
        self.refresh()
        self.add_updater(lambda m: m.refresh())

    @property
    def value(self) -> float:
        return float(self.value_fn())

    @property
    def text(self) -> str:
        """The value as shown on screen."""
        return format_value(self.value, self.decimals)

    @property
    def minus_infinity(self) -> MathTex:
        """What ``-inf`` shows (``-∞``), made on first use."""
        if self._minus_infinity is None:
            self._minus_infinity = MathTex(r"-\infty", color=self.color_,
                                           font_size=self.font_size)
        return self._minus_infinity

    def refresh(self) -> Readout:
        """Re-read ``value_fn`` and lay the parts out."""
        v = self.value
        if math.isinf(v):
            shown = self.infinity if v > 0 else self.minus_infinity
        else:
            shown = self.number
            # Rebuild the digits only when the text changes (cheap, but not free).
            text = format_value(v, self.decimals)
            if text != getattr(self, "_shown_text", None):
                self.number.set_value(v)
                self._shown_text = text
        if self.submobjects[1] is not shown:
            self.submobjects[1] = shown
        self.submobjects[1].next_to(self.label, RIGHT, buff=0.15)
        # Centre the number on the label's last glyph (usually "="), not on the label's
        # box, which descenders such as the p in "p =" pull downwards.
        glyphs = self.label.family_members_with_points()
        if glyphs:
            self.submobjects[1].match_y(glyphs[-1])
        if isinstance(self.unit, Text):
            self.unit.next_to(self.submobjects[1], RIGHT, buff=0.15)
            self.unit.align_to(self.submobjects[1], DOWN)
        return self
