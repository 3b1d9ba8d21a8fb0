"""Where a step's time goes: the phases of a lean run, alone and in a batch.

Runs the default scenario (``voluntary_baseline``, 156 steps) observing two metrics
(as a sweep does), once per-run (the Mesa model, ``run_scenario``) and once as a
batch of ``--runs`` runs (``run_batch``), under cProfile, and prints each phase's
share of the time and its microseconds per run and step. cProfile adds a little to
every Python call, so the per-run profile overstates the glue; wall times per run
are measured separately, without it.

Usage: ``python benchmarks/profile_step.py [--runs 1000] [--out FILE]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from collabsim import load_scenario, run_scenario  # noqa: E402
from collabsim.model.batched import run_batch  # noqa: E402
from collabsim.scenario.scenario import Scenario, with_overrides  # noqa: E402

METRICS = ("collaboration_rate", "partnership_effectiveness")
#: The phases of a step, as (label, module file, function).
PHASES = (
    ("events and context", "schedule.py", "fire"),
    ("events and context", "runstate.py", "pair_context"),
    ("gate and acts", "acts.py", "run"),
    ("conflict", "conflict.py", "run"),
    ("ties", "ties.py", "run"),
    ("organisations, COM-B", "organisations.py", "run"),
    ("leavers, contracts", "operations.py", "depart"),
    ("leavers, contracts", "operations.py", "contracts_when_ready"),
    ("step statistics", "acts.py", "summarise"),
    ("observation", "observe.py", "record"),
)


def _lean(name: str) -> Scenario:
    spec = load_scenario(name)
    tables = {f"outputs.{t}": False for t in ("organisations", "ties", "events")}
    return with_overrides(spec, tables)


def _phases(stats: pstats.Stats, run_steps: int) -> dict[str, float]:
    """Cumulative seconds of each phase, in microseconds per run and step."""
    table: dict[str, float] = {}
    raw: Any = stats.stats  # type: ignore[attr-defined]
    for (file, _, function), (_, _, _, cumulative, _) in raw.items():
        for label, module, name in PHASES:
            if file.endswith(f"/{module}") and function == name:
                table[label] = table.get(label, 0.0) + cumulative
    return {k: round(v / run_steps * 1e6, 2) for k, v in table.items()}


def profile(spec: Scenario, runs: int) -> dict[str, Any]:
    """Wall time per run, alone and batched; phase times under cProfile."""
    steps = spec.n_steps
    run_scenario(spec, seed=0, metrics=METRICS)  # compile or load the engine
    run_batch(spec, list(range(8)), metrics=METRICS)
    alone_runs = 50
    start = time.perf_counter()
    for seed in range(alone_runs):
        run_scenario(spec, seed=seed, metrics=METRICS)
    alone = (time.perf_counter() - start) / alone_runs
    start = time.perf_counter()
    run_batch(spec, list(range(runs)), metrics=METRICS)
    batched = (time.perf_counter() - start) / runs
    single = cProfile.Profile()
    single.runcall(
        lambda: [run_scenario(spec, seed=s, metrics=METRICS) for s in range(20)]
    )
    batch = cProfile.Profile()
    batch.runcall(lambda: run_batch(spec, list(range(runs)), metrics=METRICS))
    return {
        "scenario": spec.name,
        "steps": steps,
        "batch_runs": runs,
        "ms_per_run_alone": round(alone * 1e3, 3),
        "ms_per_run_batched": round(batched * 1e3, 3),
        "speedup": round(alone / batched, 1),
        "us_per_run_step_alone": _phases(pstats.Stats(single), 20 * steps),
        "us_per_run_step_batched": _phases(pstats.Stats(batch), runs * steps),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--scenario", default="voluntary_baseline")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    result = profile(_lean(args.scenario), args.runs)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
