"""La terminal de 80 columnas: ninguna línea se pasa, ninguna palabra se parte en dos."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from grafo import consultas
from grafo.cli import principal
from grafo.cli.salida import para_la_terminal
from grafo.formatos.terminal import NOTA_RECORTE
from tests.conftest import RAIZ

MARCO = re.compile(r"[│┃┏┳━┓┡╇┩└┴┘─┌┬┐├┼┤╭╮╰╯]+")
SIN_PARAMETRO_OBLIGATORIO = [n for n in consultas.listar() if n != "fundamentos"]
ORDENES = [["consultar", n] for n in SIN_PARAMETRO_OBLIGATORIO] + [
    ["consultar", "fundamentos", "-p", "instituciones=AMSCLAE,SECCATID,CTPT"],
    ["analizar"], ["priorizar"], ["brechas"], ["traslapes"], ["buscar", "migración"],
    ["validar"], ["comunidades"], ["ruta", "IGM", "MINEX"],
]


def _textos(valor: Any) -> list[str]:
    if isinstance(valor, str):
        return [valor]
    if isinstance(valor, dict):
        return [t for k, v in valor.items() for t in (*_textos(k), *_textos(v))]
    if isinstance(valor, list):
        return [t for v in valor for t in _textos(v)]
    return [json.dumps(valor)] if valor is not None else []


PUNTUACION = "()«».,;:[]¿?¡!\"'"


def _palabras(textos: list[str]) -> set[str]:
    # Los encabezados se muestran con espacio en vez de «_»: valen las dos formas.
    return {p.strip(PUNTUACION) for t in textos for p in f"{t} {t.replace('_', ' ')}".split()} - {""}


@pytest.mark.parametrize("orden", ORDENES, ids=lambda o: " ".join(o[:2]))
def test_a_80_columnas_ninguna_palabra_se_parte(orden: list[str], datos_una_vez: None) -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"})
    pantalla = runner.invoke(principal, orden)
    assert pantalla.exit_code == 0, pantalla.output
    completo = runner.invoke(principal, [*orden, "--formato", "json"])
    assert completo.exit_code == 0, completo.output
    ancha = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "2000"}).invoke(principal, orden)
    # Las palabras válidas: las de los datos completos y las de la misma salida sin límite de ancho.
    palabras = _palabras([*_textos(json.loads(completo.stdout)), MARCO.sub(" ", ancha.stdout),
                          para_la_terminal(NOTA_RECORTE)])
    largas = [linea for linea in pantalla.stdout.splitlines() if len(linea) > 80]
    assert not largas, largas[:3]
    partidas = []
    for linea in pantalla.stdout.splitlines():
        for ficha in MARCO.sub(" ", linea).split():
            token = ficha.strip(PUNTUACION)
            if not token or token in palabras or token.isdigit():  # un número: el de cada ficha
                continue
            if token.endswith("…") and any(p.startswith(token[:-1].strip(PUNTUACION)) for p in palabras):
                continue  # recortada con «…», no partida
            partidas.append(token)
    assert not partidas, partidas[:10]


@pytest.mark.parametrize("orden", [["buscar", "migracion", "--tipo", "tema"], ["consultar", "temas"],
                                   ["consultar", "mandatos-por-tema"]], ids=lambda o: " ".join(o[:2]))
def test_a_80_columnas_los_ids_quedan_enteros(orden: list[str], datos_una_vez: None) -> None:
    """Antes `grafo buscar migracion --tipo tema` en 80 columnas mostraba «PREVENCION-MIGRACION-IRREGU…»: el id
    que la búsqueda existe para dar. Una columna de una palabra por celda nunca se recorta."""
    pantalla = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"}).invoke(principal, orden)
    assert pantalla.exit_code == 0, pantalla.output
    filas = _json(CliRunner(env={"NO_COLOR": "1"}), orden)
    columna = next(c for c in ("id", "tema", "mandato") if c in filas[0])
    ids = {f[columna] for f in filas}
    assert max(len(i) for i in ids) >= 25  # ids largos de verdad: el caso que se cortaba
    vistos = {t.strip(PUNTUACION) for t in MARCO.sub(" ", pantalla.stdout).split()}
    assert ids <= vistos, sorted(ids - vistos)


def test_una_fila_en_singular(datos_una_vez: None) -> None:
    resultado = CliRunner(env={"NO_COLOR": "1"}).invoke(principal, ["consultar", "instituciones", "-p",
                                                                    "institucion=IGM"])
    assert "(1 fila)" in resultado.stdout


def test_tabla_recortada_lo_dice(datos_una_vez: None) -> None:
    resultado = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"}).invoke(principal, ["consultar", "instituciones"])
    assert "--formato csv da todo" in resultado.stdout


def _json(runner: CliRunner, args: list[str]) -> list[dict[str, str]]:
    resultado = runner.invoke(principal, [*args, "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    return json.loads(resultado.stdout)


def test_buscar_sin_tildes_ni_mayusculas(datos_una_vez: None) -> None:
    runner = CliRunner(env={"NO_COLOR": "1"})
    con = _json(runner, ["buscar", "Atitlán"])
    sin = _json(runner, ["buscar", "ATITLAN"])
    assert con == sin and {(h["tipo"], h["id"]) for h in con} >= {("institución", "AMSCLAE")}
    # Todas las palabras, en cualquier orden; --tipo limita la clase.
    mandatos = _json(runner, ["buscar", "migratoria política", "--tipo", "mandato"])
    assert mandatos and all(h["tipo"] == "mandato" for h in mandatos)
    assert all("politica" in _sin(h["texto"]) and "migratoria" in _sin(h["texto"]) for h in mandatos)
    assert _json(runner, ["buscar", "zzzzqqq"]) == []


def test_buscar_por_el_nombre_de_uso_comun_y_nunca_en_silencio(datos_una_vez: None) -> None:
    """Antes `grafo buscar cancilleria` no hallaba nada y no decía nada: el nombre de todos los días de MINEX. La
    columna «alias» de instituciones lo hace buscable; una búsqueda sin resultados dice qué probar."""
    runner = CliRunner(env={"NO_COLOR": "1"})
    hallados = _json(runner, ["buscar", "cancilleria", "--tipo", "institucion"])
    assert [(h["id"], h["campo"]) for h in hallados] == [("MINEX", "alias")]
    vacia = runner.invoke(principal, ["buscar", "canciyeria"])
    assert vacia.exit_code == 0 and "Sin resultados para «canciyeria»" in vacia.stderr
    assert "«cancilleria»" in vacia.stderr  # la palabra parecida que sí está en los datos
    con_tipo = runner.invoke(principal, ["buscar", "cancilleria", "--tipo", "tema"])
    assert "sin --tipo" in con_tipo.stderr


def _sin(texto: str) -> str:
    from grafo.texto import forma_de_busqueda

    return forma_de_busqueda(texto)


@pytest.mark.parametrize(("orden", "salida", "pista"), [
    (["consultar", "acciones"], "a.xyz", ".csv, .json"),
    (["analizar"], "r.txt", ".csv, .gexf, .graphml, .json"),
    (["ficha", "IGM"], "f.xlsx", ".docx, .pdf"),
    (["consultar", "acciones", "--formato", "csv"], "a.json", ".csv, .json"),
])
def test_salida_con_extension_que_no_sirve(runner, datos_una_vez: None, orden: list[str], salida: str,
                                           pista: str) -> None:
    resultado = runner.invoke(principal, [*orden, "--datos", str(RAIZ / "datos"), "--salida", salida])
    assert resultado.exit_code == 2
    assert f"No se puede escribir «{salida}»" in resultado.stderr and pista in resultado.stderr


def test_la_extension_elige_el_formato_si_no_se_pidio(runner, datos_una_vez: None, tmp_path) -> None:
    resultado = runner.invoke(principal, ["consultar", "acciones", "--datos", str(RAIZ / "datos"),
                                          "--salida", str(tmp_path / "a.json")])
    assert resultado.exit_code == 0
    assert isinstance(json.loads((tmp_path / "a.json").read_text(encoding="utf-8")), list)


def test_la_lista_de_consultas_cabe_en_80_columnas() -> None:
    resultado = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"}).invoke(principal, ["consultas"])
    assert resultado.exit_code == 0
    assert max(len(linea) for linea in resultado.stdout.splitlines()) <= 80
    ancha = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "2000"}).invoke(principal, ["consultas"])
    assert resultado.stdout.split() == ancha.stdout.split()  # las mismas palabras, solo otras líneas


def test_la_ayuda_de_cada_orden_cabe_en_80_columnas() -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"})
    for orden in principal.commands:
        ayuda = runner.invoke(principal, [orden, "--ayuda"]).stdout
        largas = [linea for linea in ayuda.splitlines() if len(linea) > 80]
        assert not largas, (orden, largas)
