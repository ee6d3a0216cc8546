"""Dutch (Flemish) wording of dates and numbers in the exported files.

Numbers inside charts and cells keep their value and get a number-format code
(``reports.formats``); numbers in free text use ``charts.numbers`` like the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charts.base import SAMPLE_MARK

# On the title slide and every sheet while the pack is made of sample data.
SAMPLE_WARNING = f"Let op: {SAMPLE_MARK}, geen echte cijfers."

# The pack's title, followed by the region's name.
DECK_TITLE = "Sociale economie in de regio"

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class TextPage:
    """A page of text before the charts (a note for the meeting): a heading and paragraphs,
    plain or (bold head, rest) pairs. The handout carries text that does not fit on to a
    next page under the same heading; the deck sets it on one slide, smaller if need be.
    """

    heading: str
    paragraphs: tuple[str | tuple[str, str], ...]


def long_date(day: dt.date) -> str:
    """``27 november 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def event_period(start: dt.date, end: dt.date | None = None) -> str:
    """``april 2021``, or ``maart–mei 2020`` for a period."""
    if end is None or (end.year, end.month) == (start.year, start.month):
        return f"{MONTHS[start.month - 1]} {start.year}"
    if end.year == start.year:
        return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {start.year}"
    return f"{MONTHS[start.month - 1]} {start.year}–{MONTHS[end.month - 1]} {end.year}"
