"""Text by role: title, label, caption, verdict, all legible on a phone.

Each helper sets the font, size and colour of one role, so a scene writes
``caption("the student spreads out")`` instead of a new ``Text(..., font=..., font_size=...,
color=...)`` and a new per-scene helper. The sizes are the theme's and are at or above the
layout lint's minimums (:data:`~entropy_explorer.quality.lint.MIN_FONT_SIZE` for a label,
:data:`~entropy_explorer.quality.lint.BODY_FONT_SIZE` for a caption of four words or more).
Formulas coloured by meaning are :class:`~entropy_explorer.mobjects.tex.MeaningTex`.
"""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, MathTex, Mobject, Text, VGroup, config

from entropy_explorer.theme import (
    CHECK_COLOR,
    CROSS_COLOR,
    FONT,
    FONT_SIZE,
    MUTED_COLOR,
    NOTE_COLOR,
    TEXT_COLOR,
)

__all__ = ["Verdict", "caption", "fit_width", "label", "tag", "title"]

#: Widest a line of text may be: the frame minus the lint's safe margins and some air.
MAX_LINE_WIDTH = config.frame_width - 1.2


def fit_width(text: Text, width: float = MAX_LINE_WIDTH) -> Text:
    """Shrink ``text`` to ``width`` if it is wider (a title that would leave the frame)."""
    if text.width > width:
        text.scale_to_fit_width(width)
    return text


def title(text: str, color: str = TEXT_COLOR, *, top: bool = True) -> Text:
    """A step's heading (``FONT_SIZE.HEADING``), at the top edge unless ``top`` is False."""
    t = fit_width(Text(text, font=FONT, font_size=FONT_SIZE.HEADING, color=color))
    return t.to_edge(UP, buff=0.5) if top else t


def label(text: str, color: str = TEXT_COLOR, size: float = FONT_SIZE.LABEL) -> Text:
    """A short label (a word or three: an axis name, a bar's name, a tag on a curve)."""
    return Text(text, font=FONT, font_size=max(size, FONT_SIZE.LABEL), color=color)


def tag(text: str, color: str = NOTE_COLOR) -> Text:
    """A muted short label, e.g. "the article says 2.18" beside a recomputed value."""
    return label(text, color)


def caption(text: str, color: str = NOTE_COLOR, size: float = FONT_SIZE.CAPTION) -> Text:
    """A line of body text (``FONT_SIZE.CAPTION``): a few words the picture needs, not the
    sentence the voice says. Several lines with ``\\n``."""
    return Text(text, font=FONT, font_size=max(size, FONT_SIZE.CAPTION), color=color,
                line_spacing=0.9)


class Verdict(VGroup):
    """A claim's verdict: a check, a cross or a tilde, then a short phrase in its colour.

    Parameters
    ----------
    text
        The phrase (a few words: "low variance", "zero where Q is 0"), or a mobject (a
        formula) to stand for it.
    holds
        True (check, ``CHECK_COLOR``), False (cross, ``CROSS_COLOR``) or None (only under a
        condition: a tilde, muted).
    size
        Font size of the phrase; the mark is a little larger.

    ``mark`` and ``phrase`` are the parts.
    """

    def __init__(self, text: str | Mobject, holds: bool | None = True, *,
                 size: float = FONT_SIZE.CAPTION) -> None:
        super().__init__()
        color = {True: CHECK_COLOR, False: CROSS_COLOR, None: MUTED_COLOR}[holds]
        sign = {True: r"\checkmark", False: r"\times", None: r"\sim"}[holds]
        self.mark = MathTex(sign, font_size=size * 1.3, color=color)
        self.phrase = text if isinstance(text, Mobject) else Text(
            text, font=FONT, font_size=max(size, FONT_SIZE.LABEL),
            color=TEXT_COLOR if holds is not None else NOTE_COLOR)
        self.add(self.mark, self.phrase)
        self.arrange(RIGHT, buff=0.25)
        self.phrase.align_to(self.mark, DOWN)
