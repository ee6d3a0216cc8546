"""The pure helpers behind the pages: chart tables, filter mapping, templates, log table."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

import kinds
from charts.spec import ChartSpec
from ui import filters, importlog, templates
from ui.tables import numbers


def spec(masked: bool = False) -> ChartSpec:
    data = pd.DataFrame(
        {
            "x": ["2020", "2021", "2020", "2021"],
            "series": ["Kortrijk", "Kortrijk", "Spiere-Helkijn", "Spiere-Helkijn"],
            "value": [1234.0, 1100.0, 3.0, 7.0],
            "text": ["−5 %", "−11 %", "<5", "7"],
        }
    )
    return ChartSpec(
        key="instroom.per_gemeente",
        title="t",
        kind="column",
        data=data,
        x_title="Jaar",
        y_title="Instroom",
        value_format="count",
        source="Bron: test",
        masked=masked,
    )


def test_numbers_behind_a_chart_are_flemish_and_keep_the_order():
    table = numbers(spec())
    assert list(table.index) == ["2020", "2021"]
    assert list(table.columns) == ["Kortrijk", "Spiere-Helkijn"]
    assert table.loc["2020", "Kortrijk"] == "1.234"
    assert table.loc["2020", "Spiere-Helkijn"] == "3"


def test_masked_chart_tables_show_the_mask_not_the_value():
    table = numbers(spec(masked=True))
    assert table.loc["2020", "Spiere-Helkijn"] == "<5"
    assert table.loc["2021", "Spiere-Helkijn"] == "7"
    assert table.loc["2020", "Kortrijk"] == "1.234"  # a label such as "−5 %" is not a value


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["A", "B", "C"], ()),  # everything: the whole region
        ([], ()),  # nothing: the whole region too
        (["C", "A"], ("A", "C")),  # kept in the region's order
    ],
)
def test_municipality_choice_maps_to_filters(chosen, expected):
    assert filters._municipalities(chosen, ("A", "B", "C")) == expected


@pytest.mark.parametrize("kind", ["inflow", "lde", "maatwerk"])
def test_templates_follow_the_loaders_columns(kind):
    book = openpyxl.load_workbook(io.BytesIO(templates.template(kind)))
    assert book.sheetnames == [templates.DATA_SHEET, templates.HELP_SHEET]
    header = [c.value for c in book[templates.DATA_SHEET][1]]
    assert header == [c.label for c in kinds.get(kind).columns]
    explained = {
        row[0]: row[3] for row in book[templates.HELP_SHEET].iter_rows(min_row=5, values_only=True)
    }
    assert explained == {c.label: c.explanation for c in kinds.get(kind).columns}


def test_import_log_table_is_dutch_and_newest_first():
    log = pd.DataFrame(
        {
            "id": [1, 2],
            "kind": ["inflow", "lde"],
            "file_name": ["a.xlsx", "b.xlsx"],
            "status": ["active", "active"],
        }
    )
    table = importlog.log_table(log)
    assert list(table.columns) == ["Nr.", "Soort", "Bestand", "Status"]
    assert list(table["Nr."]) == [2, 1]
    assert list(table["Soort"]) == ["LDE", "Instroom"]
