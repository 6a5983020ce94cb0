"""Órdenes de seguimiento: cómo va la Política a una fecha, el acta de una reunión y qué cambió entre versiones."""

from __future__ import annotations

from pathlib import Path

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    mostrar_aviso,
    fecha_opcional,
    opcion_datos,
    opcion_papel,
    opcion_salida,
    opcion_separador,
    opciones_servidor,
    orden,
)
from grafo.cli.salida import emitir
from grafo.productos import SECCIONES_SEGUIMIENTO
from grafo.texto import nombre_de_archivo


@orden("seguimiento")
@opcion_separador
@click.option("--al", default=None, metavar="FECHA", callback=fecha_opcional,
              help="La fecha a la que se mira: cuenta lo que había pasado hasta ese día [predeterminado: hoy].")
@click.option("--meses", type=click.IntRange(1, 120), default=3, show_default=True,
              help="Desde cuántos meses sin una reunión registrada se señala a una institución responsable.")
@click.option("--seccion", type=click.Choice(SECCIONES_SEGUIMIENTO), default=None, metavar="SECCION",
              help="Solo esta sección, como tabla (tabla, csv o json con --formato): vencidos, sin-seguimiento, "
                   "sin-reunirse, avance-eje o avance-institucion.")
@click.option("--formato", type=click.Choice(["texto", "markdown", "json", "html", "docx", "pdf", "tabla", "csv"]),
              default=None, help="El informe: texto [predeterminado], markdown, json, html, docx o pdf; una "
                                 "--seccion: tabla [predeterminado], csv o json.")
@opcion_papel
@opciones_servidor
@opcion_datos
@opcion_salida
def comando_seguimiento(al: str | None, meses: int, seccion: str | None, datos: Path, formato: str | None,
                        salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Seguimiento a una fecha: acuerdos vencidos, acciones sin reunión ni acuerdo, responsables sin reunión registrada, avance.

    Cada acuerdo vencido cita la reunión que lo tomó y su memoria. Usa las tablas
    opcionales reuniones y acuerdos y las columnas estado y avance de acciones.

    \b
    Ejemplo:
        grafo seguimiento --al 2024-10-31
        grafo seguimiento --al 2024-12-31 --salida salidas/seguimiento.docx
        grafo seguimiento --seccion vencidos --formato csv --salida vencidos.csv
    """
    from grafo import productos

    if seccion is None and formato in ("csv", "tabla"):  # uso, no despacho
        raise click.UsageError(f"--formato {formato} es para una sola sección: agregue --seccion "
                               f"({', '.join(SECCIONES_SEGUIMIENTO)}).")
    if seccion is not None and formato not in (None, "tabla", "csv", "json"):  # uso, no despacho
        raise click.UsageError(f"Una --seccion sale como tabla, csv o json; para {formato}, pida el informe entero "
                               "(sin --seccion).")
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    if seccion is None:
        emitir(productos.seguimiento(proyecto, al=al, meses=meses), formato, salida)
    else:
        emitir(productos.seccion_de_seguimiento(proyecto, seccion, al=al, meses=meses), formato, salida)


@orden("acta")
@click.argument("reunion")
@opcion_datos
@click.option("--formato", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (Word, para completar) [predeterminado] o pdf.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="El documento que se escribe [predeterminado: salidas/acta-REUNION.docx].")
@opcion_papel
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

    acta = productos.armar_acta(abrir(datos, endpoint, grafo_iri, tiempo_limite), reunion)
    # El nombre sale del id como está en los datos (r1 → R1) y nunca sale de salidas/ («../x» no es una ruta).
    destino = salida or RUTA_SALIDAS / f"acta-{nombre_de_archivo(acta.reunion)}.{formato or 'docx'}"
    emitir(acta, formato, destino)


def _revisiones(_ctx: click.Context, _param: click.Parameter, valor: str | None) -> tuple[str, str] | None:
    if valor is None:
        return None
    antes, separador, despues = valor.partition("..")
    if not separador or not antes or not despues or despues.startswith("."):
        raise click.BadParameter(f"«{valor}» no tiene la forma REV1..REV2, con dos puntos (p. ej. v1..HEAD o "
                                 "a1b2c3..main).")
    for revision in (antes, despues):
        # Una revisión que empieza con «-» llegaría a git como una opción (--upload-pack=…, --output=…).
        if revision.startswith("-") or any(c.isspace() or ord(c) < 32 for c in revision):
            raise click.BadParameter(f"«{revision}» no es una revisión de git: no puede empezar con «-» ni tener "
                                     "espacios. Use un hash, una rama o una etiqueta (vea git log --oneline).")
    return antes, despues


@orden("comparar")
@click.argument("antes", type=click.Path(path_type=Path, exists=True))
@click.argument("despues", type=click.Path(path_type=Path, exists=True), required=False)
@click.option("--git", "revisiones", default=None, metavar="REV1..REV2", callback=_revisiones,
              help="Compara la carpeta ANTES consigo misma en dos revisiones de git (sin DESPUES).")
@click.option("--formato", type=click.Choice(["texto", "markdown", "json", "html", "docx", "pdf"]), default=None,
              help="texto en la terminal [predeterminado]; markdown; json; html; docx (Word); pdf.")
@opcion_papel
@opcion_salida
def comando_comparar(antes: Path, despues: Path | None, revisiones: tuple[str, str] | None, formato: str | None,
                     salida: Path | None) -> None:
    """Dice qué cambió entre dos versiones de los datos, entidad por entidad y en palabras.

    Instituciones, mandatos, acciones, reuniones… agregadas, quitadas o cambiadas (qué campo,
    de qué a qué); responsabilidades ganadas o perdidas; brechas abiertas o cerradas;
    traslapes aparecidos o resueltos. Dos carpetas (o libros), o una carpeta en dos revisiones
    de git con --git.

    \b
    Ejemplo:
        grafo comparar datos-septiembre datos
        grafo comparar datos --git HEAD~5..HEAD --salida cambios.docx
    """
    from grafo import productos

    if (revisiones is None) == (despues is None):
        raise click.UsageError("Indique dos carpetas (ANTES DESPUES) o una carpeta con --git REV1..REV2.")
    if revisiones is not None:
        informe = productos.comparar_versiones(antes, revisiones, avisar=mostrar_aviso)
    else:
        assert despues is not None
        informe = productos.comparar(abrir(antes), abrir(despues))
    emitir(informe, formato, salida)


ORDENES = (comando_seguimiento, comando_acta, comando_comparar)
