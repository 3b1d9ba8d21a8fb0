"""``collabsim facts FILE``: check directional facts, at the defaults and over a box."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collabsim.cli.options import Subparsers, add_command, positive_int
from collabsim.cli.sweep import backend_for, executor_options, progress_bar
from collabsim.errors import ResultsError
from collabsim.shipped import EXPERIMENTS, FACTS, resolve_file

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["box_option", "facts_file", "load_box", "out_folder", "register"]

_EXAMPLE = """\
collabsim facts facts/theory.toml --seeds 30
  collabsim facts theory --box experiments/uncertain_rates.toml --points 40 --seeds 10
  collabsim facts my_facts.toml --out results/mine --resume"""


def facts_file(text: str) -> Path:
    """Argparse type: a facts file, or the name of a shipped one (``theory``)."""
    return resolve_file(text, FACTS)


def box_option(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``--box EXPERIMENT`` and ``--points N``."""
    parser.add_argument(
        "--box",
        type=lambda text: resolve_file(text, EXPERIMENTS),
        required=required,
        metavar="EXPERIMENT",
        help="an experiment whose factors (bounds) are the uncertainty box, e.g. "
        "experiments/uncertain_rates.toml",
    )
    parser.add_argument(
        "--points",
        type=positive_int,
        default=None,
        metavar="N",
        help="Latin-hypercube points of the box (default: the experiment's n_samples)",
    )


def register(subparsers: Subparsers) -> None:
    """Add the ``facts`` subcommand."""
    parser = add_command(
        subparsers,
        "facts",
        summary="check a facts file: paired effects with confidence intervals on "
        "common seeds; with --box, the share of an uncertainty box where each fact "
        "holds",
        example=_EXAMPLE,
    )
    parser.add_argument(
        "facts",
        type=facts_file,
        metavar="FILE",
        help="a facts file or the name of a shipped one (theory)",
    )
    parser.add_argument(
        "--seeds",
        type=positive_int,
        default=30,
        metavar="N",
        help="seeds per arm and point (default 30)",
    )
    box_option(parser, required=False)
    out_options(parser)
    executor_options(parser)
    parser.set_defaults(handler=_facts)


def out_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--out DIR``, ``--resume`` and ``--overwrite``."""
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="results folder (default results/facts-<name>[-box])",
    )
    again = parser.add_mutually_exclusive_group()
    again.add_argument(
        "--resume", action="store_true", help="continue an interrupted run in DIR"
    )
    again.add_argument(
        "--overwrite", action="store_true", help="replace the facts folder DIR"
    )


def load_box(args: argparse.Namespace) -> pd.DataFrame | None:
    """The box points asked for by ``--box``/``--points`` (None without a box)."""
    if args.box is None:
        if args.points is not None:
            raise ResultsError("--points needs --box")
        return None
    from collabsim.experiment.facts import box_points
    from collabsim.experiment.spec import load_experiment

    return box_points(load_experiment(args.box), args.points)


def out_folder(args: argparse.Namespace, suffix: str) -> Path:
    """``--out``, or ``results/<suffix>-<name>``; cleared first with ``--overwrite``.

    Raises:
        ResultsError: If ``--overwrite`` would remove something that is not a
            folder of this command.
    """
    from collabsim.results.manifest import MANIFEST, read_manifest

    out = Path(args.out) if args.out is not None else Path("results") / suffix
    if args.overwrite and out.exists():
        if not (out / MANIFEST).is_file() or read_manifest(out).get("kind") not in {
            "facts",
            "calibration",
        }:
            msg = f"{out}: not a facts folder; refusing to delete it (--overwrite)"
            raise ResultsError(msg)
        shutil.rmtree(out)
    return out


def _print_summary(summary: pd.DataFrame) -> None:
    columns = ["fact", "role", "construction", "effect", "ci_low", "ci_high"]
    columns += ["verdict"]
    if (summary["box_points"] > 0).any():
        columns += ["share_holds", "share_right_sign"]
    text = summary[columns].to_string(index=False, float_format=lambda v: f"{v:+.4f}")
    print(text)


def _facts(args: argparse.Namespace) -> int:
    from collabsim.experiment.facts import load_facts
    from collabsim.report.facts import count_holding, evaluate_facts
    from collabsim.sweep.facts_plan import plan_facts
    from collabsim.sweep.runner import SweepOptions

    spec = load_facts(args.facts)
    points = load_box(args)
    plan = plan_facts(spec, seeds=args.seeds, points=points)
    suffix = f"facts-{spec.name}" + ("-box" if points is not None else "")
    out = out_folder(args, suffix)
    backend = backend_for(args)
    bar = progress_bar(
        argparse.Namespace(**{**vars(args), "out": out}), spec.name, len(plan.design)
    )
    options = SweepOptions(
        chunk_size=args.chunk_size,
        progress=bar.sweep_callback if bar.enabled else None,
        command=getattr(args, "command_line", ()),
    )
    try:
        outputs = evaluate_facts(
            plan, out, backend=backend, options=options, resume=args.resume
        )
    except KeyboardInterrupt:
        print(
            f"\ncollabsim: interrupted; finished runs are kept in {out}: continue "
            f"with the same command and --resume --out {out}",
            file=sys.stderr,
        )
        return 130
    finally:
        bar.close()
        backend.close()
    _print_summary(outputs.summary)
    for row in count_holding(outputs.summary).itertuples(index=False):
        print(f"{row.group} ({row.role}): {row.holding}/{row.facts} hold")
    runs = outputs.runs
    if runs is None:  # evaluate_facts always counts its runs
        raise ResultsError(f"{out}: no runs were counted")
    print(
        f"{runs.completed}/{runs.planned} runs ({runs.failed} failed) in "
        f"{runs.wall_seconds:.1f}s; report: {out / 'report.html'}"
    )
    return 1 if runs.failed else 0
