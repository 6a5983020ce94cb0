"""`grafo comparar`: dos paquetes que difieren en una lista conocida de ediciones dan exactamente esas."""

from __future__ import annotations

import grafo

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from grafo import productos
from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI


def _editar(ruta: Path, cambio) -> None:  # type: ignore[no-untyped-def]
    escribir_csv(ruta, cambio(leer_csv(ruta)))


def _ediciones(carpeta: Path) -> None:
    """Las ediciones conocidas: un nombre, un responsable cambiado, una acción quitada, un tema agregado,
    un mandato verificado y un artículo cambiado."""
    def instituciones(f):  # type: ignore[no-untyped-def]
        return [[*r[:1], "Ministerio de Relaciones Exteriores de Guatemala", *r[2:]] if r[0] == "MINEX" else r
                for r in f]
    _editar(carpeta / "instituciones.csv", instituciones)

    def acciones(f):  # type: ignore[no-untyped-def]
        columna = f[0].index("responsables")
        return [f[0]] + [[*r[:columna], "IGM;MINEX", *r[columna + 1:]] if r[0] == "A1" else r
                         for r in f[1:] if r[0] != "A4"]
    _editar(carpeta / "acciones.csv", acciones)
    _editar(carpeta / "temas.csv", lambda f: f + [["NUEVO", "Tema nuevo", ""]])

    def mandatos(f):  # type: ignore[no-untyped-def]
        v, a = f[0].index("verificado"), f[0].index("articulo")
        return [f[0]] + [[*r[:v], "si", *r[v + 1:]] if r[0] == "M2" else
                         [*r[:a], "4 bis", *r[a + 1:]] if r[0] == "M3" else r for r in f[1:]]
    _editar(carpeta / "mandatos.csv", mandatos)


def _fuente(carpeta: Path):  # type: ignore[no-untyped-def]
    return grafo.abrir(carpeta, cache=False).preparar()


@pytest.fixture
def dos(tmp_path: Path) -> tuple[Path, Path]:
    antes, despues = tmp_path / "antes", tmp_path / "despues"
    shutil.copytree(MINI, antes)
    shutil.copytree(MINI, despues)
    _ediciones(despues)
    return antes, despues


def test_exactamente_las_ediciones_conocidas(dos: tuple[Path, Path]) -> None:
    informe = productos.comparar(_fuente(dos[0]), _fuente(dos[1]), nombre_antes="a", nombre_despues="b",
                                 fecha="2026-12-01")
    agregadas, quitadas, cambiadas, responsabilidades, brechas, traslapes = informe.secciones
    assert agregadas.tabla.values.tolist() == [["Tema", "NUEVO", "Tema nuevo"]]
    assert quitadas.tabla.values.tolist() == [["Acción", "A4", "Control en puestos fronterizos"]]
    assert cambiadas.tabla.values.tolist() == [
        ["Acción", "A1", "responsables", "se agregó MINEX; se quitó DEPM"],
        ["Institución", "MINEX", "nombre",
         "de «Ministerio de Relaciones Exteriores» a «Ministerio de Relaciones Exteriores de Guatemala»"],
        ["Mandato", "M2", "verificado", "de «no» a «sí»"],
        ["Mandato", "M3", "artículo", "de «3» a «4 bis»"],
    ]
    assert responsabilidades.tabla.values.tolist() == [
        ["DEPM", "A1", "perdió la responsabilidad"], ["IGM", "A4", "perdió la responsabilidad"],
        ["MINEX", "A1", "ganó la responsabilidad"],
    ]
    # Consecuencias que se siguen de las ediciones, no ediciones de más.
    assert ["Responsable sin mandato", "A1 · MINEX · no tiene mandatos cargados en los datos", "se abrió"] \
        in brechas.tabla.values.tolist()
    assert traslapes.tabla.values.tolist() == [
        ["Acción con varios responsables", "A1", "cambió: de DEPM, IGM a IGM, MINEX"]]


def test_sin_cambios_no_dice_nada(tmp_path: Path) -> None:
    informe = productos.comparar(_fuente(MINI), _fuente(MINI), nombre_antes="a", nombre_despues="a")
    assert all(s.tabla.empty for s in informe.secciones) and "nada cambió" in informe.introduccion


def _git(carpeta: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(carpeta), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "p", "GIT_AUTHOR_EMAIL": "p@e", "GIT_COMMITTER_NAME": "p",
                               "GIT_COMMITTER_EMAIL": "p@e", "PATH": "/usr/bin:/bin"}).stdout.strip()


def _repositorio(carpeta: Path, antes: Path, despues: Path) -> None:
    """Un repositorio de git con la carpeta en dos revisiones: HEAD~1 es `antes`, HEAD es `despues`."""
    repo = carpeta.parent
    shutil.copytree(antes, carpeta)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "antes")
    for archivo in despues.iterdir():
        shutil.copy(archivo, carpeta / archivo.name)
    _git(repo, "commit", "-qam", "después")


def test_dos_revisiones_de_git(runner, dos: tuple[Path, Path], tmp_path: Path) -> None:
    if shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("En CI, .ci/run instala git; no está.")
        pytest.skip("Falta git; en CI no se salta.")
    repo = tmp_path / "repo"
    _repositorio(repo / "datos", *dos)
    por_git = runner.invoke(principal, ["comparar", str(repo / "datos"), "--git", "HEAD~1..HEAD", "--formato", "json"])
    assert por_git.exit_code == 0, por_git.output
    por_carpetas = runner.invoke(principal, ["comparar", str(dos[0]), str(dos[1]), "--formato", "json"])
    filas = [[s["filas"] for s in json.loads(r.stdout)["secciones"]] for r in (por_git, por_carpetas)]
    assert filas[0] == filas[1] and filas[0][0]
    mala = runner.invoke(principal, ["comparar", str(repo / "datos"), "--git", "HEAD~1..noexiste"])
    assert mala.exit_code == 1 and "La revisión «noexiste» no existe en el repositorio" in mala.stderr
    uso = runner.invoke(principal, ["comparar", str(repo / "datos"), "--git", "HEAD"])
    assert uso.exit_code == 2 and "REV1..REV2" in uso.stderr
    # Un libro del repositorio que es un enlace a un archivo de afuera: git no tiene sus versiones (antes, un
    # ValueError con traza).
    (tmp_path / "afuera.xlsx").write_bytes(b"no importa")
    (repo / "libro.xlsx").symlink_to(tmp_path / "afuera.xlsx")
    enlace = runner.invoke(principal, ["comparar", str(repo / "libro.xlsx"), "--git", "HEAD~1..HEAD"])
    assert enlace.exit_code == 1 and "fuera del repositorio de git" in enlace.stderr
    assert isinstance(enlace.exception, SystemExit)  # un error de grafo, no una excepción de Python


def test_comparar_en_word(runner, dos: tuple[Path, Path], tmp_path: Path) -> None:
    resultado = runner.invoke(principal, ["comparar", str(dos[0]), str(dos[1]), "--salida", str(tmp_path / "c.docx")])
    assert resultado.exit_code == 0, resultado.output
    assert (tmp_path / "c.docx").stat().st_size > 5000


def test_git_con_tildes_en_la_ruta(runner, dos: tuple[Path, Path], tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("Falta git; en CI no se salta.") if os.environ.get("CI") != "true" else pytest.fail("falta git")
    repo = tmp_path / "Política Migratoria 2024"
    _repositorio(repo / "datos de reunión", *dos)
    resultado = runner.invoke(principal, ["comparar", str(repo / "datos de reunión"), "--git", "HEAD~1..HEAD"])
    assert resultado.exit_code == 0, resultado.output
    assert "MINEX" in resultado.stdout
