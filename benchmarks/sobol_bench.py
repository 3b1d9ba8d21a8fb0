"""Sobol' study speed: SALib's share of the wall time and the full-study extrapolation.

Measures, for the issue-6 target design (15 factors of the default voluntary
scenario, N = 1024 base samples with second order: 32,768 runs):

1. SALib sampling (``expand_design``) and analysis (``sobol.analyze`` with bootstrap
   CIs, on stand-in outputs of the right shape) - measured in full;
2. the sweep throughput on the first ``--runs`` runs of that design, with
   ``--workers`` processes, through the real ``run_experiment`` - measured;
3. the full-study wall time - measured with ``--runs 0`` (the whole study), else
   extrapolated as runs x (sample wall time / runs), start-up included.

Usage: python benchmarks/sobol_bench.py [--runs 256|0] [--workers 2] [--out FILE]
       [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from collabsim.analysis.indices import AnalysisSettings, analyse
from collabsim.experiment.spec import expand_design, load_experiment, salib_problem
from collabsim.rules.engine import engine_name
from collabsim.sweep.dispatch import SweepProgress
from collabsim.sweep.executors import ProcessBackend
from collabsim.sweep.runner import SweepOptions, run_experiment

ROOT = Path(__file__).resolve().parents[1]
FACTORS = [
    ("dynamics.behaviour.base_risk", 0.175, 0.525),
    ("dynamics.behaviour.success_base", 0.45, 1.0),
    ("dynamics.behaviour.uptake", 0.375, 1.0),
    ("dynamics.threshold.trust_weight", 0.45, 1.0),
    ("dynamics.behaviour.ambition_risk", 0.3, 0.9),
    ("partnerships.0.ambition", 0.25, 0.75),
    ("dynamics.trust.initial", 0.2, 0.6),
    ("dynamics.behaviour.motivation_uptake", 0.25, 0.75),
    ("dynamics.trust.gain", 0.04, 0.12),
    ("dynamics.behaviour.low_risk_cutoff", 0.15, 0.45),
    ("dynamics.behaviour.faith_drive", 0.3, 0.9),
    ("dynamics.confidence.rate", 0.25, 0.75),
    ("dynamics.faith.progress_rate", 0.04, 0.12),
    ("dynamics.trust.loss", 0.225, 0.675),
    ("dynamics.threshold.confidence_weight", 0.35, 1.0),
]


def _experiment(folder: Path) -> Path:
    lines = [
        'name = "sobol_bench"',
        f'scenario = "{ROOT / "scenarios" / "voluntary_baseline.toml"}"',
        "seed = 1",
        "replicates = 1",
        'outcomes = ["collaboration_rate_final", "partnership_effectiveness_final"]',
        "[design]",
        'method = "sobol"',
        "n_base = 1024",
        "second_order = true",
        "[steps]",
        "keep = false",
    ]
    for path, low, high in FACTORS:
        lines += ["[[factors]]", f'path = "{path}"', f"bounds = [{low}, {high}]"]
    file = folder / "sobol_bench.toml"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def _tick(progress: SweepProgress) -> None:
    print(f"\r{progress.done:,}/{progress.total:,} runs", end="", file=sys.stderr)


def measure(runs: int = 256, workers: int = 2, keep: Path | None = None) -> dict:
    """Time SALib and the first ``runs`` runs of the study (0: all of it)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        spec = load_experiment(_experiment(folder))
        start = time.perf_counter()
        design = expand_design(spec)
        sampling = time.perf_counter() - start
        n_runs = len(design)
        rng = np.random.default_rng(0)
        y = rng.normal(size=n_runs)
        settings = AnalysisSettings(seed=1, second_order=True, num_resamples=200)
        start = time.perf_counter()
        analyse("sobol", salib_problem(spec), np.empty((0, 0)), y, settings)
        analysis = time.perf_counter() - start
        # the first runs of the same design, through the real sweep
        with ProcessBackend(workers) as backend:
            n_base = max(1, runs // 32) if runs > 0 else 1024
            sample = spec.model_validate(
                {
                    **spec.model_dump(),
                    "design": {
                        "method": "sobol",
                        "n_base": n_base,
                        "second_order": True,
                    },
                }
            )
            target = keep if keep is not None else folder / "sweep"
            start = time.perf_counter()
            summary = run_experiment(
                sample, target, backend=backend, options=SweepOptions(progress=_tick)
            )
            wall = time.perf_counter() - start
            sample_runs = summary.completed
    print(file=sys.stderr)
    per_run = wall / sample_runs
    full = wall if sample_runs == n_runs else per_run * n_runs
    salib = sampling + analysis * 2  # two outcomes analysed
    return {
        "design": "sobol, 15 factors, n_base 1024, second order",
        "runs": n_runs,
        "workers": workers,
        "salib_sampling_s": round(sampling, 3),
        "salib_analysis_s_per_outcome": round(analysis, 3),
        "sample_runs_measured": sample_runs,
        "sample_wall_s_measured": round(wall, 2),
        "wall_s_per_run": round(per_run, 5),
        "full_study_measured": sample_runs == n_runs,
        "full_study_wall_s": round(full, 1),
        "full_study_min": round(full / 60, 2),
        "engine": engine_name(),
        "salib_share_of_study": round(salib / (full + salib), 5),
        "target_s": 60,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=256, help="runs to time; 0: the whole study"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the sweep folder here"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    result = measure(args.runs, args.workers, args.keep)
    print(json.dumps(result, indent=2))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
