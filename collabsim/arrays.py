"""Array type aliases and the one array helper every layer may use.

Tie state is stored as float32 and tie indices as int32 (16 bytes per tie); kernels
compute in float64.
"""

from __future__ import annotations

from typing import TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "BoolArray",
    "Float32Array",
    "FloatArray",
    "Int32Array",
    "IntArray",
    "TieValues",
    "clip01",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]
#: Tie state is stored as float32 and tie indices as int32 (16 bytes per tie).
Float32Array: TypeAlias = npt.NDArray[np.float32]
Int32Array: TypeAlias = npt.NDArray[np.int32]
#: A per-tie array in either precision (kernels compute in float64).
TieValues: TypeAlias = npt.NDArray[np.float32] | npt.NDArray[np.float64]

_Values = TypeVar("_Values", bound=npt.NDArray[np.generic])


def clip01(values: _Values) -> _Values:
    """Clamp to [0, 1]: the values of ``np.clip(values, 0.0, 1.0)``, NaN kept.

    Two ufunc calls instead of ``np.clip``'s Python-level dispatch, which dominates
    on the 4-16-element arrays of small scenarios.
    """
    clamped: _Values = np.minimum(np.maximum(values, 0.0), 1.0)
    return clamped
