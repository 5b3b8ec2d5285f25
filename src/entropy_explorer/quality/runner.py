"""Run a scene in this process without writing any video.

The layout lint, the numbers manifest and the scene smoke tests all need a scene's state
at its pauses, not its pixels. :func:`run_scene` builds a scene as a Manim *dry run*: no
file is written, and in *fast* mode (the default) every ``play`` jumps straight to its
end state (Manim's ``skip_animations``), which is exactly the state at the next pause.
Scene time still advances by each animation's run time, so reported times match the
rendered video. Manim's global ``config`` is changed only inside ``tempconfig``.

:func:`frame_digest` renders every frame (small and at a low frame rate) and hashes the
pixels: the determinism check compares two digests made in separate processes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from manim import Scene, config, tempconfig

from entropy_explorer.pipeline.leaves import manim_fixes
from entropy_explorer.scene import SectionScene
from entropy_explorer.sections import SCENES_DIR, Section, find_section

__all__ = ["PauseHook", "frame_digest", "load_module", "load_scene_class", "run_scene", "scene_label"]

#: Manim's cache (compiled TeX and text); shared with ``make render``.
MEDIA_DIR = SCENES_DIR.parent / "media"
#: Render settings shared by every scene.
SCENES_CFG = SCENES_DIR / "manim.cfg"

#: ``hook(scene, kind)``, called at every pause; ``kind`` is "play", "wait" or "next_slide".
PauseHook = Callable[[SectionScene, str], None]

# Parallel dry runs (pytest -n, the numbers check beside renders) load the same SVGs.
manim_fixes.apply()

SceneTarget = Section | str | type[Scene]


def load_module(path: Path, name: str | None = None) -> ModuleType:
    """Import the Python file at ``path`` as a module (a fresh copy on every call)."""
    path = Path(path).resolve()
    mod_name = name or f"_entropy_explorer_scene_{path.stem}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module  # dataclasses and pickling look modules up here
    spec.loader.exec_module(module)
    return module


def load_scene_class(target: SceneTarget, class_name: str | None = None) -> type[Scene]:
    """The scene class for a section, a section name (``"01"``, ``"information"``), or a
    class given directly. With ``class_name``, ``target`` may also be a file path."""
    if isinstance(target, type):
        return target
    if class_name is not None and isinstance(target, (str, Path)) and Path(target).suffix == ".py":
        return getattr(load_module(Path(target)), class_name)
    section = target if isinstance(target, Section) else find_section(str(target))
    if not section.is_available:
        raise FileNotFoundError(f"section {section.name} has no scene yet ({section.path})")
    module = load_module(section.path, f"_entropy_explorer_scene_{section.module}")
    try:
        return getattr(module, class_name or section.scene_class)
    except AttributeError:
        raise AttributeError(
            f"{section.path.name} defines no class {class_name or section.scene_class}"
        ) from None


def scene_label(target: SceneTarget) -> str:
    """Stable name for messages: ``01-information`` for a section, else the class name."""
    if isinstance(target, Section):
        return target.name
    if isinstance(target, type):
        section = getattr(target, "section", 0)
        try:
            info = find_section(str(section)) if section else None
        except KeyError:
            info = None
        if info is not None and info.scene_class == target.__name__:
            return info.name
        return target.__name__
    return find_section(str(target)).name


def _base_config(media_dir: Path) -> dict[str, Any]:
    return {
        "dry_run": True,
        "disable_caching": True,
        "progress_bar": "none",
        "media_dir": str(media_dir),
        "preview": False,
        # Manim's LaTeX clean-up deletes every non-SVG file in the shared TeX cache, including
        # another process's fresh .dvi; parallel runs (pytest -n, render --jobs) then fail.
        "no_latex_cleanup": True,
    }


def run_scene(
    target: SceneTarget,
    *,
    fast: bool = True,
    hooks: Iterable[PauseHook] = (),
    media_dir: Path = MEDIA_DIR,
    config_overrides: dict[str, Any] | None = None,
    before_render: Callable[[Scene], None] | None = None,
) -> Scene:
    """Build and run a scene without writing video; return the scene object.

    Parameters
    ----------
    target
        A :class:`Section`, a section name, or a scene class.
    fast
        Skip animations (each ``play`` jumps to its end). ``False`` renders every frame
        in memory (slow; only :func:`frame_digest` needs it).
    hooks
        Pause hooks added to the scene (a :class:`SectionScene`; ignored otherwise).
    media_dir
        Where Manim caches compiled TeX and text (nothing else is written).
    config_overrides
        Extra Manim config for this run (e.g. ``pixel_width``).
    before_render
        Called with the scene just before it runs.

    The returned scene has ``.manifest`` (numbers shown), ``.constants`` and
    ``.renderer.time`` (its duration).
    """
    cls = load_scene_class(target)
    logger = logging.getLogger("manim")
    level = logger.level
    try:
        logger.setLevel(logging.WARNING)
        with tempconfig({}):
            if SCENES_CFG.exists():
                config.digest_file(SCENES_CFG)
            config.update(_base_config(Path(media_dir)))
            config.verbosity = "WARNING"
            if config_overrides:
                config.update(config_overrides)
            scene = cls(skip_animations=fast)
            if isinstance(scene, SectionScene):
                scene.pause_hooks.extend(hooks)
            if before_render is not None:
                before_render(scene)
            scene.render()
    finally:
        logger.setLevel(level)
    return scene


def frame_digest(
    target: SceneTarget,
    *,
    frame_rate: int = 5,
    pixel_width: int = 192,
    pixel_height: int = 108,
) -> tuple[str, int]:
    """SHA-256 over every rendered frame's pixels, and the number of frames.

    Renders in memory at a small size and low frame rate; two runs of a deterministic
    scene give the same digest.
    """
    h = hashlib.sha256()
    count = 0

    def capture(scene: Scene) -> None:
        def write_frame(frame: Any, num_frames: int = 1) -> None:
            nonlocal count
            data = frame.tobytes()
            for _ in range(num_frames):
                h.update(data)
            count += num_frames

        scene.renderer.file_writer.write_frame = write_frame  # type: ignore[method-assign]

    run_scene(
        target,
        fast=False,
        before_render=capture,
        config_overrides={
            "frame_rate": frame_rate,
            "pixel_width": pixel_width,
            "pixel_height": pixel_height,
        },
    )
    return h.hexdigest(), count


def _main(argv: list[str]) -> int:
    """``python -m entropy_explorer.quality.runner digest SCENE``: print the frame digest."""
    if len(argv) != 2 or argv[0] != "digest":
        print("usage: python -m entropy_explorer.quality.runner digest SCENE", file=sys.stderr)
        return 2
    digest, frames = frame_digest(argv[1])
    print(f"{digest} {frames}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
