"""Renderizadores de lo que la CLI dice sobre sí misma: el catálogo de consultas y el estado de la caché.

Aparte de `datos` porque no tocan el grafo: `grafo consultas` y `grafo cache` no cargan pandas ni rdflib.
"""

from __future__ import annotations

from grafo.dominio.productos import Catalogo, EstadoCache
from grafo.formatos import renderizador
from grafo.formatos.tabular import a_json_objeto
from grafo.texto import cuantos


@renderizador(Catalogo, "texto", legible=True)
def catalogo_texto(producto: Catalogo) -> str:
    return "\n".join(linea for nombre, titulo, descripcion, parametros in producto.consultas
                     for linea in (nombre, f"    {titulo}. {descripcion}", f"    parámetros: {parametros}"))


@renderizador(Catalogo, "json")
def catalogo_json(producto: Catalogo) -> str:
    return a_json_objeto([{"nombre": n, "titulo": t, "descripcion": d, "parametros": p}
                          for n, t, d, p in producto.consultas])


@renderizador(EstadoCache, "texto")
def cache_texto(producto: EstadoCache) -> str:
    guardados = cuantos(len(producto.entradas), "almacén guardado", "almacenes guardados")
    lineas = [f"Caché de almacenes: {producto.carpeta} ({guardados}; se guardan los últimos {producto.guardados})."]
    lineas += [f"  {e['clave']}  datos {e['version_datos']}  {e['tripletas']} tripletas  {e['mib']} MiB  usado {e['usado']}"
               for e in producto.entradas]
    return "\n".join(lineas)
