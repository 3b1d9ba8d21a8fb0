"""Directed professional ties as a struct of arrays, grouped by organisation pair.

Directed organisation pairs come in twos: pair ``2k`` is (a → b) and ``2k + 1`` is
(b → a), so ``reverse(k) == k ^ 1``. The ties of pair k are ``offsets[k]:offsets[k+1]``:
every professional of the source organisation to every professional of the target,
row-major (tie ``offsets[k] + i·n_dst + j`` joins source professional i to target
professional j).

Only four arrays are stored per tie (16 bytes): trust and acquaintance (float32) and
the source professional and opposite tie (int32). Everything else per tie (target,
pair, the shared-draw index) follows from the block layout and is derived on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from collabsim.arrays import (
    BoolArray,
    Float32Array,
    FloatArray,
    Int32Array,
    IntArray,
    TieValues,
)

__all__ = ["TieStore"]

_T = TypeVar("_T", bound=np.generic)

#: Tie indices are int32: the scenario's memory limit keeps n_ties far below 2**31.
MAX_TIES = 2**31 - 1


@dataclass(slots=True)
class TieStore:
    """Tie and organisation-pair layout plus tie state (trust, acquaintance).

    Attributes:
        pair_src: Source organisation of each directed pair.
        pair_dst: Target organisation of each directed pair.
        offsets: CSR offsets of each pair's ties (length n_pairs + 1).
        src: Source professional of each tie (int32).
        reverse: Index of the opposite tie, dst → src (int32).
        trust: Trust of each tie, in [0, 1] (float32).
        acquaintance: Acquaintance of each tie, in [0, 1] (float32).
    """

    pair_src: IntArray
    pair_dst: IntArray
    offsets: IntArray
    src: Int32Array
    reverse: Int32Array
    trust: Float32Array
    acquaintance: Float32Array
    _prof_start: IntArray
    _sizes: IntArray
    _n_dst: IntArray
    _lower: BoolArray
    _out_pairs: IntArray
    _out_offsets: IntArray

    @classmethod
    def build(
        cls, links: npt.NDArray[np.int64], prof_start: IntArray, prof_count: IntArray
    ) -> TieStore:
        """Lay out ties for undirected organisation links (shape (n_links, 2)).

        Args:
            links: Unique organisation index pairs (a, b) with a != b.
            prof_start: First professional index of each organisation.
            prof_count: Number of professionals of each organisation.

        Raises:
            ValueError: If there would be 2**31 ties or more.
        """
        links = np.asarray(links, dtype=np.int64).reshape(-1, 2)
        pair_src = np.empty(2 * len(links), dtype=np.int64)
        pair_dst = np.empty_like(pair_src)
        pair_src[0::2], pair_dst[0::2] = links[:, 0], links[:, 1]
        pair_src[1::2], pair_dst[1::2] = links[:, 1], links[:, 0]
        n_src, n_dst = prof_count[pair_src], prof_count[pair_dst]
        sizes = n_src * n_dst
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        if offsets[-1] > MAX_TIES:
            msg = f"{int(offsets[-1]):,} ties exceed the int32 tie index"
            raise ValueError(msg)
        pair = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        local = np.arange(offsets[-1], dtype=np.int64) - offsets[pair]
        i_local, j_local = local // n_dst[pair], local % n_dst[pair]
        src = (prof_start[pair_src[pair]] + i_local).astype(np.int32)
        reverse = (offsets[pair ^ 1] + j_local * n_src[pair] + i_local).astype(np.int32)
        order = np.argsort(pair_src, kind="stable")
        out_offsets = np.zeros(len(prof_count) + 1, dtype=np.int64)
        np.cumsum(np.bincount(pair_src, minlength=len(prof_count)), out=out_offsets[1:])
        return cls(
            pair_src=pair_src,
            pair_dst=pair_dst,
            offsets=offsets,
            src=src,
            reverse=reverse,
            trust=np.zeros(len(src), dtype=np.float32),
            acquaintance=np.zeros(len(src), dtype=np.float32),
            _prof_start=np.asarray(prof_start, dtype=np.int64),
            _sizes=sizes,
            _n_dst=n_dst,
            _lower=np.arange(len(sizes)) % 2 == 0,
            _out_pairs=order.astype(np.int64),
            _out_offsets=out_offsets,
        )

    @property
    def n_pairs(self) -> int:
        """Number of directed organisation pairs."""
        return len(self.pair_src)

    @property
    def n_ties(self) -> int:
        """Number of directed professional ties."""
        return len(self.src)

    @property
    def sizes(self) -> IntArray:
        """Number of ties of each directed pair."""
        return self._sizes

    @property
    def dst(self) -> Int32Array:
        """Target professional of each tie (derived: the source of the reverse)."""
        return self.src[self.reverse]

    @property
    def pair(self) -> IntArray:
        """Directed organisation pair of each tie (derived from the offsets)."""
        return np.repeat(np.arange(self.n_pairs, dtype=np.int64), self._sizes)

    @property
    def lower(self) -> BoolArray:
        """True on ties of even pairs, the lower index of each tie and its reverse."""
        return np.repeat(self._lower, self._sizes)

    @property
    def mutual(self) -> IntArray:
        """The lower index of each tie and its reverse (one draw serves both)."""
        return np.minimum(np.arange(self.n_ties, dtype=np.int64), self.reverse)

    def symmetric(self, values: npt.NDArray[_T]) -> npt.NDArray[_T]:
        """Copy each tie's value in an even pair onto its reverse (``values[mutual]``).

        ``values`` is per tie along its last axis (e.g. shape (2, n_ties)).
        """
        out: npt.NDArray[_T] = np.where(self.lower, values, values[..., self.reverse])
        return out

    def pair_of(self, ties: IntArray) -> IntArray:
        """Directed organisation pair of the given ties."""
        pair: IntArray = np.searchsorted(self.offsets, ties, side="right") - 1
        return pair

    def expand(self, values: npt.NDArray[_T]) -> npt.NDArray[_T]:
        """Broadcast a per-pair array to the pair's ties (``values[self.pair]``).

        Ties are stored pair by pair, so this is a ``np.repeat`` by pair size: the
        same values as the gather, without the random-access index.
        """
        return np.repeat(values, self._sizes)

    def pair_sum(self, values: TieValues) -> FloatArray:
        """Sum of a tie-level array per directed pair (float64)."""
        if self.n_pairs == 0:
            return np.zeros(0)
        total: FloatArray = np.add.reduceat(values, self.offsets[:-1], dtype=np.float64)
        return total

    def pair_mean(
        self, values: TieValues, weights: FloatArray | None = None
    ) -> FloatArray:
        """Return the (weighted) mean of a tie-level array per directed pair."""
        if weights is None:
            return self.pair_sum(values) / np.maximum(self._sizes, 1)
        norm = self.pair_sum(weights)
        total = self.pair_sum(values * weights)
        return np.divide(total, norm, out=np.zeros(self.n_pairs), where=norm > 0)

    def ties_of(self, professionals: IntArray) -> IntArray:
        """Return the indices of every tie (either direction) of the professionals.

        Sorted and unique. The out-ties of professional i (the ``local``-th of its
        organisation) are row ``local`` of each block of its organisation's pairs
        as source; its in-ties are their reverses.
        """
        p = np.asarray(professionals, dtype=np.int64)
        if len(p) == 0:
            return np.zeros(0, dtype=np.int64)
        org = np.searchsorted(self._prof_start, p, side="right") - 1
        local = p - self._prof_start[org]
        first, last = self._out_offsets[org], self._out_offsets[org + 1]
        degree = last - first
        ks = self._out_pairs[np.repeat(first, degree) + _within(degree)]
        lengths = self._n_dst[ks]
        starts = self.offsets[ks] + np.repeat(local, degree) * lengths
        out = np.repeat(starts, lengths) + _within(lengths)
        return np.unique(np.concatenate([out, self.reverse[out]]))

    def nbytes(self) -> int:
        """Bytes held per tie between steps (trust, acquaintance, src, reverse)."""
        arrays = (self.src, self.reverse, self.trust, self.acquaintance)
        return int(sum(a.nbytes for a in arrays))


def _within(counts: IntArray) -> IntArray:
    """0, 1, ..., c - 1 for each count c, concatenated."""
    total = int(counts.sum())
    within: IntArray = np.arange(total, dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return within
