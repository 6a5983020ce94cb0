"""Motores: de dónde salen las respuestas. Una sola interfaz para el almacén local y un servidor.

Quien consulta recibe una `Fuente` y no pregunta cuál es: el almacén Oxigraph (el de siempre),
un servidor SPARQL 1.1 (`remoto.Remoto`) o, solo en las pruebas, el motor en memoria de rdflib.
Se elige una vez, al abrir el proyecto (`grafo.abrir`): `local(grafo)` o `Remoto(url)`. Aquí, y solo
aquí, se mira de qué almacén está hecho un grafo. Cada motor pasa cada consulta que envía por su
`traza` (`motores.traza`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox
    from rdflib import Graph

    from grafo.motores.celdas import Filas
    from grafo.motores.traza import Traza

    from grafo.rdf.mapeo import Tripleta


@dataclass(frozen=True)
class ResultadoLibre:
    """Lo que devuelve una consulta libre: una tabla (SELECT), un sí/no (ASK) o tripletas."""

    tabla: pd.DataFrame | None = None
    booleano: bool | None = None
    tripletas: Graph | None = None


class Fuente(Protocol):
    """Donde se consulta el grafo: responde SPARQL, dice su versión de datos y cuántas tripletas tiene."""

    tiempo_limite: float | None
    traza: Traza | None

    def seleccionar(self, texto: str) -> pd.DataFrame:
        """Un SELECT como DataFrame, con los valores y tipos de `grafo.celdas`."""

    def seleccionar_filas(self, texto: str) -> Filas:
        """Un SELECT como `Filas` (sin pandas), con los mismos valores que `seleccionar`."""

    def libre(self, texto: str) -> ResultadoLibre:
        """Una consulta de cualquier forma (SELECT, ASK, CONSTRUCT, DESCRIBE); ya revisada de solo lectura."""

    def version(self) -> str:
        """La versión (huella) del paquete de datos con que se construyó el grafo; vacía si no la tiene."""

    def contar(self) -> int:
        """Cuántas tripletas tiene el grafo."""

    def en_memoria(self) -> Graph:
        """Todas las tripletas en un grafo rdflib en memoria (para validar con pySHACL)."""

    def en_oxigraph(self) -> ox.Store:
        """Todas las tripletas en un almacén pyoxigraph (el mismo, si ya lo es), para validar con SPARQL."""


class Almacen(Fuente, Protocol):
    """Una fuente local, que además se llena y se vuelca."""

    grafo: Graph

    def agregar(self, tripletas: Iterable[Tripleta]) -> None:
        """Agrega tripletas de términos pyoxigraph."""

    def leer(self, ruta: Path, formato: str) -> None:
        """Agrega las tripletas de un archivo RDF (ttl, nt, jsonld)."""

    def volcar(self) -> bytes:
        """Todas las tripletas en N-Triples, en el orden del motor."""


def grafo_oxigraph() -> Graph:
    """Un grafo rdflib vacío sobre un almacén Oxigraph en memoria (grafo por defecto: el SPARQL directo lo ve)."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return Graph(store=OxigraphStore(store=ox.Store()), identifier=DATASET_DEFAULT_GRAPH_ID)


def local(grafo: Graph, *, tiempo_limite: float | None = None, traza: Traza | None = None) -> Almacen:
    """El motor de un grafo rdflib: directo a pyoxigraph si está sobre Oxigraph, si no el de rdflib (sin límite
    de tiempo: solo lo usan las pruebas)."""
    from oxrdflib import OxigraphStore

    if isinstance(grafo.store, OxigraphStore):
        from grafo.motores.oxigraph import Oxigraph

        return Oxigraph(grafo, tiempo_limite=tiempo_limite, traza=traza)
    from grafo.motores.memoria import Memoria

    return Memoria(grafo, traza=traza)
