"""El mapa como imagen para diapositivas y documentos: PNG (≥ 2.400 px de ancho), SVG y PDF vectoriales.

La misma red, las mismas posiciones, colores y etiquetas que la página HTML, dibujadas con
matplotlib (sin navegador), con título, leyenda, fecha y versión de los datos. La salida es
determinista: sin fecha de creación en los metadatos y con identificadores SVG fijos.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

from grafo.dominio.citas import procedencia
from grafo.dominio.mapa import NOMBRES_VISTA, Mapa, subtitulo
from grafo.formatos import renderizador
from grafo.formatos.estilo import (COLOR_BRECHA, COLOR_TAREA, COLOR_TRASLAPE, ESTILO_ARISTA, ESTILO_COMO, ESTILO_NODO, PALETA,
                                   color_de_arista, color_en_leyenda, colores_de_nodo, dibujado, grupos_dibujados,
                                   leyenda_de_grupos)

ANCHO_PULGADAS = 16.0  # a 160 ppp: 2.560 px de ancho, para un proyector o una diapositiva 16:9
PPP = 160
PARTE_DIBUJO = 0.76  # el resto del ancho es la columna de la leyenda
MARCADORES = {"dot": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*"}
FUENTE_VIS = 14  # px de las etiquetas en la página (opciones de vis-network)


def _extension(mapa: Mapa) -> tuple[float, float, float, float]:
    """Caja de los nodos con sus etiquetas, en píxeles de la página."""
    xs = [p[0] for p in mapa.posiciones.values()] or [0.0]
    ys = [p[1] for p in mapa.posiciones.values()] or [0.0]
    margen = 60.0
    return min(xs) - margen, max(xs) + margen, min(ys) - margen, max(ys) + margen + 24


def _figura(mapa: Mapa) -> tuple[Any, Any, float]:
    """La figura, los ejes del dibujo y cuántos puntos tipográficos mide un píxel de la página."""
    from matplotlib.figure import Figure

    x0, x1, y0, y1 = _extension(mapa)
    ancho_px, alto_px = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    alto = min(max(ANCHO_PULGADAS * PARTE_DIBUJO * alto_px / ancho_px + 1.6, 9.0), 2.2 * ANCHO_PULGADAS)
    figura = Figure(figsize=(ANCHO_PULGADAS, alto), dpi=PPP, facecolor="white")
    ejes = figura.add_axes((0.01, 0.07, PARTE_DIBUJO, 0.84))
    ejes.set_xlim(x0, x1)
    ejes.set_ylim(y1, y0)  # la página mide y hacia abajo
    ejes.set_aspect("equal", adjustable="box", anchor="NW")
    ejes.axis("off")
    # Puntos por píxel de la página: ancho útil de los ejes en puntos sobre el ancho en píxeles.
    ancho_pt = ANCHO_PULGADAS * PARTE_DIBUJO * 72
    alto_pt = alto * 0.84 * 72
    return figura, ejes, min(ancho_pt / ancho_px, alto_pt / alto_px)


def _aristas(ejes: Any, mapa: Mapa, k: float) -> None:
    from matplotlib.collections import LineCollection

    grupos: dict[tuple[str, Any, float], list[Any]] = {}
    for a, b in sorted(tuple(sorted(e)) for e in mapa.red.edges()):
        d = mapa.red.edges[a, b]
        estilo, trazo = ESTILO_ARISTA[d["tipo"]], ESTILO_COMO[d["como"]]["dashes"]
        guion = "solid" if not trazo else (0, tuple(v * k for v in trazo))
        ancho = max(estilo["width"] * (1 + math.log2(d["peso"])) * k, 0.4)
        grupos.setdefault((color_de_arista(d), guion, ancho), []).append([mapa.posiciones[a], mapa.posiciones[b]])
    for (color, guion, ancho), segmentos in sorted(grupos.items(), key=lambda g: (g[0][0], str(g[0][1]), g[0][2])):
        ejes.add_collection(LineCollection(segmentos, colors=color, linestyles=[guion], linewidths=ancho, zorder=1))


def _nodos(ejes: Any, mapa: Mapa, k: float) -> None:
    import matplotlib.patheffects as efectos

    grupos, coloreo = mapa.red.graph.get("grupos", {}), mapa.red.graph.get("coloreo", "clase")
    letra = max(FUENTE_VIS * k, 6.0)
    for n in sorted(mapa.red):
        d = mapa.red.nodes[n]
        x, y = mapa.posiciones[n]
        fondo, borde = colores_de_nodo(d, grupos, coloreo)
        grosor = 4 if (d["brecha"] or d["traslape"] or d.get("tarea")) else 1
        ejes.scatter([x], [y], s=(2 * d["tamano"] * k) ** 2, marker=MARCADORES[ESTILO_NODO[d["clase"]]["shape"]],
                     c=fondo, edgecolors=borde, linewidths=grosor * k, zorder=2)
        ejes.text(x, y + d["tamano"] + 3, d["etiqueta"], ha="center", va="top", fontsize=letra, zorder=3,
                  family="DejaVu Sans", path_effects=[efectos.withStroke(linewidth=3 * k, foreground="white")])


def _leyenda(figura: Any, mapa: Mapa) -> None:
    from matplotlib.lines import Line2D

    hay = dibujado(mapa.red)
    clases, tipos = hay.clases, hay.tipos_arista
    coloreo = mapa.red.graph.get("coloreo", "clase")
    asas = [Line2D([], [], linestyle="", marker=MARCADORES[e["shape"]], markersize=10,
                   markerfacecolor=color_en_leyenda(c, coloreo), markeredgecolor=color_en_leyenda(c, coloreo),
                   label=e["leyenda"]) for c, e in ESTILO_NODO.items() if c in clases]
    asas += [Line2D([], [], color=e["color"], linewidth=max(e["width"], 1.5), label=e["leyenda"])
             for t, e in ESTILO_ARISTA.items() if t in tipos]
    asas += [Line2D([], [], color="#555555", linewidth=2, linestyle="solid" if not e["dashes"] else (0, tuple(e["dashes"])),
                    label=e["leyenda"]) for c, e in ESTILO_COMO.items() if c in hay.modos]
    if hay.brecha:
        asas.append(Line2D([], [], linestyle="", marker="o", markersize=10, markerfacecolor="#dddddd",
                           markeredgecolor=COLOR_BRECHA, markeredgewidth=3, label="Borde rojo: brecha"))
    if hay.tarea:
        asas.append(Line2D([], [], linestyle="", marker="o", markersize=10, markerfacecolor="#dddddd",
                           markeredgecolor=COLOR_TAREA, markeredgewidth=3, label="Borde gris: tarea de datos"))
    if hay.traslape:
        asas.append(Line2D([], [], linestyle="", marker="o", markersize=10, markerfacecolor="#dddddd",
                           markeredgecolor=COLOR_TRASLAPE, markeredgewidth=3, label="Borde amarillo: traslape"))
    if hay.sin_mandato:
        asas.append(Line2D([], [], color=COLOR_BRECHA, linewidth=2.5, label="Responsable sin mandato sobre los temas"))
    asas += [Line2D([], [], linestyle="", marker="o", markersize=10, markerfacecolor=g["color"],
                    markeredgecolor=g["color"], label=g["nombre"])
             for g in leyenda_de_grupos(grupos_dibujados(mapa.red), coloreo)]
    tamano = ("Tamaño: qué tan conectada está en la red de coordinación" if mapa.red.graph.get("tamano_por") == "pagerank"
              else "Tamaño: cuántos vínculos tiene")
    asas.append(Line2D([], [], linestyle="", label=tamano))
    letra = _letra_de_leyenda(figura, asas)
    for asa in asas:  # la columna de la leyenda es angosta: cada texto en líneas que quepan con esa letra
        asa.set_label(textwrap.fill(asa.get_label(), round(30 * 11 / letra)))
    figura.legend(handles=asas, loc="upper left", bbox_to_anchor=(PARTE_DIBUJO + 0.02, 0.91), frameon=False,
                  fontsize=letra, title="Leyenda", title_fontsize=letra + 1, alignment="left", labelspacing=0.9)


def _letra_de_leyenda(figura: Any, asas: list[Any]) -> float:
    """La letra más grande (11 a 17 pt) con que la leyenda cabe en el alto de la figura: un mapa con pocas entradas
    (el vecindario de la minuta, que Word achica a la mitad) la lleva grande."""
    alto_pt = figura.get_figheight() * 0.86 * 72
    for letra in (17.0, 15.0, 13.0, 11.0):
        lineas = sum(len(textwrap.wrap(a.get_label(), round(30 * 11 / letra)) or [""]) for a in asas)
        if (lineas * 1.2 + len(asas) * 0.9 + 2.5) * letra <= alto_pt:
            return letra
    return 11.0


def dibujar(mapa: Mapa) -> Any:
    """La figura de matplotlib del mapa, con título, leyenda y procedencia."""
    figura, ejes, k = _figura(mapa)
    _aristas(ejes, mapa, k)
    _nodos(ejes, mapa, k)
    _leyenda(figura, mapa)
    recortes = subtitulo(mapa.red, mapa.filtro)
    figura.text(0.01, 0.975, f"Mapa de vínculos · {NOMBRES_VISTA[mapa.filtro.vista]}", fontsize=22,
                fontweight="bold", va="top")
    figura.text(0.01, 0.935, f"Política Migratoria de Guatemala 2023–2032 · {len(mapa.red)} nodos, "
                             f"{mapa.red.number_of_edges()} vínculos" + (f" · {recortes}" if recortes else ""),
                fontsize=13, va="top", color="#333333")
    fuentes = "; ".join(mapa.pie.fuentes[:4]) + (" …" if len(mapa.pie.fuentes) > 4 else "")
    figura.text(0.01, 0.02, f"{procedencia(mapa.pie.version_datos, mapa.pie.fecha)}"
                            + (f" · Fuentes: {fuentes}" if fuentes else ""), fontsize=9, color=PALETA["tenue"], wrap=True)
    return figura


def _guardar(mapa: Mapa, formato: str) -> bytes:
    import matplotlib

    salida = io.BytesIO()
    metadatos = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[formato]
    with matplotlib.rc_context({"svg.hashsalt": "grafo", "svg.fonttype": "none", "pdf.fonttype": 42}):
        dibujar(mapa).savefig(salida, format=formato, dpi=PPP, metadata=metadatos)
    return salida.getvalue()


@renderizador(Mapa, "png")
def mapa_png(mapa: Mapa) -> bytes:
    return _guardar(mapa, "png")


@renderizador(Mapa, "svg")
def mapa_svg(mapa: Mapa) -> bytes:
    return _guardar(mapa, "svg")


@renderizador(Mapa, "pdf")
def mapa_pdf(mapa: Mapa) -> bytes:
    return _guardar(mapa, "pdf")
