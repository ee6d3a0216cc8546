"""Property test: any sequence of imports and undos keeps the store's invariants.

* after an import, the current rows are the earlier rows outside the file's scope plus
  exactly the file's rows;
* undoing the newest import restores exactly the rows before it;
* every inflow summary always equals a pandas groupby of the rows;
* the preview's "what changes" table is the per-row rule's.

SQLite only, to stay fast; the same code paths run on PostgreSQL in the other store tests.
"""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Store
from storage.schema import SUMMARIES
from storage.scope import changes_table, partials
from tests.scope_rule import scope_mask
from tests.store_helpers import inflow, same_rows

ROW = st.tuples(
    st.sampled_from([2020, 2021]),
    st.sampled_from([None, 1, 2, 4]),
    st.sampled_from(["Kortrijk", "Menen", "Spiere-Helkijn"]),
    st.sampled_from(["LDE", "AZ"]),
    st.sampled_from([None, "Org A", "Org B"]),
    st.integers(0, 9),
)
STEP = st.one_of(
    st.lists(ROW, min_size=1, max_size=4).map(lambda rows: ("import", inflow(*rows))),
    st.just(("undo", None)),
)
COUNTER = itertools.count()


def check_aggregate(store: Store, rows: pd.DataFrame) -> None:
    """Every summary (and a grouping no summary has) equals a groupby of the rows."""
    groupings = [list(s.keys) for s in SUMMARIES] + [["year", "municipality"], ["nis_code"]]
    for by in groupings:
        got = store.inflow_aggregate(by)
        expected = rows.groupby(by, as_index=False, dropna=False)["inflow"].sum()
        expected = expected.sort_values(by, ignore_index=True)
        got = got.sort_values(by, ignore_index=True)
        pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=5))
def test_imports_and_undos_keep_the_invariants(tmp_path, steps) -> None:
    store = Store(f"sqlite:///{tmp_path / f'p{next(COUNTER)}.sqlite'}")
    stack: list[tuple[int, pd.DataFrame]] = []
    try:
        for n, (action, frame) in enumerate(steps):
            before = store.read("inflow")
            if action == "import":
                plan = store.plan_import("inflow", frame, file_name=f"{n}.xlsx", sha256=str(n))
                import_id = store.apply_import(plan, user="p")
                hit = scope_mask("inflow", frame, before).to_numpy()
                kept = before[~hit]
                touched = before["year"].isin(plan.years)
                assert plan.changes.equals(
                    changes_table("inflow", pd.concat([
                        partials("inflow", before[touched & hit]).assign(replaced=True),
                        partials("inflow", before[touched & ~hit]).assign(replaced=False),
                    ]), frame)
                )
                same_rows(store.read("inflow"), pd.concat([kept, frame], ignore_index=True))
                stack.append((import_id, before))
            elif stack:
                import_id, earlier = stack.pop()
                store.undo(import_id, user="p")
                same_rows(store.read("inflow"), earlier)
            check_aggregate(store, store.read("inflow"))
    finally:
        store.dispose()
