"""Validación SHACL con mensajes en español que nombran archivo, fila y columna."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH

from grafo.rdf.almacen import ruta_ontologia
from grafo.texto import cuantos
from grafo.errores import Problema
from grafo.motores import Fuente
from grafo.rdf.vocabulario import GR

SEVERIDADES = {SH.Violation: "error", SH.Warning: "advertencia", SH.Info: "aviso"}


@dataclass(frozen=True, order=True)
class Resultado:
    """Un resultado de validación ubicado en los datos de origen."""

    severidad: str
    problema: Problema
    foco: str
    valor: str

    def __str__(self) -> str:
        etiqueta = {"error": "Error", "advertencia": "Advertencia", "aviso": "Aviso"}[self.severidad]
        return f"[{etiqueta}] {self.problema}"


@dataclass(frozen=True)
class Informe:
    """Resultado de `validar`.

    Dos veredictos: `conforme` es el de grafo (sin violaciones: las advertencias, como un artículo [NV],
    no hacen fallar); `sh:conforms` es el de SHACL, falso con cualquier resultado, también una advertencia.
    """

    conforme: bool
    resultados: tuple[Resultado, ...]

    @property
    def sh_conforms(self) -> bool:
        """El `sh:conforms` de SHACL: verdadero solo si no hay ningún resultado, de ninguna severidad."""
        return not self.resultados

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Informe de validación escrito en {salida}."

    def errores(self) -> list[Resultado]:
        return [r for r in self.resultados if r.severidad == "error"]

    def advertencias(self) -> list[Resultado]:
        return [r for r in self.resultados if r.severidad != "error"]

    def texto(self) -> str:
        """Informe legible: errores primero, luego advertencias, cada grupo por archivo y fila."""
        n_err, n_adv = len(self.errores()), len(self.advertencias())
        if self.conforme:
            cabecera = f"El grafo cumple las formas SHACL: sin violaciones ({cuantos(n_adv, 'advertencia')})."
            if n_adv:
                cabecera += " SHACL dice sh:conforms false porque cuenta también las advertencias."
        else:
            cabecera = (f"El grafo NO cumple las formas SHACL: {cuantos(n_err, 'violación', 'violaciones')}"
                        + (f" y {cuantos(n_adv, 'advertencia')}." if n_adv else "."))
        lineas = [cabecera]
        lineas += [f"  {r}" for r in self.errores()]
        lineas += [f"  {r}" for r in self.advertencias()]
        return "\n".join(lineas)


def _mensaje(resultados: Graph, nodo: URIRef) -> str:
    mensajes = [m for m in resultados.objects(nodo, SH.resultMessage) if isinstance(m, Literal)]
    # pySHACL pierde la etiqueta de idioma en los mensajes de restricciones SPARQL.
    for idioma in ("es", None):
        elegidos = [str(m) for m in mensajes if m.language == idioma]
        if elegidos:
            return elegidos[0]
    componente = str(resultados.value(nodo, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
    return f"El valor no cumple la restricción {componente}."


def _columna(resultados: Graph, formas: Graph, nodo: URIRef) -> str:
    """Columna de origen: el `sh:name` de la forma, o el de la propiedad con la misma ruta."""
    forma = resultados.value(nodo, SH.sourceShape)
    nombre = formas.value(forma, SH.name) if forma is not None else None
    ruta = resultados.value(nodo, SH.resultPath)
    if nombre is None and forma is not None:
        nombre = next((formas.value(p, SH.name) for p in formas.objects(forma, SH.property)
                       if ruta is not None and formas.value(p, SH.path) == ruta), None)
    if nombre is None and ruta is not None:
        # Una restricción SPARQL (los ciclos) no tiene sh:name: la columna es la de otra forma con esa ruta.
        nombre = next((formas.value(p, SH.name) for p in sorted(formas.subjects(SH.path, ruta))
                       if formas.value(p, SH.name) is not None), None)
    return "" if nombre is None else str(nombre)


def _ubicar(datos: Graph, foco: URIRef) -> tuple[str, str, int, str]:
    """Archivo, hoja, fila e id de la entidad según su registro de origen."""
    registro = datos.value(foco, PROV.wasDerivedFrom)
    ident = str(datos.value(foco, DCTERMS.identifier) or foco)
    if registro is None:
        return "(grafo)", "", 0, ident
    fila = datos.value(registro, GR.fila)
    return (
        str(datos.value(registro, GR.archivo) or "(grafo)"),
        str(datos.value(registro, GR.hoja) or ""),
        int(fila.toPython()) if isinstance(fila, Literal) else 0,
        ident,
    )


def cargar_formas(ruta: Path | None = None) -> Graph:
    """Lee las formas SHACL (por defecto `ontologia/formas.ttl`)."""
    return Graph().parse(ruta or ruta_ontologia() / "formas.ttl", format="turtle")


def validar(datos: Fuente, *, formas: Graph | None = None) -> Informe:
    """Valida el grafo de la fuente contra las formas, sin modificarlo ni inferir nada."""
    from pyshacl import validate  # importación diferida: pyshacl tarda en cargar

    formas = cargar_formas() if formas is None else formas
    # pySHACL evalúa sus restricciones SPARQL con initBindings, que oxrdflib solo acepta para
    # variables proyectadas; sobre una copia en memoria usa el motor de rdflib sin esa limitación.
    copia = datos.en_memoria()
    _conforma, resultados, _texto = validate(
        copia, shacl_graph=formas, inference="none", allow_warnings=True, allow_infos=True,
        advanced=True,  # objetivos SPARQL de SHACL-AF (ver los ciclos en formas.ttl)
        inplace=True,  # la copia ya es nuestra: sin inplace, el modo avanzado la clonaba otra vez
    )
    encontrados: list[Resultado] = []
    for nodo in resultados.subjects(RDF.type, SH.ValidationResult):
        foco = resultados.value(nodo, SH.focusNode)
        columna = _columna(resultados, formas, nodo)
        archivo, hoja, fila, ident = _ubicar(copia, foco)
        valor = resultados.value(nodo, SH.value)
        mensaje = _mensaje(resultados, nodo)
        problema = Problema(archivo, hoja, fila, columna, f"{mensaje} (id «{ident}»)")
        severidad = SEVERIDADES.get(resultados.value(nodo, SH.resultSeverity), "error")
        encontrados.append(Resultado(severidad, problema, str(foco), "" if valor is None else str(valor)))
    unicos = tuple(sorted(set(encontrados), key=lambda r: (r.severidad != "error", r.problema, r.valor)))
    return Informe(not any(r.severidad == "error" for r in unicos), unicos)
