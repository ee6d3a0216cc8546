"""The dashboard never shows more, less or other than the data say — in AppTest, with the
figures asserted (issue 10, points 3 to 8; points 1 and 2 in test_app_sample.py).

Each test seeds its own SQLite store through the real ``Store`` with hand-chosen
numbers in the region's real municipalities.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_support import app, charts, html_tables, navigation_over_pages_folder, texts, traces
from streamlit.proto.Metric_pb2 import Metric
from test_app_gegevens import button, on_gegevens, upload, workbook

from storage import Store
from tests.store_helpers import inflow, lde, maatwerk

__all__ = ["navigation_over_pages_folder"]  # the autouse fixture, imported for pytest
DOWN, UP, NONE = (Metric.MetricDirection.Value(n) for n in ("DOWN", "UP", "NONE"))
RED, GREEN, GRAY = (Metric.MetricColor.Value(n) for n in ("RED", "GREEN", "GRAY"))


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'w13.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)
    return url


def seed(url: str, **frames: pd.DataFrame) -> None:
    store = Store(url)
    for kind, frame in frames.items():
        plan = store.plan_import(kind, frame, file_name=f"{kind}.xlsx", sha256=f"seed-{kind}")
        store.apply_import(plan, user="test")
    store.dispose()


def _annotation(figure: dict, name: str) -> str:
    """The text of the figure's annotation ``name`` (title, subtitle) on one line."""
    found = [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == name]
    return found[0].replace("<br>", " ") if found else ""


def title(figure: dict) -> str:
    return _annotation(figure, "title")


def subtitle(figure: dict) -> str:
    return _annotation(figure, "subtitle")


def annotations(figure: dict) -> str:
    """Every text drawn around the plot: annotations and legend entries (a reference
    line is named in the legend)."""
    texts = [a.get("text", "") for a in figure["layout"].get("annotations", [])]
    texts += [t.get("name", "") for t in figure["data"] if t.get("showlegend")]
    return " ".join(texts)


def view(page: str, chart: str, **query: str):
    """Chart ``chart`` of ``page`` (chosen as the page's view when it has a choice)."""
    at = app(query).run()
    at.switch_page(f"pages/{page}.py").run()
    if chart not in charts(at):
        at.segmented_control(key="weergave").set_value(chart).run()
    assert not at.exception, [e.value for e in at.exception]
    return charts(at)[chart]


# -- 3. arrows follow the numbers ----------------------------------------------------------

# 2020 → 2021 per municipality: a fall, no change, a rise, and a rise on a small base.
TILES = inflow(
    *((2020, None, town, "LDE", None, a) for town, a, _ in (
        ("Kortrijk", 100, 72), ("Menen", 50, 50), ("Waregem", 40, 60), ("Spiere-Helkijn", 2, 4))),
    *((2021, None, town, "LDE", None, b) for town, _, b in (
        ("Kortrijk", 100, 72), ("Menen", 50, 50), ("Waregem", 40, 60), ("Spiere-Helkijn", 2, 4))),
)


@pytest.mark.parametrize(
    ("municipality", "delta", "direction", "colour"),
    [
        (None, "−3 % t.o.v. 2020", DOWN, RED),  # 186 / 192 − 1
        ("Kortrijk", "−28 % t.o.v. 2020", DOWN, RED),
        ("Menen", "0 % t.o.v. 2020", NONE, GRAY),
        ("Waregem", "+50 % t.o.v. 2020", UP, GREEN),
        ("Spiere-Helkijn", "+2 t.o.v. 2020", UP, GREEN),  # 2 → 4: numbers, not +100 %
    ],
)
def test_tile_arrows_follow_the_numbers_on_filtered_views(url, municipality, delta, direction,
                                                          colour):
    seed(url, inflow=TILES)
    at = app({"gemeente": municipality} if municipality else {}).run()
    assert not at.exception, [e.value for e in at.exception]
    tile = {m.label: m for m in at.metric}["Instroom 2021"]
    assert tile.delta == delta
    assert (tile.proto.direction, tile.proto.color) == (direction, colour)


# -- 4. missing is neither zero nor absent --------------------------------------------------

MAATWERK = maatwerk(
    (2023, None, "Werkplus", "Kortrijk", "collectief", 100.0, 95.0),
    (2023, None, "Atelier", "Menen", "collectief", 60.0, 57.0),
    (2023, None, "Groenzorg", "Waregem", "collectief", 40.0, float("nan")),
)


def test_unknown_occupation_counts_as_capacity_and_is_left_out_of_the_fill_rate(url):
    seed(url, maatwerk=MAATWERK)
    figure = view("maatwerk", "maatwerk.toegekend_bezet")
    granted = traces(figure)["Toegekend (contingent)"]
    assert granted == {"Werkplus": 100.0, "Atelier": 60.0, "Groenzorg (bezetting onbekend)": 40.0}
    filled = traces(figure)["Bezet"]
    assert filled["Werkplus"] == 95.0 and pd.isna(filled["Groenzorg (bezetting onbekend)"])
    assert title(figure) == (
        "Maatwerk in 2023: 152 van de 160 toegekende plaatsen bezet (95,0 %); "
        "bezetting onbekend bij 1 maatwerkorganisatie"
    )
    rate = view("maatwerk", "maatwerk.bezettingsgraad")
    assert traces(rate)["Bezettingsgraad 2023"] == {"Atelier": 0.95, "Werkplus": 0.95}
    assert "bezetting onbekend bij 1 maatwerkorganisatie" in subtitle(rate)
    at = app().run()
    tile = {m.label: m for m in at.metric}["Bezettingsgraad maatwerk 2023"]
    assert (tile.value, tile.delta) == ("95,0 %", "152 van 160 VTE bezet")


def test_a_municipality_without_rows_shows_no_data_not_zero(url):
    seed(url, inflow=inflow((2023, None, "Kortrijk", "LDE", None, 40),
                            (2023, None, "Menen", "LDE", None, 0)))
    figure = view("instroom", "instroom.per_gemeente")
    bars = {x: v for trace in traces(figure).values() for x, v in trace.items()}
    assert bars["Kortrijk"] == 40.0 and bars["Menen"] == 0.0  # a real 0 is a 0
    assert "Wielsbeke" not in bars and pd.isna(bars["Wielsbeke (geen gegevens)"])
    assert "geen gegevens voor" in subtitle(figure) and "Wielsbeke" in subtitle(figure)


# -- 5. an import that lowers figures says so -----------------------------------------------

def test_the_confirmation_flags_a_fall_and_speaks_dutch(url):
    seed(url, inflow=inflow((2020, None, "Kortrijk", "LDE", None, 100),
                            (2021, None, "Kortrijk", "LDE", None, 124)))
    rows = [[2020, "Kortrijk", "LDE", None, 1092], [2021, "Kortrijk", "LDE", None, 30]]
    at = upload(on_gegevens(), ("instroom.xlsx", workbook(rows)))
    preview = next(d.value for d in at.dataframe if "Gemeente" in d.value.columns)
    assert list(preview.columns) == [
        "Jaar", "Maand", "Kwartaal", "Gemeente", "NIS-code", "Doelgroep", "Organisatie",
        "Leeftijdsgroep", "Geslacht", "Opleidingsniveau", "Instroom"
    ]
    assert preview.iloc[0][["Jaar", "Gemeente", "NIS-code", "Instroom"]].tolist() == [
        "2020", "Kortrijk", "34022", "1.092"
    ]
    assert "None" not in preview.to_string() and "nan" not in preview.to_string()
    button(at, "Importeren").click().run()
    warnings = [w.value for w in at.warning]
    assert (
        "Deze import verlaagt een jaartotaal met meer dan 20 %: 2021: Instroom van 124 naar 30 "
        "(−76 %). Controleer of het bestand volledig is."
    ) in warnings
    changes = next(d.value for d in at.dataframe if "Rijen vóór" in d.value.columns)
    assert changes.to_dict("records") == [
        {"Jaar": "2020", "Rijen vóór": "1", "Rijen na": "1", "Rijen vervangen": "1",
         "Instroom vóór": "100", "Instroom na": "1.092"},
        {"Jaar": "2021", "Rijen vóór": "1", "Rijen na": "1", "Rijen vervangen": "1",
         "Instroom vóór": "124", "Instroom na": "30"},
    ]


# -- 6. norms only where they apply ---------------------------------------------------------

LDE = lde((2023, None, "Buurtwerk", "Kortrijk", 30.0, 31.0),
          (2023, None, "Fietspunt", "Menen", 80.5, 84.0))


def test_the_regional_lde_reference_is_not_a_municipalitys_target(url):
    seed(url, lde=LDE)
    region = view("lde", "lde.regio_totaal")
    assert "Referentie: 100 VTE" in annotations(region)
    assert title(region) == "LDE-organisaties samen 110,5 VTE in 2023: boven de 100 VTE"
    one = view("lde", "lde.regio_totaal", gemeente="Kortrijk")
    assert "Referentie" not in annotations(one)
    assert not [s for s in one["layout"].get("shapes", []) if s.get("y0") == 100.0]
    assert title(one) == "LDE-organisaties in Kortrijk samen 30,0 VTE in 2023"
    at = app({"gemeente": "Kortrijk"}).run()
    tile = {m.label: m for m in at.metric}["LDE-tewerkstelling 2023"]
    assert (tile.value, tile.delta) == ("30,0 VTE", "")  # no year before, no reference
    assert "hele regio" in tile.help


# -- 7. no headlines on small numbers -------------------------------------------------------

SMALL = inflow(
    (2019, None, "Kortrijk", "LDE", None, 130), (2019, None, "Deerlijk", "LDE", None, 5),
    (2021, None, "Kortrijk", "LDE", None, 90), (2021, None, "Deerlijk", "LDE", None, 9),
)


def test_no_headline_on_a_small_base(url):
    seed(url, inflow=SMALL)
    figure = view("instroom", "instroom.gemeenten_per_jaar")
    assert title(figure) == "Instroom in Kortrijk daalde in 2021 met 31 % t.o.v. 2019"
    deerlijk = view("instroom", "instroom.gemeenten_per_jaar", gemeente="Deerlijk")
    assert title(deerlijk) == (
        "Instroom in Deerlijk steeg van 5 in 2019 naar 9 in 2021 (kleine aantallen)"
    )


# -- 8. language ----------------------------------------------------------------------------

def test_one_organisation_and_the_dataset_names_read_as_dutch(url):
    seed(url, lde=lde((2023, None, "Buurtwerk", "Kortrijk", 30.0, 31.0)))
    figure = view("lde", "lde.bezettingsgraad")
    assert title(figure) == (
        "De enige LDE-organisatie met een contingent, Buurtwerk, haalde in 2023 de 90 %-regel"
    )
    assert "1 LDE-organisatie met een gekend contingent" in subtitle(figure)
    at = app().run()
    freshness = html_tables(at)[-1]
    assert "LDE-gegevens" in freshness["Gegevens"].tolist()
    assert "Lde-gegevens" not in texts(at) + freshness.to_string()
