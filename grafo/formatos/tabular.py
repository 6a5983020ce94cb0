"""Tablas de resultados a JSON, CSV o texto de terminal; las listas de ids como listas (ayudas de los formatos)."""

from __future__ import annotations

import csv
import io
import json
import re
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from grafo.texto import si_no, sin_controles

BOM = "\ufeff"  # Excel en Windows lee UTF-8 solo si el archivo empieza con él
_INICIO_PELIGROSO = ("=", "+", "-", "@", "\t", "\r")
_NUMERO = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def _celda_texto(valor: Any, separador: str, *, coma_decimal: bool = False) -> str:
    if isinstance(valor, list):
        return separador.join(_celda_texto(v, separador) for v in valor)
    if isinstance(valor, bool):
        return si_no(valor)
    if coma_decimal and isinstance(valor, float):
        return repr(valor).replace(".", ",")  # el Excel que separa con «;» escribe 0,276
    return "" if valor is None else str(valor)


def neutralizar(texto: str) -> str:
    """Una celda que Excel tomaría por fórmula (`=`, `+`, `-`, `@`, tabulador, retorno) lleva `'` delante (OWASP).

    Un número con signo (`-3.5`) no es una fórmula y queda como está.
    """
    if texto.startswith(_INICIO_PELIGROSO) and not _NUMERO.fullmatch(texto):
        return "'" + texto
    return texto


def a_json(tabla: pd.DataFrame) -> str:
    """Arreglo JSON de objetos, uno por fila, en el orden de la tabla."""
    filas = [{c: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for c, v in fila.items()}
             for fila in tabla.to_dict(orient="records")]
    return json.dumps(filas, ensure_ascii=False, indent=2)


def a_csv(tabla: pd.DataFrame, *, separador: str = ",") -> str:
    """CSV para Excel: BOM, encabezado y celdas que no se vuelven fórmulas; una lista va separada por `;`.

    `separador`: `,` (el de listas de Windows con punto decimal: Guatemala, México, EE. UU.) o `;` (un Windows
    con coma decimal, como en España: los decimales van entonces con coma).
    """
    lista = ";"
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=separador, lineterminator="\n")
    escritor.writerow([neutralizar(str(c)) for c in tabla.columns])
    for fila in tabla.itertuples(index=False, name=None):
        # Un retorno suelto (CR) partiría la fila sin comillas: es un salto de línea como cualquier otro.
        escritor.writerow([sin_controles(neutralizar(_celda_texto(v, lista, coma_decimal=separador == ";")))
                           for v in fila])
    return BOM + salida.getvalue()


def a_filas_texto(tabla: pd.DataFrame) -> list[list[str]]:
    """Filas como texto para una tabla en la terminal (listas separadas por coma)."""
    return [[_celda_texto(v, ", ") for v in fila] for fila in tabla.itertuples(index=False, name=None)]



def a_json_objeto(valor: Any) -> str:
    """Un objeto cualquiera como JSON legible (sangría de 2, sin escapar tildes)."""
    return json.dumps(valor, ensure_ascii=False, indent=2)
