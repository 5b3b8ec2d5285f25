"""A stand-in for ``manim render``: writes what Manim writes for a section scene, in a second.

Called as the pipeline calls Manim (``render -q l [--config_file F] --media_dir M
--progress_bar none SCENE_FILE CLASS``). Comments in the scene file steer it:

``# standin: sleep=30``       take that long before writing anything (a long render)
``# standin: fail=Some text``  print a Python traceback ending in that error; exit 1
``# standin: empty-video``     write a zero-byte video and exit 0
``# standin: seconds=3``       the video's length (default 2)

It writes ``media/videos/<module>/<quality>/<Class>.mp4`` (two partial movies joined
through a concat list written as Manim 0.21 writes it: paths quoted, not escaped), its
``.srt`` (one 0.6 s cue among them; with ``ENTROPY_VOICE_TIMING`` set, as a voiced render
does, one cue per clip of that timing manifest, each lasting the clip's slot from 0.5 s
on, and the video long enough for them), and the deck ``media/slides/<Class>.json`` (one clip
per partial movie, the first fading in from black), and logs each partial movie and the
count played as Manim does. Every start is logged to
``media/standin-started.txt`` as ``<pid> <scene file name>``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

SIZES = {"l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60), "k": (3840, 2160, 60)}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args],
                   check=True)


def stamp(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def main(argv: list[str]) -> int:
    quality = argv[argv.index("-q") + 1]
    media = Path(argv[argv.index("--media_dir") + 1])
    scene_file, cls = Path(argv[-2]), argv[-1]
    media.mkdir(parents=True, exist_ok=True)
    with (media / "standin-started.txt").open("a") as log:
        log.write(f"{os.getpid()} {scene_file.name}\n")
    text = scene_file.read_text()
    says = dict(re.findall(r"#\s*standin:\s*([\w-]+)(?:=(.*))?", text))
    if "sleep" in says:
        time.sleep(float(says["sleep"]))
    if "fail" in says:
        print("Traceback (most recent call last):\n  File \"scene.py\", line 9, in body")
        print(says["fail"].strip())
        return 1
    w, h, fps = SIZES[quality]
    out_dir = media / "videos" / scene_file.stem / f"{h}p{fps}"
    out_dir.mkdir(parents=True, exist_ok=True)
    video = out_dir / f"{cls}.mp4"
    if "empty-video" in says:
        video.write_bytes(b"")
        return 0
    seconds = float(says.get("seconds") or 2)
    srt = ("1\n00:00:00,200 --> 00:00:00,900\nHello from the stand-in.\n\n"
           "2\n00:00:01,000 --> 00:00:01,600\nShort.\n\n")
    if os.environ.get("ENTROPY_VOICE_TIMING"):
        timing = json.loads(Path(os.environ["ENTROPY_VOICE_TIMING"]).read_text())
        srt, t = "", 0.5
        for i, clip in enumerate(timing["clips"], start=1):
            end = t + clip["seconds"] + 0.3
            srt += f"{i}\n{stamp(t)} --> {stamp(end)}\n{clip['text']}\n\n"
            t = end
        seconds = max(seconds, t + 0.5)
    parts = out_dir / "partial_movie_files" / cls
    parts.mkdir(parents=True, exist_ok=True)
    clips = []
    frames = round(seconds * fps / 2)  # whole frames per partial movie, as Manim writes them
    for i, look in enumerate(["fade=in:st=0:d=0.4", "null"]):
        clip = parts / f"part{i}.mp4"
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={w}x{h}:rate={fps}", "-frames:v", str(frames),
               "-vf", look, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(2 * fps), str(clip))
        clips.append(clip)
        print(f"INFO     Animation {i} : Partial movie file written in '{clip}'", flush=True)
    listing = parts / "partial_movie_file_list.txt"
    listing.write_text("".join(f"file 'file:{c.as_posix()}'\n" for c in clips))
    try:
        ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(video))
    except subprocess.CalledProcessError:
        print(f"RuntimeError: ffmpeg could not read the concat list {listing}")
        return 1
    video.with_suffix(".srt").write_text(srt)
    print(f"INFO     Rendered {cls}\n         Played {len(clips)} animations", flush=True)
    deck = {"slides": [{"loop": False, "auto_next": False, "playback_rate": 1.0,
                        "reversed_playback_rate": 1.0, "notes": "" if i == 0 else "A beat.",
                        "dedent_notes": True, "skip_animations": False, "src": None,
                        "type": "video", "direction": "horizontal", "file": str(c),
                        "rev_file": str(c)} for i, c in enumerate(clips)],
            "resolution": [w, h], "background_color": "#0e1116"}
    (media / "slides").mkdir(exist_ok=True)
    (media / "slides" / f"{cls}.json").write_text(json.dumps(deck))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
