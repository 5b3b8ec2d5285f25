"""A small parser for the Markdown tables the reports write (bench tables, the claims audit).

Strict on purpose: a table is a header row, a separator row of ``---`` cells with as many
columns, and body rows with as many cells; anything else raises ``ValueError``. ``\\|`` in a
cell is a literal bar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Table", "parse_tables"]

_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass
class Table:
    """One table: the line of text above it, its header and its rows (cells stripped)."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [r[i] for r in self.rows]

    def row(self, first_cell: str) -> dict[str, str]:
        """The row whose first cell is ``first_cell``, by column name."""
        found = [r for r in self.rows if r[0] == first_cell]
        if len(found) != 1:
            raise KeyError(f"{len(found)} rows start with {first_cell!r} in {self.title!r}")
        return dict(zip(self.header, found[0], strict=True))


def _cells(line: str) -> list[str]:
    if not (line.startswith("|") and line.endswith("|")) or line.endswith("\\|"):
        raise ValueError(f"a table row starts and ends with '|': {line!r}")
    return [c.strip().replace("\\|", "|") for c in _SPLIT.split(line[1:-1])]


def parse_tables(text: str) -> list[Table]:
    """Every table in ``text``, in order."""
    tables: list[Table] = []
    lines = text.splitlines()
    title, i = "", 0
    while i < len(lines):
        line = lines[i].strip()
        if not line.startswith("|"):
            if line:
                title = line
            i += 1
            continue
        header = _cells(line)
        if i + 1 >= len(lines):
            raise ValueError(f"table {title!r} has no separator row")
        sep = _cells(lines[i + 1].strip())
        if len(sep) != len(header) or not all(re.fullmatch(r":?-{3,}:?", c) for c in sep):
            raise ValueError(f"table {title!r}: separator {sep} does not fit header {header}")
        table = Table(title, header)
        i += 2
        while i < len(lines) and lines[i].strip().startswith("|"):
            row = _cells(lines[i].strip())
            if len(row) != len(header):
                raise ValueError(f"table {title!r}: row {row} has {len(row)} cells, "
                                 f"header {len(header)}")
            table.rows.append(row)
            i += 1
        tables.append(table)
    return tables
