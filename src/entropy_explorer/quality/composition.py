"""Composition rules of the layout lint: body text size, words on screen, stillness.

A frame a viewer can read on a phone, that moves with the voice: body text (a prose text
of :data:`BODY_MIN_WORDS` words or more) at :data:`BODY_FONT_SIZE` or larger; at most
:data:`MAX_WORDS` words of prose on screen at once (:func:`prose_words` says what counts);
and, while a narration line is heard, never more than :data:`MAX_STILL` seconds without an
animation (:func:`still_problems`, from the scene's timing alone). The lint
(:mod:`entropy_explorer.quality.lint`) applies them at every pause.
"""

from __future__ import annotations

from collections.abc import Iterable

from manim import MarkupText, Paragraph, Text

from entropy_explorer.quality.texts import TextOnScreen

__all__ = ["BODY_FONT_SIZE", "BODY_MIN_WORDS", "MAX_STILL", "MAX_WORDS", "prose_words",
           "still_problems"]

#: Smallest font size of body text.
BODY_FONT_SIZE = 36.0
#: A prose text of this many words or more is body text.
BODY_MIN_WORDS = 4
#: Most words of prose on screen at once.
MAX_WORDS = 25
#: Longest still stretch (seconds) while a narration line is heard.
MAX_STILL = 5.0

_PROSE_TYPES = (Text, MarkupText, Paragraph)


def prose_words(text: TextOnScreen) -> list[str]:
    """The words of prose ``text`` shows: none for a formula, a number or a one-word label."""
    if not isinstance(text.mobject, _PROSE_TYPES):
        return []
    words = [w for w in text.string.split() if any(c.isalpha() for c in w)]
    return words if len(words) >= 2 else []


def still_problems(
    lines: Iterable[object], motions: Iterable[tuple[float, float]], end: float,
    *, limit: float = MAX_STILL,
) -> list[tuple[float, str, tuple[str, ...], str]]:
    """``(time, rule, key, message)`` for every narration line heard over a still frame.

    ``lines`` are :class:`~entropy_explorer.scene.SpokenLine` objects (notes are not
    heard), ``motions`` the ``(start, end)`` of every animation, ``end`` the scene's end.
    A line is flagged when, between its start and the end of its clip (or of the scene),
    no animation runs for more than ``limit`` seconds.
    """
    spans = sorted(motions)
    problems = []
    for line in lines:
        if str(getattr(line, "kind", "narration")) != "narration":
            continue
        start = float(getattr(line, "time", 0.0))
        stop = min(start + float(getattr(line, "duration", 0.0)), end)
        cursor, worst, worst_at = start, 0.0, start
        for a, b in spans:
            if b <= cursor or b - a <= 1e-9:
                continue
            if a >= stop:
                break
            if a - cursor > worst:
                worst, worst_at = a - cursor, cursor
            cursor = max(cursor, b)
        if stop - cursor > worst:
            worst, worst_at = stop - cursor, cursor
        if worst > limit + 1e-6:
            text = " ".join(str(getattr(line, "text", "")).split())
            quote = text if len(text) <= 50 else text[:49] + "…"
            problems.append((
                worst_at, "still-while-speaking", (text,),
                f"nothing moves for {worst:.1f} s (at most {limit:g}) while the voice says "
                f"{quote!r}: give the sentence its visual answer (point at what it names)",
            ))
    return problems
