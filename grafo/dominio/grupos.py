"""El grupo de color de cada nodo del mapa: su tipo de institución, su comunidad, el eje de la política o el objetivo
del Pacto Mundial para la Migración (puro)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from grafo.dominio.nodos import Indice
from grafo.marcos import MARCOS
from grafo.paquete.esquema import TIPOS_INSTITUCION


_SIN_GRUPO = {"tipo": "Sin tipo", "comunidad": "Sin comunidad (sin vínculos o sola en su bloque)",
              "eje": "Sin eje (ninguna de sus acciones tiene eje)",
              "pmm": "Sin objetivo del Pacto (ninguna de sus acciones está alineada en los datos)"}
# Los coloreos que pintan todos los nodos (no solo las instituciones): salen de las acciones.
POR_ACCIONES = ("eje", "pmm")


def agrupar(red: nx.Graph, ind: Indice) -> None:
    """El grupo de color de cada nodo (`grupo`) y, en `grupos`, los que el mapa dibuja: nombre y lugar en la paleta.

    El lugar no depende de lo que quede tras los recortes: un tipo o un eje tiene el mismo color en
    todos los mapas, y un bloque el de su tamaño en la red entera.
    """
    coloreo = ind.filtro.coloreo
    grupos: dict[str, dict[str, Any]] = {}
    if coloreo != "clase":
        bloques = red.graph.get("bloques", {})
        ejes = sorted(ind.ejes)
        for _, d in sorted(red.nodes(data=True), key=lambda nd: nd[0]):
            if coloreo not in POR_ACCIONES and d["clase"] != "institucion":
                continue
            clave = {"tipo": d["tipo"], "eje": d["eje_principal"], "pmm": d.get("pmm_principal", ""),
                     "comunidad": d.get("comunidad", "") if d.get("comunidad") in bloques else ""}[coloreo]
            d["grupo"] = clave
            if clave in grupos:
                continue
            if not clave:
                grupos[clave] = {"nombre": _SIN_GRUPO[coloreo], "lugar": None}
            elif coloreo == "tipo":
                grupos[clave] = {"nombre": ind.nombre_tipo.get(clave, clave), "lugar": _lugar(TIPOS_INSTITUCION, clave)}
            elif coloreo == "eje":
                grupos[clave] = {"nombre": f"{clave} · {ind.ejes.get(clave, '')}", "lugar": _lugar(ejes, clave)}
            elif coloreo == "pmm":  # el mismo color para el mismo objetivo en todos los mapas
                grupos[clave] = {"nombre": f"Objetivo {clave} · {MARCOS['pmm'].cortos.get(clave, '')}"
                                 + ("" if clave in ind.pmm_declarados else " (solo propuestas)"),
                                 "lugar": int(clave) - 1}
            else:
                grupos[clave] = {"nombre": f"Comunidad de {clave}", "lugar": bloques[clave]}
    orden = sorted(grupos.items(), key=lambda g: (g[1]["lugar"] is None, g[1]["lugar"] or 0, g[0]))
    red.graph["grupos"] = dict(orden)
    red.graph["coloreo"] = coloreo
    red.graph["nombre_tipo"] = ind.nombre_tipo


def _lugar(lista: Sequence[str], clave: str) -> int:
    return list(lista).index(clave) if clave in lista else len(lista)
