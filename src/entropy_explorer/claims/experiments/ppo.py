"""Section 15, PPO on a KL-only reward: the identity with REINFORCE, and what PPO inherits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.claims.common import LD, student_grid
from entropy_explorer.claims.experiments.logit_descent import eval_sample_efficient
from entropy_explorer.claims.experiments.pushes import eval_blind_spot
from entropy_explorer.claims.experiments.two_peaks import eval_reverse_seeks
from entropy_explorer.claims.experiments.variance import eval_variance
from entropy_explorer.claims.verdicts import (
    DIFFERS,
    VERDICTS,
    Evidence,
    Figure,
    Findings,
    combine_verdicts,
    worded,
)
from entropy_explorer.claims.words.ppo import ppo_downsides_words, ppo_inherits_words
from entropy_explorer.examples import (
    Categorical,
)
from entropy_explorer.infotheory import (
    softmax,
)

__all__ = ["PPO_BASES", "PPO_IDS", "PPO_NAMES", "eval_ppo_downsides", "eval_ppo_inherits",
           "measure_ppo_downsides", "measure_ppo_inherits"]


# ------------------------------------------------------------------- PPO
def _ppo_identity_error(teachers: Sequence[Categorical] = LD.teachers,
                        baselines: Sequence[float] = (-1.0, 0.0, 0.5)) -> float:
    """Largest |PPO one-sample estimate + REINFORCE one-sample estimate with baseline -b|."""
    worst = 0.0
    for t in teachers:
        p = np.asarray(t.probs, dtype=float)
        for z in student_grid(p.size):
            score = gradients.grad_log_q(z)
            reward = gradients.ppo_kl_reward(p, z)
            r_rev = np.log(softmax(z)) - np.log(p)
            for b in baselines:
                ppo = (reward - b)[:, None] * score
                rev = (r_rev - (-b))[:, None] * score
                worst = max(worst, float(np.max(np.abs(ppo + rev))))
    return worst


def measure_ppo_inherits(base: Callable[[], Evidence]) -> Findings:
    """PPO's estimate against REINFORCE's, then the reverse-KL claim it inherits (``base``):
    facts ``inherited`` (that claim's finding) and ``condition``."""
    err = _ppo_identity_error()
    ev = base()
    figures = (Figure("ppo_identity_error", err, "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|"),
               *ev.figures)
    return Findings(ev.verdict if err <= 1e-12 else DIFFERS, figures,
                    ("ppo_identity_error", *ev.decided_by),
                    {"inherited": ev.finding, "condition": ev.condition})


def eval_ppo_inherits(base: Callable[[], Evidence]) -> Evidence:
    return worded(measure_ppo_inherits(base), ppo_inherits_words)


def measure_ppo_downsides() -> Findings:
    """The four inherited drawbacks: facts ``names``, ``ids`` and ``verdicts`` in order."""
    parts = [eval_ppo_inherits(f) for f in PPO_BASES]
    figures = [Figure("ppo_identity_error", _ppo_identity_error(), "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|")]
    figures += [Figure(f"verdict_{cid.split('.')[1]}", float(VERDICTS.index(p.verdict)), "count",
                       f"{cid}: 0 agrees, 1 holds only under a condition, 2 differs")
                for cid, p in zip(PPO_IDS, parts, strict=True)]
    return Findings(combine_verdicts(*(p.verdict for p in parts)), tuple(figures),
                    tuple(f.name for f in figures),
                    {"names": PPO_NAMES, "ids": PPO_IDS, "verdicts": tuple(p.verdict for p in parts)})


def eval_ppo_downsides() -> Evidence:
    return worded(measure_ppo_downsides(), ppo_downsides_words)


PPO_NAMES = ("high variance", "blind spots", "mode-seeking", "lower sample-efficiency")
PPO_IDS = ("ppo.inherits_high_variance", "ppo.inherits_blind_spots", "ppo.inherits_mode_seeking",
            "ppo.lower_sample_efficiency")
PPO_BASES: tuple[Callable[[], Evidence], ...] = (
    lambda: eval_variance("reverse"), eval_blind_spot, eval_reverse_seeks, eval_sample_efficient)
