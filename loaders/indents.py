"""Indent levels of cells in an xlsx package: a compact pivot table's nesting.

python-calamine reads values, not styles, and Excel writes the indentation of a compact
pivot's row labels as a cell style (``<alignment indent="1"/>``). This reads only that,
with byte searches on the already vetted package (``loaders.safety``): which cell styles
indent, then which cells use them. A workbook without indented styles costs one look at
its styles part.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from posixpath import dirname, join, normpath

from loaders.sheetscan import column_number

MAX_PART_BYTES = 32 * 1024 * 1024  # a pivot table is small; a giant sheet is no pivot

_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b[^>]*?(?:/>|>(.*?)</xf>)", re.S)
_INDENT = re.compile(rb'<alignment\b[^>]*?\bindent="(\d+)"')
_ELEMENT = {name: re.compile(rb"<" + name + rb"\b([^>]*)>") for name in (b"sheet", b"Relationship")}
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_REFERENCE = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')

Indents = dict[tuple[int, int], int]


def read_indents(data: bytes) -> dict[str, Indents]:
    """Sheet name → {(row, column): indent level}, 0-based, for cells with an indent."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = _indented_styles(_part(archive, "xl/styles.xml"))
            if not styles:
                return {}
            return {
                name: found
                for name, part in _sheet_parts(archive)
                if (found := _indented_cells(_part(archive, part), styles))
            }
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}  # no indents is never worse than not reading the file


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        return b""
    return archive.read(info)


def _indented_styles(styles: bytes) -> dict[bytes, int]:
    """Index of each cell style (``s="…"``) that indents, with its indent."""
    found = _CELL_XFS.search(styles)
    if found is None:
        return {}
    out = {}
    for index, xf in enumerate(_XF.finditer(found.group(1))):
        indent = _INDENT.search(xf.group(0))
        if indent is not None and int(indent.group(1)) > 0:
            out[str(index).encode()] = int(indent.group(1))
    return out


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(text)}


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of every worksheet, from the workbook and its relations."""
    relations = {}
    for match in _ELEMENT[b"Relationship"].finditer(_part(archive, "xl/_rels/workbook.xml.rels")):
        attributes = _attributes(match.group(1))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else join("xl", target)
        relations[attributes.get(b"Id")] = normpath(target)
    parts = []
    for match in _ELEMENT[b"sheet"].finditer(_part(archive, "xl/workbook.xml")):
        attributes = _attributes(match.group(1))
        part = relations.get(attributes.get(b"id"))
        if part is not None and dirname(part):
            parts.append((html.unescape(attributes.get(b"name", b"").decode("utf-8")), part))
    return parts


def _indented_cells(sheet: bytes, styles: dict[bytes, int]) -> Indents:
    ids = b"|".join(re.escape(s) for s in styles)
    pattern = re.compile(rb'<c\b[^>]*?\bs="(' + ids + rb')"[^>]*>')
    out: Indents = {}
    for match in pattern.finditer(sheet):
        reference = _REFERENCE.search(match.group(0))
        if reference is not None:
            letters, digits = reference.groups()
            out[(int(digits) - 1, column_number(letters) - 1)] = styles[match.group(1)]
    return out
