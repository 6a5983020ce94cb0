"""Órdenes de seguimiento: cómo va la Política a una fecha, el acta de una reunión y qué cambió entre versiones."""

from __future__ import annotations

from pathlib import Path

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir_fuente,
    fecha_opcional,
    opcion_datos,
    opcion_salida,
    opcion_separador,
    opciones_servidor,
    orden,
)
from grafo.cli.salida import emitir, formato_de

SECCIONES = {"vencidos": 0, "sin-seguimiento": 1, "sin-reunirse": 2, "avance-eje": 3, "avance-institucion": 4}


@orden("seguimiento")
@opcion_separador
@click.option("--al", default=None, metavar="AAAA-MM-DD", callback=fecha_opcional,
              help="La fecha a la que se mira: cuenta lo que había pasado hasta ese día [predeterminado: hoy].")
@click.option("--meses", type=click.IntRange(1, 120), default=3, show_default=True,
              help="Desde cuántos meses sin reunirse se señala a una institución responsable.")
@click.option("--seccion", type=click.Choice(list(SECCIONES)), default=None,
              help="Solo esta sección, como tabla (tabla, csv o json con --formato).")
@click.option("--formato", type=click.Choice(["texto", "markdown", "json", "html", "docx", "pdf", "tabla", "csv"]),
              default=None, help="El informe: texto [predeterminado], markdown, json, html, docx o pdf; una "
                                 "--seccion: tabla [predeterminado], csv o json.")
@opciones_servidor
@opcion_datos
@opcion_salida
def comando_seguimiento(al: str | None, meses: int, seccion: str | None, datos: Path, formato: str | None,
                        salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Seguimiento a una fecha: acuerdos vencidos, acciones sin reunión ni acuerdo, responsables que no se reúnen, avance.

    Cada acuerdo vencido cita la reunión que lo tomó y su memoria. Usa las tablas
    opcionales reuniones y acuerdos y las columnas estado y avance de acciones.

    \b
    Ejemplo:
        grafo seguimiento --al 2024-10-31
        grafo seguimiento --al 2024-12-31 --salida salidas/seguimiento.docx
        grafo seguimiento --seccion vencidos --formato csv --salida vencidos.csv
    """
    from grafo import productos
    from grafo.dominio.productos import Tabla

    if seccion is None and formato in ("csv", "tabla"):  # uso, no despacho
        raise click.UsageError(f"--formato {formato} es para una sola sección: agregue --seccion "
                               f"({', '.join(SECCIONES)}).")
    informe = productos.seguimiento(abrir_fuente(datos, endpoint, grafo_iri, tiempo_limite), al=al, meses=meses)
    if seccion is None:
        emitir(informe, formato_de(formato, salida), salida)
        return
    elegida = informe.secciones[SECCIONES[seccion]]
    emitir(Tabla(elegida.titulo, elegida.tabla), formato_de(formato, salida), salida)


@orden("acta")
@click.argument("reunion")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, para completar) [predeterminado] o pdf.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="El documento que se escribe [predeterminado: salidas/acta-REUNION.docx].")
@opciones_servidor
def comando_acta(reunion: str, datos: Path, formato: str | None, salida: Path | None, endpoint: str | None,
                 grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe en Word el acta de una reunión registrada, para completarla al salir de ella.

    Trae los participantes con su nombre completo, las acciones tratadas con sus responsables
    y los mandatos que las fundamentan, y los acuerdos registrados con encargados y plazos;
    deja en blanco el desarrollo, las conclusiones y los acuerdos nuevos.

    \b
    Ejemplo:
        grafo acta R-2024-09-18
        grafo acta R-2024-09-11 --salida acta.pdf
    """
    from grafo import productos

    destino = salida or RUTA_SALIDAS / f"acta-{reunion}.docx"
    acta = productos.armar_acta(abrir_fuente(datos, endpoint, grafo_iri, tiempo_limite), reunion)
    emitir(acta, formato_de(formato, destino), destino)


ORDENES = (comando_seguimiento, comando_acta)
