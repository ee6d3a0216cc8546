"""Text on a PDF page: paragraphs word-wrapped from measured widths and drawn as plain text.

Widths come from the font itself (matplotlib's bundled DejaVu Sans), so a wrapped line
fits its column exactly and a block's height is known before it is drawn: titles push
the chart down, and a page of text is split where it is full. Each paragraph is plain
text or a (bold head, rest) pair, like the deck's text boxes (``reports.pptx.Line``).

Every text is drawn with ``parse_math=False``: matplotlib would otherwise read
``$…$`` in a name from a file as a formula. Nothing else in a matplotlib text is markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

FONT = "DejaVu Sans"  # ships with matplotlib: the same letters on every machine
# NOTE: the files themselves, not the family: a system copy of the font (Debian's) would
# otherwise be embedded beside matplotlib's, and looking a family up costs time per text.
FONT_FILES = {
    bold: Path(matplotlib.get_data_path(), "fonts", "ttf", name)
    for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf"))
}
DARK = "#222222"
GREY = "#555555"
LEADING = 1.25  # line height as a multiple of the font size
# A line may fill this share of its width: the measured words leave out kerning.
FILL = 0.98
# A paragraph: plain text, or a (bold head, rest) pair such as ("VTE: ", "Voltijds …").
Line = str | tuple[str, str]


@dataclass(frozen=True)
class Style:
    """How a paragraph looks: size in points, weight, colour, space after (× size)."""

    size: float
    bold: bool = False
    colour: str = DARK
    after: float = 0.4

    @property
    def line_height(self) -> float:
        return self.size * LEADING


@dataclass(frozen=True)
class Paragraph:
    line: Line
    style: Style


@cache
def font(size: float, bold: bool) -> FontProperties:
    return FontProperties(fname=FONT_FILES[bold], size=size)


@cache
def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points."""
    if not text:
        return 0.0
    measured, _, _ = text_to_path.get_text_width_height_descent(
        text, font(size, bold), ismath=False
    )
    return measured


# A laid-out line: (x offset in points, text, bold) runs.
Runs = list[tuple[float, str, bool]]


def _words(line: Line) -> Iterator[tuple[str, bool]]:
    head, rest = line if isinstance(line, tuple) else ("", line)
    for text, bold in ((head, True), (rest, False)):
        for word in text.split():
            yield word, bold


def _split_long(word: str, size: float, bold: bool, room: float) -> list[str]:
    """A word wider than the line (a long URL or name) broken into pieces that fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and width(piece + char, size, bold) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def wrap(line: Line, size: float, room: float, *, bold: bool = False) -> list[Runs]:
    """``line`` broken into lines of at most ``room`` points; ``bold`` makes all of it bold."""
    room *= FILL
    space = {b: width("a a", size, b) - width("aa", size, b) for b in (False, True)}
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0.0
    for word, head in _words(line):
        weight = bold or head
        for piece in _split_long(word, size, weight, room):
            wide = width(piece, size, weight)
            gap = space[weight] if lines[-1] else 0.0
            if lines[-1] and used + gap + wide > room:
                lines.append([])
                used, gap = 0.0, 0.0
            lines[-1].append((piece, weight))
            used += gap + wide
    return [_runs(words, size) for words in lines]


def _runs(words: list[tuple[str, bool]], size: float) -> Runs:
    """Consecutive words of one weight as one run, each placed after the one before."""
    runs: Runs = []
    x = 0.0
    for word, bold in words:
        if runs and runs[-1][2] == bold:
            start, text, _ = runs[-1]
            runs[-1] = (start, f"{text} {word}", bold)
            continue
        if runs:
            start, text, previous = runs[-1]
            x = start + width(text + " ", size, previous)
        runs.append((x, word, bold))
    return runs


def lines_of(paragraph: Paragraph, room: float) -> list[Runs]:
    style = paragraph.style
    return wrap(paragraph.line, style.size, room, bold=style.bold)


def height(paragraphs: Sequence[Paragraph], room: float) -> float:
    """The height in points of ``paragraphs`` set in a column ``room`` points wide."""
    total = 0.0
    for paragraph in paragraphs:
        style = paragraph.style
        total += len(lines_of(paragraph, room)) * style.line_height + style.size * style.after
    return total


class Page:
    """A figure the size of the page, addressed in points from its top-left corner."""

    def __init__(self, size: tuple[float, float]) -> None:
        self.width, self.height = size
        # NOTE: 72 dots per inch, so a dot is a point; the Agg canvas only measures
        # (the PDF backend draws the page when it is saved).
        self.figure = Figure(figsize=(self.width / 72, self.height / 72), dpi=72)
        FigureCanvasAgg(self.figure)

    def renderer(self):
        return self.figure.canvas.get_renderer()

    def text(
        self, x: float, top: float, text: str, style: Style, *, bold: bool | None = None, **kw
    ):
        """One line of plain text whose top is ``top`` points below the page's top edge."""
        return self.figure.text(
            x / self.width,
            1 - top / self.height,
            text,
            fontproperties=font(style.size, style.bold if bold is None else bold),
            color=style.colour,
            va="top",
            parse_math=False,
            **kw,
        )

    def paragraphs(self, paragraphs: Sequence[Paragraph], x: float, top: float, room: float):
        """Draw ``paragraphs`` in a column ``room`` wide from ``top``; returns the bottom."""
        for paragraph in paragraphs:
            style = paragraph.style
            for runs in lines_of(paragraph, room):
                for offset, text, bold in runs:
                    self.text(x + offset, top, text, style, bold=bold)
                top += style.line_height
            top += style.size * style.after
        return top
