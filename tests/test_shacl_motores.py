"""Las formas SHACL dan los mismos resultados en pySHACL y en TopBraid SHACL (sobre Jena), en el grafo real
y en copias dañadas a propósito; cada resultado nombra su camino (la columna)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, SH, SKOS, XSD

from grafo import motores
from grafo.rdf import almacen, validacion
from grafo.rdf.almacen import ruta_ontologia
from grafo.rdf.vocabulario import GR, iri
from tests.jena import _arrancar

FORMAS = ruta_ontologia() / "formas.ttl"


def _clave(informe: Graph) -> set[tuple[str, str, str]]:
    """Cada resultado como (foco, camino, severidad): lo que debe coincidir entre motores."""
    return {(str(informe.value(r, SH.focusNode)), str(informe.value(r, SH.resultPath)),
             str(informe.value(r, SH.resultSeverity))) for r in informe.subjects(SH.focusNode, None)}


def _pyshacl(g: Graph) -> Graph:
    import pyshacl

    _conforma, informe, _texto = pyshacl.validate(g, shacl_graph=Graph().parse(FORMAS), advanced=True)
    return informe


def _topbraid(ruta: Path) -> Graph:
    _arrancar()
    from java.io import ByteArrayOutputStream  # type: ignore[import-not-found]
    from org.apache.jena.riot import RDFDataMgr, RDFFormat  # type: ignore[import-not-found]
    from org.topbraid.shacl.validation import ValidationUtil  # type: ignore[import-not-found]

    informe = ValidationUtil.validateModel(RDFDataMgr.loadModel(str(ruta)), RDFDataMgr.loadModel(str(FORMAS)), False)
    salida = ByteArrayOutputStream()
    RDFDataMgr.write(salida, informe.getModel(), RDFFormat.NTRIPLES)
    return Graph().parse(data=bytes(salida.toByteArray()).decode("utf-8"), format="nt")


def _dano(nombre: str, g: Graph) -> None:
    if nombre == "falta un valor obligatorio":
        g.remove((iri("institucion", "IGM"), SKOS.prefLabel, None))
    elif nombre == "ciclo en skos:broader":
        g.add((iri("tema", "GOBERNANZA-MIGRATORIA"), SKOS.broader, iri("tema", "POLITICA-MIGRATORIA")))
        g.add((iri("tema", "POLITICA-MIGRATORIA"), SKOS.broader, iri("tema", "GOBERNANZA-MIGRATORIA")))
    elif nombre == "ciclo en org:subOrganizationOf":
        g.add((iri("institucion", "IGM"), ORG.subOrganizationOf, iri("institucion", "IGM-DEPM")))
    elif nombre == "tipo de dato equivocado":
        g.remove((iri("mandato", "M-001"), GR.verificado, None))
        g.add((iri("mandato", "M-001"), GR.verificado, Literal("sí")))
    elif nombre == "fuera de rango":
        g.add((iri("accion", "A-2024-001"), GR.avance, Literal("140", datatype=XSD.decimal)))
        g.add((iri("accion", "A-2024-002"), GR.responsable, iri("tema", "RECEPCION-RETORNADOS")))


@pytest.mark.parametrize("dano", ["ninguno", "falta un valor obligatorio", "ciclo en skos:broader",
                                  "ciclo en org:subOrganizationOf", "tipo de dato equivocado", "fuera de rango"])
def test_mismos_resultados_en_pyshacl_y_topbraid(fuente_datos, tmp_path: Path, dano: str) -> None:
    g = Graph()
    for tripleta in fuente_datos.grafo:
        g.add(tripleta)
    _dano(dano, g)
    ruta = tmp_path / "grafo.ttl"
    ruta.write_bytes(almacen.serializar(g, formato="ttl"))
    en_pyshacl, en_topbraid = _clave(_pyshacl(g)), _clave(_topbraid(ruta))
    assert en_pyshacl == en_topbraid
    assert all(camino != "None" for _foco, camino, _sev in en_pyshacl), "cada resultado nombra su camino"
    if dano != "ninguno":
        assert any(sev == str(SH.Violation) for _f, _c, sev in en_pyshacl)  # el daño se ve
        errores = validacion.validar(motores.local(g)).errores()
        assert errores and all(e.problema.columna for e in errores), [str(e) for e in errores]
