"""The random draws of a run: what is drawn, for whom, at which step.

Every draw is a counter-based uniform (:mod:`collabsim.rules.engine.counter`):
Philox4x32-10 keyed by the run's seed, counted by (element within its run, step,
stream, block). A stream names what is drawn and, in its low 8 bits, the
sub-interval of the step; a block numbers the pairs of uniforms of a draw that needs
more than two. So a run's numbers depend only on its seed and never on the order or
company it runs in (alone or in a batch, in any position, on any executor).

A generated network is the one exception: it is drawn once, at construction, from
``numpy.random.default_rng(seed)`` (:mod:`collabsim.model.network`).
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.model.runs import Level, Runs
from collabsim.rules.engine.counter import MAX_COUNTER, philox_uniforms

__all__ = ["MAX_PARTS", "Stream", "draw", "draw_at", "normals"]

#: Sub-intervals of a step a stream can count (its low 8 bits).
MAX_PARTS = 256


class Stream(IntEnum):
    """What a draw is for (counter word 2, times :data:`MAX_PARTS`)."""

    ACT_COUNT = 1  # whether a slot's joint act happens (per slot)
    ACT = 2  # the eight uniforms of an act (per slot; blocks 0-3)
    EPISODE = 3  # conflict episodes (per directed pair and sub-interval)
    MEETING = 4  # a meeting and whether it goes badly (per tie and sub-interval)
    TURNOVER = 5  # whether a professional leaves (per professional)
    SESSION = 6  # co-production sessions and reflections (per partnership)
    STYLE = 7  # a new leader's style (per organisation; blocks 0-1)


def _check(step: int, part: int) -> None:
    if not 0 <= step < MAX_COUNTER:
        msg = f"step {step} outside the generator's counter range"
        raise ValueError(msg)
    if not 0 <= part < MAX_PARTS:
        msg = f"at most {MAX_PARTS} sub-intervals per step, got part {part}"
        raise ValueError(msg)


def draw(
    runs: Runs,
    level: Level,
    step: int,
    stream: Stream,
    *,
    part: int = 0,
    block: int = 0,
) -> FloatArray:
    """Two uniforms per element of ``level`` (shape (2, n)) for this draw."""
    _check(step, part)
    return philox_uniforms(
        runs.key_of(level),
        runs.local(level),
        step,
        int(stream) * MAX_PARTS + part,
        block,
    )


def draw_at(
    runs: Runs,
    level: Level,
    elements: IntArray,
    step: int,
    stream: Stream,
    *,
    block: int = 0,
) -> FloatArray:
    """Two uniforms (shape (2, n)) for the given elements of ``level`` only."""
    _check(step, 0)
    return philox_uniforms(
        runs.key_of(level)[elements],
        runs.local(level)[elements],
        step,
        int(stream) * MAX_PARTS,
        block,
    )


def normals(uniforms: FloatArray) -> FloatArray:
    """Standard normals from uniforms by Box-Muller (Python's ``math``).

    ``uniforms`` has shape (2, n) (one pair per normal). Computed element by
    element with :mod:`math`, outside the engines, so every engine and batch gives
    the same bits (NumPy's vectorised ``log`` and ``cos`` may differ in the last bit
    between array lengths on some CPUs).
    """
    u, v = uniforms
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        radius = math.sqrt(-2.0 * math.log(1.0 - float(u[i])))
        out[i] = radius * math.cos(2.0 * math.pi * float(v[i]))
    return out
