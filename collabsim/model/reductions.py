"""Reductions per run: sums and means of each run's own elements.

Every level of a state lists its runs' elements run after run
(:mod:`collabsim.model.runs`); these reduce each run's slice separately, in an order
that depends only on the slice (NumPy's pairwise summation, in both engines), so a
run's statistics are the same alone or in any batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.rules.engine import masked_segment_mean, segment_mean, segment_sum

__all__ = ["run_means", "run_sums", "subset_means"]


def run_sums(values: npt.NDArray[Any], offsets: IntArray) -> FloatArray:
    """Sum of each run's slice ``offsets[r]:offsets[r + 1]`` (float64; 0 if empty).

    The first value plus NumPy's pairwise sum of the rest, in both engines
    (:func:`~collabsim.rules.engine.segment_sum`): a run's sums depend only on its
    own values, never on the other runs of its batch.
    """
    total: FloatArray = segment_sum(np.asarray(values, dtype=np.float64), offsets)
    return total


def run_means(values: npt.NDArray[Any], offsets: IntArray) -> FloatArray:
    """Mean of each run's slice (NaN for an empty one): its sum over its count."""
    means: FloatArray = segment_mean(np.asarray(values, dtype=np.float64), offsets)
    return means


def subset_means(
    values: npt.NDArray[Any], mask: BoolArray, offsets: IntArray
) -> FloatArray:
    """Mean of each run's values where ``mask`` holds (NaN where none does).

    ``offsets`` are each run's slice; elements after the last run's (a level's
    extra rows) belong to no run and are not read.
    """
    means: FloatArray = masked_segment_mean(
        np.asarray(values, dtype=np.float64), np.asarray(mask, dtype=np.bool_), offsets
    )
    return means
