"""Drive a widget page in headless Chromium (network blocked): many inputs, one page load.

A case is a list of actions on the page's controls, as a reader would make them:
``("set", "#p", "0.125")`` types into a box (or moves a slider) and fires its ``input`` and
``change`` events; ``("click", "#descend")`` presses a button; ``("check", "#dir-forward")``
picks a radio button; ``("key", "#landscape", "ArrowRight")`` presses a key on an element.
After each case the probe reads every number the page shows (``[data-key]``: its text
and, where the page gives it, ``data-value``), the value of every number box, and the
warning line. All cases run in order in one page, so a case starts from the state the
previous one left.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from entropy_explorer.numbers import format_value
from entropy_explorer.pipeline.leaves.browser import browser_check

Action = tuple[str, str] | tuple[str, str, str]

_PROBE = """
<script>
(function () {
  var cases = %s, out = [];
  function fire(el, type) { el.dispatchEvent(new Event(type, { bubbles: true })); }
  function act(a) {
    var el = document.querySelector(a[1]);
    if (!el) { throw new Error("no element " + a[1]); }
    if (a[0] === "set") { el.value = a[2]; fire(el, "input"); fire(el, "change"); }
    else if (a[0] === "click") { el.click(); }
    else if (a[0] === "check") { el.checked = true; fire(el, "change"); }
    else if (a[0] === "key") {
      el.dispatchEvent(new KeyboardEvent("keydown", { key: a[2], bubbles: true, cancelable: true }));
    } else { throw new Error("unknown action " + a[0]); }
  }
  function read() {
    var shown = {}, values = {}, boxes = {};
    document.querySelectorAll("[data-key]").forEach(function (e) {
      shown[e.getAttribute("data-key")] = e.textContent;
      if (e.hasAttribute("data-value")) { values[e.getAttribute("data-key")] = e.getAttribute("data-value"); }
    });
    document.querySelectorAll("input[type=number]").forEach(function (e) { boxes[e.id] = e.value; });
    var warn = document.querySelector("#warn"), unlabelled = [];
    document.querySelectorAll("input, button, canvas[tabindex]").forEach(function (e) {
      var named = (e.labels && e.labels.length) || e.getAttribute("aria-label") ||
        (e.tagName === "BUTTON" && e.textContent.trim());
      if (!named) { unlabelled.push(e.id || e.outerHTML.slice(0, 60)); }
    });
    return { shown: shown, values: values, boxes: boxes, warn: warn ? warn.textContent : "",
             unlabelled: unlabelled };
  }
  try {
    out.push(read());
    cases.forEach(function (c) { c.forEach(act); out.push(read()); });
    var text = JSON.stringify({ ok: true, states: out });
  } catch (e) {
    var text = JSON.stringify({ ok: false, error: String(e && e.stack || e), done: out.length });
  }
  // ASCII only, so the page dump survives any locale
  text = text.replace(/[\\u007f-\\uffff]/g, function (c) {
    return "\\\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4);
  });
  document.body.setAttribute("data-check", text);
})();
</script>
"""


def drive(page: Path, cases: Sequence[Sequence[Action]], *,
          timeout: float = 120.0) -> list[dict[str, Any]]:
    """The page's state before the first case and after each case (``len(cases) + 1``)."""
    probe = _PROBE % json.dumps([list(map(list, c)) for c in cases])
    raw = browser_check(page, probe, timeout=timeout,
                        extra_flags=["--force-prefers-reduced-motion"])
    result = json.loads(html.unescape(raw))
    if not result["ok"]:
        raise AssertionError(f"the page failed after {result['done']} case(s): {result['error']}")
    states: list[dict[str, Any]] = result["states"]
    assert len(states) == len(cases) + 1
    return states


def drive_groups(page: Path, groups: dict[str, Sequence[Sequence[Action]]], *,
                 timeout: float = 120.0) -> dict[str, list[dict[str, Any]]]:
    """:func:`drive` for several groups of cases in one page load, one after another:
    each group's states start with the state the previous group left."""
    states = drive(page, [c for g in groups.values() for c in g], timeout=timeout)
    out, i = {}, 0
    for name, cases in groups.items():
        out[name] = states[i:i + len(cases) + 1]
        i += len(cases)
    return out


def fmt(value: float, decimals: int) -> str:
    """The text the videos would show (``format_value``)."""
    return format_value(value, decimals)


def close(shown: str, expected: float, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    """A page's full-precision ``data-value`` against the Python module's value."""
    v = float(shown)
    if math.isinf(expected):
        return v == expected
    return math.isclose(v, expected, rel_tol=rel, abs_tol=abs_)
