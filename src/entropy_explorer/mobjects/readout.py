"""A live labelled number: ``label = 1.23 bits``."""

from __future__ import annotations

import math
from collections.abc import Callable

from manim import DOWN, RIGHT, DecimalNumber, MathTex, Text, VGroup

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
        Called on every frame; returns the value to show (``inf`` shows as ``∞``).
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
        self.number = DecimalNumber(
            0.0, num_decimal_places=decimals, color=color, font_size=font_size,
            group_with_commas=False,  # the manifest records "1024", so show "1024"
        )
        self.infinity = MathTex(r"\infty", color=color, font_size=font_size)
        self.unit = Text(unit, font=FONT, color=color, font_size=font_size * 0.8) if unit else VGroup()
        self.add(self.label, self.number, self.unit)
        self._showing_inf = False
        self.refresh()
        self.add_updater(lambda m: m.refresh())

    @property
    def value(self) -> float:
        return float(self.value_fn())

    @property
    def text(self) -> str:
        """The value as shown on screen."""
        return format_value(self.value, self.decimals)

    def refresh(self) -> Readout:
        """Re-read ``value_fn`` and lay the parts out."""
        v = self.value
        shown = self.infinity if math.isinf(v) else self.number
        if not math.isinf(v):
            # Rebuilding a DecimalNumber's glyphs is slow; skip it when the text is unchanged.
            text = format_value(v, self.decimals)
            if text != getattr(self, "_shown_text", None):
                self.number.set_value(v)
                self._shown_text = text
        if (shown is self.infinity) != self._showing_inf:
            self.submobjects[1] = shown
            self._showing_inf = shown is self.infinity
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
