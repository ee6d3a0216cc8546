"""Text normalisation shared by header matching, place matching and value mapping.

Spreadsheet text arrives in any case, with accents or without, with stray spaces,
non-breaking spaces, underscores (open-data field names) and punctuation. Everything
that compares text compares the *key* produced here, so the rules live in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")


@lru_cache(maxsize=65536)
def _key_of_str(text: str) -> str:
    if text.isascii():  # the common case: no accents to strip
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped).strip()


def text_key(value: object) -> str:
    """Comparison key: lower case, no accents, every run of non-alphanumerics one space.

    ``"  Spiere_Helkijn "``, ``"SPIERE-HELKIJN"`` and ``"spière helkijn"`` all give
    ``"spiere helkijn"``. Non-text values give their ``str`` key; ``None`` and NaN give ``""``.
    """
    if type(value) is str:  # nearly every call: a cell's or a header's text
        return _key_of_str(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: a missing cell of a categorical or float column
            return ""
        if value.is_integer():
            value = int(value)
    return _key_of_str(str(value))


def has_key(key: str) -> Callable[[str], bool]:
    """A test ``text_key(text) == key`` for many distinct texts, most of them not ``key``.

    An ASCII text is matched on its lower case by one regular expression instead of
    having its key built (and cached): ``key``'s words, runs of other characters between
    them, and any such run at either end. That is exactly the texts whose key is ``key``:
    a key is the text's runs of ``[0-9a-z]`` joined by single spaces, so it is ``key`` if
    and only if those runs are ``key``'s words, in order, which is what the pattern reads.
    """
    words = key.split(" ")
    if not key or not all(_WORD.fullmatch(w) for w in words):  # no key of any text
        return lambda text: _key_of_str(text) == key
    other = "[^0-9a-z]"
    pattern = re.compile(f"{other}*{f'{other}+'.join(words)}{other}*")

    def test(text: str) -> bool:
        if text.isascii():
            return pattern.fullmatch(text.lower()) is not None
        return _key_of_str(text) == key

    return test


def clean_text(value: object) -> str | None:
    """Display text of a cell: trimmed, inner whitespace collapsed; empty → ``None``."""
    if type(value) is str:  # nearly every call: as below, without the checks for numbers
        return " ".join(value.split()) or None
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _own_clean_texts(values: Sequence[object]) -> bool:
    """Whether every value is a plain ASCII text with one space between its words and
    none around them, so its own clean text (``clean_text``).

    Tested on all values joined, not one by one: joined without a separator they hold
    no control character (``str.split`` splits at none but the space then), and joined
    by newlines no two spaces, no space beside a newline or at either end, and no empty
    text."""
    if not len(values) or not all(type(v) is str for v in values):
        return False
    whole, joined = "".join(values), "\n".join(values)
    return (
        whole.isascii()
        and whole.isprintable()
        and not any(s in joined for s in ("  ", " \n", "\n ", "\n\n"))
        and not joined.startswith((" ", "\n"))
        and not joined.endswith((" ", "\n"))
        and joined != ""
    )


def is_blank(value: object) -> bool:
    """True for cells that hold nothing: ``None``, NaN or only whitespace."""
    if type(value) is str:
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return False


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index: 0 → ``A``, 27 → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def dutch_number(value: float) -> str:
    """A number as Flemish staff write it: ``1234.5`` → ``"1.234,5"`` (at most 2 decimals)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def factorize(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, use_na_sentinel=True)``: codes (-1 for missing) and the
    distinct values in order of first appearance, as an object array.

    A categorical column (the loaders keep key columns so) is not hashed again: its
    codes are renumbered to the categories it uses, in the order they first appear,
    exactly as factorizing its values would.
    """
    if not isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return codes, np.asarray(uniques, dtype=object)
    raw = values.cat.codes.to_numpy()  # int8/int16 as pandas keeps them: cheaper to scan
    codes = raw.astype(np.int64)
    categories = np.asarray(values.cat.categories, dtype=object)
    order = first_seen(raw, len(categories))
    if len(order) == len(categories) and (order == np.arange(len(order))).all():
        return codes, categories  # already numbered that way (built by ``pd.factorize``)
    renumber = np.full(len(categories) + 1, -1, dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return renumber[codes], categories[order]


def first_seen(codes: np.ndarray, count: int) -> np.ndarray:
    """The codes (0 to ``count`` - 1; -1 missing) that occur, in order of first appearance."""
    # Almost always all seen within the first rows, so only a growing prefix is searched
    # (and the codes counted only when some are not seen there).
    used = None
    size = 4096
    while True:
        head = codes[:size]
        seen, where = np.unique(head[head >= 0], return_index=True)
        if len(seen) == count or size >= len(codes):
            break
        if used is None:
            if _numbered_in_order(codes, count):
                return np.arange(count)
            used = int((np.bincount(codes + 1, minlength=count + 1)[1:] > 0).sum())
        if len(seen) == used:
            break
        size *= 8
    return seen[np.argsort(where)]


def _numbered_in_order(codes: np.ndarray, count: int) -> bool:
    """Whether every code 0 to ``count`` - 1 occurs, each first appearing after the one
    before it (as ``pd.factorize`` numbers them): no code exceeds the highest before it
    by more than one."""
    highest = np.maximum.accumulate(codes)
    return (
        int(highest[-1]) == count - 1
        and codes[0] <= 0
        and bool((codes[1:] <= highest[:-1] + 1).all())
    )


def map_unique(values: pd.Series, func: Callable[[object], object]) -> np.ndarray:
    """``func`` applied to each distinct value of a column, spread back as an object array.

    A 100,000-row column with 40 distinct values costs 40 calls: the vectorised shape of
    every per-value rule (missing ``None``/NaN cells get ``func(None)``).
    """
    codes, uniques = factorize(values)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [func(u) for u in uniques]
    results[-1] = func(None)
    return results[codes]


def categorical_of(values: pd.Series, func: Callable[[object], object]) -> pd.Categorical:
    """Like ``map_unique`` but as a Categorical (``None`` results are missing).

    Built from codes, never from a per-row array of strings: cheap to spread over the
    figures of a wide table and to group on.
    """
    codes, uniques = factorize(values)
    if func is clean_text and _own_clean_texts(uniques):
        # Each distinct value its own result (nothing missing, no two alike): the codes
        # are those of ``values``, as factorising the results would number them.
        categories = pd.Index(uniques, dtype=object)
        return pd.Categorical.from_codes(codes, categories=categories, validate=False)
    results = [*map(func, uniques), func(None)]
    result_codes, categories = pd.factorize(pd.Series(results, dtype=object))
    # Codes in range by construction: no pass over them to check it.
    return pd.Categorical.from_codes(result_codes[codes], categories=categories, validate=False)


def filled(values: pd.Categorical, fill: pd.Categorical) -> pd.Categorical:
    """``values`` where known, else ``fill`` (row by row), with categories in order of first
    appearance like ``to_categorical``'s: in codes, never a label per row."""
    labels = list(dict.fromkeys([*values.categories, *fill.categories]))
    position = {label: i for i, label in enumerate(labels)}
    # Codes as narrow as the labels allow: a profile has a handful (fewer bytes per row).
    small = np.int8 if len(labels) < 100 else np.int64

    def spread(part: pd.Categorical) -> np.ndarray:
        table = np.array([position[c] for c in part.categories] + [-1], dtype=small)
        return table[part.codes]  # code -1 (missing) reads the last entry

    codes = spread(values)
    codes = np.where(codes >= 0, codes, spread(fill))
    order = first_seen(codes, len(labels))
    renumber = np.full(len(labels) + 1, -1, dtype=small)
    renumber[order] = np.arange(len(order))
    categories = pd.Index([labels[i] for i in order], dtype=object)
    # Codes in range by construction: no pass over them to check it.
    return pd.Categorical.from_codes(renumber[codes], categories=categories, validate=False)


def to_categorical(values: np.ndarray) -> pd.Categorical:
    """An object array of labels as a Categorical (None → missing)."""
    return categorical_of(pd.Series(values, dtype=object), lambda v: v)
