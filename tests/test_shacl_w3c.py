"""La batería de pruebas SHACL del W3C (core y sparql, copiada en `tests/w3c_shacl`) pasada por los motores de grafo.

Cada prueba carga su grafo de datos como grafo carga un archivo RDF (`almacen.cargar`, en Oxigraph), sus
formas con rdflib, y valida con `validacion.hallar` en cada motor. Se compara como dice la batería: el
veredicto y el multiconjunto de resultados por foco, ruta, valor, forma, severidad y componente (los
sh:detail no cuentan; un nodo en blanco vale por cualquier otro). Una prueba `sht:Failure` se acierta
con un `ErrorGrafo`, nunca con un informe.

Lo que se exige: el motor «sparql» rechaza (`OpcionInvalida`) lo que no compila o acierta, nunca se
equivoca; «auto» no se cae (solo da errores de grafo) y acierta en toda prueba donde acierta pySHACL.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import rdflib
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from grafo import motores
from grafo.errores import ErrorGrafo, OpcionInvalida
from grafo.rdf import almacen, validacion
from grafo.rdf.formas_sparql import Hallazgo

W3C = Path(__file__).parent / "w3c_shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
MOTORES = ("sparql", "auto", "pyshacl")

Clave = tuple[str | None, ...]


@dataclass(frozen=True, eq=False)  # por identidad: un caso es uno solo
class Caso:
    """Una prueba de la batería: sus archivos y lo que espera (None: un sht:Failure)."""

    nombre: str
    datos: Path
    formas: Path
    esperado: Counter[Clave] | None

    def __str__(self) -> str:
        return self.nombre


def _ruta(termino: Node) -> Path:
    return Path(unquote(urlparse(str(termino)).path))


def _clave_esperada(informe: Graph, resultado: Node) -> Clave:
    def termino(predicado: URIRef) -> str | None:
        valor = informe.value(resultado, predicado)
        return None if valor is None else "_:" if isinstance(valor, BNode) else str(valor)

    componente = termino(SH.sourceConstraintComponent)
    return (termino(SH.focusNode), termino(SH.resultPath), termino(SH.value), termino(SH.sourceShape),
            termino(SH.resultSeverity), None if componente is None else componente.rsplit("#", 1)[-1])


def _esperado(manifiesto: Graph, prueba: Node) -> Counter[Clave] | None:
    informe = manifiesto.value(prueba, MF.result)
    if informe == SHT.Failure:
        return None
    conforma = manifiesto.value(informe, SH.conforms)
    resultados = Counter(_clave_esperada(manifiesto, r) for r in manifiesto.objects(informe, SH.result))
    assert isinstance(conforma, Literal) and conforma.toPython() == (not resultados), prueba
    return resultados


def _leer_manifiesto(archivo: Path) -> list[Caso]:
    # Los valores esperados tal como están escritos: rdflib, por defecto, reescribe "2011-01-01"^^xsd:dateTime.
    normalizar, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        manifiesto = Graph().parse(archivo, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = normalizar
    casos: list[Caso] = []
    for incluido in sorted(manifiesto.objects(None, MF.include), key=str):
        casos += _leer_manifiesto(_ruta(incluido))
    for lista in manifiesto.objects(None, MF.entries):
        for prueba in Collection(manifiesto, lista):
            assert (prueba, RDF.type, SHT.Validate) in manifiesto, prueba
            accion = manifiesto.value(prueba, MF.action)
            nombre = _ruta(prueba).relative_to(W3C).as_posix()
            casos.append(Caso(nombre, _ruta(manifiesto.value(accion, SHT.dataGraph)),
                              _ruta(manifiesto.value(accion, SHT.shapesGraph)), _esperado(manifiesto, prueba)))
    return casos


CASOS = _leer_manifiesto(W3C / "manifest.ttl")


def _clave_hallada(h: Hallazgo, en_blanco: set[str]) -> Clave:
    def nodo(valor: str | None) -> str | None:
        return "_:" if valor in en_blanco else valor

    ruta = None if h.ruta is None else "_:" if ":" not in h.ruta else h.ruta  # una ruta compleja: nodo en blanco
    forma = "_:" if isinstance(h.forma, BNode) else str(h.forma)
    return nodo(h.foco), ruta, nodo(h.valor), forma, h.severidad, h.componente


@functools.cache
def veredicto(caso: Caso, motor: str) -> tuple[str, str]:
    """(«bien», «mal», «rechazo», «error» o «caida», qué pasó) de un motor en una prueba."""
    formas = Graph().parse(caso.formas, format="turtle")
    try:
        fuente = motores.local(almacen.cargar(caso.datos))
        hallados, store = validacion.hallar(fuente, formas=formas, motor=motor)
    except OpcionInvalida as error:
        return ("rechazo" if motor == "sparql" else "error"), str(error)
    except ErrorGrafo as error:
        return ("bien" if caso.esperado is None else "error"), str(error)
    except Exception as error:  # noqa: BLE001 - justo lo que se mide: un motor que se cae
        return "caida", f"{type(error).__name__}: {error}"
    import pyoxigraph as ox

    en_blanco = {t.value for q in store for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    obtenido = Counter(_clave_hallada(h, en_blanco) for h in hallados if not h.detalle)
    if caso.esperado is None:
        return "mal", f"dio un informe ({sum(obtenido.values())} resultados) donde debía dar un error"
    if obtenido == caso.esperado:
        return "bien", ""
    return "mal", f"sobran {obtenido - caso.esperado}; faltan {caso.esperado - obtenido}"


def test_la_bateria_esta_completa() -> None:
    nombres = [c.nombre for c in CASOS]
    assert len(nombres) == len(set(nombres))
    assert sum(n.startswith("core/") for n in nombres) > 90 and sum(n.startswith("sparql/") for n in nombres) > 20
    assert any(c.esperado is None for c in CASOS) and any(c.esperado for c in CASOS)


@pytest.mark.parametrize("caso", CASOS, ids=str)
def test_el_motor_compilado_rechaza_o_acierta(caso: Caso) -> None:
    que, detalle = veredicto(caso, "sparql")
    assert que in ("bien", "rechazo"), detalle


@pytest.mark.parametrize("caso", CASOS, ids=str)
def test_auto_no_se_cae_y_acierta_donde_pyshacl(caso: Caso) -> None:
    que, detalle = veredicto(caso, "auto")
    assert que != "caida", detalle
    if veredicto(caso, "pyshacl")[0] == "bien":
        assert que == "bien", detalle


# Lo que el motor compilado debe responder él mismo, sin pasar la prueba a pySHACL: lo que usan las formas
# de grafo (cardinalidad, tipo de dato, clase, valores permitidos, rangos, restricciones SPARQL unibles).
COMPILADAS = ["core/property/datatype-001", "core/property/datatype-002", "core/property/minCount-001",
              "core/property/maxCount-001", "core/property/in-001", "core/property/maxExclusive-001",
              "core/property/node-002", "core/node/minInclusive-001", "core/targets/targetClass-001",
              "core/targets/targetSubjectsOf-001", "sparql/node/sparql-001", "sparql/node/prefixes-001",
              "sparql/pre-binding/unsupported-sparql-001", "sparql/pre-binding/unsupported-sparql-005"]


@pytest.mark.parametrize("nombre", COMPILADAS)
def test_el_motor_compilado_responde_lo_que_usa_grafo(nombre: str) -> None:
    (caso,) = [c for c in CASOS if c.nombre == nombre]
    que, detalle = veredicto(caso, "sparql")
    assert que == "bien", detalle


_FORMAS_DE_TIPOS = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
""" + "".join(f"ex:f{i} sh:targetSubjectsOf ex:{t} ; sh:path ex:{t} ; sh:datatype xsd:{t} .\n" for i, t in enumerate(
    ["int", "byte", "decimal", "unsignedInt", "unsignedLong", "negativeInteger", "nonNegativeInteger", "date",
     "boolean", "token"]))

# Cada literal con lo que XSD dice de él: (tipo, texto, válido).
_LITERALES = [("int", " 7 ", True), ("byte", " 127 ", True), ("byte", " 128 ", False), ("byte", "c", False),
              ("decimal", " 5 ", True), ("decimal", "5 .0", False), ("unsignedInt", " -1 ", False),
              ("unsignedLong", " 18446744073709551615 ", True), ("unsignedLong", " 18446744073709551616", False),
              ("negativeInteger", " 1 ", False), ("negativeInteger", " -1 ", True),
              ("nonNegativeInteger", " -0 ", True), ("nonNegativeInteger", " -3 ", False),
              ("date", " 2020-02-28 ", True), ("date", "2020-02-30", False), ("boolean", " true ", True),
              ("boolean", "yes", False), ("token", "a b", True), ("token", " a", False)]


def _validar_archivo(tmp_path: Path, datos: str, motor: str) -> set[tuple[str, str]]:
    (tmp_path / "datos.ttl").write_text("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + datos, "utf-8")
    formas = Graph().parse(data=_FORMAS_DE_TIPOS, format="turtle")
    hallados, _ = validacion.hallar(motores.local(almacen.cargar(tmp_path / "datos.ttl")), formas=formas, motor=motor)
    return {(str(h.ruta).rsplit(":", 1)[-1], str(h.valor)) for h in hallados}


def test_el_motor_compilado_revisa_el_espacio_lexico_y_el_rango(tmp_path: Path) -> None:
    datos = "".join(f'<urn:ex:i{n}> <urn:ex:{t}> "{texto}"^^xsd:{t} .\n' for n, (t, texto, _) in enumerate(_LITERALES))
    assert _validar_archivo(tmp_path, datos, "sparql") == {(t, texto) for t, texto, valido in _LITERALES
                                                           if not valido}


def test_el_tipo_de_un_literal_es_el_que_escribio_el_archivo(tmp_path: Path) -> None:
    """Oxigraph guarda "7"^^xsd:int como xsd:integer y "300"^^xsd:byte como un entero válido: el motor compilado,
    que consulta lo guardado, lo dice y no responde; auto y pySHACL validan lo que escribió el archivo."""
    datos = ('<urn:ex:a> <urn:ex:int> "7"^^xsd:int . <urn:ex:b> <urn:ex:byte> "300"^^xsd:byte .\n'
             '<urn:ex:c> <urn:ex:decimal> "4.0"^^xsd:decimal . <urn:ex:d> <urn:ex:byte> "-5"^^xsd:byte .\n')
    with pytest.raises(OpcionInvalida, match="Oxigraph guarda"):
        _validar_archivo(tmp_path, datos, "sparql")
    for motor in ("auto", "pyshacl"):
        assert _validar_archivo(tmp_path, datos, motor) == {("byte", "300")}, motor
