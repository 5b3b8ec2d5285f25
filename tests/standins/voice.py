"""A stand-in for the Piper voice: each sentence is a 220 Hz tone, 0.05 s per character.

Fast and deterministic, so the build tests exercise the voice (pre-pass, timing, mix,
publish) without the real engine; ``calls`` counts what it was asked to say.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = ["StandinVoice", "load_standin_voice"]


class StandinVoice:
    """Speaks each sentence (split at ". ") as a tone lasting 0.05 s per character."""

    rate = 22_050

    def __init__(self) -> None:
        self.calls: list[str] = []

    def synthesize(self, text: str, syn_config: Any = None) -> Iterator[SimpleNamespace]:
        self.calls.append(text)
        for sentence in [s for s in text.split(". ") if s]:
            n = int(0.05 * len(sentence) * self.rate)
            tone = 0.3 * np.sin(np.arange(n) * 2 * np.pi * 220 / self.rate)
            yield SimpleNamespace(sample_rate=self.rate, audio_float_array=tone.astype(np.float32))


def load_standin_voice(setting: Any) -> StandinVoice:
    """The loader the stand-in project uses instead of Piper's."""
    return StandinVoice()
