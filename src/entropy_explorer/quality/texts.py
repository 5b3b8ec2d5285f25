"""Finding the texts on screen: which mobjects are text, what they say, where they are.

Shared by the layout lint and the numbers check. A *text* is a Manim ``Text``,
``MarkupText``, ``Paragraph``, ``Tex``/``MathTex`` (or one of its parts) or
``DecimalNumber``/``Integer``. Searching a mobject tree stops at the first text found, so a
``MathTex`` counts once (not once per glyph), while a ``VGroup`` of texts counts per text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from manim import (
    DecimalNumber,
    MarkupText,
    Mobject,
    Paragraph,
    SingleStringMathTex,
    Text,
    VMobject,
)
from manim.mobject.text.tex_mobject import MathTexPart

from entropy_explorer.mobjects.live_decimal import LiveDecimal

__all__ = [
    "TEXT_TYPES",
    "TextOnScreen",
    "find_texts",
    "numerals",
    "shown_string",
    "tex_numerals",
    "text_numerals",
]

#: The mobject types that count as text.
TEXT_TYPES: tuple[type[Mobject], ...] = (
    Text, MarkupText, Paragraph, SingleStringMathTex, MathTexPart, DecimalNumber,
)

#: A leaf with opacity at or below this is invisible.
_VISIBLE = 0.05

_NUMERAL = re.compile(r"\d+(?:\.\d+)?")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_MARKUP_TAG = re.compile(r"<[^>]*>")


def _is_math(m: Mobject) -> bool:
    return isinstance(m, (SingleStringMathTex, MathTexPart))


def shown_string(m: Mobject) -> str:
    """What a text mobject says: its string, TeX source, or the number as displayed."""
    if isinstance(m, LiveDecimal):
        return m.text  # the string its glyphs were made from
    if isinstance(m, DecimalNumber):
        places = int(getattr(m, "num_decimal_places", 0))
        value = float(m.number)  # type: ignore[attr-defined]
        sign = "+" if getattr(m, "include_sign", False) and value >= 0 else ""
        return f"{sign}{value:.{places}f}"
    if isinstance(m, Paragraph):
        lines = m.lines_text
        return str(getattr(lines, "original_text", getattr(lines, "text", "")))
    if isinstance(m, MarkupText):
        return _MARKUP_TAG.sub("", str(getattr(m, "original_text", m.text)))
    if isinstance(m, Text):
        return str(getattr(m, "original_text", m.text))  # .text has its spaces removed
    if _is_math(m):
        return str(getattr(m, "tex_string", ""))
    return ""


def tex_numerals(tex: str) -> list[str]:
    """The numerals a TeX string puts on screen (command names never contain digits)."""
    return _NUMERAL.findall(_TEX_COMMAND.sub(" ", tex))


def text_numerals(text: str) -> list[str]:
    """The numerals in a plain string (``"-0.15 bits"`` gives ``["0.15"]``)."""
    return _NUMERAL.findall(text)


def numerals(m: Mobject) -> list[str]:
    """The numerals a text mobject shows."""
    s = shown_string(m)
    return tex_numerals(s) if _is_math(m) else text_numerals(s)


def _leaf_visible(leaf: Mobject) -> bool:
    if not isinstance(leaf, VMobject):
        return True
    fill = leaf.get_fill_opacities()
    if fill.size and float(np.max(fill)) > _VISIBLE:
        return True
    stroke = leaf.get_stroke_opacities()
    return bool(stroke.size and float(np.max(stroke)) > _VISIBLE and leaf.get_stroke_width() > 0)


@dataclass
class TextOnScreen:
    """One visible text: the mobject, what it says and the boxes of its glyphs.

    ``glyphs`` is an ``(n, 2, 2)`` array of ``[[xmin, ymin], [xmax, ymax]]`` per visible
    glyph; ``box`` is their union.
    """

    mobject: Mobject
    string: str
    glyphs: np.ndarray
    box: np.ndarray

    @property
    def kind(self) -> str:
        return type(self.mobject).__name__

    @property
    def font_size(self) -> float | None:
        """Effective font size (after any scaling), or None if the type has none."""
        try:
            size = float(self.mobject.font_size)  # type: ignore[attr-defined]
        except (AttributeError, ZeroDivisionError, TypeError, ValueError):
            return None
        return size if np.isfinite(size) else None

    def describe(self, width: int = 40) -> str:
        s = " ".join(self.string.split())
        if len(s) > width:
            s = s[: width - 1] + "…"
        return f"{self.kind} {s!r}"


def _glyph_boxes(m: Mobject) -> np.ndarray:
    boxes = []
    for leaf in m.family_members_with_points():
        if not _leaf_visible(leaf):
            continue
        pts = leaf.points[:, :2]
        boxes.append([pts.min(axis=0), pts.max(axis=0)])
    return np.asarray(boxes, dtype=float).reshape(-1, 2, 2)


def _iter_text_mobjects(mobjects: Iterable[Mobject]) -> Iterator[Mobject]:
    seen: set[int] = set()
    stack = list(reversed(list(mobjects)))
    while stack:
        m = stack.pop()
        if id(m) in seen:
            continue
        seen.add(id(m))
        if isinstance(m, TEXT_TYPES):
            yield m
        else:
            stack.extend(reversed(m.submobjects))


def find_texts(mobjects: Iterable[Mobject]) -> list[TextOnScreen]:
    """Every visible text among ``mobjects`` and their descendants."""
    found = []
    for m in _iter_text_mobjects(mobjects):
        glyphs = _glyph_boxes(m)
        if len(glyphs) == 0:
            continue  # empty or fully transparent
        box = np.array([glyphs[:, 0].min(axis=0), glyphs[:, 1].max(axis=0)])
        found.append(TextOnScreen(m, shown_string(m), glyphs, box))
    return found


def text_ids(mobjects: Iterable[Mobject]) -> set[int]:
    """``id`` of every text mobject among ``mobjects`` and their descendants."""
    return {id(m) for m in _iter_text_mobjects(mobjects)}
