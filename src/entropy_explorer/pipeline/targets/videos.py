"""Targets: the section videos (with subtitles and slide decks), the numbers manifest and
the full video.

* ``scene NN-slug``: Manim renders the scene (paced by its voice, after the section's
  ``voice`` task, see :mod:`~entropy_explorer.pipeline.targets.voice`); the clips are
  mixed at the narration cues into one normalised track (kept in ``build/.state/voice/``)
  and the video is published to ``build/video/NN-slug.mp4`` (constant frame rate,
  faststart, one AAC track; no audio with the voice ``none``), its subtitles beside it,
  its narration kept in ``build/.state/narration/`` and its slide deck copied to
  ``build/decks/<quality>/`` (with its own stamp, per quality).
* ``numbers NN-slug``: the scene's dry run records the numbers it shows; its share of
  ``build/numbers.json`` is kept per scene, so rendering a subset updates only its share.
* ``full video``: only when every section with a scene is asked for and rendered; its
  audio is the sections' tracks back to back, encoded once.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves.files import Stamp, atomic_write_text
from entropy_explorer.pipeline.leaves.media import ENCODER_TAG, media_duration
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.leaves.scenes import Quality, SceneError, inputs_fingerprint
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.pipeline.steps.assemble import assemble_full
from entropy_explorer.pipeline.steps.captions import read_cues, section_captions
from entropy_explorer.pipeline.steps.decks import deck_files, deck_path, snapshot_deck
from entropy_explorer.pipeline.steps.mix import MIX_RECIPE, mix_track
from entropy_explorer.pipeline.steps.render import RenderJob, publish_video, render
from entropy_explorer.pipeline.targets.engine import Task, stamp_state
from entropy_explorer.pipeline.targets.run import Run
from entropy_explorer.pipeline.targets.voice import (
    NarrationSource,
    voice_digest,
    voice_task,
    voice_task_name,
)
from entropy_explorer.sections import Section
from entropy_explorer.speech import VoiceError, VoiceSetting

__all__ = [
    "FULL_VIDEO_TASK",
    "NumbersCheck",
    "deck_state",
    "full_video_outputs",
    "full_video_task",
    "numbers_tasks",
    "scene_key",
    "scene_task",
    "section_tasks",
    "video_state",
]

#: Bump when the way a section video is published changes: every scene is made again.
_PUBLISH = "publish-v2"
FULL_VIDEO_TASK = "full video"

#: The numbers check, handed down by the command line (the layer above the pipeline, so
#: the pipeline imports nothing of the quality checks): ``check(section, scene_file,
#: part, cache_dir)`` runs the scene as a dry run and writes the numbers it shows to
#: ``part`` as JSON (a list of records), reusing ``cache_dir`` when the scene's inputs
#: did not change.
NumbersCheck = Callable[[Section, Path, Path, Path], None]


def scene_key(project: Project, section: Section, quality: Quality, voice: VoiceSetting) -> str:
    """Everything a section's video is made from, its voice's timing included (raises
    ``SceneError`` on a syntax error)."""
    sound = f"voice={voice_digest(project, section, voice)}"
    if voice.enabled:
        sound += f"|{MIX_RECIPE}"
    return inputs_fingerprint(section, quality, extra=f"{_PUBLISH};{ENCODER_TAG}|{sound}",
                              project=project)


def _video_outputs(project: Project, section: Section, voice: VoiceSetting) -> list[Path]:
    video = project.section_video(section)
    return [video, video.with_suffix(".srt"), video.with_suffix(".vtt"), project.narration(section),
            *([project.voice_track(section)] if voice.enabled else [])]


def _deck_stamp(project: Project, section: Section, quality: Quality) -> Path:
    return project.stamp(f"deck-{section.name}-{quality.flag}")


def video_state(project: Project, section: Section, quality: Quality, voice: VoiceSetting) -> str:
    """``current``, ``missing``, ``stale`` or ``damaged`` (see :func:`stamp_state`)."""
    return stamp_state(project.stamp(f"scene-{section.name}"),
                       scene_key(project, section, quality, voice),
                       _video_outputs(project, section, voice))


def deck_state(project: Project, section: Section, quality: Quality, voice: VoiceSetting) -> str:
    return stamp_state(_deck_stamp(project, section, quality),
                       scene_key(project, section, quality, voice),
                       [deck_path(section, quality, project.decks_dir)])


def scene_task(run: Run, section: Section, quality: Quality, voice: VoiceSetting, *,
               force: bool = False) -> Task:
    """Render ``section`` (unless up to date) and publish its video, subtitles and deck.

    With a voice it needs the section's voice task (:func:`section_tasks` makes both).
    """
    project = run.project
    log = run.log(section.name)
    key = functools.cache(lambda: scene_key(project, section, quality, voice))

    def action() -> list[Path]:
        timing_file = project.voice_timing(section) if voice.enabled else None
        job = RenderJob(section, quality, project.scene_path(section), project.manim_media_dir(),
                        voice_timing=timing_file)
        made = render(job, project.manim, log)
        video = project.section_video(section)
        track = None
        if timing_file is not None:
            timing = speech.load_timing(timing_file)
            if timing is None:
                raise VoiceError(f"{section.name}: voice timing manifest {timing_file} is missing")
            track = project.voice_track(section)
            cues = read_cues(made.subtitles) if made.subtitles is not None else []
            mix_track(timing, cues, media_duration(made.video), track)
        publish_video(made.video, video, audio=track)
        narration = section_captions(made.subtitles, video, project.narration(section))
        deck = snapshot_deck(section, quality, job.deck, project.decks_dir, narration)
        Stamp.record(key(), deck_files(deck)).write(_deck_stamp(project, section, quality))
        return _video_outputs(project, section, voice)

    return Task(f"scene-{section.name}", action, key=key,
                outputs=_video_outputs(project, section, voice),
                needs=[voice_task_name(section)] if voice.enabled else [],
                stamp=project.stamp(f"scene-{section.name}"),
                force=force, label=f"{section.name}", log=log,
                stamps=[_deck_stamp(project, section, quality)])


def section_tasks(run: Run, sections: Sequence[Section], quality: Quality, voice: VoiceSetting,
                  narration: NarrationSource | None, *, force: bool = False) -> list[Task]:
    """Each section's render task (``force``: even if up to date), after its voice task
    when the voice is on (that one runs when its own inputs changed: clips are cached).

    Raises :class:`VoiceError` when the voice is on and no narration source was given.
    """
    tasks = []
    for s in sections:
        if voice.enabled:
            if narration is None:
                raise VoiceError("the voice needs the scenes' narration lines; choose --voice none")
            tasks.append(voice_task(run, s, voice, narration))
        tasks.append(scene_task(run, s, quality, voice, force=force))
    return tasks


def numbers_tasks(run: Run, sections: Sequence[Section], check: NumbersCheck) -> list[Task]:
    """Each section's share of ``build/numbers.json`` (a dry run, only when its inputs
    changed; after the scene's render, so a broken scene is reported once), then the
    file itself from every share present."""
    project = run.project
    cache = project.state_dir / "numbers-cache"

    def part(section: Section) -> Task:
        def action() -> list[Path]:
            check(section, project.scene_path(section), project.numbers_part(section), cache)
            return [project.numbers_part(section)]

        return Task(f"numbers-{section.name}", action, outputs=[project.numbers_part(section)],
                    needs=[f"scene-{section.name}"], in_process=True,
                    label=f"numbers {section.name}")

    tasks = [part(s) for s in sections]

    def join() -> list[Path]:
        records: list[object] = []
        for s in project.available():
            part = project.numbers_part(s)
            if part.exists():
                records.extend(json.loads(part.read_text(encoding="utf-8")))
        out = project.build_dir / "numbers.json"
        atomic_write_text(out, json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return [out]

    return [*tasks, Task("numbers", join, after=[t.name for t in tasks], label="numbers manifest")]


def full_video_outputs(project: Project) -> list[Path]:
    full = project.build_dir / "entropy-explorer-full.mp4"
    return [full, full.with_suffix(".srt"), full.with_suffix(".vtt"),
            project.build_dir / "chapters.txt", project.build_dir / "transcript.md"]


def full_video_task(run: Run, sections: Sequence[Section], voice: VoiceSetting) -> Task:
    """Join every section's video: only add it when ``sections`` are all the scenes."""
    project = run.project
    outputs = full_video_outputs(project)
    tracks = [project.voice_track(s) for s in sections] if voice.enabled else None

    def key() -> str:
        h = hashlib.sha256(f"full-v3|voice={voice.enabled}|".encode()
                           + "|".join(s.name for s in sections).encode())
        for s in sections:
            stamp = Stamp.read(project.stamp(f"scene-{s.name}"))
            if stamp is None:
                raise SceneError(f"{s.name} has no stamp")
            h.update(json.dumps({k: r.sha256 for k, r in stamp.outputs.items()}).encode())
        return h.hexdigest()

    def action() -> list[Path]:
        narrations: list[list[Cue]] = [read_cues(project.narration(s)) for s in sections]
        assemble_full(sections, [project.section_video(s) for s in sections], narrations,
                      out=outputs[0], chapters_txt=outputs[3], transcript=outputs[4],
                      tracks=tracks)
        return outputs

    return Task("full-video", action, key=key, outputs=outputs, stamp=project.stamp("full-video"),
                needs=[f"scene-{s.name}" for s in sections], label=FULL_VIDEO_TASK)
