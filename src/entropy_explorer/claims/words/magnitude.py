"""The sentences of section 16's magnitude claims
(:mod:`~entropy_explorer.claims.experiments.magnitude`): asymmetry, the triangle inequality,
support matching, and what a large KL says about the student."""

from __future__ import annotations

from entropy_explorer.claims.verdicts import Findings, fmt_sig
from entropy_explorer.examples import MOVIE_REVIEW_P, WORKED_EXAMPLE_P

__all__ = ["asymmetry_words", "direction_words", "large_kl_words", "support_words",
           "teacher_label", "triangle_words"]

#: The article's teachers, as a sentence names them.
TEACHER_WORDS = {WORKED_EXAMPLE_P.name: "the worked example", MOVIE_REVIEW_P.name: "the movie review"}


def teacher_label(name: str) -> str:
    """How a sentence names the teacher called ``name`` (its own name if not the article's)."""
    return TEACHER_WORDS.get(name, name)


def asymmetry_words(f: Findings) -> tuple[str, str]:
    """Both directions on both examples."""
    finding = (f"Movie review: D(P||Q) = {fmt_sig(f['movie_forward'])} bits, D(Q||P) = "
               f"{fmt_sig(f['movie_reverse'])} bits; worked example: D(P||Q) = "
               f"{fmt_sig(f['worked_forward'])}, D(Q||P) = {fmt_sig(f['worked_reverse'])} bits.")
    return finding, "on one of the article's examples only"


def direction_words(f: Findings) -> tuple[str, str]:
    """The asymmetry, and the worked example's infinite forward KL."""
    finding, condition = asymmetry_words(f)
    return (finding + " The worked example's forward KL is infinite (support mismatch at C); "
            "its reverse KL is finite.", condition)


def triangle_words(f: Findings) -> tuple[str, str]:
    """The coins' direct KL against the two legs through their midpoint."""
    return (f"The article's coins: D(fair || biased) = {fmt_sig(f['direct'])} bits, but through "
            f"their midpoint M (P(H) = {fmt_sig(f['midpoint_heads'])}) the two legs add to only "
            f"{fmt_sig(f['via_midpoint'])} bits: the triangle inequality fails.", "")


def support_words(f: Findings) -> tuple[str, str]:
    """The worked example's forward KL at Q(C) = 0 and at each stand-in."""
    standins = f.facts["standins"]
    finding = ("The worked example's forward KL is infinite at Q(C) = 0 and finite ("
               + ", ".join(f"{fmt_sig(f[f'standin_{i}'])} bits" for i in range(len(standins)))
               + ") once Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + ": it grows only like P(C) log(1/Q(C)).")
    return finding, "only some of the cases"


def large_kl_words(f: Findings) -> tuple[str, str]:
    """The large-KL students whose largest term fits the claim (facts ``direction``, the
    ``exceptions`` count, ``exceptions_at_zero``: every exception is a zero probability,
    ``p_c`` the worked example's P(C), and the ``teachers`` by name)."""
    cases, holding, exceptions = int(f["large_cases"]), int(f["holding"]), f.facts["exceptions"]
    if f.facts["direction"] == "forward":
        finding = (f"Of the {cases} students with a large forward KL, {holding} have their "
                   "largest term on an outcome they underestimate that the teacher gives at "
                   "least a uniform share (D(P||Q) <= its underestimated terms, always)")
        condition = ("the student gives no allowed outcome zero probability: then the forward "
                     "KL is infinite whatever P(x), and in the worked example all of it comes "
                     f"from C, which the teacher gives only {fmt_sig(f.facts['p_c'])}")
        if not f.facts["exceptions_at_zero"]:
            condition = (f"{exceptions} of {cases} large-KL students have their largest term on "
                         "an outcome the teacher gives less than a uniform share")
    else:
        finding = (f"Of the {cases} students with a large reverse KL, {holding} have their "
                   "largest term on the teacher's least likely outcome, over-allocated "
                   "(D(Q||P) <= E_Q[log 1/P], so a reverse KL above log(1/P) of every other "
                   "outcome needs mass on the least likely one)")
        bounds = ", ".join(f"{fmt_sig(f[f'bound_{i}'])} nats for {teacher_label(t)}"
                           for i, t in enumerate(f.facts["teachers"]))
        largest = f["largest_exception_kl"] if exceptions else 0.0
        condition = (f"the reverse KL is larger than log(1/P) of the teacher's other outcomes "
                     f"({bounds}): below that, over-allocating to an ordinary outcome is enough "
                     f"({exceptions} of the {cases} large-KL students, up to {fmt_sig(largest)} "
                     "nats)")
    return finding + ".", condition
