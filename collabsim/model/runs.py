"""Which run each element belongs to: a batch of runs as disjoint blocks of arrays.

A :class:`~collabsim.model.runstate.RunState` holds one run or a batch of runs that
step together. Every array of a level (organisations, professionals, directed
pairs, ties, act slots, partnerships, central figures) lists the elements of run 0,
then run 1, and so on; each element indexes only elements of its own run. So the
phases treat a batch as one large world of disjoint parts, and a run's elements are
the slice ``offsets[r]:offsets[r + 1]`` of each level.

Each element's random draws are keyed by its run's seed and counted by its index
*within* its run (:mod:`collabsim.model.draws`), so nothing a run draws or computes
depends on the other runs of its batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from collabsim.arrays import IntArray

__all__ = ["Level", "Runs", "run_keys"]

U64Array = npt.NDArray[np.uint64]


class Level(IntEnum):
    """The kinds of element a run is made of."""

    ORG = 0
    PROF = 1
    PAIR = 2
    TIE = 3
    SLOT = 4  # a possible joint act: (directed pair, sub-interval of the step)
    PARTNERSHIP = 5
    FIGURE = 6


def run_keys(seeds: list[int] | tuple[int, ...]) -> U64Array:
    """Each run's generator key: its seed, as 64 bits.

    Seeds are non-negative integers; one of 2**64 or more is first reduced by
    ``numpy.random.SeedSequence`` to 64 bits (run seeds from
    :func:`collabsim.rng.run_seed` are 32-bit and used as they are).

    Raises:
        ValueError: For a negative seed.
    """
    keys = np.empty(len(seeds), dtype=np.uint64)
    for i, seed in enumerate(seeds):
        if seed < 0:
            msg = f"seeds must be non-negative integers, got {seed}"
            raise ValueError(msg)
        big = np.random.SeedSequence(seed).generate_state(1, dtype=np.uint64)
        keys[i] = seed if seed < 2**64 else int(big[0])
    return keys


@dataclass(slots=True)
class Runs:
    """The runs of a state: their keys and each level's offsets per run.

    Attributes:
        keys: Each run's generator key (its seed).
        offsets: Per level, the first element of each run (length runs + 1).
        extra: Per level, elements after the last run's that belong to no run (the
            inactive partnership row); they read run 0's rates and draws, and no
            run's statistics count them.
    """

    keys: U64Array
    offsets: dict[Level, IntArray]
    extra: dict[Level, int] = field(default_factory=dict)
    _run: dict[Level, IntArray] = field(default_factory=dict, repr=False)
    _local: dict[Level, IntArray] = field(default_factory=dict, repr=False)
    _key: dict[Level, U64Array] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        """Number of runs."""
        return len(self.keys)

    def counts(self, level: Level) -> IntArray:
        """Elements of ``level`` in each run."""
        counts: IntArray = np.diff(self.offsets[level])
        return counts

    def run_of(self, level: Level) -> IntArray:
        """The run of each element of ``level`` (cached; 0 for the extra ones)."""
        if (cached := self._run.get(level)) is None:
            cached = np.repeat(np.arange(self.n, dtype=np.int64), self.counts(level))
            cached = np.append(cached, np.zeros(self.extra.get(level, 0), np.int64))
            cached.flags.writeable = False
            self._run[level] = cached
        return cached

    def local(self, level: Level) -> IntArray:
        """Each element's index within its run (cached)."""
        if (cached := self._local.get(level)) is None:
            run = self.run_of(level)
            cached = np.arange(len(run), dtype=np.int64) - self.offsets[level][run]
            cached.flags.writeable = False
            self._local[level] = cached
        return cached

    def key_of(self, level: Level) -> U64Array:
        """The generator key of each element of ``level`` (cached)."""
        if (cached := self._key.get(level)) is None:
            cached = self.keys[self.run_of(level)]
            cached.flags.writeable = False
            self._key[level] = cached
        return cached

    def set_level(self, level: Level, offsets: IntArray) -> None:
        """Set (or replace) a level's offsets."""
        self.offsets[level] = np.asarray(offsets, dtype=np.int64)
        for cache in (self._run, self._local, self._key):
            cache.pop(level, None)
