"""Interfaz de línea de órdenes: una llamada a la biblioteca por orden, resultados a stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grafo.errores import ErrorGrafo
from grafo.espanol import traducir_click

if TYPE_CHECKING:  # pandas se importa solo en las órdenes que lo usan
    import pandas as pd

RUTA_SALIDAS = Path("salidas")
traducir_click()


class OrdenGrafo(click.Command):
    """Orden con metavariables en español en la línea de uso."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


class GrupoGrafo(click.Group):
    """Traduce los errores de dominio a un mensaje en español y código de salida 1, en un solo lugar."""

    command_class = OrdenGrafo

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ErrorGrafo as error:
            raise click.ClickException(str(error)) from error


def _consola_error() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def progreso(descripcion: str) -> Iterator[None]:
    """Indicador de avance en stderr (una línea final si no es una terminal)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    consola = _consola_error()
    if not consola.is_terminal:
        yield
        return
    columnas = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columnas, console=consola, transient=True) as barra:
        barra.add_task(descripcion, total=None)
        yield


def _mostrar_tabla(consola: Any, titulo: str, tabla: pd.DataFrame) -> None:
    """Título en su propia línea (no se parte en tablas angostas) y la tabla debajo."""
    from rich.table import Table

    from grafo.formatos import a_filas_texto

    consola.print(f"[bold]{titulo}[/bold] ({len(tabla)} filas)")
    vista = Table(header_style="bold")
    for columna in tabla.columns:
        vista.add_column(str(columna).replace("_", " "))
    for fila in a_filas_texto(tabla):
        vista.add_row(*fila)
    consola.print(vista)


opcion_datos = click.option(
    "--datos", type=click.Path(path_type=Path, file_okay=False), default=Path("datos"), show_default=True,
    envvar="GRAFO_DATOS", help="Carpeta del paquete de datos: un CSV por tabla o un libro .xlsx.",
)


def _leer_y_construir(datos: Path) -> Any:
    from grafo import almacen, fuentes

    with progreso(f"Leyendo {datos} y construyendo el grafo"):
        return almacen.construir(fuentes.leer_paquete(datos))


@click.group(name="grafo", cls=GrupoGrafo, context_settings={"help_option_names": ["-h", "--help", "--ayuda"]})
@click.version_option(package_name="grafo", message="grafo %(version)s")
def principal() -> None:
    """grafo: mandatos institucionales y vínculos de la Política Migratoria de Guatemala.

    Lee el paquete de datos (CSV o Excel), construye un grafo RDF validado y lo consulta.

    \b
    Ejemplo:
        grafo construir --datos datos
    """


@principal.command(name="construir")
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
    from grafo import almacen

    grafo = _leer_y_construir(datos)
    formato = almacen.formato_de(salida, formato) if salida is not None else (formato or "ttl")
    destino = salida if salida is not None else RUTA_SALIDAS / f"grafo.{formato}"
    with progreso(f"Escribiendo {destino}"):
        almacen.guardar(grafo, destino, formato=formato)
    click.echo(f"Grafo escrito en {destino} ({len(grafo)} tripletas).", err=True)


@principal.command(name="validar")
@opcion_datos
@click.option("--grafo", "archivo_grafo", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Valida un grafo ya escrito (ttl, nt, jsonld) en vez de construirlo desde --datos.")
@click.option("--formato", type=click.Choice(["texto", "json"]), default="texto", show_default=True,
              help="Informe legible o JSON para programas.")
def comando_validar(datos: Path, archivo_grafo: Path | None, formato: str) -> None:
    """Valida el grafo con las formas SHACL y dice archivo, fila y columna de cada problema.

    Sale con código 1 si hay errores; las advertencias (por ejemplo, artículos sin
    verificar [NV]) se muestran pero no hacen fallar la validación.

    \b
    Ejemplo:
        grafo validar --datos datos
    """
    from grafo import almacen, validacion

    grafo = almacen.cargar(archivo_grafo) if archivo_grafo is not None else _leer_y_construir(datos)
    with progreso("Validando con SHACL"):
        informe = validacion.validar(grafo)
    if formato == "json":
        click.echo(json.dumps({
            "conforme": informe.conforme,
            "resultados": [{
                "severidad": r.severidad, "archivo": r.problema.archivo, "hoja": r.problema.hoja,
                "fila": r.problema.fila, "columna": r.problema.columna, "mensaje": r.problema.mensaje,
                "valor": r.valor, "foco": r.foco,
            } for r in informe.resultados],
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(informe.texto())
    if not informe.conforme:
        sys.exit(1)


@principal.command(name="resumen")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal o JSON para programas.")
def comando_resumen(datos: Path, formato: str) -> None:
    """Cuenta entidades por clase, acciones por eje e instituciones por tipo.

    \b
    Ejemplo:
        grafo resumen --datos datos --formato json
    """
    from grafo.resumen import resumir

    resumen = resumir(_leer_y_construir(datos))
    if formato == "json":
        click.echo(json.dumps(resumen.a_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    consola = Console()
    consola.print(f"Versión de los datos: {resumen.version_datos} · {resumen.tripletas} tripletas")
    _mostrar_tabla(consola, "Entidades por clase", resumen.clases)
    _mostrar_tabla(consola, "Acciones por eje", resumen.ejes)
    _mostrar_tabla(consola, "Instituciones por tipo", resumen.tipos)


@principal.command(name="consultas")
def comando_consultas() -> None:
    """Lista las consultas con nombre, con su título y sus parámetros.

    \b
    Ejemplo:
        grafo consultas
    """
    from grafo import consultas

    for nombre in consultas.listar():
        consulta = consultas.cargar(nombre)
        click.echo(f"{nombre}\n    {consulta.titulo}. {consulta.descripcion}\n    parámetros: {consulta.parametros}")


@principal.command(name="consultar")
@click.argument("nombre")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal, o CSV/JSON limpios para programas.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Escribe el resultado en este archivo en vez de la salida estándar.")
def comando_consultar(nombre: str, datos: Path, formato: str, salida: Path | None) -> None:
    """Ejecuta una consulta con nombre (vea «grafo consultas») sobre el grafo de los datos.

    \b
    Ejemplo:
        grafo consultar acciones-sin-mandato --formato json
    """
    from grafo import consultas, formatos

    consulta = consultas.cargar(nombre)
    tabla = consultas.ejecutar(_leer_y_construir(datos), consulta)
    if formato == "tabla" and salida is None:
        from rich.console import Console

        _mostrar_tabla(Console(), consulta.titulo, tabla)
        return
    # Una tabla pedida a un archivo se escribe como CSV.
    texto = formatos.a_json(tabla) if formato == "json" else formatos.a_csv(tabla)
    if salida is None:
        click.echo(texto, nl=not texto.endswith("\n"))
        return
    from grafo.almacen import escribir_atomico

    escribir_atomico(salida, texto.encode("utf-8"))
    click.echo(f"{len(tabla)} filas escritas en {salida}.", err=True)
