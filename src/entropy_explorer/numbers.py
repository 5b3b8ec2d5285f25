"""The numbers manifest: every number a scene shows, with where it came from.

Pure Python (no manim). Scenes record numbers through :class:`entropy_explorer.scene.
SectionScene`'s helpers; this module holds the record type and the formatting rules those
helpers share, so the text on screen and the text in the manifest are the same string.

Numbers are shown (``medium="screen"``) or spoken (``medium="speech"``: narration, which
becomes subtitles, transcript, slide notes and the voice). Spoken numbers may be words:
:func:`spoken_text` writes ``3`` as ``"three"``, ``1/8`` as ``"one eighth"`` and ``0.001`` as
``"one in a thousand"``, and :func:`spoken_numbers` reads numerals and number words back
out of a sentence, each with its value, so a check can ask whether every number said was
recorded.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from fractions import Fraction

__all__ = [
    "MEDIA",
    "SPOKEN_STYLES",
    "UNITS",
    "NumberRecord",
    "auto_decimals",
    "format_value",
    "fraction_words",
    "integer_words",
    "spoken_numbers",
    "spoken_text",
    "spoken_values",
]

#: Units a recorded number may carry.
UNITS = ("bits", "nats", "probability", "count", "ratio", "value")
#: Where a recorded number appears: drawn on screen, or spoken in the narration.
MEDIA = ("screen", "speech")
#: How :func:`spoken_text` writes a number.
SPOKEN_STYLES = ("digits", "words", "fraction", "about")


def format_value(value: float, decimals: int = 2) -> str:
    """Format ``value`` the way scenes show it: fixed decimals, ``inf`` as ``∞``."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if math.isnan(value):
        raise ValueError("refusing to show NaN on screen")
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0.00"
    return text


@dataclass(frozen=True)
class NumberRecord:
    """One number shown on screen.

    ``key`` is stable across renders (``movie.cross_entropy``); ``value`` is the exact value
    from the math module; ``text`` is the string as shown.
    """

    scene: str
    key: str
    value: float
    unit: str
    text: str
    medium: str = "screen"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} for {self.key}; use one of {UNITS}")
        if self.medium not in MEDIA:
            raise ValueError(f"unknown medium {self.medium!r} for {self.key}; use one of {MEDIA}")

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict; infinity becomes the string ``"inf"``."""
        d = asdict(self)
        if math.isinf(self.value):
            d["value"] = "inf" if self.value > 0 else "-inf"
        return d

    @classmethod
    def from_json(cls, d: dict[str, object]) -> NumberRecord:
        """Inverse of :meth:`to_json`."""
        return cls(scene=str(d["scene"]), key=str(d["key"]), value=float(d["value"]),  # type: ignore[arg-type]
                   unit=str(d["unit"]), text=str(d["text"]),
                   medium=str(d.get("medium", "screen")))


def auto_decimals(value: float, max_decimals: int = 2) -> int:
    """Fewest decimal places (up to ``max_decimals``) that show ``value`` exactly.

    ``auto_decimals(3.0) == 0``, ``auto_decimals(0.125, 3) == 3``,
    ``auto_decimals(9.9657...) == max_decimals``.
    """
    if not math.isfinite(value):
        return 0
    for d in range(max_decimals + 1):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return max_decimals


# ------------------------------------------------------------------ spoken numbers
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {w: 10 * (i + 2) for i, w in
         enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINAL_SPECIAL = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                    "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
#: Multiplicative words and their values.
_MULTIPLES = {"twice": 2, "double": 2, "triple": 3, "dozen": 12}


def integer_words(n: int) -> str:
    """``n`` in words, as an American English speaker says it.

    ``integer_words(1024) == "one thousand twenty-four"``; negative numbers start with
    ``"minus"``. Raises ValueError outside ``|n| < 10**9``.
    """
    n = int(n)
    if n < 0:
        return "minus " + integer_words(-n)
    if n >= 1_000_000_000:
        raise ValueError(f"{n} is too large to say in words; show digits")
    if n < 20:
        return _SMALL[n]
    if n < 100:
        tens = next(w for w, v in _TENS.items() if v == n - n % 10)
        return tens + (f"-{_SMALL[n % 10]}" if n % 10 else "")
    for word, scale in (("million", 1_000_000), ("thousand", 1000), ("hundred", 100)):
        if n >= scale:
            head, rest = divmod(n, scale)
            return f"{integer_words(head)} {word}" + (f" {integer_words(rest)}" if rest else "")
    raise AssertionError("unreachable")


def _ordinal(n: int) -> str:
    words = integer_words(n).split(" ")
    last = words[-1]
    stem, _, unit = last.rpartition("-")
    unit = unit or last
    if unit in _ORDINAL_SPECIAL:
        unit = _ORDINAL_SPECIAL[unit]
    elif unit.endswith("y"):
        unit = unit[:-1] + "ieth"
    else:
        unit += "th"
    words[-1] = f"{stem}-{unit}" if stem else unit
    return " ".join(words)


def _denominator_word(n: int, plural: bool) -> str:
    if n == 2:
        return "halves" if plural else "half"
    if n == 4:
        return "quarters" if plural else "quarter"
    word = _ordinal(n)
    if word.startswith("one ") and word.count(" ") == 1:
        word = word[len("one "):]  # "one thousandth", not "one one thousandth"
    return word + "s" if plural else word


def fraction_words(value: float, max_denominator: int = 1_000_000) -> str:
    """A simple fraction in words: ``0.5 -> "one half"``, ``0.375 -> "three eighths"``.

    Raises ValueError unless ``value`` is (to 1e-12) a fraction ``k/n`` with ``0 < k < n``.
    """
    frac = Fraction(value).limit_denominator(max_denominator)
    if abs(float(frac) - value) > 1e-12 or not 0 < frac < 1:
        raise ValueError(f"{value!r} is not a simple fraction between 0 and 1")
    k, n = frac.numerator, frac.denominator
    return f"{integer_words(k)} {_denominator_word(n, plural=k > 1)}"


def odds_words(value: float) -> str:
    """A probability ``1/n`` as odds: ``0.001 -> "one in a thousand"``, ``0.125 -> "one in eight"``."""
    frac = Fraction(value).limit_denominator(1_000_000)
    if abs(float(frac) - value) > 1e-12 or frac.numerator != 1 or frac.denominator < 2:
        raise ValueError(f"{value!r} is not a probability of the form 1/n")
    n = frac.denominator
    words = integer_words(n)
    if words.startswith("one ") and words.count(" ") == 1 and words.split(" ")[1] in _SCALES:
        words = "a " + words[len("one "):]  # "one in a thousand", not "one in one thousand"
    return f"one in {words}"


#: The simple fractions ``spoken_text(..., style="about")`` rounds to, and their words.
_ABOUT = ((0.25, "a quarter"), (1 / 3, "a third"), (0.5, "half"), (2 / 3, "two thirds"),
          (0.75, "three quarters"))
#: How far from a simple fraction a value may be for ``style="about"``.
ABOUT_TOLERANCE = 0.03


def spoken_text(value: float, style: str = "digits", decimals: int = 2) -> str:
    """Write ``value`` for narration in one of :data:`SPOKEN_STYLES`.

    ``digits``
        as on screen (:func:`format_value`): ``"9.97"``, ``"∞"``;
    ``words``
        a whole number in words: ``"three"``, ``"minus three"``, ``"one thousand twenty-four"``;
    ``fraction``
        ``"one eighth"``, ``"three quarters"``; ``odds`` is ``"one in a thousand"``;
    ``about``
        the nearest of a quarter, a third, half, two thirds, three quarters, prefixed
        ``"about"`` (only within :data:`ABOUT_TOLERANCE`).
    """
    if style == "digits":
        return format_value(value, decimals)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be said in words; use style='digits'")
    if style == "words":
        if abs(value - round(value)) > 1e-9:
            raise ValueError(f"{value!r} is not a whole number; use style='digits'")
        return integer_words(round(value))
    if style == "fraction":
        return fraction_words(value)
    if style == "odds":
        return odds_words(value)
    if style == "about":
        target, words = min(_ABOUT, key=lambda fw: abs(fw[0] - value))
        if abs(target - value) > ABOUT_TOLERANCE:
            raise ValueError(f"{value!r} is not within {ABOUT_TOLERANCE} of a simple fraction; "
                             "use style='digits'")
        return f"about {words}"
    raise ValueError(f"unknown style {style!r}; use one of {(*SPOKEN_STYLES, 'odds')}")


def _word_table() -> dict[str, tuple[str, float]]:
    table: dict[str, tuple[str, float]] = {}
    for i, w in enumerate(_SMALL):
        table[w] = ("unit", i)
    for w, v in _TENS.items():
        table[w] = ("unit", v)
    for w, v in _SCALES.items():
        table[w] = ("scale", v)
        table[w + "s"] = ("scale", v)  # "thousands of samples"
    for n in (*range(2, 101), 1000, 1_000_000):
        for plural in (False, True):
            w = _denominator_word(n, plural)
            table.setdefault(w, ("fraction", n))
    for w, v in _MULTIPLES.items():
        table[w] = ("unit", v)
    return table


_WORDS = _word_table()
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+(?:-[A-Za-z]+)*")
#: Words before "one" that make it a pronoun ("a certain one", "the vertical one").
_DETERMINERS = frozenset("the a an this that each every which any no another other".split())


@dataclass(frozen=True)
class SpokenNumber:
    """A number said in a sentence: its words (or digits) and the values it may stand for."""

    text: str
    values: tuple[float, ...]


def _is_pronoun_one(words: list[str], i: int) -> bool:
    before = [w.lower() for w in words[max(0, i - 2):i]]
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if after == "another" or (before and before[-1] in _DETERMINERS):
        return True
    return len(before) == 2 and before[0] in _DETERMINERS and before[1] not in _WORDS


def _joins(prev: str, word: str) -> bool:
    """Whether ``word`` continues the number that ``prev`` is part of."""
    pk, pv = _WORDS[prev]
    kind, v = _WORDS[word]
    if pk == "fraction" or prev in _MULTIPLES or word in _MULTIPLES:
        return False
    if kind in ("scale", "fraction"):
        return True  # "three hundred", "three eighths"
    if pk == "scale":
        return True  # "one thousand twenty"
    return prev in _TENS and v < 10 and v > 0  # "twenty four"


def _parts(token: str) -> list[str]:
    low = token.lower()
    return [low] if low in _WORDS else low.split("-")


def spoken_numbers(text: str) -> list[SpokenNumber]:
    """Every number in ``text``: numerals (``"9.97"``) and runs of number words.

    A run of words is read as one number (``"one thousand twenty-four"`` is 1024, ``"three
    eighths"`` 0.375, ``"a third"`` 1/3); punctuation or a word that cannot continue the
    number ends it (``"one, two"`` is two numbers). An ordinal that doubles as a fraction
    keeps both readings (``"third"`` is 3 or 1/3). Signs are ignored (``"minus three"`` is
    3), as on screen. ``"one"`` used as a pronoun (``"a certain one"``) is not a number, nor
    is ``"second"`` (a unit of time far more often than an ordinal).
    """
    spans: list[tuple[int, int]] = []
    compound: set[int] = set()  # tokens split from a hyphenated word: "one-sample"
    for m in _TOKEN.finditer(text):
        low = m.group().lower()
        if "-" in low and not all(p in _WORDS for p in _parts(low)):
            start = m.start()  # "one-in-a-thousand": four words, not one
            for part in m.group().split("-"):
                compound.add(len(spans))
                spans.append((start, start + len(part)))
                start += len(part) + 1
        else:
            spans.append(m.span())
    tokens = [text[a:b] for a, b in spans]
    found: list[SpokenNumber] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok[0].isdigit():
            found.append(SpokenNumber(tok, (float(tok),)))
            i += 1
            continue
        parts = _parts(tok)
        if not all(p in _WORDS for p in parts) or (
                tok.lower() == "one" and i not in compound and _is_pronoun_one(tokens, i)):
            i += 1
            continue
        run = list(parts)
        j = i + 1
        while j < len(tokens):
            gap = text[spans[j - 1][1]:spans[j][0]]
            if gap.strip(" -"):
                break  # punctuation ends a number
            low = tokens[j].lower()
            if low == "and" and run[-1] in _SCALES and j + 1 < len(tokens) \
                    and tokens[j + 1].lower().split("-")[0] in _WORDS:
                j += 1  # "one thousand and twenty-four"
                continue
            sub = _parts(low)
            if tokens[j][0].isdigit() or not all(p in _WORDS for p in sub) \
                    or not _joins(run[-1], sub[0]):
                break
            run.extend(sub)
            j += 1
        values = _run_values(run)
        if i > 0 and tokens[i - 1].lower() in ("a", "an") and _WORDS[run[0]][0] == "scale":
            values = _run_values(["one", *run])  # "a thousand"
        found.append(SpokenNumber(" ".join(tokens[i:j]), values))
        i = j
    return found


def _run_values(run: list[str]) -> tuple[float, ...]:
    total, current, seen = 0.0, 0.0, False
    values: list[float] = []
    for k, w in enumerate(run):
        kind, v = _WORDS[w]
        if kind == "unit":
            current += v
            seen = True
        elif kind == "scale":
            current = (current if seen else 1.0) * v
            if v >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:  # a fraction word ends the number: "three eighths", or an ordinal "third"
            count = total + current if seen else 1.0
            values.append(count / v)
            if not seen and w not in ("half", "halves", "quarter", "quarters"):
                values.append(float(v))  # "the third valley"
            rest = run[k + 1:]
            if rest:
                values.extend(_run_values(rest))
            return tuple(values)
    return (total + current,)


def spoken_values(text: str) -> set[float]:
    """Every value the numbers in ``text`` may stand for (see :func:`spoken_numbers`)."""
    return {v for n in spoken_numbers(text) for v in n.values}
