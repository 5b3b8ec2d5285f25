"""One fix to Manim 0.21, for every process that builds scenes (renders and dry runs).

``SVGMobject.generate_mobject`` writes each SVG it loads (every ``Text`` and ``MathTex``)
to a temporary ``<name>_.svg`` beside the cached one, parses it, then deletes it. Two
processes loading the same text or formula at once (two scenes rendering side by side,
two test workers) overwrite and delete each other's file, and one fails with "No such
file ... _.svg". :func:`apply` makes it parse the modified SVG from memory instead.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import svgelements as se
from manim import RIGHT
from manim.mobject.svg.svg_mobject import SVGMobject

__all__ = ["apply"]


def _generate_mobject_in_memory(self: Any) -> Any:
    """Manim's ``SVGMobject.generate_mobject``, without the shared temporary file."""
    new_tree = self.modify_xml_tree(ET.parse(self.get_file_path()))
    buffer = io.BytesIO()
    new_tree.write(buffer)
    buffer.seek(0)
    mobjects, mobject_dict = self.get_mobjects_from(se.SVG.parse(buffer))
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)  # Flip y
    return self


def apply() -> None:
    """Patch Manim (idempotent)."""
    SVGMobject.generate_mobject = _generate_mobject_in_memory  # type: ignore[method-assign]
