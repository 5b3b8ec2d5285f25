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
    "SURPRISE_LANDMARKS",
    "TWO_COIN_FLIPS",
    "UNLIKELY_EVENT",
    "WORKED_EXAMPLE",
    "Categorical",
    "Coin",
    "DriftingDistribution",
    "GaussianMixture",
    "GaussianStarts",
    "LogitDescent",
    "GaussianStudent",
    "GradientExperiment",
    "GuessingGame",
    "NextWordSharpening",
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
    ``1 / grid`` (readable on screen)."""

    outcomes: int
    grid: int


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
# searched over three-outcome distributions in steps of 0.1.
TRIANGLE_SEARCH = TriangleSearch(outcomes=3, grid=10)
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
