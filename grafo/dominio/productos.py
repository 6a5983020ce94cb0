"""Productos: lo que una orden entrega, listo para cualquier formato (datos puros, sin escribir nada).

Cada producto expone sus filas o su texto y `aviso(salida, formato)`, la línea que se muestra al
escribirlo en un archivo; `PREDETERMINADO` es su formato cuando no se pide ninguno y
`SOBRE_FORMATOS`, qué decir cuando se pide uno que no tiene. Cómo se ve en cada formato lo deciden los renderizadores de
`grafo.formatos`; dónde va (terminal o archivo), `grafo.cli.salida.emitir`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from grafo.errores import opcion
from grafo.texto import cuantos

if TYPE_CHECKING:
    import pandas as pd
  # networkx tarda en cargar; una consulta no lo necesita
    import networkx as nx

    from grafo.dominio import analisis
    from grafo.dominio.matrices import Matriz


class Filas(Protocol):
    """Lo que los formatos leen de una tabla: un DataFrame de pandas o las `Filas` sin pandas de `grafo consultar`."""

    columns: Any
    empty: bool

    def __len__(self) -> int: ...

    def itertuples(self, index: bool = ..., name: Any = ...) -> Any: ...

    def to_dict(self, orient: Any = ...) -> Any: ...


@dataclass(frozen=True)
class Tabla:
    """Una tabla con título: el resultado de una consulta, una búsqueda, la priorización. `len()` cuenta sus filas."""

    titulo: str
    filas: Filas
    unidad: str = "filas"
    PREDETERMINADO = "tabla"
    SOBRE_FORMATOS = f"Una consulta SELECT o ASK da una tabla: use {opcion('formato')} tabla, csv o json."

    def __len__(self) -> int:
        return len(self.filas)

    def aviso(self, salida: Path, formato: str) -> str:
        singular = {"filas": "fila", "municipios": "municipio", "coincidencias": "coincidencia"}.get(
            self.unidad, self.unidad.removesuffix("s"))
        return f"{cuantos(len(self.filas), singular, self.unidad)}: escrito en {salida}."


@dataclass(frozen=True)
class Respuesta:
    """La respuesta de un ASK."""

    valor: bool
    PREDETERMINADO = "tabla"
    SOBRE_FORMATOS = Tabla.SOBRE_FORMATOS

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Respuesta escrita en {salida}."


@dataclass(frozen=True)
class Medidas:
    """Las medidas de la red de coordinación (`grafo analizar`)."""

    medido: analisis.Analisis
    instituciones: int
    pares: int
    red: Any = None  # nx.Graph de la red de coordinación, para exportarla (GEXF, GraphML)

    def aviso(self, salida: Path, formato: str) -> str:
        if formato in ("gexf", "graphml"):
            return (f"Red de coordinación escrita en {salida} ({cuantos(self.instituciones, 'institución', 'instituciones')}, "
                    f"{cuantos(self.pares, 'vínculo')}): ábrala en Gephi o Cytoscape.")
        return f"{cuantos(len(self.medido.medidas), 'institución', 'instituciones')}: escrito en {salida}."


@dataclass(frozen=True)
class Rutas:
    """Las rutas más cortas entre dos instituciones (`grafo ruta`)."""

    origen: str
    destino: str
    caminos: list[list[str]]
    total: int
    red: nx.Graph
    contexto: analisis.Contexto

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Ruta escrita en {salida}."


@dataclass(frozen=True)
class Bloques:
    """Las comunidades de la red de coordinación (`grafo comunidades`)."""

    bloques: list[analisis.Comunidad]
    sueltas: list[str]
    contexto: analisis.Contexto

    def aviso(self, salida: Path, formato: str) -> str:
        if formato == "texto":
            return f"Comunidades escritas en {salida}."
        return f"{cuantos(len(self.bloques), 'comunidad', 'comunidades')}: escrito en {salida}."


@dataclass(frozen=True)
class Libro:
    """Las matrices para reuniones, con su versión de datos, fecha y fuentes."""

    matrices: Sequence[Matriz]
    version_datos: str
    fecha: str
    fuentes: pd.DataFrame = field(default_factory=lambda: _tabla_vacia())

    def aviso(self, salida: Path, formato: str) -> str:
        if formato == "csv":
            return f"{self.matrices[0].hoja}: escrito en {salida}."
        hojas = ", ".join(m.hoja for m in self.matrices)
        return f"Libro escrito en {salida} (hojas: {hojas}, Leyenda, Fuentes)."


@dataclass(frozen=True)
class Tripletas:
    """Tripletas RDF: el grafo construido o lo que da un CONSTRUCT."""

    grafo: Any  # rdflib.Graph; el dominio no importa rdflib
    cantidad: int
    construido: bool = False  # el grafo entero de `grafo construir`
    PREDETERMINADO = "ttl"
    SOBRE_FORMATOS = f"Una consulta CONSTRUCT o DESCRIBE da tripletas: use {opcion('formato')} ttl o nt."

    def aviso(self, salida: Path, formato: str) -> str:
        if self.construido:
            return f"Grafo escrito en {salida} ({cuantos(self.cantidad, 'tripleta')})."
        return f"{cuantos(self.cantidad, 'tripleta')}: escrito en {salida}."


def _tabla_vacia() -> pd.DataFrame:
    import pandas as pd  # no en el arranque: una consulta no lo necesita

    return pd.DataFrame()


@dataclass(frozen=True)
class Publicacion:
    """Lo que quedó en el servidor después de `grafo publicar`."""

    endpoint: str
    grafo_iri: str
    tripletas: int
    version_datos: str

    def __str__(self) -> str:
        return (f"Grafo publicado: {self.tripletas} tripletas en <{self.grafo_iri}> de {self.endpoint} "
                f"(datos versión {self.version_datos}).")


@dataclass(frozen=True)
class Catalogo:
    """Las consultas con nombre (`grafo consultas`): nombre, título, descripción y parámetros en palabras."""

    consultas: tuple[tuple[str, str, str, str], ...]
    PREDETERMINADO = "texto"

    def aviso(self, salida: Path, formato: str) -> str:
        return f"{cuantos(len(self.consultas), 'consulta')}: escrito en {salida}."


@dataclass(frozen=True)
class EstadoCache:
    """Dónde está la caché de almacenes y qué guarda (`grafo cache`)."""

    carpeta: Path
    entradas: tuple[dict[str, object], ...]
    guardados: int  # cuántas entradas se conservan
    PREDETERMINADO = "texto"

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Estado de la caché escrito en {salida}."
