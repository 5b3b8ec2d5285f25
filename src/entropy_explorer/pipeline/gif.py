"""`entropy-explorer gif`: Write the blog cover GIF, PNG and MP4 to build/. (not built yet)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("gif", help="Write the blog cover GIF, PNG and MP4 to build/. (not built yet)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("entropy-explorer gif: not built yet", file=sys.stderr)
    return 2
