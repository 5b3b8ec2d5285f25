"""The numbers manifest: every number a scene shows, with where it came from.

Pure Python (no manim). Scenes record numbers through :class:`entropy_explorer.scene.
SectionScene`'s helpers; this module holds the record type and the formatting rules those
helpers share, so the text on screen and the text in the manifest are the same string.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

__all__ = ["UNITS", "NumberRecord", "auto_decimals", "format_value"]

#: Units a recorded number may carry.
UNITS = ("bits", "nats", "probability", "count", "ratio", "value")


def format_value(value: float, decimals: int = 2) -> str:
    """Format ``value`` the way scenes show it: fixed decimals, ``inf`` as ``∞``."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if math.isnan(value):
        raise ValueError("refusing to show NaN on screen")
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0.00"
    return text


@dataclass(frozen=True)
class NumberRecord:
    """One number shown on screen.

    ``key`` is stable across renders (``movie.cross_entropy``); ``value`` is the exact value
    from the math module; ``text`` is the string as shown.
    """

    scene: str
    key: str
    value: float
    unit: str
    text: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} for {self.key}; use one of {UNITS}")

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict; infinity becomes the string ``"inf"``."""
        d = asdict(self)
        if math.isinf(self.value):
            d["value"] = "inf" if self.value > 0 else "-inf"
        return d

    @classmethod
    def from_json(cls, d: dict[str, object]) -> NumberRecord:
        """Inverse of :meth:`to_json`."""
        return cls(scene=str(d["scene"]), key=str(d["key"]), value=float(d["value"]),  # type: ignore[arg-type]
                   unit=str(d["unit"]), text=str(d["text"]))


def auto_decimals(value: float, max_decimals: int = 2) -> int:
    """Fewest decimal places (up to ``max_decimals``) that show ``value`` exactly.

    ``auto_decimals(3.0) == 0``, ``auto_decimals(0.125, 3) == 3``,
    ``auto_decimals(9.9657...) == max_decimals``.
    """
    if not math.isfinite(value):
        return 0
    for d in range(max_decimals + 1):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return max_decimals
