"""Targets: the talk's slides (offline HTML, PowerPoint, PDF handout) and the presenter.

Each section's kept deck (``build/decks/<quality>/``) is used when its stamp says it was
made from the scene's current inputs and its clips are intact; otherwise the scene is
rendered again first. Then one export task writes the chosen format.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.scenes import Quality
from entropy_explorer.pipeline.steps.decks import deck_path
from entropy_explorer.pipeline.steps.reveal import fetch_revealjs
from entropy_explorer.pipeline.steps.slide_export import export_html, export_pdf, export_pptx
from entropy_explorer.pipeline.targets.engine import Task
from entropy_explorer.pipeline.targets.run import Run
from entropy_explorer.pipeline.targets.videos import deck_state, section_tasks
from entropy_explorer.pipeline.targets.voice import NarrationSource
from entropy_explorer.sections import Section
from entropy_explorer.speech import VoiceSetting

__all__ = ["FORMATS", "deck_tasks", "default_output", "export_task"]

#: Export formats and their default output, relative to build/.
FORMATS = {"html": "slides", "pptx": "entropy-explorer.pptx", "pdf": "entropy-explorer-slides.pdf"}


def default_output(run: Run, fmt: str) -> Path:
    return run.project.build_dir / FORMATS[fmt]


def deck_tasks(run: Run, sections: Sequence[Section], quality: Quality, voice: VoiceSetting,
               narration: NarrationSource | None) -> list[Task]:
    """A render task (after its voice task) for each section whose kept deck is missing,
    stale or damaged. The decks stay silent; the voice sets their pace, so a deck is
    current only for the voice it was rendered with."""
    stale = [s for s in sections if deck_state(run.project, s, quality, voice) != "current"]
    return section_tasks(run, stale, quality, voice, narration, force=True)


def export_task(run: Run, sections: Sequence[Section], quality: Quality, fmt: str, out: Path,
                needs: Sequence[str], reveal_dir: Path | None = None) -> Task:
    """Export every section's deck, in article order, as ``fmt`` to ``out``."""
    project = run.project

    def action() -> list[Path]:
        decks = [(s, deck_path(s, quality, project.decks_dir)) for s in sections]
        if fmt == "pptx":
            return [export_pptx(decks, out)]
        if fmt == "pdf":
            return [export_pdf(decks, out)]
        reveal = reveal_dir or fetch_revealjs(project.vendor_dir)
        return [export_html(decks, out, reveal)]

    return Task(f"slides-{fmt}", action, needs=needs, label=f"slides ({fmt})")
