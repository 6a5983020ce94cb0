"""Productos sobre el grafo mismo: sus tripletas, su validación, su resumen, su publicación, la plantilla, el
catálogo de consultas y la caché."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from grafo.dominio.productos import Catalogo, EstadoCache, Publicacion, Tripletas
from grafo.texto import cuantos

if TYPE_CHECKING:
    from grafo.dominio import resumen
    from grafo.paquete.plantilla import Plantilla
    from grafo.proyecto import Proyecto


def tripletas(p: Proyecto) -> Tripletas:
    """El grafo entero construido (ontología y datos), para escribirlo en ttl, nt o jsonld."""
    fuente = p.fuente
    return Tripletas(fuente.grafo, fuente.contar(), construido=True)


def resumir(p: Proyecto) -> resumen.Resumen:
    """Entidades por clase, acciones por eje e instituciones por tipo."""
    from grafo.dominio import resumen

    return resumen.armar(p.tablas(resumen.CONSULTAS_RESUMEN), version_datos=p.version(), tripletas=p.contar())


def publicar(p: Proyecto, endpoint: str, *, grafo_iri: str | None = None, tiempo_limite: float = 600.0,
             avance: Callable[[int, int], None] | None = None) -> Publicacion:
    """Reemplaza de una vez el grafo con nombre del servicio Graph Store `endpoint` por el de este proyecto.

    `avance(enviados, total)` se llama mientras viajan los bytes (para una barra de avance).
    """
    from grafo.motores import remoto
    from grafo.rdf import almacen

    remoto.revisar_url(endpoint)
    p.preparar(paquete=True)  # la revisión completa de las tablas antes de enviar nada
    iri = grafo_iri or remoto.GRAFO_PREDETERMINADO
    cuerpo = almacen.serializar(p.fuente.grafo, formato="nt")
    remoto.publicar(cuerpo, endpoint, grafo=iri, tiempo_limite=tiempo_limite,
                    avance=None if avance is None else (lambda enviados: avance(enviados, len(cuerpo))))
    return Publicacion(endpoint, iri, p.contar(), p.version())


def plantilla(p: Proyecto | None = None) -> Plantilla:
    """El libro de Excel para llenar los datos: vacío, o con las filas del paquete de `p`."""
    from grafo.paquete.plantilla import armar_plantilla

    return armar_plantilla(None if p is None else p.tablas_del_paquete())


def catalogo() -> Catalogo:
    """Todas las consultas con nombre incluidas."""
    from grafo import consultas

    return Catalogo(tuple((c.nombre, c.titulo, c.descripcion, c.describir_parametros())
                          for c in map(consultas.cargar, consultas.listar())))


def estado_cache() -> EstadoCache:
    """Las entradas de la caché: clave, versión de los datos, tripletas, tamaño y último uso."""
    from grafo.motores import cache

    return EstadoCache(cache.carpeta(), tuple(cache.listar()), cache.GUARDADOS)


def borrar_cache() -> str:
    """Borra las entradas de la caché (solo las de grafo) y dice cuántas y cuánto ocupaban."""
    from grafo.motores import cache

    borradas, tamano = cache.borrar()
    return f"Caché borrada: {cuantos(borradas, 'entrada')} ({tamano / 2**20:.1f} MiB) en {cache.carpeta()}."
