"""Seeds derived from run coordinates, so results never depend on execution order."""

from __future__ import annotations

import numpy as np

__all__ = ["replicate_seeds", "run_seed"]


def run_seed(root_seed: int, design_index: int, replicate: int) -> int:
    """Return the seed of one run from its coordinates.

    Args:
        root_seed: The experiment's root seed (any non-negative integer).
        design_index: Row of the design (0 for a single scenario).
        replicate: Replicate number at that design point.

    Returns:
        A 32-bit seed, identical whatever executor, worker count or order is used.
    """
    sequence = np.random.SeedSequence(root_seed, spawn_key=(design_index, replicate))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


def replicate_seeds(root_seed: int, n_replicates: int) -> list[int]:
    """Return the seeds of ``n_replicates`` replicates of design point 0."""
    return [run_seed(root_seed, 0, r) for r in range(n_replicates)]
