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
from grafo.cli.espanol import traducir_click

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
    """Indicador de avance en stderr, solo si es una terminal."""
    # Sin terminal no se importa rich: cada arranque cuenta (meta: consultar en ≤ 0,6 s).
    if not sys.stderr.isatty():
        yield
        return
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
    consola.print(f"[bold]{titulo}[/bold] ({len(tabla)} filas)")
    consola.print(_tabla_rich(tabla))


def _tabla_rich(tabla: pd.DataFrame, *, lineas: bool = False) -> Any:
    """Una tabla de rich con las celdas como texto (listas separadas por coma)."""
    from rich.table import Table

    from grafo.formatos.tabular import a_filas_texto

    vista = Table(header_style="bold", show_lines=lineas)
    for columna in tabla.columns:
        vista.add_column(str(columna).replace("_", " "), overflow="fold")
    for fila in a_filas_texto(tabla):
        vista.add_row(*fila)
    return vista


opcion_datos = click.option(
    "--datos", type=click.Path(path_type=Path, file_okay=False), default=Path("datos"), show_default=True,
    envvar="GRAFO_DATOS", help="Carpeta del paquete de datos: un CSV por tabla o un libro .xlsx.",
)


opcion_salida = click.option(
    "--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Escribe el resultado en este archivo en vez de la salida estándar.")


def opciones_servidor(funcion: Any) -> Any:
    """--endpoint, --grafo y --tiempo-limite: la misma orden sobre un servidor SPARQL 1.1."""
    funcion = click.option(
        "--tiempo-limite", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SEGUNDOS",
        help="Con --endpoint: cuánto esperar la respuesta del servidor.")(funcion)
    funcion = click.option(
        "--grafo", "grafo_iri", default=None, metavar="IRI", envvar="GRAFO_GRAFO",
        help="Con --endpoint: el grafo con nombre que se consulta [predeterminado: el que usa grafo publicar].")(funcion)
    return click.option(
        "--endpoint", default=None, metavar="URL", envvar="GRAFO_ENDPOINT",
        help="Consulta este servidor SPARQL 1.1 (Virtuoso, Fuseki, GraphDB…) en vez de construir el grafo "
             "desde --datos. Usuario y clave, si hacen falta, en GRAFO_USUARIO y GRAFO_CLAVE.")(funcion)


def _comprobar_url(endpoint: str) -> str:
    if not endpoint.startswith(("http://", "https://")):
        raise click.BadParameter(f"«{endpoint}» no es una dirección http:// o https://.", param_hint="--endpoint")
    return endpoint


def _origen(datos: Path, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> Any:
    """El servidor pedido con --endpoint o, si no hay, el grafo construido desde los datos."""
    if endpoint is None:
        return _leer_y_construir(datos)
    from grafo.motores import servidor

    return servidor.Servidor(_comprobar_url(endpoint), grafo=grafo_iri or servidor.GRAFO_PREDETERMINADO,
                             tiempo_limite=tiempo_limite)


def _leer_paquete_y_grafo(datos: Path) -> tuple[Any, Any]:
    """El paquete revisado y su grafo, para las órdenes que necesitan también las tablas."""
    from grafo import motores
    from grafo.paquete import fuentes
    from grafo.rdf import almacen

    with progreso(f"Leyendo {datos} y construyendo el grafo"):
        paquete = fuentes.leer_paquete(datos)
        return paquete, motores.local(almacen.construir(paquete))


def _leer_y_construir(datos: Path) -> Any:
    return _leer_paquete_y_grafo(datos)[1]


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
    from grafo.rdf import almacen

    grafo = _leer_y_construir(datos).grafo
    formato = almacen.formato_de(salida, formato) if salida is not None else (formato or "ttl")
    destino = salida if salida is not None else RUTA_SALIDAS / f"grafo.{formato}"
    with progreso(f"Escribiendo {destino}"):
        almacen.guardar(grafo, destino, formato=formato)
    click.echo(f"Grafo escrito en {destino} ({almacen.contar(grafo)} tripletas).", err=True)


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
    from grafo.rdf import almacen, validacion

    from grafo import motores

    grafo = motores.local(almacen.cargar(archivo_grafo)) if archivo_grafo is not None else _leer_y_construir(datos)
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
    from grafo.dominio.resumen import resumir

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
        click.echo(f"{nombre}\n    {consulta.titulo}. {consulta.descripcion}\n    parámetros: {consulta.describir_parametros()}")


def _leer_parametros(pares: tuple[str, ...]) -> dict[str, list[str]]:
    valores: dict[str, list[str]] = {}
    for par in pares:
        clave, signo, valor = par.partition("=")
        if not signo or not clave.strip():
            raise click.UsageError(f"El parámetro «{par}» no tiene la forma clave=valor (por ejemplo -p institucion=IGM).")
        # Las comas separan una lista de ids (-p instituciones=AMSCLAE,SECCATID).
        valores.setdefault(clave.strip(), []).extend(valor.split(","))
    return valores


def _escribir_texto(texto: str, salida: Path | None, resumen: str) -> None:
    """A stdout, o a un archivo de forma atómica (un archivo anterior queda entero si algo falla)."""
    if salida is None:
        click.echo(texto, nl=not texto.endswith("\n"))
        return
    from grafo.archivos import escribir_atomico

    escribir_atomico(salida, texto.encode("utf-8"))
    click.echo(f"{resumen} escrito en {salida}.", err=True)


@principal.command(name="consultar")
@click.argument("nombre")
@click.option("-p", "--parametro", "parametros", multiple=True, metavar="CLAVE=VALOR",
              help="Valor de un parámetro de la consulta (un id); se repite, y una lista va con comas.")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal, o CSV/JSON limpios para programas.")
@opcion_salida
@opciones_servidor
def comando_consultar(nombre: str, parametros: tuple[str, ...], datos: Path, formato: str, salida: Path | None,
                      endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Ejecuta una consulta con nombre (vea «grafo consultas») sobre el grafo de los datos.

    Los parámetros son ids de los datos; un id desconocido se informa con los parecidos.

    \b
    Ejemplo:
        grafo consultar acciones-sin-mandato --formato json
        grafo consultar fundamentos -p instituciones=AMSCLAE,SECCATID,CTPT
        grafo consultar acciones-sin-mandato --endpoint http://localhost:8890/sparql
    """
    from grafo import consultas
    from grafo.formatos import tabular as formatos

    consulta = consultas.cargar(nombre)
    valores = _leer_parametros(parametros)
    tabla = consultas.ejecutar(_origen(datos, endpoint, grafo_iri, tiempo_limite), consulta, valores)
    if formato == "tabla" and salida is None:
        from rich.console import Console

        _mostrar_tabla(Console(), consulta.titulo, tabla)
        return
    # Una tabla pedida a un archivo se escribe como CSV.
    texto = formatos.a_json(tabla) if formato == "json" else formatos.a_csv(tabla)
    _escribir_texto(texto, salida, f"{len(tabla)} filas:")


@principal.command(name="sparql")
@click.argument("archivo", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-e", "--expresion", default=None, metavar="TEXTO", help="La consulta SPARQL escrita en la línea de órdenes.")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json", "ttl", "nt"]), default=None,
              help="SELECT y ASK: tabla, csv o json (tabla por defecto); CONSTRUCT y DESCRIBE: ttl o nt (ttl por defecto).")
@opcion_salida
@opciones_servidor
def comando_sparql(archivo: Path | None, expresion: str | None, datos: Path, formato: str | None,
                   salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Ejecuta una consulta SPARQL libre (SELECT, ASK, CONSTRUCT, DESCRIBE) de solo lectura.

    Las actualizaciones (INSERT, DELETE, DROP…), LOAD y SERVICE se rechazan.

    \b
    Ejemplo:
        grafo sparql -e 'SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Organization> } LIMIT 5'
        grafo sparql mi-consulta.rq --formato csv
    """
    from grafo import consultas
    from grafo.formatos import tabular as formatos

    if (archivo is None) == (expresion is None):
        raise click.UsageError("Indique la consulta con un ARCHIVO.rq o con -e 'SELECT …', una de las dos.")
    texto = archivo.read_text(encoding="utf-8-sig") if archivo is not None else str(expresion)
    consultas.comprobar_solo_lectura(texto)  # antes de construir el grafo: un rechazo no espera la lectura
    resultado = consultas.ejecutar_libre(_origen(datos, endpoint, grafo_iri, tiempo_limite), texto)
    if resultado.tripletas is not None:
        if formato not in (None, "ttl", "nt"):
            raise click.UsageError("Una consulta CONSTRUCT o DESCRIBE da tripletas: use --formato ttl o nt.")
        from grafo.rdf import almacen

        texto_rdf = almacen.serializar(resultado.tripletas, formato=formato or "ttl").decode("utf-8")
        _escribir_texto(texto_rdf, salida, f"{len(resultado.tripletas)} tripletas:")
        return
    if formato in ("ttl", "nt"):
        raise click.UsageError("Una consulta SELECT o ASK da una tabla: use --formato tabla, csv o json.")
    if resultado.booleano is not None:
        respuesta = resultado.booleano
        texto_salida = {"json": "true" if respuesta else "false",
                        "csv": f"resultado\n{'true' if respuesta else 'false'}\n"}.get(formato or "tabla",
                                                                                        "sí" if respuesta else "no")
        _escribir_texto(texto_salida, salida, "Respuesta")
        return
    tabla = resultado.tabla
    assert tabla is not None
    if (formato or "tabla") == "tabla" and salida is None:
        from rich.console import Console

        _mostrar_tabla(Console(), "Resultado", tabla)
        return
    texto_salida = formatos.a_json(tabla) if formato == "json" else formatos.a_csv(tabla)
    _escribir_texto(texto_salida, salida, f"{len(tabla)} filas:")


def _mostrar_informe(informe: Any) -> None:
    from rich.console import Console

    consola = Console()
    consola.print(f"[bold underline]{informe.titulo}[/]", highlight=False, markup=True)
    consola.print(f"Datos versión {informe.version_datos} · generado el {informe.fecha}", highlight=False)
    consola.print(informe.introduccion, highlight=False)
    for seccion in informe.secciones:
        consola.print(f"  • {seccion.titulo}: [bold]{seccion.cuenta()}[/]", highlight=False)
    for numero, seccion in enumerate(informe.secciones, start=1):
        consola.print()
        consola.rule(f"{numero}. {seccion.titulo} ({seccion.cuenta()})", align="left")
        consola.print(f"{seccion.explicacion} Consulta: grafo consultar {seccion.consulta}", highlight=False)
        if seccion.tabla.empty:
            consola.print("Ninguna.")
            continue
        consola.print(_tabla_rich(seccion.tabla, lineas=True))


def _informe(nombre: str, datos: Path, formato: str, salida: Path | None, servidor: tuple[Any, ...]) -> None:
    from grafo.dominio import informes

    grafo = _origen(datos, *servidor)
    informe = informes.brechas(grafo) if nombre == "brechas" else informes.traslapes(grafo)
    if formato == "texto" and salida is None:
        _mostrar_informe(informe)
        return
    # Un informe de texto pedido a un archivo se escribe en Markdown.
    texto = informes.a_json(informe) if formato == "json" else informes.a_markdown(informe)
    _escribir_texto(texto, salida, "Informe")


def _opciones_informe(funcion: Any) -> Any:
    funcion = click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
                           help="Escribe el informe en este archivo (Markdown, o JSON con --formato json).")(funcion)
    funcion = click.option("--formato", type=click.Choice(["texto", "markdown", "json"]), default="texto",
                           show_default=True, help="Texto en la terminal, página Markdown o JSON.")(funcion)
    return opciones_servidor(opcion_datos(funcion))


@principal.command(name="brechas")
@_opciones_informe
def comando_brechas(datos: Path, formato: str, salida: Path | None, endpoint: str | None, grafo_iri: str | None,
                    tiempo_limite: float) -> None:
    """Informe de brechas: acciones sin responsable o sin mandato, mandatos e instituciones sin acción.

    Cada fila cita el instrumento y el artículo; cada sección dice cuántos casos hay.

    \b
    Ejemplo:
        grafo brechas --formato markdown --salida salidas/brechas.md
    """
    _informe("brechas", datos, formato, salida, (endpoint, grafo_iri, tiempo_limite))


@principal.command(name="traslapes")
@_opciones_informe
def comando_traslapes(datos: Path, formato: str, salida: Path | None, endpoint: str | None,
                      grafo_iri: str | None, tiempo_limite: float) -> None:
    """Informe de traslapes: temas con mandatos de varias instituciones, acciones con varios responsables.

    \b
    Ejemplo:
        grafo traslapes --formato markdown --salida salidas/traslapes.md
    """
    _informe("traslapes", datos, formato, salida, (endpoint, grafo_iri, tiempo_limite))


def _comprobar_ids(grafo: Any, pedidos: list[tuple[str, str | None, str]]) -> None:
    """Todos los ids desconocidos de las opciones (clase, valor, opción) a la vez, con parecidos."""
    from grafo import consultas
    from grafo.errores import ConsultaInvalida

    problemas = [p for clase, valor, opcion in pedidos if valor is not None
                 for p in consultas.problemas_de_ids(grafo, clase, [valor], f"opción {opcion}")]
    if problemas:
        raise ConsultaInvalida("\n".join(problemas))


@principal.command(name="mapa")
@opcion_datos
@click.option("--vista", type=click.Choice(["instituciones", "mandatos", "acciones", "completa"]),
              default="instituciones", show_default=True,
              help="instituciones: unidas por acciones y temas compartidos; mandatos: con sus mandatos y temas; "
                   "acciones: con responsables y vinculadas; completa: todo.")
@click.option("--foco", default=None, metavar="ID", help="Solo el vecindario de esta institución.")
@click.option("--profundidad", type=click.IntRange(1, 6), default=1, show_default=True,
              help="Cuántos pasos alrededor del foco.")
@click.option("--eje", default=None, metavar="ID", help="Solo las acciones de este eje.")
@click.option("--tema", default=None, metavar="ID", help="Solo lo que toca este tema (o uno más específico).")
@click.option("--periodo", default=None, metavar="AAAA", help="Solo las acciones de este periodo.")
@click.option("--color", type=click.Choice(["clase", "comunidad"]), default="clase", show_default=True,
              help="comunidad: cada institución del color de su bloque (como en «grafo comunidades»); "
                   "solo en la vista de instituciones.")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=RUTA_SALIDAS / "mapa.html",
              show_default=True, help="Archivo HTML que se escribe.")
@opciones_servidor
def comando_mapa(datos: Path, vista: str, foco: str | None, profundidad: int, eje: str | None, tema: str | None,
                 periodo: str | None, color: str, salida: Path, endpoint: str | None, grafo_iri: str | None,
                 tiempo_limite: float) -> None:
    """Escribe un mapa de vínculos interactivo: un solo archivo HTML que funciona sin internet.

    Búsqueda por sigla o nombre, filtros, leyenda, brechas y traslapes marcados, clic en una
    institución para ver su vecindario y un botón para guardar la vista como PNG.

    \b
    Ejemplo:
        grafo mapa --vista mandatos --salida salidas/mapa-mandatos.html
        grafo mapa --foco IGM --profundidad 2
        grafo mapa --color comunidad --salida salidas/mapa-comunidades.html
    """
    from datetime import date

    from grafo import consultas
    from grafo.dominio import mapa
    from grafo.archivos import escribir_atomico
    from grafo.errores import ConsultaInvalida

    if color == "comunidad" and vista != "instituciones":
        raise click.UsageError("--color comunidad colorea la red de coordinación: úselo con --vista instituciones.")
    grafo = _origen(datos, endpoint, grafo_iri, tiempo_limite)
    _comprobar_ids(grafo, [("institucion", foco, "--foco"), ("eje", eje, "--eje"), ("tema", tema, "--tema")])
    with progreso("Consultando y dibujando el mapa"):
        tablas = consultas.ejecutar_varias(grafo, mapa.consultas_de(vista))
        periodos = sorted({p for p in tablas["acciones"]["periodo"] if p})
        if periodo is not None and periodo not in periodos:
            raise ConsultaInvalida(f"--periodo {periodo}: ninguna acción tiene ese periodo. Periodos: {', '.join(periodos)}.")
        filtro = mapa.Filtro(vista=vista, foco=foco, profundidad=profundidad, eje=eje, tema=tema, periodo=periodo,
                             color=color)
        red = mapa.armar_red(tablas, filtro)
        posiciones = mapa.disponer(red)
        instrumentos = tablas["fundamentos"][["instrumento", "titulo"]].drop_duplicates().sort_values("instrumento")
        pie = mapa.Pie(version_datos=grafo.version(), fecha=date.today().isoformat(),
                       fuentes=tuple(f"{t} ({i})" for i, t in instrumentos.itertuples(index=False)))
        html = mapa.a_html(red, posiciones, filtro=filtro, pie=pie,
                           ejes=tablas["ejes"][["eje", "nombre"]].itertuples(index=False, name=None),
                           temas=tablas["temas"][["tema", "nombre"]].itertuples(index=False, name=None))
    escribir_atomico(salida, html.encode("utf-8"))
    if len(red) > mapa.NODOS_COMODOS:
        click.echo(f"Aviso: {len(red)} nodos; más de {mapa.NODOS_COMODOS} se mueven con lentitud. "
                   "Pruebe --foco ID o los recortes --eje, --tema, --periodo.", err=True)
    click.echo(f"Mapa escrito en {salida} ({len(red)} nodos, {red.number_of_edges()} vínculos).", err=True)


def _ranking(paquete: Any, pesos: str | None) -> Any:
    from grafo.dominio import priorizacion

    municipios = paquete.tabla("municipios").datos
    criterios = priorizacion.leer_criterios(paquete.tabla("criterios").datos)
    return priorizacion.priorizar(municipios, criterios, priorizacion.leer_pesos(pesos, criterios) if pesos else None)


@principal.command(name="matriz")
@click.argument("tipo", type=click.Choice(["todas", "responsabilidades", "mandatos", "fundamentos", "priorizacion",
                                          "red"]),
                default="todas")
@opcion_datos
@click.option("--instituciones", default=None, metavar="ID,ID,…",
              help="Instituciones de la matriz de fundamentos (por ejemplo AMSCLAE,SECCATID,CTPT).")
@click.option("--pesos", default=None, metavar="CRITERIO=PESO,…", help="Pesos para la hoja de priorización.")
@click.option("--formato", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="Libro con formato (todas las matrices pedidas) o CSV (una matriz).")
@click.option("--salida", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Archivo de salida [predeterminado: salidas/matrices.xlsx; CSV a la salida estándar].")
@opciones_servidor
def comando_matriz(tipo: str, datos: Path, instituciones: str | None, pesos: str | None, formato: str,
                   salida: Path | None, endpoint: str | None, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Escribe las matrices para reuniones: responsabilidades, mandatos, fundamentos y priorización.

    El libro trae una hoja por matriz, una hoja «Leyenda» y una hoja «Fuentes»; listo para
    imprimir. «todas» incluye fundamentos si se dan --instituciones, priorización si el
    paquete tiene municipios y criterios, y la hoja «Red» con las medidas de «grafo analizar».

    \b
    Ejemplo:
        grafo matriz --instituciones AMSCLAE,SECCATID,CTPT
        grafo matriz responsabilidades --formato csv > responsabilidades.csv
    """
    from datetime import date

    from grafo import consultas
    from grafo.dominio import analisis, matrices
    from grafo.formatos import xlsx as exportar
    from grafo.archivos import escribir_atomico

    if formato == "csv" and tipo == "todas":
        raise click.UsageError("Con --formato csv, elija una matriz: responsabilidades, mandatos, fundamentos, "
                               "priorizacion o red.")
    if tipo == "fundamentos" and not instituciones:
        raise click.UsageError("La matriz de fundamentos necesita --instituciones ID,ID,… (por ejemplo AMSCLAE,SECCATID).")
    if endpoint is not None and tipo == "priorizacion":
        raise click.UsageError("La priorización se calcula con las tablas municipios y criterios del paquete: "
                               "use --datos en vez de --endpoint.")
    paquete, grafo = (None, _origen(datos, endpoint, grafo_iri, tiempo_limite)) if endpoint else _leer_paquete_y_grafo(datos)
    with progreso("Armando las matrices"):
        tablas = consultas.ejecutar_varias(grafo, matrices.CONSULTAS_MATRICES)
        lista: list[Any] = []
        if tipo in ("todas", "responsabilidades"):
            lista.append(matrices.responsabilidades(tablas))
        if tipo in ("todas", "mandatos"):
            lista.append(matrices.mandatos(tablas))
        if instituciones and tipo in ("todas", "fundamentos"):
            ids = [i.strip() for i in instituciones.split(",") if i.strip()]
            filas = consultas.ejecutar(grafo, consultas.cargar("fundamentos"), {"instituciones": ids})
            lista.append(matrices.fundamentos(tablas, filas))
        tiene_municipios = paquete is not None and "municipios" in paquete.tablas and "criterios" in paquete.tablas
        if tipo == "priorizacion" or (tipo == "todas" and tiene_municipios):
            lista.append(matrices.priorizacion(_ranking(paquete, pesos)))
        if tipo in ("todas", "red"):
            red = analisis.red_de(consultas.ejecutar_varias(grafo, analisis.CONSULTAS_RED, ya=tablas))
            lista.append(matrices.red(analisis.analizar(red, nombres=analisis.nombres_de(tablas))))
    if formato == "csv":
        _escribir_texto(exportar.a_csv(lista[0]), salida, f"{lista[0].hoja}:")
        return
    destino = salida if salida is not None else RUTA_SALIDAS / "matrices.xlsx"
    if paquete is not None:
        citas = {n: t.datos for n, t in paquete.tablas.items()}
    else:  # en el servidor: las fuentes que citan las filas del grafo
        filas = consultas.ejecutar(grafo, consultas.cargar("fuentes"))
        citas = {n: g.drop(columns="tabla").rename(columns={"id": "codigo"} if n == "municipios" else {})
                 for n, g in filas.groupby("tabla", sort=True)}
    libro = exportar.a_xlsx(lista, version_datos=grafo.version(), fecha=date.today().isoformat(),
                            fuentes=exportar.tabla_fuentes(citas))
    escribir_atomico(destino, libro)
    hojas = ", ".join(m.hoja for m in lista)
    click.echo(f"Libro escrito en {destino} (hojas: {hojas}, Leyenda, Fuentes).", err=True)


@principal.command(name="priorizar")
@opcion_datos
@click.option("--pesos", default=None, metavar="CRITERIO=PESO,…",
              help="Otros pesos para probar, por columna o nombre del criterio (los demás quedan como en la tabla).")
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible, o CSV/JSON para programas.")
@click.option("--primeros", type=click.IntRange(1), default=None, help="Mostrar solo los N primeros.")
@opcion_salida
def comando_priorizar(datos: Path, pesos: str | None, formato: str, primeros: int | None, salida: Path | None) -> None:
    """Ordena los municipios para Oficinas Municipales de Migración según la tabla de criterios.

    Cada criterio se normaliza entre 0 y 1 (mín–máx); un dato faltante aporta 0; el puntaje es
    la suma ponderada; los empates se rompen por código. Muestra el aporte de cada criterio.

    \b
    Ejemplo:
        grafo priorizar --primeros 20
        grafo priorizar --pesos deportados_2025=0.5,region_trifinio=0.5 --formato csv
    """
    from grafo.formatos import tabular as formatos
    from grafo.paquete import fuentes

    ranking = _ranking(fuentes.leer_paquete(datos), pesos)
    if primeros is not None:
        ranking = ranking.head(primeros)
    if formato == "tabla" and salida is None:
        from rich.console import Console

        _mostrar_tabla(Console(), "Priorización de municipios", ranking)
        return
    texto = formatos.a_json(ranking) if formato == "json" else formatos.a_csv(ranking)
    _escribir_texto(texto, salida, f"{len(ranking)} municipios:")


def _tablas_red(origen: Any, *, contexto: bool) -> dict[str, Any]:
    """Las tablas de la red de coordinación y, si hace falta explicarla, las de su contexto."""
    from grafo import consultas
    from grafo.dominio import analisis

    nombres = (*analisis.CONSULTAS_RED, *(analisis.CONSULTAS_CONTEXTO if contexto else ()))
    with progreso("Consultando los vínculos entre instituciones"):
        return consultas.ejecutar_varias(origen, nombres)


@principal.command(name="analizar")
@opcion_datos
@click.option("--formato", type=click.Choice(["tabla", "csv", "json"]), default="tabla", show_default=True,
              help="Tabla legible en la terminal, o CSV/JSON para programas.")
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
    from grafo.dominio import analisis
    from grafo.formatos import tabular as formatos

    tablas = _tablas_red(_origen(datos, endpoint, grafo_iri, tiempo_limite), contexto=False)
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=analisis.nombres_de(tablas))
    tabla = medido.medidas
    nota = f"Intermediación {medido.calculo.texto()}."
    if formato == "tabla" and salida is None:
        from rich.console import Console

        consola = Console()
        vista = tabla.assign(articulacion=tabla["articulacion"].map({True: "sí", False: ""}))
        _mostrar_tabla(consola, f"Red de coordinación: {len(coordinacion)} instituciones, "
                                f"{coordinacion.number_of_edges()} pares vinculados", vista)
        consola.print(
            f"{nota} grado: instituciones vecinas · vinculos: acciones y temas compartidos · intermediacion: parte "
            "de los caminos más cortos que pasan por ella · pagerank: centralidad por vínculos con instituciones "
            "centrales · comunidad: bloque (Louvain), con el nombre de su institución más central · "
            "articulacion: sin ella, la red se parte.", highlight=False)
        return
    if formato == "json":
        texto = json.dumps({"intermediacion": {"exacta": medido.calculo.exacta, "detalle": medido.calculo.texto()},
                            "instituciones": json.loads(formatos.a_json(tabla))}, ensure_ascii=False, indent=2)
    else:
        texto = formatos.a_csv(tabla)
        if not medido.calculo.exacta:
            click.echo(nota, err=True)
    _escribir_texto(texto, salida, f"{len(tabla)} instituciones:")


@principal.command(name="ruta")
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
    from grafo import consultas
    from grafo.dominio import analisis
    from grafo.errores import ConsultaInvalida

    fuente = _origen(datos, endpoint, grafo_iri, tiempo_limite)
    problemas = [p for valor, donde in ((origen, "ORIGEN"), (destino, "DESTINO"))
                 for p in consultas.problemas_de_ids(fuente, "institucion", [valor], donde)]
    if problemas:
        raise ConsultaInvalida("\n".join(problemas))
    tablas = _tablas_red(fuente, contexto=True)
    coordinacion, contexto = analisis.red_de(tablas), analisis.contexto_de(tablas)
    todas = analisis.rutas(coordinacion, origen, destino, maximo=None)
    caminos = todas[:maximo]
    if formato == "json":
        click.echo(json.dumps({"origen": origen, "destino": destino,
                               "rutas": analisis.json_ruta(coordinacion, caminos, contexto)}, ensure_ascii=False, indent=2))
        return
    click.echo(analisis.texto_ruta(coordinacion, origen, destino, caminos, contexto, total=len(todas)), nl=False)


@principal.command(name="comunidades")
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
    from grafo.dominio import analisis
    from grafo.formatos import tabular as formatos

    tablas = _tablas_red(_origen(datos, endpoint, grafo_iri, tiempo_limite), contexto=True)
    coordinacion, contexto = analisis.red_de(tablas), analisis.contexto_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=contexto.nombres)
    bloques = analisis.comunidades(coordinacion, medido, contexto)
    if formato == "texto":
        _escribir_texto(analisis.texto_comunidades(bloques, analisis.sueltas(medido), contexto), salida, "Comunidades")
        return
    tabla = analisis.tabla_comunidades(bloques)
    texto = formatos.a_json(tabla) if formato == "json" else formatos.a_csv(tabla)
    _escribir_texto(texto, salida, f"{len(tabla)} comunidades:")


@principal.command(name="publicar")
@opcion_datos
@click.option("--endpoint", required=True, metavar="URL", envvar="GRAFO_ENDPOINT_ALMACEN",
              help="Servicio Graph Store del servidor: Virtuoso http://HOST:8890/sparql-graph-crud-auth, "
                   "Fuseki http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, "
                   "Oxigraph server http://HOST:7878/store.")
@click.option("--grafo", "grafo_iri", default=None, metavar="IRI", envvar="GRAFO_GRAFO",
              help="Grafo con nombre que se reemplaza [predeterminado: https://w3id.org/grafo-gt/id/conjunto].")
@click.option("--tiempo-limite", type=click.FloatRange(min=1), default=600.0, show_default=True, metavar="SEGUNDOS",
              help="Cuánto esperar a que el servidor termine de cargar.")
def comando_publicar(datos: Path, endpoint: str, grafo_iri: str | None, tiempo_limite: float) -> None:
    """Publica el grafo de los datos en un servidor SPARQL: reemplaza de una vez su grafo con nombre.

    Usa el Graph Store Protocol (un PUT): quien consulta el servidor ve el grafo anterior o el
    nuevo, nunca uno a medias. Usuario y clave se leen de GRAFO_USUARIO y GRAFO_CLAVE, nunca de
    la línea de órdenes. Después, las órdenes de consulta aceptan --endpoint con la dirección
    SPARQL del servidor.

    \b
    Ejemplo:
        GRAFO_USUARIO=dba GRAFO_CLAVE=… grafo publicar --endpoint http://localhost:8890/sparql-graph-crud-auth
        grafo brechas --endpoint http://localhost:8890/sparql
    """
    from grafo.rdf import almacen
    from grafo.motores import servidor as remoto

    _comprobar_url(endpoint)
    fuente = _leer_y_construir(datos)
    iri = grafo_iri or remoto.GRAFO_PREDETERMINADO
    with progreso("Preparando las tripletas"):
        cuerpo = almacen.serializar(fuente.grafo, "nt")
    tripletas = fuente.contar()
    if sys.stderr.isatty():
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        columnas = (TextColumn("Enviando a {task.fields[url]}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
        with Progress(*columnas, console=_consola_error(), transient=True) as barra:
            tarea = barra.add_task("publicar", total=len(cuerpo), url=endpoint)
            remoto.publicar(cuerpo, endpoint, grafo=iri, tiempo_limite=tiempo_limite,
                            avance=lambda enviados: barra.update(tarea, completed=enviados))
    else:
        remoto.publicar(cuerpo, endpoint, grafo=iri, tiempo_limite=tiempo_limite)
    click.echo(f"Grafo publicado: {tripletas} tripletas en <{iri}> de {endpoint} "
               f"(datos versión {fuente.version()}).", err=True)
