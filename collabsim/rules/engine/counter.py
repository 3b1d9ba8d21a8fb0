"""Counter-based random numbers: Philox4x32-10, the same bits in both engines.

A run's random numbers are a pure function of (key, counter): the key is the run's
seed and the counter names the draw, (entity, step, stream, block). Nothing carries
over from one draw to the next, so a run draws the same numbers alone or in a batch of
any size, in any position, on any executor, and no draw shifts another (turnover in
one run cannot move the meetings of the next run in its batch).

Philox4x32-10 is the counter-based generator of Salmon et al. (2011, "Parallel random
numbers: as easy as 1, 2, 3", SC'11; the Random123 library), also behind NumPy's
``Philox`` (its 4x64 variant), cuRAND and JAX. It passes BigCrush with any key and
counter. Each call returns four 32-bit words, used here as two doubles with 53 random
bits each (``(hi << 21 | lo >> 11) / 2**53``-style: the top 53 bits of the 64-bit
word ``hi << 32 | lo``), in [0, 1).

Like :mod:`collabsim.rules.engine.primitives`, the generator is written twice: a loop
that Numba compiles (about 2 ns a call) and a vectorised NumPy form (the ``numpy``
engine's; about 80 ns a call), tested equal to each other and to Random123's
known-answer vectors. All arithmetic is on ``uint64`` (32-bit products fit exactly),
which wraps identically in NumPy and Numba.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from collabsim.rules.engine.choice import compiled, engine_name

__all__ = ["MAX_COUNTER", "philox4x32", "philox_uniforms"]

_U64 = npt.NDArray[np.uint64]
_Float = npt.NDArray[np.float64]
_Int = npt.NDArray[np.int64]

#: Philox4x32's multipliers and Weyl key increments (Random123).
_M0 = np.uint64(0xD2511F53)
_M1 = np.uint64(0xCD9E8D57)
_W0 = np.uint64(0x9E3779B9)
_W1 = np.uint64(0xBB67AE85)
_LOW = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_S11 = np.uint64(11)
_ROUNDS = 10
#: 2**-53: a 53-bit integer times this is a double in [0, 1), exactly.
_UNIT = 1.0 / 9007199254740992.0
#: Counter words are 32 bits: entity, step, stream and block stay below this.
MAX_COUNTER = 2**32


def _philox_numpy(key: _U64, counter: tuple[_U64, _U64, _U64, _U64]) -> _U64:
    x0, x1, x2, x3 = counter
    k0, k1 = key & _LOW, key >> _S32
    for _ in range(_ROUNDS):
        p0, p1 = x0 * _M0, x2 * _M1
        x0, x1 = (p1 >> _S32) ^ x1 ^ k0, p1 & _LOW
        x2, x3 = (p0 >> _S32) ^ x3 ^ k1, p0 & _LOW
        k0, k1 = (k0 + _W0) & _LOW, (k1 + _W1) & _LOW
    out: _U64 = np.stack((x0, x1, x2, x3))
    return out


def _philox_loop(key: _U64, counter: tuple[_U64, _U64, _U64, _U64]) -> _U64:
    c0, c1, c2, c3 = counter
    n = key.shape[0]
    out = np.empty((4, n), np.uint64)
    for i in range(n):
        x0, x1, x2, x3 = c0[i], c1[i], c2[i], c3[i]
        k0, k1 = key[i] & _LOW, key[i] >> _S32
        for _ in range(_ROUNDS):
            p0, p1 = x0 * _M0, x2 * _M1
            x0, x1, x2, x3 = (
                (p1 >> _S32) ^ x1 ^ k0,
                p1 & _LOW,
                (p0 >> _S32) ^ x3 ^ k1,
                p0,
            )
            x3 = x3 & _LOW
            k0, k1 = (k0 + _W0) & _LOW, (k1 + _W1) & _LOW
        out[0, i], out[1, i], out[2, i], out[3, i] = x0, x1, x2, x3
    return out


philox4x32 = compiled(_philox_loop) if engine_name() == "numba" else _philox_numpy
philox4x32.__doc__ = (
    "Philox4x32-10 of each element: four 32-bit output words (rows) per "
    "(key, counter); ``key`` is 64 bits (two key words), ``counter`` four "
    "arrays of 32-bit words, all ``uint64``."
)


def _uniforms_numpy(
    key: _U64, entity: _Int, step: int, stream: int, block: int
) -> _Float:
    n = key.shape[0]
    counter = (
        entity.astype(np.uint64),
        np.full(n, step, np.uint64),
        np.full(n, stream, np.uint64),
        np.full(n, block, np.uint64),
    )
    words = _philox_numpy(key, counter)
    out = np.empty((2, n))
    out[0] = (((words[0] << _S32) | words[1]) >> _S11).astype(np.float64) * _UNIT
    out[1] = (((words[2] << _S32) | words[3]) >> _S11).astype(np.float64) * _UNIT
    return out


def _uniforms_loop(
    key: _U64, entity: _Int, step: int, stream: int, block: int
) -> _Float:
    n = key.shape[0]
    out = np.empty((2, n))
    c1, c2, c3 = np.uint64(step), np.uint64(stream), np.uint64(block)
    for i in range(n):
        x0, x1, x2, x3 = np.uint64(entity[i]), c1, c2, c3
        k0, k1 = key[i] & _LOW, key[i] >> _S32
        for _ in range(_ROUNDS):
            p0, p1 = x0 * _M0, x2 * _M1
            x0, x1 = (p1 >> _S32) ^ x1 ^ k0, p1 & _LOW
            x2, x3 = (p0 >> _S32) ^ x3 ^ k1, p0 & _LOW
            k0, k1 = (k0 + _W0) & _LOW, (k1 + _W1) & _LOW
        out[0, i] = float(((x0 << _S32) | x1) >> _S11) * _UNIT
        out[1, i] = float(((x2 << _S32) | x3) >> _S11) * _UNIT
    return out


philox_uniforms = (
    compiled(_uniforms_loop) if engine_name() == "numba" else _uniforms_numpy
)
philox_uniforms.__doc__ = """Two uniforms in [0, 1) per element of a counter block.

The counter is (entity, step, stream, block). Args:
    key: Each element's key: its run's seed (64 bits).
    entity: Each element's counter word 0: its index within its run.
    step: Counter word 1: the step.
    stream: Counter word 2: what is drawn (and its sub-interval).
    block: Counter word 3: the block of a draw that needs more than two.

Returns:
    Shape (2, n): the top 53 bits of the words (0, 1) and of (2, 3), scaled.
"""
