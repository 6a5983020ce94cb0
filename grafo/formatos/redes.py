"""Las redes para Gephi y Cytoscape: GEXF y GraphML escritos con networkx, con etiquetas, atributos y posiciones.

La red de coordinación de `grafo analizar` lleva por institución su nombre, tipo, comunidad, PageRank,
grado e intermediación; la de un mapa, la clase de cada nodo y sus datos. Las posiciones son las del
mapa (semilla fija): Gephi abre el dibujo tal como grafo lo dispuso.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from grafo.dominio.mapa import Mapa
from grafo.dominio.productos import Medidas
from grafo.formatos import renderizador
from grafo.texto import sin_controles

# Los atributos de un nodo del mapa que viajan (los de lista, unidos con «;»).
ATRIBUTOS_MAPA = ("clase", "ident", "nombre", "tipo", "ejes", "periodos", "temas", "eje_principal", "pmm_principal",
                  "grupo", "brecha", "traslape", "pagerank", "comunidad", "tamano")


def _escalar(valor: Any) -> str | int | float | bool:
    """GEXF y GraphML admiten texto, números y booleanos: una lista va unida con «;»."""
    if isinstance(valor, (list, tuple, set)):
        return ";".join(sin_controles(str(v)) for v in valor)
    if isinstance(valor, (bool, int, float)):
        return valor
    return sin_controles("" if valor is None else str(valor))


def _red_de_medidas(producto: Medidas) -> nx.Graph:
    from grafo.dominio.disposicion import disponer

    medidas = {f["institucion"]: f for f in producto.medido.medidas.to_dict(orient="records")}
    red = nx.Graph()
    base = producto.red if producto.red is not None else nx.Graph()
    for nodo in sorted(base.nodes):
        f = medidas.get(nodo, {})
        red.add_node(nodo, label=_escalar(f.get("nombre") or nodo), sigla=nodo,
                     **{k: _escalar(f[k]) for k in ("grado", "vinculos", "intermediacion", "pagerank", "comunidad",
                                                     "articulacion") if k in f},
                     tipo=_escalar(base.nodes[nodo].get("tipo", "")))
    for a, b, datos in sorted(base.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
        red.add_edge(a, b, weight=float(datos.get("peso", 1)))
    return _con_posiciones(red, disponer(red))


def _red_de_mapa(mapa: Mapa) -> nx.Graph:
    red = nx.Graph()
    for nodo, datos in sorted(mapa.red.nodes(data=True)):
        red.add_node(nodo, label=_escalar(datos.get("etiqueta", nodo)).replace("\n", " "),
                     **{k: _escalar(datos[k]) for k in ATRIBUTOS_MAPA if k in datos})
    for a, b, datos in sorted(mapa.red.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
        red.add_edge(a, b, weight=float(datos.get("peso", 1)), tipo=_escalar(datos.get("tipo", "")),
                     detalle=_escalar(datos.get("detalle", "")))
    return _con_posiciones(red, mapa.posiciones)


def _con_posiciones(red: nx.Graph, posiciones: dict[str, tuple[int, int]]) -> nx.Graph:
    for nodo, (x, y) in posiciones.items():
        if nodo in red:
            # GEXF guarda la posición en viz; GraphML, como dos atributos. y hacia arriba, como en Gephi.
            red.nodes[nodo]["viz"] = {"position": {"x": float(x), "y": float(-y), "z": 0.0}}
            red.nodes[nodo]["x"], red.nodes[nodo]["y"] = float(x), float(-y)
    return red


def _gexf(red: nx.Graph) -> bytes:
    salida = io.BytesIO()
    nx.write_gexf(red, salida, version="1.2draft")
    return salida.getvalue()


def _graphml(red: nx.Graph) -> bytes:
    copia = red.copy()
    for _n, datos in copia.nodes(data=True):
        datos.pop("viz", None)  # GraphML no tiene dónde poner un diccionario: ya van x e y
    salida = io.BytesIO()
    nx.write_graphml(copia, salida)
    return salida.getvalue()


@renderizador(Medidas, "gexf")
def medidas_gexf(producto: Medidas) -> bytes:
    """La red de coordinación en GEXF (Gephi)."""
    return _gexf(_red_de_medidas(producto))


@renderizador(Medidas, "graphml")
def medidas_graphml(producto: Medidas) -> bytes:
    """La red de coordinación en GraphML (Cytoscape, yEd, Gephi)."""
    return _graphml(_red_de_medidas(producto))


@renderizador(Mapa, "gexf")
def mapa_gexf(mapa: Mapa) -> bytes:
    """La red del mapa en GEXF, con las posiciones del mapa."""
    return _gexf(_red_de_mapa(mapa))


@renderizador(Mapa, "graphml")
def mapa_graphml(mapa: Mapa) -> bytes:
    """La red del mapa en GraphML, con las posiciones del mapa."""
    return _graphml(_red_de_mapa(mapa))
