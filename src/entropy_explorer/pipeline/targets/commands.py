"""The build commands of ``entropy-explorer``: list, render, slides, present, web, gif, voice.

Each command reads its arguments (the scenes, quality, jobs and voice arguments are
declared once, in :func:`_scene_args`), checks the tools it needs, takes the build lock
(:func:`~entropy_explorer.pipeline.targets.run.open_run`), makes its tasks and runs them.
Expected failures are one line on stderr and exit code 1 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.audio import write_wav
from entropy_explorer.pipeline.leaves.browser import chromium_path
from entropy_explorer.pipeline.leaves.farm import ENV_SCHEDULER, Farm, FarmError, scheduler_address
from entropy_explorer.pipeline.leaves.files import BuildBusy
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.leaves.scenes import (
    Quality,
    SceneError,
    UnknownSceneError,
    parse_quality,
    resolve_scenes,
)
from entropy_explorer.pipeline.leaves.tools import LATEX_TOOLS, ToolMissing, require
from entropy_explorer.pipeline.leaves.tts import load_voice
from entropy_explorer.pipeline.leaves.uptodate import Inputs, request_of
from entropy_explorer.pipeline.steps.cover import HEIGHT, WIDTH, CoverOptions, GifError, make_cover
from entropy_explorer.pipeline.steps.decks import deck_path
from entropy_explorer.pipeline.steps.presenter import (
    presenter_command,
    presenter_problem,
    split_extra,
)
from entropy_explorer.pipeline.steps.slide_export import check_html, network_references
from entropy_explorer.pipeline.steps.voice import synthesize_text
from entropy_explorer.pipeline.steps.web_pages import DEFAULT_BASE_URL, check_preview
from entropy_explorer.pipeline.steps.widgets import check_widget
from entropy_explorer.pipeline.targets.engine import Task, TaskResult, describe, run_tasks
from entropy_explorer.pipeline.targets.progress import Progress
from entropy_explorer.pipeline.targets.run import (
    Run,
    fail,
    local_farm,
    noop_inputs,
    open_run,
    record_noop,
    summary,
)
from entropy_explorer.pipeline.targets.slides import deck_tasks, default_output, export_task
from entropy_explorer.pipeline.targets.videos import (
    FULL_VIDEO_TASK,
    full_video_outputs,
    full_video_task,
    numbers_tasks,
    section_tasks,
    video_state,
)
from entropy_explorer.pipeline.targets.voice import script_task, voice_task
from entropy_explorer.pipeline.targets.web import (
    section_web_task,
    site_task,
    widget_outputs,
    widgets_task,
)
from entropy_explorer.sections import COVER, SECTIONS, Section
from entropy_explorer.speech import (
    CFG_SECTION,
    ENV_VOICE,
    VoiceError,
    VoiceSetting,
    spoken_text,
    voice_setting,
)

__all__ = ["register"]

Sub = argparse._SubParsersAction  # type: ignore[type-arg]


# ----------------------------------------------------------------------- arguments
def _scene_args(p: argparse.ArgumentParser, jobs_help: str, *, lock: bool = True) -> None:
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name (default: all with a scene)")
    p.add_argument("-q", "--quality", default="h",
                   help="l (480p15), m (720p30), h (1080p60, default) or k (2160p60)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help=f"{jobs_help} (default: number of cores)")
    _scheduler_arg(p)
    _voice_args(p)
    if lock:
        _wait_arg(p)


def _voice_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--voice", metavar="VOICE",
                   help="who speaks the narration: 'default' (the bundled en_US-joe-medium), "
                   "'none' (silent, paced by reading time) or a Piper .onnx voice file "
                   f"(default: ${ENV_VOICE}, then [{CFG_SECTION}] voice in scenes/manim.cfg, "
                   "then the bundled voice)")
    p.add_argument("--voice-rate", metavar="RATE", help="speaking rate, 0.5 to 2 (default 1)")


def _voice(args: argparse.Namespace) -> VoiceSetting:
    """The voice setting of a command (:class:`VoiceError` for a bad one)."""
    project: Project = args.project
    return voice_setting(args.voice, rate=args.voice_rate,
                         cfg=project.scenes_dir / "manim.cfg")


def _scheduler_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="render on the Dask cluster of this scheduler (host:8786; its workers "
                   "started with 'dask worker ADDRESS' in a checkout of the project) instead of "
                   f"a local cluster of --jobs workers (default: ${ENV_SCHEDULER}, else local)")


def _wait_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", action="store_true",
                   help="if another run is using build/, wait for it instead of failing")


def _parse(args: argparse.Namespace) -> tuple[Quality, list[Section], VoiceSetting]:
    """Quality, sections and voice from the arguments; ``ValueError``,
    ``UnknownSceneError`` or ``VoiceError``."""
    quality = parse_quality(args.quality)
    if getattr(args, "jobs", 1) < 1:
        raise ValueError("--jobs must be at least 1")
    sections = resolve_scenes(args.scenes, project=args.project)
    if not sections:
        raise ValueError("no section has a scene yet")
    voice = _voice(args)
    if voice.enabled and getattr(args, "narration", None) is None:
        raise VoiceError("the voice needs the scenes' narration lines; choose --voice none")
    return quality, sections, voice


def register(sub: Sub) -> None:
    """Add the build commands to the ``entropy-explorer`` parser."""
    p = sub.add_parser("list", help="list sections, scene names and render state",
                       description="List every article section with its scene and whether its "
                       "video in build/video/ is up to date for the given quality.")
    p.add_argument("-q", "--quality", default="h", help="quality to check renders against (default h)")
    _voice_args(p)
    p.set_defaults(func=run_list)

    p = sub.add_parser("render", help="render scenes to build/video/NN-slug.mp4",
                       description="Render scenes (all with a module by default) to "
                       "build/video/NN-slug.mp4, spoken by the voice (see --voice), with "
                       "subtitles and slide decks; scenes whose inputs did not change are "
                       "skipped. With no SCENE, also the full video, its chapters and "
                       "transcript.")
    _scene_args(p, "scenes rendered at once")
    p.add_argument("-f", "--force", action="store_true", help="re-render even if up to date")
    p.set_defaults(func=run_render)

    p = sub.add_parser(
        "slides", help="export the talk slides: offline HTML (default), --pptx or --pdf",
        description="Export every section's slides, in article order, pausing at each speaker "
        "beat: build/slides/index.html (reveal.js, works offline), or with --pptx "
        "build/entropy-explorer.pptx, or with --pdf a handout build/entropy-explorer-slides.pdf. "
        "Scenes whose deck is missing or stale are rendered first. reveal.js is fetched "
        "once with npm into build/vendor/.")
    _scene_args(p, "scenes rendered at once when decks are missing")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--pptx", action="store_true", help="write PowerPoint instead of HTML")
    fmt.add_argument("--pdf", action="store_true", help="write a PDF handout instead of HTML")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="output folder (HTML) or file (--pptx/--pdf)")
    p.add_argument("--reveal-dir", type=Path, default=None,
                   help="an unpacked reveal.js package to use instead of fetching one with npm")
    p.add_argument("--check", action="store_true",
                   help="after the HTML export, check it has no network references and, when "
                   "chromium is installed, that it plays in headless chromium with no network")
    p.set_defaults(func=run_slides)

    p = sub.add_parser(
        "present", help="present the slides in manim-slides' native window",
        description="Open the sections' decks in manim-slides' Qt presenter (space/right: next "
        "slide, left: previous, Q: quit). Needs a Qt binding (pip install -e '.[present]'; "
        "'make present' installs it) and a display. Extra manim-slides present options go "
        "after '--', e.g. 'entropy-explorer present -q m 1 -- --full-screen' (options before "
        "the scenes).")
    _scene_args(p, "scenes rendered at once when decks are missing")
    p.add_argument("--print-command", action="store_true",
                   help="print the manim-slides command instead of running it")
    p.set_defaults(func=run_present)

    p = sub.add_parser(
        "web", help="write per-section web embeds (mp4, webm, poster, subtitles, HTML, Hugo) to build/web/",
        description="Write build/web/: per section an H.264 mp4 (faststart), a VP9 webm, a poster "
        "PNG, WebVTT subtitles and an HTML snippet; a Hugo shortcode; the article with its "
        "three iframes replaced by their section videos; preview.html (opens from disk). "
        "Renders missing scenes first.")
    _scene_args(p, "scenes rendered / encoded at once")
    p.add_argument("--base-url", default=DEFAULT_BASE_URL,
                   help=f"URL folder the blog serves the files from (default {DEFAULT_BASE_URL})")
    p.add_argument("-f", "--force", action="store_true", help="re-encode even if up to date")
    p.add_argument("--check", action="store_true",
                   help="open preview.html from disk in headless chromium (no network) and check "
                   "that the first video and its subtitles load; open each widget page, check "
                   "that it shows its numbers, and write its screenshot to build/web/NAME.png")
    p.set_defaults(func=run_web)

    p = sub.add_parser(
        "gif", help="write the blog cover GIF, PNG and MP4 to build/",
        description="Render the looping cover scene and write build/entropy-explorer.gif "
        "(looping, optimised, under budget), .png (a still) and .mp4 (the loop).")
    p.add_argument("--width", type=int, default=WIDTH,
                   help=f"width in pixels (default {WIDTH}; the height keeps the "
                        f"{WIDTH}x{HEIGHT} shape unless --height is given)")
    p.add_argument("--height", type=int, default=None, help="height in pixels")
    p.add_argument("--fps", type=int, default=None, help="frames per second (default 20)")
    p.add_argument("--out-dir", type=Path, default=None,
                   help="where to write the three files (default build/)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    _wait_arg(p)
    p.set_defaults(func=run_gif)
    _register_voice(sub)


def _register_voice(sub: Sub) -> None:
    p = sub.add_parser(
        "voice", help="synthesise the narration; the cue sheet for recording your own voice",
        description="The voice: 'synth' makes every narration clip (cached in media/voice/) "
        "and the scenes' timing; 'script' also writes the cue sheet build/voice/script.md for "
        "recording your own lines into assets/voice/; 'say' speaks one text to a WAV file.")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name, text in (("synth", "synthesise the scenes' narration clips"),
                       ("script", "write the cue sheet for recording your own voice")):
        v = verbs.add_parser(name, help=text, description=text)
        v.add_argument("scenes", nargs="*", metavar="SCENE",
                       help="section number, slug, file stem or class name (default: all)")
        v.add_argument("-f", "--force", action="store_true",
                       help="run each scene's pre-pass even if up to date")
        _voice_args(v)
        _wait_arg(v)
        v.set_defaults(func=run_voice)
    say = verbs.add_parser("say", help="speak one text to a WAV file",
                           description="Speak TEXT (in its spoken form) to a WAV file.")
    say.add_argument("text")
    say.add_argument("-o", "--output", type=Path, default=Path("say.wav"))
    _voice_args(say)
    say.set_defaults(func=run_say)


# ------------------------------------------------------------------------- running
def _run(args: argparse.Namespace, command: str,
         make: Callable[[Run], Sequence[Task]], jobs: int = 1,
         after: Callable[[Run, list[TaskResult]], int] | None = None, *, live: bool = True) -> int:
    """Take the lock, make the tasks, run them (showing their progress, with a status line
    on a terminal unless not ``live``), report; the command's exit code."""
    project: Project = args.project
    farm = _farm(args, project, jobs)
    try:
        with open_run(project, command, wait=getattr(args, "wait", False), farm=farm) as run:
            tasks = make(run)
            jobs = farm.slots() if farm.remote else jobs
            progress = Progress(tasks, jobs=jobs, live=None if live else False,
                                history=project.state_dir / "progress.json")
            with progress.showing():
                results = run_tasks(tasks, jobs=jobs, progress=progress, farm=farm)
            code = 1 if any(not r.ok for r in results) else 0
            if after is not None:
                code = max(code, after(run, results))
    except BuildBusy as exc:
        return fail(command, str(exc))
    except FarmError as exc:
        return fail(command, str(exc))
    except OSError as exc:
        return fail(command, describe(exc))
    finally:
        farm.close()
    return code


def _farm(args: argparse.Namespace, project: Project, jobs: int) -> Farm:
    """The command's farm: the cluster of ``--scheduler`` (or ``$ENTROPY_SCHEDULER``), else
    a local one of ``jobs`` workers (started only when there is work)."""
    address = scheduler_address(getattr(args, "scheduler", None))
    if address is None:
        return local_farm(project, jobs)
    return Farm(workers=jobs, address=address)


def _prepare(args: argparse.Namespace, command: str, tools: Sequence[str],
             purpose: str) -> tuple[Quality, list[Section], VoiceSetting] | int:
    try:
        parsed = _parse(args)
    except (ValueError, UnknownSceneError, VoiceError) as exc:
        fail(command, str(exc))
        return 2
    try:
        require(tools, purpose)
    except ToolMissing as exc:
        return fail(command, f"{exc} (or run 'make {command}', which sets it up)")
    return parsed


_RENDER_TOOLS = ("ffmpeg", *LATEX_TOOLS)


def run_list(args: argparse.Namespace) -> int:
    try:
        quality = parse_quality(args.quality)
        voice = _voice(args)
    except (ValueError, VoiceError) as exc:
        fail("list", str(exc))
        return 2
    project: Project = args.project
    words = {"current": "rendered", "missing": "not rendered", "stale": "stale",
             "damaged": "damaged", "kept": "kept"}
    print(f"{'name':<26} {'scene class':<24} {'state':<12} heading")
    for s in SECTIONS:
        if not project.has_scene(s):
            state = "no scene"
        else:
            try:
                state = words[video_state(project, s, quality, voice)]
            except SceneError as exc:
                state = f"error ({exc})"
        print(f"{s.name:<26} {s.scene_class:<24} {state:<12} {s.title}")
    return 0


def run_render(args: argparse.Namespace) -> int:
    parsed = _prepare(args, "render", _RENDER_TOOLS, "rendering scenes with TeX")
    if isinstance(parsed, int):
        return parsed
    quality, sections, voice = parsed
    everything = not args.scenes
    spoken = f"voice {voice.name}" if voice.enabled else "silent (voice none)"
    print(f"rendering {len(sections)} scene(s) at quality {quality.flag} "
          f"({quality.pixel_width}x{quality.pixel_height}, {quality.frame_rate} fps), "
          f"{spoken}, {args.jobs} at a time", flush=True)

    made: list[Task] = []
    scanned: list[Inputs] = []

    def make(run: Run) -> list[Task]:
        scanned.append(noop_inputs(run.project, _voice_files(voice)))
        tasks = section_tasks(run, sections, quality, voice, args.narration, force=args.force)
        if args.numbers_check is not None:
            tasks += numbers_tasks(run, sections, args.numbers_check)
        if everything:
            tasks.append(full_video_task(run, sections, quality, voice))
        made.extend(tasks)
        return tasks

    def after(run: Run, results: list[TaskResult]) -> int:
        print(f"scenes: {summary(results, 'scene-') or 'none'}; videos in "
              f"{run.project.rel(run.project.video_dir)}/", flush=True)
        full = [r for r in results if r.label == FULL_VIDEO_TASK]
        if full and full[0].ok:
            print(f"full video {full[0].status}: "
                  f"{run.project.rel(full_video_outputs(run.project)[0])}", flush=True)
        elif not everything:
            print("full video: not assembled for a subset of scenes (render all to make it)",
                  flush=True)
        failed = [r.label for r in results if not r.ok]
        if failed:
            return fail("render", "failed: " + ", ".join(failed))
        full_note = "; full video current" if everything else ""
        record_noop(run.project, _request(args, "render"), scanned[0], made, results,
                    f"render: nothing changed since the last complete run; {len(sections)} "
                    f"scene(s) at quality {quality.flag}, {spoken}, up to date in "
                    f"{run.project.rel(run.project.video_dir)}/{full_note}")
        return 0

    return _run(args, "render", make, jobs=args.jobs, after=after)


def _request(args: argparse.Namespace, command: str) -> dict[str, object]:
    """The request a no-op stamp is named by (the console script reads the same)."""
    return request_of(command, args.quality, args.scenes, args.voice, args.voice_rate,
                      os.environ, Path.cwd())


def _voice_files(voice: VoiceSetting) -> list[Path]:
    """A voice file and its config: inputs of every voiced output."""
    return [voice.model, voice.model.with_name(voice.model.name + ".json")] if voice.model else []


def _slides_format(args: argparse.Namespace) -> str:
    return "pptx" if args.pptx else "pdf" if args.pdf else "html"


def run_slides(args: argparse.Namespace) -> int:
    parsed = _prepare(args, "slides", _RENDER_TOOLS, "rendering scenes for their decks")
    if isinstance(parsed, int):
        return parsed
    quality, sections, voice = parsed
    fmt = _slides_format(args)
    if args.reveal_dir is not None and not (args.reveal_dir / "dist" / "reveal.js").exists():
        fail("slides", f"{args.reveal_dir} has no dist/reveal.js")
        return 2
    out: list[Path] = []

    def make(run: Run) -> list[Task]:
        renders = deck_tasks(run, sections, quality, voice, args.narration)
        out.append(args.output or default_output(run, fmt))
        return [*renders, export_task(run, sections, quality, fmt, out[0],
                                      needs=[t.name for t in renders], reveal_dir=args.reveal_dir)]

    def after(run: Run, results: list[TaskResult]) -> int:
        if not results[-1].ok:
            return 1
        print(f"slides: {len(sections)} section(s) -> {run.project.rel(out[0])}", flush=True)
        if args.check and fmt == "html":
            return _check_slides(out[0] / "index.html")
        return 0

    return _run(args, "slides", make, jobs=args.jobs, after=after)


def _check_slides(page: Path) -> int:
    refs = network_references(page)
    if refs:
        return fail("slides", "network references found: " + "; ".join(refs))
    print("slides check: no network references", flush=True)
    if chromium_path() is None:
        print("slides check: chromium not installed, browser check skipped "
              "(install it with 'sudo apt-get install chromium')", flush=True)
        return 0
    state = check_html(page)
    print(f"slides check: headless chromium, network blocked: {state}", flush=True)
    return 0 if state.startswith("video-ok") else 1


def run_present(args: argparse.Namespace) -> int:
    args.scenes, extra = split_extra(args.scenes)
    parsed = _prepare(args, "present", _RENDER_TOOLS, "rendering scenes for their decks")
    if isinstance(parsed, int):
        return parsed
    if not args.print_command and (problem := presenter_problem()):
        return fail("present", problem)
    quality, sections, voice = parsed
    code = _run(args, "present", lambda run: deck_tasks(run, sections, quality, voice, args.narration),
                jobs=args.jobs)
    if code:
        return code
    cmd = presenter_command([(s, deck_path(s, quality, args.project.decks_dir))
                             for s in sections], extra)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    return subprocess.call(cmd)


def run_web(args: argparse.Namespace) -> int:
    parsed = _prepare(args, "web", _RENDER_TOOLS, "rendering scenes and the web encodes")
    if isinstance(parsed, int):
        return parsed
    quality, sections, voice = parsed
    threads = max(1, (os.cpu_count() or 1) // max(1, min(args.jobs, len(sections))))

    def make(run: Run) -> list[Task]:
        scenes = section_tasks(run, sections, quality, voice, args.narration)
        webs = [section_web_task(run, s, args.base_url, threads=threads, force=args.force)
                for s in sections]
        pages = widgets_task(run)
        return [*scenes, *webs, pages,
                site_task(run, args.base_url, needs=[*(t.name for t in webs), pages.name])]

    def after(run: Run, results: list[TaskResult]) -> int:
        if args.check and results[-1].ok:
            if chromium_path() is None:
                return fail("web", "--check needs chromium (sudo apt-get install chromium)")
            state = check_preview(run.project.web_dir / "preview.html")
            print(f"web check: preview.html from disk in headless chromium: {state}", flush=True)
            ok = state.startswith("video-ok")
            for page in widget_outputs(run.project):
                png = run.project.web_dir / f"{page.stem}.png"
                state = check_widget(page, png)
                print(f"web check: {page.name} ({page.stat().st_size / 1000:.0f} kB): {state}; "
                      f"screenshot {run.project.rel(png)}", flush=True)
                ok = ok and state.startswith("widget-ok")
            return 0 if ok else 1
        return 0

    return _run(args, "web", make, jobs=args.jobs, after=after)


def _even(x: float) -> int:
    return max(16, 2 * round(x / 2))


def run_gif(args: argparse.Namespace) -> int:
    project: Project = args.project
    if not project.has_scene(COVER):
        return fail("gif", f"no cover scene ({project.rel(project.scene_path(COVER))})")
    height = args.height if args.height is not None else _even(args.width * HEIGHT / WIDTH)
    try:
        opts = CoverOptions(out_dir=args.out_dir or project.build_dir,
                            scene_file=project.scene_path(COVER), manim=project.manim,
                            width=args.width, height=height, quiet=args.quiet,
                            **({"fps": args.fps} if args.fps else {}))
    except GifError as exc:
        fail("gif", str(exc))
        return 2
    try:
        require(("ffmpeg", "gifsicle", *LATEX_TOOLS), "the cover")
    except ToolMissing as exc:
        return fail("gif", f"{exc} (or run 'make gif', which sets it up)")
    return _run(args, "gif", lambda run: [Task("cover", lambda: list(make_cover(opts).values()),
                                               label="cover")], live=False)


# --------------------------------------------------------------------------- voice
def run_voice(args: argparse.Namespace) -> int:
    """``voice synth`` / ``voice script``: every scene's clips and timing (and the cue sheet)."""
    command = f"voice {args.verb}"
    try:
        sections = resolve_scenes(args.scenes, project=args.project)
        voice = _voice(args)
    except (UnknownSceneError, VoiceError) as exc:
        fail(command, str(exc))
        return 2
    if not voice.enabled:
        fail(command, f"the voice is 'none' (from {voice.source}); nothing to do")
        return 2
    if args.narration is None:
        return fail(command, "no narration source")

    def make(run: Run) -> list[Task]:
        tasks = [voice_task(run, s, voice, args.narration, force=args.force) for s in sections]
        return [*tasks, script_task(run, sections)] if args.verb == "script" else tasks

    def after(run: Run, results: list[TaskResult]) -> int:
        print(f"voice {voice.name}: {summary(results, 'voice-') or 'nothing to do'}; clips in "
              f"{run.project.rel(run.project.voice_dir)}/", flush=True)
        if args.verb == "script" and results[-1].ok:
            print(f"cue sheet: {run.project.rel(results[-1].outputs[1])} (and script.tsv); "
                  f"record into {run.project.rel(run.project.recordings_dir)}/SCENE/NN.wav",
                  flush=True)
        return 0

    return _run(args, command, make, jobs=1, after=after)


def run_say(args: argparse.Namespace) -> int:
    """``voice say TEXT``: one text, in its spoken form, to a WAV file."""
    try:
        voice = _voice(args)
        said = spoken_text(args.text)
        audio, _starts, rate = synthesize_text((args.project.voice_engine or load_voice)(voice),
                                               said, voice.rate, "say")
        write_wav(args.output, audio, rate)
    except (VoiceError, OSError) as exc:
        return fail("voice say", describe(exc))
    print(f"{args.output}: {len(audio) / rate:.2f} s, said as: {said}")
    return 0
