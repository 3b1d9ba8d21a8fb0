"""``collabsim scenarios`` and ``collabsim init DIR``: the shipped files.

The scenario library and the experiments ship inside the package
(:mod:`collabsim.shipped`); every command that takes a scenario or experiment file
also takes one of these names.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from collabsim.cli.options import Subparsers, add_command
from collabsim.shipped import (
    EXPERIMENTS,
    KINDS,
    copy_shipped,
    file_question,
    shipped_dir,
    shipped_names,
)

__all__ = ["register_init", "register_scenarios"]


def register_scenarios(subparsers: Subparsers) -> None:
    """Add the ``scenarios`` subcommand."""
    parser = add_command(
        subparsers,
        "scenarios",
        summary="list the shipped scenarios and experiments with the question each "
        "answers; any command takes these names in place of a file",
        example="collabsim scenarios   (then: collabsim run voluntary_baseline "
        "--seeds 10 --out results/demo)",
    )
    parser.add_argument(
        "--names", action="store_true", help="print only the names, one a line"
    )
    parser.set_defaults(handler=_scenarios)


def register_init(subparsers: Subparsers) -> None:
    """Add the ``init`` subcommand."""
    parser = add_command(
        subparsers,
        "init",
        summary="copy the shipped scenarios and experiments into DIR/scenarios and "
        "DIR/experiments, to edit and run",
        example="collabsim init my_study && collabsim run "
        "my_study/scenarios/voluntary_baseline.toml --out results/v",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace existing copies in DIR"
    )
    parser.set_defaults(handler=_init)


def _scenarios(args: argparse.Namespace) -> int:
    for kind in KINDS:
        names = shipped_names(kind)
        if args.names:
            print("\n".join(names))
            continue
        folder = shipped_dir(kind)
        print(f"{kind.capitalize()} shipped with collabsim ({folder}):\n")
        for name in names:
            question = file_question(folder / f"{name}.toml") or "(no question given)"
            print(f"  {name}")
            print(
                textwrap.fill(
                    question,
                    width=88,
                    initial_indent=" " * 6,
                    subsequent_indent=" " * 6,
                )
            )
        if kind != EXPERIMENTS:
            print()
    if not args.names:
        print(
            "\nRun one by name: collabsim run voluntary_baseline --out results/v; "
            "copy them to edit: collabsim init DIR"
        )
    return 0


def _init(args: argparse.Namespace) -> int:
    written = copy_shipped(args.directory, overwrite=args.overwrite)
    for folder in written:
        print(f"wrote {folder}/ ({len(list(folder.glob('*.toml')))} files)")
    first = written[0] / "voluntary_baseline.toml"
    print(f"next: collabsim run {first} --seeds 10 --out results/demo")
    return 0
