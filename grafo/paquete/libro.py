"""Lectura de un libro de Excel (.xlsx): una hoja por tabla, como la gente de verdad las llena.

Además de lo que hace `tablas` (encabezado con título encima, notas fuera de la tabla), aquí se
ve lo que solo tiene un libro: celdas combinadas, fórmulas sin valor calculado, hojas ocultas,
dos hojas que son la misma tabla y hojas que no son tablas de grafo.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from grafo.errores import Problema
from grafo.paquete.esquema import TABLAS
from grafo.paquete.tablas import Area, Tabla, armar_tabla, letra, normalizar_nombre

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


def _revisar_xml(xml: bytes, tabla: Tabla, area: Area, problemas: list[Problema]) -> None:
    """Celdas combinadas dentro de la tabla y fórmulas sin valor calculado: las dos pierden datos en silencio."""
    if b"mergeCell" in xml:
        for ref in sorted({m.decode() for m in _COMBINADA.findall(xml)}):
            desde, _, hasta = ref.partition(":")
            (fila1, col1), (fila2, col2) = _coordenadas(desde), _coordenadas(hasta or desde)
            if fila2 < area.fila_encabezado or col2 < area.primera_columna or col1 > area.ultima_columna:
                continue  # un título combinado encima de la tabla no molesta
            problemas.append(tabla.problema(
                max(fila1, area.fila_encabezado), area.nombre(max(col1, area.primera_columna)),
                f"las celdas {ref} están combinadas: Excel guarda el valor solo en {desde} y deja vacías las demás.",
                "seleccione esas celdas, quite «Combinar y centrar» y escriba el valor en cada celda.",
            ))
    if b"<f" not in xml and b":f" not in xml:
        return
    for atributos, _cierre, cuerpo in _CELDA.findall(xml):
        cuerpo = cuerpo or b""
        if not re.search(rb"<(?:\w+:)?f\b", cuerpo) or re.search(rb"<(?:\w+:)?v>[^<]", cuerpo):
            continue
        ref = re.search(rb'\br="([A-Z]+\d+)"', atributos)
        if ref is None:
            continue
        fila, columna = _coordenadas(ref.group(1).decode())
        if area.contiene(fila, columna):
            problemas.append(tabla.problema(
                fila, area.nombre(columna), f"la celda {ref.group(1).decode()} tiene una fórmula sin valor calculado "
                "(el libro se guardó sin calcular).",
                "ábralo en Excel o LibreOffice, deje que calcule y guárdelo, o escriba el valor en vez de la fórmula.",
            ))


def _hojas_de_tablas(libro: Any, archivo: str, problemas: list[Problema], avisos: list[Problema]) -> dict[str, Any]:
    """Cada tabla con su hoja; dos hojas para una tabla son un error; una hoja desconocida, un aviso."""
    hojas: dict[str, Any] = {}
    for hoja in libro.worksheets:
        nombre = normalizar_nombre(hoja.title)
        if nombre.startswith("_") or nombre in HOJAS_DE_AYUDA:
            continue
        if nombre not in TABLAS:
            avisos.append(Problema(archivo, hoja.title, mensaje="no es una tabla de grafo y se ignoró (las hojas se llaman "
                                   + ", ".join(TABLAS) + ")."))
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
    return hojas


def leer_libro(ruta: Path, problemas: list[Problema], avisos: list[Problema],
               fallidas: set[str]) -> dict[str, Tabla]:
    """Lee las hojas de un libro .xlsx cuyo nombre coincide con una tabla del contrato."""
    from openpyxl import load_workbook  # importación diferida: solo la necesita quien usa Excel

    try:
        libro = load_workbook(ruta, read_only=True, data_only=True)
    except Exception as error:  # openpyxl lanza varios tipos ante un archivo dañado
        problemas.append(Problema(ruta.name, mensaje=f"no se pudo abrir el libro de Excel ({type(error).__name__}).",
                                  arreglo="ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)»."))
        return {}
    tablas: dict[str, Tabla] = {}
    try:
        for nombre, hoja in _hojas_de_tablas(libro, ruta.name, problemas, avisos).items():
            hoja.reset_dimensions()  # la dimensión guardada por otros programas puede mentir
            registros = list(hoja.iter_rows(values_only=True))
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
