"""The data layer of the pages, without a running app: summary vs detail level,
ROSE downloads for the chosen filters, first-start sample import."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pdf_pages import page_texts, shows
from pptx import Presentation

import kinds
from charts import NoData, catalogue
from charts.base import SAMPLE_MARK
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters
from reference import load_region
from reports.text import TextPage
from storage import Store
from storage.schema import SUMMARY_KEYS
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    store_fixture,
    store_url_fixture,
)
from tests.store_helpers import inflow as store_inflow
from ui import data, downloads, sample

PAGES = ("overzicht", "instroom", "lde", "maatwerk")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> tuple[str, Store]:
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'w13.sqlite'}"
    store = Store(url)
    sample.import_sample_data(store)
    return url, store


def _same(left: ChartSpec | data.NoChart, right: ChartSpec | data.NoChart) -> None:
    assert type(left) is type(right)
    if isinstance(left, data.NoChart):
        assert left == right
        return
    assert (left.title, left.source, left.subtitle) == (right.title, right.source, right.subtitle)
    pd.testing.assert_frame_equal(
        left.data.reset_index(drop=True), right.data.reset_index(drop=True)
    )


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(municipalities=("Menen", "Spiere-Helkijn"), years=(2019, 2022))],
    ids=["region", "two-municipalities"],
)
def test_charts_outside_the_detail_list_are_identical_on_the_summary_level(sample_store, filters):
    url, store = sample_store
    version = store.version()
    summary = data._datasets(url, version, ())
    detail = data._datasets(url, version, ("month", "organisation"))
    assert len(summary.inflow) < len(detail.inflow)  # the summary really is smaller
    for key in (k for page in PAGES for k in catalogue.for_page(page)):
        if key in data.DETAIL_CHARTS:
            continue
        try:
            on_summary = catalogue.build(key, summary, filters)
        except Exception as error:  # NoData must agree too
            on_summary = data.NoChart(str(error))
        try:
            on_detail = catalogue.build(key, detail, filters)
        except Exception as error:
            on_detail = data.NoChart(str(error))
        _same(on_summary, on_detail)


def test_the_shared_frame_has_organisations_and_profiles_only_under_such_filters():
    chosen = Filters(organisations=("Werkplus",))
    assert data.detail_for(chosen) == ("organisation",)
    assert data.detail_for(Filters(municipalities=("Menen",))) == ()
    aged = Filters(profiles=(("age_band", ("50+",)), ("sex", ())))
    assert data.detail_for(aged) == ("age_band",)


def test_a_detail_view_asks_for_its_columns_and_the_filtered_ones_only():
    assert data.Asked.of("instroom.per_organisatie", Filters()) == data.Asked(
        ("year", "organisation")
    )
    chosen = Filters(
        municipalities=("Menen",), years=(2020, 2021), profiles=(("sex", ("vrouw",)),)
    )
    assert data.Asked.of("instroom.per_maand", chosen) == data.Asked(
        ("year", "quarter", "month", "municipality", "sex"),
        (("municipality", ("Menen",)), ("sex", ("vrouw",))),
        (2020, 2021),
    )


def _old_detail(key: str, filters: Filters) -> tuple[str, ...]:
    """The detail columns the full-frame path read a detail view with (before issue 12)."""
    shown = {c for c in data.DETAIL_CHARTS[key] if c not in SUMMARY_KEYS}
    return tuple(sorted(shown | set(data.detail_for(filters))))


def _built(key: str, datasets, filters: Filters) -> ChartSpec | data.NoChart:
    try:
        return catalogue.build(key, datasets, filters)
    except Exception as error:  # NoData must agree too
        return data.NoChart(str(error))


DETAIL_FILTERS = {
    "region": Filters(),
    "masked": Filters(mask_small=True),
    "organisations": Filters(
        organisations=("Maatwerkbedrijf Leiewerk (fictief)", "Sociale dienst Menen (fictief)")
    ),
    "years": Filters(years=(2020, 2021)),
    "municipalities-group-masked": Filters(
        municipalities=("Menen", "Kortrijk"), target_groups=("Artikel 60",), mask_small=True
    ),
    "age-bands": Filters(profiles=(("age_band", ("50+", "<25")),)),
    "nothing-left": Filters(
        municipalities=("Menen",), organisations=("Sociale dienst Wervik (fictief)",)
    ),
    "no-such-organisation": Filters(organisations=("Geen zulke organisatie",)),
}


@pytest.mark.parametrize("filters", DETAIL_FILTERS.values(), ids=DETAIL_FILTERS.keys())
def test_detail_charts_are_identical_on_what_they_ask_on_the_full_frame_and_on_the_rows(
    sample_store, filters
):
    url, store = sample_store
    version = store.version()
    every = tuple(
        sorted({c for columns in data.DETAIL_CHARTS.values() for c in columns} - {*SUMMARY_KEYS})
    )
    rows = data._datasets(url, version, every)  # more than one detail: summed over the rows
    for key in data.DETAIL_CHARTS:
        asked = data._build(url, version, key, filters)
        full = _built(key, data._datasets(url, version, _old_detail(key, filters)), filters)
        _same(asked, full)
        _same(asked, _built(key, rows, filters))


def test_the_sample_import_is_marked_as_sample_and_covers_every_kind(sample_store):
    _, store = sample_store
    assert store.only_sample_data()
    log = store.import_log()
    assert set(log["kind"]) == {"inflow", "lde", "maatwerk"}
    assert log["sample"].all()
    assert {k: len(store.read(k)) > 0 for k in ("inflow", "lde", "maatwerk")} == {
        "inflow": True,
        "lde": True,
        "maatwerk": True,
    }


def test_the_handout_holds_the_chosen_charts_for_the_current_filters(sample_store, monkeypatch):
    url, _ = sample_store
    monkeypatch.setenv("DATABASE_URL", url)
    chosen = Filters(municipalities=("Menen",))
    keys = ["instroom.per_jaar", "lde.per_organisatie", "maatwerk.bezettingsgraad"]
    specs = downloads.specs(keys, chosen)
    pages = page_texts(downloads.handout_bytes(keys, chosen))
    assert len(pages) == len(specs) + 2  # title page, one per chart, closing page
    assert shows(pages[0], "Gemeenten: Menen")
    for page, spec in zip(pages[1:-1], specs, strict=True):
        assert shows(page, spec.title) and shows(page, spec.source)


def test_the_deck_holds_the_chosen_charts_for_the_current_filters(sample_store, monkeypatch):
    url, _ = sample_store
    monkeypatch.setenv("DATABASE_URL", url)
    chosen = Filters(municipalities=("Menen",))
    keys = ["instroom.per_jaar", "lde.per_organisatie"]
    deck = Presentation(io.BytesIO(downloads.deck_bytes(keys, chosen)))
    specs = downloads.specs(keys, chosen)
    assert len(deck.slides) == len(specs) + 2  # title slide, one per chart, closing slide
    charts = [s for slide in deck.slides for s in slide.shapes if s.has_chart]
    first = charts[0].chart.plots[0].series[0]
    assert list(first.values) == pytest.approx(list(specs[0].data["value"]))
    # sample data: the title slide and every sheet say the figures are fictional
    title = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert any(SAMPLE_MARK in text for text in title)
    note = [TextPage("ROSE-nota", ("In 2023 stroomden 12 doelgroepwerknemers in.",))]
    book = openpyxl.load_workbook(io.BytesIO(downloads.workbook_bytes(keys, chosen, first=note)))
    assert book.sheetnames[0] == "Nota"
    for sheet in book.worksheets:
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert any(SAMPLE_MARK in c for c in cells), sheet.title


def _generated(seed: int, years: range, last_months: int) -> pd.DataFrame:
    """Inflow as a region's real files look: each organisation in one to three
    municipalities, some rows without organisation, profiles drawn from their vocabularies,
    the last year delivered up to ``last_months``."""
    rng = np.random.default_rng(seed)
    names = load_region().names
    organisations = [f"Organisatie {i:02d}" for i in range(24)] + ["O'Neil & Zonen", None]
    homes = {o: rng.choice(names, int(rng.integers(1, 4)), replace=False) for o in organisations}
    groups = ["LDE", "Artikel 60", "Werkervaring", "Collectief maatwerk"]
    rows = [
        (year, month, municipality, str(rng.choice(groups)), organisation, int(rng.integers(1, 9)))
        for year in years
        for month in range(1, (last_months if year == years[-1] else 12) + 1)
        for organisation in organisations
        if rng.random() < 0.3
        for municipality in homes[organisation]
    ]
    frame = store_inflow(*rows)
    for column in kinds.PROFILES:
        frame[column.name] = pd.array(rng.choice(column.values, len(frame)), dtype="str")
    return frame


def _datasets_of(store: Store, inflow: pd.DataFrame) -> Datasets:
    return Datasets(inflow=inflow, freshness=store.freshness())


GENERATED_FILTERS = {
    "region": Filters(),
    "masked": Filters(mask_small=True),
    "municipalities-years": Filters(municipalities=("Menen", "Kortrijk"), years=(2019, 2022)),
    "group-masked": Filters(target_groups=("Artikel 60",), mask_small=True),
    "organisations": Filters(organisations=("O'Neil & Zonen", "Organisatie 03")),
    "profiles": Filters(profiles=(("sex", ("vrouw",)), ("education", ("laag", "onbekend")))),
    "nothing-left": Filters(municipalities=("Menen",), years=(2030, 2031)),
}


def test_detail_views_on_a_generated_store_agree_with_the_full_frame_and_the_rows_through_replace_and_undo(  # noqa: E501
    store: Store,
):
    first = _generated(7, range(2018, 2024), last_months=6)
    do_import(store, "inflow", first, "eerste.xlsx")
    again = _generated(8, range(2022, 2023), last_months=12)
    again = again.loc[again["municipality"].isin(["Menen", "Wevelgem"])]
    replacing = do_import(store, "inflow", again, "tweede.xlsx")
    for step in ("replaced", "undone"):
        whole = _datasets_of(store, store.inflow_aggregate(SUMMARY_KEYS))
        rows = _datasets_of(store, store.read("inflow"))
        for filters in GENERATED_FILTERS.values():
            for key in data.DETAIL_CHARTS:
                try:
                    query = data.query_for(store, whole, key, filters)
                    asked = data.asked(store, whole, query)
                    data.check_matched(store, whole, asked, filters)
                    on_asked = catalogue.build(key, asked, filters)
                except NoData as error:
                    on_asked = data.NoChart(str(error))
                full = store.inflow_aggregate((*SUMMARY_KEYS, *_old_detail(key, filters)))
                _same(on_asked, _built(key, _datasets_of(store, full), filters))
                _same(on_asked, _built(key, rows, filters))
        if step == "replaced":
            store.undo(replacing, user="tester")


def test_a_detail_view_says_when_the_inflow_is_not_split_per_organisation(store: Store):
    frame = _generated(9, range(2020, 2022), last_months=12).assign(organisation=None)
    do_import(store, "inflow", frame.astype({"organisation": "str"}), "zonder.xlsx")
    whole = _datasets_of(store, store.inflow_aggregate(SUMMARY_KEYS))
    chosen = Filters(organisations=("Organisatie 01",))
    asked = data.asked(store, whole, data.Asked.of("instroom.per_maand", chosen))
    with pytest.raises(NoData, match="niet per organisatie opgesplitst"):
        data.check_matched(store, whole, asked, chosen)
    rows = _datasets_of(store, store.read("inflow"))
    assert "niet per organisatie" in _built("instroom.per_maand", rows, chosen).message


def test_the_organisation_view_asks_for_the_one_year_it_shows(sample_store):
    url, store = sample_store
    whole = data._datasets(url, store.version(), ())
    assert data.query_for(store, whole, "instroom.per_organisatie", Filters()) == data.Asked(
        ("year", "organisation"), (), (2023, 2023)  # the sample's last full year
    )
    away = Filters(years=(2030, 2031))  # nothing there: asked as it is, and found empty
    query = data.query_for(store, whole, "instroom.per_organisatie", away)
    assert query == data.Asked(("year", "organisation"), (), (2030, 2031))
    with pytest.raises(NoData, match="geen instroomgegevens voor deze selectie"):
        data.check_matched(store, whole, data.asked(store, whole, query), away)
