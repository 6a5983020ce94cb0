"""Validación SHACL con mensajes en español que nombran archivo, fila y columna."""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SH
from rdflib.term import Node

from grafo.rdf.espacios import ruta_ontologia
from grafo.texto import cuantos
from grafo.errores import ErrorGrafo, OpcionInvalida, Problema, opcion
from grafo.motores import Fuente
from grafo.motores.traza import Traza, medir
from grafo.rdf import formas_sparql
from grafo.rdf.formas_sparql import Hallazgo
from grafo.rdf.vocabulario import GR

if TYPE_CHECKING:
    import pyoxigraph as ox

    from grafo.motores.oxigraph import Reescritura

SEVERIDADES = {str(SH.Violation): "error", str(SH.Warning): "advertencia", str(SH.Info): "aviso"}


@dataclass(frozen=True, order=True)
class ResultadoValidacion:
    """Un resultado de validación ubicado en los datos de origen."""

    severidad: str
    problema: Problema
    foco: str
    valor: str

    def __str__(self) -> str:
        etiqueta = {"error": "Error", "advertencia": "Advertencia", "aviso": "Aviso"}[self.severidad]
        return f"[{etiqueta}] {self.problema}"


@dataclass(frozen=True)
class InformeValidacion:
    """Lo que da `validar`.

    Dos veredictos: `conforme` es el de grafo (sin violaciones: las advertencias, como un artículo [NV],
    no hacen fallar); `sh:conforms` es el de SHACL, falso con cualquier resultado, también una advertencia.
    """

    conforme: bool
    resultados: tuple[ResultadoValidacion, ...]

    @property
    def sh_conforms(self) -> bool:
        """El `sh:conforms` de SHACL: verdadero solo si no hay ningún resultado, de ninguna severidad."""
        return not self.resultados

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Informe de validación escrito en {salida}."

    def errores(self) -> list[ResultadoValidacion]:
        return [r for r in self.resultados if r.severidad == "error"]

    def advertencias(self) -> list[ResultadoValidacion]:
        return [r for r in self.resultados if r.severidad != "error"]

    def texto(self) -> str:
        """Informe legible: errores primero, luego advertencias, cada grupo por archivo y fila."""
        n_err, n_adv = len(self.errores()), len(self.advertencias())
        if self.conforme:
            cabecera = f"El grafo cumple las formas SHACL: sin violaciones ({cuantos(n_adv, 'advertencia')})."
            if n_adv:
                cabecera += " Las advertencias no hacen fallar la validación: dicen qué conviene revisar."
        else:
            cabecera = (f"El grafo NO cumple las formas SHACL: {cuantos(n_err, 'violación', 'violaciones')}"
                        + (f" y {cuantos(n_adv, 'advertencia')}." if n_adv else "."))
        lineas = [cabecera]
        lineas += [f"  {r}" for r in self.errores()]
        lineas += [f"  {r}" for r in self.advertencias()]
        return "\n".join(lineas)


def _mensaje(resultados: Graph, nodo: URIRef) -> str:
    # pySHACL pierde la etiqueta de idioma en los mensajes de restricciones SPARQL: elegir_mensaje toma el sin idioma.
    return formas_sparql.elegir_mensaje([m for m in resultados.objects(nodo, SH.resultMessage)
                                         if isinstance(m, Literal)])


def _columna(formas: Graph, forma: Node | None, ruta: str | None) -> str:
    """Columna de origen: el `sh:name` de la forma, o el de la propiedad con la misma ruta."""
    camino = URIRef(ruta) if ruta is not None else None
    nombre = formas.value(forma, SH.name) if forma is not None else None
    if nombre is None and forma is not None:
        nombre = next((formas.value(p, SH.name) for p in formas.objects(forma, SH.property)
                       if camino is not None and formas.value(p, SH.path) == camino), None)
    if nombre is None and camino is not None:
        # Una restricción SPARQL (los ciclos) no tiene sh:name: la columna es la de otra forma con esa ruta.
        nombre = next((formas.value(p, SH.name) for p in sorted(formas.subjects(SH.path, camino))
                       if formas.value(p, SH.name) is not None), None)
    return "" if nombre is None else str(nombre)


_UBICAR = """SELECT ?this ?archivo ?hoja ?fila ?id WHERE {{ VALUES ?this {{ {focos} }}
  OPTIONAL {{ ?this <{derivado}> ?r OPTIONAL {{ ?r <{gr}archivo> ?archivo }} OPTIONAL {{ ?r <{gr}hoja> ?hoja }}
             OPTIONAL {{ ?r <{gr}fila> ?fila }} }}
  OPTIONAL {{ ?this <{identificador}> ?id }} }}"""


def _ubicaciones(almacen: ox.Store, focos: set[str], traza: Traza | None) -> dict[str, tuple[str, str, int, str]]:
    """Archivo, hoja, fila e id de cada foco según su registro de origen (con varios, el menor)."""
    import pyoxigraph as ox

    ubicadas: dict[str, tuple[str, str, int, str]] = {}
    iris = sorted(focos)
    for inicio in range(0, len(iris), 2000):
        texto = _UBICAR.format(focos=" ".join(str(ox.NamedNode(f)) for f in iris[inicio:inicio + 2000]),
                               derivado=PROV.wasDerivedFrom, gr=GR, identificador=DCTERMS.identifier)
        for s in medir(traza, texto, lambda: list(almacen.query(texto))):  # type: ignore[arg-type,union-attr]
            foco = s["this"].value
            fila = s["fila"].value if s["fila"] is not None else "0"
            lugar = (s["archivo"].value if s["archivo"] is not None else "(grafo)",
                     s["hoja"].value if s["hoja"] is not None else "",
                     int(fila) if re.fullmatch(r"[+-]?[0-9]+", fila) else 0,
                     s["id"].value if s["id"] is not None else foco)
            ubicadas[foco] = min(ubicadas.get(foco, lugar), lugar)
    return ubicadas


@contextlib.contextmanager
def _sin_avisos_de_rdflib() -> Iterator[None]:
    """rdflib escribe en inglés, con traza, cada literal mal formado que convierte: el informe ya lo dice."""
    registro = logging.getLogger("rdflib.term")
    nivel = registro.level
    registro.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        registro.setLevel(nivel)


@contextlib.contextmanager
def _literales_como_estan() -> Iterator[None]:
    """rdflib reescribe por defecto cada literal que crea («"2011-01-01"^^xsd:dateTime» pasa a otro texto):
    el informe debe nombrar el valor que escribieron los datos."""
    import rdflib

    normalizar, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalizar


def _con_pyshacl(almacen: ox.Store, formas: Graph, reescrita: Reescritura | None = None) -> list[Hallazgo]:
    """Los resultados de pySHACL, la referencia (y el motor para formas que SPARQL no compila).

    `reescrita`: los literales que Oxigraph guardó distintos del archivo; pySHACL valida los del archivo.
    """
    from grafo.motores.oxigraph import Oxigraph

    # pySHACL evalúa sus restricciones SPARQL con initBindings, que oxrdflib solo acepta para
    # variables proyectadas; sobre una copia en memoria usa el motor de rdflib sin esa limitación.
    with _sin_avisos_de_rdflib():
        with _literales_como_estan():  # del mismo almacén: el grafo se lee una vez
            copia = Oxigraph(almacen=almacen).en_memoria()
            if reescrita is not None:
                copia -= Graph().parse(data=reescrita.quitar.decode("utf-8"), format="nt")
                copia += Graph().parse(data=reescrita.poner.decode("utf-8"), format="nt")
        resultados = _validar_con_pyshacl(copia, _con_prefijos_importados(formas))
    propios = {str(m) for m in formas.objects(None, SH.message)}
    hallados = []
    for nodo in resultados.subjects(RDF.type, SH.ValidationResult):
        ruta, valor = resultados.value(nodo, SH.resultPath), resultados.value(nodo, SH.value)
        componente = str(resultados.value(nodo, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        foco = resultados.value(nodo, SH.focusNode)
        # Un mensaje que no sale de las formas lo escribió pySHACL, en inglés: el informe pone uno en español.
        mensaje = _mensaje(resultados, nodo)
        hallados.append(Hallazgo(str(foco), None if ruta is None else str(ruta),
                                 resultados.value(nodo, SH.sourceShape), str(resultados.value(nodo, SH.resultSeverity)),
                                 mensaje if mensaje in propios else "", componente,
                                 None if valor is None else str(valor),
                                 (None, SH.detail, nodo) in resultados, isinstance(foco, URIRef)))
    return hallados


def _validar_con_pyshacl(datos: Graph, formas: Graph) -> Graph:
    """El informe de pySHACL; cualquier falla suya (formas que SHACL no permite, algo que no implementa)
    es un ErrorGrafo en español, sin traza."""
    from pyshacl import validate  # importación diferida: pyshacl tarda en cargar
    from pyshacl.errors import ReportableRuntimeError

    try:
        _conforma, resultados, _texto = validate(
            datos, shacl_graph=formas, inference="none", allow_warnings=True, allow_infos=True,
            advanced=True,  # objetivos SPARQL de SHACL-AF (ver los ciclos en formas.ttl)
            inplace=True,  # la copia ya es nuestra: sin inplace, el modo avanzado la clonaba otra vez
        )
    except (ArithmeticError, TypeError, ValueError) as error:  # p. ej. "NaN"^^xsd:decimal al comparar
        raise ErrorGrafo(f"pySHACL no pudo validar este grafo ({type(error).__name__}: {error}). Cómo corregirlo: "
                         f"valide con {opcion('motor')} sparql, que informa el valor que lo causa.") from None
    except NotImplementedError as error:
        raise ErrorGrafo(f"Las formas SHACL usan algo que pySHACL no implementa ({error}). Cómo corregirlo: "
                         "quite eso de las formas.") from None
    except ReportableRuntimeError as error:
        raise _falla(error) from None
    except Exception as error:  # noqa: BLE001 - el analizador SPARQL de rdflib lanza Exception sin más
        raise ErrorGrafo(f"pySHACL no pudo leer una consulta SPARQL de las formas ({error}). Cómo corregirlo: "
                         "revise la consulta y los prefijos que declara (sh:prefixes, sh:declare).") from None
    from pyshacl.errors import ValidationFailure

    if isinstance(resultados, ValidationFailure):  # SHACL dice que no hay informe
        raise _falla(resultados)
    return resultados


def _falla(error: object) -> ErrorGrafo:
    detalle = getattr(error, "message", None) or str(error)
    return ErrorGrafo(f"Las formas SHACL no se pueden aplicar: pySHACL informa una falla de validación "
                      f"({str(detalle).strip()}). Cómo corregirlo: corrija la forma que nombra.")


def _con_prefijos_importados(formas: Graph) -> Graph:
    """SHACL toma los prefijos de `sh:prefixes/owl:imports*/sh:declare`; pySHACL no sigue owl:imports: se le
    dan esas declaraciones directamente, en una copia (sin owl:imports, las formas mismas)."""
    nuevas = {(valor, SH.declare, d) for valor in set(formas.objects(None, SH.prefixes))
              for importado in formas.transitive_objects(valor, OWL.imports) if importado != valor
              for d in formas.objects(importado, SH.declare)} - set(formas)
    if not nuevas:
        return formas
    copia = Graph()
    copia += formas
    copia += nuevas
    return copia


def cargar_formas(ruta: Path | None = None) -> Graph:
    """Lee las formas SHACL (por defecto `ontologia/formas.ttl`)."""
    return Graph().parse(ruta or ruta_ontologia() / "formas.ttl", format="turtle")


def hallar(datos: Fuente, *, formas: Graph, motor: str = "auto") -> tuple[list[Hallazgo], ox.Store]:
    """Los resultados crudos de un motor y el almacén donde ubicarlos.

    `motor`: «sparql» (las formas compiladas a consultas sobre Oxigraph), «pyshacl» (la referencia) o
    «auto»: SPARQL si las formas se compilan, si no pySHACL.
    """
    chequeos = None
    if motor != "pyshacl":
        try:
            chequeos = formas_sparql.compilar(formas)
        except formas_sparql.NoCompilable as motivo:
            if motor == "sparql":
                raise OpcionInvalida(f"Las formas SHACL usan algo que el motor «sparql» no compila ({motivo}). "
                                     f"Cómo corregirlo: use {opcion('motor')} auto o {opcion('motor')} pyshacl.") from None
    # Un archivo RDF leído en Oxigraph puede quedar guardado con otros literales («"7"^^xsd:int» como
    # xsd:integer): el motor compilado consulta ese almacén, pySHACL valida lo que dice el archivo.
    reescribir = getattr(datos, "reescritura", None)  # solo un almacén que leyó archivos lo sabe
    reescrita: Reescritura | None = reescribir() if reescribir is not None else None
    if reescrita is not None and chequeos is not None:
        if motor == "sparql":
            ejemplo = reescrita.poner.decode("utf-8").split("\n", 1)[0].rstrip(" .")
            raise OpcionInvalida(
                "Oxigraph guarda algunos literales del archivo con otro texto o tipo de dato (por ejemplo "
                f"{ejemplo}), y el motor «sparql» consulta lo guardado: no puede validar exactamente lo que "
                f"el archivo dice. Cómo corregirlo: use {opcion('motor')} auto o {opcion('motor')} pyshacl.")
        chequeos = None
    almacen = datos.en_oxigraph()
    return (formas_sparql.ejecutar(almacen, chequeos, traza=datos.traza) if chequeos is not None
            else _con_pyshacl(almacen, formas, reescrita)), almacen


def validar(datos: Fuente, *, formas: Graph | None = None, motor: str = "auto") -> InformeValidacion:
    """Valida el grafo de la fuente contra las formas, sin modificarlo ni inferir nada (`motor`: ver `hallar`)."""
    formas = cargar_formas() if formas is None else formas
    hallados, almacen = hallar(datos, formas=formas, motor=motor)
    return informar(hallados, almacen, formas, traza=datos.traza)


def informar(hallados: list[Hallazgo], almacen: ox.Store, formas: Graph, *,
             traza: Traza | None = None) -> InformeValidacion:
    """El informe de unos resultados crudos, cada uno ubicado en archivo, hoja, fila y columna."""
    ubicadas = _ubicaciones(almacen, {h.foco for h in hallados if h.foco_iri}, traza)
    columnas = {clave: _columna(formas, *clave) for clave in {(h.forma, h.ruta) for h in hallados}}
    encontrados: list[ResultadoValidacion] = []
    for h in hallados:
        archivo, hoja, fila, ident = ubicadas.get(h.foco, ("(grafo)", "", 0, h.foco))
        mensaje = h.mensaje or f"El valor no cumple la restricción {h.componente}."
        problema = Problema(archivo, hoja, fila, columnas[h.forma, h.ruta], f"{mensaje} (id «{ident}»)")
        encontrados.append(ResultadoValidacion(SEVERIDADES.get(h.severidad, "error"), problema, h.foco, h.valor or ""))
    unicos = tuple(sorted(set(encontrados), key=lambda r: (r.severidad != "error", r.problema, r.valor)))
    return InformeValidacion(not any(r.severidad == "error" for r in unicos), unicos)
