"""The ROSE note (``reports.note``) as files: Markdown, Word (.docx) and the text page
that opens the PDF handout and the PowerPoint deck.

NOTE: Word gets a real .docx written by python-docx (pinned in requirements.txt), not an
RTF or HTML file renamed: staff edit the note before the meeting, and a .docx opens
without a conversion warning in Word, LibreOffice and the browser previews of mail and
SharePoint, keeps its headings as Word headings and is proofed in Dutch (Belgium).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reports.note import Note
from reports.text import SAMPLE_WARNING, TextPage

MARKDOWN_MIME = "text/markdown"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML (and so Word) cannot hold; text from a file may carry them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters that could start markup inside a sentence (a name from a file is data).
_MARKDOWN_SPECIAL = "\\`*_[]<>#|~"


def _md(text: str) -> str:
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in text)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def markdown(note: Note) -> str:
    """The note as Markdown: a heading per section, its sentences as one paragraph."""
    lines = [f"# {_md(note.title)}", "", _md(note.lead), ""]
    if note.sample:
        lines += [f"**{_md(SAMPLE_WARNING)}**", ""]
    for section, sentences in note.sections():
        lines += [f"## {section}", "", " ".join(_md(s.text) for s in sentences), ""]
    lines += ["---", "", "Filters: " + "; ".join(f"{k}: {_md(v)}" for k, v in note.filters)]
    return "\n".join(lines) + "\n"


def text_page(note: Note) -> TextPage:
    """The note as the first text page of the handout and the deck."""
    paragraphs: list[str | tuple[str, str]] = [note.lead]
    if note.sample:
        paragraphs.append(SAMPLE_WARNING)
    paragraphs += [
        (f"{section}: ", " ".join(s.text for s in sentences))
        for section, sentences in note.sections()
    ]
    return TextPage(heading=note.title, paragraphs=tuple(paragraphs))


def docx(note: Note) -> bytes:
    """The note as a Word document (.docx)."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    # Dutch (Belgium) proofing, so Word does not mark every word as misspelt English.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-BE")
    normal.element.get_or_add_rPr().append(language)
    document.core_properties.title = note.title
    document.core_properties.subject = note.lead
    document.add_heading(_xml(note.title), level=0)
    document.add_paragraph(_xml(note.lead))
    if note.sample:
        run = document.add_paragraph().add_run(SAMPLE_WARNING)
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for section, sentences in note.sections():
        document.add_heading(section, level=1)
        document.add_paragraph(_xml(" ".join(s.text for s in sentences)))
    filters = document.add_paragraph()
    filters.add_run("Filters: ").bold = True
    filters.add_run(_xml("; ".join(f"{k}: {v}" for k, v in note.filters)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
