"""Informes de brechas y traslapes: secciones, cuentas y fundamento legal en cada fila."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grafo import productos
from grafo.dominio import informes
from grafo.formatos.informes import a_markdown
from grafo.cli import principal
from tests.conftest import MINI, RAIZ

# Las órdenes sobre datos/ reusan el grafo construido una vez por sesión (conftest.datos_una_vez).
pytestmark = pytest.mark.usefixtures("datos_una_vez")


def _seccion(informe: informes.Informe, titulo: str) -> list[dict]:
    return next(s for s in informe.secciones if s.titulo == titulo).tabla.to_dict(orient="records")


def test_brechas_en_la_miniatura(proyecto_mini) -> None:
    informe = productos.brechas(proyecto_mini, fecha="2026-01-02")
    assert [(s.titulo, s.total) for s in informe.secciones] == [
        ("Cobertura por eje", 3), ("Acciones sin responsable", 1),
        ("Brechas de coordinación: responsables sin mandato sobre la acción", 0),
        ("Tareas de datos: mandatos por cargar", 1), ("Mandatos que ninguna acción usa", 1),
        ("Instituciones con mandato y sin acción", 1)]
    assert _seccion(informe, "Acciones sin responsable") == [{
        "Acción": "A3 [OF]", "Descripción": "Oficinas municipales de migración", "Eje": "—", "Periodo": "2025",
        "Vinculadas": "DEPM, MUNI", "Ilustrativa": "no"}]
    # MINEX no tiene mandatos en la miniatura: que no cubra A2 es una tarea de datos, no una brecha.
    assert _seccion(informe, "Tareas de datos: mandatos por cargar") == [{
        "Institución": "MINEX — Ministerio de Relaciones Exteriores", "Tarea": "Cargar los mandatos de MINEX",
        "Mandatos cargados": "ninguno", "Acciones que lidera sin mandato cargado": "A2 [PROP]"}]
    # M2 tiene verificado=no: el artículo sale marcado [NV].
    assert _seccion(informe, "Mandatos que ninguna acción usa") == [{
        "Mandato": "M2",
        "Institución": "AMSCLAE — Autoridad para el Manejo Sustentable de la Cuenca del Lago de Atitlán y su Entorno",
        "Fundamento": "Ley de creación de la AMSCLAE (DEC-133-96), art. 4 [NV] [SEC]",
        "Texto del mandato": "Conservar el ecosistema del lago de Atitlán.", "Temas": "AMB"}]
    assert _seccion(informe, "Instituciones con mandato y sin acción")[0]["Mandatos"] == "M2 DEC-133-96 art. 4 [NV] [SEC]"
    assert informe.fecha == "2026-01-02" and len(informe.version_datos) == 12


def test_traslapes_en_la_miniatura(proyecto_mini) -> None:
    informe = productos.traslapes(proyecto_mini, fecha="2026-01-02")
    temas = _seccion(informe, "Temas con mandatos de varias instituciones")
    assert informe.secciones[0].total == 1  # un tema (COORD), tres filas: una por mandato
    assert [(f["Institución"].split(" — ")[0], f["Mandato"], f["Fundamento"], f["Cubre por"]) for f in temas] == [
        ("DEPM", "M4", "Código de Migración (DEC-44-2016), sin artículo [OF]", "el mismo tema"),
        ("IGM", "M1", "Código de Migración (DEC-44-2016), art. 122 c) [OF]", "el tema amplio Gobernanza migratoria (GOB)"),
        ("MUNI", "M3", "Código Municipal (DEC-12-2002), art. 3 [OF]", "el mismo tema"),
    ]
    assert _seccion(informe, "Acciones con varios responsables") == [{
        "Acción": "A1", "Descripción": "Coordinar mesas interinstitucionales",
        "Responsables": "DEPM — Departamento de Estudios y Políticas Migratorias, IGM — Instituto Guatemalteco de Migración",
        "Respaldo de cada responsable": "DEPM: M4 DEC-44-2016 sin artículo [OF] | IGM: M1 DEC-44-2016 art. 122 c) [OF]"}]


def test_markdown_escapa_barras_y_cuenta_por_seccion(proyecto_mini) -> None:
    informe = productos.brechas(proyecto_mini, fecha="2026-01-02")
    texto = a_markdown(informe)
    assert texto.startswith("# Brechas de coordinación de la Política Migratoria\n")
    assert "## 4. Tareas de datos: mandatos por cargar (1 institución)" in texto
    assert "- Acciones sin responsable: **1**" in texto
    seccion = informe.secciones[1]
    seccion.tabla.loc[0, "Descripción"] = "a | b\nc"
    assert "a \\| b c" in a_markdown(informe)


@pytest.mark.parametrize("orden", ["brechas", "traslapes"])
def test_informes_por_la_cli(runner, orden: str) -> None:
    como_json = runner.invoke(principal, [orden, "--datos", str(MINI), "--formato", "json"])
    assert como_json.exit_code == 0, como_json.output
    datos = json.loads(como_json.stdout)
    assert all({"titulo", "total", "filas"} <= set(s) for s in datos["secciones"])
    texto = runner.invoke(principal, [orden, "--datos", str(MINI)])
    assert texto.exit_code == 0
    for seccion in datos["secciones"]:
        assert seccion["titulo"] in texto.stdout
    archivo = runner.invoke(principal, [orden, "--datos", str(MINI), "--salida", "r/informe.md"])
    assert archivo.stdout == "" and Path("r/informe.md").read_text(encoding="utf-8").startswith("# ")


def test_brechas_en_los_datos_reales(runner) -> None:
    resultado = runner.invoke(principal, ["brechas", "--datos", str(RAIZ / "datos"), "--formato", "markdown"])
    assert resultado.exit_code == 0, resultado.output
    texto = resultado.stdout
    # Cada fila de mandatos cita instrumento y artículo (o dice que falta, con [NV] si no está verificado).
    filas = [linea for linea in texto.split("## 5.")[1].split("## 6.")[0].splitlines() if linea.startswith("| M-")]
    assert filas and all("art." in f or "sin artículo" in f or "no identificado [NV]" in f for f in filas)
