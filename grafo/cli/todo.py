"""`grafo todo`: lo que hace `make demo`, sin make ni un intérprete de órdenes (sirve igual en Windows).

Cada paso es un producto de la biblioteca y su salida, sobre un solo proyecto abierto: el grafo se
construye (o se abre de la caché) una vez y cada consulta se envía una vez para todos los pasos.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grafo.cli.comun import abrir, opcion_datos, opcion_papel, orden, preparar, progreso
from grafo.cli.salida import bandera, emitir, para_la_terminal
from grafo.errores import ErrorGrafo
from grafo.texto import separar_ids

if TYPE_CHECKING:
    from grafo.proyecto import Proyecto

# La matriz de fundamentos que el DEPM preparó para AMSCLAE, SECCATID y la Comisión del Plan Trifinio.
ALIADOS = "AMSCLAE,SECCATID,CTPT"
GUION = Path("guiones") / "reunion-2024-09-18.toml"
TITULO_REUNION = "Mandatos de AMSCLAE, SECCATID y la Comisión Trinacional del Plan Trifinio"
ACTA = "R-2024-09-18"


@dataclass(frozen=True)
class Pedido:
    """Lo que `grafo todo` recibió: los datos, los aliados y dónde está el guion."""

    datos: Path
    aliados: tuple[str, ...]

    @property
    def guion(self) -> Path:
        """Donde está el guion: en la carpeta de datos, o en la del libro si --datos es un libro."""
        return (self.datos if self.datos.is_dir() else self.datos.parent) / GUION


@dataclass(frozen=True)
class Paso:
    """Un producto de la biblioteca (lo que hace la orden `orden`) y dónde se escribe dentro de --salidas."""

    orden: str
    hacer: Callable[[Proyecto, Pedido], Any]
    salida: str = ""  # vacío: a la terminal
    # "aliados", "guion", "reuniones" o "acta": se salta, con un aviso, si los datos no lo traen; "sin-aliados":
    # solo corre (sin aviso) si los aliados no están en los datos.
    necesita: str = ""
    tambien: tuple[str, ...] = ()  # el mismo producto, armado una vez, en otros archivos (otros formatos)
    escribir: Callable[[Any, Path], None] | None = None  # cómo se escribe, si no es un archivo (las fichas: una carpeta)


def _p(nombre: str, **opciones: Any) -> Callable[[Proyecto, Pedido], Any]:
    """El producto `nombre` de `grafo.productos` con esas opciones."""
    def hacer(proyecto: Proyecto, _pedido: Pedido) -> Any:
        from grafo import productos

        return getattr(productos, nombre)(proyecto, **opciones)
    return hacer


def _mapa(**filtro: Any) -> Callable[[Proyecto, Pedido], Any]:
    def hacer(proyecto: Proyecto, _pedido: Pedido) -> Any:
        from grafo import productos
        from grafo.dominio.mapa import Filtro

        return productos.dibujar_mapa(proyecto, Filtro(**filtro))
    return hacer


def _sala(vista: str, nombre: str) -> Callable[[Proyecto, Pedido], Any]:
    """Un mapa denso y sus partes para la sala (`grafo.dominio.sala`), escritas a su lado."""
    def hacer(proyecto: Proyecto, _pedido: Pedido) -> Any:
        from grafo import productos
        from grafo.dominio.mapa import Filtro

        return productos.mapa_para_la_sala(proyecto, Filtro(vista=vista), nombre)
    return hacer


def _escribir_sala(sala: Any, ruta: Path) -> None:
    for archivo, mapa in sala.archivos(ruta.name):
        emitir(mapa, None, ruta.parent / archivo)


def _validar(proyecto: Proyecto, _pedido: Pedido) -> Any:
    return proyecto.validar()


def _presentacion(proyecto: Proyecto, pedido: Pedido) -> Any:
    from grafo import productos

    return productos.presentar(proyecto, productos.leer_guion(pedido.guion), archivo=pedido.guion)


def _matrices(proyecto: Proyecto, pedido: Pedido) -> Any:
    from grafo import productos

    return productos.armar_matrices(proyecto, instituciones=pedido.aliados)


def _fichas(fichas: Any, carpeta: Path) -> None:
    from grafo.cli.documentos import escribir_fichas

    escribir_fichas(fichas, carpeta)


def _reunion(proyecto: Proyecto, pedido: Pedido) -> Any:
    from grafo import productos

    return productos.preparar_reunion(proyecto, pedido.aliados, fecha="2024-09-18", titulo=TITULO_REUNION)


PASOS: tuple[Paso, ...] = (
    Paso("construir", _p("tripletas"), "grafo.ttl"),
    Paso("validar", _validar),
    Paso("resumen", _p("resumir")),
    Paso("plantilla", _p("plantilla"), "datos.xlsx"),
    Paso("brechas", _p("brechas"), "brechas.md", tambien=("brechas.docx",)),
    Paso("traslapes", _p("traslapes"), "traslapes.md", tambien=("traslapes.html",)),
    Paso("marcos", _p("marcos"), "marcos-pmm.docx", tambien=("marcos-pmm.md",)),
    Paso("marcos", _p("marcos", marco="ods"), "marcos-ods.md"),
    Paso("mapa", _mapa(), "mapa.html", tambien=("mapa.png",)),
    Paso("mapa", _sala("mandatos", "mapa-mandatos.html"), "mapa-mandatos.html", escribir=_escribir_sala),
    Paso("mapa", _sala("acciones", "mapa-acciones.html"), "mapa-acciones.html", escribir=_escribir_sala),
    Paso("mapa", _mapa(color="comunidad"), "mapa-comunidades.html"),
    Paso("mapa", _mapa(foco="AMSCLAE", vista="mandatos"), "mapa-amsclae.svg", "aliados"),
    Paso("presentacion", _presentacion, "presentacion.html", "guion"),
    Paso("comunidades", _p("comunidades"), "comunidades.txt"),
    Paso("matriz", _matrices, "matrices.xlsx", "aliados"),
    Paso("matriz", _p("armar_matrices"), "matrices.xlsx", "sin-aliados"),
    Paso("reunion", _reunion, "reunion-2024-09-18.docx", "aliados"),
    Paso("fichas", _p("armar_fichas"), "fichas", escribir=_fichas),
    Paso("seguimiento", _p("seguimiento"), "seguimiento.docx", "reuniones"),
    Paso("mapa", _mapa(vista="reuniones"), "mapa-reuniones.html", "reuniones"),
    Paso("acta", _p("armar_acta", reunion=ACTA), f"acta-{ACTA}.docx", "acta"),
)


def _lo_que_traen(proyecto: Proyecto, pedido: Pedido) -> tuple[list[str], set[str]]:
    """Los aliados que faltan en los datos y los ids de sus reuniones."""
    paquete = proyecto.tablas_del_paquete()
    ids = set(paquete.tabla("instituciones").datos["id"])
    reuniones = set(paquete.tablas["reuniones"].datos["id"]) if "reuniones" in paquete.tablas else set()
    if not pedido.aliados:
        return ["ninguna institución (--aliados está vacío)"], reuniones
    return [a for a in pedido.aliados if a not in ids], reuniones


def _pasos(proyecto: Proyecto, pedido: Pedido) -> list[tuple[Paso, str]]:
    """Cada paso con la razón para saltarlo ("" si corre)."""
    faltan, reuniones = _lo_que_traen(proyecto, pedido)
    elegidos = []
    for paso in PASOS:
        razon = ""
        if paso.necesita == "aliados" and faltan:
            razon = (f"no se pidió {faltan[0]}" if faltan[0].startswith("ninguna")
                     else f"los datos no tienen {', '.join(faltan)} (use --aliados)")
        elif paso.necesita == "sin-aliados" and not faltan:
            continue  # el libro ya sale con la matriz de fundamentos
        elif paso.necesita == "guion" and not pedido.guion.is_file():
            razon = f"no hay guion en {pedido.guion}"
        elif paso.necesita == "reuniones" and not reuniones:
            razon = "los datos no tienen la tabla de reuniones"
        elif paso.necesita == "acta" and ACTA not in reuniones:
            razon = f"los datos no tienen la reunión {ACTA}"
        elegidos.append((paso, razon))
    return elegidos


def _escribir(paso: Paso, producto: Any, salidas: Path) -> bool:
    """Escribe lo que dio un paso: a la terminal, a su archivo o como diga el paso (las fichas, una por
    institución). Falso si es una validación que no pasó (el informe ya lo dice)."""
    if paso.escribir is not None:
        paso.escribir(producto, salidas / paso.salida)
    elif paso.salida:
        for salida in (paso.salida, *paso.tambien):
            emitir(producto, None, salidas / salida)
    else:
        emitir(producto, None)
    return getattr(producto, "conforme", True)


def _correr(paso: Paso, proyecto: Proyecto, pedido: Pedido, salidas: Path) -> bool:
    """Corre un paso; si falla, lo dice (solo el mensaje, sin traza) y devuelve False."""
    try:
        with progreso(f"grafo {paso.orden}"):
            producto = paso.hacer(proyecto, pedido)
        return _escribir(paso, producto, salidas)
    except (click.ClickException, ErrorGrafo) as error:
        # Solo el mensaje: el de click sugeriría «grafo todo mapa --ayuda», que no existe.
        texto = error.format_message() if isinstance(error, click.ClickException) else error.texto(bandera)
        click.echo(f"Error en «grafo {paso.orden}»: {para_la_terminal(texto)}", err=True)
    except Exception as error:  # noqa: BLE001 - un paso roto no detiene los demás ni muestra una traza
        click.echo(f"Error inesperado en «grafo {paso.orden}» ({type(error).__name__}: "
                   f"{para_la_terminal(str(error))[:300]}). Los demás pasos siguen; corra esa orden sola "
                   "para ver el detalle.", err=True)
    return False


@orden("todo")
@opcion_datos
@click.option("--salidas", type=click.Path(path_type=Path, file_okay=False), default=Path("salidas"),
              show_default=True, help="Carpeta donde se escribe todo.")
@click.option("--aliados", default=ALIADOS, show_default=True, metavar="IDS",
              help="Instituciones de la matriz de fundamentos, el mapa centrado y la minuta de reunión.")
@opcion_papel
def comando_todo(datos: Path, salidas: Path, aliados: str) -> None:
    """Construye todo desde los datos en la carpeta de salidas: lo mismo que `make demo`.

    El grafo, la validación y el resumen, la plantilla de Excel con los datos, los informes de
    brechas y traslapes, la Política ante el Pacto Mundial y los ODS, los mapas, la presentación,
    las matrices, la minuta y las fichas. Sirve en Windows sin make. Si un paso falla, sigue
    con los demás y al final sale con código 1.

    \b
    Ejemplo:
        grafo todo --datos datos --salidas salidas
    """
    proyecto = abrir(datos)
    pedido = Pedido(datos, tuple(separar_ids(aliados)))
    pasos = _pasos(preparar(proyecto, paquete=True), pedido)  # lee y revisa el paquete entero
    fallidos: list[str] = []
    for paso, razon in pasos:
        if razon:
            click.echo(f"Se salta «grafo {paso.orden}»: {razon}.", err=True)
        elif not _correr(paso, proyecto, pedido, salidas):
            fallidos.append(paso.orden)
    if fallidos:
        cuantos = "Falló 1 paso" if len(fallidos) == 1 else f"Fallaron {len(fallidos)} pasos"
        raise click.ClickException(f"{cuantos}: {', '.join(fallidos)}.")
    click.echo(f"Listo: todo escrito en {salidas}. Para recorrerlo en el navegador: grafo servir", err=True)


ORDENES = (comando_todo,)
