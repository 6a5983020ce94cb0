"""Accesorios comunes: la miniatura copiada a una carpeta temporal por prueba y el CliRunner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

AQUI = Path(__file__).parent

# La caché de almacenes de las pruebas, nueva en cada sesión: no se usa ni se ensucia la del usuario, y
# las órdenes de las pruebas pasan por ella como las de un usuario (la primera arma, las demás abren).
os.environ["GRAFO_CACHE"] = tempfile.mkdtemp(prefix="grafo-cache-pruebas-")
MINI = AQUI / "datos_mini"
ESPERADO = AQUI / "esperado"
RAIZ = AQUI.parent
# Debian chromium, buscado en el PATH: quitarlo del PATH simula una máquina sin él (y sin él, se salta).
CHROMIUM = Path(shutil.which("chromium") or "/falta/chromium")


def navegador():
    """Playwright para Debian chromium; sin él, la prueba se salta en una laptop y falla en CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("En CI, .ci/run instala Debian chromium; chromium no está en el PATH.")
        pytest.skip("Falta chromium (Debian chromium); en CI no se salta.")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


@pytest.fixture(scope="module")
def chromium():
    """Un Chromium sin red por módulo; cada prueba abre su contexto con su tamaño de pantalla."""
    with navegador() as p:
        lanzado = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield lanzado
        lanzado.close()


@pytest.fixture
def datos_mini(tmp_path: Path) -> Path:
    """Copia editable de la miniatura."""
    destino = tmp_path / "datos"
    shutil.copytree(MINI, destino)
    return destino


SEGUIMIENTO = AQUI / "datos_seguimiento"
# Estado y avance que el seguimiento agrega a las acciones de la miniatura.
AVANCE = {"A1": ("en_curso", "40"), "A2": ("cumplido", "100"), "A3": ("", ""), "A4": ("pendiente", "")}


def completar_mini(carpeta: Path) -> Path:
    """La miniatura (copiada en `carpeta`) con las reuniones y acuerdos de `datos_seguimiento` y el estado y avance
    de sus acciones: con ellas, cada consulta con nombre tiene filas."""
    from tests.ayuda import escribir_csv, leer_csv

    for archivo in ("reuniones.csv", "acuerdos.csv"):
        shutil.copy(SEGUIMIENTO / archivo, carpeta / archivo)
    ruta = carpeta / "acciones.csv"
    filas = leer_csv(ruta)
    escribir_csv(ruta, [filas[0] + ["estado", "avance"]] + [f + list(AVANCE[f[0]]) for f in filas[1:]])
    return carpeta


@pytest.fixture(scope="session")
def grafo_mini_completo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """El motor de la miniatura completa (con reuniones y acuerdos), una vez por sesión: nada lo cambia."""
    import grafo

    carpeta = tmp_path_factory.mktemp("mini-completa") / "datos"
    shutil.copytree(MINI, carpeta)
    return grafo.abrir(completar_mini(carpeta), cache=False).preparar().fuente


@pytest.fixture(scope="session")
def proyecto_datos():  # type: ignore[no-untyped-def]
    """El proyecto de datos/, abierto una vez por sesión (su grafo y sus respuestas se comparten: nada los cambia)."""
    import grafo

    return grafo.abrir(RAIZ / "datos")


@pytest.fixture(scope="session")
def proyecto_mini():  # type: ignore[no-untyped-def]
    """El proyecto de tests/datos_mini, abierto una vez por sesión y sin caché (nada lo cambia)."""
    import grafo

    return grafo.abrir(MINI, cache=False).preparar()


@pytest.fixture(scope="session")
def grafo_mini(proyecto_mini):  # type: ignore[no-untyped-def]
    """El motor del paquete mini (con la memoria de respuestas del proyecto de la sesión)."""
    return proyecto_mini.fuente


@pytest.fixture(scope="session")
def fuente_datos(proyecto_datos):  # type: ignore[no-untyped-def]
    """El motor de datos/ (con la memoria de respuestas del proyecto de la sesión)."""
    return proyecto_datos.fuente


@pytest.fixture
def datos_una_vez(proyecto_datos) -> None:  # type: ignore[no-untyped-def]
    """Las órdenes sobre datos/ abren su almacén de la caché de la sesión: se construye una sola vez, aquí."""
    proyecto_datos.preparar()
    proyecto_datos.cerrar()  # lo que la caché guardaba en otro hilo, ya guardado: la orden siguiente lo abre


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """CliRunner que trabaja en una carpeta temporal (salidas/ queda ahí)."""
    monkeypatch.chdir(tmp_path)
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"})


def pytest_unconfigure(config) -> None:  # type: ignore[no-untyped-def]
    """La JVM de Jena (tests/jena.py) se apaga antes que Python: sin esto, TopBraid deja hilos que
    hacen caer el proceso al salir (código 139) aunque todas las pruebas pasen."""
    import sys

    if "jpype" in sys.modules:
        import jpype

        if jpype.isJVMStarted():
            jpype.shutdownJVM()
