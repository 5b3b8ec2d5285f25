"""The computations behind the qualitative claims, one module per part of the article.

Each ``measure_*`` function computes figures on the article's own examples and applies its
rule (thresholds in :mod:`entropy_explorer.claims.readings`), returning
:class:`~entropy_explorer.claims.verdicts.Findings` (figures and facts, no sentences); its
``eval_*`` twin puts them into the words of the same-named module of
:mod:`entropy_explorer.claims.words` and returns
:class:`~entropy_explorer.claims.verdicts.Evidence`: :mod:`.two_peaks` (section 10's Gaussian
fits), :mod:`.pushes` (the gradient on one outcome), :mod:`.logit_descent` (descent on a softmax
student's logits), :mod:`.variance` (estimator variance), :mod:`.magnitude` (section 16),
:mod:`.task` (section 14) and :mod:`.ppo` (section 15).
"""

from __future__ import annotations

from entropy_explorer.claims.experiments.logit_descent import (
    eval_covers_c,
    eval_entropy_constant,
    eval_ignores_c,
    eval_learns_everything,
    eval_never_learn,
    eval_sample_efficient,
    eval_stable,
)
from entropy_explorer.claims.experiments.magnitude import (
    eval_asymmetry,
    eval_direction_matters,
    eval_large_kl,
    eval_support_matching,
    eval_triangle,
)
from entropy_explorer.claims.experiments.ppo import (
    eval_ppo_downsides,
    eval_ppo_inherits,
)
from entropy_explorer.claims.experiments.pushes import (
    eval_blind_spot,
    eval_forward_push,
    eval_penalty_huge,
    eval_reverse_no_gradient,
    eval_score_blows_up,
    eval_zero_at_q0,
)
from entropy_explorer.claims.experiments.task import (
    eval_alpha_interpolates,
    eval_sharpen_then_forward,
    eval_task_filter,
)
from entropy_explorer.claims.experiments.two_peaks import (
    eval_forward_covers_peaks,
    eval_missing_mode_cost,
    eval_reverse_seeks,
    eval_valley_penalty,
)
from entropy_explorer.claims.experiments.variance import (
    eval_needs_help,
    eval_variance,
)

__all__ = [
    "eval_alpha_interpolates",
    "eval_asymmetry",
    "eval_blind_spot",
    "eval_covers_c",
    "eval_direction_matters",
    "eval_entropy_constant",
    "eval_forward_covers_peaks",
    "eval_forward_push",
    "eval_ignores_c",
    "eval_large_kl",
    "eval_learns_everything",
    "eval_missing_mode_cost",
    "eval_needs_help",
    "eval_never_learn",
    "eval_penalty_huge",
    "eval_ppo_downsides",
    "eval_ppo_inherits",
    "eval_reverse_no_gradient",
    "eval_reverse_seeks",
    "eval_sample_efficient",
    "eval_score_blows_up",
    "eval_sharpen_then_forward",
    "eval_stable",
    "eval_support_matching",
    "eval_task_filter",
    "eval_triangle",
    "eval_valley_penalty",
    "eval_variance",
    "eval_zero_at_q0",
]
