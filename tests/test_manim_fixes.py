"""The Manim fix: SVGs are parsed from memory, never through a shared temporary file."""

from __future__ import annotations

import numpy as np
from manim.mobject.svg.svg_mobject import SVGMobject
from test_build import unwritable

from entropy_explorer.pipeline.leaves import manim_fixes

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
       '<path d="M0 0 L20 0 L10 10 Z" fill="#fff"/><circle cx="5" cy="5" r="3"/></svg>')


def test_an_svg_loads_from_a_folder_nobody_may_write_to_and_gives_the_same_shape(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ro").mkdir()
    (tmp_path / "rw").mkdir()
    for folder in ("ro", "rw"):
        (tmp_path / folder / "shape.svg").write_text(SVG)
    original = SVGMobject.generate_mobject
    try:
        manim_fixes.apply()
        with unwritable(tmp_path / "ro"):  # Manim's own code writes shape_.svg here: refused
            fixed = SVGMobject(str(tmp_path / "ro" / "shape.svg"))
    finally:
        SVGMobject.generate_mobject = original  # type: ignore[method-assign]
    stock = SVGMobject(str(tmp_path / "rw" / "shape.svg"))
    assert len(fixed.family_members_with_points()) == len(stock.family_members_with_points()) == 2
    for a, b in zip(fixed.family_members_with_points(), stock.family_members_with_points(), strict=True):
        np.testing.assert_allclose(a.points, b.points)
    assert sorted(p.name for p in (tmp_path / "ro").iterdir()) == ["shape.svg"]
