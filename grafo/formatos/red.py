"""Renderizadores de la red de coordinación: medidas, rutas y comunidades."""

from __future__ import annotations

import json
from typing import Any

from grafo.dominio import analisis
from grafo.dominio.productos import Bloques, Medidas, Rutas
from grafo.formatos import Contenido, renderizador
from grafo.formatos.tabular import a_csv, a_json, a_json_objeto
from grafo.formatos.terminal import mostrar_tabla
from grafo.texto import cuantos, si_no

LEYENDA_MEDIDAS = (
    "grado: instituciones vecinas · vinculos: acciones y temas compartidos · intermediacion: parte "
    "de los caminos más cortos que pasan por ella · pagerank: centralidad por vínculos con instituciones "
    "centrales · comunidad: bloque (Louvain), con el nombre de su institución más central · "
    "articulacion: sin ella, la red se parte.")


def _nota(producto: Medidas) -> str:
    return f"Intermediación {producto.medido.calculo.texto()}."


@renderizador(Medidas, "tabla", terminal=True, en_archivo="csv")
def medidas_terminal(producto: Medidas, consola: Any) -> None:
    tabla = producto.medido.medidas
    vista = tabla.assign(articulacion=tabla["articulacion"].map(lambda v: si_no(bool(v))))
    mostrar_tabla(consola, f"Red de coordinación: {cuantos(producto.instituciones, 'institución', 'instituciones')}, "
                           f"{cuantos(producto.pares, 'par vinculado', 'pares vinculados')}", vista)
    consola.print(f"{_nota(producto)} {LEYENDA_MEDIDAS}", highlight=False)


@renderizador(Medidas, "csv")
def medidas_csv(producto: Medidas, *, separador: str = ",") -> Contenido:
    return Contenido(a_csv(producto.medido.medidas, separador=separador),
                     "" if producto.medido.calculo.exacta else _nota(producto))


@renderizador(Medidas, "json")
def medidas_json(producto: Medidas) -> str:
    calculo = producto.medido.calculo
    return a_json_objeto({"intermediacion": {"exacta": calculo.exacta, "detalle": calculo.texto()},
                          "instituciones": json.loads(a_json(producto.medido.medidas))})


@renderizador(Rutas, "texto", legible=True)
def rutas_texto(producto: Rutas) -> str:
    return analisis.texto_ruta(producto.red, producto.origen, producto.destino, producto.caminos, producto.contexto,
                               total=producto.total)


@renderizador(Rutas, "json")
def rutas_json(producto: Rutas) -> str:
    # «conectadas» distingue «no hay ruta» de «es la misma institución» (las dos sin rutas).
    misma = producto.origen == producto.destino
    return a_json_objeto({"origen": producto.origen, "destino": producto.destino, "misma_institucion": misma,
                          "conectadas": misma or bool(producto.caminos),
                          "rutas": analisis.json_ruta(producto.red, producto.caminos, producto.contexto)})


@renderizador(Bloques, "texto", legible=True)
def bloques_texto(producto: Bloques) -> str:
    return analisis.texto_comunidades(producto.bloques, producto.sueltas, producto.contexto)


@renderizador(Bloques, "csv")
def bloques_csv(producto: Bloques, *, separador: str = ",") -> str:
    return a_csv(analisis.tabla_comunidades(producto.bloques), separador=separador)


@renderizador(Bloques, "json")
def bloques_json(producto: Bloques) -> str:
    return a_json(analisis.tabla_comunidades(producto.bloques))
