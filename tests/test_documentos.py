"""Informes en Word, HTML y PDF: lo que el DEPM edita, imprime y reparte, con el mismo texto que los datos."""

from __future__ import annotations

import re
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
    assert titulos[0].startswith("1. Cobertura por eje") and len(titulos) == 6
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


def test_la_minuta_de_la_reunion_en_word(runner) -> None:
    """La reunión del 18-sep-2024: participantes con su nombre, cada mandato con instrumento y artículo ([NV]),
    las secciones con Título 1, el mapa como imagen y las fuentes con la versión de los datos."""
    from docx import Document

    resultado = runner.invoke(principal, ["reunion", "--datos", str(RAIZ / "datos"), "--instituciones",
                                          "AMSCLAE,SECCATID,CTPT", "--fecha", "2024-09-18", "--salida", "r.docx"])
    assert resultado.exit_code == 0, resultado.output
    assert "Minuta de la reunión escrita en r.docx (3 instituciones)." in resultado.stderr
    parrafos, celdas = _texto_docx(Path("r.docx"))
    assert parrafos[0] == ("Title", "Reunión con AMSCLAE, SECCATID, CTPT")
    assert ("List Bullet", "Secretaría Ejecutiva de la Comisión contra las Adicciones y el Tráfico Ilícito de Drogas "
                           "(SECCATID)") in parrafos
    titulos = [t for estilo, t in parrafos if estilo == "Heading 1"]
    assert titulos[1:] == ["1. Fundamentos legales de los participantes", "2. Acciones de la Política donde participan",
                           "3. Brechas y tareas de datos que los tocan", "4. Traslapes que los tocan", "5. Cómo se unen entre sí",
                           "6. Mapa de su vecindario", "7. Fuentes y versión de los datos"]
    # El índice lleva el número escrito una sola vez (con «List Number», Word y LibreOffice ponían «1. 1. …») y,
    # tras un tabulador, el número de página: un campo PAGEREF al marcador del título de cada sección.
    assert [e for e, t in parrafos if t.split("\t")[0] in titulos[1:]] == ["Normal"] * 7 + ["Heading 1"] * 7
    documento = Document("r.docx")
    indice = [p._p.xml for p in documento.paragraphs if p.style.name == "Normal" and "\t" in p.text
              and p.text.split("\t")[0] in titulos[1:]]
    referidas = [re.search(r"PAGEREF (\S+)", x).group(1) for x in indice]  # type: ignore[union-attr]
    marcadas = [re.search(r'w:bookmarkStart[^>]*w:name="([^"]+)"', p._p.xml).group(1)  # type: ignore[union-attr]
                for p in documento.paragraphs if p.style.name == "Heading 1" and p.text in titulos[1:]]
    assert len(referidas) == 7 and referidas == marcadas
    # Cada mandato de las tres, con su instrumento y su artículo, y [NV] donde no está verificado.
    mandatos = runner.invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=AMSCLAE,SECCATID,CTPT",
                                         "--datos", str(RAIZ / "datos"), "--formato", "json"])
    import json

    for fila in json.loads(mandatos.stdout):
        assert f"{fila['titulo']} ({fila['instrumento']})" in celdas
        assert fila["descripcion"] in celdas
    assert sum("[NV]" in c for c in celdas) >= 3
    assert any("SECCATID y CTPT" in t or "SECCATID → CTPT" in t for _, t in parrafos)  # las rutas, en palabras
    assert len(Document("r.docx").inline_shapes) == 1  # el mapa
    assert any(t.startswith("Datos versión ") for _, t in parrafos)
    assert any(c.startswith("IGM/DEPM, Informe de cooperación técnica") for c in celdas)  # las fuentes


def test_la_minuta_con_nombres_hostiles_es_texto(runner, datos_mini: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    escribir_csv(ruta, [f if f[0] != "AMSCLAE" else [f[0], HOSTIL, *f[2:]] for f in leer_csv(ruta)])
    resultado = runner.invoke(principal, ["reunion", "--datos", str(datos_mini), "--instituciones", "AMSCLAE,IGM",
                                          "--salida", "h.docx"])
    assert resultado.exit_code == 0, resultado.output
    parrafos, _ = _texto_docx(Path("h.docx"))
    assert ("List Bullet", f"{LIMPIO} (AMSCLAE)") in parrafos
    malo = runner.invoke(principal, ["reunion", "--datos", str(datos_mini), "--instituciones", "AMSCLE",
                                     "--salida", "m.docx"])
    assert malo.exit_code == 1 and "¿Quiso decir AMSCLAE?" in malo.stderr and not Path("m.docx").exists()
    fecha = runner.invoke(principal, ["reunion", "--datos", str(datos_mini), "--instituciones", "IGM",
                                      "--fecha", "31/09/2024"])
    assert fecha.exit_code == 2 and "no es una fecha: escríbala AAAA-MM-DD" in fecha.stderr


def test_la_minuta_sin_salida_no_pisa_la_de_otra_reunion_y_sin_fecha_lo_dice(runner, datos_mini: Path) -> None:
    """Antes, sin --salida cada minuta se escribía en salidas/reunion.docx (la de la reunión anterior se perdía
    sin aviso), y sin --fecha la portada llevaba la fecha de hoy sin decirlo."""
    import datetime as dt

    base = ["reunion", "--datos", str(datos_mini)]
    una = runner.invoke(principal, [*base, "--instituciones", "AMSCLAE,IGM", "--fecha", "18/09/2024"])
    otra = runner.invoke(principal, [*base, "--instituciones", "IGM"])
    assert una.exit_code == 0 and otra.exit_code == 0, una.output + otra.output
    hoy = dt.date.today().isoformat()
    assert Path("salidas/reunion-AMSCLAE-IGM-2024-09-18.docx").is_file()
    assert Path(f"salidas/reunion-IGM-{hoy}.docx").is_file()
    assert "Sin --fecha" not in una.stderr and f"Sin --fecha, la portada lleva la de hoy ({hoy})" in otra.stderr


def test_la_ficha_de_una_institucion(runner) -> None:
    from docx import Document

    resultado = runner.invoke(principal, ["ficha", "IGM", "--datos", str(RAIZ / "datos")])
    assert resultado.exit_code == 0, resultado.output
    ruta = Path("salidas/fichas/IGM.docx")
    assert f"Ficha de IGM escrita en {ruta}." in resultado.stderr
    parrafos, celdas = _texto_docx(ruta)
    assert parrafos[0] == ("Title", "Instituto Guatemalteco de Migración (IGM)")
    assert [t for e, t in parrafos if e == "Heading 1"] == ["Qué es", "Mandatos", "Acciones por eje y periodo",
                                                           "Con quién comparte acciones y temas", "Brechas y tareas de datos", "Traslapes",
                                                           "Fuentes de lo citado"]
    assert ("List Bullet", "Tipo: Instituto") in parrafos
    medido = runner.invoke(principal, ["analizar", "--datos", str(RAIZ / "datos"), "--formato", "json"])
    import json

    red = json.loads(medido.stdout)["instituciones"]
    igm = next(f for f in red if f["institucion"] == "IGM")
    # Lo mismo que analizar, en palabras: su puesto por PageRank entre todas, sin decimales.
    puesto = 1 + sum(f["pagerank"] > igm["pagerank"] for f in red)
    conectada = next(t for e, t in parrafos if t.startswith("Qué tan conectada está: "))
    assert f"la {puesto}.ª" in conectada and f"{len(red)}" in conectada
    assert not any(re.search(r"\b0\.\d{3}\b", t) for _, t in parrafos)  # ningún decimal crudo
    mandatos = json.loads(runner.invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=IGM", "--datos",
                                                    str(RAIZ / "datos"), "--formato", "json"]).stdout)
    for fila in mandatos:
        assert fila["descripcion"] in celdas
    tablas = Document(str(ruta)).tables
    socios = [fila.cells[0].text for fila in tablas[2].rows[1:]]
    assert socios and all(" — " in s for s in socios)  # con quién se coordina, por sigla y nombre
    # Todas: una por institución de los datos.
    assert runner.invoke(principal, ["fichas", "--datos", str(RAIZ / "datos"), "--carpeta", "f"]).exit_code == 0
    assert len(list(Path("f").glob("*.docx"))) == 39
    desconocida = runner.invoke(principal, ["ficha", "IGMM", "--datos", str(RAIZ / "datos")])
    assert desconocida.exit_code == 1 and "¿Quiso decir IGM" in desconocida.stderr


def test_fichas_sin_nombres_que_windows_reserva(runner, datos_mini: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    filas = leer_csv(ruta)
    reservados = ["CON", "nul", "AUX", "COM1", "LPT9", "Prn.txt"]
    escribir_csv(ruta, filas + [[i, f"Institución {i}", "otro", "nacional", "", "Prueba [OF]"] for i in reservados])
    resultado = runner.invoke(principal, ["fichas", "--datos", str(datos_mini), "--carpeta", "f"])
    assert resultado.exit_code == 0, resultado.output
    escritos = {p.name for p in Path("f").glob("*.docx")}
    assert {"CON_.docx", "nul_.docx", "AUX_.docx", "COM1_.docx", "LPT9_.docx", "Prn_.txt.docx"} <= escritos
    # Ninguno cuya parte antes del primer punto sea un dispositivo de Windows.
    assert not {n.split(".")[0].casefold() for n in escritos} & {"con", "nul", "aux", "com1", "lpt9", "prn"}


def test_fichas_una_sola_linea_con_la_cuenta(runner, datos_mini: Path) -> None:
    """Antes, `grafo fichas` (y `make demo`) escribía una línea por ficha: 39 «Ficha de X escrita en …»."""
    resultado = runner.invoke(principal, ["fichas", "--datos", str(datos_mini), "--carpeta", "f"])
    assert resultado.exit_code == 0, resultado.output
    escritas = len(list(Path("f").glob("*.docx")))
    assert escritas > 3 and "Ficha de" not in resultado.stderr
    assert resultado.stderr.strip().splitlines() == [f"{escritas} fichas escritas en f (una por institución: SIGLA.docx)."]


def test_tablas_recordadas_convierten_cada_tabla_una_vez() -> None:
    """`Recordadas` (las tablas de las 39 fichas de `grafo todo`) da las mismas filas ya convertidas de una misma tabla,
    las mismas que `registros`; unas tablas sin recordar se convierten cada vez."""
    import pandas as pd

    from grafo.dominio.tablas import Recordadas, filas_de, registros

    tablas = {"una": pd.DataFrame({"a": [1, 2]}), "otra": pd.DataFrame({"a": [1, 2]})}
    recordadas = Recordadas(tablas)
    primera = filas_de(recordadas, "una")
    assert filas_de(recordadas, "una") is primera and filas_de(recordadas, "otra") is not primera
    assert primera == registros(tablas["una"]) == [{"a": 1}, {"a": 2}]
    assert recordadas["una"] is tablas["una"] and sorted(recordadas) == ["otra", "una"] and len(recordadas) == 2
    assert filas_de(tablas, "una") is not filas_de(tablas, "una")
