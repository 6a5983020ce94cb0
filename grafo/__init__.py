"""grafo: grafo de conocimiento de mandatos institucionales y vínculos de la Política Migratoria.

Desde Python, una sola entrada, como el `Database(path)` de sqlite-utils:

    import grafo
    from grafo import productos

    p = grafo.abrir("datos")                     # una carpeta de CSV o un libro .xlsx
    p.consulta("acciones-sin-responsable")       # una consulta con nombre (grafo consultas las lista)
    productos.brechas(p)                         # cada producto, una función que recibe el proyecto

La CLI, las pruebas y el explorador usan la misma.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from grafo.motores.traza import Traza
    from grafo.proyecto import Proyecto

__all__ = ["Proyecto", "abrir"]


def abrir(datos: str | os.PathLike[str] | None = None, *, archivo: str | os.PathLike[str] | None = None,
          endpoint: str | None = None, grafo_iri: str | None = None, tiempo_limite: float | None = 60.0,
          cache: bool = True, pocas_consultas: bool = False, traza: Traza | None = None,
          avisar: Callable[[str], None] | None = None) -> Proyecto:
    """Abre una fuente de grafo, una de tres: `datos` (carpeta de CSV o libro .xlsx), `archivo` (un grafo ya
    escrito: ttl, nt o jsonld) o `endpoint` (un servidor SPARQL 1.1, con `grafo_iri` si no es el de
    `grafo publicar`).

    Nada se lee hasta la primera consulta. `tiempo_limite`: segundos por consulta (None: sin límite).
    `cache`: usar la caché de almacenes (también la apaga GRAFO_SIN_CACHE=1). `pocas_consultas`: sobre un
    grafo grande, abrir el almacén en disco de la caché (rápido para una o dos consultas). `traza`: recibe
    `(texto, milisegundos)` de cada consulta enviada (sin ella, GRAFO_TRAZA=1 las escribe en stderr).
    `avisar`: recibe cada aviso de la lectura (también quedan en `Proyecto.avisos`).

    Ejemplo:
        p = grafo.abrir("datos")
        len(p.consulta("acciones-sin-responsable"))
    """
    from grafo.motores.traza import del_entorno
    from grafo.proyecto import Origen, Proyecto

    dados = [n for n, v in (("datos", datos), ("archivo", archivo), ("endpoint", endpoint)) if v is not None]
    if len(dados) != 1:
        raise TypeError(f"grafo.abrir necesita una sola fuente (datos, archivo o endpoint); recibió "
                        f"{', '.join(dados) or 'ninguna'}")
    origen = Origen(datos=None if datos is None else Path(datos), archivo=None if archivo is None else Path(archivo),
                    endpoint=endpoint, grafo_iri=grafo_iri)
    return Proyecto(origen, tiempo_limite=tiempo_limite, cache=cache, pocas_consultas=pocas_consultas,
                    traza=traza if traza is not None else del_entorno(), avisar=avisar)


def __getattr__(nombre: str) -> Any:
    if nombre == "Proyecto":
        from grafo.proyecto import Proyecto

        return Proyecto
    # La versión se lee al pedirla: importlib.metadata cuesta 33 ms en cada arranque de la CLI.
    if nombre != "__version__":
        raise AttributeError(nombre)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("grafo")
    except PackageNotFoundError:  # ejecutado desde el código fuente sin instalar
        return "0.0.0"
