"""Matrices y priorización: el libro se lee de vuelta y cada celda se coteja con los datos."""

from __future__ import annotations

import re

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from grafo.cli.salida import bandera
from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI


def _libro(runner, datos: Path, *extra: str, salida: str = "salidas/matrices.xlsx"):
    resultado = runner.invoke(principal, ["matriz", "--datos", str(datos), "--salida", salida, *extra])
    assert resultado.exit_code == 0, resultado.output
    return load_workbook(salida)


def _tabla(hoja, cabecera: str = "Institución") -> tuple[int, list[str], list[list]]:
    """Fila de encabezado (la que empieza con `cabecera`), nombres de columna y filas de datos."""
    for fila in hoja.iter_rows(min_row=1, max_row=15):
        if fila[0].value == cabecera:
            columnas = [c.value for c in fila]
            datos = []
            for r in hoja.iter_rows(min_row=fila[0].row + 1, values_only=True):
                if r[0] is None:
                    break  # debajo de la matriz viene la lista de acciones
                datos.append(list(r))
            return fila[0].row, columnas, datos
    raise AssertionError("sin encabezado")


def test_responsabilidades_coinciden_con_los_datos(runner) -> None:
    libro = _libro(runner, MINI)
    assert libro.sheetnames == ["Responsabilidades", "Mandatos", "Priorización", "Red", "Pacto Mundial", "Leyenda",
                                "Fuentes"]
    hoja = libro["Responsabilidades"]
    fila_cab, columnas, filas = _tabla(hoja)
    acciones = {f[0]: f for f in leer_csv(MINI / "acciones.csv")[1:]}
    assert set(columnas[2:-2]) == set(acciones)
    # MINEX es responsable de A2 (tema RET) y no tiene ningún mandato en los datos: R? (tarea de datos), no R*.
    por_datos = {("A2", "MINEX")}
    datos = [f for f in filas if not str(f[0]).startswith("Total")]
    for fila in datos:
        institucion = fila[0]
        for accion, celda in zip(columnas[2:-2], fila[2:-2], strict=True):
            responsables = acciones[accion][4].split(";") if acciones[accion][4] else []
            vinculadas = acciones[accion][5].split(";") if acciones[accion][5] else []
            if institucion in responsables:
                assert celda == ("R?" if (accion, institucion) in por_datos else "R"), (institucion, accion)
            elif institucion in vinculadas:
                assert celda == "V", (institucion, accion)
            else:
                assert celda is None, (institucion, accion)
        assert fila[-2] == sum(str(c or "").startswith("R") for c in fila[2:-2])
        assert fila[-1] == sum(c == "V" for c in fila[2:-2])
    total_r = next(f for f in filas if f[0] == "Total R")
    assert total_r[2:-2] == [sum(str(f[i] or "").startswith("R") for f in datos) for i in range(2, len(columnas) - 2)]
    # A3 no tiene responsable: su encabezado va en rojo; encabezado fijo y filtro.
    celda_a3 = hoja.cell(fila_cab, columnas.index("A3") + 1)
    assert celda_a3.fill.fgColor.rgb.endswith("D32F2F")
    assert hoja.freeze_panes == f"C{fila_cab + 1}"
    assert hoja.auto_filter.ref.startswith(f"A{fila_cab}")


def test_mandatos_citan_instrumento_y_articulo(runner) -> None:
    hoja = _libro(runner, MINI)["Mandatos"]
    fila_cab, columnas, filas = _tabla(hoja)
    celdas = {(f[0], c): v for f in filas for c, v in zip(columnas, f, strict=True)}
    assert celdas[("IGM", "COORD")] == "DEC-44-2016 art. 122 c) [M1] (por GOB) [OF]"
    assert celdas[("MUNI", "COORD")] == "DEC-12-2002 art. 3 [M3] [OF]"
    assert celdas[("AMSCLAE", "AMB")] == "DEC-133-96 art. 4 [NV] [M2] [SEC]"
    assert celdas[("DEPM", "COORD")] == "DEC-44-2016 sin artículo [M4] [OF]"
    assert celdas[("Instituciones con mandato", "COORD")] == 3
    assert hoja.cell(fila_cab, columnas.index("COORD") + 1).fill.fgColor.rgb.endswith("F9A825")
    assert not hoja.cell(fila_cab, columnas.index("AMB") + 1).fill.fgColor.rgb.endswith("F9A825")


def test_fundamentos_de_un_conjunto(runner) -> None:
    libro = _libro(runner, MINI, "--instituciones", "MUNI,AMSCLAE,MINEX")
    _, columnas, filas = _tabla(libro["Fundamentos"])
    assert [(f[0], f[3], f[4]) for f in filas] == [("AMSCLAE", "art. 4 [NV] [SEC]", "M2"), ("MUNI", "art. 3 [OF]", "M3"),
                                                    ("MINEX", "—", "—")]
    # MUNI es vinculada de A3 (la fundamenta) y no participa en A1, que su mandato cubre (podría respaldarla).
    assert filas[1][columnas.index("Acciones que fundamenta")] == "A3 [OF]: Oficinas municipales de migración"
    assert filas[1][columnas.index("Acciones que podría respaldar")] == "A1 [OF]"
    # MINEX no tiene mandatos: su fila lo dice, no se omite.
    assert filas[2][columnas.index("Texto del mandato")] == "Sin mandatos cargados en los datos: cargar los mandatos de MINEX."


@pytest.mark.parametrize("ids", [["AMSCLAE", "SECCATID", "CTPT"], ["IGM", "CONARE", "MINEX"]])
def test_la_matriz_de_fundamentos_sola_es_la_del_libro_entero(ids: list[str]) -> None:
    """Sola, la matriz de fundamentos parte de las instituciones (sus mandatos, las acciones y fuentes que cita; issue
    33): la misma hoja que en el libro entero, y la hoja Fuentes que da el paquete para lo que cita (con el grado de
    las acciones ilustrativas, que el grafo dice «propuesta»)."""
    import grafo
    from grafo import productos
    from grafo.dominio import matrices

    p = grafo.abrir(Path(__file__).parent.parent / "datos", cache=False)
    sola = productos.armar_matrices(p, tipo="fundamentos", instituciones=ids)
    hoja = next(m for m in productos.armar_matrices(p, tipo="todas", instituciones=ids).matrices
                if m.hoja == "Fundamentos")
    assert [m.hoja for m in sola.matrices] == ["Fundamentos"]
    assert sola.matrices[0].tabla.equals(hoja.tabla) and sola.matrices[0].citadas == hoja.citadas
    assert p.paquete is not None
    esperadas = matrices.tabla_fuentes({n: t.datos for n, t in p.paquete.tablas.items()}, hoja.citadas)
    assert len(esperadas) > 1 and sola.fuentes.equals(esperadas)


def test_la_hoja_fuentes_solo_cita_lo_de_la_matriz(runner) -> None:
    """La matriz de aliados cita sus filas y nada más: no todas las fuentes del paquete."""
    libro = _libro(runner, MINI, "fundamentos", "--instituciones", "MUNI,MINEX")
    fuentes = [tuple(c.value for c in fila) for fila in libro["Fuentes"].iter_rows(min_row=5)]
    assert [(f[1], f[4]) for f in fuentes] == [
        ("oficial", "acciones: A1, A3; instituciones: MINEX, MUNI; instrumentos: DEC-12-2002; mandatos: M3")]


def _ranking_simple(datos: Path, pesos: dict[str, float] | None = None) -> list[str]:
    """La regla del README, escrita sin pandas: mín–máx, faltante = 0, pesos relativos, empate por código."""
    municipios = list(csv.DictReader((datos / "municipios.csv").open(encoding="utf-8")))
    criterios = list(csv.DictReader((datos / "criterios.csv").open(encoding="utf-8")))
    pesos = {c["columna"]: (pesos or {}).get(c["columna"], float(c["peso"])) for c in criterios}
    total = sum(pesos.values())
    puntajes = {m["codigo"]: 0.0 for m in municipios}
    for c in criterios:
        valores = {m["codigo"]: float(m[c["columna"]]) for m in municipios if m[c["columna"]]}
        bajo, alto = min(valores.values()), max(valores.values())
        for codigo, v in valores.items():
            normal = 0.0 if alto == bajo else (v - bajo) / (alto - bajo) if c["sentido"] == "mayor" else (alto - v) / (alto - bajo)
            puntajes[codigo] += round(normal * pesos[c["columna"]] / total, 6)
    return sorted(puntajes, key=lambda k: (-round(puntajes[k], 6), k))


def test_priorizacion_reproducida_a_mano(runner) -> None:
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(MINI), "--formato", "csv"])
    filas = list(csv.DictReader(io.StringIO(resultado.stdout)))
    assert [f["codigo"] for f in filas] == _ranking_simple(MINI) == ["0101", "1412", "2001", "1304"]
    chiquimula = next(f for f in filas if f["codigo"] == "2001")
    assert chiquimula["datos_faltantes"] == "deportados_2025" and chiquimula["aporte_deportados_2025"] == "0.0"
    assert next(f for f in filas if f["codigo"] == "1304")["tiene_oficina"] == "sí"
    # Con peso 0 a deportados empatan tres municipios sin oficina: los ordena el código.
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(MINI), "--formato", "csv",
                                          "--pesos", "deportados_2025=0"])
    filas = list(csv.DictReader(io.StringIO(resultado.stdout)))
    assert [f["codigo"] for f in filas] == _ranking_simple(MINI, {"deportados_2025": 0}) == ["0101", "1412", "2001", "1304"]
    assert {f["puntaje"] for f in filas[:3]} == {"1.0"}


def test_hoja_de_priorizacion_y_fuentes(runner) -> None:
    libro = _libro(runner, MINI)
    # Los encabezados de la hoja van en palabras («Aporte: deportados 2025», no aporte_deportados_2025).
    _, columnas, filas = _tabla(libro["Priorización"], "Puesto")
    assert [f[columnas.index("Código")] for f in filas] == _ranking_simple(MINI)
    assert "Aporte: deportados 2025" in columnas and "Datos faltantes" in columnas
    assert not [c for c in columnas if "_" in str(c)]
    fuentes = [c.value for c in libro["Fuentes"]["A"]]
    assert "Miniatura de prueba [OF]" in fuentes and fuentes[1].startswith("Datos versión ")
    leyenda = [tuple(c.value for c in fila) for fila in libro["Leyenda"].iter_rows(min_row=5)]
    assert ("Responsabilidades", "R?", "Responsable sin mandato sobre los temas en los datos, pero sus mandatos no "
            "están (todos) cargados: una tarea de datos, no una brecha.") in leyenda
    assert ("Todas", "[SEC]", "Grado de la fuente de la fila citada: secundaria.") in leyenda


def test_lista_de_acciones_bajo_la_rejilla(runner) -> None:
    hoja = _libro(runner, MINI)["Responsabilidades"]
    pares = {f[0]: f[1] for f in hoja.iter_rows(values_only=True) if f[0] in ("A1", "A3")}
    # Con el grado de la fuente de su fila: de ella vienen las R y V de su columna.
    assert pares == {"A1": "Coordinar mesas interinstitucionales (eje E1, periodo 2024) [OF]",
                     "A3": "Oficinas municipales de migración (eje —, periodo 2025) [OF]"}


def test_textos_que_parecen_formulas_quedan_texto(runner, datos_mini: Path) -> None:
    ruta = datos_mini / "instituciones.csv"
    filas = leer_csv(ruta)
    raros = {"IGM": "=SUMA(1;2)", "DEPM": "+502 2411", "MINEX": "-menos", "MUNI": "@arroba"}
    escribir_csv(ruta, [[f[0], raros.get(f[0], f[1]), *f[2:]] for f in filas])
    hoja = _libro(runner, datos_mini)["Responsabilidades"]
    celdas = {c.value: c for c in hoja["B"] if c.value in raros.values()}
    assert set(celdas) == set(raros.values())
    assert all(c.data_type == "s" for c in celdas.values())


def test_csv_de_una_matriz(runner) -> None:
    resultado = runner.invoke(principal, ["matriz", "responsabilidades", "--datos", str(MINI), "--formato", "csv"])
    filas = list(csv.DictReader(io.StringIO(resultado.stdout)))
    igm = next(f for f in filas if f["Institución"] == "IGM")
    assert (igm["A1"], igm["A2"], igm["A4"], igm["Total R"]) == ("R", "V", "R", "2")


@pytest.mark.parametrize(("tabla", "cambio", "mensaje"), [
    ("criterios", lambda f: [f[0], f[1], "-0.5", *f[3:]] if f[0] != "criterio" else f, "no es un número de 0 a 1000000"),
    ("criterios", lambda f: [f[0], "no_existe", *f[2:]] if f[0] != "criterio" else f, "no existe en la tabla «municipios»"),
])
def test_entrada_invalida_no_escribe_nada(runner, datos_mini: Path, tabla: str, cambio, mensaje: str) -> None:
    _libro(runner, MINI)
    antes = Path("salidas/matrices.xlsx").read_bytes()
    ruta = datos_mini / f"{tabla}.csv"
    escribir_csv(ruta, [cambio(f) for f in leer_csv(ruta)])
    resultado = runner.invoke(principal, ["matriz", "--datos", str(datos_mini), "--salida", "salidas/matrices.xlsx"])
    assert resultado.exit_code == 1
    assert "criterios.csv, fila 2" in resultado.stderr and mensaje in resultado.stderr
    assert Path("salidas/matrices.xlsx").read_bytes() == antes


def test_institucion_desconocida_y_pesos_invalidos(runner) -> None:
    resultado = runner.invoke(principal, ["matriz", "fundamentos", "--instituciones", "AMSCLAE,amscla",
                                          "--datos", str(MINI), "--salida", "m.xlsx"])
    assert resultado.exit_code == 1 and "«amscla»" in resultado.stderr and "¿Quiso decir AMSCLAE" in resultado.stderr
    assert not Path("m.xlsx").exists()
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(MINI), "--pesos", "deportados_2025=-1,otro=2"])
    assert resultado.exit_code == 1
    assert "debe ser un número de 0 a 1.000.000" in resultado.stderr and "«otro» no es un criterio" in resultado.stderr


def test_una_matriz_que_no_cabe_en_excel_no_escribe_nada() -> None:
    import pandas as pd

    from grafo.formatos import xlsx as exportar
    from grafo.errores import ErrorGrafo
    from grafo.dominio.matrices import Matriz

    ancha = Matriz(hoja="Responsabilidades", titulo="t",
                   tabla=pd.DataFrame([[""] * (exportar.COLUMNAS_EXCEL + 1)], columns=[f"A{i}" for i in range(
                       exportar.COLUMNAS_EXCEL + 1)]))
    justa = Matriz(hoja="Mandatos", titulo="t", tabla=pd.DataFrame([[""] * exportar.COLUMNAS_EXCEL]))
    exportar.comprobar_tamano([justa])
    with pytest.raises(ErrorGrafo) as error:
        exportar.a_xlsx([justa, ancha], version_datos="x", fecha="2026-01-01",
                        fuentes=pd.DataFrame(columns=["tabla", "id", "fuente"]))
    # La biblioteca nombra la opción; la CLI la dice como su bandera.
    assert re.search(r"(?s)«Responsabilidades» tendría 7 filas y 16\.385 columnas.*--formato csv",
                     error.value.texto(bandera))
