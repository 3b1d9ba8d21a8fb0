"""TieStore: the derived per-tie layout matches the naive definition (issue 9)."""

from __future__ import annotations

import numpy as np
import pytest

from collabsim.model.observe import METRICS, metric_values
from collabsim.model.ties import TieStore

COUNTS = np.array([2, 3, 1, 4])
START = np.concatenate([[0], np.cumsum(COUNTS)[:-1]])


@pytest.fixture
def store() -> TieStore:
    """Four organisations of 2, 3, 1 and 4 professionals on five links."""
    links = np.array([[0, 1], [0, 3], [1, 2], [1, 3], [2, 3]])
    return TieStore.build(links, START, COUNTS)


def _naive(store: TieStore) -> list[tuple[int, int, int]]:
    """(pair, src, dst) of every tie, enumerated block by block, row-major."""
    return [
        (k, int(START[a] + i), int(START[b] + j))
        for k, (a, b) in enumerate(zip(store.pair_src, store.pair_dst, strict=True))
        for i in range(COUNTS[a])
        for j in range(COUNTS[b])
    ]


def test_derived_layout_matches_block_enumeration(store: TieStore) -> None:
    rows = _naive(store)
    pair, src, dst = (np.array(c) for c in zip(*rows, strict=True))
    np.testing.assert_array_equal(store.pair, pair)
    np.testing.assert_array_equal(store.src, src)
    np.testing.assert_array_equal(store.dst, dst)
    index = {row: t for t, row in enumerate(rows)}
    expected = [index[(k ^ 1, d, s)] for k, s, d in rows]
    np.testing.assert_array_equal(store.reverse, expected)
    np.testing.assert_array_equal(store.pair_of(np.arange(store.n_ties)), pair)
    mutual = np.minimum(np.arange(store.n_ties), store.reverse)
    np.testing.assert_array_equal(store.mutual, mutual)
    values = np.arange(store.n_ties, dtype=np.float64) * 1.5
    np.testing.assert_array_equal(store.symmetric(values), values[mutual])


def test_ties_of_lists_every_tie_touching_the_professionals(store: TieStore) -> None:
    src, dst = store.src, store.dst
    for profs in ([0], [4], [5, 9], [1, 2, 3]):
        expected = np.flatnonzero(np.isin(src, profs) | np.isin(dst, profs))
        np.testing.assert_array_equal(np.sort(store.ties_of(np.array(profs))), expected)


def test_pair_mean_matches_bincount(store: TieStore) -> None:
    rng = np.random.default_rng(0)
    values = rng.random(store.n_ties).astype(np.float32)
    weights = rng.random(store.n_ties)
    pair = store.pair
    expected = np.bincount(pair, weights=values * weights) / np.bincount(
        pair, weights=weights
    )
    np.testing.assert_allclose(store.pair_mean(values, weights), expected, rtol=1e-12)
    plain = np.bincount(pair, weights=values) / np.bincount(pair)
    np.testing.assert_allclose(store.pair_mean(values), plain, rtol=1e-12)


def test_at_most_16_bytes_stored_per_tie(store: TieStore) -> None:
    assert store.nbytes() <= 16 * store.n_ties
    assert store.trust.dtype == np.float32
    assert store.acquaintance.dtype == np.float32


def test_grouped_metrics_equal_per_metric_reporters(tiny_scenario) -> None:
    from collabsim.model.collaboration import CollaborationModel

    model = CollaborationModel(tiny_scenario, rng=3)
    for _ in range(4):
        model.step()
    batch = metric_values(model.state)
    single = [metric.compute(model.state) for metric in METRICS.values()]
    np.testing.assert_array_equal(batch, single)
