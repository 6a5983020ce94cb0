"""Tablas de resultados a JSON, CSV o texto de terminal; las listas de ids como listas (ayudas de los formatos)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd


def _celda_texto(valor: Any, separador: str) -> str:
    if isinstance(valor, list):
        return separador.join(str(v) for v in valor)
    return "" if valor is None else str(valor)


def a_json(tabla: pd.DataFrame) -> str:
    """Arreglo JSON de objetos, uno por fila, en el orden de la tabla."""
    filas = [{c: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v) for c, v in fila.items()}
             for fila in tabla.to_dict(orient="records")]
    return json.dumps(filas, ensure_ascii=False, indent=2)


def a_csv(tabla: pd.DataFrame) -> str:
    """CSV con encabezado; una lista se escribe separada por `;`, como en los datos."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(tabla.columns)
    for fila in tabla.itertuples(index=False, name=None):
        escritor.writerow([_celda_texto(v, ";") for v in fila])
    return salida.getvalue()


def a_filas_texto(tabla: pd.DataFrame) -> list[list[str]]:
    """Filas como texto para una tabla en la terminal (listas separadas por coma)."""
    return [[_celda_texto(v, ", ") for v in fila] for fila in tabla.itertuples(index=False, name=None)]



def a_json_objeto(valor: Any) -> str:
    """Un objeto cualquiera como JSON legible (sangría de 2, sin escapar tildes)."""
    return json.dumps(valor, ensure_ascii=False, indent=2)
