"""Resumen del grafo: entidades por clase, acciones por eje e instituciones por tipo."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from grafo import consultas
from grafo.motores import Fuente


@dataclass(frozen=True)
class Resumen:
    """Las tres tablas del resumen y la versión de los datos."""

    version_datos: str
    tripletas: int
    clases: pd.DataFrame
    ejes: pd.DataFrame
    tipos: pd.DataFrame

    def a_dict(self) -> dict[str, object]:
        return {
            "version_datos": self.version_datos,
            "tripletas": self.tripletas,
            "clases": self.clases.to_dict(orient="records"),
            "ejes": self.ejes.to_dict(orient="records"),
            "tipos": self.tipos.to_dict(orient="records"),
        }


def resumir(fuente: Fuente) -> Resumen:
    """Calcula el resumen con las consultas `resumen-*`."""
    clases = consultas.ejecutar(fuente, consultas.cargar("resumen-clases")).drop(columns="orden")
    return Resumen(
        version_datos=fuente.version(),
        tripletas=fuente.contar(),
        clases=clases,
        ejes=consultas.ejecutar(fuente, consultas.cargar("resumen-ejes")),
        tipos=consultas.ejecutar(fuente, consultas.cargar("resumen-tipos")),
    )
