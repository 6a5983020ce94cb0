"""Una fuente que no envía dos veces la misma consulta: el grafo no cambia mientras un proyecto está abierto.

Las tablas de los productos se piden por nombre (un mapa pide las de brechas, una minuta las del mapa);
`Memo` guarda la respuesta de cada texto SELECT, la versión y la cuenta, y devuelve una copia (quien la
recibe puede agregarle columnas). Lo demás (consultas libres, volcados) pasa tal cual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from grafo.motores import Fuente, ResultadoLibre
    from grafo.motores.celdas import Filas


class Memo:
    """Envuelve una `Fuente`: cada SELECT distinto se envía una vez; las respuestas siguientes son copias."""

    def __init__(self, fuente: Fuente) -> None:
        self.fuente = fuente
        self._tablas: dict[str, pd.DataFrame] = {}
        self._filas: dict[str, Filas] = {}
        self._version: str | None = None
        self._cuenta: int | None = None

    @property
    def tiempo_limite(self) -> float | None:
        return self.fuente.tiempo_limite

    def seleccionar(self, texto: str) -> pd.DataFrame:
        if texto not in self._tablas:
            if texto in self._filas:  # ya se pidió sin pandas: se arma la tabla de esas filas
                import pandas as pd

                filas = self._filas[texto]
                self._tablas[texto] = pd.DataFrame(filas.filas, columns=filas.columns, dtype=object)
            else:
                self._tablas[texto] = self.fuente.seleccionar(texto)
        return self._tablas[texto].copy()

    def seleccionar_filas(self, texto: str) -> Filas:
        from grafo.motores.celdas import Filas

        if texto not in self._filas:
            if texto in self._tablas:
                self._filas[texto] = Filas.de_tabla(self._tablas[texto])
            else:
                self._filas[texto] = self.fuente.seleccionar_filas(texto)
        guardadas = self._filas[texto]
        return Filas(guardadas.columns, [list(f) for f in guardadas.filas])

    def libre(self, texto: str) -> ResultadoLibre:
        return self.fuente.libre(texto)

    def version(self) -> str:
        if self._version is None:
            self._version = self.fuente.version()
        return self._version

    def contar(self) -> int:
        if self._cuenta is None:
            self._cuenta = self.fuente.contar()
        return self._cuenta

    def __getattr__(self, nombre: str) -> Any:
        # en_memoria, en_oxigraph, volcar, grafo, traza: lo de la fuente misma.
        return getattr(self.fuente, nombre)
