"""Análisis de red: medidas, articulación, comunidades y rutas en redes cuyas respuestas se saben a mano."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from openpyxl import load_workbook

from grafo.dominio import analisis
from grafo.cli import principal
from grafo.cli.salida import para_la_terminal
from tests.conftest import RAIZ

# Las órdenes sobre datos/ reusan el grafo construido una vez por sesión (conftest.datos_una_vez).
pytestmark = pytest.mark.usefixtures("datos_una_vez")

DATOS = RAIZ / "datos"


def _red(aristas: list[tuple[str, str]], sueltas: tuple[str, ...] = ()) -> nx.Graph:
    """Una red de coordinación con un motivo (una acción compartida) por arista."""
    pares = {tuple(sorted((a, b))): [analisis.Motivo(analisis.ACCION, f"X-{min(a, b)}-{max(a, b)}",
                                                     f"Mesa {min(a, b)}–{max(a, b)}", ("responsable",), ("vinculada",))]
             for a, b in aristas}
    nodos = {n for par in pares for n in par} | set(sueltas)
    return analisis.armar(nodos, pares)


def _medidas(medido: analisis.Analisis) -> dict[str, dict]:
    return {f["institucion"]: f for f in medido.medidas.to_dict(orient="records")}


# ---------------------------------------------------------------- estrella


def test_estrella() -> None:
    hojas = ["H1", "H2", "H3", "H4"]
    m = _medidas(analisis.analizar(_red([("C", h) for h in hojas])))
    assert m["C"]["grado"] == 4 and all(m[h]["grado"] == 1 for h in hojas)
    # Los 6 pares de hojas pasan por el centro: intermediación normalizada 6/6.
    assert m["C"]["intermediacion"] == 1.0 and all(m[h]["intermediacion"] == 0 for h in hojas)
    # PageRank del centro de una estrella de n hojas: (1 + d·n) / (N·(1 + d)), con d = 0,85 y N = n + 1.
    d, n = 0.85, 4
    assert m["C"]["pagerank"] == pytest.approx((1 + d * n) / ((n + 1) * (1 + d)), abs=1e-4)
    assert all(m[h]["pagerank"] == pytest.approx((1 - m["C"]["pagerank"]) / 4, abs=1e-4) for h in hojas)
    assert [i for i, f in m.items() if f["articulacion"]] == ["C"]
    assert {f["comunidad"] for f in m.values()} == {"C"}


# ---------------------------------------------------------------- dos cliques unidas por un puente


def _dos_cliques() -> nx.Graph:
    a = ["A1", "A2", "A3", "A4"]
    b = ["B1", "B2", "B3", "B4"]
    aristas = [(x, y) for grupo in (a, b) for i, x in enumerate(grupo) for y in grupo[i + 1:]]
    return _red([*aristas, ("A1", "B1")])


def test_dos_cliques_con_puente() -> None:
    medido = analisis.analizar(_dos_cliques())
    m = _medidas(medido)
    # A1 está en los caminos de A2..A4 hacia B1..B4: 12 de los 21 pares de las otras 7.
    assert m["A1"]["intermediacion"] == m["B1"]["intermediacion"] == round(12 / 21, 4)
    assert all(m[x]["intermediacion"] == 0 for x in m if x not in ("A1", "B1"))
    assert sorted(i for i, f in m.items() if f["articulacion"]) == ["A1", "B1"]
    assert m["A1"]["grado"] == 4 and m["A2"]["grado"] == 3
    # Dos bloques, cada uno nombrado por su miembro más central (el extremo del puente).
    assert {i: f["comunidad"] for i, f in m.items()} == {**{f"A{k}": "A1" for k in range(1, 5)},
                                                          **{f"B{k}": "B1" for k in range(1, 5)}}
    assert m["A1"]["pagerank"] > m["A2"]["pagerank"]
    assert list(medido.medidas["institucion"][:2]) == ["A1", "B1"]  # de más a menos central


def test_quitar_un_punto_de_articulacion_parte_la_red() -> None:
    coordinacion = _dos_cliques()
    for i, f in _medidas(analisis.analizar(coordinacion)).items():
        sin = coordinacion.copy()
        sin.remove_node(i)
        assert (nx.number_connected_components(sin) > 1) == f["articulacion"], i


# ---------------------------------------------------------------- camino


def test_camino() -> None:
    m = _medidas(analisis.analizar(_red([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])))
    # b está en a–c, a–d, a–e (3 de 6 pares de las otras cuatro); c en a–d, a–e, b–d, b–e (4 de 6).
    assert [m[x]["intermediacion"] for x in "abcde"] == [0, 0.5, round(4 / 6, 4), 0.5, 0]
    assert [m[x]["articulacion"] for x in "abcde"] == [False, True, True, True, False]
    assert [m[x]["grado"] for x in "abcde"] == [1, 2, 2, 2, 1]
    assert m["a"]["pagerank"] == pytest.approx(m["e"]["pagerank"]) and m["a"]["pagerank"] < m["b"]["pagerank"]


def test_camino_explicado_paso_a_paso() -> None:
    camino = _red([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    contexto = analisis.Contexto({x: x.upper() for x in "abcde"}, {}, {}, {}, {}, {})
    assert analisis.rutas(camino, "a", "e") == [["a", "b", "c", "d", "e"]]
    texto = analisis.texto_ruta(camino, "a", "e", analisis.rutas(camino, "a", "e"), contexto,
                                total=len(analisis.rutas(camino, "a", "e", maximo=None)))
    assert texto.startswith("a (A) y e (E) se unen en 4 pasos. Una sola ruta así de corta.")
    # Cada paso, en el sentido del recorrido: el de id menor de cada par es el responsable.
    for k, (u, v) in enumerate(("ab", "bc", "cd", "de"), start=1):
        assert (f"  {k}. {u} y {v} ({v.upper()}):\n     – comparten la acción X-{u}-{v} «Mesa {u}–{v}»: "
                f"{u} es responsable; {v}, vinculada.") in texto
    al_reves = analisis.texto_ruta(camino, "e", "a", analisis.rutas(camino, "e", "a"), contexto)
    assert "  1. e y d (D):\n     – comparten la acción X-d-e «Mesa d–e»: e es vinculada; d, responsable." in al_reves


def test_la_ruta_entre_cliques_cruza_el_puente() -> None:
    cliques = _dos_cliques()
    assert analisis.rutas(cliques, "A2", "B3", maximo=10) == [["A2", "A1", "B1", "B3"]]
    assert len(analisis.rutas(cliques, "A2", "B3", maximo=None)) == 1
    assert analisis.rutas(cliques, "A1", "A1") == [] and len(analisis.rutas(cliques, "A2", "A3", maximo=None)) == 1


def test_intermediacion_estimada_lo_dice_y_con_todos_los_origenes_es_la_exacta() -> None:
    camino = _red([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    exacta = analisis.analizar(camino)
    estimada = analisis.analizar(camino, trabajo=3, muestra=100)
    assert exacta.calculo.exacta and exacta.calculo.texto() == "exacta"
    assert not estimada.calculo.exacta and estimada.calculo.muestra == 5
    assert "estimada con 5 nodos de origen al azar (semilla 7)" == estimada.calculo.texto()
    assert list(estimada.medidas["intermediacion"]) == list(exacta.medidas["intermediacion"])
    parcial = analisis.analizar(_dos_cliques(), trabajo=3, muestra=3)
    assert parcial.calculo.muestra == 3 and parcial.medidas.equals(analisis.analizar(_dos_cliques(), trabajo=3, muestra=3).medidas)


def test_la_hoja_red_dice_si_la_intermediacion_es_estimada() -> None:
    from grafo.dominio import matrices

    exacta = matrices.red(analisis.analizar(_dos_cliques()))
    estimada = matrices.red(analisis.analizar(_dos_cliques(), trabajo=10, muestra=3))
    assert "estimada" not in exacta.titulo and dict(exacta.leyenda)["Intermediación"].endswith("(0 a 1; exacta).")
    assert estimada.titulo.endswith("(intermediación estimada con 3 nodos de origen al azar (semilla 7))")
    assert list(exacta.tabla.columns) == ["Institución", "Nombre", "Instituciones vecinas", "Vínculos",
                                          "Intermediación", "PageRank", "Comunidad", "Punto de articulación"]


def test_el_umbral_es_nodos_por_aristas() -> None:
    cliques = _dos_cliques()  # 8 nodos, 13 aristas: trabajo 104
    assert analisis.analizar(cliques, trabajo=104).calculo.exacta
    estimada = analisis.analizar(cliques, trabajo=103)
    assert not estimada.calculo.exacta and estimada.calculo.muestra == 8  # la muestra mínima no cabe: todos
    assert analisis.muestra_para(1000, trabajo=20_000_000) == 20_000
    assert analisis.muestra_para(10_000_000, trabajo=20_000_000) == analisis.MUESTRA_MINIMA


def test_sueltas_y_red_vacia() -> None:
    medido = analisis.analizar(_red([("a", "b")], sueltas=("z",)))
    m = _medidas(medido)
    assert m["z"]["grado"] == 0 and m["z"]["comunidad"] == "z" and not m["z"]["articulacion"]
    assert analisis.sueltas(medido) == ["z"]
    vacia = analisis.analizar(analisis.armar(["x", "y"], {}))
    assert list(vacia.medidas["pagerank"]) == [0.5, 0.5]


# ---------------------------------------------------------------- rutas explicadas


def _tablas_ruta() -> dict[str, pd.DataFrame]:
    """A y B comparten la acción X; B y C tienen mandato sobre T (y su subtema T1); D suelta."""
    vinculos = []
    for o, d, tipo, v, nombre, vo, vd in (
        ("A", "B", "acción", "X", "Registro de retornados.", ["responsable"], ["vinculada"]),
        ("B", "C", "tema", "T", "Trata de personas", ["M1"], ["M2"]),
        ("B", "C", "tema", "T1", "Explotación laboral", ["M1"], ["M2"]),
    ):
        vinculos += [{"origen": o, "destino": d, "tipo": tipo, "vinculo": v, "nombre": nombre,
                      "via_origen": vo, "via_destino": vd},
                     {"origen": d, "destino": o, "tipo": tipo, "vinculo": v, "nombre": nombre,
                      "via_origen": vd, "via_destino": vo}]
    return {
        "instituciones": pd.DataFrame({"institucion": ["A", "B", "C", "D"],
                                       "nombre": ["Agencia A", "Banco B", "Comisión C", "Dirección D"]}),
        "vinculos-entre": pd.DataFrame(vinculos),
        "acciones": pd.DataFrame([{"accion": "X", "eje": "E1"}]),
        "ejes": pd.DataFrame({"eje": ["E1"], "nombre": ["Protección"]}),
        "temas": pd.DataFrame({"tema": ["T", "T1"], "nombre": ["Trata de personas", "Explotación laboral"],
                               "tema_padre": [None, "T"]}),
        "fundamentos": pd.DataFrame([
            {"mandato": "M1", "titulo": "Ley uno", "instrumento": "DEC-1", "articulo": "5", "verificado": True},
            {"mandato": "M2", "titulo": "Ley dos", "instrumento": "DEC-2", "articulo": "7", "verificado": False}]),
    }


def test_ruta_explicada_paso_a_paso() -> None:
    tablas = _tablas_ruta()
    coordinacion, contexto = analisis.red_de(tablas), analisis.contexto_de(tablas)
    caminos = analisis.rutas(coordinacion, "A", "C")
    assert caminos == [["A", "B", "C"]]
    texto = analisis.texto_ruta(coordinacion, "A", "C", caminos, contexto)
    assert texto.startswith("A (Agencia A) y C (Comisión C) se unen en 2 pasos.")
    assert "Ruta 1: A → B → C" in texto
    # Cómo se sabe cada paso: la acción la declara su fila; el tema en común lo infiere grafo.
    assert ("  1. A y B (Banco B):\n     – comparten la acción X «Registro de retornados» (eje E1: Protección), "
            "declarada: A es responsable; B, vinculada.") in texto
    # El subtema T1 no se lee: basta el tema más amplio, y se cuenta como uno más.
    assert ("  2. B y C (Comisión C):\n     – ambas tienen mandato sobre el tema «Trata de personas» (T), inferido por "
            "grafo: "
            "B por M1 (Ley uno (DEC-1), art. 5); C por M2 (Ley dos (DEC-2), art. 7 [NV]).\n"
            "     – y 1 vínculo más") in texto
    # En sentido contrario, los papeles siguen a su institución.
    al_reves = analisis.texto_ruta(coordinacion, "C", "A", analisis.rutas(coordinacion, "C", "A"), contexto)
    assert "C por M2 (Ley dos (DEC-2), art. 7 [NV]); B por M1" in al_reves
    assert "B es vinculada; A, responsable" in al_reves


def test_sin_ruta_lo_dice() -> None:
    tablas = _tablas_ruta()
    coordinacion, contexto = analisis.red_de(tablas), analisis.contexto_de(tablas)
    assert analisis.rutas(coordinacion, "A", "D") == []
    assert analisis.texto_ruta(coordinacion, "A", "D", [], contexto).startswith("No hay ruta entre A (Agencia A) y D")


def test_rutas_igual_de_cortas_la_mas_fuerte_primero() -> None:
    # a–b–d con vínculos de peso 1; a–c–d con peso 2 en cada paso.
    pares = {("a", "b"): [analisis.Motivo(analisis.ACCION, "X1", "", (), ())],
             ("b", "d"): [analisis.Motivo(analisis.ACCION, "X2", "", (), ())],
             ("a", "c"): [analisis.Motivo(analisis.ACCION, "X3", "", (), ()), analisis.Motivo(analisis.ACCION, "X4", "", (), ())],
             ("c", "d"): [analisis.Motivo(analisis.ACCION, "X5", "", (), ()), analisis.Motivo(analisis.ACCION, "X6", "", (), ())]}
    coordinacion = analisis.armar("abcd", pares)
    assert analisis.rutas(coordinacion, "a", "d") == [["a", "c", "d"], ["a", "b", "d"]]
    assert analisis.rutas(coordinacion, "a", "d", maximo=1) == [["a", "c", "d"]]
    contexto = analisis.Contexto({}, {}, {}, {}, {}, {})
    total = len(analisis.rutas(coordinacion, "a", "d", maximo=None))
    texto = analisis.texto_ruta(coordinacion, "a", "d", [["a", "c", "d"]], contexto, total=total)
    # La biblioteca nombra la opción; la CLI la dice como su bandera.
    assert "Hay 2 rutas igual de cortas; esta es la más fuerte (--max para ver más)." in para_la_terminal(texto)


def test_comunidades_nombradas_con_sus_temas_y_ejes() -> None:
    tablas = _tablas_ruta()
    coordinacion, contexto = analisis.red_de(tablas), analisis.contexto_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=contexto.nombres)
    bloques = analisis.comunidades(coordinacion, medido, contexto)
    assert [b.nombre for b in bloques] == ["B"]  # B, el centro de A–B–C
    assert bloques[0].miembros[0] == "B" and set(bloques[0].miembros) == {"A", "B", "C"}
    assert bloques[0].temas == (("T", "Trata de personas", 1),)
    assert bloques[0].ejes == (("E1", "Protección", 1),)
    texto = analisis.texto_comunidades(bloques, analisis.sueltas(medido), contexto)
    assert "1. Bloque de B (Banco B): 3 instituciones" in texto and "Sin vínculos (1): D" in texto


# ---------------------------------------------------------------- órdenes sobre datos/


def test_ruta_seccatid_igm_se_lee_en_voz_alta(runner) -> None:
    resultado = runner.invoke(principal, ["ruta", "SECCATID", "IGM", "--datos", str(DATOS)])
    assert resultado.exit_code == 0, resultado.output
    texto = resultado.output
    assert texto.startswith("SECCATID (Secretaría Ejecutiva de la Comisión contra las Adicciones")
    rutas = re.findall(r"^Ruta \d+: (.+)$", texto, re.MULTILINE)
    assert rutas and all(r.startswith("SECCATID → ") and r.endswith(" → IGM") for r in rutas)
    # Cada paso dice qué une a las dos instituciones, en palabras y sin ids de nodos internos.
    pasos = re.findall(r"^  \d+\. (\S+) y (\S+) \(.+\):$", texto, re.MULTILINE)
    assert len(pasos) == sum(len(r.split(" → ")) - 1 for r in rutas)
    motivos = re.findall(r"^     – (.+)$", texto, re.MULTILINE)
    assert motivos and all(m.startswith(("comparten la acción", "ambas tienen mandato", "y ")) for m in motivos)
    assert "institucion:" not in texto and "https://" not in texto
    como_json = json.loads(runner.invoke(principal, ["ruta", "SECCATID", "IGM", "--datos", str(DATOS),
                                                     "--formato", "json"]).output)
    assert [r["instituciones"] for r in como_json["rutas"]] == [r.split(" → ") for r in rutas]


def test_ruta_con_ids_desconocidos(runner) -> None:
    resultado = runner.invoke(principal, ["ruta", "SECATID", "IGMM", "--datos", str(DATOS)])
    assert resultado.exit_code == 1
    assert "No hay institución con id «SECATID» (ORIGEN). ¿Quiso decir SECCATID" in resultado.output
    assert "«IGMM» (DESTINO)" in resultado.output


def test_analizar_en_datos(runner) -> None:
    resultado = runner.invoke(principal, ["analizar", "--datos", str(DATOS), "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    salida = json.loads(resultado.output)
    assert salida["intermediacion"] == {"exacta": True, "detalle": "exacta"}
    filas = salida["instituciones"]
    instituciones = pd.read_csv(DATOS / "instituciones.csv", dtype=str)
    assert sorted(f["institucion"] for f in filas) == sorted(instituciones["id"])
    assert [f["pagerank"] for f in filas] == sorted((f["pagerank"] for f in filas), reverse=True)
    assert sum(f["pagerank"] for f in filas) == pytest.approx(1, abs=1e-3)
    # Las mismas medidas en CSV, y la hoja Red del libro con una fila por institución.
    csv = runner.invoke(principal, ["analizar", "--datos", str(DATOS), "--formato", "csv"]).output.splitlines()
    assert csv[0] == ",".join(analisis.COLUMNAS) and len(csv) == len(filas) + 1
    runner.invoke(principal, ["matriz", "--datos", str(DATOS), "--salida", "m.xlsx"])
    hoja = load_workbook("m.xlsx")["Red"]
    cabecera = next(r for r in hoja.iter_rows(min_row=1, max_row=10, values_only=True) if r[0] == "Institución")
    assert cabecera == ("Institución", "Nombre", "Instituciones vecinas", "Vínculos", "Intermediación", "PageRank",
                        "Comunidad", "Punto de articulación")
    datos = [r for r in hoja.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [r[0] for r in datos] == [f["institucion"] for f in filas]
    assert {r[7] for r in datos} <= {"sí", "no"}


def test_comunidades_en_datos(runner) -> None:
    resultado = runner.invoke(principal, ["comunidades", "--datos", str(DATOS), "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    bloques = json.loads(resultado.output)
    miembros = [i for b in bloques for i in b["miembros"]]
    assert len(miembros) == len(set(miembros)) and all(b["miembros"][0] == b["comunidad"] for b in bloques)
    texto = runner.invoke(principal, ["comunidades", "--datos", str(DATOS)]).output
    assert re.search(r"^1\. Bloque de \S+ \(.+\): \d+ instituciones$", texto, re.MULTILINE)


def test_mapa_colorea_por_comunidad(runner, tmp_path: Path) -> None:
    resultado = runner.invoke(principal, ["mapa", "--datos", str(DATOS), "--color", "comunidad", "--salida", "c.html"])
    assert resultado.exit_code == 0, resultado.output
    html = Path("c.html").read_text(encoding="utf-8")
    datos = json.loads(re.search(r'<script type="application/json" id="datos-mapa">(.*?)</script>', html,
                                 re.DOTALL).group(1))
    fondo: dict[str, set[str]] = {}
    for n in datos["nodos"]:
        fondo.setdefault(n["comunidad"], set()).add(n["color"]["background"])
    assert all(len(c) == 1 for c in fondo.values())  # un color por bloque
    assert len({next(iter(c)) for b, c in fondo.items() if sum(1 for n in datos["nodos"] if n["comunidad"] == b) > 1}
               ) == sum(1 for b in fondo if sum(1 for n in datos["nodos"] if n["comunidad"] == b) > 1)
    assert "Comunidad de IGM" in html and "PageRank" in html
    # El globo dice el lugar en la red en palabras, como la ficha; nunca «PageRank 0.103» (issue 30).
    globos = " ".join(str(n.get("title", "")) for n in datos["nodos"])
    assert "más conectada" in globos and "más unidas entre sí por acciones y temas compartidos" in globos
    assert not re.search(r"PageRank \d|intermediación \d", globos)
    # El tamaño sigue al PageRank de grafo analizar.
    medido = json.loads(runner.invoke(principal, ["analizar", "--datos", str(DATOS), "--formato", "json"]).output)
    mayor = medido["instituciones"][0]["institucion"]
    assert max(datos["nodos"], key=lambda n: n["size"])["ident"] == mayor
    # Con foco, la leyenda solo nombra los bloques que quedan en el dibujo.
    foco = runner.invoke(principal, ["mapa", "--datos", str(DATOS), "--color", "comunidad", "--foco", "MINEDUC",
                                     "--salida", "f.html"])
    assert foco.exit_code == 0, foco.output
    html_foco = Path("f.html").read_text(encoding="utf-8")
    dibujadas = {n["comunidad"] for n in json.loads(re.search(
        r'<script type="application/json" id="datos-mapa">(.*?)</script>', html_foco, re.DOTALL).group(1))["nodos"]}
    nombradas = set(re.findall(r"Comunidad de ([A-Z0-9-]+)", html_foco))
    assert nombradas and nombradas == dibujadas and nombradas < set(fondo)
    otra = runner.invoke(principal, ["mapa", "--datos", str(DATOS), "--vista", "mandatos", "--color", "comunidad"])
    assert otra.exit_code == 2 and "--vista instituciones" in otra.output


def test_el_readme_cita_el_umbral_vigente() -> None:
    # El umbral cambió una vez y el README quedó atrás: que no vuelva a pasar.
    readme = (RAIZ / "docs" / "mapas.md").read_text(encoding="utf-8")  # la página de `grafo analizar`
    medidas = (RAIZ / "docs" / "rendimiento.md").read_text(encoding="utf-8")
    millones = analisis.TRABAJO_EXACTO // 1_000_000
    assert f"no pase de {millones} millones" in readme
    assert f"exacta hasta {millones} millones" in medidas
