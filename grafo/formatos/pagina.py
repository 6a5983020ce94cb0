"""El mapa como página HTML sola: pyvis como contenedor, la plantilla propia y vis-network en línea.

Autoescape en la plantilla, los datos como JSON que no puede cerrar su `<script>`, UTF-8, y
ninguna petición de red: el archivo se abre igual sin internet y en Windows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import networkx as nx

from grafo.dominio.mapa import LISTAS_PANEL, NODOS_COMODOS, NOMBRES_VISTA, Enlace, Filtro, Mapa, Pie, subtitulo
from grafo.dominio.citas import LEYENDA_CITAS
from grafo.dominio.disposicion import SEPARACION_ETIQUETA
from grafo.dominio.sala import SIN_PARTE
from grafo.formatos import renderizador
from grafo.formatos.html import IMAGENES_MAPA, pagina
from grafo.evidencia import SIGNIFICADO_COMO
from grafo.formatos.estilo import (ESTILO_ARISTA, ESTILO_COMO, ESTILO_NODO, EXPLICACION_COLOR, GUION_TAREA, color_de_arista,
                                   color_de_grupo, color_en_leyenda, colores_de_nodo, dibujado, grupos_dibujados,
                                   leyenda_de_grupos)
from grafo.texto import sin_controles, forma_de_busqueda


def nodos_vis(red: nx.Graph, posiciones: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    grupos, coloreo = red.graph.get("grupos", {}), red.graph.get("coloreo", "clase")
    nodos = []
    for n in sorted(red):
        d = red.nodes[n]
        estilo = ESTILO_NODO[d["clase"]]
        fondo, marca = colores_de_nodo(d, grupos, coloreo)
        x, y = posiciones[n]
        nodos.append({
            "id": n, "label": d["etiqueta"], "title": d["titulo"], "shape": estilo["shape"], "x": x, "y": y,
            "size": d["tamano"], "borderWidth": 4 if (d["brecha"] or d["traslape"] or d.get("tarea")) else 1,
            "shapeProperties": {"borderDashes": GUION_TAREA if d.get("tarea") and not d["brecha"] else False},
            "color": {"background": fondo, "border": marca, "highlight": {"background": fondo, "border": "#000000"}},
            "clase": d["clase"], "ident": d["ident"], "nombre": d["nombre"], "tipo": d["tipo"],
            "buscar": forma_de_busqueda(f"{d['ident']} {d['nombre']}"), "ejes": d["ejes"], "temas": d["temas"],
            "periodos": d["periodos"], "brecha": d["brecha"], "traslape": d["traslape"], "tarea": d.get("tarea", ""),
            "centralidad": d["centralidad"], "comunidad": d.get("comunidad", ""),
        })
    return nodos


def aristas_vis(red: nx.Graph) -> list[dict[str, Any]]:
    aristas = []
    for a, b in sorted(tuple(sorted(e)) for e in red.edges()):
        d = red.edges[a, b]
        estilo = ESTILO_ARISTA[d["tipo"]]
        aristas.append({
            "id": f"{a}|{b}", "from": a, "to": b, "title": f"{d['detalle']}\nCómo se sabe: {d['como']} "
                                                         f"({SIGNIFICADO_COMO[d['como']]})", "tipo": d["tipo"],
            "color": {"color": color_de_arista(d)}, "como": d["como"],
            "dashes": ESTILO_COMO[d["como"]]["dashes"], "width": estilo["width"] * (1 + math.log2(d["peso"])),
        })
    return aristas


def vis_network() -> str:
    import pyvis

    # La copia de vis-network que trae pyvis, para que el archivo funcione sin internet.
    ruta = resources.files(pyvis).joinpath("templates/lib/vis-9.1.2/vis-network.min.js")
    codigo = ruta.read_text(encoding="utf-8")
    if "</script" in codigo.lower():
        raise RuntimeError("vis-network.min.js contiene </script>; no se puede incrustar tal cual")
    return codigo


def _limpio(valor: Any) -> Any:
    """Cada texto sin controles ni cambios de dirección (U+202E), en todo el dato que va a la página."""
    if isinstance(valor, str):
        return sin_controles(valor)
    if isinstance(valor, dict):
        return {k: _limpio(v) for k, v in valor.items()}
    if isinstance(valor, (list, tuple)):
        return [_limpio(v) for v in valor]
    return valor


def json_en_script(valor: Any) -> str:
    """JSON que no puede cerrar el <script> que lo contiene ni abrir un comentario HTML."""
    texto = json.dumps(_limpio(valor), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return texto.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


OPCIONES_VIS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": True},
    # Un fondo blanco tras cada etiqueta: las líneas que pasan por ella no tachan las letras (con 85 % de opacidad,
    # el OCR de la sala aún perdía MUNICIPALIDADES bajo dos líneas).
    "nodes": {"font": {"size": 14, "face": "Arial, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff",
                       "background": "#ffffff", "vadjust": SEPARACION_ETIQUETA}},
    "edges": {"smooth": False, "selectionWidth": 2},
    "layout": {"improvedLayout": False},
}


def _tipos(red: nx.Graph, nodos: list[dict[str, Any]], coloreo: str) -> list[tuple[str, str, str]]:
    """Los tipos de institución del mapa (id, nombre) y, si el color dice el tipo, su color: va junto a su casilla."""
    grupos, nombres = red.graph.get("grupos", {}), red.graph.get("nombre_tipo", {})
    return sorted({(n["tipo"], nombres.get(n["tipo"], n["tipo"]),
                    color_de_grupo("tipo", grupos[n["tipo"]]["lugar"]) if coloreo == "tipo" and n["tipo"] in grupos
                    else "") for n in nodos if n["tipo"]})


def a_html(red: nx.Graph, posiciones: dict[str, tuple[int, int]], *, filtro: Filtro, pie: Pie,
           ejes: Iterable[tuple[str, str]] = (), temas: Iterable[tuple[str, str]] = (), partes: Sequence[Enlace] = (),
           entero: Enlace | None = None, parte: str = "", fuera_de_partes: Sequence[str] = ()) -> str:
    """La página completa, en un solo archivo HTML UTF-8; con `partes`, los enlaces a las partes para la sala y, con
    `entero`, al mapa entero del que esta es una parte (`parte` dice cuál)."""
    from markupsafe import Markup
    from pyvis.network import Network

    red_vis = Network(height="100%", width="100%", directed=False, cdn_resources="local")
    # Listas completas de una vez: add_node uno a uno crece más que linealmente (ARQUITECTURA.md).
    red_vis.nodes = nodos_vis(red, posiciones)
    red_vis.edges = aristas_vis(red)
    red_vis.node_ids = [n["id"] for n in red_vis.nodes]
    red_vis.toggle_physics(False)
    nodos = red_vis.nodes
    hay = dibujado(red)
    coloreo = red.graph.get("coloreo", "clase")
    datos = {
        "nodos": nodos, "aristas": red_vis.edges, "opciones": OPCIONES_VIS, "tipos": _tipos(red, nodos, coloreo),
        "ejes": [list(e) for e in ejes], "temas": [list(t) for t in temas],
        "periodos": sorted({p for n in nodos for p in n["periodos"]}),
        **{lista: red.graph.get(lista, []) for lista in LISTAS_PANEL},
        # El nodo más grande (el más central; empates: el de id menor), donde se centra una vista ampliada.
        "centro": hay.centro,
    }
    return pagina(
        "mapa.html", con_scripts=True, imagenes=IMAGENES_MAPA, leyenda_nv=LEYENDA_CITAS,
        titulo=f"{NOMBRES_VISTA[filtro.vista]} · {parte}" if parte else f"Mapa de vínculos · {NOMBRES_VISTA[filtro.vista]}",
        subtitulo=subtitulo(red, filtro), pie=pie, n_nodos=len(nodos), n_aristas=len(red_vis.edges),
        grande=len(nodos) > NODOS_COMODOS, nodos_comodos=NODOS_COMODOS,
        leyenda_nodos=[ESTILO_NODO[c] | {"clase": c, "color": color_en_leyenda(c, coloreo)} for c in ESTILO_NODO
                       if c in hay.clases],
        leyenda_aristas=[ESTILO_ARISTA[t] | {"tipo": t} for t in ESTILO_ARISTA if t in hay.tipos_arista],
        leyenda_modos=[ESTILO_COMO[c] | {"como": c} for c in ESTILO_COMO if c in hay.modos],
        hay_brecha=hay.brecha, hay_traslape=hay.traslape, hay_sin_mandato=hay.sin_mandato, hay_tarea=hay.tarea,
        grupos=leyenda_de_grupos(grupos_dibujados(red), coloreo),
        explicacion_color=EXPLICACION_COLOR.get(coloreo, ""),
        por_pagerank=red.graph.get("tamano_por") == "pagerank",
        datos_json=Markup(json_en_script(datos)), vis_js=Markup(vis_network()), coloreo=coloreo,
        partes=list(partes), entero=entero, fuera_de_partes=list(fuera_de_partes),
        sin_parte=SIN_PARTE.get(filtro.vista, ""),
    )


@renderizador(Mapa, "html")
def mapa_html(mapa: Mapa) -> str:
    return a_html(mapa.red, mapa.posiciones, filtro=mapa.filtro, pie=mapa.pie, ejes=mapa.ejes, temas=mapa.temas,
                  partes=mapa.partes, entero=mapa.entero, parte=mapa.parte, fuera_de_partes=mapa.fuera_de_partes)
