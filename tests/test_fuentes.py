"""Lectura del paquete: formas de CSV y Excel, y cada caso de entrada inválida del contrato."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grafo.cli.salida import bandera
from grafo.paquete import fuentes
from grafo.cli import principal
from grafo.errores import DatosInvalidos, TablaFaltante
from tests.ayuda import csv_a_libro, escribir_csv, leer_csv


def _editar(ruta: Path, fila: int, columna: str, valor: str) -> None:
    """Cambia una celda: `fila` como la ve el usuario (el encabezado es la 1)."""
    filas = leer_csv(ruta)
    filas[fila - 1][filas[0].index(columna)] = valor
    escribir_csv(ruta, filas)


def _afirmar_nada_escrito(carpeta: Path) -> None:
    """Por la CLI: código 1, mensaje en stderr, la salida anterior intacta y nada más en salidas/."""
    with tempfile.TemporaryDirectory() as temporal:
        previa = Path(temporal) / "salidas" / "grafo.ttl"
        previa.parent.mkdir()
        previa.write_bytes(b"# salida anterior\n")
        resultado = CliRunner().invoke(principal, ["construir", "--datos", str(carpeta), "--salida", str(previa)])
        assert resultado.exit_code == 1, resultado.output
        assert "no se escribió nada" in resultado.stderr and resultado.stdout == ""
        assert previa.read_bytes() == b"# salida anterior\n"
        assert [p.name for p in previa.parent.iterdir()] == ["grafo.ttl"]


def _problemas(carpeta: Path) -> list[str]:
    """Los problemas que informa la biblioteca, tras comprobar que la CLI no escribió nada."""
    _afirmar_nada_escrito(carpeta)
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(carpeta)
    return [p.texto(bandera) for p in error.value.problemas]  # las opciones, como las dice la CLI


def test_miniatura_se_lee_entera(datos_mini: Path) -> None:
    paquete = fuentes.leer_paquete(datos_mini)
    assert paquete.forma == "csv"
    assert set(paquete.tablas) == {"instituciones", "instrumentos", "temas", "mandatos", "ejes", "acciones",
                                   "municipios", "criterios", "alineaciones"}
    acciones = paquete.tabla("acciones").datos
    assert list(acciones["id"]) == ["A1", "A2", "A3", "A4"]
    assert list(acciones["_fila"]) == ["2", "3", "4", "5"]


def test_codigos_quedan_como_texto(datos_mini: Path) -> None:
    municipios = fuentes.leer_paquete(datos_mini).tabla("municipios").datos
    assert municipios["codigo"].iloc[0] == "0101"


def test_listas_con_espacios(datos_mini: Path) -> None:
    assert fuentes.dividir_lista(" IGM ; MINEX;;") == ["IGM", "MINEX"]
    mandatos = fuentes.leer_paquete(datos_mini).tabla("mandatos").datos
    m3 = mandatos[mandatos["id"] == "M3"].iloc[0]
    assert fuentes.dividir_lista(m3["temas"]) == ["LOCAL", "COORD"]


@pytest.mark.parametrize(("codificacion", "separador"), [("cp1252", ";"), ("utf-8-sig", ","), ("cp1252", ","),
                                                          ("utf-8", ";"), ("utf-16", "\t")])
def test_codificaciones_y_separadores(datos_mini: Path, codificacion: str, separador: str) -> None:
    for ruta in datos_mini.glob("*.csv"):
        escribir_csv(ruta, leer_csv(ruta), codificacion=codificacion, separador=separador)
    paquete = fuentes.leer_paquete(datos_mini)
    nombres = paquete.tabla("instituciones").datos.set_index("id")["nombre"]
    assert nombres["IGM"] == "Instituto Guatemalteco de Migración"
    assert paquete.tabla("municipios").datos["codigo"].iloc[0] == "0101"


def test_bom_utf8_no_contamina_el_encabezado(datos_mini: Path) -> None:
    ruta = datos_mini / "ejes.csv"
    ruta.write_bytes(b"\xef\xbb\xbf" + ruta.read_bytes())
    assert "id" in fuentes.leer_paquete(datos_mini).tabla("ejes").datos.columns


def test_encabezados_con_tildes_y_mayusculas(datos_mini: Path) -> None:
    ruta = datos_mini / "acciones.csv"
    filas = leer_csv(ruta)
    filas[0][filas[0].index("descripcion")] = " Descripción "
    escribir_csv(ruta, filas)
    assert "descripcion" in fuentes.leer_paquete(datos_mini).tabla("acciones").datos.columns


def test_institucion_desconocida_en_responsables(datos_mini: Path) -> None:
    _editar(datos_mini / "acciones.csv", 2, "responsables", "IGM;DEPMM")
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("acciones.csv, fila 2, columna «responsables»:")
    assert "«DEPMM» no existe" in mensaje
    assert "¿Quiso decir «DEPM»?" in mensaje


def test_id_duplicado(datos_mini: Path) -> None:
    _editar(datos_mini / "temas.csv", 4, "id", "GOB")
    mensajes = _problemas(datos_mini)
    assert any(m.startswith("temas.csv, fila 4, columna «id»: el id «GOB» está repetido (ya aparece en la fila 2)")
               for m in mensajes)


def test_columna_obligatoria_faltante(datos_mini: Path) -> None:
    ruta = datos_mini / "mandatos.csv"
    filas = [f[:5] + f[6:] for f in leer_csv(ruta)]  # quita «temas»
    escribir_csv(ruta, filas)
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("mandatos.csv, fila 1, columna «temas»: falta esta columna obligatoria")
    assert "Cómo corregirlo:" in mensaje


def test_valor_obligatorio_vacio(datos_mini: Path) -> None:
    _editar(datos_mini / "instituciones.csv", 3, "nombre", "")
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("instituciones.csv, fila 3, columna «nombre»: la celda está vacía")


def test_ciclo_en_tema_padre(datos_mini: Path) -> None:
    _editar(datos_mini / "temas.csv", 2, "tema_padre", "COORD")  # GOB → COORD → GOB
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("temas.csv, fila 2, columna «tema_padre»: hay un ciclo: GOB → COORD → GOB.")


def test_ciclo_en_depende_de(datos_mini: Path) -> None:
    _editar(datos_mini / "instituciones.csv", 2, "depende_de", "DEPM")  # IGM → DEPM → IGM
    (mensaje,) = _problemas(datos_mini)
    assert "instituciones.csv, fila 2, columna «depende_de»: hay un ciclo" in mensaje


def test_valor_fuera_de_lista_cerrada(datos_mini: Path) -> None:
    _editar(datos_mini / "instrumentos.csv", 3, "tipo", "decretoo")
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("instrumentos.csv, fila 3, columna «tipo»: el valor «decretoo» no está en la lista")
    assert "constitucion, ley, decreto" in mensaje and "¿Quiso decir «decreto»?" in mensaje


def test_lista_cerrada_sin_distinguir_mayusculas(datos_mini: Path) -> None:
    _editar(datos_mini / "instituciones.csv", 2, "tipo", "Instituto")
    paquete = fuentes.leer_paquete(datos_mini)
    assert paquete.tabla("instituciones").datos["tipo"].iloc[0] == "instituto"


def test_archivo_ilegible(datos_mini: Path) -> None:
    (datos_mini / "ejes.csv").write_bytes(b"id,nombre\nE1,Integraci\x81n\n")  # 0x81 no existe en cp1252
    mensajes = _problemas(datos_mini)
    assert any(m.startswith("ejes.csv: la codificación del archivo no es UTF-8 ni cp1252") for m in mensajes)


def test_tabla_obligatoria_faltante(datos_mini: Path) -> None:
    (datos_mini / "ejes.csv").unlink()
    mensajes = _problemas(datos_mini)
    # El primer y único mensaje sobre la tabla: las referencias a ella no se repiten fila por fila.
    assert "falta la tabla obligatoria «ejes»" in mensajes[0]
    assert not any("«eje»" in m or "«ejes»" in m for m in mensajes[1:]), mensajes


def test_celdas_de_mas(datos_mini: Path) -> None:
    ruta = datos_mini / "ejes.csv"
    ruta.write_text("id,nombre,fuente\nE1,Integración, y reintegración,x\nE2,Gestión,x\n", encoding="utf-8")
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("ejes.csv, fila 2: la fila tiene 4 celdas y el encabezado solo 3 columnas.")


def test_todos_los_problemas_juntos(datos_mini: Path) -> None:
    _editar(datos_mini / "acciones.csv", 3, "responsables", "NADIE")
    _editar(datos_mini / "instituciones.csv", 4, "tipo", "ministerioo")
    _editar(datos_mini / "mandatos.csv", 5, "id", "M1")
    _editar(datos_mini / "criterios.csv", 2, "peso", "-1")
    mensajes = _problemas(datos_mini)
    assert len(mensajes) == 4
    assert [m.split(",")[0] for m in mensajes] == ["acciones.csv", "criterios.csv", "instituciones.csv", "mandatos.csv"]


def test_criterio_con_columna_inexistente(datos_mini: Path) -> None:
    _editar(datos_mini / "criterios.csv", 2, "columna", "deportados_2024")
    (mensaje,) = _problemas(datos_mini)
    assert "criterios.csv, fila 2, columna «columna»: la columna «deportados_2024» no existe" in mensaje
    assert "¿Quiso decir «deportados_2025»?" in mensaje


def test_tablas_opcionales_pueden_faltar(datos_mini: Path) -> None:
    (datos_mini / "municipios.csv").unlink()
    (datos_mini / "criterios.csv").unlink()
    paquete = fuentes.leer_paquete(datos_mini)
    with pytest.raises(TablaFaltante, match="necesita la tabla «municipios»"):
        paquete.tabla("municipios")


def test_tablas_y_columnas_extra_se_ignoran(datos_mini: Path) -> None:
    (datos_mini / "notas.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    ruta = datos_mini / "ejes.csv"
    filas = leer_csv(ruta)
    escribir_csv(ruta, [f + ["x"] for f in filas])
    paquete = fuentes.leer_paquete(datos_mini)
    assert "notas" in paquete.tablas


def test_libro_de_excel(datos_mini: Path, tmp_path: Path) -> None:
    carpeta = tmp_path / "libro"
    carpeta.mkdir()
    csv_a_libro(datos_mini, carpeta / "datos.xlsx", codigos_numericos=True)
    paquete = fuentes.leer_paquete(carpeta)
    assert paquete.forma == "xlsx"
    assert paquete.tabla("municipios").datos["codigo"].iloc[0] == "0101"
    assert paquete.tabla("acciones").hoja == "acciones"


def test_libro_con_problema_nombra_la_hoja(datos_mini: Path, tmp_path: Path) -> None:
    _editar(datos_mini / "acciones.csv", 2, "responsables", "NADIE")
    carpeta = tmp_path / "libro"
    carpeta.mkdir()
    csv_a_libro(datos_mini, carpeta / "datos.xlsx")
    (mensaje,) = _problemas(carpeta)
    assert mensaje.startswith("datos.xlsx, hoja «acciones», fila 2, columna «responsables»:")


def test_csv_y_libro_juntos_es_ambiguo(datos_mini: Path) -> None:
    csv_a_libro(datos_mini, datos_mini / "datos.xlsx")
    (mensaje,) = _problemas(datos_mini)
    assert "hay a la vez archivos CSV y un libro" in mensaje


def test_carpeta_inexistente(tmp_path: Path) -> None:
    (mensaje,) = _problemas(tmp_path / "no-existe")
    assert "la carpeta de datos no existe" in mensaje and "--datos" in mensaje


@pytest.mark.parametrize("formato", ["ttl", "nt"])
def test_cli_no_escribe_nada_y_deja_la_salida_anterior(datos_mini: Path, runner, formato: str) -> None:
    buena = runner.invoke(principal, ["construir", "--datos", str(datos_mini), "--formato", formato])
    assert buena.exit_code == 0, buena.output
    salida = Path("salidas") / f"grafo.{formato}"
    antes = salida.read_bytes()
    _editar(datos_mini / "acciones.csv", 2, "responsables", "NADIE")
    _editar(datos_mini / "temas.csv", 3, "tema_padre", "COORD")
    mala = runner.invoke(principal, ["construir", "--datos", str(datos_mini), "--formato", formato])
    assert mala.exit_code == 1
    assert mala.stdout == ""
    assert "Se encontraron 2 problemas en los datos; no se escribió nada" in mala.stderr
    assert "acciones.csv, fila 2, columna «responsables»" in mala.stderr
    assert salida.read_bytes() == antes
    assert sorted(p.name for p in Path("salidas").iterdir()) == [f"grafo.{formato}"]


# --- issue 19: resultados equivocados en silencio -------------------------------------------


def test_comilla_sin_cerrar_es_error(datos_mini: Path) -> None:
    ruta = datos_mini / "acciones.csv"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("A2,Recepción", 'A2,"Recepción'), encoding="utf-8")
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("acciones.csv, fila 3: una comilla")


def test_una_fila_en_otra_codificacion_es_error(datos_mini: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    ruta.write_bytes(ruta.read_bytes() + "XYZ,Dirección de prueba,otro,nacional,,x\n".encode("cp1252"))
    (mensaje,) = _problemas(datos_mini)
    assert mensaje.startswith("instituciones.csv, fila 7: esta línea no está en UTF-8")


def test_dos_escrituras_del_mismo_articulo_son_error(datos_mini: Path) -> None:
    _editar(datos_mini / "mandatos.csv", 5, "articulo", "122, c")  # M4, del mismo decreto que M1 («122 c)»)
    mensajes = _problemas(datos_mini)
    assert any("columna «articulo»: «122, c» y «122 c)» (fila 2) son el mismo artículo de DEC-44-2016" in m
               for m in mensajes)


def test_un_articulo_agregado_y_una_literal_son_dos_articulos(datos_mini: Path) -> None:
    import grafo

    # «122-C» (agregado por una reforma) y «122 c)» (la literal c del 122): dos disposiciones, dos IRIs.
    _editar(datos_mini / "mandatos.csv", 5, "articulo", "122-C")  # M4, del mismo decreto que M1 («122 c)»)
    fundamentos = grafo.abrir(datos_mini, cache=False).tabla("fundamentos")
    articulos = dict(zip(fundamentos["mandato"], fundamentos["articulo"], strict=True))
    assert (articulos["M1"], articulos["M4"]) == ("122 c)", "122-C")


def test_criterio_repetido_y_columna_escrita_como_encabezado(datos_mini: Path, runner) -> None:
    ruta = datos_mini / "criterios.csv"
    filas = leer_csv(ruta)
    escribir_csv(ruta, [filas[0], [filas[1][0], "Deportados 2025", *filas[1][2:]], filas[2]])
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(datos_mini), "--formato", "csv"])
    assert resultado.exit_code == 0, resultado.output  # «Deportados 2025» es deportados_2025
    escribir_csv(ruta, [filas[0], filas[1], [f"{filas[1][0]} bis", *filas[1][1:]]])
    mensajes = _problemas(datos_mini)
    assert any("columna «columna»: la columna «deportados_2025» ya es un criterio (fila 2)" in m for m in mensajes)


@pytest.mark.parametrize("peso", ["inf", "nan", "1e300"])
def test_pesos_no_finitos_o_enormes(datos_mini: Path, runner, peso: str) -> None:
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(datos_mini), "--pesos",
                                          f"deportados_2025={peso}"])
    assert resultado.exit_code == 1 and "debe ser un número de 0 a 1.000.000" in resultado.stderr
