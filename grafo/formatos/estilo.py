"""Cómo se ven los mapas: forma y color por clase de nodo y tipo de arista, paletas y leyendas.

Lo usan la página HTML y, después, las imágenes estáticas y las presentaciones: un solo lugar.
"""

from __future__ import annotations

from typing import Any

# Clase de nodo → forma y color (los de vis-network); la leyenda sale de aquí.
ESTILO_NODO = {
    "institucion": {"shape": "dot", "color": "#1f5aa6", "leyenda": "Institución"},
    "mandato": {"shape": "square", "color": "#2e7d32", "leyenda": "Mandato (instrumento y artículo)"},
    "tema": {"shape": "triangle", "color": "#ef8f00", "leyenda": "Tema"},
    "accion": {"shape": "diamond", "color": "#6a3d9a", "leyenda": "Acción de la política"},
}
ESTILO_ARISTA = {
    "responsable": {"color": "#333333", "dashes": False, "width": 2.5, "leyenda": "Responsable de la acción"},
    "vinculada": {"color": "#777777", "dashes": [8, 6], "width": 1.5, "leyenda": "Vinculada a la acción"},
    "asignado": {"color": "#2e7d32", "dashes": False, "width": 2, "leyenda": "Mandato de la institución"},
    "cubre": {"color": "#ef8f00", "dashes": [2, 4], "width": 1.5, "leyenda": "El mandato nombra el tema"},
    "trata": {"color": "#b39ddb", "dashes": [2, 4], "width": 1, "leyenda": "La acción trata el tema"},
    "amplio": {"color": "#bbbbbb", "dashes": False, "width": 1, "leyenda": "Tema más amplio (tema_padre)"},
    "vinculo": {"color": "#5c7ea8", "dashes": False, "width": 1, "leyenda": "Comparten acciones o temas (grosor: cuántos)"},
}
# Colores de los bloques (los de más miembros primero), distinguibles con daltonismo común (Okabe–Ito y afines).
# Sin rojo ni amarillo puros: son los bordes de brechas y traslapes.
PALETA_COMUNIDADES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#7f6a00", "#56b4e9", "#6a3d9a", "#d55e00",
                      "#117733", "#882255")
COLOR_SIN_COMUNIDAD = "#9e9e9e"
COLOR_BRECHA = "#d32f2f"
COLOR_TRASLAPE = "#f9a825"


def color_de_bloque(indice: int) -> str:
    """El color del bloque en ese lugar de la paleta (los más grandes primero); se repite tras diez."""
    return PALETA_COMUNIDADES[indice % len(PALETA_COMUNIDADES)]


def colores_de_nodo(nodo: dict[str, Any], bloques: dict[str, int], *, por_comunidad: bool) -> tuple[str, str]:
    """Relleno y borde de un nodo: color de su clase (o de su bloque) y borde rojo o amarillo si es brecha o traslape."""
    estilo = ESTILO_NODO[nodo["clase"]]
    fondo = estilo["color"]
    if por_comunidad and "comunidad" in nodo:
        lugar = bloques.get(nodo["comunidad"])
        fondo = COLOR_SIN_COMUNIDAD if lugar is None else color_de_bloque(lugar)
    borde = COLOR_BRECHA if nodo["brecha"] else COLOR_TRASLAPE if nodo["traslape"] else estilo["color"]
    return fondo, borde


def color_de_arista(arista: dict[str, Any]) -> str:
    """Rojo si es un responsable sin mandato sobre los temas de la acción; si no, el de su tipo."""
    return COLOR_BRECHA if arista["sin_mandato"] else ESTILO_ARISTA[arista["tipo"]]["color"]
