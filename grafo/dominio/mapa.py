"""Mapas de vínculos: de las tablas de las consultas a una red networkx y a una página HTML sola.

`armar_red` y `disponer` son puras (DataFrames → networkx → posiciones); `a_html` arma la
página con pyvis como contenedor y la plantilla propia (autoescape, vis-network en línea,
sin ninguna petición de red). Nada aquí toca rdflib.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx
import pandas as pd

from grafo.dominio import analisis
from grafo.dominio.citas import articulo as _articulo

Tablas = dict[str, pd.DataFrame]

VISTAS = ("instituciones", "mandatos", "acciones", "completa")
# `fundamentos` da cada mandato con sus acciones: la cobertura la calcula SPARQL, no el mapa.
CONSULTAS_MAPA = ("instituciones", "acciones", "fundamentos", "mandatos-por-tema", "temas", "ejes",
                  "vinculos-entre", "acciones-sin-responsable", "acciones-sin-mandato", "temas-con-varios-mandatos")
# La consulta de aristas entre instituciones es cuadrática; solo la vista de instituciones la usa.
SOLO_INSTITUCIONES = ("vinculos-entre",)


def consultas_de(vista: str) -> tuple[str, ...]:
    """Las consultas que necesita una vista (las demás no se ejecutan)."""
    return tuple(n for n in CONSULTAS_MAPA if vista == "instituciones" or n not in SOLO_INSTITUCIONES)
# Por encima de este número de nodos la página avisa y sugiere la vista de foco (ver README).
NODOS_COMODOS = 1500
# Hasta aquí, disposición por fuerzas (spring_layout denso: 0,4 s con 300 nodos, 2,9 s con 600);
# más allá, anillos por distancia al nodo de más vínculos, en tiempo lineal.
NODOS_FUERZAS = 500

# Clase de nodo → forma y color de vis-network; la leyenda de la página sale de aquí.
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


@dataclass(frozen=True)
class Filtro:
    """Lo que el usuario pidió ver: vista, foco y recortes por eje, tema y periodo."""

    vista: str = "instituciones"
    foco: str | None = None
    profundidad: int = 1
    eje: str | None = None
    tema: str | None = None
    periodo: str | None = None
    color: str = "clase"  # o «comunidad»: las instituciones, del color de su bloque (vista de instituciones)


def sin_tildes(texto: str) -> str:
    """Forma de búsqueda: sin tildes ni mayúsculas (`Migración` → `migracion`)."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c)).casefold()


def _registros(tabla: pd.DataFrame) -> list[dict[str, Any]]:
    return tabla.to_dict(orient="records")


def _nodo_id(clase: str, ident: str) -> str:
    return f"{clase}:{ident}"


def armar_red(tablas: Tablas, filtro: Filtro) -> nx.Graph:
    """La red de la vista pedida, con los atributos que la página necesita en cada nodo y arista."""
    instituciones = {f["institucion"]: f for f in _registros(tablas["instituciones"])}
    acciones = {f["accion"]: f for f in _registros(tablas["acciones"])}
    mandatos = {f["mandato"]: f for f in _registros(tablas["fundamentos"])}
    temas = {f["tema"]: f for f in _registros(tablas["temas"])}
    ejes = {f["eje"]: f["nombre"] for f in _registros(tablas["ejes"])}

    def ancestros(tema: str) -> list[str]:
        camino = []
        while tema and tema in temas and tema not in camino:
            camino.append(tema)
            tema = temas[tema]["tema_padre"]
        return camino

    # Las acciones que quedan tras los recortes por eje, tema y periodo.
    def pasa(a: dict[str, Any]) -> bool:
        if filtro.eje and a["eje"] != filtro.eje:
            return False
        if filtro.periodo and a["periodo"] != filtro.periodo:
            return False
        return not filtro.tema or any(filtro.tema in ancestros(t) for t in a["temas"])

    acciones = {k: a for k, a in acciones.items() if pasa(a)}
    cubre: dict[str, list[dict[str, Any]]] = {}
    for f in _registros(tablas["mandatos-por-tema"]):
        cubre.setdefault(f["tema"], []).append(f)
    sin_responsable = set(tablas["acciones-sin-responsable"]["accion"])
    r_sin_mandato = {(f["accion"], f["institucion"]) for f in _registros(tablas["acciones-sin-mandato"])}
    traslapes = {f["tema"]: f["instituciones"] for f in _registros(tablas["temas-con-varios-mandatos"])}
    # Una acción tiene líder mandatado si algún responsable tiene mandato sobre alguno de sus temas.
    sin_lider = {k for k, a in acciones.items()
                 if not any(a["temas"] and (k, r) not in r_sin_mandato for r in a["responsables"])}

    por_institucion: dict[str, list[dict[str, Any]]] = {}
    for m in mandatos.values():
        por_institucion.setdefault(m["institucion"], []).append(m)
    # Índices para no recorrer todas las acciones por cada institución o tema (a escala, cuadrático).
    papeles_de: dict[str, list[tuple[str, str]]] = {}
    acciones_de_tema: dict[str, list[dict[str, Any]]] = {}
    for k in sorted(acciones):
        a = acciones[k]
        for i in dict.fromkeys([*a["responsables"], *a["vinculadas"]]):
            papeles_de.setdefault(i, []).append((k, "responsable" if i in a["responsables"] else "vinculada"))
        for t in a["temas"]:
            acciones_de_tema.setdefault(t, []).append(a)

    def fundamenta(m: dict[str, Any]) -> list[str]:
        return [k for k in m["acciones"] if k in acciones]  # solo las que quedan tras los recortes

    red = nx.Graph()

    def agregar_institucion(i: str) -> None:
        f = instituciones[i]
        lineas = [f"{f['nombre']} ({i})", f"Tipo: {f['tipo']}" + (f" · nivel {f['nivel']}" if f["nivel"] else "")]
        if f["depende_de"]:
            lineas.append(f"Depende de: {f['depende_de']}")
        propios = por_institucion.get(i, [])
        lineas += [f"Mandato {m['mandato']}: {m['titulo']} ({m['instrumento']}), {_articulo(m)}" for m in propios]
        if not propios:
            lineas.append("Sin mandatos registrados en los datos.")
        papeles = papeles_de.get(i, [])
        if papeles:
            lineas.append("Acciones: " + ", ".join(f"{k} ({p})" for k, p in papeles))
        relacionados = {t for m in propios for t in m["temas"]} | {t for k, _ in papeles for t in acciones[k]["temas"]}
        red.add_node(_nodo_id("institucion", i), clase="institucion", ident=i, etiqueta=i, nombre=f["nombre"],
                     tipo=f["tipo"], titulo="\n".join(lineas),
                     ejes=sorted({acciones[k]["eje"] for k, _ in papeles if acciones[k]["eje"]}),
                     periodos=sorted({acciones[k]["periodo"] for k, _ in papeles if acciones[k]["periodo"]}),
                     temas=sorted({a for t in relacionados for a in ancestros(t)}), brecha="", traslape="")

    def agregar_accion(k: str) -> None:
        a = acciones[k]
        lineas = [f"Acción {k}: {a['descripcion']}",
                  f"Eje: {a['eje'] or '—'}" + (f" ({ejes.get(a['eje'], '')})" if a["eje"] else "")
                  + f" · periodo {a['periodo'] or '—'}" + (" · ilustrativa" if a["ilustrativa"] else ""),
                  "Responsables: " + (", ".join(a["responsables"]) or "ninguno"),
                  "Vinculadas: " + (", ".join(a["vinculadas"]) or "ninguna"),
                  "Temas: " + (", ".join(a["temas"]) or "ninguno")]
        brecha = ""
        if k in sin_responsable:
            brecha = "Acción sin responsable"
        elif k in sin_lider:
            brecha = "Acción sin líder mandatado (ningún responsable tiene mandato sobre sus temas)"
        if brecha:
            lineas.append(f"BRECHA: {brecha}")
        red.add_node(_nodo_id("accion", k), clase="accion", ident=k, etiqueta=k, nombre=a["descripcion"], tipo="",
                     titulo="\n".join(lineas), ejes=[a["eje"]] if a["eje"] else [],
                     periodos=[a["periodo"]] if a["periodo"] else [],
                     temas=sorted({x for t in a["temas"] for x in ancestros(t)}), brecha=brecha, traslape="")

    def agregar_mandato(m: dict[str, Any]) -> None:
        usadas = fundamenta(m)
        lineas = [f"Mandato {m['mandato']} de {m['institucion']}", f"{m['titulo']} ({m['instrumento']}), {_articulo(m)}",
                  m["descripcion"], "Temas: " + ", ".join(m["temas"]),
                  "Fundamenta: " + (", ".join(usadas) or "ninguna acción")]
        red.add_node(_nodo_id("mandato", m["mandato"]), clase="mandato", ident=m["mandato"], etiqueta=m["mandato"],
                     nombre=m["descripcion"], tipo="", titulo="\n".join(lineas),
                     ejes=sorted({acciones[k]["eje"] for k in usadas if acciones[k]["eje"]}),
                     periodos=sorted({acciones[k]["periodo"] for k in usadas if acciones[k]["periodo"]}),
                     temas=sorted({x for t in m["temas"] for x in ancestros(t)}),
                     brecha="" if usadas else "Mandato que ninguna acción usa", traslape="")

    def agregar_tema(t: str) -> None:
        f = temas[t]
        quienes = sorted({c["institucion"] for c in cubre.get(t, [])})
        lineas = [f"Tema {t}: {f['nombre']}"]
        if f["tema_padre"]:
            lineas.append(f"Tema más amplio: {f['tema_padre']}")
        lineas.append("Instituciones con mandato: " + (", ".join(quienes) or "ninguna"))
        traslape = f"Varias instituciones con mandato: {', '.join(traslapes[t])}" if t in traslapes else ""
        if traslape:
            lineas.append(f"TRASLAPE: {traslape}")
        con_tema = acciones_de_tema.get(t, [])
        red.add_node(_nodo_id("tema", t), clase="tema", ident=t, etiqueta=t, nombre=f["nombre"], tipo="",
                     titulo="\n".join(lineas), ejes=sorted({a["eje"] for a in con_tema if a["eje"]}),
                     periodos=sorted({a["periodo"] for a in con_tema if a["periodo"]}), temas=ancestros(t),
                     brecha="", traslape=traslape)

    def arista(a: str, b: str, tipo: str, detalle: str, peso: int = 1) -> None:
        red.add_edge(a, b, tipo=tipo, detalle=detalle, peso=peso)

    vista = filtro.vista
    for i in sorted(instituciones):
        agregar_institucion(i)
    if vista in ("acciones", "completa"):
        for k in sorted(acciones):
            agregar_accion(k)
            for papel, tipo in (("responsables", "responsable"), ("vinculadas", "vinculada")):
                for i in acciones[k][papel]:
                    falta = " (sin mandato sobre sus temas)" if tipo == "responsable" and (k, i) in r_sin_mandato else ""
                    arista(_nodo_id("institucion", i), _nodo_id("accion", k), tipo, f"{i} {tipo} de {k}{falta}")
    if vista in ("mandatos", "completa"):
        for m in sorted(mandatos.values(), key=lambda m: m["mandato"]):
            agregar_mandato(m)
            arista(_nodo_id("institucion", m["institucion"]), _nodo_id("mandato", m["mandato"]), "asignado",
                   f"{m['institucion']}: {m['mandato']} ({m['instrumento']}, {_articulo(m)})")
        usados = {t for m in mandatos.values() for t in m["temas"]}
        if vista == "completa":
            usados |= {t for a in acciones.values() for t in a["temas"]}
        usados = {x for t in usados for x in ancestros(t)}
        for t in sorted(usados):
            agregar_tema(t)
        for t in sorted(usados):
            if temas[t]["tema_padre"] in usados:
                arista(_nodo_id("tema", t), _nodo_id("tema", temas[t]["tema_padre"]), "amplio",
                       f"{temas[t]['tema_padre']} es más amplio que {t}")
        for m in mandatos.values():
            for t in m["temas"]:
                arista(_nodo_id("mandato", m["mandato"]), _nodo_id("tema", t), "cubre", f"{m['mandato']} nombra {t}")
        if vista == "completa":
            for k, a in acciones.items():
                for t in a["temas"]:
                    arista(_nodo_id("accion", k), _nodo_id("tema", t), "trata", f"{k} trata {t}")
    if vista == "instituciones":
        # La misma red que mide `grafo analizar`, con los recortes del mapa.
        def queda(m: analisis.Motivo) -> bool:
            if m.tipo == analisis.ACCION:
                return m.vinculo in acciones
            return not filtro.tema or filtro.tema in ancestros(m.vinculo)

        pares = analisis.pares(tablas["vinculos-entre"], pasa=queda)
        for (o, d), motivos in pares.items():
            texto = [f"comparten la acción {m.vinculo}" if m.tipo == analisis.ACCION
                     else f"ambas con mandato sobre el tema {m.vinculo}" for m in motivos]
            arista(_nodo_id("institucion", o), _nodo_id("institucion", d), "vinculo",
                   f"{o} – {d}: " + "; ".join(texto), len(motivos))
        # Sin recortes, se ven todas; con recortes, solo las que quedan unidas a algo.
        if filtro.eje or filtro.tema or filtro.periodo:
            red.remove_nodes_from([n for n in list(red) if red.degree(n) == 0])
        coordinacion = analisis.armar([red.nodes[n]["ident"] for n in red], pares)
        _marcar_analisis(red, analisis.analizar(coordinacion), color=filtro.color == "comunidad")
    if vista == "acciones" and (filtro.eje or filtro.tema or filtro.periodo):
        red.remove_nodes_from([n for n, d in red.nodes(data=True) if d["clase"] == "institucion" and red.degree(n) == 0])

    if vista == "instituciones":
        faltan: dict[str, list[str]] = {}
        for k, j in sorted(r_sin_mandato):
            if k in acciones:
                faltan.setdefault(_nodo_id("institucion", j), []).append(k)
        for i in red:
            if i in faltan:
                red.nodes[i]["brecha"] = "Responsable sin mandato sobre los temas de " + ", ".join(faltan[i])
    # Las listas del panel: todas las brechas y traslapes de lo que quedó tras los recortes.
    def destino(*candidatos: str) -> str | None:
        return next((c for c in candidatos if c in red), None)

    casos_brecha = []
    for k in sorted(sin_lider):
        motivo = "sin responsable" if k in sin_responsable else "sin líder mandatado"
        casos_brecha.append({"texto": f"Acción {k}: {motivo}", "nodo": destino(
            _nodo_id("accion", k), *(_nodo_id("institucion", i) for i in acciones[k]["responsables"]))})
    for m in sorted(mandatos.values(), key=lambda m: m["mandato"]):
        if not filtro.tema and not fundamenta(m):
            casos_brecha.append({"texto": f"Mandato {m['mandato']} ({m['institucion']}): ninguna acción lo usa",
                                 "nodo": destino(_nodo_id("mandato", m["mandato"]), _nodo_id("institucion", m["institucion"]))})
    casos_traslape = [
        {"texto": f"Tema {t}: {', '.join(quienes)}",
         "nodo": destino(_nodo_id("tema", t), *(_nodo_id("institucion", i) for i in quienes))}
        for t, quienes in sorted(traslapes.items()) if not filtro.tema or filtro.tema in ancestros(t)]
    red.graph["brechas"] = casos_brecha
    red.graph["traslapes"] = casos_traslape

    if filtro.foco:
        centro = _nodo_id("institucion", filtro.foco)
        if centro not in red:
            centro = next((n for n, d in red.nodes(data=True) if d["ident"] == filtro.foco), centro)
        if centro in red:
            listas = dict(red.graph)
            red = nx.Graph(nx.ego_graph(red, centro, radius=filtro.profundidad))
            red.graph.update({k: [c for c in listas[k] if c["nodo"] in red] for k in ("brechas", "traslapes")})
            presentes = {d.get("comunidad") for _, d in red.nodes(data=True)}
            red.graph["comunidades"] = [c for c in listas.get("comunidades", []) if c["nombre"] in presentes]
            red.graph["tamano_por"] = listas.get("tamano_por", "grado")
            red.nodes[centro]["foco"] = True
    medir(red)
    return red


def _marcar_analisis(red: nx.Graph, medido: analisis.Analisis, *, color: bool) -> None:
    """Las medidas de `grafo analizar` en cada institución: tamaño por PageRank, texto y, si se pide, color."""
    por_id = {f["institucion"]: f for f in _registros(medido.medidas)}
    tamano = Counter(medido.comunidades.values())
    con_varios = sorted((b for b, n in tamano.items() if n > 1), key=lambda b: (-tamano[b], b))
    colores = {b: PALETA_COMUNIDADES[k % len(PALETA_COMUNIDADES)] for k, b in enumerate(con_varios)}
    for n in red:
        f = por_id[red.nodes[n]["ident"]]
        d = red.nodes[n]
        d["pagerank"] = f["pagerank"]
        d["titulo"] += (f"\nRed: {f['grado']} instituciones vecinas · PageRank {f['pagerank']:.3f} · "
                        f"intermediación {f['intermediacion']:.3f} · comunidad de {f['comunidad']}"
                        + (" · punto de articulación (sin ella la red se parte)" if f["articulacion"] else ""))
        d["comunidad"] = f["comunidad"]
        if color:
            d["color_comunidad"] = colores.get(f["comunidad"], COLOR_SIN_COMUNIDAD)
    red.graph["comunidades"] = [{"nombre": b, "color": c} for b, c in colores.items()] if color else []
    red.graph["tamano_por"] = "pagerank"


def medir(red: nx.Graph) -> None:
    """Tamaño de cada nodo: por PageRank si la red de coordinación se midió (vista de instituciones), si no por grado."""
    if red.graph.get("tamano_por") == "pagerank":
        centralidad = {n: float(d["pagerank"]) for n, d in red.nodes(data=True)}
    else:
        centralidad = nx.degree_centrality(red) if len(red) > 1 else {n: 0.0 for n in red}
    maximo = max(centralidad.values(), default=0.0) or 1.0
    for n, valor in centralidad.items():
        red.nodes[n]["centralidad"] = round(valor, 4)
        red.nodes[n]["tamano"] = round(10 + 22 * math.sqrt(valor / maximo), 1)


def _caja(dato: dict[str, Any], x: float, y: float) -> tuple[float, float, float, float]:
    """Rectángulo que ocupan el símbolo y la etiqueta debajo (siglas en mayúsculas de 14 px: ~10 px por carácter)."""
    radio = dato.get("tamano", 12)
    ancho = max(2 * radio, 10 * len(dato.get("etiqueta", "")) + 8) / 2
    return x - ancho, y - radio - 2, x + ancho, y + radio + 22


def disponer(red: nx.Graph, *, semilla: int = 7) -> dict[str, tuple[int, int]]:
    """Posiciones en píxeles, calculadas con semilla fija y sin etiquetas encimadas (hasta NODOS_COMODOS)."""
    if len(red) == 0:
        return {}
    nodos = sorted(red)
    sueltos = [n for n in nodos if red.degree(n) == 0]
    unidos = [n for n in nodos if red.degree(n) > 0]
    pos: dict[str, list[float]] = {}
    if unidos:
        ordenada = nx.Graph()
        ordenada.add_nodes_from(unidos)
        ordenada.add_edges_from(sorted(tuple(sorted(e)) for e in red.edges()))
        if len(unidos) <= NODOS_FUERZAS:
            escala = 120 * math.sqrt(len(unidos))
            crudas = nx.spring_layout(ordenada, seed=semilla, iterations=100, k=1.6 / math.sqrt(len(unidos)))
            pos = {n: [float(crudas[n][0]) * escala, float(crudas[n][1]) * escala] for n in unidos}
            _separar(red, pos, unidos)
        else:
            pos = _anillos(ordenada)
    # Los nodos sin vínculos, en filas debajo: lejos del resto, encogerían todo el dibujo.
    if sueltos:
        izquierda = min((p[0] for p in pos.values()), default=0.0)
        derecha = max((p[0] for p in pos.values()), default=800.0)
        y = max((p[1] for p in pos.values()), default=0.0) + 120
        x = izquierda
        for n in sueltos:
            x0, _, x1, _ = _caja(red.nodes[n], 0, 0)
            if x > izquierda and x + (x1 - x0) > max(derecha, izquierda + 800):
                x, y = izquierda, y + 70
            pos[n] = [x - x0, y]
            x += (x1 - x0) + 12
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def _anillos(red: nx.Graph, paso: float = 160, hueco: float = 110) -> dict[str, list[float]]:
    """Cada componente en anillos según la distancia a su nodo de más vínculos; los hijos junto a su padre."""
    pos: dict[str, list[float]] = {}
    desplazamiento = 0.0
    componentes = sorted((sorted(c) for c in nx.connected_components(red)), key=lambda c: (-len(c), c[0]))
    for componente in componentes:
        raiz = max(componente, key=lambda n: (red.degree(n), [-ord(c) for c in n]))
        nivel = {raiz: 0}
        orden = [raiz]
        for u in orden:  # recorrido en anchura; la lista crece mientras se recorre
            for v in sorted(red.neighbors(u)):
                if v not in nivel:
                    nivel[v] = nivel[u] + 1
                    orden.append(v)
        capas: dict[int, list[str]] = {}
        for n in orden:
            capas.setdefault(nivel[n], []).append(n)
        radio = 0.0
        for k in sorted(capas):
            capa = capas[k]
            radio = 0.0 if k == 0 else max(radio + paso, len(capa) * hueco / (2 * math.pi))
            for j, n in enumerate(capa):
                angulo = 2 * math.pi * j / len(capa)
                pos[n] = [desplazamiento + radio + radio * math.cos(angulo), radio * math.sin(angulo)]
        desplazamiento += 2 * radio + 2 * paso
    return pos


def _separar(red: nx.Graph, pos: dict[str, list[float]], nodos: list[str], vueltas: int = 200) -> None:
    """Empuja los pares de cajas encimadas hasta que ninguna se toque (determinista)."""
    for _ in range(vueltas):
        movido = False
        cajas = {n: _caja(red.nodes[n], *pos[n]) for n in nodos}
        orden = sorted(nodos, key=lambda n: cajas[n][0])
        for i, a in enumerate(orden):
            ax0, ay0, ax1, ay1 = cajas[a]
            for b in orden[i + 1:]:
                bx0, by0, bx1, by1 = cajas[b]
                if bx0 >= ax1 + 4:
                    break
                if by0 >= ay1 + 4 or ay0 >= by1 + 4:
                    continue
                dx = min(ax1, bx1) - max(ax0, bx0) + 4
                dy = min(ay1, by1) - max(ay0, by0) + 4
                # Se separan por el eje que menos hay que mover, la mitad cada uno.
                if dx < dy:
                    signo = 1 if pos[b][0] >= pos[a][0] else -1
                    pos[a][0] -= signo * dx / 2
                    pos[b][0] += signo * dx / 2
                else:
                    signo = 1 if pos[b][1] >= pos[a][1] else -1
                    pos[a][1] -= signo * dy / 2
                    pos[b][1] += signo * dy / 2
                cajas[a] = _caja(red.nodes[a], *pos[a])
                cajas[b] = _caja(red.nodes[b], *pos[b])
                ax0, ay0, ax1, ay1 = cajas[a]
                movido = True
        if not movido:
            return


def encimadas(red: nx.Graph, posiciones: dict[str, tuple[int, int]]) -> list[tuple[str, str]]:
    """Pares de nodos cuyas cajas (símbolo y etiqueta) se tocan; vacío en un mapa legible."""
    cajas = {n: _caja(red.nodes[n], *posiciones[n]) for n in red}
    orden = sorted(cajas, key=lambda n: cajas[n][0])
    pares = []
    for i, a in enumerate(orden):
        for b in orden[i + 1:]:
            if cajas[b][0] >= cajas[a][2]:
                break
            if cajas[b][1] < cajas[a][3] and cajas[a][1] < cajas[b][3]:
                pares.append((a, b))
    return pares


def _nodos_vis(red: nx.Graph, posiciones: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    nodos = []
    for n in sorted(red):
        d = red.nodes[n]
        estilo = ESTILO_NODO[d["clase"]]
        marca = COLOR_BRECHA if d["brecha"] else COLOR_TRASLAPE if d["traslape"] else estilo["color"]
        x, y = posiciones[n]
        nodos.append({
            "id": n, "label": d["etiqueta"], "title": d["titulo"], "shape": estilo["shape"], "x": x, "y": y,
            "size": d["tamano"], "borderWidth": 4 if (d["brecha"] or d["traslape"]) else 1,
            "color": {"background": d.get("color_comunidad", estilo["color"]), "border": marca,
                      "highlight": {"background": d.get("color_comunidad", estilo["color"]), "border": "#000000"}},
            "clase": d["clase"], "ident": d["ident"], "nombre": d["nombre"], "tipo": d["tipo"],
            "buscar": sin_tildes(f"{d['ident']} {d['nombre']}"), "ejes": d["ejes"], "temas": d["temas"],
            "periodos": d["periodos"], "brecha": d["brecha"], "traslape": d["traslape"],
            "centralidad": d["centralidad"], "comunidad": d.get("comunidad", ""),
        })
    return nodos


def _aristas_vis(red: nx.Graph) -> list[dict[str, Any]]:
    aristas = []
    for a, b in sorted(tuple(sorted(e)) for e in red.edges()):
        d = red.edges[a, b]
        estilo = ESTILO_ARISTA[d["tipo"]]
        sin_mandato = d["tipo"] == "responsable" and "sin mandato" in d["detalle"]
        aristas.append({
            "id": f"{a}|{b}", "from": a, "to": b, "title": d["detalle"], "tipo": d["tipo"],
            "color": {"color": COLOR_BRECHA if sin_mandato else estilo["color"]},
            "dashes": estilo["dashes"], "width": estilo["width"] * (1 + math.log2(d["peso"])),
        })
    return aristas


def _plantilla() -> Any:
    from jinja2 import Environment

    entorno = Environment(autoescape=True, keep_trailing_newline=True)
    texto = resources.files("grafo").joinpath("formatos/plantillas/mapa.html").read_text(encoding="utf-8")
    return entorno.from_string(texto)


def _vis_network() -> str:
    import pyvis

    # La copia de vis-network que trae pyvis, para que el archivo funcione sin internet.
    ruta = resources.files(pyvis).joinpath("templates/lib/vis-9.1.2/vis-network.min.js")
    codigo = ruta.read_text(encoding="utf-8")
    if "</script" in codigo.lower():
        raise RuntimeError("vis-network.min.js contiene </script>; no se puede incrustar tal cual")
    return codigo


def _json_en_script(valor: Any) -> str:
    """JSON que no puede cerrar el <script> que lo contiene ni abrir un comentario HTML."""
    texto = json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return texto.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True)
class Pie:
    """Lo que la página dice de dónde viene: versión de los datos, fecha y fuentes."""

    version_datos: str
    fecha: str
    fuentes: tuple[str, ...] = ()


def a_html(red: nx.Graph, posiciones: dict[str, tuple[int, int]], *, filtro: Filtro, pie: Pie,
           ejes: Iterable[tuple[str, str]] = (), temas: Iterable[tuple[str, str]] = ()) -> str:
    """La página completa, en un solo archivo HTML UTF-8."""
    from markupsafe import Markup
    from pyvis.network import Network

    red_vis = Network(height="100%", width="100%", directed=False, cdn_resources="local")
    # Listas completas de una vez: add_node uno a uno crece más que linealmente (ARQUITECTURA.md).
    red_vis.nodes = _nodos_vis(red, posiciones)
    red_vis.edges = _aristas_vis(red)
    red_vis.node_ids = [n["id"] for n in red_vis.nodes]
    red_vis.toggle_physics(False)
    opciones = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": True},
        "nodes": {"font": {"size": 14, "face": "Arial, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2},
        "layout": {"improvedLayout": False},
    }
    nodos = red_vis.nodes
    clases = {n["clase"] for n in nodos}
    tipos_arista = {e["tipo"] for e in red_vis.edges}
    nombres_vista = {"instituciones": "Instituciones y sus vínculos", "mandatos": "Instituciones, mandatos y temas",
                     "acciones": "Acciones y sus instituciones", "completa": "Vista completa"}
    recortes = [t for t in (f"eje {filtro.eje}" if filtro.eje else "", f"tema {filtro.tema}" if filtro.tema else "",
                            f"periodo {filtro.periodo}" if filtro.periodo else "",
                            f"foco {filtro.foco} (profundidad {filtro.profundidad})" if filtro.foco else "") if t]
    datos = {
        "nodos": nodos, "aristas": red_vis.edges, "opciones": opciones,
        "tipos": sorted({n["tipo"] for n in nodos if n["tipo"]}),
        "ejes": [list(e) for e in ejes], "temas": [list(t) for t in temas],
        "periodos": sorted({p for n in nodos for p in n["periodos"]}),
        "brechas": red.graph.get("brechas", []), "traslapes": red.graph.get("traslapes", []),
    }
    return _plantilla().render(
        titulo=f"Mapa de vínculos · {nombres_vista[filtro.vista]}",
        subtitulo=" · ".join(recortes), pie=pie, n_nodos=len(nodos), n_aristas=len(red_vis.edges),
        grande=len(nodos) > NODOS_COMODOS, nodos_comodos=NODOS_COMODOS,
        leyenda_nodos=[ESTILO_NODO[c] | {"clase": c} for c in ESTILO_NODO if c in clases],
        leyenda_aristas=[ESTILO_ARISTA[t] | {"tipo": t} for t in ESTILO_ARISTA if t in tipos_arista],
        color_brecha=COLOR_BRECHA, color_traslape=COLOR_TRASLAPE, comunidades=red.graph.get("comunidades", []),
        por_pagerank=red.graph.get("tamano_por") == "pagerank",
        datos_json=Markup(_json_en_script(datos)), vis_js=Markup(_vis_network()),
    )
