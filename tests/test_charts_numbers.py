"""Flemish number formatting: 1.234,5 · 12,3 % · "−24 %" / "+5 %"."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234.5, "1.234,5"), (0.05, "0,1"), (1234567.0, "1.234.567,0"), (-3.25, "−3,2"), (0, "0,0")],
)
def test_number(value, expected):
    assert numbers.number(value) == expected


def test_integer_percent_fte():
    assert numbers.integer(1234) == "1.234"
    assert numbers.integer(999.6) == "1.000"
    assert numbers.percent(0.123) == "12,3 %"
    assert numbers.percent(0.9, 0) == "90 %"
    assert numbers.fte(104.26) == "104,3 VTE"


@pytest.mark.parametrize(
    ("share", "expected"),
    [(-0.24, "−24 %"), (0.05, "+5 %"), (0.0, "0 %"), (-0.004, "0 %"), (1.5, "+150 %")],
)
def test_change_is_signed(share, expected):
    assert numbers.change(share) == expected


def test_missing_values():
    for fmt in (numbers.number, numbers.integer, numbers.percent, numbers.change):
        assert fmt(None) == "–"
        assert fmt(math.nan) == "–"


def test_by_format_and_plotly_formats():
    assert numbers.by_format(1234, "count") == "1.234"
    assert numbers.by_format(0.905, "percent") == "90,5 %"
    assert numbers.by_format(2.5, "rate") == "2,50"
    assert numbers.by_format(12.34, "fte") == "12,3"
    assert numbers.PLOTLY_SEPARATORS == ",."


def _parse(text: str) -> float:
    """Read a Flemish number back."""
    return float(text.replace(".", "").replace(",", ".").replace(numbers.MINUS, "-"))


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_number_round_trips(value):
    text = numbers.number(value, 2)
    assert abs(_parse(text) - value) <= 0.005 + 1e-9 * abs(value)
    whole = text.split(",")[0].lstrip(numbers.MINUS)
    groups = whole.split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.floats(min_value=-10, max_value=10, allow_nan=False))
def test_change_sign_matches_value(share):
    text = numbers.change(share)
    if round(share * 100) > 0:
        assert text.startswith("+")
    elif round(share * 100) < 0:
        assert text.startswith(numbers.MINUS)
    assert text.endswith(" %")
