"""Las partes para la sala de un mapa denso: cada una abre entera y legible en un proyector (puro).

Un mapa de más de PARTIR_DESDE nodos no cabe entero con letra legible en un proyector de 1366 × 768: abre
ampliado y la sala ve solo un trozo. Para la sala se parte por el eje de la política: la vista de acciones,
por el eje de cada acción (y las que no tienen eje, aparte); la de mandatos, por el tema raíz de cada tema
(el que no está dentro de otro). Cada parte lleva las instituciones unidas a lo suyo; el mapa entero queda para
el escritorio, con los enlaces a sus partes en el panel y las instituciones que ninguna parte muestra (sin
mandatos o sin acciones en los datos), nombradas: partir no deja a nadie fuera sin decirlo.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import networkx as nx

from grafo.dominio.mapa import LISTAS_PANEL, NOMBRES_VISTA, Enlace, Mapa, medir

# Hasta aquí un mapa abre entero con letra ≥ 12 px en 1366 × 768 (medido en Chromium: README, «Mapas en la sala»).
PARTIR_DESDE = 60
VISTAS_POR_PARTES = ("acciones", "mandatos")
# Por qué una institución no está en ninguna parte de la vista: lo que le falta en los datos.
SIN_PARTE = {"acciones": "sin acciones en los datos", "mandatos": "sin mandatos cargados en los datos"}


@dataclass(frozen=True)
class Sala:
    """El mapa entero (con los enlaces a sus partes) y cada parte con el nombre de su archivo."""

    entero: Mapa
    partes: tuple[tuple[str, Mapa], ...] = ()

    def archivos(self, nombre: str) -> list[tuple[str, Mapa]]:
        """Cada archivo que se escribe y su mapa: el entero con `nombre` y sus partes al lado."""
        return [(nombre, self.entero), *self.partes]


def _clave(texto: str) -> str:
    """Un trozo de nombre de archivo: minúsculas, cifras y guiones."""
    return re.sub(r"[^a-z0-9]+", "-", texto.lower()).strip("-") or "parte"


def _grupos_de_acciones(red: nx.Graph, ejes: dict[str, str]) -> list[tuple[str, str, set[str]]]:
    """Por eje: las acciones de ese eje (una acción de dos ejes va en las dos partes); al final, las sin eje."""
    por_eje: dict[str, set[str]] = {}
    for n, d in red.nodes(data=True):
        if d["clase"] == "accion":
            for eje in d["ejes"] or [""]:
                por_eje.setdefault(eje, set()).add(n)
    return [(eje or "sin eje", f"eje {eje} · {ejes.get(eje, eje)}" if eje else "acciones sin eje", nodos)
            for eje, nodos in sorted(por_eje.items(), key=lambda e: (not e[0], e[0]))]


def _grupos_de_mandatos(red: nx.Graph) -> list[tuple[str, str, set[str]]]:
    """Por tema raíz (el que no está dentro de otro): sus temas y los mandatos que nombran alguno de ellos."""
    raices = sorted((d["ident"], d["nombre"]) for _, d in red.nodes(data=True)
                    if d["clase"] == "tema" and d["temas"] == [d["ident"]])
    grupos = []
    for raiz, nombre in raices:
        temas = {n for n, d in red.nodes(data=True) if d["clase"] == "tema" and raiz in d["temas"]}
        mandatos = {m for t in temas for m in red[t] if red.nodes[m]["clase"] == "mandato"}
        grupos.append((raiz, f"tema {nombre}", temas | mandatos))
    return grupos


def _parte(mapa: Mapa, nucleo: set[str]) -> nx.Graph:
    """El núcleo, las instituciones unidas a él y sus vínculos, con las listas del panel recortadas a ellos."""
    nodos = nucleo | {v for n in nucleo for v in mapa.red[n] if mapa.red.nodes[v]["clase"] == "institucion"}
    parte = nx.Graph(mapa.red.subgraph(sorted(nodos)))
    listas = mapa.red.graph
    parte.graph.update({k: v for k, v in listas.items() if k not in LISTAS_PANEL})
    parte.graph.update({k: [c for c in listas.get(k, []) if c["nodo"] in parte] for k in LISTAS_PANEL})
    medir(parte)
    return parte


def partir(mapa: Mapa, nombre: str) -> Sala:
    """El mapa y, si es denso y su vista se parte, sus partes para la sala (archivos «nombre-clave.html»).

    `nombre` es el archivo del mapa entero («mapa-mandatos.html»): las partes van a su lado y lo enlazan.
    """
    from grafo.dominio.disposicion import disponer

    vista = mapa.filtro.vista
    if len(mapa.red) <= PARTIR_DESDE or vista not in VISTAS_POR_PARTES:
        return Sala(mapa)
    grupos = (_grupos_de_acciones(mapa.red, dict(mapa.ejes)) if vista == "acciones"
              else _grupos_de_mandatos(mapa.red))
    base = nombre.removesuffix(".html")
    entero = Enlace(f"{NOMBRES_VISTA[vista]} (el mapa entero)", nombre, len(mapa.red))
    partes = []
    for clave, titulo, nucleo in grupos:
        red = _parte(mapa, nucleo)
        partes.append((f"{base}-{_clave(clave)}.html",
                       dataclasses.replace(mapa, red=red, posiciones=disponer(red), entero=entero, parte=titulo)))
    enlaces = tuple(Enlace(f"Parte: {m.parte}", archivo, len(m.red)) for archivo, m in partes)
    en_partes = {n for _, m in partes for n in m.red}
    fuera = tuple(sorted(d["ident"] for n, d in mapa.red.nodes(data=True)
                         if d["clase"] == "institucion" and n not in en_partes))
    return Sala(dataclasses.replace(mapa, partes=enlaces, fuera_de_partes=fuera), tuple(partes))
