"""Datos honestos: cada fila de datos/ tiene fuente; lo no verificado y lo ilustrativo lo dicen."""

from __future__ import annotations

import pytest

from grafo.paquete import fuentes
from tests.conftest import RAIZ


@pytest.fixture(scope="module")
def paquete() -> fuentes.Paquete:
    return fuentes.leer_paquete(RAIZ / "datos")


def test_cada_fila_tiene_fuente(paquete: fuentes.Paquete) -> None:
    for nombre, tabla in paquete.tablas.items():
        assert "fuente" in tabla.datos.columns, nombre
        vacias = tabla.datos[tabla.datos["fuente"] == ""]["_fila"].tolist()
        assert not vacias, f"{nombre}: filas sin fuente {vacias}"


def test_mandatos_nv_van_marcados(paquete: fuentes.Paquete) -> None:
    mandatos = paquete.tabla("mandatos").datos
    for fila in mandatos.itertuples():
        if "[NV]" in fila.descripcion or "[NV]" in fila.fuente:
            assert fila.verificado == "no", fila.id
        if fila.verificado == "no":
            assert "[NV]" in fila.descripcion or "verificar" in fila.fuente, fila.id
    assert (mandatos["verificado"] == "no").sum() >= 5


def test_acciones_ilustrativas_lo_dicen(paquete: fuentes.Paquete) -> None:
    acciones = paquete.tabla("acciones").datos
    for fila in acciones.itertuples():
        assert fila.ilustrativa in ("si", "no"), fila.id
        assert (fila.ilustrativa == "si") == fila.fuente.startswith("Ilustrativa"), fila.id


def test_municipios_340(paquete: fuentes.Paquete) -> None:
    municipios = paquete.tabla("municipios").datos
    assert len(municipios) == 340
    assert municipios["codigo"].str.fullmatch(r"\d{4}").all()
    assert municipios["departamento"].nunique() == 22
    assert (municipios["oficina_migracion"] == "1").sum() == 7
    # Sin dato no es cero: solo 19 municipios tienen cifra de deportados en la fuente.
    assert (municipios["deportados_2025"] != "").sum() == 19
    assert municipios.loc[municipios["deportados_2025"] != "", "deportados_2025"].astype(int).sum() == 13346
