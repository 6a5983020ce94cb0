"""Los mensajes de la biblioteca nombran opciones con `errores.opcion`; la CLI las dice como sus banderas y Python
como sus argumentos (issue 27). Cada caso, por donde lo ve un usuario."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import grafo
from grafo.cli import principal
from grafo.errores import ConsultaInvalida
from tests.ayuda import csv_a_libro
from tests.conftest import MINI

MARCAS = ("\ue000", "\ue001")


def _cli(*argumentos: str) -> tuple[int, str]:
    resultado = CliRunner().invoke(principal, list(argumentos))
    salida = resultado.stdout + resultado.stderr
    assert not any(m in salida for m in MARCAS), salida
    return resultado.exit_code, salida


def test_un_parametro_vacio_dice_su_bandera_en_la_cli_y_su_argumento_en_python() -> None:
    codigo, salida = _cli("consultar", "fundamentos", "-p", "instituciones=", "--datos", str(MINI))
    assert codigo == 2 and "por ejemplo -p instituciones=IGM" in salida
    with pytest.raises(ConsultaInvalida) as error:
        grafo.abrir(MINI).consulta("fundamentos", instituciones="")
    assert "por ejemplo instituciones=IGM" in str(error.value)


def test_todo_no_pisa_el_libro_de_datos_del_usuario(tmp_path: Path) -> None:
    libro = csv_a_libro(MINI, tmp_path / "datos.xlsx")
    leido = libro.read_bytes()
    # La plantilla de todo va a salidas/datos.xlsx: con --salidas en la carpeta del libro, sería el libro leído.
    # No lo escribió grafo (es del usuario): no se pisa; la plantilla va al lado y se dice dónde.
    codigo, salida = _cli("todo", "--datos", str(libro), "--salidas", str(tmp_path), "--aliados", "AMSCLAE")
    assert codigo == 0, salida
    assert f"{libro} cambió desde que grafo lo escribió" in salida and str(tmp_path / "datos.nuevo.xlsx") in salida
    assert libro.read_bytes() == leido


def test_comparar_dice_de_que_lado_y_con_sus_banderas(tmp_path: Path) -> None:
    antes, despues = tmp_path / "antes", tmp_path / "despues"
    shutil.copytree(MINI, antes)
    shutil.copytree(MINI, despues)
    csv_a_libro(MINI, despues / "libro.xlsx")  # CSV y un libro en la misma carpeta: no se sabe cuál usar
    codigo, salida = _cli("comparar", str(antes), str(despues))
    assert codigo == 1 and f"En DESPUÉS ({despues})" in salida and f"--datos {despues / 'libro.xlsx'}" in salida


def test_comparar_con_git_nombra_la_revision_y_no_la_carpeta_temporal(tmp_path: Path) -> None:
    repositorio = tmp_path / "repo"
    shutil.copytree(MINI, repositorio / "datos")
    git = ["git", "-C", str(repositorio), "-c", "user.name=p", "-c", "user.email=p@p"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "uno"], check=True)
    ejes = repositorio / "datos" / "ejes.csv"
    ejes.write_text(ejes.read_text(encoding="utf-8") + "E1,Eje repetido\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "dos"], check=True)
    codigo, salida = _cli("comparar", str(repositorio / "datos"), "--git", "HEAD~1..HEAD")
    assert codigo == 1 and f"En DESPUÉS ({repositorio / 'datos'} en HEAD)" in salida and "grafo-comparar-" not in salida


def test_fichas_a_medias_dice_la_bandera(tmp_path: Path) -> None:
    (tmp_path / "MUNI.docx").mkdir()  # una carpeta donde iría la ficha de MUNI
    codigo, salida = _cli("fichas", "--datos", str(MINI), "--carpeta", str(tmp_path))
    assert codigo == 1 and "--salida" in salida and "fichas en" in salida


def test_un_aviso_de_la_lectura_una_vez_aunque_la_cache_responda(datos_mini: Path, tmp_path: Path) -> None:
    ruta = datos_mini / "temas.csv"
    ruta.write_text("Temas de la política\n\n" + ruta.read_text(encoding="utf-8-sig"), encoding="utf-8")
    for vez in range(2):  # la segunda abre el almacén de la caché y lee las tablas para la priorización
        codigo, salida = _cli("matriz", "--instituciones", "AMSCLAE", "--datos", str(datos_mini),
                              "--salida", str(tmp_path / f"m{vez}.xlsx"))
        assert codigo == 0 and salida.count("Aviso:") == 1, salida


def test_buscar_en_una_clase_que_no_existe_es_un_error() -> None:
    with pytest.raises(ConsultaInvalida, match="Clases donde se busca: institucion"):
        grafo.abrir(MINI).buscar("migración", clases=["nada"])


def test_un_tiempo_limite_que_no_es_positivo_es_un_error() -> None:
    with pytest.raises(ValueError, match="tiempo_limite"):
        grafo.abrir(MINI, tiempo_limite=0)


def test_una_lista_con_comas_en_excel_dice_que_se_separa_con_punto_y_coma(datos_mini: Path, tmp_path: Path) -> None:
    """Antes «IGM, MINEX» en una celda de lista daba «¿Quiso decir «MINEX»?» y perdía IGM. Ahora se dice que las
    listas van con «;» y cómo escribirla, en la hoja y la fila del libro."""
    from tests.ayuda import escribir_csv, leer_csv

    filas = leer_csv(datos_mini / "acciones.csv")
    columna = filas[0].index("responsables")
    filas[1][columna] = "IGM, MINEX"
    escribir_csv(datos_mini / "acciones.csv", filas)
    libro = csv_a_libro(datos_mini, tmp_path / "datos.xlsx")
    codigo, salida = _cli("validar", "--datos", str(libro))
    assert codigo == 1
    assert "hoja «acciones», fila 2" in salida and "«IGM, MINEX» tiene comas" in salida
    assert "escriba «IGM; MINEX»" in salida and "¿Quiso decir" not in salida
