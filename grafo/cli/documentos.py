"""Órdenes de documentos para reuniones: la minuta que el DEPM prepara antes de reunirse."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    lista_de_ids,
    opcion_datos,
    opciones_servidor,
    orden,
    progreso,
)
from grafo.cli.salida import emitir
from grafo.errores import ErrorGrafo
from grafo.texto import nombre_de_archivo, nombres_de_archivo

if TYPE_CHECKING:
    from grafo.dominio.ficha import Ficha


def _fecha(_contexto: click.Context, _parametro: click.Parameter, valor: str | None) -> str | None:
    if valor is None:
        return None
    try:
        return date.fromisoformat(valor).isoformat()
    except ValueError as error:
        raise click.BadParameter(f"«{valor}» no es una fecha AAAA-MM-DD (por ejemplo 2024-09-18).") from error


@orden("reunion")
@click.option("--instituciones", required=True, metavar="ID,ID,…",
              help="Las instituciones de la reunión (por ejemplo AMSCLAE,SECCATID,CTPT).")
@click.option("--titulo", default=None, metavar="TEXTO", help="Título de la minuta [predeterminado: «Reunión con …»].")
@click.option("--fecha", default=None, metavar="AAAA-MM-DD", callback=_fecha,
              help="Fecha de la reunión [predeterminado: hoy].")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, editable) o pdf (por LibreOffice); si falta, la extensión de --salida.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=RUTA_SALIDAS / "reunion.docx",
              show_default=True, help="Archivo que se escribe.")
@opciones_servidor
def comando_reunion(instituciones: str, titulo: str | None, fecha: str | None, datos: Path, formato: str | None,
                    salida: Path, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe la minuta para una reunión en Word: lo que el DEPM armaba a mano antes de reunirse.

    Portada con los participantes, la matriz de fundamentos legales, las acciones donde son
    responsables o vinculadas, las brechas y traslapes que los tocan, las rutas que las unen en
    palabras, el mapa de su vecindario y las fuentes con la versión de los datos.

    \b
    Ejemplo:
        grafo reunion --instituciones AMSCLAE,SECCATID,CTPT --fecha 2024-09-18
        grafo reunion --instituciones IGM,COPRESAM --salida reunion-copresam.pdf
    """
    from grafo import productos

    ids = lista_de_ids(instituciones, "--instituciones", "IGM,COPRESAM")
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Preparando la minuta"):
        minuta = productos.preparar_reunion(proyecto, ids, titulo=titulo, fecha=fecha)
    emitir(minuta, formato, salida)


@orden("ficha")
@click.argument("institucion")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, editable) o pdf (por LibreOffice); si falta, la extensión de --salida.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo que se escribe [predeterminado: salidas/fichas/INSTITUCION.docx].")
@opciones_servidor
def comando_ficha(institucion: str, datos: Path, formato: str | None, salida: Path | None, endpoint: str | None,
                  grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe la ficha de una institución en Word: qué es, sus mandatos, sus acciones, sus socios y sus brechas.

    \b
    Ejemplo:
        grafo ficha IGM
        grafo ficha AMSCLAE --salida salidas/fichas/AMSCLAE.pdf
    """
    from grafo import productos

    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    (ficha,) = productos.armar_fichas(proyecto, [institucion], donde="INSTITUCION")  # el argumento de la orden
    destino = salida if salida is not None else RUTA_SALIDAS / "fichas" / f"{nombre_de_archivo(ficha.sigla)}.docx"
    emitir(ficha, formato, destino)


@orden("fichas")
@opcion_datos
@click.option("--carpeta", type=click.Path(path_type=Path, file_okay=False), default=RUTA_SALIDAS / "fichas",
              show_default=True, help="Carpeta donde se escribe una ficha por institución (SIGLA.docx).")
@opciones_servidor
def comando_fichas(datos: Path, carpeta: Path, endpoint: str | None, grafo_iri: str | None,
                   tiempo_limite: float) -> None:
    """Escribe la ficha en Word de cada institución de los datos, una por archivo.

    \b
    Ejemplo:
        grafo fichas --carpeta salidas/fichas
    """
    from grafo import productos

    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Armando las fichas"):
        todas = productos.armar_fichas(proyecto)
    escribir_fichas(todas, carpeta)


def escribir_fichas(todas: list[Ficha], carpeta: Path) -> None:
    """Una ficha por archivo (SIGLA.docx, con nombres seguros y sin choques); si una falla, dice cuántas quedaron."""
    nombres = nombres_de_archivo([f.sigla for f in todas])
    for hechas, ficha in enumerate(todas):
        try:
            emitir(ficha, "docx", carpeta / f"{nombres[ficha.sigla]}.docx")
        except ErrorGrafo as error:
            if not hechas:
                raise
            raise ErrorGrafo(f"{error.marcado} Antes se escribieron {hechas} de las {len(todas)} fichas en "
                             f"{carpeta}; las demás faltan.") from None


ORDENES = (comando_reunion, comando_ficha, comando_fichas)
