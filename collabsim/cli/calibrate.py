"""``collabsim calibrate FACTS --box EXPERIMENT``: where calibration facts hold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collabsim.cli.facts import box_option, facts_file, out_folder, out_options
from collabsim.cli.options import Subparsers, add_command, positive_int
from collabsim.cli.sweep import backend_for, executor_options, progress_bar
from collabsim.errors import ResultsError, require_extra

__all__ = ["register"]

_EXAMPLE = """\
collabsim calibrate facts/theory.toml --box experiments/uncertain_rates.toml
  collabsim calibrate theory --box uncertain_rates --population 20 --seeds 10"""


def register(subparsers: Subparsers) -> None:
    """Add the ``calibrate`` subcommand."""
    parser = add_command(
        subparsers,
        "calibrate",
        summary="find where in a box every calibration fact holds (ABC-SMC, extra "
        "'calibrate'); report the accepted parameter sets and the validation facts "
        "inside that region",
        example=_EXAMPLE,
    )
    parser.add_argument("facts", type=facts_file, metavar="FACTS")
    box_option(parser, required=True)
    parser.add_argument(
        "--seeds", type=positive_int, default=10, metavar="N", help="seeds per arm"
    )
    parser.add_argument(
        "--population",
        type=positive_int,
        default=40,
        metavar="N",
        help="particles per ABC generation (default 40)",
    )
    parser.add_argument(
        "--generations",
        type=positive_int,
        default=4,
        metavar="N",
        help="most ABC generations; stops once epsilon is 0 (default 4)",
    )
    out_options(parser)
    executor_options(parser)
    parser.set_defaults(handler=_calibrate)


def _region(args: argparse.Namespace, out: Path) -> None:
    """Run ABC-SMC into ``out`` unless a resumed folder already holds its result."""
    from collabsim.analysis.calibration import AbcSettings, abc_region
    from collabsim.experiment.facts import load_facts
    from collabsim.experiment.spec import load_experiment
    from collabsim.results.files import write_table
    from collabsim.results.manifest import provenance, utc_now, write_manifest
    from collabsim.sweep.executors import default_workers

    if args.resume and (out / "accepted.parquet").is_file():
        return
    if out.exists() and any(out.iterdir()):
        msg = f"{out}: folder exists and is not empty (pass --resume or --overwrite)"
        raise ResultsError(msg)
    out.mkdir(parents=True, exist_ok=True)
    workers = args.workers if args.workers is not None else default_workers()
    settings = AbcSettings(args.seeds, args.population, args.generations, workers)
    started = utc_now()
    spec, box = load_facts(args.facts), load_experiment(args.box)
    region = abc_region(spec, box, settings, (out / "abc.db").resolve())
    write_table(region.statistics, out / "abc_statistics.parquet")
    write_table(region.populations, out / "populations.parquet")
    manifest = {
        "kind": "calibration",
        "command": list(getattr(args, "command_line", ())),
        "started_at": started,
        "finished_at": utc_now(),
        "facts": {"name": spec.name, "file": str(spec.source)},
        "box": {"name": box.name, "file": str(box.source)},
        "abc": {
            "method": "ABC-SMC (pyabc)",
            "seeds": settings.seeds,
            "population": settings.population,
            "generations": settings.generations,
            "workers": settings.workers,
            "critical_t": region.critical,
        },
        "provenance": provenance(),
    }
    write_manifest(out, manifest)
    write_table(region.particles, out / "accepted.parquet")  # last: the commit


def _calibrate(args: argparse.Namespace) -> int:
    require_extra("calibrate", feature="collabsim calibrate")
    from collabsim.analysis.calibration import validation_facts
    from collabsim.experiment.facts import load_facts
    from collabsim.experiment.spec import load_experiment
    from collabsim.report.calibration import (
        calibration_report,
        factor_ranges,
        region_shares,
    )
    from collabsim.report.facts import evaluate_facts
    from collabsim.results.files import read_table, write_table
    from collabsim.results.manifest import read_manifest
    from collabsim.sweep.facts_plan import plan_facts
    from collabsim.sweep.runner import SweepOptions

    spec, box = load_facts(args.facts), load_experiment(args.box)
    out = out_folder(args, f"calibrate-{spec.name}")
    _region(args, out)
    particles = read_table(out, "accepted")
    validation = validation_facts(spec)
    plan = plan_facts(validation, seeds=args.seeds, points=particles[box.factor_paths])
    backend = backend_for(args)
    folder = out / "validation"
    bar = progress_bar(
        argparse.Namespace(**{**vars(args), "out": folder}),
        f"{spec.name}: validation facts in the region",
        len(plan.design),
    )
    options = SweepOptions(
        chunk_size=args.chunk_size,
        progress=bar.sweep_callback if bar.enabled else None,
        command=getattr(args, "command_line", ()),
    )
    try:
        outputs = evaluate_facts(
            plan, folder, backend=backend, options=options, resume=folder.exists()
        )
    except KeyboardInterrupt:
        print(f"\ncollabsim: interrupted; continue with --resume --out {out}")
        return 130
    finally:
        bar.close()
        backend.close()
    region = region_shares(outputs.effects, particles, outputs.summary)
    ranges = factor_ranges(particles, box)
    write_table(region, out / "region.parquet")
    write_table(ranges, out / "ranges.parquet")
    page = calibration_report(
        region, ranges, particles, read_table(out, "populations"), read_manifest(out)
    )
    (out / "report.html").write_text(page, encoding="utf-8")
    print(
        f"{len(particles)} accepted particles, {int(particles['all_hold'].sum())} "
        "with every calibration fact holding"
    )
    print(region.drop(columns=["claim"]).to_string(index=False))
    print(f"report: {out / 'report.html'}", file=sys.stderr)
    return 0
