"""El mapa: red y disposición (puras) y la página en Chromium sin red, con etiquetas hostiles."""

from __future__ import annotations

import grafo

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from grafo import consultas
from grafo.dominio import disposicion, mapa
from grafo.formatos import pagina as pagina_html
from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI, RAIZ

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Las órdenes sobre datos/ reusan el grafo construido una vez por sesión (conftest.datos_una_vez).
pytestmark = pytest.mark.usefixtures("datos_una_vez")

HOSTILES = {
    "MINEX": '</script><script>alert("nombre")</script>',
    "AMSCLAE": "<img src=x onerror=alert(1)> \"comillas\" 'simples' & más",
}


def _poner_nombres_hostiles(carpeta: Path) -> None:
    ruta = carpeta / "instituciones.csv"
    escribir_csv(ruta, [f if f[0] not in HOSTILES else [f[0], HOSTILES[f[0]], *f[2:]] for f in leer_csv(ruta)])


def _tablas(carpeta: Path) -> dict:
    fuente = grafo.abrir(carpeta, cache=False).preparar().fuente
    return {n: consultas.ejecutar(fuente, consultas.cargar(n)) for n in mapa.CONSULTAS_MAPA}


@pytest.fixture(scope="module")
def tablas_mini() -> dict:
    return _tablas(MINI)


@pytest.fixture(scope="module")
def tablas_reales() -> dict:
    return _tablas(RAIZ / "datos")


def test_vista_instituciones(tablas_mini) -> None:
    red = mapa.armar_red(tablas_mini, mapa.Filtro())
    assert sorted(red) == [f"institucion:{i}" for i in ("AMSCLAE", "DEPM", "IGM", "MINEX", "MUNI")]
    # IGM–DEPM: comparten A1 y ambas cubren COORD; MUNI–IGM: solo COORD; AMSCLAE sin vínculos.
    assert red.edges["institucion:DEPM", "institucion:IGM"]["peso"] == 2
    assert "tema COORD" in red.edges["institucion:IGM", "institucion:MUNI"]["detalle"]
    assert red.degree("institucion:AMSCLAE") == 0
    # MINEX no tiene mandatos en los datos: una tarea de datos, no una brecha de coordinación.
    assert red.nodes["institucion:MINEX"]["brecha"] == ""
    assert red.nodes["institucion:MINEX"]["tarea"] == "cargar los mandatos de MINEX"
    assert "Mandato M1: Código de Migración (DEC-44-2016), art. 122 c) [OF]" in red.nodes["institucion:IGM"]["titulo"]
    assert red.edges["institucion:DEPM", "institucion:IGM"]["como"] == "declarado"  # comparten A1
    assert red.edges["institucion:IGM", "institucion:MUNI"]["como"] == "inferido"  # solo el tema COORD
    assert [c["texto"] for c in red.graph["traslapes"]] == ["Tema COORD: DEPM, IGM, MUNI"]


def test_vista_acciones_marca_brechas(tablas_mini) -> None:
    red = mapa.armar_red(tablas_mini, mapa.Filtro(vista="acciones"))
    assert red.nodes["accion:A3"]["brecha"] == "Acción sin responsable"
    assert red.nodes["accion:A2"]["brecha"] == ""  # sin líder en los datos porque faltan los mandatos de MINEX
    assert red.nodes["accion:A2"]["tarea"] == "Sin líder mandatado en los datos: cargar los mandatos de MINEX"
    assert red.nodes["accion:A1"]["brecha"] == "" and red.nodes["accion:A1"]["tarea"] == ""
    arista = red.edges["institucion:MINEX", "accion:A2"]
    assert arista["tipo"] == "responsable" and not arista["sin_mandato"] and "tarea de datos" in arista["detalle"]
    assert arista["como"] == "propuesto"  # A2 es ilustrativa
    assert red.edges["institucion:DEPM", "accion:A1"]["como"] == "declarado"
    assert red.edges["institucion:MUNI", "accion:A3"]["tipo"] == "vinculada"


def test_responsable_y_vinculada_a_la_vez_se_dibuja_responsable(datos_mini: Path) -> None:
    """Una institución responsable y vinculada de la misma acción es su responsable en el mapa: la arista de
    vinculada no tapa la de responsable ni su marca de «sin mandato» (una brecha no se esconde)."""
    acciones = leer_csv(datos_mini / "acciones.csv")
    c = acciones[0]
    fila = next(f for f in acciones[1:] if f[0] == "A2")
    fila[c.index("vinculadas")] = ";".join(filter(None, [fila[c.index("vinculadas")], "MINEX"]))  # y responsable
    escribir_csv(datos_mini / "acciones.csv", acciones)
    # MINEX con sus mandatos completos y ninguno sobre RET: que no cubra A2 es una brecha de coordinación.
    instituciones = leer_csv(datos_mini / "instituciones.csv")
    instituciones[0].append("mandatos_cargados")
    for f in instituciones[1:]:
        f.append("completos" if f[0] == "MINEX" else "")
    escribir_csv(datos_mini / "instituciones.csv", instituciones)
    mandatos = leer_csv(datos_mini / "mandatos.csv")
    escribir_csv(datos_mini / "mandatos.csv", [*mandatos, ["M9", "MINEX", "DEC-44-2016", "", "Atender consulados.", "AMB",
                                                            "", "Miniatura [OF]"]])
    red = mapa.armar_red(_tablas(datos_mini), mapa.Filtro(vista="acciones"))
    arista = red.edges["institucion:MINEX", "accion:A2"]
    assert arista["tipo"] == "responsable" and arista["sin_mandato"] and "sin mandato" in arista["detalle"]


def test_vista_mandatos_y_recortes(tablas_mini) -> None:
    red = mapa.armar_red(tablas_mini, mapa.Filtro(vista="mandatos"))
    assert red.nodes["tema:COORD"]["traslape"] == "Varias instituciones con mandato: DEPM, IGM, MUNI"
    assert red.has_edge("tema:COORD", "tema:GOB") and red.has_edge("mandato:M1", "tema:GOB")
    assert red.nodes["mandato:M2"]["brecha"] == "Mandato que ninguna acción de los datos usa"
    solo_e2 = mapa.armar_red(tablas_mini, mapa.Filtro(vista="acciones", eje="E2"))
    assert sorted(n for n in solo_e2 if n.startswith("accion:")) == ["accion:A4"]
    foco = mapa.armar_red(tablas_mini, mapa.Filtro(vista="instituciones", foco="MUNI"))
    assert sorted(foco) == ["institucion:DEPM", "institucion:IGM", "institucion:MUNI"]


def test_disposicion_determinista_y_sin_encimar(tablas_reales) -> None:
    for vista in mapa.VISTAS:
        red = mapa.armar_red(tablas_reales, mapa.Filtro(vista=vista))
        posiciones = disposicion.disponer(red)
        assert posiciones == disposicion.disponer(red), vista
        assert disposicion.encimadas(red, posiciones) == [], vista


def test_mapa_por_la_cli_es_determinista_y_utf8(runner) -> None:
    for salida in ("a.html", "b.html"):
        resultado = runner.invoke(principal, ["mapa", "--datos", str(MINI), "--salida", salida])
        assert resultado.exit_code == 0, resultado.output
    primero = Path("a.html").read_bytes()
    assert primero == Path("b.html").read_bytes()
    texto = primero.decode("utf-8")
    assert '<meta charset="utf-8">' in texto and "Datos versión" in texto
    assert "http://" not in texto.split("<script>", 1)[0].replace("http://www.w3.org", "")


def test_mapa_rechaza_ids_desconocidos(runner) -> None:
    resultado = runner.invoke(principal, ["mapa", "--datos", str(MINI), "--foco", "igmm"])
    assert resultado.exit_code == 1 and "¿Quiso decir IGM" in resultado.stderr
    assert not Path("salidas/mapa.html").exists()
    # Un id que solo difiere en mayúsculas es ese id.
    assert runner.invoke(principal, ["mapa", "--datos", str(MINI), "--foco", "igm"]).exit_code == 0
    resultado = runner.invoke(principal, ["mapa", "--datos", str(MINI), "--periodo", "2031"])
    assert resultado.exit_code == 1 and "Periodos: 2024, 2025" in resultado.stderr


def test_etiquetas_hostiles_quedan_como_texto_en_el_html(datos_mini: Path, tmp_path: Path) -> None:
    _poner_nombres_hostiles(datos_mini)
    tablas = _tablas(datos_mini)
    red = mapa.armar_red(tablas, mapa.Filtro(vista="completa"))
    html = pagina_html.a_html(red, disposicion.disponer(red), filtro=mapa.Filtro(vista="completa"),
                       pie=mapa.Pie("v", "2026-01-01", ("<b>fuente</b>",)))
    assert html.count("</script>") == 3  # datos, vis-network y el código de la página: nada más
    assert "<img src=x" not in html and "&lt;b&gt;fuente&lt;/b&gt;" in html


# --- En el navegador -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pagina_factory(chromium):
    """Abre un archivo en una pestaña sin red (1400×900), anotando peticiones, diálogos y errores."""
    abiertas = []

    def abrir(ruta: Path):
        contexto = chromium.new_context(viewport={"width": 1400, "height": 900}, offline=True, accept_downloads=True)
        pagina = contexto.new_page()
        pagina.pedidos = []
        pagina.dialogos = []
        pagina.errores = []
        pagina.on("request", lambda r: pagina.pedidos.append(r.url))
        pagina.on("dialog", lambda d: (pagina.dialogos.append(d.message), d.dismiss()))
        pagina.on("pageerror", lambda e: pagina.errores.append(str(e)))
        # Cualquier petición que no sea el propio archivo se corta (y queda anotada).
        contexto.route(lambda url: not url.startswith("file://"), lambda ruta_red: ruta_red.abort())
        pagina.goto(ruta.as_uri())
        pagina.wait_for_selector("body[data-listo=si]", timeout=30000)
        abiertas.append(contexto)
        return pagina

    yield abrir
    for contexto in abiertas:
        contexto.close()


def _escribir_mapa(runner, datos: Path, salida: str, *extra: str) -> Path:
    resultado = runner.invoke(principal, ["mapa", "--datos", str(datos), "--salida", salida, *extra])
    assert resultado.exit_code == 0, resultado.output
    return Path(salida).resolve()


@pytest.mark.navegador
def test_mapa_en_chromium_sin_red(runner, pagina_factory, tmp_path: Path) -> None:
    pagina = pagina_factory(_escribir_mapa(runner, RAIZ / "datos", "mapa.html"))
    assert [u for u in pagina.pedidos if not u.startswith("file://")] == []
    assert pagina.errores == []
    # Búsqueda sin tildes ni mayúsculas.
    pagina.fill("#buscar", "igm")
    assert pagina.locator("#resultados li").first.inner_text().startswith("IGM — ")
    pagina.fill("#buscar", "migracion")
    textos = pagina.locator("#resultados li").all_inner_texts()
    assert any("Migración" in t for t in textos), textos
    # Clic en el nodo de IGM: el mapa queda en su vecindario; «Ver todo» vuelve.
    pagina.fill("#buscar", "")
    punto = pagina.evaluate("""() => {
        const red = window.grafoRed; const p = red.getPositions(["institucion:IGM"])["institucion:IGM"];
        const d = red.canvasToDOM(p); const r = document.querySelector('#red').getBoundingClientRect();
        return {x: r.left + d.x, y: r.top + d.y}; }""")
    pagina.mouse.click(punto["x"], punto["y"])
    assert pagina.get_attribute("body", "data-foco") == "IGM"
    ocultos = pagina.evaluate("() => window.grafoRed.body.data.nodes.get({filter: n => n.hidden}).length")
    assert ocultos > 0
    pagina.screenshot(path=str(tmp_path / "mapa-foco.png"))
    pagina.click("#ver-todo")
    assert pagina.get_attribute("body", "data-foco") == ""
    # Filtro por eje: quedan menos nodos visibles.
    pagina.select_option("#filtro-eje", "EJE-1")
    assert pagina.evaluate("() => window.grafoRed.body.data.nodes.get({filter: n => n.hidden}).length") > 0
    pagina.select_option("#filtro-eje", "")
    # Ninguna etiqueta se encima con otra, medido con las cajas que dibuja vis-network.
    encimadas = pagina.evaluate("""() => {
        const red = window.grafoRed; const ids = red.body.data.nodes.getIds(); const c = ids.map(i => [i, red.getBoundingBox(i)]);
        const malos = [];
        for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) {
          const a = c[i][1], b = c[j][1];
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) malos.push([c[i][0], c[j][0]]);
        }
        return malos; }""")
    assert encimadas == []
    # Guardar como PNG descarga una imagen.
    with pagina.expect_download() as descarga:
        pagina.click("#guardar-png")
    destino = tmp_path / "vista.png"
    descarga.value.save_as(destino)
    assert destino.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Al doble de la pantalla, con la columna de la leyenda y la franja del título; la página queda como estaba.
    import struct

    ancho, alto = struct.unpack(">II", destino.read_bytes()[16:24])
    lienzo = pagina.evaluate("() => [document.getElementById('red').clientWidth, document.getElementById('red').clientHeight]")
    assert ancho >= 2 * lienzo[0] + 500 and alto >= 2 * lienzo[1]
    assert pagina.evaluate("() => document.querySelector('#red canvas').width") == lienzo[0]
    captura = tmp_path / "mapa.png"
    pagina.screenshot(path=str(captura))
    assert captura.stat().st_size > 20_000


@pytest.mark.navegador
def test_etiquetas_hostiles_en_chromium(runner, pagina_factory, datos_mini: Path, tmp_path: Path) -> None:
    _poner_nombres_hostiles(datos_mini)
    pagina = pagina_factory(_escribir_mapa(runner, datos_mini, "hostil.html", "--vista", "completa"))
    pagina.fill("#buscar", "script")
    assert HOSTILES["MINEX"] in pagina.locator("#resultados li").first.inner_text()
    pagina.fill("#buscar", "comillas")
    assert HOSTILES["AMSCLAE"] in pagina.locator("#resultados li").first.inner_text()
    # El tooltip de MINEX muestra su nombre como texto.
    punto = pagina.evaluate("""() => {
        const red = window.grafoRed; const p = red.getPositions(["institucion:MINEX"])["institucion:MINEX"];
        const d = red.canvasToDOM(p); const r = document.querySelector('#red').getBoundingClientRect();
        return {x: r.left + d.x, y: r.top + d.y}; }""")
    pagina.mouse.move(punto["x"], punto["y"])
    pagina.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert HOSTILES["MINEX"] in pagina.inner_text("div.vis-tooltip")
    assert pagina.locator("img").count() == 0
    assert pagina.dialogos == [] and pagina.errores == []
    pagina.screenshot(path=str(tmp_path / "hostil.png"))


@pytest.mark.navegador
def test_cinco_mil_nodos_abren_y_responden(pagina_factory, tmp_path: Path) -> None:
    import networkx as nx

    base = nx.barabasi_albert_graph(5000, 2, seed=3)
    red = nx.Graph()
    for n in base:
        red.add_node(f"institucion:N{n}", clase="institucion", ident=f"N{n}", etiqueta=f"N{n}", nombre=f"Nodo {n}",
                     tipo="otro", titulo=f"Nodo {n}", ejes=[], periodos=[], temas=[], brecha="", traslape="")
    red.add_edges_from((f"institucion:N{a}", f"institucion:N{b}", {"tipo": "vinculo", "detalle": "", "peso": 1, "sin_mandato": False,
                                                                   "como": "declarado"})
                       for a, b in base.edges())
    mapa.medir(red)
    ruta = tmp_path / "grande.html"
    ruta.write_text(pagina_html.a_html(red, disposicion.disponer(red), filtro=mapa.Filtro(), pie=mapa.Pie("v", "2026-01-01")),
                    encoding="utf-8")
    pagina = pagina_factory(ruta)
    assert pagina.locator("#aviso-grande").is_visible()
    pagina.fill("#buscar", "n4999")
    pagina.locator("#resultados li").first.click()
    assert pagina.get_attribute("body", "data-foco") == "N4999"
    assert pagina.errores == []


@pytest.mark.navegador
@pytest.mark.parametrize("vista", ["mandatos", "acciones", "completa"])
def test_ninguna_etiqueta_encimada_en_las_otras_vistas(runner, pagina_factory, vista: str) -> None:
    pagina = pagina_factory(_escribir_mapa(runner, RAIZ / "datos", f"{vista}.html", "--vista", vista))
    cajas = pagina.evaluate("""() => { const red = window.grafoRed;
        return red.body.data.nodes.getIds().map(i => [i, red.getBoundingBox(i)]); }""")
    assert len(cajas) > 50 and all(c["right"] > c["left"] for _, c in cajas)
    encimadas = [(a, b) for i, (a, ca) in enumerate(cajas) for b, cb in cajas[i + 1:]
                 if ca["left"] < cb["right"] and cb["left"] < ca["right"] and ca["top"] < cb["bottom"] and cb["top"] < ca["bottom"]]
    assert encimadas == []


def test_foco_que_un_recorte_deja_fuera_es_un_error(runner) -> None:
    """Antes el foco se perdía en silencio y el mapa salía entero; ahora se dice, código 1, nada escrito."""
    Path("m.html").write_text("anterior", encoding="utf-8")
    resultado = runner.invoke(principal, ["mapa", "--datos", str(RAIZ / "datos"), "--foco", "RENAP", "--eje", "EJE-2",
                                          "--salida", "m.html"])
    assert resultado.exit_code == 1
    assert "--foco RENAP: con eje EJE-2, RENAP no queda en el mapa" in resultado.stderr
    assert Path("m.html").read_text(encoding="utf-8") == "anterior"
    # El mismo foco sin el recorte sí se dibuja, y con el recorte otra institución también.
    assert runner.invoke(principal, ["mapa", "--datos", str(RAIZ / "datos"), "--foco", "RENAP",
                                     "--salida", "m.html"]).exit_code == 0


def test_recortes_que_vacian_el_mapa_dicen_cual(runner) -> None:
    resultado = runner.invoke(principal, ["mapa", "--datos", str(RAIZ / "datos"), "--vista", "acciones",
                                          "--eje", "EJE-1", "--periodo", "2024", "--salida", "v.html"])
    assert resultado.exit_code == 1
    assert "ninguna acción cumple eje EJE-1 y periodo 2024" in resultado.stderr
    acciones = leer_csv(RAIZ / "datos" / "acciones.csv")
    eje, periodo = acciones[0].index("eje"), acciones[0].index("periodo")
    en_eje = sum(f[eje] == "EJE-1" for f in acciones[1:])
    en_periodo = sum(f[periodo] == "2024" for f in acciones[1:])
    assert f"solo con --eje EJE-1 quedan {en_eje} acciones; solo con --periodo 2024 quedan {en_periodo} acciones" \
        in resultado.stderr
    assert not Path("v.html").exists()


def test_foco_en_la_vista_de_mandatos_llega_a_los_temas(tablas_mini: dict) -> None:
    red = mapa.armar_red(tablas_mini, mapa.Filtro(vista="mandatos", foco="IGM"))
    clases = {d["clase"] for _, d in red.nodes(data=True)}
    assert clases == {"institucion", "mandato", "tema"}
    assert "tema:GOB" in red  # IGM → M1 → GOB: dos pasos
    una = mapa.armar_red(tablas_mini, mapa.Filtro(vista="mandatos", foco="IGM", profundidad=1))
    assert {d["clase"] for _, d in una.nodes(data=True)} == {"institucion", "mandato"}


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_mapa_como_imagen(runner, extension: str) -> None:
    """El mismo mapa como imagen para diapositivas: PNG ≥ 2.400 px, SVG legible con su título, PDF; deterministas."""
    import struct
    import xml.etree.ElementTree as ET

    orden = ["mapa", "--datos", str(RAIZ / "datos"), "--foco", "AMSCLAE", "--salida", f"m.{extension}"]
    resultado = runner.invoke(principal, orden)
    assert resultado.exit_code == 0, resultado.output
    assert f"Mapa escrito en m.{extension} (" in resultado.stderr
    datos = Path(f"m.{extension}").read_bytes()
    if extension == "png":
        assert datos.startswith(b"\x89PNG\r\n\x1a\n")
        ancho, alto = struct.unpack(">II", datos[16:24])
        assert ancho >= 2400 and alto >= 1200
    elif extension == "svg":
        raiz = ET.fromstring(datos)
        textos = " ".join(t.text or "" for t in raiz.iter("{http://www.w3.org/2000/svg}text"))
        assert "Mapa de vínculos · Instituciones y sus vínculos" in textos
        assert "foco AMSCLAE (profundidad 1)" in textos and "Datos versión " in textos
        assert "AMSCLAE" in textos.split() and "Leyenda" in textos
    else:
        assert datos.startswith(b"%PDF-") and b"/CreationDate" not in datos
    # Determinista: la misma orden da los mismos bytes (sin fecha de creación ni ids al azar).
    assert runner.invoke(principal, orden).exit_code == 0
    assert Path(f"m.{extension}").read_bytes() == datos


def test_extension_de_salida_que_el_mapa_no_escribe(runner) -> None:
    resultado = runner.invoke(principal, ["mapa", "--datos", str(MINI), "--salida", "m.gif"])
    assert resultado.exit_code == 2
    assert "(.html), como imagen (.png, .svg o .pdf) o como red para Gephi" in resultado.stderr
    assert not Path("m.gif").exists()


def _datos_de_pagina(ruta: Path) -> dict:
    import json
    import re

    html = ruta.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="datos-mapa">(.*?)</script>', html,
                                re.DOTALL).group(1))


def test_el_color_dice_el_tipo_de_institucion_y_la_leyenda_en_palabras(runner) -> None:
    """Por omisión, en la vista de instituciones: un color por tipo, la leyenda con los tipos dibujados en palabras."""
    assert runner.invoke(principal, ["mapa", "--datos", str(RAIZ / "datos"), "--salida", "t.html"]).exit_code == 0
    html = Path("t.html").read_text(encoding="utf-8")
    datos = _datos_de_pagina(Path("t.html"))
    por_tipo: dict[str, set[str]] = {}
    for n in datos["nodos"]:
        por_tipo.setdefault(n["tipo"], set()).add(n["color"]["background"])
    assert all(len(c) == 1 for c in por_tipo.values())  # un color por tipo
    assert len({next(iter(c)) for c in por_tipo.values()}) == len(por_tipo)  # y distinto entre tipos
    assert "Organismo internacional" in html and "Dependencia (unidad de otra institución)" in html
    # Cada casilla del filtro lleva el color de su tipo: la clave de colores queda a la vista.
    casilla = next(t for t in datos["tipos"] if t[0] == "organismo_internacional")
    assert casilla[1] == "Organismo internacional" and {casilla[2]} == por_tipo["organismo_internacional"]
    assert "Tipo: Organismo internacional" in next(n["title"] for n in datos["nodos"] if n["ident"] == "OIM")
    # La leyenda nombra solo lo que el mapa dibuja: aquí no hay temas ni, por tanto, traslapes.
    assert "Borde amarillo" not in html and "Tema más amplio" not in html
    # Los mandatos de las instituciones están parciales en datos/: lo que falta es una tarea de datos, no una brecha.
    assert "Borde gris punteado: tarea de datos" in html and "Borde rojo" not in html
    assert "Línea de puntos: inferido" in html and "Línea continua: declarado" in html


def test_el_color_por_eje_en_la_vista_de_acciones(runner) -> None:
    orden = ["mapa", "--datos", str(RAIZ / "datos"), "--vista", "acciones", "--color", "eje", "--salida", "e.html"]
    assert runner.invoke(principal, orden).exit_code == 0
    datos = _datos_de_pagina(Path("e.html"))
    acciones = [n for n in datos["nodos"] if n["clase"] == "accion"]
    color_de_eje: dict[str, set[str]] = {}
    for a in acciones:
        color_de_eje.setdefault(a["ejes"][0] if a["ejes"] else "", set()).add(a["color"]["background"])
    assert all(len(c) == 1 for c in color_de_eje.values()) and len(color_de_eje) == 5  # 4 ejes y «sin eje»
    assert color_de_eje[""] == {"#9e9e9e"}
    html = Path("e.html").read_text(encoding="utf-8")
    assert "EJE-3 · Derechos humanos" in html and "Sin eje (ninguna de sus acciones tiene eje)" in html
    # Con un eje, la leyenda nombra solo ese (y el gris de las instituciones sin acciones en él no aparece).
    assert runner.invoke(principal, [*orden[:-2], "--eje", "EJE-2", "--salida", "e2.html"]).exit_code == 0
    html2 = Path("e2.html").read_text(encoding="utf-8")
    assert "EJE-2 · Migración" in html2 and "EJE-3 · Derechos" not in html2


# Lo que el proyector muestra al abrir: alto de letra de cada etiqueta en pantalla (escala de vis-network ×
# tamaño de letra) y cajas de etiqueta (las que mide vis-network) que no se tocan entre sí.
_MEDIR_ETIQUETAS = """() => {
  const red = window.grafoRed; const escala = red.getScale();
  const lienzo = document.querySelector('#red').getBoundingClientRect();
  const cajas = [];
  let menor = Infinity;
  for (const id of red.body.data.nodes.getIds({filter: n => !n.hidden})) {
    const nodo = red.body.nodes[id]; const l = nodo.labelModule;
    if (!l || !l.size || !l.size.width) continue;
    const a = red.canvasToDOM({x: l.size.left, y: l.size.top});
    const b = red.canvasToDOM({x: l.size.left + l.size.width, y: l.size.top + l.size.height});
    if (b.x < 0 || a.x > lienzo.width || b.y < 0 || a.y > lienzo.height) continue;  // fuera de la pantalla
    menor = Math.min(menor, nodo.options.font.size * escala);
    cajas.push([id, a.x, a.y, b.x, b.y]);
  }
  const encimadas = [];
  for (let i = 0; i < cajas.length; i++) for (let j = i + 1; j < cajas.length; j++) {
    const p = cajas[i], q = cajas[j];
    if (p[1] < q[3] && q[1] < p[3] && p[2] < q[4] && q[2] < p[4]) encimadas.push([p[0], q[0]]);
  }
  return {menor, visibles: cajas.length, encimadas, aviso: !document.getElementById('aviso-zoom').hidden};
}"""


@pytest.fixture(scope="module")
def proyector(chromium) -> Iterator[dict[tuple[int, int], Page]]:
    """Una pestaña sin red por pantalla del proyector (1366×768 y 1920×1080), para todo el módulo: cada mapa se
    abre en ella con `goto`, un documento nuevo sin nada del anterior (la página no guarda estado en el
    navegador). Un contexto nuevo por mapa y pantalla costaba casi tanto como abrir el mapa."""
    contextos = {(ancho, alto): chromium.new_context(viewport={"width": ancho, "height": alto}, offline=True)
                 for ancho, alto in ((1366, 768), (1920, 1080))}
    yield {pantalla: contexto.new_page() for pantalla, contexto in contextos.items()}
    for contexto in contextos.values():
        contexto.close()


@pytest.mark.navegador
@pytest.mark.parametrize("extra", [[], ["--vista", "mandatos"], ["--vista", "acciones"], ["--vista", "completa"],
                                   ["--color", "comunidad"], ["--vista", "acciones", "--eje", "EJE-3"],
                                   ["--vista", "mandatos", "--foco", "IGM"], ["--vista", "completa", "--tema",
                                                                              "POLITICA-MIGRATORIA"],
                                   ["--periodo", "2025", "--color", "eje"], ["--foco", "SECCATID", "--profundidad", "2"]],
                         ids=lambda e: " ".join(e) or "instituciones")
def test_cada_vista_se_lee_al_abrir_en_un_proyector(runner, proyector: dict, extra: list[str]) -> None:
    """A 1366×768 y 1920×1080, toda etiqueta en pantalla mide ≥ 12 px y ninguna toca otra; si el mapa entero
    no cabe así, abre ampliado con un aviso (y la de instituciones de datos/ cabe entera)."""
    ruta = _escribir_mapa(runner, RAIZ / "datos", "v.html", *extra)
    for (ancho, alto), pagina in proyector.items():
        pagina.goto(ruta.as_uri())
        pagina.wait_for_selector("body[data-listo=si]", timeout=30000)
        medida = pagina.evaluate(_MEDIR_ETIQUETAS)
        assert medida["visibles"] >= 5, (ancho, medida)  # la medida no es vacía
        assert medida["menor"] >= 12, (ancho, medida)
        assert medida["encimadas"] == [], (ancho, medida)
        if not extra:
            assert not medida["aviso"], "la red de instituciones de datos/ debe verse entera"


@pytest.mark.parametrize(("texto", "esperado"), [
    ("Atención y protección de guatemaltecos en el exterior", "Atención y protección\nde guatemaltecos…"),
    ("Cooperación internacional y regional", "Cooperación\ninternacional…"),
    ("Gobernanza de la migración", "Gobernanza de la\nmigración"),
])
def test_una_etiqueta_recortada_termina_en_una_palabra_plena(texto: str, esperado: str) -> None:
    """Antes: «de guatemaltecos en e…» (una palabra partida) y «internacional y…» (una frase rota)."""
    from grafo.texto import partir

    assert partir(texto, ancho=22, lineas=2) == esperado


def test_ningun_tema_del_mapa_termina_en_palabra_partida_ni_debil(tablas_reales) -> None:
    red = mapa.armar_red(tablas_reales, mapa.Filtro(vista="mandatos"))
    recortadas = [d["etiqueta"] for _, d in red.nodes(data=True) if d["etiqueta"].endswith("…")]
    assert recortadas
    for etiqueta in recortadas:
        ultima = etiqueta.removesuffix("…").split()[-1]
        completo = " ".join(red.nodes[n]["titulo"] for n in red if red.nodes[n]["etiqueta"] == etiqueta)
        assert ultima in completo.split() or ultima.rstrip(",") in completo, etiqueta  # una palabra entera del texto
        assert ultima.casefold() not in {"y", "e", "de", "del", "la", "el", "los", "las", "en", "para", "sobre"}, etiqueta


@pytest.mark.parametrize("vista", ["acciones", "mandatos"])
def test_partir_nombra_a_quien_ninguna_parte_muestra(proyecto_datos, vista: str) -> None:
    """Una parte para la sala deja fuera a las instituciones sin nada de su vista: el mapa entero las nombra todas."""
    from grafo import productos
    from grafo.dominio.sala import partir
    from grafo.formatos import pagina as html

    sala = partir(productos.dibujar_mapa(proyecto_datos, mapa.Filtro(vista=vista)), f"mapa-{vista}.html")
    instituciones = {d["ident"] for _, d in sala.entero.red.nodes(data=True) if d["clase"] == "institucion"}
    en_partes = {d["ident"] for _, m in sala.partes for _, d in m.red.nodes(data=True) if d["clase"] == "institucion"}
    assert sala.partes and set(sala.entero.fuera_de_partes) == instituciones - en_partes
    pagina_html = html.mapa_html(sala.entero)
    assert all(i in pagina_html for i in sala.entero.fuera_de_partes) and "En ninguna parte" in pagina_html
