"""Bring your own network: GraphML, GEXF or CSV partner maps in, GraphML out."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from tests_paths import REPO

from collabsim import load_scenario, run_scenario
from collabsim.cli import main
from collabsim.errors import ScenarioError

NETWORKS = REPO / "scenarios" / "networks"


def _map() -> nx.Graph:
    """Five organisations in two partnerships, with levers on nodes and edges."""
    graph = nx.Graph()
    graph.add_node("acute", sector="health", size=5000, culture=0.2, label="Acute")
    graph.add_node("gp", sector="health", size=300)
    graph.add_node("council", sector="local_authority", statutory_power=0.4)
    graph.add_node("charity", sector="third_sector", size=40)
    graph.add_node("care_home", sector="private")
    board = {"partnership": "board", "governance": "mandated", "contract.strength": 0.5}
    graph.add_edge("acute", "gp", **board)
    graph.add_edge("acute", "council", **board)
    graph.add_edge("council", "charity", partnership="place")
    graph.add_edge("council", "care_home", partnership="place", weight=2.0)
    return graph


def _scenario(folder: Path, network: str, extra: str = "") -> Path:
    path = folder / "map.toml"
    path.write_text(
        'name = "map"\nn_steps = 8\nprofessionals_per_organisation = 2\n'
        f"[network]\n{network}\n{extra}[outputs]\nties = true\ntie_every = 2\n",
        encoding="utf-8",
    )
    return path


def test_shipped_ics_map_loads_with_its_levers():
    spec = load_scenario("ics_partner_map")
    assert len(spec.organisations) == 40
    orgs = {org.id: org for org in spec.organisations}
    assert orgs["acute_north"].culture == 0.2
    assert orgs["jobcentre"].sector == "employment_services"
    partnerships = {p.id: p for p in spec.partnerships}
    assert sorted(partnerships) == sorted(
        [
            "ics_board",
            "place_north",
            "place_south",
            "discharge_hub",
            "mental_health_alliance",
        ]
    )
    assert partnerships["ics_board"].governance == "mandated"
    assert partnerships["ics_board"].contract.strength == 0.4
    assert partnerships["place_north"].governance == "voluntary"
    # the scenario's [network.context] reaches every partnership
    assert {p.info_exchange for p in spec.partnerships} == {0.3}


def test_graphml_round_trip_load_run_export(tmp_path, capsys):
    source = tmp_path / "map.graphml"
    nx.write_graphml(_map(), source)
    scenario = _scenario(tmp_path, 'file = "map.graphml"')
    spec = load_scenario(scenario)
    assert {p.id: len(p.links or ()) for p in spec.partnerships} == {
        "board": 2,
        "place": 2,
    }
    assert spec.partnerships[0].contract.strength == 0.5
    out = tmp_path / "run"
    assert (
        main(["run", str(scenario), "--seeds", "2", "--out", str(out), "--quiet"]) == 0
    )
    assert main(["plot", str(out), "--graphml"]) == 0
    exported = nx.read_graphml(out / "network.graphml")
    original = _map()
    assert set(exported.nodes) == set(original.nodes)
    assert {frozenset(e) for e in exported.edges} == {
        frozenset(e) for e in original.edges
    }
    for node, data in exported.nodes(data=True):
        assert data["sector"] == original.nodes[node]["sector"]
    for _, _, data in exported.edges(data=True):
        assert 0.0 <= data["trust"] <= 1.0
        assert 0.0 <= data["confidence"] <= 1.0
    assert any("collaboration" in data for _, _, data in exported.edges(data=True))
    capsys.readouterr()


def test_gexf_and_csv_give_the_same_scenario(tmp_path):
    graph = _map()
    nx.write_gexf(graph, tmp_path / "map.gexf")
    from_gexf = load_scenario(_scenario(tmp_path, 'file = "map.gexf"'))
    nodes = tmp_path / "orgs.csv"
    nodes.write_text(
        "id,label,sector,size,culture,statutory_power\n"
        "acute,Acute,health,5000,0.2,\ngp,,health,300,,\n"
        "council,,local_authority,,,0.4\ncharity,,third_sector,40,,\n"
        "care_home,,private,,,\n",
        encoding="utf-8",
    )
    edges = tmp_path / "links.csv"
    edges.write_text(
        "source,target,partnership,governance,contract.strength\n"
        "acute,gp,board,mandated,0.5\nacute,council,board,mandated,0.5\n"
        "council,charity,place,,\ncouncil,care_home,place,,\n",
        encoding="utf-8",
    )
    from_csv = load_scenario(
        _scenario(tmp_path, 'organisations = "orgs.csv"\npartnerships = "links.csv"')
    )
    assert from_gexf.organisations == from_csv.organisations
    assert from_gexf.partnerships == from_csv.partnerships


def test_ties_table_records_collaboration_per_pair(tmp_path):
    nx.write_graphml(_map(), tmp_path / "map.graphml")
    spec = load_scenario(_scenario(tmp_path, 'file = "map.graphml"'))
    ties = run_scenario(spec, seed=3).ties
    assert ties is not None
    share = ties["collaboration"].to_numpy(dtype=float)
    assert np.isnan(share[ties["step"] == 0]).all()  # no acts before the first step
    later = share[ties["step"] > 0]
    assert np.isfinite(later).any()
    assert ((later[np.isfinite(later)] >= 0) & (later[np.isfinite(later)] <= 1)).all()


def _bad_graph(change) -> nx.Graph:
    graph = _map()
    change(graph)
    return graph


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda g: g.nodes["gp"].pop("sector"), "node 'gp': missing 'sector'"),
        (
            lambda g: g.add_node("care_home", culure=0.3),
            "unknown attribute 'culure' (did you mean 'culture'?)",
        ),
        (lambda g: g.add_node("charity", sector="voluntary"), "node 'charity': sector"),
        (
            lambda g: nx.relabel_nodes(g, {"gp": "GP Surgery"}, copy=False),
            "node 'GP Surgery': organisation ids",
        ),
        (
            lambda g: g.add_edge(
                "gp", "charity", partnership="board", governance="voluntary"
            ),
            "partnership 'board' has governance = 'mandated' on an earlier edge",
        ),
        (
            lambda g: g.add_edge("gp", "charity", governence="mandated"),
            "edge (gp - charity): governence: unknown key (did you mean 'governance'?)",
        ),
        (lambda g: g.add_edge("gp", "ghost"), "node 'ghost': missing 'sector'"),
    ],
    ids=[
        "no-sector",
        "unknown-attribute",
        "bad-sector",
        "bad-id",
        "levers-disagree",
        "unknown-lever",
        "undeclared-node",
    ],
)
def test_bad_graphml_names_file_and_node_or_edge(tmp_path, capsys, change, expected):
    nx.write_graphml(_bad_graph(change), tmp_path / "map.graphml")
    scenario = _scenario(tmp_path, 'file = "map.graphml"')
    with pytest.raises(ScenarioError, match=r"map\.graphml: ") as info:
        load_scenario(scenario)
    assert expected in str(info.value)
    out = tmp_path / "r"
    assert main(["run", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "map.graphml" in err
    assert expected in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("orgs", "links", "expected"),
    [
        (
            "id,sector\na,health\nb,health\n",
            "source,target\na,zz\n",
            "links.csv: edge on line 2 (a - zz): unknown organisation 'zz'",
        ),
        (
            "id,sector\na,health\nb,health\n",
            "source,target\na,a\n",
            "links.csv: edge on line 2 (a - a): an organisation cannot",
        ),
        (
            "id,sector\na,health\na,private\n",
            "source,target\na,b\n",
            "orgs.csv: line 3: organisation 'a' is listed twice",
        ),
        ("id,size\na,3\nb,4\n", "source,target\na,b\n", "node 'a': missing 'sector'"),
        (
            "name,sector\na,health\n",
            "source,target\na,b\n",
            "orgs.csv: missing column(s) ['id']",
        ),
        (
            "id,sector\na,health\nb,health\n",
            "from,to\na,b\n",
            "links.csv: missing column(s) ['source', 'target']",
        ),
    ],
    ids=[
        "unknown-organisation",
        "self-loop",
        "duplicate",
        "no-sector",
        "no-id",
        "no-ends",
    ],
)
def test_bad_csv_names_file_and_node_or_edge(tmp_path, orgs, links, expected):
    (tmp_path / "orgs.csv").write_text(orgs, encoding="utf-8")
    (tmp_path / "links.csv").write_text(links, encoding="utf-8")
    scenario = _scenario(
        tmp_path, 'organisations = "orgs.csv"\npartnerships = "links.csv"'
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(scenario)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("network", "expected"),
    [
        ('file = "absent.graphml"', "network.file: file not found"),
        ('file = "map.txt"', "expected a .graphml or .gexf file"),
        ('organisations = "orgs.csv"', "need both 'organisations' and 'partnerships'"),
        ('file = "map.graphml"\ngenerator = "complete"', "unknown key 'generator'"),
    ],
)
def test_bad_network_table(tmp_path, network, expected):
    (tmp_path / "map.txt").write_text("", encoding="utf-8")
    (tmp_path / "orgs.csv").write_text("id,sector\n", encoding="utf-8")
    nx.write_graphml(_map(), tmp_path / "map.graphml")
    with pytest.raises(ScenarioError, match=r"map\.toml") as info:
        load_scenario(_scenario(tmp_path, network))
    assert expected in str(info.value)


def test_unreadable_graphml(tmp_path):
    (tmp_path / "map.graphml").write_text("<graphml><node", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"map\.graphml: cannot read GRAPHML"):
        load_scenario(_scenario(tmp_path, 'file = "map.graphml"'))


def test_export_without_ties_says_how_to_get_them(tmp_path, capsys):
    out = tmp_path / "r"
    argv = ["run", "voluntary_baseline", "--set", "outputs.ties=false"]
    assert main([*argv, "--steps", "3", "--quiet", "--out", str(out)]) == 0
    assert main(["report", str(out), "--graphml"]) == 2
    assert "outputs.ties=true" in capsys.readouterr().err
