"""Las consultas de las restricciones SPARQL de SHACL, leídas como álgebra (no como texto).

SHACL preliga `$this` (y `$currentShape`, `$shapesGraph`) antes de evaluar la consulta. El motor compilado
no preliga: corre la consulta con `$this` libre y la une con los focos. Eso da lo mismo solo si `$this`
aparece únicamente en patrones de tripleta del grupo de arriba (los que se unen), ligado por al menos uno
que no pueda recorrer un camino de largo cero. Cualquier otro uso (en un FILTER, un BIND, una UNION, un
OPTIONAL, un EXISTS, una subconsulta…) cambia con la preligadura: la restricción no se compila y `validar`
usa pySHACL. Lo que SHACL prohíbe con variables preligadas (MINUS, SERVICE, VALUES, `AS ?this`, una
subconsulta que no devuelve `$this`) es un error de las formas, en cualquier motor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib.paths import (
    AlternativePath,
    InvPath,
    MulPath,
    NegatedPath,
    Path,
    SequencePath,
)
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, URIRef, Variable

from grafo.errores import ErrorGrafo

THIS = Variable("this")
_PRELIGADAS = {THIS, Variable("currentShape"), Variable("shapesGraph")}
# Lo que no cambia qué soluciones da el grupo de arriba (ORDER BY solo las ordena).
_ENVOLTURAS = {"Project", "Distinct", "Reduced", "OrderBy"}
_PROHIBIDOS = {"Minus": "MINUS", "ServiceGraphPattern": "SERVICE", "values": "VALUES"}


class NoCompilable(Exception):
    """Las formas usan algo que este motor no compila: se valida con pySHACL."""


class FormasInvalidas(ErrorGrafo, ValueError):
    """Las formas usan algo que SHACL no permite: ningún motor da un informe."""


def revisar(texto: str, prefijos: str, forma: Node) -> None:
    """Revisa la consulta de una restricción SPARQL de `forma`: FormasInvalidas si SHACL la prohíbe,
    NoCompilable si unirla con los focos no da lo mismo que preligar `$this`."""
    from rdflib.plugins.sparql import prepareQuery

    if not re.match(r"\s*SELECT\b", texto, re.IGNORECASE):
        raise NoCompilable(f"la restricción SPARQL de {forma} no empieza por SELECT (una subconsulta no lleva "
                           "PREFIX ni BASE)")
    try:
        consulta = prepareQuery(prefijos + texto).algebra
    except Exception as error:  # noqa: BLE001 - el analizador de rdflib lanza excepciones de varias clases
        raise NoCompilable(f"la consulta SPARQL de {forma} no se pudo analizar ({error})") from None
    if consulta.name != "SelectQuery":
        raise NoCompilable(f"la restricción SPARQL de {forma} no es un SELECT")
    patron, envolturas = consulta.p, set()
    while patron.name in _ENVOLTURAS or patron.name == "Slice":
        envolturas.add(patron.name)
        patron = patron.p
    _prohibidos(patron, forma)
    if THIS not in consulta.PV:
        raise NoCompilable(f"la restricción SPARQL de {forma} no proyecta $this")
    if _menciona(consulta.p, _PRELIGADAS - {THIS}):
        raise NoCompilable(f"la restricción SPARQL de {forma} usa $currentShape o $shapesGraph")
    # LIMIT y OFFSET cortan las soluciones de cada foco con $this preligado, y las de todos sin él.
    if "Slice" in envolturas or not _unible(patron):
        raise NoCompilable(f"la restricción SPARQL de {forma} usa $this donde preligarlo cambia el resultado")


def _prohibidos(nodo: object, forma: Node) -> None:
    """FormasInvalidas si la consulta usa algo que SHACL prohíbe con variables preligadas (§5.3.1)."""
    for parte in _partes(nodo):
        if not isinstance(parte, CompValue):
            continue
        que = _PROHIBIDOS.get(parte.name)
        if parte.name == "Extend" and parte.var in _PRELIGADAS:
            que = f"«AS ?{parte.var}»"
        elif parte.name == "Project" and THIS not in parte.PV:
            que = "una subconsulta que no devuelve $this"
        if que is not None:
            raise FormasInvalidas(
                f"La restricción SPARQL de la forma {forma} usa {que}, que SHACL no permite en una consulta "
                "con variables preligadas ($this). Cómo corregirlo: reescriba la consulta sin eso "
                "(por ejemplo, FILTER NOT EXISTS en lugar de MINUS).")


def _partes(nodo: object) -> Iterator[object]:
    """El nodo y todo lo que contiene (expresiones, patrones, subconsultas), sin los `_vars` derivados."""
    yield nodo
    if isinstance(nodo, CompValue):
        hijos: list[object] = [v for k, v in nodo.items() if not k.startswith("_")]
    elif isinstance(nodo, dict):
        hijos = [*nodo.keys(), *nodo.values()]
    elif isinstance(nodo, (list, tuple, set)):
        hijos = list(nodo)
    else:
        return
    for hijo in hijos:
        yield from _partes(hijo)


def _menciona(nodo: object, variables: set[Variable]) -> bool:
    return any(isinstance(p, Variable) and p in variables for p in _partes(nodo))


def _unible(patron: CompValue) -> bool:
    """Si `$this` aparece solo en tripletas del grupo de arriba y al menos una lo liga."""
    ligan = False
    pendientes = [patron]
    while pendientes:
        nodo = pendientes.pop()
        if nodo.name == "Join":
            pendientes += [nodo.p1, nodo.p2]
        elif nodo.name in ("Filter", "Extend", "LeftJoin"):
            if nodo.name == "LeftJoin" and _menciona(nodo.p2, {THIS}):
                return False
            if _menciona(nodo.expr, {THIS}):
                return False
            pendientes.append(nodo.p1 if nodo.name == "LeftJoin" else nodo.p)
        elif nodo.name == "BGP":
            for tripleta in nodo.triples:
                if THIS in tripleta:
                    if not _liga(tripleta[1]):
                        return False
                    ligan = True
        elif _menciona(nodo, {THIS}):
            return False
    return ligan


def _liga(camino: object) -> bool:
    """Si una tripleta con este predicado o camino liga sus extremos a nodos del grafo (nunca largo cero)."""
    if isinstance(camino, (URIRef, Variable, NegatedPath)):
        return True
    if isinstance(camino, InvPath):
        return _liga(camino.arg)
    if isinstance(camino, MulPath):
        return camino.mod == "+" and _liga(camino.path)
    if isinstance(camino, SequencePath):
        return all(_liga(c) for c in camino.args)
    if isinstance(camino, AlternativePath):
        return all(_liga(c) for c in camino.args)
    return not isinstance(camino, Path)
