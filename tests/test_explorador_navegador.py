"""El explorador (`grafo servir`) de verdad: waitress en otro proceso, Chromium y clientes HTTP contra él.

Un servidor por paquete de datos (una copia de datos/ en una carpeta temporal; otra copia con textos
hostiles), un solo Chromium por módulo. Lo que se espera sale de la biblioteca, de la CLI o de los CSV
de la copia, nunca escrito a mano.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

import grafo
from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import AQUI, RAIZ

AXE = AQUI / "axe" / "axe.min.js"
TRES = ["AMSCLAE", "SECCATID", "CTPT"]
PROPIOS = ("data:", "blob:", "about:")
# Lo que Chromium dice en la consola si un script inyectado llegó a la página (y la política o el sandbox lo frenó).
RASTRO_DE_SCRIPT = re.compile(r"alert|Content Security Policy|Refused to|sandboxed|allow-modals", re.IGNORECASE)


class Servidor:
    """`grafo servir --puerto 0 --no-abrir` en un proceso aparte, como lo abre una persona; Ctrl-C lo para."""

    def __init__(self, datos: Path) -> None:
        self.salida, self.errores = datos.parent / "servir.out", datos.parent / "servir.err"
        entorno = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
        with self.salida.open("w") as salida, self.errores.open("w") as errores:
            self.proceso = subprocess.Popen(
                [sys.executable, "-m", "grafo", "servir", "--datos", str(datos), "--puerto", "0", "--no-abrir"],
                stdout=salida, stderr=errores, cwd=datos.parent, env=entorno,
                # Que Ctrl-C (SIGINT) lo pare aunque pytest corra de fondo, donde SIGINT llega ignorado.
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
        self.url = self._esperar()
        self.puerto = int(self.url.rsplit(":", 1)[1])

    def _esperar(self) -> str:
        limite = time.monotonic() + 180
        while time.monotonic() < limite:
            hallado = re.search(r"El explorador está en (http://127\.0\.0\.1:\d+)/", self.salida.read_text("utf-8"))
            if hallado:
                return hallado[1]
            if self.proceso.poll() is not None:
                break
            time.sleep(0.1)
        self.parar()
        raise AssertionError(f"grafo servir no dijo su dirección:\n{self.errores.read_text('utf-8')}")

    def parar(self) -> int:
        if self.proceso.poll() is None:
            self.proceso.send_signal(signal.SIGINT)
            try:
                self.proceso.wait(20)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait()
                raise AssertionError("grafo servir no se detuvo con Ctrl-C") from None
        return self.proceso.returncode


def pedir(puerto: int, ruta: str, *, metodo: str = "GET", host: str | None = None) -> tuple[int, str]:
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=120)
    try:
        conexion.putrequest(metodo, ruta, skip_host=True, skip_accept_encoding=True)
        conexion.putheader("Host", host or f"127.0.0.1:{puerto}")
        conexion.endheaders()
        respuesta = conexion.getresponse()
        return respuesta.status, respuesta.read().decode("utf-8", "replace")
    finally:
        conexion.close()


def _copiar_datos(tmp_path_factory: pytest.TempPathFactory, nombre: str) -> Path:
    copia = tmp_path_factory.mktemp(nombre) / "datos"
    shutil.copytree(RAIZ / "datos", copia)
    return copia


def _fila(datos: Path, tabla: str, ident: str) -> dict[str, str]:
    filas = leer_csv(datos / f"{tabla}.csv")
    return next(dict(zip(filas[0], f, strict=True)) for f in filas[1:] if f[0] == ident)


@pytest.fixture(scope="module")
def datos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copiar_datos(tmp_path_factory, "explorador")


def servir(datos: Path):  # type: ignore[no-untyped-def]
    corriendo = Servidor(datos)
    yield corriendo
    assert corriendo.parar() in (0, 1, -signal.SIGINT, 130), corriendo.errores.read_text("utf-8")


@pytest.fixture(scope="module")
def servidor(datos: Path):  # type: ignore[no-untyped-def]
    yield from servir(datos)


def vigilar(pagina):  # type: ignore[no-untyped-def]
    """Anota lo que la pestaña pide, los diálogos (y los cierra), la consola y los errores de sus scripts."""
    pagina.pedidos, pagina.dialogos, pagina.consola, pagina.errores = [], [], [], []
    pagina.on("request", lambda r: pagina.pedidos.append(r.url))
    pagina.on("dialog", lambda d: (pagina.dialogos.append(d.message), d.dismiss()))
    pagina.on("console", lambda m: pagina.consola.append(f"{m.type}: {m.text}"))
    pagina.on("pageerror", lambda e: pagina.errores.append(str(e)))
    return pagina


def _abrir(chromium, servidor: Servidor, **opciones):  # type: ignore[no-untyped-def]
    contexto = chromium.new_context(base_url=servidor.url, accept_downloads=True,
                                    viewport={"width": 1366, "height": 900}, **opciones)
    # Nada sale de este equipo: lo que no es del servidor se corta (y queda anotado en `pedidos`).
    contexto.route(lambda url: not url.startswith((servidor.url + "/", *PROPIOS)), lambda ruta: ruta.abort())
    return contexto


def clic(enlace) -> None:  # type: ignore[no-untyped-def]
    """Un clic donde se ve el enlace. Chromium sin pantalla no actualiza dónde queda el marco del mapa (otro
    proceso, por su sandbox) hasta dibujar otro cuadro: sin los dos cuadros, el clic bajo el mapa le llega al mapa."""
    enlace.scroll_into_view_if_needed()
    enlace.evaluate("() => new Promise(listo => requestAnimationFrame(() => requestAnimationFrame(listo)))")
    enlace.click()


@pytest.fixture
def pagina(chromium, servidor: Servidor):  # type: ignore[no-untyped-def]
    contexto = _abrir(chromium, servidor)
    yield vigilar(contexto.new_page())
    contexto.close()


# --- HTTP contra waitress (sin navegador) -------------------------------------------------------


def test_veinte_clientes_a_la_vez_sin_errores(servidor: Servidor) -> None:
    """Primero, con el servidor recién abierto: las fichas, el índice y las consultas se arman con 20 a la vez."""
    paginas = ["/", "/institucion/AMSCLAE", "/institucion/IGM", "/institucion/CTPT", "/institucion/SECCATID",
               "/buscar?q=atitlan", "/consultas/fundamentos?instituciones=AMSCLAE&instituciones=CTPT",
               "/mapa/ver?vista=instituciones", "/brechas", "/mandato/M-017", "/instituciones"]

    def cliente(n: int) -> list[tuple[str, object, str]]:
        hechas = []
        for ruta in paginas[n % len(paginas):] + paginas[:n % len(paginas)]:
            try:
                hechas.append((ruta, *pedir(servidor.puerto, ruta)))
            except Exception as error:  # noqa: BLE001 - un error de conexión es un resultado de la prueba
                hechas.append((ruta, repr(error), ""))
        return hechas

    with ThreadPoolExecutor(20) as hilos:
        todas = [h for hechas in hilos.map(cliente, range(20)) for h in hechas]
    assert len(todas) == 20 * len(paginas)
    assert [(r, e) for r, e, _ in todas if e != 200] == []
    distintas = {r: len({cuerpo for q, _e, cuerpo in todas if q == r}) for r in paginas}
    assert {r: n for r, n in distintas.items() if n != 1} == {}  # cada página, la misma para los 20


def test_solo_este_equipo_solo_lectura_y_404_en_espanol(servidor: Servidor) -> None:
    p = servidor.puerto
    estado, cuerpo = pedir(p, "/", host="ejemplo.invalid")
    assert 400 <= estado < 500 and "Dirección no permitida" in cuerpo
    assert pedir(p, "/", host="ejemplo.invalid:80")[0] == estado
    assert pedir(p, "/", host=f"127.0.0.1:{p}")[0] == 200
    assert pedir(p, "/", host=f"localhost:{p}")[0] == 200
    estado, cuerpo = pedir(p, "/", metodo="POST")
    assert estado == 405 and "Método no permitido" in cuerpo
    for ruta in ("/institucion/..%2F..%2Fetc%2Fpasswd", "/institucion/IGM%00", "/institucion/%00",
                 "/institucion/..%5C..%5Cwin.ini"):
        estado, cuerpo = pedir(p, ruta)
        assert estado == 404, ruta
        assert re.search(r"<h1>(Página no encontrada|No hay institución)", cuerpo), ruta
        assert '<html lang="es">' in cuerpo and "root:" not in cuerpo and "Not Found" not in cuerpo, ruta


# --- Una persona en Chromium ----------------------------------------------------------------------


@pytest.mark.navegador
def test_de_la_busqueda_al_instrumento_y_atras(pagina, datos: Path) -> None:
    from playwright.sync_api import expect

    amsclae = _fila(datos, "instituciones", "AMSCLAE")
    pagina.goto("/")
    expect(pagina).to_have_title("Inicio · grafo")
    pagina.get_by_role("searchbox", name="Buscar en el grafo").fill("atitlan")
    pagina.get_by_role("searchbox", name="Buscar en el grafo").press("Enter")
    pagina.wait_for_url("**/buscar?q=atitlan")
    expect(pagina).to_have_title("Búsqueda de «atitlan» · grafo")
    pagina.locator("main table").get_by_role("link", name="AMSCLAE", exact=True).click()
    pagina.wait_for_url("**/institucion/AMSCLAE")
    expect(pagina).to_have_title("AMSCLAE — Institución · grafo")
    expect(pagina.locator("h1")).to_have_text(f"{amsclae['nombre']} (AMSCLAE)")
    pagina.frame_locator("iframe").locator("body[data-listo=si]").wait_for(state="attached", timeout=60000)
    enlace = pagina.locator('main a[href^="/mandato/"]').first
    mandato = enlace.inner_text()
    fila = _fila(datos, "mandatos", mandato)
    assert fila["institucion"] == "AMSCLAE"
    clic(enlace)
    pagina.wait_for_url(f"**/mandato/{mandato}")
    expect(pagina).to_have_title(f"{mandato} — Mandato · grafo")
    clic(pagina.locator(f'main a[href="/instrumento/{fila["instrumento"]}"]').first)
    pagina.wait_for_url(f"**/instrumento/{fila['instrumento']}")
    expect(pagina).to_have_title(f"{fila['instrumento']} — Instrumento · grafo")
    expect(pagina.locator("h1")).to_contain_text(f"({fila['instrumento']})")
    expect(pagina.locator("main")).to_contain_text(_fila(datos, "instrumentos", fila["instrumento"])["titulo"])
    pagina.go_back()
    assert pagina.url.endswith(f"/mandato/{mandato}")
    expect(pagina).to_have_title(f"{mandato} — Mandato · grafo")
    assert pagina.dialogos == [] and pagina.errores == []


@pytest.mark.navegador
def test_fundamentos_en_el_formulario_y_en_csv_como_en_la_cli(pagina, datos: Path, runner, tmp_path: Path) -> None:
    pagina.goto("/consultas/fundamentos")
    for sigla in TRES:
        pagina.locator(f'input[type=checkbox][name=instituciones][value="{sigla}"]').check()
    pagina.get_by_role("button", name="Consultar").click()
    pagina.wait_for_url("**/consultas/fundamentos?*ver=1*")
    esperada = grafo.abrir(datos).consulta("fundamentos", instituciones=TRES)
    assert pagina.locator("main table tbody tr").count() == len(esperada) > 0
    with pagina.expect_download() as bajada:
        pagina.get_by_role("link", name="Bajar CSV (Excel)").click()
    assert bajada.value.suggested_filename == "fundamentos.csv"
    bajada.value.save_as(destino := tmp_path / "fundamentos.csv")
    bajado = list(csv.reader(io.StringIO(destino.read_text("utf-8-sig"))))
    resultado = runner.invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=" + ",".join(TRES),
                                          "--formato", "csv", "--datos", str(datos)])
    assert resultado.exit_code == 0, resultado.output
    assert bajado == list(csv.reader(io.StringIO(resultado.stdout.lstrip("\ufeff"))))
    assert len(bajado) == len(esperada) + 1


@pytest.mark.navegador
def test_la_ficha_en_word_se_baja_y_abre(pagina, datos: Path, tmp_path: Path) -> None:
    import docx

    pagina.goto("/institucion/IGM")
    with pagina.expect_download() as bajada:
        pagina.get_by_role("link", name="Bajar la ficha en Word").click()
    assert bajada.value.suggested_filename == "ficha-IGM.docx"
    bajada.value.save_as(destino := tmp_path / "ficha.docx")
    documento = docx.Document(str(destino))
    texto = "\n".join([p.text for p in documento.paragraphs]
                      + [c.text for t in documento.tables for f in t.rows for c in f.cells])
    assert _fila(datos, "instituciones", "IGM")["nombre"] in texto


@pytest.mark.navegador
def test_el_mapa_se_dibuja_sin_pedir_nada_fuera(pagina, servidor: Servidor) -> None:
    pagina.goto("/mapa")
    marco = pagina.frame_locator("iframe.mapa")
    marco.locator("body[data-listo=si]").wait_for(state="attached", timeout=60000)
    caja = marco.locator("#red canvas").bounding_box()
    assert caja is not None and caja["width"] > 100 and caja["height"] > 100
    assert marco.locator("#red canvas").evaluate("c => c.width * c.height") > 0
    assert pagina.locator("iframe.mapa").get_attribute("sandbox") == "allow-scripts"
    assert [u for u in pagina.pedidos if not u.startswith((servidor.url + "/", *PROPIOS))] == []
    assert any(u.startswith(servidor.url + "/mapa/ver") for u in pagina.pedidos)
    assert pagina.dialogos == [] and pagina.errores == []


# --- Datos hostiles -------------------------------------------------------------------------------

HOSTILES = {  # (tabla, id, columna) → texto
    ("instituciones", "AMSCLAE", "nombre"): "<script>alert(1)</script>",
    ("instituciones", "CTPT", "nombre"): "<img src=x onerror=alert(2)>",
    ("temas", "CUENCA-ATITLAN", "nombre"): '"><svg onload=alert(3)>',
    ("mandatos", "M-017", "descripcion"): "javascript:alert(4)",
    # Un texto con ids de verdad (que se vuelven enlaces) pegados a HTML.
    ("mandatos", "M-019", "descripcion"): 'IGM"><script>alert(5)</script> M-017 </a><a href="javascript:alert(6)">x',
}


def _poner_hostiles(datos: Path) -> dict[tuple[str, str], str]:
    """Los textos hostiles en su lugar, y uno en la reunión más reciente (sale en el inicio)."""
    filas = leer_csv(datos / "reuniones.csv")
    reciente = max(filas[1:], key=lambda f: (f[filas[0].index("fecha")], f[0]))[0]
    cambios = {**HOSTILES, ("reuniones", reciente, "titulo"): "</td></tr></table><script>alert(7)</script>"}
    for (tabla, ident, columna), texto in cambios.items():
        filas = leer_csv(datos / f"{tabla}.csv")
        i = filas[0].index(columna)
        escribir_csv(datos / f"{tabla}.csv", [f[:i] + [texto] + f[i + 1:] if f[0] == ident else f for f in filas])
    return {(tabla, ident): texto for (tabla, ident, _), texto in cambios.items()}


@pytest.fixture
def pagina_hostil(chromium, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Una pestaña sobre su propio servidor, el de una copia de datos/ con los textos hostiles."""
    datos = _copiar_datos(tmp_path_factory, "hostil")
    textos = _poner_hostiles(datos)
    for servidor in servir(datos):
        contexto = _abrir(chromium, servidor)
        yield vigilar(contexto.new_page()), textos
        contexto.close()


def _ver_sin_inyeccion(pagina, ruta: str, textos: list[str]) -> None:  # type: ignore[no-untyped-def]
    pagina.goto(ruta)
    cuerpo = pagina.locator("body").inner_text()
    assert [t for t in textos if t not in cuerpo] == [], ruta  # el texto tal cual, visible como texto
    assert pagina.locator("script, img, svg, iframe:not([sandbox])").count() == 0, ruta
    assert pagina.locator('a[href^="javascript:" i], [onerror], [onload]').count() == 0, ruta


@pytest.mark.navegador
def test_textos_hostiles_se_muestran_como_texto(pagina_hostil) -> None:
    pagina, textos = pagina_hostil
    reunion = next(i for (t, i) in textos if t == "reuniones")
    _ver_sin_inyeccion(pagina, "/", [textos["reuniones", reunion]])
    # La búsqueda mira nombres y descripciones (no los títulos de las reuniones).
    _ver_sin_inyeccion(pagina, "/buscar?q=alert", [t for (c, _), t in textos.items() if c != "reuniones"])
    singular = {"instituciones": "institucion", "temas": "tema", "mandatos": "mandato", "reuniones": "reunion"}
    for (clase, ident), texto in textos.items():
        _ver_sin_inyeccion(pagina, f"/{singular[clase]}/{ident}", [texto])
    _ver_sin_inyeccion(pagina, "/consultas/instituciones?ver=1", [textos["instituciones", "AMSCLAE"],
                                                                  textos["instituciones", "CTPT"]])
    _ver_sin_inyeccion(pagina, "/consultas/fundamentos?instituciones=CTPT", [textos["instituciones", "CTPT"]])
    pagina.goto("/mapa?vista=completa")
    pagina.frame_locator("iframe.mapa").locator("body[data-listo=si]").wait_for(state="attached", timeout=60000)
    rastro = [m for m in pagina.consola if RASTRO_DE_SCRIPT.search(m)]
    assert pagina.dialogos == [] and pagina.errores == [] and rastro == []
    assert [u for u in pagina.pedidos if re.search(r"/x$|javascript:", u)] == []


# --- Accesibilidad (axe-core) ---------------------------------------------------------------------

CONSULTA_SPARQL = "SELECT ?x ?nombre WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?nombre } LIMIT 5"
PAGINAS_AXE = [
    "/", "/buscar?q=atitlan", "/buscar?q=atitlan&clase=institucion", "/instituciones", "/institucion/AMSCLAE",
    "/mandato/{mandato}", "/instrumento/{instrumento}", "/articulo/{articulo}", "/tema/{tema}", "/accion/{accion}",
    "/eje/{eje}", "/reunion/{reunion}", "/acuerdo/{acuerdo}", "/municipio/{municipio}", "/consultas",
    "/consultas/fundamentos?instituciones=AMSCLAE", f"/sparql?q={quote(CONSULTA_SPARQL)}", "/sparql?q=SELECT%20nada",
    "/mapa", "/mapa/ver?vista=instituciones", "/reunion", "/seguimiento", "/brechas", "/traslapes", "{matrices}",
    "/institucion/NO-EXISTE",
]


@pytest.fixture(scope="module")
def ids(datos: Path, servidor: Servidor) -> dict[str, str]:
    """El primer id de cada clase en la copia de los datos; el artículo, el primero que enlaza su instrumento."""
    tablas = {"mandato": "mandatos", "instrumento": "instrumentos", "tema": "temas", "accion": "acciones",
              "eje": "ejes", "reunion": "reuniones", "acuerdo": "acuerdos", "municipio": "municipios"}
    primeros = {clase: leer_csv(datos / f"{tabla}.csv")[1][0] for clase, tabla in tablas.items()}
    instrumento = _fila(datos, "mandatos", primeros["mandato"])["instrumento"]
    _estado, cuerpo = pedir(servidor.puerto, f"/instrumento/{instrumento}")
    primeros["articulo"] = re.search(r'href="/articulo/([^"]+)"', cuerpo)[1]  # type: ignore[index]
    # El formulario del libro de matrices, donde lo lleva el menú (su dirección sola baja el libro).
    _estado, inicio = pedir(servidor.puerto, "/")
    primeros["matrices"] = re.search(r'<a href="([^"]+)"[^>]*>Matrices</a>', inicio)[1]  # type: ignore[index]
    return primeros


@pytest.fixture(scope="module")
def pagina_axe(chromium, servidor: Servidor):  # type: ignore[no-untyped-def]
    # Las páginas mandan una política de contenido sin scripts (y la repiten en un <meta>): bypass_csp deja
    # inyectar axe-core solo en esta pestaña de prueba; el explorador sigue igual para quien lo usa.
    contexto = _abrir(chromium, servidor, bypass_csp=True)
    pagina = contexto.new_page()
    pagina.axe = AXE.read_text("utf-8")
    yield pagina
    contexto.close()


@pytest.mark.navegador
@pytest.mark.parametrize("plantilla", PAGINAS_AXE, ids=lambda r: r if len(r) < 50 else r[:24] + "...")
def test_cada_clase_de_pagina_sin_fallas_graves_de_accesibilidad(pagina_axe, ids: dict[str, str],
                                                                 plantilla: str) -> None:
    ruta = plantilla.format(**{k: v if k == "matrices" else quote(v, safe="") for k, v in ids.items()})
    respuesta = pagina_axe.goto(ruta)
    esperado = 404 if "NO-EXISTE" in ruta else 400 if "nada" in ruta else 200
    assert respuesta is not None and respuesta.status == esperado
    pagina_axe.add_script_tag(content=pagina_axe.axe)
    # axe no entra en el marco del mapa (sandbox sin allow-same-origin): el mapa se revisa en /mapa/ver.
    fallas = pagina_axe.evaluate("""async () => (await axe.run(document, {iframes: false, resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impacto: v.impact, ayuda: v.help, nodos: v.nodes.length,
                              donde: v.nodes[0].target.join(' ')}))""")
    graves = [f for f in fallas if f["impacto"] in ("serious", "critical")]
    assert graves == [], f"{ruta}:\n" + "\n".join(
        f"  {f['id']} ({f['impacto']}, {f['nodos']} nodos): {f['ayuda']} — primero en {f['donde']}" for f in graves)
