"""Informes en Word, HTML y PDF: lo que el DEPM edita, imprime y reparte, con el mismo texto que los datos."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI, RAIZ

pytestmark = pytest.mark.usefixtures("datos_una_vez")
# HTML, una fórmula y caracteres de control: en Word y en HTML quedan como texto (los de control, fuera).
HOSTIL = '<script>alert("x")</script> =HYPERLINK("http://e") \x07fin'
LIMPIO = '<script>alert("x")</script> =HYPERLINK("http://e") fin'


def _hostil(carpeta: Path) -> None:
    ruta = carpeta / "acciones.csv"
    escribir_csv(ruta, [f if f[0] != "A3" else [f[0], HOSTIL + "\r\nsegunda línea", *f[2:]] for f in leer_csv(ruta)])


def _texto_docx(ruta: Path) -> tuple[list[tuple[str, str]], list[str]]:
    from docx import Document

    documento = Document(str(ruta))
    parrafos = [(p.style.name, p.text) for p in documento.paragraphs]
    celdas = [c.text for t in documento.tables for fila in t.rows for c in fila.cells]
    return parrafos, celdas


def test_brechas_en_word_con_estilos_de_word(runner) -> None:
    resultado = runner.invoke(principal, ["brechas", "--datos", str(RAIZ / "datos"), "--salida", "b.docx"])
    assert resultado.exit_code == 0, resultado.output
    assert "Informe escrito en b.docx." in resultado.stderr
    parrafos, celdas = _texto_docx(Path("b.docx"))
    assert parrafos[0] == ("Title", "Brechas de coordinación de la Política Migratoria")
    titulos = [t for estilo, t in parrafos if estilo == "Heading 1"]
    assert titulos[0].startswith("1. Cobertura por eje") and len(titulos) == 5
    assert any(t.startswith("Datos versión ") for _, t in parrafos)
    # Los fundamentos citados en la tabla, con [NV] donde el artículo no está verificado.
    assert any(c.startswith("Código de Migración (DEC-44-2016), art. ") for c in celdas)
    assert any("[NV]" in c for c in celdas)
    from docx import Document

    pie = Document("b.docx").sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in pie and "Página" in pie  # número de página como campo de Word


def test_texto_hostil_queda_como_texto_en_word_html_y_markdown(runner, datos_mini: Path) -> None:
    _hostil(datos_mini)
    for extension in ("docx", "html", "md"):
        resultado = runner.invoke(principal, ["brechas", "--datos", str(datos_mini), "--salida", f"h.{extension}"])
        assert resultado.exit_code == 0, resultado.output
    _, celdas = _texto_docx(Path("h.docx"))
    assert f"{LIMPIO}\nsegunda línea" in celdas  # el texto de los datos, sin el carácter de control
    html = Path("h.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    markdown = Path("h.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    fila = next(linea for linea in markdown.splitlines() if linea.startswith("| A3 "))
    assert "segunda línea" in fila  # el salto de línea (CR/LF) no parte la tabla


@pytest.mark.navegador
def test_el_informe_html_se_abre_sin_red_y_sin_dialogos(runner, chromium, datos_mini: Path) -> None:
    _hostil(datos_mini)
    assert runner.invoke(principal, ["traslapes", "--datos", str(datos_mini), "--formato", "html",
                                     "--salida", "t.html"]).exit_code == 0
    assert runner.invoke(principal, ["brechas", "--datos", str(datos_mini), "--salida", "b.html"]).exit_code == 0
    contexto = chromium.new_context(offline=True)
    pedidos, dialogos = [], []
    pagina = contexto.new_page()
    pagina.on("request", lambda r: pedidos.append(r.url))
    pagina.on("dialog", lambda d: (dialogos.append(d.message), d.dismiss()))
    for nombre in ("t.html", "b.html"):
        pagina.goto(Path(nombre).resolve().as_uri())
        assert pagina.locator("h1").inner_text().startswith(("Traslapes", "Brechas"))
    assert LIMPIO.replace(" fin", "") in pagina.inner_text("body")
    contexto.close()
    assert [u for u in pedidos if not u.startswith("file://")] == [] and dialogos == []


def test_pdf_por_libreoffice_o_un_mensaje_claro(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("soffice"):
        resultado = runner.invoke(principal, ["traslapes", "--datos", str(MINI), "--salida", "t.pdf"])
        assert resultado.exit_code == 0, resultado.output
        assert Path("t.pdf").read_bytes().startswith(b"%PDF-")
    # Sin LibreOffice: se dice cómo tenerlo, código 1, y no queda ningún archivo.
    monkeypatch.setattr(shutil, "which", lambda nombre: None)
    resultado = runner.invoke(principal, ["traslapes", "--datos", str(MINI), "--formato", "pdf", "--salida", "u.pdf"])
    assert resultado.exit_code == 1
    assert "hace falta LibreOffice" in resultado.stderr and "apt install libreoffice-writer" in resultado.stderr
    assert not Path("u.pdf").exists() and not list(Path(".").glob(".u.pdf*"))
