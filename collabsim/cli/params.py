"""``collabsim params`` and ``collabsim schema``: what a scenario can contain."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from collabsim.cli.options import Subparsers, add_command, scenario_file

if TYPE_CHECKING:
    from collabsim.scenario.params import ParamInfo

__all__ = ["all_parameters", "register_params", "register_schema"]

# Smallest valid scenarios of each kind, used to list every parameter path.
_EXPLICIT = {
    "name": "defaults",
    "organisations": [{"id": "a"}, {"id": "b"}],
    "partnerships": [{"id": "p", "members": ["a", "b"]}],
}
_GENERATED = {"name": "defaults", "network": {"n_organisations": 2}}


def register_params(subparsers: Subparsers) -> None:
    """Add the ``params`` subcommand."""
    parser = add_command(
        subparsers,
        "params",
        summary="list every parameter: dotted path, type, range, default, unit, theory",
        example="collabsim params scenarios/voluntary_baseline.toml --json",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        type=scenario_file,
        metavar="SCENARIO",
        help="show this scenario's values (default: schema defaults; '*' = any item)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON records")
    parser.set_defaults(handler=_params)


def register_schema(subparsers: Subparsers) -> None:
    """Add the ``schema`` subcommand."""
    parser = add_command(
        subparsers,
        "schema",
        summary="print the JSON schema of scenario files",
        example="collabsim schema > scenario.schema.json",
    )
    parser.set_defaults(handler=_schema)


def all_parameters() -> list[ParamInfo]:
    """Every parameter path of the schema; list items appear as ``*``."""
    from collabsim.scenario.params import parameter_table
    from collabsim.scenario.scenario import parse_scenario

    rows: dict[str, ParamInfo] = {}
    for data in (_EXPLICIT, _GENERATED):
        spec = parse_scenario(data)
        for row in parameter_table(spec):
            path = ".".join("*" if p.isdigit() else p for p in row.path.split("."))
            rows.setdefault(path, _with_path(row, path))
    return list(rows.values())


def _with_path(row: ParamInfo, path: str) -> ParamInfo:
    from collabsim.scenario.params import ParamInfo

    return ParamInfo(
        path=path,
        kind=row.kind,
        default=row.default,
        value=row.default,
        low=row.low,
        high=row.high,
        choices=row.choices,
        unit=row.unit,
        theory=row.theory,
        description=row.description,
    )


def _range(row: dict[str, Any]) -> str:
    if row["choices"]:
        return "|".join(row["choices"])
    if row["kind"] == "bool":
        return "true|false"
    if row["low"] is None and row["high"] is None:
        return ""
    return f"[{_number(row['low'])}, {_number(row['high'])}]"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def _params(args: argparse.Namespace) -> int:
    from collabsim.scenario.params import parameter_table
    from collabsim.scenario.scenario import load_scenario

    rows = parameter_table(load_scenario(args.scenario)) if args.scenario else None
    records = [r.as_dict() for r in (rows if rows is not None else all_parameters())]
    if args.json:
        print(json.dumps(records, indent=2, default=str))
        return 0
    header = ["path", "type", "range", "default"]
    header += ["value"] if rows is not None else []
    header += ["unit", "theory"]
    table = [header]
    for rec in records:
        line = [rec["path"], rec["kind"], _range(rec), _show(rec["default"])]
        line += [_show(rec["value"])] if rows is not None else []
        table.append([*line, rec["unit"], rec["theory"]])
    # long cells (e.g. six sector names) overflow their row instead of widening all
    widths = [min(max(len(r[i]) for r in table), 28) for i in range(len(header))]
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    return 0


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _schema(_args: argparse.Namespace) -> int:
    from collabsim.scenario.scenario import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2))
    return 0
