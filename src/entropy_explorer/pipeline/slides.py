"""Slides for talks: offline HTML (reveal.js), PowerPoint, PDF handout, and the presenter.

Every section scene is a manim-slides ``Slide``: rendering it writes a deck (JSON plus one
clip per slide, cut at each ``beat``/``next_slide``) to ``media/slides/``. That folder is a
cache any render overwrites (at any quality), so after each render the deck is copied to
``build/decks/<quality>/`` with a stamp of the scene's inputs; a deck whose stamp no
longer matches is rendered again before it is used.

``entropy-explorer slides`` then exports all sections, in article order, as

* ``build/slides/index.html`` (default): manim-slides' reveal.js export through our
  template (``templates/slides.html``), with reveal.js copied beside it from the npm
  registry (``npm pack reveal.js@<version>``, the version manim-slides' template names,
  cached in ``build/vendor/``), so it opens and plays with no network;
* ``build/entropy-explorer.pptx`` (``--pptx``): one PowerPoint slide per clip, autoplaying;
* ``build/entropy-explorer-slides.pdf`` (``--pdf``): the last frame of every slide.

``entropy-explorer present`` opens the decks in manim-slides' Qt presenter; it needs a Qt
binding (``pip install -e '.[present]'``, which ``make present`` does) and a display.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entropy_explorer.pipeline.scenes import (
    BUILD_DIR,
    MEDIA_DIR,
    PROJECT_ROOT,
    Quality,
    UnknownSceneError,
    inputs_fingerprint,
    manim_video_path,
    scenes_and_quality,
)
from entropy_explorer.sections import Section

__all__ = [
    "DECKS_DIR",
    "HTML_OUT",
    "PDF_OUT",
    "PPTX_OUT",
    "SlidesError",
    "add_narration_notes",
    "browser_check",
    "chromium_path",
    "deck_is_current",
    "deck_path",
    "ensure_decks",
    "export_html",
    "export_pdf",
    "export_pptx",
    "fetch_revealjs",
    "network_references",
    "present_command",
    "register",
    "rendered_fingerprint",
    "reveal_version",
    "snapshot_deck",
    "split_extra",
]

#: Where SectionScene has manim-slides write its decks (a cache, like media/).
MEDIA_SLIDES = MEDIA_DIR / "slides"
DECKS_DIR = BUILD_DIR / "decks"
VENDOR_DIR = BUILD_DIR / "vendor"
HTML_OUT = BUILD_DIR / "slides"
PPTX_OUT = BUILD_DIR / "entropy-explorer.pptx"
PDF_OUT = BUILD_DIR / "entropy-explorer-slides.pdf"
TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "slides.html"
TITLE = "The Curious Case of KL Divergence"
#: Files of reveal.js's dist/ folder the HTML does not need.
_REVEAL_SKIP = (".mjs", ".d.ts", ".map")


class SlidesError(RuntimeError):
    """A slide export could not be made (the message says why and what to do)."""


# ------------------------------------------------------------------------------ decks
def deck_path(section: Section, quality: Quality, decks_dir: Path = DECKS_DIR) -> Path:
    """The kept copy of a section's deck for ``quality``."""
    return decks_dir / quality.folder / f"{section.scene_class}.json"


def _deck_stamp(section: Section, quality: Quality, decks_dir: Path) -> Path:
    return decks_dir / quality.folder / f".{section.scene_class}.inputs"


def _load_deck(path: Path) -> Any:
    from manim_slides.config import PresentationConfig

    return PresentationConfig.from_file(path)


def _tmp_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")


def _replace_dir(tmp: Path, dst: Path) -> None:
    """Move folder ``tmp`` to ``dst``, replacing what was there (old copy removed after)."""
    old = None
    if dst.exists():
        old = _tmp_sibling(dst).with_suffix(".old")
        os.replace(dst, old)
    os.replace(tmp, dst)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def snapshot_deck(
    section: Section,
    quality: Quality,
    *,
    media_slides: Path = MEDIA_SLIDES,
    decks_dir: Path = DECKS_DIR,
    fingerprint: str | None = None,
) -> Path:
    """Copy the deck manim-slides just wrote for ``section`` into ``decks_dir``.

    Call it right after rendering ``section`` at ``quality``; the copy is stamped with
    ``fingerprint``, the inputs the render was made from (default: the current inputs).
    Raises :class:`SlidesError` when the deck is missing, was
    rendered at another resolution, or lacks a clip.
    """
    src = media_slides / f"{section.scene_class}.json"
    if not src.exists():
        raise SlidesError(f"{section.name}: no slide deck at {src} (is the scene a SectionScene?)")
    deck = _load_deck(src)
    if tuple(deck.resolution) != (quality.pixel_width, quality.pixel_height):
        raise SlidesError(f"{section.name}: the deck in {src} is {deck.resolution[0]}x"
                          f"{deck.resolution[1]}, not quality {quality.flag}")
    missing = [s.file for s in deck.slides if not Path(s.file).exists()]
    if missing:
        raise SlidesError(f"{section.name}: deck clips missing: {', '.join(map(str, missing))}")
    add_narration_notes(deck, manim_video_path(section, quality, media_slides.parent)
                        .with_suffix(".srt"))
    target = deck_path(section, quality, decks_dir)
    files = target.parent / "files" / section.scene_class
    files.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_sibling(files)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for slide in deck.slides:
            name = Path(slide.file).name
            if not (tmp / name).exists():
                shutil.copyfile(slide.file, tmp / name)
            slide.file = files / name
            slide.rev_file = files / name
        _deck_stamp(section, quality, decks_dir).unlink(missing_ok=True)
        _replace_dir(tmp, files)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    json_tmp = _tmp_sibling(target)
    try:
        deck.to_file(json_tmp)
        os.replace(json_tmp, target)
    finally:
        json_tmp.unlink(missing_ok=True)
    stamp = _deck_stamp(section, quality, decks_dir)
    stamp.write_text((fingerprint or inputs_fingerprint(section, quality)) + "\n",
                     encoding="utf-8")
    return target


#: Seconds a cue may start before its slide (frame rounding between subtitles and clips).
_SLACK = 0.25


def add_narration_notes(deck: Any, srt: Path) -> None:
    """Append to each slide's notes the narration heard during its clip (the script).

    A cue belongs to the slide whose time span (the clips back to back) holds its start,
    give or take a few frames (subtitle times and clip lengths can differ by a frame or
    two). The speaker sees it in reveal.js' speaker view (``S``) and PowerPoint's notes.
    """
    from entropy_explorer.pipeline.subtitles import media_duration, parse_srt

    if not srt.exists():
        return
    cues = parse_srt(srt.read_text(encoding="utf-8"))
    t = 0.0
    for i, slide in enumerate(deck.slides):
        end = t + media_duration(Path(slide.file))
        last = i == len(deck.slides) - 1
        said = [" ".join(c.text.split()) for c in cues
                if t <= c.start + _SLACK < end or (last and c.start + _SLACK >= end)]
        if said:
            script = "Narration: " + " ".join(said)
            slide.notes = f"{slide.notes}\n\n{script}" if slide.notes else script
        t = end


def deck_is_current(section: Section, quality: Quality, decks_dir: Path = DECKS_DIR) -> bool:
    """True when the kept deck was made from the scene's current inputs and is complete."""
    target, stamp = deck_path(section, quality, decks_dir), _deck_stamp(section, quality, decks_dir)
    if not (target.exists() and stamp.exists()):
        return False
    if stamp.read_text(encoding="utf-8").strip() != inputs_fingerprint(section, quality):
        return False
    try:
        deck = _load_deck(target)
    except Exception:  # a damaged JSON file: render again
        return False
    return all(Path(s.file).exists() for s in deck.slides)


def rendered_fingerprint(section: Section, video_dir: Path | None = None) -> str | None:
    """The input fingerprint the section's video in ``video_dir`` was rendered from."""
    from entropy_explorer.pipeline import render

    stamp = render._stamp_path(section, video_dir or render.VIDEO_DIR)
    return stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None


def ensure_decks(
    sections: Sequence[Section],
    quality: Quality,
    *,
    jobs: int = 1,
    decks_dir: Path = DECKS_DIR,
    video_dir: Path | None = None,
    echo: bool = True,
) -> list[Path]:
    """A current deck per section, rendering the scenes whose kept deck is stale."""
    from entropy_explorer.pipeline import render

    stale = [s for s in sections if not deck_is_current(s, quality, decks_dir)]
    if stale:
        if echo:
            print(f"slides: rendering {len(stale)} scene(s) for their decks: "
                  + ", ".join(s.name for s in stale), flush=True)
        results = render.render_scenes(
            stale, quality, jobs=jobs, force=True, echo=echo,
            video_dir=video_dir or render.VIDEO_DIR,
        )
        failed = [r for r in results if r.status != "rendered"]
        if failed:
            raise SlidesError("could not render: " + ", ".join(
                f"{r.section.name} ({r.error.splitlines()[-1] if r.error else r.status})"
                for r in failed))
        for s in stale:
            snapshot_deck(s, quality, decks_dir=decks_dir,
                          fingerprint=rendered_fingerprint(s, video_dir))
    return [deck_path(s, quality, decks_dir) for s in sections]


# ---------------------------------------------------------------------------- reveal.js
def reveal_version() -> str:
    """The reveal.js version manim-slides' HTML template is written for."""
    from manim_slides.convert import RevealJS

    return str(RevealJS.model_fields["reveal_version"].default)


def fetch_revealjs(version: str | None = None, vendor_dir: Path = VENDOR_DIR) -> Path:
    """An unpacked reveal.js package (the folder holding ``dist/``), fetched once with npm.

    ``npm pack`` downloads the package tarball from the npm registry (or npm's cache)
    without installing anything; a second call finds the unpacked copy and does nothing.
    """
    version = version or reveal_version()
    root = vendor_dir / f"reveal.js-{version}"
    if (root / "dist" / "reveal.js").exists():
        return root
    npm = shutil.which("npm")
    if npm is None:
        raise SlidesError(
            f"npm not found; it fetches reveal.js {version} for the offline slides once. "
            "Install it ('sudo apt-get install npm' on Debian/Ubuntu, or Node.js from "
            f"nodejs.org), or unpack the reveal.js {version} npm package into {root} "
            "yourself, or pass --reveal-dir DIR."
        )
    vendor_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".reveal-", dir=vendor_dir) as work:
        proc = subprocess.run(
            [npm, "pack", f"reveal.js@{version}", "--pack-destination", work,
             "--prefer-offline", "--silent"],
            capture_output=True, text=True, cwd=work,
        )
        tarballs = list(Path(work).glob("reveal.js-*.tgz"))
        if proc.returncode != 0 or not tarballs:
            raise SlidesError(f"'npm pack reveal.js@{version}' failed: "
                              f"{(proc.stderr or proc.stdout).strip()[-800:]}")
        unpacked = Path(work) / "unpacked"
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(unpacked, filter="data")
        package = unpacked / "package"
        if not (package / "dist" / "reveal.js").exists():
            raise SlidesError(f"the reveal.js {version} package has no dist/reveal.js")
        shutil.rmtree(root, ignore_errors=True)
        os.replace(package, root)
    return root


def _copy_reveal(reveal_root: Path, dest: Path) -> None:
    def ignore(_folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.endswith(_REVEAL_SKIP)]

    shutil.copytree(reveal_root / "dist", dest / "dist", ignore=ignore)
    for extra in ("LICENSE", "package.json"):
        if (reveal_root / extra).exists():
            shutil.copyfile(reveal_root / extra, dest / extra)


# ------------------------------------------------------------------------------ export
@dataclass(frozen=True)
class _Deck:
    section: Section
    path: Path


def _converter_class() -> type:
    from manim_slides.convert import RevealJS
    from pydantic import Field

    class EntropyRevealJS(RevealJS):  # type: ignore[misc, valid-type]
        """manim-slides' reveal.js export, told each deck's section."""

        scene_numbers: list[int] = Field(default_factory=list)
        scene_names: list[str] = Field(default_factory=list)
        scene_titles: list[str] = Field(default_factory=list)
        manim_slides_version: str = ""

    return EntropyRevealJS


def export_html(
    decks: Sequence[tuple[Section, Path]],
    out_dir: Path = HTML_OUT,
    *,
    reveal_root: Path | None = None,
    title: str = TITLE,
) -> Path:
    """Write ``out_dir/index.html`` (+ ``index_assets/``, ``reveal.js/``); returns the page.

    The folder is built aside and swapped in, so a failed export leaves the previous one.
    """
    from importlib.metadata import version

    from manim_slides.convert import JsBool

    from entropy_explorer.theme import BACKGROUND

    if not decks:
        raise SlidesError("no decks to export")
    reveal_root = reveal_root or fetch_revealjs()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_sibling(out_dir)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _copy_reveal(reveal_root, tmp / "reveal.js")
        converter = _converter_class()(
            presentation_configs=[_load_deck(p) for _, p in decks],
            template=TEMPLATE,
            cdn_url="reveal.js",
            reveal_version=reveal_version(),
            title=title,
            background_color=BACKGROUND,
            hash=JsBool.true,
            slide_number=JsBool.true,
            scene_numbers=[s.number for s, _ in decks],
            scene_names=[html.escape(s.name) for s, _ in decks],
            scene_titles=[html.escape(s.title) for s, _ in decks],
            manim_slides_version=version("manim-slides"),
        )
        converter.convert_to(tmp / "index.html")
        _replace_dir(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir / "index.html"


def _convert_to_file(cls_name: str, decks: Sequence[tuple[Section, Path]], out: Path,
                     **options: Any) -> Path:
    from manim_slides import convert

    if not decks:
        raise SlidesError("no decks to export")
    configs = [_load_deck(p) for _, p in decks]
    converter = getattr(convert, cls_name)(presentation_configs=configs, **options)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp-{os.getpid()}{out.suffix}")
    try:
        converter.convert_to(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def export_pptx(decks: Sequence[tuple[Section, Path]], out: Path = PPTX_OUT) -> Path:
    """A PowerPoint file: one slide per clip, autoplaying, with the speaker notes."""
    width, height = _load_deck(decks[0][1]).resolution if decks else (1280, 720)
    return _convert_to_file("PowerPoint", decks, out, width=width, height=height)


def export_pdf(decks: Sequence[tuple[Section, Path]], out: Path = PDF_OUT) -> Path:
    """A PDF handout: the last frame of every slide."""
    return _convert_to_file("PDF", decks, out, frame_index="last")


# ---------------------------------------------------------------------------- checking
_ATTR_URL = re.compile(r"""\b(?:src|href|data-background-video|data-background-image|poster)\s*=\s*["']?\s*(?:https?:)?//""",
                       re.IGNORECASE)


def network_references(page: Path) -> list[str]:
    """Attributes of ``page`` that load something over the network (should be none).

    Also looks into the local stylesheets the page links (``@import``/``url()`` of a
    remote address).
    """
    text = page.read_text(encoding="utf-8")
    found = [m.group(0) for m in _ATTR_URL.finditer(text)]
    for href in re.findall(r"""<link[^>]+href=["']([^"']+\.css)["']""", text):
        css = page.parent / href
        if css.exists():
            body = css.read_text(encoding="utf-8", errors="replace")
            found += [f"{href}: {m}" for m in
                      re.findall(r"""(?:@import\s+|url\(\s*)["']?(?:https?:)?//[^"')\s]+""", body)]
    return found


def chromium_path() -> str | None:
    """A Chromium or Chrome executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


_PROBE = """
<script>
(function () {
  function report(state) { document.body.setAttribute('data-check', state); }
  report('no-reveal');
  if (typeof Reveal === 'undefined') { return; }
  report('reveal-loaded');
  function probe() {
    var bg = Reveal.getSlideBackground(0, 0);
    var video = bg && bg.querySelector('video');
    if (!video) { setTimeout(probe, 50); return; }
    function ok() {
      report('video-ok ' + video.videoWidth + 'x' + video.videoHeight +
             ' slides=' + Reveal.getTotalSlides());
    }
    if (video.readyState >= 2) { ok(); return; }
    video.addEventListener('loadeddata', ok);
    video.addEventListener('error', function () { report('video-error'); });
    report('video-waiting');
  }
  if (Reveal.isReady()) { probe(); } else { Reveal.on('ready', probe); }
})();
</script>
"""


def browser_check(page: Path, chromium: str | None = None, timeout: float = 60.0,
                  probe: str = _PROBE) -> str:
    """Open ``page`` in headless Chromium with the network blocked; report what loaded.

    ``probe`` is a ``<script>`` added before ``</body>`` that reports by setting the
    body's ``data-check`` attribute. The default one returns ``"video-ok WxH slides=N"``
    when reveal.js started and the first slide's video element loaded its data;
    ``"no-reveal"``, ``"video-error"`` or ``"video-waiting"`` otherwise. Raises
    :class:`SlidesError` when no Chromium is found.
    """
    chromium = chromium or chromium_path()
    if chromium is None:
        raise SlidesError("no chromium found (Debian: 'sudo apt-get install chromium')")
    probe_page = page.with_name(f".check-{os.getpid()}.html")
    probe_page.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"),
                          encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="entropy-explorer-chromium-") as profile:
            proc = subprocess.run(
                [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                 "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
                 "--allow-file-access-from-files",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                 "--autoplay-policy=no-user-gesture-required",
                 "--virtual-time-budget=15000", "--dump-dom", probe_page.resolve().as_uri()],
                capture_output=True, text=True, timeout=timeout,
            )
    finally:
        probe_page.unlink(missing_ok=True)
    m = re.search(r'data-check="([^"]*)"', proc.stdout)
    if m is None:
        raise SlidesError(f"chromium gave no page (exit {proc.returncode}): {proc.stderr[-800:]}")
    return m.group(1)


# ---------------------------------------------------------------------------- presenter
def qt_binding() -> str | None:
    """The Qt binding manim-slides' presenter can use, if one is installed."""
    for name in ("PySide6", "PyQt6"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def present_command(decks: Sequence[tuple[Section, Path]], extra: Sequence[str] = ()) -> list[str]:
    """The ``manim-slides present`` call for ``decks`` (all from one folder)."""
    folders = {p.parent for _, p in decks}
    if len(folders) != 1:
        raise SlidesError("decks must share one folder")
    return [sys.executable, "-m", "manim_slides", "--silent", "present",
            "--folder", str(folders.pop()), *extra, *(p.stem for _, p in decks)]


# --------------------------------------------------------------------------------- CLI
def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name (default: all with a scene)")
    p.add_argument("-q", "--quality", default="h",
                   help="l (480p15), m (720p30), h (1080p60, default) or k (2160p60)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="scenes rendered at once when decks are missing (default: cores)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "slides",
        help="export the talk slides: offline HTML (default), --pptx or --pdf",
        description="Export every section's slides, in article order, pausing at each speaker "
        "beat: build/slides/index.html (reveal.js, works offline), or with --pptx "
        "build/entropy-explorer.pptx, or with --pdf a handout build/entropy-explorer-slides.pdf. "
        "Scenes whose deck is missing or stale are rendered first. reveal.js is fetched "
        "once with npm into build/vendor/.",
    )
    _common(p)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--pptx", action="store_true", help="write PowerPoint instead of HTML")
    fmt.add_argument("--pdf", action="store_true", help="write a PDF handout instead of HTML")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="output folder (HTML) or file (--pptx/--pdf)")
    p.add_argument("--reveal-dir", type=Path, default=None,
                   help="an unpacked reveal.js package to use instead of fetching one with npm")
    p.add_argument("--check", action="store_true",
                   help="after the HTML export, check it has no network references and, when "
                   "chromium is installed, that it plays in headless chromium with no network")
    p.set_defaults(func=run)

    pr = sub.add_parser(
        "present",
        help="present the slides in manim-slides' native window",
        description="Open the sections' decks in manim-slides' Qt presenter (space/right: next "
        "slide, left: previous, Q: quit). Needs a Qt binding (pip install -e '.[present]'; "
        "'make present' installs it) and a display. Extra manim-slides present options go "
        "after '--', e.g. 'entropy-explorer present -q m 1 -- --full-screen' (options before the scenes).",
    )
    _common(pr)
    pr.add_argument("--print-command", action="store_true",
                    help="print the manim-slides command instead of running it")
    pr.set_defaults(func=run_present)


def _decks_for(args: argparse.Namespace) -> tuple[Quality, list[tuple[Section, Path]]]:
    quality, sections = scenes_and_quality(args)
    if not sections:
        raise SlidesError("no section has a scene yet")
    paths = ensure_decks(sections, quality, jobs=args.jobs)
    return quality, list(zip(sections, paths, strict=True))


def run(args: argparse.Namespace) -> int:
    try:
        _quality, decks = _decks_for(args)
        n = sum(len(_load_deck(p).slides) for _, p in decks)
        if args.pptx:
            out = export_pptx(decks, args.output or PPTX_OUT)
        elif args.pdf:
            out = export_pdf(decks, args.output or PDF_OUT)
        else:
            reveal = args.reveal_dir
            if reveal is not None and not (reveal / "dist" / "reveal.js").exists():
                raise SlidesError(f"{reveal} has no dist/reveal.js")
            out = export_html(decks, args.output or HTML_OUT, reveal_root=reveal)
    except (ValueError, UnknownSceneError, SlidesError) as exc:
        print(f"entropy-explorer slides: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ValueError, UnknownSceneError)) else 1
    print(f"slides: {len(decks)} section(s), {n} slides -> {_rel(out)}")
    if args.check and not (args.pptx or args.pdf):
        return _check(out)
    return 0


def _check(page: Path) -> int:
    refs = network_references(page)
    if refs:
        print("slides check: network references found:\n  " + "\n  ".join(refs), file=sys.stderr)
        return 1
    print("slides check: no network references")
    if chromium_path() is None:
        print("slides check: chromium not installed, browser check skipped "
              "(install it with 'sudo apt-get install chromium')")
        return 0
    state = browser_check(page)
    print(f"slides check: headless chromium, network blocked: {state}")
    return 0 if state.startswith("video-ok") else 1


def split_extra(items: Sequence[str]) -> tuple[list[str], list[str]]:
    """Scene names, then the options after ``--`` (argparse hands both over as positionals)."""
    for i, item in enumerate(items):
        if item.startswith("-"):
            return list(items[:i]), list(items[i:])
    return list(items), []


def run_present(args: argparse.Namespace) -> int:
    args.scenes, extra = split_extra(args.scenes)
    if not args.print_command:
        problem = _presenter_problem()
        if problem:
            print(f"entropy-explorer present: {problem}", file=sys.stderr)
            return 1
    try:
        _quality, decks = _decks_for(args)
        cmd = present_command(decks, extra)
    except (ValueError, UnknownSceneError, SlidesError) as exc:
        print(f"entropy-explorer present: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ValueError, UnknownSceneError)) else 1
    if args.print_command:
        print(" ".join(cmd))
        return 0
    return subprocess.call(cmd)


def _presenter_problem() -> str:
    """Why the Qt presenter cannot open here ("" when it can)."""
    if qt_binding() is None:
        return ("the presenter needs a Qt binding; install it with\n"
                "  .venv/bin/pip install -e '.[present]'   (PySide6; 'make present' does this)\n"
                "On Debian/Ubuntu Qt also needs: sudo apt-get install libgl1 libegl1 "
                "libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3\n"
                "No display? Use 'make slides' and open build/slides/index.html.")
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        return ("no display (DISPLAY/WAYLAND_DISPLAY unset); present from a desktop session, "
                "or use 'make slides' and open build/slides/index.html")
    return ""
