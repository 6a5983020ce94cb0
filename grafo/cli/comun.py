"""Lo que comparten las órdenes: la clase de orden, las opciones, el avance y de dónde salen los datos."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from grafo.proyecto import Proyecto

RUTA_SALIDAS = Path("salidas")


class OrdenGrafo(click.Command):
    """Orden con metavariables en español en la línea de uso."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


def orden(nombre: str) -> Callable[[Callable[..., Any]], click.Command]:
    """Declara una orden de grafo (la registra el grupo en `grafo.cli`)."""
    return click.command(name=nombre, cls=OrdenGrafo)


def consola_error() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def progreso(descripcion: str) -> Iterator[None]:
    """Indicador de avance en stderr, solo si es una terminal."""
    # Sin terminal no se importa rich: cada arranque cuenta (meta: consultar en ≤ 0,6 s).
    if not sys.stderr.isatty():
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    consola = consola_error()
    if not consola.is_terminal:
        yield
        return
    columnas = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columnas, console=consola, transient=True) as barra:
        barra.add_task(descripcion, total=None)
        yield


def _sin_cache(ctx: click.Context, _param: click.Parameter, valor: bool) -> bool:
    if valor:
        ctx.meta[SIN_CACHE] = True
    return valor


def opcion_datos(funcion: Any) -> Any:
    """--datos y --sin-cache, las opciones de toda orden que lee el paquete."""
    funcion = click.option(
        "--sin-cache", is_flag=True, expose_value=False, callback=_sin_cache,
        help="Construye el grafo desde los datos sin usar ni guardar el almacén de la caché.")(funcion)
    return click.option(
        "--datos", type=click.Path(path_type=Path), default=Path("datos"), show_default=True, metavar="CARPETA|LIBRO",
        envvar="GRAFO_DATOS", help="Los datos: una carpeta con un CSV por tabla, o un libro .xlsx con una hoja por "
                                   "tabla.")(funcion)

opcion_salida = click.option(
    "--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Escribe el resultado en este archivo en vez de la salida estándar.")


def _poner_separador(ctx: click.Context, _param: click.Parameter, valor: str) -> str:
    ctx.meta[SEPARADOR] = ";" if valor == "punto-y-coma" else ","
    return valor


opcion_separador = click.option(
    "--separador", type=click.Choice(["coma", "punto-y-coma"]), default="coma", show_default=True,
    envvar="GRAFO_SEPARADOR", expose_value=False, callback=_poner_separador,
    help="Separador de columnas del CSV: coma (Excel con punto decimal, como en Guatemala) o punto-y-coma "
         "(Excel con coma decimal, como en España).")


def _poner_papel(ctx: click.Context, _param: click.Parameter, valor: str) -> str:
    ctx.meta[PAPEL] = valor
    return valor


def opcion_papel(funcion: Any) -> Any:
    """--papel carta|oficio: el papel de los documentos de Word, del PDF y de la impresión del libro."""
    from grafo.formatos.papel import PAPELES, PREDETERMINADO

    medidas = "; ".join(f"{p.nombre}, {p.milimetros()}" for p in PAPELES.values())
    return click.option(
        "--papel", type=click.Choice(list(PAPELES)), default=PREDETERMINADO, show_default=True, envvar="GRAFO_PAPEL",
        expose_value=False, callback=_poner_papel,
        help=f"Papel en que se imprime ({medidas}), apaisado.")(funcion)


def opciones_servidor(funcion: Any) -> Any:
    """--endpoint, --grafo y --tiempo-limite: la misma orden sobre un servidor SPARQL 1.1."""
    funcion = click.option(
        "--tiempo-limite", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SEGUNDOS",
        help="Cuánto puede tardar cada consulta, en el grafo local o en el servidor (con --endpoint, el "
             "intercambio entero).")(funcion)
    funcion = click.option(
        "--grafo", "grafo_iri", default=None, metavar="IRI", envvar="GRAFO_GRAFO",
        help="Con --endpoint: el grafo con nombre que se consulta [predeterminado: el que usa grafo publicar].")(funcion)
    return click.option(
        "--endpoint", default=None, metavar="URL", envvar="GRAFO_ENDPOINT",
        help="Consulta este servidor SPARQL 1.1 (Virtuoso, Fuseki, GraphDB…) en vez de construir el grafo "
             "desde --datos. Usuario y clave, si hacen falta, en GRAFO_USUARIO y GRAFO_CLAVE.")(funcion)


def comprobar_url(endpoint: str) -> str:
    """Una dirección http(s) sin usuario ni clave escritos en ella (esos van en el entorno)."""
    from grafo.motores.protocolo import a_la_vista, revisar_url

    if not endpoint.startswith(("http://", "https://")):
        raise click.BadParameter(f"«{a_la_vista(endpoint)}» no es una dirección http:// o https:// (si no la "
                                 "escribió, viene de la variable GRAFO_ENDPOINT).", param_hint="--endpoint")
    return revisar_url(endpoint)


# Lo que una orden guarda en el contexto de click (compartido por la orden y sus subcontextos): solo la CLI lo lee.
SIN_CACHE, SEPARADOR, PROYECTOS = "grafo.sin_cache", "grafo.separador", "grafo.proyectos"
PAPEL = "grafo.papel"


def abrir(datos: Path, endpoint: str | None = None, grafo_iri: str | None = None, tiempo_limite: float | None = 60.0,
          *, pocas_consultas: bool = False) -> Proyecto:
    """El proyecto de la orden: el servidor de --endpoint o, si no hay, los datos de --datos (se elige aquí, una
    vez). Sus archivos de datos quedan protegidos: ninguna --salida de esta orden se escribe sobre ellos."""
    import grafo

    contexto = click.get_current_context()
    if endpoint is not None:
        proyecto = grafo.abrir(endpoint=comprobar_url(endpoint), grafo_iri=grafo_iri, tiempo_limite=tiempo_limite)
    else:
        proyecto = grafo.abrir(datos, tiempo_limite=tiempo_limite, cache=not contexto.meta.get(SIN_CACHE, False),
                               pocas_consultas=pocas_consultas, avisar=mostrar_aviso)
    contexto.meta.setdefault(PROYECTOS, []).append(proyecto)
    return proyecto


def preparar(proyecto: Proyecto, *, paquete: bool = False) -> Proyecto:
    """Abre el almacén (y lee las tablas si `paquete`) con el indicador de avance, si hay que construir."""
    datos = proyecto.origen.datos
    with progreso(f"Leyendo {datos} y construyendo el grafo" if datos is not None else "Abriendo el grafo"):
        return proyecto.preparar(paquete=paquete)


def protegidos() -> frozenset[str]:
    """Los archivos de datos que leyeron los proyectos de esta orden (una salida nunca va encima de uno)."""
    import os

    contexto = click.get_current_context(silent=True)
    proyectos = contexto.meta.get(PROYECTOS, []) if contexto is not None else []
    return frozenset(os.path.realpath(r) for p in proyectos for r in p.archivos)


def mostrar_aviso(aviso: str) -> None:
    """Lo que la lectura arregló o dejó fuera (un título sobre el encabezado, una nota): a stderr, sin detener,
    y sin secuencias de escape (el texto viene de los datos)."""
    from grafo.cli.salida import para_la_terminal

    click.echo(f"Aviso: {para_la_terminal(aviso)}", err=True)


def leer_parametros(pares: tuple[str, ...]) -> dict[str, list[str]]:
    """`-p clave=valor` repetidos → {clave: [ids]}; una lista va con comas."""
    from grafo.texto import separar_ids

    valores: dict[str, list[str]] = {}
    for par in pares:
        clave, signo, valor = par.partition("=")
        if not signo or not clave.strip():
            raise click.UsageError(f"El parámetro «{par}» no tiene la forma clave=valor (por ejemplo -p institucion=IGM).")
        # Las comas separan una lista de ids (-p instituciones=AMSCLAE,SECCATID).
        valores.setdefault(clave.strip(), []).extend(separar_ids(valor))
    return valores


def lista_de_ids(valor: str | None, opcion: str, ejemplo: str = "AMSCLAE,SECCATID") -> list[str]:
    """Los ids de una opción `ID,ID,…`; vacía (solo comas o espacios) es un error de uso que lo dice."""
    from grafo.texto import separar_ids

    ids = separar_ids(valor or "")
    if valor is not None and not ids:
        raise click.BadParameter(f"está vacío. Escriba ids separados por comas, por ejemplo {ejemplo}.",
                                 param_hint=opcion)
    return ids


def fecha_opcional(_ctx: click.Context, _param: click.Parameter, valor: str | None) -> str | None:
    """Una opción de fecha AAAA-MM-DD o día/mes/año (07/12/2026, como en los datos y en Guatemala), comprobada al
    leerla (un error de uso si no es una fecha real)."""
    from grafo.texto import leer_fecha

    if valor is None:  # click la llama también sin la opción
        return None
    try:
        return leer_fecha(valor)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
