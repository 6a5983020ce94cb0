"""La red para Gephi y Cytoscape: GEXF y GraphML que networkx vuelve a leer con todo lo que se escribió."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from grafo.cli import principal
from tests.conftest import RAIZ


@pytest.mark.parametrize("formato", ["gexf", "graphml"])
def test_analizar_escribe_la_red_de_coordinacion(runner, datos_una_vez: None, tmp_path: Path, formato: str) -> None:
    salida = tmp_path / f"red.{formato}"
    resultado = runner.invoke(principal, ["analizar", "--datos", str(RAIZ / "datos"), "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    red = nx.read_gexf(salida) if formato == "gexf" else nx.read_graphml(salida)
    medidas = runner.invoke(principal, ["analizar", "--datos", str(RAIZ / "datos"), "--formato", "json"])
    import json

    filas = {f["institucion"]: f for f in json.loads(medidas.stdout)["instituciones"]}
    assert set(red.nodes) == set(filas)
    for sigla, f in filas.items():
        nodo = red.nodes[sigla]
        assert nodo["label"] == f["nombre"] and nodo["comunidad"] == f["comunidad"]
        assert nodo["pagerank"] == pytest.approx(f["pagerank"]) and nodo["tipo"]
        assert isinstance(nodo["x"], float) and isinstance(nodo["y"], float)
    if formato == "gexf":
        assert all("viz" in red.nodes[n] for n in red.nodes)  # Gephi lee la posición de viz
    # Lo mismo dos veces, byte por byte.
    runner.invoke(principal, ["analizar", "--datos", str(RAIZ / "datos"), "--salida", str(tmp_path / f"b.{formato}")])
    assert (tmp_path / f"b.{formato}").read_bytes() == salida.read_bytes()


def test_el_mapa_como_gexf_trae_clases_y_posiciones(runner, datos_una_vez: None, tmp_path: Path) -> None:
    salida = tmp_path / "mapa.gexf"
    resultado = runner.invoke(principal, ["mapa", "--datos", str(RAIZ / "datos"), "--vista", "mandatos",
                                          "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    red = nx.read_gexf(salida)
    assert {d["clase"] for _, d in red.nodes(data=True)} == {"institucion", "mandato", "tema"}
    assert {d["tipo"] for _, _, d in red.edges(data=True)} >= {"asignado", "cubre"}
    assert all("viz" in d for _, d in red.nodes(data=True))
