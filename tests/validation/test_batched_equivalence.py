"""The batched engine and the per-run engine agree: exactly, run for run (issue 16).

Both engines draw from the same counter-based generator, keyed by each run's seed, so
a run gives the same numbers in a batch as alone. Over 30 seeds each, for voluntary,
mandated, cross-sector and generated-network scenarios, this test asserts that, and
also runs the distributional checks of ``test_equivalence.py`` (Welch 99% CI of the
difference of means, two-sample KS on the final step), which exact agreement passes
trivially: they would be the test to keep if the engines ever drew differently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from validation.test_equivalence import MAIN, N_SEEDS, _summaries, _welch_ci

from collabsim import load_scenario, run_scenario
from collabsim.model.batched import run_batch

SCENARIOS = (
    "voluntary_baseline",
    "mandated_baseline",
    "cross_sector_employment",
    "generated_network",
)


@pytest.mark.slow
@pytest.mark.filterwarnings(
    "ignore:ks_2samp. Exact calculation unsuccessful:RuntimeWarning"
)
@pytest.mark.parametrize("name", SCENARIOS)
def test_batched_and_per_run_engines_agree(name: str) -> None:
    spec = load_scenario(name)
    seeds = list(range(100, 100 + N_SEEDS))
    ids = [f"s{s}" for s in seeds]
    alone = [
        run_scenario(spec, seed=s, run_id=r) for s, r in zip(seeds, ids, strict=True)
    ]
    # the batch in reverse order, so that no run sits where it would alone
    batch = run_batch(spec, seeds[::-1], run_ids=ids[::-1])
    together = [
        batch.steps[batch.steps["run_id"] == rid].reset_index(drop=True) for rid in ids
    ]
    (a_mean, a_final), (b_mean, b_final) = (
        _summaries([r.steps for r in alone]),
        _summaries(together),
    )
    problems = []
    for metric in MAIN:
        for what, a, b in (
            ("time mean", a_mean[metric], b_mean[metric]),
            ("final", a_final[metric], b_final[metric]),
        ):
            x, y = a.dropna().to_numpy(), b.dropna().to_numpy()
            low, high = _welch_ci(x, y, 0.99)
            if not low <= 0.0 <= high:
                problems.append(f"{metric} {what}: diff CI [{low:+.4f}, {high:+.4f}]")
        x, y = a_final[metric].dropna(), b_final[metric].dropna()
        if (x.std() > 0 or y.std() > 0) and stats.ks_2samp(x, y).pvalue < 0.001:
            problems.append(f"{metric} final: KS p < 0.001")
    assert not problems, "\n".join(problems)
    # and exactly, run for run: every table and outcome
    for rid, single, steps in zip(ids, alone, together, strict=True):
        pd.testing.assert_frame_equal(steps, single.steps, check_exact=True)
        events = batch.events[batch.events["run_id"] == rid].reset_index(drop=True)
        pd.testing.assert_frame_equal(events, single.events, check_exact=True)
    outcomes = pd.DataFrame(batch.outcomes[::-1], columns=list(batch.outcome_names))
    expected = pd.DataFrame([r.outcomes for r in alone])
    pd.testing.assert_frame_equal(outcomes, expected, check_exact=True)


@pytest.mark.slow
def test_a_run_is_the_same_in_a_batch_of_4096() -> None:
    """Run 0 of a 4,096-run batch, and run 4,095, equal the runs alone."""
    spec = load_scenario("voluntary_baseline", {"n_steps": 8})
    seeds = list(range(4096))
    batch = run_batch(spec, seeds, run_ids=[str(s) for s in seeds])
    for seed in (0, 1777, 4095):
        alone = run_scenario(spec, seed=seed, run_id=str(seed))
        rows = batch.steps[batch.steps["run_id"] == str(seed)].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, alone.steps, check_exact=True)
    assert np.isfinite(batch.outcomes[:, 0]).all()
