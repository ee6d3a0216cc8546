"""Who flows in: age band, sex and education level of each row, read and never more.

Profile columns (``Kind.profiles``) hold a closed vocabulary declared in
``kinds.profiles``. A cell or header names a value by one of its words ("Mannen",
"kortgeschoold", "Secundair onderwijs (TSO)") or, for the age band, by its ages ("18-24",
"-25 jaar", "55+", "50 jaar en ouder", a bare age "34"). A person list gives the age band
through a birth date (a date cell, a day-first text, a birth year, or the date inside a
Belgian national register number) and the start date: the age in whole years on the start
date is computed here and only its band leaves this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import kinds
from kinds import Column
from kinds.profiles import AGE_LIMITS, UNKNOWN
from loaders.frames import put
from loaders.normalise import categorical_of, clean_text, factorize, text_key
from loaders.periods import DAYS_IN_MONTH, EXCEL_EPOCH, day_first_dates
from loaders.table import Table

# ---------------------------------------------------------------- values of a vocabulary

_NUMBER = re.compile(r"\d+")
# Words an age label may hold besides its numbers; the sign of an open band.
_BELOW = ("<", "jonger", "minder", "onder", "under", "min", "tot", "-", "moins", "≤", "<=")
_ABOVE = ("+", "ouder", "plus", "vanaf", "meer", "over", "older", ">", "≥", ">=", "plussers")
_AGE_WORDS = frozenset(
    {"jaar", "jaren", "j", "jr", "years", "year", "ans", "tot", "en", "met", "tm", "t", "m",
     "dan", "van", "tussen", "of", "and", "to", "leeftijd", "age", "de", "a", "et",
     *(w for w in _BELOW + _ABOVE if w.isalpha())}
)  # fmt: skip


def band_of_age(age: int) -> str:
    """The band of an age in whole years: "<25", "25-49" or "50+"."""
    young, old = AGE_LIMITS
    return "<25" if age < young else "25-49" if age < old else "50+"


def _band_of_range(low: int, high: int) -> str | None:
    """The band holding every age from ``low`` to ``high``; None when they straddle one."""
    band = band_of_age(low)
    return band if band_of_age(high) == band else None


def band_of_label(value: object) -> str | None:
    """The age band a label names by its ages ("18-24", "-25 jaar", "55+", "34"), or None.

    NOTE: a range that ends on a band limit ("25-50", "tot 25") is read as ending just
    below it: nobody writes a band "18-25" meaning 25-year-olds are both young and not.
    """
    text = (clean_text(value) or "").casefold()
    numbers = [int(n) for n in _NUMBER.findall(text)]
    if not numbers or len(numbers) > 2 or max(numbers) > 120:
        return None
    words = re.sub(r"[\d<>≤≥=+\-–/().,]", " ", text).split()
    if set(words) - _AGE_WORDS:
        return None
    limits = set(AGE_LIMITS)
    if len(numbers) == 2:
        low, high = numbers
        if high < low:
            return None
        return _band_of_range(low, high - 1 if high in limits and high > low else high)
    (number,) = numbers
    # ">" and "ouder/meer dan" exclude the number itself; "+" and "vanaf" include it.
    if any(s in text for s in _ABOVE):
        strict = ">" in text.replace(">=", "") or "dan" in words
        return _band_of_range(number + strict, 120)
    if any(s in text.split() or text.startswith(s) for s in _BELOW) or "<" in text:
        inclusive = "≤" in text or "<=" in text or "met" in words
        return _band_of_range(0, number if inclusive else number - 1)
    return band_of_age(number)


def _phrases(column: Column) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Text key of every word → value, and the phrases longest first (for a search)."""
    exact = {text_key(w): value for value, words in column.vocabulary for w in (value, *words)}
    exact = {k: v for k, v in exact.items() if k}
    longest = sorted(((k, v) for k, v in exact.items() if len(k) > 2), key=lambda p: -len(p[0]))
    return exact, longest


@cache
def reader(kind: str, name: str) -> Callable[[object], str | None]:
    """The value of profile column ``name`` a cell or label names, or None if none."""
    exact, longest = _phrases(kinds.get(kind).column(name))
    ages = name == "age_band"

    def value_of(cell: object) -> str | None:
        key = text_key(cell)
        if not key:
            return None
        if key in exact:
            return exact[key]
        if ages and (band := band_of_label(cell)) is not None:
            return band
        padded = f" {key} "
        return next((v for k, v in longest if f" {k} " in padded), None)

    return value_of


def profile_of(value: object, kind: str) -> str | None:
    """The profile column of ``kind`` a header label is a value of ("Mannen", "<25 jaar",
    "Hooggeschoold"), or None; an "onbekend" column names no profile by itself."""
    for column in kinds.get(kind).profiles:
        found = reader(kind, column.name)(value)
        if found is not None and found != column.missing:
            return column.name
    return None


# ---------------------------------------------------------------- dates of a person list

# Whole dates as written in Flemish files: day first ("15/03/1985", "15-3-85",
# "15.03.1985"), or ISO ("1985-03-15"); a time of day after it is ignored.
_DAY_FIRST = re.compile(r"^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{2}|\d{4})(?:[ T].*)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_FIRST_SERIAL = 1  # Excel's 1 January 1900


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def date_parts(value: object, *, years: bool = False, today: dt.date | None = None) -> tuple:
    """(year, month, day) of a cell, 0 for what it does not say; (0, 0, 0) if no date.

    Date cells, Excel serials (a date stored as a number), day-first or ISO text. With
    ``years`` (a birth date column) a plain 1900-2099 number is a year of birth, and a
    two-digit year lies in the past century when it would otherwise lie in the future.
    """
    today = today or dt.date.today()
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return (value.year, value.month, value.day)
    if isinstance(value, str) and (text := value.strip()):
        if text.replace(".0", "", 1).isdigit():
            value = float(text)
        elif found := _ISO.match(text):
            parts = tuple(int(p) for p in found.groups())
            return parts if _valid(*parts) else (0, 0, 0)
        elif found := _DAY_FIRST.match(text):
            day, month, year = (int(p) for p in found.groups())
            if len(found.group(3)) == 2:
                year += 2000 if 2000 + year <= today.year else 1900
            return (year, month, day) if _valid(year, month, day) else (0, 0, 0)
        else:
            return (0, 0, 0)
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number = float(value)
        if number != number:
            return (0, 0, 0)
        if years and 1900 <= number <= today.year and number.is_integer():
            return (int(number), 0, 0)
        if _FIRST_SERIAL <= number <= (today - EXCEL_EPOCH).days + 800:
            day = EXCEL_EPOCH + dt.timedelta(days=int(number))
            return (day.year, day.month, day.day)
    return (0, 0, 0)


def _dates_of(values: pd.Series, parse: Callable[[object], tuple]) -> np.ndarray:
    """``parse`` of each cell as one number, year*10000 + month*100 + day (0 for a part
    it does not say: 19850000 is a birth year), computed once per distinct value."""
    codes, uniques = factorize(values)
    table = np.zeros(len(uniques) + 1, dtype=np.int32)
    at, days = day_first_dates(uniques)  # a four-digit year: ``parse`` reads them alike
    table[at] = days
    rest = np.setdiff1d(np.arange(len(uniques)), at, assume_unique=True)
    table[rest] = [_ymd(*parse(u)) for u in uniques[rest]]
    return table[codes]


def _ymd(year: int, month: int, day: int) -> int:
    return year * 10_000 + month * 100 + day


def birth_dates(values: pd.Series) -> np.ndarray:
    """Each birth date cell as year*10000 + month*100 + day; 0 for an unknown part."""
    today = dt.date.today()  # once, not per distinct date
    return _dates_of(values, lambda v: date_parts(v, years=True, today=today))


def start_dates(values: pd.Series) -> np.ndarray:
    """Each start date cell as year*10000 + month*100 + day; 0 where unknown."""
    today = dt.date.today()
    return _dates_of(values, lambda v: date_parts(v, today=today))


# ------------------------------------------------------- the Belgian national register number


def register_number(value: object) -> tuple[int, int, int, str] | None:
    """(year, month, day, sex) inside a national register number (or a BIS number):
    YYMMDD-SSS.CC, the century told by the check digits (97 minus the number mod 97,
    with a '2' before it for births from 2000). Month or day 0 is an unknown part;
    the sequence SSS is odd for men, even for women. None if it is no such number."""
    digits = re.sub(r"[\s.\-/]", "", str(value)) if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        digits = f"{int(value):011d}"
    if len(digits) != 11 or not digits.isdigit():
        return None
    body, check = int(digits[:9]), int(digits[9:])
    if 97 - body % 97 == check:
        century = 1900
    elif 97 - (2_000_000_000 + body) % 97 == check:
        century = 2000
    else:
        return None
    year, month, day = century + int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    # A BIS number adds 20 (sex unknown) or 40 (sex known) to the month.
    sex = "man" if int(digits[6:9]) % 2 else "vrouw"
    if month > 40:
        month -= 40
    elif month > 20:
        month, sex = month - 20, UNKNOWN
    if month > 12 or day > 31 or (month and day and not _valid(year, month, day)):
        return None
    return (year, month, day, sex)


def register_numbers(cells: pd.Series) -> tuple[np.ndarray, pd.Categorical]:
    """Birth date (year*10000 + month*100 + day, a part unknown 0) and sex of each cell
    of a register number column (0 and missing where a cell is no register number: a
    client number holds neither).

    ``register_number`` for every cell, in numpy and pyarrow: a person list holds a
    distinct number on every row, so neither a Python call per value nor hashing the
    values to find the distinct ones pays.
    """
    plain = _plain_digits(cells)
    if plain is not None:
        births, sexes = _register_parts(*plain)
    else:
        numbers, rest = _eleven_digits(cells)
        body = (numbers // 100).astype(np.int32)
        check = (numbers - body * np.int64(100)).astype(np.int32)
        check[numbers < 0] = -1  # no check digits: 97 minus a remainder is 1 to 97
        births, sexes = _register_parts(body, check)
        for i in rest:  # cells the array path does not read as ``register_number`` would
            found = register_number(cells.iat[i])
            births[i], sexes[i] = (_ymd(*found[:3]), _SEXES.index(found[3])) if found else (0, -1)
    return births, pd.Categorical.from_codes(sexes, pd.Index(_SEXES, dtype=object))


_SEXES = ["man", "vrouw", UNKNOWN]


# ``register_number``'s separators on ASCII text: what ``\s`` matches there, and . - /
_SEPARATORS = r"[\t\n\x0b\x0c\r\x1c-\x1f .\-/]"


def _eleven_digits(cells: pd.Series) -> tuple[np.ndarray, list[int]]:
    """Each cell's 11 digits as a number (-1: not 11 digits), and the positions of the
    cells left to ``register_number`` itself (non-ASCII text, fractions, other types)."""
    numbers = np.full(len(cells), -1, dtype=np.int64)
    if not len(cells):
        return numbers, []
    if isinstance(cells.dtype, pd.StringDtype):  # a CSV column: already Arrow text
        texts, rest = np.arange(len(cells)), []
        arrow = pa.chunked_array(cells.array.__arrow_array__()).combine_chunks()
    else:
        values = cells.to_numpy(dtype=object)
        is_text = np.fromiter((type(u) is str for u in values), bool, len(values))
        whole = np.fromiter(
            (type(u) is float and u.is_integer() for u in values), bool, len(values)
        )
        integral = np.fromiter(
            (isinstance(u, int | np.integer) and not isinstance(u, bool) for u in values),
            bool,
            len(values),
        )
        texts = np.flatnonzero(is_text)
        # f"{int(value):011d}": eleven digits for whole numbers 0 ≤ n < 10¹¹.
        floats = values[whole].astype(np.float64)
        inside = (floats >= 0) & (floats < 1e11)
        numbers[np.flatnonzero(whole)[inside]] = floats[inside].astype(np.int64)
        # str(n) without its minus sign: eleven digits for 10¹⁰ ≤ |n| < 10¹¹.
        ints = np.array([abs(int(u)) if abs(int(u)) < 10**11 else -1 for u in values[integral]])
        inside = ints >= 10**10
        numbers[np.flatnonzero(integral)[inside]] = ints[inside]
        rest = np.flatnonzero(~is_text & ~whole & ~integral & pd.notna(values)).tolist()
        arrow = pa.array(values[texts], type=pa.large_string())
    if len(texts):
        ascii_ = pc.string_is_ascii(arrow).fill_null(True).to_numpy(zero_copy_only=False)
        # Eleven digits as written need no separators stripped (a register number column
        # mostly holds them): the regex kernel runs on the other cells only.
        plain, found = _eleven_digit_numbers(arrow)
        numbers[texts[plain]] = found
        other = np.flatnonzero(~plain & ascii_)
        if len(other):
            digits = pc.replace_substring_regex(
                arrow.take(pa.array(other)), pattern=_SEPARATORS, replacement=""
            )
            eleven, found = _eleven_digit_numbers(digits)
            numbers[texts[other[eleven]]] = found
        rest += texts[~ascii_].tolist()
    return numbers, rest


def _plain_digits(cells: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The body (first nine digits) and check digits of each cell when every cell is
    Arrow text of exactly eleven ASCII digits, as a CSV's register number column mostly
    is: read from the text's bytes in place, no cast through strings. Else None."""
    if not len(cells) or not isinstance(cells.dtype, pd.StringDtype):
        return None
    bodies, checks = [], []
    for chunk in pa.chunked_array(cells.array.__arrow_array__()).chunks:
        if chunk.null_count:
            return None
        if not len(chunk):
            continue
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        _, offsets, data = chunk.buffers()
        ends = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        if (np.diff(ends) != 11).any():
            return None
        digits = np.frombuffer(data, dtype=np.uint8)[ends[0] : ends[-1]].reshape(-1, 11) - 48
        if (digits > 9).any():  # bytes below '0' wrapped round to large ones
            return None
        body = digits[:, 0].astype(np.int32)
        for column in range(1, 9):
            body *= 10
            body += digits[:, column]
        bodies.append(body)
        checks.append(digits[:, 9].astype(np.int32) * 10 + digits[:, 10])
    if not bodies:
        return None
    return np.concatenate(bodies), np.concatenate(checks)


def _eleven_digit_numbers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which texts are eleven ASCII digits (never a non-ASCII one), and those as numbers."""
    eleven = pc.and_(pc.equal(pc.binary_length(texts), 11), pc.ascii_is_decimal(texts))
    eleven = eleven.fill_null(False).to_numpy(zero_copy_only=False)
    return eleven, pc.cast(texts.filter(pa.array(eleven)), pa.int64()).to_numpy()


def _register_parts(body: np.ndarray, check: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``register_number`` on the body (YYMMDDSSS) and check digits of 11-digit numbers
    (check -1: none), int32: births as year*10000 + month*100 + day, 0 where no register
    number, and sexes as positions in ``_SEXES``, -1 there."""
    # A remainder as x - x // k * k: numpy divides by a constant fast, its % is slow.
    rest = body - body // 97 * 97
    old = 97 - rest == check
    later = rest + 2_000_000_000 % 97  # the body mod 97 with a '2' before it (from 2000)
    later[later >= 97] -= 97
    valid = old | (97 - later == check)
    births = np.zeros(len(body), dtype=np.int32)
    sexes = np.full(len(body), -1, dtype=np.int8)
    # NOTE: dates are read from the numbers whose check digits hold only: all of them in
    # a clean register number column (no gathers then), few in a column of client numbers.
    rows = slice(None) if valid.all() else np.flatnonzero(valid)
    body, old = body[rows], old[rows]
    born = body // 1000  # YYMMDD
    hundreds, yy = born // 100, born // 10_000
    month, day = hundreds - yy * 100, born - hundreds * 100
    sex = ((body - born * 1000) & 1 == 0).astype(np.int8)  # an odd sequence: a man
    # A BIS number adds 20 (sex unknown) or 40 (sex known) to the month.
    bis = month > 20
    sex[bis & (month <= 40)] = 2
    month -= np.where(month > 40, 40, np.where(bis, 20, 0)).astype(np.int32)
    year = yy + np.where(old, 1900, 2000).astype(np.int32)
    leap = (year & 3 == 0) & (year != 1900)  # years 1900 to 2099: 2000 is a leap year
    longest = DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    dated = (month <= 12) & (day <= 31) & ((month == 0) | (day == 0) | (day <= longest))
    born = year * 10_000 + month * 100 + day
    births[rows] = np.where(dated, born, 0)
    sexes[rows] = np.where(dated, sex, -1)
    return births, sexes


# ---------------------------------------------------------------- age on the start date


def _bounds(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest date a year*10000 + month*100 + day may stand for (a part
    0 is unknown: from January or the 1st to December or the 31st)."""
    dates = dates.astype(np.int32)
    hundreds = dates // 100
    month, day = hundreds == hundreds // 100 * 100, dates == hundreds * 100
    low = dates + month * np.int32(100) + day
    high = dates + month * np.int32(1200) + day * np.int32(31)
    return low, high


def age_bands(birth: np.ndarray, start: np.ndarray) -> pd.Categorical:
    """The band of the age in whole years on the start date, or None when unknown
    (both dates as year*10000 + month*100 + day).

    A part either date leaves out (a birth year only, a start month) makes the age a
    range; the band is kept when the whole range lies in one band.
    """
    known = (birth >= 10_000) & (start >= 10_000)  # both years known
    codes = np.full(len(birth), -1, dtype=np.int8)
    # Only the persons with both dates (all of them in a list that gives birth dates).
    rows = slice(None) if known.all() else np.flatnonzero(known)
    birth_low, birth_high = _bounds(birth[rows])
    start_low, start_high = _bounds(start[rows])
    # Whole years between two such dates: one floor division (the year difference, less
    # one before the birthday).
    youngest = (start_low - birth_high) // 10_000
    oldest = (start_high - birth_low) // 10_000
    young, old = AGE_LIMITS
    band_low = (youngest >= young).astype(np.int8) + (youngest >= old)
    band_high = (oldest >= young).astype(np.int8) + (oldest >= old)
    plausible = (youngest >= 0) & (oldest <= 120)
    codes[rows] = np.where(plausible & (band_low == band_high), band_low, -1)
    return pd.Categorical.from_codes(codes, categories=pd.Index(_BANDS, dtype=object))


_BANDS = ["<25", "25-49", "50+"]


def ages(values: pd.Series) -> pd.Categorical:
    """The band of each cell of an age column (whole years), missing where it is no age."""

    def band(value: object) -> str | None:
        number = pd.to_numeric(str(value).replace(",", "."), errors="coerce")
        if number != number or not 0 <= number <= 120:
            return None
        return band_of_age(int(number))

    return categorical_of(values, band)


# ---------------------------------------------------------------- a person's own fields


def person_traits(table: Table, base: pd.DataFrame) -> None:
    """Add to ``base`` what a person list's own fields tell of each person, as private
    columns dropped once the profiles are known (``loaders.fields``): ``_birth`` (the
    birth date as year*10000 + month*100 + day; 0 for an unknown part), ``_age_band``
    (from an age column) and ``_id_sex`` (from a register number). The cells themselves
    are not copied."""
    birth = None
    column = table.named("birth_date")
    if column is not None:
        birth = birth_dates(table.categorical(column.index))
    column = table.named("person_id")
    if column is not None:
        from_number, sexes = register_numbers(table.texts(column.index))
        if from_number.any():  # register numbers, not client or file numbers
            dated = birth is not None
            birth = np.where(birth < 10_000, from_number, birth) if dated else from_number
            put(base, "_id_sex", sexes)
    if birth is not None:
        put(base, "_birth", birth)
    column = table.named("age")
    if column is not None:
        base["_age_band"] = ages(table.categorical(column.index))
