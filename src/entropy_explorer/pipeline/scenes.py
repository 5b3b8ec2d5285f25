"""Scene look-up, quality settings and input fingerprints (no manim import).

Shared by the render pipeline and the other outputs: which sections exist, what a
quality flag means, where Manim puts a scene's video, and whether a rendered file is
still up to date with the code and data it was made from.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.sections import (
    COVER,
    SCENES_DIR,
    SECTIONS,
    Section,
    available_sections,
    find_section,
)

__all__ = [
    "BUILD_DIR",
    "MEDIA_DIR",
    "PROJECT_ROOT",
    "QUALITIES",
    "Quality",
    "UnknownSceneError",
    "input_files",
    "inputs_fingerprint",
    "manim_video_path",
    "parse_quality",
    "resolve_scenes",
    "scenes_and_quality",
]

PROJECT_ROOT = SCENES_DIR.parent
BUILD_DIR = PROJECT_ROOT / "build"
MEDIA_DIR = PROJECT_ROOT / "media"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Quality:
    """A Manim quality preset (the same numbers as ``manim.constants.QUALITIES``)."""

    flag: str
    pixel_width: int
    pixel_height: int
    frame_rate: int

    @property
    def folder(self) -> str:
        """Manim's media sub-folder for this quality, e.g. ``480p15``."""
        return f"{self.pixel_height}p{self.frame_rate}"


#: l, m, h, k as Manim defines them.
QUALITIES: dict[str, Quality] = {
    "l": Quality("l", 854, 480, 15),
    "m": Quality("m", 1280, 720, 30),
    "h": Quality("h", 1920, 1080, 60),
    "k": Quality("k", 3840, 2160, 60),
}


class UnknownSceneError(KeyError):
    """A scene name that matches no section (the message lists the valid names)."""

    def __str__(self) -> str:
        return str(self.args[0])


def parse_quality(value: str) -> Quality:
    """``"l"``/``"low"`` ... ``"k"``/``"4k"`` to a :class:`Quality`; ValueError otherwise."""
    aliases = {"low": "l", "medium": "m", "high": "h", "4k": "k", "fourk": "k"}
    key = aliases.get(value.strip().lower(), value.strip().lower())
    if key not in QUALITIES:
        raise ValueError(f"unknown quality {value!r}; use one of l, m, h, k (low, medium, high, 4k)")
    return QUALITIES[key]


def resolve_scenes(names: Sequence[str], *, include_cover: bool = False) -> list[Section]:
    """Sections named by ``names`` (all available ones when empty), in article order.

    Raises :class:`UnknownSceneError` for a name that matches nothing, or a section
    whose scene has not been written yet; the message lists the valid names.
    """
    if not names:
        return available_sections()
    chosen: list[Section] = []
    for name in names:
        try:
            section = find_section(name)
        except KeyError as exc:
            raise UnknownSceneError(str(exc.args[0])) from None
        if section is COVER and not include_cover:
            raise UnknownSceneError("the cover is rendered by 'entropy-explorer gif', not as a section")
        if not section.is_available:
            ready = ", ".join(s.name for s in available_sections())
            raise UnknownSceneError(
                f"section {section.name} has no scene yet (scenes/{section.module}.py); "
                f"scenes with a module: {ready}"
            )
        if section not in chosen:
            chosen.append(section)
    order = {s.number: i for i, s in enumerate(SECTIONS)}
    return sorted(chosen, key=lambda s: order.get(s.number, -1))


def scenes_and_quality(args: argparse.Namespace) -> tuple[Quality, list[Section]]:
    """The ``--quality``, ``--jobs`` and ``SCENE ...`` arguments every output command takes.

    Raises ``ValueError`` (bad quality or jobs) or :class:`UnknownSceneError`, with a
    message fit to print after the command's name.
    """
    quality = parse_quality(args.quality)
    sections = resolve_scenes(args.scenes)
    if getattr(args, "jobs", 1) < 1:
        raise ValueError("--jobs must be at least 1")
    return quality, sections


def _module_file(module: str) -> Path | None:
    """File of a project module (``entropy_explorer.x`` or a scenes/ module), else None."""
    parts = module.split(".")
    if parts[0] == "entropy_explorer":
        base = PACKAGE_DIR.joinpath(*parts[1:])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.exists():
                return candidate
        return None
    candidate = SCENES_DIR / f"{parts[0]}.py"
    return candidate if len(parts) == 1 and candidate.exists() else None


def _imports(path: Path) -> Iterable[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:  # "from entropy_explorer import examples"
                yield f"{node.module}.{alias.name}"


def input_files(section: Section) -> list[Path]:
    """The scene file, ``scenes/manim.cfg`` and every project module it imports, transitively.

    Found by reading import statements (no code runs), so a change to a module a scene
    does not use does not mark the scene out of date.
    """
    seen: set[Path] = set()
    todo = [section.path]
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        for module in _imports(path):
            found = _module_file(module)
            if found is not None and found not in seen:
                todo.append(found)
            # a package's parent __init__ runs on import too
            parts = module.split(".")
            for i in range(1, len(parts)):
                parent = _module_file(".".join(parts[:i]))
                if parent is not None and parent not in seen:
                    todo.append(parent)
    cfg = SCENES_DIR / "manim.cfg"
    if cfg.exists():
        seen.add(cfg)
    return sorted(seen)


def inputs_fingerprint(section: Section, quality: Quality, extra: str = "") -> str:
    """SHA-256 over the scene's input files, the quality and the tool versions."""
    h = hashlib.sha256()
    h.update(f"quality={quality.flag};python={sys.version_info[:2]};{extra}\n".encode())
    try:
        from importlib.metadata import version

        h.update(f"manim={version('manim')};manim-slides={version('manim-slides')}\n".encode())
    except Exception:  # pragma: no cover - metadata missing only in broken installs
        pass
    for path in input_files(section):
        name = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
        h.update(str(name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def manim_video_path(section: Section, quality: Quality, media_dir: Path = MEDIA_DIR) -> Path:
    """Where Manim writes ``section``'s video for ``quality``."""
    return media_dir / "videos" / section.module / quality.folder / f"{section.scene_class}.mp4"
