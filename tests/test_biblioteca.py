"""`grafo.abrir(...)`: la única entrada a la biblioteca, la misma que usan la CLI y las pruebas (issue 27)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import grafo
from grafo import productos
from grafo.cli import principal
from grafo.errores import ConsultaInvalida, DatosInvalidos
from tests.conftest import MINI, RAIZ


def _filas_csv(texto: str) -> int:
    return len(list(csv.reader(io.StringIO(texto.lstrip("\ufeff"))))) - 1


@pytest.mark.parametrize("nombre", ["acciones-sin-responsable", "acciones-sin-mandato", "temas-con-varios-mandatos"])
def test_la_consulta_de_la_biblioteca_cuenta_lo_mismo_que_la_cli(nombre: str) -> None:
    """El primer «hecho cuando» del issue: len(p.consulta(...)) = filas del CSV de `grafo consultar`."""
    cli = CliRunner().invoke(principal, ["consultar", nombre, "--datos", str(RAIZ / "datos"), "--formato", "csv"])
    assert cli.exit_code == 0, cli.output
    assert len(grafo.abrir(RAIZ / "datos").consulta(nombre)) == _filas_csv(cli.stdout) > 0


def test_el_ejemplo_del_readme_corre() -> None:
    """El bloque de docs/python.md (grafo desde Python), tal cual, en un proceso nuevo desde la raíz del proyecto."""
    seccion = (RAIZ / "docs" / "python.md").read_text(encoding="utf-8")
    codigo = re.search(r"```python\n(.*?)```", seccion, re.S)
    assert codigo is not None
    hecho = subprocess.run([sys.executable, "-c", codigo.group(1)], cwd=RAIZ, capture_output=True, text=True,
                           timeout=300, check=False)
    assert hecho.returncode == 0, hecho.stderr
    cli = CliRunner().invoke(principal, ["consultar", "acciones-sin-responsable", "--datos", str(RAIZ / "datos"),
                                         "--formato", "csv"])
    assert f"Acciones sin responsable: {_filas_csv(cli.stdout)}\n" in hecho.stdout
    assert "Brechas de coordinación" in hecho.stdout


def test_una_fuente_y_solo_una() -> None:
    with pytest.raises(TypeError, match="ninguna"):
        grafo.abrir()
    with pytest.raises(TypeError, match="datos, endpoint"):
        grafo.abrir(MINI, endpoint="http://127.0.0.1:1/sparql")


def test_abrir_no_lee_nada_hasta_la_primera_consulta(tmp_path: Path) -> None:
    (tmp_path / "instituciones.csv").write_text("esto no es un paquete\n", encoding="utf-8")
    proyecto = grafo.abrir(tmp_path, cache=False)  # no falla: todavía no leyó
    with pytest.raises(DatosInvalidos, match="instituciones.csv"):
        proyecto.consulta("acciones")


def test_un_grafo_escrito_se_abre_como_los_datos(tmp_path: Path) -> None:
    ruta = tmp_path / "g.ttl"
    assert CliRunner().invoke(principal, ["construir", "--datos", str(MINI), "--salida", str(ruta)]).exit_code == 0
    desde_archivo, desde_datos = grafo.abrir(archivo=ruta), grafo.abrir(MINI)
    assert desde_archivo.version() == desde_datos.version()
    assert desde_archivo.consulta("acciones").filas.to_dict() == desde_datos.consulta("acciones").filas.to_dict()
    assert desde_archivo.paquete is None  # un grafo escrito no trae sus tablas


def test_los_avisos_de_la_lectura_llegan_a_quien_los_pide(datos_mini: Path) -> None:
    ruta = datos_mini / "ejes.csv"
    ruta.write_text("Ejes de la política\n\n" + ruta.read_text(encoding="utf-8-sig"), encoding="utf-8")
    dichos: list[str] = []
    proyecto = grafo.abrir(datos_mini, cache=False, avisar=dichos.append)
    proyecto.consulta("ejes")
    assert dichos and dichos == proyecto.avisos and "ejes.csv" in dichos[0]


def test_parametros_como_argumentos_y_ids_desconocidos_con_parecidos() -> None:
    proyecto = grafo.abrir(MINI)
    assert len(proyecto.consulta("fundamentos", instituciones=["igm"])) > 0  # «igm» es IGM
    with pytest.raises(ConsultaInvalida, match="¿Quiso decir"):
        proyecto.consulta("fundamentos", instituciones="IGMX")


def test_un_producto_recibe_el_proyecto() -> None:
    p = grafo.abrir(MINI)
    informe = productos.brechas(p, fecha="2026-01-02")
    assert informe.fecha == "2026-01-02" and informe.version_datos == grafo.abrir(MINI).version()
    sin_responsable = next(s for s in informe.secciones if s.titulo == "Acciones sin responsable")
    assert sin_responsable.total == len(p.consulta("acciones-sin-responsable")) > 0  # lo que el proyecto responde
