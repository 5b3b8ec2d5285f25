"""What an experiment found, in words: the finding and condition sentences of the
qualitative audit, filled from the figures and facts an experiment returns
(:class:`~entropy_explorer.claims.verdicts.Findings`; an experiment computes and writes no
English, :func:`~entropy_explorer.claims.verdicts.worded` joins the two). One module per part
of the article, beside its experiments module: :mod:`.two_peaks`, :mod:`.pushes`,
:mod:`.logit_descent`, :mod:`.variance`, :mod:`.magnitude`, :mod:`.task` and :mod:`.ppo`.
"""

from __future__ import annotations

from entropy_explorer.claims.words.logit_descent import (
    BASELINE_WORDS,
    covers_c_words,
    entropy_constant_words,
    ignores_c_words,
    learns_everything_words,
    never_learn_words,
    sample_efficiency_words,
    stable_words,
)
from entropy_explorer.claims.words.magnitude import (
    asymmetry_words,
    direction_words,
    large_kl_words,
    support_words,
    teacher_label,
    triangle_words,
)
from entropy_explorer.claims.words.ppo import ppo_downsides_words, ppo_inherits_words
from entropy_explorer.claims.words.pushes import (
    blind_spot_words,
    forward_push_words,
    penalty_huge_words,
    reverse_no_gradient_words,
    score_blows_up_words,
    zero_at_q0_words,
)
from entropy_explorer.claims.words.task import alpha_words, sharpen_words, task_filter_words
from entropy_explorer.claims.words.two_peaks import (
    covering_words,
    missing_mode_words,
    seeking_words,
    valley_words,
)
from entropy_explorer.claims.words.variance import needs_help_words, variance_words

__all__ = ["BASELINE_WORDS", "alpha_words", "asymmetry_words", "blind_spot_words",
           "covering_words", "covers_c_words", "direction_words", "entropy_constant_words",
           "forward_push_words", "ignores_c_words", "large_kl_words", "learns_everything_words",
           "missing_mode_words", "needs_help_words", "never_learn_words", "penalty_huge_words",
           "ppo_downsides_words", "ppo_inherits_words", "reverse_no_gradient_words",
           "sample_efficiency_words", "score_blows_up_words", "seeking_words", "sharpen_words",
           "stable_words", "support_words", "task_filter_words", "teacher_label",
           "triangle_words", "valley_words", "variance_words", "zero_at_q0_words"]
