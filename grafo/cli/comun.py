"""Lo que comparten las órdenes: la clase de orden, las opciones, el avance y de dónde salen los datos."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from grafo.motores import Almacen, Fuente
    from grafo.paquete.fuentes import Paquete

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


def _sin_cache(_ctx: click.Context, _param: click.Parameter, valor: bool) -> bool:
    if valor:
        from grafo.motores import cache

        cache.SIN_CACHE.set(True)
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


def _poner_separador(_ctx: click.Context, _param: click.Parameter, valor: str) -> str:
    from grafo.formatos import tabular

    tabular.SEPARADOR.set(";" if valor == "punto-y-coma" else ",")
    return valor


opcion_separador = click.option(
    "--separador", type=click.Choice(["coma", "punto-y-coma"]), default="coma", show_default=True,
    envvar="GRAFO_SEPARADOR", expose_value=False, callback=_poner_separador,
    help="Separador de columnas del CSV: coma (Excel con punto decimal, como en Guatemala) o punto-y-coma "
         "(Excel con coma decimal, como en España).")


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


_CONSTRUIDOS: ContextVar[dict[Path, tuple[Paquete, Almacen]] | None] = ContextVar("_CONSTRUIDOS", default=None)
# La clave que leer_fuente ya calculó y no encontró en la caché (carpeta, clave), para el construir que sigue.
_FALTA: ContextVar[tuple[Path, str | None] | None] = ContextVar("_FALTA", default=None)


@contextmanager
def reusar_construccion() -> Iterator[None]:
    """Dentro, cada carpeta de datos se lee y se construye una sola vez (`grafo todo` corre muchas órdenes)."""
    marca = _CONSTRUIDOS.set({})
    try:
        yield
    finally:
        _CONSTRUIDOS.reset(marca)


def leer_paquete_y_fuente(datos: Path) -> tuple[Paquete, Almacen]:
    """El paquete revisado y el almacén local con su grafo, para las órdenes que necesitan también las tablas."""
    construidos = _CONSTRUIDOS.get()
    clave = Path(datos).resolve()
    if construidos is not None and clave in construidos:
        return construidos[clave]
    with progreso(f"Leyendo {datos} y construyendo el grafo"):
        resultado = construir(datos)
    if construidos is not None:
        construidos[clave] = resultado
    return resultado


def leer_fuente(datos: Path, *, pocas_consultas: bool = False) -> Almacen:
    """El almacén de los datos para las órdenes que solo consultan: el de la caché si está, sin leer las tablas.

    `pocas_consultas` (consultar, sparql, buscar): sobre un grafo grande vale abrir el almacén en disco.
    """
    construidos = _CONSTRUIDOS.get()
    if construidos is not None and Path(datos).resolve() in construidos:
        return construidos[Path(datos).resolve()][1]
    guardado = _de_la_cache(datos, pocas_consultas=pocas_consultas)
    if guardado is None:
        return leer_paquete_y_fuente(datos)[1]
    from grafo.motores.oxigraph import Oxigraph

    mostrar_avisos(guardado.avisos)  # los de la lectura que armó la caché, como si se leyera ahora
    return Oxigraph(almacen=guardado.almacen)


def _de_la_cache(datos: Path, *, pocas_consultas: bool = False) -> Any:
    from grafo.archivos import proteger
    from grafo.motores import cache

    if cache.sin_cache():
        return None
    llave, archivos = cache.clave(Path(datos))
    proteger(archivos)  # aunque no se lean las tablas, una --salida no debe pisarlas
    guardado = cache.abrir(llave, pocas_consultas=pocas_consultas) if llave else None
    if guardado is None:
        _FALTA.set((Path(datos).resolve(), llave))  # construir no vuelve a leer los archivos para la clave
    return guardado


def construir(datos: Path) -> tuple[Paquete, Almacen]:
    """Lee, revisa y construye (las pruebas lo sustituyen para construir datos/ una sola vez por sesión).

    Con la caché: si el almacén de estos datos ya está, se abre en vez de construirlo; si no, se
    construye en memoria y se guarda para las órdenes siguientes.
    """
    from grafo import motores
    from grafo.motores import cache
    from grafo.paquete import fuentes
    from grafo.rdf import almacen

    # La clave de los archivos tal como se van a leer: si cambian mientras se construye, lo guardado
    # queda con la clave vieja y la orden siguiente, con los archivos nuevos, construye de nuevo.
    faltaba = _FALTA.get()
    _FALTA.set(None)
    if faltaba is not None and faltaba[0] == Path(datos).resolve():
        llave, se_sabe = faltaba[1], True  # leer_fuente acaba de buscarla y no estaba
    else:
        llave, se_sabe = (None if cache.sin_cache() else cache.clave(Path(datos))[0]), False
    paquete = fuentes.leer_paquete(datos)
    mostrar_avisos(paquete.avisos)
    guardado = cache.abrir(llave) if llave and not se_sabe else None
    if guardado is not None:
        from grafo.motores.oxigraph import Oxigraph

        return paquete, Oxigraph(almacen=guardado.almacen)
    grafo = almacen.construir(paquete)
    fuente = motores.local(grafo)
    if llave:
        cache.guardar_luego(llave, fuente.volcar, version=fuente.version(),
                            avisos=tuple(str(a) for a in paquete.avisos))
    return paquete, fuente


def mostrar_avisos(avisos: Iterable[object]) -> None:
    """Lo que la lectura arregló o dejó fuera (un título sobre el encabezado, una nota): a stderr, sin detener,
    y sin secuencias de escape (el texto viene de los datos)."""
    from grafo.texto import sin_controles

    for aviso in avisos:
        click.echo(f"Aviso: {sin_controles(str(aviso))}", err=True)


def abrir_fuente(datos: Path, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float, *,
                 pocas_consultas: bool = False) -> Fuente:
    """El servidor pedido con --endpoint o, si no hay, el grafo construido desde los datos: se elige aquí, una vez."""
    if endpoint is None:
        return leer_fuente(datos, pocas_consultas=pocas_consultas).con_tiempo_limite(tiempo_limite)
    from grafo.motores import servidor

    return servidor.Servidor(comprobar_url(endpoint), grafo=grafo_iri or servidor.GRAFO_PREDETERMINADO,
                             tiempo_limite=tiempo_limite)


def leer_parametros(pares: tuple[str, ...]) -> dict[str, list[str]]:
    """`-p clave=valor` repetidos → {clave: [ids]}; una lista va con comas."""
    valores: dict[str, list[str]] = {}
    for par in pares:
        clave, signo, valor = par.partition("=")
        if not signo or not clave.strip():
            raise click.UsageError(f"El parámetro «{par}» no tiene la forma clave=valor (por ejemplo -p institucion=IGM).")
        # Las comas separan una lista de ids (-p instituciones=AMSCLAE,SECCATID).
        valores.setdefault(clave.strip(), []).extend(valor.split(","))
    return valores


def fecha_opcional(_ctx: click.Context, _param: click.Parameter, valor: str | None) -> str | None:
    """Una opción de fecha AAAA-MM-DD, comprobada al leerla (un error de uso si no es una fecha real)."""
    import datetime as dt

    if valor is None:
        return None
    try:
        fecha = dt.date.fromisoformat(valor)
    except ValueError:
        raise click.BadParameter(f"«{valor}» no es una fecha AAAA-MM-DD (p. ej. 2024-10-31).") from None
    if not 1900 <= fecha.year <= 2200:
        raise click.BadParameter(f"«{valor}»: use una fecha entre 1900 y 2200.")
    return fecha.isoformat()
