"""Shared helpers of the AppTest tests: a seeded temporary store and chart inspection.

The store is the real one (``storage.Store``) on a temporary SQLite file named by
``DATABASE_URL``; the data is a small tidy inflow set with hand-chosen numbers, so
every expected figure in the tests can be read off the tables below.
"""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = str(ROOT / "dashboard.py")
TIMEOUT = 60

# inflow per year and municipality (yearly rows: every year is complete)
INFLOW = {
    2018: {"Kortrijk": 120, "Menen": 40, "Spiere-Helkijn": 3},
    2019: {"Kortrijk": 130, "Menen": 50, "Spiere-Helkijn": 2},
    2020: {"Kortrijk": 100, "Menen": 35, "Spiere-Helkijn": 1},
    2021: {"Kortrijk": 90, "Menen": 30, "Spiere-Helkijn": 4},
}
NIS = {"Kortrijk": "34022", "Menen": "34027", "Spiere-Helkijn": "34043"}
# Who flows in, per municipality (a profile filter then picks municipalities' figures).
AGE_BANDS = {"Kortrijk": "25-49", "Menen": "50+", "Spiere-Helkijn": "<25"}


def inflow_frame(table: dict[int, dict[str, int]] = INFLOW) -> pd.DataFrame:
    """A tidy inflow frame (contract dtypes): one yearly row per year and municipality."""
    rows = [
        (year, municipality, value)
        for year, values in table.items()
        for municipality, value in values.items()
    ]
    years, places, values = zip(*rows, strict=True)
    n = len(rows)
    return pd.DataFrame(
        {
            "year": pd.array(years, dtype="Int64"),
            "month": pd.array([None] * n, dtype="Int64"),
            "quarter": pd.array([None] * n, dtype="Int64"),
            "municipality": pd.array(places, dtype="str"),
            "nis_code": pd.array([NIS[p] for p in places], dtype="str"),
            "target_group": pd.array(["Collectief maatwerk"] * n, dtype="str"),
            "organisation": pd.array(["Werkplus Waregem"] * n, dtype="str"),
            "age_band": pd.array([AGE_BANDS[p] for p in places], dtype="str"),
            "sex": pd.array(["onbekend"] * n, dtype="str"),
            "education": pd.array(["onbekend"] * n, dtype="str"),
            "inflow": pd.array(values, dtype="Int64"),
        }
    )


def seed(url: str, frame: pd.DataFrame | None = None, *, sample: bool = False) -> int:
    """Import ``frame`` (default: ``inflow_frame()``) into the store at ``url``."""
    from storage import Store

    store = Store(url)
    frame = inflow_frame() if frame is None else frame
    plan = store.plan_import(
        "inflow", frame, file_name="seed.xlsx", sha256=f"seed-{len(frame)}", sample=sample
    )
    return store.apply_import(plan, user="test")


@pytest.fixture(autouse=True)
def navigation_over_pages_folder(monkeypatch):
    """Run ``dashboard.py`` on every AppTest run, as the real server does.

    NOTE: a ``pages/`` folder makes Streamlit start in its old multipage mode until
    ``st.navigation`` is called once, which then switches it off for the process. The
    server keeps that switch; AppTest resets it before every run, so after
    ``switch_page`` it would run the page file alone, without the entry script and
    its sidebar. Keeping the switch off after the first run restores server behaviour.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def app(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def _decode(values: object) -> list:
    """Plotly may send arrays as typed base64 (``{"dtype", "bdata"}``): decode them."""
    if isinstance(values, dict) and "bdata" in values:
        raw = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return raw.tolist()
    return list(values or [])


def charts(at: AppTest) -> dict[str, dict]:
    """Every Plotly chart on the page by its widget key (``chart-<spec key>``)."""
    found = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        key = element.proto.id.split("-", 2)[-1] if element.proto.id else ""
        found[key.removeprefix("chart-") if key.startswith("chart-") else key] = spec
    return found


def traces(figure: dict) -> dict[str, dict[str, float]]:
    """Trace name → {x: y} (or {y: x} for horizontal bars) of a figure's data; NaN where
    a point has no value (a gap, "geen gegevens")."""
    out = {}
    for trace in figure["data"]:
        xs, ys = _decode(trace.get("x")), _decode(trace.get("y"))
        if trace.get("orientation") == "h":
            xs, ys = ys, xs
        out[trace.get("name", "")] = {
            str(x): float("nan") if y is None else float(y) for x, y in zip(xs, ys, strict=False)
        }
    return out


def yearly(figure: dict) -> dict[str, float]:
    """The values of the figure's first trace, by x label."""
    return next(iter(traces(figure).values()))


def texts(at: AppTest) -> str:
    """All markdown, captions, info and error texts of the page, joined."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "error", "warning", "success")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


class _TableParser(HTMLParser):
    """The cells of the first HTML table, row by row (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every HTML table on the page (ui.tables.html), header row as the columns."""
    found = []
    for element in at.get("html"):
        if "<table" not in element.proto.body:
            continue
        parser = _TableParser()
        parser.feed(element.proto.body)
        header, *rows = parser.rows
        found.append(pd.DataFrame(rows, columns=header))
    return found


def chart_texts(figure: dict) -> list[str]:
    """The texts drawn around a chart: title, subtitle, source line, axis and legend."""
    texts = [a.get("text", "") for a in figure["layout"].get("annotations", [])]
    return texts + [t.get("name", "") for t in figure["data"] if t.get("showlegend")]
