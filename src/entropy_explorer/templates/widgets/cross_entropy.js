/* cross_entropy.html: P and Q over the movie-review words, H(P), H(P, Q), D(P||Q)
 * (section 8). */
"use strict";
(function () {
  var EE = window.EE, D = EE.data, words = D.outcomes, DASH = "\u2014";
  var bars = EE.$("#bars"), names = EE.$("#names"), rows = EE.$("#rows"), fills = { p: [], q: [] };
  words.forEach(function (w) {
    var bar = document.createElement("div");
    bar.className = "bar pair";
    ["p", "q"].forEach(function (d) {
      var col = document.createElement("div"), val = document.createElement("span"),
          fill = document.createElement("div");
      val.className = "val c-" + d; val.setAttribute("data-key", "bar." + d + "." + w);
      fill.className = "fill " + d;
      col.appendChild(val); col.appendChild(fill); bar.appendChild(col); fills[d].push(fill);
    });
    bars.appendChild(bar);
    var n = document.createElement("span");
    n.textContent = w; names.appendChild(n);
    var tr = document.createElement("tr");
    tr.innerHTML = '<th scope="row"></th><td class="c-p" data-key="p.' + w + '"></td>' +
      '<td class="c-q" data-key="q.' + w + '"></td><td class="c-info" data-key="surprise.p.' + w + '"></td>' +
      '<td class="c-info" data-key="surprise.q.' + w + '"></td><td class="c-ce" data-key="term.' + w + '"></td>';
    tr.firstChild.textContent = w;
    rows.appendChild(tr);
  });

  function makeControls(dist, holder, start) {
    return words.map(function (w, i) {
      var id = dist + "-" + w, div = document.createElement("div");
      div.className = "control";
      div.innerHTML = '<label for="' + id + '"></label>' +
        '<input type="range" id="' + id + '-range" min="0" max="1" step="0.01">' +
        '<input type="number" id="' + id + '" min="0" step="any">';
      div.querySelector("label").textContent = dist.toUpperCase() + "(" + w + ")";
      div.querySelector("input[type=range]").setAttribute("aria-label", "weight of " + w + " in " + dist.toUpperCase());
      div.querySelector("input[type=number]").value = String(start[i]);
      holder.appendChild(div);
      return EE.control(id, {
        label: dist.toUpperCase() + "(" + w + ")",
        check: function (v) { return v < 0 || !isFinite(v) ? "a weight is a number from 0 up" : ""; },
        onChange: function () { if (ready) { update(); } },
      });
    });
  }
  var ready = false;
  var pc = makeControls("p", EE.$("#p-controls"), D.p);
  var qc = makeControls("q", EE.$("#q-controls"), D.presets[0].q);
  ready = true;

  function update() {
    var p = EE.normalise(pc.map(function (c) { return c.get(); }));
    var q = EE.normalise(qc.map(function (c) { return c.get(); }));
    var warn = EE.$("#warn");
    if (!p || !q) {
      warn.textContent = (p ? "Q" : "P") + " needs some weight: every weight is 0";
      document.querySelectorAll("[data-key]").forEach(function (e) { e.textContent = DASH; });
      return;
    }
    if (warn.textContent.indexOf("needs some weight") >= 0) { warn.textContent = ""; }
    var label = [];
    words.forEach(function (w, i) {
      EE.show("p." + w, EE.fmt(p[i], "probability"));
      EE.show("q." + w, EE.fmt(q[i], "probability"));
      EE.show("bar.p." + w, EE.fmt(p[i], "bar"));
      EE.show("bar.q." + w, EE.fmt(q[i], "bar"));
      EE.show("surprise.p." + w, EE.fmt(EE.information(p[i]), "bits"));
      EE.show("surprise.q." + w, EE.fmt(EE.information(q[i]), "bits"));
      var term = p[i] > 0 ? (q[i] > 0 ? p[i] * -Math.log(q[i]) / Math.LN2 + 0 : Infinity) : 0;
      EE.show("term." + w, EE.fmt(term, "bits"));
      fills.p[i].style.height = (100 * p[i]).toFixed(2) + "%";
      fills.q[i].style.height = (100 * q[i]).toFixed(2) + "%";
      label.push(w + ": P " + EE.fmt(p[i], "bar") + ", Q " + EE.fmt(q[i], "bar"));
    });
    var h = EE.entropy(p), ce = EE.crossEntropy(p, q), kl = EE.klDivergence(p, q);
    EE.show("entropy", EE.fmt(h, "bits"));
    EE.show("cross_entropy", EE.fmt(ce, "bits"));
    EE.show("kl", EE.fmt(kl, "bits"));
    bars.setAttribute("aria-label", label.join("; ") + ". Cross-entropy " + EE.fmt(ce, "bits") + " bits");
  }

  var group = EE.$("#presets");
  D.presets.forEach(function (m) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = m.label;
    b.addEventListener("click", function () {
      ready = false;
      m.q.forEach(function (v, i) { qc[i].set(v); });
      ready = true;
      update();
    });
    group.appendChild(b);
  });
  update();
})();
