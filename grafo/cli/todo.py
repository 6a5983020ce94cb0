"""`grafo todo`: lo que hace `make demo`, sin make ni un intérprete de órdenes (sirve igual en Windows).

Cada paso es una orden de grafo con sus argumentos, corrida en este mismo proceso: el grafo se
construye una sola vez para todos los pasos.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from grafo.cli.comun import opcion_datos, orden, reusar_construccion
from grafo.errores import ErrorGrafo
from grafo.texto import sin_controles

# La matriz de fundamentos que el DEPM preparó para AMSCLAE, SECCATID y la Comisión del Plan Trifinio.
ALIADOS = "AMSCLAE,SECCATID,CTPT"
GUION = Path("guiones") / "reunion-2024-09-18.toml"
TITULO_REUNION = "Mandatos de AMSCLAE, SECCATID y la Comisión Trinacional del Plan Trifinio"


@dataclass(frozen=True)
class Paso:
    """Una orden de grafo y sus argumentos; `{s}` es la carpeta de salidas y `{d}` la de datos."""

    orden: str
    argumentos: tuple[str, ...] = ()
    necesita: str = ""  # "aliados", "guion", "reuniones" o "acta": se salta, con un aviso, si los datos no lo traen


PASOS: tuple[Paso, ...] = (
    Paso("construir", ("--salida", "{s}/grafo.ttl")),
    Paso("validar"),
    Paso("resumen"),
    Paso("plantilla", ("--salida", "{s}/datos.xlsx")),
    Paso("brechas", ("--formato", "markdown", "--salida", "{s}/brechas.md")),
    Paso("traslapes", ("--formato", "markdown", "--salida", "{s}/traslapes.md")),
    Paso("brechas", ("--salida", "{s}/brechas.docx")),
    Paso("traslapes", ("--salida", "{s}/traslapes.html")),
    Paso("mapa", ("--salida", "{s}/mapa.html")),
    Paso("mapa", ("--vista", "mandatos", "--salida", "{s}/mapa-mandatos.html")),
    Paso("mapa", ("--vista", "acciones", "--salida", "{s}/mapa-acciones.html")),
    Paso("mapa", ("--color", "comunidad", "--salida", "{s}/mapa-comunidades.html")),
    Paso("mapa", ("--salida", "{s}/mapa.png")),
    Paso("mapa", ("--foco", "AMSCLAE", "--vista", "mandatos", "--salida", "{s}/mapa-amsclae.svg"), "aliados"),
    Paso("presentacion", ("{g}", "--salida", "{s}/presentacion.html"), "guion"),
    Paso("comunidades", ("--salida", "{s}/comunidades.txt")),
    Paso("matriz", ("--instituciones", "{a}", "--salida", "{s}/matrices.xlsx"), "aliados"),
    Paso("matriz", ("--salida", "{s}/matrices.xlsx"), "sin-aliados"),
    Paso("reunion", ("--instituciones", "{a}", "--fecha", "2024-09-18", "--titulo", TITULO_REUNION,
                     "--salida", "{s}/reunion-2024-09-18.docx"), "aliados"),
    Paso("fichas", ("--carpeta", "{s}/fichas")),
    Paso("seguimiento", ("--salida", "{s}/seguimiento.docx"), "reuniones"),
    Paso("mapa", ("--vista", "reuniones", "--salida", "{s}/mapa-reuniones.html"), "reuniones"),
    Paso("acta", ("R-2024-09-18", "--salida", "{s}/acta-R-2024-09-18.docx"), "acta"),
)


def _argumentos(paso: Paso, datos: Path, salidas: Path, aliados: str) -> list[str]:
    # Rutas armadas con pathlib: en Windows quedan con su separador.
    valores = {"{s}": salidas, "{d}": datos, "{g}": _carpeta(datos) / GUION, "{a}": aliados}
    argumentos = []
    for a in paso.argumentos:
        if a.startswith("{s}/"):
            argumentos.append(str(salidas / a.removeprefix("{s}/")))
        else:
            argumentos.append(str(valores.get(a, a)))
    return [*argumentos, "--datos", str(datos)]


def _carpeta(datos: Path) -> Path:
    """Donde están los guiones: la carpeta de datos, o la del libro si --datos es un libro."""
    return datos if datos.is_dir() else datos.parent


def _lo_que_traen(datos: Path, aliados: str) -> tuple[list[str], set[str]]:
    """Los aliados que faltan en los datos y los ids de sus reuniones."""
    from grafo.cli.comun import leer_paquete_y_fuente

    paquete, _fuente = leer_paquete_y_fuente(datos)
    ids = set(paquete.tabla("instituciones").datos["id"])
    reuniones = set(paquete.tablas["reuniones"].datos["id"]) if "reuniones" in paquete.tablas else set()
    pedidos = [a.strip() for a in aliados.split(",") if a.strip()]
    if not pedidos:
        return ["ninguna institución (--aliados está vacío)"], reuniones
    return [a for a in pedidos if a not in ids], reuniones


def _pasos(datos: Path, aliados: str) -> list[tuple[Paso, str]]:
    """Cada paso con la razón para saltarlo ("" si corre)."""
    faltan, reuniones = _lo_que_traen(datos, aliados)
    hay_guion = (_carpeta(datos) / GUION).is_file()
    elegidos = []
    for paso in PASOS:
        razon = ""
        if paso.necesita == "aliados" and faltan:
            razon = (f"no se pidió {faltan[0]}" if faltan[0].startswith("ninguna")
                     else f"los datos no tienen {', '.join(faltan)} (use --aliados)")
        elif paso.necesita == "sin-aliados" and not faltan:
            continue  # el libro ya sale con la matriz de fundamentos
        elif paso.necesita == "guion" and not hay_guion:
            razon = f"no hay guion en {_carpeta(datos) / GUION}"
        elif paso.necesita == "reuniones" and not reuniones:
            razon = "los datos no tienen la tabla de reuniones"
        elif paso.necesita == "acta" and paso.argumentos[0] not in reuniones:
            razon = f"los datos no tienen la reunión {paso.argumentos[0]}"
        elegidos.append((paso, razon))
    return elegidos


@orden("todo")
@opcion_datos
@click.option("--salidas", type=click.Path(path_type=Path, file_okay=False), default=Path("salidas"),
              show_default=True, help="Carpeta donde se escribe todo.")
@click.option("--aliados", default=ALIADOS, show_default=True, metavar="IDS",
              help="Instituciones de la matriz de fundamentos, el mapa centrado y la minuta de reunión.")
@click.pass_context
def comando_todo(ctx: click.Context, datos: Path, salidas: Path, aliados: str) -> None:
    """Construye todo desde los datos en la carpeta de salidas: lo mismo que `make demo`.

    El grafo, la validación y el resumen, la plantilla de Excel con los datos, los informes de
    brechas y traslapes, los mapas, la presentación, las matrices, la minuta y las fichas. Sirve
    en Windows sin make. Si un paso falla, sigue con los demás y al final sale con código 1.

    \b
    Ejemplo:
        grafo todo --datos datos --salidas salidas
    """
    grupo = ctx.parent.command if ctx.parent is not None else None
    assert isinstance(grupo, click.Group)
    fallidos: list[str] = []
    with reusar_construccion():
        for paso, razon in _pasos(datos, aliados):
            argumentos = _argumentos(paso, datos, salidas, aliados)
            if razon:
                click.echo(f"Se salta «grafo {paso.orden}»: {razon}.", err=True)
                continue
            comando = grupo.commands[paso.orden]
            try:
                with comando.make_context(paso.orden, argumentos, parent=ctx) as sub:
                    comando.invoke(sub)
            except SystemExit as salida:  # validar sale con 1 si hay errores: se informa y se sigue
                if salida.code:
                    fallidos.append(paso.orden)
            except (click.ClickException, ErrorGrafo) as error:
                # Solo el mensaje: el de click sugeriría «grafo todo mapa --ayuda», que no existe.
                texto = error.format_message() if isinstance(error, click.ClickException) else str(error)
                click.echo(f"Error en «grafo {paso.orden}»: {sin_controles(texto)}", err=True)
                fallidos.append(paso.orden)
            except Exception as error:  # noqa: BLE001 - un paso roto no detiene los demás ni muestra una traza
                click.echo(f"Error inesperado en «grafo {paso.orden}» ({type(error).__name__}: "
                           f"{sin_controles(str(error))[:300]}). Los demás pasos siguen; corra esa orden sola "
                           "para ver el detalle.", err=True)
                fallidos.append(paso.orden)
    if fallidos:
        cuantos = "Falló 1 paso" if len(fallidos) == 1 else f"Fallaron {len(fallidos)} pasos"
        raise click.ClickException(f"{cuantos}: {', '.join(fallidos)}.")
    click.echo(f"Listo: todo escrito en {salidas}.", err=True)


ORDENES = (comando_todo,)
