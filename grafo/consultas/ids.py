"""Los ids que escribe un usuario, contra los del grafo: resueltos (`igm` → IGM) y comprobados en una consulta.

Un pedido es (clase, valor, dónde se pidió). Lo común (todos existen) cuesta una consulta por clase;
solo ante un id desconocido se listan los de su clase y se buscan parecidos por texto, para decirlos
todos juntos en un error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from grafo.clases import POR_CLAVE
from grafo.errores import ConsultaInvalida
from grafo.motores import Fuente
from grafo.rdf.espacios import DCTERMS
from grafo.texto import forma_de_busqueda

Pedido = tuple[str, "str | None", str]
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def literal(texto: str) -> str:
    """Un texto como literal SPARQL entre comillas, con sus escapes (ECHAR): nunca llega a ser SPARQL."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in texto) + '"'


def _columna(fuente: Fuente, texto: str) -> list[str]:
    filas = fuente.seleccionar_filas(texto)  # sin pandas: `grafo consultar` lo usa al enlazar parámetros
    return [str(f[0]) for f in filas.itertuples()]


def ids_de(fuente: Fuente, clase: str) -> list[str]:
    """Los ids (dcterms:identifier) de las entidades de una clase, ordenados."""
    texto = (f"SELECT DISTINCT ?id WHERE {{ {POR_CLAVE[clase].patron} ?x <{DCTERMS}identifier> ?id . }} "
             "ORDER BY ?id")
    return _columna(fuente, texto)


def _existentes(fuente: Fuente, clase: str, valores: Sequence[str]) -> set[str]:
    unicos = sorted(set(valores))
    texto = (f"SELECT DISTINCT ?id WHERE {{ VALUES ?id {{ {' '.join(literal(v) for v in unicos)} }} "
             f"?x <{DCTERMS}identifier> ?id . {POR_CLAVE[clase].patron} }}")
    return set(_columna(fuente, texto))


def resolver(fuente: Fuente, pedidos: Sequence[Pedido]) -> list[str | None]:
    """Cada valor como está en el grafo; los desconocidos, todos a la vez en un `ConsultaInvalida` con parecidos."""
    por_clase: dict[str, list[str]] = {}
    for clase, valor, _ in pedidos:
        if valor is not None:
            por_clase.setdefault(clase, []).append(valor)
    existentes = {clase: _existentes(fuente, clase, valores) for clase, valores in por_clase.items()}
    if all(v is None or v in existentes[c] for c, v, _ in pedidos):
        return [v for _, v, _ in pedidos]
    conocidos = {clase: ids_de(fuente, clase) for clase in por_clase}
    por_forma: dict[tuple[str, str], list[str]] = {}  # (clase, id sin tildes ni mayúsculas) → ids del grafo
    for clase, lista in conocidos.items():
        for conocido in lista:
            por_forma.setdefault((clase, forma_de_busqueda(conocido)), []).append(conocido)
    resueltos: list[str | None] = []
    problemas: list[str] = []
    for clase, valor, donde in pedidos:
        if valor is None or valor in existentes[clase]:
            resueltos.append(valor)
            continue
        unico = por_forma.get((clase, forma_de_busqueda(valor)), [])
        if len(unico) == 1:  # difiere solo en mayúsculas o tildes: es ese
            resueltos.append(unico[0])
            continue
        resueltos.append(valor)
        cercanos = parecidos(valor, conocidos[clase])
        cercanos += [i for i in por_texto(fuente, clase, valor) if i not in cercanos]
        pista = f" ¿Quiso decir {', '.join(cercanos[:5])}?" if cercanos else ""
        problemas.append(f"No hay {POR_CLAVE[clase].singular} con id «{valor}» ({donde}).{pista}")
    if problemas:
        raise ConsultaInvalida("\n".join(problemas))
    return resueltos


def parecidos(valor: str, conocidos: Sequence[str]) -> list[str]:
    """Hasta cinco ids parecidos (sin distinguir mayúsculas) para sugerir al usuario."""
    por_minuscula = {c.casefold(): c for c in conocidos}
    exactos = [por_minuscula[valor.casefold()]] if valor.casefold() in por_minuscula else []
    cercanos = difflib.get_close_matches(valor.casefold(), list(por_minuscula), n=5, cutoff=0.6)
    return list(dict.fromkeys(exactos + [por_minuscula[c] for c in cercanos]))[:5]


def por_texto(fuente: Fuente, clase: str, valor: str) -> list[str]:
    """Los ids de la clase cuyo nombre contiene `valor`, o con palabras de la misma raíz que las suyas.

    Sin tildes ni mayúsculas y sin las dos últimas letras de cada palabra: `retorno` sugiere
    RECEPCION-RETORNADOS; el nombre completo («Instituto Guatemalteco de Migración») sugiere IGM.
    """
    from grafo.consultas import cargar, ejecutar

    buscado = forma_de_busqueda(valor).strip()
    raices = [p[: max(4, len(p) - 2)] for p in re.split(r"\W+", buscado) if len(p) >= 4]
    if not raices:
        return []
    textos = ejecutar(fuente, cargar("textos"))
    textos = textos[textos["clase"] == clase]
    hallados = set()
    for ident, texto in zip(textos["id"], textos["texto"], strict=True):
        forma = forma_de_busqueda(f"{ident} {texto}")
        palabras = re.split(r"\W+", forma)
        if buscado in forma or all(any(p.startswith(r) for p in palabras) for r in raices):
            hallados.add(ident)
    return sorted(hallados)
