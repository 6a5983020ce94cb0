"""El papel en que se imprimen los documentos de Word y el libro de matrices: un solo lugar para sus medidas.

En las oficinas de Guatemala se imprime en «tamaño carta» (8,5 × 11 pulgadas, el Letter de EE. UU.) o en «oficio»
(8,5 × 13 pulgadas, 216 × 330 mm; Excel y Word lo llaman Folio). Carta es el predeterminado.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Papel:
    """Un tamaño de papel: su nombre en la línea de órdenes, cómo se dice, sus medidas y su código de impresora."""

    nombre: str  # como se escribe en --papel
    en_palabras: str  # como se dice en un aviso o una ayuda
    ancho: float  # pulgadas, en vertical
    alto: float  # pulgadas, en vertical
    codigo: int  # el código de papel de Windows (DMPAPER) que usan Excel (paperSize) y Word (w:pgSz/@w:code)

    def milimetros(self) -> str:
        """«216 × 279 mm»: las medidas como las lee quien elige el papel."""
        return f"{round(self.ancho * 25.4)} × {round(self.alto * 25.4)} mm"


CARTA = Papel("carta", "tamaño carta", 8.5, 11.0, 1)
OFICIO = Papel("oficio", "oficio", 8.5, 13.0, 14)
PAPELES: dict[str, Papel] = {p.nombre: p for p in (CARTA, OFICIO)}
PREDETERMINADO = CARTA.nombre


def papel(nombre: str | Papel | None) -> Papel:
    """El papel de un nombre («carta», «oficio»); sin nombre, el predeterminado (carta)."""
    if isinstance(nombre, Papel):
        return nombre
    return PAPELES[nombre or PREDETERMINADO]
