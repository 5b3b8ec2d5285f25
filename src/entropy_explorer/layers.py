"""Keep what does not move out of the per-frame drawing, without changing a pixel.

Manim's Cairo renderer draws each animation's static mobjects once into a background image
and redraws only the "moving" ones on every frame. Its test for moving is coarse
(``Scene.get_moving_mobjects``): everything drawn *after* the first mobject that is animated,
has an updater (on itself or any descendant) or is in the foreground counts as moving. A
live readout or a bar chart with an updater near the start of the drawing order therefore
makes every axis, curve and label added after it moving, and they are drawn again on every
one of the 60 frames a second.

:class:`StaticLayers` splits the same drawing order more finely. A mobject may go into the
background image although something earlier in the order moves, as long as it cannot be
told apart from drawing in order:

* it is not animated, has no updater, is not in the foreground, and neither it nor any
  of its descendants or ancestors with points is drawn as moving (a mobject is drawn with
  its family);
* on every frame its box (grown by its stroke, a possible miter and a few pixels of
  anti-aliasing) meets the box of no moving mobject drawn before it, so the order of the two
  does not matter;
* on every frame its points and colours are those it had when the background was drawn (an
  updater may touch mobjects other than its own).

The last two are checked on every frame; at the first frame that fails them the animation
goes back to Manim's own split (its background image is drawn then) for the rest of the
animation. When the finer split would leave nothing moving where Manim's would not, Manim's
is kept too (with nothing moving, Manim draws every mobject again over the background).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import Mobject, VMobject, config

__all__ = ["StaticLayers", "Split"]

#: Cairo's default miter limit: a join reaches at most this many half line widths out.
_MITER = 10.0
#: Manim's Cairo line width per unit of ``stroke_width``, in scene units.
_LINE_WIDTH = 0.01
#: Anti-aliasing and rounding reach this many pixels past a path's geometry.
_PIXELS = 3.0
#: The style arrays compared frame to frame.
_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


def _width(value: Any) -> float:
    """The largest of a stroke width that may be a number or an array."""
    if isinstance(value, (int, float)):
        return float(value)
    return float(np.max(value, initial=0.0))


def _margin(mob: Mobject) -> float:
    """How far past its points a mobject may paint, in scene units."""
    width = 0.0
    if isinstance(mob, VMobject):
        width = max(_width(mob.stroke_width), _width(mob.background_stroke_width))
    pixel = config.frame_width / config.pixel_width
    return width * _LINE_WIDTH * _MITER / 2 + _PIXELS * pixel


def _box(mob: Mobject) -> np.ndarray:
    """``[xmin, ymin, xmax, ymax]`` of ``mob``'s own points, grown by its margin."""
    pts = mob.points
    m = _margin(mob)
    lo = pts.min(axis=0)
    hi = pts.max(axis=0)
    return np.array([lo[0] - m, lo[1] - m, hi[0] + m, hi[1] + m])


#: What decides how a mobject is drawn: its points and these style attributes.
_DRAWN = ("points", *_STYLE, "stroke_width", "background_stroke_width")


def _state(mob: Mobject) -> tuple[Any, ...]:
    """A copy of what decides how ``mob`` is drawn, and its family's members."""
    parts: list[Any] = [_members(mob)]
    for name in _DRAWN:
        value = getattr(mob, name, None)
        parts.append(value.copy() if isinstance(value, np.ndarray) else value)
    return tuple(parts)


def _members(mob: Mobject) -> tuple[int, ...]:
    """The identities of ``mob``'s family (a group that gains a member draws it)."""
    if not mob.submobjects:
        return (id(mob),)
    return tuple(id(f) for f in mob.get_family())


def _unchanged(mob: Mobject, state: tuple[Any, ...]) -> bool:
    """True when ``mob`` would be drawn as when ``state`` was taken."""
    if _members(mob) != state[0]:
        return False
    for name, old in zip(_DRAWN, state[1:], strict=True):
        value = getattr(mob, name, None)
        if isinstance(old, np.ndarray):
            if (not isinstance(value, np.ndarray) or value.shape != old.shape
                    or not np.array_equal(value, old)):
                return False
        elif isinstance(value, np.ndarray) or value != old:
            return False
    return True


@dataclass
class Split:
    """One animation's drawing split: the moving list and the background list."""

    moving: list[Mobject]
    static: list[Mobject]
    #: Mobjects Manim would draw each frame but this split draws once (with checks).
    promoted: list[Mobject] = field(default_factory=list)
    #: For each promoted mobject: its position in the order, and its state when drawn.
    promoted_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    promoted_state: list[tuple[Any, ...]] = field(default_factory=list)
    promoted_boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    #: Groups in Manim's moving list left out of this one (they hold promoted mobjects),
    #: and their members when the background was drawn.
    dropped: list[Mobject] = field(default_factory=list)
    dropped_state: list[tuple[int, ...]] = field(default_factory=list)
    #: The outermost moving entries, each with the first drawing position of its family.
    roots: list[Mobject] = field(default_factory=list)
    root_index: list[int] = field(default_factory=list)
    #: Drawing positions when the background was drawn, by ``id``.
    position: dict[int, int] = field(default_factory=dict)

    def still_valid(self) -> bool:
        """True when drawing the promoted mobjects in the background is still exact."""
        for mob, state in zip(self.promoted, self.promoted_state, strict=True):
            if not _unchanged(mob, state):
                return False
        for mob, members in zip(self.dropped, self.dropped_state, strict=True):
            if _members(mob) != members:
                return False
        boxes: list[np.ndarray] = []
        index: list[int] = []
        for root, first in zip(self.roots, self.root_index, strict=True):
            for m in root.family_members_with_points():
                boxes.append(_box(m))
                index.append(self.position.get(id(m), first))
        if not boxes:
            return True
        b = np.array(boxes)
        p = self.promoted_boxes
        meet = ((b[:, None, 0] <= p[None, :, 2]) & (p[None, :, 0] <= b[:, None, 2])
                & (b[:, None, 1] <= p[None, :, 3]) & (p[None, :, 1] <= b[:, None, 3]))
        before = np.array(index)[:, None] < self.promoted_index[None, :]
        return not bool(np.any(meet & before))


class StaticLayers:
    """Compute :class:`Split` for a scene's drawing order (see the module docstring)."""

    @staticmethod
    def split(order: Sequence[Mobject], default_moving: Sequence[Mobject],
              default_static: Sequence[Mobject], truly_moving: set[int]) -> Split | None:
        """Split ``order`` (the points-bearing mobjects in drawing order).

        ``default_moving`` and ``default_static`` are Manim's lists (its background is
        drawn first, so the promoted mobjects are drawn after it, then the moving ones on
        every frame); ``truly_moving`` the ids of the mobjects
        that animations, updaters or the foreground may change. Returns ``None`` when the
        finer split gains nothing or cannot be used (Manim's split is kept).
        """
        default_set = {id(m) for m in default_moving}
        candidates = [m for m in order if id(m) in default_set]
        if not candidates:
            return None
        position = {id(m): i for i, m in enumerate(order)}
        in_order = set(position)
        families = {id(m): [f for f in m.get_family() if id(f) in in_order] for m in candidates}
        forced = set(truly_moving)
        for m in candidates:
            if not isinstance(m, VMobject):
                forced.add(id(m))  # images, point clouds: keep Manim's handling
        while True:
            moving_ids: set[int] = set()
            boxes: list[np.ndarray] = []
            for m in candidates:
                mid = id(m)
                move = mid in forced or mid in moving_ids
                if not move and boxes:
                    b = _box(m)
                    arr = np.array(boxes)
                    move = bool(np.any((arr[:, 0] <= b[2]) & (b[0] <= arr[:, 2])
                                       & (arr[:, 1] <= b[3]) & (b[1] <= arr[:, 3])))
                if move:
                    for f in families[mid]:  # drawn with its family
                        if id(f) not in moving_ids:
                            moving_ids.add(id(f))
                    moving_ids.add(mid)
                    boxes.append(_box(m))
            # A background mobject is drawn with its family: none of it may move.
            grown = {id(m) for m in candidates if id(m) not in moving_ids
                     and any(id(f) in moving_ids for f in families[id(m)])}
            if not grown - forced:
                break
            forced |= grown
        promoted = [m for m in candidates if id(m) not in moving_ids]
        if not promoted or len(promoted) == len(candidates):
            return None
        promoted_ids = {id(m) for m in promoted}
        # Manim's moving list holds groups too, and the camera draws each one's family as it
        # is on that frame (a live number swaps its glyphs); keep every entry none of whose
        # drawn family went to the background, and watch the others for new members.
        moving: list[Mobject] = []
        dropped: list[Mobject] = []
        for m in default_moving:
            if any(id(f) in promoted_ids for f in m.family_members_with_points()):
                if id(m) not in promoted_ids:
                    dropped.append(m)
            else:
                moving.append(m)
        if not moving:
            return None
        # The moving entries not inside another one: each frame, their families as they
        # are then (new glyphs included) are checked against the promoted boxes.
        # Only those drawn (in part) before the last promoted mobject can cover one.
        inner = {id(f) for m in moving for f in m.get_family()[1:]}
        last = max(position[id(m)] for m in promoted)
        roots, root_index = [], []
        for m in moving:
            if id(m) in inner:
                continue
            first = min((position[id(f)] for f in m.get_family() if id(f) in position),
                        default=0)
            if first < last:
                roots.append(m)
                root_index.append(first)
        return Split(
            moving=moving,
            static=[*default_static, *promoted],
            promoted=promoted,
            promoted_index=np.array([position[id(m)] for m in promoted]),
            promoted_state=[_state(m) for m in promoted],
            dropped=dropped,
            dropped_state=[_members(m) for m in dropped],
            promoted_boxes=np.array([_box(m) for m in promoted]),
            roots=roots,
            root_index=root_index,
            position=position,
        )
