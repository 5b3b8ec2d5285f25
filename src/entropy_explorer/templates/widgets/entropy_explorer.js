/* entropy_explorer.html: the next-word distribution sharpening onto the target, and a coin
 * (section 7). */
"use strict";
(function () {
  var EE = window.EE, D = EE.data;
  EE.$("#context").textContent = D.context;
  EE.$("#c-start").textContent = String(D.confidence[0]);
  EE.$("#c-end").textContent = String(D.confidence[1]);
  document.querySelectorAll(".target").forEach(function (e) { e.textContent = D.target; });
  var bars = EE.$("#word-bars"), names = EE.$("#word-names"), fills = [];
  D.words.forEach(function (w, i) {
    var bar = document.createElement("div"), val = document.createElement("span"),
        fill = document.createElement("div");
    bar.className = "bar"; val.className = "val c-p"; fill.className = "fill";
    val.setAttribute("data-key", "p." + w);
    fill.style.background = EE.colour("p");
    bar.appendChild(val); bar.appendChild(fill); bars.appendChild(bar); fills.push(fill);
    var n = document.createElement("span");
    n.textContent = w; names.appendChild(n);
  });
  var target = D.words.indexOf(D.target);
  var uniform = D.words.map(function () { return 1 / D.words.length; });
  EE.show("max_entropy", EE.fmt(EE.entropy(uniform), "bits"));

  function words(c) {
    var p = EE.softmax(D.logits.map(function (v) { return c * v; }));
    D.words.forEach(function (w, i) {
      EE.show("p." + w, EE.fmt(p[i], "bar"));
      fills[i].style.height = (100 * p[i]).toFixed(2) + "%";
    });
    var h = EE.entropy(p);
    EE.show("p_target", EE.fmt(p[target], "bar"));
    EE.show("entropy", EE.fmt(h, "bits"));
    bars.setAttribute("aria-label", "next-word probabilities: " + D.words.map(function (w, i) {
      return w + " " + EE.fmt(p[i], "bar");
    }).join(", ") + "; entropy " + EE.fmt(h, "bits") + " bits");
  }

  function coin(p) {
    var probs = [p, 1 - p], keys = ["heads", "tails"];
    probs.forEach(function (q, i) {
      var info = EE.information(q);
      EE.show("coin.p_" + keys[i], EE.fmt(q, "bar"));
      EE.show("coin.info_" + keys[i], EE.fmt(info, "coin_bits"));
      EE.show("coin.term_" + keys[i], EE.fmt(q > 0 ? q * info : 0, "coin_bits"));
    });
    EE.show("coin.entropy", EE.fmt(EE.binaryEntropy(p), "coin_bits"));
  }

  var c = EE.control("confidence", {
    label: "confidence",
    check: function (v) {
      if (v < 0 || !isFinite(v)) { return "a confidence is a number from 0 up"; }
      var big = D.logits.every(function (s) { return isFinite(v * s); });
      return big ? "" : "too large: the scores times c overflow";
    },
    describe: function (v) { return "c = " + EE.tidy(v); },
    onChange: words,
  });
  var heads = EE.control("coin", {
    label: "P(heads)",
    check: function (v) { return v < 0 || v > 1 ? "a probability lies between 0 and 1" : ""; },
    describe: function (v) { return "P(heads) = " + EE.fmt(v, "bar"); },
    onChange: coin,
  });
  var group = EE.$("#coins");
  D.coins.forEach(function (m) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = m.label + " (" + m.p + ")";
    b.addEventListener("click", function () { heads.set(m.p); });
    group.appendChild(b);
  });
  c.set(D.confidence[0]);
  heads.set(D.coins[1].p);
})();
