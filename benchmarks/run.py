"""``make bench``: the fast core against the naive Mesa reference, on this machine.

Writes ``benchmarks/results.json`` and prints a table. Every timing is best-of-n
with garbage collection off; medians and spread (min-max) are reported too. Times
are never asserted anywhere: only the ratios mean something across machines.

Usage: ``python benchmarks/run.py [--quick] [--skip-sweep] [--skip-batched]
[--skip-ui]``; the teaching
page's figures come from ``benchmarks/ui_bench.py``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.reference import ReferenceModel, run_reference  # noqa: E402
from collabsim import load_scenario, run_scenario  # noqa: E402
from collabsim.model.collaboration import CollaborationModel  # noqa: E402
from collabsim.scenario.scenario import Scenario, parse_scenario  # noqa: E402

SIZES = (50, 200, 1000, 5000)
MEAN_DEGREE = 5
DEFAULT = ROOT / "scenarios" / "voluntary_baseline.toml"
SWEEP = ROOT / "experiments" / "lhs_core_rates.toml"


def network(n: int, *, steps: int = 500) -> Scenario:
    """Erdos-Renyi network of ``n`` organisations, mean degree ~5, 4 staff each."""
    return parse_scenario(
        {
            "schema_version": 1,
            "name": f"bench_er_{n}",
            "n_steps": steps,
            "professionals_per_organisation": 4,
            "network": {
                "generator": "erdos_renyi",
                "n_organisations": n,
                "edge_probability": MEAN_DEGREE / (n - 1),
                "sectors": ["health", "social_care"],
                "cross_sector_share": 0.3,
            },
        }
    )


def timed(fn: Callable[[], object], repeats: int) -> dict[str, float]:
    """Best, median and spread of ``repeats`` calls with the garbage collector off."""
    samples = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return {
        "best": min(samples),
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "n": len(samples),
    }


def throughput(
    n: int, fast_steps: int, ref_steps: int, repeats: int
) -> dict[str, object]:
    """Tie interactions (directed tie updates) per second, fast vs reference."""
    spec = network(n)
    out: dict[str, object] = {"organisations": n}
    for name, cls, steps in (
        ("fast", CollaborationModel, fast_steps),
        ("reference", ReferenceModel, ref_steps),
    ):
        model = cls(spec, rng=1)
        model.step()  # warm-up: first-step allocations and caches
        n_ties = len(model.ties) if cls is ReferenceModel else model.state.ties.n_ties

        def run(model: object = model, steps: int = steps) -> None:
            for _ in range(steps):
                model.step()  # type: ignore[attr-defined]

        t = timed(run, repeats if cls is CollaborationModel else max(1, repeats // 2))
        out["ties"] = n_ties
        out[name] = {
            "steps": steps,
            "seconds_per_step": {k: v / steps for k, v in t.items() if k != "n"},
            "tie_interactions_per_s": n_ties * steps / t["best"],
            "repeats": t["n"],
        }
        del model
        gc.collect()
    fast, ref = out["fast"], out["reference"]
    out["ratio"] = fast["tie_interactions_per_s"] / ref["tie_interactions_per_s"]  # type: ignore[index]
    return out


def reference_run(steps: int, repeats: int) -> dict[str, object]:
    """N=200, mean degree 5, ``steps`` steps incl. construction and data collection."""
    spec = network(200, steps=steps)
    fast = timed(lambda: run_scenario(spec, seed=1), repeats)
    ref = timed(lambda: run_reference(spec, seed=1), 1)
    return {
        "steps": steps,
        "fast": fast,
        "reference": ref,
        "ratio": ref["best"] / fast["best"],
    }


def memory(n: int) -> dict[str, float]:
    """Bytes per stored directed tie: fast arrays vs the reference's objects."""
    spec = network(n)
    tracemalloc.start()
    model = CollaborationModel(spec, rng=1)
    built, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    model.step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n_ties = model.state.ties.n_ties
    ties = model.state.ties
    pair_layout = sum(
        a.nbytes for a in (ties.pair_src, ties.pair_dst, ties.offsets, ties.sizes)
    )
    fast = {
        # arrays kept per tie between steps (trust, acquaintance, src, reverse)
        "stored_per_tie": ties.nbytes() / n_ties,
        "tie_state": (ties.trust.nbytes + ties.acquaintance.nbytes) / n_ties,
        "pair_layout_amortised": pair_layout / n_ties,
        "whole_model": built / n_ties,
        "step_peak": peak / n_ties,
    }
    del model
    gc.collect()
    tracemalloc.start()
    ref = ReferenceModel(spec, rng=1)
    ref_built, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one = sys.getsizeof(next(iter(ref.ties.values())))
    return {
        "organisations": n,
        "ties": n_ties,
        "fast": fast,
        "reference": {
            "whole_model": ref_built / len(ref.ties),
            "tie_object_shallow": one,
        },
    }


def default_run(repeats: int) -> dict[str, object]:
    spec = load_scenario(DEFAULT)
    fast = timed(lambda: run_scenario(spec, seed=1), repeats)
    ref = timed(lambda: run_reference(spec, seed=1), max(1, repeats // 2))
    return {
        "scenario": DEFAULT.name,
        "steps": spec.n_steps,
        "fast": fast,
        "reference": ref,
        "ratio": ref["best"] / fast["best"],
    }


def sweep(n_serial: int) -> dict[str, object]:
    """1,000 runs through the sweep runner (process pool), and one run alone."""
    from collabsim.experiment.spec import load_experiment
    from collabsim.sweep.executors import ProcessBackend
    from collabsim.sweep.runner import run_experiment

    spec = load_experiment(SWEEP)
    serial = timed(
        lambda: [run_scenario(load_scenario(DEFAULT), seed=s) for s in range(n_serial)],
        1,
    )
    per_run = serial["best"] / n_serial
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp, ProcessBackend() as pool:
        start = time.perf_counter()
        summary = run_experiment(spec, Path(tmp) / "sweep", backend=pool)
        wall = time.perf_counter() - start
    runs = summary.session_runs
    return {
        "experiment": SWEEP.name,
        "runs": runs,
        "ok": summary.ok,
        "workers": workers,
        "wall_seconds": wall,
        "runs_per_second": runs / wall,
        "single_run_seconds_in_process": per_run,
    }


def batched(*, quick: bool, workers: int = 2) -> dict[str, Any]:
    """Issue 16's figures: the batched engine's sweeps against naive Mesa.

    Throughput of the default scenario and of a 20-organisation network (each
    against the reference in the same run), peak memory of 1,000 batched runs, the
    peak RSS of 1,000- and 20,000-run sweeps, and the 32,768-run Sobol' study
    (measured in full; ``--quick`` times its first 2,048 runs and extrapolates).
    """
    from benchmarks import batch_bench, sobol_bench, sweep_bench

    out = batch_bench.run(quick=quick, workers=workers)
    sizes = [1000, 5000] if quick else [1000, 20000]
    out["sweep_rss"] = sweep_bench.peak_rss(sizes, 10, workers)
    out["sobol"] = sobol_bench.measure(2048 if quick else 0, workers)
    return out


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    versions = {p: importlib.metadata.version(p) for p in ("numpy", "mesa", "pandas")}
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions,
        "load_average": os.getloadavg(),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


def table(results: dict[str, Any]) -> str:
    """The printed summary of ``results``."""
    rows = [
        "",
        "Throughput: directed tie updates per second",
        "(Erdos-Renyi network, mean degree 5, 4 staff per organisation)",
        f"{'N':>6} {'ties':>9} {'fast tie/s':>12} {'ref tie/s':>11} {'ratio':>7}",
    ]
    for r in results["throughput"]:
        fast, ref = r["fast"], r["reference"]
        rows.append(
            f"{r['organisations']:>6} {r['ties']:>9} "
            f"{fast['tie_interactions_per_s']:>12.3g} "
            f"{ref['tie_interactions_per_s']:>11.3g} {r['ratio']:>6.1f}x"
        )
    run = results["reference_run"]
    fast, ref = run["fast"], run["reference"]
    rows += [
        "",
        (
            f"Reference run (N=200, {run['steps']} steps, build + collection): "
            f"fast {fast['best']:.2f} s (median {fast['median']:.2f}), "
            f"reference {ref['best']:.1f} s -> {run['ratio']:.1f}x"
        ),
    ]
    d = results["default_run"]
    fast, ref = d["fast"], d["reference"]
    rows.append(
        f"Default scenario ({d['scenario']}, {d['steps']} steps): "
        f"fast {_ms(fast['best'])} (median {_ms(fast['median'])}, "
        f"spread {_ms(fast['min'])}-{_ms(fast['max'])}), "
        f"reference {_ms(ref['best'])} -> {d['ratio']:.1f}x"
    )
    m = results["memory"]
    fm = m["fast"]
    rows.append(
        f"Bytes per directed tie (N={m['organisations']}): stored per tie "
        f"{fm['stored_per_tie']:.0f} (state {fm['tie_state']:.0f}; pair layout "
        f"{fm['pair_layout_amortised']:.1f} amortised), whole model "
        f"{fm['whole_model']:.0f}, transient step peak {fm['step_peak']:.0f}; "
        f"reference whole model {m['reference']['whole_model']:.0f}"
    )
    if (s := results.get("sweep")) is not None:
        rows.append(
            f"Sweep: {s['runs']} runs of {s['experiment']} on {s['workers']} "
            f"workers in {s['wall_seconds']:.1f} s ({s['runs_per_second']:.1f} "
            f"runs/s); one run alone in process (per-run engine, all tables) "
            f"{_ms(s['single_run_seconds_in_process'])}"
        )
    if (b := results.get("batched")) is not None:
        rows += ["", "Batched engine (sweeps, 2 workers, same run as the reference):"]
        for key in ("default", "network20"):
            r = b[key]
            rows.append(
                f"  {r['scenario']} ({r['organisations']} orgs, {r['steps']} steps): "
                f"{r['sweep']['runs_per_second']:.0f} runs/s vs reference "
                f"{r['reference']['runs_per_second']:.2f} runs/s -> {r['ratio']:.0f}x"
            )
        sob, mem = b["sobol"], b["memory"]
        how = "measured" if sob["full_study_measured"] else "extrapolated"
        rows.append(
            f"  Sobol' study ({sob['runs']:,} runs): {sob['full_study_wall_s']:.0f} s "
            f"({how}; target <= {sob['target_s']} s)"
        )
        rows.append(
            f"  Memory: {mem['mib_per_1000_runs']:.0f} MiB per 1,000 batched runs "
            f"({mem['mib_per_1000_runs_with_tables']:.0f} with every table); "
            + ", ".join(
                f"{r['runs']:,}-run sweep peak RSS {r['peak_rss_mib']:.0f} MiB"
                for r in b["sweep_rss"]
            )
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument(
        "--skip-sweep", action="store_true", help="skip the 1,000-run sweep"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results.json"
    )
    parser.add_argument(
        "--skip-ui", action="store_true", help="skip the teaching page (ui_bench.py)"
    )
    parser.add_argument(
        "--skip-batched", action="store_true", help="skip the batched-engine sweeps"
    )
    args = parser.parse_args()
    q = args.quick
    plan = {50: (50, 20), 200: (50, 10), 1000: (20, 3), 5000: (10, 1)}
    results: dict[str, object] = {
        "created": datetime.now(UTC).isoformat(),
        "machine": machine(),
    }
    results["throughput"] = []
    for n in SIZES:
        fast_steps, ref_steps = plan[n]
        r = throughput(
            n,
            fast_steps // (5 if q else 1) or 1,
            ref_steps // (2 if q else 1) or 1,
            3 if q else 5,
        )
        results["throughput"].append(r)  # type: ignore[attr-defined]
        print(f"N={n}: {r['ratio']:.1f}x", flush=True)
    results["reference_run"] = reference_run(100 if q else 500, 2 if q else 3)
    results["default_run"] = default_run(3 if q else 7)
    results["memory"] = memory(1000)
    results["sweep"] = None if args.skip_sweep else sweep(10 if q else 30)
    results["batched"] = None if args.skip_batched else batched(quick=q)
    print(table(results))
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    if not args.skip_ui:  # needs the `ui` extra; writes benchmarks/results-ui.json
        from benchmarks import ui_bench

        ui_bench.run(quick=q)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
