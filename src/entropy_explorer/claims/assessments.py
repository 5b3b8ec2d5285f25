"""Looking up and assessing the qualitative claims; the statements the audit leaves out."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from entropy_explorer.claims.registry import QUALITATIVE
from entropy_explorer.claims.verdicts import Assessment, QualitativeClaim

__all__ = ["NOT_AUDITED", "assess", "assess_all", "get_qualitative"]

#: Statements of sections 10 to 20 the audit does not compute, with the reason.
NOT_AUDITED: tuple[tuple[str, str], ...] = (
    ("* Teacher $P$: two peaks at $-3$ and $+3$.", "the example's input (tests check examples.py "
     "against it)"),
    ("* Student $Q$: one Gaussian.", "the example's set-up"),
    ("> For the mathematical details on how these behaviors emerge", "a pointer"),
    ("Apply the **log-trick**", "a derivation step (the numeric claim "
     "gradients.reverse_log_trick checks the result)"),
    ("you must **sample from $Q_\\theta$**", "a statement of method: on the article's examples "
     "the expectation is a sum over three outcomes, computed exactly here (the variance rows "
     "compare the sampled estimators)"),
    ("Reverse-KL gradient uses random samples from an **evolving** student distribution",
     "a description of the estimator; its consequences (variance) are audited"),
    ("**Setup:** Teacher", "the set-up"),
    ("* **Objective:** minimize", "a definition (the numeric claim kl.derivation checks "
     "D = H(P,Q) - H(P))"),
    ("* **Gradient:** $-\\mathbb{E}_{x\\sim P}", "a formula (the numeric claim gradients.forward "
     "checks it)"),
    ("trivial to implement (it's the usual", "about code, not about sizes or behaviour"),
    ("Often you **don’t** want the student to copy", "advice; its measurable part (filtered "
     "teacher, forward KL) is audited below"),
    ("* **Focal/importance weighting** of the cross-entropy.", "advice, no claim about size"),
    ("So PPO on this reward **maximizes** $J$", "the identity is the numeric claim ppo.reverse_kl"),
    ("* **Supervised learning**: cross-entropy", "practice (the identity is the numeric claim "
     "gradients.forward)"),
    ("* **Knowledge distillation**: forward KL to match", "practice"),
    ("* **Variational inference**: often minimize", "practice"),
    ("* **RL**: policy updates regularized by KL", "practice"),
    ("* **VAEs**: KL regularizes latent posteriors", "practice"),
    ("* **“Why is the reverse-KL gradient zero at $Q(x)=0$?”**", "the question (its answer is audited)"),
    ("* **“Does forward-KL have smaller gradient variance?”**", "the question (its answer is audited)"),
    ("* **“What if I want ‘mode-seeking’ behavior?”**", "the question (its answer is audited)"),
    ("* **[Entropy](#entropy)**: $H(P)=-\\sum P\\log P$.", "a definition"),
    ("* **[Reverse KL](#reverse-kl-mode-seeking)**: $D(Q\\|P)$ with", "a definition (its "
     "properties, on the next line, are audited)"),
    ("exactly minimizes **reverse KL**", "the identity is the numeric claim ppo.reverse_kl"),
)


def get_qualitative(claim_id: str,
                    claims: Sequence[QualitativeClaim] = QUALITATIVE) -> QualitativeClaim:
    """The qualitative claim with this id; KeyError listing the ids otherwise."""
    for c in claims:
        if c.id == claim_id:
            return c
    raise KeyError(f"no qualitative claim {claim_id!r}; claims: {', '.join(c.id for c in claims)}")


@cache
def assess(claim_id: str) -> Assessment:
    """Compute one qualitative claim's verdict: ``assess("worked.forward_push_on_c")``.

    Cached: the computations are deterministic (fixed seeds), so every scene asking gets
    the same object.
    """
    return get_qualitative(claim_id).assess()


def assess_all(claims: Sequence[QualitativeClaim] = QUALITATIVE) -> list[Assessment]:
    """Every qualitative claim assessed, in article order."""
    return [assess(c.id) if any(c is k for k in QUALITATIVE) else c.assess() for c in claims]
