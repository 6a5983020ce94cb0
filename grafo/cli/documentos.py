"""Órdenes de documentos para reuniones: la minuta que el DEPM prepara antes de reunirse."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    fecha_opcional,
    lista_de_ids,
    mostrar_aviso,
    opcion_datos,
    opcion_papel,
    opciones_servidor,
    orden,
    progreso,
)
from grafo.cli.salida import emitir
from grafo.formatos import extension
from grafo.errores import ErrorGrafo
from grafo.texto import nombre_de_archivo, nombres_de_archivo

if TYPE_CHECKING:
    from grafo.dominio.ficha import Ficha


@orden("reunion")
@click.option("--instituciones", required=True, metavar="ID,ID,…",
              help="Las instituciones de la reunión (por ejemplo AMSCLAE,SECCATID,CTPT).")
@click.option("--titulo", default=None, metavar="TEXTO", help="Título de la minuta [predeterminado: «Reunión con …»].")
@click.option("--fecha", default=None, metavar="FECHA", callback=fecha_opcional,
              help="Fecha de la reunión, AAAA-MM-DD o día/mes/año [predeterminado: hoy, con un aviso].")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, editable) o pdf (por LibreOffice); si falta, la extensión de --salida.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo que se escribe [predeterminado: salidas/reunion-PARTICIPANTES-FECHA.docx].")
@opcion_papel
@opciones_servidor
def comando_reunion(instituciones: str, titulo: str | None, fecha: str | None, datos: Path, formato: str | None,
                    salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe la minuta para una reunión en Word: lo que el DEPM armaba a mano antes de reunirse.

    Portada con los participantes, la matriz de fundamentos legales, las acciones donde son
    responsables o vinculadas, las brechas y traslapes que los tocan, las rutas que las unen en
    palabras, el mapa de su vecindario y las fuentes con la versión de los datos.

    \b
    Ejemplo:
        grafo reunion --instituciones AMSCLAE,SECCATID,CTPT --fecha 2024-09-18
        grafo reunion --instituciones IGM,COPRESAM --papel oficio --salida r.pdf
    """
    from grafo import productos

    ids = lista_de_ids(instituciones, "--instituciones", "IGM,COPRESAM")
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    if fecha is None:
        fecha = date.today().isoformat()
        mostrar_aviso(f"Sin --fecha, la portada lleva la de hoy ({fecha}); para la de la reunión use --fecha AAAA-MM-DD.")
    with progreso("Preparando la minuta"):
        minuta = productos.preparar_reunion(proyecto, ids, titulo=titulo, fecha=fecha)
    if salida is None:  # una minuta por reunión: la de otros participantes u otra fecha no se pisa
        salida = RUTA_SALIDAS / f"{minuta.nombre}{extension(formato or 'docx')}"
    emitir(minuta, formato, salida)


@orden("ficha")
@click.argument("institucion")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, editable) o pdf (por LibreOffice); si falta, la extensión de --salida.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo que se escribe [predeterminado: salidas/fichas/INSTITUCION.docx].")
@opcion_papel
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

    # Pocas consultas: sobre un grafo grande, la ficha sale de lo que toca a la institución (`productos.vecindario`).
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite, pocas_consultas=True)
    (ficha,) = productos.armar_fichas(proyecto, [institucion], donde="el argumento INSTITUCION de «grafo ficha»")
    destino = salida if salida is not None else RUTA_SALIDAS / "fichas" / f"{nombre_de_archivo(ficha.sigla)}.docx"
    emitir(ficha, formato, destino)


@orden("fichas")
@opcion_datos
@click.option("--carpeta", type=click.Path(path_type=Path, file_okay=False), default=RUTA_SALIDAS / "fichas",
              show_default=True, help="Carpeta donde se escribe una ficha por institución (SIGLA.docx).")
@opcion_papel
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
    """Una ficha por archivo (SIGLA.docx, con nombres seguros y sin choques) y una sola línea con la cuenta (antes,
    una por ficha: 39 líneas en `make demo`); si una falla, dice cuántas quedaron."""
    from grafo.cli.salida import para_la_terminal
    from grafo.texto import cuantos

    nombres = nombres_de_archivo([f.sigla for f in todas])
    with progreso(f"Escribiendo {cuantos(len(todas), 'ficha')}"):
        for hechas, ficha in enumerate(todas):
            try:
                emitir(ficha, "docx", carpeta / f"{nombres[ficha.sigla]}.docx", callado=True)
            except ErrorGrafo as error:
                if not hechas:
                    raise
                raise ErrorGrafo(f"{error.marcado} Antes se escribieron {hechas} de las {len(todas)} fichas en "
                                 f"{carpeta}; las demás faltan.") from None
    click.echo(para_la_terminal(f"{cuantos(len(todas), 'ficha escrita', 'fichas escritas')} en {carpeta} (una por "
                                "institución: SIGLA.docx)."), err=True)


ORDENES = (comando_reunion, comando_ficha, comando_fichas)
