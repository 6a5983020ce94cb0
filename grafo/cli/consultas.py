"""Órdenes de consulta: la lista, las consultas con nombre, SPARQL libre y los informes de brechas, traslapes y
marcos internacionales."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from grafo.cli.comun import (
    abrir,
    leer_parametros,
    opcion_datos,
    opcion_papel,
    opcion_salida,
    opcion_separador,
    opciones_servidor,
    orden,
)
from grafo.cli.salida import emitir
from grafo.clases import BUSCABLES
from grafo.marcos import MARCOS


@orden("consultas")
def comando_consultas() -> None:
    """Lista las consultas con nombre, con su título y sus parámetros.

    \b
    Ejemplo:
        grafo consultas
    """
    from grafo import productos

    emitir(productos.catalogo(), "texto")


@orden("buscar")
@opcion_separador
@click.argument("texto")
@click.option("--tipo", "tipos", multiple=True, metavar="CLASE",
              type=click.Choice([c.clave for c in BUSCABLES]),
              help=f"Busca solo en esta clase de entidad (se repite): {', '.join(c.clave for c in BUSCABLES)}.")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal, o CSV/JSON para programas.")
@opcion_salida
@opciones_servidor
def comando_buscar(texto: str, tipos: tuple[str, ...], datos: Path, formato: str, salida: Path | None,
                   endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Busca un texto en nombres, mandatos, acciones, temas, reuniones y acuerdos, sin tildes ni
    mayúsculas.

    Da el tipo y el id de cada entidad que lo contiene (con todas las palabras, en cualquier
    orden), para usarlo después en las demás órdenes sin saber los ids de memoria.

    \b
    Ejemplo:
        grafo buscar "migración"
        grafo buscar retornados --tipo accion
        grafo buscar atitlan --formato csv
    """
    if not texto.strip():
        raise click.BadParameter("escriba al menos una palabra para buscar.", param_hint="TEXTO")
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite, pocas_consultas=True)
    emitir(proyecto.buscar(texto, clases=tipos), formato, salida)


@orden("consultar")
@opcion_separador
@click.argument("nombre")
@click.option("-p", "--parametro", "parametros", multiple=True, metavar="CLAVE=VALOR",
              help="Valor de un parámetro de la consulta (un id); se repite, y una lista va con comas.")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal, o CSV/JSON limpios para programas.")
@opcion_salida
@opciones_servidor
def comando_consultar(nombre: str, parametros: tuple[str, ...], datos: Path, formato: str, salida: Path | None,
                      endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Ejecuta una consulta con nombre (vea «grafo consultas») sobre el grafo de los datos.

    Los parámetros son ids de los datos; un id desconocido se informa con los parecidos.

    \b
    Ejemplo:
        grafo consultar acciones-sin-mandato --formato json
        grafo consultar fundamentos -p instituciones=AMSCLAE,SECCATID,CTPT
        grafo consultar acciones-sin-mandato --endpoint http://HOST:8890/sparql
    """
    from grafo import consultas

    consultas.cargar(nombre)  # un nombre desconocido se informa antes de construir el grafo
    valores = leer_parametros(parametros)
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite, pocas_consultas=True)
    emitir(proyecto.consulta(nombre, **valores), formato, salida)


@orden("sparql")
@opcion_separador
@click.argument("archivo", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-e", "--expresion", default=None, metavar="TEXTO", help="La consulta SPARQL escrita en la línea de órdenes.")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json", "ttl", "nt"]), default=None,
              help="SELECT y ASK: tabla, csv o json (tabla por defecto); CONSTRUCT y DESCRIBE: ttl o nt (ttl por defecto).")
@opcion_salida
@opciones_servidor
def comando_sparql(archivo: Path | None, expresion: str | None, datos: Path, formato: str | None,
                   salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Ejecuta una consulta SPARQL libre (SELECT, ASK, CONSTRUCT, DESCRIBE) de solo lectura.

    Las actualizaciones (INSERT, DELETE, DROP…), LOAD y SERVICE se rechazan.

    \b
    Ejemplo:
        grafo sparql -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        grafo sparql mi-consulta.rq --formato csv
    """
    from grafo import consultas

    if (archivo is None) == (expresion is None):
        raise click.UsageError("Indique la consulta con un ARCHIVO.rq o con -e 'SELECT …', una de las dos.")
    from grafo.archivos import leer_texto

    texto = leer_texto(archivo, "la consulta") if archivo is not None else str(expresion)
    texto = consultas.revisar_libre(texto, tiempo_limite)  # antes de construir el grafo: un rechazo no la espera
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite, pocas_consultas=True)
    emitir(proyecto.sparql(texto, revisada=True), formato, salida)


def opciones_informe(funcion: Any) -> Any:
    """--salida, --formato de informe (texto, markdown, json, html, docx, pdf), --papel, --datos y el servidor."""
    funcion = click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
                           help="Escribe el informe en este archivo; el formato sale de su extensión (.docx, .html, "
                                ".pdf, .md, .json) si no se da --formato.")(funcion)
    funcion = click.option("--formato", type=click.Choice(["texto", "markdown", "json", "html", "docx", "pdf"]),
                           default=None, help="texto en la terminal [predeterminado]; markdown; json; html (una "
                                              "página sola para imprimir); docx (Word, editable); pdf (por "
                                              "LibreOffice).")(funcion)
    return opciones_servidor(opcion_datos(opcion_papel(funcion)))


@orden("brechas")
@opciones_informe
def comando_brechas(datos: Path, formato: str, salida: Path | None, endpoint: str | None, grafo_iri: str | None,
                    tiempo_limite: float) -> None:
    """Informe de brechas: acciones sin responsable o sin mandato, mandatos e instituciones sin acción.

    Cada fila cita el instrumento y el artículo; cada sección dice cuántos casos hay.

    \b
    Ejemplo:
        grafo brechas --formato markdown --salida salidas/brechas.md
        grafo brechas --salida salidas/brechas.docx
    """
    from grafo import productos

    emitir(productos.brechas(abrir(datos, endpoint, grafo_iri, tiempo_limite)), formato, salida)


@orden("traslapes")
@opciones_informe
def comando_traslapes(datos: Path, formato: str, salida: Path | None, endpoint: str | None,
                      grafo_iri: str | None, tiempo_limite: float) -> None:
    """Informe de traslapes: temas con mandatos de varias instituciones, acciones con varios responsables.

    \b
    Ejemplo:
        grafo traslapes --formato markdown --salida salidas/traslapes.md
        grafo traslapes --salida salidas/traslapes.html
    """
    from grafo import productos

    emitir(productos.traslapes(abrir(datos, endpoint, grafo_iri, tiempo_limite)), formato, salida)


@orden("marcos")
@click.option("--marco", type=click.Choice(list(MARCOS)), default="pmm", show_default=True,
              help="pmm: los 23 objetivos del Pacto Mundial para la Migración; ods: los objetivos y metas de "
                   "desarrollo sostenible.")
@opciones_informe
def comando_marcos(marco: str, datos: Path, formato: str, salida: Path | None, endpoint: str | None,
                   grafo_iri: str | None, tiempo_limite: float) -> None:
    """La Política ante el Pacto Mundial para la Migración o los ODS: qué objetivos alcanza y cuáles no.

    Por objetivo: las acciones alineadas (tabla alineaciones), sus responsables, los
    mandatos con artículo, cómo va cada acción y sus acuerdos; los objetivos sin acción y
    los que solo alcanzan propuestas. Cada alineación dice si la declara una fuente.

    \b
    Ejemplo:
        grafo marcos --salida salidas/marcos-pmm.docx
        grafo marcos --marco ods --formato markdown
    """
    from grafo import productos

    emitir(productos.marcos(abrir(datos, endpoint, grafo_iri, tiempo_limite), marco=marco), formato, salida)


ORDENES = (comando_buscar, comando_consultas, comando_consultar, comando_sparql, comando_brechas, comando_traslapes,
           comando_marcos)
