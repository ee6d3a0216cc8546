"""The ROSE deck: a 16:9 PowerPoint with one native, editable chart per ``ChartSpec``.

Slides: a title slide (title, date, filters, data period), one slide per chart (the
spec's takeaway title and subtitle, a native python-pptx chart in the spec's colours
and number format, notes on reference lines and events, the source line), and a
closing slide with the glossary, the event notes and the files used.

The chart itself is drawn by ``reports.pptx_chart``; masked small counts are blank in
it, and a note under the chart names them. Text boxes are stacked with a
height estimated from their length, so a long takeaway title pushes the chart down
instead of running into it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

import reference
from charts.spec import ChartSpec
from indicators.filters import Filters
from reports.cells import safe_text
from reports.imports import import_rows
from reports.notes import chart_notes, masked_note, visible_events
from reports.pptx_chart import CHART_TYPES, add_chart
from reports.pptx_map import add_map
from reports.table import distinct, grid
from reports.text import SAMPLE_WARNING, TextPage, event_period, long_date

SLIDE_WIDTH = Emu(12_192_000)  # 13.333 in: PowerPoint's own 16:9 size
SLIDE_HEIGHT = Emu(6_858_000)  # 7.5 in
BLANK_LAYOUT = 6
MARGIN = Inches(0.5)
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x66, 0x66, 0x66)
WARNING = RGBColor(0xB3, 0x4A, 0x00)  # the sample warning: dark orange, readable on white
# Average character width as a share of the font size (wide fonts, to be safe); lines
# are 1.2 × the size.
CHAR_WIDTH = 0.52
BOLD_CHAR_WIDTH = 0.62
LINE_HEIGHT = 1.2
MAX_FILTER_TEXT = 300
MAX_FILES_LISTED = 8
# A paragraph: plain text, or a (bold head, rest) pair such as ("VTE: ", "Voltijds …").
Line = str | tuple[str, str]


def deck(
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
    """The whole deck as ``.pptx`` bytes: title slide, ``first`` text slides (a note for
    the meeting), one slide per chart, closing slide.

    A chart given twice (same key, or same title and numbers) gets one slide. ``sample``:
    the figures are fictional sample data, and the title slide says so.
    """
    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    _title_slide(
        presentation, filters=filters, title=title, period=period, generated=generated,
        sample=sample,
    )
    for page in first:
        _text_slide(presentation, page)
    for spec in distinct(specs):
        _chart_slide(presentation, spec)
    _closing_slide(presentation, imports)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


# --- text helpers ----------------------------------------------------------------------


def _text_box(
    slide, left, top, width, height, lines: Sequence[Line], *, size, colour=DARK, bold_first=False
):
    """A word-wrapped text box; ``lines`` are paragraphs, or (bold head, rest) pairs.

    A paragraph that could start a formula when pasted into a spreadsheet (a title that
    begins with an organisation called "=…") starts with an apostrophe, as in the workbook.
    """
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    # No inner margins: text lines up with the chart's left edge and the estimate holds.
    frame.margin_left = frame.margin_right = 0
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        head, rest = line if isinstance(line, tuple) else (None, line)
        if head:
            head = safe_text(head)
        elif rest:
            rest = safe_text(rest)
        for text, bold in ((head, True), (rest, bold_first and i == 0)):
            if not text:
                continue
            run = paragraph.add_run()
            run.text = text
            run.font.bold = bold
            run.font.size = Pt(size)
            run.font.color.rgb = colour
            # Flemish proofing, so PowerPoint does not underline every word as English.
            run.font.language_id = MSO_LANGUAGE_ID.BELGIAN_DUTCH
        paragraph.space_after = Pt(size * 0.4)
    return box


def _content_width():
    return SLIDE_WIDTH - 2 * MARGIN


# --- slides ------------------------------------------------------------------------------


def _blank(presentation):
    return presentation.slides.add_slide(presentation.slide_layouts[BLANK_LAYOUT])


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def _title_slide(
    presentation, *, filters: Filters, title: str, period: str, generated, sample: bool
):
    slide = _blank(presentation)
    width = _content_width()
    top = Inches(1.4)
    subtitle = f"{long_date(generated)} · gegevens {period}"
    # A long filter (thirty organisations) is shortened here; the workbook has it whole.
    chosen = [
        (f"{label}: ", _shorten(value, MAX_FILTER_TEXT)) for label, value in filters.describe()
    ]
    for lines, size, colour, bold in (
        ([title], 40, DARK, True),
        *([([SAMPLE_WARNING], 24, WARNING, True)] if sample else []),
        ([subtitle], 20, GREY, False),
        (chosen, 16, GREY, False),
    ):
        height = text_height(lines, size, width, bold=bold)
        _text_box(
            slide, MARGIN, top, width, height, lines, size=size, colour=colour, bold_first=bold
        )
        top += height + Inches(0.2)


def text_height(lines: Sequence[Line], size: float, width: int, *, bold: bool = False) -> int:
    """Estimated height (EMU) of ``lines`` word-wrapped at ``size`` pt in ``width``.

    Generous on purpose: PowerPoint's Calibri is narrower than the fonts LibreOffice
    falls back on, and a little space is better than text running into the chart.
    """
    char_width = BOLD_CHAR_WIDTH if bold else CHAR_WIDTH
    per_line = max(1, int(width / Pt(size * char_width)))
    rows = sum(max(1, -(-len(_plain(line)) // per_line)) for line in lines)
    return Pt(rows * size * LINE_HEIGHT + size * 0.4 * len(lines) + 4)


def _plain(line: Line) -> str:
    return "".join(line) if isinstance(line, tuple) else line


# Text slides start at this size and shrink until the text fits the slide.
TEXT_SIZES = (16, 14, 13, 12, 11, 10, 9)


def _text_slide(presentation, page: TextPage) -> None:
    slide = _blank(presentation)
    width = _content_width()
    heading = text_height([page.heading], 28, width, bold=True)
    _text_box(slide, MARGIN, MARGIN, width, heading, [page.heading], size=28, bold_first=True)
    top = MARGIN + heading + Inches(0.15)
    room = SLIDE_HEIGHT - top - MARGIN
    size = next(
        (s for s in TEXT_SIZES if text_height(page.paragraphs, s, width) <= room), TEXT_SIZES[-1]
    )
    _text_box(slide, MARGIN, top, width, room, page.paragraphs, size=size)


def _chart_slide(presentation, spec: ChartSpec) -> None:
    slide = _blank(presentation)
    width = _content_width()
    top = Inches(0.3)
    title_size = 26 if len(spec.title) <= 70 else 22
    for text, size, colour, bold in (
        (spec.title, title_size, DARK, True),
        (spec.subtitle, 15, GREY, False),
    ):
        if text:
            height = text_height([text], size, width, bold=bold)
            _text_box(
                slide, MARGIN, top, width, height, [text], size=size, colour=colour, bold_first=bold
            )
            top += height
    source_height = text_height([spec.source], 10, width)
    bottom = SLIDE_HEIGHT - Inches(0.2) - source_height
    _text_box(slide, MARGIN, bottom, width, source_height, [spec.source], size=10, colour=GREY)
    # NOTE: python-pptx cannot combine a line with bars in one chart, so on bar and
    # column charts the reference values are stated beside the chart instead.
    notes = chart_notes(spec, with_reference_lines=spec.kind != "line")
    table = grid(spec)
    for note in reversed([*notes, *masked_note(table)]):
        height = text_height([note], 11, width)
        bottom -= height
        _text_box(slide, MARGIN, bottom, width, height, [note], size=11, colour=GREY)
    draw = add_map if spec.kind == "map" else add_chart
    draw(slide, spec, MARGIN, top + Inches(0.1), width, bottom - top - Inches(0.15), table)
    # The full event notes go in the speaker notes, where a presenter looks for them.
    shown = {marker.label for marker in visible_events(spec)}
    explained = [e.note for e in reference.events() if e.label in shown]
    if explained:
        slide.notes_slide.notes_text_frame.text = "\n".join(explained)


# --- closing slide -----------------------------------------------------------------------


def _closing_slide(presentation, imports: pd.DataFrame | None) -> None:
    slide = _blank(presentation)
    width = _content_width()
    half = (width - Inches(0.4)) // 2
    heading = ["Begrippen en kanttekeningen"]
    _text_box(slide, MARGIN, Inches(0.3), width, Inches(0.7), heading, size=26, bold_first=True)
    top = Inches(1.1)
    definitions = [(f"{term}: ", text) for term, text in reference.glossary().items()]
    notes = [(f"{e.label} ({event_period(e.start, e.end)}): ", e.note) for e in reference.events()]
    heights = [text_height(column, 14, half) for column in (definitions, notes)]
    _text_box(slide, MARGIN, top, half, heights[0], definitions, size=14)
    _text_box(slide, MARGIN + half + Inches(0.4), top, half, heights[1], notes, size=14)
    files = import_rows(imports)
    if files:
        shown = "; ".join(files[:MAX_FILES_LISTED])
        if len(files) > MAX_FILES_LISTED:
            shown += f"; en nog {len(files) - MAX_FILES_LISTED} (zie het Excel-bestand, blad Bron)"
        lines = [("Gebruikte bestanden: ", shown)]
        height = text_height(lines, 10, width)
        below = top + max(heights) + Inches(0.2)
        _text_box(slide, MARGIN, below, width, height, lines, size=10, colour=GREY)


__all__ = ["CHART_TYPES", "SLIDE_HEIGHT", "SLIDE_WIDTH", "deck", "text_height", "visible_events"]
