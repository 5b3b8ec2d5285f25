"""Manim's TeX and text caches, shared by several processes at once (the fix in manim_fixes).

On a cold cache, processes that compile the same new formulas side by side (test workers,
scenes rendering in parallel, a voice pre-pass beside a render) must all succeed, and the
cache must only ever hold whole files. Stock Manim 0.21 fails this test: each process
compiles in place and then deletes every non-SVG file in ``media/Tex``, another process's
half-made ``.dvi`` included, and ``Text`` rewrites its cached SVG in place each time it loads
it (run the first test with ``ENTROPY_STOCK_TEX=1`` to see stock caches fail).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, tempconfig
from manim.mobject.svg.svg_mobject import SVGMobject

from entropy_explorer.pipeline.leaves import manim_fixes

PROCESSES = 4
FORMULAS = 6

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from manim import MathTex, Text, config
    from entropy_explorer.pipeline.leaves import manim_fixes
    if os.environ.get("ENTROPY_STOCK_TEX") != "1":
        manim_fixes.apply()
    else:  # only the older fix (SVGs parsed in memory): the TeX and text caches as stock
        from manim.mobject.svg.svg_mobject import SVGMobject
        SVGMobject.generate_mobject = manim_fixes._generate_mobject_in_memory
    media, token, start, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    config.media_dir = media
    while time.time() < start:
        time.sleep(0.005)
    for i in range(n):
        MathTex(r"\\mathrm{KL}_{%d}(P \\,\\|\\, Q) = \\sum_x P(x)\\log\\frac{P(x)}{Q(x)} + %s" % (i, token))
        Text(f"bits {i} {token}")
    print("ok")
""")


def test_processes_compiling_the_same_new_formulas_into_one_empty_cache_all_succeed(tmp_path: Path) -> None:
    media = tmp_path / "media"
    token = str(uuid.uuid4().int % 10**9)  # a formula no cache has seen
    start = time.time() + 4.0  # every process past its imports, then all at once
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(media), token, str(start),
                               str(FORMULAS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path) for _ in range(PROCESSES)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    failed = [err[-2000:] for code, _, err in results if code != 0]
    assert not failed, f"{len(failed)} of {PROCESSES} processes failed:\n" + "\n---\n".join(failed)
    tex = media / "Tex"
    svgs = sorted(tex.glob("*.svg"))
    assert len(svgs) == FORMULAS
    assert all(s.stat().st_size > 0 and s.read_text().rstrip().endswith("</svg>") for s in svgs)
    assert sorted(p.stem for p in tex.glob("*.tex")) == sorted(s.stem for s in svgs)
    leftovers = [p.name for p in (media).rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
    assert len(list((media / "texts").glob("*.svg"))) == FORMULAS


def test_the_cached_svg_draws_what_stock_manim_draws(tmp_path: Path) -> None:
    formula = r"H(P) = -\sum_x P(x) \log_2 P(x) + " + str(uuid.uuid4().int % 10**9)
    shapes = {}
    for name, convert in (("stock", manim_fixes.STOCK_TEX_TO_SVG_FILE),
                          ("fixed", manim_fixes.tex_to_svg_file)):
        with tempconfig({"media_dir": str(tmp_path / name)}):
            svg = convert(formula, environment="align*")
            shapes[name] = SVGMobject(str(svg), use_svg_cache=False).family_members_with_points()
    # dvisvgm may name and order its glyph definitions differently; what is drawn is the same
    assert len(shapes["stock"]) == len(shapes["fixed"]) > 10
    for a, b in zip(shapes["stock"], shapes["fixed"], strict=True):
        np.testing.assert_allclose(a.points, b.points, atol=1e-9)


def test_a_latex_error_says_what_latex_said_not_a_dvisvgm_hint(tmp_path: Path) -> None:
    manim_fixes.apply()
    with tempconfig({"media_dir": str(tmp_path)}), \
            pytest.raises(manim_fixes.TexError) as caught:
        MathTex(r"\notacommandanywhere{x}")
    message = str(caught.value)
    assert "Undefined control sequence" in message
    assert "dvisvgm" not in message
    assert list((tmp_path / "Tex").glob("*")) == []  # nothing half-made left in the cache


def test_the_first_latex_error_is_read_from_a_log() -> None:
    log = "This is pdfTeX\n(./a.tex\n! Missing $ inserted.\n<inserted text>\nl.7 x^\n" \
          "! Emergency stop.\n"
    assert manim_fixes.first_latex_error(log) == "Missing $ inserted. (at l.7 x^)"
    assert manim_fixes.first_latex_error("all fine\n") == "no error line in the log"
