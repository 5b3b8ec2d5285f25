/* Entropy Explorer widgets: the few formulas of infotheory.py and gaussians.py, ported.
 *
 * The same conventions as the Python module: 0 log 0 = 0; Infinity (never NaN) where Q
 * gives an outcome of P zero mass; KL in bits for discrete distributions, in nats for the
 * Gaussian student; the same trapezoid quadrature (Z_MAX, QUADRATURE_NODES from the page's
 * settings) and the same descent loop. The tests compare every number the pages show
 * with the Python module.
 */
"use strict";
var EE = window.EE || (window.EE = {});

/* ------------------------------------------------------------ formatting (numbers.py) */
/* format_value: fixed decimals, Python's rounding (half to even on the exact binary value),
 * "∞" for infinity, no "-0.00". */
EE.formatValue = function (value, decimals) {
  if (value === Infinity) { return "\u221e"; }
  if (value === -Infinity) { return "-\u221e"; }
  if (isNaN(value)) { throw new Error("refusing to show NaN"); }
  if (Math.abs(value) >= 1e21) {  // an integer; toFixed would switch to exponent notation
    return BigInt(value).toString() + (decimals > 0 ? "." + "0".repeat(decimals) : "");
  }
  var text = value.toFixed(decimals);
  // toFixed rounds an exact tie away from zero; Python rounds it to the even digit.
  var exact = Math.abs(value).toFixed(Math.min(100, decimals + 30));
  var rest = exact.slice(exact.length - 30);
  if (/^50*$/.test(rest)) {
    var digits = text.replace("-", "").replace(".", "");
    if ((digits.charCodeAt(digits.length - 1) - 48) % 2 === 1) {
      var down = (BigInt(digits) - 1n).toString().padStart(decimals + 1, "0");
      var body = decimals > 0 ? down.slice(0, down.length - decimals) + "." +
        down.slice(down.length - decimals) : down;
      text = (value < 0 ? "-" : "") + body;
    }
  }
  if (text.charAt(0) === "-" && parseFloat(text) === 0) { text = text.slice(1); }
  return text;
};

/* ---------------------------------------------------------------- infotheory.py */
EE.information = function (p, base) {
  var lb = Math.log(base || 2);
  return -Math.log(p) / lb + 0;
};

function plogq(p, q) {  // -sum p log q in nats; Infinity where p > 0 = q
  var s = 0;
  for (var i = 0; i < p.length; i++) {
    if (p[i] > 0) {
      if (q[i] === 0) { return Infinity; }
      s += p[i] * Math.log(q[i]);
    }
  }
  return -s;
}

EE.entropy = function (p, base) { return plogq(p, p) / Math.log(base || 2) + 0; };
EE.crossEntropy = function (p, q, base) { return plogq(p, q) / Math.log(base || 2) + 0; };
EE.klDivergence = function (p, q, base) {
  var s = 0;
  for (var i = 0; i < p.length; i++) {
    if (p[i] > 0) {
      if (q[i] === 0) { return Infinity; }
      s += p[i] * (Math.log(p[i]) - Math.log(q[i]));
    }
  }
  return Math.max(s / Math.log(base || 2), 0);
};
EE.binaryEntropy = function (p, base) {
  var a = p > 0 ? p * Math.log(p) : 0;
  var b = p < 1 ? (1 - p) * Math.log1p(-p) : 0;
  return -(a + b) / Math.log(base || 2) + 0;
};
EE.softmax = function (logits, temperature) {
  var t = temperature || 1, z = logits.map(function (v) { return v / t; });
  var m = Math.max.apply(null, z), e = z.map(function (v) { return Math.exp(v - m); });
  var s = 0;
  for (var i = 0; i < e.length; i++) { s += e[i]; }
  return e.map(function (v) { return v / s; });
};
/* Weights -> a distribution (w / sum w), or null if nothing has weight. */
EE.normalise = function (w) {
  var s = 0;
  for (var i = 0; i < w.length; i++) { s += w[i]; }
  return s > 0 ? w.map(function (v) { return v / s; }) : null;
};

/* ----------------------------------------------------------------- gaussians.py */
var LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/* The trapezoid nodes z and weights phi(z) dz on [-zMax, zMax] (numpy.linspace's nodes). */
EE.quadrature = function (zMax, nodes) {
  var z = new Float64Array(nodes), w = new Float64Array(nodes);
  var step = (2 * zMax) / (nodes - 1);
  for (var i = 0; i < nodes; i++) { z[i] = i * step - zMax; }
  z[nodes - 1] = zMax;
  var dz = z[1] - z[0];
  for (var j = 0; j < nodes; j++) {
    var wj = (j === 0 || j === nodes - 1) ? 0.5 * dz : dz;
    w[j] = wj * Math.exp(-0.5 * z[j] * z[j]) / Math.sqrt(2 * Math.PI);
  }
  return { z: z, w: w };
};

/* A one-dimensional Gaussian mixture and a Gaussian student on the shared quadrature. */
EE.Teacher = function (mixture, quad) {
  this.w = []; this.m = []; this.s = []; this.c = [];
  for (var k = 0; k < mixture.weights.length; k++) {
    if (mixture.weights[k] > 0) {
      this.w.push(mixture.weights[k]); this.m.push(mixture.means[k]); this.s.push(mixture.sigmas[k]);
      this.c.push(Math.log(mixture.weights[k]) - Math.log(mixture.sigmas[k]) - LOG_SQRT_2PI);
    }
  }
  this.z = quad.z; this.qw = quad.w;
  this.comp = new Float64Array(this.w.length);
};

/* log w_k + log N(x; m_k, s_k^2) into this.comp; returns their log-sum-exp, log p(x). */
EE.Teacher.prototype.logpdf = function (x) {
  var n = this.w.length, comp = this.comp, mx = -Infinity, k;
  for (k = 0; k < n; k++) {
    var u = (x - this.m[k]) / this.s[k];
    comp[k] = this.c[k] - 0.5 * u * u;
    if (comp[k] > mx) { mx = comp[k]; }
  }
  var s = 0;
  for (k = 0; k < n; k++) { s += Math.exp(comp[k] - mx); }
  return mx + Math.log(s);
};

EE.Teacher.prototype.score = function (x) {  // d/dx log p(x): responsibilities times scores
  var lse = this.logpdf(x), out = 0;
  for (var k = 0; k < this.w.length; k++) {
    out += Math.exp(this.comp[k] - lse) * (-(x - this.m[k]) / (this.s[k] * this.s[k]));
  }
  return out;
};

EE.Teacher.prototype.pdf = function (x) { return Math.exp(this.logpdf(x)); };

function normalLogpdf(x, mu, sigma) {
  var u = (x - mu) / sigma;
  return -0.5 * u * u - Math.log(sigma) - LOG_SQRT_2PI;
}
EE.normalPdf = function (x, mu, sigma) { return Math.exp(normalLogpdf(x, mu, sigma)); };

/* E_{x ~ N(mu, sigma^2)}[f(x)] */
EE.Teacher.prototype.expectNormal = function (f, mu, sigma) {
  var s = 0, z = this.z, w = this.qw;
  for (var i = 0; i < z.length; i++) { s += w[i] * f(mu + sigma * z[i]); }
  return s;
};
/* E_{x ~ P}[f(x)]: weighted component expectations */
EE.Teacher.prototype.expectMixture = function (f) {
  var s = 0;
  for (var k = 0; k < this.w.length; k++) { s += this.w[k] * this.expectNormal(f, this.m[k], this.s[k]); }
  return s;
};

EE.checkStudent = function (mu, sigma) {
  return isFinite(mu) && isFinite(sigma) && sigma > 0;
};

EE.Teacher.prototype.forwardKL = function (mu, sigma) {
  var self = this;
  var v = this.expectMixture(function (x) { return self.logpdf(x) - normalLogpdf(x, mu, sigma); });
  return Math.max(v, 0);
};

EE.Teacher.prototype.reverseKL = function (mu, sigma) {
  var self = this, negEntropy = -(0.5 + LOG_SQRT_2PI + Math.log(sigma));
  var v = negEntropy - this.expectNormal(function (x) { return self.logpdf(x); }, mu, sigma);
  return Math.max(v, 0);
};

EE.Teacher.prototype.kl = function (direction, mu, sigma) {
  return direction === "forward" ? this.forwardKL(mu, sigma) : this.reverseKL(mu, sigma);
};

/* Gradients with respect to (mu, log sigma). */
EE.Teacher.prototype.forwardGrad = function (mu, sigma) {
  var dMu = -this.expectMixture(function (x) { return x - mu; }) / (sigma * sigma);
  var dS = 1 - this.expectMixture(function (x) { return (x - mu) * (x - mu); }) / (sigma * sigma);
  return [dMu, dS];
};

EE.Teacher.prototype.reverseGrad = function (mu, sigma) {
  var z = this.z, w = this.qw, a = 0, b = 0;
  for (var i = 0; i < z.length; i++) {
    var sc = this.score(mu + sigma * z[i]);
    a += w[i] * sc;
    b += w[i] * (z[i] * sc);
  }
  return [-a, -1 - sigma * b];
};

/* gaussians.descend: plain gradient descent on (mu, log sigma), each update
 * -learningRate * grad shortened to maxStep, until |grad| < tol or maxSteps steps. */
EE.Teacher.prototype.descend = function (direction, mu0, sigma0, opts) {
  var theta = [mu0, Math.log(sigma0)];
  var path = { mu: [], sigma: [], kl: [], gradNorm: [], converged: false, direction: direction };
  for (var step = 0; step <= opts.maxSteps; step++) {
    var mu = theta[0], sigma = Math.exp(theta[1]);
    var g = direction === "forward" ? this.forwardGrad(mu, sigma) : this.reverseGrad(mu, sigma);
    path.mu.push(mu); path.sigma.push(sigma); path.kl.push(this.kl(direction, mu, sigma));
    var norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
    path.gradNorm.push(norm);
    if (norm < opts.tol) { path.converged = true; break; }
    if (step === opts.maxSteps) { break; }
    var u = [opts.learningRate * g[0], opts.learningRate * g[1]];
    if (opts.maxStep) {
      var un = Math.sqrt(u[0] * u[0] + u[1] * u[1]);
      if (un > opts.maxStep) { u = [u[0] * (opts.maxStep / un), u[1] * (opts.maxStep / un)]; }
    }
    theta = [theta[0] - u[0], theta[1] - u[1]];
  }
  path.steps = path.mu.length - 1;
  return path;
};
