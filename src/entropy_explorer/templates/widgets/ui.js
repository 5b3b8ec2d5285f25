/* Entropy Explorer widgets: page data, colours, readouts, linked controls, a small plot. */
"use strict";
(function () {
  var EE = window.EE;
  EE.data = JSON.parse(document.getElementById("ee-data").textContent);
  var colours = EE.data.colours, root = document.documentElement.style;
  Object.keys(colours).forEach(function (k) {
    root.setProperty("--" + k.replace(/_/g, "-"), colours[k]);
  });
  EE.colour = function (name) { return colours[name]; };
  EE.reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  /* A number as the videos show it: kind is a key of the page's decimals table. */
  EE.fmt = function (value, kind) { return EE.formatValue(value, EE.data.decimals[kind]); };
  EE.$ = function (sel) { return document.querySelector(sel); };
  /* Put text into every element that shows the number `key`. */
  EE.show = function (key, text, value) {
    var found = document.querySelectorAll('[data-key="' + key + '"]');
    if (!found.length) { throw new Error("no readout " + key); }
    for (var i = 0; i < found.length; i++) {
      found[i].textContent = text;
      if (value !== undefined) { found[i].setAttribute("data-value", String(value)); }
    }
  };
  /* What the number box shows for a value set by its slider: 6 significant digits. */
  EE.tidy = function (v) { return String(Number(v.toPrecision(6))); };

  /* A slider and a number box for one quantity. The number box holds the value used;
   * the slider moves on `scale` (toSlider/fromSlider). `check(v)` returns an error
   * message or "". `onChange(v)` redraws. Returns {get, set}. */
  EE.control = function (name, opts) {
    var range = EE.$("#" + name + "-range"), box = EE.$("#" + name);
    var warn = EE.$(opts.warn || "#warn");
    var to = opts.toSlider || function (v) { return v; };
    var from = opts.fromSlider || function (s) { return s; };
    var value = parseFloat(box.value);
    function sync() {
      range.value = String(Math.min(Math.max(to(value), range.min), range.max));
      range.setAttribute("aria-valuetext", opts.describe ? opts.describe(value) : box.value);
    }
    function accept(v) {
      var bad = isNaN(v) ? "enter a number" : opts.check(v);
      warn.textContent = bad ? opts.label + ": " + bad : "";
      box.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad) { return false; }
      value = v;
      sync();
      opts.onChange(v);
      return true;
    }
    box.addEventListener("input", function () { accept(parseFloat(box.value)); });
    box.addEventListener("change", function () { if (box.getAttribute("aria-invalid") !== "true") { box.value = String(value); } });
    range.addEventListener("input", function () {
      box.value = EE.tidy(from(parseFloat(range.value)));
      accept(parseFloat(box.value));
    });
    sync();
    return {
      get: function () { return value; },
      set: function (v) { box.value = String(v); return accept(v); },
      /* Hold v exactly (the box shows it to 6 digits) without calling onChange. */
      hold: function (v) { value = v; box.value = EE.tidy(v); box.setAttribute("aria-invalid", "false"); sync(); },
    };
  };

  /* A plot on a canvas in data coordinates. */
  EE.Plot = function (canvas, box) {
    this.canvas = canvas; this.ctx = canvas.getContext("2d");
    this.w = canvas.width; this.h = canvas.height;
    this.box = box;  // {x0, x1, y0, y1, left, right, top, bottom} (margins in px)
  };
  EE.Plot.prototype.px = function (x) {
    var b = this.box;
    return b.left + (x - b.x0) / (b.x1 - b.x0) * (this.w - b.left - b.right);
  };
  EE.Plot.prototype.py = function (y) {
    var b = this.box;
    return this.h - b.bottom - (y - b.y0) / (b.y1 - b.y0) * (this.h - b.top - b.bottom);
  };
  EE.Plot.prototype.clear = function () {
    this.ctx.fillStyle = EE.colour("background");
    this.ctx.fillRect(0, 0, this.w, this.h);
  };
  EE.Plot.prototype.axes = function (xTicks, yTicks, xLabel, yLabel) {
    var c = this.ctx, b = this.box, self = this;
    c.strokeStyle = EE.colour("muted"); c.lineWidth = 1.5; c.fillStyle = EE.colour("muted");
    c.font = Math.round(this.w / 28) + "px 'DejaVu Sans', sans-serif";
    c.beginPath();
    c.moveTo(this.px(b.x0), this.py(b.y0)); c.lineTo(this.px(b.x1), this.py(b.y0));
    c.moveTo(this.px(b.x0), this.py(b.y0)); c.lineTo(this.px(b.x0), this.py(b.y1));
    c.stroke();
    c.textAlign = "center"; c.textBaseline = "top";
    (xTicks || []).forEach(function (t) {
      c.fillText(t.label, self.px(t.at), self.py(b.y0) + 5);
    });
    c.textAlign = "right"; c.textBaseline = "middle";
    (yTicks || []).forEach(function (t) {
      c.fillText(t.label, self.px(b.x0) - 6, self.py(t.at));
    });
    if (xLabel) { c.textAlign = "right"; c.textBaseline = "bottom"; c.fillText(xLabel, this.w - 4, this.py(b.y0) - 4); }
    if (yLabel) { c.textAlign = "left"; c.textBaseline = "top"; c.fillText(yLabel, this.px(b.x0) + 6, 4); }
  };
  EE.Plot.prototype.curve = function (xs, ys, colour, fill) {
    var c = this.ctx;
    c.beginPath();
    for (var i = 0; i < xs.length; i++) {
      var y = Math.min(ys[i], this.box.y1 * 1.02);
      if (i === 0) { c.moveTo(this.px(xs[i]), this.py(y)); } else { c.lineTo(this.px(xs[i]), this.py(y)); }
    }
    if (fill) {
      c.lineTo(this.px(xs[xs.length - 1]), this.py(this.box.y0));
      c.lineTo(this.px(xs[0]), this.py(this.box.y0));
      c.closePath();
      c.globalAlpha = 0.28; c.fillStyle = colour; c.fill(); c.globalAlpha = 1;
    }
    c.strokeStyle = colour; c.lineWidth = 3; c.stroke();
  };
  EE.Plot.prototype.dot = function (x, y, colour, r) {
    var c = this.ctx;
    c.beginPath(); c.arc(this.px(x), this.py(y), r || 7, 0, 2 * Math.PI);
    c.fillStyle = colour; c.fill();
  };
  EE.Plot.prototype.text = function (s, x, y, colour, align) {
    var c = this.ctx;
    c.font = Math.round(this.w / 28) + "px 'DejaVu Sans', sans-serif"; c.fillStyle = colour;
    c.textAlign = align || "left"; c.textBaseline = "bottom";
    c.fillText(s, this.px(x), this.py(y));
  };
  EE.linspace = function (a, b, n) {
    var out = [];
    for (var i = 0; i < n; i++) { out.push(a + (b - a) * i / (n - 1)); }
    return out;
  };
})();
