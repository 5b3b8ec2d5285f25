"""The article the audit reads: its committed copy and the line a quote starts on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["ARTICLE_PATH", "article_lines", "line_of"]

#: The article (the copy committed with the project).
ARTICLE_PATH = Path(__file__).resolve().parents[3] / "assets" / "kl-divergence.md"


@cache
def article_lines() -> tuple[str, ...]:
    return tuple(ARTICLE_PATH.read_text(encoding="utf-8").splitlines())


def line_of(quote: str) -> int:
    text = "\n".join(article_lines())
    i = text.find(quote)
    return 0 if i < 0 else text.count("\n", 0, i) + 1
