"""The benchmark's figures as tables, and the issue's targets as pass/miss.

Pure functions over the report that ``tools/bench.py`` writes to ``build/bench.json`` (no
measuring, no project imports), so ``tools/bench.py --markdown`` can print the README's
table from a saved run and the tests can check the arithmetic on made-up figures.

The report's shape (every part optional; a skipped or failed step has no entry, or an
``error``)::

    scenes:  {quality: [{scene, video_s, wall_s, peak_rss_mb}]}
    whole:   {quality: {video_s, subset, cold: {wall_s, peak_rss_mb, ran},
                        noop: {runs_s, ran}, touched: {scene, wall_s, ran}}}
    stock:   {scene, quality, video_s, stock: {wall_s, peak_rss_mb},
              ours: {wall_s, peak_rss_mb, tasks_s}, ratio, psnr_db, ssim, frames}
    gif:     {width, height, fps, ours: {bytes, psnr_db, ssim, wall_s},
              manim: {bytes, psnr_db, ssim, wall_s}}
    farm:    {scene, quality, video_s, workers_1: {wall_s, peak_rss_mb}, workers_2: {...},
              ratio, startup: {new_process_s, warm_round_trip_s}}
    voice:   {name: value}
    micro:   {name: {median_s, min_s, max_s, repeat, number}}
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["TARGETS", "Target", "evaluate_targets", "format_report", "rtf", "status"]

Report = Mapping[str, Any]


def rtf(wall_s: float | None, video_s: float | None) -> float | None:
    """Real-time factor: render wall seconds per second of video (``None`` if unknown)."""
    if wall_s is None or not video_s:
        return None
    return wall_s / video_s


def _value(value: float | str | None) -> float | None:
    """A figure from the JSON: identical frames have a PSNR of ``"inf"`` there."""
    if isinstance(value, str):
        return math.inf if value == "inf" else None
    return value


def status(value: float | str | None, limit: float, op: str) -> str:
    """``pass``, ``miss`` or ``n/a`` (not measured) for ``value op limit``."""
    value = _value(value)
    if value is None or math.isnan(value):
        return "n/a"
    ok = {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
    return "pass" if ok else "miss"


@dataclass(frozen=True)
class Target:
    """One target of the issue: what is measured, the limit and how it is compared."""

    name: str
    op: str
    limit: float
    unit: str


#: The targets of the speed and render-farm issues that ``make bench`` measures.
TARGETS: tuple[Target, ...] = (
    Target("QUALITY=h real-time factor, whole video (cold)", "<=", 0.8, "x"),
    Target("QUALITY=l real-time factor, whole video (cold)", "<=", 0.2, "x"),
    Target("make render, nothing changed (median)", "<", 1.0, "s"),
    Target("cover GIF size", "<=", 600.0, "kB"),
    Target("cover GIF PSNR against its frames", ">=", 44.0, "dB"),
    Target("one long scene, 2 workers against 1 (wall)", "<=", 0.6, "x"),
)


def _get(report: Report, *path: str) -> Any:
    node: Any = report
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _median(values: Sequence[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _whole_rtf(report: Report, quality: str) -> tuple[float | None, str]:
    """The whole video's real-time factor at ``quality`` and what it is based on."""
    whole = _get(report, "whole", quality)
    if whole and _get(whole, "cold", "wall_s") is not None:
        basis = "subset of scenes" if whole.get("subset") else "all scenes"
        return rtf(whole["cold"]["wall_s"], whole.get("video_s")), f"cold make render, {basis}"
    rows = _get(report, "scenes", quality) or []
    rows = [r for r in rows if r.get("wall_s") is not None and r.get("video_s")]
    if rows:
        return (rtf(sum(r["wall_s"] for r in rows), sum(r["video_s"] for r in rows)),
                "sum of single-scene renders")
    return None, "not measured"


def evaluate_targets(report: Report) -> list[dict[str, Any]]:
    """Each target with its measured value, basis and ``pass``/``miss``/``n/a``."""
    h, h_basis = _whole_rtf(report, "h")
    low, l_basis = _whole_rtf(report, "l")
    noops = {q: _median(_get(report, "whole", q, "noop", "runs_s")) for q in ("h", "l")}
    noop_q = next((q for q in ("h", "l") if noops[q] is not None), None)
    gif_bytes = _get(report, "gif", "ours", "bytes")
    values: list[tuple[float | None, str]] = [
        (h, h_basis),
        (low, l_basis),
        (noops[noop_q] if noop_q else None, f"QUALITY={noop_q}" if noop_q else "not measured"),
        (gif_bytes / 1000 if gif_bytes is not None else None, "entropy-explorer gif"),
        (_get(report, "gif", "ours", "psnr_db"), "RGB, mean over the frames"),
        (_get(report, "farm", "ratio"), f"{_get(report, 'farm', 'scene')} at "
                                        f"{_get(report, 'farm', 'quality')}, silent"),
    ]
    return [{"target": t.name, "limit": f"{t.op} {t.limit:g} {t.unit}", "value": v,
             "unit": t.unit, "basis": basis if v is not None else "not measured",
             "status": status(v, t.limit, t.op)}
            for t, (v, basis) in zip(TARGETS, values, strict=True)]


# ------------------------------------------------------------------------- tables
def _num(value: float | str | None, digits: int = 1) -> str:
    value = _value(value)
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:.{digits}f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*head).rstrip(), fmt.format(*("-" * w for w in widths))] + [
        fmt.format(*r).rstrip() for r in rows]


def _scene_table(report: Report, markdown: bool) -> list[str]:
    per = report.get("scenes") or {}
    qualities = [q for q in ("l", "h") if per.get(q)]
    if not qualities:
        return []
    names = list(dict.fromkeys(r["scene"] for q in qualities for r in per[q]))
    head = ["scene"]
    for q in qualities:
        head += [f"{q} video s", f"{q} wall s", f"{q} RTF", f"{q} peak MB"]
    rows = []
    totals: dict[str, list[float]] = {q: [0.0, 0.0] for q in qualities}
    for name in names:
        row = [name]
        for q in qualities:
            r = next((x for x in per[q] if x["scene"] == name), {})
            if r.get("error"):
                row += ["error", "-", "-", "-"]
                continue
            row += [_num(r.get("video_s")), _num(r.get("wall_s")),
                    _num(rtf(r.get("wall_s"), r.get("video_s")), 2), _num(r.get("peak_rss_mb"), 0)]
            if r.get("wall_s") is not None and r.get("video_s"):
                totals[q][0] += r["video_s"]
                totals[q][1] += r["wall_s"]
        rows.append(row)
    total = ["total"]
    for q in qualities:
        total += [_num(totals[q][0]), _num(totals[q][1]), _num(rtf(totals[q][1], totals[q][0]), 2), ""]
    rows.append(total)
    return ["Per scene (each rendered alone, TeX and voice cached, no partial movies):",
            *_table(head, rows, markdown)]


def _ran(step: Mapping[str, Any] | None) -> str:
    ran = (step or {}).get("ran")
    if ran is None:
        return "-"
    return ", ".join(ran) if ran else "nothing"


def _whole_table(report: Report, markdown: bool) -> list[str]:
    whole = report.get("whole") or {}
    qualities = [q for q in ("l", "h") if whole.get(q)]
    if not qualities:
        return []
    head = ["quality", "video s", "cold wall s", "cold RTF", "cold peak MB",
            "no-op median s", "tasks run with nothing changed", "touch one scene s",
            "tasks run after the touch"]
    rows = []
    for q in qualities:
        w = whole[q]
        cold, noop, touched = w.get("cold") or {}, w.get("noop") or {}, w.get("touched") or {}
        label = q + (" (subset)" if w.get("subset") else "")
        rows.append([label, _num(w.get("video_s")), _num(cold.get("wall_s")),
                     _num(rtf(cold.get("wall_s"), w.get("video_s")), 2),
                     _num(cold.get("peak_rss_mb"), 0), _num(_median(noop.get("runs_s")), 2),
                     _ran(noop), _num(touched.get("wall_s")), _ran(touched)])
    return ["Whole video (make render in a fresh copy of the project):",
            *_table(head, rows, markdown)]


def _stock_table(report: Report, markdown: bool) -> list[str]:
    s = report.get("stock")
    if not s or s.get("error"):
        return [f"Stock Manim vs pipeline: {s['error']}"] if s else []
    ours, stock = s.get("ours") or {}, s.get("stock") or {}
    ratio = s.get("ratio")
    # the pipeline's own line for the scene's render (Manim, mix, publish), without the
    # command's start-up and the numbers check
    task = _median([t[s["scene"]] for t in ours.get("tasks_s") or [] if s.get("scene") in t])
    head = ["scene", "quality", "video s", "stock wall s", "ours wall s", "ours render task s",
            "ours / stock", "stock peak MB", "ours peak MB", "PSNR dB", "SSIM"]
    row = [s.get("scene", "?"), s.get("quality", "?"), _num(s.get("video_s")),
           _num(stock.get("wall_s")), _num(ours.get("wall_s")), _num(task), _num(ratio, 2),
           _num(stock.get("peak_rss_mb"), 0), _num(ours.get("peak_rss_mb"), 0),
           _num(s.get("psnr_db"), 1), _num(s.get("ssim"), 4)]
    pairs = len(stock.get("runs_s") or [1])
    return [f"Stock `manim render` vs the pipeline, same scene, same run (both silent, cold caches; "
            f"medians of {pairs} pair(s) in turn):",
            *_table(head, [row], markdown)]


def _gif_table(report: Report, markdown: bool) -> list[str]:
    g = report.get("gif")
    if not g or g.get("error"):
        return [f"Cover GIF: {g['error']}"] if g else []
    rows = []
    for key, label in (("ours", "entropy-explorer gif"), ("manim", "manim --format gif")):
        r = g.get(key) or {}
        rows.append([label, _num(r["bytes"] / 1000 if r.get("bytes") is not None else None, 0),
                     _num(r.get("psnr_db")), _num(r.get("ssim"), 4), _num(r.get("wall_s"))])
    size = f"{g.get('width')}x{g.get('height')}, {g.get('fps')} fps"
    return [f"Cover GIF ({size}; PSNR/SSIM against the rendered frames):",
            *_table(["maker", "kB", "PSNR dB", "SSIM", "wall s"], rows, markdown)]


def _targets_table(report: Report, markdown: bool) -> list[str]:
    rows = [[t["target"], t["limit"], _num(t["value"], 2 if t["unit"] in ("x", "s") else 1),
             t["status"], t["basis"]] for t in evaluate_targets(report)]
    return ["Targets:", *_table(["target", "limit", "measured", "pass/miss", "basis"], rows,
                                markdown)]


def _farm_table(report: Report, markdown: bool) -> list[str]:
    farm = report.get("farm") or {}
    if "ratio" not in farm:
        return []
    one, two, start = farm["workers_1"], farm["workers_2"], farm.get("startup") or {}
    rows = [["1 worker", _num(one["wall_s"]), _num(rtf(one["wall_s"], farm.get("video_s")), 2),
             str(one["peak_rss_mb"])],
            ["2 workers (a range each)", _num(two["wall_s"]),
             _num(rtf(two["wall_s"], farm.get("video_s")), 2), str(two["peak_rss_mb"])]]
    lines = [f"Farm: {farm['scene']} alone at {farm['quality']} ({_num(farm.get('video_s'))} s "
             f"of video), 2 workers / 1 = {_num(farm['ratio'], 2)}:",
             *_table(["workers", "wall s", "RTF", "peak MB"], rows, markdown)]
    if start:
        lines.append(f"Task start-up: a new process importing Manim and the project "
                     f"{_num(start['new_process_s'], 2)} s; a round trip to a warm worker "
                     f"{_num(start['warm_round_trip_s'] * 1000, 0)} ms")
    return lines


def _other_lines(report: Report, markdown: bool) -> list[str]:
    lines: list[str] = []
    voice = report.get("voice") or {}
    micro = report.get("micro") or {}
    if voice:
        rows = [[k, str(v)] for k, v in voice.items()]
        lines += ["Voice:", *_table(["figure", "value"], rows, markdown)]
    if micro:
        rows = [[k, _num(r["median_s"] * 1e3, 3), _num(r["min_s"] * 1e3, 3),
                 _num(r["max_s"] * 1e3, 3), str(r["repeat"])] for k, r in micro.items()]
        lines += (["", "Micro-benchmarks:"] if lines else ["Micro-benchmarks:"]) + _table(
            ["name", "median ms", "min ms", "max ms", "repeats"], rows, markdown)
    return lines


def format_report(report: Report, *, markdown: bool = False) -> str:
    """Every table the report has figures for, the targets last (plain text or Markdown)."""
    blocks = [_scene_table(report, markdown), _whole_table(report, markdown),
              _farm_table(report, markdown), _stock_table(report, markdown),
              _gif_table(report, markdown),
              _other_lines(report, markdown), _targets_table(report, markdown)]
    return "\n\n".join("\n".join(b) for b in blocks if b) + "\n"
