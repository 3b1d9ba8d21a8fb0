"""Partner networks from files: GraphML, GEXF, or a pair of CSV files.

A scenario's ``[network]`` can name a real (or realistic) partner map instead of a
generator::

    [network]
    file = "networks/ics.graphml"            # or .gexf, read with networkx
    # or two CSV files:
    # organisations = "networks/ics_organisations.csv"
    # partnerships = "networks/ics_partnerships.csv"

    [network.context]       # levers of every partnership, unless an edge sets them
    governance = "mandated"

    [network.organisation]  # levers of every organisation, unless a node sets them
    financial_slack = 0.4

Nodes are organisations: the node id is the organisation id, ``sector`` is required,
and any organisation field (``size``, ``culture``, ``statutory_power``...) may be an
attribute. Edges are partnerships' links: an optional ``partnership`` attribute
groups them (default one partnership, ``network``), and any partnership lever may be
an attribute by its dotted name (``governance``, ``contract.strength``); the edges of
one partnership must agree on them. In CSV form the organisations file has a column
``id`` and the partnerships file columns ``source`` and ``target``.

Loading turns the file into explicit ``organisations`` and ``partnerships`` (relative
paths are read from the scenario file's folder), so everything downstream (runs,
overrides, manifests, the run id) sees an ordinary scenario. A bad file is one
:class:`~collabsim.errors.ScenarioError` naming the file and the node or edge.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from collabsim.errors import ScenarioError, did_you_mean
from collabsim.scenario.levers import PartnershipContext
from collabsim.scenario.parts import OrganisationSpec, PartnershipSpec
from collabsim.scenario.paths import format_validation_error

__all__ = ["FILE_KEYS", "expand_network_file", "names_network_file"]

#: Keys of ``[network]`` that name files (any of them makes it a file network).
FILE_KEYS = frozenset({"file", "organisations", "partnerships"})
_KEYS = FILE_KEYS | {"context", "organisation"}
#: Attributes that drawing tools (Gephi, yEd, Cytoscape) add; not levers.
_IGNORED_NODE = frozenset({"label", "viz", "name"})
_IGNORED_EDGE = frozenset({"id", "label", "viz", "weight", "key"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
#: The partnership of edges without a ``partnership`` attribute.
DEFAULT_PARTNERSHIP = "network"

Attributes = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class _Graph:
    """Nodes and edges as read, before any checking."""

    source: str
    nodes: dict[str, Attributes] = field(default_factory=dict)
    #: (source, target, attributes, where: how a message names the edge)
    edges: list[tuple[str, str, Attributes, str]] = field(default_factory=list)


def names_network_file(data: Mapping[str, Any]) -> bool:
    """Whether parsed scenario data has a ``[network]`` that names files."""
    network = data.get("network")
    return isinstance(network, Mapping) and bool(FILE_KEYS & set(network))


def expand_network_file(data: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """Replace a file ``[network]`` by the organisations and partnerships it holds.

    Args:
        data: Parsed scenario (e.g. TOML) whose ``network`` names files.
        base: Folder that relative file paths start from (the scenario's).

    Raises:
        ScenarioError: Naming the file and the node or edge of the first problem.
    """
    network = dict(data["network"])
    if unknown := sorted(set(network) - _KEYS):
        hint = did_you_mean(unknown[0], sorted(_KEYS))
        msg = f"network: unknown key {unknown[0]!r}{hint} for a network file"
        raise ScenarioError(msg)
    graph = _read(network, base)
    template = dict(network.get("organisation") or {})
    organisations = [
        _organisation(graph.source, node, attributes, template)
        for node, attributes in graph.nodes.items()
    ]
    context = dict(network.get("context") or {})
    partnerships = _partnerships(graph, context)
    expanded = {k: v for k, v in data.items() if k != "network"}
    return {**expanded, "organisations": organisations, "partnerships": partnerships}


# --- reading ------------------------------------------------------------------------


def _read(network: Mapping[str, Any], base: Path) -> _Graph:
    if "file" in network:
        if {"organisations", "partnerships"} & set(network):
            msg = "network: give 'file' or 'organisations' + 'partnerships', not both"
            raise ScenarioError(msg)
        return _read_graph(_path(network["file"], base, "file"))
    if not {"organisations", "partnerships"} <= set(network):
        msg = "network: CSV networks need both 'organisations' and 'partnerships'"
        raise ScenarioError(msg)
    graph = _Graph(source=str(_path(network["organisations"], base, "organisations")))
    graph.nodes = _read_nodes_csv(Path(graph.source))
    edges_file = _path(network["partnerships"], base, "partnerships")
    graph.edges = _read_edges_csv(edges_file, graph.nodes)
    graph.source = str(edges_file)
    return graph


def _path(value: object, base: Path, key: str) -> Path:
    if not isinstance(value, str) or not value:
        msg = f"network.{key}: expected a file path, got {value!r}"
        raise ScenarioError(msg)
    path = base / value
    if not path.is_file():
        msg = f"network.{key}: file not found: {path}"
        raise ScenarioError(msg)
    return path


def _read_graph(path: Path) -> _Graph:
    import networkx as nx

    readers = {".graphml": nx.read_graphml, ".gexf": nx.read_gexf}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        msg = f"network.file: {path.name}: expected a .graphml or .gexf file"
        raise ScenarioError(msg)
    try:
        read = reader(path)
    # networkx raises several kinds (XML, value, key errors): all are bad input
    except Exception as exc:
        msg = f"cannot read {path.suffix[1:].upper()}: {exc}"
        raise ScenarioError(msg, source=str(path)) from exc
    graph = _Graph(source=str(path))
    graph.nodes = {str(node): dict(attrs) for node, attrs in read.nodes(data=True)}
    graph.edges = [
        (str(a), str(b), dict(attrs), f"edge ({a} - {b})")
        for a, b, attrs in read.edges(data=True)
    ]
    return graph


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            rows = [
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in reader
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        msg = f"cannot read CSV: {exc}"
        raise ScenarioError(msg, source=str(path)) from exc
    if missing := [c for c in required if c not in header]:
        msg = f"missing column(s) {missing}; the header is {header}"
        raise ScenarioError(msg, source=str(path))
    return rows


def _cell(text: str) -> Any:
    """A CSV cell as a number, a boolean or text (empty cells are dropped)."""
    lowered = text.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _read_nodes_csv(path: Path) -> dict[str, Attributes]:
    nodes: dict[str, Attributes] = {}
    for line, row in enumerate(_csv_rows(path, ("id",)), start=2):
        node = row.pop("id")
        if node in nodes:
            msg = f"line {line}: organisation {node!r} is listed twice"
            raise ScenarioError(msg, source=str(path))
        nodes[node] = {k: _cell(v) for k, v in row.items() if v != ""}
    return nodes


def _read_edges_csv(
    path: Path, nodes: Mapping[str, Attributes]
) -> list[tuple[str, str, Attributes, str]]:
    edges = []
    for line, row in enumerate(_csv_rows(path, ("source", "target")), start=2):
        source, target = row.pop("source"), row.pop("target")
        where = f"edge on line {line} ({source} - {target})"
        for end in (source, target):
            if end not in nodes:
                msg = f"{where}: unknown organisation {end!r}{did_you_mean(end, nodes)}"
                raise ScenarioError(msg, source=str(path))
        levers = {k: _cell(v) for k, v in row.items() if v}
        edges.append((source, target, levers, where))
    return edges


# --- checking and building ----------------------------------------------------------


def _organisation(
    source: str, node: str, attributes: Attributes, template: Attributes
) -> dict[str, Any]:
    where = f"node {node!r}"
    if not _ID.match(node):
        msg = (
            f"{where}: organisation ids are lower-case letters, digits and '_', "
            "starting with a letter (put a display name in 'label')"
        )
        raise ScenarioError(msg, source=source)
    levers = {k: v for k, v in attributes.items() if k not in _IGNORED_NODE}
    if "sector" not in levers:
        msg = f"{where}: missing 'sector' (one of the Sector values, e.g. 'health')"
        raise ScenarioError(msg, source=source)
    fields = set(OrganisationSpec.model_fields) - {"id"}
    for key in levers:
        if key not in fields:
            msg = f"{where}: unknown attribute {key!r}{did_you_mean(key, fields)}"
            raise ScenarioError(msg, source=source)
    spec = _validated(
        OrganisationSpec, {**template, **levers, "id": node}, where, source
    )
    return spec.model_dump(mode="json")


def _nested(dotted: Mapping[str, Any]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path, value in dotted.items():
        node = tree
        *parents, leaf = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return tree


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


@dataclass(slots=True)
class _Partnership:
    members: dict[str, None] = field(default_factory=dict)
    links: dict[tuple[str, str], None] = field(default_factory=dict)
    levers: dict[str, Any] = field(default_factory=dict)


def _partnerships(graph: _Graph, context: Attributes) -> list[dict[str, Any]]:
    groups: dict[str, _Partnership] = {}
    for a, b, attributes, where in graph.edges:
        if a == b:
            msg = f"{where}: an organisation cannot partner itself"
            raise ScenarioError(msg, source=graph.source)
        levers = {k: v for k, v in attributes.items() if k not in _IGNORED_EDGE}
        pid = str(levers.pop("partnership", DEFAULT_PARTNERSHIP))
        _validated(PartnershipContext, _nested(levers), where, graph.source)
        group = groups.setdefault(pid, _Partnership())
        for key, value in levers.items():
            if group.levers.setdefault(key, value) != value:
                msg = (
                    f"{where}: partnership {pid!r} has {key} = "
                    f"{group.levers[key]!r} on an earlier edge and {value!r} here; "
                    "the edges of one partnership must agree on its levers"
                )
                raise ScenarioError(msg, source=graph.source)
        group.members.update(dict.fromkeys((a, b)))
        group.links[(a, b) if a < b else (b, a)] = None
    partnerships = []
    for pid, group in groups.items():
        data = _merged(context, _nested(group.levers))
        data |= {"id": pid, "members": list(group.members), "links": list(group.links)}
        spec = _validated(PartnershipSpec, data, f"partnership {pid!r}", graph.source)
        partnerships.append(spec.model_dump(mode="json"))
    return partnerships


def _validated(model: type[M], data: Mapping[str, Any], where: str, source: str) -> M:
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        detail = format_validation_error(exc, model)
        raise ScenarioError(f"{where}: {detail}", source=source) from exc
