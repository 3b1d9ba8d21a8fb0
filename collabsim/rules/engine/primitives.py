"""The engine's primitives: grouped sums, maxima, ratios and NumPy-order sums.

Each is written in the NumPy subset Numba compiles, and compiled under the ``numba``
engine (:mod:`collabsim.rules.engine`). The few whose NumPy form Numba cannot compile
(``ufunc.at``, ``out=`` / ``where=`` arguments) are given twice, a vectorised form
and a loop, tested equal. Importing this module chooses the engine (and, under
``numba``, imports Numba): kernel modules import these names through
:mod:`collabsim.rules.engine`, which loads this module on first use.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from collabsim.arrays import clip01
from collabsim.rules.engine.choice import compiled, engine_name

__all__ = [
    "add_at",
    "clip01_core",
    "event_counts",
    "group_max",
    "group_mean",
    "group_prod",
    "group_sum",
    "keep_power",
    "masked_segment_mean",
    "pairwise_mean",
    "pairwise_sum",
    "ratio",
    "repeated_keep",
    "segment_mean",
    "segment_sum",
]

_Values = TypeVar("_Values", bound=npt.NDArray[Any])
_Float = npt.NDArray[np.float64]
_Int = npt.NDArray[np.int64]


#: Whether this engine compiles: then the loop forms below replace the NumPy ones.
_COMPILING = engine_name() == "numba"

#: :func:`clip01` for cores (compiled under the ``numba`` engine). Python callers use
#: :func:`clip01`, which keeps a float32 array float32 (NumPy's promotion rules).
clip01_core = compiled(clip01)


@compiled
def group_sum(index: _Int, weights: _Float, n: int) -> _Float:
    """Sum ``weights`` by ``index`` into ``n`` groups (``np.bincount``, in order)."""
    return np.bincount(index, weights, n).astype(np.float64)


# --- primitives written twice: a NumPy form and a loop Numba compiles ----------------


def _add_at_numpy(target: _Float, rows: _Int, cols: _Int, values: _Float) -> None:
    np.add.at(target, (rows, cols), values)


def _add_at_loop(target: _Float, rows: _Int, cols: _Int, values: _Float) -> None:
    for k in range(values.shape[0]):
        target[rows[k], cols[k]] += values[k]


def _group_prod_numpy(index: _Int, values: _Float, n: int) -> _Float:
    out = np.ones(n)
    np.multiply.at(out, index, values)
    return out


def _group_prod_loop(index: _Int, values: _Float, n: int) -> _Float:
    out = np.ones(n)
    for k in range(index.shape[0]):
        out[index[k]] *= values[k]
    return out


def _group_max_numpy(index: _Int, values: _Float, n: int) -> _Float:
    out = np.zeros(n)
    np.maximum.at(out, index, values)
    return out


def _group_max_loop(index: _Int, values: _Float, n: int) -> _Float:
    out = np.zeros(n)
    for k in range(index.shape[0]):  # values are finite (levers, never NaN)
        out[index[k]] = max(out[index[k]], values[k])
    return out


def _ratio_numpy(num: _Float, den: _Float, fill: float) -> _Float:
    out: _Float = np.divide(num, den, out=np.full(len(num), fill), where=den > 0)
    return out


def _ratio_loop(num: _Float, den: _Float, fill: float) -> _Float:
    out = np.full(len(num), fill)
    for k in range(num.shape[0]):
        if den[k] > 0:
            out[k] = num[k] / den[k]
    return out


if _COMPILING:
    add_at = compiled(_add_at_loop)
    group_max = compiled(_group_max_loop)
    group_prod = compiled(_group_prod_loop)
    ratio = compiled(_ratio_loop)
else:
    add_at = _add_at_numpy
    group_max = _group_max_numpy
    group_prod = _group_prod_numpy
    ratio = _ratio_numpy
add_at.__doc__ = "``np.add.at(target, (rows, cols), values)``, in place."
group_prod.__doc__ = (
    "Product of ``values`` by ``index`` into ``n`` groups (1 where empty), "
    "multiplied in index order."
)
group_max.__doc__ = "Maximum of ``values`` by ``index`` into ``n`` groups, floor 0."
ratio.__doc__ = "``num / den`` where ``den > 0``, else ``fill``."


@compiled
def group_mean(index: _Int, values: _Float, n: int, weights: _Float) -> _Float:
    """Weighted mean of ``values`` by ``index`` into ``n`` groups; 0.5 where empty."""
    return ratio(
        group_sum(index, values * weights, n), group_sum(index, weights, n), 0.5
    )


# --- sums in NumPy's order (pairwise), so both engines give the same bits ------------


@compiled
def _block_sum(values: _Float, lo: int, n: int) -> float:
    """NumPy's pairwise sum of ``values[lo:lo + n]`` for n <= 128 (8 accumulators)."""
    res = 0.0
    if n < 8:
        for i in range(lo, lo + n):
            res += values[i]
        return res
    r0, r1, r2, r3 = values[lo], values[lo + 1], values[lo + 2], values[lo + 3]
    r4, r5, r6, r7 = values[lo + 4], values[lo + 5], values[lo + 6], values[lo + 7]
    i = lo + 8
    while i < lo + n - n % 8:
        r0, r1 = r0 + values[i], r1 + values[i + 1]
        r2, r3 = r2 + values[i + 2], r3 + values[i + 3]
        r4, r5 = r4 + values[i + 4], r5 + values[i + 5]
        r6, r7 = r6 + values[i + 6], r7 + values[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for k in range(i, lo + n):
        res += values[k]
    return float(res)


@compiled
def pairwise_sum(values: _Float, lo: int, n: int) -> float:
    """NumPy's pairwise sum of ``values[lo:lo + n]``: its recursion, on a stack.

    (Numba's cache cannot reload a recursive function, hence the explicit stack.)
    """
    if n <= 128:
        return _block_sum(values, lo, n)
    start, size = np.zeros(64, np.int64), np.zeros(64, np.int64)
    left, right_pending = np.zeros(64), np.zeros(64, np.bool_)
    start[0], size[0], depth = lo, n, 0
    while True:
        while size[depth] > 128:  # descend to the left half
            half = size[depth] // 2 - size[depth] // 2 % 8
            right_pending[depth] = True
            start[depth + 1], size[depth + 1] = start[depth], half
            depth += 1
        value = _block_sum(values, start[depth], size[depth])
        while depth > 0:  # ascend: add finished right halves, or turn to the right
            depth -= 1
            if right_pending[depth]:
                left[depth], right_pending[depth] = value, False
                half = size[depth] // 2 - size[depth] // 2 % 8
                start[depth + 1] = start[depth] + half
                size[depth + 1] = size[depth] - half
                depth += 1
                break
            value = left[depth] + value
        else:
            return value


def _segment_sum_numpy(values: _Float, offsets: _Int) -> _Float:
    out = np.zeros(max(offsets.shape[0] - 1, 0))
    filled = offsets[1:] > offsets[:-1]
    if filled.any():
        # without the empty segments, each segment ends where the next one starts
        inside = values[: offsets[-1]]
        out[filled] = np.add.reduceat(inside, offsets[:-1][filled], dtype=np.float64)
    return out


def _segment_sum_loop(values: _Float, offsets: _Int) -> _Float:
    out = np.zeros(max(offsets.shape[0] - 1, 0))
    for k in range(out.shape[0]):
        lo, n = offsets[k], offsets[k + 1] - offsets[k]
        if n > 1:
            out[k] = values[lo] + pairwise_sum(values, lo + 1, n - 1)
        elif n == 1:
            out[k] = values[lo]
    return out


def _segment_mean_numpy(values: _Float, offsets: _Int) -> _Float:
    counts = (offsets[1:] - offsets[:-1]).astype(np.float64)
    sums = _segment_sum_numpy(values, offsets)
    out = np.full(counts.shape[0], np.nan)
    filled = counts > 0
    out[filled] = sums[filled] / counts[filled]
    return out


def _segment_mean_loop(values: _Float, offsets: _Int) -> _Float:
    out = np.empty(max(offsets.shape[0] - 1, 0))
    for k in range(out.shape[0]):
        lo, n = offsets[k], offsets[k + 1] - offsets[k]
        if n > 1:
            out[k] = (values[lo] + pairwise_sum(values, lo + 1, n - 1)) / n
        elif n == 1:
            out[k] = values[lo] / 1.0
        else:
            out[k] = np.nan
    return out


def _masked_segment_mean_numpy(
    values: _Float, mask: npt.NDArray[np.bool_], offsets: _Int
) -> _Float:
    n = max(offsets.shape[0] - 1, 0)
    segment = np.repeat(np.arange(n), offsets[1:] - offsets[:-1])
    counts = np.bincount(segment[mask[: offsets[-1]]], minlength=n)
    inner = np.concatenate((np.zeros(1, np.int64), np.cumsum(counts)))
    return _segment_mean_numpy(values[: offsets[-1]][mask[: offsets[-1]]], inner)


def _masked_segment_mean_loop(
    values: _Float, mask: npt.NDArray[np.bool_], offsets: _Int
) -> _Float:
    out = np.empty(max(offsets.shape[0] - 1, 0))
    buffer = np.empty(offsets[-1] if offsets.shape[0] > 0 else 0)
    for k in range(out.shape[0]):
        m = 0
        for i in range(offsets[k], offsets[k + 1]):
            if mask[i]:
                buffer[m] = values[i]
                m += 1
        if m > 1:
            out[k] = (buffer[0] + pairwise_sum(buffer, 1, m - 1)) / m
        elif m == 1:
            out[k] = buffer[0] / 1.0
        else:
            out[k] = np.nan
    return out


def _mean_numpy(values: _Float) -> float:
    return float(np.add.reduce(values) / values.shape[0])


def _mean_loop(values: _Float) -> float:
    n: int = values.shape[0]
    return pairwise_sum(values, 0, n) / n


segment_sum = compiled(_segment_sum_loop) if _COMPILING else _segment_sum_numpy
segment_sum.__doc__ = (
    "``np.add.reduceat(values, offsets[:-1])`` in float64, 0 for an empty segment "
    "(the first value plus NumPy's pairwise sum of the rest: both engines agree)."
)
segment_mean = compiled(_segment_mean_loop) if _COMPILING else _segment_mean_numpy
segment_mean.__doc__ = (
    "Mean of each segment ``offsets[k]:offsets[k + 1]`` (NaN for an empty one): "
    ":func:`segment_sum` over the count, in one call (both engines agree)."
)
masked_segment_mean = (
    compiled(_masked_segment_mean_loop) if _COMPILING else _masked_segment_mean_numpy
)
masked_segment_mean.__doc__ = (
    "Mean of each segment's values where ``mask`` holds (NaN where none does): "
    ":func:`segment_mean` of the selected values (both engines agree)."
)
pairwise_mean = compiled(_mean_loop) if _COMPILING else _mean_numpy
pairwise_mean.__doc__ = "``values.mean()`` (NumPy's pairwise sum) of a non-empty array."


@compiled
def event_counts(chance: _Float, draws: _Float) -> _Int:
    """Events in a step split into ``draws.shape[0]`` equal sub-intervals.

    ``chance`` is each element's event chance per sub-interval (in [0, 1]) and
    ``draws`` has one uniform per sub-interval and element: the count is a binomial
    draw (a Bernoulli one for a single sub-interval), from comparisons only, so both
    engines count the same.
    """
    counts = np.zeros(chance.shape[0], np.int64)
    for k in range(draws.shape[0]):
        counts += draws[k] < chance
    return counts


@compiled
def keep_power(keep: float, count: int) -> float:
    """``keep ** count`` for one element, by repeated multiplication.

    The scalar form of :func:`repeated_keep` (the same products, in the same order).
    """
    out = 1.0
    for _ in range(count):
        out = out * keep
    return out


@compiled
def repeated_keep(keep: _Float, counts: _Int) -> _Float:
    """``keep ** counts`` by repeated multiplication (counts are small integers).

    The share of a quantity that survives ``counts`` identical events, each keeping
    ``keep``: multiplications only, so both engines give the same bits.
    """
    out = np.ones(keep.shape[0])
    if counts.shape[0] == 0:
        return out
    for k in range(int(counts.max())):
        out = np.where(counts > k, out * keep, out)
    return out
