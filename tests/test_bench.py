"""The benchmark's bookkeeping on made-up figures: targets, tables, the tasks a build ran.

Nothing is timed here; ``make bench`` does the measuring.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from markdown_tables import parse_tables

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _load(name: str) -> ModuleType:
    """A module of tools/ (not a package), imported by name as bench.py imports its helper."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    return importlib.import_module(name)


report_mod = _load("bench_report")
bench = _load("bench")

FAKE = {
    "scenes": {
        "h": [{"scene": "01-information", "video_s": 60.0, "wall_s": 90.0, "peak_rss_mb": 410},
              {"scene": "17-applications", "video_s": 40.0, "wall_s": 30.0, "peak_rss_mb": 380}],
    },
    "whole": {
        "h": {"subset": False, "video_s": 1000.0,
              "cold": {"wall_s": 1200.0, "peak_rss_mb": 500, "ran": ["01-information"]},
              "noop": {"runs_s": [0.5, 2.0, 0.7]},
              "touched": {"scene": "01-information", "wall_s": 70.0,
                          "ran": ["voice 01-information", "01-information", "full video"]}},
        "l": {"subset": False, "video_s": 1000.0, "cold": {"wall_s": 100.0}},
    },
    "stock": {"scene": "01-information", "quality": "h", "video_s": 60.0,
              "stock": {"wall_s": 80.0, "peak_rss_mb": 300},
              "ours": {"wall_s": 60.0, "peak_rss_mb": 320,
                       "tasks_s": [{"01-information": 52.5, "numbers 01-information": 3.0}]},
              "ratio": 0.75, "psnr_db": 51.25,
              "ssim": 0.9991},
    "farm": {"scene": "10-forward-vs-reverse", "quality": "h", "video_s": 130.0,
             "workers_1": {"wall_s": 200.0, "peak_rss_mb": 900},
             "workers_2": {"wall_s": 130.0, "peak_rss_mb": 1500}, "ratio": 0.65,
             "startup": {"new_process_s": 4.25, "warm_round_trip_s": 0.031}},
    "gif": {"width": 1200, "height": 630, "fps": 20,
            "ours": {"bytes": 650_000, "psnr_db": 45.0, "ssim": 0.99, "wall_s": 20.0},
            "manim": {"bytes": 57_800_000, "psnr_db": 20.3, "ssim": 0.8, "wall_s": 30.0}},
}


def _by_name() -> dict[str, dict[str, object]]:
    return {t["target"]: t for t in report_mod.evaluate_targets(FAKE)}


def test_targets_pass_and_miss_on_their_limits() -> None:
    t = _by_name()
    h = t["QUALITY=h real-time factor, whole video (cold)"]
    assert h["value"] == pytest.approx(1.2) and h["status"] == "miss"
    low = t["QUALITY=l real-time factor, whole video (cold)"]
    assert low["value"] == pytest.approx(0.1) and low["status"] == "pass"
    noop = t["make render, nothing changed (median)"]
    assert noop["value"] == pytest.approx(0.7) and noop["status"] == "pass"
    assert t["cover GIF size"]["value"] == pytest.approx(650.0)
    assert t["cover GIF size"]["status"] == "miss"
    assert t["cover GIF PSNR against its frames"]["status"] == "pass"
    farm = t["one long scene, 2 workers against 1 (wall)"]
    assert farm["value"] == pytest.approx(0.65) and farm["status"] == "miss"
    assert farm["basis"] == "10-forward-vs-reverse at h, silent"


def test_limits_are_inclusive_or_strict_as_the_issue_says() -> None:
    assert report_mod.status(0.8, 0.8, "<=") == "pass"
    assert report_mod.status(1.0, 1.0, "<") == "miss"
    assert report_mod.status(44.0, 44.0, ">=") == "pass"
    assert report_mod.status(None, 1.0, "<") == "n/a"
    assert report_mod.status("inf", 44.0, ">=") == "pass"  # identical frames, as the JSON says


def test_without_a_whole_run_the_target_falls_back_to_the_sum_of_scenes() -> None:
    partial = {"scenes": FAKE["scenes"]}
    h = report_mod.evaluate_targets(partial)[0]
    assert h["value"] == pytest.approx((90 + 30) / (60 + 40))
    assert h["basis"] == "sum of single-scene renders"
    assert report_mod.evaluate_targets({})[1]["status"] == "n/a"


def test_the_tables_show_the_figures_and_the_ratio() -> None:
    text = report_mod.format_report(FAKE)
    assert "1.50" in text  # 01's RTF at h: 90 / 60
    assert "1.20" in text and "miss" in text  # the whole video at h
    assert "0.75" in text and "52.5" in text  # ours / stock: 60 / 80; the render task
    assert "51.2" in text and "0.9991" in text
    assert "2 workers / 1 = 0.65" in text and "1.54" in text  # 200 / 130 s of video
    assert "4.25 s" in text and "31 ms" in text
    assert "voice 01-information, 01-information, full video" in text
    # the Markdown tables parse (header, separator, rows of as many cells) and their cells
    # are the figures, recomputed here from FAKE
    tables = {tb.title.split(" (")[0].rstrip(":"): tb
              for tb in parse_tables(report_mod.format_report(FAKE, markdown=True))}
    assert {"Per scene", "Whole video", "Stock `manim render` vs the pipeline, same scene, same run",
            "Cover GIF", "Targets"} <= set(tables)
    scene = tables["Per scene"].row("01-information")
    assert float(scene["h RTF"]) == pytest.approx(90 / 60, abs=0.005)
    total = tables["Per scene"].row("total")
    assert (float(total["h video s"]), float(total["h wall s"])) == (100.0, 120.0)
    assert float(total["h RTF"]) == pytest.approx(120 / 100, abs=0.005)
    stock = tables["Stock `manim render` vs the pipeline, same scene, same run"].row("01-information")
    assert float(stock["ours / stock"]) == pytest.approx(60 / 80, abs=0.005)
    assert float(stock["ours render task s"]) == 52.5
    h_rtf = tables["Targets"].row("QUALITY=h real-time factor, whole video (cold)")
    assert float(h_rtf["measured"]) == pytest.approx(1200 / 1000, abs=0.005)
    assert h_rtf["pass/miss"] == "miss" and h_rtf["limit"] == "<= 0.8 x"
    assert tables["Whole video"].row("h")["tasks run after the touch"] == \
        "voice 01-information, 01-information, full video"


def test_the_table_parser_can_fail() -> None:
    with pytest.raises(ValueError, match="separator"):
        parse_tables("T\n| a | b |\n| --- |\n| 1 | 2 |\n")
    with pytest.raises(ValueError, match="cells"):
        parse_tables("T\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n")
    (table,) = parse_tables("T:\n| a | b |\n| --- | --- |\n| x \\| y | 2 |\n")
    assert table.row("x | y") == {"a": "x | y", "b": "2"}


def test_tasks_that_ran_reads_the_progress_lines_else_the_stamps() -> None:
    output = ("[1/4] voice 01-information: up to date\n[2/4] 01-information: done in 41.2 s\n"
              "[3/4] numbers 01-information: done\n[4/4] full video: failed in 1.0 s\n")
    assert bench.tasks_that_ran(output, {}, {}) == ["01-information", "numbers 01-information"]
    assert bench.tasks_that_ran("[1/1] 01-information: up to date\n", {}, {"x": 2}) == []
    assert bench.task_seconds(output) == {"01-information": 41.2}
    assert bench.tasks_that_ran("no progress lines", {"a": 1, "b": 1}, {"a": 1, "b": 2, "c": 3}) == ["b", "c"]
