"""Tablas para la terminal: caben en su ancho (80 columnas también) sin partir una palabra.

Cuando la tabla no cabe, las columnas cortas (ids, sí/no, números) guardan su ancho y las de
texto se reparten el resto; un texto largo se recorta en una palabra con «…» y al pie se dice
que `--formato csv` da todo. rich se importa al usarse.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from grafo.errores import opcion
from grafo.formatos.tabular import a_filas_texto
from grafo.texto import cuantos, nombre_de_columna, sin_controles

if TYPE_CHECKING:
    import pandas as pd

LINEAS_POR_CELDA = 6
ENCABEZADO_MINIMO = 7  # un encabezado más largo que sus valores puede recortarse hasta aquí («instit…»)
NIVEL_MINIMO = 20  # si las columnas de texto quedarían más angostas, cada fila se muestra como ficha
NOTA_RECORTE = f"Textos recortados con «…» para caber en la terminal; {opcion('formato')} csv da todo."


def _natural(encabezado: str, celdas: list[str]) -> int:
    valores = max([0, *(len(linea) for c in celdas for linea in c.splitlines() or [""])])
    return max(valores, min(len(encabezado), ENCABEZADO_MINIMO), 1)


def _nivelar(naturales: list[int], espacio: int) -> tuple[list[int], int]:
    """Reparto justo (max-min): cada columna su ancho natural hasta un nivel común que llena `espacio`."""
    restante, n = espacio, len(naturales)
    nivel = max(naturales)
    for i, valor in enumerate(sorted(naturales)):
        if valor * (n - i) > restante:
            nivel = max(restante // (n - i), 1)
            break
        restante -= valor
    anchos_ = [min(v, nivel) for v in naturales]
    sobra = espacio - sum(anchos_)
    for i in sorted(range(n), key=lambda i: -naturales[i]):
        if sobra > 0 and naturales[i] > anchos_[i]:
            anchos_[i] += 1
            sobra -= 1
    return anchos_, nivel


def anchos(encabezados: list[str], columnas: list[list[str]], disponible: int) -> list[int] | None:
    """El ancho de cada columna para caber en `disponible` caracteres; None si ya cabe tal cual.

    Una columna de una sola palabra por celda (ids, códigos, sí/no, números) queda entera: un id cortado
    («PREVENCION-MIGRACION-IRREGU…») ya no sirve para la orden siguiente. Las de texto se reparten el resto.
    Lanza `NoCabe` si las columnas de texto quedarían más angostas que `NIVEL_MINIMO`.
    """
    completas = [max(len(e), _natural(e, c)) for e, c in zip(encabezados, columnas)]
    espacio = disponible - (3 * len(completas) + 1)  # bordes y un espacio a cada lado
    if sum(completas) <= espacio:
        return None
    enteras = [all(len(c.split()) <= 1 for c in celdas) for celdas in columnas]
    # Primero con los encabezados enteros; si no, recortables hasta ENCABEZADO_MINIMO.
    for naturales in (completas, [_natural(e, c) for e, c in zip(encabezados, columnas)]):
        fijo = sum(n for n, entera in zip(naturales, enteras) if entera)
        texto = [n for n, entera in zip(naturales, enteras) if not entera]
        if not texto:
            if fijo <= espacio:
                return naturales
            continue
        repartidos, nivel = _nivelar(texto, espacio - fijo)
        if nivel >= NIVEL_MINIMO:
            de_texto = iter(repartidos)
            return [n if entera else next(de_texto) for n, entera in zip(naturales, enteras)]
    raise NoCabe


class NoCabe(Exception):
    """La tabla no cabe con columnas legibles: se muestra una ficha por fila."""


def recortar(texto: str, ancho: int, lineas: int = LINEAS_POR_CELDA) -> tuple[str, bool]:
    """El texto en a lo más `lineas` líneas de `ancho`, cortado en una palabra con «…»; y si se recortó."""
    partes = textwrap.wrap(texto, ancho, break_long_words=False, break_on_hyphens=False) or [""]
    if len(partes) <= lineas:
        return texto, False
    ultima = partes[lineas - 1]
    while " " in ultima and len(ultima) + 1 > ancho:
        ultima = ultima.rsplit(" ", 1)[0]
    # Una sola línea: rich la vuelve a ajustar al mismo ancho, en los mismos espacios.
    return " ".join([*partes[: lineas - 1], ultima + "…"]), True


def tabla_rich(tabla: pd.DataFrame, *, lineas: bool = False, ancho: int | None = None) -> tuple[Any, bool]:
    """Lo que se imprime para la tabla dentro de `ancho` (None: sin límite) y si algún texto se recortó.

    Una tabla de rich si cabe con columnas legibles; si no, una ficha por fila («campo: valor»).
    """
    from rich.table import Table

    from rich.text import Text

    encabezados = [texto_de_terminal(nombre_de_columna(c)) for c in tabla.columns]
    filas = [[texto_de_terminal(c) for c in fila] for fila in a_filas_texto(tabla)]
    columnas = [list(c) for c in zip(*filas)] if filas else [[] for _ in encabezados]
    try:
        medidas = anchos(encabezados, columnas, ancho) if ancho else None
    except NoCabe:
        return fichas(encabezados, filas, ancho or 80)
    vista = Table(header_style="bold", show_lines=lineas)
    for i, encabezado in enumerate(encabezados):
        # «ellipsis»: una palabra más larga que la columna se corta con «…», nunca se parte en dos líneas.
        vista.add_column(Text(encabezado), overflow="ellipsis", width=medidas[i] if medidas else None)
    recortada = bool(medidas) and any(len(e) > m for e, m in zip(encabezados, medidas or []))
    for fila in filas:
        if medidas:
            celdas = [recortar(c, medidas[i]) for i, c in enumerate(fila)]
            recortada |= any(r for _c, r in celdas) or any(
                len(p) > medidas[i] for i, (c, _r) in enumerate(celdas) for p in c.split())
            fila = [c for c, _r in celdas]
        vista.add_row(*(Text(c) for c in fila))  # Text: un «[/]» de los datos no es marcado de rich
    return vista, recortada


def fichas(encabezados: list[str], filas: list[list[str]], ancho: int) -> tuple[Any, bool]:
    """Cada fila como una ficha: «campo: valor», el valor ajustado en palabras con sangría.

    Una palabra más larga que la línea (una dirección web) se corta con «…»: nunca sigue abajo.
    """
    from rich.text import Text

    sangria = min(max((len(e) for e in encabezados), default=0) + 2, ancho // 3)
    util = max(ancho - sangria - 1, 10)
    lineas: list[str] = []
    recortada = False
    for numero, fila in enumerate(filas, start=1):
        lineas.append(f"── {numero} " + "─" * max(ancho - len(str(numero)) - 5, 0))
        for encabezado, valor in zip(encabezados, fila):
            partes = textwrap.wrap(valor, util, break_long_words=False, break_on_hyphens=False) or [""]
            largas = [len(p) > util for p in partes]
            recortada |= any(largas)
            partes = [p[: util - 1] + "…" if larga else p for p, larga in zip(partes, largas)]
            etiqueta = encabezado if len(encabezado) <= sangria - 2 else encabezado[: sangria - 3] + "…"
            recortada |= etiqueta != encabezado
            lineas.append(f"{etiqueta + ':':<{sangria}}{partes[0]}".rstrip())
            lineas += [" " * sangria + p for p in partes[1:]]
    return Text("\n".join(lineas)), recortada


def texto_de_terminal(texto: str) -> str:
    """Un texto de los datos para la terminal: sin caracteres de control (una secuencia ESC no llega a la pantalla)."""
    return sin_controles(str(texto)).replace("\t", " ")


def mostrar_tabla(consola: Any, titulo: str, tabla: pd.DataFrame) -> None:
    """Título en su propia línea (no se parte en tablas angostas), la tabla debajo y, si se recortó, la nota."""
    from rich.text import Text

    consola.print(Text.assemble((texto_de_terminal(titulo), "bold"), f" ({cuantos(len(tabla), 'fila')})"))
    vista, recortada = tabla_rich(tabla, ancho=consola.width)
    consola.print(vista)
    if recortada:
        consola.print(NOTA_RECORTE, style="dim")
