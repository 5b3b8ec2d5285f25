/* kl_fit.html: a Gaussian student fitted to the two-peaked teacher of section 10, by hand
 * or by the video's gradient descent, with the reverse-KL landscape and its minima. */
"use strict";
(function () {
  var EE = window.EE, D = EE.data, L = D.landscape;
  var teacher = new EE.Teacher(D.teacher, EE.quadrature(D.quadrature.zMax, D.quadrature.nodes));
  var density = new EE.Plot(EE.$("#density"), { x0: -7, x1: 7, y0: 0, y1: 0.62, left: 20, right: 16, top: 14, bottom: 34 });
  var land = new EE.Plot(EE.$("#landscape"), { x0: L.mus[0], x1: L.mus[1], y0: L.logSigmas[0], y1: L.logSigmas[1],
                                               left: 46, right: 12, top: 14, bottom: 34 });
  var xs = EE.linspace(-7, 7, 561), teacherYs = xs.map(function (x) { return teacher.pdf(x); });
  var path = null, timer = null, drawn = null;

  /* ------------------------------------------------------------- the landscape */
  var heat = document.createElement("canvas");
  heat.width = L.mus[2]; heat.height = L.logSigmas[2];
  (function paint() {
    var ctx = heat.getContext("2d"), img = ctx.createImageData(heat.width, heat.height);
    var SH = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/";
    function rgb(hex) { return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }); }
    var dark = rgb(EE.colour("background")), mid = rgb(EE.colour("reverse_kl")), light = rgb("#FFE3F0");
    function mix(a, b, t) { t = Math.min(Math.max(t, 0), 1); return a.map(function (v, i) { return v + (b[i] - v) * t; }); }
    for (var i = 0; i < heat.height; i++) {          // row i: log sigma, bottom row first
      for (var j = 0; j < heat.width; j++) {
        var t = (SH.indexOf(L.shades.charAt(i * heat.width + j)) + 0.5) / SH.length;
        var c = t < 0.5 ? mix(dark, mid, 0.15 + 1.7 * t) : mix(mid, light, 2 * t - 1);
        var k = 4 * ((heat.height - 1 - i) * heat.width + j);
        img.data[k] = c[0]; img.data[k + 1] = c[1]; img.data[k + 2] = c[2]; img.data[k + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  })();

  function drawLandscape(mu, sigma) {
    var c = land.ctx, b = land.box;
    land.clear();
    c.imageSmoothingEnabled = true;
    var dx = (b.x1 - b.x0) / (L.mus[2] - 1) / 2, dy = (b.y1 - b.y0) / (L.logSigmas[2] - 1) / 2;
    var x0 = land.px(b.x0), x1 = land.px(b.x1), y0 = land.py(b.y1), y1 = land.py(b.y0);
    c.drawImage(heat, x0, y0, x1 - x0, y1 - y0);
    void dx; void dy;
    land.axes([-4, -2, 0, 2, 4].map(function (t) { return { at: t, label: String(t) }; }),
              [0.5, 1, 2, 4].map(function (s) { return { at: Math.log(s), label: String(s) }; }), "\u03bc", "\u03c3");
    L.minima.forEach(function (m) {
      c.beginPath(); c.arc(land.px(m.mu), land.py(Math.log(m.sigma)), 9, 0, 2 * Math.PI);
      c.strokeStyle = EE.colour("text"); c.lineWidth = 2.5; c.stroke();
    });
    if (drawn) {
      c.beginPath();
      for (var i = 0; i < drawn.mu.length; i++) {
        var px = land.px(drawn.mu[i]), py = land.py(Math.log(drawn.sigma[i]));
        if (i === 0) { c.moveTo(px, py); } else { c.lineTo(px, py); }
      }
      c.strokeStyle = EE.colour(path && path.direction === "forward" ? "forward_kl" : "q");
      c.strokeStyle = EE.colour(drawn.direction === "forward" ? "forward_kl" : "q");
      c.lineWidth = 3; c.stroke();
    }
    var ls = Math.log(sigma), inside = mu >= b.x0 && mu <= b.x1 && ls >= b.y0 && ls <= b.y1;
    var cx = Math.min(Math.max(mu, b.x0), b.x1), cy = Math.min(Math.max(ls, b.y0), b.y1);
    c.beginPath(); c.arc(land.px(cx), land.py(cy), 8, 0, 2 * Math.PI);
    c.fillStyle = inside ? EE.colour("q") : EE.colour("muted"); c.fill();
    c.strokeStyle = EE.colour("background"); c.lineWidth = 2; c.stroke();
  }

  function drawDensity(mu, sigma) {
    density.clear();
    density.axes([-6, -3, 0, 3, 6].map(function (t) { return { at: t, label: String(t) }; }), [], "x", "");
    density.curve(xs, teacherYs, EE.colour("p"), true);
    density.curve(xs, xs.map(function (x) { return EE.normalPdf(x, mu, sigma); }), EE.colour("q"), false);
  }

  /* ------------------------------------------------------------- the readouts */
  function update(mu, sigma, step) {
    var f = teacher.forwardKL(mu, sigma), r = teacher.reverseKL(mu, sigma);
    EE.show("mu", EE.fmt(mu, "student"), mu);
    EE.show("sigma", EE.fmt(sigma, "student"), sigma);
    EE.show("forward", EE.fmt(f, "nats"), f);
    EE.show("reverse", EE.fmt(r, "nats"), r);
    EE.show("step", EE.fmt(step || 0, "count"), step || 0);
    drawDensity(mu, sigma);
    drawLandscape(mu, sigma);
    EE.$("#density").setAttribute("aria-label", "teacher P with peaks at " + D.teacher.means.join(" and ") +
      "; student Q with mean " + EE.fmt(mu, "student") + " and width " + EE.fmt(sigma, "student"));
  }
  function moved() { stop(); drawn = null; EE.$("#status").textContent = ""; update(mu.get(), sigma.get(), 0); }

  var mu = EE.control("mu", {
    label: "\u03bc",
    check: function (v) {
      return v >= D.limits.mu[0] && v <= D.limits.mu[1] ? "" : "the mean must lie between " +
        D.limits.mu[0] + " and " + D.limits.mu[1];
    },
    onChange: function () { if (ready) { moved(); } },
  });
  var sigma = EE.control("sigma", {
    label: "\u03c3",
    toSlider: function (v) { return Math.log10(v); },
    fromSlider: function (s) { return Math.pow(10, s); },
    describe: function (v) { return "sigma = " + EE.tidy(v); },
    check: function (v) {
      return v >= D.limits.sigma[0] && v <= D.limits.sigma[1] ? "" : "the width must lie between " +
        D.limits.sigma[0] + " and " + D.limits.sigma[1];
    },
    onChange: function () { if (ready) { moved(); } },
  });
  var ready = true;

  /* --------------------------------------------------------------- dragging */
  var canvas = EE.$("#landscape"), dragging = false;
  function fromPointer(ev) {
    var r = canvas.getBoundingClientRect(), b = land.box;
    var px = (ev.clientX - r.left) * canvas.width / r.width, py = (ev.clientY - r.top) * canvas.height / r.height;
    var m = b.x0 + (px - b.left) / (land.w - b.left - b.right) * (b.x1 - b.x0);
    var ls = b.y0 + (land.h - b.bottom - py) / (land.h - b.top - b.bottom) * (b.y1 - b.y0);
    m = Math.min(Math.max(m, b.x0), b.x1); ls = Math.min(Math.max(ls, b.y0), b.y1);
    place(Number(m.toFixed(2)), Number(Math.exp(ls).toPrecision(3)));
  }
  function place(m, s) { ready = false; mu.set(m); sigma.set(s); ready = true; moved(); }
  canvas.addEventListener("pointerdown", function (ev) { dragging = true; canvas.setPointerCapture(ev.pointerId); fromPointer(ev); });
  canvas.addEventListener("pointermove", function (ev) { if (dragging) { fromPointer(ev); } });
  canvas.addEventListener("pointerup", function () { dragging = false; });
  canvas.addEventListener("keydown", function (ev) {
    var k = ev.key, m = mu.get(), s = sigma.get(), big = ev.shiftKey ? 10 : 1;
    if (k === "ArrowLeft") { m -= 0.05 * big; } else if (k === "ArrowRight") { m += 0.05 * big; }
    else if (k === "ArrowUp") { s *= Math.pow(1.02, big); } else if (k === "ArrowDown") { s /= Math.pow(1.02, big); }
    else { return; }
    ev.preventDefault();
    m = Math.min(Math.max(m, D.limits.mu[0]), D.limits.mu[1]);
    s = Math.min(Math.max(s, D.limits.sigma[0]), D.limits.sigma[1]);
    place(Number(m.toFixed(4)), Number(s.toPrecision(4)));
  });

  /* ---------------------------------------------------------------- descent */
  function direction() { return EE.$("#dir-forward").checked ? "forward" : "reverse"; }
  function showStep(i) {
    mu.hold(path.mu[i]); sigma.hold(path.sigma[i]);
    drawn = { mu: path.mu.slice(0, i + 1), sigma: path.sigma.slice(0, i + 1), direction: path.direction };
    update(path.mu[i], path.sigma[i], i);
  }
  function finish() {
    timer = null;
    showStep(path.steps);
    EE.$("#status").textContent = path.converged ? "converged: the gradient's length is below " + D.descent.tol
      : "stopped at the step limit of " + D.descent.maxSteps + ", not converged";
    EE.$("#stop").disabled = true;
    document.body.setAttribute("data-descent", "done");
  }
  function stop() {
    if (timer !== null) { cancelAnimationFrame(timer); timer = null; }
    EE.$("#stop").disabled = true;
  }
  EE.$("#descend").addEventListener("click", function () {
    stop();
    path = teacher.descend(direction(), mu.get(), sigma.get(), D.descent);
    document.body.setAttribute("data-descent", "running");
    if (EE.reducedMotion || path.steps === 0) { finish(); return; }
    EE.$("#status").textContent = "";
    EE.$("#stop").disabled = false;
    var t0 = null, seconds = Math.min(6, 1.5 + path.steps / 100);
    function frame(t) {
      if (t0 === null) { t0 = t; }
      var u = (t - t0) / (1000 * seconds);
      if (u >= 1) { finish(); return; }
      showStep(Math.floor(u * path.steps));
      timer = requestAnimationFrame(frame);
    }
    timer = requestAnimationFrame(frame);
  });
  EE.$("#stop").addEventListener("click", function () {
    stop();
    EE.$("#status").textContent = "stopped by hand";
  });

  /* ------------------------------------------------------- starts and minima */
  var group = EE.$("#starts");
  D.starts.forEach(function (s) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = s.label + " (" + s.mu + ", " + s.sigma + ")";
    b.addEventListener("click", function () { place(s.mu, s.sigma); });
    group.appendChild(b);
  });
  var rows = EE.$("#minima");
  L.minima.forEach(function (m, i) {
    var tr = document.createElement("tr"), what = m.landing === "peak" ? (m.mu < 0 ? "on the left peak" : "on the right peak")
      : "wide, between the peaks";
    tr.innerHTML = "<th scope=\"row\"></th><td data-key=\"minimum." + i + ".mu\"></td><td data-key=\"minimum." + i +
      ".sigma\"></td><td class=\"c-rev\" data-key=\"minimum." + i + ".kl\"></td>";
    tr.firstChild.textContent = what;
    rows.appendChild(tr);
    EE.show("minimum." + i + ".mu", EE.fmt(m.mu, "student"), m.mu);
    EE.show("minimum." + i + ".sigma", EE.fmt(m.sigma, "student"), m.sigma);
    EE.show("minimum." + i + ".kl", EE.fmt(m.kl, "nats"), m.kl);
  });
  EE.show("forward_optimum.mu", EE.fmt(D.forwardOptimum.mu, "student"), D.forwardOptimum.mu);
  EE.show("forward_optimum.sigma", EE.fmt(D.forwardOptimum.sigma, "student"), D.forwardOptimum.sigma);
  moved();
})();
