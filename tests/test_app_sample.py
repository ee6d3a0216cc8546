"""Sample and real data never mix, in AppTest (issue 10, points 1 and 2).

First start loads the sample data, marked as fictional in every chart; the first real
upload names the sample removal before it is confirmed, the charts then show only the
file's totals without the mark, and undo brings the marked sample back exactly.
"""

from __future__ import annotations

import re

from app_support import (
    chart_texts,
    charts,
    html_tables,
    navigation_over_pages_folder,
    texts,
    yearly,
)
from test_app_gegevens import NEW_2022, button, inflow_2022, on_gegevens, upload

from charts.base import SAMPLE_MARK

__all__ = ["navigation_over_pages_folder"]  # the autouse fixture, imported for pytest


def sources(at) -> dict[str, str]:
    """Chart key → the text of its annotations (the source line is one of them)."""
    return {
        key: " ".join(a.get("text", "") for a in figure["layout"].get("annotations", []))
        for key, figure in charts(at).items()
    }


# Wording that must never show: a kind's name capitalised by code, "Alle 1 …" for one
# thing, and Python's words for nothing.
NEVER = re.compile(r"Lde-|Alle 1 |\b(None|nan|NaN)\b")


def wording(at) -> None:
    """The page's texts, chart titles and tables read as Dutch (issue 10, point 8)."""
    shown = [texts(at)]
    for figure in charts(at).values():
        shown += chart_texts(figure)
    shown += [frame.value.to_string() for frame in at.dataframe]
    shown += [frame.to_string() for frame in html_tables(at)]
    for text in shown:
        assert not NEVER.search(text), text


def page(at, name: str):
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sample_is_marked_replaced_by_the_first_real_import_and_back_on_undo(
    tmp_path, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)
    at = on_gegevens()  # first start: the sample data is loaded
    assert "alleen fictieve voorbeeldgegevens" in texts(at)
    marked = {}
    for name in ("overzicht", "instroom", "lde", "maatwerk"):
        shown = sources(page(at, name))
        assert shown and all(SAMPLE_MARK in text for text in shown.values()), shown
        marked.update(shown)
        wording(at)
    sample_years = yearly(charts(page(at, "instroom"))["instroom.per_jaar"])
    assert sample_years["2018"] == 480.0  # the sample's own figure, before any real file

    at = upload(page(at, "gegevens"), ("instroom-2022.xlsx", inflow_2022()))
    button(at, "Importeren").click().run()
    warnings = [w.value for w in at.warning]
    assert (
        "Dit is de eerste import van echte gegevens: alle fictieve voorbeeldgegevens "
        "(instroomgegevens, LDE-gegevens en maatwerkgegevens) worden verwijderd. Maak je "
        "deze import ongedaan, dan komen ze terug."
    ) in warnings
    changes = next(d.value for d in at.dataframe if "Rijen vóór" in d.value.columns)
    # compared with real data only: nothing before
    assert changes.to_dict("records") == [
        {"Jaar": "2022", "Rijen vóór": "0", "Rijen na": "3", "Rijen vervangen": "0",
         "Instroom vóór": "–", "Instroom na": "106"}
    ]
    button(at, "Bevestigen en importeren").click().run()
    assert not at.exception, [e.value for e in at.exception]

    per_year = yearly(charts(page(at, "instroom"))["instroom.per_jaar"])
    assert per_year == {"2022": float(sum(NEW_2022.values()))}
    assert not any(SAMPLE_MARK in text for text in sources(at).values())
    assert "Voorbeeldgegevens" not in [b.label for b in at.get("badge")]
    assert "fictieve" not in texts(page(at, "overzicht"))
    for name in ("lde", "maatwerk"):  # the sample of the other kinds went too
        assert not charts(page(at, name)), name

    at = page(at, "gegevens")
    choice = at.selectbox(key="undo-choice")
    choice.set_value(max(int(o.split(" ")[0]) for o in choice.options)).run()
    button(at, "Ongedaan maken").click().run()
    button(at, "Ja, ongedaan maken").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "alleen fictieve voorbeeldgegevens" in texts(at)
    assert yearly(charts(page(at, "instroom"))["instroom.per_jaar"]) == sample_years
    back = {}
    for name in ("overzicht", "instroom", "lde", "maatwerk"):
        back.update(sources(page(at, name)))
    assert back.keys() == marked.keys()
    assert all(SAMPLE_MARK in text for text in back.values())
