"""El registro de renderizadores y emitir: un formato por producto, lo de terminal cede a un archivo."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from grafo import formatos
from grafo.cli import salida
from grafo.dominio.productos import Respuesta, Tabla
from grafo.dominio.resumen import Resumen

TABLA = Tabla("Prueba", pd.DataFrame({"id": ["a", "=1+1"], "n": [1, 2]}, dtype=object))


def test_cada_producto_tiene_sus_formatos() -> None:
    assert formatos.formatos_de(Tabla) == ("tabla", "csv", "json")
    assert formatos.formatos_de(Respuesta) == ("tabla", "csv", "json")
    assert set(formatos.formatos_de(Resumen)) == {"tabla", "json"}


def test_la_tabla_de_terminal_cede_a_csv_en_un_archivo() -> None:
    assert formatos.renderizador_de(TABLA, "tabla", a_archivo=False)[0] == "tabla"
    efectivo, renderizador = formatos.renderizador_de(TABLA, "tabla", a_archivo=True)
    assert efectivo == "csv" and renderizador.funcion(TABLA) == "\ufeffid,n\na,1\n'=1+1,2\n"


def test_un_formato_que_el_producto_no_tiene_es_un_error_que_dice_cuales_si() -> None:
    with pytest.raises(formatos.FormatoNoDisponible) as error:
        formatos.renderizador_de(TABLA, "ttl", a_archivo=False)
    # La biblioteca nombra la opción; la CLI la dice como su bandera.
    assert "da una tabla: use --formato tabla, csv o json" in salida.para_la_terminal(error.value.texto(salida.bandera))
    resumen = Resumen("v", 1, *(pd.DataFrame() for _ in range(3)))
    with pytest.raises(formatos.FormatoNoDisponible, match="se muestra en la terminal; para escribir un archivo use json"):
        formatos.renderizador_de(resumen, "tabla", a_archivo=True)


def test_un_producto_sin_renderizadores_no_se_escribe() -> None:
    with pytest.raises(formatos.FormatoNoDisponible, match="use uno de: ninguno"):
        formatos.renderizador_de(object(), "csv", a_archivo=False)


def test_emitir_escribe_de_forma_atomica_y_avisa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    destino = tmp_path / "sub" / "t.json"
    salida.emitir(TABLA, "json", destino)
    assert destino.read_text(encoding="utf-8").startswith('[\n  {\n    "id": "a"')
    assert capsys.readouterr().err == f"2 filas: escrito en {destino}.\n"
    assert [p.name for p in destino.parent.iterdir()] == ["t.json"]  # sin temporales
