"""Cómo se cita un mandato: instrumento y artículo, con [NV] si no está verificado (texto puro)."""

from __future__ import annotations

import math
from typing import Any


def es_vacio(valor: Any) -> bool:
    """Celda sin valor: None, NaN de pandas o texto vacío."""
    return valor is None or (isinstance(valor, float) and math.isnan(valor)) or valor == ""


def procedencia(version_datos: str, fecha: str, *, con_grafo: bool = True) -> str:
    """`Datos versión 23c7ee32ff10 · generado el 2026-12-01 con grafo`: de dónde y cuándo sale una salida."""
    return f"Datos versión {version_datos} · generado el {fecha}" + (" con grafo" if con_grafo else "")


# La marca de un artículo (o un fundamento) que no se ha cotejado con el texto oficial (`verificado` = no en los datos),
# lo que significa, y la frase que lo explica al pie de cada documento, mapa y matriz: un solo lugar.
NV = "[NV]"
SIGNIFICADO_NV = "Artículo no verificado en las fuentes: cotéjelo con el texto oficial."
LEYENDA_NV = f"{NV} marca un {SIGNIFICADO_NV[0].lower()}{SIGNIFICADO_NV[1:]}"


def sin_verificar(fila: dict[str, Any]) -> bool:
    """Si el mandato de la fila lleva [NV]: su `verificado` es «no» (sin dato, no se marca)."""
    return fila.get("verificado") is False


def articulo(fila: dict[str, Any]) -> str:
    """`art. 122 c)`, con [NV] si el mandato no está verificado; sin número, lo dice."""
    numero = fila.get("articulo")
    if es_vacio(numero):
        return f"artículo no identificado {NV}" if sin_verificar(fila) else "sin artículo"
    return f"art. {numero} {NV}" if sin_verificar(fila) else f"art. {numero}"


def fundamento(fila: dict[str, Any]) -> str:
    """El instrumento y el artículo de un mandato: `Código de Migración (DEC-44-2016), art. 114`."""
    return f"{fila['titulo']} ({fila['instrumento']}), {articulo(fila)}"


def fundamento_corto(fila: dict[str, Any]) -> str:
    """`M-003 DEC-44-2016 art. 114`: para listas de varios mandatos en una celda."""
    return f"{fila['mandato']} {fila['instrumento']} {articulo(fila)}"
