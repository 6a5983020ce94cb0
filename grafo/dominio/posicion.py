"""El lugar de una institución en la red de coordinación, en palabras para quien lee una ficha (puro).

Las medidas de `grafo analizar` (PageRank, intermediación, comunidad de Louvain) son decimales que no le dicen
nada a un funcionario: aquí se cuentan como un puesto entre las instituciones («la 3.ª más conectada de 39») y
la comunidad, por sus miembros.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from grafo.texto import cuantos

PRIMERAS = 5  # «una de las 5 más conectadas»: las que encabezan la red
NOMBRADAS = 3  # miembros de la comunidad que se nombran antes de «y N más»


def puesto(filas: Sequence[Mapping[str, Any]], sigla: str, medida: str) -> int:
    """El puesto de `sigla` por `medida`, de mayor a menor (1 = la mayor); las empatadas comparten el puesto."""
    propia = next(f[medida] for f in filas if f["institucion"] == sigla)
    return 1 + sum(1 for f in filas if f[medida] > propia)


def conexion(filas: Sequence[Mapping[str, Any]], sigla: str) -> str:
    """«Una de las 5 instituciones más conectadas (la 2.ª de 39)» o «la 12.ª más conectada de 39 instituciones»,
    por PageRank: alta si está unida, con vínculos fuertes, a instituciones a su vez conectadas."""
    n, lugar = len(filas), puesto(filas, sigla, "pagerank")
    if lugar <= PRIMERAS < n:
        return f"una de las {PRIMERAS} instituciones más conectadas de la red (la {lugar}.ª de {n})"
    return f"la {lugar}.ª más conectada de {cuantos(n, 'institución', 'instituciones')}"


def intermediacion(filas: Sequence[Mapping[str, Any]], sigla: str) -> str:
    """Cuánto une a otras: su puesto por intermediación, o que no está en el camino entre otras."""
    propia = next(f for f in filas if f["institucion"] == sigla)
    if not propia["intermediacion"]:
        return "no está en el camino más corto entre otras instituciones"
    lugar = puesto(filas, sigla, "intermediacion")
    return (f"la {'' if lugar == 1 else f'{lugar}.ª '}que más une a otras de {cuantos(len(filas), 'institución', 'instituciones')} (está en "
            "los caminos más cortos entre ellas)")


def comunidad(filas: Sequence[Mapping[str, Any]], sigla: str) -> str:
    """El grupo de instituciones más unidas entre sí en que está, por su tamaño y sus miembros más conectados."""
    propia = next(f for f in filas if f["institucion"] == sigla)
    miembros = [f["institucion"] for f in sorted(filas, key=lambda f: (-f["pagerank"], f["institucion"]))
                if f["comunidad"] == propia["comunidad"] and f["institucion"] != sigla]
    if not miembros:
        return "no forma grupo con otras: comparte pocas acciones y temas con cada una"
    nombradas = ", ".join(miembros[:NOMBRADAS])
    resto = len(miembros) - NOMBRADAS
    lista = f"{nombradas} y {resto} más" if resto > 0 else nombradas
    return (f"un grupo de {cuantos(len(miembros) + 1, 'institución', 'instituciones')} más unidas entre sí por "
            f"acciones y temas compartidos: con {lista}")
