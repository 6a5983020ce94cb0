"""La disposición del mapa: posiciones en píxeles con semilla fija y sin etiquetas encimadas (puro).

La comparten la página HTML y las imágenes estáticas: el mismo dato da el mismo dibujo en cada reunión.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import networkx as nx

# Hasta aquí, disposición por fuerzas (spring_layout denso: 0,4 s con 300 nodos, 2,9 s con 600);
# más allá, anillos por distancia al nodo de más vínculos, en tiempo lineal.
NODOS_FUERZAS = 500
# Píxeles por raíz del número de nodos en la disposición por fuerzas (con el dibujo girado a lo ancho): lo
# justo para que la red de instituciones de datos/ quepa entera en un proyector de 1366 × 768 con letra
# ≥ 12 px (medido en Chromium, 39 instituciones y 70 vínculos); _separar abre lo que quede encimado.
ESCALA_FUERZAS = 85
RELACION = 1.8  # ancho / alto del lienzo en un proyector de 1366 × 768 (1086 × 598 px en el mapa)
ANCHO_SIGLAS = 70  # ancho medio de la caja de una institución (símbolo y siglas), en px
# Un mapa de hasta NODOS_SALA nodos se dispone para caber entero, con letra de 12,5 px (la de 14 px × 0,89), en el
# lienzo libre de la página en un navegador de una pantalla de 1366 × 768 (1366 × 657 px de ventana: 1086 × 594 px
# de lienzo, menos 14 px de margen por lado). Si no cabe, se aprieta la disposición y se vuelve a separar.
NODOS_SALA = 60
# px entre el símbolo y su etiqueta (el `vadjust` de vis-network): pegada al círculo, el OCR de la sala no leía
# la sigla (MAGA, AMSCLAE bajo su círculo).
SEPARACION_ETIQUETA = 4
CABE = ((1086 - 28) * 14 / 12.5, (594 - 28) * 14 / 12.5)  # ancho y alto, en px del dibujo


def _caja(dato: dict[str, Any], x: float, y: float) -> tuple[float, float, float, float]:
    """Rectángulo que ocupan el símbolo y la etiqueta debajo, a 14 px: ~10 px por carácter en mayúsculas
    (siglas), ~8 px en texto corriente; 17 px por línea."""
    medio, arriba, abajo = _medida(dato.get("tamano", 12), dato.get("etiqueta", ""))
    return x - medio, y - arriba, x + medio, y + abajo


@functools.lru_cache(maxsize=4096)
def _medida(radio: float, etiqueta: str) -> tuple[float, float, float]:
    """Medio ancho, alto sobre el centro y alto bajo el centro de la caja de un nodo: se calculan una vez por
    etiqueta (separar las cajas de un mapa de 60 nodos las pedía dos millones de veces: 10 de los 19 s de
    `grafo todo`)."""
    lineas = etiqueta.split("\n")
    letra = max((10 if linea.isupper() else 8) * len(linea) for linea in lineas)
    return max(2 * radio, letra + 8) / 2, radio + 2, radio + 5 + SEPARACION_ETIQUETA + 17 * len(lineas)


def disponer(red: nx.Graph, *, semilla: int = 7) -> dict[str, tuple[int, int]]:
    """Posiciones en píxeles, calculadas con semilla fija y sin etiquetas encimadas (hasta NODOS_COMODOS); un mapa de
    hasta NODOS_SALA nodos, apretado hasta caber en CABE si hace falta."""
    if len(red) == 0:
        return {}
    nodos = sorted(red)
    unidos = [n for n in nodos if red.degree(n) > 0]
    if not unidos or len(unidos) > NODOS_FUERZAS:
        return _redondas(_con_sueltos(red, _anillos(_ordenada(red, unidos)) if unidos else {}, nodos))
    # Etiquetas más anchas que unas siglas (títulos, temas) piden más espacio entre nodos.
    ancho = sum(_caja(red.nodes[n], 0, 0)[2] * 2 for n in unidos) / len(unidos)
    escala = ESCALA_FUERZAS * math.sqrt(len(unidos)) * max(1.0, math.sqrt(ancho / ANCHO_SIGLAS))
    crudas = nx.spring_layout(_ordenada(red, unidos), seed=semilla, iterations=100, k=1.6 / math.sqrt(len(unidos)))
    giradas = _a_lo_ancho({n: [float(crudas[n][0]), float(crudas[n][1])] for n in unidos})
    ex = ey = peso = 1.0
    paso, antes, mejor = 1.5, 0, (math.inf, {})
    for _ in range(30 if len(red) <= NODOS_SALA else 1):
        pos = {n: [x * ex, y * ey] for n, (x, y) in _al_rectangulo(giradas, escala).items()}
        _separar(red, pos, unidos, a_lo_ancho=peso)
        pos = _con_sueltos(red, pos, nodos)
        ancho_dibujo, alto_dibujo = _medidas(red, pos)
        sobra = max(ancho_dibujo / CABE[0], alto_dibujo / CABE[1])
        mejor = min(mejor, (sobra, pos), key=lambda m: m[0])
        if sobra <= 1:
            break
        # Se aprieta lo que sobra (un poco más, porque separar vuelve a abrir); nunca de golpe.
        ex *= max(0.7, min(1.0, 0.97 * CABE[0] / ancho_dibujo))
        ey *= max(0.7, min(1.0, 0.97 * CABE[1] / alto_dibujo))
        # Sobra alto: las etiquetas se apartan más a los lados; sobra ancho: menos (a pasos más cortos al cambiar).
        sentido = 1 if alto_dibujo / CABE[1] > ancho_dibujo / CABE[0] else -1
        paso = paso ** 0.5 if sentido == -antes else paso
        peso, antes = peso * paso ** sentido, sentido
    return _redondas(mejor[1])  # la que cabe o, si ninguna, la que menos sobra


def _ordenada(red: nx.Graph, unidos: list[str]) -> nx.Graph:
    """La red de los nodos con vínculos, con nodos y aristas en orden (la disposición no depende del orden de carga)."""
    ordenada = nx.Graph()
    ordenada.add_nodes_from(unidos)
    ordenada.add_edges_from(sorted(tuple(sorted(e)) for e in red.edges()))
    return ordenada


def _medidas(red: nx.Graph, pos: dict[str, list[float]]) -> tuple[float, float]:
    """Ancho y alto del dibujo entero, con los símbolos y las etiquetas."""
    cajas = [_caja(red.nodes[n], *p) for n, p in pos.items()]
    return (max(c[2] for c in cajas) - min(c[0] for c in cajas), max(c[3] for c in cajas) - min(c[1] for c in cajas))


def _redondas(pos: dict[str, list[float]]) -> dict[str, tuple[int, int]]:
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def _con_sueltos(red: nx.Graph, unidos: dict[str, list[float]], nodos: list[str]) -> dict[str, list[float]]:
    """Los nodos sin vínculos, en filas debajo: lejos del resto, encogerían todo el dibujo."""
    pos = {n: list(p) for n, p in unidos.items()}
    sueltos = [n for n in nodos if n not in pos]
    if sueltos:
        izquierda = min((p[0] for p in pos.values()), default=0.0)
        derecha = max((p[0] for p in pos.values()), default=800.0)
        y = max((p[1] for p in pos.values()), default=0.0) + 90
        x = izquierda
        for n in sueltos:
            x0, _, x1, _ = _caja(red.nodes[n], 0, 0)
            if x > izquierda and x + (x1 - x0) > max(derecha, izquierda + 800):
                x, y = izquierda, y + 70
            pos[n] = [x - x0, y]
            x += (x1 - x0) + 12
    return pos


def _a_lo_ancho(pos: dict[str, list[float]]) -> dict[str, list[float]]:
    """Gira el dibujo para que su eje más largo quede horizontal: la pantalla y la diapositiva son anchas."""
    n = len(pos)
    if n < 3:
        return pos
    cx = sum(p[0] for p in pos.values()) / n
    cy = sum(p[1] for p in pos.values()) / n
    sxx = sum((p[0] - cx) ** 2 for p in pos.values())
    syy = sum((p[1] - cy) ** 2 for p in pos.values())
    sxy = sum((p[0] - cx) * (p[1] - cy) for p in pos.values())
    angulo = 0.5 * math.atan2(2 * sxy, sxx - syy)  # la dirección de mayor varianza
    c, s = math.cos(-angulo), math.sin(-angulo)
    return {k: [(x - cx) * c - (y - cy) * s, (x - cx) * s + (y - cy) * c] for k, (x, y) in pos.items()}


def _al_rectangulo(pos: dict[str, list[float]], lado: float) -> dict[str, list[float]]:
    """Estira el dibujo (ya girado) a un rectángulo de proporción RELACION y el área de un cuadrado de `lado`."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    largo, corto = max(xs) - min(xs), max(ys) - min(ys)
    if largo <= 0:
        return pos
    sx = lado * math.sqrt(RELACION) / largo
    sy = min(sx, lado / math.sqrt(RELACION) / corto) if corto > 0 else sx
    return {k: [x * sx, y * sy] for k, (x, y) in pos.items()}


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


def _separar(red: nx.Graph, pos: dict[str, list[float]], nodos: list[str], vueltas: int = 800, *,
             a_lo_ancho: float = 1.0) -> None:
    """Empuja los pares de cajas encimadas hasta que ninguna se toque (determinista); con `a_lo_ancho` > 1, las aparta
    de lado aunque haya que moverlas más que hacia arriba o abajo (un dibujo más ancho que alto)."""
    medidas = {n: _medida(red.nodes[n].get("tamano", 12), red.nodes[n].get("etiqueta", "")) for n in nodos}

    def caja(n: str) -> tuple[float, float, float, float]:  # la de _caja, sin volver a leer el nodo
        medio, arriba, abajo = medidas[n]
        x, y = pos[n]
        return x - medio, y - arriba, x + medio, y + abajo

    for _ in range(vueltas):
        movido = False
        cajas = {n: caja(n) for n in nodos}
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
                if dx < dy * a_lo_ancho:
                    signo = 1 if pos[b][0] >= pos[a][0] else -1
                    pos[a][0] -= signo * dx / 2
                    pos[b][0] += signo * dx / 2
                else:
                    signo = 1 if pos[b][1] >= pos[a][1] else -1
                    pos[a][1] -= signo * dy / 2
                    pos[b][1] += signo * dy / 2
                cajas[a] = caja(a)
                cajas[b] = caja(b)
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
