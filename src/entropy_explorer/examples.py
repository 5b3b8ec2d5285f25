"""The article's example distributions and values: one source of truth.

Data only. Scenes, the claims audit and the tests read their inputs from here; no scene
types an example value itself. Each entry names where it stands in the article.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BIASED_COIN",
    "BIMODAL_TEACHER",
    "BLIND_SPOT",
    "COVER_DRIFT",
    "DESCENT_LEARNING_RATE",
    "DESCENT_MAX_STEP",
    "TWO_PEAK_DESCENT",
    "GaussianDescent",
    "DESCENT_TOL",
    "LOGIT_DESCENT",
    "TWO_PEAK_STARTS",
    "WORKED_EXAMPLE_TASK_KEEP",
    "WORKED_EXAMPLE_ZERO_STANDINS",
    "STUDENT_START",
    "STUDENT_START_CENTRAL",
    "FAIR_COIN",
    "GUESS_LARGE",
    "GUESS_LARGE_SECRET",
    "GUESS_SMALL",
    "GUESS_SMALL_SECRET",
    "MOVIE_REVIEW",
    "MOVIE_REVIEW_Q_BLIND",
    "NEXT_WORD",
    "PPO_SLICE",
    "SURPRISE_LANDMARKS",
    "TWO_COIN_FLIPS",
    "UNLIKELY_EVENT",
    "WORKED_EXAMPLE",
    "WORKED_EXAMPLE_SOFTMAX",
    "Categorical",
    "Coin",
    "DriftingDistribution",
    "GaussianMixture",
    "GaussianStarts",
    "LogitDescent",
    "GaussianStudent",
    "GradientExperiment",
    "GuessingGame",
    "LogitSlice",
    "NextWordSharpening",
    "SoftmaxStandIn",
]


@dataclass(frozen=True)
class Categorical:
    """A named discrete distribution over labelled outcomes."""

    name: str
    outcomes: tuple[str, ...]
    probs: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.outcomes) != len(self.probs):
            raise ValueError(f"{self.name}: {len(self.outcomes)} outcomes, {len(self.probs)} probabilities")


@dataclass(frozen=True)
class Coin:
    """A coin by its probability of heads."""

    name: str
    p_heads: float

    @property
    def probs(self) -> tuple[float, float]:
        return (self.p_heads, 1.0 - self.p_heads)

    outcomes: tuple[str, str] = ("H", "T")


@dataclass(frozen=True)
class GuessingGame:
    """Guess a number from 1 to ``n``, every number equally likely."""

    n: int

    @property
    def p(self) -> float:
        return 1.0 / self.n


@dataclass(frozen=True)
class GaussianMixture:
    """A one-dimensional Gaussian mixture (the two-peaked teacher)."""

    weights: tuple[float, ...]
    means: tuple[float, ...]
    sigmas: tuple[float, ...]


@dataclass(frozen=True)
class GaussianStudent:
    """A one-Gaussian student ``N(mu, sigma^2)``."""

    mu: float
    sigma: float


@dataclass(frozen=True)
class GradientExperiment:
    """Sampled KL gradients for a categorical teacher and a softmax student.

    ``student_logits`` are the student's scores (``Q = softmax(student_logits)``); each of
    ``n_batches`` batches averages ``batch_size`` one-sample estimates; ``seed`` seeds
    ``numpy.random.default_rng``.
    """

    teacher: Categorical
    student_logits: tuple[float, ...]
    batch_size: int
    n_batches: int
    seed: int
    #: Where a sweep of the over-weighted class's logit ends (the section's last step).
    sweep_to: float = 0.0


@dataclass(frozen=True)
class LogitSlice:
    """A softmax student's gradients pictured in a 2-D slice of its logit space.

    ``directions`` are two logit directions, orthogonal to each other and to (1, ..., 1)
    (softmax ignores a constant added to every logit, so with three classes every gradient
    lies in their plane); the gradients module normalises them. Sampled estimates: ``n_batches``
    batches of ``batch_size`` draws from the student, seeded with ``seed``. The last step
    sweeps logit ``sweep_class`` from its value in ``student_logits`` to ``sweep_to``.
    """

    teacher: Categorical
    student_logits: tuple[float, ...]
    directions: tuple[tuple[float, ...], tuple[float, ...]]
    batch_size: int
    n_batches: int
    seed: int
    sweep_class: str
    sweep_to: float


@dataclass(frozen=True)
class DriftingDistribution:
    """A distribution over ``n`` outcomes that drifts in a loop (the blog cover).

    At phase ``t`` in [0, 1) the logits are ``cos(2 pi (i / n - t))`` (the peak travels once
    round) and the sharpness goes from 0 (flat) to ``sharpness_max`` and back ``breaths``
    times; one loop lasts ``seconds``.
    """

    n: int
    sharpness_max: float
    breaths: int
    seconds: float


@dataclass(frozen=True)
class NextWordSharpening:
    """A next-word distribution that sharpens onto ``target`` as confidence grows.

    ``logits`` are the model's scores; the distribution at confidence ``c`` is
    ``softmax(c * logits)`` for ``c`` from ``confidence_start`` to ``confidence_end``.
    """

    context: str
    words: tuple[str, ...]
    logits: tuple[float, ...]
    target: str
    confidence_start: float
    confidence_end: float


@dataclass(frozen=True)
class SoftmaxStandIn:
    """A softmax student standing in for a categorical student that has zeros.

    A softmax cannot put exactly 0 on an outcome (its logit would be minus infinity), so
    each zero of ``student`` becomes ``zero_standin`` and the logits are the logs of the
    result (``gradients.stand_in_logits``; the softmax renormalises). ``learning_rate`` and
    ``steps`` set plain gradient descent with exact gradients on those logits.
    """

    student: Categorical
    zero_standin: float
    learning_rate: float
    steps: int


# Section "Information": the landmarks on the surprise curve (p = 1, 1/2, 1/8, 0.001).
SURPRISE_LANDMARKS: tuple[float, ...] = (1.0, 1 / 2, 1 / 8, 0.001)

# Section "Bits, Information and Probability": an unlikely event.
UNLIKELY_EVENT: float = 0.001

# Section "A Guiding Example: Guessing a Number".
GUESS_SMALL = GuessingGame(n=8)
GUESS_LARGE = GuessingGame(n=1024)
# The numbers "I" think of in the guessing scene (any would do; the question count is the
# same for every number when n is a power of two).
GUESS_SMALL_SECRET: int = 6
GUESS_LARGE_SECRET: int = 700

# Axiom A2 / "Why Not Just Use Probability?": flipping a fair coin twice = 2 bits.
TWO_COIN_FLIPS: tuple[float, float] = (0.5, 0.5)

# Section "Entropy": the fair coin and the biased coin (P(H) = 0.9, P(T) = 0.1).
FAIR_COIN = Coin(name="fair coin", p_heads=0.5)
BIASED_COIN = Coin(name="biased coin", p_heads=0.9)

# Section "Entropy": growing confidence that the next word is "dog" (replaces the
# article's entropy_explorer.html widget). Scores are illustrative, not from a model.
NEXT_WORD = NextWordSharpening(
    context="The quick brown fox jumps over the lazy",
    words=("dog", "cat", "fox", "man", "river"),
    logits=(2.0, 1.0, 0.6, 0.3, 0.0),
    target="dog",
    confidence_start=0.0,
    confidence_end=4.0,
)

# Section "Cross-entropy": how people complete "The movie was ..." (P) and a model that
# learned it wrong (Q).
MOVIE_REVIEW_P = Categorical("true distribution P", ("amazing", "terrible", "okay"), (0.5, 0.4, 0.1))
MOVIE_REVIEW_Q = Categorical("model Q", ("amazing", "terrible", "okay"), (0.9, 0.05, 0.05))
MOVIE_REVIEW = (MOVIE_REVIEW_P, MOVIE_REVIEW_Q)
# Section "Cross-entropy", support matching: a model that rules "terrible" out entirely
# (Q(x) = 0 where P(x) > 0), so H(P, Q) is infinite. Our choice; the article gives none.
MOVIE_REVIEW_Q_BLIND = Categorical("model ruling out 'terrible'", ("amazing", "terrible", "okay"),
                                   (0.9, 0.0, 0.1))

# The blog cover: bars whose peak travels once round the outcomes per loop while the
# distribution breathes between flat and sharp (softmax(sharpness * cos(angle))).
COVER_DRIFT = DriftingDistribution(n=8, sharpness_max=8.0, breaths=2, seconds=10.0)

# Section "Forward vs. Reverse KL": teacher with two peaks at -3 and +3. The article gives
# only the peak positions; equal weights and unit widths are our choice.
BIMODAL_TEACHER = GaussianMixture(weights=(0.5, 0.5), means=(-3.0, 3.0), sigmas=(1.0, 1.0))

# Section "Mini Worked Example (discrete)": teacher P and the student's initial Q.
WORKED_EXAMPLE_P = Categorical("teacher P", ("A", "B", "C"), (0.49, 0.49, 0.02))
WORKED_EXAMPLE_Q = Categorical("student Q", ("A", "B", "C"), (0.98, 0.02, 0.0))
WORKED_EXAMPLE = (WORKED_EXAMPLE_P, WORKED_EXAMPLE_Q)
# The same section's gradients need a softmax student: WORKED_EXAMPLE_Q with one in a
# million on C instead of 0. Step size 2 is half the largest step that is stable for
# forward KL from any start (its Hessian on the logits, diag(Q) - QQ^T, has eigenvalues of
# at most 1/2); in 240 steps forward KL brings Q(C) to within 1 % of P(C). Our choices; the
# article gives no student logits or optimiser.
WORKED_EXAMPLE_SOFTMAX = SoftmaxStandIn(student=WORKED_EXAMPLE_Q, zero_standin=1e-6,
                                        learning_rate=2.0, steps=240)

# Section "Forward vs. Reverse KL": the initial students and the step size (our choice; the
# article gives none). Both directions start from STUDENT_START (off-centre, narrow). The
# reverse-KL landscape of BIMODAL_TEACHER also has a wide symmetric local minimum: a student
# started near the middle (STUDENT_START_CENTRAL) settles there instead of on a peak.
STUDENT_START = GaussianStudent(mu=1.0, sigma=0.7)
STUDENT_START_CENTRAL = GaussianStudent(mu=0.5, sigma=1.0)
DESCENT_LEARNING_RATE = 0.2
# Longest update in the (mu, log sigma) plane: without it the first forward-KL step from a
# narrow student overshoots to sigma of about 47.
DESCENT_MAX_STEP = 0.2
# The descent stops once the gradient's norm is below this (the student no longer moves
# visibly); the video's paths and the kl_fit widget's "descend" both use it.
DESCENT_TOL = 1e-4


@dataclass(frozen=True)
class GaussianDescent:
    """Gradient descent on a one-Gaussian student's ``(mu, log sigma)``.

    Each update is ``learning_rate`` times the gradient, clipped to length ``max_step``; the
    run stops once the gradient norm is under ``tol`` or after ``max_steps`` steps.
    """

    learning_rate: float
    max_step: float
    tol: float
    max_steps: int

    def options(self) -> dict[str, float]:
        """The keyword arguments of ``gaussians.descend`` / ``descend_alpha``."""
        return {"learning_rate": self.learning_rate, "max_step": self.max_step,
                "tol": self.tol, "max_steps": self.max_steps}


# The one setting of every descent on the two-peaked teacher that a scene draws and the audit
# checks (sections 10, 14, 17, 18, 20; the audit's start sweep and alpha sweep): section 10's
# step size and clipping, stopping once the student no longer moves visibly (every such run
# converges within a few hundred steps).
TWO_PEAK_DESCENT = GaussianDescent(learning_rate=DESCENT_LEARNING_RATE,
                                   max_step=DESCENT_MAX_STEP, tol=DESCENT_TOL, max_steps=3000)

# Section "Blind Spots and Variance": the worked example's teacher and a student that has
# learned A, over-weights the rare C and has all but abandoned B (Q(B) is about 2e-7). The
# sweep moves C's logit down until Q(C) is close to P(C).
BLIND_SPOT = GradientExperiment(
    teacher=WORKED_EXAMPLE_P,
    student_logits=(3.0, -12.0, 2.0),
    batch_size=8,
    n_batches=2000,
    seed=12,
    sweep_to=-1.0,
)


# ----------------------------------------------------------------------------- Part IV
__all__ += [
    "ALPHA_SWEEP",
    "DISTILL_FILTERS",
    "DISTILL_TEACHER",
    "SUPPORT_MISMATCH_REVERSE",
    "TASK_DISTILL_LEARNING_RATE",
    "TASK_DISTILL_START_LOGITS",
    "TASK_DISTILL_STEPS",
    "TRIANGLE_SEARCH",
    "NextTokenTeacher",
    "TeacherFilter",
    "TriangleSearch",
]


@dataclass(frozen=True)
class NextTokenTeacher:
    """A teacher's next-token distribution after ``context``: ``probs[i]`` for ``tokens[i]``."""

    context: str
    tokens: tuple[str, ...]
    probs: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.tokens) != len(self.probs):
            raise ValueError(f"{self.context!r}: {len(self.tokens)} tokens, {len(self.probs)} probabilities")


@dataclass(frozen=True)
class TeacherFilter:
    """Settings that turn a teacher into a task-conditioned one (``teachers.filter_stages``).

    ``masked`` tokens are multiplied by ``mask_factor`` (0 removes them); ``temperature``
    1 and ``top_k`` / ``top_p`` ``None`` leave the teacher as it is.
    """

    temperature: float = 1.0
    top_k: int | None = None
    top_p: float | None = None
    masked: tuple[str, ...] = ()
    mask_factor: float = 0.0


@dataclass(frozen=True)
class TriangleSearch:
    """Where to look for a triangle-inequality counterexample for KL: every triple of
    distributions on ``outcomes`` outcomes whose probabilities are positive multiples of
    ``1 / grid`` (readable on screen). ``names`` label the outcomes on screen."""

    outcomes: int
    grid: int
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.names and len(self.names) != self.outcomes:
            raise ValueError(f"{self.outcomes} outcomes but {len(self.names)} names")


# Sections "Knowledge Distillation: Why Forward KL Wins" and "We only want task-relevant
# modes": a teacher's next-token distribution with a clear favourite, a second mode and a
# small tail. Illustrative numbers, not from a model; the article gives none.
DISTILL_TEACHER = NextTokenTeacher(
    context="Could I have a cup of",
    tokens=("coffee", "tea", "water", "cocoa", "milk", "soup"),
    probs=(0.50, 0.30, 0.08, 0.06, 0.04, 0.02),
)
# Section "We only want task-relevant modes", (a): a drinks-only task masks "soup";
# temperature 0.5 sharpens; top-k keeps coffee, tea, water; top-p 0.9 keeps the four
# tokens whose mass first reaches 0.9 (0.50 + 0.30 + 0.08 + 0.06). Our choices.
DISTILL_FILTERS = TeacherFilter(temperature=0.5, top_k=3, top_p=0.9, masked=("soup",), mask_factor=0.0)

# Section "We only want task-relevant modes", (b): the orders of the alpha-divergence swept
# on BIMODAL_TEACHER from STUDENT_START (0 = reverse KL, 1 = forward KL). Dense below 0.2,
# where the fit changes character (the gaussians module locates the changes).
ALPHA_SWEEP: tuple[float, ...] = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.125, 0.15, 0.2, 0.3,
                                  0.45, 0.6, 0.8, 1.0)
# Same section, (a): a fresh softmax student (every logit 0: uniform over DISTILL_TEACHER's
# tokens) distilled to the filtered teacher by exact forward-KL descent on its logits. With
# step 2 the student is within total variation 0.007 of the task teacher after 100 steps
# (step 1 needs about 200); the mass it keeps on the removed tokens shrinks like 1/t.
TASK_DISTILL_START_LOGITS: tuple[float, ...] = (0.0,) * len(DISTILL_TEACHER.tokens)
TASK_DISTILL_LEARNING_RATE = 2.0
TASK_DISTILL_STEPS = 100

# Section "Interpreting the Magnitude of KL": the triangle-inequality counterexample is
# searched over three-outcome distributions in steps of 0.1, named like the worked example's.
TRIANGLE_SEARCH = TriangleSearch(outcomes=3, grid=10, names=("A", "B", "C"))
# Same section, support mismatch the other way round from WORKED_EXAMPLE (where the forward
# KL is infinite): a teacher that rules C out and a student that does not, so D(P||Q) is
# finite and D(Q||P) infinite. Our choice; the article gives none.
SUPPORT_MISMATCH_REVERSE = (
    Categorical("teacher ruling out C", ("A", "B", "C"), (0.6, 0.4, 0.0)),
    Categorical("student Q", ("A", "B", "C"), (0.5, 0.3, 0.2)),
)


# Sections "Forward vs. Reverse KL" to "Summary Cheat-Sheet": the claims audit's sweeps
# (our choices; the article names no optimiser, step size or set of students).
@dataclass(frozen=True)
class LogitDescent:
    """Gradient descent on a softmax student's logits, and the students it starts from.

    Starts: logits ``(a, b, 0)`` with ``a, b`` from ``-grid_span`` to ``grid_span`` in steps
    of ``grid_step`` (169 students for a three-outcome teacher, from nearly one-hot to
    nearly uniform). Every run takes ``learning_rate`` steps; a sampled run draws
    ``batch_size`` samples a step from ``numpy.random.default_rng(seed)`` for at most
    ``max_steps`` steps. A run has *reached* the teacher once the total variation
    ``(1/2) sum |Q - P|`` is at most ``tolerance``. ``step_sizes`` are the step sizes the
    stability check tries (doubling).
    """

    teachers: tuple[Categorical, ...]
    grid_span: float
    grid_step: float
    learning_rate: float
    batch_size: int
    max_steps: int
    seed: int
    tolerance: float
    step_sizes: tuple[float, ...]


@dataclass(frozen=True)
class GaussianStarts:
    """Initial one-Gaussian students: every ``(mu, sigma)`` pair of the two tuples."""

    mus: tuple[float, ...]
    sigmas: tuple[float, ...]


# The teachers are the article's own (the worked example's and the movie review's). With
# 0.5 the sampled forward runs' noise floor (total variation about 0.046) sits just inside
# the tolerance; the batch size is section 12's.
LOGIT_DESCENT = LogitDescent(
    teachers=(WORKED_EXAMPLE_P, MOVIE_REVIEW_P),
    grid_span=6.0,
    grid_step=1.0,
    learning_rate=0.5,
    batch_size=8,
    max_steps=3000,
    seed=10,
    tolerance=0.05,
    step_sizes=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
)
# Section "Mini Worked Example": a softmax cannot give Q(C) = 0 exactly; these small values
# stand in for it (the article's other probabilities renormalised around them).
WORKED_EXAMPLE_ZERO_STANDINS: tuple[float, ...] = (1e-3, 1e-6, 1e-9)
# Section "We only want task-relevant modes": the article's "mask ... unwanted tokens",
# applied to the worked example's teacher (our choice: C is the unwanted token).
WORKED_EXAMPLE_TASK_KEEP: tuple[str, ...] = ("A", "B")
# Section "Forward vs. Reverse KL": starts for the two-peaked teacher's descent sweep, from
# deep in one peak's basin to wide and centred.
TWO_PEAK_STARTS = GaussianStarts(mus=(-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0),
                                 sigmas=(0.5, 1.0, 2.0, 4.0))


@dataclass(frozen=True)
class LandscapeGrid:
    """The grid of students ``N(mu, sigma^2)`` a KL landscape is evaluated on.

    ``mu`` runs over ``mu_range`` in ``mu_count`` evenly spaced values; ``log sigma`` over
    ``(log sigma_range[0], log sigma_range[1])`` in ``sigma_count`` evenly spaced values
    (natural log). Data only: a user builds the axes with ``numpy.linspace`` from these.
    """

    mu_range: tuple[float, float]
    mu_count: int
    sigma_range: tuple[float, float]
    sigma_count: int


# Section "Forward vs. Reverse KL": the reverse-KL landscape over every student of the
# two-peaked teacher, drawn by the video and by the article's widget page.
TWO_PEAK_LANDSCAPE = LandscapeGrid(mu_range=(-5.0, 5.0), mu_count=101,
                                   sigma_range=(0.4, 5.0), sigma_count=71)
__all__ += ["TWO_PEAK_LANDSCAPE", "LandscapeGrid"]


# ------------------------------------------------ "Applications You'll See in Practice"
__all__ += ["TRUST_REGION_TOY", "VAE_TOY", "TrustRegionToy", "VaeToy"]


@dataclass(frozen=True)
class TrustRegionToy:
    """One policy update of a Gaussian policy ``N(mean, sigma^2 I)`` over a 2-D action.

    ``greedy_step`` is the mean's unconstrained step (a large gradient step, in action
    units); ``delta`` bounds ``D(pi_old || pi_new)`` (the trust region).
    """

    sigma: float
    delta: float
    greedy_step: tuple[float, float]


@dataclass(frozen=True)
class VaeToy:
    """A one-dimensional VAE: prior ``N(0, 1)``, decoder ``p(x|z) = N(z, noise_sigma^2)``, one
    observation ``x``; the KL term's weight grows from ``beta_start`` to ``beta_end``."""

    x: float
    noise_sigma: float
    beta_start: float
    beta_end: float


# Section "Applications You'll See in Practice": glyph toys, our choices (the article gives
# none). The trust region is wide enough to see (TRPO's usual bound is far smaller, about
# 0.01); the greedy step leaves it. The VAE's encoder goes from a weak KL term (a quarter of
# the usual weight) to the plain VAE (weight 1), where it is the exact posterior.
TRUST_REGION_TOY = TrustRegionToy(sigma=1.0, delta=0.3, greedy_step=(1.5, 0.75))
VAE_TOY = VaeToy(x=3.0, noise_sigma=1.0, beta_start=0.25, beta_end=1.0)
# Section "PPO on a KL-only reward": the worked example's teacher and a student that favours
# A, over-weights the rare C and gives B little mass (Q is about (0.71, 0.035, 0.26)); batches
# of 32 give a cloud of estimates about as wide as the exact gradient is long. The
# slice's axes run along theta_A - theta_B and theta_A + theta_B - 2 theta_C. The last step
# lowers B's logit to BLIND_SPOT's (the other logits already equal BLIND_SPOT's), ending on
# the blind-spot student of section "Blind Spots and Variance". Our choices; the article
# gives none.
PPO_SLICE = LogitSlice(
    teacher=WORKED_EXAMPLE_P,
    student_logits=(3.0, 0.0, 2.0),
    directions=((1.0, -1.0, 0.0), (1.0, 1.0, -2.0)),
    batch_size=32,
    n_batches=400,
    seed=15,
    sweep_class="B",
    sweep_to=BLIND_SPOT.student_logits[1],
)

# Section "Knowledge Distillation: Why Forward KL Wins": the student's starting logits for
# DISTILL_TEACHER (our choice), the step size and the length of both descent runs. The
# student is sure of coffee (Q = 0.98), gives tea 0.018 and each tail token 1.2e-4, so the
# two directions part visibly. Measured with exact descent at step size 1: forward KL gives
# every token half its teacher probability after 34 steps, reverse KL after 216, having
# copied the coffee/tea ratio within about 20 steps and then sat on the tail for the rest.
# Tail logits of -4 give 26 and 109 steps (too close to tell apart on screen), -6 give 44 and
# 455 (too long to animate). Step size 1 is inside the range where the audit finds exact
# descent monotone for both directions (up to 4); 250 steps lets the reverse run finish.
__all__ += ["DISTILL_LEARNING_RATE", "DISTILL_STEPS", "DISTILL_STUDENT_START"]
DISTILL_STUDENT_START: tuple[float, ...] = (4.0, 0.0, -5.0, -5.0, -5.0, -5.0)
DISTILL_LEARNING_RATE = 1.0
DISTILL_STEPS = 250
