"""Targets: the section videos (with subtitles and slide decks), the numbers manifest and
the full video.

* ``scene NN-slug``: Manim renders the scene (paced by its voice, after the section's
  ``voice`` task, see :mod:`~entropy_explorer.pipeline.targets.voice`); the clips are
  mixed at the narration cues into one normalised track and the video is made (constant
  frame rate, faststart, one AAC track; no audio with the voice ``none``) with its
  subtitles and narration, all kept per quality in ``build/.state/renders/<quality>/``
  (with a stamp per quality), and its slide deck copied to ``build/decks/<quality>/``.
  Then, made now or up to date, the quality's files are published as hard links:
  ``build/video/NN-slug.mp4`` and its subtitles, the narration in
  ``build/.state/narration/``, the voice track in ``build/.state/voice/``. Switching
  quality back and forth renders nothing that was kept.
* ``numbers NN-slug``: the scene's dry run records the numbers it shows; its share of
  ``build/numbers.json`` is kept per scene, so rendering a subset updates only its share.
* ``full video``: only when every section with a scene is asked for and rendered; its
  audio is the sections' tracks back to back, encoded once; kept per quality too, and
  published by links.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from entropy_explorer import speech
from entropy_explorer.pipeline.leaves.files import Stamp, atomic_write_text, publish_link
from entropy_explorer.pipeline.leaves.media import ENCODER_TAG, media_duration
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.leaves.scenes import (
    QUALITIES,
    Quality,
    SceneError,
    inputs_fingerprint,
)
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.pipeline.steps.assemble import assemble_full
from entropy_explorer.pipeline.steps.captions import read_cues, section_captions
from entropy_explorer.pipeline.steps.decks import deck_files, deck_path, snapshot_deck
from entropy_explorer.pipeline.steps.farm_work import (
    plan_ranges,
    range_scratch,
    render_on_farm,
    render_ranges,
)
from entropy_explorer.pipeline.steps.mix import MIX_RECIPE, mix_track
from entropy_explorer.pipeline.steps.render import RenderJob, publish_video
from entropy_explorer.pipeline.targets.engine import Task, stamp_state
from entropy_explorer.pipeline.targets.progress import load_counts
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
_PUBLISH = "publish-v3"
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


def _published(project: Project, section: Section, voice: VoiceSetting) -> list[Path]:
    """What a section's render publishes: its video, subtitles, narration and voice track."""
    video = project.section_video(section)
    return [video, video.with_suffix(".srt"), video.with_suffix(".vtt"), project.narration(section),
            *([project.voice_track(section)] if voice.enabled else [])]


def _kept(project: Project, quality: Quality, published: Sequence[Path]) -> list[Path]:
    """Where ``quality``'s render keeps each of ``published`` (see :meth:`Project.kept`)."""
    return [project.kept(p, quality.folder) for p in published]


def _scene_stamp(project: Project, section: Section, quality: Quality) -> Path:
    return project.stamp(f"scene-{section.name}-{quality.flag}")


def _deck_stamp(project: Project, section: Section, quality: Quality) -> Path:
    return project.stamp(f"deck-{section.name}-{quality.flag}")


def _publisher(project: Project, quality: Quality,
               published: Sequence[Path]) -> Callable[[], list[Path]]:
    """Link ``quality``'s kept files to their published names."""
    def publish() -> list[Path]:
        for dst in published:
            publish_link(project.kept(dst, quality.folder), dst)
        return list(published)

    return publish


def video_state(project: Project, section: Section, quality: Quality, voice: VoiceSetting) -> str:
    """``current``, ``missing``, ``stale`` or ``damaged`` (see :func:`stamp_state`) for
    the render kept at ``quality``; ``kept`` when it is current but ``build/video/``
    holds something else (another quality's, or nothing)."""
    published = _published(project, section, voice)
    state = stamp_state(_scene_stamp(project, section, quality),
                        scene_key(project, section, quality, voice),
                        _kept(project, quality, published))
    if state == "current" and not all(_same_file(project.kept(p, quality.folder), p)
                                      for p in published):
        return "kept"
    return state


def deck_state(project: Project, section: Section, quality: Quality, voice: VoiceSetting) -> str:
    return stamp_state(_deck_stamp(project, section, quality),
                       scene_key(project, section, quality, voice),
                       [deck_path(section, quality, project.decks_dir)])


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def scene_task(run: Run, section: Section, quality: Quality, voice: VoiceSetting, *,
               force: bool = False) -> Task:
    """Render ``section`` at ``quality`` (unless the render kept for that quality is up to
    date), then publish its video, subtitles and deck.

    With a voice it needs the section's voice task (:func:`section_tasks` makes both).
    """
    project = run.project
    log = run.log(section.name)
    key = functools.cache(lambda: scene_key(project, section, quality, voice))
    published = _published(project, section, voice)
    kept = _kept(project, quality, published)

    def action() -> list[Path]:
        timing_file = project.voice_timing(section) if voice.enabled else None
        job = RenderJob(section, quality, project.scene_path(section), project.manim_media_dir(),
                        voice_timing=timing_file)
        # Longest first (Dask runs the higher priority first); a scene long enough is
        # split into ranges of its animations, one per worker, joined by the whole render.
        seconds = _last_length(kept[0], published[0])
        played = load_counts(project.state_dir / "animations.json").get(f"scene-{section.name}")
        ranges = plan_ranges(played, run.farm.slots()) if not run.farm.remote else []
        try:
            given = render_ranges(run.farm, job, project, log, ranges, priority=int(seconds))
            made = render_on_farm(run.farm, job, project, log, priority=int(seconds) + 1,
                                  given=given)
        finally:
            shutil.rmtree(range_scratch(job), ignore_errors=True)
        video, narration_file = kept[0], kept[3]
        track = None
        if timing_file is not None:
            timing = speech.load_timing(timing_file)
            if timing is None:
                raise VoiceError(f"{section.name}: voice timing manifest {timing_file} is missing")
            track = kept[4]
            cues = read_cues(made.subtitles) if made.subtitles is not None else []
            mix_track(timing, cues, media_duration(made.video), track)
        publish_video(made.video, video, audio=track)
        narration = section_captions(made.subtitles, video, narration_file)
        deck = snapshot_deck(section, quality, job.deck, project.decks_dir, narration)
        Stamp.record(key(), deck_files(deck)).write(_deck_stamp(project, section, quality))
        return kept

    return Task(f"scene-{section.name}", action, key=key, outputs=kept,
                needs=[voice_task_name(section)] if voice.enabled else [],
                stamp=_scene_stamp(project, section, quality),
                force=force, label=f"{section.name}", log=log,
                stamps=[_deck_stamp(project, section, quality)],
                publish=_publisher(project, quality, published),
                kind=f"scene-{quality.flag}", size=lambda: _video_seconds(kept[0], published[0]),
                animations=True)


def _last_length(*videos: Path) -> float:
    """:func:`_video_seconds`, or 0 when none can be read (a damaged one is made again)."""
    try:
        return _video_seconds(*videos) or 0.0
    except (OSError, RuntimeError, ValueError):
        return 0.0


def _video_seconds(*videos: Path) -> float | None:
    """The length of the first of ``videos`` that exists (a scene's last render, at this
    quality or the one last published: the ETA's measure of its work), else ``None``."""
    for video in videos:
        if video.exists():
            return media_duration(video)
    return None


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


#: The numbers dry run draws no frames: one key for every quality.
_NUMBERS_QUALITY = QUALITIES["l"]


@functools.cache
def _checks_digest() -> str:
    """SHA-256 of the quality checks' source (``entropy_explorer/quality``)."""
    h = hashlib.sha256()
    folder = Path(__file__).resolve().parents[2] / "quality"
    for path in sorted(folder.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def numbers_tasks(run: Run, sections: Sequence[Section], check: NumbersCheck) -> list[Task]:
    """Each section's share of ``build/numbers.json`` (a dry run, only when its inputs
    changed; after the scene's render, so a broken scene is reported once), then the
    file itself from every share present."""
    project = run.project
    cache = project.state_dir / "numbers-cache"

    def part(section: Section) -> Task:
        def action() -> list[Path]:
            run.farm.beside(check, section, project.scene_path(section),
                            project.numbers_part(section), cache, name=f"numbers-{section.name}")
            return [project.numbers_part(section)]

        # Keyed by the scene's inputs (not the quality or the voice: a dry run draws no
        # frames), so an unchanged scene's share is reported up to date, not checked again.
        # The checks' own code is an input too (the scenes do not import it).
        def key() -> str:
            return inputs_fingerprint(section, _NUMBERS_QUALITY, extra=f"numbers|{_checks_digest()}",
                                      project=project)

        return Task(f"numbers-{section.name}", action, key=key,
                    stamp=project.stamp(f"numbers-{section.name}"),
                    outputs=[project.numbers_part(section)],
                    needs=[f"scene-{section.name}"], in_process=not run.farm.shares_machine,
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

    def join_key() -> str:
        h = hashlib.sha256()
        for s in project.available():
            part = project.numbers_part(s)
            h.update(s.name.encode() + b"\0" + (part.read_bytes() if part.exists() else b"-") + b"\0")
        return h.hexdigest()

    return [*tasks, Task("numbers", join, key=join_key, stamp=project.stamp("numbers"), outputs=[project.build_dir / "numbers.json"],
                         after=[t.name for t in tasks], label="numbers manifest")]


def full_video_outputs(project: Project) -> list[Path]:
    """The full video, its subtitles, chapters and transcript, as published."""
    full = project.build_dir / "entropy-explorer-full.mp4"
    return [full, full.with_suffix(".srt"), full.with_suffix(".vtt"),
            project.build_dir / "chapters.txt", project.build_dir / "transcript.md"]


def full_video_task(run: Run, sections: Sequence[Section], quality: Quality,
                    voice: VoiceSetting) -> Task:
    """Join every section's video: only add it when ``sections`` are all the scenes.
    Each quality keeps its own (as the sections do); the published one is a link."""
    project = run.project
    published = full_video_outputs(project)
    outputs = _kept(project, quality, published)

    def section_files(s: Section) -> list[Path]:
        return _kept(project, quality, _published(project, s, voice))

    def key() -> str:
        h = hashlib.sha256(f"full-v3|voice={voice.enabled}|".encode()
                           + "|".join(s.name for s in sections).encode())
        for s in sections:
            stamp = Stamp.read(_scene_stamp(project, s, quality))
            if stamp is None:
                raise SceneError(f"{s.name} has no stamp")
            h.update(json.dumps({k: r.sha256 for k, r in stamp.outputs.items()}).encode())
        return h.hexdigest()

    def action() -> list[Path]:
        narrations: list[list[Cue]] = [read_cues(section_files(s)[3]) for s in sections]
        assemble_full(sections, [section_files(s)[0] for s in sections], narrations,
                      out=outputs[0], chapters_txt=outputs[3], transcript=outputs[4],
                      tracks=[section_files(s)[4] for s in sections] if voice.enabled else None)
        return outputs

    return Task("full-video", action, key=key, outputs=outputs,
                stamp=project.stamp(f"full-video-{quality.flag}"),
                needs=[f"scene-{s.name}" for s in sections], label=FULL_VIDEO_TASK,
                kind=f"full-video-{quality.flag}",
                publish=_publisher(project, quality, published))
