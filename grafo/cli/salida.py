"""El único lugar donde un producto sale: a la terminal, a la salida estándar o a un archivo."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path
from typing import Any

import click

from grafo import formatos
from grafo.archivos import escribir_atomico
from grafo.cli.comun import progreso
from grafo.texto import ajustar, sin_controles

BOM = "\ufeff"


EXTENSIONES = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv", ".html": "html",
               ".htm": "html", ".docx": "docx", ".pdf": "pdf", ".txt": "texto", ".png": "png", ".svg": "svg",
               ".xlsx": "xlsx", ".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".gexf": "gexf",
               ".graphml": "graphml"}


def formato_de(formato: str | None, salida: Path | None) -> str | None:
    """El formato pedido o, si no se pidió, el que dice la extensión de --salida (None: el del producto)."""
    if formato is not None or salida is None:
        return formato
    return EXTENSIONES.get(salida.suffix.lower())


def ajustar_a_la_terminal(texto: str) -> str:
    """Texto para personas, ajustado al ancho de la terminal (o de COLUMNS); a una tubería va tal cual."""
    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return texto
    return ajustar(texto, shutil.get_terminal_size().columns)


def _stdout_es_archivo() -> bool:
    """`grafo … > x.csv` escribe un archivo que abrirá Excel; `| otro` o la pantalla, no."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # un stdout sin descriptor (pruebas, cuadernos)
        return False


def emitir(producto: Any, formato: str | None, salida: Path | None = None, *,
           binario_en: Path | None = None) -> None:
    """Escribe el producto en el formato pedido: en la terminal, en stdout o, de forma atómica, en `salida`.

    Sin formato, el predeterminado del producto. Un formato de terminal pedido a un archivo cede su
    lugar al que el renderizador diga (tabla → CSV, texto → Markdown); un formato que el producto no
    tiene es un error que nombra los que sí. Un resultado binario (xlsx) sin `salida` va a `binario_en`.
    """
    try:
        _emitir(producto, formato, salida, binario_en)
    except formatos.FormatoNoDisponible as error:  # un error de uso, con la línea de uso de la orden
        raise click.UsageError(str(error)) from error


def _formato_por_omision(formato: str | None, salida: Path | None) -> str | None:
    """Un --formato que el usuario no escribió (el predeterminado de click) cede a la extensión de --salida."""
    contexto = click.get_current_context(silent=True)
    if salida is None or contexto is None or "formato" not in contexto.params:
        return formato
    if contexto.get_parameter_source("formato") == click.core.ParameterSource.DEFAULT:
        return EXTENSIONES.get(salida.suffix.lower(), formato)
    return formato


def _escribibles(producto: Any) -> list[str]:
    """Las extensiones de --salida con que este producto se puede escribir."""
    aceptadas = []
    for extension, formato in EXTENSIONES.items():
        try:
            formatos.buscar(producto, formato, a_archivo=True)
        except formatos.FormatoNoDisponible:
            continue
        if extension not in (".htm", ".markdown"):
            aceptadas.append(extension)
    return sorted(aceptadas)


def _error_de_extension(producto: Any, salida: Path, efectivo: str | None) -> formatos.FormatoNoDisponible:
    que = f"este resultado sale en {efectivo}" if efectivo else "este resultado no se escribe en ese formato"
    return formatos.FormatoNoDisponible(
        f"No se puede escribir «{salida.name}»: {que}. Use una de estas extensiones: {', '.join(_escribibles(producto))}.")


def _sin_formato_pedido(formato: str | None) -> bool:
    contexto = click.get_current_context(silent=True)
    if formato is None or contexto is None or "formato" not in contexto.params:
        return True
    return contexto.get_parameter_source("formato") == click.core.ParameterSource.DEFAULT


def _comprobar_extension(producto: Any, pedido: str, efectivo: str, salida: Path) -> None:
    """`--salida x.xyz` (o x.json con --formato csv): un error que nombra las extensiones que sí sirven."""
    extension = salida.suffix.lower()
    if extension and EXTENSIONES.get(extension) not in (pedido, efectivo):
        raise _error_de_extension(producto, salida, efectivo)


def _emitir(producto: Any, formato: str | None, salida: Path | None, binario_en: Path | None) -> None:
    if salida is not None and str(salida) == "-":
        salida, binario_en = None, None  # `--salida -`: la salida estándar, como en otras herramientas
    if salida is not None and not salida.name:
        raise formatos.FormatoNoDisponible("--salida está vacío: escriba el nombre del archivo (p. ej. --salida r.csv).")
    # `grafo consultar x > x.csv` sin --formato: a un archivo va lo que iría con --salida (CSV, no la tabla).
    redirigido = salida is None and _stdout_es_archivo() and _sin_formato_pedido(formato)
    formato = _formato_por_omision(formato, salida)
    formato = formato or getattr(producto, "PREDETERMINADO", None) or formatos.formatos_de(type(producto))[0]
    if redirigido:  # solo si la tabla de la terminal tiene su forma de archivo (CSV); si no, va la de la terminal
        redirigido = formatos.buscar(producto, formato, a_archivo=False)[1].en_archivo is not None
    try:
        efectivo, renderizador = formatos.buscar(producto, formato, a_archivo=salida is not None or redirigido)
    except formatos.FormatoNoDisponible:
        if salida is not None and EXTENSIONES.get(salida.suffix.lower()) == formato:
            raise _error_de_extension(producto, salida, None) from None
        raise
    if salida is not None:
        _comprobar_extension(producto, formato, efectivo, salida)
    if renderizador.terminal:  # solo sin salida: a un archivo, `buscar` da otro formato o un error
        from rich.console import Console

        renderizador.funcion(producto, Console())
        return
    with progreso(f"Escribiendo {salida}" if salida is not None else "Preparando el resultado"):
        contenido = renderizador.funcion(producto)
    if isinstance(contenido, formatos.Contenido):
        if contenido.nota:
            click.echo(sin_controles(contenido.nota), err=True)
        contenido = contenido.datos
    if salida is None and binario_en is not None and isinstance(contenido, bytes):
        salida = binario_en
    if salida is None:
        if renderizador.legible and isinstance(contenido, str):
            contenido = ajustar_a_la_terminal(contenido)
        if isinstance(contenido, str) and contenido.startswith(BOM) and not _stdout_es_archivo():
            contenido = contenido[1:]  # el BOM es para Excel: a una tubería o a la pantalla no va
        final = b"\n" if isinstance(contenido, bytes) else "\n"
        click.echo(contenido, nl=not contenido.endswith(final))
        return
    escribir_atomico(salida, contenido if isinstance(contenido, bytes) else contenido.encode("utf-8"))
    click.echo(sin_controles(producto.aviso(salida, efectivo)), err=True)
