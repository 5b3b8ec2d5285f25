"""Every qualitative claim of sections 10 to 20, in article order: the quote, the statement,
its rule (:mod:`~entropy_explorer.claims.rules`), how it is computed, and the experiment
(:mod:`~entropy_explorer.claims.experiments`) that decides it."""

from __future__ import annotations

from collections.abc import Callable

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
from entropy_explorer.claims.experiments.ppo import PPO_BASES, eval_ppo_downsides, eval_ppo_inherits
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
from entropy_explorer.claims.experiments.variance import eval_needs_help, eval_variance
from entropy_explorer.claims.readings import BUDGET_FACTOR, HUGE_BITS, LEARNED_SHARE, MUCH_SMALLER
from entropy_explorer.claims.rules import (
    RULE_BLIND,
    RULE_COVER_PEAKS,
    RULE_EFFICIENT,
    RULE_HUGE_PUSH,
    RULE_LARGE,
    RULE_LEARN,
    RULE_NO_GRADIENT,
    RULE_PPO,
    RULE_SEEK,
    RULE_VARIANCE,
    RULE_ZERO_AT_Q0,
)
from entropy_explorer.claims.verdicts import Evidence, QualitativeClaim

__all__ = ["QUALITATIVE"]


def _q(cid: str, section: int, quote: str, statement: str, rule: str, how: str,
       evaluate: Callable[[], Evidence]) -> QualitativeClaim:
    return QualitativeClaim(cid, section, quote, statement, rule, how, evaluate)


#: Every comparative or qualitative claim of sections 10 to 20, in article order.
QUALITATIVE: tuple[QualitativeClaim, ...] = (
    # Section 10: forward vs reverse KL.
    _q("forward.penalty_huge", 10, r"If $P(x)>0$ and $Q(x)\ll P(x)$, the penalty is huge.",
       "Where the teacher has mass and the student far less, forward KL's penalty is huge",
       f"'Q << P' = Q(x) = P(x)/{MUCH_SMALLER:g}; 'huge' = the term P(x) log2(P(x)/Q(x)) is at "
       f"least {HUGE_BITS:g} bit. Every outcome of the article's two teachers: all huge: agrees; "
       "none: differs; some: holds only under a condition.",
       "P(x) log2(100) for each outcome of WORKED_EXAMPLE_P and MOVIE_REVIEW_P",
       eval_penalty_huge),
    _q("forward.mode_covering", 10,
       r"Strongly discourages **missing any mass** where $P$ is nonzero → **mode-covering**",
       "Forward KL is mode-covering", RULE_COVER_PEAKS,
       "gaussians.descend('forward', BIMODAL_TEACHER, ...) from TWO_PEAK_STARTS; student mass "
       "near each peak over the teacher's", eval_forward_covers_peaks),
    _q("reverse.valley_penalty", 10, r"Penalizes placing mass where $P\approx 0$",
       "Reverse KL penalises the student's mass where the teacher has almost none",
       "Two readings: the covering student (mass in the valley) pays more reverse KL than a "
       "student on one peak, and most of its positive penalty lies where P is under a tenth of "
       "its peak density; both: agrees; one: holds only under a condition; none: differs.",
       "gaussians.reverse_kl of the moment-matched student and of the best reverse fit; the "
       "integrand Q log(Q/P) on a grid", eval_valley_penalty),
    _q("reverse.missing_mode_free", 10, r"but not for **missing** modes",
       "Reverse KL does not penalise a missed mode",
       "The reverse KL of the student sitting on one peak: at most 1e-3 nats (free): agrees; "
       "under a tenth of the forward KL of the same student: holds only compared with forward "
       "KL; otherwise differs.",
       "gaussians.reverse_kl and forward_kl of the best reverse fit", eval_missing_mode_cost),
    _q("reverse.mode_seeking", 10, r"not for **missing** modes → **mode-seeking**",
       "Reverse KL is mode-seeking", RULE_SEEK,
       "gaussians.descend('reverse', BIMODAL_TEACHER, ...) from TWO_PEAK_STARTS", eval_reverse_seeks),
    _q("toy.forward_inflates_and_covers", 10,
       "inflate variance and center between peaks to **cover both**",
       "The forward fit inflates its variance and covers both peaks",
       RULE_COVER_PEAKS.replace("covers every peak", "covers every peak and is wider than the "
                              "teacher's peaks"),
       "gaussians.descend('forward', ...) from TWO_PEAK_STARTS",
       lambda: eval_forward_covers_peaks(inflate=True)),
    _q("toy.reverse_picks_one_peak", 10, "pick **one** peak and ignore the other (mode-seeking)",
       "The reverse fit picks one peak and ignores the other", RULE_SEEK,
       "gaussians.descend('reverse', ...) from TWO_PEAK_STARTS", eval_reverse_seeks),
    # Section 11: the gradients.
    _q("forward.low_variance", 11,
       r"Expectation under **fixed** $P$ → **low-variance**, standard cross-entropy gradient.",
       "The forward-KL gradient (samples from P) has low variance", RULE_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", eval_variance),
    _q("forward.gradient_blows_up", 11,
       r"\frac{\nabla_\theta Q_\theta(x)}{Q_\theta(x)}$ blows up → **strong correction**",
       "As Q(x) -> 0 with P(x) > 0, grad log Q(x) blows up: a strong correction",
       f"'Blows up' = grows more than {MUCH_SMALLER:g}-fold as Q(C) falls from the largest to "
       "the smallest stand-in for 0 (a millionfold). Checked for a softmax's logits and for the "
       "probabilities as parameters: both: agrees; one: holds only under that parametrisation; "
       "neither: differs.",
       "|e_C - Q| (softmax score) and 1/Q(C) (probabilities) at Q(C) = 1e-3, 1e-6, 1e-9; the "
       "forward pushes Q - P and -P/Q", eval_score_blows_up),
    _q("forward.covers_all_modes", 11, r"This is why forward KL **covers** all teacher modes.",
       "Forward KL covers every teacher mode", RULE_LEARN,
       "gradients.descend_many('forward', ...) from logit_grid, both teachers", eval_learns_everything),
    _q("reverse.blind_spot", 11,
       r"If $Q_\theta(x)\approx 0$, that $x$ is **never sampled** → **zero-gradient blind spot**.",
       "An outcome with Q(x) ≈ 0 is never sampled and gets zero gradient", RULE_BLIND,
       "BLIND_SPOT: 1 - (1 - Q(B))^draws; reverse_gradient and probability_gradient at its "
       "student", eval_blind_spot),
    # Section 12: blind spots and variance.
    _q("blind.zero_gradient", 12,
       r"the reverse-KL gradient at $x$ is zero because you never sample that $x$ from $Q_\theta$",
       "Where Q(x) = 0 < P(x) the reverse-KL gradient at x is zero", RULE_ZERO_AT_Q0,
       "logit_gradient / probability_gradient of D(Q||P) at the worked example; BLIND_SPOT",
       eval_zero_at_q0),
    _q("blind.never_learn", 12,
       "The student may **never learn** that token even though the teacher says it matters.",
       "Under reverse KL the student may never learn the blind token",
       f"Exact descent from section 12's student: reverse KL does not learn B within "
       f"{BUDGET_FACTOR} times the steps forward KL needs: agrees; learns it as fast as forward: "
       "differs; in between: holds only under a condition.",
       "gradients.descend_logits from BLIND_SPOT.student_logits, both directions", eval_never_learn),
    _q("variance.reverse_high", 12,
       "a “reward” $\\log Q-\\log P$ that can swing widely → **high variance**",
       "The REINFORCE (reverse-KL) gradient has high variance", RULE_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", lambda: eval_variance("reverse")),
    _q("variance.reverse_needs_help", 12, "needs baselines/huge batches/clipping",
       "REINFORCE needs baselines, huge batches or clipping",
       "At the median swept student: REINFORCE without a baseline needs a bigger batch than "
       "forward for the same relative accuracy, and the variance-optimal baseline cuts its "
       "variance: agrees; the first fails: differs; only the second fails: holds only under a "
       "condition.",
       "median over the grid of relative-variance ratios; max one-sample size over |gradient|",
       eval_needs_help),
    _q("variance.forward_low", 12,
       r"Forward-KL gradient samples from **fixed** $P$ and is just cross-entropy → **low variance**",
       "The forward-KL gradient has low variance", RULE_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", eval_variance),
    _q("efficiency.forward_sample_efficient", 12, "**low variance** and **sample-efficient**",
       "Forward KL is sample-efficient", RULE_EFFICIENT,
       "gradients.descend_many(..., batch_size=8, seed=10) from logit_grid, both teachers, "
       "forward and REINFORCE with each baseline", eval_sample_efficient),
    # Section 13: distillation.
    _q("distill.stable", 13, "**Properties:** stable",
       "Forward-KL distillation is stable",
       "'Stable' = exact descent on the logits at the standard step lowers the loss at every "
       "step from every grid student (both teachers) and ends within the tolerance of the "
       "teacher: both: agrees; monotone but not always converged: holds only under a condition; "
       "not monotone: differs. (The largest monotone step size is reported for both directions.)",
       "gradients.descend_many exact from logit_grid at each of LOGIT_DESCENT.step_sizes",
       eval_stable),
    _q("distill.low_variance", 13, "stable, low-variance", "Forward-KL distillation is low-variance",
       RULE_VARIANCE, "gradients.variance_sweep over logit_grid for both teachers", eval_variance),
    _q("distill.no_blind_spots", 13, "**mode-covering** (no blind spots)",
       "Forward-KL distillation is mode-covering with no blind spots", RULE_LEARN,
       "gradients.descend_many('forward', ...) from logit_grid; push Q - P over P", eval_learns_everything),
    _q("distill.entropy_constant", 13,
       r"It's a constant w\.r.t. $\theta$ and doesn't affect gradients",
       "H(P) is constant in theta: the cross-entropy falls to it while the KL falls to 0",
       "H(P,Q) - D(P||Q) equals H(P) within 1e-9 bits at every step of a forward-KL descent: "
       "agrees; otherwise differs.",
       "gradients.descend_logits('forward', WORKED_EXAMPLE_P, ...); cross_entropy - forward_kl",
       eval_entropy_constant),
    # Section 14: task-relevant modes.
    _q("task.filtered_low_variance", 14,
       "You retain low variance while focusing learning where it matters.",
       "Forward KL to a filtered teacher keeps low variance and focuses learning",
       "The forward estimator's per-sample variance with the filtered teacher is no larger than "
       "with the full one, and descent from every grid student reaches the task teacher and "
       "drops the masked outcome: both: agrees; one: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; total_variance; descend_many('forward', P_task, ...)",
       eval_task_filter),
    _q("task.sharpen_then_forward", 14,
       "**Temperature & top-p/k** on teacher outputs to emphasize salient modes, then forward-KL",
       "Temperature and top-p/k filtering emphasises the salient modes, and forward KL then "
       "distils the filtered teacher",
       "On DISTILL_TEACHER with DISTILL_FILTERS: 'emphasise' = the top token gains mass and some "
       "tokens are dropped; 'then forward KL' = exact forward descent from a uniform student "
       "ends within the audit's total-variation tolerance of the filtered teacher. Both: agrees; "
       "one: holds only under a condition; none: differs.",
       "teachers.filter_stages(DISTILL_TEACHER, DISTILL_FILTERS); descend_logits('forward', ...)",
       eval_sharpen_then_forward),
    _q("task.alpha_interpolates", 14,
       "interpolate between mode-covering and mode-seeking",
       "Alpha-divergences interpolate between mode-covering and mode-seeking",
       "Descent from section 10's start for every alpha of ALPHA_SWEEP: the fit must sit on one "
       "peak at alpha 0 and cover both at alpha 1 (else: differs); it interpolates when the "
       "fitted sigma moves by less than half the gap between those two fits from one swept alpha "
       "to the next (agrees), and holds only under a condition when it jumps.",
       "gaussians.alpha_sweep(ALPHA_SWEEP, BIMODAL_TEACHER, ...); gaussians.alpha_transitions",
       eval_alpha_interpolates),
    # Section 15: PPO.
    _q("ppo.inherits_high_variance", 15, "It inherits reverse-KL’s drawbacks: **high variance**",
       "PPO on the KL reward inherits reverse KL's high variance", RULE_PPO + " " + RULE_VARIANCE,
       "ppo_kl_reward, grad_log_q; then variance.reverse_high",
       lambda: eval_ppo_inherits(PPO_BASES[0])),
    _q("ppo.inherits_blind_spots", 15, "**high variance**, **blind spots**",
       "PPO on the KL reward inherits reverse KL's blind spots", RULE_PPO + " " + RULE_BLIND,
       "ppo_kl_reward, grad_log_q; then reverse.blind_spot",
       lambda: eval_ppo_inherits(PPO_BASES[1])),
    _q("ppo.inherits_mode_seeking", 15, "**blind spots**, **mode-seeking**",
       "PPO on the KL reward inherits reverse KL's mode seeking", RULE_PPO + " " + RULE_SEEK,
       "ppo_kl_reward, grad_log_q; then reverse.mode_seeking",
       lambda: eval_ppo_inherits(PPO_BASES[2])),
    _q("ppo.lower_sample_efficiency", 15,
       "**lower sample-efficiency** than forward-KL distillation when you already have teacher samples",
       "PPO on the KL reward is less sample-efficient than forward-KL distillation",
       RULE_PPO + " " + RULE_EFFICIENT, "ppo_kl_reward, grad_log_q; then "
       "efficiency.forward_sample_efficient", lambda: eval_ppo_inherits(PPO_BASES[3])),
    # Section 16: the magnitude of KL.
    _q("magnitude.not_symmetric", 16, "Not symmetric", "KL is not symmetric",
       "D(P||Q) differs from D(Q||P) on both of the article's examples (movie review, worked "
       "example): agrees; on one: holds only under a condition; on neither: differs.",
       "kl_divergence both ways", eval_asymmetry),
    _q("magnitude.no_triangle_inequality", 16, "no triangle inequality (not a metric)",
       "KL does not satisfy the triangle inequality",
       "A counterexample among the article's coins (fair, biased) and their midpoint: "
       "D(fair||biased) > D(fair||M) + D(M||biased): agrees; otherwise differs.",
       "kl_divergence of FAIR_COIN, BIASED_COIN and their half-and-half mixture", eval_triangle),
    _q("magnitude.forward_large_underestimates", 16,
       "**Forward KL large** → the student **underestimates** regions the teacher cares about.",
       "A large forward KL means the student underestimates outcomes the teacher cares about",
       RULE_LARGE + " Claimed kind: Q(x) < P(x) with P(x) at least a uniform share (1/K).",
       "kl_divergence and its terms over logit_grid, both teachers, and the worked example",
       lambda: eval_large_kl("forward")),
    _q("magnitude.reverse_large_overallocates", 16,
       "**Reverse KL large** → the student **over-allocates** mass where the teacher says "
       "probability is tiny/zero.",
       "A large reverse KL means the student over-allocates where the teacher's probability is tiny",
       RULE_LARGE + " Claimed kind: Q(x) > P(x) on the teacher's least likely outcome.",
       "kl_divergence and its terms over logit_grid, both teachers, and the worked example",
       lambda: eval_large_kl("reverse")),
    # Section 18: the FAQ.
    _q("faq.reverse_zero_at_q0", 18,
       "Because the gradient is an **expectation under $Q$**; events with $Q(x)=0$ are never "
       "sampled, contributing no gradient.",
       "The reverse-KL gradient is zero at Q(x) = 0 (never sampled; a factor Q(x))",
       RULE_ZERO_AT_Q0, "logit_gradient / probability_gradient of D(Q||P); BLIND_SPOT",
       eval_zero_at_q0),
    _q("faq.forward_smaller_variance", 18,
       "Yes—samples come from fixed $P$, and the gradient is a plain cross-entropy expectation.",
       "Forward KL has the smaller gradient variance", RULE_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", eval_variance),
    _q("faq.mode_seeking_advice", 18,
       "Prefer **task-conditioned forward KL** (filter/weight teacher)",
       "For mode-seeking, task-conditioned forward KL does the job",
       "Forward-KL descent to the filtered teacher from every grid student reaches it and drops "
       "the masked outcome: all runs: agrees; some: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; descend_many('forward', P_task, ...)",
       lambda: eval_task_filter(focus=False)),
    # Section 19: the worked example.
    _q("worked.forward_push_on_c", 19, r"huge gradient to increase $Q(\text{C})$",
       "Forward KL gives a huge gradient to increase Q(C)", RULE_HUGE_PUSH,
       "gradients.logit_gradient / probability_gradient('forward', P, Q) at the worked example",
       eval_forward_push),
    _q("worked.student_covers_c", 19, "Student **covers** C.", "Under forward KL the student covers C",
       f"Forward-KL descent on the logits from each stand-in for Q(C) = 0 reaches Q(C) >= "
       f"{LEARNED_SHARE:g} P(C) within the step budget: all: agrees; none: differs; some: holds "
       "only under a condition.",
       "gradients.descend_many('forward', ...) from the worked example with Q(C) = 1e-3, 1e-6, 1e-9",
       eval_covers_c),
    _q("worked.reverse_no_gradient_c", 19, r"→ **no gradient** for C",
       "Reverse KL gives no gradient for C", RULE_NO_GRADIENT,
       "gradients.logit_gradient / probability_gradient('reverse', P, Q) at the worked example",
       eval_reverse_no_gradient),
    _q("worked.reverse_ignores_c", 19, "Student can happily ignore C (mode-seeking).",
       "Under reverse KL the student can ignore C",
       f"Reverse-KL descent from each stand-in for Q(C) = 0 leaves Q(C) under {LEARNED_SHARE:g} "
       f"P(C) for {BUDGET_FACTOR} times the steps forward KL needs: all: agrees; none: differs; "
       "some: holds only under a condition.",
       "gradients.descend_many('reverse', ...) from the worked example with Q(C) = 1e-3, 1e-6, 1e-9",
       eval_ignores_c),
    # Section 20: the cheat-sheet.
    _q("cheat.forward_low_variance", 20, "[Low-variance gradients]",
       "Forward KL has low-variance gradients", RULE_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", eval_variance),
    _q("cheat.forward_mode_covering", 20, "**mode-covering**, needs",
       "Forward KL is mode-covering", RULE_COVER_PEAKS,
       "gaussians.descend('forward', ...) from TWO_PEAK_STARTS", eval_forward_covers_peaks),
    _q("cheat.forward_support_matching", 20,
       r"needs **support matching** (finite only if $Q>0$ where $P>0$)",
       "Forward KL is finite only if Q > 0 wherever P > 0",
       "Infinite at the worked example (Q(C) = 0) and finite at every stand-in Q(C) > 0: agrees; "
       "otherwise holds only in some cases or differs.",
       "kl_divergence(WORKED_EXAMPLE_P, Q) with Q(C) = 0, 1e-3, 1e-6, 1e-9", eval_support_matching),
    _q("cheat.reverse_mode_seeking", 20, "**Mode-seeking**, **[blind spots]",
       "Reverse KL is mode-seeking", RULE_SEEK,
       "gaussians.descend('reverse', ...) from TWO_PEAK_STARTS", eval_reverse_seeks),
    _q("cheat.reverse_blind_spots", 20, "**[blind spots](#5-blind-spots-and-variance-why-reverse-kl-is-tricky)**",
       "Reverse KL has blind spots", RULE_BLIND, "BLIND_SPOT: sampling chance; reverse_gradient, "
       "probability_gradient", eval_blind_spot),
    _q("cheat.reverse_high_variance", 20, "**high variance**.", "Reverse KL has high variance",
       RULE_VARIANCE, "gradients.variance_sweep over logit_grid for both teachers",
       lambda: eval_variance("reverse")),
    _q("cheat.filter_teacher_forward", 20,
       "To focus on task-relevant modes, **filter/weight the teacher** and still use forward KL.",
       "Filtering the teacher and using forward KL focuses on the task's modes",
       "As for the FAQ's advice: every forward run to the filtered teacher reaches it and drops "
       "the masked outcome: agrees; some: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; descend_many('forward', P_task, ...)",
       lambda: eval_task_filter(focus=False)),
    _q("cheat.ppo_inherits", 20, "inherits its downsides for supervised settings",
       "PPO on the KL reward inherits reverse KL's downsides",
       "The four inherited drawbacks of section 15 (high variance, blind spots, mode-seeking, "
       "lower sample-efficiency): all agree: agrees; all differ: differs; otherwise holds only "
       "under a condition.", "the section-15 PPO claims", eval_ppo_downsides),
    _q("cheat.direction_matters", 20, "direction matters; can be infinite with support mismatch",
       "The KL's direction matters; it can be infinite with support mismatch",
       "The two directions differ on both examples and the worked example's forward KL is "
       "infinite while its reverse KL is finite: agrees; otherwise holds only in part or differs.",
       "kl_divergence both ways on the movie review and the worked example", eval_direction_matters),
)
