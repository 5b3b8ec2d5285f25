"""``entropy-explorer render``: every registered scene to ``build/video/NN-slug.mp4``.

Each scene renders in its own ``manim`` process, several at once (``--jobs``). A scene
is re-rendered only when its inputs changed (see :func:`inputs_fingerprint`). Outputs are
copied into place atomically: an interrupted or failed render never leaves a partial file
under a final name. A failing scene makes the command fail with the scene's name and error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.pipeline.scenes import (
    BUILD_DIR,
    MEDIA_DIR,
    PROJECT_ROOT,
    Quality,
    UnknownSceneError,
    inputs_fingerprint,
    manim_video_path,
    resolve_scenes,
    scenes_and_quality,
)
from entropy_explorer.pipeline.tools import missing_tools_message
from entropy_explorer.sections import Section

__all__ = ["RenderResult", "atomic_copy", "output_path", "register", "render_scenes"]

VIDEO_DIR = BUILD_DIR / "video"
LOG_DIR = BUILD_DIR / "logs"


@dataclass
class RenderResult:
    """What happened to one scene."""

    section: Section
    status: str  # "rendered", "up to date", "failed"
    seconds: float = 0.0
    error: str = ""
    log: Path | None = None


def output_path(section: Section, video_dir: Path = VIDEO_DIR) -> Path:
    return video_dir / f"{section.name}.mp4"


def _stamp_path(section: Section, video_dir: Path) -> Path:
    return video_dir / f".{section.name}.inputs"


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through a temporary file in the same folder."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(dst: Path, text: str) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def is_up_to_date(section: Section, quality: Quality, video_dir: Path = VIDEO_DIR) -> bool:
    """True when the rendered file exists and was made from the current inputs."""
    out, stamp = output_path(section, video_dir), _stamp_path(section, video_dir)
    if not (out.exists() and stamp.exists()):
        return False
    return stamp.read_text(encoding="utf-8").strip() == inputs_fingerprint(section, quality)


def manim_command(section: Section, quality: Quality, media_dir: Path = MEDIA_DIR) -> list[str]:
    # Manim reads manim.cfg only from its working folder: name the scenes' cfg.
    cfg = section.path.parent / "manim.cfg"
    return [
        sys.executable, "-m", "manim", "render",
        "-q", quality.flag,
        *(["--config_file", str(cfg)] if cfg.exists() else []),
        "--media_dir", str(media_dir),
        "--progress_bar", "none",
        str(section.path), section.scene_class,
    ]


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


def render_one(
    section: Section,
    quality: Quality,
    *,
    force: bool = False,
    video_dir: Path = VIDEO_DIR,
    media_dir: Path = MEDIA_DIR,
) -> RenderResult:
    """Render one scene (unless up to date) and copy its video and subtitles into place."""
    if not force and is_up_to_date(section, quality, video_dir):
        return RenderResult(section, "up to date")
    fingerprint = inputs_fingerprint(section, quality)
    start = time.monotonic()
    log = LOG_DIR / f"{section.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(
        manim_command(section, quality, media_dir),
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    with _running_lock:
        _running.add(proc)
    try:
        output, _ = proc.communicate()
    finally:
        with _running_lock:
            _running.discard(proc)
    log.write_text(output, encoding="utf-8")
    seconds = time.monotonic() - start
    produced = manim_video_path(section, quality, media_dir)
    if proc.returncode != 0 or not produced.exists():
        why = _tail(output) or f"manim exited with code {proc.returncode}"
        return RenderResult(section, "failed", seconds, why, log)
    _stamp_path(section, video_dir).unlink(missing_ok=True)
    atomic_copy(produced, output_path(section, video_dir))
    srt = produced.with_suffix(".srt")
    if srt.exists():
        atomic_copy(srt, output_path(section, video_dir).with_suffix(".srt"))
    atomic_write_text(_stamp_path(section, video_dir), fingerprint + "\n")
    return RenderResult(section, "rendered", seconds, log=log)


def render_scenes(
    sections: Sequence[Section],
    quality: Quality,
    *,
    jobs: int = 1,
    force: bool = False,
    video_dir: Path = VIDEO_DIR,
    media_dir: Path = MEDIA_DIR,
    echo: bool = True,
) -> list[RenderResult]:
    """Render ``sections`` with up to ``jobs`` manim processes; print progress lines."""
    results: list[RenderResult] = []
    total = len(sections)
    if echo:
        print(f"rendering {total} scene(s) at quality {quality.flag} "
              f"({quality.pixel_width}x{quality.pixel_height}, {quality.frame_rate} fps), "
              f"{jobs} at a time", flush=True)
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {
                pool.submit(render_one, s, quality, force=force, video_dir=video_dir,
                            media_dir=media_dir): s
                for s in sections
            }
            for done, fut in enumerate(as_completed(futures), start=1):
                r = fut.result()
                results.append(r)
                if echo:
                    extra = f" in {r.seconds:.1f} s" if r.status != "up to date" else ""
                    print(f"[{done}/{total}] {r.section.name}: {r.status}{extra}", flush=True)
                    if r.status == "failed":
                        print(f"  error in {r.section.name} ({r.section.scene_class}):", flush=True)
                        print("    " + r.error.replace("\n", "\n    "), flush=True)
                        print(f"  full log: {r.log}", flush=True)
    except KeyboardInterrupt:
        with _running_lock:
            for proc in _running:
                proc.terminate()
        raise
    order = {s.number: i for i, s in enumerate(sections)}
    return sorted(results, key=lambda r: order[r.section.number])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "render",
        help="render scenes to build/video/NN-slug.mp4",
        description="Render scenes (all registered ones by default) to build/video/NN-slug.mp4. "
        "Scenes whose inputs did not change since the last render are skipped.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name (default: all)")
    p.add_argument("-q", "--quality", default="h",
                   help="l (480p15), m (720p30), h (1080p60, default) or k (2160p60)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="scenes rendered at once (default: number of cores)")
    p.add_argument("-f", "--force", action="store_true", help="re-render even if up to date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        quality, sections = scenes_and_quality(args)
    except (ValueError, UnknownSceneError) as exc:
        print(f"entropy-explorer render: {exc}", file=sys.stderr)
        return 2
    if message := missing_tools_message(["ffmpeg"], "video encoding"):
        print(f"entropy-explorer render: {message} (or run 'make render', which sets it up)",
              file=sys.stderr)
        return 1
    results = render_scenes(sections, quality, jobs=args.jobs, force=args.force)
    failed = [r for r in results if r.status == "failed"]
    done = sum(r.status == "rendered" for r in results)
    fresh = sum(r.status == "up to date" for r in results)
    print(f"{done} rendered, {fresh} up to date, {len(failed)} failed; videos in "
          f"{VIDEO_DIR.relative_to(PROJECT_ROOT)}/")
    # the numbers manifest of every registered scene (quality/numbers.py; cached per scene)
    from entropy_explorer.quality.numbers import write_manifest

    try:
        numbers = write_manifest(resolve_scenes([]), BUILD_DIR / "numbers.json")
        print(f"numbers manifest: {len(numbers)} numbers in build/numbers.json")
    except Exception as exc:  # a scene that cannot run also failed to render above
        print(f"entropy-explorer render: build/numbers.json not written: {exc}", file=sys.stderr)
    # subtitles, slide decks, and the full video with chapters (pipeline/assemble.py)
    from entropy_explorer.pipeline.assemble import finish_render

    outputs_code = finish_render(results, quality)
    if failed:
        print("failed: " + ", ".join(f"{r.section.name} ({r.section.scene_class})" for r in failed),
              file=sys.stderr)
        return 1
    return outputs_code
