"""Web embeds for the blog: per-section web videos, posters, subtitles and HTML/Hugo snippets.

``entropy-explorer web`` renders what is missing, then writes ``build/web/`` laid out like
a Hugo site, so its folders can be copied over the blog's:

``static/entropy-explorer/NN-slug.mp4``
    H.264, ``+faststart`` (playback starts before the download ends). Manim already
    encodes H.264/yuv420p at CRF 23, so this is a remux, not a second lossy encode.
``static/entropy-explorer/NN-slug.webm``
    VP9 (``-deadline realtime -cpu-used 8``: about real time on one core at 1080p60;
    the "good" deadline takes about 6x longer for a file about 15% smaller).
``static/entropy-explorer/NN-slug.png`` / ``.vtt``
    The poster (the section's last frame: its finished picture) and the subtitles.
``snippets/NN-slug.html``
    A ``<video controls playsinline muted loop>`` element with both sources, the poster
    and the subtitles as a ``<track>``, for any HTML page.
``layouts/shortcodes/entropy-video.html``
    The same as a Hugo shortcode: ``{{< entropy-video name="04-guessing" >}}``.
``content/kl-divergence.md``
    The article with each of its three iframes replaced by its section's shortcode
    (the mapping is :mod:`entropy_explorer.pipeline.embeds`).
``EMBEDS.md`` and ``preview.html``
    Which iframe became which video, and a local page showing every embed.

Each section's files are rebuilt only when its video or subtitles change.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from entropy_explorer.pipeline.embeds import IFRAME_EMBEDS, IFRAME_RE, embed_for_src, iframe_src
from entropy_explorer.pipeline.scenes import (
    BUILD_DIR,
    PROJECT_ROOT,
    UnknownSceneError,
    scenes_and_quality,
)
from entropy_explorer.pipeline.tools import missing_tools_message
from entropy_explorer.sections import Section

__all__ = [
    "ARTICLE",
    "DEFAULT_BASE_URL",
    "SHORTCODE",
    "WEBM_ARGS",
    "WEB_DIR",
    "WebResult",
    "article_with_embeds",
    "build_section",
    "browser_check_preview",
    "build_web",
    "present_sections",
    "register",
    "shortcode_call",
    "snippet_html",
]

WEB_DIR = BUILD_DIR / "web"
#: Where the media files go inside ``WEB_DIR`` (a Hugo site's static folder).
STATIC_SUBDIR = Path("static") / "entropy-explorer"
#: The URL folder the blog serves them from (the article's iframes live there too).
DEFAULT_BASE_URL = "/entropy-explorer/"
SHORTCODE = "entropy-video"
ARTICLE = PROJECT_ROOT / "assets" / "kl-divergence.md"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

#: VP9 at constant quality, tuned for speed (see the module docstring for the trade-off).
WEBM_ARGS = ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
             "-crf", "32", "-b:v", "0", "-pix_fmt", "yuv420p")
#: Used only when a source is not already H.264/yuv420p.
MP4_REENCODE_ARGS = ("-c:v", "libx264", "-preset", "medium", "-crf", "23",
                     "-pix_fmt", "yuv420p", "-profile:v", "high")
#: Bump when the encodes or snippet change, so every section is rebuilt.
_RECIPE = "web-v1|" + " ".join(WEBM_ARGS) + "|" + " ".join(MP4_REENCODE_ARGS)


@dataclass
class WebResult:
    """What happened to one section."""

    section: Section
    status: str  # "built", "up to date", "failed"
    seconds: float = 0.0
    error: str = ""
    files: list[Path] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)


# ------------------------------------------------------------------------------ encodes
def _ffmpeg(args: Sequence[str]) -> None:
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")


def _tmp(dst: Path) -> Path:
    return dst.with_name(f".{dst.stem}.tmp-{os.getpid()}-{threading.get_ident()}{dst.suffix}")


def _atomic_ffmpeg(args: Sequence[str], dst: Path) -> None:
    tmp = _tmp(dst)
    try:
        _ffmpeg([*args, str(tmp)])
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _video_info(path: Path) -> tuple[str, str, int, int]:
    import av

    with av.open(str(path)) as container:
        cc = container.streams.video[0].codec_context
        return cc.name, str(cc.pix_fmt), cc.width, cc.height


def web_mp4(src: Path, dst: Path) -> None:
    """H.264 with the index at the front (``+faststart``); remuxed when already H.264."""
    codec, pix_fmt, _, _ = _video_info(src)
    video = ["-c:v", "copy"] if (codec, pix_fmt) == ("h264", "yuv420p") else list(MP4_REENCODE_ARGS)
    _atomic_ffmpeg(["-i", str(src), "-map", "0:v:0", *video, "-an", "-sn", "-dn",
                    "-movflags", "+faststart"], dst)


def web_webm(src: Path, dst: Path, threads: int = 2) -> None:
    """VP9 WebM (see :data:`WEBM_ARGS`)."""
    _atomic_ffmpeg(["-i", str(src), "-map", "0:v:0", *WEBM_ARGS, "-threads", str(threads),
                    "-an", "-sn", "-dn", "-f", "webm"], dst)


def poster_png(src: Path, dst: Path) -> None:
    """The last frame of ``src`` as PNG."""
    # decode the last second; -update keeps overwriting one image, so the last frame wins
    _atomic_ffmpeg(["-sseof", "-1", "-i", str(src), "-map", "0:v:0", "-update", "1",
                    "-f", "image2", "-c:v", "png"], dst)


# ----------------------------------------------------------------------------- snippets
def _base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def snippet_html(section: Section, base_url: str = DEFAULT_BASE_URL,
                 size: tuple[int, int] = (1920, 1080)) -> str:
    """The ``<figure><video>`` element for ``section``'s files under ``base_url``."""
    from entropy_explorer.theme import BACKGROUND

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


# ------------------------------------------------------------------------------ building
def _static(web_dir: Path) -> Path:
    return web_dir / STATIC_SUBDIR


def _digest(*paths: Path) -> str:
    h = hashlib.sha256(_RECIPE.encode())
    h.update((TEMPLATES / "embed.html").read_bytes())
    for p in paths:
        h.update(p.name.encode() + b"\0")
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def build_section(section: Section, video: Path, *, web_dir: Path = WEB_DIR,
                  base_url: str = DEFAULT_BASE_URL, threads: int = 2,
                  force: bool = False) -> WebResult:
    """The web files of one section from its rendered ``video`` (+ its subtitles)."""
    from entropy_explorer.pipeline.subtitles import write_section_subtitles

    start = time.monotonic()
    static = _static(web_dir)
    static.mkdir(parents=True, exist_ok=True)
    _srt, vtt = write_section_subtitles(video)
    outs = [static / f"{section.name}{ext}" for ext in (".mp4", ".webm", ".png", ".vtt")]
    snippet = web_dir / "snippets" / f"{section.name}.html"
    stamp = static / f".{section.name}.inputs"
    key = _digest(video, vtt) + "|" + _base(base_url)
    _, _, w, h = _video_info(video)
    if (not force and stamp.exists() and stamp.read_text().strip() == key
            and all(p.exists() for p in [*outs, snippet])):
        return WebResult(section, "up to date", files=[*outs, snippet], size=(w, h))
    stamp.unlink(missing_ok=True)
    mp4, webm, png, vtt_out = outs
    try:
        web_mp4(video, mp4)
        web_webm(video, webm, threads=threads)
        poster_png(video, png)
        shutil.copyfile(vtt, _tmp(vtt_out))
        os.replace(_tmp(vtt_out), vtt_out)
        snippet.parent.mkdir(parents=True, exist_ok=True)
        snippet.write_text(snippet_html(section, base_url, (w, h)), encoding="utf-8")
    except (RuntimeError, OSError) as exc:
        return WebResult(section, "failed", time.monotonic() - start, str(exc))
    stamp.write_text(key + "\n", encoding="utf-8")
    return WebResult(section, "built", time.monotonic() - start, files=[*outs, snippet],
                     size=(w, h))


def _embeds_md(built: Sequence[WebResult], base_url: str, replaced: Sequence[str]) -> str:
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
        call = shortcode_call(e.section, r.size if r else None) if r else "(section not built yet)"
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


def present_sections(web_dir: Path = WEB_DIR) -> list[WebResult]:
    """Every section whose web files are all in ``web_dir`` (built now or before)."""
    from entropy_explorer.sections import SECTIONS

    static, found = _static(web_dir), []
    for s in SECTIONS:
        files = [static / f"{s.name}{ext}" for ext in (".mp4", ".webm", ".png", ".vtt")]
        snippet = web_dir / "snippets" / f"{s.name}.html"
        if (static / f".{s.name}.inputs").exists() and all(p.exists() for p in [*files, snippet]):
            _, _, w, h = _video_info(files[0])
            found.append(WebResult(s, "present", files=[*files, snippet], size=(w, h)))
    return found


def write_site_files(built: Sequence[WebResult], *, web_dir: Path = WEB_DIR,
                     base_url: str = DEFAULT_BASE_URL, article: Path = ARTICLE) -> list[str]:
    """The shortcode, the rewritten article, EMBEDS.md and preview.html; returns replaced srcs.

    ``built`` is usually :func:`present_sections`: everything built so far, not only
    this run's sections.
    """
    from entropy_explorer.pipeline.render import atomic_write_text

    shortcode = web_dir / "layouts" / "shortcodes" / f"{SHORTCODE}.html"
    shortcode.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "hugo" / f"{SHORTCODE}.html", shortcode)
    sections = [r.section for r in built]
    size = built[0].size if built else None
    text, replaced = article_with_embeds(article.read_text(encoding="utf-8"), sections, size)
    atomic_write_text(web_dir / "content" / article.name, text)
    atomic_write_text(web_dir / "EMBEDS.md", _embeds_md(built, base_url, replaced))
    from entropy_explorer.pipeline.assemble import FULL_TITLE

    body = []
    for r in sorted(built, key=lambda r: r.section.number):
        iframes = [e.iframe for e in IFRAME_EMBEDS if e.section_number == r.section.number]
        note = (f'<p class="replaces">replaces the article\'s <code>{iframes[0]}</code> iframe</p>'
                if iframes else "")
        body.append(f"  <h2>{r.section.number}. {html.escape(r.section.title)}</h2>\n  {note}\n"
                    + snippet_html(r.section, STATIC_SUBDIR.as_posix() + "/", r.size))
    page = Template((TEMPLATES / "web-preview.html").read_text(encoding="utf-8")).substitute(
        title=html.escape(FULL_TITLE), base=html.escape(_base(base_url)), body="\n".join(body))
    atomic_write_text(web_dir / "preview.html", page)
    return replaced


def build_web(sections: Sequence[Section], videos: Sequence[Path], *, web_dir: Path = WEB_DIR,
              base_url: str = DEFAULT_BASE_URL, jobs: int = 1, force: bool = False,
              echo: bool = True) -> list[WebResult]:
    """Build every section's web files (``jobs`` at a time), then the site files."""
    total = len(sections)
    threads = max(1, (os.cpu_count() or 1) // max(1, min(jobs, total)))
    results: list[WebResult] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(build_section, s, v, web_dir=web_dir, base_url=base_url,
                               threads=threads, force=force)
                   for s, v in zip(sections, videos, strict=True)]
        for done, fut in enumerate(as_completed(futures), start=1):
            r = fut.result()
            results.append(r)
            if echo:
                extra = f" in {r.seconds:.1f} s" if r.status == "built" else ""
                print(f"[{done}/{total}] {r.section.name}: web {r.status}{extra}"
                      + (f"\n  {r.error}" if r.error else ""), flush=True)
    results.sort(key=lambda r: r.section.number)
    present = present_sections(web_dir)
    replaced = write_site_files(present, web_dir=web_dir, base_url=base_url)
    if echo:
        print(f"web: {len(present)} section(s) in {_rel(web_dir)}/; article iframes replaced: "
              f"{len(replaced)} of {len(IFRAME_EMBEDS)}", flush=True)
    return results


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


def browser_check_preview(web_dir: Path = WEB_DIR) -> str:
    """Open ``preview.html`` in headless Chromium (network blocked): does the first video
    load, from which source, and how many subtitle cues does its track hold?

    Returns ``"video-ok webm WxH cues=N"`` on success, else the failure state.
    """
    from entropy_explorer.pipeline.slides import browser_check

    return browser_check(web_dir / "preview.html", probe=_PREVIEW_PROBE)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------- CLI
def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "web",
        help="write per-section web embeds (mp4, webm, poster, subtitles, HTML, Hugo) to build/web/",
        description="Write build/web/: per section an H.264 mp4 (faststart), a VP9 webm, a poster "
        "PNG, WebVTT subtitles and an HTML snippet; a Hugo shortcode; the article with its "
        "three iframes replaced by their section videos. Renders missing scenes first.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name (default: all with a scene)")
    p.add_argument("-q", "--quality", default="h",
                   help="l (480p15), m (720p30), h (1080p60, default) or k (2160p60)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="scenes rendered / encoded at once (default: cores)")
    p.add_argument("--base-url", default=DEFAULT_BASE_URL,
                   help=f"URL folder the blog serves the files from (default {DEFAULT_BASE_URL})")
    p.add_argument("-f", "--force", action="store_true", help="re-encode even if up to date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from entropy_explorer.pipeline import render

    try:
        quality, sections = scenes_and_quality(args)
    except (ValueError, UnknownSceneError) as exc:
        print(f"entropy-explorer web: {exc}", file=sys.stderr)
        return 2
    if message := missing_tools_message(["ffmpeg"], "the web encodes"):
        print(f"entropy-explorer web: {message} (or run 'make web', which sets it up)",
              file=sys.stderr)
        return 1
    if not sections:
        print("entropy-explorer web: no section has a scene yet", file=sys.stderr)
        return 1
    results = render.render_scenes(sections, quality, jobs=args.jobs)
    failed = [r.section.name for r in results if r.status == "failed"]
    from entropy_explorer.pipeline.assemble import finish_render

    finish_render(results, quality)  # keeps decks, subtitles; the full video when complete
    if failed:
        print(f"entropy-explorer web: render failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    videos = [render.output_path(s) for s in sections]
    web = build_web(sections, videos, base_url=args.base_url, jobs=args.jobs, force=args.force)
    bad = [r.section.name for r in web if r.status == "failed"]
    if bad:
        print(f"entropy-explorer web: failed: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0
