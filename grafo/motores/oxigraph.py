"""El almacén local: pyoxigraph directo bajo la API de rdflib (oxrdflib) que usa el resto del grafo.

Las consultas van directo a pyoxigraph: `prepareQuery` e `initBindings` de rdflib caen al motor
lento de rdflib, y convertir resultados grandes a términos de rdflib cuesta más que la consulta.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from grafo.motores import celdas
from grafo.motores.celdas import Celda
from grafo.errores import ConsultaInvalida, ErrorGrafo
from grafo.motores import ResultadoLibre
from grafo.motores.plazo import a_tiempo
from grafo.motores.traza import Traza, medir
from grafo.rdf.espacios import CONJUNTO, GR

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph

    from grafo.rdf.mapeo import Tripleta

FORMATOS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
TRIPLETAS_POR_TROZO = 50_000
# Hasta aquí, las filas se convierten una a una; más allá, por CSV (ver _tabla_de_soluciones).
FILAS_DIRECTAS = 2_000
SOLO_SELECT = "Solo las consultas SELECT devuelven una tabla; use «grafo sparql» para ASK o CONSTRUCT."


class Oxigraph:
    """Un grafo rdflib sobre Oxigraph, consultado y llenado por pyoxigraph."""

    def __init__(self, grafo: Graph | None = None, *, almacen: ox.Store | None = None,
                 tiempo_limite: float | None = None, traza: Traza | None = None) -> None:
        """Sobre un grafo rdflib de Oxigraph, o sobre un almacén pyoxigraph (el de la caché, en disco)."""
        if almacen is None:
            if grafo is None:
                raise TypeError("Oxigraph necesita un grafo o un almacén")
            almacen = grafo.store._inner  # type: ignore[attr-defined]
        self._ox: ox.Store = almacen
        self._grafo, self.tiempo_limite, self.traza = grafo, tiempo_limite, traza

    @property
    def grafo(self) -> Graph:
        """El grafo rdflib sobre el mismo almacén; se arma al pedirlo (rdflib no se importa si no hace falta)."""
        if self._grafo is None:
            from oxrdflib import OxigraphStore
            from rdflib import Graph
            from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

            from grafo.rdf.almacen import PREFIJOS

            self._grafo = Graph(store=OxigraphStore(store=self._ox), identifier=DATASET_DEFAULT_GRAPH_ID)
            for prefijo, espacio in PREFIJOS.items():
                self._grafo.bind(prefijo, espacio)
        return self._grafo

    def seleccionar(self, texto: str) -> pd.DataFrame:
        return medir(self.traza, texto, lambda: a_tiempo(lambda: self._seleccionar(texto), self.tiempo_limite))

    def seleccionar_filas(self, texto: str) -> celdas.Filas:
        return medir(self.traza, texto, lambda: a_tiempo(lambda: self._seleccionar_filas(texto), self.tiempo_limite))

    def _seleccionar_filas(self, texto: str) -> celdas.Filas:
        soluciones = self._ox.query(texto)
        if not isinstance(soluciones, ox.QuerySolutions):
            raise ConsultaInvalida(SOLO_SELECT)
        columnas = [v.value for v in soluciones.variables]
        crudas = [[_celda(f[i]) for i in range(len(columnas))] for f in soluciones]
        return celdas.Filas(columnas, celdas.valores(columnas, crudas))

    def _seleccionar(self, texto: str) -> pd.DataFrame:
        soluciones = self._ox.query(texto)
        if not isinstance(soluciones, ox.QuerySolutions):
            raise ConsultaInvalida(SOLO_SELECT)
        return tabla_de_soluciones(soluciones)

    def libre(self, texto: str) -> ResultadoLibre:
        return medir(self.traza, texto, lambda: a_tiempo(lambda: self._libre(texto), self.tiempo_limite))

    def _libre(self, texto: str) -> ResultadoLibre:
        try:
            crudo = self._ox.query(texto)
        except SyntaxError as error:
            raise ConsultaInvalida(error_de_sintaxis(str(error))) from error
        if isinstance(crudo, ox.QuerySolutions):
            return ResultadoLibre(tabla=tabla_de_soluciones(crudo))
        if isinstance(crudo, ox.QueryBoolean):
            return ResultadoLibre(booleano=bool(crudo))
        from rdflib import Graph

        tripletas = Graph()
        tripletas.parse(data=crudo.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return ResultadoLibre(tripletas=tripletas)

    def version(self) -> str:
        cuadruplas = self._ox.quads_for_pattern(ox.NamedNode(CONJUNTO), ox.NamedNode(GR + "versionDatos"), None, None)
        return next((c.object.value for c in cuadruplas), "")

    def contar(self) -> int:
        # len() de rdflib sobre Oxigraph hace una consulta: 2,4 s a 1 millón de tripletas.
        return len(self._ox)

    def en_memoria(self) -> Graph:
        from grafo.motores.memoria import a_memoria

        return a_memoria(self.grafo)

    def en_oxigraph(self) -> ox.Store:
        return self._ox

    def agregar(self, tripletas: Iterable[Tripleta]) -> None:
        # Por trozos de texto N-Triples (cada término se escribe en Rust con su escape) que Oxigraph
        # carga en otro hilo mientras Python prepara el siguiente. Medido a 1 millón de tripletas:
        # 3,6 s, contra 4,7 s cargando todo al final y 7,5 s creando un ox.Quad por tripleta.
        from concurrent.futures import Future, ThreadPoolExecutor  # 6 ms de arranque: solo quien construye

        destino, defecto = self._ox, ox.DefaultGraph()
        iterador = iter(tripletas)
        with ThreadPoolExecutor(max_workers=1) as hilo:
            pendiente: Future[None] | None = None
            while trozo := list(itertools.islice(iterador, TRIPLETAS_POR_TROZO)):
                texto = "".join(f"{s} {p} {o} .\n" for s, p, o in trozo).encode("utf-8")
                if pendiente is not None:
                    pendiente.result()
                pendiente = hilo.submit(destino.load, texto, format=ox.RdfFormat.N_TRIPLES, to_graph=defecto)
            if pendiente is not None:
                pendiente.result()

    def leer(self, ruta: Path, formato: str) -> None:
        try:
            self._ox.load(path=str(ruta), format=FORMATOS[formato], to_graph=ox.DefaultGraph())
        except (OSError, SyntaxError, ValueError) as error:
            raise ErrorGrafo(f"No se pudo leer el grafo {ruta}: {error}. "
                             "Cómo corregirlo: genérelo con «grafo construir».") from error
        # Un JSON-LD con «@id» y «@graph» arriba pone sus tripletas en un grafo con nombre; las consultas
        # de grafo ven el grafo por defecto, donde las deja `grafo construir`.
        for nombre in list(self._ox.named_graphs()):
            cuadruplas = list(self._ox.quads_for_pattern(None, None, None, nombre))
            self._ox.extend(ox.Quad(c.subject, c.predicate, c.object, ox.DefaultGraph()) for c in cuadruplas)
            self._ox.remove_graph(nombre)

    def volcar(self) -> bytes:
        return volcar_store(self._ox)


def volcar_store(almacen: ox.Store) -> bytes:
    """Las tripletas del grafo por defecto de un almacén pyoxigraph, en N-Triples."""
    return almacen.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def error_de_sintaxis(detalle: str) -> str:
    """El error de sintaxis de Oxigraph («error at L:C: …») como mensaje en español."""
    lugar = re.match(r"error at (\d+):(\d+): (.*)", detalle, re.DOTALL)
    if lugar is None:
        return f"La consulta SPARQL no es válida (el motor dice: {detalle}). Revise la sintaxis."
    linea, columna, motivo = lugar.groups()
    return (f"La consulta SPARQL no es válida cerca de la línea {linea}, columna {columna} "
            f"(el motor dice: {motivo}). Revise la sintaxis.")


def _columna(serie: pd.Series, tipo: str) -> pd.Series:
    import pandas as pd

    vacias = serie == ""
    if tipo == "numero":
        numeros = pd.to_numeric(serie.where(~vacias), errors="coerce")
        if numeros[~vacias].notna().all():
            enteros = numeros.dropna()
            if (enteros == enteros.round()).all() and not serie[~vacias].str.contains(r"[.eE]").any():
                return numeros.astype("Int64").astype(object).where(~vacias, None)
            return numeros.astype(object).where(~vacias, None)
    elif tipo == "booleano" and serie[~vacias].isin(list(celdas.BOOLEANOS)).all():
        return serie.map(celdas.BOOLEANOS).astype(object).where(~vacias, None)
    return serie.astype(object).where(~vacias, None)


def _celda(termino: object) -> Celda:
    if termino is None:
        return None
    if isinstance(termino, ox.Literal):
        return termino.value, termino.datatype.value
    return _texto(termino), ""


def tabla_de_soluciones(soluciones: ox.QuerySolutions) -> pd.DataFrame:
    """Las soluciones de un SELECT como DataFrame de objetos."""
    import pandas as pd

    columnas = [v.value for v in soluciones.variables]
    # Un resultado pequeño se convierte celda a celda: el camino CSV tiene un costo fijo de
    # ~0,8 ms que, en datos/, multiplicaba por 9 el tiempo de consultas de 0,1 ms.
    cabeza = list(itertools.islice(soluciones, FILAS_DIRECTAS + 1))
    if len(cabeza) <= FILAS_DIRECTAS:
        return celdas.tabla(columnas, [[_celda(f[i]) for i in range(len(columnas))] for f in cabeza])
    tipos = [celdas.tipo_de(_celda(cabeza[0][i])) for i in range(len(columnas))]
    # Las filas restantes pasan por el serializador CSV de Oxigraph (en Rust) y pandas, sin
    # un objeto Python por celda: convertir término a término costaba más que la consulta.
    resto = pd.read_csv(io.BytesIO(soluciones.serialize(format=ox.QueryResultsFormat.CSV)),
                        dtype=str, keep_default_na=False, encoding="utf-8")
    resto.columns = columnas
    leidas = pd.DataFrame([[_texto(f[i]) for i in range(len(columnas))] for f in cabeza], columns=columnas,
                          dtype=str)
    crudo = pd.concat([leidas, resto], ignore_index=True)
    return pd.DataFrame({c: _columna(crudo[c], t) for c, t in zip(columnas, tipos, strict=True)}, columns=columnas)


def _texto(termino: object) -> str:
    if termino is None:
        return ""
    if isinstance(termino, ox.BlankNode):
        return f"_:{termino.value}"
    return getattr(termino, "value", str(termino))
