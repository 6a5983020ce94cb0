"""`grafo seguimiento`: cada fila, a dos fechas, sobre reuniones y acuerdos escritos a mano."""

from __future__ import annotations

import grafo

import datetime as dt
import json
from pathlib import Path

import pytest

from grafo import motores, productos
from grafo.cli import principal
from grafo.dominio.seguimiento import restar_meses
from grafo.errores import DatosInvalidos
from grafo.paquete import fuentes
from grafo.rdf import almacen
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import completar_mini

IGM, DEPM = "IGM — Instituto Guatemalteco de Migración", "DEPM — Departamento de Estudios y Políticas Migratorias"
MINEX, MUNI = "MINEX — Ministerio de Relaciones Exteriores", "MUNI — Municipalidades"


@pytest.fixture
def datos_seg(datos_mini: Path) -> Path:
    return completar_mini(datos_mini)


def _informe(datos: Path, al: str):  # type: ignore[no-untyped-def]
    fuente = grafo.abrir(datos, cache=False).preparar()
    return productos.seguimiento(fuente, al=al, meses=3, fecha="2026-12-01")


def _filas(seccion) -> list[list]:  # type: ignore[no-untyped-def]
    return seccion.tabla.values.tolist()


def test_al_1_de_julio(datos_seg: Path) -> None:
    informe = _informe(datos_seg, "2024-07-01")
    vencidos, sin_seguimiento, sin_reunirse, por_eje, por_institucion = informe.secciones
    # R3 (20-sep) y sus acuerdos todavía no existen; AC1 está cumplido, AC3 vence en agosto.
    # Una fila por acuerdo, con sus dos encargadas: la cuenta del título es la de las filas.
    assert _filas(vencidos) == [
        ["AC2 [OF]", "IGM, MINEX", "E1", "Enviar el informe de retornos", "2024-03-31", 92, "pendiente",
         "R1 [OF] (2024-01-15); memoria: memorias/r1.docx"],  # con el grado de la fuente del acuerdo y de la reunión
    ]
    assert vencidos.total == 1 == len(vencidos.tabla)
    assert [f[0] for f in _filas(sin_seguimiento)] == ["A3 [OF]", "A4 [PROP]"]  # A4 es ilustrativa
    # Límite: 1-abr-2024. IGM se reunió en R2 (10-jun); DEPM, solo en R1 (15-ene).
    assert _filas(sin_reunirse) == [[DEPM, "A1", "R1 (2024-01-15)", "memorias/r1.docx", 6]]
    assert _filas(por_eje) == [
        ["E1", 2, 0, 0, 1, 1, 0, 2, 70.0],
        ["E2", 1, 0, 1, 0, 0, 0, 0, "—"],
    ]
    # A3 no tiene eje, ni responsable, ni estado, ni avance: no es una fila de ceros, una frase la nombra.
    assert por_eje.explicacion.endswith("Sin estado ni avance en ninguna de sus acciones: (acciones sin eje).")
    assert _filas(por_institucion) == [
        [DEPM, 1, 0, 0, 1, 0, 0, 1, 40.0],
        [IGM, 2, 0, 1, 1, 0, 0, 1, 40.0],
        [MINEX, 1, 0, 0, 0, 1, 0, 1, 100.0],
    ]
    assert "(acciones sin responsable)" in por_institucion.explicacion
    assert "2 reuniones registradas (la última, R2 (2024-06-10)) y 3 acuerdos, 1 de ellos ilustrativo" \
        in informe.introduccion


def test_al_1_de_noviembre(datos_seg: Path) -> None:
    vencidos, sin_seguimiento, sin_reunirse, _eje, _inst = _informe(datos_seg, "2024-11-01").secciones
    assert [(f[0], f[1], f[2], f[4], f[5], f[6], f[7]) for f in _filas(vencidos)] == [
        ("AC2 [OF]", "IGM, MINEX", "E1", "2024-03-31", 215, "pendiente", "R1 [OF] (2024-01-15); memoria: memorias/r1.docx"),
        # AC3 es ilustrativo y lo dice; R2 no tiene memoria y también lo dice.
        ("AC3 (ilustrativo) [PROP]", "IGM", "E1", "2024-08-31", 62, "en curso",
         "R2 [OF] (2024-06-10); memoria: sin memoria registrada"),
        ("AC5 [OF]", "sin encargada", "—", "2024-10-15", 17, "pendiente", "R3 [OF] (2024-09-20); memoria: memorias/r3.pdf"),
        ("AC4 [OF]", "DEPM, MUNI", "—", "2024-10-31", 1, "pendiente", "R3 [OF] (2024-09-20); memoria: memorias/r3.pdf"),
    ]
    assert vencidos.total == 4 == len(vencidos.tabla)
    assert [f[0] for f in _filas(sin_seguimiento)] == ["A4 [PROP]"]
    # Límite: 1-ago-2024. DEPM convocó R3 (20-sep); la última de IGM es R2 (10-jun).
    assert _filas(sin_reunirse) == [[IGM, "A1, A4", "R2 (2024-06-10)", "sin memoria registrada", 5]]


def test_cli_seccion_en_csv_y_json_y_documento(runner, datos_seg: Path, tmp_path: Path) -> None:
    csv = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "2024-11-01", "--seccion",
                                    "vencidos", "--formato", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.stdout.splitlines()[0].startswith("Acuerdo,Encargadas,Eje")
    assert len(csv.stdout.splitlines()) == 5  # el encabezado y un acuerdo por fila
    completo = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "2024-11-01",
                                         "--formato", "json"])
    assert [s["total"] for s in json.loads(completo.stdout)["secciones"]] == [4, 1, 1, 2, 3]  # sin filas de ceros
    docx = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "2024-11-01",
                                     "--salida", str(tmp_path / "s.docx")])
    assert docx.exit_code == 0 and (tmp_path / "s.docx").stat().st_size > 5000
    mala = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "2024-13-01"])
    assert mala.exit_code == 2 and "no es una fecha: escríbala AAAA-MM-DD" in mala.stderr
    # Día/mes/año, como en los datos y en Guatemala: la misma fecha que AAAA-MM-DD (antes se rechazaba).
    dia_mes = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "01/11/2024",
                                        "--formato", "json"])
    assert dia_mes.exit_code == 0 and dia_mes.stdout == completo.stdout


def test_hoja_seguimiento_del_libro(datos_seg: Path) -> None:
    from grafo.dominio.seguimiento import CONSULTAS_SEGUIMIENTO, matriz_seguimiento
    from grafo import consultas

    fuente = grafo.abrir(datos_seg, cache=False).preparar().fuente
    matriz = matriz_seguimiento(consultas.ejecutar_varias(fuente, CONSULTAS_SEGUIMIENTO), al=dt.date(2024, 11, 1))
    assert matriz.hoja == "Seguimiento"
    vencido = dict(zip(matriz.tabla["Acuerdo"], matriz.tabla["Vencido"], strict=True))
    assert vencido == {"AC1": "no", "AC2": "sí", "AC3": "sí", "AC4": "sí", "AC5": "sí"}


@pytest.mark.parametrize(("archivo", "columna", "valor", "pista"), [
    ("reuniones.csv", "fecha", "2024-13-45", "no es una fecha completa y real"),
    ("reuniones.csv", "fecha", "septiembre", "no es una fecha completa y real"),
    ("reuniones.csv", "participantes", "IGM;NADIE", "«NADIE» no existe en la tabla «instituciones»"),
    ("acuerdos.csv", "reunion", "R9", "«R9» no existe en la tabla «reuniones»"),
    ("acuerdos.csv", "estado", "listo", "no está en la lista permitida"),
    ("acciones.csv", "avance", "140", "no es un número entre 0 y 100"),
    ("acciones.csv", "avance", "40%", "no es un número entre 0 y 100"),
])
def test_revision_de_las_tablas_de_seguimiento(datos_seg: Path, archivo: str, columna: str, valor: str,
                                               pista: str) -> None:
    ruta = datos_seg / archivo
    filas = leer_csv(ruta)
    filas[1][filas[0].index(columna)] = valor
    escribir_csv(ruta, filas)
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(datos_seg)
    assert any(f"{archivo}, fila 2, columna «{columna}»" in str(p) and pista in str(p) for p in error.value.problemas)


def test_dia_mes_anio_se_lee_con_aviso(datos_seg: Path) -> None:
    paquete = fuentes.leer_paquete(datos_seg)
    assert paquete.tabla("reuniones").datos["fecha"].tolist() == ["2024-01-15", "2024-06-10", "2024-09-20"]
    assert any("«10/06/2024» se leyó como 2024-06-10 (día/mes/año)" in str(a) for a in paquete.avisos)


def test_restar_meses() -> None:
    assert restar_meses(dt.date(2024, 5, 31), 3) == dt.date(2024, 2, 29)
    assert restar_meses(dt.date(2024, 1, 15), 1) == dt.date(2023, 12, 15)
    assert restar_meses(dt.date(2024, 11, 1), 14) == dt.date(2023, 9, 1)


def test_acta_de_una_reunion(runner, datos_seg: Path, tmp_path: Path) -> None:
    from docx import Document

    salida = tmp_path / "acta.docx"
    resultado = runner.invoke(principal, ["acta", "R1", "--datos", str(datos_seg), "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    documento = Document(str(salida))
    texto = "\n".join(p.text for p in documento.paragraphs)
    celdas = [[c.text for c in fila.cells] for t in documento.tables for fila in t.rows]
    # Quien convoca (IGM) y los participantes, con el nombre completo.
    assert "Instituto Guatemalteco de Migración (IGM)" in texto
    assert "Departamento de Estudios y Políticas Migratorias (DEPM)" in texto
    assert "Ministerio de Relaciones Exteriores (MINEX)" in texto
    # La acción tratada, con sus responsables y el mandato que la fundamenta.
    (accion,) = [f for f in celdas if f[0] == "A1"]
    assert "IGM — Instituto Guatemalteco de Migración" in accion[3] and "DEPM — " in accion[3]
    assert "M1" in accion[5] or "Código de Migración" in accion[5]
    # Los acuerdos de R1, con encargados y plazo; ninguno de otra reunión.
    acuerdos = {f[0]: f for f in celdas if f[0].startswith("AC")}
    assert set(acuerdos) == {"AC1", "AC2"}
    assert acuerdos["AC2"][3] == "2024-03-31" and "MINEX — " in acuerdos["AC2"][2]
    assert texto.count("[Por completar después de la reunión.]") >= 3
    desconocida = runner.invoke(principal, ["acta", "R9", "--datos", str(datos_seg), "--salida", str(salida)])
    assert desconocida.exit_code == 1 and "No hay reunión con id «R9»" in desconocida.stderr


def test_capa_de_reuniones_en_el_mapa(datos_seg: Path) -> None:
    from grafo.dominio.mapa import Filtro

    fuente = grafo.abrir(datos_seg, cache=False).preparar()
    red = productos.dibujar_mapa(fuente, Filtro(vista="reuniones")).red
    reuniones = sorted(n for n, d in red.nodes(data=True) if d["clase"] == "reunion")
    assert reuniones == ["reunion:R1", "reunion:R2", "reunion:R3"]
    aristas = {(a, b, d["tipo"]) for a, b, d in red.edges(data=True)}
    assert ("institucion:IGM", "reunion:R1", "convoca") in aristas or ("reunion:R1", "institucion:IGM", "convoca") in aristas
    tipos = {d["tipo"] for _, _, d in red.edges(data=True)}
    assert tipos == {"convoca", "participa", "tratada"}
    # AMSCLAE no se reunió: no aparece.
    assert "institucion:AMSCLAE" not in red
    # --desde y --hasta recortan las reuniones (y con ellas, quién participó).
    julio = productos.dibujar_mapa(fuente, Filtro(vista="reuniones", desde="2024-06-01", hasta="2024-07-31")).red
    assert sorted(n for n, d in julio.nodes(data=True) if d["clase"] == "reunion") == ["reunion:R2"]
    assert {n for n, d in julio.nodes(data=True) if d["clase"] == "institucion"} == {"institucion:IGM",
                                                                                     "institucion:MINEX"}
    assert "reunion:R2" in julio and "accion:A2" in julio and "accion:A1" not in julio


def test_mapa_de_reuniones_por_la_cli(runner, datos_seg: Path, tmp_path: Path) -> None:
    salida = tmp_path / "reuniones.html"
    resultado = runner.invoke(principal, ["mapa", "--vista", "reuniones", "--datos", str(datos_seg), "--desde",
                                          "2024-09-01", "--salida", str(salida)])
    assert resultado.exit_code == 0, resultado.output
    html = salida.read_text(encoding="utf-8")
    assert "Reunión (fecha y tema)" in html and "reuniones desde 2024-09-01" in html
    mal = runner.invoke(principal, ["mapa", "--datos", str(datos_seg), "--desde", "2024-09-01"])
    assert mal.exit_code == 2 and "--vista reuniones" in mal.stderr


def test_formas_shacl_de_reuniones_y_acuerdos(datos_seg: Path) -> None:
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, PROV, XSD

    from grafo.rdf import validacion
    from grafo.rdf.vocabulario import GR, iri

    g = almacen.construir(fuentes.leer_paquete(datos_seg))
    assert validacion.validar(motores.local(g)).conforme
    g.remove((iri("acuerdo", "AC2"), GR.estado, None))
    g.remove((iri("acuerdo", "AC1"), PROV.wasGeneratedBy, None))
    g.add((iri("reunion", "R1"), GR.participante, iri("tema", "COORD")))
    g.remove((iri("reunion", "R2"), DCTERMS.date, None))
    g.add((iri("reunion", "R2"), DCTERMS.date, Literal("junio")))
    g.add((iri("accion", "A1"), GR.avance, Literal("140", datatype=XSD.decimal)))
    textos = [str(r) for r in validacion.validar(motores.local(g)).errores()]
    esperados = [("acuerdos.csv, fila 3, columna «estado»", "exactamente un estado"),
                 ("acuerdos.csv, fila 2, columna «reunion»", "sale de exactamente una reunión"),
                 ("reuniones.csv, fila 2, columna «participantes»", "es una institución del grafo"),
                 ("reuniones.csv, fila 3, columna «fecha»", "exactamente una fecha"),
                 ("acciones.csv, fila 2, columna «avance»", "de 0 a 100")]
    for lugar, mensaje in esperados:
        assert any(lugar in t and mensaje in t for t in textos), (lugar, textos)


# --- lo que encontró la revisión adversaria del issue 17 --------------------------------------


def test_acuerdos_sin_tabla_de_reuniones_es_error(datos_seg: Path) -> None:
    (datos_seg / "reuniones.csv").unlink()
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(datos_seg)
    assert [str(p) for p in error.value.problemas] == [
        "acuerdos.csv, columna «reunion»: nombra ids de «reuniones», pero el paquete no tiene esa tabla. Cómo "
        "corregirlo: agregue reuniones.csv a la carpeta, o vacíe la columna «reunion»."]


def test_avance_con_formato_de_porcentaje_en_excel(datos_seg: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.ayuda import csv_a_libro

    ruta = csv_a_libro(datos_seg, tmp_path / "libro.xlsx")
    libro = load_workbook(ruta)
    hoja = libro["acciones"]
    celda = hoja.cell(2, [c.value for c in hoja[1]].index("avance") + 1)
    celda.value, celda.number_format = 0.5, "0%"  # lo que guarda Excel cuando se teclea 50 %
    libro.save(ruta)
    paquete = fuentes.leer_paquete(ruta)
    assert paquete.tabla("acciones").datos["avance"].iloc[0] == "50"
    assert any("la celda dice 50 %" in str(a) for a in paquete.avisos)


def test_acta_nombre_de_archivo_seguro_y_formato(runner, datos_seg: Path, tmp_path: Path) -> None:
    ruta = datos_seg / "reuniones.csv"
    filas = leer_csv(ruta)
    filas.append(["../../fuera", "2024-10-01", "T" * 300, "", "", "IGM", "", "", "Prueba"])
    escribir_csv(ruta, filas)
    resultado = runner.invoke(principal, ["acta", "../../fuera", "--datos", str(datos_seg)])
    assert resultado.exit_code == 0, resultado.output
    assert (Path("salidas") / "acta-___fuera.docx").exists()  # dentro de salidas/, con un título de 300 letras


def test_acta_en_pdf_con_el_id_en_minusculas(runner, datos_seg: Path) -> None:
    from tests.test_impresion import _soffice

    _soffice()  # sin LibreOffice se salta (nunca en CI): el PDF lo escribe LibreOffice
    minusculas = runner.invoke(principal, ["acta", "r1", "--datos", str(datos_seg), "--formato", "pdf"])
    assert minusculas.exit_code == 0, minusculas.output
    assert (Path("salidas") / "acta-R1.pdf").read_bytes().startswith(b"%PDF")


def test_mapa_de_reuniones_recortes_y_errores(runner, datos_seg: Path) -> None:
    from grafo.dominio.mapa import Filtro

    from grafo.errores import ConsultaInvalida

    fuente = grafo.abrir(datos_seg, cache=False).preparar()
    red = productos.dibujar_mapa(fuente, Filtro(vista="reuniones", eje="E1")).red
    # Con --eje E1 quedan R1 (A1) y R2 (A2); R3 trató A3, que no tiene eje.
    assert sorted(n for n, d in red.nodes(data=True) if d["clase"] == "reunion") == ["reunion:R1", "reunion:R2"]
    # Ninguna reunión trató una acción del eje E2 (A4): el mapa quedaría vacío y se dice por qué.
    with pytest.raises(ConsultaInvalida, match="ninguna reunión"):
        productos.dibujar_mapa(fuente, Filtro(vista="reuniones", eje="E2"))
    al_reves = runner.invoke(principal, ["mapa", "--vista", "reuniones", "--datos", str(datos_seg),
                                         "--desde", "2024-09-20", "--hasta", "2024-09-10"])
    assert al_reves.exit_code == 2 and "al revés" in al_reves.stderr
    foco = runner.invoke(principal, ["mapa", "--vista", "reuniones", "--datos", str(datos_seg), "--foco", "AMSCLAE"])
    assert foco.exit_code == 1 and "AMSCLAE no participó ni convocó ninguna reunión" in foco.stderr


def test_opciones_del_seguimiento(runner, datos_seg: Path) -> None:
    temprano = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "0001-01-01"])
    assert temprano.exit_code == 2 and "entre 1900 y 2200" in temprano.stderr
    texto = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--seccion", "vencidos",
                                      "--formato", "texto"])
    assert texto.exit_code == 2 and "sale como tabla, csv o json" in texto.stderr
    completo = runner.invoke(principal, ["seguimiento", "--datos", str(datos_seg), "--al", "2024-11-01",
                                         "--formato", "json"])
    # La fecha en palabras, con espacios que no se parten (antes «Al 2024-11-01»).
    assert json.loads(completo.stdout)["introduccion"].startswith("Al 1\u00a0de\u00a0noviembre\u00a0de\u00a02024: 3 reuniones")


def test_incoherencias_son_avisos(datos_seg: Path) -> None:
    acuerdos = datos_seg / "acuerdos.csv"
    filas = leer_csv(acuerdos)
    filas[1][filas[0].index("plazo")] = "2024-01-01"  # AC1, de la reunión del 15-ene
    escribir_csv(acuerdos, filas)
    acciones = datos_seg / "acciones.csv"
    filas = leer_csv(acciones)
    filas[2][filas[0].index("avance")] = "10"  # A2 cumplida con 10 % de avance
    escribir_csv(acciones, filas)
    avisos = [str(a) for a in fuentes.leer_paquete(datos_seg).avisos]
    assert any("acuerdos.csv, fila 2, columna «plazo»: el plazo 2024-01-01 es anterior a la reunión R1" in a
               for a in avisos)
    assert any("acciones.csv, fila 3, columna «avance»: el avance 10 no cuadra con el estado «cumplido»" in a
               for a in avisos)
