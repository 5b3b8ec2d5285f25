"""The scene toolkit: text by role, verdicts, the card grid, pointing at what is said."""

from __future__ import annotations

import numpy as np
import pytest
from fixtures.lint_scenes import CleanScene
from manim import Circle, MathTex, Square, Text, config

from entropy_explorer.mobjects import CardGrid, Verdict, caption, label, title
from entropy_explorer.quality.lint import BODY_FONT_SIZE, MIN_FONT_SIZE, check_scene
from entropy_explorer.theme import CHECK_COLOR, CROSS_COLOR, MUTED_COLOR


def test_text_roles_are_never_below_the_lint_minimums() -> None:
    assert label("tick", size=12).font_size == pytest.approx(MIN_FONT_SIZE)
    assert caption("four words of body", size=20).font_size == pytest.approx(BODY_FONT_SIZE)
    wide = title("a heading far too long to fit across the frame of the video at all " * 2)
    assert wide.width <= config.frame_width - 1.2 + 1e-6


@pytest.mark.parametrize(("holds", "colour"), [(True, CHECK_COLOR), (False, CROSS_COLOR),
                                               (None, MUTED_COLOR)])
def test_verdict_mark_follows_the_verdict(holds: bool | None, colour: str) -> None:
    v = Verdict("low variance", holds)
    assert v.mark.get_color().to_hex().lower() == colour.lower()
    assert isinstance(v.phrase, Text) and v.phrase.get_right()[0] > v.mark.get_right()[0]
    formula = MathTex("x")
    assert Verdict(formula).phrase is formula


def test_card_grid_fills_each_frame_top_to_bottom_and_fits_the_picture() -> None:
    grid = CardGrid(6, cols=3)
    frames = grid.frames
    assert len(frames) == 6
    assert frames[0].get_center()[1] > frames[3].get_center()[1]  # two rows
    assert frames[0].get_center()[0] < frames[1].get_center()[0] < frames[2].get_center()[0]
    big = Square(side_length=20)
    foot = MathTex("D(P\\|Q)")
    head, pic, bottom = grid.fill(4, "a head", big, foot)
    box = frames[4]
    for part in (head, pic, bottom):
        assert box.get_left()[0] - 1e-6 <= part.get_left()[0]
        assert part.get_right()[0] <= box.get_right()[0] + 1e-6
        assert box.get_bottom()[1] - 1e-6 <= part.get_bottom()[1]
        assert part.get_top()[1] <= box.get_top()[1] + 1e-6
    assert head.get_bottom()[1] >= pic.get_top()[1] - 1e-6
    assert pic.get_bottom()[1] >= bottom.get_top()[1] - 1e-6
    assert big.width < 20  # scaled into the room left
    small = Circle(radius=0.2)
    grid.fill(0, "x", small)
    assert small.width == pytest.approx(0.4)  # never enlarged
    np.testing.assert_allclose(small.get_center()[0], frames[0].get_center()[0], atol=1e-6)
    with pytest.raises(ValueError, match="at least one card"):
        CardGrid(0)


class PointedScene(CleanScene):
    """A long line with its two named things lit up in turn (or, wrongly, both at once)."""

    spread = True

    def construct(self) -> None:
        a = Text("first", font_size=36).shift(np.array([-2, 0, 0]))
        b = Text("second", font_size=36).shift(np.array([2, 0, 0]))
        self.add(a, b)
        self.point("A long line that names the first thing on the left, takes its time, then "
                   "turns to the second thing on the right.",
                   a, b, at=(0.0, 0.45) if self.spread else (0.0, 0.05))
        self.wait_for_narration()


class BunchedScene(PointedScene):
    spread = False


def test_point_spreads_its_pointers_over_the_line() -> None:
    assert check_scene(PointedScene).findings == []
    found = check_scene(BunchedScene).findings
    assert [f.rule for f in found] == ["still-while-speaking"]


def test_pointer_names_its_kinds() -> None:
    scene = PointedScene()
    for how in ("indicate", "circumscribe", "flash", "wiggle"):
        assert scene.pointer(Square(), how) is not None
    with pytest.raises(ValueError, match="unknown pointer"):
        scene.pointer(Square(), "poke")
