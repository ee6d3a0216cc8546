"""Every chart of the dashboard, by key, grouped per page.

Pages and the ROSE pack ask this module for charts by key, so a chart is defined once
and looks the same on screen, on a slide and in a workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import kinds
from charts import flanders, inflow, lde, maatwerk, maps, profiles
from charts.spec import ChartSpec
from indicators.datasets import Datasets
from indicators.filters import Filters

Builder = Callable[[Datasets, Filters], ChartSpec]
# The pages with charts: URL slug → Dutch title (the ROSE pack groups its choice by them).
PAGES: dict[str, str] = {
    "overzicht": "Overzicht",
    "instroom": "Instroom",
    "lde": "LDE",
    "maatwerk": "Maatwerk",
}


@dataclass(frozen=True)
class Entry:
    key: str
    page: str
    label: str
    builder: Builder


_ENTRIES: tuple[Entry, ...] = (
    # Overzicht: one headline chart (the tiles come from ``charts.overview``).
    Entry("overzicht.instroom", "overzicht", "Instroom per jaar", inflow.per_year),
    Entry("overzicht.kaart", "overzicht", "Kaart: instroom t.o.v. 2019", maps.change_2019),
    Entry("instroom.per_jaar", "instroom", "Instroom per jaar", inflow.per_year),
    Entry("instroom.per_kwartaal", "instroom", "Instroom per kwartaal", inflow.per_quarter),
    Entry("instroom.per_maand", "instroom", "Instroom per maand", inflow.per_month),
    Entry("instroom.per_gemeente", "instroom", "Instroom per gemeente", inflow.per_municipality),
    Entry("instroom.per_1000_inwoners", "instroom", "Instroom per 1.000 inwoners", inflow.per_1000),
    Entry(
        "instroom.kaart_per_1000", "instroom", "Kaart: instroom per 1.000 inwoners", maps.per_1000
    ),
    Entry("instroom.kaart_2019", "instroom", "Kaart: instroom t.o.v. 2019", maps.change_2019),
    Entry(
        "instroom.gemeenten_per_jaar",
        "instroom",
        "Instroom per gemeente en per jaar",
        inflow.municipalities_per_year,
    ),
    Entry("instroom.per_doelgroep", "instroom", "Instroom per doelgroep", inflow.per_target_group),
    Entry(
        "instroom.per_organisatie", "instroom", "Instroom per organisatie", inflow.per_organisation
    ),
    *(
        Entry(profiles.key_of(c.name), "instroom", f"Instroom per {c.label.lower()}",
              profiles.builder(c.name))
        for c in kinds.PROFILES
    ),
    Entry(
        "instroom.vlaanderen_2019", "instroom", "Instroom t.o.v. 2019, met Vlaanderen",
        flanders.inflow_change,
    ),
    Entry(
        "instroom.vlaanderen_doelgroepen", "instroom", "Doelgroepen als aandeel, met Vlaanderen",
        flanders.target_group_shares,
    ),
    Entry("lde.per_organisatie", "lde", "VTE per organisatie", lde.per_organisation),
    Entry(
        "lde.trend_per_organisatie",
        "lde",
        "VTE per organisatie per jaar",
        lde.trend_per_organisation,
    ),
    Entry("lde.regio_totaal", "lde", "VTE van de regio t.o.v. 100 VTE", lde.regional_total),
    Entry("lde.kaart", "lde", "Kaart: LDE-VTE per 1.000 inwoners", maps.lde_per_1000),
    Entry(
        "lde.vlaanderen_bezetting", "lde", "Bezettingsgraad t.o.v. Vlaanderen",
        flanders.lde_fill_rate,
    ),
    Entry("lde.bezettingsgraad", "lde", "Bezettingsgraad t.o.v. de 90 %-regel", lde.fill_rate),
    Entry(
        "maatwerk.toegekend_bezet",
        "maatwerk",
        "Toegekend en bezet per organisatie",
        maatwerk.granted_vs_filled,
    ),
    Entry(
        "maatwerk.bezettingsgraad",
        "maatwerk",
        "Bezettingsgraad per organisatie",
        maatwerk.fill_rate,
    ),
    Entry(
        "maatwerk.kaart", "maatwerk", "Kaart: bezettingsgraad per gemeente",
        maps.maatwerk_fill_rate,
    ),
    Entry(
        "maatwerk.vlaanderen_bezetting", "maatwerk", "Bezettingsgraad t.o.v. Vlaanderen",
        flanders.fill_rate,
    ),
    Entry(
        "maatwerk.vlaanderen_2019", "maatwerk", "Plaatsen t.o.v. 2019, met Vlaanderen",
        flanders.places_change,
    ),
    Entry(
        "maatwerk.vlaanderen_individueel", "maatwerk", "Aandeel individueel, met Vlaanderen",
        flanders.individual_share,
    ),
    Entry(
        "maatwerk.collectief_individueel",
        "maatwerk",
        "Collectief en individueel maatwerk",
        maatwerk.per_kind,
    ),
    Entry(
        "maatwerk.onbezet_vs_instroom",
        "maatwerk",
        "Onbezette plaatsen tegenover instroom",
        maatwerk.unfilled_vs_inflow,
    ),
)
CATALOGUE: dict[str, Entry] = {e.key: e for e in _ENTRIES}


def for_page(page: str) -> list[str]:
    """Chart keys of ``page`` in display order."""
    if page not in PAGES:
        raise KeyError(f"Onbekende pagina: {page!r}")
    return [e.key for e in _ENTRIES if e.page == page]


def label(key: str) -> str:
    """The Dutch label of a chart (for tabs, selectors and the ROSE pack's chart list)."""
    return CATALOGUE[key].label


def build(key: str, datasets: Datasets, filters: Filters) -> ChartSpec:
    """Build chart ``key``; raises ``charts.NoData`` (Dutch message) when nothing to show."""
    # NOTE: a builder shared by two pages (the headline chart) gets the key it was asked
    # for, so file names and the ROSE pack always name the chart as the catalogue does.
    return replace(CATALOGUE[key].builder(datasets, filters), key=key)
