"""El motor en memoria de rdflib: la referencia independiente de las pruebas (mismas filas que Oxigraph)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from grafo.errores import ConsultaInvalida, ErrorGrafo
from grafo.motores import ResultadoLibre
from grafo.motores.oxigraph import SOLO_SELECT, Reescritura, reescritura, volcar_store
from grafo.motores.traza import Traza, medir
from grafo.rdf.vocabulario import CONJUNTO, GR

if TYPE_CHECKING:
    from grafo.motores.celdas import Filas
    from grafo.rdf.mapeo import Tripleta

_LECTORES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


class Memoria:
    """Un grafo rdflib de cualquier almacén, consultado con el motor SPARQL de rdflib."""

    tiempo_limite = None

    def __init__(self, grafo: Graph, *, traza: Traza | None = None) -> None:
        self.grafo, self.traza = grafo, traza

    def seleccionar(self, texto: str) -> pd.DataFrame:
        return _tabla(self._consultar(texto))

    def seleccionar_filas(self, texto: str) -> Filas:
        from grafo.motores.celdas import Filas

        return Filas.de_tabla(self.seleccionar(texto))

    def libre(self, texto: str) -> ResultadoLibre:
        resultado = self._consultar(texto)
        if resultado.type == "ASK":
            return ResultadoLibre(booleano=bool(resultado.askAnswer))
        if resultado.type in ("CONSTRUCT", "DESCRIBE"):
            tripletas = Graph()
            for t in resultado:
                tripletas.add(t)  # type: ignore[arg-type]
            return ResultadoLibre(tripletas=tripletas)
        return ResultadoLibre(tabla=_tabla(resultado))

    def _consultar(self, texto: str):  # type: ignore[no-untyped-def]
        try:
            return medir(self.traza, texto, lambda: self.grafo.query(texto))
        except ParseException as error:  # el analizador de rdflib
            raise ConsultaInvalida(f"La consulta SPARQL no es válida: {error}") from error

    def version(self) -> str:
        return str(self.grafo.value(CONJUNTO, GR.versionDatos) or "")

    def contar(self) -> int:
        return len(self.grafo)

    def en_memoria(self) -> Graph:
        return a_memoria(self.grafo)

    def en_oxigraph(self) -> ox.Store:
        copia = ox.Store()
        copia.bulk_extend(ox.Quad(_a_ox(s), _a_ox(p), _a_ox(o), ox.DefaultGraph()) for s, p, o in self.grafo)
        return copia

    def reescritura(self) -> Reescritura | None:
        """Lo que `en_oxigraph` guarda distinto de este grafo (ver `oxigraph.Reescritura`)."""
        return reescritura(ox.Triple(_a_ox(s), _a_ox(p), _a_ox(o)) for s, p, o in self.grafo)

    def agregar(self, tripletas: Iterable[Tripleta]) -> None:
        self.grafo.addN((_de_ox(s), _de_ox(p), _de_ox(o), self.grafo) for s, p, o in tripletas)

    def leer(self, ruta: Path, formato: str) -> None:
        try:
            self.grafo.parse(ruta, format=_LECTORES[formato])
        except (OSError, SyntaxError, ValueError) as error:
            raise ErrorGrafo(f"No se pudo leer el grafo {ruta}: {error}.") from error

    def volcar(self) -> bytes:
        return volcar_store(self.en_oxigraph())


def _tabla(resultado) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    if resultado.type != "SELECT":
        raise ConsultaInvalida(SOLO_SELECT)
    columnas = [str(v) for v in resultado.vars or []]
    filas = [[_valor(t) for t in fila] for fila in resultado]
    return pd.DataFrame(filas, columns=columnas, dtype=object) if filas else pd.DataFrame(
        {c: pd.Series([], dtype=object) for c in columnas})


def _valor(termino: object) -> object:
    # Como en el CSV de Oxigraph, un texto vacío y una variable sin valor salen iguales.
    if termino is None or termino == Literal(""):
        return None
    if isinstance(termino, Literal):
        valor = termino.toPython()
        if isinstance(valor, Decimal):  # xsd:decimal: un número, como lo da Oxigraph (el avance 40 salía «40»)
            return float(valor)
        return valor if isinstance(valor, (int, float, bool)) else str(termino)
    return str(termino)


def _de_ox(termino: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(termino, ox.NamedNode):
        return URIRef(termino.value)
    if termino.language:
        return Literal(termino.value, lang=termino.language)
    tipo = termino.datatype.value
    return Literal(termino.value, datatype=None if tipo == str(XSD.string) else URIRef(tipo))


def _a_ox(termino: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(termino, BNode):
        return ox.BlankNode(str(termino))
    if isinstance(termino, URIRef):
        return ox.NamedNode(termino)
    if isinstance(termino, Literal):
        if termino.language:
            return ox.Literal(str(termino), language=termino.language)
        return ox.Literal(str(termino), datatype=ox.NamedNode(termino.datatype or XSD.string))
    raise ErrorGrafo(f"Término no admitido en el grafo: {termino!r}.")


def _simple(termino: object) -> object:
    if isinstance(termino, Literal) and termino.datatype == XSD.string:
        return Literal(str(termino))
    return termino


def a_memoria(grafo: Graph) -> Graph:
    """Copia en el almacén de memoria de rdflib, con los `xsd:string` como literales simples.

    oxrdflib devuelve cada literal simple con tipo `xsd:string`; en RDF 1.1 es lo mismo, pero
    rdflib los distingue al comparar términos.
    """
    copia = Graph()
    for prefijo, espacio in grafo.namespaces():
        copia.bind(prefijo, espacio)
    copia.addN((s, p, _simple(o), copia) for s, p, o in grafo)  # type: ignore[misc]
    return copia
