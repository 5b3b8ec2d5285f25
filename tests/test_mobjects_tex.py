"""MeaningTex: each named part takes its colour; the rest keep the default."""

from __future__ import annotations

from manim import ManimColor, MathTex, Mobject

from entropy_explorer.mobjects.tex import MeaningTex
from entropy_explorer.theme import ENTROPY_COLOR, FORWARD_KL_COLOR, TEXT_COLOR

D = r"D_{\mathrm{KL}}(P\|Q)"


def glyph_colours(part: Mobject) -> set[ManimColor]:
    return {m.get_color() for m in part.family_members_with_points()}


def test_parts_take_the_colour_of_what_they_name() -> None:
    parts = (D, "=", r"H(P,Q)", "-", r"H(P)")
    tex = MeaningTex(*parts, colours={D: FORWARD_KL_COLOR, r"H(P)": ENTROPY_COLOR},
                     color=TEXT_COLOR, font_size=30)
    assert glyph_colours(tex[0]) == {ManimColor(FORWARD_KL_COLOR)}
    assert glyph_colours(tex[4]) == {ManimColor(ENTROPY_COLOR)}
    # "H(P,Q)" is not "H(P)": only exact strings match; the rest keep the default colour
    for i in (1, 2, 3):
        assert glyph_colours(tex[i]) == {ManimColor(TEXT_COLOR)}
    assert [p.tex_string for p in tex] == [p.tex_string for p in MathTex(*parts)]
    assert tex.font_size == 30
