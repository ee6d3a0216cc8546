"""Masking small counts changes labels only; the values and totals stay exact."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from charts.numbers import integer
from indicators.masking import MASK_LABEL, is_small, mask_frame, mask_labels


def test_counts_one_to_four_are_masked():
    values = pd.Series([0, 1, 4, 5, 12], dtype="float64")
    assert mask_labels(values, integer).tolist() == ["0", "<5", "<5", "5", "12"]
    assert mask_labels(values, integer, mask=False).tolist() == ["0", "1", "4", "5", "12"]


def test_masking_keeps_values_and_totals_exact():
    frame = pd.DataFrame({"municipality": ["Groot", "Klein", "Totaal"], "inflow": [97, 3, 100]})
    shown = mask_frame(frame, ["inflow"], integer)
    assert shown["inflow"].tolist() == ["97", MASK_LABEL, "100"]
    assert frame["inflow"].tolist() == [97, 3, 100]  # the source is not touched


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_masked_labels_never_reveal_a_small_count(counts):
    values = pd.Series(counts, dtype="float64")
    labels = mask_labels(values, integer)
    for value, label in zip(counts, labels, strict=True):
        assert (label == MASK_LABEL) == (1 <= value <= 4)
        assert label == MASK_LABEL or label == integer(value)
    assert not is_small(float("nan"))
