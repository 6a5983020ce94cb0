"""El almacén local: pyoxigraph directo bajo la API de rdflib (oxrdflib) que usa el resto del grafo.

Las consultas van directo a pyoxigraph: `prepareQuery` e `initBindings` de rdflib caen al motor
lento de rdflib, y convertir resultados grandes a términos de rdflib cuesta más que la consulta.
"""

from __future__ import annotations

import io
import itertools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
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
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Reescritura:
    """Lo que Oxigraph guardó distinto de como lo escribió el archivo, en N-Triples.

    Oxigraph guarda cada literal de un tipo que entiende por su valor: `"7"^^xsd:int` queda como
    `"7"^^xsd:integer`, `"4.0"^^xsd:decimal` como `"4"`, `"300"^^xsd:byte` (fuera de rango) como un entero
    válido, y `"1"` y `"true"` de xsd:boolean como una sola tripleta. `quitar` son las tripletas guardadas
    que el archivo no tiene; `poner`, las del archivo que no se guardaron así.
    """

    quitar: bytes
    poner: bytes


# Los archivos leídos en cada grafo rdflib (por su almacén oxrdflib), para saber después si se reescribieron.
_LEIDOS: weakref.WeakKeyDictionary[object, list[tuple[Path, str]]] = weakref.WeakKeyDictionary()


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
            raise ConsultaInvalida(error_de_sintaxis(str(error), texto)) from error
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
            # La base de los IRI relativos (`<>`, `<#x>`) es el propio archivo, como en rdflib (RFC 3986).
            self._ox.load(path=str(ruta), format=FORMATOS[formato], base_iri=ruta.resolve().as_uri(),
                          to_graph=ox.DefaultGraph())
        except (OSError, SyntaxError, ValueError) as error:
            raise ErrorGrafo(f"No se pudo leer el grafo {ruta}: {error}. "
                             "Cómo corregirlo: genérelo con «grafo construir».") from error
        if self._grafo is not None:
            _LEIDOS.setdefault(self._grafo.store, []).append((ruta, formato))
        # Un JSON-LD con «@id» y «@graph» arriba pone sus tripletas en un grafo con nombre; las consultas
        # de grafo ven el grafo por defecto, donde las deja `grafo construir`.
        for nombre in list(self._ox.named_graphs()):
            cuadruplas = list(self._ox.quads_for_pattern(None, None, None, nombre))
            self._ox.extend(ox.Quad(c.subject, c.predicate, c.object, ox.DefaultGraph()) for c in cuadruplas)
            self._ox.remove_graph(nombre)

    def volcar(self) -> bytes:
        return volcar_store(self._ox)

    def reescritura(self) -> Reescritura | None:
        """Lo que el almacén guardó distinto de los archivos leídos en él (None si guardó todo tal cual)."""
        leidos = _LEIDOS.get(self._grafo.store) if self._grafo is not None else None
        if not leidos:
            return None
        return reescritura(itertools.chain.from_iterable(
            ox.parse(path=str(ruta), format=FORMATOS[formato], base_iri=ruta.resolve().as_uri())
            for ruta, formato in leidos))


def reescritura(tripletas: Iterable[ox.Triple | ox.Quad]) -> Reescritura | None:
    """Qué literales de estas tripletas guardaría Oxigraph con otro texto o tipo (None si ninguno)."""
    tipadas = [ox.Triple(t.subject, t.predicate, t.object) for t in tripletas
               if isinstance(t.object, ox.Literal) and t.object.datatype.value.startswith(_XSD)]
    literales = list(dict.fromkeys(t.object for t in tipadas))
    prueba = ox.Store()
    clave = ox.NamedNode("urn:grafo:literal")
    prueba.extend(ox.Quad(ox.NamedNode(f"urn:grafo:{i}"), clave, lit) for i, lit in enumerate(literales))
    guardado = {int(q.subject.value.rsplit(":", 1)[1]): q.object for q in prueba}
    como_quedo = {lit: guardado[i] for i, lit in enumerate(literales) if guardado[i] != lit}
    if not como_quedo:
        return None
    poner = {t for t in tipadas if t.object in como_quedo}
    quitar = {ox.Triple(t.subject, t.predicate, como_quedo[t.object]) for t in poner} - set(tipadas)
    return Reescritura(_nt(quitar), _nt(poner))


def _nt(tripletas: set[ox.Triple]) -> bytes:
    return "".join(f"{t} .\n" for t in sorted(tripletas, key=str)).encode("utf-8")


def volcar_store(almacen: ox.Store) -> bytes:
    """Las tripletas del grafo por defecto de un almacén pyoxigraph, en N-Triples."""
    return almacen.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def error_de_sintaxis(detalle: str, texto: str = "") -> str:
    """El error de sintaxis de Oxigraph («error at L:C: …») como mensaje en español; un prefijo sin declarar se
    nombra, con la línea PREFIX que falta (antes: seis líneas de rangos de caracteres en inglés)."""
    faltan = prefijos_sin_declarar(texto) if "Prefix not found" in detalle else []
    if faltan:
        from grafo.rdf.almacen import PREFIJOS

        lineas = [f"PREFIX {p}: <{PREFIJOS.get(p, 'https://…')}>" for p in faltan]
        return (f"La consulta usa {'el prefijo' if len(faltan) == 1 else 'los prefijos'} "
                f"{', '.join(f'«{p}:»' for p in faltan)} sin declararlo{'s' if len(faltan) > 1 else ''}. "
                f"Cómo corregirlo: agregue al comienzo de la consulta {' y '.join(f'«{l}»' for l in lineas)}.")
    lugar = re.match(r"error at (\d+):(\d+): (.*)", detalle, re.DOTALL)
    motivo = lugar.group(3) if lugar else detalle
    if len(motivo) > 120:  # «expected one of …» con todos los rangos de caracteres: no le dice nada a nadie
        motivo = motivo[:100].rsplit(" ", 1)[0] + " …"
    donde = f" cerca de la línea {lugar.group(1)}, columna {lugar.group(2)}" if lugar else ""
    return f"La consulta SPARQL no es válida{donde} (el motor dice: {motivo}). Revise la sintaxis."


def prefijos_sin_declarar(texto: str) -> list[str]:
    """Los prefijos que la consulta usa (`gr:Mandato`) sin su línea PREFIX, fuera de IRIs y de textos."""
    limpio = re.sub(r'<[^<>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*', " ", texto)
    declarados = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", limpio))
    usados = re.findall(r"(?<![\w?$:])([A-Za-z][\w-]*)?:(?=[\w(])", limpio)
    return sorted({u for u in usados if u not in declarados and u.lower() not in ("prefix", "base")})


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
    primeras = [[_celda(f[i]) for i in range(len(columnas))] for f in cabeza]
    tipos = [celdas.tipo_de_columna(primeras, i) for i in range(len(columnas))]  # el CSV no trae los tipos
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
