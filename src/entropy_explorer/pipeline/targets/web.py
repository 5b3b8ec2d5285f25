"""Targets: the blog embeds in ``build/web/``, laid out like a Hugo site.

``static/entropy-explorer/NN-slug.{mp4,webm,png,vtt}`` per section (only the files a
blog serves: the stamps live in ``build/.state/``), the widget pages beside them
(``information.html``, ``entropy_explorer.html``, ``cross_entropy.html``: the article's
iframes; ``kl_fit.html``), ``snippets/NN-slug.html``, the Hugo shortcode, the article with
a video before each iframe, ``EMBEDS.md`` and ``preview.html``. A section's web files are
made again only when its video or subtitles changed; the widgets when their templates or
the maths modules did.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.files import Stamp, atomic_write_text
from entropy_explorer.pipeline.leaves.media import video_info
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.steps.assemble import FULL_TITLE
from entropy_explorer.pipeline.steps.web_encode import RECIPE, poster_png, web_mp4, web_webm
from entropy_explorer.pipeline.steps.web_pages import (
    SHORTCODE,
    STATIC_SUBDIR,
    TEMPLATES,
    WebSection,
    article_with_embeds,
    embeds_markdown,
    preview_html,
    snippet_html,
)
from entropy_explorer.pipeline.steps.widgets import WIDGETS, widgets_fingerprint, write_widgets
from entropy_explorer.pipeline.targets.engine import Task
from entropy_explorer.pipeline.targets.run import Run
from entropy_explorer.sections import SECTIONS, Section

__all__ = ["built_sections", "section_web_task", "site_task", "web_outputs", "widget_outputs",
           "widgets_task"]


def web_outputs(project: Project, section: Section) -> list[Path]:
    static = project.web_dir / STATIC_SUBDIR
    return [*(static / f"{section.name}{ext}" for ext in (".mp4", ".webm", ".png", ".vtt")),
            project.web_dir / "snippets" / f"{section.name}.html"]


def _stamp(project: Project, section: Section) -> Path:
    return project.stamp(f"web-{section.name}")


def section_web_task(run: Run, section: Section, base_url: str, *, threads: int,
                     force: bool = False) -> Task:
    """The web files of one section, from its published video (after its scene task)."""
    project = run.project
    video = project.section_video(section)
    outputs = web_outputs(project, section)

    def key() -> str:
        h = hashlib.sha256(f"{RECIPE}|{base_url}".encode())
        h.update((TEMPLATES / "embed.html").read_bytes())
        for p in (video, video.with_suffix(".vtt")):
            h.update(Stamp.record("", [p]).outputs[str(p)].sha256.encode())
        return h.hexdigest()

    def action() -> list[Path]:
        mp4, webm, png, vtt, snippet = outputs
        web_mp4(video, mp4)
        web_webm(video, webm, threads=threads)
        poster_png(video, png)
        shutil.copyfile(video.with_suffix(".vtt"), vtt)
        info = video_info(video)
        atomic_write_text(snippet, snippet_html(section, base_url, (info.width, info.height)))
        return outputs

    return Task(f"web-{section.name}", action, key=key, outputs=outputs,
                stamp=_stamp(project, section), needs=[f"scene-{section.name}"], force=force,
                label=f"web {section.name}")


def widget_outputs(project: Project) -> list[Path]:
    """The widget pages, in the folder the blog serves as ``/entropy-explorer/``."""
    return [project.web_dir / STATIC_SUBDIR / w.file for w in WIDGETS]


def widgets_task(run: Run) -> Task:
    """The four widget pages (no video needed): made again when what they are made of changed."""
    project = run.project
    return Task("web-widgets", lambda: write_widgets(project.web_dir / STATIC_SUBDIR),
                key=widgets_fingerprint, outputs=widget_outputs(project),
                stamp=project.stamp("web-widgets"), in_process=True, label="web widgets")


def built_sections(project: Project) -> list[WebSection]:
    """Every section whose web files are all in place and intact (made now or before)."""
    found = []
    for s in SECTIONS:
        stamp = Stamp.read(_stamp(project, s))
        if stamp is not None and not stamp.damaged() and all(
                str(p) in stamp.outputs for p in web_outputs(project, s)):
            info = video_info(web_outputs(project, s)[0])
            found.append(WebSection(s, (info.width, info.height)))
    return found


def site_task(run: Run, base_url: str, needs: Sequence[str]) -> Task:
    """The shortcode, the article with a video before each iframe, EMBEDS.md and
    preview.html, for every section built so far (not only this run's)."""
    project = run.project
    web = project.web_dir

    def action() -> list[Path]:
        built = built_sections(project)
        shortcode = web / "layouts" / "shortcodes" / f"{SHORTCODE}.html"
        atomic_write_text(shortcode, (TEMPLATES / "hugo" / f"{SHORTCODE}.html").read_text(
            encoding="utf-8"))
        size = built[0].size if built else None
        article = web / "content" / project.article.name
        text, replaced = article_with_embeds(project.article.read_text(encoding="utf-8"),
                                             [b.section for b in built], size, keep_iframes=True)
        atomic_write_text(article, text)
        atomic_write_text(web / "EMBEDS.md", embeds_markdown(built, base_url, replaced))
        atomic_write_text(web / "preview.html",
                          preview_html(built, web / STATIC_SUBDIR, base_url, FULL_TITLE, WIDGETS))
        print(f"web: {len(built)} section(s) and {len(WIDGETS)} widgets in "
              f"{project.rel(web)}/; videos before article iframes: {len(replaced)}", flush=True)
        return [shortcode, article, web / "EMBEDS.md", web / "preview.html"]

    return Task("web-site", action, needs=needs, label="web pages")
