"""Cada mención, un enlace: los ids de una celda o de un texto, vueltos enlaces a su página, con el texto escapado.

Una columna que nombra una clase (`institucion`, `acciones`, la de una relación como `responsables`) enlaza
sus ids a esa clase; en un texto libre («M-017 (AMSCLAE)»), un id que solo puede ser una entidad se enlaza
y uno ambiguo o común queda como texto. Todo lo demás sale escapado: el texto de los datos nunca es HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from grafo.clases import ENTIDADES, RELACIONES
from grafo.dominio.citas import es_vacio
from grafo.dominio.recurso import Indice, Valor, entidad_de

# Columna de una consulta o un informe → la clase de sus ids.
COLUMNAS: dict[str, str] = {
    **{c.clave: c.clave for c in ENTIDADES}, **{c.plural: c.clave for c in ENTIDADES},
    **{r.columna: r.hacia for r in RELACIONES},
    "convoca": "institucion", "depende_de": "institucion", "acciones_posibles": "accion", "codigo": "municipio",
    "tema_padre": "tema", "otra": "institucion", "pmm": "pmm", "ods": "ods",
}
_ID = re.compile(r"[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ](?:[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ_.-]*[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ])?")


def ruta(clase: str, ident: str) -> str:
    """La dirección de la página de una entidad (el id codificado: un id raro no cambia la ruta)."""
    return f"/{clase}/{quote(ident, safe='')}"


def enlace(clase: str, ident: str, texto: str | None = None) -> Markup:
    """Un enlace a la página de la entidad; un id que no puede tener página (con una barra), solo su texto."""
    from grafo.web.seguridad import id_valido

    if not id_valido(ident):
        return escape(texto if texto is not None else ident)
    return Markup('<a href="{}">{}</a>').format(ruta(clase, ident), texto if texto is not None else ident)


def en_texto(texto: str, indice: Indice) -> Markup:
    """El texto escapado, con cada id conocido (y no ambiguo) vuelto un enlace a su página."""
    partes: list[Markup] = []
    ultimo = 0
    for hallado in _ID.finditer(texto):
        clase = indice.clase_de(hallado[0])
        if clase is None:
            continue
        partes += [escape(texto[ultimo:hallado.start()]), enlace(clase, hallado[0])]
        ultimo = hallado.end()
    partes.append(escape(texto[ultimo:]))
    return Markup("").join(partes)


def celda(valor: Any, columna: str, indice: Indice) -> Markup:
    """Una celda de tabla: «—» si está vacía; los ids de una columna de clase, enlaces; el resto, texto con enlaces."""
    if isinstance(valor, (list, tuple)):
        return Markup("; ").join(celda(v, columna, indice) for v in valor) if valor else Markup("—")
    if es_vacio(valor):
        return Markup("—")
    if isinstance(valor, bool):
        return Markup("sí" if valor else "no")
    texto = str(valor)
    clase = COLUMNAS.get(columna)
    if clase is not None and indice.clase_de(texto, clase) is not None:
        return enlace(clase, texto) + indice.marca(clase, texto)
    entidad = entidad_de(texto)  # el IRI de una entidad (una consulta SPARQL propia): el IRI entero, enlazado
    if entidad is not None and indice.clase_de(entidad[1], entidad[0]) is not None:
        return enlace(*entidad, texto)
    return en_texto(texto, indice)


def lista(ids: Iterable[str], clase: str, indice: Indice) -> Markup:
    """Ids de una clase con su nombre, cada uno un enlace."""
    return Markup(", ").join(enlace(clase, i, f"{i} — {indice.nombres.get((clase, i), '')}".rstrip(" —"))
                             + indice.marca(clase, i) for i in ids)


def valor(v: Valor, indice: Indice) -> Markup:
    """Un valor de la página de una entidad: un enlace si es otra entidad (con su marca si es ilustrativa), si no su
    texto."""
    if v.clase is None or v.ident is None:
        return escape(v.texto)
    return enlace(v.clase, v.ident, v.texto) + indice.marca(v.clase, v.ident)
