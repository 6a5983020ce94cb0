"""Errores de dominio de grafo, con mensajes en español que dicen dónde y cómo corregir."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Un mensaje de la biblioteca nombra una opción de quien la llama con `opcion("tiempo_limite")`, no con la
# bandera de la CLI: la CLI la muestra como `--tiempo-limite`, el explorador como su campo, y Python (str)
# como el argumento de la función (`tiempo_limite`). Marcas de uso privado de Unicode: no son texto de nadie.
_OPCION = re.compile("\ue000([a-z_]+)\ue001")


def opcion(nombre: str) -> str:
    """La marca de una opción en un mensaje (su nombre como argumento de Python: `tiempo_limite`)."""
    return f"\ue000{nombre}\ue001"


Nombrar = Callable[[str], str]  # cómo una interfaz nombra una opción («tiempo_limite» → «--tiempo-limite»)


# En Python, un parámetro de consulta es un argumento con su nombre (`consulta("x", institucion="IGM")`): la
# marca de «el parámetro» no se dice.
_EN_PYTHON = {"parametro": ""}


def nombrar_opciones(texto: str, nombrar: Nombrar | None = None) -> str:
    """El texto con cada opción marcada dicha como la interfaz la nombra (sin `nombrar`: el argumento de Python)."""
    return _OPCION.sub(lambda m: nombrar(m[1]) if nombrar is not None else _EN_PYTHON.get(m[1], m[1]), texto)


class ErrorGrafo(Exception):
    """Error esperado: se muestra al usuario sin traza y el programa sale con código 1."""

    @property
    def marcado(self) -> str:
        """El mensaje con sus opciones marcadas (para envolverlo en otro mensaje sin decirlas todavía)."""
        return super().__str__()

    def texto(self, nombrar: Nombrar | None = None) -> str:
        """El mensaje, con las opciones que nombra dichas por `nombrar` (la CLI: sus banderas)."""
        return nombrar_opciones(self.marcado, nombrar)

    def __str__(self) -> str:
        return self.texto()


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
        return self.texto()

    def texto(self, nombrar: Nombrar | None = None) -> str:
        """El problema en una línea, con las opciones que nombra dichas por `nombrar` (ver `ErrorGrafo.texto`)."""
        return nombrar_opciones(self.marcado, nombrar)

    @property
    def marcado(self) -> str:
        """El problema en una línea, con sus opciones marcadas."""
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
        # Con las marcas de opción: quien muestra el error las dice a su modo (ErrorGrafo.texto).
        lineas += [f"  - {p.marcado}" for p in self.problemas]
        if self.avisos:
            lineas.append("Avisos de la lectura:")
            lineas += [f"  - {p.marcado}" for p in self.avisos]
        return "\n".join(lineas)


class TablaFaltante(ErrorGrafo, LookupError):
    """Un comando necesita una tabla que el paquete de datos no trae."""


class ConsultaInvalida(ErrorGrafo, ValueError):
    """Consulta desconocida, parámetro inválido o consulta SPARQL rechazada."""


class ParametroInvalido(ConsultaInvalida):
    """Un `-p` mal escrito (nombre que la consulta no tiene, valor vacío, varios donde va uno): uso, código 2."""


class OpcionInvalida(ErrorGrafo, ValueError):
    """El valor de una opción no sirve (por ejemplo, pesos de priorización mal escritos)."""
