"""Ayudas comunes sobre las tablas de las consultas (DataFrames → diccionarios de Python)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# Las tablas de las consultas con nombre que un producto pide, por nombre: lo que recibe cada función del dominio.
Tablas = Mapping[str, "pd.DataFrame"]


def tabla(filas: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]], columnas: Sequence[str]) -> pd.DataFrame:
    """Una tabla de objetos con estas columnas, aunque no tenga filas; cada fila, un diccionario o los valores en el
    orden de `columnas` (las secciones de informes y documentos, las tablas que grafo deriva de otras)."""
    import pandas as pd

    return pd.DataFrame(list(filas), columns=list(columnas), dtype=object)


def registros(tabla: pd.DataFrame) -> list[dict[str, Any]]:
    """Las filas como diccionarios, en orden."""
    return tabla.to_dict(orient="records")


class Recordadas(Mapping[str, "pd.DataFrame"]):
    """Las tablas de un producto que arma muchos documentos de ellas: cada una se convierte a filas una vez
    (`filas`). Las 39 fichas de `grafo todo` convertían 627 veces las mismas tablas: 1 s de 1,25. Nadie cambia
    una tabla ni sus filas después de pedirlas."""

    def __init__(self, tablas: Tablas) -> None:
        self._tablas, self._filas = tablas, {}

    def __getitem__(self, nombre: str) -> pd.DataFrame:
        return self._tablas[nombre]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tablas)

    def __len__(self) -> int:
        return len(self._tablas)

    def filas(self, nombre: str) -> list[dict[str, Any]]:
        if nombre not in self._filas:
            self._filas[nombre] = registros(self._tablas[nombre])
        return self._filas[nombre]


def filas_de(tablas: Tablas, nombre: str) -> list[dict[str, Any]]:
    """Las filas de la tabla `nombre` como diccionarios (convertidas una vez, si `tablas` son `Recordadas`)."""
    return tablas.filas(nombre) if isinstance(tablas, Recordadas) else registros(tablas[nombre])


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


def anios(periodo: str | None) -> list[str]:
    """Los años que cubre un periodo: «2024» → [2024]; «2024-2025» o «2024–2026» → cada año; otro texto, tal cual."""
    texto = (periodo or "").strip()
    rango = re.fullmatch(r"(\d{4})\s*(?:-|–|—|/|a|al)\s*(\d{4})", texto)
    if rango:
        inicio, fin = sorted((int(rango[1]), int(rango[2])))
        if fin - inicio <= 50:  # un rango mayor es un error de escritura: se deja como texto
            return [str(a) for a in range(inicio, fin + 1)]
    return [texto] if texto else []


def en_periodo(periodo: str | None, pedido: str) -> bool:
    """Si una acción de `periodo` cae en el periodo pedido (un año dentro de un rango cuenta)."""
    return bool(set(anios(periodo)) & set(anios(pedido)))
