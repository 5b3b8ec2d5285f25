"""The rules of the qualitative audit: how each claim's verdict is read off the figures,
in words (decided before the figures were computed).

The sentences that report what an experiment found are in
:mod:`~entropy_explorer.claims.words`, one module per part of the article; their names are
re-exported here for the code that imported them from this module.
"""

from __future__ import annotations

from entropy_explorer.claims.readings import (
    LEARNED_SHARE,
    MISSED_SHARE,
    NEGLIGIBLE,
)
from entropy_explorer.claims.words import (
    BASELINE_WORDS,
    alpha_words,
    asymmetry_words,
    blind_spot_words,
    covering_words,
    covers_c_words,
    direction_words,
    entropy_constant_words,
    forward_push_words,
    ignores_c_words,
    large_kl_words,
    learns_everything_words,
    missing_mode_words,
    needs_help_words,
    never_learn_words,
    penalty_huge_words,
    ppo_downsides_words,
    ppo_inherits_words,
    reverse_no_gradient_words,
    sample_efficiency_words,
    score_blows_up_words,
    seeking_words,
    sharpen_words,
    stable_words,
    support_words,
    task_filter_words,
    triangle_words,
    valley_words,
    variance_words,
    zero_at_q0_words,
)

__all__ = ["RULE_BLIND", "RULE_COORDS", "RULE_COVER_PEAKS", "RULE_EFFICIENT", "RULE_HUGE_PUSH",
           "RULE_LARGE", "RULE_LEARN", "RULE_NO_GRADIENT", "RULE_PPO", "RULE_SEEK",
           "RULE_VARIANCE", "RULE_ZERO_AT_Q0",
           # the words, re-exported from claims.words
           "BASELINE_WORDS", "alpha_words", "asymmetry_words", "blind_spot_words",
           "covering_words", "covers_c_words", "direction_words", "entropy_constant_words",
           "forward_push_words", "ignores_c_words", "large_kl_words", "learns_everything_words",
           "missing_mode_words", "needs_help_words", "never_learn_words", "penalty_huge_words",
           "ppo_downsides_words", "ppo_inherits_words", "reverse_no_gradient_words",
           "sample_efficiency_words", "score_blows_up_words", "seeking_words", "sharpen_words",
           "stable_words", "support_words", "task_filter_words", "triangle_words",
           "valley_words", "variance_words", "zero_at_q0_words"]


# ----------------------------------------------------------------- the rules
RULE_COORDS = ("Checked for a softmax student's logits and for the probabilities as parameters "
               "(at the article's Q, with Q(C) = 0): holds in both: agrees; in one: holds only "
               "under that parametrisation; in neither: differs.")
RULE_HUGE_PUSH = ("'Huge' = C's component is the largest of the gradient's components. "
                  + RULE_COORDS)
RULE_NO_GRADIENT = (f"'No gradient' = the component is below {NEGLIGIBLE:g} of the largest "
                    "component. " + RULE_COORDS)
RULE_BLIND = (f"'Blind spot' = the outcome is drawn even once in section 12's experiment with "
              f"chance under 1 %, and its gradient component is below {NEGLIGIBLE:g} of the "
              "largest. " + RULE_COORDS.replace("(at the article's Q, with Q(C) = 0)",
                                               "(section 12's student, Q(B) about 2e-7)"))
RULE_ZERO_AT_Q0 = ("Both checks: the worked example's C at Q(C) = 0 exactly ('no gradient' below "
                   f"{NEGLIGIBLE:g} of the largest component) and section 12's B at Q(B) about 2e-7, "
                   "each for the logits and for the probabilities; all hold: agrees; none: differs; "
                   "otherwise holds only under a condition.")
RULE_VARIANCE = ("Variance of the one-sample estimator (exact, a sum over the outcomes) divided by "
                 "the squared size of its own exact gradient (what sets the batch for a given "
                 "accuracy), at every grid student of both teachers, against REINFORCE with no "
                 "baseline, the mean-reward baseline and the variance-optimal constant: the claimed "
                 "side lower at every student against every baseline: agrees; at none: differs; "
                 "otherwise holds only under a condition.")
RULE_COVER_PEAKS = (f"A peak is covered when the fitted student keeps at least {MISSED_SHARE:.0%} of "
                    "the teacher's mass within one teacher width of it. Forward-KL descent (section "
                    "10's step) from every start of the sweep: every fit covers every peak: agrees; "
                    "none does: differs; some: holds only under a condition.")
RULE_SEEK = (f"A fit seeks a mode when it covers one peak and misses another (under "
             f"{MISSED_SHARE:.0%} of the teacher's mass near it). Reverse-KL descent from every "
             "start of the sweep: all seek: agrees; none: differs; some: holds only under a "
             "condition (the basin).")
RULE_LEARN = (f"An outcome is learned once Q(x) >= {LEARNED_SHARE:g} P(x). Exact descent on the "
              "logits from every grid student of both teachers: every run learns every outcome "
              "within the step budget: agrees; none: differs; some: holds only under a condition.")
RULE_EFFICIENT = ("Samples until the student is within the tolerance (total variation) of the "
                  "teacher, sampled descent from every grid student of both teachers, median over "
                  "the runs (never = infinite): forward needs no more than REINFORCE and gets there "
                  "at least as often, against every baseline: agrees; against none: differs; "
                  "otherwise holds only under a condition.")
RULE_LARGE = ("'Large' = the top quarter of the grid sweep by that KL (plus the worked example "
              "when its KL is that large). The claim holds for a student when its largest KL term "
              "is on an outcome of the claimed kind; all: agrees; none: differs; some: holds only "
              "under a condition.")
RULE_PPO = ("PPO's one-sample estimate must equal minus REINFORCE's with baseline -b (largest "
            "difference under 1e-12 over the grid students), else differs; then the verdict is "
            "the one of the reverse-KL claim it inherits.")
