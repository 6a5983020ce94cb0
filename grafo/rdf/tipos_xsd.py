"""Los tipos de dato de XSD que el motor compilado sabe revisar: espacio léxico, rango y espacios en blanco.

Un solo lugar para la tabla: `sh:datatype` (`formas_sparql._de_tipo`) y las comparaciones numéricas la usan.
Un tipo que no está aquí no se revisa a medias: `condicion` da None y la forma queda para pySHACL.
XSD «colapsa» los espacios de todos estos tipos salvo los de texto: un `" 5 "^^xsd:decimal` es válido.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib.namespace import XSD
from rdflib.term import Node

_ENTERO = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_DOBLE = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"
_ZONA = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_FECHA = r"-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_HORA = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_BLANCOS = "[ \t\n\r]"


@dataclass(frozen=True)
class TipoXsd:
    """Un tipo: su espacio léxico (tras colapsar los blancos, si `colapsa`), su rango y si Oxigraph debe
    además poder convertirlo (fechas: el 30 de febrero cumple el patrón y no existe)."""

    patron: str
    colapsa: bool = True
    minimo: int | None = None
    maximo: int | None = None
    convertir: bool = False


def _entero(minimo: int | None, maximo: int | None) -> TipoXsd:
    return TipoXsd(_ENTERO, minimo=minimo, maximo=maximo)


TIPOS: dict[Node, TipoXsd] = {
    XSD.string: TipoXsd(r"(.|\n)*", colapsa=False),
    XSD.normalizedString: TipoXsd(r"[^\t\n\r]*", colapsa=False),
    XSD.token: TipoXsd(r"([^ \t\n\r]+( [^ \t\n\r]+)*)?", colapsa=False),
    XSD.language: TipoXsd(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*"),
    XSD.boolean: TipoXsd(r"true|false|1|0"),
    XSD.decimal: TipoXsd(_DECIMAL),
    XSD.double: TipoXsd(_DOBLE),
    XSD.float: TipoXsd(_DOBLE),
    XSD.integer: _entero(None, None),
    XSD.nonNegativeInteger: _entero(0, None),
    XSD.positiveInteger: _entero(1, None),
    XSD.nonPositiveInteger: _entero(None, 0),
    XSD.negativeInteger: _entero(None, -1),
    XSD.long: _entero(-2**63, 2**63 - 1),
    XSD.int: _entero(-2**31, 2**31 - 1),
    XSD.short: _entero(-2**15, 2**15 - 1),
    XSD.byte: _entero(-2**7, 2**7 - 1),
    XSD.unsignedLong: _entero(0, 2**64 - 1),
    XSD.unsignedInt: _entero(0, 2**32 - 1),
    XSD.unsignedShort: _entero(0, 2**16 - 1),
    XSD.unsignedByte: _entero(0, 2**8 - 1),
    XSD.date: TipoXsd(_FECHA + _ZONA, convertir=True),
    XSD.dateTime: TipoXsd(_FECHA + "T" + _HORA + _ZONA, convertir=True),
    XSD.time: TipoXsd(_HORA + _ZONA, convertir=True),
    XSD.hexBinary: TipoXsd(r"([0-9a-fA-F]{2})*"),
}
NUMERICOS = frozenset({XSD.integer, XSD.decimal, XSD.double, XSD.float} | {t for t, d in TIPOS.items()
                                                                             if d.patron == _ENTERO})


def _cadena(texto: str) -> str:
    """Un literal de texto de SPARQL."""
    return '"' + texto.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace(
        "\n", "\\n").replace("\r", "\\r") + '"'


def condicion(tipo: Node, v: str) -> str | None:
    """Expresión SPARQL verdadera si `v` es un literal bien formado de ese tipo; None si no se sabe revisar.

    El espacio léxico, no una conversión: Oxigraph no representa un decimal de más de 18 cifras decimales
    ni un entero de más de 64 bits, y convertirlos daría error siendo válidos.
    """
    datos = TIPOS.get(tipo)
    if datos is None:
        return None
    blancos = f"{_BLANCOS}*" if datos.colapsa else ""
    partes = [f"isLiteral({v})", f"sameTerm(datatype({v}), <{tipo}>)",
              f"REGEX(STR({v}), {_cadena(f'^{blancos}({datos.patron}){blancos}$')})"]
    recortado = f"REPLACE(STR({v}), {_cadena(f'^{_BLANCOS}+|{_BLANCOS}+$')}, \"\")"
    if datos.minimo is not None or datos.maximo is not None:
        # Todo entero acotado cabe en un xsd:decimal de Oxigraph (las cotas también: «.0», pues 2^64-1 no
        # cabe en su xsd:integer); uno mayor da error: fuera de rango.
        numero = f"<{XSD.decimal}>({recortado})"
        limites = ([f"{numero} >= {datos.minimo}.0"] if datos.minimo is not None else []) + (
            [f"{numero} <= {datos.maximo}.0"] if datos.maximo is not None else [])
        if datos.minimo is None or datos.maximo is None:
            # Sin cota de un lado el valor puede no caber: el signo y el cero lo deciden.
            limites = [_signo(datos.minimo, datos.maximo, recortado)]
        partes.append(f"COALESCE({' && '.join(limites)}, false)")
    if datos.convertir:
        partes.append(f"COALESCE(isLiteral(<{tipo}>({recortado})), false)")
    return " && ".join(partes)


def _signo(minimo: int | None, maximo: int | None, recortado: str) -> str:
    """Los enteros no acotados de un lado, por su texto: ≥ 0, ≥ 1, ≤ 0 o ≤ -1."""
    positivo, negativo = _cadena("^[+]?0*[1-9][0-9]*$"), _cadena("^-0*[1-9][0-9]*$")
    casos = {(0, None): f"!REGEX({recortado}, {negativo})", (1, None): f"REGEX({recortado}, {positivo})",
             (None, 0): f"!REGEX({recortado}, {positivo})", (None, -1): f"REGEX({recortado}, {negativo})"}
    return casos[minimo, maximo]
