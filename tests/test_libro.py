"""Excel de ida y vuelta: la plantilla, `--datos LIBRO.xlsx` y los libros como la gente los llena."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from rdflib import Graph

from grafo.errores import DatosInvalidos
from grafo.paquete import fuentes
from grafo.paquete.esquema import TABLAS
from grafo.rdf import almacen
from grafo.rdf.vocabulario import GR
from tests.ayuda import afirmar_isomorfos, csv_a_libro, sin_archivo
from tests.conftest import MINI, RAIZ


def _grafo(datos: Path) -> Graph:
    return almacen.construir(fuentes.leer_paquete(datos))


def _plantilla(runner, destino: Path, *args: str) -> Path:  # type: ignore[no-untyped-def]
    resultado = runner.invoke_grafo(["plantilla", *args, "--salida", str(destino)])
    assert resultado.exit_code == 0, resultado.output
    assert destino.exists()
    return destino


@pytest.fixture
def runner_grafo(runner):  # type: ignore[no-untyped-def]
    from grafo.cli import principal

    runner.invoke_grafo = lambda args: runner.invoke(principal, args)
    return runner


@pytest.mark.parametrize("datos", [RAIZ / "datos", MINI], ids=["datos", "miniatura"])
def test_plantilla_de_ida_y_vuelta_da_el_mismo_grafo(runner_grafo, tmp_path: Path, datos: Path) -> None:
    libro = _plantilla(runner_grafo, tmp_path / "datos.xlsx", "--datos", str(datos))
    # --datos nombra el libro mismo, no su carpeta.
    afirmar_isomorfos(sin_archivo(_grafo(datos)), sin_archivo(_grafo(libro)))
    assert fuentes.leer_paquete(libro).huella() == fuentes.leer_paquete(datos).huella()


def test_plantilla_vacia_trae_instrucciones_comentarios_y_listas(runner_grafo, tmp_path: Path) -> None:
    libro = load_workbook(_plantilla(runner_grafo, tmp_path / "vacia.xlsx"))
    assert libro.sheetnames == ["Instrucciones", *TABLAS, "_marcos"]
    for nombre, definicion in TABLAS.items():
        hoja = libro[nombre]
        encabezado = [c.value for c in hoja[1]]
        assert encabezado == [c.nombre for c in definicion.columnas]
        assert hoja.freeze_panes == "A2"
        for celda, columna in zip(hoja[1], definicion.columnas):
            assert celda.comment is not None and ("Obligatoria" if columna.requerida else "Opcional") in celda.comment.text
        validaciones = {str(v.sqref).split(":")[0]: v for v in hoja.data_validations.dataValidation}
        for j, columna in enumerate(definicion.columnas):
            letra = chr(65 + j)
            if columna.rango is not None:
                v = validaciones[f"{letra}2"]
                assert v.type == "decimal" and (float(v.formula1), float(v.formula2)) == columna.rango
                continue
            if columna.catalogo is not None:  # la columna E de la hoja de ayuda: cada objetivo válido, una vez
                v = validaciones[f"{letra}2"]
                celdas = [c.value for c in libro[columna.catalogo]["E"][1:] if c.value]
                assert v.formula1 == f"'{columna.catalogo}'!$E$2:$E${len(celdas) + 1}"
                assert celdas[:3] == ["1", "1.1", "1.2"] and "23" in celdas and "10.7" in celdas
                assert len(celdas) == len(set(celdas)) == 23 + 169  # los objetivos 1–17 de los dos marcos, una vez
                continue
            if columna.valores is None and columna.referencia is None:
                assert f"{letra}2" not in validaciones
                continue
            v = validaciones[f"{letra}2"]
            assert v.type == "list"
            if columna.valores is not None:
                assert v.formula1 == '"' + ",".join(columna.valores) + '"'
            else:
                destino = TABLAS[columna.referencia]
                indice = [c.nombre for c in destino.columnas].index(destino.clave)
                assert v.formula1.startswith(f"'{columna.referencia}'!${chr(65 + indice)}$2:")
                # Varios ids con «;» no pueden ser rechazados por la lista; uno solo sí.
                assert v.showErrorMessage is (not columna.lista)
    # La plantilla vacía se lee sin un solo problema (y da un grafo vacío de entidades).
    paquete = fuentes.leer_paquete(tmp_path / "vacia.xlsx")
    assert all(t.datos.empty for t in paquete.tablas.values()) and not paquete.avisos


def test_plantilla_guarda_textos_como_texto(runner_grafo, datos_mini: Path, tmp_path: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace("Instituto Guatemalteco de Migración", "=1+2"),
                    encoding="utf-8")
    libro = _plantilla(runner_grafo, tmp_path / "p.xlsx", "--datos", str(datos_mini))
    hoja = load_workbook(libro)["instituciones"]
    celdas = {c.value: c for fila in hoja.iter_rows() for c in fila if c.value is not None}
    assert celdas["=1+2"].data_type == "s"
    municipios = load_workbook(libro)["municipios"]
    assert municipios["A2"].value == "0101" and municipios["A2"].data_type == "s"


def test_plantilla_rechaza_otra_extension(runner_grafo, tmp_path: Path) -> None:
    resultado = runner_grafo.invoke_grafo(["plantilla", "--salida", str(tmp_path / "p.csv")])
    assert resultado.exit_code == 2 and ".xlsx" in resultado.output
    assert not (tmp_path / "p.csv").exists()


def test_datos_acepta_el_libro_mismo(runner_grafo, tmp_path: Path) -> None:
    libro = csv_a_libro(MINI, tmp_path / "mini.xlsx", codigos_numericos=True)
    resultado = runner_grafo.invoke_grafo(["construir", "--datos", str(libro), "--salida", str(tmp_path / "g.ttl")])
    assert resultado.exit_code == 0, resultado.output
    afirmar_isomorfos(sin_archivo(_grafo(MINI)), sin_archivo(Graph().parse(tmp_path / "g.ttl")))


@pytest.mark.parametrize(("nombre", "pista"), [("datos.xls", "Libro de Excel (.xlsx)"), ("datos.ods", "LibreOffice"),
                                               ("ejes.csv", "carpeta que contiene los CSV")])
def test_datos_con_otro_archivo_explica(tmp_path: Path, nombre: str, pista: str) -> None:
    (tmp_path / nombre).write_bytes(b"x")
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(tmp_path / nombre)
    assert pista in str(error.value)


# --- libros como la gente los llena ----------------------------------------------------------


def _libro(tmp_path: Path) -> tuple[Path, Workbook]:
    ruta = csv_a_libro(MINI, tmp_path / "datos.xlsx")
    return ruta, load_workbook(ruta)


def _leer(ruta: Path) -> fuentes.Paquete:
    return fuentes.leer_paquete(ruta)


def _problemas(ruta: Path) -> list[str]:
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(ruta)
    mensajes = [str(p) for p in error.value.problemas]
    assert not any(".csv" in m for m in mensajes), "en un libro, los mensajes hablan de hojas"
    return mensajes


def test_titulo_y_filas_vacias_sobre_el_encabezado(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["instituciones"]
    hoja.insert_rows(1, 3)
    hoja["A1"] = "Instituciones del Estado (borrador DEPM, septiembre de 2024)"
    hoja.merge_cells("A1:E1")  # un título combinado encima de la tabla no es un error
    libro.save(ruta)
    paquete = _leer(ruta)
    (aviso,) = [str(a) for a in paquete.avisos]
    assert "hoja «instituciones», fila 4: el encabezado está en la fila 4; se saltó la fila 1" in aviso
    assert paquete.tabla("instituciones").datos["id"].iloc[0] == "IGM"
    afirmar_isomorfos(_sin_procedencia(_grafo(MINI)), _sin_procedencia(almacen.construir(paquete)))


def _sin_procedencia(g: Graph) -> Graph:
    """Sin los registros de origen: con filas de título, cambian los números de fila."""
    from rdflib.namespace import PROV

    registros = set(g.subjects(GR.tabla, None))
    limpio = Graph()
    for t in g:
        if t[0] not in registros and t[1] != PROV.wasDerivedFrom:
            limpio.add(t)
    return limpio


def test_sin_encabezado_reconocible_un_solo_error(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["ejes"]
    for celda, texto in zip(hoja[1], ("codigo", "titulo", "origen")):
        celda.value = texto
    libro.save(ruta)
    (mensaje,) = _problemas(ruta)
    assert "hoja «ejes», fila 1: no se encontró la fila de encabezados" in mensaje and "id, nombre" in mensaje


def test_nota_fuera_de_la_tabla_se_ignora_con_aviso(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["instituciones"]["H5"] = "nota: revisar con SEGEPLAN"
    hoja = libro["temas"]
    hoja.cell(hoja.max_row + 2, 1).value = "Falta revisar los temas de retorno"
    libro.save(ruta)
    paquete = _leer(ruta)
    avisos = [str(a) for a in paquete.avisos]
    assert any("hoja «instituciones»: se ignoró 1 celda fuera de la tabla, sin encabezado (H5)" in a for a in avisos)
    assert any("hoja «temas»" in a and "se ignoró como nota la fila" in a for a in avisos)
    assert not any(c.startswith("none") or c.startswith("_sin") for c in paquete.tabla("instituciones").datos.columns)
    afirmar_isomorfos(sin_archivo(_grafo(MINI)), sin_archivo(almacen.construir(paquete)))


def test_celdas_combinadas_en_la_tabla_son_error(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["acciones"].merge_cells("E2:E3")
    libro.save(ruta)
    (mensaje,) = _problemas(ruta)
    assert mensaje.startswith("datos.xlsx, hoja «acciones», fila 2, columna «responsables»: las celdas E2:E3 están "
                              "combinadas")
    assert "Combinar y centrar" in mensaje


def test_fechas_de_excel_son_fechas(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["instrumentos"]
    columna = [c.value for c in hoja[1]].index("fecha") + 1
    hoja.cell(2, columna).value = dt.date(2016, 10, 18)
    hoja.cell(2, columna).number_format = "dd/mm/yyyy"
    hoja.cell(3, columna).value = 42661  # la misma fecha, como número de serie en una celda sin formato de fecha
    hoja.cell(4, columna).value = 2023  # un año tecleado en una celda con formato de fecha (Excel: 15-jul-1905)
    hoja.cell(4, columna).number_format = "yyyy-mm-dd"
    libro.save(ruta)
    paquete = _leer(ruta)
    fechas = paquete.tabla("instrumentos").datos["fecha"].tolist()
    assert fechas == ["2016-10-18", "2016-10-18", "2023"]
    avisos = [str(a) for a in paquete.avisos]
    assert len(avisos) == 2
    assert "fila 3, columna «fecha»: el número 42661 se leyó como la fecha 2016-10-18" in avisos[0]
    assert "fila 4, columna «fecha»: la celda muestra 1905-07-15 porque tiene formato de fecha" in avisos[1]


def test_un_anio_sin_formato_de_fecha_queda_anio(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["instrumentos"]
    hoja.cell(2, [c.value for c in hoja[1]].index("fecha") + 1).value = 2016
    libro.save(ruta)
    paquete = _leer(ruta)
    assert paquete.tabla("instrumentos").datos["fecha"].iloc[0] == "2016" and not paquete.avisos


def test_formula_sin_valor_calculado_es_error(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["temas"]["C3"] = "=A2"  # openpyxl guarda la fórmula sin calcularla, como un script
    libro.save(ruta)
    (mensaje,) = _problemas(ruta)
    assert "hoja «temas», fila 3, columna «tema_padre»: la celda C3 tiene una fórmula sin valor calculado" in mensaje


def test_formula_con_valor_calculado_se_lee(tmp_path: Path) -> None:
    """Un libro guardado por LibreOffice trae el valor de cada fórmula: ese valor es el dato."""
    import zipfile

    ruta, libro = _libro(tmp_path)
    libro["temas"]["C3"] = "=A2"
    libro.save(ruta)
    # Se agrega el valor en caché como lo guardaría Excel (<f>A2</f><v>GOB</v>, de tipo cadena).
    with zipfile.ZipFile(ruta) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    nombre = next(n for n, x in partes.items() if b"<f>A2</f>" in x)
    partes[nombre] = partes[nombre].replace(b'<c r="C3"><f>A2</f><v></v></c>', b'<c r="C3" t="str"><f>A2</f><v>GOB</v></c>')
    with zipfile.ZipFile(ruta, "w") as z:
        for n, x in partes.items():
            z.writestr(n, x)
    assert _leer(ruta).tabla("temas").datos["tema_padre"].iloc[1] == "GOB"


def test_dos_hojas_para_una_tabla_es_error(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro.create_sheet("Ejes ")["A1"] = "id"
    libro.save(ruta)
    (mensaje,) = _problemas(ruta)
    assert "las hojas «ejes» y «Ejes » son la misma tabla «ejes»" in mensaje


def test_hoja_oculta_y_hoja_desconocida_se_dicen(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["ejes"].sheet_state = "hidden"
    libro.create_sheet("Hoja1")["A1"] = "apuntes"
    libro.save(ruta)
    avisos = [str(a) for a in _leer(ruta).avisos]
    assert "datos.xlsx, hoja «ejes»: la hoja está oculta; se leyó igual." in avisos
    assert any(a.startswith("datos.xlsx, hoja «Hoja1»: no es una tabla de grafo") for a in avisos)


def test_hoja_obligatoria_faltante_es_el_primer_y_unico_mensaje(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    del libro["instituciones"]
    libro.save(ruta)
    mensajes = _problemas(ruta)
    assert mensajes == ["datos.xlsx: falta la hoja obligatoria «instituciones». Cómo corregirlo: agregue al libro "
                        "una hoja llamada «instituciones»."]


def test_cli_muestra_los_avisos_y_construye(runner_grafo, tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["instituciones"].insert_rows(1)
    libro["instituciones"]["A1"] = "Borrador"
    libro.save(ruta)
    resultado = runner_grafo.invoke_grafo(["construir", "--datos", str(ruta), "--salida", str(tmp_path / "g.ttl")])
    assert resultado.exit_code == 0
    assert "Aviso: datos.xlsx, hoja «instituciones», fila 2: el encabezado está en la fila 2" in resultado.stderr


def test_plantilla_guardada_por_libreoffice_da_el_mismo_grafo(runner_grafo, tmp_path: Path) -> None:
    """Como la guarda un programa de hojas de cálculo de verdad: LibreOffice la abre y la vuelve a guardar."""
    import subprocess

    from tests.test_impresion import _soffice

    libro = _plantilla(runner_grafo, tmp_path / "datos.xlsx", "--datos", str(MINI))
    guardado = tmp_path / "guardado"
    perfil = tmp_path / "perfil-libreoffice"
    subprocess.run([_soffice(), f"-env:UserInstallation={perfil.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(guardado), str(libro)], check=True, capture_output=True, timeout=180)
    copia = guardado / "datos.xlsx"
    assert copia.exists() and copia.read_bytes() != libro.read_bytes()
    afirmar_isomorfos(sin_archivo(_grafo(MINI)), sin_archivo(_grafo(copia)))
    # Las listas desplegables y los comentarios sobreviven a LibreOffice.
    hoja = load_workbook(copia)["acciones"]
    assert hoja["E1"].comment is not None and len(hoja.data_validations.dataValidation) >= 4


# --- lo que encontró la revisión adversaria del issue 16 --------------------------------------


def _con_xml(ruta: Path, celda: str, nuevo: bytes) -> None:
    """Reemplaza una celda en el XML del libro, como la guardaría Excel o LibreOffice."""
    import re
    import zipfile

    with zipfile.ZipFile(ruta) as z:
        partes = {n: z.read(n) for n in z.namelist()}
    patron = re.compile(rb'<c r="' + celda.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
    nombre = next(n for n, x in partes.items() if n.startswith("xl/worksheets/") and b"<f>" in x)
    partes[nombre] = patron.sub(nuevo, partes[nombre], count=1)
    with zipfile.ZipFile(ruta, "w") as z:
        for n, x in partes.items():
            z.writestr(n, x)


def test_formula_que_calcula_un_texto_vacio_o_un_error(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["temas"]["C3"] = '=IF(1=1,"","x")'
    libro.save(ruta)
    # LibreOffice guarda el texto vacío calculado como t="str" y <v></v>: es un valor, no una falta.
    _con_xml(ruta, "C3", b'<c r="C3" t="str"><f>IF(1=1,"","x")</f><v></v></c>')
    assert _leer(ruta).tabla("temas").datos["tema_padre"].iloc[1] == ""
    _con_xml(ruta, "C3", b'<c r="C3" t="e"><f>NA()</f><v>#N/A</v></c>')
    (mensaje,) = _problemas(ruta)
    assert "la celda C3 tiene un error de fórmula (#N/A)" in mensaje


def test_libro_danado_es_un_solo_mensaje(tmp_path: Path) -> None:
    ruta = tmp_path / "roto.xlsx"
    ruta.write_bytes(csv_a_libro(MINI, tmp_path / "bueno.xlsx").read_bytes()[:100])
    (mensaje,) = _problemas(ruta)
    assert "no se pudo abrir el libro de Excel: está dañado" in mensaje


def test_notas_combinadas_o_de_dos_celdas_bajo_la_tabla_y_en_el_encabezado(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["acciones"]
    abajo = hoja.max_row + 2
    hoja.cell(abajo, 1).value = "Nota: revisar con el DEPM"
    hoja.merge_cells(start_row=abajo, start_column=1, end_row=abajo, end_column=6)
    temas = libro["temas"]
    temas.cell(temas.max_row + 2, 2).value = "Nota:"
    temas.cell(temas.max_row, 3).value = "faltan los temas de trata"
    temas.cell(1, temas.max_column + 2).value = "Actualizado: sept. 2024"
    libro.save(ruta)
    paquete = _leer(ruta)
    avisos = " | ".join(str(a) for a in paquete.avisos)
    assert "hoja «acciones»" in avisos and "se ignoró como nota" in avisos
    assert "se ignoró «Actualizado: sept. 2024»" in avisos
    assert "actualizado:_sept._2024" not in paquete.tabla("temas").datos.columns
    afirmar_isomorfos(sin_archivo(_grafo(MINI)), sin_archivo(almacen.construir(paquete)))


def test_fechas_con_hora_horas_y_fechas_imposibles(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    hoja = libro["instrumentos"]
    columna = [c.value for c in hoja[1]].index("fecha") + 1
    hoja.cell(2, columna).value = dt.datetime(1996, 5, 3, 14, 30)
    libro.save(ruta)
    paquete = _leer(ruta)
    assert paquete.tabla("instrumentos").datos["fecha"].iloc[0] == "1996-05-03"
    assert any("tiene hora: se tomó solo la fecha" in str(a) for a in paquete.avisos)
    hoja.cell(2, columna).value = dt.time(10, 30)
    hoja.cell(3, columna).value = "2016-13-45"
    libro.save(ruta)
    mensajes = _problemas(ruta)
    assert any("fila 2, columna «fecha»: la celda tiene una hora" in m for m in mensajes)
    assert any("fila 3, columna «fecha»: «2016-13-45» no es una fecha real" in m for m in mensajes)


def test_hoja_con_nombre_parecido_lo_dice(tmp_path: Path) -> None:
    ruta, libro = _libro(tmp_path)
    libro["instituciones"].title = "Institucion"
    libro["ejes"].title = "_ejes"
    libro.save(ruta)
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(ruta)
    avisos = [str(a) for a in error.value.avisos]
    assert any("hoja «Institucion»" in a and "¿Es la hoja «instituciones»?" in a for a in avisos)
    assert any("hoja «_ejes»: se ignoró porque su nombre empieza con «_»" in a for a in avisos)
    assert "Avisos de la lectura" in str(error.value)


def test_la_plantilla_no_dice_rutas_de_la_maquina(runner_grafo, tmp_path: Path) -> None:
    libro = load_workbook(_plantilla(runner_grafo, tmp_path / "p.xlsx", "--datos", str(MINI)))
    textos = [c.value for fila in libro["Instrucciones"].iter_rows() for c in fila if isinstance(c.value, str)]
    assert any("Filas tomadas de datos_mini" in t for t in textos)
    assert not any(str(MINI.parent) in t for t in textos)


def test_un_salto_de_linea_de_windows_vuelve_igual_de_la_plantilla(runner, datos_mini: Path) -> None:
    import csv
    import io

    import grafo
    from grafo.cli import principal

    ruta = datos_mini / "ejes.csv"
    filas = list(csv.reader(io.StringIO(ruta.read_text(encoding="utf-8"))))
    filas[1][1] = "Línea uno\r\nLínea dos"  # un CSV de Windows con un salto dentro de la celda
    salida = io.StringIO()
    csv.writer(salida, lineterminator="\r\n").writerows(filas)
    ruta.write_text(salida.getvalue(), encoding="utf-8", newline="")
    assert runner.invoke(principal, ["plantilla", "--datos", str(datos_mini), "--salida", "p.xlsx"]).exit_code == 0
    # xlsxwriter y Excel guardan el retorno de carro como _x000D_: no debe volver así.
    desde_csv, desde_libro = grafo.abrir(datos_mini, cache=False), grafo.abrir(Path("p.xlsx"), cache=False)
    assert desde_libro.tabla("ejes")["nombre"][0] == desde_csv.tabla("ejes")["nombre"][0] == "Línea uno\nLínea dos"
    assert desde_libro.version() == desde_csv.version()
    libro = Workbook()  # un libro escrito por otro programa, con el escape OOXML y un «_x» que no es escape
    hoja = libro.active
    assert hoja is not None
    hoja.title = "ejes"
    hoja.append(["id", "nombre", "fuente"])
    hoja.append(["E1", "Uno_x000D_\nDos", "Tabla_x_y [OF]"])
    libro.save("e.xlsx")
    from grafo.paquete.libro import leer_libro

    leidas = leer_libro(Path("e.xlsx"), [], [], set(), {})
    assert leidas is not None
    fila = next(iter(leidas["ejes"].filas()))
    assert (fila["nombre"], fila["fuente"]) == ("Uno\nDos", "Tabla_x_y [OF]")
