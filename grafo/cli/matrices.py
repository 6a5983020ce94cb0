"""Órdenes de matrices para reuniones y de priorización de municipios."""

from __future__ import annotations

from pathlib import Path

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    lista_de_ids,
    opcion_datos,
    opcion_papel,
    opcion_salida,
    opcion_separador,
    opciones_servidor,
    orden,
    progreso,
)
from grafo.cli.salida import emitir
from grafo.formatos import extension
from grafo.productos import TIPOS_MATRIZ


@orden("matriz")
@opcion_separador
@click.argument("tipo", type=click.Choice(TIPOS_MATRIZ), default="todas", metavar="[TIPO]")
@opcion_datos
@click.option("--instituciones", default=None, metavar="ID,ID,…",
              help="Instituciones de la matriz de fundamentos (por ejemplo AMSCLAE,SECCATID,CTPT).")
@click.option("--pesos", default=None, metavar="CRITERIO=PESO,…", help="Pesos para la hoja de priorización.")
@click.option("--formato", type=click.Choice(["xlsx", "pdf", "csv"]), default="xlsx", show_default=True,
              help="Libro con formato (todas las matrices pedidas), el libro impreso a PDF (por LibreOffice) o CSV "
                   "(una matriz); si no se da, la extensión de --salida.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo de salida [predeterminado: salidas/matrices.xlsx o .pdf; CSV a la salida estándar].")
@opcion_papel
@opciones_servidor
def comando_matriz(tipo: str, datos: Path, instituciones: str | None, pesos: str | None, formato: str,
                   salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe las matrices para reuniones: responsabilidades, mandatos, fundamentos y priorización.

    TIPO: todas [predeterminado], responsabilidades, mandatos, fundamentos, priorizacion, red,
    seguimiento o pmm (objetivos del Pacto Mundial para la Migración × instituciones).

    El libro trae una hoja por matriz, una hoja «Leyenda» y una hoja «Fuentes»; listo para
    imprimir. «todas» incluye fundamentos si se dan --instituciones, priorización si el
    paquete tiene municipios y criterios, la hoja «Red» con las medidas de «grafo analizar» y,
    si hay reuniones, la hoja «Seguimiento» con los acuerdos y su estado a la fecha de hoy, y,
    si hay alineaciones con el Pacto Mundial, la hoja «Pacto Mundial».

    \b
    Ejemplo:
        grafo matriz --instituciones AMSCLAE,SECCATID,CTPT
        grafo matriz responsabilidades --formato csv > responsabilidades.csv
        grafo matriz --salida matrices.pdf --papel oficio
    """
    from grafo import productos

    # Validación de uso, antes de construir nada (si no, a 1.700 instituciones se sabía tras 70 s).
    if formato == "csv" and tipo == "todas":  # uso, no despacho
        raise click.UsageError("Con --formato csv, elija una matriz: responsabilidades, mandatos, fundamentos, "
                               "priorizacion, red o seguimiento.")
    ids = lista_de_ids(instituciones, "--instituciones")
    if tipo == "fundamentos" and not instituciones:
        raise click.UsageError("La matriz de fundamentos necesita --instituciones ID,ID,… (por ejemplo AMSCLAE,SECCATID).")
    if endpoint is not None and tipo == "priorizacion":
        raise click.UsageError("La priorización se calcula con las tablas municipios y criterios del paquete: "
                               "use --datos en vez de --endpoint.")
    # La de fundamentos sola parte de las instituciones pedidas: pocas consultas (un grafo grande, abierto en disco).
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite, pocas_consultas=tipo == "fundamentos")
    with progreso("Armando las matrices"):
        libro = productos.armar_matrices(proyecto, tipo=tipo, instituciones=ids, pesos=pesos)
    emitir(libro, formato, salida, binario_en=RUTA_SALIDAS / f"matrices{extension(formato or 'xlsx')}")


@orden("priorizar")
@opcion_separador
@opcion_datos
@click.option("--pesos", default=None, metavar="CRITERIO=PESO,…",
              help="Otros pesos para probar, por columna o nombre del criterio (los demás quedan como en la tabla).")
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible, o CSV/JSON para programas.")
@click.option("--primeros", type=click.IntRange(1), default=None, help="Mostrar solo los N primeros.")
@opcion_salida
def comando_priorizar(datos: Path, pesos: str | None, formato: str, primeros: int | None, salida: Path | None) -> None:
    """Ordena los municipios para Oficinas Municipales de Migración según la tabla de criterios.

    Cada criterio se normaliza entre 0 y 1 (mín–máx); un dato faltante aporta 0; el puntaje es
    la suma ponderada; los empates se rompen por código. Muestra el aporte de cada criterio.

    \b
    Ejemplo:
        grafo priorizar --primeros 20
        grafo priorizar --pesos deportados_2025=0.5,region_trifinio=0.5
    """
    from grafo import productos

    emitir(productos.priorizar(abrir(datos), pesos=pesos, primeros=primeros), formato, salida)


ORDENES = (comando_matriz, comando_priorizar)
