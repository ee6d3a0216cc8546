"""The loaders' array paths give what their per-value rules give.

Where a rule is applied per distinct value in Python (``register_number``) or per row
(``to_categorical`` of combined labels), the fast path that replaces it on large files
must agree with it on every kind of cell, including the odd ones it hands back to the
rule (non-ASCII digits, fractions, dates).
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from loaders import delimited
from loaders.delimited import read_delimited
from loaders.frames import gathered, stacked
from loaders.normalise import filled, first_seen, to_categorical
from loaders.periods import day_first_dates
from loaders.profiles import (
    _plain_digits,
    age_bands,
    date_parts,
    register_number,
    register_numbers,
)
from loaders.safety import LimitError
from loaders.tidy import finish
from loaders.validate import stable_order


def _number(day: dt.date, serial: int, month_offset: int = 0) -> str:
    body = int(f"{day:%y}{day.month + month_offset:02d}{day:%d}{serial:03d}")
    check = 97 - (body + (2_000_000_000 if day.year >= 2000 else 0)) % 97
    return f"{body:09d}{check:02d}"


def _cells() -> list[object]:
    rng = random.Random(12)
    cells: list[object] = []
    for _ in range(3000):
        day = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(80 * 365))
        number = _number(day, rng.randrange(1000), rng.choice([0, 0, 20, 40]))
        form = rng.randrange(7)
        if form == 0:
            number = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
        elif form == 1:
            number = f"{number[:6]} {number[6:9]} {number[9:]}"
        elif form == 2:
            number = float(int(number))  # a number cell: leading zero restored
        elif form == 3:
            number = int(number)  # an integer cell: a leading zero is lost
        elif form == 4:
            number = number[:-1] + str((int(number[-1]) + 1) % 10)  # wrong check digits
        cells.append(number)
    # Month and day edges (BIS months, 29 February, day 0 or 32) in both centuries.
    for month in (0, 2, 13, 21, 32, 33, 41, 52, 53):
        for day in (0, 29, 30, 31, 32):
            for year in (0, 4, 96, 99):
                body = int(f"{year:02d}{month:02d}{day:02d}001")
                for base in (body, body + 2_000_000_000):
                    cells.append(f"{body:09d}{97 - base % 97:02d}")
    return [
        *cells,
        "", "12345", "klant 0042", None, True, 12.5, 8507300338.5, -85073003385, 1e12, 0.0,
        "８５０７３００３３８５", "85073003385\x0b", "850730\xa003385", dt.date(2020, 1, 1),
        "\t85.07.30-033.85 /", "+85073003385",
    ]  # fmt: skip


def _as_rule_gives(cells: list[object]) -> tuple[list[int], list[object]]:
    """Birth dates as year*10000 + month*100 + day (0: none) and sexes by the rule."""
    found = [register_number(c) for c in cells]
    births = [f[0] * 10_000 + f[1] * 100 + f[2] if f else 0 for f in found]
    return births, [f[3] if f else None for f in found]


def test_register_numbers_in_arrays_agree_with_the_rule_on_every_kind_of_cell():
    cells = _cells()
    texts = [c for c in cells if isinstance(c, str)]
    plain = [c for c in texts if len(c) == 11 and c.isascii() and c.isdigit()]
    for part in (
        pd.Series(cells, dtype=object),  # workbook cells of every type
        pd.Series([*texts, None], dtype="str"),  # a CSV column as the parser gives it
        pd.Series([float(i) for i in range(99)], dtype=object),
        # eleven digits in every cell: read from the Arrow text's bytes in place
        pd.Series(plain, dtype="str"),
        pd.Series(pd.array(plain, dtype="str"))[5:-7],  # a slice: offsets not from 0
    ):
        births, sexes = register_numbers(part)
        want_births, want_sexes = _as_rule_gives([None if pd.isna(c) else c for c in part])
        assert births.tolist() == want_births
        assert [None if pd.isna(s) else s for s in sexes] == want_sexes
    assert sum(b != 0 for b in _as_rule_gives(cells)[0]) > 2000  # most are numbers
    assert _plain_digits(pd.Series(plain, dtype="str")) is not None  # that path was taken
    assert len(plain) > 1000


def test_filled_is_the_row_by_row_fill_with_categories_in_order_of_appearance():
    rng = random.Random(3)
    own = np.array([rng.choice(["man", None, "vrouw", None]) for _ in range(500)], dtype=object)
    other = np.array([rng.choice([None, "onbekend", "vrouw"]) for _ in range(500)], dtype=object)
    combined = filled(to_categorical(own), to_categorical(other))
    expected = to_categorical(np.where(pd.isna(own), other, own))
    assert list(combined.categories) == list(expected.categories)
    assert (combined.codes == expected.codes).all()


@pytest.mark.parametrize("seed", range(40))
def test_first_seen_is_the_order_of_first_appearance(seed):
    # Long columns of many codes, numbered in order of appearance or not, with missing
    # cells and unused codes: the shapes whose codes a prefix of the rows cannot settle.
    rng = np.random.default_rng(seed)
    count = int(rng.integers(1, 3000))
    codes = rng.integers(0, count, int(rng.integers(5000, 60000)))
    if seed % 4 != 3:  # numbered as pd.factorize numbers them
        codes = pd.factorize(codes)[0]
        count = int(codes.max()) + 1 + (seed % 4 == 2)  # one code never used
    codes[rng.random(len(codes)) < (0.1 if seed % 2 else 0.0)] = -1
    if seed % 8 == 1:
        codes[0] = min(1, count - 1)  # the first row is not code 0
    expected = pd.unique(codes[codes >= 0])
    assert first_seen(codes, count).tolist() == expected.tolist()


def test_identifier_columns_read_as_text_at_once_keep_every_leading_zero():
    text = "Rijksregisternummer;Aantal\r\n" + "".join(
        f"{'0' * (i % 3)}{10**9 + i};{i}\r\n" for i in range(300)
    )
    grid = read_delimited(text.encode("cp1252"))
    column = grid.column(0)
    assert list(column[1:4]) == ["1000000000", "01000000001", "001000000002"]
    assert list(grid.column(1)[1:4]) == ["0", "1", "2"]


_CSV_FORMS = [
    b"a;b\r\nx;y\r\n",
    b'a;b\r\n"x;""y""";"p\r\nq"\r\n',  # delimiter, doubled quotes and a line break inside
    b'a;b\r\nx"y;z\r\n"ab"c;" "\r\n "a";"a" \r\n',  # stray quotes read as pandas reads them
    b"a;b\r\n\r\nx;y\r\n\r\n\r\n",  # blank lines inside and at the end
    b"a;b\rx;y\r",  # old Mac line breaks
    b"a;b\nx;y",  # no line break at the end
    b'a;b\r\n"";NA\r\n;null\r\n',  # quoted empty is empty; NA is text
    b"a;b\r\n0012;1,50\r\n",  # as written, never a number first
    b'a;b\r\nx;"open\r\n',  # a quote left open: the C engine refuses
    b'a;b\r\nx;"op""en',
    b"a;b;c\r\n1;2\r\n3;4;5\r\n",  # ragged: padded by pandas
    b"sep=;\r\na;b\r\n1;2\r\n",
    b"\r\rsep=;\na;b\r\n",
    "Naam;Plaats\r\nJosé;Kortrijk\r\n".encode("cp1252"),
    "a\tb\r\n€\t2\r\n".encode("utf-16"),
]


@pytest.mark.parametrize("data", _CSV_FORMS)
def test_arrow_csv_path_reads_every_cell_as_pandas_c_engine_does(monkeypatch, data):
    def rows() -> object:
        try:
            return [list(row) for row in read_delimited(data)]
        except LimitError as exc:
            return (exc.code, str(exc))

    fast = rows()
    monkeypatch.setattr(delimited, "_read_arrow", lambda *args: None)
    assert fast == rows()


def test_a_regular_csv_is_read_by_arrow_and_an_open_quote_at_the_end_is_not():
    assert delimited._read_arrow(b'a;b\r\n"x;y";z\r\n', "utf-8", ";", 2, 0) is not None
    assert delimited._read_arrow(b'a;b\r\nx;"y""z', "utf-8", ";", 2, 0) is None
    assert delimited._read_arrow(b"a;b\r\nx\r\n", "utf-8", ";", 2, 0) is None  # short row


def _band_by_hand(birth: tuple, start: tuple) -> str | None:
    """Age range in whole years from the parts one date at a time, as a person counts it."""
    if not birth[0] or not start[0]:
        return None

    def bounds(parts: tuple) -> tuple[tuple[int, int], tuple[int, int]]:
        _, month, day = parts
        return (month or 1, day or 1), (month or 12, day or 31)

    (birth_low, birth_high), (start_low, start_high) = bounds(birth), bounds(start)
    youngest = start[0] - birth[0] - (start_low < birth_high)
    oldest = start[0] - birth[0] - (start_high < birth_low)
    if youngest < 0 or oldest > 120:
        return None
    bands = {"<25" if age < 25 else "25-49" if age < 50 else "50+" for age in (youngest, oldest)}
    return bands.pop() if len(bands) == 1 else None


def test_age_bands_in_arrays_count_whole_years_as_a_person_does():
    rng = random.Random(21)

    def parts() -> tuple[int, int, int]:
        year = rng.choice([0, rng.randrange(1900, 2030)])
        return (year, rng.choice([0, rng.randrange(1, 13)]), rng.choice([0, rng.randrange(1, 29)]))

    pairs = [(parts(), parts()) for _ in range(4000)]
    pairs += [((1990, 3, 15), (2015, 3, d)) for d in (14, 15, 16)]  # the 25th birthday
    pairs += [((1990, 3, 0), (2015, 3, 1)), ((1990, 0, 0), (2040, 0, 0))]

    def ymd(parts: tuple[int, int, int]) -> int:
        return parts[0] * 10_000 + parts[1] * 100 + parts[2]

    bands = age_bands(np.array([ymd(b) for b, _ in pairs]), np.array([ymd(s) for _, s in pairs]))
    expected = [_band_by_hand(b, s) for b, s in pairs]
    assert [None if pd.isna(b) else b for b in bands] == expected
    assert set(expected) == {"<25", "25-49", "50+", None}


def _mixed_frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    places = pd.Categorical.from_codes(rng.integers(-1, 3, rows), ["Heule", "Kortrijk", "Menen"])
    return pd.DataFrame(
        {
            "place": places,
            "sheet": pd.Categorical.from_codes(np.zeros(rows, dtype=np.int8), ["Blad1"]),
            "row": rng.integers(2, 10_000, rows),
            "total": rng.random(rows) < 0.1,
            "identity": rng.integers(0, 2**63, rows, dtype=np.uint64),
            "year": pd.arrays.IntegerArray(rng.integers(2015, 2024, rows), rng.random(rows) < 0.1),
            "label": np.array(
                [None, "a", 3, 2.5] * (rows // 4) + [None] * (rows % 4), dtype=object
            ),
            "text": pd.array(["x", None, "yé"] * (rows // 3) + ["z"] * (rows % 3), dtype="str"),
            "when": pd.to_datetime(rng.integers(0, 10**9, rows), unit="s"),
        },
        index=pd.RangeIndex(100, 100 + rows),
    )


def test_gathered_rows_equal_pandas_take_for_every_column_type():
    frame = _mixed_frame(1000)
    rng = np.random.default_rng(9)
    for rows in (rng.integers(0, 1000, 5000), np.arange(1000)[::-1], np.array([], dtype=np.int64)):
        expected = frame.take(rows).reset_index(drop=True)
        got = gathered(frame, rows)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert list(got.dtypes) == list(expected.dtypes)
    with pytest.raises(IndexError):
        gathered(frame, np.array([1000]))


@pytest.mark.parametrize("times", [0, 1, 3])
def test_stacked_equals_gathering_the_rows_again_and_again(times):
    frame = _mixed_frame(1000)
    got = stacked(frame, times)
    expected = frame.take(np.tile(np.arange(1000), times)).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(got.dtypes) == list(expected.dtypes)


def test_finish_gives_text_columns_that_are_equal_to_pandas_and_independent():
    rows = 600
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "year": pd.array(rng.integers(2015, 2024, rows), dtype="Int64"),
            "month": pd.array(rng.integers(1, 13, rows), dtype="Int64"),
            "quarter": pd.array(rng.integers(1, 5, rows), dtype="Int64"),
            "municipality": pd.Categorical.from_codes(
                rng.integers(-1, 2, rows), ["Menen", "Wervik"]
            ),
            "organisation": pd.Categorical.from_codes(
                rng.integers(0, 50, rows), [f"vzw {i}" for i in range(50)]
            ),
            "age_band": pd.Categorical(["onbekend"] * rows),
            "sex": pd.Categorical(["onbekend"] * rows),
            "education": pd.Categorical(["onbekend"] * rows),
            "inflow": rng.integers(0, 9, rows).astype(float),
        }
    )
    order = rng.permutation(rows)
    tidy = finish(frame, "inflow", order)
    for name in ("municipality", "organisation", "age_band", "sex", "education"):
        expected = frame[name].astype(object).take(order).reset_index(drop=True).astype("str")
        pd.testing.assert_series_equal(tidy[name], expected, check_names=False)
    assert tidy["inflow"].tolist() == frame["inflow"].take(order).astype(int).tolist()
    # Columns repeating one text may share storage, never a change.
    tidy.loc[0, "sex"] = "vrouw"
    tidy["age_band"].array[1] = "25-54"
    assert tidy["sex"].iloc[0] == "vrouw" and tidy["age_band"].iloc[0] == "onbekend"
    assert tidy["education"].iloc[1] == "onbekend" and tidy["sex"].iloc[1] == "onbekend"


def test_day_first_dates_in_arrays_read_as_the_per_value_rule_does():
    rng = random.Random(7)
    alphabet = "0123456789" * 4 + "/-. x"
    cells = ["".join(rng.choice(alphabet) for _ in range(10)) for _ in range(4000)]
    for _ in range(4000):
        day = dt.date(1890, 1, 1) + dt.timedelta(days=rng.randrange(200 * 365))
        sep = rng.choice("/-.")
        cells.append(f"{day:%d}{sep}{day:%m}{sep}{day:%Y}")
    cells += [
        "29/02/1900", "29/02/2000", "29/02/2023", "29/02/2024", "31/04/2021", "00/01/2021",
        "01/00/2021", "01/13/2021", "32/01/2021", "01/01/0000", "01/01/0001", "1/1/2021",
        "01/01/21", " 1/01/2021", "01/01/2021 ", "０１/01/2021", "01\\01\\2021", "01:01:2021",
    ]  # fmt: skip
    uniques = np.array(sorted(set(cells)), dtype=object)
    at, days = day_first_dates(uniques)
    want = [date_parts(u) for u in uniques[at]]
    assert days.tolist() == [y * 10_000 + m * 100 + d for y, m, d in want]
    read = set(uniques[at])
    assert {"29/02/2024", "29/02/1900", "31/04/2021", "01.01.0001"} - read == {"01.01.0001"}
    assert days[list(uniques[at]).index("29/02/1900")] == 0  # not a leap year
    assert {"1/1/2021", " 1/01/2021", "０１/01/2021", "01:01:2021"}.isdisjoint(read)
    assert (days > 0).sum() > 3500


@pytest.mark.parametrize("seed", range(6))
def test_stable_order_is_numpys_stable_argsort(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 3000))
    top = [2, 50, 2**20, 2**40, 2**61, 2**62][seed]  # the last ones share no bits with rows
    codes = rng.integers(0, top, size=size, dtype=np.int64)
    order, ordered = stable_order(codes)
    want = np.argsort(codes, kind="stable")
    assert order.tolist() == want.tolist()
    assert ordered.tolist() == codes[want].tolist()


def _fields_frame(rows: int, seed: int) -> pd.DataFrame:
    """A frame as ``parse_fields`` hands it to ``tidy``: keys, Int64 periods, a float
    figure and the large bookkeeping columns (``_row``, ``_base``) tidy does not keep."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "_row": np.arange(rows, dtype=np.int64) + 2,
            "_base": rng.integers(0, 1000, rows),
            "year": pd.array(rng.integers(2015, 2024, rows), dtype="Int64"),
            "month": pd.array(
                np.where(rng.random(rows) < 0.1, None, rng.integers(1, 13, rows)), dtype="Int64"
            ),
            "quarter": pd.array(rng.integers(1, 5, rows), dtype="Int64"),
            "municipality": pd.Categorical.from_codes(
                rng.integers(-1, 2, rows), ["Menen", "Wervik"]
            ),
            "organisation": pd.Categorical.from_codes(
                rng.integers(0, 50, rows), [f"vzw {i}" for i in range(50)]
            ),
            "inflow": np.where(rng.random(rows) < 0.05, np.nan, rng.integers(0, 9, rows) + 0.0),
        }
    )


@pytest.mark.parametrize("ordered", [True, False])
def test_finish_releasing_its_input_gives_the_same_frame(ordered):
    rows = 200_000  # its int64 columns are above the size worth releasing
    frame = _fields_frame(rows, seed=4)
    order = np.random.default_rng(5).permutation(rows) if ordered else None
    expected = finish(frame.copy(), "inflow", order)
    owned = frame.copy()
    got = finish(owned, "inflow", order, release=True)
    pd.testing.assert_frame_equal(got, expected)
    # The large columns are gone from the consumed frame, the small codes stay.
    assert not {"_row", "_base", "year", "month", "quarter", "inflow"} & set(owned.columns)
    assert {"municipality", "organisation"} <= set(owned.columns)
    # The caller's own frame is untouched when it is not released.
    pd.testing.assert_frame_equal(frame, _fields_frame(rows, seed=4))


def test_whole_figures_become_int64_with_their_gaps_and_a_fraction_is_refused():
    frame = _fields_frame(1_000, seed=6)
    frame.loc[3, "inflow"] = 2.0000000000004  # float noise of a sum of parts
    tidy = finish(frame.copy(), "inflow")
    assert tidy["inflow"].dtype == "Int64"
    assert tidy["inflow"].isna().tolist() == frame["inflow"].isna().tolist()
    assert tidy["inflow"].iloc[3] == 2
    known = frame["inflow"].notna().to_numpy()
    assert tidy["inflow"][known].tolist() == frame["inflow"][known].astype(int).tolist()
    frame.loc[5, "inflow"] = 2.5
    with pytest.raises(TypeError):
        finish(frame, "inflow")
