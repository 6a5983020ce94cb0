"""Órdenes de la red de coordinación: el mapa, las medidas, las rutas y las comunidades."""

from __future__ import annotations

from pathlib import Path

import click

from grafo.cli.comun import (
    RUTA_SALIDAS,
    abrir,
    fecha_opcional,
    opcion_datos,
    opcion_salida,
    opcion_separador,
    opciones_servidor,
    orden,
    progreso,
)
from grafo.cli.salida import emitir


@orden("mapa")
@opcion_datos
@click.option("--vista", type=click.Choice(["instituciones", "mandatos", "acciones", "completa", "reuniones"]),
              default="instituciones", show_default=True,
              help="instituciones: unidas por acciones y temas compartidos; mandatos: con sus mandatos y temas; "
                   "acciones: con responsables y vinculadas; completa: todo; reuniones: quién se reunió sobre "
                   "qué acciones.")
@click.option("--foco", default=None, metavar="ID", help="Solo el vecindario de esta institución.")
@click.option("--profundidad", type=click.IntRange(1, 6), default=None,
              help="Cuántos pasos alrededor del foco [predeterminado: hasta lo que la vista muestra: 1 en "
                   "instituciones y acciones, 2 en mandatos (institución → mandato → tema) y completa].")
@click.option("--eje", default=None, metavar="ID", help="Solo las acciones de este eje.")
@click.option("--tema", default=None, metavar="ID", help="Solo lo que toca este tema (o uno más específico).")
@click.option("--periodo", default=None, metavar="AAAA", help="Solo las acciones de este periodo.")
@click.option("--desde", default=None, metavar="FECHA", callback=fecha_opcional,
              help="En la vista de reuniones: solo las reuniones de este día en adelante.")
@click.option("--hasta", default=None, metavar="FECHA", callback=fecha_opcional,
              help="En la vista de reuniones: solo las reuniones hasta este día.")
@click.option("--color", type=click.Choice(["tipo", "comunidad", "eje", "pmm", "clase"]), default=None,
              help="Qué dice el color. tipo: el tipo de institución [predeterminado en la vista de instituciones]; "
                   "comunidad: el bloque de cada institución (como en «grafo comunidades»; solo en la vista de "
                   "instituciones); eje: el eje de la política; pmm: el objetivo del Pacto Mundial para la "
                   "Migración (tabla alineaciones); clase: institución, mandato, tema o acción "
                   "[predeterminado en las demás vistas].")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=RUTA_SALIDAS / "mapa.html",
              show_default=True, help="Archivo que se escribe: .html (interactivo) o una imagen para diapositivas "
                                      "y documentos, .png (2.560 px de ancho), .svg o .pdf (vectoriales).")
@opciones_servidor
def comando_mapa(datos: Path, vista: str, foco: str | None, profundidad: int | None, eje: str | None, tema: str | None,
                 periodo: str | None, desde: str | None, hasta: str | None, color: str | None, salida: Path,
                 endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe un mapa de vínculos interactivo (un solo HTML que funciona sin internet) o una imagen.

    Búsqueda por sigla o nombre, filtros, leyenda, brechas y traslapes marcados, clic en una
    institución para ver su vecindario y un botón para guardar la vista como PNG. Con --salida
    .png, .svg o .pdf escribe el mismo dibujo como imagen, con título, leyenda, fecha y versión
    de los datos.

    \b
    Ejemplo:
        grafo mapa --vista mandatos --salida salidas/mapa-mandatos.html
        grafo mapa --foco IGM --profundidad 2
        grafo mapa --color comunidad --salida salidas/mapa-comunidades.html
        grafo mapa --foco AMSCLAE --salida salidas/mapa-amsclae.png
        grafo mapa --vista reuniones --desde 2024-09-01 --hasta 2024-09-30
    """
    from grafo import productos
    from grafo.dominio.mapa import Filtro

    if color == "comunidad" and vista != "instituciones":
        raise click.UsageError("--color comunidad colorea la red de coordinación: úselo con --vista instituciones.")
    if (desde or hasta) and vista != "reuniones":
        raise click.UsageError("--desde y --hasta recortan reuniones: úselos con --vista reuniones.")
    if desde and hasta and desde > hasta:
        raise click.UsageError(f"--desde {desde} es posterior a --hasta {hasta}: las fechas están al revés.")
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    filtro = Filtro(vista=vista, foco=foco, profundidad=profundidad, eje=eje, tema=tema, periodo=periodo, color=color,
                    desde=desde, hasta=hasta)
    with progreso("Consultando y dibujando el mapa"):
        dibujo = productos.dibujar_mapa(proyecto, filtro)
    emitir(dibujo, None, salida)


@orden("analizar")
@opcion_separador
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json", "gexf", "graphml"]), default="tabla",
              show_default=True,
              help="Tabla legible en la terminal, CSV/JSON para programas, o la red para Gephi (gexf) o "
                   "Cytoscape (graphml), con nombres, tipo, comunidad, PageRank y posiciones.")
@opcion_salida
@opciones_servidor
def comando_analizar(datos: Path, formato: str, salida: Path | None, endpoint: str | None, grafo_iri: str | None,
                     tiempo_limite: float) -> None:
    """Mide la red de coordinación: qué instituciones son centros, puentes y puntos de articulación.

    La red es la del mapa de instituciones: dos instituciones se unen si comparten acciones o
    temas cubiertos por mandato. Por institución: instituciones vecinas (grado), vínculos,
    intermediación, PageRank, comunidad y si es punto de articulación (sin ella la red se parte).

    \b
    Ejemplo:
        grafo analizar
        grafo analizar --formato csv --salida salidas/red.csv
    """
    from grafo import productos

    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Consultando los vínculos entre instituciones"):
        medidas = productos.medir_red(proyecto)
    emitir(medidas, formato, salida)


@orden("ruta")
@click.argument("origen")
@click.argument("destino")
@opcion_datos
@click.option("--max", "maximo", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Cuántas rutas igual de cortas mostrar, la de vínculos más fuertes primero.")
@click.option("--formato", type=click.Choice(["texto", "json"]), default="texto", show_default=True,
              help="Texto para leer en voz alta, o JSON para programas.")
@opciones_servidor
def comando_ruta(origen: str, destino: str, datos: Path, maximo: int, formato: str, endpoint: str | None,
                 grafo_iri: str | None, tiempo_limite: float) -> None:
    """Cómo se unen dos instituciones: las rutas más cortas, cada paso explicado en palabras.

    Cada paso dice qué acción comparten (y el papel de cada una) o qué tema cubren ambas por
    mandato, con el instrumento y el artículo de cada mandato.

    \b
    Ejemplo:
        grafo ruta SECCATID IGM
        grafo ruta AMSCLAE MINEX --max 5
    """
    from grafo import productos

    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Consultando los vínculos entre instituciones"):
        rutas = productos.ruta(proyecto, origen, destino, maximo=maximo)
    emitir(rutas, formato)


@orden("comunidades")
@opcion_separador
@opcion_datos
@click.option("--formato", type=click.Choice(["texto", "csv", "json"]), default="texto", show_default=True,
              help="Texto legible, o CSV/JSON para programas.")
@opcion_salida
@opciones_servidor
def comando_comunidades(datos: Path, formato: str, salida: Path | None, endpoint: str | None, grafo_iri: str | None,
                        tiempo_limite: float) -> None:
    """Los bloques de la red de coordinación, cada uno con los temas y ejes que lo unen.

    Cada bloque (Louvain, semilla fija) se nombra por su institución más central (PageRank).

    \b
    Ejemplo:
        grafo comunidades
        grafo comunidades --formato json --salida salidas/comunidades.json
    """
    from grafo import productos

    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Consultando los vínculos entre instituciones"):
        bloques = productos.comunidades(proyecto)
    emitir(bloques, formato, salida)


@orden("presentacion")
@click.argument("guion", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@opcion_datos
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False),
              default=RUTA_SALIDAS / "presentacion.html", show_default=True, help="Archivo HTML que se escribe.")
@opciones_servidor
def comando_presentacion(guion: Path, datos: Path, salida: Path, endpoint: str | None, grafo_iri: str | None,
                         tiempo_limite: float) -> None:
    """Escribe una presentación para una reunión: una secuencia de vistas del mapa en un solo HTML sin internet.

    El guion (TOML) da un título y una lista de pasos [[paso]], cada uno con titulo, nota y la vista
    guardada: vista, foco, profundidad, eje, tema, periodo, color y resaltar (ids que se destacan).
    Las flechas ← → (o los botones) pasan de un paso a otro; hay pantalla completa.

    \b
    Ejemplo:
        grafo presentacion datos/guiones/reunion-2024-09-18.toml
    """
    from grafo import productos

    plan = productos.leer_guion(guion)  # un guion mal escrito se dice antes de abrir los datos
    proyecto = abrir(datos, endpoint, grafo_iri, tiempo_limite)
    with progreso("Armando los pasos de la presentación"):
        presentacion = productos.presentar(proyecto, plan, archivo=guion)
    emitir(presentacion, "html", salida)


ORDENES = (comando_mapa, comando_analizar, comando_ruta, comando_comunidades, comando_presentacion)
