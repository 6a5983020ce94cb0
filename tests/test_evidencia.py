"""Lo que grafo sabe y cómo lo sabe: el motivo de cada responsable sin mandato, fundamenta o podría respaldar, el
grado de cada fila y lo completo de los mandatos (issue 28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import grafo
from grafo.cli import principal
from grafo.errores import DatosInvalidos
from grafo.evidencia import grado
from grafo.paquete.fuentes import leer_paquete
from tests.ayuda import escribir_csv


def _paquete(carpeta: Path, *, cargas: dict[str, str] | None = None) -> Path:
    """COMPLETA tiene sus mandatos completos y lidera A1 fuera de ellos; SINNADA no tiene mandatos y lidera A2; AJENA
    cubre el tema de A1 sin participar en A1, y fundamenta A3, donde es vinculada."""
    cargas = {"COMPLETA": "completos", "SINNADA": "", "AJENA": "parciales"} if cargas is None else cargas
    escribir_csv(carpeta / "instituciones.csv", [["id", "nombre", "tipo", "mandatos_cargados", "fuente"]] + [
        [i, f"Institución {i}", "ministerio", c, "Ley orgánica [OF]"] for i, c in cargas.items()])
    escribir_csv(carpeta / "instrumentos.csv", [["id", "titulo", "tipo", "fuente"], ["L1", "Ley", "ley", "Copia [SEC]"]])
    escribir_csv(carpeta / "temas.csv", [["id", "nombre", "tema_padre", "fiabilidad"],
                                         ["SALUD", "Salud", "", "propuesta"], ["EMPLEO", "Empleo", "", "propuesta"],
                                         ["RETORNO", "Retorno", "", "propuesta"]])
    escribir_csv(carpeta / "mandatos.csv", [["id", "institucion", "instrumento", "descripcion", "temas", "fuente"],
                                            ["M1", "COMPLETA", "L1", "Salud pública", "SALUD", "Ley, art. 1 [OF]"],
                                            ["M2", "AJENA", "L1", "Empleo", "EMPLEO;RETORNO", "Nota [DÉBIL]"]])
    escribir_csv(carpeta / "ejes.csv", [["id", "nombre", "fuente"], ["E1", "Eje", "Política [OF]"]])
    escribir_csv(carpeta / "acciones.csv", [
        ["id", "descripcion", "eje", "temas", "responsables", "vinculadas", "ilustrativa", "fuente"],
        ["A1", "Empleo de retornados", "E1", "EMPLEO", "COMPLETA", "", "no", "Plan [OF]"],
        ["A2", "Recepción", "E1", "RETORNO", "SINNADA", "", "si", "Redactada por el proyecto"],
        ["A3", "Ferias de empleo", "E1", "EMPLEO", "SINNADA", "AJENA", "no", "Plan [OF] ; nota [SEC]"]])
    return carpeta


def _json(runner, *argumentos: str) -> list[dict]:
    resultado = runner.invoke(principal, [*argumentos, "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    return json.loads(resultado.stdout)


def test_los_tres_motivos_y_fundamenta_o_podria_respaldar(runner, tmp_path: Path) -> None:
    datos = str(_paquete(tmp_path))
    sin_mandato = _json(runner, "consultar", "acciones-sin-mandato", "--datos", datos)
    assert sin_mandato == [
        {"accion": "A1", "institucion": "COMPLETA", "motivo": "sin_mandato_sobre_el_tema"},
        {"accion": "A2", "institucion": "SINNADA", "motivo": "mandatos_no_cargados"},
        {"accion": "A3", "institucion": "SINNADA", "motivo": "mandatos_no_cargados"},
    ]
    fundamentos = _json(runner, "consultar", "fundamentos", "-p", "instituciones=AJENA,COMPLETA", "--datos", datos)
    assert [(f["mandato"], f["acciones"], f["acciones_posibles"], f["fiabilidad"]) for f in fundamentos] == [
        ("M2", ["A3"], ["A1", "A2"], "debil"), ("M1", [], [], "oficial")]


def test_parciales_no_es_una_brecha(runner, tmp_path: Path) -> None:
    datos = str(_paquete(tmp_path, cargas={"COMPLETA": "", "SINNADA": "", "AJENA": ""}))
    motivos = {(f["accion"], f["motivo"]) for f in _json(runner, "consultar", "acciones-sin-mandato", "--datos", datos)}
    assert ("A1", "mandatos_parciales") in motivos
    instituciones = {f["institucion"]: f["mandatos_cargados"]
                     for f in _json(runner, "consultar", "instituciones", "--datos", datos)}
    assert instituciones == {"AJENA": "parciales", "COMPLETA": "parciales", "SINNADA": "ninguno"}


def test_el_derivado_en_python_da_lo_mismo_que_el_rq(tmp_path: Path) -> None:
    p = grafo.abrir(_paquete(tmp_path), cache=False)
    juntas = p.tablas(["acciones", "temas-cubiertos", "instituciones", "acciones-sin-mandato"])
    assert juntas["acciones-sin-mandato"].equals(p.tabla("acciones-sin-mandato"))  # sola: su .rq


def test_el_grado_y_como_se_sabe_cada_vinculo(runner, tmp_path: Path) -> None:
    datos = str(_paquete(tmp_path))
    acciones = {f["accion"]: (f["fiabilidad"], f["como"]) for f in _json(runner, "consultar", "acciones", "--datos", datos)}
    # A3 cita una fuente oficial y una copia: vale la oficial. A2 es ilustrativa: una propuesta.
    assert acciones == {"A1": ("oficial", "declarado"), "A2": ("propuesta", "propuesto"), "A3": ("oficial", "declarado")}
    vinculos = {(f["tipo"], f["vinculo"], f["como"])
                for f in _json(runner, "consultar", "vinculos-entre", "-p", "origen=AJENA", "--datos", datos)}
    assert vinculos == {("acción", "A3", "declarado")}  # AJENA y SINNADA; ningún tema en común (el inferido: en
    # test_consultas_analistas, COORD entre IGM y DEPM)


@pytest.mark.parametrize(("fuente", "fiabilidad", "propuesta", "esperado"), [
    ("Ley [OF]", "", False, "oficial"), ("Copia [SEC] ; Ley [OF]", "", False, "oficial"),
    ("Nota [débil]", "", False, "debil"), ("Sin marca", "", False, ""), ("Ley [OF]", "secundaria", False, "secundaria"),
    ("Ley [OF]", "", True, "propuesta"),
])
def test_grado_de_una_fila(fuente: str, fiabilidad: str, propuesta: bool, esperado: str) -> None:
    assert grado(fuente, fiabilidad, propuesta=propuesta) == esperado


def test_las_filas_sin_grado_se_avisan_una_vez_por_tabla(tmp_path: Path) -> None:
    _paquete(tmp_path)
    escribir_csv(tmp_path / "ejes.csv", [["id", "nombre", "fuente"], ["E1", "Eje", "Política"], ["E2", "Otro", ""]])
    avisos = [a for a in leer_paquete(tmp_path).avisos if a.columna == "fiabilidad"]
    assert [(a.archivo, a.fila) for a in avisos] == [("ejes.csv", 2)]
    assert "2 fila(s) sin grado" in avisos[0].mensaje and "filas 2, 3" in avisos[0].mensaje


def test_mandatos_cargados_que_contradice_los_mandatos_es_un_error(tmp_path: Path) -> None:
    _paquete(tmp_path, cargas={"COMPLETA": "ninguno", "SINNADA": "completos", "AJENA": "parciales"})
    with pytest.raises(DatosInvalidos) as error:
        leer_paquete(tmp_path)
    problemas = {(p.fila, p.columna) for p in error.value.problemas}
    assert problemas == {(2, "mandatos_cargados"), (3, "mandatos_cargados")}


def test_el_informe_de_brechas_separa_brechas_y_tareas_de_datos(tmp_path: Path) -> None:
    from grafo import productos

    informe = productos.brechas(grafo.abrir(_paquete(tmp_path), cache=False), fecha="2026-12-07")
    secciones = {s.titulo: s for s in informe.secciones}
    brechas = secciones["Brechas de coordinación: responsables sin mandato sobre la acción"]
    tareas = secciones["Tareas de datos: mandatos por cargar"]
    assert [(f["Acción"], f["Responsable"].split(" — ")[0]) for f in brechas.tabla.to_dict(orient="records")] == [
        ("A1 [OF]", "COMPLETA")]
    assert tareas.tabla.to_dict(orient="records") == [{
        "Institución": "SINNADA — Institución SINNADA", "Tarea": "Cargar los mandatos de SINNADA",
        "Mandatos cargados": "ninguno", "Acciones que lidera sin mandato cargado": "A2 [PROP], A3 [OF]"}]
    assert (brechas.cuenta(), tareas.cuenta()) == ("1 par", "1 institución")
    # La cobertura por eje (su .rq) separa lo mismo: A1 sin líder es una brecha; A2 y A3, tareas de datos.
    cobertura = secciones["Cobertura por eje"].tabla.to_dict(orient="records")
    assert [(f["Sin líder mandatado"], f["Por mandatos sin cargar"]) for f in cobertura] == [(3, 2)]


def test_la_minuta_y_la_ficha_cuentan_aparte_brechas_y_tareas(runner, tmp_path: Path) -> None:
    from docx import Document

    (tmp_path / "d").mkdir()
    datos = str(_paquete(tmp_path / "d"))
    resultado = runner.invoke(principal, ["reunion", "--instituciones", "COMPLETA,SINNADA,AJENA", "--datos", datos,
                                          "--salida", str(tmp_path / "m.docx")])
    assert resultado.exit_code == 0, resultado.output
    documento = Document(str(tmp_path / "m.docx"))
    titulos = [p.text for p in documento.paragraphs if p.style.name == "Heading 2"]
    assert titulos == ["Brechas de coordinación (2 brechas)", "Tareas de datos (1 institución)"]
    celdas = {tuple(c.text for c in fila.cells) for t in documento.tables for fila in t.rows}
    assert ("Responsable sin mandato sobre los temas de la acción", "COMPLETA", "A1 [OF]: Empleo de retornados") in celdas
    assert ("Mandato que ninguna acción de los datos usa", "COMPLETA", "M1: Ley (L1), sin artículo [OF]") in celdas
    assert ("SINNADA", "Cargar los mandatos de SINNADA", "No tiene mandatos cargados en los datos",
            "A2 (ilustrativa) [PROP], A3 [OF]") in celdas
    # Una tarea de datos nunca en la tabla de brechas, ni una brecha en la de tareas.
    assert not any("SINNADA" == fila[1] for fila in celdas if len(fila) == 3)
    assert runner.invoke(principal, ["ficha", "SINNADA", "--datos", datos, "--salida", str(tmp_path / "f.docx")]
                         ).exit_code == 0
    ficha = Document(str(tmp_path / "f.docx"))
    assert [p.text for p in ficha.paragraphs if p.style.name == "Heading 2"] == [
        "Brechas de coordinación (0 brechas)", "Tareas de datos (1 institución)"]


def test_el_panel_del_mapa_cuenta_los_mandatos_sin_accion_como_el_informe(tmp_path: Path) -> None:
    from grafo import productos

    _paquete(tmp_path)
    # AJENA deja A3: su M2 ya no fundamenta nada, pero cubre los temas de A1, A2 y A3 (podría respaldarlas).
    escribir_csv(tmp_path / "acciones.csv", [
        ["id", "descripcion", "eje", "temas", "responsables", "vinculadas", "ilustrativa", "fuente"],
        ["A1", "Empleo de retornados", "E1", "EMPLEO", "COMPLETA", "", "no", "Plan [OF]"],
        ["A3", "Ferias de empleo", "E1", "EMPLEO", "SINNADA", "", "no", "Plan [OF]"]])
    p = grafo.abrir(tmp_path, cache=False)
    sin_accion = set(p.tabla("mandatos-sin-accion")["mandato"])
    assert sin_accion == {"M1"}
    from grafo.dominio.mapa import Filtro

    modelo = productos.modelo_del_mapa(p, Filtro(vista="acciones"))
    en_panel = {b["texto"].split()[1] for b in modelo.red.graph["brechas"] if b["texto"].startswith("Mandato ")}
    assert en_panel == sin_accion  # M2 cubre A1 sin participar en ella: podría respaldarla, no es un mandato sin uso


def test_las_fuentes_de_la_minuta_traen_lo_que_citan_sus_rutas(runner, tmp_path: Path) -> None:
    import re

    from docx import Document

    datos = str(Path(__file__).resolve().parents[1] / "datos")
    resultado = runner.invoke(principal, ["reunion", "--instituciones", "IGM,COPRESAM", "--datos", datos,
                                          "--salida", str(tmp_path / "m.docx")])
    assert resultado.exit_code == 0, resultado.output
    documento = Document(str(tmp_path / "m.docx"))
    textos = [p.text for p in documento.paragraphs]
    desde = max(k for k, t in enumerate(textos) if t == "5. Cómo se unen entre sí")  # no el del índice
    rutas = "\n".join(textos[desde:textos.index("6. Mapa de su vecindario", desde)])
    citadas = {("mandatos", m) for m in re.findall(r"\bM-\d+", rutas)}
    citadas |= {("instituciones", i) for r in re.findall(r"Ruta \d+: (.*)", rutas) for i in r.split(" → ")}
    citadas |= {("acciones", a) for a in re.findall(r"comparten la acción (\S+)", rutas)}
    fuentes = {(f.cells[0].text, f.cells[1].text) for f in documento.tables[-1].rows[1:]}
    assert len(citadas) > 3 and citadas <= fuentes, citadas - fuentes
    # COPRESAM no lidera acciones, pero no tiene mandatos cargados: es una tarea de datos, contada como tal.
    assert "Tareas de datos (1 institución)" in textos
    assert ("COPRESAM", "Cargar los mandatos de COPRESAM") in {(f.cells[0].text, f.cells[1].text)
                                                             for t in documento.tables for f in t.rows}
