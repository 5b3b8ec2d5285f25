"""``entropy-explorer list``: the sections, their scenes, and what is rendered."""

from __future__ import annotations

import argparse
import sys

from entropy_explorer.pipeline.scenes import parse_quality
from entropy_explorer.sections import SECTIONS

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("list", help="list sections, scene names and render state",
                       description="List every article section with its scene and whether its "
                       "video in build/video/ is up to date for the given quality.")
    p.add_argument("-q", "--quality", default="h", help="quality to check renders against (default h)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from entropy_explorer.pipeline.render import is_up_to_date, output_path

    try:
        quality = parse_quality(args.quality)
    except ValueError as exc:
        print(f"entropy-explorer list: {exc}", file=sys.stderr)
        return 2
    print(f"{'name':<26} {'scene class':<24} {'state':<12} heading")
    for s in SECTIONS:
        if not s.is_available:
            state = "no scene"
        elif is_up_to_date(s, quality):
            state = "rendered"
        elif output_path(s).exists():
            state = "stale"
        else:
            state = "not rendered"
        print(f"{s.name:<26} {s.scene_class:<24} {state:<12} {s.title}")
    return 0
