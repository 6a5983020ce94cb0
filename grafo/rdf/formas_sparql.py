"""Las formas SHACL como consultas SPARQL sobre Oxigraph: el motor rápido de `grafo validar`.

Compila un subconjunto de SHACL: objetivos (targetClass, targetSubjectsOf, targetObjectsOf, targetNode,
el implícito de una forma que es clase y objetivos SPARQL de SHACL-AF), formas de propiedad de ruta
simple (también con objetivo propio) con minCount, maxCount, datatype (ver `tipos_xsd`), class, hasValue,
in, min/max Inclusive/Exclusive y node (hacia formas que solo usan esas mismas restricciones), esas
restricciones sobre el foco de una forma de nodo, y restricciones SPARQL unibles (ver `sparql_shacl`).
Unas formas con cualquier otra cosa no se compilan (`NoCompilable` dice qué) y `validar` usa pySHACL,
que es además la referencia con que las pruebas comparan cada resultado (y la batería del W3C).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from grafo.motores.traza import Traza, medir
from grafo.rdf import sparql_shacl, tipos_xsd
from grafo.rdf.sparql_shacl import FormasInvalidas, NoCompilable

__all__ = ["Chequeo", "FormasInvalidas", "Hallazgo", "NoCompilable", "compilar", "ejecutar"]

if TYPE_CHECKING:
    import pyoxigraph as ox

_DE_PROPIEDAD = {SH.path, SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, RDF.type,
                 RDFS.label, RDFS.comment,
                 SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.node, SH.hasValue, SH["in"],
                 SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
_DE_NODO = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description,
            SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target,
            SH.property, SH.sparql, SH.declare,
            SH.datatype, SH["class"], SH["in"], SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
_OBJETIVOS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
_COMPARACIONES = {SH.minInclusive: (">=", "MinInclusive"), SH.maxInclusive: ("<=", "MaxInclusive"),
                  SH.minExclusive: (">", "MinExclusive"), SH.maxExclusive: ("<", "MaxExclusive")}
_VARIOS = {SH.property, SH.sparql, SH.message, RDF.type, RDFS.label, RDFS.comment, SH.declare, *_OBJETIVOS}
_RDF, _RDFS = str(RDF), str(RDFS)


@dataclass(frozen=True)
class Chequeo:
    """Una restricción compilada: la consulta devuelve ?this (foco) y, si el componente tiene valor, ?valor.

    Una restricción SPARQL devuelve además ?path y ?value, como en SHACL.
    """

    forma: Node
    ruta: str | None
    severidad: str
    mensaje: str
    componente: str
    consulta: str
    detalle: bool = False  # resultado de una forma anidada (un sh:detail en el informe de pySHACL)


def compilar(formas: Graph) -> tuple[Chequeo, ...]:
    """Las consultas de todas las formas con objetivo; NoCompilable si alguna usa otra cosa."""
    prefijos = _prefijos(formas)
    chequeos: list[Chequeo] = []
    nombres = itertools.count()
    for forma in sorted(_formas_con_objetivo(formas), key=str):
        objetivo = _objetivo(formas, forma)
        if (forma, RDF.type, SH.PropertyShape) in formas or formas.value(forma, SH.path) is not None:
            chequeos += _de_propiedad(formas, forma, objetivo, prefijos, nombres, _DE_PROPIEDAD | set(_OBJETIVOS))
            continue
        _revisar(formas, forma, _DE_NODO, "forma de nodo")
        severidad = str(formas.value(forma, SH.severity) or SH.Violation)
        chequeos += _del_foco(formas, forma, objetivo, prefijos, nombres)
        for propiedad in sorted(formas.objects(forma, SH.property), key=str):
            chequeos += _de_propiedad(formas, propiedad, objetivo, prefijos, nombres)
        for restriccion in sorted(formas.objects(forma, SH.sparql), key=str):
            chequeos.append(_de_sparql(formas, forma, restriccion, objetivo, prefijos, severidad))
    return tuple(chequeos)


def _del_foco(formas: Graph, forma: Node, objetivo: str, prefijos: str, nombres: Iterator[int]) -> list[Chequeo]:
    """Las restricciones de una forma de nodo sobre el foco mismo (su valor es el foco)."""
    comun = {"forma": forma, "ruta": None, "severidad": str(formas.value(forma, SH.severity) or SH.Violation)}
    return [Chequeo(**comun, mensaje=_mensaje_de(formas, forma), componente=componente, consulta=(
        f"{prefijos}SELECT DISTINCT ?this ?valor WHERE {{ {objetivo} BIND(?this AS ?valor) FILTER({condicion}) }}"))
            for componente, condicion in _condiciones(formas, forma, "?valor", nombres)]


def _formas_con_objetivo(formas: Graph) -> set[Node]:
    return ({s for p in _OBJETIVOS for s in formas.subjects(p, None)}
            | {f for f in formas.subjects(RDF.type, RDFS.Class) if _implicita(formas, f)})


def _implicita(formas: Graph, forma: Node) -> bool:
    """Una forma que es también clase: su objetivo implícito son las instancias de la clase."""
    return (forma, RDF.type, RDFS.Class) in formas and (
        (forma, RDF.type, SH.NodeShape) in formas or (forma, RDF.type, SH.PropertyShape) in formas)


def _revisar(formas: Graph, nodo: Node, permitidos: set[URIRef], que: str) -> None:
    for predicado in set(formas.predicates(nodo, None)):
        if predicado not in permitidos:
            raise NoCompilable(f"{que} {nodo} usa {predicado}")
    for predicado in permitidos - _VARIOS:
        if len(set(formas.objects(nodo, predicado))) > 1:
            raise NoCompilable(f"{que} {nodo} tiene más de un {predicado}")


def _prefijos(formas: Graph) -> str:
    pares = sorted({(str(formas.value(d, SH.prefix)), str(formas.value(d, SH.namespace)))
                    for d in formas.objects(None, SH.declare)})
    if len({p for p, _ in pares}) != len(pares):
        raise NoCompilable("un mismo prefijo declarado con dos espacios de nombres")
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in pares)


def _objetivo(formas: Graph, forma: Node) -> str:
    """El patrón que liga ?this a cada foco de la forma, sin repetidos."""
    partes: list[str] = []
    for clase in [*formas.objects(forma, SH.targetClass), *([forma] if _implicita(formas, forma) else [])]:
        partes.append(f"?this <{_RDF}type>/<{_RDFS}subClassOf>* {_termino(clase)} .")
    for propiedad in formas.objects(forma, SH.targetSubjectsOf):
        partes.append(f"?this {_termino(propiedad)} ?_o .")
    for propiedad in formas.objects(forma, SH.targetObjectsOf):
        partes.append(f"?_s {_termino(propiedad)} ?this .")
    for nodo in formas.objects(forma, SH.targetNode):
        partes.append(f"VALUES ?this {{ {_termino(nodo)} }}")
    for objetivo in formas.objects(forma, SH.target):
        if (objetivo, RDF.type, SH.SPARQLTarget) not in formas or formas.value(objetivo, SH.select) is None:
            raise NoCompilable(f"el objetivo de {forma} no es un sh:SPARQLTarget con sh:select")
        seleccion = str(formas.value(objetivo, SH.select))
        if not re.match(r"\s*SELECT\b", seleccion, re.IGNORECASE):
            raise NoCompilable(f"el objetivo SPARQL de {forma} no empieza por SELECT")
        partes.append("{ " + seleccion + " }")
    union = " UNION ".join("{ " + p + " }" for p in partes)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def elegir_mensaje(mensajes: list[Literal]) -> str:
    """El mensaje en español; si no hay, uno sin idioma; vacío si tampoco (el menor, para que sea estable)."""
    for idioma in ("es", None):
        elegidos = sorted(str(m) for m in mensajes if m.language == idioma)
        if elegidos:
            return elegidos[0]
    return ""


def _mensaje(formas: Graph, nodo: Node) -> str:
    mensajes = [m for m in formas.objects(nodo, SH.message) if isinstance(m, Literal)]
    if any("{" in str(m) for m in mensajes):
        raise NoCompilable(f"el mensaje de {nodo} tiene plantillas {{…}}")
    return elegir_mensaje(mensajes)


def _mensaje_de(formas: Graph, *nodos: Node) -> str:
    """El mensaje del primer nodo que lo tenga; sin ninguno, vacío (el informe escribe uno en español)."""
    for nodo in nodos:
        if mensaje := _mensaje(formas, nodo):
            return mensaje
    return ""


def _de_propiedad(formas: Graph, propiedad: Node, objetivo: str, prefijos: str,
                  nombres: Iterator[int], permitidos: set[URIRef] = _DE_PROPIEDAD) -> list[Chequeo]:
    p = _ruta(formas, propiedad, permitidos, "forma de propiedad")
    comun = {"forma": propiedad, "ruta": str(formas.value(propiedad, SH.path)), "mensaje": _mensaje_de(formas, propiedad),
             "severidad": str(formas.value(propiedad, SH.severity) or SH.Violation)}
    chequeos: list[Chequeo] = []
    minimo, maximo = formas.value(propiedad, SH.minCount), formas.value(propiedad, SH.maxCount)
    if minimo is not None:
        n = int(minimo)
        cuerpo = (f"{objetivo} FILTER NOT EXISTS {{ ?this {p} ?_v }}" if n == 1 else
                  _cuenta(f"{objetivo} OPTIONAL {{ ?this {p} ?_v }}", f"?_n < {n}"))
        chequeos.append(Chequeo(**comun, componente="MinCountConstraintComponent",
                                consulta=f"{prefijos}SELECT ?this WHERE {{ {cuerpo} }}"))
    if maximo is not None:
        chequeos.append(Chequeo(**comun, componente="MaxCountConstraintComponent", consulta=(
            f"{prefijos}SELECT ?this WHERE {{ {_cuenta(f'{objetivo} ?this {p} ?_v', f'?_n > {int(maximo)}')} }}")))
    valor = formas.value(propiedad, SH.hasValue)
    if valor is not None:
        chequeos.append(Chequeo(**comun, componente="HasValueConstraintComponent", consulta=(
            f"{prefijos}SELECT ?this WHERE {{ {objetivo} FILTER NOT EXISTS {{ ?this {p} {_termino(valor)} }} }}")))
    for componente, condicion in _condiciones(formas, propiedad, "?valor", nombres):
        chequeos.append(Chequeo(**comun, componente=componente, consulta=(
            f"{prefijos}SELECT DISTINCT ?this ?valor WHERE {{ {objetivo} ?this {p} ?valor FILTER({condicion}) }}")))
    anidada = formas.value(propiedad, SH.node)
    if anidada is not None:
        # Como pySHACL, cada valor que no cumple la forma anidada da también sus propios resultados
        # (los sh:detail del informe): con el valor como foco y el mensaje de la forma anidada.
        valores = (f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_f) WHERE {{ {objetivo} }} }} "
                   f"?_f {p} ?this }} }}")
        for interna in sorted(formas.objects(anidada, SH.property), key=str):
            chequeos += [replace(c, detalle=True) for c in _de_propiedad(formas, interna, valores, prefijos, nombres)]
    return chequeos


def _ruta(formas: Graph, propiedad: Node, permitidos: set[URIRef], que: str) -> str:
    """La ruta de una forma de propiedad en SPARQL, tras revisar que use solo lo que se compila."""
    _revisar(formas, propiedad, permitidos, que)
    ruta = formas.value(propiedad, SH.path)
    if not isinstance(ruta, URIRef):
        raise NoCompilable(f"la ruta de {propiedad} no es un IRI (rutas complejas)")
    return _termino(ruta)


def _cuenta(patron: str, filtro: str) -> str:
    """Los focos cuyo número de valores distintos (?_n) cumple `filtro`."""
    return f"{{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{ {patron} }} GROUP BY ?this }} FILTER({filtro})"


def _condiciones(formas: Graph, propiedad: Node, v: str, nombres: Iterator[int]) -> list[tuple[str, str]]:
    """Por cada restricción sobre cada valor: (componente, expresión verdadera si el valor `v` la viola)."""
    condiciones: list[tuple[str, str]] = []
    tipo = formas.value(propiedad, SH.datatype)
    if tipo is not None:
        condiciones.append(("DatatypeConstraintComponent", f"!({_de_tipo(tipo, v)})"))
    clase = formas.value(propiedad, SH["class"])
    if clase is not None:
        condiciones.append(("ClassConstraintComponent",
                            f"NOT EXISTS {{ {v} <{_RDF}type>/<{_RDFS}subClassOf>* {_termino(clase)} }}"))
    lista = formas.value(propiedad, SH["in"])
    if lista is not None:
        opciones = " || ".join(f"sameTerm({v}, {_termino(t)})" for t in Collection(formas, lista)) or "false"
        condiciones.append(("InConstraintComponent", f"!({opciones})"))
    for parametro, (operador, nombre) in _COMPARACIONES.items():
        limite = formas.value(propiedad, parametro)
        if limite is not None:
            # Un valor que no se puede comparar (texto frente a número, un IRI) también incumple.
            condiciones.append((f"{nombre}ConstraintComponent", f"!{_compara(v, operador, limite)}"))
    anidada = formas.value(propiedad, SH.node)
    if anidada is not None:
        condiciones.append(("NodeConstraintComponent", _no_cumple(formas, anidada, v, nombres)))
    return condiciones


def _compara(v: str, operador: str, limite: Node) -> str:
    """`v operador limite`, falso si no se pueden comparar. Un número que Oxigraph no representa (un
    decimal bien formado de más de 18 cifras decimales) se compara por su valor en xsd:double."""
    directo = f"{v} {operador} {_termino(limite)}"
    if isinstance(limite, Literal) and limite.datatype in tipos_xsd.NUMERICOS:
        bien_formado = " || ".join(f"({_de_tipo(t, v)})" for t in sorted(tipos_xsd.NUMERICOS))
        como_doble = f"(({bien_formado}) && <{XSD.double}>(STR({v})) {operador} {_termino(limite)})"
        return f"COALESCE({directo}, {como_doble}, false)"
    return f"COALESCE({directo}, false)"


def _no_cumple(formas: Graph, forma: Node, v: str, nombres: Iterator[int]) -> str:
    """Expresión verdadera si el nodo `v` no cumple la forma anidada (sh:node)."""
    _revisar(formas, forma, {RDF.type, RDFS.label, RDFS.comment, SH.property, SH.message, SH.name}, "forma anidada")
    partes: list[str] = []
    for propiedad in sorted(formas.objects(forma, SH.property), key=str):
        p = _ruta(formas, propiedad, _DE_PROPIEDAD - {SH.node}, "forma de propiedad anidada")
        z = f"?_z{next(nombres)}"
        minimo, maximo = formas.value(propiedad, SH.minCount), formas.value(propiedad, SH.maxCount)
        if minimo is not None:
            if int(minimo) > 1:
                raise NoCompilable(f"{propiedad}: sh:minCount mayor que 1 en una forma anidada")
            partes.append(f"NOT EXISTS {{ {v} {p} {z}m }}")
        if maximo is not None:
            if int(maximo) != 1:
                raise NoCompilable(f"{propiedad}: sh:maxCount distinto de 1 en una forma anidada")
            partes.append(f"EXISTS {{ {v} {p} {z}a, {z}b FILTER(!sameTerm({z}a, {z}b)) }}")
        valor = formas.value(propiedad, SH.hasValue)
        if valor is not None:
            partes.append(f"NOT EXISTS {{ {v} {p} {_termino(valor)} }}")
        for _componente, condicion in _condiciones(formas, propiedad, z, nombres):
            partes.append(f"EXISTS {{ {v} {p} {z} FILTER({condicion}) }}")
    return " || ".join(partes) or "false"


def _de_tipo(tipo: Node, v: str) -> str:
    """Expresión verdadera si `v` es un literal bien formado de ese tipo de dato (ver `tipos_xsd`)."""
    if tipo == RDFS.Literal:
        return f"isLiteral({v})"
    if tipo == RDF.langString:
        return f"isLiteral({v}) && lang({v}) != \"\""
    revision = tipos_xsd.condicion(tipo, v)
    if revision is not None:
        return revision
    if str(tipo).startswith((str(XSD), _RDF)):
        # Un tipo conocido cuyo espacio léxico no se revisa aquí: darlo por bueno sería mentir.
        raise NoCompilable(f"sh:datatype {tipo}: su espacio léxico no se revisa en este motor")
    return f"isLiteral({v}) && sameTerm(datatype({v}), {_termino(tipo)})"  # un tipo propio: todo texto vale


def _de_sparql(formas: Graph, forma: Node, restriccion: Node, objetivo: str, prefijos: str,
               severidad: str) -> Chequeo:
    _revisar(formas, restriccion, {RDF.type, SH.message, SH.prefixes, SH.select, SH.severity}, "restricción SPARQL")
    texto = formas.value(restriccion, SH.select)
    if texto is None:
        raise NoCompilable(f"la restricción SPARQL de {forma} no tiene sh:select")
    sparql_shacl.revisar(str(texto), prefijos, forma)
    mensaje = _mensaje_de(formas, restriccion, forma)
    return Chequeo(forma=forma, ruta=None, severidad=severidad, mensaje=mensaje,
                   componente="SPARQLConstraintComponent",
                   consulta=f"{prefijos}SELECT ?this ?path ?value WHERE {{ {objetivo} {{ {texto} }} }}")


def _termino(termino: Node) -> str:
    """Un término RDF de las formas escrito en SPARQL (n3 escapa los literales)."""
    if isinstance(termino, (URIRef, Literal)):
        return termino.n3()
    raise NoCompilable(f"un nodo en blanco ({termino}) como valor de una restricción")


@dataclass(frozen=True)
class Hallazgo:
    """Un resultado de validación tal como sale del motor, antes de ubicarlo en los datos."""

    foco: str
    ruta: str | None
    forma: Node
    severidad: str
    mensaje: str
    componente: str
    valor: str | None
    detalle: bool = False
    foco_iri: bool = True  # un foco puede ser un literal (el valor de un sh:node) o un nodo en blanco


def ejecutar(almacen: ox.Store, chequeos: tuple[Chequeo, ...], *, traza: Traza | None = None) -> list[Hallazgo]:
    """Corre cada consulta en Oxigraph, varias a la vez (Oxigraph suelta el GIL mientras consulta)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as hilos:
        return [h for grupo in hilos.map(lambda c: _hallazgos(almacen, c, traza), chequeos) for h in grupo]


def _hallazgos(almacen: ox.Store, chequeo: Chequeo, traza: Traza | None) -> list[Hallazgo]:
    import pyoxigraph as ox

    hallados = []
    sparql = chequeo.componente == "SPARQLConstraintComponent"  # sus variables son las de SHACL
    soluciones = medir(traza, chequeo.consulta, lambda: list(almacen.query(chequeo.consulta)))  # type: ignore[arg-type]
    for solucion in soluciones:
        foco, valor, camino = solucion["this"], solucion["valor"], chequeo.ruta
        if sparql:
            ruta, valor = solucion["path"], solucion["value"] or foco  # SHACL: sin ?value, el valor es el foco
            camino = None if ruta is None else ruta.value
        hallados.append(Hallazgo(foco.value, camino, chequeo.forma, chequeo.severidad, chequeo.mensaje, chequeo.componente,
                                 None if valor is None else valor.value, chequeo.detalle,
                                 isinstance(foco, ox.NamedNode)))
    return hallados
