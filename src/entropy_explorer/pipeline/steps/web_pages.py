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
from entropy_explorer.pipeline.steps.widgets import WIDGETS, Widget
from entropy_explorer.sections import SECTIONS, Section
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
                        size: tuple[int, int] | None = None, *,
                        keep_iframes: bool = False) -> tuple[str, list[str]]:
    """The article with every mapped iframe whose section is ``available`` replaced by
    its video, or with ``keep_iframes`` given the video just before it (the widget pages
    serve the iframes under their own names).

    Returns the new text and the ``src`` of each iframe given a video, in order. Iframes
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
        call = shortcode_call(embed.section, size)
        return lead + (f"{call}\n\n{element}" if keep_iframes else call) + tail

    return IFRAME_RE.sub(swap, text), replaced


def embeds_markdown(built: Sequence[WebSection], base_url: str, replaced: Sequence[str]) -> str:
    """``EMBEDS.md``: which iframe became which video, and every section's files."""
    by_number = {r.section.number: r for r in built}
    lines = [
        "# Entropy Explorer: web embeds",
        "",
        "Copy `static/entropy-explorer/` into the blog's `static/entropy-explorer/` and",
        f"`layouts/shortcodes/{SHORTCODE}.html` into its `layouts/shortcodes/`. Then either use",
        "`content/kl-divergence.md` (the article with each section's video just before its",
        "iframe) or put the shortcode, or the HTML in `snippets/`, before each iframe by hand.",
        "The iframes work unchanged: `static/entropy-explorer/` holds their pages, rebuilt",
        "from the same maths as the videos (offline, one file each).",
        "",
        "| article iframe | video before it | shortcode |",
        "| --- | --- | --- |",
    ]
    for e in IFRAME_EMBEDS:
        r = by_number.get(e.section_number)
        call = shortcode_call(e.section, r.size) if r else "(section not built yet)"
        lines.append(f"| `{e.iframe}` ({e.shows}) | section {e.section_number}, "
                     f"{e.section.title} (`{e.section.name}`) | `{call}` |")
    lines += ["", f"Given their video in `content/kl-divergence.md`: {len(replaced)} of "
              f"{len(IFRAME_EMBEDS)} iframes.", "", "## The widgets", "",
              "| page | section | what the reader does |", "| --- | --- | --- |"]
    lines += [f"| `{w.file}` | {w.section_number}. {SECTIONS[w.section_number - 1].title} | "
              f"{w.title} |" for w in WIDGETS]
    lines += ["", "`kl_fit.html` is not in the article: embed it with "
              f'`<iframe src="{_base(base_url)}kl_fit.html" width="100%" height="1100" '
              'style="border:0" loading="lazy"></iframe>`.', "", "## Every section", "",
              f"Files are served from `{_base(base_url)}`.", "",
              "| section | video | snippet |", "| --- | --- | --- |"]
    for r in sorted(built, key=lambda r: r.section.number):
        lines.append(f"| {r.section.number}. {r.section.title} | `{r.section.name}.mp4`, "
                     f"`.webm`, `.png`, `.vtt` ({r.size[0]}x{r.size[1]}) | "
                     f"`snippets/{r.section.name}.html` |")
    return "\n".join(lines) + "\n"


def preview_html(built: Sequence[WebSection], static: Path, base_url: str, title: str,
                 widgets: Sequence[Widget] = ()) -> str:
    """A page showing every embed, each widget beside its section's video, reading the
    files from ``static/`` beside it.

    It works opened straight from disk: browsers refuse a ``<track>`` from a ``file://``
    address, so each section's subtitles are written into the page (a ``data:`` URL).
    """
    rel = STATIC_SUBDIR.as_posix() + "/"
    videos = {r.section.number: r for r in built}
    pages = {w.section_number: w for w in widgets}
    body = []
    for number in sorted(videos.keys() | pages.keys()):
        r, widget = videos.get(number), pages.get(number)
        section = r.section if r else SECTIONS[number - 1]
        iframes = [e.iframe for e in IFRAME_EMBEDS if e.section_number == number]
        note = (f'<p class="replaces">stands before the article\'s <code>{iframes[0]}</code> '
                "iframe, the widget beside it</p>" if iframes and r else "")
        if r is None:
            snippet = '<p class="replaces">(the section video is not built yet)</p>'
        else:
            vtt = (static / f"{section.name}.vtt").read_bytes()
            data = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt).decode("ascii")
            snippet = snippet_html(section, rel, r.size).replace(
                f'src="{rel}{section.name}.vtt"', f'src="{data}"')
        if widget is not None:
            frame = (f'<iframe src="{rel}{widget.file}" title="{html.escape(widget.title)}" '
                     f'style="height:{widget.height}px" loading="lazy"></iframe>')
            snippet = f'<div class="beside">\n<div>{snippet}</div>\n{frame}\n</div>'
        body.append(f"  <h2>{number}. {html.escape(section.title)}</h2>\n  {note}\n" + snippet)
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
