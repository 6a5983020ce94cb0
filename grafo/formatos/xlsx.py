"""Renderizador del libro de matrices: un .xlsx listo para una reunión, o CSV. Ningún texto se vuelve fórmula."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from grafo.dominio.citas import es_vacio as _es_vacio
from grafo.dominio.citas import NV, SIGNIFICADO_NV, procedencia
from grafo.evidencia import MARCA_DE, en_palabras
from grafo.dominio.matrices import RESPONSABLE, RESPONSABLE_SIN_MANDATO, VINCULADA, Matriz
from grafo.dominio.productos import Libro
from grafo.errores import ErrorGrafo, opcion
from grafo.formatos.estilo import PALETA
from grafo.formatos import FormatoNoDisponible, renderizador
from grafo.formatos.papel import Papel, papel as papel_de
from grafo.formatos.tabular import a_csv
from grafo.texto import si_no

ANCHOS = {"Institución": 16, "Nombre": 42, "Instrumento": 40, "Artículo": 18, "Mandato": 10,
          "Texto del mandato": 60, "Temas": 28, "Acciones que fundamenta": 64, "Municipio": 26, "Departamento": 18,
          "Datos faltantes": 24}
ANCHOS_LEYENDA = (16, 20, 70)
# La fuente, su grado, y las tablas, cuántas filas y qué ids la citan: a lo ancho de una hoja carta apaisada.
ANCHOS_FUENTES = {"Fuente": 50, "Grado": 12, "Tablas": 14, "Filas que la citan": 10, "Ids": 34}


@renderizador(Libro, "xlsx", opciones=("papel",))
def libro_xlsx(libro: Libro, *, papel: str | Papel | None = None) -> bytes:
    """El libro de matrices con su Leyenda y sus Fuentes, listo para imprimir en `papel` (carta si no se dice)."""
    return a_xlsx(libro.matrices, version_datos=libro.version_datos, fecha=libro.fecha, fuentes=libro.fuentes,
                  papel=papel)


@renderizador(Libro, "pdf", opciones=("papel",))
def libro_pdf(libro: Libro, *, papel: str | Papel | None = None) -> bytes:
    """El libro impreso a PDF por LibreOffice, como saldría de la impresora: cada hoja con su papel y escala."""
    from grafo.formatos.documentos import a_pdf

    return a_pdf(libro_xlsx(libro, papel=papel), "xlsx")


@renderizador(Libro, "csv")
def libro_csv(libro: Libro, *, separador: str = ",") -> str:
    """La tabla de la matriz en CSV (sin filas de encabezado extra): un CSV tiene una sola."""
    if len(libro.matrices) != 1:
        raise FormatoNoDisponible("Un CSV tiene una sola matriz: elija una (responsabilidades, mandatos, fundamentos, "
                                  "priorizacion, red o seguimiento).")
    return a_csv(libro.matrices[0].tabla, separador=separador)


# Lo que cabe en una hoja de Excel (y de LibreOffice Calc desde la 7.4).
COLUMNAS_EXCEL, FILAS_EXCEL = 16_384, 1_048_576


def comprobar_tamano(matrices: Sequence[Matriz]) -> None:
    """Error en español si alguna matriz no cabe en una hoja de cálculo (antes de escribir nada)."""
    problemas = []
    for m in matrices:
        filas, columnas = len(m.tabla) + len(m.encabezados) + len(m.notas) + 6, len(m.tabla.columns)
        if columnas > COLUMNAS_EXCEL or filas > FILAS_EXCEL:
            problemas.append(f"La matriz «{m.hoja}» tendría {filas:,} filas y {columnas:,} columnas; una hoja de "
                             f"Excel admite {FILAS_EXCEL:,} filas y {COLUMNAS_EXCEL:,} columnas.".replace(",", "."))
    if problemas:
        raise ErrorGrafo("\n".join(problemas) + "\nNo se escribió el libro. Pida esa matriz en CSV (grafo matriz "
                         f"TIPO {opcion('formato')} csv), que no tiene ese límite, o use un paquete de datos más pequeño.")


def a_xlsx(matrices: Sequence[Matriz], *, version_datos: str, fecha: str, fuentes: pd.DataFrame,
           papel: str | Papel | None = None) -> bytes:
    """El libro: una hoja por matriz, `Leyenda` y `Fuentes`; encabezados fijos, filtros y colores; se imprime en
    `papel` apaisado."""
    import xlsxwriter

    comprobar_tamano(matrices)

    salida = io.BytesIO()
    # Sin conversión de textos: «=SUMA(…)», «+502…» o «@x» se quedan como texto.
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    # La fecha del informe y no la de este momento: las mismas matrices el mismo día dan el mismo archivo.
    creado = datetime.fromisoformat(fecha)
    libro.set_properties({"title": "Matrices de grafo", "comments": f"Datos versión {version_datos}, {fecha}",
                          "created": creado})
    f = {
        "titulo": libro.add_format({"bold": True, "font_size": 14}),
        "meta": libro.add_format({"italic": True, "font_color": PALETA["tenue"]}),
        "encabezado": libro.add_format({"bold": True, "bg_color": PALETA["azul"], "font_color": "#FFFFFF",
                                        "text_wrap": True, "valign": "top", "border": 1}),
        "extra": libro.add_format({"bg_color": "#E8EEF5", "text_wrap": True, "valign": "top", "border": 1,
                                   "font_size": 9}),
        "vertical": libro.add_format({"bold": True, "bg_color": PALETA["azul"], "font_color": "#FFFFFF", "rotation": 90,
                                      "align": "center", "border": 1}),
        "brecha_cab": libro.add_format({"bold": True, "bg_color": PALETA["brecha"], "font_color": "#FFFFFF", "rotation": 90,
                                        "align": "center", "border": 1}),
        "traslape_cab": libro.add_format({"bold": True, "bg_color": PALETA["traslape"], "text_wrap": True, "valign": "top",
                                          "border": 1}),
        "texto": libro.add_format({"text_wrap": True, "valign": "top", "border": 1}),
        "numero": libro.add_format({"valign": "top", "border": 1}),
        "decimal": libro.add_format({"valign": "top", "border": 1, "num_format": "0.0000"}),
        RESPONSABLE: libro.add_format({"bg_color": "#C8E6C9", "align": "center", "bold": True, "border": 1}),
        RESPONSABLE_SIN_MANDATO: libro.add_format({"bg_color": "#FFCDD2", "font_color": "#B71C1C", "align": "center",
                                                   "bold": True, "border": 1}),
        VINCULADA: libro.add_format({"bg_color": "#BBDEFB", "align": "center", "border": 1}),
        "total": libro.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1}),
        "titulo_ajustado": libro.add_format({"bold": True, "font_size": 14, "text_wrap": True, "valign": "top"}),
        "meta_ajustado": libro.add_format({"italic": True, "font_color": PALETA["tenue"], "text_wrap": True,
                                           "valign": "top"}),
    }
    hoja_de_papel = papel_de(papel)
    for matriz in matrices:
        _hoja(libro, f, matriz, version_datos, fecha, hoja_de_papel)
    _leyenda(libro, f, matrices, version_datos, fecha, hoja_de_papel)
    _fuentes(libro, f, fuentes, version_datos, fecha, hoja_de_papel)
    libro.close()
    return salida.getvalue()


MAX_CELDA = 32_767  # caracteres de una celda de Excel; xlsxwriter corta lo demás sin decirlo


def celda_excel(texto: str) -> str:
    """El texto de una celda; si Excel no lo admite entero, recortado con una nota visible al final."""
    if len(texto) <= MAX_CELDA:
        return texto
    nota = (f" … [recortado: el texto tiene {len(texto):,} caracteres y Excel admite {MAX_CELDA:,} en una celda; "
            "el texto entero está en los datos y en el CSV de su consulta]").replace(",", ".")
    return texto[:MAX_CELDA - len(nota)] + nota


def _escribir(hoja: Any, fila: int, columna: int, valor: Any, formato: Any) -> None:
    if _es_vacio(valor):
        hoja.write_blank(fila, columna, None, formato)
    elif isinstance(valor, bool):
        hoja.write_string(fila, columna, si_no(valor), formato)
    elif isinstance(valor, (int, float)):
        hoja.write_number(fila, columna, valor, formato)
    else:
        hoja.write_string(fila, columna, celda_excel(str(valor)), formato)


def _anchos(matriz: Matriz, columnas: list[str]) -> list[float]:
    anchos = []
    propios = dict(matriz.anchos)
    for c, nombre in enumerate(columnas):
        if nombre in propios:
            ancho: float = propios[nombre]
        elif nombre in ANCHOS:
            ancho = ANCHOS[nombre]
        elif nombre.startswith("Total"):
            ancho = 8
        elif matriz.ancho_celdas is not None and c >= matriz.fijas:
            ancho = matriz.ancho_celdas
        else:
            # El encabezado se ajusta en varias líneas: manda su palabra más larga, no su largo entero (si no,
            # «Aporte: deportados 2025» ensanchaba una columna de números y la hoja pedía más páginas).
            largo = max([*(len(p) for p in nombre.split()), *(len(str(v)) for v in matriz.tabla[nombre]
                                                              if not _es_vacio(v))])
            ancho = min(max(largo + 2, 8), 40)
        anchos.append(ancho)
    return anchos


def _lineas(texto: str, ancho: float, *, letra: float = 11, negrita: bool = False) -> int:
    """Cuántas líneas ocupa un texto ajustado en una columna de `ancho` (unidades de Excel), cortando por palabras."""
    # Una unidad de ancho es un «0» de Calibri 11; una letra corriente (y el espacio) es tan ancha o más angosta
    # en promedio: un carácter por unidad, menos el margen de la celda; en negrita, un décimo menos. Una palabra
    # más larga que la línea se parte (textwrap ya la cuenta en dos líneas: contarla otra vez daba tres a
    # «Intermediación»); una dirección web la parte LibreOffice tras un guion o una barra, no donde textwrap, y
    # sus líneas quedan más cortas: una línea más por cada una.
    por_linea = max(int((ancho - 1) * (0.9 if negrita else 1.0) * 11 / letra), 1)
    lineas = 0
    for parte in texto.split("\n"):
        lineas += max(1, len(textwrap.wrap(parte, por_linea, break_long_words=True, break_on_hyphens=False)))
        lineas += sum(1 for p in parte.split() if len(p) > por_linea and "/" in p)
    return lineas


def _alto(valores: Sequence[Any], anchos: Sequence[float], *, letra: float = 11, negrita: bool = False) -> float:
    """Alto de fila para el texto ajustado: ni Excel ni LibreOffice lo calculan al abrir un libro escrito."""
    lineas = max([1, *(_lineas(v, a, letra=letra, negrita=negrita) for v, a in zip(valores, anchos, strict=False)
                       if isinstance(v, str) and v)])
    return round(letra * 1.36 * lineas + 2, 1)


def _titulo(hoja: Any, f: dict[str, Any], titulo: str, meta: str, fijas: Sequence[float] | None) -> None:
    """El título y la procedencia en las filas 1 y 2. Si la hoja se imprime en varias páginas de ancho (`fijas`: los
    anchos de las columnas que se repiten en cada una), van ajustados a esas columnas: si no, en las páginas de
    la derecha se cortaban en el borde de la columna repetida («…instituciones × accione»)."""
    if fijas is None or len(fijas) < 1:
        hoja.write_string(0, 0, titulo, f["titulo"])
        hoja.write_string(1, 0, meta, f["meta"])
        return
    for fila, texto, formato, letra, negrita in ((0, titulo, "titulo_ajustado", 14, True),
                                                (1, meta, "meta_ajustado", 11, False)):
        if len(fijas) > 1:
            hoja.merge_range(fila, 0, fila, len(fijas) - 1, texto, f[formato])
        else:
            hoja.write_string(fila, 0, texto, f[formato])
        hoja.set_row(fila, _alto([texto], [sum(fijas)], letra=letra, negrita=negrita))


def _letra_minima(matriz: Matriz) -> float:
    """La letra más chica de la hoja, en pt: 9 en las filas de encabezado extra; si no hay, 11."""
    return 9 if matriz.encabezados else 11


def _encabezados(hoja: Any, f: dict[str, Any], matriz: Matriz, version: str, fecha: str, papel: Papel,
                 anchos: list[float]) -> int:
    """Título, procedencia y las filas de encabezado extra; devuelve la fila de los nombres de columna."""
    _titulo(hoja, f, matriz.titulo, f"{procedencia(version, fecha)} · leyenda en la hoja «Leyenda»",
            anchos[:matriz.fijas] if _varias_paginas(anchos, papel, _letra_minima(matriz)) else None)
    fila = 3
    for etiqueta, valores in matriz.encabezados:
        hoja.write_string(fila, 0, etiqueta, f["extra"])
        for c, valor in enumerate(valores):
            if c >= 2 or (c == 1 and valor):
                hoja.write_string(fila, c, celda_excel(str(valor)), f["extra"])
        hoja.set_row(fila, _alto([str(v) for v in valores], anchos, letra=9))
        fila += 1
    return fila


def _hoja(libro: Any, f: dict[str, Any], matriz: Matriz, version: str, fecha: str, papel: Papel) -> None:
    hoja = libro.add_worksheet(matriz.hoja)
    tabla = matriz.tabla
    columnas = [str(c) for c in tabla.columns]
    anchos = _anchos(matriz, columnas)  # una vez: recorre cada celda
    cabecera = _encabezados(hoja, f, matriz, version, fecha, papel, anchos)
    for c, nombre in enumerate(columnas):
        if nombre in matriz.columnas_brecha:
            formato = f["brecha_cab"]
        elif nombre in matriz.columnas_traslape:
            formato = f["traslape_cab"]
        elif matriz.cabecera_vertical and c >= matriz.fijas:
            formato = f["vertical"]
        else:
            formato = f["encabezado"]
        hoja.write_string(cabecera, c, nombre, formato)
    if matriz.cabecera_vertical:  # girada: tan alta como el id más largo (unos 7 pt por carácter en negrita)
        hoja.set_row(cabecera, max(40, 7.0 * max(len(c) for c in columnas[matriz.fijas:]) + 10))
    else:
        hoja.set_row(cabecera, _alto(columnas, anchos, negrita=True))
    total_desde = len(tabla) - matriz.filas_total
    for r, valores in enumerate(tabla.itertuples(index=False, name=None)):
        for c, valor in enumerate(valores):
            if r >= total_desde:
                formato = f["total"]
            elif valor in (RESPONSABLE, RESPONSABLE_SIN_MANDATO, VINCULADA):
                formato = f[valor]
            elif isinstance(valor, float):
                formato = f["decimal"]
            elif isinstance(valor, int):
                formato = f["numero"]
            else:
                formato = f["texto"]
            _escribir(hoja, cabecera + 1 + r, c, valor, formato)
        hoja.set_row(cabecera + 1 + r, _alto(valores, anchos))
    if matriz.notas:
        # Las descripciones largas no caben en columnas angostas: van listadas debajo, a lo ancho de la matriz si
        # cabe en una página de ancho (una celda unida que cruza de página se corta y se encima al imprimir).
        unidas = 2 if _varias_paginas(anchos, papel, _letra_minima(matriz)) else len(anchos)
        fila, ancho_texto = cabecera + len(tabla) + 2, [anchos[0], sum(anchos[1:unidas])]
        hoja.write_string(fila, 0, matriz.titulo_notas, f["encabezado"])
        _escribir_a_lo_ancho(hoja, fila, unidas, "Descripción", f["encabezado"])
        hoja.set_row(fila, _alto((matriz.titulo_notas, "Descripción"), ancho_texto, negrita=True))
        for ident, texto in matriz.notas:
            fila += 1
            hoja.write_string(fila, 0, ident, f["texto"])
            _escribir_a_lo_ancho(hoja, fila, unidas, celda_excel(texto), f["texto"])
            hoja.set_row(fila, _alto((ident, texto), ancho_texto))
    for c, ancho in enumerate(anchos):
        hoja.set_column(c, c, ancho)
    hoja.freeze_panes(cabecera + 1, matriz.fijas)
    if len(tabla):
        hoja.autofilter(cabecera, 0, cabecera + len(tabla) - matriz.filas_total, len(columnas) - 1)
    _imprimir(hoja, anchos, papel, fijas=matriz.fijas, hasta=cabecera, pie=f"{matriz.hoja} · datos {version}",
              letra=_letra_minima(matriz))


def _escribir_a_lo_ancho(hoja: Any, fila: int, columnas: int, texto: str, formato: Any) -> None:
    """Un texto en las columnas 1 a la última de la fila, unidas en una celda (una sola columna si no hay más)."""
    if columnas > 2:
        hoja.merge_range(fila, 1, fila, columnas - 1, texto, formato)
    else:
        hoja.write_string(fila, 1, texto, formato)


MARGEN_LADOS, MARGEN_ARRIBA = 0.4, 0.6  # pulgadas: la hoja apaisada aprovecha el ancho del papel
LETRA_IMPRESA_MINIMA = 7.2  # pt: la letra más chica de una hoja no se imprime más chica que esto


def escala_minima(letra: float = 9) -> int:
    """La escala (%) más chica a la que se imprime una hoja cuya letra más chica es `letra` pt: 80 % con las
    filas de encabezado extra (9 pt), 66 % con solo letra de 11 pt."""
    return math.ceil(100 * LETRA_IMPRESA_MINIMA / letra)




def _ancho_util(papel: Papel) -> float:
    """Ancho imprimible de `papel` apaisado, en puntos, sin los márgenes de los lados."""
    return (papel.alto - 2 * MARGEN_LADOS) * 72


def _puntos(anchos: Sequence[float]) -> float:
    """Ancho de las columnas impreso, en puntos: LibreOffice da 7 pt por unidad guardada (medido: 10 columnas de
    ancho 10 ocupan 750 pt en su PDF); Excel, algo menos. Se cuenta lo de LibreOffice, el más ancho. xlsxwriter
    guarda cada ancho con 0,71 unidades de relleno: en muchas columnas angostas (23 objetivos del Pacto) pesa."""
    return sum(7 * (a + 0.71) for a in anchos)


def _escala(anchos: Sequence[float], papel: Papel) -> int:
    """La escala (%) a la que las columnas caben a lo ancho de una página, hasta 100."""
    return min(100, int(100 * _ancho_util(papel) / max(_puntos(anchos), 1)))


def _varias_paginas(anchos: Sequence[float], papel: Papel, letra: float = 9) -> bool:
    """Si la hoja se imprime en varias páginas de ancho: no cabe en una sin bajar de su escala mínima."""
    return _escala(anchos, papel) < escala_minima(letra)


def _imprimir(hoja: Any, anchos: Sequence[float], papel: Papel, *, fijas: int, hasta: int, pie: str,
              letra: float = 9) -> None:
    """Página: `papel` apaisado, a lo ancho de una página si cabe sin bajar de la escala mínima de su `letra` más
    chica; si no, a esa escala y en varias páginas de ancho con las primeras columnas repetidas. El título y los
    encabezados se repiten en cada página; número de página al pie."""
    hoja.set_landscape()
    hoja.set_paper(papel.codigo)
    hoja.set_margins(left=MARGEN_LADOS, right=MARGEN_LADOS, top=MARGEN_ARRIBA, bottom=MARGEN_ARRIBA)
    # La escala se fija aquí y no con «ajustar a 1 página de ancho»: LibreOffice la calculaba más chica.
    hoja.set_print_scale(max(_escala(anchos, papel), escala_minima(letra)))
    if _varias_paginas(anchos, papel, letra):  # varias páginas de ancho, con las primeras columnas en cada una
        hoja.repeat_columns(0, fijas - 1)
        hoja.print_across()
    hoja.repeat_rows(0, hasta)
    hoja.set_footer(f"&L{pie}&RPágina &P de &N", {"margin": 0.3})
    hoja.set_header("", {"margin": 0.3})


def _leyenda(libro: Any, f: dict[str, Any], matrices: Sequence[Matriz], version: str, fecha: str,
             papel: Papel) -> None:
    hoja = libro.add_worksheet("Leyenda")
    _titulo(hoja, f, "Leyenda", procedencia(version, fecha),
            ANCHOS_LEYENDA[:1] if _varias_paginas(ANCHOS_LEYENDA, papel, 11) else None)
    hoja.write_row(3, 0, ["Hoja", "Marca", "Significado"], f["encabezado"])
    hoja.set_row(3, _alto(["Hoja", "Marca", "Significado"], ANCHOS_LEYENDA, negrita=True))
    fila = 4
    generales = [("Todas", NV, SIGNIFICADO_NV),
                 *(("Todas", marca, f"Grado de la fuente de la fila citada: {en_palabras(grado)}.")
                   for grado, marca in MARCA_DE.items()),
                 ("Todas", "Cobertura", "Un mandato cubre un tema si lo nombra a él o a un tema más amplio (tema_padre).")]
    filas = [(m.hoja, marca, texto) for m in matrices for marca, texto in m.leyenda] + generales
    for hoja_nombre, marca, texto in filas:
        formato = f.get(marca, f["texto"]) if marca in (RESPONSABLE, RESPONSABLE_SIN_MANDATO, VINCULADA) else f["texto"]
        hoja.write_string(fila, 0, hoja_nombre, f["texto"])
        hoja.write_string(fila, 1, marca, formato)
        hoja.write_string(fila, 2, texto, f["texto"])
        hoja.set_row(fila, _alto((hoja_nombre, marca, texto), ANCHOS_LEYENDA))
        fila += 1
    for c, ancho in enumerate(ANCHOS_LEYENDA):
        hoja.set_column(c, c, ancho)
    _imprimir(hoja, ANCHOS_LEYENDA, papel, fijas=1, hasta=3, pie=f"Leyenda · datos {version}", letra=11)


def _fuentes(libro: Any, f: dict[str, Any], fuentes: pd.DataFrame, version: str, fecha: str, papel: Papel) -> None:
    hoja = libro.add_worksheet("Fuentes")
    columnas = list(fuentes.columns)
    anchos = [ANCHOS_FUENTES.get(str(c), 16) for c in columnas]
    _titulo(hoja, f, "Fuentes de los datos", f"{procedencia(version, fecha)} · [OF] oficial, [SEC] secundaria",
            anchos[:1] if _varias_paginas(anchos, papel, 11) else None)
    hoja.write_row(3, 0, columnas, f["encabezado"])
    hoja.set_row(3, _alto([str(c) for c in columnas], anchos, negrita=True))
    for r, valores in enumerate(fuentes.itertuples(index=False, name=None)):
        for c, valor in enumerate(valores):
            _escribir(hoja, 4 + r, c, valor, f["texto"])
        hoja.set_row(4 + r, _alto(valores, anchos))
    for c, ancho in enumerate(anchos):
        hoja.set_column(c, c, ancho)
    hoja.freeze_panes(4, 0)
    _imprimir(hoja, anchos, papel, fijas=1, hasta=3, pie=f"Fuentes · datos {version}", letra=11)
    if len(fuentes):
        hoja.autofilter(3, 0, 3 + len(fuentes), len(columnas) - 1)
