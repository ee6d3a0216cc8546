"""Every page of the dashboard in AppTest: runs, shows its charts, follows the filters.

Each test gets its own SQLite store (``DATABASE_URL``) seeded with the small inflow set
of ``app_support``; expected figures are read off that table.
"""

from __future__ import annotations

import re

import pytest
from app_support import (
    INFLOW,
    app,
    charts,
    navigation_over_pages_folder,
    seed,
    texts,
    traces,
    yearly,
)

from ui.frame import LEAVE_LABEL as LEAVE

PAGES = [
    "pages/overzicht.py",
    "pages/instroom.py",
    "pages/lde.py",
    "pages/maatwerk.py",
    "pages/rose.py",
    "pages/nota.py",
    "pages/gegevens.py",
]


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'w13.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)
    return url


@pytest.fixture
def seeded(url) -> str:
    seed(url)
    return url


def region_total(year: int) -> float:
    return float(sum(INFLOW[year].values()))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(seeded, page):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} shows no title"


def test_instroom_page_shows_its_charts_with_the_region_figures(seeded):
    at = app().run()
    at.switch_page("pages/instroom.py").run()
    per_year = yearly(charts(at)["instroom.per_jaar"])
    assert per_year == {str(y): region_total(y) for y in INFLOW}
    views = at.segmented_control(key="weergave")
    assert {"Instroom per gemeente", "Instroom per doelgroep"} <= set(views.options)
    views.set_value("instroom.per_gemeente").run()
    assert not at.exception
    shown = charts(at)
    assert set(shown) == {"instroom.per_jaar", "instroom.per_gemeente"}
    # last full year, one bar each, all in one trace (each in its municipality's colour)
    (bars,) = traces(shown["instroom.per_gemeente"]).values()
    assert bars["Menen"] == 30.0 and bars["Kortrijk"] == 90.0


def test_lde_and_maatwerk_without_files_say_so_in_dutch(seeded):
    at = app().run()
    for page in ("pages/lde.py", "pages/maatwerk.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert "nog geen" in texts(at), page


def test_one_municipality_changes_the_data_behind_the_charts(seeded):
    at = app().run()
    at.switch_page("pages/instroom.py").run()
    at.sidebar.multiselect(key="gemeente").set_value(["Menen"]).run()
    assert not at.exception
    per_year = yearly(charts(at)["instroom.per_jaar"])
    assert per_year == {str(y): float(INFLOW[y]["Menen"]) for y in INFLOW}


def test_query_parameters_restore_the_filters(seeded):
    at = app({"gemeente": "Kortrijk", "jaren": ["2019", "2021"]}).run()
    at.switch_page("pages/instroom.py").run()
    assert at.sidebar.multiselect(key="gemeente").value == ["Kortrijk"]
    assert at.sidebar.slider(key="jaren").value == (2019, 2021)
    per_year = yearly(charts(at)["instroom.per_jaar"])
    assert per_year == {str(y): float(INFLOW[y]["Kortrijk"]) for y in (2019, 2020, 2021)}


def test_profile_filters_are_bound_to_the_url(seeded):
    at = app({"leeftijdsgroep": "50+"}).run()
    at.switch_page("pages/instroom.py").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="leeftijdsgroep").value == ["50+"]
    per_year = yearly(charts(at)["instroom.per_jaar"])
    assert per_year == {str(y): float(INFLOW[y]["Menen"]) for y in INFLOW}
    at.sidebar.multiselect(key="leeftijdsgroep").set_value(["<25", "25-49"]).run()
    per_year = yearly(charts(at)["instroom.per_jaar"])
    assert per_year == {str(y): region_total(y) - INFLOW[y]["Menen"] for y in INFLOW}


def test_instroom_shows_who_flows_in(seeded):
    at = app().run()
    at.switch_page("pages/instroom.py").run()
    at.segmented_control(key="weergave").set_value("instroom.leeftijdsgroep").run()
    assert not at.exception, texts(at)
    shares = traces(charts(at)["instroom.leeftijdsgroep"])
    for year, places in INFLOW.items():
        total = sum(places.values())
        assert shares["50+"][str(year)] == pytest.approx(places["Menen"] / total)
        # Text is data: Plotly gets "<25" escaped, and shows it as written.
        assert shares["&lt;25"][str(year)] == pytest.approx(places["Spiere-Helkijn"] / total)
    assert "onbekend" not in shares


def test_rose_note_states_the_figures_for_the_meeting_date(seeded):
    at = app({"vergadering": "2022-03-01"}).run()
    at.switch_page("pages/nota.py").run()
    assert not at.exception
    assert at.date_input(key="vergadering").value.isoformat() == "2022-03-01"
    total, before = region_total(2021), region_total(2020)
    change = round((total / before - 1) * 100)
    shown = re.sub(r"\\(.)", r"\1", texts(at)).replace("\u2060", "")  # markdown made literal
    assert (
        f"In 2021 stroomden {total:.0f} doelgroepwerknemers in, −{abs(change)} % tegenover "
        f"2020 ({before:.0f})." in shown
    )
    assert {b.label for b in at.get("download_button")} >= {"Word downloaden",
                                                             "Markdown downloaden"}


def test_overview_tiles_show_last_year_against_previous_and_2019(seeded):
    at = app().run()
    metrics = {m.label: m for m in at.metric}
    tile = metrics["Instroom 2021"]
    assert tile.value == "124"  # 90 + 30 + 4
    assert tile.delta == "−9 % t.o.v. 2020"  # 124 / 136 − 1
    assert metrics["Instroom 2021 t.o.v. 2019"].value == "−32 %"  # 124 / 182 − 1
    assert "overzicht.instroom" in charts(at)


def test_masking_small_counts_hides_them_in_tables_and_tiles(seeded):
    at = app({"gemeente": "Spiere-Helkijn", "maskeren": "true"}).run()
    assert at.sidebar.toggle(key="maskeren").value is True
    metrics = {m.label: m for m in at.metric}
    assert metrics["Instroom 2021"].value == "<5"


def test_presentation_mode_offers_a_way_back(seeded):
    at = app({"presentatie": "true"}).run()
    assert not at.exception
    leave = [b for b in at.button if b.label == LEAVE]
    assert leave
    leave[0].click().run()
    assert at.sidebar.toggle(key="presentatie").value is False
    assert not [b for b in at.button if b.label == LEAVE]


def test_first_start_loads_the_sample_data_and_shows_the_badge(url):
    at = app().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Voorbeeldgegevens" in m.value for m in at.markdown)  # the badge
    at.switch_page("pages/instroom.py").run()
    assert "instroom.per_jaar" in charts(at)


def test_real_data_shows_no_sample_badge(seeded):
    at = app().run()
    assert "fictieve voorbeeldgegevens" not in texts(at)
    assert not any("Voorbeeldgegevens" in m.value for m in at.markdown)


def test_rose_page_offers_the_drawable_charts(seeded):
    at = app().run()
    at.switch_page("pages/rose.py").run()
    assert not at.exception
    chosen = at.multiselect(key="rose-instroom").value
    assert "instroom.per_jaar" in chosen
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PowerPoint downloaden", "Excel downloaden", "PDF downloaden"]


__all__ = ["navigation_over_pages_folder"]  # the autouse fixture, imported for pytest


def test_the_file_a_comparison_needs_is_named_once_and_the_maps_draw(url):
    at = app().run()  # the sample data: no figures of the rest of Flanders
    at.switch_page("pages/maatwerk.py").run()
    assert not at.exception, [e.value for e in at.exception]
    said = [i.value for i in at.info if "Departement WSE" in i.value]
    assert len(said) == 1 and "maatregel" in said[0]  # three comparisons, one message
    assert "maatwerk.kaart" in charts(at)
    at.switch_page("pages/overzicht.py").run()
    assert "overzicht.kaart" in charts(at)
