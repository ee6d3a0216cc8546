"""Reading the ROSE handout back for tests: page texts (pypdf) and the texts as drawn.

``drawn_texts`` records every text matplotlib draws while a handout is made, with its
box on the page, so a test can check that no two texts overlap and none leaves the page
– measured on the real drawing, not on a model of it.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pypdf
from matplotlib.text import Text


def reader(pdf_bytes: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf_bytes))


def page_texts(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf_bytes).pages]


def squeezed(text: str) -> str:
    """``text`` without any whitespace: wrapped lines compare equal to the unwrapped text."""
    return "".join(text.split())


def shows(page_text: str, wanted: str) -> bool:
    return squeezed(wanted) in squeezed(page_text)


@contextmanager
def drawn_texts() -> Iterator[dict[object, list[tuple[str, object]]]]:
    """While active, every non-empty text drawn, per figure (page): (text, box in points)."""
    # NOTE: keyed by the figure itself, not its id(): a page's figure is freed once drawn,
    # and a later page's figure could be given the same id (two pages counted as one).
    pages: dict[object, list[tuple[str, object]]] = {}
    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            box = self.get_window_extent(renderer)
            pages.setdefault(self.figure, []).append((self.get_text(), box))
        return original(self, renderer)

    Text.draw = draw
    try:
        yield pages
    finally:
        Text.draw = original


def assert_apart(pages: dict[object, list[tuple[str, object]]], size: tuple[float, float]) -> None:
    """No two texts of a page overlap (half a point of slack), and each lies on the page."""
    width, height = size
    assert pages, "nothing was drawn"
    for number, texts in enumerate(pages.values(), start=1):
        for text, box in texts:
            inside = box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height
            assert inside, (number, text, box)
        for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
            apart = (
                box_a.x1 <= box_b.x0 + 0.5
                or box_b.x1 <= box_a.x0 + 0.5
                or box_a.y1 <= box_b.y0 + 0.5
                or box_b.y1 <= box_a.y0 + 0.5
            )
            assert apart, (number, a, b)
