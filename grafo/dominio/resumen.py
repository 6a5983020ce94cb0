"""Resumen del grafo: entidades por clase, acciones por eje e instituciones por tipo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Resumen:
    """Las tres tablas del resumen y la versión de los datos."""

    version_datos: str
    tripletas: int
    clases: pd.DataFrame
    ejes: pd.DataFrame
    tipos: pd.DataFrame

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Resumen escrito en {salida}."

    def a_dict(self) -> dict[str, object]:
        return {
            "version_datos": self.version_datos,
            "tripletas": self.tripletas,
            "clases": self.clases.to_dict(orient="records"),
            "ejes": self.ejes.to_dict(orient="records"),
            "tipos": self.tipos.to_dict(orient="records"),
        }


CONSULTAS_RESUMEN = ("resumen-clases", "resumen-ejes", "resumen-tipos")


def armar(tablas: dict[str, pd.DataFrame], *, version_datos: str, tripletas: int) -> Resumen:
    """El resumen desde las tablas de CONSULTAS_RESUMEN."""
    return Resumen(version_datos=version_datos, tripletas=tripletas,
                   clases=tablas["resumen-clases"].drop(columns="orden"),
                   ejes=tablas["resumen-ejes"], tipos=tablas["resumen-tipos"])
