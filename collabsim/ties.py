"""Directed professional ties as a struct of arrays, grouped by organisation pair.

Directed organisation pairs come in twos: pair ``2k`` is (a → b) and ``2k + 1`` is
(b → a), so ``reverse(k) == k ^ 1``. The ties of pair k are ``offsets[k]:offsets[k+1]``:
every professional of the source organisation to every professional of the target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from collabsim.fields import FloatArray, IntArray

__all__ = ["TieStore"]


@dataclass(slots=True)
class TieStore:
    """Tie and organisation-pair layout plus tie state (trust, acquaintance).

    Attributes:
        pair_src: Source organisation of each directed pair.
        pair_dst: Target organisation of each directed pair.
        offsets: CSR offsets of each pair's ties (length n_pairs + 1).
        src: Source professional of each tie.
        dst: Target professional of each tie.
        pair: Directed organisation pair of each tie.
        reverse: Index of the opposite tie (dst → src).
        trust: Trust of each tie, in [0, 1].
        acquaintance: Acquaintance of each tie, in [0, 1].
    """

    pair_src: IntArray
    pair_dst: IntArray
    offsets: IntArray
    src: IntArray
    dst: IntArray
    pair: IntArray
    reverse: IntArray
    trust: FloatArray
    acquaintance: FloatArray
    _by_prof: IntArray
    _prof_offsets: IntArray
    _mutual: IntArray

    @classmethod
    def build(
        cls, links: npt.NDArray[np.int64], prof_start: IntArray, prof_count: IntArray
    ) -> TieStore:
        """Lay out ties for undirected organisation links (shape (n_links, 2)).

        Args:
            links: Unique organisation index pairs (a, b) with a != b.
            prof_start: First professional index of each organisation.
            prof_count: Number of professionals of each organisation.
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
        pair = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        local = np.arange(offsets[-1], dtype=np.int64) - offsets[pair]
        i_local, j_local = local // n_dst[pair], local % n_dst[pair]
        src = prof_start[pair_src[pair]] + i_local
        dst = prof_start[pair_dst[pair]] + j_local
        reverse = offsets[pair ^ 1] + j_local * n_src[pair] + i_local
        n_prof = int(prof_start[-1] + prof_count[-1]) if len(prof_start) else 0
        by_prof, prof_offsets = _incidence(src, dst, n_prof)
        zeros = np.zeros(len(src))
        return cls(
            pair_src,
            pair_dst,
            offsets,
            src,
            dst,
            pair,
            reverse,
            zeros.copy(),
            zeros.copy(),
            by_prof,
            prof_offsets,
            np.minimum(np.arange(len(src), dtype=np.int64), reverse),
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
    def mutual(self) -> IntArray:
        """The lower index of each tie and its reverse (one draw serves both)."""
        return self._mutual

    def expand(self, values: FloatArray) -> FloatArray:
        """Broadcast a per-pair array to the pair's ties (``values[self.pair]``).

        Ties are stored pair by pair, so this is a ``np.repeat`` by pair size: the
        same values as the gather, without the random-access index.
        """
        return np.repeat(values, np.diff(self.offsets))

    def pair_mean(
        self, values: FloatArray, weights: FloatArray | None = None
    ) -> FloatArray:
        """Return the (weighted) mean of a tie-level array per directed pair."""
        w = np.ones(self.n_ties) if weights is None else weights
        total = np.bincount(self.pair, weights=values * w, minlength=self.n_pairs)
        norm = np.bincount(self.pair, weights=w, minlength=self.n_pairs)
        return np.divide(total, norm, out=np.zeros(self.n_pairs), where=norm > 0)

    def ties_of(self, professionals: IntArray) -> IntArray:
        """Return the indices of every tie (either direction) of the professionals."""
        if len(professionals) == 0:
            return np.zeros(0, dtype=np.int64)
        starts = self._prof_offsets[professionals]
        stops = self._prof_offsets[professionals + 1]
        chunks = [self._by_prof[a:b] for a, b in zip(starts, stops, strict=True)]
        return np.unique(np.concatenate(chunks))

    def nbytes(self) -> int:
        """Bytes held by the per-tie arrays."""
        arrays = (
            self.src,
            self.dst,
            self.pair,
            self.reverse,
            self.trust,
            self.acquaintance,
        )
        extra = self._by_prof.nbytes + self._mutual.nbytes
        return int(sum(a.nbytes for a in arrays) + extra)


def _incidence(src: IntArray, dst: IntArray, n_prof: int) -> tuple[IntArray, IntArray]:
    """CSR of tie indices by professional (each tie listed under src and dst)."""
    owners = np.concatenate([src, dst])
    ties = np.concatenate([np.arange(len(src)), np.arange(len(dst))])
    order = np.argsort(owners, kind="stable")
    counts = np.bincount(owners, minlength=n_prof)
    offsets = np.zeros(n_prof + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return ties[order].astype(np.int64), offsets
