"""CSV de ida y vuelta con Excel: cada CSV que grafo escribe empieza con BOM y ninguna celda es una fórmula."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grafo.cli import principal
from grafo.formatos.tabular import neutralizar
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import RAIZ

PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")
HOSTILES = {
    "IGM": "=HYPERLINK(\"http://x\",\"IGM\")",
    "MINEX": "@SUMA(1;2)",
    "AMSCLAE": "+502 2411 2411",
    "DEPM": "-2+3+cmd|' /C calc'!A0",
    "MUNI": "\tMunicipalidad",
}

ORDENES = [
    ["consultar", "mandatos-de-institucion", "-p", "institucion=IGM"],
    ["consultar", "instituciones"],
    ["sparql", "-e", "SELECT ?nombre WHERE { ?i <http://www.w3.org/2004/02/skos/core#prefLabel> ?nombre } "
     "ORDER BY ?nombre"],
    ["matriz", "responsabilidades", "--formato", "csv"],
    ["matriz", "mandatos", "--formato", "csv"],
    ["priorizar", "--formato", "csv"],
    ["analizar", "--formato", "csv"],
    ["comunidades", "--formato", "csv"],
]


@pytest.fixture
def hostiles(datos_mini: Path) -> Path:
    ruta = datos_mini / "instituciones.csv"
    escribir_csv(ruta, [[f[0], HOSTILES.get(f[0], f[1]), *f[2:]] for f in leer_csv(ruta)])
    ruta = datos_mini / "mandatos.csv"
    escribir_csv(ruta, [[*f[:4], "=" + f[4] if f[0] == "M1" else f[4], *f[5:]] for f in leer_csv(ruta)])
    return datos_mini


def _celdas(texto: str) -> list[str]:
    return [c for fila in csv.reader(io.StringIO(texto.removeprefix("\ufeff"))) for c in fila]


@pytest.mark.parametrize("orden", ORDENES, ids=lambda o: " ".join(o[:2]))
def test_cada_csv_empieza_con_bom_y_no_tiene_formulas(runner, hostiles: Path, tmp_path: Path, orden: list[str]) -> None:
    salida = tmp_path / "r.csv"
    resultado = runner.invoke(principal, [*orden, "--datos", str(hostiles), "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    crudo = salida.read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf")
    celdas = _celdas(crudo.decode("utf-8"))
    assert len(celdas) > 1
    peligrosas = [c for c in celdas if c.startswith(PELIGROSOS) and c != neutralizar(c)]
    assert not peligrosas, peligrosas
    if orden[0] in ("sparql", "consultar", "analizar"):
        # El texto hostil llegó a la salida, neutralizado, no perdido.
        assert any(c.startswith("'") for c in celdas), celdas


def test_punto_y_coma_para_un_excel_con_coma_decimal(runner, datos_mini: Path, tmp_path: Path) -> None:
    salida = tmp_path / "r.csv"
    resultado = runner.invoke(principal, ["analizar", "--datos", str(datos_mini), "--separador", "punto-y-coma",
                                          "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    primera = salida.read_text(encoding="utf-8-sig").splitlines()[0]
    assert ";" in primera and "," not in primera


def test_neutralizar_deja_los_numeros_y_el_texto_comun() -> None:
    assert neutralizar("-3.5") == "-3.5" and neutralizar("+12") == "+12" and neutralizar("1e-3") == "1e-3"
    assert neutralizar("=1+1") == "'=1+1" and neutralizar("-1+cmd") == "'-1+cmd"
    assert neutralizar("\r=x") == "'\r=x" and neutralizar("IGM") == "IGM"


def _grafo(*args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "grafo", *args], cwd=RAIZ, env=env, check=True, **kwargs)


def test_redirigido_a_un_archivo_lleva_bom_y_por_una_tuberia_no(tmp_path: Path) -> None:
    orden = ["consultar", "acciones-sin-responsable", "--formato", "csv"]
    with (tmp_path / "r.csv").open("wb") as archivo:
        _grafo(*orden, stdout=archivo)
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfaccion")
    por_tuberia = _grafo(*orden, capture_output=True).stdout
    assert por_tuberia.startswith(b"accion")


def test_los_csv_de_datos_abren_en_excel() -> None:
    for ruta in sorted((RAIZ / "datos").glob("*.csv")):
        assert ruta.read_bytes().startswith(b"\xef\xbb\xbf"), ruta.name


def test_salida_que_no_se_puede_escribir_da_un_mensaje(runner, datos_mini: Path, tmp_path: Path) -> None:
    (tmp_path / "archivo").write_text("x")
    resultado = runner.invoke(principal, ["consultar", "acciones", "--datos", str(datos_mini),
                                          "--salida", str(tmp_path / "archivo" / "a.csv")])
    assert resultado.exit_code == 1 and resultado.exception is None or isinstance(resultado.exception, SystemExit)
    assert "No se pudo escribir" in resultado.stderr and "no una carpeta" in resultado.stderr
    assert "Traceback" not in resultado.output


def test_punto_y_coma_lleva_coma_decimal(runner, datos_mini: Path, tmp_path: Path) -> None:
    salida = tmp_path / "r.csv"
    runner.invoke(principal, ["analizar", "--datos", str(datos_mini), "--separador", "punto-y-coma",
                              "--salida", str(salida)])
    filas = list(csv.reader(io.StringIO(salida.read_text(encoding="utf-8-sig")), delimiter=";"))
    pagerank = [f[filas[0].index("pagerank")] for f in filas[1:]]
    assert all("," in p and "." not in p for p in pagerank if p not in ("0", "1")), pagerank


def test_un_retorno_en_una_celda_no_parte_la_fila(runner, datos_mini: Path, tmp_path: Path) -> None:
    ruta = datos_mini / "mandatos.csv"
    filas = [[*f[:4], f[4] + "\rsegunda línea" if f[0] == "M1" else f[4], *f[5:]] for f in leer_csv(ruta)]
    with ruta.open("w", encoding="utf-8", newline="") as archivo:  # entre comillas, como lo guarda Excel
        csv.writer(archivo, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(filas)
    salida = tmp_path / "m.csv"
    resultado = runner.invoke(principal, ["consultar", "mandatos-de-institucion", "--datos", str(datos_mini),
                                          "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    filas = list(csv.reader(io.StringIO(salida.read_text(encoding="utf-8-sig"), newline="")))
    assert len({len(f) for f in filas}) == 1


def test_windows_redirigido_con_cp1252(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    for args in (["consultar", "instituciones", "--formato", "csv"], ["consultar", "instituciones"]):
        with (tmp_path / "x.txt").open("wb") as archivo:
            hecho = subprocess.run([sys.executable, "-m", "grafo", *args, "--datos", "tests/datos_mini"], cwd=RAIZ,
                                   env=env, stdout=archivo, stderr=subprocess.PIPE, check=False)
        assert hecho.returncode == 0, hecho.stderr.decode("utf-8", errors="replace")
        assert (tmp_path / "x.txt").read_bytes().decode("utf-8").lstrip("\ufeff").startswith("institucion")


def test_redirigir_una_tabla_da_csv(tmp_path: Path) -> None:
    with (tmp_path / "p.csv").open("wb") as archivo:
        _grafo("consultar", "acciones-sin-responsable", stdout=archivo)
    assert (tmp_path / "p.csv").read_bytes().startswith(b"\xef\xbb\xbfaccion\n")


def test_marcado_de_rich_en_los_datos_se_muestra_tal_cual(runner, datos_mini: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    escribir_csv(ruta, [[f[0], "Ley [/] [link=http://x]clic[/link] \x1b[2J" if f[0] == "IGM" else f[1], *f[2:]]
                        for f in leer_csv(ruta)])
    for orden in (["consultar", "instituciones"], ["buscar", "[/]"], ["analizar"]):
        resultado = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(principal,
                                                                               [*orden, "--datos", str(datos_mini)])
        assert resultado.exit_code == 0, (orden, resultado.output)
        assert "\x1b" not in resultado.stdout
    assert "[link=http://x]clic[/link]" in resultado.stdout


def test_redirigir_lo_que_solo_es_de_terminal_sigue_funcionando(tmp_path: Path) -> None:
    # `make demo > registro.txt`: el resumen no tiene forma de archivo y se escribe como en la terminal.
    with (tmp_path / "r.txt").open("wb") as archivo:
        _grafo("resumen", stdout=archivo)
    assert "Entidades por clase" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_controles_y_bidi_no_llegan_a_markdown_csv_ni_al_mapa(runner, datos_mini: Path, tmp_path: Path) -> None:
    ruta = datos_mini / "acciones.csv"
    hostil = "Mesa \u202egnp.exe\u202c <b>x</b> \x1b]0;titulo\x07 fin"
    escribir_csv(ruta, [[f[0], hostil if f[0] == "A3" else f[1], *f[2:]] for f in leer_csv(ruta)])
    for orden, salida in ((["brechas"], "b.md"), (["consultar", "acciones"], "a.csv"),
                          (["mapa", "--vista", "acciones"], "m.html")):
        resultado = runner.invoke(principal, [*orden, "--datos", str(datos_mini), "--salida", str(tmp_path / salida)])
        assert resultado.exit_code == 0, resultado.output
        texto = (tmp_path / salida).read_text(encoding="utf-8")
        assert "\u202e" not in texto and "\x1b" not in texto and "\x07" not in texto, salida
        assert "<b>x</b>" not in texto or salida != "b.md"
