"""`grafo todo` hace lo que hacía `make demo`, orden por orden, sin make."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import grafo
from grafo.cli import principal
from grafo.cli.todo import PASOS
from tests.conftest import RAIZ


def _partes(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as z:  # sin la fecha de creación
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_todo_escribe_lo_mismo_que_cada_orden_por_separado(runner, datos_mini: Path, tmp_path: Path) -> None:
    todo = tmp_path / "todo"
    resultado = runner.invoke(principal, ["todo", "--datos", str(datos_mini), "--salidas", str(todo),
                                          "--aliados", "AMSCLAE,MUNI"])
    assert resultado.exit_code == 0, resultado.output
    assert "Se salta «grafo presentacion»: no hay guion" in resultado.stderr
    escritos = sorted(str(p.relative_to(todo)) for p in todo.rglob("*") if p.is_file())
    esperados = {"grafo.ttl", "datos.xlsx", "brechas.md", "traslapes.md", "brechas.docx", "traslapes.html", "mapa.html",
                 "mapa-mandatos.html", "mapa-acciones.html", "mapa-comunidades.html", "mapa.png", "mapa-amsclae.svg",
                 "comunidades.txt", "matrices.xlsx", "reunion-2024-09-18.docx", "marcos-pmm.docx", "marcos-pmm.md",
                 "marcos-ods.md"}
    assert esperados <= set(escritos) and any(e.startswith("fichas") for e in escritos)
    # Las mismas órdenes, una por una, como las corría make demo.
    una = tmp_path / "una"
    for argumentos in (["construir", "--salida", str(una / "grafo.ttl")],
                       ["mapa", "--vista", "mandatos", "--salida", str(una / "mapa-mandatos.html")],
                       ["matriz", "--instituciones", "AMSCLAE,MUNI", "--salida", str(una / "matrices.xlsx")],
                       ["brechas", "--salida", str(una / "brechas.docx")],
                       ["plantilla", "--salida", str(una / "datos.xlsx")]):
        sola = runner.invoke(principal, [*argumentos, "--datos", str(datos_mini)])
        assert sola.exit_code == 0, sola.output
    for nombre in ("grafo.ttl", "mapa-mandatos.html"):
        assert (una / nombre).read_bytes() == (todo / nombre).read_bytes(), nombre
    for nombre in ("matrices.xlsx", "brechas.docx", "datos.xlsx"):
        assert _partes(una / nombre) == _partes(todo / nombre), nombre
    # Lo que grafo dice que se edite no se vuelve a escribir encima una vez editado: la plantilla de datos con
    # una fila nueva queda como el usuario la dejó, y lo nuevo va al lado, con un aviso. Lo no editado se reemplaza.
    from openpyxl import load_workbook

    libro = load_workbook(todo / "datos.xlsx")
    libro["ejes"].append(["E9", "Eje que agregó el usuario", "Nota [OF]"])
    libro.save(todo / "datos.xlsx")
    editado = (todo / "datos.xlsx").read_bytes()
    otra = runner.invoke(principal, ["todo", "--datos", str(datos_mini), "--salidas", str(todo), "--aliados", "AMSCLAE,MUNI"])
    assert otra.exit_code == 0, otra.output
    assert (todo / "datos.xlsx").read_bytes() == editado
    assert f"{todo / 'datos.xlsx'} cambió desde que grafo lo escribió" in otra.stderr
    assert _partes(todo / "datos.nuevo.xlsx") == _partes(una / "datos.xlsx")
    assert not (todo / "matrices.nuevo.xlsx").exists() and not (todo / "brechas.nuevo.docx").exists()
    # --papel oficio llega a cada documento de grafo todo, como en cada orden.
    from docx import Document

    oficio = runner.invoke(principal, ["todo", "--datos", str(datos_mini), "--salidas", str(tmp_path / "oficio"),
                                       "--aliados", "AMSCLAE,MUNI", "--papel", "oficio"])
    assert oficio.exit_code == 0, oficio.output
    seccion = Document(str(tmp_path / "oficio" / "brechas.docx")).sections[0]
    assert (round(seccion.page_width.inches, 1), round(seccion.page_height.inches, 1)) == (13.0, 8.5)
    assert load_workbook(tmp_path / "oficio" / "matrices.xlsx").worksheets[0].page_setup.paperSize == 14


def test_todo_sigue_tras_un_paso_fallido_y_sale_con_1(runner, datos_mini: Path, tmp_path: Path) -> None:
    (tmp_path / "ocupado").mkdir()
    (tmp_path / "ocupado" / "grafo.ttl").mkdir()  # una carpeta donde iría el grafo: ese paso falla
    resultado = runner.invoke(principal, ["todo", "--datos", str(datos_mini), "--salidas", str(tmp_path / "ocupado"),
                                          "--aliados", "AMSCLAE"])
    assert resultado.exit_code == 1
    assert "Fallaron 1 pasos: construir" in resultado.stderr or "Falló 1 paso: construir" in resultado.stderr
    assert (tmp_path / "ocupado" / "mapa.html").exists()


def test_make_demo_llama_a_grafo_todo() -> None:
    receta = re.search(r"^demo:.*\n((?:\t.*\n)+)", (RAIZ / "Makefile").read_text(), re.M)
    assert receta is not None
    (linea,) = receta.group(1).strip().splitlines()
    assert "grafo todo" in linea
    assert {p.orden for p in PASOS} >= {"construir", "validar", "resumen", "mapa", "matriz", "fichas", "plantilla"}


def test_todo_con_un_libro_usa_los_guiones_de_su_carpeta(runner, tmp_path: Path) -> None:
    import shutil

    from tests.ayuda import csv_a_libro

    carpeta = tmp_path / "con libro"
    carpeta.mkdir()
    libro = csv_a_libro(RAIZ / "datos", carpeta / "datos.xlsx")
    shutil.copytree(RAIZ / "datos" / "guiones", carpeta / "guiones")
    from grafo.cli import todo

    pedido = todo.Pedido(libro, tuple(todo.ALIADOS.split(",")))
    pasos = dict((p.salida or p.orden, razon) for p, razon in todo._pasos(grafo.abrir(libro), pedido))
    assert pasos["presentacion.html"] == ""
    vacio = runner.invoke(principal, ["todo", "--datos", str(libro), "--salidas", str(tmp_path / "s"), "--aliados", ""])
    assert "Se salta «grafo matriz»: no se pidió ninguna institución" in vacio.stderr
