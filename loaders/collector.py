"""Python's cycle collector paused while a file loads.

A load makes hundreds of thousands of objects (a sheet's rows, their cells, the distinct
labels) and frees them by reference counting: it leaves no reference cycles behind
(``tests/test_loaders_prefilters.py`` checks that on every kind of file). The collector,
started every 700 new containers, would still walk the young rows of the sheet over and
over to find nothing: some 25 ms of a 500,000-cell load. So it is paused for the length
of a load and resumed afterwards (only if it ran before), also when several loads run at
once in the threads of one server.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")

_lock = threading.Lock()
_loads = 0  # loads under way with the collector paused
_resume = False  # whether the collector ran when the first of them started


def collector_paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """``func`` with the cycle collector paused while it runs (nested calls count once)."""

    @functools.wraps(func)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        global _loads, _resume
        with _lock:
            if _loads == 0:
                _resume = gc.isenabled()
                gc.disable()
            _loads += 1
        try:
            return func(*args, **kwargs)
        finally:
            with _lock:
                _loads -= 1
                if _loads == 0 and _resume:
                    gc.enable()

    return paused
