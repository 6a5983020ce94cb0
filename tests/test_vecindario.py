"""La ficha de un grafo grande sale de lo que toca a su institución (issue 33): lo mismo que la del grafo entero.

`productos.vecindario` trae, con consultas que parten de las instituciones pedidas, tablas que para ellas
tienen las mismas filas que las del grafo entero; la ficha que sale de ellas dice lo mismo (mandatos, acciones,
socios con sus motivos, brechas, tareas, traslapes, fuentes, cuántas vecinas) y, en vez de su posición en la
red, que no se midió y por qué. Se compara en los datos reales, en el paquete mini y en uno sintético.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import grafo
from grafo import productos
from grafo.dominio import analisis, vecindario
from grafo.dominio.ficha import Ficha
from grafo.productos import documentos
from grafo.productos.vecindario import leer

# Lo que una ficha dice de la red entera (posición) y no sale de las aristas de su institución.
DE_LA_RED_ENTERA = {"Qué tan conectada está", "Cuánto une a otras", "Con quiénes forma grupo", "Punto de articulación"}


@pytest.fixture(scope="module")
def sintetico(tmp_path_factory: pytest.TempPathFactory) -> grafo.Proyecto:
    from grafo.paquete import sintetico

    carpeta = tmp_path_factory.mktemp("vecindario") / "s"
    sintetico.generar(carpeta, instituciones=60)
    return grafo.abrir(carpeta, cache=False).preparar()


def _proyecto(nombre: str, proyecto_datos: grafo.Proyecto, proyecto_mini: grafo.Proyecto,
              sintetico: grafo.Proyecto) -> grafo.Proyecto:
    return {"reales": proyecto_datos, "mini": proyecto_mini, "sintetico": sintetico}[nombre]


def _sin_posicion(f: Ficha) -> list[tuple[str, str]]:
    return [(que, valor) for que, valor in f.datos if que not in DE_LA_RED_ENTERA and que != "Posición en la red"]


def _tablas(f: Ficha) -> list[list[dict[str, object]]]:
    return [t.to_dict(orient="records") for t in (f.mandatos, f.acciones, f.socios, f.brechas, f.tareas, f.traslapes,
                                                   f.fuentes)]


@pytest.mark.parametrize("datos", ["reales", "mini", "sintetico"])
def test_la_ficha_del_vecindario_dice_lo_mismo_que_la_del_grafo_entero(datos: str, proyecto_datos, proyecto_mini,
                                                                        sintetico) -> None:
    p = _proyecto(datos, proyecto_datos, proyecto_mini, sintetico)
    enteras = {f.sigla: f for f in productos.armar_fichas(p, fecha="2026-12-08")}
    cerca = documentos._fichas_sin_medir_la_red(p, sorted(enteras), len(enteras), "2026-12-08")
    assert len(cerca) == len(enteras) > 3
    con_socios = con_brechas = con_traslapes = 0
    for f in cerca:
        entera = enteras[f.sigla]
        assert _sin_posicion(f) == _sin_posicion(entera), f.sigla
        assert _tablas(f) == _tablas(entera), f.sigla
        assert dict(f.datos)["Posición en la red"] == vecindario.sin_medidas(len(enteras))
        con_socios, con_brechas = con_socios + (len(f.socios) > 0), con_brechas + (len(f.brechas) > 0)
        con_traslapes += len(f.traslapes) > 0
    assert con_socios and con_brechas and con_traslapes  # la comparación no fue de tablas vacías


def test_cada_institucion_sola_trae_su_misma_ficha(proyecto_datos) -> None:
    """Pedida sola (como `grafo ficha` a gran escala), con otras tablas: la misma ficha que pedida con todas."""
    ids = sorted(proyecto_datos.tabla("instituciones")["institucion"])
    juntas = {f.sigla: f for f in documentos._fichas_sin_medir_la_red(proyecto_datos, ids, len(ids), "2026-12-08")}
    for sigla in ids[::5]:
        (sola,) = documentos._fichas_sin_medir_la_red(proyecto_datos, [sigla], len(ids), "2026-12-08")
        assert sola.datos == juntas[sigla].datos and _tablas(sola) == _tablas(juntas[sigla]), sigla


@pytest.mark.parametrize("datos", ["reales", "mini"])  # el sintético de 60 no tiene mandatos sin acción
def test_las_tablas_del_vecindario_son_las_del_grafo_entero_para_sus_instituciones(datos: str, proyecto_datos,
                                                                                   proyecto_mini) -> None:
    p = proyecto_datos if datos == "reales" else proyecto_mini
    entero = p.tablas(("acciones-sin-mandato", "mandatos-sin-accion", "temas-con-varios-mandatos",
                               "vinculos-entre"))
    # Una institución con filas en cada tabla (la última de cada una: no siempre la misma).
    ids = sorted({entero["acciones-sin-mandato"]["institucion"].iloc[-1],
                  entero["mandatos-sin-accion"]["institucion"].iloc[-1],
                  entero["temas-con-varios-mandatos"]["instituciones"].iloc[-1][0]})
    cerca = leer(p, ids)

    def de_estas(t: pd.DataFrame, columna: str) -> list[dict[str, object]]:
        en = t[columna].map(lambda v: bool(set(v if isinstance(v, list) else [v]) & set(ids)))
        return t[en].reset_index(drop=True).to_dict(orient="records")

    for nombre, columna in (("acciones-sin-mandato", "institucion"), ("mandatos-sin-accion", "institucion"),
                            ("temas-con-varios-mandatos", "instituciones"), ("vinculos-entre", "origen")):
        esperadas = de_estas(entero[nombre], columna)
        assert esperadas, nombre
        assert de_estas(cerca[nombre], columna) == esperadas, nombre
    # Las de cada acción que lideran, de todos sus responsables (el mapa de un vecindario dice cuáles no tienen líder).
    papeles = p.tabla("acciones-de-institucion", {"institucion": ids})
    traidas = set(papeles.loc[papeles["papel"] == "responsable", "accion"])
    assert traidas
    sin_mandato = entero["acciones-sin-mandato"]
    assert cerca["acciones-sin-mandato"].to_dict(orient="records") == \
        sin_mandato[sin_mandato["accion"].isin(traidas)].reset_index(drop=True).to_dict(orient="records")


def test_la_estrella_tiene_las_aristas_de_la_red_entera(sintetico) -> None:
    tablas = sintetico.tablas(("instituciones", "vinculos-entre"))
    red = analisis.red_de(tablas)
    ids = sorted(red)[:4]
    estrella = vecindario.estrella(tablas["vinculos-entre"], ids)
    for i in ids:
        assert red.degree(i) > 0
        assert {(v, d["peso"], tuple(d["motivos"])) for v, d in estrella[i].items()} == \
            {(v, d["peso"], tuple(d["motivos"])) for v, d in red[i].items()}, i


def test_una_red_grande_se_dice_no_medida_en_la_ficha(proyecto_datos, monkeypatch: pytest.MonkeyPatch,
                                                      runner) -> None:
    """Más instituciones que `MEDIR_RED_HASTA`: la ficha no mide la red entera y lo dice, en el Word también."""
    from docx import Document

    from grafo.cli import principal
    from tests.conftest import RAIZ

    monkeypatch.setattr(vecindario, "MEDIR_RED_HASTA", 3)
    (ficha,) = productos.armar_fichas(proyecto_datos, ["amsclae"], fecha="2026-12-08")
    datos = dict(ficha.datos)
    en_la_red = len(proyecto_datos.tabla("instituciones"))
    assert datos["Posición en la red"] == vecindario.sin_medidas(en_la_red)
    assert f"la red tiene {en_la_red} instituciones" in datos["Posición en la red"]
    assert not DE_LA_RED_ENTERA & set(datos) and int(datos["Instituciones vecinas en la red"]) > 0
    resultado = runner.invoke(principal, ["ficha", "AMSCLAE", "--datos", str(RAIZ / "datos"), "--salida", "f.docx"])
    assert resultado.exit_code == 0, resultado.output
    documento = Document("f.docx")
    texto = "\n".join([x.text for x in documento.paragraphs]
                      + [c.text for t in documento.tables for fila in t.rows for c in fila.cells])
    assert "Posición en la red" in texto and "no calculada en esta ficha" in texto and "grafo analizar" in texto


def test_lo_que_dice_el_mapa_de_su_muestra() -> None:
    """Cuántas dibuja de cuántas, con cuántos vínculos se cortó y si el corte dejó fuera otras con los mismos."""
    vecinas = [(f"V{i:02d}", {"peso": p}) for i, p in enumerate([9, 5, *[2] * 40])]
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(vecindario, "VECINAS_EN_EL_MAPA", 3)
    try:
        assert vecindario.muestra("X", vecinas, 500).startswith(
            "X y 3 de sus 42 vecinas: las de más vínculos con X (de 9 a 2; de las que tienen 2, las de id menor; "
            "la red tiene 500 instituciones;")
        assert "id menor" not in vecindario.muestra("X", vecinas[:2] + [("V99", {"peso": 1})], 500)
        assert vecindario.muestra("X", vecinas[:2], 500).startswith("X y sus 2 vecinas (la red tiene 500")
        assert vecindario.muestra("X", [], 500).startswith("X, sin vecinas en la red (")
    finally:
        monkeypatch.undo()


def test_el_explorador_de_una_red_grande_arma_cada_ficha_cuando_se_pide(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """Más instituciones que `MEDIR_RED_HASTA`: la página y el Word de una institución traen su ficha sin medir la red;
    un id que no está da 404; una consulta que pasa su tiempo límite es un error, no «no hay esa institución»."""
    import shutil

    from grafo import web
    from grafo.motores import plazo
    from grafo.productos import vecindario as tablas_cerca
    from tests.conftest import RAIZ

    monkeypatch.setattr(vecindario, "MEDIR_RED_HASTA", 3)
    shutil.copytree(RAIZ / "datos", tmp_path / "datos")
    cliente = web.crear(lambda: grafo.abrir(tmp_path / "datos"), datos=tmp_path / "datos").test_client()
    host = {"Host": "127.0.0.1:8080"}
    pagina = cliente.get("/institucion/AMSCLAE", headers=host)
    assert pagina.status_code == 200 and "no calculada en esta ficha" in pagina.get_data(as_text=True)
    assert cliente.get("/institucion/AMSCLAE.docx", headers=host).status_code == 200
    assert cliente.get("/institucion/NO-EXISTE.docx", headers=host).status_code == 404
    original = tablas_cerca._con

    def agotada(p, nombre, parametro, ids):  # type: ignore[no-untyped-def]
        if nombre == "acciones":
            raise plazo._agotada(60)
        return original(p, nombre, parametro, ids)

    monkeypatch.setattr(tablas_cerca, "_con", agotada)
    respuesta = cliente.get("/institucion/IGM.docx", headers=host)
    texto = respuesta.get_data(as_text=True)
    assert respuesta.status_code == 400 and "No se pudo responder" in texto and "No hay institución" not in texto


def test_el_mapa_con_foco_de_una_red_grande_dibuja_el_foco_y_sus_vecinas_mas_unidas(proyecto_datos,
                                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                                     ) -> None:
    """Más instituciones que `MEDIR_RED_HASTA`: el mapa con foco dibuja el foco y sus vecinas de más vínculos, con las
    mismas aristas entre ellas que el mapa de la red entera, y dice qué muestra; el tamaño es el grado, sin PageRank."""
    from grafo.dominio.mapa import Filtro, subtitulo

    entero = productos.modelo_del_mapa(proyecto_datos, Filtro(vista="instituciones", foco="AMSCLAE"))
    monkeypatch.setattr(vecindario, "MEDIR_RED_HASTA", 3)
    monkeypatch.setattr(vecindario, "VECINAS_EN_EL_MAPA", 3)
    parte = productos.modelo_del_mapa(proyecto_datos, Filtro(vista="instituciones", foco="AMSCLAE"))
    centro = "institucion:AMSCLAE" if "institucion:AMSCLAE" in entero.red else next(
        n for n, d in entero.red.nodes(data=True) if d["ident"] == "AMSCLAE")
    fuertes = sorted(entero.red[centro].items(), key=lambda v: (-v[1]["peso"], entero.red.nodes[v[0]]["ident"]))[:3]
    assert set(parte.red) == {centro, *(n for n, _ in fuertes)} and len(entero.red) > len(parte.red)
    for a, b, d in parte.red.edges(data=True):
        claves = ("detalle", "peso", "como")
        assert {k: d[k] for k in claves} == {k: entero.red[a][b][k] for k in claves}
    assert parte.red.number_of_edges() == entero.red.subgraph(parte.red).number_of_edges()
    for n, d in parte.red.nodes(data=True):  # lo que la página filtra y dice de cada institución
        claves = ("temas", "ejes", "periodos", "tipo", "brecha", "tarea")
        assert tuple(d[k] for k in claves) == tuple(entero.red.nodes[n][k] for k in claves), n
        assert d["titulo"] in entero.red.nodes[n]["titulo"]  # sin la línea de su lugar en la red entera
    dicho = subtitulo(parte.red, parte.filtro)
    cortes = [d["peso"] for _, d in fuertes]
    assert (f"AMSCLAE y 3 de sus {entero.red.degree(centro)} vecinas: las de más vínculos con AMSCLAE "
            f"(de {cortes[0]} a {cortes[-1]}") in dicho and "no el PageRank" in dicho
    assert parte.red.graph.get("tamano_por") != "pagerank"
    assert not any("pagerank" in d for _, d in parte.red.nodes(data=True))
