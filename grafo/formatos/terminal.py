"""Ayudas para la terminal: tablas de rich con las celdas como texto (rich se importa al usarse)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grafo.formatos.tabular import a_filas_texto

if TYPE_CHECKING:
    import pandas as pd


def tabla_rich(tabla: pd.DataFrame, *, lineas: bool = False) -> Any:
    """Una tabla de rich con las celdas como texto (listas separadas por coma)."""
    from rich.table import Table

    vista = Table(header_style="bold", show_lines=lineas)
    for columna in tabla.columns:
        vista.add_column(str(columna).replace("_", " "), overflow="fold")
    for fila in a_filas_texto(tabla):
        vista.add_row(*fila)
    return vista


def mostrar_tabla(consola: Any, titulo: str, tabla: pd.DataFrame) -> None:
    """Título en su propia línea (no se parte en tablas angostas) y la tabla debajo."""
    consola.print(f"[bold]{titulo}[/bold] ({len(tabla)} filas)")
    consola.print(tabla_rich(tabla))
