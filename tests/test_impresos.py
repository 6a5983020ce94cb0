"""Lo impreso y lo de Word como lo ve un funcionario: papel carta u oficio, fechas en palabras, «Contenido» con
números de página, tablas que no dejan media hoja en blanco ni tachan su última línea, la posición en la red en
palabras, el libro impreso sin títulos cortados ni nombres de columna crudos, y el HTML sin palabras partidas."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from grafo.cli import principal
from grafo.dominio import posicion
from grafo.formatos.papel import CARTA, OFICIO, PAPELES, PREDETERMINADO
from grafo.texto import fecha_en_palabras
from tests.conftest import MINI, RAIZ
from tests.test_impresion import _soffice

pytestmark = pytest.mark.usefixtures("datos_una_vez")
TWIPS = 1440  # por pulgada


def _xml(ruta: Path, parte: str) -> str:
    with zipfile.ZipFile(ruta) as archivo:
        return archivo.read(parte).decode("utf-8")


def test_la_fecha_en_palabras_no_se_parte() -> None:
    for dia in (dt.date(2026, 12, 7), dt.date(2024, 1, 31), dt.date(2000, 9, 1)):
        texto = fecha_en_palabras(dia.isoformat())
        assert " " not in texto and "-" not in texto  # espacios duros: nunca «…al 2026-» / «12-07»
        partes = texto.split("\u00a0")
        assert partes[0] == str(dia.day) and partes[-1] == str(dia.year) and partes[1] == partes[3] == "de"
        assert fecha_en_palabras(dia) == texto
    assert fecha_en_palabras("sin fecha") == "sin fecha"


def test_el_papel_es_una_eleccion_con_carta_por_omision(runner) -> None:
    assert PREDETERMINADO == "carta" and set(PAPELES) == {"carta", "oficio"}
    assert (CARTA.ancho, CARTA.alto, OFICIO.ancho, OFICIO.alto) == (8.5, 11.0, 8.5, 13.0)
    for papel in (None, "oficio"):
        orden = ["ficha", "AMSCLAE", "--datos", str(RAIZ / "datos"), "--salida", f"f-{papel}.docx"]
        resultado = runner.invoke(principal, orden + (["--papel", papel] if papel else []))
        assert resultado.exit_code == 0, resultado.output
        esperado = PAPELES[papel or PREDETERMINADO]
        tamano = re.search(r"<w:pgSz [^>]*>", _xml(Path(f"f-{papel}.docx"), "word/document.xml")).group(0)  # type: ignore[union-attr]
        # Apaisado: el ancho de la hoja es el largo del papel.
        assert f'w:w="{int(esperado.alto * TWIPS)}"' in tamano and f'w:h="{int(esperado.ancho * TWIPS)}"' in tamano
        assert f'w:code="{esperado.codigo}"' in tamano and 'w:orient="landscape"' in tamano
    malo = runner.invoke(principal, ["ficha", "AMSCLAE", "--datos", str(RAIZ / "datos"), "--papel", "A4"])
    assert malo.exit_code == 2 and "carta" in malo.stderr and "oficio" in malo.stderr


def test_las_tablas_de_word_no_dejan_hojas_vacias_ni_tachan_texto(runner) -> None:
    from docx import Document

    resultado = runner.invoke(principal, ["ficha", "IGM", "--datos", str(RAIZ / "datos"), "--salida", "igm.docx"])
    assert resultado.exit_code == 0, resultado.output
    documento = Document("igm.docx")
    parrafos = [p.text for p in documento.paragraphs]
    assert any(t.startswith("Datos versión ") and "generado el " in t and not re.search(r"\d{4}-\d\d-\d\d", t)
               for t in parrafos)  # la fecha, en palabras
    for tabla in documento.tables:
        margenes = tabla._tbl.tblPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCellMar")
        assert margenes is not None  # aire entre el borde y la última línea
        filas = tabla.rows
        assert "tblHeader" in filas[0]._tr.xml  # el encabezado se repite en cada página
    # Una fila de muchas líneas (un mandato con sus acciones) se puede partir; si no, salta entera a la hoja
    # siguiente y deja la anterior casi vacía. Las cortas, no.
    mandatos = documento.tables[0]
    partibles = [f for f in mandatos.rows[1:] if "cantSplit" not in f._tr.xml]
    cortas = [f for t in documento.tables for f in t.rows[1:] if sum(len(c.text) for c in f.cells) < 80]
    assert partibles and min(sum(len(c.text) for c in f.cells) for f in partibles) > 400
    assert cortas and all("cantSplit" in f._tr.xml for f in cortas)


def test_la_posicion_en_la_red_en_palabras() -> None:
    filas = [{"institucion": i, "pagerank": p, "intermediacion": b, "comunidad": c}
             for i, p, b, c in (("A", 0.4, 0.5, "A"), ("B", 0.2, 0.0, "A"), ("C", 0.2, 0.1, "C"), ("D", 0.1, 0.0, "A"),
                                ("E", 0.05, 0.0, "E"), ("F", 0.03, 0.0, "E"), ("G", 0.02, 0.0, "E"))]
    assert [posicion.puesto(filas, i, "pagerank") for i in "ABCD"] == [1, 2, 2, 4]  # empatadas, el mismo puesto
    assert posicion.conexion(filas, "B") == "una de las 5 instituciones más conectadas de la red (la 2.ª de 7)"
    assert posicion.conexion(filas, "G") == "la 7.ª más conectada de 7 instituciones"
    assert "no está en el camino" in posicion.intermediacion(filas, "B")
    assert posicion.intermediacion(filas, "A").startswith("la que más une")
    assert posicion.comunidad(filas, "D") == "un grupo de 3 instituciones más unidas entre sí por acciones y temas compartidos: con A, B"
    assert "no forma grupo" in posicion.comunidad(filas, "C")


def test_el_libro_se_imprime_en_el_papel_elegido_con_el_titulo_en_cada_pagina(runner) -> None:
    import openpyxl

    for papel in ("carta", "oficio"):
        resultado = runner.invoke(principal, ["matriz", "--datos", str(MINI), "--papel", papel, "--salida", f"{papel}.xlsx"])
        assert resultado.exit_code == 0, resultado.output
        libro = openpyxl.load_workbook(f"{papel}.xlsx")
        for hoja in libro.worksheets:
            assert hoja.page_setup.paperSize == PAPELES[papel].codigo and hoja.page_setup.orientation == "landscape"
            assert hoja.print_title_rows is not None and hoja.print_title_rows.startswith("$1:")  # el título también
    hoja = openpyxl.load_workbook("carta.xlsx")["Priorización"]
    textos = [str(c.value) for fila in hoja.iter_rows() for c in fila if isinstance(c.value, str)]
    faltantes = [t for t in textos if "Deportados" in t or "deportados" in t]
    assert faltantes and not [t for t in textos if re.search(r"[a-z]_[a-z0-9]", t)]  # ni deportados_2025


def test_la_matriz_a_pdf_como_los_demas_documentos(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from grafo.formatos import documentos

    with monkeypatch.context() as parche:  # solo esto: `undo` devolvería también la carpeta de trabajo
        parche.setattr(documentos, "buscar_soffice", lambda: None)
        sin = runner.invoke(principal, ["matriz", "--datos", str(MINI), "--salida", "m.pdf"])
    assert sin.exit_code == 1 and "LibreOffice" in sin.stderr and "libreoffice-calc" in sin.stderr
    assert not Path("m.pdf").exists()
    _soffice()
    hecho = runner.invoke(principal, ["matriz", "--datos", str(MINI), "--salida", "m.pdf", "--papel", "oficio"])
    assert hecho.exit_code == 0, hecho.output
    import pdfplumber

    with pdfplumber.open("m.pdf") as pdf:
        assert len(pdf.pages) >= 3
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {(round(OFICIO.alto * 72), round(OFICIO.ancho * 72))}
        texto = " ".join(p.extract_text() or "" for p in pdf.pages)
    assert "Responsabilidades · datos" in texto and "Fuentes · datos" in texto


def test_el_contenido_de_la_minuta_tiene_numeros_de_pagina_en_el_pdf(runner) -> None:
    _soffice()
    resultado = runner.invoke(principal, ["reunion", "--datos", str(RAIZ / "datos"), "--instituciones",
                                          "AMSCLAE,SECCATID,CTPT", "--fecha", "2024-09-18", "--salida", "r.pdf"])
    assert resultado.exit_code == 0, resultado.output
    import pdfplumber

    with pdfplumber.open("r.pdf") as pdf:
        paginas = [p.extract_text() or "" for p in pdf.pages]
    assert "18 de septiembre de 2024" in paginas[0]
    indice = [linea for linea in paginas[0].splitlines() if re.match(r"\d\. \S", linea)]
    numeros = [int(re.search(r"(\d+)$", linea).group(1)) for linea in indice]  # type: ignore[union-attr]
    assert len(numeros) == 7 and numeros == sorted(numeros) and numeros[0] >= 2
    for linea, numero in zip(indice, numeros, strict=True):  # cada sección empieza en la página que dice
        titulo = re.sub(r"[.\s]*\d+$", "", linea)
        assert titulo in paginas[numero - 1], (titulo, numero)


def test_traslapes_en_html_sin_palabras_partidas_y_el_tema_por_su_nombre(runner) -> None:
    resultado = runner.invoke(principal, ["traslapes", "--datos", str(MINI), "--salida", "t.html", "--papel", "oficio"])
    assert resultado.exit_code == 0, resultado.output
    html = Path("t.html").read_text(encoding="utf-8")
    assert "anywhere" not in html and "break-all" not in html and "hyphens: manual" in html
    assert '<html lang="es">' in html and "size: 13.0in 8.5in" in html
    primeras = re.findall(r"<tbody>\s*<tr><td>([^<]*)</td>", html)
    assert primeras and not re.match(r"[A-Z0-9-]{3,}\b", primeras[0])  # el nombre del tema, no su id
    assert re.search(r"\([A-Z0-9-]+\)$", primeras[0])  # el id, detrás y entre paréntesis
