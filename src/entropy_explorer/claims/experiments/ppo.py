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
    AGREES,
    CONDITIONAL,
    DIFFERS,
    VERDICTS,
    Evidence,
    Figure,
    combine_verdicts,
    fmt_sig,
    make_evidence,
)
from entropy_explorer.examples import (
    Categorical,
)
from entropy_explorer.infotheory import (
    softmax,
)

__all__ = ["PPO_BASES", "eval_ppo_downsides", "eval_ppo_inherits"]


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


def eval_ppo_inherits(base: Callable[[], Evidence]) -> Evidence:
    err = _ppo_identity_error()
    ev = base()
    same = err <= 1e-12
    figures = [Figure("ppo_identity_error", err, "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|"), *ev.figures]
    finding = (f"PPO's one-sample estimate (A = log P - log Q - b) is minus REINFORCE's with "
               f"baseline -b (largest difference {fmt_sig(err)}), so it inherits REINFORCE's "
               "behaviour: " + ev.finding)
    return make_evidence(ev.verdict if same else DIFFERS, finding, figures,
                     ("ppo_identity_error", *ev.decided_by), ev.condition)


def eval_ppo_downsides() -> Evidence:
    parts = [eval_ppo_inherits(f) for f in PPO_BASES]
    verdict = combine_verdicts(*(p.verdict for p in parts))
    figures = [Figure("ppo_identity_error", _ppo_identity_error(), "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|")]
    figures += [Figure(f"verdict_{cid.split('.')[1]}", float(VERDICTS.index(p.verdict)), "count",
                       f"{cid}: 0 agrees, 1 holds only under a condition, 2 differs")
                for cid, p in zip(_PPO_IDS, parts, strict=True)]
    finding = "PPO inherits: " + "; ".join(f"{n}: {p.verdict} ({cid})" for n, cid, p in
                                            zip(_PPO_NAMES, _PPO_IDS, parts, strict=True)) + "."
    condition = ("; ".join(f"{n} holds only under a condition ({cid})" for n, cid, p in
                           zip(_PPO_NAMES, _PPO_IDS, parts, strict=True) if p.verdict == CONDITIONAL)
                 + "; " + ", ".join(n for n, p in zip(_PPO_NAMES, parts, strict=True)
                                    if p.verdict == AGREES) + " agrees")
    return make_evidence(verdict, finding, figures, tuple(f.name for f in figures), condition)


_PPO_NAMES = ("high variance", "blind spots", "mode-seeking", "lower sample-efficiency")
_PPO_IDS = ("ppo.inherits_high_variance", "ppo.inherits_blind_spots", "ppo.inherits_mode_seeking",
            "ppo.lower_sample_efficiency")
PPO_BASES: tuple[Callable[[], Evidence], ...] = (
    lambda: eval_variance("reverse"), eval_blind_spot, eval_reverse_seeks, eval_sample_efficient)
