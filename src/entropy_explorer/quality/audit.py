"""`entropy-explorer audit`: Check the article's numeric claims; write build/audit.md. (not built yet)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="Check the article's numeric claims; write build/audit.md. (not built yet)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("entropy-explorer audit: not built yet", file=sys.stderr)
    return 2
