"""Bajo inferencia RDFS (lo que GraphDB hace por omisión) cada consulta da las mismas filas."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from grafo import consultas, motores


@pytest.fixture(scope="module")
def con_y_sin_inferencia(fuente_datos):  # type: ignore[no-untyped-def]
    import owlrl  # lo trae pySHACL

    cerrado = Graph()
    for tripleta in fuente_datos.grafo:
        cerrado.add(tripleta)
    antes = len(cerrado)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(cerrado)
    assert len(cerrado) > antes  # la inferencia sí agregó tripletas: la prueba compara algo
    # En Oxigraph, como el grafo de siempre: un literal simple y uno xsd:string son el mismo (RDF 1.1).
    en_oxigraph = motores.grafo_oxigraph()
    for tripleta in cerrado:
        if not isinstance(tripleta[0], Literal):  # owlrl deja tripletas generalizadas, con un literal de sujeto
            en_oxigraph.add(tripleta)
    return fuente_datos, motores.local(en_oxigraph)


@pytest.mark.parametrize("nombre", consultas.listar())
def test_mismas_filas_con_la_clausura_rdfs(con_y_sin_inferencia, nombre: str) -> None:
    base, cerrado = con_y_sin_inferencia
    consulta = consultas.cargar(nombre)
    parametros = {"instituciones": ["AMSCLAE", "SECCATID", "CTPT"]} if nombre == "fundamentos" else {}
    assert (consultas.ejecutar(cerrado, consulta, parametros).to_dict(orient="records")
            == consultas.ejecutar(base, consulta, parametros).to_dict(orient="records"))
