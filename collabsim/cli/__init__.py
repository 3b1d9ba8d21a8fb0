"""The ``collabsim`` command line (also ``python -m collabsim``).

Each subcommand lives in its own module of this package and is added to the parser by
a ``register(subparsers)`` function listed in :data:`COMMANDS`. To add one (``sweep``,
``sensitivity``, ``ui``): write ``collabsim/cli/<name>.py`` whose ``register`` calls
``collabsim.cli.options.add_command(subparsers, name, summary=..., example=...)``,
adds its arguments and ``set_defaults(handler=...)``; the handler takes the parsed
arguments (``args.command_line`` holds the full command for manifests) and returns
the exit code. Then append that ``register`` to :data:`COMMANDS`.

Exit codes: 0 success; 1 some runs failed; 2 bad input (any ``CollabsimError`` or
pydantic validation error), reported as one line naming the file and field path,
with the traceback only under ``-v``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from collabsim.cli import (
    calibrate,
    compare,
    discover,
    facts,
    library,
    params,
    plot,
    rank,
    run,
    sensitivity,
    sweep,
    ui,
    validate,
)
from collabsim.cli.options import Subparsers
from collabsim.errors import CollabsimError

__all__ = ["COMMANDS", "build_parser", "main"]

log = logging.getLogger("collabsim")

#: Functions that each add one subcommand to the parser, in ``--help`` order.
COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    library.register_scenarios,
    library.register_init,
    validate.register,
    params.register_params,
    params.register_schema,
    run.register,
    plot.register,
    sweep.register,
    facts.register,
    calibrate.register,
    sensitivity.register,
    ui.register,
    compare.register,
    rank.register,
    discover.register_discover,
    discover.register_report,
)

_EPILOG = """\
examples:
  collabsim scenarios            (the shipped scenarios and the question each answers)
  collabsim run voluntary_baseline --seeds 10 --out results/demo
  collabsim init my_study        (copy the shipped files to edit them)
  collabsim plot results/demo
  collabsim <command> --help     (each command's options, with an example)
"""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="collabsim",
        description="Simulate trust, confidence and faith in inter-organisational "
        "collaboration in health and social care.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="more logging (-v info, -vv debug); show tracebacks",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", required=True
    )
    for register in COMMANDS:
        register(subparsers)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"collabsim {version('collabsim')}"
    except PackageNotFoundError:
        return "collabsim (not installed)"


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("collabsim")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _report(exc: BaseException, *, verbose: int) -> None:
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, ValidationError):
        # pydantic errors that escaped a loader: first problem, with its field path
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(k) for k in first["loc"]) or exc.title
        message = f"{exc.title}: {where}: {first['msg']}"
    else:
        message = str(exc)
    print(f"collabsim: error: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 runs failed, 2 bad input).

    Args:
        argv: Arguments without the program name; default ``sys.argv[1:]``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(arguments)
    args.command_line = ["collabsim", *arguments]  # recorded in manifests
    verbose = int(args.verbose)
    _configure_logging(verbose)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # the reader left (``collabsim scenarios | head``): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
        return 0
    except (CollabsimError, ValidationError, OSError) as exc:
        _report(exc, verbose=verbose)
        return 2
    except KeyboardInterrupt:
        print(
            "collabsim: interrupted; a run's output folder is only moved into place "
            "when complete, and a sweep resumes with 'collabsim resume DIR'",
            file=sys.stderr,
        )
        return 130
