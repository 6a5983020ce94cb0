"""Interfaz de línea de órdenes: una llamada a la biblioteca y un `emitir` por orden.

Las órdenes viven por familia (`datos`, `consultas`, `red`, `matrices`); aquí está el grupo, que
las reúne y traduce los errores de dominio a un mensaje en español, en un solo lugar.
"""

from __future__ import annotations

from typing import Any

import click

from grafo.cli.espanol import traducir_click

# Antes de declarar las órdenes: sus opciones (click.Path…) toman los textos de click al crearse.
traducir_click()

import importlib  # noqa: E402

from grafo.cli.comun import OrdenGrafo  # noqa: E402
from grafo.errores import ErrorGrafo, ParametroInvalido  # noqa: E402
from grafo.formatos import FormatoNoDisponible  # noqa: E402

# Cada orden y su familia: una orden importa solo su módulo (grafo consultar no carga los de mapas y
# documentos; 20 ms de arranque). tests/test_casa.py comprueba que la lista coincide con cada ORDENES.
FAMILIAS: dict[str, tuple[str, ...]] = {
    "datos": ("construir", "validar", "resumen", "publicar", "plantilla", "cache"),
    "consultas": ("buscar", "consultas", "consultar", "sparql", "brechas", "traslapes", "marcos"),
    "red": ("mapa", "analizar", "ruta", "comunidades", "presentacion"),
    "matrices": ("matriz", "priorizar"),
    "documentos": ("reunion", "ficha", "fichas"),
    "seguimiento": ("seguimiento", "acta", "comparar"),
    "todo": ("todo",),
    "servir": ("servir",),
}
_FAMILIA_DE = {orden: familia for familia, ordenes in FAMILIAS.items() for orden in ordenes}


class GrupoGrafo(click.Group):
    """Traduce los errores de dominio a un mensaje en español y código de salida 1 (uso: 2); carga cada familia
    de órdenes al pedirla."""

    command_class = OrdenGrafo

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        for familia in FAMILIAS:
            self._cargar(familia)
        return self._ordenes

    @commands.setter
    def commands(self, valor: dict[str, click.Command]) -> None:
        self._ordenes, self._cargadas = dict(valor), set()

    def _cargar(self, familia: str) -> None:
        if familia not in self._cargadas:
            self._cargadas.add(familia)
            for orden in importlib.import_module(f"grafo.cli.{familia}").ORDENES:
                self._ordenes[orden.name] = orden

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _FAMILIA_DE:
            self._cargar(_FAMILIA_DE[cmd_name])
        return self._ordenes.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_FAMILIA_DE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, [_texto_de_argumento(a) for a in args])

    def invoke(self, ctx: click.Context) -> Any:
        from grafo.cli.salida import bandera, para_la_terminal

        # Un mensaje puede citar datos, una respuesta del servidor o lo que escribió el usuario: sin
        # secuencias de escape (ESC[2J borra la pantalla, OSC 52 escribe en el portapapeles) ni U+202E; las
        # opciones que nombra un mensaje de la biblioteca, como banderas de la CLI.
        try:
            return super().invoke(ctx)
        except (FormatoNoDisponible, ParametroInvalido) as error:
            raise click.UsageError(para_la_terminal(error.texto(bandera))) from error
        except ErrorGrafo as error:
            raise click.ClickException(para_la_terminal(error.texto(bandera))) from error
        except click.ClickException as error:
            error.message = para_la_terminal(error.message)
            raise
        finally:
            _terminar_cache()


def _texto_de_argumento(argumento: str) -> str:
    """Un argumento que el sistema no supo decodificar (una terminal en LANG=C, bytes en cp1252) como texto.

    Python lo entrega con sustitutos (U+DCxx) que no se pueden escribir ni enlazar en una consulta.
    """
    if not any("\udc80" <= c <= "\udcff" for c in argumento):
        return argumento
    crudo = argumento.encode("utf-8", "surrogateescape")
    try:
        return crudo.decode("utf-8")  # texto UTF-8 leído como ASCII (LANG=C): se recupera tal cual
    except UnicodeDecodeError:
        raise click.UsageError(f"El argumento «{crudo.decode('utf-8', 'replace')}» no es texto UTF-8 (¿la terminal "
                               "usa otra codificación?). Cómo corregirlo: escríbalo de nuevo en una terminal UTF-8 "
                               "(en Linux, LANG=es_GT.UTF-8).") from None


def _terminar_cache() -> None:
    """Lo que la caché guarda en otro hilo se termina antes de salir (si esta orden construyó un grafo)."""
    import sys

    cache = sys.modules.get("grafo.motores.cache")
    if cache is None or not cache.pendiente():
        return
    from grafo.cli.comun import progreso

    with progreso("Guardando el almacén para las órdenes siguientes"):
        cache.esperar()


@click.group(name="grafo", cls=GrupoGrafo, context_settings={"help_option_names": ["-h", "--help", "--ayuda"]})
@click.version_option(package_name="grafo", message="grafo %(version)s")
def principal() -> None:
    """grafo: mandatos institucionales y vínculos de la Política Migratoria de Guatemala.

    Lee el paquete de datos (CSV o Excel), construye un grafo RDF validado y lo consulta.

    \b
    Ejemplo:
        grafo construir --datos datos
    """
    salida_en_utf8()


def salida_en_utf8() -> None:
    """En Windows, `grafo … > x.csv` escribe con la página de códigos (cp1252), que no tiene el BOM ni los
    dibujos de las tablas: la salida redirigida va siempre en UTF-8 (la consola ya lo es)."""
    import sys

    for flujo in (sys.stdout, sys.stderr):
        codificacion = (getattr(flujo, "encoding", "") or "").lower().replace("-", "")
        if codificacion not in ("utf8", "utf8sig") and hasattr(flujo, "reconfigure"):
            flujo.reconfigure(encoding="utf-8")

