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
    "Categorical",
    "Coin",
    "DriftingDistribution",
    "GaussianMixture",
    "GaussianStudent",
    "GradientExperiment",
    "GuessingGame",
    "LogitSlice",
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
