"""Targets: a section's voice (its clips and timing manifest) and the cue sheet.

``voice NN-slug`` runs before the section's render: it takes the scene's narration lines
from its dry run (the numbers check's dry run, cached per scene fingerprint, handed down
by the command line as a :data:`NarrationSource`), synthesises what is not cached, and
writes ``media/voice/NN-slug.json``. It is up to date while the scene's inputs, the voice,
the engine and the scene's recordings are unchanged and its clips are intact. The
section's video key holds the manifest's digest (:func:`voice_digest`), so a new
recording, or a line said differently, renders the scene again.

The dry run and the synthesis run on a worker of this machine's cluster when there is
one (:meth:`~entropy_explorer.pipeline.leaves.farm.Farm.beside`: several scenes at once,
ahead of the renders, with the voice loaded once per worker), and in this process when
the renders go to a cluster elsewhere, whose workers do not share ``media/voice``.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves.files import sha256_file
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.leaves.scenes import QUALITIES, inputs_fingerprint
from entropy_explorer.pipeline.steps.voice import SynthesisStats, prepare_scene, write_script
from entropy_explorer.pipeline.targets.engine import Task
from entropy_explorer.pipeline.targets.run import Run
from entropy_explorer.sections import Section
from entropy_explorer.speech import SceneTiming, VoiceSetting

__all__ = ["NarrationSource", "scene_voice", "script_task", "voice_digest", "voice_task", "voice_task_name"]

#: The scene's narration lines, handed down by the command line (the pipeline imports
#: nothing of the quality checks): ``source(section, scene_file, cache_dir)`` returns the
#: lines the scene narrates, in order, from its dry run (cached in ``cache_dir`` per
#: scene fingerprint, shared with the numbers check).
NarrationSource = Callable[[Section, Path, Path], list[str]]

_VOICE_RECIPE = "voice-v1"


def voice_task_name(section: Section) -> str:
    return f"voice-{section.name}"


def voice_digest(project: Project, section: Section, setting: VoiceSetting) -> str:
    """What the section's video takes from its voice: ``none``, ``missing`` or the digest
    of its timing manifest (clip keys, lengths, recordings)."""
    if not setting.enabled:
        return "none"
    manifest = project.voice_timing(section)
    return sha256_file(manifest)[:32] if manifest.exists() else "missing"


def _recordings(project: Project, section: Section) -> list[str]:
    folder = project.recordings_dir / section.name
    if not folder.is_dir():
        return []
    return [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(folder.iterdir())
            if p.is_file()]


def voice_task(run: Run, section: Section, setting: VoiceSetting, narration: NarrationSource,
               *, force: bool = False) -> Task:
    """The section's clips and timing manifest (a dry run when the scene changed)."""
    project = run.project
    manifest = project.voice_timing(section)
    log = run.log(voice_task_name(section))

    def key() -> str:
        h = hashlib.sha256(f"{_VOICE_RECIPE}|{setting.identity()}|{setting.rate}|"
                           f"{speech.engine_identity()}".encode())
        h.update(inputs_fingerprint(section, QUALITIES["l"], extra="voice", project=project).encode())
        h.update("|".join(_recordings(project, section)).encode())
        return h.hexdigest()

    def action() -> list[Path]:
        try:
            lines, timing, stats, where = run.farm.beside(
                scene_voice, section, project, setting, narration, name=voice_task_name(section))
        except Exception:  # the scene's dry run or the voice failed: the log says where
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            raise
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"{len(lines)} lines, {sum(c.seconds for c in timing.clips):.1f} s of "
                       f"speech; {stats.synthesised} synthesised ({stats.speed:.1f}x real time), "
                       f"{stats.cached} cached; {where}\n", encoding="utf-8")
        return [manifest, *(timing.audio_path(c) for c in timing.clips)]

    # The dry run uses Manim's global config: on a worker process of this machine's
    # cluster, several at once; in this process (a cluster elsewhere), one at a time.
    return Task(voice_task_name(section), action, key=key, outputs=[manifest],
                stamp=project.stamp(voice_task_name(section)), force=force,
                in_process=not run.farm.shares_machine, label=f"voice {section.name}", log=log)


def scene_voice(section: Section, project: Project, setting: VoiceSetting,
                narration: NarrationSource) -> tuple[list[str], SceneTiming, SynthesisStats, str]:
    """The section's narration lines (its dry run), clips and timing manifest, made where
    this runs (a worker of the local cluster, or the client); and which process that was."""
    lines = narration(section, project.scene_path(section), project.state_dir / "numbers-cache")
    timing, stats = prepare_scene(section.name, lines, setting, directory=project.voice_dir,
                                  recordings=project.recordings_dir, load=project.voice_engine)
    return lines, timing, stats, f"made in process {os.getpid()}"


def script_task(run: Run, sections: Sequence[Section]) -> Task:
    """The cue sheet ``build/voice/script.md`` (and ``.tsv``) from the sections' manifests."""
    project = run.project
    out = project.build_dir / "voice"

    def action() -> list[Path]:
        timings = []
        for s in sections:
            timing = speech.load_timing(project.voice_timing(s))
            if timing is None:
                raise RuntimeError(f"{s.name} has no voice timing")
            timings.append(timing)
        return list(write_script(timings, out, project.recordings_dir, project.root))

    return Task("voice-script", action, needs=[voice_task_name(s) for s in sections],
                label="cue sheet")
