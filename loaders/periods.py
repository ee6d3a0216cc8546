"""Periods written every way a Belgian office writes them.

A period is a year with optionally a quarter or a month: ``2021``, ``"jan 2021"``,
``"januari 2021"``, ``"2021-01"``, ``"jan-21"``, real date cells, day-first
``"15/03/2021"``, ``"2021-K1"``, ``"K2 2021"``, ``"2021 Q3"``, ``"Q4-2021"``,
``"2021 K4"``, ``"1e kwartaal 2021"``, ``"2021M03"``. A month or quarter without a
year (``"jan"``, ``"K3"``) parses with ``year=None`` so that a sheet name or title can
supply it. Columns are parsed on their unique values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from loaders.normalise import factorize, text_key

MIN_YEAR = 2000


def max_year(today: dt.date | None = None) -> int:
    """The latest year a file may contain: next year (budgets and contingents ahead)."""
    return (today or dt.date.today()).year + 1


@dataclass(frozen=True)
class Period:
    year: int | None
    quarter: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.month is not None and self.quarter is None:
            object.__setattr__(self, "quarter", (self.month - 1) // 3 + 1)


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "januari jan january janvier janv",
        "februari feb febr february fevrier fev",
        "maart mrt maa mar march mars",
        "april apr avril avr",
        "mei may mai",
        "juni jun june juin",
        "juli jul july juillet juil",
        "augustus aug august aout",
        "september sep sept septembre",
        "oktober okt oct october octobre",
        "november nov novembre",
        "december dec decembre",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Qtr1" and "Kwrt1" are how Excel's date grouping names quarters in English and Dutch.
_Q = r"(?:k|q|kw|kwartaal|t|trim|trimester|trimestre|quarter|kwart|qtr|kwrt)"
_ORD = r"(?:e|de|ste|st|nd|rd|th|er|eme|ieme)?"
_ORDINAL_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "premier": 1, "first": 1}
_ORDINALS = "|".join(_ORDINAL_WORDS)
_YEAR4 = r"(20\d\d|19\d\d)"
_FLOAT_YEAR = re.compile(r"^\s*(?:19|20)\d\d\.0+\s*$")

# Patterns run on text_key output: lower case, no accents, separators turned into spaces.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_YEAR4}$"), "y"),
    (re.compile(rf"^{_YEAR4} ?{_Q} ?([1-4])$"), "yq"),
    (re.compile(rf"^{_Q} ?([1-4]) ?{_YEAR4}$"), "qy"),
    (re.compile(rf"^([1-4]){_ORD} ?{_Q} ?{_YEAR4}$"), "qy"),
    (re.compile(rf"^{_YEAR4} ([1-4]){_ORD} ?{_Q}$"), "yq"),
    (re.compile(rf"^({_ORDINALS}) {_Q} {_YEAR4}$"), "Qy"),
    (re.compile(rf"^{_YEAR4} ?m ?(\d\d?)$"), "ym"),
    # Datawarehouse exports write a month as yyyymm ("202101").
    (re.compile(rf"^{_YEAR4}(0[1-9]|1[0-2])$"), "ym"),
    (re.compile(rf"^({_MONTH_NAMES}) ?{_YEAR4}$"), "My"),
    (re.compile(rf"^{_YEAR4} ?({_MONTH_NAMES})$"), "yM"),
    (re.compile(rf"^({_MONTH_NAMES}) (\d\d)$"), "My2"),
    (re.compile(rf"^{_YEAR4} (\d\d?)$"), "ym"),
    (re.compile(rf"^(\d\d?) {_YEAR4}$"), "my"),
    (re.compile(rf"^{_YEAR4} (\d\d?) (\d\d?)(?: 0?0 00(?: 00)?)?$"), "ymd"),
    (re.compile(rf"^(\d\d?) (\d\d?) {_YEAR4}(?: 0?0 00(?: 00)?)?$"), "dmy"),
    (re.compile(r"^(\d\d?) (\d\d?) (\d\d)$"), "dmy2"),
    (re.compile(rf"^({_MONTH_NAMES})$"), "M"),
    (re.compile(rf"^{_Q} ?([1-4])$"), "q"),
    (re.compile(rf"^([1-4]){_ORD} ?{_Q}$"), "q"),
    (re.compile(rf"^(\d\d?) ({_MONTH_NAMES}) {_YEAR4}$"), "dMy"),
]


def _month(value: int) -> int | None:
    return value if 1 <= value <= 12 else None


def _from_match(kind: str, groups: tuple[str, ...]) -> Period | None:
    if kind == "y":
        return Period(int(groups[0]))
    if kind == "yq":
        return Period(int(groups[0]), quarter=int(groups[1]))
    if kind == "qy":
        return Period(int(groups[1]), quarter=int(groups[0]))
    if kind == "Qy":
        return Period(int(groups[1]), quarter=_ORDINAL_WORDS[groups[0]])
    if kind == "q":
        return Period(None, quarter=int(groups[0]))
    if kind == "M":
        return Period(None, month=MONTHS[groups[0]])
    if kind == "My":
        return Period(int(groups[1]), month=MONTHS[groups[0]])
    if kind == "yM":
        return Period(int(groups[0]), month=MONTHS[groups[1]])
    if kind == "My2":
        return Period(2000 + int(groups[1]), month=MONTHS[groups[0]])
    if kind in ("ym", "my"):
        year, month = (groups[0], groups[1]) if kind == "ym" else (groups[1], groups[0])
        return Period(int(year), month=m) if (m := _month(int(month))) else None
    if kind == "ymd":
        return _date_period(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "dmy":
        return _date_period(int(groups[2]), int(groups[1]), int(groups[0]))
    if kind == "dmy2":
        return _date_period(2000 + int(groups[2]), int(groups[1]), int(groups[0]))
    if kind == "dMy":
        return _date_period(int(groups[2]), MONTHS[groups[1]], int(groups[0]))
    return None


def _date_period(year: int, month: int, day: int) -> Period | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return Period(year, month=month)


@lru_cache(maxsize=65536)
def parse_period_text(text: str) -> Period | None:
    """Parse one period written as text; ``None`` when it is not a period."""
    key = text_key(text)
    if not key or len(key) > 40:
        return None
    for pattern, kind in _PATTERNS:
        match = pattern.match(key)
        if match:
            return _from_match(kind, match.groups())
    return None


DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)


def day_first_dates(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct cells written exactly "dd/mm/yyyy" (ASCII digits; each separator one
    of ``/ - .``), as spreadsheets write a date to CSV, read in arrays instead of a regex
    per value: their positions, and year*10000 + month*100 + day, 0 when no real date.

    Those cells read the same by ``parse_period_text`` (the ``dmy`` pattern: no earlier
    one matches them) and by ``profiles.date_parts`` (its day-first pattern).
    """
    at = [i for i, u in enumerate(uniques) if type(u) is str and len(u) == 10 and u.isascii()]
    if not at:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int32)
    text = np.frombuffer("".join(uniques[at]).encode("ascii"), dtype=np.uint8).reshape(-1, 10)
    digits = text.astype(np.int32) - ord("0")
    numerals = digits[:, [0, 1, 3, 4, 6, 7, 8, 9]]
    separated = np.isin(text[:, [2, 5]], np.frombuffer(b"/-.", dtype=np.uint8))
    form = ((numerals >= 0) & (numerals <= 9)).all(axis=1) & separated.all(axis=1)
    digits = digits[form]
    day = digits[:, 0] * 10 + digits[:, 1]
    month = digits[:, 3] * 10 + digits[:, 4]
    year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    longest = DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    real = (year >= dt.MINYEAR) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= longest)
    days = np.where(real, year * 10_000 + month * 100 + day, 0).astype(np.int32)
    return np.asarray(at, dtype=np.int64)[form], days


EXCEL_EPOCH = dt.date(1899, 12, 30)


def serial_range(today: dt.date | None = None) -> tuple[int, int]:
    """Excel date serials of the plausible days: 1 January 2000 to the end of next year."""
    last = dt.date(max_year(today), 12, 31)
    return (dt.date(MIN_YEAR, 1, 1) - EXCEL_EPOCH).days, (last - EXCEL_EPOCH).days


def parse_period(value: object, *, dates: bool = False) -> Period | None:
    """Parse one cell (text, number, date or datetime) as a period.

    Numbers are years (``2021``, ``2021.0``); with ``dates=True`` (a period, month or
    start-date column, a header cell) a whole number in the plausible range of Excel
    date serials is a date stored as a plain number (44562 = 1 January 2022).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return Period(value.year, month=value.month)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        low, high = serial_range()
        if dates and low <= number < high + 1:  # a serial with a time of day too
            day = EXCEL_EPOCH + dt.timedelta(days=int(number))
            return Period(day.year, month=day.month)
        if number != number or not number.is_integer():
            return None
        if 190001 <= number <= 210012:  # yyyymm
            return parse_period_text(str(int(number)))
        return Period(int(number)) if 1900 <= number <= 2100 else None
    if isinstance(value, str):
        # "2021.0": a year column that held a blank, written out by pandas as floats.
        if _FLOAT_YEAR.match(value):
            return parse_period(float(value), dates=dates)
        if dates and value.strip().isdigit():  # a date serial written out to CSV
            return parse_period(int(value.strip()), dates=True)
        return parse_period_text(value)
    return None


# Patterns of a whole day ("31/03/2023"): a reference date, which dates a stock but
# not a flow (a title's "toestand op 31/12/2023" is no month of inflow).
_DAY_KINDS = frozenset({"ymd", "dmy", "dmy2", "dMy"})


def _parse_with_kind(text: str) -> tuple[Period, str] | None:
    key = text_key(text)
    for pattern, kind in _PATTERNS:
        match = pattern.match(key)
        if match:
            period = _from_match(kind, match.groups())
            return (period, kind) if period is not None else None
    return None


def period_in_text(text: object, *, days: bool = True) -> Period | None:
    """The one period a title or sheet name mentions, if any.

    "Maatwerk 2023 K1", "K2 2023", "Instroom januari 2023", "1e kwartaal 2023",
    "Toestand op 31/03/2023" (with ``days``), "Instroom 2021"; a range within one
    quarter ("01/01/2023 – 31/03/2023") is that quarter, within one year that year.
    A month or quarter without a year ("K3") has ``year=None``. Several years: None.
    """
    words = text_key(text).split()
    found: list[Period] = []
    dated: list[Period] = []
    i = 0
    while i < len(words):
        for width in (3, 2, 1):
            parsed = _parse_with_kind(" ".join(words[i : i + width]))
            if parsed is not None:
                (dated if parsed[1] in _DAY_KINDS else found).append(parsed[0])
                i += width  # a day is taken whole, never read as "03 2023"
                break
        else:
            i += 1
    # Two days are a range ("01/01/2023 – 31/03/2023"): a period for flows too.
    return merge_found(found + dated if days or len(dated) > 1 else found)


def merge_found(found: list[Period]) -> Period | None:
    """One period from the periods found in a text: each part kept when all agree on it."""
    if not found:
        return None
    years = {p.year for p in found if p.year is not None}
    if len(years) > 1:
        return None
    quarters = {p.quarter for p in found if p.quarter is not None}
    months = {p.month for p in found if p.month is not None}
    year = years.pop() if years else None
    quarter = quarters.pop() if len(quarters) == 1 else None
    month = months.pop() if len(months) == 1 and quarter is not None else None
    if year is None and quarter is None:
        return None
    return Period(year, quarter=quarter, month=month)


def year_in_text(text: object) -> int | None:
    """The one plausible year mentioned in a title or sheet name (``"Instroom 2021"``)."""
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", str(text or ""))}
    return years.pop() if len(years) == 1 else None


def parse_periods(
    values: pd.Series, *, dates: bool = False
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Parse a column into ``year``, ``quarter`` and ``month`` (int64 arrays, 0 where a
    cell does not give the part: no period part is ever 0) and a bad-cell mask.

    Empty cells give unknown parts and are not flagged; cells that are not a period
    are flagged so validation can name them.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.dt
        parts = {n: getattr(stamps, n).fillna(0).to_numpy(dtype=np.int64) for n in _PARTS}
        return parts, np.zeros(len(values), dtype=bool)
    codes, uniques = factorize(values)
    # Day-first dates (a start date column) in arrays; ``parse_period`` for the rest.
    at, days = day_first_dates(uniques)
    parsed: list[Period | None] = [None] * len(uniques)
    for i in np.setdiff1d(np.arange(len(uniques)), at, assume_unique=True):
        parsed[i] = parse_period(uniques[i], dates=dates)
    tables = {n: np.zeros(len(uniques) + 1, dtype=np.int64) for n in _PARTS}
    for name, table in tables.items():
        table[:-1] = [(getattr(p, name) or 0) if p else 0 for p in parsed]
    # A real date of 1900 to 2099 is its year and month (``_YEAR4`` in the pattern).
    none = np.array([p is None for p in parsed] + [False])
    dated = (days >= 1900_00_00) & (days < 2100_00_00)
    none[at] = ~dated
    at, days = at[dated], days[dated]
    tables["year"][at], tables["month"][at] = days // 10_000, days // 100 % 100
    tables["quarter"][at] = (tables["month"][at] - 1) // 3 + 1
    blank = [isinstance(u, str) and not u.strip() for u in uniques] + [False]
    bad_unique = none & ~np.array(blank, dtype=bool)
    # code -1 (empty) reads the last entry
    return {n: table[codes] for n, table in tables.items()}, bad_unique[codes]


_PARTS = ("year", "quarter", "month")


def _part_of(value: object, part: str, limit: int) -> int | bool | None:
    """Quarter or month from a cell: a number 1..limit, a name ("maart", "K2") or a period."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if number.is_integer() and 1 <= number <= limit:
            return int(number)
        period = parse_period(value, dates=True)  # a date serial in a month column
        return getattr(period, part) if period is not None and period.month else False
    if isinstance(value, str) and value.strip().isdigit():
        return _part_of(int(value.strip()), part, limit)
    period = parse_period(value)
    if period is None or getattr(period, part) is None:
        return False
    return getattr(period, part)


def parse_part(values: pd.Series, part: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse a quarter (``part="quarter"``) or month column into int64 (0 where unknown)
    and a bad-cell mask."""
    limit = 4 if part == "quarter" else 12
    codes, uniques = factorize(values)
    parsed = [
        None if isinstance(u, str) and not u.strip() else _part_of(u, part, limit) for u in uniques
    ]
    numbers = np.array([p if p not in (False, None) else 0 for p in parsed] + [0], dtype=np.int64)
    bad = np.array([p is False for p in parsed] + [False], dtype=bool)
    return numbers[codes], bad[codes]


# Title lines about the file rather than its figures: their dates are no period.
_ABOUT_THE_FILE = re.compile(
    r"^(?:bron|source|export|exportdatum|geexporteerd|afgedrukt|gegenereerd|aangemaakt|"
    r"opgemaakt|printed|generated|created|bijgewerkt|laatst|update|datum export)\b"
)


def context_period(sheet: str, titles: Sequence[str], *, days: bool) -> Period | None:
    """The period a sheet name or the title lines give ("2023 K1", "jan 2023", "Toestand
    op 31/03/2023" when ``days``: a stock's reference date); the sheet name first, a
    title completing it ("K1" on a sheet of a workbook titled "Maatwerk 2023")."""
    lines = [t for t in titles if not _ABOUT_THE_FILE.match(text_key(t))]
    own = period_in_text(sheet, days=days) or _year_only(year_in_text(sheet))
    title = period_in_text(" ".join(lines), days=days) or _year_only(year_in_text(" ".join(lines)))
    if own is None or title is None:
        return own or title
    if own.year is not None and title.year is not None and own.year != title.year:
        return own
    if own.quarter is not None and title.quarter is not None and own.quarter != title.quarter:
        return own
    return merge_found([own, title])


def _year_only(year: int | None) -> Period | None:
    return Period(year) if year is not None else None
