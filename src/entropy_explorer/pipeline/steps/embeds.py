"""Which section video replaces which of the article's interactive iframes (data only).

The article embeds three interactive pages with ``<iframe src="/entropy-explorer/X.html">``.
On the blog each becomes the video of the section it stands in; this table is the one
place that says so (``tests/test_web.py`` checks it against the article itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from entropy_explorer.sections import SECTIONS, Section

__all__ = [
    "IFRAME_EMBEDS",
    "IFRAME_RE",
    "IframeEmbed",
    "embed_for_src",
    "iframe_src",
]


@dataclass(frozen=True)
class IframeEmbed:
    """An iframe of the article and the section video that replaces it."""

    #: File name of the iframe's ``src`` (the page the blog served).
    iframe: str
    #: Article section number whose video replaces the iframe.
    section_number: int
    #: What the interactive showed, for the reader of this table.
    shows: str

    @property
    def section(self) -> Section:
        return SECTIONS[self.section_number - 1]


IFRAME_EMBEDS: tuple[IframeEmbed, ...] = (
    IframeEmbed("information.html", 4,
                "information of a guess, -log2 p, for 1 in 8 and 1 in 1024, after the "
                "guessing-number example"),
    IframeEmbed("entropy_explorer.html", 7,
                "entropy of the next-word distribution as it concentrates on 'dog'"),
    IframeEmbed("cross_entropy.html", 8,
                "cross-entropy of a model Q against the true review distribution P"),
)

#: An ``<iframe ...>...</iframe>`` element, across lines.
IFRAME_RE = re.compile(r"<iframe\b[^>]*>.*?</iframe>", re.IGNORECASE | re.DOTALL)
_SRC_RE = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def iframe_src(element: str) -> str:
    """The ``src`` of an iframe element (``src= "x"`` with a space is accepted too)."""
    m = _SRC_RE.search(element)
    if m is None:
        raise ValueError(f"iframe without src: {element[:80]!r}")
    return m.group(1).strip()


def embed_for_src(src: str) -> IframeEmbed:
    """The embed whose iframe file name matches ``src`` (a path or URL)."""
    name = PurePosixPath(src.split("?", 1)[0].split("#", 1)[0]).name
    for e in IFRAME_EMBEDS:
        if e.iframe == name:
            return e
    known = ", ".join(e.iframe for e in IFRAME_EMBEDS)
    raise KeyError(f"no section video is mapped to iframe {src!r}; mapped: {known}")
