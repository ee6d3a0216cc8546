"""Figures shared by every session of a process (``ui.shared_figure``, ``ui.data``):
sent exactly as the figure they were built from, made into a dict once, and cached per
everything that changes what a viewer sees."""

from __future__ import annotations

from dataclasses import fields

import plotly.io as pio
import pytest

from charts import plotly as chart_plotly
from indicators.filters import Filters
from storage import Store
from ui import data, sample
from ui.shared_figure import SharedFigure

# A line chart, a bar chart per municipality and a map: the three shapes of figure.
KEYS = ("instroom.per_jaar", "instroom.per_gemeente", "overzicht.kaart")
SMALL = Filters(municipalities=("Spiere-Helkijn",))  # counts below 5: masking shows
MASKED = Filters(SMALL.municipalities, mask_small=True)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> tuple[str, int]:
    url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'w13.sqlite'}"
    store = Store(url)
    sample.import_sample_data(store)
    return url, store.version()


def _sent(drawn: data.Drawn) -> str:
    """The JSON st.plotly_chart sends for ``drawn`` (it converts the figure the same way)."""
    return pio.to_json(drawn.figure.to_dict(), validate=False)


@pytest.mark.parametrize("key", KEYS)
def test_a_shared_figure_is_sent_exactly_as_the_figure_it_was_made_from(sample_store, key):
    url, version = sample_store
    spec = data._build(url, version, key, Filters())
    built = chart_plotly.figure(spec, width=800)
    shared = SharedFigure(built)
    assert pio.to_json(shared, validate=False) == pio.to_json(built, validate=False)
    assert shared.to_dict() is shared.to_dict()  # made once, not per session


def test_one_cache_entry_serves_every_session_with_the_same_choices(sample_store):
    url, version = sample_store
    first = data._drawn(url, version, KEYS[0], Filters(), False, 800)
    again = data._drawn(url, version, KEYS[0], Filters(), False, 800)
    assert again is first and again.figure.to_dict() is first.figure.to_dict()


LINE, BARS = KEYS[:2]


@pytest.mark.parametrize(
    ("one", "other", "differ"),
    [
        ((Filters(), False, 800), (SMALL, False, 800), (LINE, BARS)),
        ((SMALL, False, 800), (MASKED, False, 800), (BARS,)),
        ((Filters(), False, 800), (Filters(years=(2019, 2020)), False, 800), (LINE, BARS)),
        ((Filters(), False, 800), (Filters(show_events=False), False, 800), (LINE,)),
        ((Filters(), False, 800), (Filters(), True, 800), KEYS),
        ((Filters(), False, 800), (Filters(), False, 400), KEYS),
    ],
    ids=["municipality", "masked", "years", "events", "presentation", "width"],
)
def test_choices_that_change_a_chart_get_their_own_entry(sample_store, one, other, differ):
    url, version = sample_store
    for key in KEYS:
        left = data._drawn(url, version, key, *one)
        right = data._drawn(url, version, key, *other)
        assert left is not right
        if key in differ:
            assert _sent(left) != _sent(right), key
        # What each entry sends is what a fresh build for its own choices sends.
        for (filters, presentation, width), drawn in ((one, left), (other, right)):
            spec = data._build(url, version, key, filters)
            fresh = chart_plotly.figure(spec, presentation=presentation, width=width)
            assert _sent(drawn) == pio.to_json(fresh, validate=False)


def test_a_new_store_version_gets_new_figures(sample_store):
    url, version = sample_store
    before = data._drawn(url, version, KEYS[0], Filters(), False, 800)
    assert data._drawn(url, version + 1, KEYS[0], Filters(), False, 800) is not before


@pytest.mark.parametrize("kind", list(data.BY_VALUE))
def test_a_cache_key_by_repr_covers_every_field(kind):
    # A field left out of the repr would let two different selections share a chart.
    assert kind.__repr__ is not object.__repr__
    assert all(field.repr for field in fields(kind))
