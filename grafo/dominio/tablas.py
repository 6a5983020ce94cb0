"""Ayudas comunes sobre las tablas de las consultas (DataFrames → diccionarios de Python)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd


def registros(tabla: pd.DataFrame) -> list[dict[str, Any]]:
    """Las filas como diccionarios, en orden."""
    return tabla.to_dict(orient="records")


def nombres(tablas: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Institución → nombre, desde la tabla `instituciones`."""
    instituciones = tablas["instituciones"]
    return dict(zip(instituciones["institucion"], instituciones["nombre"], strict=True))


def ancestros(tema: str | None, padre_de: Mapping[str, str | None]) -> list[str]:
    """El tema y sus temas más amplios (`tema_padre`), del más específico al más amplio; sin ciclos."""
    camino: list[str] = []
    while tema and tema in padre_de and tema not in camino:
        camino.append(tema)
        tema = padre_de[tema]
    return camino
