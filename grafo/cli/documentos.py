"""Órdenes de documentos para reuniones: la minuta que el DEPM prepara antes de reunirse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from grafo.cli.comun import RUTA_SALIDAS, abrir_fuente, opcion_datos, opciones_servidor, orden, progreso
from grafo.cli.salida import emitir, formato_de


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
        grafo reunion --instituciones IGM,COPRESAM --salida salidas/reunion-copresam.pdf
    """
    from grafo import productos

    ids = [i.strip() for i in instituciones.split(",") if i.strip()]
    fuente = abrir_fuente(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Preparando la minuta"):
        minuta = productos.preparar_reunion(fuente, ids, titulo=titulo, fecha=fecha)
    emitir(minuta, formato_de(formato, salida), salida)


ORDENES = (comando_reunion,)
