"""The sentences of section 15's PPO claims (:mod:`~entropy_explorer.claims.experiments.ppo`):
the identity with REINFORCE, and what PPO inherits."""

from __future__ import annotations

from entropy_explorer.claims.verdicts import AGREES, CONDITIONAL, Findings, fmt_sig

__all__ = ["ppo_downsides_words", "ppo_inherits_words"]


def ppo_inherits_words(f: Findings) -> tuple[str, str]:
    """PPO's identity with REINFORCE, then the inherited claim's own finding and condition."""
    finding = (f"PPO's one-sample estimate (A = log P - log Q - b) is minus REINFORCE's with "
               f"baseline -b (largest difference {fmt_sig(f['ppo_identity_error'])}), so it "
               "inherits REINFORCE's behaviour: " + f.facts["inherited"])
    return finding, f.facts["condition"]


def ppo_downsides_words(f: Findings) -> tuple[str, str]:
    """Each inherited drawback by name with its verdict and claim id."""
    rows = list(zip(f.facts["names"], f.facts["ids"], f.facts["verdicts"], strict=True))
    finding = "PPO inherits: " + "; ".join(f"{n}: {v} ({cid})" for n, cid, v in rows) + "."
    condition = ("; ".join(f"{n} holds only under a condition ({cid})" for n, cid, v in rows
                           if v == CONDITIONAL)
                 + "; " + ", ".join(n for n, _, v in rows if v == AGREES) + " agrees")
    return finding, condition


