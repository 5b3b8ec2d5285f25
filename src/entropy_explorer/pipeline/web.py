"""`entropy-explorer web`: Write per-section web embeds to build/web/. (not built yet)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("web", help="Write per-section web embeds to build/web/. (not built yet)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("entropy-explorer web: not built yet", file=sys.stderr)
    return 2
