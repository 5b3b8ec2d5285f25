/* information.html: the surprise of an outcome, I(p) = -log2 p (section 4). */
"use strict";
(function () {
  var EE = window.EE, D = EE.data;
  var plot = new EE.Plot(EE.$("#chart"), { x0: 0, x1: 1, y0: 0, y1: 12, left: 46, right: 16, top: 26, bottom: 34 });
  var xs = [];
  for (var i = 1; i <= 400; i++) { xs.push(Math.pow(i / 400, 3)); }
  var ys = xs.map(function (x) { return EE.information(x); });

  function draw(p) {
    plot.clear();
    plot.axes([0, 0.25, 0.5, 0.75, 1].map(function (t) { return { at: t, label: String(t) }; }),
              [0, 2, 4, 6, 8, 10, 12].map(function (t) { return { at: t, label: String(t) }; }),
              "p", "bits");
    plot.curve(xs, ys, EE.colour("information"));
    var bits = EE.information(p), y = Math.min(bits, 12);
    plot.dot(p, y, EE.colour("p"), 8);
    if (bits > 12) { plot.text("\u2191 above the chart", 0.03, 11.2, EE.colour("text")); }
  }

  function update(p) {
    var bits = EE.information(p);
    EE.show("p", EE.fmt(p, "probability"));
    EE.show("one_in", EE.fmt(1 / p, "count"));
    EE.show("bits", EE.fmt(bits, "bits"));
    EE.show("nats", EE.fmt(EE.information(p, Math.E), "nats"));
    draw(p);
  }

  var p = EE.control("p", {
    label: "p",
    toSlider: function (v) { return -Math.log2(v); },
    fromSlider: function (s) { return Math.pow(2, -s); },
    describe: function (v) { return "p = " + EE.fmt(v, "probability") + ", " + EE.fmt(EE.information(v), "bits") + " bits"; },
    check: function (v) { return v < 0 || v > 1 ? "a probability lies between 0 and 1" : ""; },
    onChange: update,
  });
  var group = EE.$("#landmarks");
  D.landmarks.forEach(function (m) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = m.label;
    b.addEventListener("click", function () { p.set(m.p); });
    group.appendChild(b);
  });
  p.set(D.start);
})();
