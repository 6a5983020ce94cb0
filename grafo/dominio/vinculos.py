"""El vínculo tipado: qué relación une qué dos entidades y cómo se sabe (puro).

Los papeles en una acción (responsable, vinculada), el tema que nombra un mandato y el de una acción
son `Vinculo`s con el nombre de su relación (`grafo.clases.RELACIONES`) y cómo se saben (`grafo.evidencia.COMO`):
*declarados* (una fila de los datos los dice, con su fuente y su grado), *propuestos* (la fila es una propuesta
del proyecto o de un analista: una acción ilustrativa) o *inferidos* (grafo los deriva: un mandato cubre el tema
de una acción; esos salen de las consultas, no de una fila).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from grafo.clases import RELACION
from grafo.evidencia import COMO


@dataclass(frozen=True, order=True)
class Vinculo:
    """Un vínculo de `desde` (id de la fila que lo declara) a `hacia`, por la relación `relacion`."""

    relacion: str
    desde: str
    hacia: str
    como: str = "declarado"

    def __post_init__(self) -> None:
        if self.relacion not in RELACION or self.como not in COMO:
            raise ValueError(f"vínculo mal formado: {self.relacion} ({self.como})")

    @property
    def frase(self) -> str:
        """El vínculo en palabras: «IGM responsable de A-2024-001»."""
        return RELACION[self.relacion].frase.format(desde=self.desde, hacia=self.hacia)


def de_filas(filas: Iterable[Mapping[str, Any]], *, clave: str, relaciones: Iterable[str]) -> Iterator[Vinculo]:
    """Los vínculos que declaran unas filas (de una consulta: `clave` es su columna de id; cada relación, su
    columna de lista con el nombre de la columna del paquete; `como`, si la fila lo trae: declarado o propuesto)."""
    por_relacion = [RELACION[r] for r in relaciones]
    for fila in filas:
        for relacion in por_relacion:
            for hacia in fila.get(relacion.columna) or ():
                yield Vinculo(relacion.clave, fila[clave], hacia, fila.get("como") or "declarado")


def papeles(acciones: Iterable[Mapping[str, Any]]) -> Iterator[Vinculo]:
    """Responsables y vinculadas de cada acción (una institución responsable y vinculada da los dos)."""
    return de_filas(acciones, clave="accion", relaciones=("responsable", "vinculada"))


def papel_de(acciones: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Vinculo]:
    """(acción, institución) → su papel, en el orden de las acciones: una institución responsable y vinculada de
    la misma acción es responsable (lo que responde por la acción no se tapa con lo que solo la acompaña)."""
    papel: dict[tuple[str, str], Vinculo] = {}
    for v in papeles(acciones):
        if (v.desde, v.hacia) not in papel or v.relacion == "responsable":
            papel[v.desde, v.hacia] = v
    return papel
