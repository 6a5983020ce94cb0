"""La CLI: ayuda con ejemplo en cada orden, resumen legible y JSON limpio en stdout."""

from __future__ import annotations

import re

import json

import pytest

from grafo.cli import principal
from tests.conftest import MINI


@pytest.mark.parametrize("orden", sorted(principal.commands))
def test_cada_orden_tiene_ayuda_con_ejemplo(runner, orden: str) -> None:
    resultado = runner.invoke(principal, [orden, "--ayuda"])
    assert resultado.exit_code == 0
    assert "Ejemplo:" in resultado.stdout
    assert f"grafo {orden}" in resultado.stdout.split("Ejemplo:")[1]


def test_resumen_json(runner) -> None:
    resultado = runner.invoke(principal, ["resumen", "--datos", str(MINI), "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    resumen = json.loads(resultado.stdout)
    clases = {c["clase"]: c["cantidad"] for c in resumen["clases"]}
    assert clases == {"Instituciones": 5, "Instrumentos": 3, "Artículos": 3, "Mandatos": 4, "Temas": 5, "Ejes": 2,
                      "Acciones": 4, "Municipios": 4}
    ejes = {e["eje"]: (e["acciones"], e["con_responsable"]) for e in resumen["ejes"]}
    assert ejes == {"E1": (2, 2), "E2": (1, 1), "—": (1, 0)}
    tipos = {t["tipo"]: t["instituciones"] for t in resumen["tipos"]}
    assert tipos == {"autoridad": 1, "dependencia": 1, "instituto": 1, "ministerio": 1, "municipalidad": 1}
    assert len(resumen["version_datos"]) == 12


def test_resumen_tabla(runner) -> None:
    resultado = runner.invoke(principal, ["resumen", "--datos", str(MINI)])
    assert resultado.exit_code == 0, resultado.output
    for titulo in ("Entidades por clase (8 filas)", "Acciones por eje (3 filas)", "Instituciones por tipo (5 filas)"):
        assert titulo in resultado.stdout
    # Las filas, no solo los títulos: cada clase con su cantidad, cada eje con sus acciones.
    filas = {tuple(c.strip() for c in linea.strip("│ ").split("│")) for linea in resultado.stdout.splitlines()
             if linea.startswith("│")}
    for fila in (("Instituciones", "5"), ("Mandatos", "4"), ("Acciones", "4"), ("Municipios", "4"),
                 ("E1", "Integración y reintegración", "2", "2"), ("—", "Sin eje asignado", "1", "0"),
                 ("ministerio", "Ministerio", "1")):
        assert fila in filas, fila


def test_tabla_que_falta_da_error_claro(runner, datos_mini) -> None:
    (datos_mini / "mandatos.csv").unlink()
    resultado = runner.invoke(principal, ["resumen", "--datos", str(datos_mini)])
    assert resultado.exit_code == 1
    assert "falta la tabla obligatoria «mandatos»" in resultado.stderr


def test_ayuda_y_errores_de_uso_en_espanol(runner) -> None:
    ayuda = runner.invoke(principal, ["--ayuda"])
    assert ayuda.stdout.startswith("Uso: grafo [OPCIONES] ORDEN [ARGUMENTOS]...")
    assert "Opciones:" in ayuda.stdout and "Órdenes:" in ayuda.stdout
    assert "Usage" not in ayuda.stdout and "Show this message" not in ayuda.stdout
    mal = runner.invoke(principal, ["construir", "--formato", "xx"])
    assert mal.exit_code == 2
    assert "Valor inválido para '--formato': 'xx' no es uno de" in mal.stderr
    # «resumn» sugería también «reunion» desde que existe esa orden: una errata que solo se parece a «resumen».
    desconocida = runner.invoke(principal, ["resume"])
    assert "No existe la orden 'resume'. ¿Quiso decir 'resumen'?" in desconocida.stderr


def test_los_textos_de_click_siguen_en_espanol_en_cada_orden(runner) -> None:
    """La traducción de click va antes de declarar las órdenes: sus opciones la toman al crearse."""
    for orden in principal.commands:
        ayuda = runner.invoke(principal, [orden, "--ayuda"]).stdout
        assert "DIRECTORY" not in ayuda and " FILE" not in ayuda, orden
        ingles = re.findall(r"\b(INTEGER|FLOAT|TEXT|RANGE|PATH|FILENAME|BOOLEAN)\b", ayuda)
        assert not ingles, (orden, ingles)
    assert "CARPETA" in runner.invoke(principal, ["consultar", "--ayuda"]).stdout
    mal = runner.invoke(principal, ["consultar", "acciones", "--datos", str(MINI / "instituciones.csv")])
    assert mal.exit_code == 1 and "carpeta que contiene los CSV" in mal.stderr


def test_matriz_revisa_el_uso_antes_de_construir(runner) -> None:
    vacia = runner.invoke(principal, ["matriz", "fundamentos", "--instituciones", ",", "--datos", str(MINI)])
    assert vacia.exit_code == 2 and "--instituciones: está vacío" in vacia.stderr
    # Un CSV de todas las matrices se rechaza antes de leer los datos (aquí, una carpeta que no existe).
    csv = runner.invoke(principal, ["matriz", "--formato", "csv", "--datos", "no-existe"])
    assert csv.exit_code == 2 and "elija una matriz" in csv.stderr
