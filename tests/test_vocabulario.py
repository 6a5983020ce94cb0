"""El vocabulario cerrado del código coincide con la ontología y rechaza términos mal escritos."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from grafo.paquete.esquema import NIVELES, TIPOS_INSTITUCION, TIPOS_INSTRUMENTO
from grafo.evidencia import CARGAS, COMO, FIABILIDADES
from grafo.rdf.vocabulario import GR, iri
from tests.conftest import RAIZ


@pytest.fixture(scope="module")
def ontologia() -> Graph:
    return Graph().parse(RAIZ / "ontologia" / "grafo.ttl")


def test_cada_termino_del_codigo_esta_en_la_ontologia(ontologia: Graph) -> None:
    declarados = set(ontologia.subjects(RDF.type, OWL.Class)) | set(ontologia.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(ontologia.subjects(RDF.type, OWL.DatatypeProperty))
    for nombre in GR.__annotations__:
        assert GR[nombre] in declarados, f"gr:{nombre} no está declarado en ontologia/grafo.ttl"


def test_cada_termino_de_la_ontologia_esta_en_el_codigo(ontologia: Graph) -> None:
    propios = {s for s in ontologia.subjects() if isinstance(s, URIRef) and s.startswith(str(GR._NS))}
    assert propios == {GR[n] for n in GR.__annotations__}


def test_etiquetas_en_espanol_e_ingles(ontologia: Graph) -> None:
    for nombre in GR.__annotations__:
        idiomas = {e.language for e in ontologia.objects(GR[nombre], URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert {"es", "en"} <= idiomas, nombre


def test_termino_mal_escrito_falla() -> None:
    with pytest.raises(AttributeError):
        GR.Mandat0  # noqa: B018


@pytest.mark.parametrize(("clase", "valores"), [("tipo-institucion", TIPOS_INSTITUCION), ("nivel", NIVELES),
                                                 ("tipo-instrumento", TIPOS_INSTRUMENTO), ("fiabilidad", FIABILIDADES),
                                                 ("como", COMO), ("carga", CARGAS)])
def test_listas_cerradas_tienen_su_concepto(ontologia: Graph, clase: str, valores: tuple[str, ...]) -> None:
    for valor in valores:
        assert (iri(clase, valor), RDF.type, SKOS.Concept) in ontologia
