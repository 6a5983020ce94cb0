"""Lo que toca a unas instituciones sin la red entera: sus aristas en la red de coordinación (puro).

Una ficha nombra a los socios de su institución con lo que comparten: eso está en las aristas de la
institución, no en toda la red. Las medidas de posición (PageRank, intermediación, comunidad,
articulación) sí son de la red entera; en un grafo grande no se calculan para una ficha y la ficha lo
dice (`SIN_MEDIDAS`), no lo calla.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx
import pandas as pd

from grafo.dominio import analisis
from grafo.texto import cuantos

# Hasta cuántas instituciones una ficha mide la red entera. Medido (2026-12-08, `grafo ficha` de una institución
# mediana del paquete sintético, máquina cargada): 39 instituciones (datos/), 1,3 s; 100, 2,8 s; 200, 4,5 s;
# 300, 9,5 s; 500, 12,6 s; 1 000, 29 s; 7 486 (un millón de tripletas), 400 s. La red se arma de cada par
# que comparte un tema, y Louvain y la intermediación la recorren entera. Hasta 150 cuesta menos de 3 veces
# la de datos/ (la meta del issue 33).
MEDIR_RED_HASTA = 150

# En el mapa con foco de una red grande, cuántas vecinas del foco se dibujan: las de más vínculos con él (a un millón
# de tripletas, una institución mediana tiene 314 vecinas: un mapa así no se lee en una sala).
VECINAS_EN_EL_MAPA = 30


def mas_unidas(red: nx.Graph, centro: str) -> list[tuple[str, dict[str, Any]]]:
    """Las vecinas de `centro` con los datos de su arista, las de más vínculos primero (a igual número, por id): los
    socios de la ficha y las vecinas del mapa con foco."""
    return sorted(red[centro].items(), key=lambda v: (-v[1]["peso"], v[0])) if centro in red else []


def muestra(foco: str, vecinas: list[tuple[str, dict[str, Any]]], instituciones: int) -> str:
    """Lo que dice el mapa con foco de una red grande (`vecinas`: `mas_unidas`): cuáles de sus vecinas dibuja, con
    cuántos vínculos se cortó (y si el corte dejó fuera otras con los mismos), y por qué el tamaño no es el PageRank."""
    dibujadas = vecinas[:VECINAS_EN_EL_MAPA]
    red = (f"la red tiene {cuantos(instituciones, 'institución', 'instituciones')}; el tamaño es el grado en este "
           "mapa, no el PageRank de la red entera")
    if not vecinas:
        return f"{foco}, sin vecinas en la red ({red})"
    if len(dibujadas) == len(vecinas):
        return f"{foco} y sus {cuantos(len(vecinas), 'vecina', 'vecinas')} ({red})"
    corte = dibujadas[-1][1]["peso"]
    empate = vecinas[len(dibujadas)][1]["peso"] == corte
    return (f"{foco} y {len(dibujadas)} de sus {len(vecinas)} vecinas: las de más vínculos con {foco} (de "
            f"{dibujadas[0][1]['peso']} a {corte}" + (f"; de las que tienen {corte}, las de id menor" if empate else "")
            + f"; {red})")


def sin_medidas(instituciones: int) -> str:
    """Lo que dice una ficha en vez de su posición en la red, cuando no se midió la red entera."""
    return (f"no calculada en esta ficha: la red tiene {cuantos(instituciones, 'institución', 'instituciones')}, más "
            f"de las {MEDIR_RED_HASTA} que una ficha mide enteras (la mide «grafo analizar»)")


def estrella(vinculos: pd.DataFrame, centros: Collection[str]) -> nx.Graph:
    """Las aristas de `centros` en la red de coordinación, con el mismo peso y los mismos motivos que en la red
    entera (`analisis.red_de`), desde las filas de `vinculos-entre` con origen en `centros`."""
    propias = vinculos[vinculos["origen"].isin(list(centros))]
    # La red guarda cada par una vez, con a < b; una fila (b, a) sin su gemela (a, b) se da vuelta.
    vueltas = propias[(propias["origen"] > propias["destino"]) & ~propias["destino"].isin(list(centros))]
    vueltas = vueltas.rename(columns={"origen": "destino", "destino": "origen", "via_origen": "via_destino",
                                      "via_destino": "via_origen"})
    filas = pd.concat([propias[propias["origen"] < propias["destino"]], vueltas[list(propias.columns)]],
                      ignore_index=True)
    nodos = sorted({*centros, *filas["origen"], *filas["destino"]})
    return analisis.armar(nodos, analisis.pares(filas))
