"""Fixes to Manim 0.21 for every process that builds scenes (renders, dry runs, test workers).

Several processes share one ``media/`` folder (scenes rendering side by side, a voice
pre-pass beside a render, test workers), and Manim 0.21 writes its caches there as if it
were alone:

- ``SVGMobject.generate_mobject`` writes each SVG it loads (every ``Text`` and ``MathTex``)
  to a temporary ``<name>_.svg`` beside the cached one, parses it, then deletes it; two
  processes loading the same text at once overwrite and delete each other's file ("No such
  file ... _.svg"). Fixed: the modified SVG is parsed from memory.
- ``tex_to_svg_file`` compiles ``media/Tex/<hash>.tex`` into ``<hash>.dvi`` and ``<hash>.svg``
  in place, takes an existing file for a finished one, and then deletes every other file in
  the folder (``delete_nonsvg_files``), another process's half-made ``.dvi`` included; the
  victim then fails with Manim's hint that dvisvgm cannot convert ``.dvi`` files. Fixed:
  each compilation runs in a private folder and its ``.svg`` is moved into the cache with
  one ``os.replace``, so the cache only ever holds whole files. A LaTeX failure raises
  :class:`TexError` with the log's first error; a dvisvgm failure with dvisvgm's own words.
- ``Text``/``MarkupText`` have Pango write ``media/texts/<hash>.svg`` in place, and ``Text``
  then rewrites that file in place (``PangoUtils.remove_last_M``) every time it loads it,
  cached or not, so another process may read it empty or half-written. Fixed: Pango writes
  to a private name, the rewrite is done there, and the whole file is moved into place;
  the rewrite of a cached file writes nothing when it would not change it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import svgelements as se
from manim import RIGHT, config
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject, text_mobject
from manim.utils import tex_file_writing
from manim.utils.tex import TexTemplate

__all__ = ["STOCK_TEX_TO_SVG_FILE", "TexError", "apply", "first_latex_error", "tex_to_svg_file"]

#: Manim's own function, kept for comparison (the tests check that both make the same SVG).
STOCK_TEX_TO_SVG_FILE = tex_file_writing.tex_to_svg_file


class TexError(ValueError):
    """LaTeX (or dvisvgm) could not turn a formula into an SVG; the message says why."""


def _generate_mobject_in_memory(self: Any) -> Any:
    """Manim's ``SVGMobject.generate_mobject``, without the shared temporary file."""
    new_tree = self.modify_xml_tree(ET.parse(self.get_file_path()))
    buffer = io.BytesIO()
    new_tree.write(buffer)
    buffer.seek(0)
    mobjects, mobject_dict = self.get_mobjects_from(se.SVG.parse(buffer))
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)  # Flip y
    return self


@contextlib.contextmanager
def _private_folder(cache: Path, stem: str) -> Iterator[Path]:
    """A new folder inside ``cache`` (same file system, so ``os.replace`` is atomic), removed after."""
    cache.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".tmp-{stem}-", dir=cache)).resolve()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def first_latex_error(log: str) -> str:
    """The first error of a LaTeX log: its ``!`` line and the ``l.N`` line that locates it."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("!"):
            where = next((w.strip() for w in lines[i + 1:i + 12] if w.startswith("l.")), "")
            return f"{line[1:].strip()}" + (f" (at {where})" if where else "")
    return "no error line in the log"


def _readable(expression: str) -> str:
    """The formula as a scene wrote it: without the markers Manim wraps around its parts."""
    return re.sub(r"\\special\{dvisvgm:raw [^}]*\}", "", expression)


def _run_latex(command: list[str], expression: str, folder: Path, tex_file: Path) -> None:
    try:
        cp = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=folder, check=False)
    except FileNotFoundError as e:
        raise TexError(f"{command[0]} is not installed (it compiles MathTex); on Debian: "
                       "sudo apt-get install texlive-latex-base texlive-latex-extra") from e
    if cp.returncode != 0:
        log_file = tex_file.with_suffix(".log")
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        raise TexError(f"{command[0]} failed on {_readable(expression)!r}: "
                       f"{first_latex_error(log) if log else 'it wrote no log'}")


def tex_to_svg_file(expression: str, environment: str | None = None,
                    tex_template: TexTemplate | None = None) -> Path:
    """Manim's ``tex_to_svg_file`` (same cache names), safe for processes sharing the cache."""
    if tex_template is None:
        tex_template = config["tex_template"]
    if environment is not None:
        code = tex_template.get_texcode_for_expression_in_env(expression, environment)
    else:
        code = tex_template.get_texcode_for_expression(expression)
    cache = Path(config.get_dir("tex_dir"))
    stem = tex_file_writing.tex_hash(code)
    svg_file = cache / f"{stem}.svg"
    if svg_file.exists():
        return svg_file
    fmt = tex_template.output_format
    compilers = ([tex_template.tex_compiler] if isinstance(tex_template.tex_compiler, str)
                 else list(tex_template.tex_compiler))
    with _private_folder(cache, stem) as folder:
        tex_file = folder / f"{stem}.tex"
        tex_file.write_text(code, encoding="utf-8")
        for compiler in compilers:
            command = tex_file_writing.make_tex_compilation_command(compiler, fmt, tex_file, folder)
            _run_latex(command, expression, folder, tex_file)
        dvi_file = tex_file.with_suffix(fmt)
        made = folder / f"{stem}.svg"
        command = ["dvisvgm", *(["--pdf"] if fmt == ".pdf" else []), "--page=1", "--no-fonts",
                   "--verbosity=1", f"--output={made.as_posix()}", dvi_file.as_posix()]
        try:
            cp = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, check=False)
        except FileNotFoundError as e:
            raise TexError("dvisvgm is not installed (it turns LaTeX output into SVG for "
                           "MathTex); on Debian: sudo apt-get install dvisvgm") from e
        if cp.returncode != 0 or not made.exists() or made.stat().st_size == 0:
            said = " ".join(cp.stderr.split())[:400] or f"exit code {cp.returncode}"
            raise TexError(f"dvisvgm could not convert {dvi_file.name} for "
                           f"{_readable(expression)!r}: {said}")
        os.replace(tex_file, cache / tex_file.name)  # Manim's layout: the source beside the SVG
        os.replace(made, svg_file)
    return svg_file


_LAST_M = re.compile(r'Z M [^A-Za-z]*? "\/>')


class _PangoUtils(text_mobject.PangoUtils):  # type: ignore[misc,name-defined]
    """manimpango's ``PangoUtils`` whose ``remove_last_M`` never rewrites a file in place."""

    @staticmethod
    def remove_last_M(file_name: str) -> None:  # noqa: N802 (manimpango's name)
        """Remove the trailing ``M`` of each path (as manimpango does): a new file, moved in."""
        path = Path(file_name)
        content = path.read_text()
        fixed = _LAST_M.sub('Z "/>', content)
        if fixed == content:
            return
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".tmp-", suffix=".svg",
                                         delete=False) as out:
            out.write(fixed)
        os.replace(out.name, path)


def _atomic_text2svg(original: Callable[..., str]) -> Callable[..., str]:
    """Wrap ``Text._text2svg``/``MarkupText._text2svg``: Pango writes a private file, moved in."""

    def text2svg(self: Any, color: Any) -> str:
        cache = Path(config.get_dir("text_dir"))
        final = cache / f"{self._text2hash(color)}.svg"
        if final.exists():
            return str(final.resolve())
        saved = config.text_dir
        with _private_folder(cache, final.stem) as folder:
            try:
                config.text_dir = str(folder)
                made = Path(original(self, color))
            finally:
                config.text_dir = saved
            if isinstance(self, text_mobject.Text):
                _PangoUtils.remove_last_M(str(made))  # before it is shared, not after
            os.replace(made, final)
        return str(final.resolve())

    text2svg._entropy_explorer_fix = True  # type: ignore[attr-defined]
    return text2svg


def apply() -> None:
    """Patch Manim (idempotent)."""
    SVGMobject.generate_mobject = _generate_mobject_in_memory  # type: ignore[method-assign]
    tex_file_writing.tex_to_svg_file = tex_to_svg_file
    tex_mobject.tex_to_svg_file = tex_to_svg_file  # imported by name there
    text_mobject.PangoUtils = _PangoUtils  # type: ignore[misc]
    for cls in (text_mobject.Text, text_mobject.MarkupText):
        if not getattr(cls._text2svg, "_entropy_explorer_fix", False):
            cls._text2svg = _atomic_text2svg(cls._text2svg)  # type: ignore[method-assign]
