"""Órdenes sobre el grafo mismo: construir, validar, resumen y publicar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    comprobar_url,
    consola_error,
    opcion_datos,
    opciones_servidor,
    orden,
    preparar,
    progreso,
)
from grafo.cli.salida import emitir


@orden("construir")
@opcion_datos
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo de salida [predeterminado: salidas/grafo.<formato>].")
@click.option("--formato", type=click.Choice(["ttl", "nt", "jsonld"]), default=None,
              help="Formato RDF; si falta, se deduce de la extensión de --salida (ttl si no hay).")
def comando_construir(datos: Path, salida: Path | None, formato: str | None) -> None:
    """Construye el grafo desde los datos y lo escribe (por defecto en salidas/grafo.ttl).

    Revisa todo el paquete antes de escribir: ante cualquier problema no escribe nada y
    una salida anterior queda intacta.

    \b
    Ejemplo:
        grafo construir --datos datos --formato nt
    """
    from grafo import formatos, productos

    proyecto = preparar(abrir(datos), paquete=True)  # revisa todo el paquete, aunque el almacén esté en la caché
    emitir(productos.tripletas(proyecto), formato,
           salida if salida is not None else RUTA_SALIDAS / f"grafo{formatos.extension(formato or 'ttl')}")


@orden("validar")
@opcion_datos
@click.option("--archivo", "archivo_grafo", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="Valida un grafo ya escrito (ttl, nt, jsonld) en vez de construirlo desde --datos.")
@click.option("--formato", type=click.Choice(["texto", "json"]), default="texto", show_default=True,
              help="Informe legible o JSON para programas.")
@click.option("--motor", type=click.Choice(["auto", "sparql", "pyshacl"]), default="auto", show_default=True,
              help="sparql: las formas compiladas a consultas sobre Oxigraph (rápido); pyshacl: la referencia, "
                   "más lenta; auto: sparql si las formas lo permiten. Los resultados son los mismos.")
@opciones_servidor
def comando_validar(datos: Path, archivo_grafo: Path | None, formato: str, motor: str, endpoint: str | None,
                    grafo_iri: str | None, tiempo_limite: float) -> None:
    """Valida el grafo con las formas SHACL y dice archivo, fila y columna de cada problema.

    Sale con código 1 si hay errores; las advertencias (por ejemplo, artículos sin
    verificar [NV]) se muestran pero no hacen fallar la validación. Con --endpoint valida
    el grafo del servidor (lo trae entero).

    \b
    Ejemplo:
        grafo validar --datos datos
        grafo validar --archivo salidas/grafo.ttl --formato json
        grafo validar --datos datos --motor pyshacl
    """
    import grafo

    if grafo_iri is not None and endpoint is None:
        raise click.UsageError("--grafo nombra el grafo de un servidor (con --endpoint); para validar un grafo "
                               "escrito en un archivo use --archivo RUTA.")
    proyecto = (grafo.abrir(archivo=archivo_grafo) if archivo_grafo is not None
                else abrir(datos, endpoint, grafo_iri, tiempo_limite))
    with progreso("Validando con SHACL"):
        informe = proyecto.validar(motor=motor)
    emitir(informe, formato)
    if not informe.conforme:
        sys.exit(1)


@orden("resumen")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal o JSON para programas.")
@opciones_servidor
def comando_resumen(datos: Path, formato: str, endpoint: str | None, grafo_iri: str | None,
                    tiempo_limite: float) -> None:
    """Cuenta entidades por clase, acciones por eje e instituciones por tipo.

    \b
    Ejemplo:
        grafo resumen --datos datos --formato json
    """
    from grafo import productos

    emitir(productos.resumir(abrir(datos, endpoint, grafo_iri, tiempo_limite)), formato)


@orden("publicar")
@opcion_datos
@click.option("--endpoint", required=True, metavar="URL", envvar="GRAFO_ENDPOINT_ALMACEN",
              help="Servicio Graph Store del servidor: Virtuoso http://HOST:8890/sparql-graph-crud-auth, "
                   "Fuseki http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, "
                   "Oxigraph server http://HOST:7878/store.")
@click.option("--grafo", "grafo_iri", default=None, metavar="IRI", envvar="GRAFO_GRAFO",
              help="Grafo con nombre que se reemplaza [predeterminado: https://w3id.org/grafo-gt/id/conjunto].")
@click.option("--tiempo-limite", type=click.FloatRange(min=1), default=600.0, show_default=True, metavar="SEGUNDOS",
              help="Cuánto esperar a que el servidor termine de cargar.")
def comando_publicar(datos: Path, endpoint: str, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Publica el grafo de los datos en un servidor SPARQL: reemplaza de una vez su grafo con nombre.

    Usa el Graph Store Protocol (un PUT): quien consulta el servidor ve el grafo anterior o el
    nuevo, nunca uno a medias. Usuario y clave se leen de GRAFO_USUARIO y GRAFO_CLAVE, nunca de
    la línea de órdenes. Después, las órdenes de consulta aceptan --endpoint con la dirección
    SPARQL del servidor.

    \b
    Ejemplo:
        export GRAFO_USUARIO=dba GRAFO_CLAVE=…
        grafo publicar --endpoint http://localhost:8890/sparql-graph-crud-auth
        grafo brechas --endpoint http://localhost:8890/sparql
    """
    from grafo import productos

    comprobar_url(endpoint)
    proyecto = preparar(abrir(datos), paquete=True)
    if not sys.stderr.isatty():
        publicado = productos.publicar(proyecto, endpoint, grafo_iri=grafo_iri, tiempo_limite=tiempo_limite)
    else:
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        columnas = (TextColumn(f"Enviando a {endpoint}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
        with Progress(*columnas, console=consola_error(), transient=True) as barra:
            tarea = barra.add_task("publicar", total=None)
            publicado = productos.publicar(proyecto, endpoint, grafo_iri=grafo_iri, tiempo_limite=tiempo_limite,
                                           avance=lambda hechos, total: barra.update(tarea, completed=hechos,
                                                                                     total=total))
    click.echo(str(publicado), err=True)


@orden("plantilla")
@click.option("--datos", type=click.Path(path_type=Path), default=None, envvar="GRAFO_PLANTILLA_DATOS",
              help="Llena la plantilla con las filas de estos datos (carpeta de CSV o libro .xlsx); sin ella, va vacía.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=RUTA_SALIDAS / "plantilla.xlsx",
              show_default=True, help="El libro que se escribe (.xlsx).")
def comando_plantilla(datos: Path | None, salida: Path) -> None:
    """Escribe el libro de Excel para llenar los datos: instrucciones y una hoja por tabla.

    Cada encabezado lleva un comentario con lo que va en la columna; las listas cerradas y los
    ids de otras hojas (responsables → instituciones) traen lista desplegable. Con --datos, la
    plantilla trae las filas de esos datos: edítela en Excel y constrúyala con
    grafo construir --datos LIBRO.xlsx, que da el mismo grafo.

    \b
    Ejemplo:
        grafo plantilla --salida plantilla.xlsx
        grafo plantilla --datos datos --salida datos.xlsx
    """
    from grafo import formatos, productos

    if formatos.por_extension(salida) != "xlsx":
        raise click.BadParameter(f"la plantilla es un libro de Excel: use un nombre que termine en .xlsx, "
                                 f"no «{salida.name}».", param_hint="--salida")
    proyecto = None
    if datos is not None:
        proyecto = abrir(datos)
        with progreso(f"Leyendo {datos}"):
            proyecto.tablas_del_paquete()
    emitir(productos.plantilla(proyecto), "xlsx", salida)


@orden("cache")
@click.option("--borrar", is_flag=True, help="Borra todos los almacenes guardados (se vuelven a armar al usarse).")
def comando_cache(borrar: bool) -> None:
    """Muestra dónde está la caché de almacenes y qué guarda, o la borra.

    Cada orden guarda el grafo que construye (sus N-Triples, con la clave de los archivos de datos y
    del código); la siguiente orden sobre los mismos archivos lo carga en vez de construirlo. Para un
    grafo de más de 200.000 tripletas, la primera consulta arma además un Oxigraph en disco que
    consultar, sparql y buscar abren al instante. La carpeta es GRAFO_CACHE o la caché del usuario;
    --sin-cache (o GRAFO_SIN_CACHE=1) en cualquier orden la evita. Solo se borran carpetas de grafo.

    \b
    Ejemplo:
        grafo cache
        grafo cache --borrar
    """
    from grafo import productos

    if borrar:
        click.echo(productos.borrar_cache(), err=True)
        return
    emitir(productos.estado_cache(), "texto")


ORDENES = (comando_construir, comando_validar, comando_resumen, comando_publicar, comando_plantilla, comando_cache)
