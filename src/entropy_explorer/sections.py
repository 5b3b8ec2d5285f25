"""The section registry: one entry per ``##`` section of the article.

Pure data (no manim import). A section's scene lives in ``scenes/<module>.py`` as class
``scene_class``; a section whose module does not exist yet is listed but not rendered.
All 20 sections are listed from the start so later scenes only add a module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["COVER", "SECTIONS", "SCENES_DIR", "Section", "available_sections", "find_section"]

#: Where the scene modules live (the project's ``scenes/`` folder).
SCENES_DIR = Path(__file__).resolve().parents[2] / "scenes"


@dataclass(frozen=True)
class Section:
    """One article section and the scene that shows it."""

    number: int
    slug: str
    #: The heading exactly as it stands after ``## `` in the article.
    heading: str
    #: The heading as shown on screen (no Markdown, no LaTeX delimiters).
    title: str
    scene_class: str

    @property
    def name(self) -> str:
        """Stable file stem, e.g. ``01-information``."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def module(self) -> str:
        """Module name in ``scenes/``: ``sNN_slug``, or ``cover`` for the cover."""
        if self.number == 0:
            return "cover"
        return f"s{self.number:02d}_{self.slug.replace('-', '_')}"

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.module}.py"

    @property
    def is_available(self) -> bool:
        return self.path.exists()


def _s(number: int, slug: str, heading: str, title: str, scene_class: str) -> Section:
    return Section(number, slug, heading, title, scene_class)


SECTIONS: tuple[Section, ...] = (
    _s(1, "information", "Information (in the Shannon Sense)",
       "Information (in the Shannon Sense)", "InformationScene"),
    _s(2, "axioms", r"Why use \\( \log p \\)? An Axiomatic Approach",
       "Why use log p? An Axiomatic Approach", "AxiomsScene"),
    _s(3, "bits", "Bits, Information and Probability",
       "Bits, Information and Probability", "BitsScene"),
    _s(4, "guessing", "A Guiding Example: Guessing a Number",
       "A Guiding Example: Guessing a Number", "GuessingScene"),
    _s(5, "why-not-probability", "Why Not Just Use Probability?",
       "Why Not Just Use Probability?", "WhyNotProbabilityScene"),
    _s(6, "bottom-line", "Bottom Line", "Bottom Line", "BottomLineScene"),
    _s(7, "entropy", "Entropy", "Entropy", "EntropyScene"),
    _s(8, "cross-entropy", "Cross-entropy", "Cross-entropy", "CrossEntropyScene"),
    _s(9, "kl-divergence", "2) KL Divergence: Definition and Derivation",
       "KL Divergence: Definition and Derivation", "KLDivergenceScene"),
    _s(10, "forward-vs-reverse", "3) Forward vs. Reverse KL: Behaviors (Mode-Covering vs. Mode-Seeking)",
       "Forward vs. Reverse KL", "ForwardVsReverseScene"),
    _s(11, "gradients", "4) Gradients You Actually Optimize",
       "Gradients You Actually Optimize", "GradientsScene"),
    _s(12, "blind-spots", "5) Blind Spots and Variance (Why Reverse KL Is Tricky)",
       "Blind Spots and Variance", "BlindSpotsScene"),
    _s(13, "distillation", "6) Knowledge Distillation: Why Forward KL Wins",
       "Knowledge Distillation: Why Forward KL Wins", "DistillationScene"),
    _s(14, "task-relevant-modes", "7) “We only want task-relevant modes.” Do we need reverse KL?",
       "Only Task-Relevant Modes: Do We Need Reverse KL?", "TaskModesScene"),
    _s(15, "ppo", "8) PPO on a KL-only reward = Reverse-KL Minimization",
       "PPO on a KL-only Reward = Reverse-KL Minimization", "PPOScene"),
    _s(16, "magnitude", "9) Interpreting the Magnitude of KL",
       "Interpreting the Magnitude of KL", "MagnitudeScene"),
    _s(17, "applications", "10) Applications You’ll See in Practice",
       "Applications You'll See in Practice", "ApplicationsScene"),
    _s(18, "faq", "11) Frequently Asked Clarifications",
       "Frequently Asked Clarifications", "FAQScene"),
    _s(19, "worked-example", "12) Mini Worked Example (discrete)",
       "Mini Worked Example (discrete)", "WorkedExampleScene"),
    _s(20, "cheat-sheet", "13) Summary Cheat-Sheet", "Summary Cheat-Sheet", "CheatSheetScene"),
)

#: The blog cover (not an article section; rendered by ``make gif``).
COVER = Section(0, "cover", "", "The Curious Case of KL Divergence", "CoverScene")


def available_sections() -> list[Section]:
    """Sections whose scene module exists, in article order."""
    return [s for s in SECTIONS if s.is_available]


def find_section(name: str) -> Section:
    """Look a section up by number (``"1"``, ``"01"``), slug, file stem or class name.

    Raises ``KeyError`` with the list of valid names when nothing matches.
    """
    key = name.strip()
    for s in (*SECTIONS, COVER):
        if key in (s.slug, s.name, s.scene_class, s.module) or (
            key.isdigit() and int(key) == s.number and s is not COVER
        ):
            return s
    valid = ", ".join(s.name for s in SECTIONS) + ", cover"
    raise KeyError(f"unknown scene {name!r}; valid names: {valid}")
