"""The command-line reference as Markdown, generated from the argument parser.

The documentation site's CLI page is this text (``docs/hooks.py``), so it always
matches ``collabsim <command> --help``.
"""

from __future__ import annotations

import argparse
import functools

__all__ = ["cli_reference"]

#: Help text width on the page, independent of the terminal that builds the docs.
WIDTH = 88


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public accessor
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = functools.partial(
        argparse.RawDescriptionHelpFormatter, width=WIDTH
    )
    return parser.format_help().rstrip()


def cli_reference() -> str:
    """Markdown: ``collabsim --help``, then every command's ``--help``."""
    from collabsim.cli import build_parser

    parser = build_parser()
    parser.prog = "collabsim"
    lines = [
        "# Command-line reference",
        "",
        (
            "Generated from the argument parser when the documentation is built: "
            "the same text as `collabsim --help` and `collabsim COMMAND --help`. "
            "Exit codes: 0 success, 1 some runs failed, 2 bad input (one line "
            "naming the file and field; add `-v` for the traceback), 130 "
            "interrupted."
        ),
        "",
        "## `collabsim`",
        "",
        "```text",
        _help(parser),
        "```",
    ]
    for name, command in _subcommands(parser).items():
        lines += ["", f"## `collabsim {name}`", "", "```text", _help(command), "```"]
    return "\n".join(lines) + "\n"
