"""Cómo se ven los mapas: forma y color por clase de nodo y tipo de arista, paletas y leyendas.

Lo usan la página HTML y, después, las imágenes estáticas y las presentaciones: un solo lugar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grafo.clases import DIBUJADAS

# Clase de nodo → forma y color (los de vis-network), del registro de clases y en el orden de la leyenda.
ESTILO_NODO = {c.clave: {"shape": c.estilo.forma, "color": c.estilo.color, "leyenda": c.estilo.leyenda}
               for c in DIBUJADAS if c.estilo is not None}
# Tipo de arista → color y grosor; el trazo dice cómo se sabe el vínculo (ESTILO_COMO), no su tipo.
ESTILO_ARISTA = {
    "responsable": {"color": "#333333", "width": 2.5, "leyenda": "Responsable de la acción"},
    "vinculada": {"color": "#8a8a8a", "width": 1.5, "leyenda": "Vinculada a la acción"},
    "asignado": {"color": "#2e7d32", "width": 2, "leyenda": "Mandato de la institución"},
    "cubre": {"color": "#ef8f00", "width": 1.5, "leyenda": "El mandato nombra el tema"},
    "trata": {"color": "#b39ddb", "width": 1, "leyenda": "La acción trata el tema"},
    "amplio": {"color": "#bbbbbb", "width": 1, "leyenda": "Un tema dentro de otro más amplio"},
    "vinculo": {"color": "#5c7ea8", "width": 1, "leyenda": "Comparten acciones o temas (grosor: cuántos)"},
    "convoca": {"color": "#00838f", "width": 2.5, "leyenda": "Convocó la reunión"},
    "participa": {"color": "#4db6ac", "width": 1.5, "leyenda": "Participó en la reunión"},
    "tratada": {"color": "#6a3d9a", "width": 1.5, "leyenda": "La reunión trató la acción"},
}
# Cómo se sabe un vínculo (grafo.evidencia.COMO) → el trazo de su línea, en la página, la imagen y la presentación.
ESTILO_COMO = {
    "declarado": {"dashes": False, "css": "solid",
                  "leyenda": "Línea continua: declarado (lo dice una fila de los datos, con su fuente)"},
    "inferido": {"dashes": [2, 4], "css": "dotted",
                 "leyenda": "Línea de puntos: inferido por grafo (un tema en común, un mandato que cubre el tema)"},
    "propuesto": {"dashes": [9, 5], "css": "dashed",
                  "leyenda": "Línea de guiones: propuesto (acción ilustrativa redactada por el proyecto; no es un "
                             "dato publicado)"},
}
# Colores de los bloques (los de más miembros primero), distinguibles con daltonismo común (Okabe–Ito y afines).
# Sin rojo ni amarillo puros: son los bordes de brechas y traslapes.
PALETA_COMUNIDADES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#7f6a00", "#56b4e9", "#6a3d9a", "#d55e00",
                      "#117733", "#882255")
# Trece tipos de institución (la lista cerrada de CONTRATO.md), cada uno con su color en todos los mapas.
PALETA_TIPOS = ("#1f5aa6", "#e69f00", "#009e73", "#cc79a7", "#7f6a00", "#56b4e9", "#6a3d9a", "#d55e00",
                "#117733", "#882255", "#44aa99", "#999933", "#332288")
# Los 23 objetivos del Pacto: la de los tipos y diez tonos más (ninguno gris: el gris es «sin alineación»).
PALETA_PMM = (*PALETA_TIPOS, "#88ccee", "#aa4499", "#ddcc77", "#661100", "#6699cc", "#aa4466", "#4477aa",
              "#228833", "#66ccee", "#8c510a")
PALETAS = {"comunidad": PALETA_COMUNIDADES, "eje": PALETA_COMUNIDADES, "tipo": PALETA_TIPOS, "pmm": PALETA_PMM}
COLOR_SIN_GRUPO = "#9e9e9e"
EXPLICACION_COLOR = {
    "tipo": "Color de cada institución: su tipo.",
    "comunidad": "Color de cada institución: su comunidad (bloque de instituciones más unidas entre sí), con el "
                 "nombre de su institución más central; gris, sin bloque.",
    "eje": "Color: el eje de la política (en una institución, un mandato o un tema, el de la mayoría de sus "
           "acciones); gris, sin eje.",
    "pmm": "Color: el objetivo del Pacto Mundial para la Migración con que está alineada la acción (tabla "
           "alineaciones; si tiene varios, el de número menor; en un mandato alineado, el suyo; en una institución, "
           "otro mandato o un tema, el de la mayoría de sus acciones); gris, sin "
           "alineación en los datos, que no es lo mismo que sin relación con el Pacto. Cada acción dice en su globo "
           "si su alineación es declarada o propuesta.",
}
COLOR_BRECHA = "#d32f2f"
COLOR_TRASLAPE = "#f9a825"
COLOR_TAREA = "#7a7a7a"  # el borde de una tarea de datos: gris, punteado (no es una brecha)
GUION_TAREA = [4, 3]
# Los colores de grafo en todas sus salidas: el azul institucional de encabezados y títulos, el texto, lo tenue
# (procedencia, notas), las líneas, los paneles y los avisos. Las páginas los reciben como variables CSS (base.html);
# los libros de Excel los usan tal cual.
PALETA = {"azul": "#12355b", "texto": "#222222", "tenue": "#555555", "linea": "#cccccc", "panel": "#f7f7f7",
          "aviso": "#fff3cd", "aviso-borde": "#e0c36a", "brecha": COLOR_BRECHA, "traslape": COLOR_TRASLAPE,
          "tarea": COLOR_TAREA}


def color_de_grupo(coloreo: str, lugar: int | None) -> str:
    """El color de un grupo (tipo, comunidad o eje) por su lugar en la paleta; gris si no tiene grupo."""
    if lugar is None:
        return COLOR_SIN_GRUPO
    paleta = PALETAS[coloreo]
    return paleta[lugar % len(paleta)]


def colores_de_nodo(nodo: dict[str, Any], grupos: dict[str, dict[str, Any]], coloreo: str) -> tuple[str, str]:
    """Relleno y borde de un nodo: el color de su grupo (o de su clase) y borde rojo, amarillo o gris si es brecha,
    traslape o tarea de datos."""
    estilo = ESTILO_NODO[nodo["clase"]]
    fondo = estilo["color"]
    if "grupo" in nodo and nodo["grupo"] in grupos:
        fondo = color_de_grupo(coloreo, grupos[nodo["grupo"]]["lugar"])
    borde = (COLOR_BRECHA if nodo["brecha"] else COLOR_TRASLAPE if nodo["traslape"]
             else COLOR_TAREA if nodo.get("tarea") else estilo["color"])
    return fondo, borde


def color_en_leyenda(clase: str, coloreo: str) -> str:
    """El color del símbolo de una clase en la leyenda: gris si sus nodos van del color de su grupo."""
    agrupada = coloreo in ("eje", "pmm") or (coloreo in ("tipo", "comunidad") and clase == "institucion")
    return "#bbbbbb" if agrupada else ESTILO_NODO[clase]["color"]


def grupos_dibujados(red: Any) -> dict[str, dict[str, Any]]:
    """Los grupos de color de la red que algún nodo suyo lleva: una parte o un vecindario no nombra los demás."""
    presentes = {d.get("grupo") for _, d in red.nodes(data=True)}
    return {k: g for k, g in red.graph.get("grupos", {}).items() if k in presentes}


def leyenda_de_grupos(grupos: dict[str, dict[str, Any]], coloreo: str) -> list[dict[str, str]]:
    """Los grupos que el mapa dibuja, con su nombre y su color, en el orden de la paleta."""
    return [{"nombre": g["nombre"], "color": color_de_grupo(coloreo, g["lugar"])} for g in grupos.values()]


def color_de_arista(arista: dict[str, Any]) -> str:
    """Rojo si es un responsable sin mandato sobre los temas de la acción; si no, el de su tipo."""
    return COLOR_BRECHA if arista["sin_mandato"] else ESTILO_ARISTA[arista["tipo"]]["color"]


@dataclass(frozen=True)
class Dibujado:
    """Lo que un mapa dibuja, para que su leyenda (en la página, la imagen o la presentación) nombre solo eso."""

    clases: frozenset[str]
    tipos_arista: frozenset[str]
    brecha: bool
    traslape: bool
    sin_mandato: bool
    tarea: bool
    modos: frozenset[str]  # cómo se saben los vínculos dibujados (declarado, inferido, propuesto)
    centro: str | None  # el nodo más grande (el más central; empates: el de id menor)


def dibujado(red: Any) -> Dibujado:
    """Clases de nodo, tipos de arista y marcas presentes en una red del mapa, y su nodo central."""
    nodos = [(n, d) for n, d in red.nodes(data=True)]
    return Dibujado(clases=frozenset(d["clase"] for _, d in nodos),
                    tipos_arista=frozenset(d["tipo"] for _, _, d in red.edges(data=True)),
                    brecha=any(d["brecha"] for _, d in nodos), traslape=any(d["traslape"] for _, d in nodos),
                    sin_mandato=any(d["sin_mandato"] for _, _, d in red.edges(data=True)),
                    tarea=any(d.get("tarea") for _, d in nodos),
                    modos=frozenset(d["como"] for _, _, d in red.edges(data=True)),
                    centro=min(nodos, key=lambda nd: (-nd[1]["tamano"], nd[0]))[0] if nodos else None)
