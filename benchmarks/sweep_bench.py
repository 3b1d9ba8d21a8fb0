"""Sweep benchmark: scheduling overhead per run, parallel efficiency, peak RSS.

Usage::

    python benchmarks/sweep_bench.py                   # overhead, efficiency (1k runs)
    python benchmarks/sweep_bench.py --rss 1000 20000  # peak RSS of the sweep process
    python benchmarks/sweep_bench.py --workers 4 --steps 20 --runs 2000

Overhead per run = (wall time x workers - time spent inside runs) / runs; parallel
efficiency = time inside runs / (wall time x workers). Both come from the sweep's own
manifest (``sessions[-1]``), so they include chunking, pickling, Parquet writing and
the dispatch loop. Peak RSS is measured in a fresh subprocess per size
(``resource.getrusage``: the sweep process itself, and its workers separately).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "data" / "tiny.toml"


def write_experiment(folder: Path, runs: int, steps: int) -> Path:
    """An LHS over two rates of the tiny scenario, ``runs`` runs of ``steps`` steps."""
    scenario = folder / "tiny.toml"
    text = TINY.read_text(encoding="utf-8")
    scenario.write_text(
        text.replace("n_steps = 20", f"n_steps = {steps}"), encoding="utf-8"
    )
    experiment = folder / "bench.toml"
    experiment.write_text(
        f"""
name = "sweep_bench"
scenario = "tiny.toml"
seed = 1
replicates = 1
outcomes = ["collaboration_rate_final", "tie_trust_mean_final"]

[design]
method = "lhs"
n_samples = {runs}

[[factors]]
path = "dynamics.trust.gain"
bounds = [0.02, 0.3]

[[factors]]
path = "dynamics.trust.loss"
bounds = [0.1, 0.9]

[steps]
every = 5
""",
        encoding="utf-8",
    )
    return experiment


def timed_sweep(experiment: Path, out: Path, workers: int) -> dict[str, object]:
    """Run one sweep in this process; return the manifest's session record."""
    from collabsim.experiment.spec import load_experiment
    from collabsim.results.manifest import read_manifest
    from collabsim.scenario.scenario import load_scenario
    from collabsim.sweep.batches import execute_chunk
    from collabsim.sweep.chunks import ChunkJob, Keep
    from collabsim.sweep.executors import ProcessBackend, SerialBackend
    from collabsim.sweep.runner import run_experiment

    spec = load_experiment(experiment)
    backend = SerialBackend() if workers == 1 else ProcessBackend(workers)
    with backend:
        if workers > 1:  # start and import workers first: not per-run overhead
            empty = ChunkJob(load_scenario(spec.scenario), (), Keep(outcomes=()))
            warm = [backend.submit(execute_chunk, empty) for _ in range(2 * workers)]
            [future.result() for future in warm]
        start = time.perf_counter()
        run_experiment(spec, out, backend=backend)
        wall = time.perf_counter() - start
    session = dict(read_manifest(out)["sessions"][-1])
    session["measured_wall_seconds"] = round(wall, 3)
    return session


def overhead(runs: int, steps: int, workers: int) -> dict[str, object]:
    """Overhead per run and efficiency for serial and ``workers``-process sweeps."""
    with tempfile.TemporaryDirectory() as tmp:
        experiment = write_experiment(Path(tmp), runs, steps)
        serial = timed_sweep(experiment, Path(tmp) / "serial", 1)
        pool = timed_sweep(experiment, Path(tmp) / "pool", workers)
    speedup = float(serial["wall_seconds"]) / float(pool["wall_seconds"])
    return {
        "runs": runs,
        "steps": steps,
        "serial": serial,
        "pool": pool,
        "speedup": round(speedup, 3),
        "efficiency_vs_serial": round(speedup / workers, 3),
    }


def peak_rss_mib() -> float:
    """This process's own peak resident set (``VmHWM``), in MiB.

    Not ``getrusage``: on Linux its ``ru_maxrss`` survives ``fork`` and ``exec``, so a
    child started by a large parent (``make bench``) reports the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def _rss_child(runs: int, steps: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        experiment = write_experiment(Path(tmp), runs, steps)
        session = timed_sweep(experiment, Path(tmp) / "out", workers)
    own = peak_rss_mib()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row = {"runs": runs, "peak_rss_mib": round(own, 1)}
    row |= {"peak_worker_rss_mib": round(children, 1), "session": session}
    print(json.dumps(row))


def peak_rss(sizes: list[int], steps: int, workers: int) -> list[dict[str, object]]:
    """Peak RSS of a fresh sweep process for each number of runs."""
    rows = []
    for runs in sizes:
        command = [sys.executable, __file__, "--rss-child", str(runs),
                   "--steps", str(steps), "--workers", str(workers)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def main() -> None:
    """Parse arguments, run the chosen measurements, print and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rss", type=int, nargs="*", metavar="RUNS")
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--json", type=Path, default=REPO / "benchmarks" / "results-sweep.json"
    )
    args = parser.parse_args()
    if args.rss_child:
        _rss_child(args.rss_child, args.steps, args.workers)
        return
    report: dict[str, object] = {}
    if args.rss:
        report["peak_rss"] = peak_rss(args.rss, args.steps, args.workers)
    else:
        report["overhead"] = overhead(args.runs, args.steps, args.workers)
    text = json.dumps(report, indent=2)
    print(text)
    args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
