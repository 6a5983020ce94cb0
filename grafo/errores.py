"""Errores de dominio de grafo, con mensajes en español que dicen dónde y cómo corregir."""

from __future__ import annotations

from dataclasses import dataclass


class ErrorGrafo(Exception):
    """Error esperado: se muestra al usuario sin traza y el programa sale con código 1."""


@dataclass(frozen=True, order=True)
class Problema:
    """Un problema en los datos, ubicado como lo ve el usuario en Excel o en un editor."""

    archivo: str
    hoja: str = ""
    fila: int = 0
    columna: str = ""
    mensaje: str = ""
    arreglo: str = ""

    def __str__(self) -> str:
        lugar = [self.archivo]
        if self.hoja:
            lugar.append(f"hoja «{self.hoja}»")
        if self.fila:
            lugar.append(f"fila {self.fila}")
        if self.columna:
            lugar.append(f"columna «{self.columna}»")
        texto = f"{', '.join(lugar)}: {self.mensaje}"
        if self.arreglo:
            texto += f" Cómo corregirlo: {self.arreglo}"
        return texto


class DatosInvalidos(ErrorGrafo, ValueError):
    """Uno o varios problemas en el paquete de datos; se informan todos juntos."""

    def __init__(self, problemas: list[Problema], avisos: list[Problema] | tuple[Problema, ...] = ()) -> None:
        # Lo que afecta a una tabla entera (falta la hoja, no hay encabezado) va primero: explica lo demás.
        self.problemas = sorted(set(problemas), key=lambda p: (bool(p.fila or p.columna), p))
        self.avisos = sorted(set(avisos))
        super().__init__(self._texto())

    def _texto(self) -> str:
        n = len(self.problemas)
        titulo = "Se encontró 1 problema" if n == 1 else f"Se encontraron {n} problemas"
        lineas = [f"{titulo} en los datos; no se escribió nada:"]
        lineas += [f"  - {p}" for p in self.problemas]
        if self.avisos:
            lineas.append("Avisos de la lectura:")
            lineas += [f"  - {p}" for p in self.avisos]
        return "\n".join(lineas)


class TablaFaltante(ErrorGrafo, LookupError):
    """Un comando necesita una tabla que el paquete de datos no trae."""


class ConsultaInvalida(ErrorGrafo, ValueError):
    """Consulta desconocida, parámetro inválido o consulta SPARQL rechazada."""


class ParametroInvalido(ConsultaInvalida):
    """Un `-p` mal escrito (nombre que la consulta no tiene, valor vacío, varios donde va uno): uso, código 2."""


class OpcionInvalida(ErrorGrafo, ValueError):
    """El valor de una opción no sirve (por ejemplo, pesos de priorización mal escritos)."""
