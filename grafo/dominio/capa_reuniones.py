"""La capa de reuniones del mapa (`grafo mapa --vista reuniones`): quién se reunió sobre qué acciones.

Cada reunión es un nodo unido a las instituciones que participaron (o convocaron) y a las acciones
que trató; `--desde` y `--hasta` recortan por fecha. Puro, como el resto del modelo del mapa.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from grafo.dominio.nodos import Indice, Nodo, nodo_accion, nodo_id
from grafo.dominio.tablas import registros
from grafo.texto import titulo_corto


def reuniones_del_filtro(ind: Indice) -> list[dict[str, Any]]:
    """Las reuniones dentro de las fechas pedidas, de la más antigua a la más reciente."""
    tabla = ind.tablas.get("reuniones")
    if tabla is None:
        return []
    desde, hasta = ind.filtro.desde, ind.filtro.hasta
    elegidas = [r for r in registros(tabla)
                if (desde is None or str(r["fecha"])[:10] >= desde) and (hasta is None or str(r["fecha"])[:10] <= hasta)]
    return sorted(elegidas, key=lambda r: (str(r["fecha"]), r["reunion"]))


def nodo_reunion(ind: Indice, r: dict[str, Any]) -> Nodo:
    """Una reunión: fecha, título, quién convoca, participantes, acciones tratadas y memoria."""
    fecha = str(r["fecha"])[:10]
    lineas = [f"Reunión {r['reunion']} · {fecha}", r["titulo"],
              "Convoca: " + (r["convoca"] or "no registrado") + (f" · {r['modalidad']}" if r["modalidad"] else ""),
              "Participantes: " + (", ".join(r["participantes"]) or "no registrados"),
              "Acciones tratadas: " + (", ".join(r["acciones"]) or "no registradas"),
              "Memoria: " + (r["memoria"] or "no registrada")]
    acciones = [ind.acciones[a] for a in r["acciones"] if a in ind.acciones]
    cuantas = sorted({a["eje"] for a in acciones if a["eje"]})
    return Nodo(clase="reunion", ident=r["reunion"], etiqueta=f"{fecha} · {titulo_corto(r['titulo'])}",
                nombre=r["titulo"], tipo="", titulo="\n".join(lineas), ejes=cuantas,
                eje_principal=cuantas[0] if cuantas else "", periodos=[fecha[:4]],
                temas=ind.temas_de(sorted({t for a in acciones for t in a["temas"]})), brecha="", traslape="")


def agregar_reuniones(red: nx.Graph, ind: Indice, arista: Any) -> None:
    """Las reuniones, las acciones que trataron y sus aristas (participa, convoca, tratada).

    Con un recorte de acciones (--eje, --tema, --periodo) quedan solo las reuniones que trataron alguna de las
    acciones que pasan el recorte.
    """
    recorta = bool(ind.filtro.eje or ind.filtro.tema or ind.filtro.periodo)
    for r in reuniones_del_filtro(ind):
        if recorta and not any(a in ind.acciones for a in r["acciones"]):
            continue
        nodo = nodo_id("reunion", r["reunion"])
        red.add_node(nodo, **nodo_reunion(ind, r))
        if r["convoca"] and r["convoca"] in ind.instituciones:
            arista(red, nodo_id("institucion", r["convoca"]), nodo, "convoca", f"{r['convoca']} convocó {r['reunion']}")
        for i in r["participantes"]:
            if i in ind.instituciones and i != r["convoca"]:
                arista(red, nodo_id("institucion", i), nodo, "participa", f"{i} participó en {r['reunion']}")
        for a in r["acciones"]:
            if a in ind.acciones:
                red.add_node(nodo_id("accion", a), **nodo_accion(ind, a))
                arista(red, nodo, nodo_id("accion", a), "tratada", f"{r['reunion']} trató {a}")
    red.remove_nodes_from([n for n, d in red.nodes(data=True) if d["clase"] == "institucion" and red.degree(n) == 0])
