"""Los informes en el medio de quien los usa: Word (.docx) editable, HTML para imprimir y PDF.

El .docx usa los estilos propios de Word (Título, Título 1, Tabla con cuadrícula, pie con número de
página), sin formato directo, para que el DEPM lo reestilice a su gusto. El PDF sale de ese .docx
por LibreOffice sin pantalla; si LibreOffice no está, se dice cómo tenerlo y no se escribe nada.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from grafo.dominio.citas import es_vacio, procedencia
from grafo.dominio.informes import Informe
from grafo.errores import ErrorGrafo, opcion
from grafo.formatos import renderizador
from grafo.formatos.html import pagina
from grafo.texto import sin_controles

SIN_LIBREOFFICE = ("Para escribir PDF hace falta LibreOffice (soffice), que no se encontró. Cómo corregirlo: "
                   "instálelo (Debian/Ubuntu: apt install libreoffice-writer; Windows: libreoffice.org) o pida "
                   f"{opcion('formato')} docx y guárdelo como PDF desde Word.")


def _celda(valor: Any) -> str:
    return "—" if es_vacio(valor) else sin_controles(str(valor))


def pie_con_pagina(seccion: Any) -> None:
    """«Página N» en el pie, con el campo PAGE de Word (se actualiza solo al imprimir)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    parrafo = seccion.footer.paragraphs[0]
    parrafo.text = "Página "
    for tipo, texto in (("begin", None), (None, "PAGE"), ("end", None)):
        corrida = parrafo.add_run()
        if tipo:
            campo = OxmlElement("w:fldChar")
            campo.set(qn("w:fldCharType"), tipo)
            corrida._r.append(campo)
        else:
            instruccion = OxmlElement("w:instrText")
            instruccion.set(qn("xml:space"), "preserve")
            instruccion.text = texto
            corrida._r.append(instruccion)


@renderizador(Informe, "docx")
def informe_docx(informe: Informe) -> bytes:
    """El informe como documento de Word: título, secciones con Título 1 y tablas con la cuadrícula de Word."""
    documento = nuevo_documento(informe.titulo, informe.fecha)
    documento.add_heading(informe.titulo, level=0)
    documento.add_paragraph(procedencia(informe.version_datos, informe.fecha) + ".")
    documento.add_paragraph(sin_controles(informe.introduccion))
    for s in informe.secciones:
        documento.add_paragraph(f"{s.titulo}: {s.cuenta()}", style="List Bullet")
    for numero, s in enumerate(informe.secciones, start=1):
        documento.add_heading(f"{numero}. {s.titulo} ({s.cuenta()})", level=1)
        documento.add_paragraph(s.explicacion + (f" Consulta: grafo consultar {s.consulta}." if s.consulta else ""))
        agregar_tabla(documento, s.tabla)
    return guardar(documento)


def nuevo_documento(titulo: str, fecha: str) -> Any:
    """Un documento de Word apaisado, con número de página y la fecha de los datos (no la de este momento)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    documento = Document()
    seccion = documento.sections[0]
    seccion.orientation = WD_ORIENT.LANDSCAPE  # tablas anchas: apaisado
    seccion.page_width, seccion.page_height = seccion.page_height, seccion.page_width
    pie_con_pagina(seccion)
    propiedades = documento.core_properties
    titulo = sin_controles(titulo)
    # Word admite 255 caracteres en el título del documento; el título entero va en la portada.
    propiedades.title = titulo if len(titulo) <= 255 else titulo[:254] + "…"
    propiedades.author = "grafo"
    # El mismo informe da el mismo documento.
    propiedades.created = propiedades.modified = datetime.fromisoformat(fecha).replace(tzinfo=timezone.utc)
    return documento


def agregar_tabla(documento: Any, tabla: Any, *, vacia: str = "Ninguna.") -> None:
    """Una tabla con la cuadrícula de Word y los encabezados de la tabla; «Ninguna.» si no tiene filas."""
    if tabla.empty:
        documento.add_paragraph(vacia)
        return
    from docx.shared import Emu, Inches

    hoja = documento.add_table(rows=1, cols=len(tabla.columns), style="Table Grid")
    for celda, nombre in zip(hoja.rows[0].cells, tabla.columns, strict=True):
        celda.text = str(nombre)
    textos = [[_celda(v) for v in fila] for fila in tabla.itertuples(index=False, name=None)]
    for fila in textos:
        for celda, texto in zip(hoja.add_row().cells, fila, strict=True):
            celda.text = texto
    # Todo el ancho de la página, repartido según lo que ocupa cada columna (su texto medio, hasta 60
    # caracteres, y nunca menos que su palabra más larga, que no se parte): si no, Word y LibreOffice
    # dejan columnas iguales y angostas.
    seccion = documento.sections[-1]
    ancho = seccion.page_width - seccion.left_margin - seccion.right_margin
    minimos, pesos = [], []
    for c, nombre in enumerate(tabla.columns):
        valores = [str(nombre), *(f[c] for f in textos)]
        palabra = max((len(p) for v in valores for p in v.split()), default=1)
        # ~0,09" por carácter de 11 pt, más el relleno de la celda (0,08" a cada lado): «Eje» o una fecha
        # no se parten en dos líneas.
        minimos.append(Inches(0.09) * min(palabra, 24) + Inches(0.2))
        pesos.append(min(sum(map(len, valores)) / len(valores), 60))
    resto = max(ancho - sum(minimos), 0)
    _filas_que_no_se_parten(hoja)
    hoja.autofit = False
    for c, peso in enumerate(pesos):
        medida = Emu(int(minimos[c] + resto * peso / (sum(pesos) or 1)))
        hoja.columns[c].width = medida  # la rejilla de la tabla, que es la que lee LibreOffice
        for celda in hoja.columns[c].cells:
            celda.width = medida


def _filas_que_no_se_parten(hoja: Any) -> None:
    """El encabezado se repite en cada página y una fila no se parte entre dos páginas."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for numero, fila in enumerate(hoja.rows):
        propiedades = fila._tr.get_or_add_trPr()
        for etiqueta in (("w:tblHeader", "w:cantSplit") if numero == 0 else ("w:cantSplit",)):
            elemento = OxmlElement(etiqueta)
            elemento.set(qn("w:val"), "true")
            propiedades.append(elemento)


def guardar(documento: Any) -> bytes:
    """El documento en bytes, el mismo para el mismo contenido: python-docx fecha cada parte del zip con la
    hora de escribirlo; aquí llevan la fecha del documento (la de los datos del informe)."""
    import zipfile

    salida = io.BytesIO()
    documento.save(salida)
    creado = documento.core_properties.created
    fecha = (creado.year, creado.month, creado.day, 0, 0, 0) if creado and creado.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    fijo = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(salida.getvalue())) as origen, \
            zipfile.ZipFile(fijo, "w", compression=zipfile.ZIP_DEFLATED) as destino:
        for parte in origen.infolist():
            copia = zipfile.ZipInfo(parte.filename, date_time=fecha)
            copia.compress_type, copia.external_attr = zipfile.ZIP_DEFLATED, parte.external_attr
            destino.writestr(copia, origen.read(parte.filename))
    return fijo.getvalue()


@renderizador(Informe, "html")
def informe_html(informe: Informe) -> str:
    """El informe como una página HTML sola, sin scripts ni peticiones, lista para imprimir."""
    return pagina("informe.html", informe=informe, procedencia=procedencia(informe.version_datos, informe.fecha),
                  celda=_celda)


def buscar_soffice() -> str | None:
    """LibreOffice: en el PATH o, en Windows (donde el instalador no lo pone en el PATH), en Archivos de programa."""
    encontrado = shutil.which("soffice") or shutil.which("libreoffice")
    if encontrado is not None:
        return encontrado
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
        raiz = os.environ.get(variable)
        if raiz and (candidato := Path(raiz) / "LibreOffice" / "program" / "soffice.exe").is_file():
            return str(candidato)
    return None


def a_pdf(docx: bytes) -> bytes:
    """Un .docx pasado a PDF por LibreOffice sin pantalla, en una carpeta temporal propia."""
    soffice = buscar_soffice()
    if soffice is None:
        raise ErrorGrafo(SIN_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="grafo-pdf-") as carpeta:
        origen = Path(carpeta) / "informe.docx"
        origen.write_bytes(docx)
        perfil = (Path(carpeta) / "perfil").as_uri()  # otra instancia de LibreOffice abierta no lo bloquea
        hecho = subprocess.run([soffice, f"-env:UserInstallation={perfil}", "--headless", "--convert-to", "pdf",
                                "--outdir", carpeta, str(origen)], capture_output=True, timeout=300, check=False)
        destino = Path(carpeta) / "informe.pdf"
        if hecho.returncode != 0 or not destino.is_file():
            raise ErrorGrafo(f"LibreOffice no pudo convertir el informe a PDF: {hecho.stderr.decode(errors='replace')}"
                             f" Cómo corregirlo: pida {opcion('formato')} docx y conviértalo desde Word o LibreOffice.")
        return destino.read_bytes()


@renderizador(Informe, "pdf")
def informe_pdf(informe: Informe) -> bytes:
    """El informe en PDF, del mismo .docx (para imprimir o enviar tal cual)."""
    return a_pdf(informe_docx(informe))
