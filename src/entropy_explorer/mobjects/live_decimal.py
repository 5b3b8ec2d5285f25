"""A ``DecimalNumber`` that changes its digits cheaply and shows exactly ``format_value``.

Manim's ``DecimalNumber.set_value`` rebuilds the number from a TeX glyph per character,
each a deep copy of a cached ``MathTex`` (about a thousand ``copy.deepcopy`` calls per
glyph), then re-styles it twice (``match_style``, then ``init_colors``, which overwrites
every style ``match_style`` set). Live readouts and bar labels call it on every frame, which
made it the largest single cost of a 1080p60 frame. :class:`LiveDecimal` builds the same
mobject tree, with the same points and styles, from a glyph cache: each character's glyph is
made once per font size (by Manim, as before) and copied by :func:`glyph_copy`, which copies
only the tree and its arrays and shares the glyph's read-only parts (its TeX source, SVG
settings) with the cached one.

The text is :func:`entropy_explorer.numbers.format_value`'s, the same string the numbers
manifest records: Manim drops the minus sign of a number that ``numpy.round`` takes to zero,
so ``-0.005`` at two places showed as ``0.01`` while the manifest said ``-0.01``.
"""

from __future__ import annotations

import copy
import math
from typing import Any, ClassVar

import numpy as np
from manim import DecimalNumber, Mobject, RendererType, SingleStringMathTex, VMobject, config

from entropy_explorer.numbers import format_value

__all__ = ["LiveDecimal", "glyph_copy"]


def glyph_copy(mobject: Mobject) -> Mobject:
    """A copy of ``mobject``'s tree with its own arrays, sharing everything else.

    Points and colour arrays are copied (moving or styling the copy changes them); other
    attributes (the TeX source, the SVG's groups by id, settings) are shared with
    ``mobject``. Enough for glyphs that are only moved, scaled and styled; use ``copy()``
    for anything else.
    """
    c = copy.copy(mobject)
    state = c.__dict__
    for key, value in state.items():
        if isinstance(value, np.ndarray):
            state[key] = value.copy()
    c.submobjects = [glyph_copy(s) for s in mobject.submobjects]
    c.updaters = []
    return c


class LiveDecimal(DecimalNumber):
    """``DecimalNumber`` with cached glyphs and ``format_value``'s text.

    The same parameters as ``DecimalNumber`` (``group_with_commas`` defaults to ``False``, as
    ``format_value`` never groups). ``text`` is the string shown. With ``include_sign`` or
    ``group_with_commas`` the text is Manim's own formatting.
    """

    #: Glyphs by (character, glyph class, font size), shared by every LiveDecimal.
    _glyphs: ClassVar[dict[tuple[str, type, float], VMobject]] = {}

    def __init__(self, number: float = 0, num_decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("group_with_commas", False)
        self.text = ""
        super().__init__(number, num_decimal_places, **kwargs)

    def _get_num_string(self, number: float | complex) -> str:
        if (isinstance(number, complex) or self.include_sign or self.group_with_commas
                or not math.isfinite(number)):
            text = super()._get_num_string(number)
        else:
            text = format_value(float(number), self.num_decimal_places)
        self.text = text
        return text

    def _string_to_mob(self, string: str, mob_class: type[SingleStringMathTex] | None = None,
                       **kwargs: Any) -> VMobject:
        if kwargs:  # a coloured ellipsis: rare, keep Manim's path
            return super()._string_to_mob(string, mob_class, **kwargs)
        key = (string, mob_class or self.mob_class, float(self._font_size))
        glyph = self._glyphs.get(key)
        if glyph is None:
            glyph = self._glyphs[key] = super()._string_to_mob(string, mob_class)
        return glyph_copy(glyph)  # type: ignore[return-value]

    def set_value(self, number: float) -> LiveDecimal:  # type: ignore[override]
        """Show ``number``: Manim's ``set_value`` without its overwritten ``match_style``."""
        old_family = self.get_family()
        old_font_size = self.font_size
        move_to_point = self.get_edge_center(self.edge_to_fix)
        self._set_submobjects_from_number(number)
        self.font_size = old_font_size
        self.move_to(move_to_point, self.edge_to_fix)
        if config.renderer == RendererType.CAIRO:
            # As Manim does: the scene may still hold the old glyphs in its list of moving
            # mobjects for this animation; emptied, they draw nothing.
            for mob in old_family:
                mob.points[:] = 0
        self.init_colors()
        return self
