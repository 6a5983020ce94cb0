"""Las matrices impresas: el libro de make demo pasado a PDF con LibreOffice, palabra por palabra.

Ninguna palabra se toca con otra (filas con el alto que su texto ajustado necesita, en todas las hojas)
y ninguna mide menos de 7 pt en el papel elegido (carta u oficio, sin encoger una matriz ancha para que quepa).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from grafo.cli import principal
from tests.conftest import RAIZ

pytestmark = pytest.mark.usefixtures("datos_una_vez")


def _soffice() -> str:
    ruta = shutil.which("soffice")
    if ruta is None:
        if os.environ.get("CI") == "true":
            pytest.fail("En CI, .ci/run instala libreoffice-calc; soffice no está.")
        pytest.skip("Falta soffice (Debian libreoffice-calc); en CI no se salta.")
    return ruta


def _a_pdf(libro: Path, carpeta: Path) -> Path:
    perfil = carpeta / "perfil-libreoffice"  # un perfil propio: otra instancia abierta no lo bloquea
    subprocess.run([_soffice(), f"-env:UserInstallation={perfil.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(carpeta), str(libro)], check=True, capture_output=True, timeout=180)
    return carpeta / f"{libro.stem}.pdf"


def _palabras(pdf: Path) -> list[list[dict]]:
    import pdfplumber

    with pdfplumber.open(pdf) as documento:
        return [pagina.extract_words(extra_attrs=["size", "upright"]) for pagina in documento.pages]


def _tocan(palabras: list[dict]) -> list[tuple[str, str]]:
    orden = sorted(palabras, key=lambda p: p["x0"])
    pares = []
    for i, a in enumerate(orden):
        for b in orden[i + 1:]:
            if b["x0"] >= a["x1"] - 0.5:
                break
            if a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5:
                pares.append((a["text"], b["text"]))
    return pares


def test_las_matrices_impresas_se_leen(runner, tmp_path: Path) -> None:
    resultado = runner.invoke(principal, ["matriz", "--datos", str(RAIZ / "datos"), "--instituciones",
                                          "AMSCLAE,SECCATID,CTPT", "--salida", str(tmp_path / "matrices.xlsx")])
    assert resultado.exit_code == 0, resultado.output
    paginas = _palabras(_a_pdf(tmp_path / "matrices.xlsx", tmp_path))
    assert len(paginas) >= 7  # una hoja al menos por matriz, Leyenda y Fuentes
    texto = " ".join(p["text"] for pagina in paginas for p in pagina)
    for hoja in ("Responsabilidades", "Mandatos", "Fundamentos", "Priorización", "Red", "Leyenda", "Fuentes"):
        assert f"{hoja} · datos" in texto, hoja  # el pie de cada hoja, con su número de página
    assert "Página 1 de" in texto and "Aporte:" in texto and "aporte_" not in texto and "deportados_2025" not in texto
    for numero, palabras in enumerate(paginas, start=1):
        assert _tocan(palabras) == [], f"página {numero}"
        # El tamaño de una letra girada (los ids de las columnas) no lo mide pdfplumber: se miran las derechas.
        chicas = [(p["text"], round(p["size"], 1)) for p in palabras if p["upright"] and p["size"] < 7]
        assert chicas == [], f"página {numero}"
    # La matriz ancha va en varias páginas de ancho (no encogida) y cada una repite la columna de
    # instituciones: MINEX, una fila de la rejilla, está en más de una página de Responsabilidades.
    assert "A-INTECAP-001" in texto
    de_responsabilidades = [p for p in paginas if any(w["text"] == "Responsabilidades" for w in p)]
    assert sum(any(w["text"] == "MINEX" for w in p) for p in de_responsabilidades) >= 2
