"""Batched-engine benchmarks (issue 16): sweeps against the naive Mesa reference.

Measures, in one process tree on this machine:

1. sweep throughput (runs per second, ``--workers`` processes, end to end through
   ``run_experiment``: pool start, preflight, chunks, Parquet parts, manifest) of
   the default scenario (``voluntary_baseline``, 156 steps, outcomes only) and of a
   20-organisation generated network (``generated_network`` with 20 organisations,
   104 steps), each against the naive Mesa reference's runs per second on a pool
   of as many processes, measured in the same run;
2. peak memory of a batch of 1,000 default-scenario runs (a fresh subprocess: its
   peak RSS less its peak after a one-run batch, which loads the engine), as a sweep
   runs them (outcomes and two step metrics) and with every optional table.

Only ratios carry over between machines. Usage:
``python benchmarks/batch_bench.py [--quick] [--workers 2] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.reference import run_reference  # noqa: E402
from benchmarks.sweep_bench import peak_rss_mib  # noqa: E402
from collabsim.scenario.scenario import Scenario, load_scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "voluntary_baseline.toml"
NETWORK = ROOT / "scenarios" / "generated_network.toml"
OUTCOMES = ["collaboration_rate_final", "tie_trust_mean_final"]


def _network_file(folder: Path) -> Path:
    """The generated-network scenario with 20 organisations (as a file to sweep)."""
    text = NETWORK.read_text(encoding="utf-8")
    path = folder / "network20.toml"
    path.write_text(
        text.replace("n_organisations = 30", "n_organisations = 20"), encoding="utf-8"
    )
    return path


def _experiment(folder: Path, scenario: Path, runs: int) -> Path:
    """An LHS of ``runs`` design points over two trust rates, outcomes only."""
    path = folder / f"{scenario.stem}_{runs}.toml"
    lines = [
        f'name = "bench_{scenario.stem}"',
        f'scenario = "{scenario}"',
        "seed = 1",
        "replicates = 1",
        f"outcomes = {json.dumps(OUTCOMES)}",
        "[design]",
        'method = "lhs"',
        f"n_samples = {runs}",
        "[[factors]]",
        'path = "dynamics.trust.gain"',
        "bounds = [0.04, 0.12]",
        "[[factors]]",
        'path = "dynamics.trust.loss"',
        "bounds = [0.225, 0.675]",
        "[steps]",
        "keep = false",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sweep_rate(experiment: Path, workers: int) -> dict[str, Any]:
    """Runs per second of a whole sweep on a pool of ``workers`` processes."""
    from collabsim.experiment.spec import load_experiment
    from collabsim.results.manifest import read_manifest
    from collabsim.sweep.executors import ProcessBackend
    from collabsim.sweep.runner import run_experiment

    spec = load_experiment(experiment)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep"
        start = time.perf_counter()
        with ProcessBackend(workers) as pool:
            summary = run_experiment(spec, out, backend=pool)
        wall = time.perf_counter() - start
        session = read_manifest(out)["sessions"][-1]
    return {
        "runs": summary.completed,
        "ok": summary.ok,
        "wall_seconds": round(wall, 3),
        "runs_per_second": summary.completed / wall,
        "chunk_size": session["chunk_size"],
        "run_engine": session.get("run_engine"),
        "efficiency": session["efficiency"],
    }


def _reference_run(task: tuple[Scenario, int]) -> float:
    spec, seed = task
    start = time.perf_counter()
    run_reference(spec, seed=seed)
    return time.perf_counter() - start


def reference_rate(spec: Scenario, runs: int, workers: int) -> dict[str, Any]:
    """Runs per second of the naive Mesa reference on a pool of ``workers``."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(_reference_run, [(spec, s) for s in range(workers)]))  # warm
        start = time.perf_counter()
        seconds = list(pool.map(_reference_run, [(spec, s) for s in range(runs)]))
        wall = time.perf_counter() - start
    return {
        "runs": runs,
        "wall_seconds": round(wall, 3),
        "runs_per_second": runs / wall,
        "seconds_per_run": sum(seconds) / runs,
    }


def throughput(scenario: Path, runs: int, ref_runs: int, workers: int) -> dict:
    """Batched sweep vs reference, runs per second, same machine, same run."""
    with tempfile.TemporaryDirectory() as tmp:
        experiment = _experiment(Path(tmp), scenario, runs)
        spec = load_scenario(scenario)
        reference = reference_rate(spec, ref_runs, workers)
        fast = sweep_rate(experiment, workers)
    return {
        "scenario": scenario.stem,
        "steps": spec.n_steps,
        "organisations": len(spec.organisation_ids),
        "workers": workers,
        "sweep": fast,
        "reference": reference,
        "ratio": fast["runs_per_second"] / reference["runs_per_second"],
    }


def _memory_child(runs: int) -> None:
    from collabsim.model.batched import run_batch
    from collabsim.scenario.scenario import with_overrides

    full = load_scenario(DEFAULT)
    lean = with_overrides(  # as a sweep runs it: outcomes and two step metrics
        full, {f"outputs.{t}": False for t in ("organisations", "ties", "events")}
    )
    metrics = ["collaboration_rate", "tie_trust_mean"]
    run_batch(lean, [0], metrics=metrics)  # compile or load the engine
    base = peak_rss_mib()
    start = time.perf_counter()
    run_batch(lean, list(range(runs)), metrics=metrics)
    seconds = time.perf_counter() - start
    peak = peak_rss_mib()
    run_batch(full, list(range(runs)), metrics=metrics)
    tables = peak_rss_mib()
    row = {"runs": runs, "engine_loaded_rss_mib": round(base, 1)}
    row |= {"batch_mib": round(peak - base, 1), "seconds": round(seconds, 3)}
    row |= {"batch_mib_with_tables": round(tables - base, 1)}
    print(json.dumps(row))


def batch_memory(runs: int) -> dict[str, Any]:
    """Peak RSS of a fresh process running one batch of ``runs`` default runs."""
    command = [sys.executable, __file__, "--memory-child", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    row["mib_per_1000_runs"] = round(row["batch_mib"] * 1000 / runs, 1)
    row["mib_per_1000_runs_with_tables"] = round(
        row["batch_mib_with_tables"] * 1000 / runs, 1
    )
    return row


def run(*, quick: bool, workers: int) -> dict[str, Any]:
    """Every measurement of this module."""
    with tempfile.TemporaryDirectory() as tmp:
        network = _network_file(Path(tmp))
        return {
            "default": throughput(
                DEFAULT, 2048 if quick else 8192, 4 if quick else 16, workers
            ),
            "network20": throughput(
                network, 512 if quick else 2048, 4 if quick else 8, workers
            ),
            "memory": batch_memory(1000),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child)
        return
    results = run(quick=args.quick, workers=args.workers)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
