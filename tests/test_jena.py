"""Cada consulta con nombre da en Apache Jena ARQ las mismas filas que en Oxigraph, con sus parámetros enlazados."""

from __future__ import annotations

from pathlib import Path

import pytest

from grafo import consultas
from grafo.rdf import almacen
from tests.jena import Jena


@pytest.fixture(scope="module")
def jena_y_oxigraph(tmp_path_factory, fuente_datos):  # type: ignore[no-untyped-def]
    ruta = almacen.guardar(fuente_datos.grafo, tmp_path_factory.mktemp("jena") / "grafo.ttl")
    return Jena(ruta), fuente_datos


@pytest.fixture(scope="module")
def jena_mini(tmp_path_factory, grafo_mini_completo):  # type: ignore[no-untyped-def]
    """La miniatura completa en Jena: donde una consulta no da filas en datos/, se compara aquí, donde sí."""
    ruta = almacen.guardar(grafo_mini_completo.grafo, tmp_path_factory.mktemp("jena-mini") / "grafo.ttl")
    return Jena(ruta), grafo_mini_completo


def _ejemplo(fuente, clase: str) -> str:  # type: ignore[no-untyped-def]
    ids = consultas.ids_de(fuente, clase)
    return ids[len(ids) // 2]


@pytest.mark.parametrize("nombre", consultas.listar())
def test_mismas_filas_en_jena(jena_y_oxigraph, request: pytest.FixtureRequest, nombre: str) -> None:
    jena, oxigraph = jena_y_oxigraph
    consulta = consultas.cargar(nombre)
    if nombre != "fundamentos" and consultas.ejecutar(oxigraph, consulta).empty:
        jena, oxigraph = request.getfixturevalue("jena_mini")  # dos tablas vacías no comparan nada
        assert not consultas.ejecutar(oxigraph, consulta).empty
    pedidos = [{}]
    if consulta.parametros:  # también con cada parámetro enlazado como lo enlaza grafo (VALUES al comienzo)
        pedidos.append({p.nombre: _ejemplo(oxigraph, p.clase) for p in consulta.parametros})
    for parametros in pedidos:
        if nombre == "fundamentos" and not parametros:
            continue  # fundamentos exige instituciones
        en_oxigraph = consultas.ejecutar(oxigraph, consulta, parametros)
        en_jena = consultas.ejecutar(jena, consulta, parametros, tal_cual=True)  # el .rq mismo
        assert en_jena.to_dict(orient="records") == en_oxigraph.to_dict(orient="records"), parametros


def test_la_version_de_jena_es_la_que_dice_el_readme(jena_y_oxigraph) -> None:
    readme = (Path(__file__).parent.parent / "docs" / "servidor.md").read_text(encoding="utf-8")
    assert f"Apache Jena ARQ {jena_y_oxigraph[0].version_jena}" in readme
