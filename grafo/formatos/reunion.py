"""La minuta de la reunión y las fichas de institución en Word (y en PDF por LibreOffice), para imprimir y editar."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from grafo.dominio.citas import LEYENDA_CITAS, LEYENDA_FUNDAMENTA, procedencia
from grafo.dominio.ficha import Ficha
from grafo.dominio.reunion import Reunion
from grafo.formatos import renderizador
from grafo.formatos.documentos import a_pdf, agregar_tabla, contenido, encabezado_marcado, guardar, nuevo_documento
from grafo.formatos.imagen import mapa_png
from grafo.formatos.papel import Papel
from grafo.texto import cuantos, fecha_en_palabras, sin_controles

SECCIONES = ("Fundamentos legales de los participantes", "Acciones de la Política donde participan",
             "Brechas y tareas de datos que los tocan", "Traslapes que los tocan", "Cómo se unen entre sí", "Mapa de su vecindario",
             "Fuentes y versión de los datos")


@renderizador(Reunion, "docx", opciones=("papel",))
def reunion_docx(reunion: Reunion, *, papel: str | Papel | None = None) -> bytes:
    """Portada con los participantes, contenido con números de página, las siete secciones y las fuentes."""
    documento = nuevo_documento(reunion.titulo, reunion.fecha, papel=papel)
    documento.add_heading(sin_controles(reunion.titulo), level=0)
    documento.add_paragraph(f"Fecha de la reunión: {fecha_en_palabras(reunion.fecha)}")
    documento.add_paragraph("Participantes:")
    for sigla, nombre in reunion.participantes:
        documento.add_paragraph(f"{sin_controles(nombre)} ({sigla})", style="List Bullet")
    documento.add_paragraph(f"{procedencia(reunion.version_datos, reunion.generado)}. {LEYENDA_CITAS}")
    documento.add_heading("Contenido", level=1)
    # «List Number» numeraba otra vez: «1. 1. …»; el número va en el texto.
    titulos = [f"{numero}. {titulo}" for numero, titulo in enumerate(SECCIONES, start=1)]
    marcas = contenido(documento, titulos)
    tablas = (reunion.fundamentos, reunion.acciones, None, reunion.traslapes)
    for numero, (titulo, tabla) in enumerate(zip(titulos, tablas, strict=False), start=1):
        encabezado = encabezado_marcado(documento, titulo, marcas[numero - 1])
        # Salto en el propio título: un párrafo de salto aparte, si la portada llena la hoja, deja una en blanco.
        encabezado.paragraph_format.page_break_before = numero == 1
        if tabla is None:
            _brechas_y_tareas(documento, reunion.brechas, reunion.tareas)
        else:
            if numero == 1:
                documento.add_paragraph(LEYENDA_FUNDAMENTA)
            agregar_tabla(documento, tabla, vacia="Ninguno." if numero == 4 else "Ninguna.")
    encabezado_marcado(documento, titulos[4], marcas[4])
    for texto in reunion.rutas or ("Hay una sola institución: no hay rutas que explicar.",):
        for linea in texto.rstrip().split("\n"):
            if linea.strip():
                documento.add_paragraph(sin_controles(linea.strip()))
    encabezado_marcado(documento, titulos[5], marcas[5])
    seccion = documento.sections[-1]
    util = seccion.page_height - seccion.top_margin - seccion.bottom_margin
    documento.add_picture(io.BytesIO(mapa_png(reunion.mapa)), height=int(util * 0.78))  # con su título y su pie
    documento.add_paragraph("Las instituciones de la reunión y las que comparten con ellas acciones o temas "
                            "mandatados; cuanto más grande, más conectada está en la red de coordinación.")
    encabezado_marcado(documento, titulos[6], marcas[6])
    agregar_tabla(documento, reunion.fuentes, vacia="Sin fuentes citadas.")
    return guardar(documento)


@renderizador(Reunion, "pdf", opciones=("papel",))
def reunion_pdf(reunion: Reunion, *, papel: str | Papel | None = None) -> bytes:
    return a_pdf(reunion_docx(reunion, papel=papel))


@renderizador(Ficha, "docx", opciones=("papel",))
def ficha_docx(ficha: Ficha, *, papel: str | Papel | None = None) -> bytes:
    """La ficha: qué es, sus mandatos, sus acciones por eje y periodo, sus socios y sus brechas y traslapes."""
    documento = nuevo_documento(f"{ficha.sigla} — {ficha.nombre}", ficha.fecha, papel=papel)
    documento.add_heading(sin_controles(f"{ficha.nombre} ({ficha.sigla})"), level=0)
    documento.add_paragraph(f"{procedencia(ficha.version_datos, ficha.fecha)}. {LEYENDA_CITAS}")
    documento.add_heading("Qué es", level=1)
    for que, valor in ficha.datos:
        documento.add_paragraph(f"{que}: {sin_controles(str(valor))}", style="List Bullet")
    for titulo, tabla, vacia in ficha.secciones():
        documento.add_heading(titulo, level=1)
        if tabla is None:
            _brechas_y_tareas(documento, ficha.brechas, ficha.tareas)
        else:
            if tabla is ficha.mandatos and not tabla.empty:
                documento.add_paragraph(LEYENDA_FUNDAMENTA)
            agregar_tabla(documento, tabla, vacia=vacia)
    return guardar(documento)


def _brechas_y_tareas(documento: Any, brechas: pd.DataFrame, tareas: pd.DataFrame) -> None:
    """Las brechas de coordinación y, aparte y contadas aparte, las tareas de datos: una falta de los datos no es
    una falta de coordinación."""
    documento.add_heading(f"Brechas de coordinación ({cuantos(len(brechas), 'brecha', 'brechas')})", level=2)
    agregar_tabla(documento, brechas, vacia="Ninguna.")
    documento.add_heading(f"Tareas de datos ({cuantos(len(tareas), 'institución', 'instituciones')})", level=2)
    agregar_tabla(documento, tareas, vacia="Ninguna: todos tienen mandatos cargados y cubren las acciones que lideran.")


@renderizador(Ficha, "pdf", opciones=("papel",))
def ficha_pdf(ficha: Ficha, *, papel: str | Papel | None = None) -> bytes:
    return a_pdf(ficha_docx(ficha, papel=papel))
