"""Lectura de un libro de Excel (.xlsx): una hoja por tabla, como la gente de verdad las llena.

Además de lo que hace `tablas` (encabezado con título encima, notas fuera de la tabla), aquí se
ve lo que solo tiene un libro: celdas combinadas, fórmulas sin valor calculado, hojas ocultas,
dos hojas que son la misma tabla y hojas que no son tablas de grafo.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grafo.errores import Problema
from grafo.paquete.esquema import TABLAS
from grafo.paquete.tablas import COLUMNA_FILA, Area, Porcentaje, TablaLeida, armar_tabla, letra, normalizar_nombre

HOJAS_DE_AYUDA = frozenset({"instrucciones", "leame", "ayuda"})
_REF = re.compile(r"([A-Z]+)(\d+)")
_COMBINADA = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_CELDA = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)


def _numero_de_columna(letras: str) -> int:
    numero = 0
    for caracter in letras:
        numero = numero * 26 + ord(caracter) - 64
    return numero


def _coordenadas(ref: str) -> tuple[int, int]:
    coincidencia = _REF.fullmatch(ref)
    assert coincidencia is not None
    return int(coincidencia.group(2)), _numero_de_columna(coincidencia.group(1))


def _xml_de_hoja(hoja: Any) -> bytes:
    with hoja.parent._archive.open(hoja._worksheet_path) as origen:  # el XML de la hoja, sin volver a abrir el zip
        return origen.read()


def _revisar_xml(xml: bytes, tabla: TablaLeida, area: Area, problemas: list[Problema]) -> None:
    """Celdas combinadas dentro de la tabla y fórmulas sin valor calculado: las dos pierden datos en silencio."""
    if b"mergeCell" in xml:
        for ref in sorted({m.decode() for m in _COMBINADA.findall(xml)}):
            desde, _, hasta = ref.partition(":")
            (fila1, col1), (fila2, col2) = _coordenadas(desde), _coordenadas(hasta or desde)
            if not area.toca(fila1, fila2, col1, col2):
                continue  # un título encima de la tabla o una nota debajo, combinados, no molestan
            problemas.append(tabla.problema(
                max(fila1, area.fila_encabezado), area.nombre(max(col1, area.primera_columna)),
                f"las celdas {ref} están combinadas: Excel guarda el valor solo en {desde} y deja vacías las demás.",
                "seleccione esas celdas, quite «Combinar y centrar» y escriba el valor en cada celda.",
            ))
    for ref, fila, columna, problema in _celdas_con_formula_o_error(xml):
        if area.contiene(fila, columna):
            problemas.append(tabla.problema(fila, area.nombre(columna), f"la celda {ref} {problema[0]}", problema[1]))
            # El «#N/A» no es un dato: se vacía la celda para que no se informe además como id desconocido.
            if area.nombre(columna) in tabla.datos.columns:
                tabla.datos.loc[tabla.datos[COLUMNA_FILA] == str(fila), area.nombre(columna)] = ""


_SIN_VALOR = ("tiene una fórmula sin valor calculado (el libro se guardó sin calcular).",
              "ábralo en Excel o LibreOffice, deje que calcule y guárdelo, o escriba el valor en vez de la fórmula.")
_CON_ERROR = ("tiene un error de fórmula ({}).",
              "corrija la fórmula (o escriba el valor) para que la celda tenga un dato, o déjela vacía.")


def _celdas_con_formula_o_error(xml: bytes) -> Iterator[tuple[str, int, int, tuple[str, str]]]:
    """Las celdas con una fórmula sin valor guardado, o con un error (#N/A, #DIV/0!) como valor."""
    if b"<f" not in xml and b":f" not in xml and b't="e"' not in xml:
        return
    for atributos, _cierre, cuerpo in _CELDA.findall(xml):
        cuerpo = cuerpo or b""
        ref = re.search(rb'\br="([A-Z]+\d+)"', atributos)
        if ref is None:
            continue
        nombre = ref.group(1).decode()
        fila, columna = _coordenadas(nombre)
        valor = re.search(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>", cuerpo)
        if re.search(rb'\bt="e"', atributos):
            error = valor.group(1).decode(errors="replace") if valor else "#¿?"
            yield nombre, fila, columna, (_CON_ERROR[0].format(error), _CON_ERROR[1])
        elif re.search(rb"<(?:\w+:)?f\b", cuerpo):
            # Un texto vacío calculado (=SI(…;"";…)) se guarda con t="str" y <v></v>: es un valor, no una falta.
            de_texto = re.search(rb'\bt="(str|inlineStr|s)"', atributos) is not None
            if valor is None or (not valor.group(1) and not de_texto):
                yield nombre, fila, columna, _SIN_VALOR


def _valor(celda: Any) -> Any:
    """El valor de la celda; un número con formato de porcentaje (50 % se guarda 0,5) va marcado como tal."""
    valor = getattr(celda, "value", None)
    if isinstance(valor, (int, float)) and not isinstance(valor, bool) and "%" in (getattr(celda, "number_format", "") or ""):
        return Porcentaje(valor)
    if isinstance(valor, str) and "_x" in valor:
        # OOXML guarda un carácter de control como _xHHHH_ (Excel y xlsxwriter: un retorno de carro es _x000D_);
        # openpyxl en modo de solo lectura lo deja así. _x005F_ es un «_» escrito, que no empieza un escape.
        return _ESCAPE_OOXML.sub(lambda m: chr(int(m.group(1), 16)), valor)
    return valor


_ESCAPE_OOXML = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _hojas_de_tablas(libro: Any, archivo: str, problemas: list[Problema], avisos: list[Problema],
                     fallidas: set[str]) -> dict[str, Any]:
    """Cada tabla con su hoja; dos hojas para una tabla son un error; una hoja desconocida, un aviso."""
    hojas: dict[str, Any] = {}
    for hoja in libro.worksheets:
        nombre = normalizar_nombre(hoja.title)
        if nombre in HOJAS_DE_AYUDA:
            continue
        if nombre.startswith("_"):
            if nombre.lstrip("_") in TABLAS:  # «_ejes»: quizá se quiso ocultar, quizá es la que falta
                avisos.append(Problema(archivo, hoja.title, mensaje=f"se ignoró porque su nombre empieza con «_»; "
                                       f"si es la tabla «{nombre.lstrip('_')}», quítele el «_»."))
            continue
        if nombre not in TABLAS:
            parecida = difflib.get_close_matches(nombre, list(TABLAS), n=1, cutoff=0.6)
            pista = f" ¿Es la hoja «{parecida[0]}»? Cámbiele el nombre." if parecida else ""
            avisos.append(Problema(archivo, hoja.title, mensaje="no es una tabla de grafo y se ignoró (las hojas se llaman "
                                   + ", ".join(TABLAS) + ")." + pista))
            continue
        if nombre in hojas:
            problemas.append(Problema(
                archivo, hoja.title,
                mensaje=f"las hojas «{hojas[nombre].title}» y «{hoja.title}» son la misma tabla «{nombre}».",
                arreglo="deje una sola hoja por tabla: junte las filas en una y borre o renombre la otra.",
            ))
            continue
        if hoja.sheet_state != "visible":
            avisos.append(Problema(archivo, hoja.title, mensaje="la hoja está oculta; se leyó igual."))
        hojas[nombre] = hoja
    for grafico in getattr(libro, "chartsheets", ()):
        nombre = normalizar_nombre(grafico.title)
        if nombre in TABLAS and nombre not in hojas:
            fallidas.add(nombre)  # ya tiene su mensaje: no se dice además que falta
            problemas.append(Problema(archivo, grafico.title, mensaje="es una hoja de gráfico, no una tabla.",
                                      arreglo=f"ponga la tabla «{nombre}» en una hoja de cálculo con ese nombre y "
                                              "cambie el nombre de la hoja del gráfico."))
    return hojas


def leer_libro(ruta: Path, problemas: list[Problema], avisos: list[Problema],
               fallidas: set[str], leidos: dict[str, str]) -> dict[str, TablaLeida] | None:
    """Lee las hojas de un libro .xlsx cuyo nombre coincide con una tabla del contrato; None si no se abre."""
    import warnings

    # Los avisos de openpyxl (en inglés, con la ruta de site-packages) no son para el usuario: lo que
    # importa de una celda rara lo dice la revisión, con hoja, fila y columna.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _leer_libro(ruta, problemas, avisos, fallidas, leidos)


def _leer_libro(ruta: Path, problemas: list[Problema], avisos: list[Problema],
                fallidas: set[str], leidos: dict[str, str]) -> dict[str, TablaLeida] | None:
    from openpyxl import load_workbook  # importación diferida: solo la necesita quien usa Excel

    from grafo.paquete.fuentes import leer_una_vez

    try:
        # Desde los bytes leídos una vez: la caché guarda el grafo con la clave de estos mismos bytes.
        libro = load_workbook(io.BytesIO(leer_una_vez(ruta, leidos)), read_only=True, data_only=True)
    except Exception as error:  # openpyxl lanza varios tipos ante un archivo dañado
        problemas.append(Problema(ruta.name, mensaje="no se pudo abrir el libro de Excel: está dañado, protegido con contraseña o no es un "
                                          f".xlsx ({type(error).__name__}).",
                                  arreglo="ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)»."))
        return None
    tablas: dict[str, TablaLeida] = {}
    try:
        for nombre, hoja in _hojas_de_tablas(libro, ruta.name, problemas, avisos, fallidas).items():
            hoja.reset_dimensions()  # la dimensión guardada por otros programas puede mentir
            registros = [[_valor(c) for c in fila] for fila in hoja.iter_rows()]
            armada = armar_tabla(nombre, ruta.name, hoja.title, registros, problemas, avisos, letras=True)
            if armada is None:
                fallidas.add(nombre)  # ya tiene su mensaje: no se dice además que falta
                continue
            tabla, area = armada
            _revisar_xml(_xml_de_hoja(hoja), tabla, area, problemas)
            tablas[nombre] = tabla
    finally:
        libro.close()
    return tablas


__all__ = ["leer_libro", "letra"]

