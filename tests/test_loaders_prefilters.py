"""The loaders' shortcuts on a table's distinct values give what the plain rule gives;
a load runs with the cycle collector paused and leaves no cycles for it.

Locating a wide table and reading its keys test thousands of names (organisations) for
a header label, a totals word or their identity. The shortcuts that spare most of those
tests (a regular expression instead of a text key, one search of all labels joined, an
index of the synonyms by word, covering tested once on all years) must agree with the
per-value rule on every kind of text, including the ones they hand back to it
(accents, non-breaking spaces, newlines), and must never pass over a true match.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from loaders_writers import xlsx

import kinds
from loaders import ValidationError, load, load_inflow, pipeline
from loaders.collector import collector_paused
from loaders.columns import FILLER_WORDS, synonym_table
from loaders.identity import _hashed
from loaders.labels import _TOTAL_HINT, _total_candidates, names_something, total_states
from loaders.labels import totals_rest as rule_totals_rest
from loaders.normalise import (
    _own_clean_texts,
    categorical_of,
    clean_text,
    has_key,
    is_blank,
    text_key,
)
from loaders.totals import side_by_side
from reference import flanders, load_region
from reference.areas import rest_of_flanders, rest_of_province

_PIECES = [
    "organisatie", "Organisatie", "ORGANISATIE", "OrGaNiSaTiE", "gemeente", "van", "de",
    "vestiging", "K1", "2021", "34022", "totaal", "Totaal", "som", "SUM", "care", "vzw",
    "Café", "Spière", "Ørganisatie", "organisátie", "ﬁrma", "x", "0", "12",
]  # fmt: skip
_GLUE = [" ", "  ", "-", "_", ":", ".", "\n", "\t", "\u00a0", "\u2003", "/", "(", ")", "", ""]


def _texts(seed: int, count: int, key: str = "") -> list[str]:
    """Texts of random pieces and glue; half of them ``key``'s words in any case, glued
    by anything (so many have ``key`` for their key), some with a letter dropped or an
    accent or a word added."""
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        own = key.split() if key and n % 2 else []
        words = own or [rng.choice(_PIECES) for _ in range(rng.randrange(1, 5))]
        parts = [rng.choice(_GLUE)]
        for word in words:
            word = "".join(c.upper() if rng.random() < 0.3 else c for c in word)
            parts += [word, rng.choice(_GLUE[:-2]) if own else rng.choice(_GLUE)]
        parts[-1] = rng.choice(_GLUE)
        text = "".join(parts)
        change = rng.random()
        if change < 0.1 and text:  # a letter dropped
            at = rng.randrange(len(text))
            text = text[:at] + text[at + 1 :]
        elif change < 0.15:
            text = text.replace("a", "á", 1).replace("e", "e\u0301", 1)  # accents
        elif change < 0.2:
            text = f"{text} {rng.choice(_PIECES)}"
        texts.append(text)
    return texts


@pytest.mark.parametrize(
    "key",
    ["organisatie", "gemeente van de vestiging", "k1 2021", "34022", "totaal care",
     "organisatie 12", "", "a  b", " organisatie", "café"],
)  # fmt: skip
def test_has_key_is_the_text_key_comparison(key):
    texts = [*_texts(len(key), 6000, key), key, key.upper(), f" {key}\n", f"-{key}-", f"{key}x"]
    test = has_key(key)
    expected = [text_key(t) == key for t in texts]
    assert [test(t) for t in texts] == expected
    if key.strip() and key == text_key(key):  # true matches of either path are among them
        assert sum(expected) >= 1000
        assert any(e and not t.isascii() for t, e in zip(texts, expected, strict=True))


def _labels(seed: int) -> np.ndarray:
    rng = random.Random(seed)
    words = [
        "Totaal", "totaal", "Eindtotaal", "Total", "Som", "sum", "SUBTOTAAL", "Kortrijk", "W13",
        "Care", "vzw A", "2021", "K1", "LDE", "Café", "tota", "Summa", "\n", " ",
    ]  # fmt: skip
    labels: list[object] = [
        rng.choice(["", "Totaal", "Total Care", "\u00a0Totaal"])
        + " ".join(rng.choice(words) for _ in range(rng.randrange(0, 3)))
        for _ in range(400)
    ]
    labels += [f"Organisatie {i}" for i in range(300)]
    labels += [None, float("nan"), 3.0, 12, dt.date(2021, 1, 1), "vzw A", "Totaal vzw A"]
    rng.shuffle(labels)
    return np.array(list(dict.fromkeys(labels)), dtype=object)


def _rule_total_states(uniques, kind, region, *, named):
    """``total_states`` by its rule, every label tested in turn."""
    from loaders.labels import GRAND_WORDS

    whole = GRAND_WORDS | {text_key(region.code), *text_key(region.name).split()}
    labels = {text_key(u) for u in uniques if isinstance(u, str)}
    state = np.zeros(len(uniques), dtype=np.int8)
    for i, value in enumerate(uniques):
        rest = rule_totals_rest(value)
        if rest is None:
            continue
        if not set(rest.split()) - whole:
            state[i] = 1
        elif named and (rest in labels or names_something(rest, kind, region)):
            state[i] = 2
    return state


@pytest.mark.parametrize("seed", range(6))
def test_total_states_on_candidates_is_the_rule_on_every_label(seed):
    uniques = _labels(seed)
    region = load_region()
    expected_candidates = [
        i for i, u in enumerate(uniques)
        if isinstance(u, str) and (not u.isascii() or _TOTAL_HINT.search(u))
    ]  # fmt: skip
    assert _total_candidates(uniques) == expected_candidates
    for named in (True, False):
        found = total_states(uniques, "inflow", region, named=named)
        expected = _rule_total_states(uniques, "inflow", region, named=named)
        assert found.tolist() == expected.tolist()
        assert (expected == 1).any() and (expected == 0).any()
    assert (_rule_total_states(uniques, "inflow", region, named=True) == 2).any()


def test_total_candidates_of_plain_names_and_of_a_column_without_text():
    names = np.array([f"Organisatie {i}" for i in range(5000)], dtype=object)
    assert _total_candidates(names) == []
    assert _total_candidates(np.array([1.0, None, 2], dtype=object)) == []
    assert _total_candidates(np.array([], dtype=object)) == []
    mixed = names.copy()
    mixed[[17, 4999]] = ["Totaal", "Organisatie\u00a0X"]  # a hint; a text that is not ASCII
    assert _total_candidates(mixed) == [17, 4999]
    plain = names.copy()  # plain ASCII: hints found in its lower case, at either end too
    hinted = {0: "SOM", 5: "xSuMy", 6: "tOtAl", 7: "eindTOTAAL", 4998: "a som", 4999: "Sum"}
    for at, text in hinted.items():
        plain[at] = text
    plain[9] = "tot\na"  # a label holding a newline, the hint split by it: none
    assert _total_candidates(plain) == sorted(hinted)


def test_text_rules_take_a_plain_str_the_way_they_take_any_text():
    # ``clean_text``, ``text_key`` and ``is_blank`` read a plain ``str`` first, without
    # their checks for numbers; a subclass of ``str`` still takes the general way.
    class Label(str):
        pass

    for text in [*_texts(3, 3000), "", " ", "\x1c a \x1f", "A\u2003B", "\u00a0", "ǅungla"]:
        assert clean_text(text) == clean_text(Label(text))
        assert text_key(text) == text_key(Label(text))
        assert is_blank(text) == is_blank(Label(text))


def _rule_by_tokens(synonyms, present: set[str]) -> str | None:
    """The token-set match by its rule: every synonym of the table tested."""
    best: dict[str, int] = {}
    for key, name in synonyms.items():
        tokens = {w for w in key.split() if w not in FILLER_WORDS}
        if tokens and tokens <= present:
            best[name] = max(best.get(name, 0), len(tokens))
    if not best:
        return None
    top = max(best.values())
    winners = [n for n, score in best.items() if score == top]
    return winners[0] if len(winners) == 1 else None


@pytest.mark.parametrize("kind", [k.name for k in kinds.KINDS])
def test_synonyms_by_tokens_is_the_match_against_every_synonym(kind):
    synonyms = synonym_table(kind)
    vocabulary = sorted({w for key in synonyms for w in key.split()} | {"vzw", "xyz", "2021"})
    rng = random.Random(kind)
    found = 0
    for _ in range(3000):
        present = set(rng.sample(vocabulary, rng.randrange(1, 5)))
        expected = _rule_by_tokens(synonyms, present)
        assert synonyms._by_tokens(present) == expected
        found += expected is not None
    for key in synonyms:  # every synonym's own words
        present = {w for w in key.split() if w not in FILLER_WORDS}
        if present:
            assert synonyms._by_tokens(present) == _rule_by_tokens(synonyms, present)
    assert found > 100


@pytest.mark.parametrize("seed", range(4))
def test_covering_only_grows_with_the_codes_named(seed):
    # ``places.mark_comparison`` skips the per-year test when all years' codes together
    # do not cover the area: sound only if a covering set stays covering as it grows.
    region = load_region()
    rng = random.Random(seed)
    codes = sorted(flanders())
    for area in (rest_of_flanders(region), rest_of_province(region)):
        if area is None:
            continue
        members = sorted(area.members)
        for _ in range(200):
            part = set(rng.sample(members, rng.randrange(len(members) + 1)))
            more = part | set(rng.sample(codes, rng.randrange(40)))
            assert not area.covered_by(part) or area.covered_by(more)


def _wide_inflow(rows: int) -> bytes:
    months = [f"{m:02d}/{y}" for y in (2021, 2022) for m in range(1, 13)]
    body = [["Gemeente", "Doelgroep", "Organisatie", *months]]
    body += [
        ["Kortrijk", "LDE", f"Organisatie {i}", *[(i + m) % 5 for m in range(len(months))]]
        for i in range(rows)
    ]
    return xlsx({"Instroom": body})


SAMPLES = sorted((Path(__file__).parent.parent / "sample_data").glob("*.xlsx"))


def test_loads_leave_no_reference_cycles_for_the_collector_to_find():
    # ``loaders.collector`` pauses the collector during a load: sound only while a load
    # leaves (next to) no cyclic garbage, however large the file.
    sources = [_wide_inflow(3000), *SAMPLES]
    refused = xlsx({"Blad1": [["Niets", "hier"], ["x", "y"]]})
    load(sources[0])  # modules a first load imports may leave cycles once
    gc.collect()
    gc.disable()
    try:
        for source in sources:
            load(source)
            assert gc.collect() == 0, str(source)[:40]
        with pytest.raises(ValidationError):
            load(refused)
        assert gc.collect() < 500  # a refusal's traceback: a few frames, not the file
    finally:
        gc.enable()


def test_the_collector_is_paused_during_a_load_and_resumed_after_it(monkeypatch):
    seen = []
    read = pipeline.parse_workbook

    def parse(*args, **kwargs):
        seen.append(gc.isenabled())
        return read(*args, **kwargs)

    monkeypatch.setattr(pipeline, "parse_workbook", parse)
    load_inflow(_wide_inflow(5))
    with pytest.raises(ValidationError):
        load(xlsx({"Blad1": [["Gemeente", "Instroom"], ["Kortrijk", "veel"]]}), "inflow")
    assert seen == [False, False] and gc.isenabled()
    gc.disable()  # a caller that keeps the collector off keeps it off
    try:
        load_inflow(_wide_inflow(5))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_resumes_when_the_last_of_concurrent_loads_ends():
    inside = threading.Barrier(3)
    leave = threading.Event()

    @collector_paused
    def loading() -> None:
        inside.wait(timeout=30)
        leave.wait(timeout=30)

    threads = [threading.Thread(target=loading) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait(timeout=30)  # a broken barrier fails the test instead of hanging it
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join(timeout=30)
    assert gc.isenabled()


def test_texts_hash_alike_with_or_without_pandas_factorising_them_first():
    texts = [*_texts(5, 3000), "", "ǅungla", "x" * 500, "kortrijk", "kortrijk"]
    texts = np.array(texts, dtype=object)
    assert (_hashed(texts) == pd.util.hash_array(texts)).all()


@pytest.mark.parametrize("seed", range(20))
def test_side_by_side_is_column_stack_and_a_view_only_of_adjacent_columns(seed):
    rng = np.random.default_rng(seed)
    rows, width = int(rng.integers(1, 50)), int(rng.integers(1, 12))
    block = rng.random((rows, width))
    if seed % 3 == 1:
        block = block.reshape(-1).reshape(rows, width)  # a view of a flat array
    first = int(rng.integers(0, width))
    picks = [
        list(range(first, width)),  # adjacent
        sorted(set(rng.integers(0, width, 4).tolist())),  # gaps
        [width - 1, *range(width - 1)],  # out of order
    ]
    for pick in picks:
        columns = [block[:, k] for k in pick]
        if seed % 4 == 2:
            columns = [c[1:] for c in columns]  # not from the first row
        found = side_by_side(columns)
        assert found.shape == (len(columns[0]), len(pick))
        assert (found == np.column_stack(columns)).all()
        adjacent = pick == list(range(pick[0], pick[0] + len(pick)))
        assert np.shares_memory(found, block) == adjacent
    copied = [block[:, 0].copy(), block[:, 1].copy()] if width > 1 else [block[:, 0].copy()]
    assert not np.shares_memory(side_by_side(copied), block)


@pytest.mark.parametrize("seed", range(8))
def test_a_column_of_clean_names_is_its_own_display_text(seed):
    rng = random.Random(seed)
    clean = [f"Organisatie {i}" for i in range(2000)] + ["vzw De Sleutel", "A-B (C)", "x"]
    odd = [
        "", " ", "a  b", " a", "a ", "a\tb", "a\nb", "\n", "a\x1cb", "a\x0bb", "a\rb", "b\x1f",
        "a\u00a0b", "a\u2003b", "café", None, float("nan"), 3.0, 12, True,
    ]  # fmt: skip
    assert _own_clean_texts(np.array(clean, dtype=object))
    lists = [clean]
    for text in [*odd, odd[seed * 3 % len(odd)]]:  # one odd value at the start, middle or end
        lists += [[*clean[:where], text, *clean[where:]] for where in (0, 1000, len(clean))]
    for values in lists:
        uniques = np.array(values, dtype=object)
        own = all(type(v) is str and clean_text(v) == v for v in values)
        assert own or not _own_clean_texts(uniques), values[:3]  # never a text to clean
        rows = pd.Series(rng.choices([*values, None], k=3000), dtype=object)
        found = categorical_of(rows, clean_text)
        expected = categorical_of(rows, lambda v: clean_text(v))  # per value
        assert found.categories.equals(expected.categories)
        assert found.categories.dtype == expected.categories.dtype
        assert (found.codes == expected.codes).all()
