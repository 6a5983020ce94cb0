"""Accesorios comunes: la miniatura copiada a una carpeta temporal por prueba y el CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

AQUI = Path(__file__).parent
MINI = AQUI / "datos_mini"
ESPERADO = AQUI / "esperado"
RAIZ = AQUI.parent


@pytest.fixture
def datos_mini(tmp_path: Path) -> Path:
    """Copia editable de la miniatura."""
    destino = tmp_path / "datos"
    shutil.copytree(MINI, destino)
    return destino


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """CliRunner que trabaja en una carpeta temporal (salidas/ queda ahí)."""
    monkeypatch.chdir(tmp_path)
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"})
