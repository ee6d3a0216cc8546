"""The ROSE handout: an A4-landscape PDF with one chart per page, made without network.

Pages: any text pages asked for first (``TextPage``, e.g. a note for the meeting), a
title page (title, the sample-data warning when the figures are fictional, date, data
period, filters, contents), one page per ``ChartSpec``
(the takeaway title and subtitle, the chart drawn natively by ``reports.pdf_chart``,
the notes on events and masked points, the source line), and a closing page with the
glossary, the event notes and the files used – the same parts as the deck.

Drawn with matplotlib's PDF backend and its bundled font: no browser, no font or
script fetched from anywhere, and every text is plain text (``reports.pdf_text``).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Sequence

import matplotlib
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages

import reference
from charts.spec import ChartSpec
from indicators.filters import Filters
from reports.imports import import_rows
from reports.notes import chart_notes, masked_note
from reports.pdf_chart import Box, draw_chart
from reports.pdf_map import draw_map
from reports.pdf_text import FONT, GREY, Line, Page, Paragraph, Style, height
from reports.table import distinct, grid
from reports.text import SAMPLE_WARNING, TextPage, event_period, long_date

PAGE_SIZE = (841.89, 595.28)  # A4 landscape in points
MARGIN = 42.0
FOOTER_ROOM = 30.0  # below the content: the footer line
ROOM = PAGE_SIZE[0] - 2 * MARGIN  # the width of the text
BOTTOM = PAGE_SIZE[1] - FOOTER_ROOM  # where the content ends
TITLE = Style(20, bold=True, after=0.25)
LONG_TITLE = Style(17, bold=True, after=0.25)
SUBTITLE = Style(12, colour=GREY)
NOTE = Style(9.5, colour=GREY, after=0.3)
SOURCE = Style(9, colour=GREY, after=0)
FOOTER = Style(8, colour=GREY)
COVER_TITLE = Style(30, bold=True, after=0.5)
COVER_LINE = Style(14, colour=GREY, after=1.2)
# The sample warning: the deck's dark orange, readable on white.
COVER_WARNING = Style(18, bold=True, colour="#b34a00", after=0.8)
HEADING = Style(20, bold=True, after=0.8)
MAX_FILTER_TEXT = 600
MAX_FILES_LISTED = 8
# Text sizes tried in turn until the closing page fits.
CLOSING_SIZES = (11.0, 10.0, 9.0, 8.0, 7.0)
# NOTE: matplotlib's settings are global; one handout at a time keeps two sessions of
# the dashboard from changing them under each other.
_LOCK = threading.Lock()
RC = {
    "pdf.fonttype": 42,  # TrueType: text stays text (searchable, copyable)
    "font.family": FONT,
    "text.parse_math": False,  # "$…$" in a name is text, never a formula
    "axes.unicode_minus": True,
}


def handout(
    specs: Sequence[ChartSpec],
    *,
    filters: Filters,
    title: str,
    period: str,
    generated: dt.date,
    imports: pd.DataFrame | None = None,
    sample: bool = False,
    first: Sequence[TextPage] = (),
) -> bytes:
    """The handout as ``.pdf`` bytes: ``first`` pages, title page, a page per chart, closing.

    A chart given twice (same key, or same title and numbers) gets one page. ``sample``:
    the figures are fictional sample data, and the title page says so.
    """
    specs = distinct(specs)
    makers: list[Callable[[Page], None]] = [
        maker for text_page in first for maker in _text_pages(text_page)
    ]
    start = len(makers) + 2  # the page number of the first chart
    cover = [title, *([SAMPLE_WARNING] if sample else [])]
    makers.append(lambda page: _title_page(page, filters, cover, period, generated, specs, start))
    makers += [lambda page, spec=spec: _chart_page(page, spec) for spec in specs]
    makers.append(lambda page: _closing_page(page, imports))
    footer = f"{title} · {long_date(generated)}"
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        metadata = {
            "Title": title,
            "Subject": f"ROSE-pakket, gegevens {period}",
            "Creator": "W13-dashboard",
        }
        with PdfPages(buffer, metadata=metadata) as pdf:
            for number, make in enumerate(makers, start=1):
                page = Page(PAGE_SIZE)
                make(page)
                _footer(page, footer, number, len(makers))
                pdf.savefig(page.figure)
    return buffer.getvalue()


def _footer(page: Page, text: str, number: int, total: int) -> None:
    top = BOTTOM + 12
    page.text(MARGIN, top, text, FOOTER)
    page.text(page.width - MARGIN, top, f"{number}/{total}", FOOTER, ha="right")


def _paragraphs(lines: Sequence[Line], style: Style) -> list[Paragraph]:
    return [Paragraph(line, style) for line in lines if line]


# --- pages ---------------------------------------------------------------------------------


def _title_page(page, filters, cover, period, generated, specs, start) -> None:
    chosen = [
        (f"{label}: ", _shorten(value, MAX_FILTER_TEXT)) for label, value in filters.describe()
    ]
    title, *warning = cover
    blocks = [
        Paragraph(title, COVER_TITLE),
        *_paragraphs(warning, COVER_WARNING),
        Paragraph(f"{long_date(generated)} · gegevens {period}", COVER_LINE),
        *_paragraphs(chosen, Style(12, colour=GREY, after=0.5)),
    ]
    top = page.paragraphs(blocks, MARGIN, MARGIN + 40, ROOM)
    contents = [
        Paragraph("Inhoud", Style(12, bold=True, after=0.5)),
        *(
            Paragraph((f"{start + i}  ", spec.title), Style(10, after=0.25))
            for i, spec in enumerate(specs)
        ),
    ]
    # The list of charts only when it fits whole: a cut list would mislead.
    if specs and top + 20 + height(contents, ROOM) <= BOTTOM:
        page.paragraphs(contents, MARGIN, top + 20, ROOM)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def _chart_page(page: Page, spec: ChartSpec) -> None:
    title_style = TITLE if height([Paragraph(spec.title, TITLE)], ROOM) < 60 else LONG_TITLE
    head = [Paragraph(spec.title, title_style), *_paragraphs([spec.subtitle], SUBTITLE)]
    top = page.paragraphs(head, MARGIN, MARGIN, ROOM)
    table = grid(spec)
    notes = _paragraphs([*chart_notes(spec, with_reference_lines=False), *masked_note(table)], NOTE)
    below = [*notes, Paragraph(spec.source, SOURCE)]
    notes_top = BOTTOM - height(below, ROOM)
    page.paragraphs(below, MARGIN, notes_top, ROOM)
    chart_top = top + 6
    draw = draw_map if spec.kind == "map" else draw_chart
    draw(page, spec, table, Box(MARGIN, chart_top, ROOM, notes_top - 14 - chart_top))


def _closing_page(page: Page, imports: pd.DataFrame | None) -> None:
    top = page.paragraphs([Paragraph("Begrippen en kanttekeningen", HEADING)], MARGIN, MARGIN, ROOM)
    half = (ROOM - 24) / 2
    definitions = [(f"{term}: ", text) for term, text in reference.glossary().items()]
    notes = [(f"{e.label} ({event_period(e.start, e.end)}): ", e.note) for e in reference.events()]
    files = import_rows(imports)
    shown = "; ".join(files[:MAX_FILES_LISTED])
    if len(files) > MAX_FILES_LISTED:
        shown += f"; en nog {len(files) - MAX_FILES_LISTED} (zie het Excel-bestand, blad Bron)"
    for size in CLOSING_SIZES:
        body = Style(size)
        left, right = _paragraphs(definitions, body), _paragraphs(notes, body)
        used = _paragraphs([("Gebruikte bestanden: ", shown)] if files else [], Style(size - 1))
        columns = max(height(left, half), height(right, half))
        if top + columns + 12 + height(used, ROOM) <= BOTTOM:
            break
    page.paragraphs(left, MARGIN, top, half)
    page.paragraphs(right, MARGIN + half + 24, top, half)
    page.paragraphs(used, MARGIN, top + columns + 12, ROOM)


def _text_pages(text_page: TextPage) -> list[Callable[[Page], None]]:
    """The makers of the page(s) ``text_page`` fills; paragraphs move on whole."""
    heading = [Paragraph(text_page.heading, HEADING)]
    first_top = MARGIN + height(heading, ROOM)
    pages: list[list[Paragraph]] = [[]]
    used = first_top
    for paragraph in _paragraphs(text_page.paragraphs, Style(11.5, after=0.7)):
        needed = height([paragraph], ROOM)
        if pages[-1] and used + needed > BOTTOM:
            pages.append([])
            used = first_top
        pages[-1].append(paragraph)
        used += needed

    def maker(paragraphs: list[Paragraph], continued: bool) -> Callable[[Page], None]:
        def make(page: Page) -> None:
            title = f"{text_page.heading} (vervolg)" if continued else text_page.heading
            page.paragraphs([Paragraph(title, HEADING)], MARGIN, MARGIN, ROOM)
            page.paragraphs(paragraphs, MARGIN, first_top, ROOM)

        return make

    return [maker(paragraphs, i > 0) for i, paragraphs in enumerate(pages)]
