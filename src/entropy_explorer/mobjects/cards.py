"""A grid of cards: frames in rows and columns, each filled with a head, a picture, a foot.

Sections "Applications" and "Cheat Sheet" show one card per idea. A card holds what a
phone viewer can read at a glance: a short head (a label), a picture scaled to the room
left, and a foot (the formula); the sentence about it is said, not written.
"""

from __future__ import annotations

from manim import DOWN, UP, Mobject, RoundedRectangle, VGroup, config

from entropy_explorer.mobjects.text import label
from entropy_explorer.theme import FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["CardGrid"]


class CardGrid(VGroup):
    """``count`` card frames in a grid of ``cols`` columns, filling the frame below a title.

    Parameters
    ----------
    count, cols
        How many cards, how many in a row.
    width, height
        The grid's size (scene units); by default the frame minus its safe margins, and
        ``height`` leaves ``top_room`` above for a title.
    buff
        Gaps between cards (horizontal, vertical).

    ``frames`` holds the frames (shown with ``Create``); :meth:`fill` places a card's parts.
    """

    def __init__(self, count: int, *, cols: int = 3, width: float | None = None,
                 height: float | None = None, top_room: float = 0.0,
                 buff: tuple[float, float] = (0.15, 0.2)) -> None:
        super().__init__()
        if count < 1 or cols < 1:
            raise ValueError(f"a grid needs at least one card and one column, not {count}, {cols}")
        rows = -(-count // cols)
        width = config.frame_width - 0.8 if width is None else width
        height = config.frame_height - 0.8 - top_room if height is None else height
        card_w = (width - (cols - 1) * buff[0]) / cols
        card_h = (height - (rows - 1) * buff[1]) / rows
        self.frames = VGroup(*(
            RoundedRectangle(width=card_w, height=card_h, corner_radius=0.15,
                             stroke_color=MUTED_COLOR, stroke_width=1.5, stroke_opacity=0.6)
            for _ in range(count)))
        self.frames.arrange_in_grid(rows=rows, cols=cols, buff=buff)
        self.frames.shift(DOWN * top_room / 2)
        self.add(self.frames)

    def fill(self, index: int, head: str | Mobject, picture: Mobject | None = None,
             foot: Mobject | None = None, *, head_color: str = TEXT_COLOR,
             pad: float = 0.18) -> VGroup:
        """Place a card's head (top), foot (bottom) and picture (scaled into the room left,
        centred) in frame ``index``; returns ``VGroup(head, picture, foot)`` (not shown).
        A missing picture or foot is an empty ``VGroup``."""
        frame = self.frames[index]
        head_m = label(head, head_color, FONT_SIZE.LABEL) if isinstance(head, str) else head
        if head_m.width > frame.width - 2 * pad:
            head_m.scale_to_fit_width(frame.width - 2 * pad)
        head_m.next_to(frame.get_top(), DOWN, buff=pad)
        foot_m = foot if foot is not None else VGroup()
        bottom = frame.get_bottom()[1] + pad
        if foot is not None:
            if foot_m.width > frame.width - 2 * pad:
                foot_m.scale_to_fit_width(frame.width - 2 * pad)
            foot_m.next_to(frame.get_bottom(), UP, buff=pad)
            bottom = foot_m.get_top()[1] + pad / 2
        pic = picture if picture is not None else VGroup()
        if picture is not None:
            top = head_m.get_bottom()[1] - pad / 2
            room_w, room_h = frame.width - 2 * pad, max(top - bottom, 0.1)
            if pic.width > room_w or pic.height > room_h:
                pic.scale(min(room_w / max(pic.width, 1e-6), room_h / max(pic.height, 1e-6)))
            pic.move_to([frame.get_x(), (top + bottom) / 2, 0])
        return VGroup(head_m, pic, foot_m)
