"""The web embeds' text: HTML snippets, the Hugo shortcode call, the article with its
iframes replaced, ``EMBEDS.md`` and the local ``preview.html`` (and its browser check).

Everything here is text from templates (``templates/embed.html``, ``templates/hugo/``,
``templates/web-preview.html``) and the iframe mapping (:mod:`.embeds`).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from entropy_explorer.pipeline.leaves.browser import browser_check
from entropy_explorer.pipeline.steps.embeds import (
    IFRAME_EMBEDS,
    IFRAME_RE,
    embed_for_src,
    iframe_src,
)
from entropy_explorer.sections import Section
from entropy_explorer.theme import BACKGROUND

__all__ = [
    "DEFAULT_BASE_URL",
    "SHORTCODE",
    "STATIC_SUBDIR",
    "TEMPLATES",
    "WebSection",
    "article_with_embeds",
    "check_preview",
    "embeds_markdown",
    "preview_html",
    "shortcode_call",
    "snippet_html",
]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Where the media files go inside the web folder (a Hugo site's static folder).
STATIC_SUBDIR = Path("static") / "entropy-explorer"
#: The URL folder the blog serves them from (the article's iframes live there too).
DEFAULT_BASE_URL = "/entropy-explorer/"
SHORTCODE = "entropy-video"


@dataclass(frozen=True)
class WebSection:
    """A section whose web files exist, and its video size."""

    section: Section
    size: tuple[int, int]


def _base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def snippet_html(section: Section, base_url: str = DEFAULT_BASE_URL,
                 size: tuple[int, int] = (1920, 1080)) -> str:
    """The ``<figure><video>`` element for ``section``'s files under ``base_url``."""
    template = Template((TEMPLATES / "embed.html").read_text(encoding="utf-8"))
    return template.substitute(
        number=section.number, name=section.name, title=html.escape(section.title),
        base=html.escape(_base(base_url)), width=size[0], height=size[1], background=BACKGROUND,
    )


def shortcode_call(section: Section, size: tuple[int, int] | None = None) -> str:
    """The Hugo shortcode that shows ``section``'s video."""
    title = section.title.replace('"', "'")
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return f'{{{{< {SHORTCODE} name="{section.name}" title="{title}"{dims} >}}}}'


def article_with_embeds(text: str, available: Sequence[Section],
                        size: tuple[int, int] | None = None) -> tuple[str, list[str]]:
    """The article with every mapped iframe whose section is ``available`` replaced.

    Returns the new text and the ``src`` of each iframe replaced, in order. Iframes
    whose section has no web video yet are left as they are.
    """
    names = {s.number for s in available}
    replaced: list[str] = []

    def swap(m: re.Match[str]) -> str:
        element = m.group(0)
        src = iframe_src(element)
        embed = embed_for_src(src)
        if embed.section_number not in names:
            return element
        replaced.append(src)
        # a blank line on each side: Markdown then keeps the <figure> out of a paragraph
        before, after = m.string[: m.start()], m.string[m.end():]
        lead = "" if before.endswith("\n\n") or not before else ("\n" if before.endswith("\n") else "\n\n")
        tail = "" if after.startswith("\n\n") or not after else ("\n" if after.startswith("\n") else "\n\n")
        return lead + shortcode_call(embed.section, size) + tail

    return IFRAME_RE.sub(swap, text), replaced


def embeds_markdown(built: Sequence[WebSection], base_url: str, replaced: Sequence[str]) -> str:
    """``EMBEDS.md``: which iframe became which video, and every section's files."""
    by_number = {r.section.number: r for r in built}
    lines = [
        "# Entropy Explorer: web embeds",
        "",
        "Copy `static/entropy-explorer/` into the blog's `static/entropy-explorer/` and",
        f"`layouts/shortcodes/{SHORTCODE}.html` into its `layouts/shortcodes/`. Then either use",
        "`content/kl-divergence.md` (the article with its iframes replaced) or replace each",
        "iframe by hand with the shortcode, or with the HTML in `snippets/`.",
        "",
        "| article iframe | replaced by | shortcode |",
        "| --- | --- | --- |",
    ]
    for e in IFRAME_EMBEDS:
        r = by_number.get(e.section_number)
        call = shortcode_call(e.section, r.size) if r else "(section not built yet)"
        lines.append(f"| `{e.iframe}` ({e.shows}) | section {e.section_number}, "
                     f"{e.section.title} (`{e.section.name}`) | `{call}` |")
    lines += ["", f"Replaced in `content/kl-divergence.md`: {len(replaced)} of "
              f"{len(IFRAME_EMBEDS)} iframes.", "", "## Every section", "",
              f"Files are served from `{_base(base_url)}`.", "",
              "| section | video | snippet |", "| --- | --- | --- |"]
    for r in sorted(built, key=lambda r: r.section.number):
        lines.append(f"| {r.section.number}. {r.section.title} | `{r.section.name}.mp4`, "
                     f"`.webm`, `.png`, `.vtt` ({r.size[0]}x{r.size[1]}) | "
                     f"`snippets/{r.section.name}.html` |")
    return "\n".join(lines) + "\n"


def preview_html(built: Sequence[WebSection], static: Path, base_url: str, title: str) -> str:
    """A page showing every embed, reading the files from ``static/`` beside it.

    It works opened straight from disk: browsers refuse a ``<track>`` from a ``file://``
    address, so each section's subtitles are written into the page (a ``data:`` URL).
    """
    rel = STATIC_SUBDIR.as_posix() + "/"
    body = []
    for r in sorted(built, key=lambda r: r.section.number):
        name = r.section.name
        iframes = [e.iframe for e in IFRAME_EMBEDS if e.section_number == r.section.number]
        note = (f'<p class="replaces">replaces the article\'s <code>{iframes[0]}</code> iframe</p>'
                if iframes else "")
        vtt = (static / f"{name}.vtt").read_bytes()
        data = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt).decode("ascii")
        snippet = snippet_html(r.section, rel, r.size).replace(
            f'src="{rel}{name}.vtt"', f'src="{data}"')
        body.append(f"  <h2>{r.section.number}. {html.escape(r.section.title)}</h2>\n  {note}\n"
                    + snippet)
    return Template((TEMPLATES / "web-preview.html").read_text(encoding="utf-8")).substitute(
        title=html.escape(title), base=html.escape(_base(base_url)), body="\n".join(body))


_PREVIEW_PROBE = """
<script>
(function () {
  function report(state) { document.body.setAttribute('data-check', state); }
  var video = document.querySelector('video');
  if (!video) { report('no-video'); return; }
  var track = video.querySelector('track');
  var loaded = false, cues = -1;
  function done() {
    if (loaded && cues >= 0) {
      report('video-ok ' + video.currentSrc.split('.').pop() + ' ' + video.videoWidth + 'x' +
             video.videoHeight + ' cues=' + cues);
    }
  }
  function trackLoaded() { cues = video.textTracks[0].cues.length; done(); }
  report('waiting');
  video.addEventListener('error', function () { report('video-error'); }, true);
  track.addEventListener('error', function () { report('track-error'); });
  track.addEventListener('load', trackLoaded);
  video.addEventListener('loadeddata', function () { loaded = true; done(); });
  video.textTracks[0].mode = 'hidden';
  if (track.readyState === 2) { trackLoaded(); }
  if (video.readyState >= 2) { loaded = true; done(); } else { video.preload = 'auto'; video.load(); }
})();
</script>
"""


def check_preview(page: Path) -> str:
    """Open ``preview.html`` from disk in headless Chromium (network blocked), as a user
    would: does the first video load, from which source, and how many subtitle cues does
    its track hold? ``"video-ok webm WxH cues=N"`` on success, else the failure state."""
    return browser_check(page, _PREVIEW_PROBE)
