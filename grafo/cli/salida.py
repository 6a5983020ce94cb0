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
from grafo.archivos import anotar_escrito, destino_sin_pisar, escribir_atomico
from grafo.cli.comun import PAPEL, SEPARADOR, progreso, protegidos
from grafo.errores import nombrar_opciones
from grafo.texto import ajustar, sin_controles

BOM = "\ufeff"
# Cómo la CLI nombra una opción que un mensaje de la biblioteca marca con `errores.opcion`: su bandera.
BANDERAS = {"parametro": "-p "}  # «-p instituciones=IGM»


def bandera(nombre: str) -> str:
    """`tiempo_limite` → `--tiempo-limite`: la opción de la biblioteca como se escribe en la línea de órdenes."""
    return BANDERAS.get(nombre, "--" + nombre.replace("_", "-"))


def para_la_terminal(texto: str) -> str:
    """Un mensaje de la biblioteca como lo lee quien usa la CLI: sus opciones como banderas, sin controles."""
    return sin_controles(nombrar_opciones(texto, bandera))


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
           binario_en: Path | None = None, callado: bool = False) -> None:
    """Escribe el producto en el formato pedido: en la terminal, en stdout o, de forma atómica, en `salida`.

    Sin formato, el predeterminado del producto. Un formato de terminal pedido a un archivo cede su
    lugar al que el renderizador diga (tabla → CSV, texto → Markdown); un formato que el producto no
    tiene es un error que nombra los que sí. Un resultado binario (xlsx) sin `salida` va a `binario_en`.
    `callado`: sin la línea «… escrita en …» (quien escribe muchos dice una sola, con la cuenta).
    """
    try:
        _emitir(producto, formato, salida, binario_en, callado)
    except formatos.FormatoNoDisponible as error:  # un error de uso, con la línea de uso de la orden
        raise click.UsageError(para_la_terminal(error.texto(bandera))) from error


def _por_extension(producto: Any, salida: Path) -> str | None:
    """El formato que dice la extensión de --salida, entre los que tiene el producto (`.json` de un grafo es jsonld)."""
    return formatos.por_extension(salida, entre=formatos.formatos_de(type(producto))) or formatos.por_extension(salida)


def _formato_por_omision(producto: Any, formato: str | None, salida: Path | None) -> str | None:
    """Sin --formato escrito por el usuario (el predeterminado de click, o ninguno), manda la extensión de --salida."""
    if salida is None or not _sin_formato_pedido(formato):
        return formato
    return _por_extension(producto, salida) or formato


def _escribibles(producto: Any) -> list[str]:
    """Las extensiones de --salida con que este producto se puede escribir (la propia de cada formato)."""
    aceptadas = []
    for formato in formatos.formatos_de(type(producto)):
        try:
            formatos.renderizador_de(producto, formato, a_archivo=True)
        except formatos.FormatoNoDisponible:
            continue
        aceptadas += formatos.POR_NOMBRE[formato].extensiones[:1]  # «texto» a un archivo es Markdown: .txt vale
    return sorted(set(aceptadas))


def _error_de_extension(producto: Any, salida: Path, efectivo: str | None) -> formatos.FormatoNoDisponible:
    """El error de una --salida que el producto no escribe, con las extensiones que sí (y lo que el producto explica
    de sus formatos, si lo explica)."""
    desconocida = not formatos.con_extension(salida)
    que = f"este resultado sale en {efectivo}" if efectivo and not desconocida else \
        "este resultado no se escribe en ese formato"
    explicacion = getattr(producto, "SOBRE_EXTENSIONES", "")
    return formatos.FormatoNoDisponible(
        f"No se puede escribir «{salida.name}»: {que}. Use una de estas extensiones: {', '.join(_escribibles(producto))}."
        + (f" {explicacion}" if explicacion else ""))


def _sin_formato_pedido(formato: str | None) -> bool:
    contexto = click.get_current_context(silent=True)
    if formato is None or contexto is None or "formato" not in contexto.params:
        return True
    return contexto.get_parameter_source("formato") == click.core.ParameterSource.DEFAULT


def _comprobar_extension(producto: Any, pedido: str, efectivo: str, salida: Path) -> None:
    """`--salida x.xyz` (o x.json con --formato csv): un error que nombra las extensiones que sí sirven."""
    if salida.suffix and not {pedido, efectivo} & formatos.con_extension(salida):
        raise _error_de_extension(producto, salida, efectivo)


def _emitir(producto: Any, formato: str | None, salida: Path | None, binario_en: Path | None,
            callado: bool = False) -> None:
    if salida is not None and str(salida) == "-":
        salida, binario_en = None, None  # `--salida -`: la salida estándar, como en otras herramientas
    if salida is not None and not salida.name:
        raise formatos.FormatoNoDisponible("--salida está vacío: escriba el nombre del archivo (p. ej. --salida r.csv).")
    # `grafo consultar x > x.csv` sin --formato: a un archivo va lo que iría con --salida (CSV, no la tabla).
    redirigido = salida is None and _stdout_es_archivo() and _sin_formato_pedido(formato)
    formato = _formato_por_omision(producto, formato, salida)
    formato = formato or getattr(producto, "PREDETERMINADO", None) or formatos.formatos_de(type(producto))[0]
    if redirigido:  # solo si la tabla de la terminal tiene su forma de archivo (CSV); si no, va la de la terminal
        redirigido = formatos.renderizador_de(producto, formato, a_archivo=False)[1].en_archivo is not None
    try:
        efectivo, renderizador = formatos.renderizador_de(producto, formato, a_archivo=salida is not None or redirigido)
    except formatos.FormatoNoDisponible:
        if salida is not None and formatos.por_extension(salida) == formato:
            raise _error_de_extension(producto, salida, None) from None
        raise
    if salida is not None:
        _comprobar_extension(producto, formato, efectivo, salida)
    if renderizador.terminal:  # solo sin salida: a un archivo, `renderizador_de` da otro formato o un error
        formatos.aplicar(renderizador, producto, nombrar=bandera, **_opciones(efectivo, renderizador))
        return
    with progreso(f"Escribiendo {salida}" if salida is not None else "Preparando el resultado"):
        contenido = formatos.aplicar(renderizador, producto, nombrar=bandera, **_opciones(efectivo, renderizador))
    if isinstance(contenido, formatos.Contenido):
        if contenido.nota:
            click.echo(para_la_terminal(contenido.nota), err=True)
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
    datos = contenido if isinstance(contenido, bytes) else contenido.encode("utf-8")
    destino = destino_sin_pisar(salida)
    escribir_atomico(destino, datos, protegidos=protegidos())
    anotar_escrito(destino, datos)
    if destino != salida:
        click.echo(para_la_terminal(f"Aviso: {salida} cambió desde que grafo lo escribió (¿lo editó?, ¿o no es de "
                                    f"grafo?): no se reemplaza. Lo nuevo va en {destino}."), err=True)
    if not callado:
        click.echo(para_la_terminal(producto.aviso(destino, efectivo)), err=True)


def _opciones(formato: str, renderizador: formatos.Renderizador) -> dict[str, Any]:
    """Las opciones de escritura de esta orden que recibe el renderizador (sin la opción en la orden, su valor
    predeterminado)."""
    meta = contexto.meta if (contexto := click.get_current_context(silent=True)) is not None else {}
    dadas = {nombre: meta[clave] for nombre, clave in (("separador", SEPARADOR), ("papel", PAPEL)) if clave in meta}
    return formatos.opciones_de(formato, renderizador, dadas)
