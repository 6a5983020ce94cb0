"""Análisis de la red de coordinación: quién la sostiene, qué bloques forma y cómo se une un par.

La red es la del mapa de instituciones: un nodo por institución y una arista por cada par que
comparte acciones o temas cubiertos por mandato (consulta `vinculos-entre`); el peso es cuántos
vínculos los unen. Todo aquí es puro: tablas de las consultas → networkx → tablas y textos.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from grafo.errores import opcion
from grafo.dominio.citas import como_se_sabe, fundamento
from grafo.dominio.tablas import Tablas, ancestros, nombres as nombres_de
from grafo.texto import enumerar


# La red y sus medidas necesitan solo estas dos; explicar rutas y bloques, también CONSULTAS_CONTEXTO.
CONSULTAS_RED = ("instituciones", "vinculos-entre")
CONSULTAS_CONTEXTO = ("acciones", "ejes", "temas", "fundamentos")
SEMILLA = 7
# La intermediación exacta (Brandes) recorre la red una vez por nodo: su costo crece con
# nodos × aristas. Hasta TRABAJO_EXACTO es exacta; más allá se estima desde una muestra de
# nodos de origen (semilla fija) tal que muestra × aristas ≈ TRABAJO_EXACTO, con al menos
# MUESTRA_MINIMA. Medido con `python -m tests.banco --escalas red` (README, «Escala»): ~0,2 µs por
# unidad, 1,7 s con 9 millones y 11,2 s con 56 millones; la estimada a 56 millones, 1,8 s.
TRABAJO_EXACTO = 10_000_000
MUESTRA_MINIMA = 100
ACCION, TEMA = "acción", "tema"
# Cuántos motivos de un paso se leen en voz alta; los demás se cuentan.
MOTIVOS_POR_PASO = 3


@dataclass(frozen=True)
class Motivo:
    """Un vínculo entre dos instituciones: una acción compartida o un tema que ambas cubren por mandato.

    `via_a` y `via_b` son, para la acción, el papel de cada una (responsable, vinculada); para el
    tema, los mandatos de cada una. `a` es la institución de id menor del par.
    """

    tipo: str
    vinculo: str
    nombre: str
    via_a: tuple[str, ...]
    via_b: tuple[str, ...]


Pares = dict[tuple[str, str], list[Motivo]]


def pares(vinculos: pd.DataFrame, *, pasa: Callable[[Motivo], bool] | None = None) -> Pares:
    """Los motivos de cada par (a, b) con a < b, desde las filas de `vinculos-entre`."""
    salida: Pares = {}
    for f in vinculos.to_dict(orient="records"):
        a, b = f["origen"], f["destino"]
        if a >= b:
            continue  # la consulta da los dos sentidos; la red, una arista
        motivo = Motivo(f["tipo"], f["vinculo"], f["nombre"], tuple(f["via_origen"]), tuple(f["via_destino"]))
        if pasa is None or pasa(motivo):
            salida.setdefault((a, b), []).append(motivo)
    return {par: sorted(m, key=lambda m: (m.tipo != ACCION, m.vinculo)) for par, m in sorted(salida.items())}


def armar(instituciones: Iterable[str], vinculos: Pares) -> nx.Graph:
    """La red: todas las instituciones (también las sueltas) y una arista por par con su peso y motivos."""
    red = nx.Graph()
    red.add_nodes_from(sorted(instituciones))
    for (a, b), motivos in sorted(vinculos.items()):
        red.add_edge(a, b, peso=len(motivos), motivos=motivos)
    return red


def red_de(tablas: Tablas) -> nx.Graph:
    """La red de coordinación desde las tablas de CONSULTAS_RED."""
    return armar(tablas["instituciones"]["institucion"], pares(tablas["vinculos-entre"]))


# ---------------------------------------------------------------- medidas


@dataclass(frozen=True)
class Calculo:
    """Cómo se calculó la intermediación: exacta, o estimada desde una muestra de nodos."""

    exacta: bool
    muestra: int = 0
    semilla: int = SEMILLA

    def texto(self) -> str:
        if self.exacta:
            return "exacta"
        return f"estimada con {self.muestra} nodos de origen al azar (semilla {self.semilla})"


@dataclass(frozen=True)
class Analisis:
    """Medidas por institución, sus comunidades y cómo se calculó la intermediación."""

    medidas: pd.DataFrame
    comunidades: dict[str, str]  # institución → nombre del bloque (su miembro más central)
    calculo: Calculo


COLUMNAS = ("institucion", "nombre", "grado", "vinculos", "intermediacion", "pagerank", "comunidad", "articulacion")


def muestra_para(aristas: int, *, trabajo: int = TRABAJO_EXACTO) -> int:
    """Cuántos nodos de origen caben en el presupuesto de trabajo de la intermediación estimada."""
    return max(MUESTRA_MINIMA, trabajo // max(aristas, 1))


def analizar(red: nx.Graph, *, nombres: Mapping[str, str] | None = None, trabajo: int = TRABAJO_EXACTO,
             muestra: int | None = None, semilla: int = SEMILLA) -> Analisis:
    """Grado, fuerza, intermediación, PageRank, comunidad y puntos de articulación de cada institución.

    El grado cuenta instituciones vecinas; `vinculos`, los motivos que las unen (el peso). La
    intermediación sigue los caminos más cortos en pasos; PageRank usa el peso. Los puntos de
    articulación son las instituciones cuya ausencia parte la red.
    """
    nombres = nombres or {}
    n = len(red)
    if n * red.number_of_edges() > trabajo:
        k = min(n, muestra if muestra is not None else muestra_para(red.number_of_edges(), trabajo=trabajo))
        intermediacion = nx.betweenness_centrality(red, k=k, normalized=True, seed=semilla)
        calculo = Calculo(exacta=False, muestra=k, semilla=semilla)
    else:
        intermediacion = nx.betweenness_centrality(red, normalized=True)
        calculo = Calculo(exacta=True)
    rango = nx.pagerank(red, weight="peso") if red.number_of_edges() else {i: 1 / n for i in red} if n else {}
    articulacion = set(nx.articulation_points(red))
    comunidades = _comunidades(red, rango, semilla)
    filas = [{
        "institucion": i, "nombre": nombres.get(i, ""), "grado": red.degree(i),
        "vinculos": int(red.degree(i, weight="peso")), "intermediacion": round(intermediacion[i], 4),
        "pagerank": round(rango[i], 4), "comunidad": comunidades[i], "articulacion": i in articulacion,
    } for i in red]
    filas.sort(key=lambda f: (-f["pagerank"], -f["intermediacion"], f["institucion"]))
    return Analisis(pd.DataFrame(filas, columns=list(COLUMNAS), dtype=object), comunidades, calculo)


def _central(miembros: Iterable[str], rango: Mapping[str, float]) -> str:
    return min(miembros, key=lambda i: (-rango[i], i))


def _comunidades(red: nx.Graph, rango: Mapping[str, float], semilla: int) -> dict[str, str]:
    """Louvain con semilla fija sobre el peso; cada bloque se nombra por su miembro de mayor PageRank."""
    bloques = nx.community.louvain_communities(red, weight="peso", seed=semilla) if red.number_of_edges() else [
        {i} for i in red]
    return {i: _central(b, rango) for b in bloques for i in b}


# ---------------------------------------------------------------- rutas


@dataclass(frozen=True)
class Contexto:
    """Lo que hace legible un vínculo: nombres, temas, acciones y la cita de cada mandato."""

    nombres: Mapping[str, str]
    padre_de: Mapping[str, str | None]  # tema → tema más amplio
    nombre_tema: Mapping[str, str]
    acciones: Mapping[str, Mapping[str, Any]]  # acción → fila de `acciones`
    ejes: Mapping[str, str]
    citas: Mapping[str, str]  # mandato → «Título (INSTRUMENTO), art. N»


def contexto_de(tablas: Tablas) -> Contexto:
    """El contexto desde las tablas de CONSULTAS_RED y CONSULTAS_CONTEXTO."""
    temas = tablas["temas"]
    return Contexto(
        nombres=nombres_de(tablas),
        padre_de=dict(zip(temas["tema"], temas["tema_padre"], strict=True)),
        nombre_tema=dict(zip(temas["tema"], temas["nombre"], strict=True)),
        acciones={f["accion"]: f for f in tablas["acciones"].to_dict(orient="records")},
        ejes=dict(zip(tablas["ejes"]["eje"], tablas["ejes"]["nombre"], strict=True)),
        citas={f["mandato"]: fundamento(f) for f in tablas["fundamentos"].to_dict(orient="records")},
    )


def _mas_amplios(motivos: list[Motivo], padre_de: Mapping[str, str | None]) -> list[Motivo]:
    """Las acciones y, de los temas, solo los que no cuelgan de otro tema compartido por el mismo par.

    Si ambas cubren «Migración», también comparten cada subtema: basta con decir el más amplio.
    """
    temas = {m.vinculo for m in motivos if m.tipo == TEMA}

    def cuelga(tema: str) -> bool:
        return any(padre in temas for padre in ancestros(tema, padre_de)[1:])

    return [m for m in motivos if m.tipo == ACCION or not cuelga(m.vinculo)]


def explicar(motivo: Motivo, a: str, b: str, contexto: Contexto) -> str:
    """Un motivo en palabras, con `a` y `b` en el orden en que se recorre el paso."""
    via = {a: motivo.via_a, b: motivo.via_b} if a < b else {a: motivo.via_b, b: motivo.via_a}
    if motivo.tipo == ACCION:
        fila = contexto.acciones.get(motivo.vinculo, {})
        eje = fila.get("eje")
        donde = f" (eje {eje}: {contexto.ejes.get(eje, '')})" if eje else ""
        como = f", {como_se_sabe(fila)}" if fila else ""  # cómo se sabe: la fila de la acción lo dice
        return (f"comparten la acción {motivo.vinculo} «{motivo.nombre.rstrip('. ')}»{donde}{como}: {a} es "
                f"{enumerar(sorted(via[a]))}; {b}, {enumerar(sorted(via[b]))}")
    partes = [f"{i} por "
              f"{enumerar([f'{m} ({contexto.citas[m]})' if m in contexto.citas else m for m in sorted(via[i])])}"
              for i in (a, b)]
    return (f"ambas tienen mandato sobre el tema «{motivo.nombre}» ({motivo.vinculo}), inferido por grafo: "
            f"{partes[0]}; {partes[1]}")


@dataclass(frozen=True)
class Paso:
    """Un salto de la ruta: de `desde` a `hasta`, con sus motivos en palabras."""

    desde: str
    hasta: str
    motivos: tuple[str, ...]
    otros: int  # motivos que no se leen (se cuentan)


# Rutas candidatas que se enumeran como máximo: en una red densa las más cortas pueden ser millones.
TOPE_RUTAS = 1000


def rutas(red: nx.Graph, origen: str, destino: str, *, maximo: int | None = 3) -> list[list[str]]:
    """Las rutas más cortas (en pasos) entre dos instituciones; primero las de vínculos más fuertes.

    Con `maximo=None`, todas (a lo sumo TOPE_RUTAS): su largo dice cuántas hay.
    """
    if origen == destino or not nx.has_path(red, origen, destino):
        return []
    candidatas = list(itertools.islice(nx.all_shortest_paths(red, origen, destino), TOPE_RUTAS))

    def fuerza(camino: list[str]) -> tuple[int, int, list[str]]:
        # Una ruta es tan fuerte como su paso más débil; luego cuenta el total; luego el alfabeto.
        pesos = [red.edges[u, v]["peso"] for u, v in itertools.pairwise(camino)]
        return -min(pesos), -sum(pesos), camino

    return sorted(candidatas, key=fuerza)[:maximo]


def pasos(red: nx.Graph, camino: list[str], contexto: Contexto) -> list[Paso]:
    """Cada salto del camino explicado: primero las acciones compartidas, luego los temas más amplios."""
    salida = []
    for u, v in itertools.pairwise(camino):
        leidos = _leidos(red, u, v, contexto)
        salida.append(Paso(u, v, tuple(explicar(m, u, v, contexto) for m in leidos),
                           red.edges[u, v]["peso"] - len(leidos)))
    return salida


def _leidos(red: nx.Graph, u: str, v: str, contexto: Contexto) -> list[Motivo]:
    """Los motivos de un salto que se leen en voz alta (los demás solo se cuentan)."""
    return _mas_amplios(red.edges[u, v]["motivos"], contexto.padre_de)[:MOTIVOS_POR_PASO]


def citadas(red: nx.Graph, caminos: list[list[str]], contexto: Contexto) -> set[tuple[str, str]]:
    """Las filas (tabla, id) que citan las rutas leídas: sus instituciones, acciones y mandatos."""
    filas = {("instituciones", i) for camino in caminos for i in camino}
    for camino in caminos:
        for m in (m for u, v in itertools.pairwise(camino) for m in _leidos(red, u, v, contexto)):
            if m.tipo == ACCION:
                filas.add(("acciones", m.vinculo))
            else:
                filas |= {("mandatos", x) for x in (*m.via_a, *m.via_b)}
    return filas


def texto_ruta(red: nx.Graph, origen: str, destino: str, caminos: list[list[str]], contexto: Contexto, *,
               total: int | None = None) -> str:
    """Las rutas como texto que se puede leer en voz alta; `total`: cuántas igual de cortas hay."""
    nombre = contexto.nombres
    if not caminos:
        if origen == destino:
            return f"{origen} y {destino} son la misma institución.\n"
        return (f"No hay ruta entre {origen} ({nombre.get(origen, '')}) y {destino} ({nombre.get(destino, '')}): "
                "ninguna cadena de acciones compartidas o temas mandatados las une en los datos.\n")
    largo = len(caminos[0]) - 1
    lineas = [f"{origen} ({nombre.get(origen, '')}) y {destino} ({nombre.get(destino, '')}) se unen en "
              f"{largo} {'paso' if largo == 1 else 'pasos'}. "
              + _cuantas(len(caminos), total or len(caminos))]
    for numero, camino in enumerate(caminos, start=1):
        lineas.append("")
        lineas.append(f"Ruta {numero}: " + " → ".join(camino))
        for k, paso in enumerate(pasos(red, camino, contexto), start=1):
            lineas.append(f"  {k}. {paso.desde} y {paso.hasta} ({nombre.get(paso.hasta, '')}):")
            lineas += [f"     – {m}." for m in paso.motivos]
            if paso.otros:
                lineas.append(f"     – y {paso.otros} {'vínculo' if paso.otros == 1 else 'vínculos'} más "
                              "(temas más específicos u otras acciones).")
    return "\n".join(lineas).rstrip() + "\n"


def _cuantas(mostradas: int, total: int) -> str:
    if total <= 1:
        return "Una sola ruta así de corta."
    hay = f"más de {TOPE_RUTAS - 1}" if total >= TOPE_RUTAS else str(total)
    if mostradas == total:
        return f"{total} rutas igual de cortas, la más fuerte primero."
    cuales = "esta es la más fuerte" if mostradas == 1 else f"estas son las {mostradas} más fuertes"
    return f"Hay {hay} rutas igual de cortas; {cuales} ({opcion('max')} para ver más)."


def json_ruta(red: nx.Graph, caminos: list[list[str]], contexto: Contexto) -> list[dict[str, Any]]:
    """Las rutas como datos: instituciones y, por paso, los motivos en palabras."""
    return [{"instituciones": camino, "pasos": [
        {"desde": p.desde, "hasta": p.hasta, "motivos": list(p.motivos), "otros": p.otros}
        for p in pasos(red, camino, contexto)]} for camino in caminos]


# ---------------------------------------------------------------- comunidades


@dataclass(frozen=True)
class Comunidad:
    """Un bloque: su nombre (el miembro más central), sus miembros y lo que los une por dentro."""

    nombre: str
    miembros: tuple[str, ...]  # de mayor a menor PageRank
    temas: tuple[tuple[str, str, int], ...]  # (tema, nombre, pares del bloque que lo comparten)
    ejes: tuple[tuple[str, str, int], ...]  # (eje, nombre, acciones compartidas dentro del bloque)


def comunidades(red: nx.Graph, medido: Analisis, contexto: Contexto, *, cuantos: int = 5) -> list[Comunidad]:
    """Los bloques con vínculos, del más grande al más chico, con sus temas y ejes más compartidos."""
    orden = {i: k for k, i in enumerate(medido.medidas["institucion"])}
    por_bloque: dict[str, list[str]] = {}
    for i, bloque in medido.comunidades.items():
        por_bloque.setdefault(bloque, []).append(i)
    salida = []
    for nombre, miembros in por_bloque.items():
        if len(miembros) < 2:
            continue
        dentro = red.subgraph(miembros)
        temas: Counter[str] = Counter()
        acciones: set[str] = set()
        for _u, _v, datos in dentro.edges(data=True):
            for m in _mas_amplios(datos["motivos"], contexto.padre_de):
                if m.tipo == TEMA:
                    temas[m.vinculo] += 1
                else:
                    acciones.add(m.vinculo)
        ejes = Counter(e for a in acciones if (e := contexto.acciones.get(a, {}).get("eje")))
        salida.append(Comunidad(
            nombre=nombre, miembros=tuple(sorted(miembros, key=orden.__getitem__)),
            temas=tuple((t, contexto.nombre_tema.get(t, ""), c)
                        for t, c in sorted(temas.items(), key=lambda x: (-x[1], x[0]))[:cuantos]),
            ejes=tuple((e, contexto.ejes.get(e, ""), c) for e, c in sorted(ejes.items(), key=lambda x: (-x[1], x[0])))))
    return sorted(salida, key=lambda c: (-len(c.miembros), c.nombre))


def sueltas(medido: Analisis) -> list[str]:
    """Las instituciones sin ningún vínculo en la red."""
    return sorted(medido.medidas.loc[medido.medidas["grado"] == 0, "institucion"])


def texto_comunidades(bloques: list[Comunidad], solas: list[str], contexto: Contexto) -> str:
    """Los bloques en texto: miembros, temas que los unen y ejes de sus acciones compartidas."""
    nombre = contexto.nombres
    lineas = [f"{len(bloques)} {'bloque' if len(bloques) == 1 else 'bloques'} en la red de coordinación, "
              "cada uno nombrado por su institución más central (PageRank)."]
    for k, c in enumerate(bloques, start=1):
        lineas += ["", f"{k}. Bloque de {c.nombre} ({nombre.get(c.nombre, '')}): {len(c.miembros)} instituciones",
                   "   Miembros: " + ", ".join(c.miembros)]
        if c.temas:
            lineas.append("   Temas que los unen: " + "; ".join(
                f"{n} ({t}, {p} {'par' if p == 1 else 'pares'})" for t, n, p in c.temas))
        if c.ejes:
            lineas.append("   Ejes de sus acciones compartidas: " + "; ".join(
                f"{e} {n} ({a} {'acción' if a == 1 else 'acciones'})" for e, n, a in c.ejes))
        if not c.temas and not c.ejes:
            lineas.append("   Sin temas ni acciones compartidas dentro del bloque.")
    if solas:
        lineas += ["", f"Sin vínculos ({len(solas)}): " + ", ".join(solas)]
    return "\n".join(lineas) + "\n"


def tabla_comunidades(bloques: list[Comunidad]) -> pd.DataFrame:
    """Un bloque por fila, para CSV y JSON."""
    filas = [{"comunidad": c.nombre, "miembros": list(c.miembros), "cantidad": len(c.miembros),
              "temas": [t for t, _, _ in c.temas], "ejes": [e for e, _, _ in c.ejes]} for c in bloques]
    return pd.DataFrame(filas, columns=["comunidad", "cantidad", "miembros", "temas", "ejes"], dtype=object)
