"""Scene look-up, quality presets and input fingerprints (no manim import).

Which sections have a scene, what a quality flag means, where Manim puts a scene's
video, and a fingerprint of everything a scene's picture is made from: the scene file,
``scenes/manim.cfg`` and every project module it imports (read from the import
statements, nothing runs), the quality and the Manim versions.
"""

from __future__ import annotations

import ast
import hashlib
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.sections import COVER, SECTIONS, Section, find_section

__all__ = [
    "QUALITIES",
    "Quality",
    "SceneError",
    "UnknownSceneError",
    "input_files",
    "inputs_fingerprint",
    "manim_video_path",
    "parse_quality",
    "resolve_scenes",
]

PACKAGE_DIR = Path(__file__).resolve().parents[2]


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


class SceneError(ValueError):
    """A scene file that cannot be read (a syntax error): file, line and what is wrong."""


def parse_quality(value: str) -> Quality:
    """``"l"``/``"low"`` ... ``"k"``/``"4k"`` to a :class:`Quality`; ValueError otherwise."""
    aliases = {"low": "l", "medium": "m", "high": "h", "4k": "k", "fourk": "k"}
    key = aliases.get(value.strip().lower(), value.strip().lower())
    if key not in QUALITIES:
        raise ValueError(f"unknown quality {value!r}; use one of l, m, h, k (low, medium, high, 4k)")
    return QUALITIES[key]


def resolve_scenes(names: Sequence[str], *, include_cover: bool = False,
                   project: Project = DEFAULT_PROJECT) -> list[Section]:
    """Sections named by ``names`` (all available ones when empty), in article order.

    Raises :class:`UnknownSceneError` for a name that matches nothing, or a section
    whose scene has not been written yet; the message lists the valid names.
    """
    if not names:
        return project.available()
    chosen: list[Section] = []
    for name in names:
        try:
            section = find_section(name)
        except KeyError as exc:
            raise UnknownSceneError(str(exc.args[0])) from None
        if section is COVER and not include_cover:
            raise UnknownSceneError("the cover is rendered by 'entropy-explorer gif', not as a section")
        if not project.has_scene(section):
            ready = ", ".join(s.name for s in project.available())
            raise UnknownSceneError(
                f"section {section.name} has no scene yet (scenes/{section.module}.py); "
                f"scenes with a module: {ready}"
            )
        if section not in chosen:
            chosen.append(section)
    order = {s.number: i for i, s in enumerate(SECTIONS)}
    return sorted(chosen, key=lambda s: order.get(s.number, -1))


def _module_file(module: str, scenes_dir: Path) -> Path | None:
    """File of a project module (``entropy_explorer.x`` or a scenes/ module), else None."""
    parts = module.split(".")
    if parts[0] == "entropy_explorer":
        base = PACKAGE_DIR.joinpath(*parts[1:])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.exists():
                return candidate
        return None
    candidate = scenes_dir / f"{parts[0]}.py"
    return candidate if len(parts) == 1 and candidate.exists() else None


#: CPython 3.11's parser is not safe in several threads at once ("SystemError: AST
#: constructor recursion depth mismatch"), and build tasks compute fingerprints in threads.
_PARSE_LOCK = threading.Lock()


#: Each file's imports, by (path, size, mtime): the scenes share most of their modules, so
#: one build parses each file once, not once per scene (4.3 s to 0.3 s for 20 scenes).
_IMPORTS_CACHE: dict[tuple[Path, int, int], tuple[str, ...]] = {}


def _imports(path: Path) -> tuple[str, ...]:
    st = path.stat()
    state = (path, st.st_size, st.st_mtime_ns)
    cached = _IMPORTS_CACHE.get(state)
    if cached is not None:
        return cached
    try:
        with _PARSE_LOCK:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        raise SceneError(f"{path.name}, line {exc.lineno}: {exc.msg}") from None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # "from entropy_explorer import examples"
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    _IMPORTS_CACHE[state] = found = tuple(names)
    return found


def input_files(section: Section, project: Project = DEFAULT_PROJECT) -> list[Path]:
    """The scene file, ``scenes/manim.cfg`` and every project module it imports, transitively.

    Found by reading import statements (no code runs), so a change to a module a scene
    does not use does not mark the scene out of date. Raises :class:`SceneError` for a
    file with a syntax error.
    """
    scenes_dir = project.scenes_dir
    seen: set[Path] = set()
    todo = [project.scene_path(section)]
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        for module in _imports(path):
            found = _module_file(module, scenes_dir)
            if found is not None and found not in seen:
                todo.append(found)
            # a package's parent __init__ runs on import too
            parts = module.split(".")
            for i in range(1, len(parts)):
                parent = _module_file(".".join(parts[:i]), scenes_dir)
                if parent is not None and parent not in seen:
                    todo.append(parent)
    cfg = scenes_dir / "manim.cfg"
    if cfg.exists():
        seen.add(cfg)
    return sorted(seen)


def _versions() -> str:
    try:
        return f"manim={version('manim')};manim-slides={version('manim-slides')}"
    except PackageNotFoundError:  # pragma: no cover - only in a broken install
        return "manim=?"


def inputs_fingerprint(section: Section, quality: Quality, extra: str = "",
                       project: Project = DEFAULT_PROJECT) -> str:
    """SHA-256 over the scene's input files, the quality and the tool versions."""
    h = hashlib.sha256()
    h.update(f"quality={quality.flag};python={sys.version_info[:2]};{extra}\n".encode())
    h.update(_versions().encode() + b"\n")
    root = project.root
    for path in input_files(section, project):
        name = path.relative_to(root) if path.is_relative_to(root) else path
        h.update(str(name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def manim_video_path(section: Section, quality: Quality, media_dir: Path) -> Path:
    """Where Manim writes ``section``'s video for ``quality``."""
    return media_dir / "videos" / section.module / quality.folder / f"{section.scene_class}.mp4"
