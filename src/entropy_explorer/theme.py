"""Colours and type sizes by meaning, shared by every scene.

Plain data (hex strings and numbers) so that it imports without manim. P (the truth, the
teacher) and Q (the model, the student) keep one colour each across the whole video.
"""

from __future__ import annotations

__all__ = [
    "BACKGROUND",
    "CROSS_ENTROPY_COLOR",
    "ENTROPY_COLOR",
    "FONT",
    "FONT_SIZE",
    "INFORMATION_COLOR",
    "KL_COLOR",
    "MUTED_COLOR",
    "P_COLOR",
    "Q_COLOR",
    "REVERSE_KL_COLOR",
    "TEXT_COLOR",
    "FORWARD_KL_COLOR",
    "NOTE_COLOR",
    "CHECK_COLOR",
    "CROSS_COLOR",
]

#: Dark slate rather than pure black: reads well on a projector, compresses well.
BACKGROUND = "#0E1116"
TEXT_COLOR = "#ECEFF4"
MUTED_COLOR = "#8A93A6"
NOTE_COLOR = "#B8C0CF"

#: The truth / the teacher.
P_COLOR = "#58C4DD"
#: The model / the student.
Q_COLOR = "#FF8C42"
#: Self-information, surprise.
INFORMATION_COLOR = "#F4D345"
#: Entropy H(P).
ENTROPY_COLOR = "#83C167"
#: Cross-entropy H(P, Q).
CROSS_ENTROPY_COLOR = "#B189E0"
#: KL divergence (the gap H(P,Q) - H(P)).
KL_COLOR = "#FC6255"
#: Forward KL D(P||Q) and reverse KL D(Q||P), when both are on screen.
FORWARD_KL_COLOR = "#5CD0B3"
REVERSE_KL_COLOR = "#E65A9B"
#: A property holds (check mark) / fails (cross) in a comparison table.
CHECK_COLOR = "#83C167"
CROSS_COLOR = "#FC6255"

#: Sans-serif font for Text; MathTex uses LaTeX's Computer Modern.
FONT = "DejaVu Sans"


class FONT_SIZE:  # noqa: N801 - a namespace of constants
    """Type sizes (Manim ``font_size``; 48 is Manim's default)."""

    TITLE = 56
    HEADING = 42
    #: Body text on screen (a caption): the layout lint's minimum for four words or more.
    CAPTION = 36
    BODY = 34
    #: The smallest size on screen (the layout lint's minimum): labels, ticks, tags.
    LABEL = 28
    SMALL = 24
    NOTE = 22
