"""Los marcos internacionales como vocabularios del paquete (issue 32, primera parte): los 23 objetivos del Pacto
Mundial para la Migración y los 17 ODS con sus 169 metas, en cada grafo como la ontología, con su fuente."""

from __future__ import annotations

from pathlib import Path

import pytest

import grafo
from grafo import web
from grafo.rdf.espacios import DCTERMS, ESQUEMA_ODS, ESQUEMA_PMM, SKOS

RAIZ = Path(__file__).parent.parent


def _filas(p, texto: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return p.sparql(texto).filas.to_dict("records")


def test_los_23_objetivos_del_pacto_con_su_fuente(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    filas = _filas(proyecto_mini, f"""SELECT ?id ?es ?en ?corto ?fuente ?nota WHERE {{
        ?x <{SKOS}inScheme> <{ESQUEMA_PMM}> ; <{DCTERMS}identifier> ?id ; <{SKOS}altLabel> ?corto ;
           <{DCTERMS}source> ?fuente ; <{SKOS}prefLabel> ?es , ?en .
        FILTER(LANG(?es) = "es" && LANG(?en) = "en")
        OPTIONAL {{ ?x <{SKOS}editorialNote> ?nota }} }}""")
    assert sorted(int(f["id"]) for f in filas) == list(range(1, 24))
    assert all("A/RES/73/195" in str(f["fuente"]) for f in filas)
    sin_cotejar = sorted(int(f["id"]) for f in filas if f["nota"])
    # Sin el título oficial en español cotejado: lo dicen ([NV]) y se nombran por su nombre corto de la ONU.
    assert all("[NV]" in str(f["nota"]) and f["es"] == f["corto"] for f in filas if f["nota"])
    assert sin_cotejar == [15, 16, 17]
    retorno = next(f for f in filas if f["id"] == "21")
    assert str(retorno["es"]).startswith("Colaborar para facilitar el regreso y la readmisión")


def test_los_ods_y_sus_metas_con_los_iris_de_la_onu(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    filas = _filas(proyecto_mini, f"""SELECT ?id ?onu ?padre WHERE {{
        ?x <{SKOS}inScheme> <{ESQUEMA_ODS}> ; <{DCTERMS}identifier> ?id ; <{SKOS}exactMatch> ?onu .
        OPTIONAL {{ ?x <{SKOS}broader>/<{DCTERMS}identifier> ?padre }} }}""")
    objetivos = [f for f in filas if f["padre"] is None]
    metas = [f for f in filas if f["padre"] is not None]
    assert sorted(int(f["id"]) for f in objetivos) == list(range(1, 18)) and len(metas) == 169
    assert all(str(f["onu"]) == f"http://metadata.un.org/sdg/{f['id']}" for f in filas)
    assert all(str(f["id"]).split(".")[0] == f["padre"] for f in metas)


def test_se_buscan_y_se_resuelven_como_las_demas_clases(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    hallados = proyecto_mini.buscar("remesas").filas
    pares = set(zip(hallados["tipo"], hallados["id"], strict=True))
    assert ("objetivo del Pacto Mundial para la Migración", "20") in pares
    assert ("objetivo o meta de los ODS", "10.c") in pares
    assert proyecto_mini.ids([("pmm", "21", "x"), ("ods", "10.7", "y")]) == ["21", "10.7"]
    with pytest.raises(grafo.errores.ConsultaInvalida, match="24"):
        proyecto_mini.ids([("pmm", "24", "objetivo")])


@pytest.fixture(scope="module")
def cliente(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """El explorador sobre una copia de la miniatura, uno por módulo: las pruebas solo leen."""
    import shutil

    datos = tmp_path_factory.mktemp("marcos") / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    return web.crear(lambda: grafo.abrir(datos), datos=datos).test_client()


host = {"Host": "127.0.0.1:8080"}


def test_sus_paginas_en_el_explorador(cliente) -> None:  # type: ignore[no-untyped-def]
    objetivo = cliente.get("/pmm/21", headers=host).get_data(as_text=True)
    assert "Colaborar para facilitar el regreso" in objetivo and "A/RES/73/195" in objetivo
    meta = cliente.get("/ods/10", headers=host).get_data(as_text=True)
    assert "Metas de este objetivo" in meta and 'href="/ods/10.7"' in meta
    assert cliente.get("/pmm/24", headers=host).status_code == 404


# --- Alineaciones, cobertura, informe, matriz, mapa y explorador (issue 32, segunda parte) -------------------------
# La miniatura alinea: A1 con los objetivos 1 ([SEC]) y 23 ([OF]) del Pacto (una acción, dos objetivos); A2, que es
# ilustrativa, con el 21 (la fila dice [OF], pero la acción es una propuesta); A3, sin responsables, con el 15 por
# una propuesta; el mandato M3 (MUNI) con el 16; y en los ODS, A1 con 10.7, M1 con el objetivo 16 y A3 con «Meta 11.3».
ALINEADAS_PMM = {
    "1": (["A1"], ["DEPM", "IGM"], ["MINEX"], ["M1", "M4"], 1, 0, "declarada"),
    "15": (["A3"], [], ["DEPM", "MUNI"], [], 1, 1, "solo_propuesta"),
    "16": ([], [], [], ["M3"], 1, 0, "sin_accion"),
    "21": (["A2"], ["MINEX"], ["IGM"], [], 1, 1, "solo_propuesta"),
    "23": (["A1"], ["DEPM", "IGM"], ["MINEX"], ["M1", "M4"], 1, 0, "declarada"),
}


def _json(runner, *argumentos: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    import json

    from grafo.cli import principal

    resultado = runner.invoke(principal, list(argumentos))
    assert resultado.exit_code == 0, resultado.output
    return json.loads(resultado.stdout)


def test_cobertura_pmm_da_los_23_objetivos_con_sus_acciones_e_instituciones(runner) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINI

    filas = _json(runner, "consultar", "cobertura-pmm", "--datos", str(MINI), "--formato", "json")
    assert [f["objetivo"] for f in filas] == [str(n) for n in range(1, 24)]
    for f in filas:
        esperado = ALINEADAS_PMM.get(str(f["objetivo"]), ([], [], [], [], 0, 0, "sin_accion"))
        assert (f["acciones"], f["instituciones"], f["vinculadas"], f["mandatos"], f["vinculos"], f["propuestos"],
                f["cobertura"]) == esperado, f["objetivo"]
    retorno = next(f for f in filas if f["objetivo"] == "21")
    assert retorno["corto"] == "Retorno y reintegración dignos" and str(retorno["nombre"]).startswith("Colaborar")


def test_cobertura_ods_da_las_metas_y_los_objetivos_con_un_vinculo(runner) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINI

    filas = _json(runner, "consultar", "cobertura-ods", "--datos", str(MINI), "--formato", "json")
    assert [(f["meta"], f["nivel"], f["objetivo"], f["acciones"], f["mandatos"], f["cobertura"]) for f in filas] == [
        ("10", "objetivo", "10", ["A1"], ["M1", "M4"], "declarada"),
        ("10.7", "meta", "10", ["A1"], ["M1", "M4"], "declarada"),
        ("11", "objetivo", "11", ["A3"], [], "solo_propuesta"),  # «Meta 11.3» en la celda: se lee 11.3
        ("11.3", "meta", "11", ["A3"], [], "solo_propuesta"),
        ("16", "objetivo", "16", [], ["M1"], "sin_accion"),
    ]
    una = _json(runner, "consultar", "cobertura-ods", "--datos", str(MINI), "-p", "meta=10.7", "--formato", "json")
    assert [f["meta"] for f in una] == ["10.7"]


def test_un_objetivo_que_no_existe_es_un_error_con_archivo_fila_y_columna(runner, datos_mini: Path) -> None:  # type: ignore[no-untyped-def]
    from grafo.cli import principal

    salida = datos_mini.parent / "salidas" / "grafo.ttl"
    salida.parent.mkdir()
    salida.write_text("antes", encoding="utf-8")
    with (datos_mini / "alineaciones.csv").open("a", encoding="utf-8") as archivo:
        archivo.write("A1,,pmm,24,x [OF],\nA1,,ods,10.99,x [OF],\nA1,M1,pmm,3,x [OF],\nA1,,pmm,1,otra [OF],\n")
    resultado = runner.invoke(principal, ["construir", "--datos", str(datos_mini), "--salida", str(salida)])
    assert resultado.exit_code == 1
    mensaje = " ".join(resultado.stderr.split())
    assert "alineaciones.csv, fila 10, columna «objetivo»: «24» no es un objetivo del Pacto Mundial" in mensaje
    assert "Los más cercanos: «23»." in mensaje
    assert "fila 11, columna «objetivo»: «10.99» no es un objetivo de los ODS" in mensaje
    assert "«10», «10.1», «10.c»" in mensaje
    assert "fila 12, columna «accion»: la fila nombra una acción y un mandato" in mensaje
    assert ("fila 13, columna «objetivo»: la alineación de A1 con pmm 1 está repetida (ya aparece en la fila 3)"
            in mensaje)
    assert salida.read_text(encoding="utf-8") == "antes"


def test_el_informe_dice_lo_que_la_cobertura(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos

    informe = productos.marcos(proyecto_mini, fecha="2026-12-07")
    resumen, sin_accion, solo_propuestas, acciones, mandatos = informe.secciones
    assert len(resumen.tabla) == 23 and resumen.total == 23
    assert [o.split(" — ")[0] for o in sin_accion.tabla["Objetivo"]] == [
        str(n) for n in range(1, 24) if str(n) not in ("1", "15", "21", "23")]
    assert sorted(o.split(" — ")[0] for o in solo_propuestas.tabla["Objetivo"]) == ["15", "21"]
    assert "A2 es una acción ilustrativa" in " ".join(solo_propuestas.tabla["Por qué es una propuesta"])
    # Cada acción alineada, una vez bajo cada objetivo: A1 dos veces (1 y 23).
    pares = zip(acciones.tabla["Objetivo"], acciones.tabla["Acción"], strict=True)
    assert sorted((o.split(" — ")[0], a.split()[0]) for o, a in pares) == [("1", "A1"), ("15", "A3"), ("21", "A2"),
                                                                            ("23", "A1")]
    # Los mandatos de cada objetivo son los de la consulta, con cómo se sabe cada uno.
    cobertura = proyecto_mini.tabla("cobertura-pmm")
    por_objetivo = {o: set(ms) for o, ms in zip(cobertura["objetivo"], cobertura["mandatos"], strict=True)}
    del_informe: dict[str, set[str]] = {}
    for o, m in zip(mandatos.tabla["Objetivo"], mandatos.tabla["Mandato"], strict=True):
        del_informe.setdefault(o.split(" — ")[0], set()).add(m.split()[0])
    assert del_informe == {o: ms for o, ms in por_objetivo.items() if ms}
    assert any(c.startswith("alineado: declarada [OF]") for c in mandatos.tabla["Cómo se sabe"])
    assert any(c.startswith("inferido: cubre un tema de A1") for c in mandatos.tabla["Cómo se sabe"])
    assert "De 5 alineaciones, 2 son propuestas" in informe.introduccion


def test_grafo_marcos_escribe_word_y_json(runner) -> None:  # type: ignore[no-untyped-def]
    import docx

    from grafo.cli import principal
    from tests.conftest import MINI

    resultado = runner.invoke(principal, ["marcos", "--datos", str(MINI), "--salida", "m.docx"])
    assert resultado.exit_code == 0, resultado.output
    texto = "\n".join(p.text for p in docx.Document("m.docx").paragraphs)
    assert "La Política Migratoria ante el Pacto Mundial para la Migración" in texto
    informe = _json(runner, "marcos", "--marco", "ods", "--datos", str(MINI), "--formato", "json")
    filas = informe["secciones"][0]["filas"]
    assert [f["Objetivo"].split(" — ")[0] for f in filas] == ["10", "10.7", "11", "11.3", "16"]


def test_la_matriz_del_pacto(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos

    libro = productos.armar_matrices(proyecto_mini, tipo="pmm")
    (matriz,) = libro.matrices
    filas = {f["Institución"]: f for f in matriz.tabla.to_dict("records")}
    assert (filas["IGM"]["1"], filas["MINEX"]["23"], filas["IGM"]["21"], filas["MINEX"]["21"]) == ("R", "V", "v", "r")
    assert (filas["MUNI"]["16"], filas["MUNI"]["15"], filas["DEPM"]["15"]) == ("M", "v", "v")
    assert filas["Acciones"]["1"] == 1 and filas["Acciones"]["2"] == 0
    # Sin columnas rojas: que ningún dato alinee un objetivo no es una brecha de coordinación.
    assert not matriz.columnas_brecha
    ((titulo, cobertura),) = matriz.encabezados
    por_objetivo = dict(zip(matriz.tabla.columns, cobertura, strict=True))
    assert titulo == "Cobertura" and (por_objetivo["1"], por_objetivo["21"], por_objetivo["2"]) == ("D", "P", "—")
    assert "Pacto Mundial" in {m.hoja for m in productos.armar_matrices(proyecto_mini).matrices}


def test_el_mapa_colorea_por_objetivo(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos
    from grafo.dominio.mapa import Filtro

    mapa = productos.modelo_del_mapa(proyecto_mini, Filtro(vista="completa", color="pmm"))
    nodos = dict(mapa.red.nodes(data=True))
    assert nodos["accion:A1"]["grupo"] == "1"  # alineada con 1 y 23: el de número menor
    assert nodos["accion:A2"]["grupo"] == "21" and nodos["accion:A4"]["grupo"] == ""
    assert nodos["mandato:M3"]["grupo"] == "16"  # su propia alineación, no la de la acción A3 que funda
    assert "objetivo 21 Retorno y reintegración dignos (propuesta)" in nodos["accion:A2"]["titulo"]
    grupos = mapa.red.graph["grupos"]
    assert grupos["21"]["nombre"] == "Objetivo 21 · Retorno y reintegración dignos (solo propuestas)"
    assert grupos["1"]["nombre"] == "Objetivo 1 · Datos"


def test_las_paginas_de_los_objetivos_dicen_lo_que_el_informe(cliente) -> None:  # type: ignore[no-untyped-def]
    retorno = cliente.get("/pmm/21", headers=host).get_data(as_text=True)
    assert 'href="/accion/A2"' in retorno and "solo por propuestas" in retorno
    assert "es una acción ilustrativa" in retorno
    assert "propuesta: la acción es ilustrativa (la fila de la alineación tiene grado [OF]): Miniatura" in retorno
    vacio = cliente.get("/pmm/2", headers=host).get_data(as_text=True)
    assert "Ninguna acción de los datos está alineada con este objetivo" in vacio
    accion = cliente.get("/accion/A1", headers=host).get_data(as_text=True)
    assert 'href="/pmm/1"' in accion and 'href="/pmm/23"' in accion and 'href="/ods/10.7"' in accion
    assert "declarada [SEC]" in accion
    meta = cliente.get("/ods/10", headers=host).get_data(as_text=True)
    assert "10.7 — Facilitar la migración" in meta


def test_el_informe_en_el_explorador(cliente) -> None:  # type: ignore[no-untyped-def]
    import io

    import docx

    pagina = cliente.get("/marcos", headers=host).get_data(as_text=True)
    assert "La Política Migratoria ante el Pacto Mundial para la Migración" in pagina
    assert 'href="/marcos.docx?marco=pmm"' in pagina and "Objetivos sin acción alineada" in pagina
    ods = cliente.get("/marcos?marco=ods", headers=host).get_data(as_text=True)
    assert "La Política Migratoria ante los ODS" in ods
    malo = cliente.get("/marcos?marco=oms", headers=host)
    assert malo.status_code == 400 and "no es un marco" in malo.get_data(as_text=True)
    word = cliente.get("/marcos.docx?marco=ods", headers=host)
    assert word.status_code == 200 and "marcos-ods.docx" in word.headers["Content-Disposition"]
    texto = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "La Política Migratoria ante los ODS" in texto
    inicio = cliente.get("/", headers=host).get_data(as_text=True)
    assert 'href="/marcos"' in inicio and "Objetivos sin acción alineada" in inicio


def test_una_alineacion_sin_grado_y_una_meta_escrita_como_numero_son_errores(runner, datos_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Sin fuente con marca ni fiabilidad, una alineación se leería como declarada; en Excel, el número 16.1 no es la
    meta 16.10 que se quiso escribir."""
    import openpyxl

    from grafo.cli import principal

    with (datos_mini / "alineaciones.csv").open("a", encoding="utf-8") as archivo:
        archivo.write("A4,,pmm,11,,\nA4,,pmm,12,un documento sin marca,\n")
    resultado = runner.invoke(principal, ["construir", "--datos", str(datos_mini), "--salida", "g.ttl"])
    mensaje = " ".join(resultado.stderr.split())
    assert resultado.exit_code == 1 and not Path("g.ttl").exists()
    for fila in (10, 11):
        assert f"alineaciones.csv, fila {fila}, columna «fiabilidad»: la alineación no dice cómo se sabe" in mensaje
    libro = Path("datos.xlsx")
    assert runner.invoke(principal, ["plantilla", "--datos", str(RAIZ / "tests" / "datos_mini"), "--salida",
                                     str(libro)]).exit_code == 0
    hoja = openpyxl.load_workbook(libro)
    hoja["alineaciones"]["D7"] = 16.1  # «10.7» de la fila 7, pegado como número de otra meta
    hoja.save(libro)
    resultado = runner.invoke(principal, ["construir", "--datos", str(libro), "--salida", "g.ttl"])
    mensaje = " ".join(resultado.stderr.split())
    assert resultado.exit_code == 1
    assert "hoja «alineaciones», fila 7, columna «objetivo»: la celda es el número 16.1" in mensaje


def test_una_accion_ilustrativa_es_propuesta_aunque_su_fila_diga_oficial(datos_mini: Path) -> None:
    import csv

    ruta = datos_mini / "acciones.csv"
    filas = list(csv.DictReader(ruta.open(encoding="utf-8")))
    with ruta.open("w", encoding="utf-8", newline="") as archivo:
        escritor = csv.DictWriter(archivo, [*filas[0], "fiabilidad"])
        escritor.writeheader()
        escritor.writerows({**f, "fiabilidad": "oficial"} for f in filas)
    p = grafo.abrir(datos_mini, cache=False)
    retorno = p.tabla("cobertura-pmm", {"objetivo": "21"}).to_dict("records")[0]
    assert (retorno["acciones"], retorno["propuestos"], retorno["cobertura"]) == (["A2"], 1, "solo_propuesta")
    assert {(f["elemento"], f["como"]) for f in p.tabla("alineaciones").to_dict("records")
            if f["objetivo"] == "21"} == {("A2", "propuesto")}


def test_los_ods_sin_accion_son_todos_los_objetivos_que_nada_alcanza(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos

    informe = productos.marcos(proyecto_mini, marco="ods")
    sin_accion = informe.secciones[1]
    objetivos = [o.split(" — ")[0] for o in sin_accion.tabla["Objetivo"]]
    # La miniatura alcanza los objetivos 10 y 11 con acciones; el 16, solo con el mandato M1.
    assert objetivos == [str(n) for n in range(1, 18) if n not in (10, 11)]
    assert sin_accion.cuenta() == "15 objetivos"
    assert informe.secciones[2].cuenta() == "2 objetivos y metas"  # el objetivo 11 y su meta 11.3


def test_los_objetivos_sin_titulo_cotejado_lo_dicen(proyecto_mini) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos

    sin_accion = productos.marcos(proyecto_mini).secciones[1].tabla
    nombres = dict(zip((o.split(" — ")[0] for o in sin_accion["Objetivo"]), sin_accion["Nombre"], strict=True))
    assert nombres["17"].endswith("[NV: título oficial en español sin cotejar]")
    assert "[NV" not in nombres["2"]
