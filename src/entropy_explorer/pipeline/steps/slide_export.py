"""Slide exports: offline HTML (reveal.js), PowerPoint and a PDF handout, and their checks.

* HTML: manim-slides' reveal.js export through our template (``templates/slides.html``)
  with reveal.js copied beside the page, so it opens and plays with no network.
* PowerPoint: one slide per clip, autoplaying, with the notes; each clip's poster (what
  shows before it plays, and in thumbnails) is a frame with content (:func:`poster_frame`),
  not the first frame, which is black at every section start.
* PDF: one page per slide, the same poster frames.
"""

from __future__ import annotations

import html
import mimetypes
import re
import tempfile
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import av
import numpy as np
from lxml import etree
from manim_slides.convert import JsBool, RevealJS
from PIL import Image
from pptx import Presentation
from pptx.util import Emu
from pydantic import Field

from entropy_explorer.pipeline.leaves.browser import browser_check
from entropy_explorer.pipeline.leaves.files import atomic_dir, atomic_output
from entropy_explorer.pipeline.steps.decks import load_deck
from entropy_explorer.pipeline.steps.reveal import copy_reveal, reveal_version
from entropy_explorer.sections import Section
from entropy_explorer.theme import BACKGROUND

__all__ = [
    "TITLE",
    "check_html",
    "export_html",
    "export_pdf",
    "export_pptx",
    "network_references",
    "poster_frame",
]

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "slides.html"
TITLE = "The Curious Case of KL Divergence"

Decks = Sequence[tuple[Section, Path]]


class _EntropyRevealJS(RevealJS):  # type: ignore[misc]
    """manim-slides' reveal.js export, told each deck's section."""

    scene_numbers: list[int] = Field(default_factory=list)
    scene_names: list[str] = Field(default_factory=list)
    scene_titles: list[str] = Field(default_factory=list)
    manim_slides_version: str = ""


def export_html(decks: Decks, out_dir: Path, reveal_root: Path, title: str = TITLE) -> Path:
    """Write ``out_dir/index.html`` (+ ``index_assets/``, ``reveal.js/``); returns the page.

    The folder is built aside and swapped in, so a failed export leaves the previous one.
    """
    with atomic_dir(out_dir) as tmp:
        copy_reveal(reveal_root, tmp / "reveal.js")
        converter = _EntropyRevealJS(
            presentation_configs=[load_deck(p) for _, p in decks],
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
    return out_dir / "index.html"


# ----------------------------------------------------------------------------- posters
def _content(frame: np.ndarray, background: np.ndarray) -> int:
    """Pixels that differ visibly from the background colour."""
    return int((np.abs(frame.astype(int) - background).max(axis=2) > 24).sum())


def poster_frame(clip: Path, samples: int = 12) -> Image.Image:
    """The frame that represents a slide: its last, unless that one is (nearly) empty;
    then the frame with the most content among ``samples`` spread over the clip."""
    with av.open(str(clip)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    if not frames:
        raise ValueError(f"{clip} holds no frames")
    background = np.array([int(BACKGROUND[i:i + 2], 16) for i in (1, 3, 5)])
    last = frames[-1]
    if _content(last, background) > 0.002 * last.shape[0] * last.shape[1]:
        return Image.fromarray(last)
    picks = [frames[round(i * (len(frames) - 1) / max(1, samples - 1))] for i in range(samples)]
    return Image.fromarray(max(picks, key=lambda f: _content(f, background)))


_PML = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _autoplay(movie: Any, loop: bool) -> None:
    """Start the movie as soon as its slide shows (as manim-slides' own export does)."""
    def find(element: Any, path: str) -> Any:
        return etree.XPath(path, namespaces={"p": _PML})(element)[0]

    shape_id = find(movie.element, ".//p:cNvPr").get("id")
    slide = movie.element.getparent().getparent().getparent()  # spTree, cSld, sld
    timing = find(slide, f'.//p:timing//p:video//p:spTgt[@spid="{shape_id}"]').getparent().getparent()
    find(timing, ".//p:cond").set("delay", "0")
    if loop:
        find(timing, ".//p:cTn").set("repeatCount", "indefinite")


def export_pptx(decks: Decks, out: Path) -> Path:
    """A PowerPoint file: one slide per clip, autoplaying, with notes and content posters."""
    configs = [load_deck(p) for _, p in decks]
    width, height = configs[0].resolution
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(width * 9525), Emu(height * 9525)
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-pptx-") as work:
        for n, slide_config in enumerate(s for config in configs for s in config.slides):
            slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
            poster = Path(work) / f"{n}.png"
            poster_frame(Path(slide_config.file)).save(poster)
            movie = slide.shapes.add_movie(
                str(slide_config.file), 0, 0, Emu(width * 9525), Emu(height * 9525),
                poster_frame_image=str(poster), mime_type=mimetypes.guess_type(slide_config.file)[0])
            _autoplay(movie, slide_config.loop)
            if slide_config.notes:
                slide.notes_slide.notes_text_frame.text = slide_config.notes
        with atomic_output(out) as tmp:
            prs.save(str(tmp))
    return out


def export_pdf(decks: Decks, out: Path) -> Path:
    """A PDF handout: one page per slide, its poster frame."""
    pages = [poster_frame(Path(s.file)).convert("RGB")
             for _, p in decks for s in load_deck(p).slides]
    with atomic_output(out) as tmp:
        pages[0].save(tmp, format="PDF", save_all=True, append_images=pages[1:])
    return out


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


def check_html(page: Path, **kwargs: Any) -> str:
    """Open the slides in headless Chromium, network blocked: ``"video-ok WxH slides=N"``
    when reveal.js started and the first slide's video loaded; ``"no-reveal"``,
    ``"video-error"`` or ``"video-waiting"`` otherwise."""
    return browser_check(page, _PROBE, **kwargs)
