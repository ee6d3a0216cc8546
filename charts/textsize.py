"""How wide a text is in the charts' font, and wrapping text to a width in pixels.

The browser lays out a Plotly figure, but the layout (margins, wrapped titles, rows of
event labels) is decided here in Python, so it has to know how much room a text takes.
Charts use Arial (Liberation Sans on Linux has the same metrics); the advance widths
below are Arial's, in thousandths of an em, for the printable ASCII characters.
"""

from __future__ import annotations

import html
import unicodedata

from charts.text import plain

# Advance widths of " " .. "~" (32–126), regular and bold, in 1/1000 em.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
# Characters outside ASCII that charts print often.
_OTHER = {"–": 556, "—": 1000, "·": 278, "’": 250, "‘": 250, "…": 1000, "€": 556, "≥": 549}
# Wider than any Arial letter but "W", "M", "m", "@" and "—": a safe guess for the rest.
_UNKNOWN = 800
# NOTE: another browser may draw with another sans-serif font (Android has no Arial);
# measuring 6 % wide keeps the layout valid for those too.
SAFETY = 1.06


def _em(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if char in _OTHER:
        return _OTHER[char]
    base = unicodedata.normalize("NFKD", char)[:1]  # "é" is as wide as "e"
    if base and base != char and 32 <= ord(base) < 127:
        return _em(base, bold)
    return _UNKNOWN


def width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in pixels of ``text`` (plain, or escaped for Plotly) at ``size`` px."""
    plain = html.unescape(text)
    return sum(_em(c, bold) for c in plain) * size / 1000 * SAFETY


def wrap(text: str, room: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``room`` pixels: between words, and
    inside a word only when the word alone is wider than the room.

    ``text`` may be escaped for Plotly (``&amp;``): lines are measured and split on the
    plain text and escaped again, so an entity is never cut in two.
    """
    words = _words(html.unescape(text))
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if width(candidate, size, bold=bold) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while width(word, size, bold=bold) > room and len(word) > 1:
            cut = _fitting(word, room, size, bold)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return [plain(one) for one in lines] or [text]


def _words(text: str) -> list[str]:
    """The words of ``text``; a percent sign stays with its number ("25 %")."""
    words: list[str] = []
    for word in text.split():
        if words and word.startswith("%"):
            words[-1] += f" {word}"
        else:
            words.append(word)
    return words


def longest_word(texts: list[str], size: float) -> float:
    """The width of the widest word in ``texts`` (which may be escaped for Plotly)."""
    return max((width(w, size) for t in texts for w in _words(html.unescape(t))), default=0.0)


def _fitting(word: str, room: float, size: float, bold: bool) -> int:
    """How many leading characters of ``word`` fit in ``room`` (at least one)."""
    cut = 1
    while cut < len(word) and width(word[: cut + 1], size, bold=bold) <= room:
        cut += 1
    return cut


def widest(lines: list[str], size: float, *, bold: bool = False) -> float:
    return max((width(line, size, bold=bold) for line in lines), default=0.0)
