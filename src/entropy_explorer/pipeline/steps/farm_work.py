"""The work a farm worker does, and how the client hands it over and takes it back.

:func:`render_on_farm` is the render step on the farm
(:class:`~entropy_explorer.pipeline.leaves.farm.Farm`): it sends a :class:`RenderSpec` to a
worker, which runs :func:`render_task` and answers with a :class:`RenderResult`.

* **On this machine** (a local cluster) the worker shares the client's folders: it
  renders into the client's ``media/`` and writes the client's log as it goes (the
  progress display reads it), and the result only names the files.
* **On a cluster** the worker shares nothing with the client. The spec carries what the
  render is made from: the name and SHA-256 of every input file (the scene, ``manim.cfg``,
  the project modules it imports, the render code itself) and the Manim versions, and the
  scene's voice timing as text. The worker checks them against its own checkout and
  refuses with :class:`CheckoutMismatch` (naming the first file that differs) when they
  do not match, renders into its own ``media/`` (its TeX and partial movie caches), and
  returns the video, subtitles, slide deck and clips as bytes, with its log. The client
  writes them into its own ``media/`` (each file under a temporary name, then renamed),
  where the build goes on as after a local render. A worker that dies mid-task returns
  nothing: Dask runs the task again on another worker, and nothing half-made reaches the
  client's folders.

The worker renders in its own process (:mod:`~entropy_explorer.pipeline.steps.warm`)
when the project uses the standard Manim entry point, else it runs the project's Manim
command as a program (the tests' stand-in).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.files import atomic_write_bytes, sha256_file
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, MANIM_ENTRY, Project
from entropy_explorer.pipeline.leaves.scenes import PACKAGE_DIR, QUALITIES, input_files
from entropy_explorer.pipeline.steps.render import RenderError, RenderJob, RenderOutput, render
from entropy_explorer.pipeline.steps.warm import render_in_process, render_range_in_process
from entropy_explorer.sections import find_section

__all__ = ["ENV_ROOT", "MIN_RANGE", "CheckoutMismatch", "RenderResult", "RenderSpec",
           "checkout_inputs", "plan_ranges", "render_on_farm", "render_ranges", "render_task",
           "worker_root"]

#: The checkout a worker renders from (default: the one its package was imported from).
ENV_ROOT = "ENTROPY_PROJECT_ROOT"
#: The package's checkout (``src/entropy_explorer`` lives in it).
_CHECKOUT = PACKAGE_DIR.parents[1]
#: The code that turns a scene into its video, besides the modules the scene imports.
_RENDER_CODE = ("pipeline/steps/render.py", "pipeline/steps/warm.py",
                "pipeline/steps/manim_entry.py", "pipeline/steps/farm_work.py",
                "pipeline/leaves/manim_fixes.py", "pipeline/leaves/media.py")


class CheckoutMismatch(RuntimeError):
    """A worker's checkout differs from the client's: it refuses the task."""


@dataclass(frozen=True)
class RenderSpec:
    """One render, as a worker receives it."""

    section: str
    quality: str
    animations: tuple[int, int] | None
    #: ``None``: render in the worker's process; else the Manim program to run.
    manim: tuple[str, ...] | None
    #: Checkout-relative name -> SHA-256 of every input (``versions``: the tool versions).
    inputs: dict[str, str]
    #: The scene's voice timing manifest as text (``None``: silent).
    timing: str | None
    #: The client's job and log when the worker shares its folders (a local cluster).
    shared: RenderJob | None = None
    log: Path | None = None
    client: tuple[str, int] = ("", 0)
    #: A range of the scene (``animations``): report the partial movies it made.
    is_range: bool = False
    #: The partial movies the scene's ranges made, joined in instead of drawn again.
    given: dict[int, str] | None = None


@dataclass(frozen=True)
class RenderResult:
    """What a worker made: on a cluster the files' bytes, else only that they are there."""

    worker: str
    files: dict[str, bytes] = field(default_factory=dict)
    deck: str | None = None
    log: str = ""
    #: A range's partial movies, by animation number.
    partials: dict[int, str] = field(default_factory=dict)


def _versions() -> str:
    try:
        return f"manim={version('manim')};manim-slides={version('manim-slides')}"
    except PackageNotFoundError:  # pragma: no cover - only in a broken install
        return "manim=?"


def _name(path: Path, root: Path) -> str:
    """A file's checkout-relative name: the package's files as ``src/entropy_explorer/..``,
    the project's (scenes, ``manim.cfg``) relative to ``root``."""
    path = path.resolve()
    if path.is_relative_to(PACKAGE_DIR):
        return str(path.relative_to(_CHECKOUT))
    return str(path.relative_to(root.resolve()))


def _file(name: str, root: Path) -> Path:
    return _CHECKOUT / name if name.startswith("src/entropy_explorer/") else root / name


def checkout_inputs(project: Project, section_name: str) -> dict[str, str]:
    """Name -> SHA-256 of everything ``section_name``'s render is made from, and the
    tool versions (``versions``)."""
    section = find_section(section_name)
    files = [*input_files(section, project), *(PACKAGE_DIR / p for p in _RENDER_CODE)]
    found = {_name(p, project.root): sha256_file(p) for p in files}
    return {**dict(sorted(found.items())), "versions": _versions()}


def worker_root() -> Path:
    """The checkout this worker renders from."""
    value = os.environ.get(ENV_ROOT, "").strip()
    return Path(value).resolve() if value else DEFAULT_PROJECT.root


def _check_checkout(inputs: dict[str, str], root: Path) -> None:
    host = socket.gethostname()
    for name, digest in inputs.items():
        if name == "versions":
            ours = _versions()
            if ours != digest:
                raise CheckoutMismatch(f"worker {host} ({root}) has {ours}, the client "
                                       f"{digest}: install the same versions there")
            continue
        path = _file(name, root)
        try:
            ours = sha256_file(path)
        except OSError:
            ours = "missing"
        if ours != digest:
            raise CheckoutMismatch(
                f"worker {host}: its checkout ({root}) differs from the client's: {name} is "
                f"{'missing' if ours == 'missing' else 'not the same'} there; update that "
                f"checkout to the client's and restart its workers")


def _render(job: RenderJob, manim: tuple[str, ...] | None, log: Path) -> RenderOutput:
    return render_in_process(job, log) if manim is None else render(job, manim, log)


def render_task(spec: RenderSpec) -> RenderResult:
    """On a worker: render ``spec``; its result (see the module's description).

    Raises :class:`CheckoutMismatch`, ``RenderError`` (the scene failed) or
    ``procs.Cancelled``.
    """
    here = (socket.gethostname(), os.getpid())
    if here != spec.client:
        procs.reset()  # a cancelled build before this one stopped this worker's programs
    if spec.shared is not None and spec.log is not None:
        if spec.is_range:
            made = render_range_in_process(spec.shared, spec.log)
            return RenderResult(worker=f"{here[0]}:{here[1]}", partials=made)
        if spec.given:
            render_in_process(spec.shared, spec.log, spec.given)
        else:
            _render(spec.shared, spec.manim, spec.log)
        return RenderResult(worker=f"{here[0]}:{here[1]}")
    root = worker_root()
    _check_checkout(spec.inputs, root)
    section = find_section(spec.section)
    project = Project(root)
    scratch = Path(tempfile.mkdtemp(prefix=f"entropy-farm-{section.name}-"))
    try:
        timing = None
        if spec.timing is not None:
            timing = scratch / f"{section.name}.json"
            timing.write_text(spec.timing, encoding="utf-8")
        job = RenderJob(section, QUALITIES[spec.quality], project.scene_path(section),
                        project.manim_media_dir(), animations=spec.animations,
                        voice_timing=timing)
        log = scratch / "render.log"
        try:
            made = _render(job, spec.manim, log)
        except RenderError as exc:
            raise RenderError(f"{exc} (on worker {here[0]})") from None
        files = {"video": made.video.read_bytes()}
        if made.subtitles is not None:
            files["subtitles"] = made.subtitles.read_bytes()
        deck = None
        if job.deck.exists():
            deck = job.deck.read_text(encoding="utf-8")
            for slide in json.loads(deck)["slides"]:
                clip = Path(slide["file"])
                files[f"clip/{clip.name}"] = clip.read_bytes()
        return RenderResult(f"{here[0]}:{here[1]}", files, deck,
                            log.read_text(encoding="utf-8", errors="replace"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _take_back(result: RenderResult, job: RenderJob, log: Path) -> RenderOutput:
    """On the client: a cluster worker's files written where a local render leaves them."""
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(result.log + f"\n(rendered on {result.worker})\n", encoding="utf-8")
    atomic_write_bytes(job.video, result.files["video"])
    job.subtitles.unlink(missing_ok=True)
    if "subtitles" in result.files:
        atomic_write_bytes(job.subtitles, result.files["subtitles"])
    if result.deck is not None:
        deck = json.loads(result.deck)
        clips = job.deck.parent / "files" / job.section.scene_class / "farm"
        for slide in deck["slides"]:
            name = Path(slide["file"]).name
            atomic_write_bytes(clips / name, result.files[f"clip/{name}"])
            slide["file"] = slide["rev_file"] = str(clips / name)
        atomic_write_bytes(job.deck, json.dumps(deck).encode())
    return _output(job)


def render_on_farm(farm: Farm, job: RenderJob, project: Project, log: Path,
                   priority: int = 0, given: dict[int, str] | None = None) -> RenderOutput:
    """The render step, run on ``farm``: ``job``'s video and subtitles in the client's
    ``media/`` (as :func:`~entropy_explorer.pipeline.steps.render.render` leaves them).

    Raises ``RenderError``, :class:`CheckoutMismatch` or ``procs.Cancelled``.
    """
    manim = None if project.manim == MANIM_ENTRY else project.manim
    here = (socket.gethostname(), os.getpid())
    key = f"render-{job.section.name}-{job.quality.flag}" + (
        f"-{job.animations[0]}-{job.animations[1]}" if job.animations else "")
    if not farm.remote:
        spec = RenderSpec(job.section.name, job.quality.flag, job.animations, manim, {}, None,
                          shared=job, log=log, client=here, given=given if manim is None else None)
        farm.call(render_task, spec, key=f"{key}-{os.urandom(4).hex()}", priority=priority)
        return _output(job)
    timing = (job.voice_timing.read_text(encoding="utf-8")
              if job.voice_timing is not None else None)
    spec = RenderSpec(job.section.name, job.quality.flag, job.animations, manim,
                      checkout_inputs(project, job.section.name), timing, client=here)
    result = farm.call(render_task, spec, key=f"{key}-{os.urandom(4).hex()}", priority=priority)
    return _take_back(result, job, log)


def _output(job: RenderJob) -> RenderOutput:
    return RenderOutput(job.video, job.subtitles if job.subtitles.exists() else None)


#: The fewest animations a range is worth (each range pays for the scene's set-up).
MIN_RANGE = 8


def plan_ranges(animations: int | None, workers: int) -> list[tuple[int, int]]:
    """How to split a scene that played ``animations`` last time over ``workers``: the
    ranges ``(first, last)`` (inclusive, as Manim's ``-n``), or none (one piece) when
    the count is unknown, there is one worker, or the ranges would be short."""
    if animations is None or workers < 2 or animations < 2 * MIN_RANGE:
        return []
    n = min(workers, animations // MIN_RANGE)
    cuts = [round(i * animations / n) for i in range(n + 1)]
    return [(a, b - 1) for a, b in zip(cuts, cuts[1:], strict=False)]


def range_scratch(job: RenderJob) -> Path:
    """Where the ranges of ``job``'s scene render (one media folder each)."""
    return job.media_dir / "ranges" / job.section.module / job.quality.folder


def render_ranges(farm: Farm, job: RenderJob, project: Project, log: Path,
                  ranges: list[tuple[int, int]], priority: int = 0) -> dict[int, str]:
    """Render ``ranges`` of ``job``'s animations at once on ``farm`` (Manim's ``-n
    FIRST,LAST``, each range in a worker's process and a media folder of its own, under
    :func:`range_scratch`); the partial movie each animation got, by number.

    The one-piece render of ``job`` that follows, given these
    (:func:`render_on_farm` with ``given``), steps over the animations they hold, as Manim
    steps over those before ``-n``, and joins their files by stream copy with its own, so
    it writes the video, subtitles and slide deck of a whole render. Only on a local
    cluster with warm workers (the files stay on this machine); a range that fails costs
    only time: its animations are drawn by the one-piece render.
    """
    if farm.remote or not ranges or project.manim != MANIM_ENTRY:
        return {}
    here = (socket.gethostname(), os.getpid())
    scratch = range_scratch(job)
    shutil.rmtree(scratch, ignore_errors=True)
    specs = []
    for a, b in ranges:
        part = replace(job, animations=(a, b), media_dir=scratch / f"{a}-{b}",
                       shared_media=job.media_dir)
        specs.append((RenderSpec(job.section.name, job.quality.flag, (a, b), None, {}, None,
                                 shared=part, log=log.with_name(f"{log.stem}.{a}-{b}.log"),
                                 client=here, is_range=True),))
    keys = [f"render-{job.section.name}-{job.quality.flag}-{a}-{b}-{os.urandom(4).hex()}"
            for a, b in ranges]
    given: dict[int, str] = {}
    for (a, b), outcome in zip(ranges, farm.call_each(render_task, specs, keys=keys,
                                                      priority=priority), strict=True):
        if isinstance(outcome, RenderResult):
            given.update({n: f for n, f in outcome.partials.items() if a <= n <= b})
    return given
