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


def test_sus_paginas_en_el_explorador(tmp_path: Path) -> None:
    import shutil

    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    cliente = web.crear(lambda: grafo.abrir(datos), datos=datos).test_client()
    host = {"Host": "127.0.0.1:8080"}
    objetivo = cliente.get("/pmm/21", headers=host).get_data(as_text=True)
    assert "Colaborar para facilitar el regreso" in objetivo and "A/RES/73/195" in objetivo
    meta = cliente.get("/ods/10", headers=host).get_data(as_text=True)
    assert "Metas de este objetivo" in meta and 'href="/ods/10.7"' in meta
    assert cliente.get("/pmm/24", headers=host).status_code == 404
