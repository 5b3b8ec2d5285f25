"""Formulas coloured by meaning: each part of a MathTex takes the colour of what it names."""

from __future__ import annotations

from collections.abc import Mapping

from manim import MathTex

from entropy_explorer.theme import FONT_SIZE

__all__ = ["MeaningTex"]


class MeaningTex(MathTex):
    """A MathTex of named parts, each part whose TeX is a key of ``colours`` in that colour.

    Scenes keep one table from the pieces of their formulas (``D_{\\mathrm{KL}}(P\\|Q)``,
    ``H(P)``, ``\\log Q_\\theta(x)``) to the theme's colours (forward KL, entropy, student), so
    the same piece has the same colour in every line, and ``TransformMatchingTex`` can match
    the pieces by their strings.

    Parameters
    ----------
    parts
        The formula's parts, as for ``MathTex``.
    colours
        Colour of each part, by its exact TeX string; other parts keep ``color``.
    font_size, color
        As for ``MathTex``.
    """

    def __init__(self, *parts: str, colours: Mapping[str, str],
                 font_size: float = FONT_SIZE.BODY, **kwargs: object) -> None:
        super().__init__(*parts, font_size=font_size, **kwargs)
        self.colours = dict(colours)
        for part in self:
            colour = self.colours.get(part.tex_string)
            if colour:
                part.set_color(colour)
