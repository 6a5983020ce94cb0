"""Los mapas en la sala: cada mapa de `make demo` de hasta 60 nodos abre entero y legible en un proyector; uno denso
enlaza sus partes, y cada parte abre entera.

Se mide como lo ve la sala, con la API de vis-network en Chromium: la caja de cada nodo con su etiqueta (en
píxeles de la página) dentro del lienzo y fuera del encabezado, el panel, el pie y el aviso, y la letra en
pantalla (tamaño de letra × escala) de al menos 12 px. Dos pantallas: 1366 × 768 a pantalla completa, y la
ventana de un navegador en esa pantalla (1366 × 657: barra de tareas, pestañas y barra de direcciones).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import RAIZ

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.usefixtures("datos_una_vez"), pytest.mark.navegador]

PANTALLAS = ((1366, 768), (1366, 657))
COMODO = 60  # nodos: hasta aquí un mapa abre entero (dominio.sala.PARTIR_DESDE)
PorPantalla = dict[tuple[int, int], "Page"]  # una pestaña abierta por pantalla (ancho, alto)

_MEDIR = """() => {
  const red = window.grafoRed; const escala = red.getScale();
  const lienzo = document.querySelector('#red').getBoundingClientRect();
  const libre = {left: Math.max(lienzo.left, 0), top: Math.max(lienzo.top, 0),
                 right: Math.min(lienzo.right, innerWidth), bottom: Math.min(lienzo.bottom, innerHeight)};
  const tapas = ['header', 'aside', 'footer', '#aviso-zoom'].map(s => document.querySelector(s))
    .filter(e => e && !e.hidden).map(e => [e.tagName + (e.id ? '#' + e.id : ''), e.getBoundingClientRect()]);
  const fuera = [], tapados = [], chicas = [];
  const ids = red.body.data.nodes.getIds({filter: n => !n.hidden});
  for (const id of ids) {
    const c = red.getBoundingBox(id);
    const a = red.canvasToDOM({x: c.left, y: c.top}), b = red.canvasToDOM({x: c.right, y: c.bottom});
    const r = {left: lienzo.left + a.x, top: lienzo.top + a.y, right: lienzo.left + b.x, bottom: lienzo.top + b.y};
    if (r.left < libre.left || r.top < libre.top || r.right > libre.right || r.bottom > libre.bottom) fuera.push(id);
    for (const [nombre, t] of tapas)
      if (t.width && t.height && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom)
        tapados.push([id, nombre]);
    const letra = red.body.nodes[id].options.font.size * escala;
    if (letra < 12) chicas.push([id, Math.round(letra * 10) / 10]);
  }
  return {nodos: ids.length, fuera, tapados, chicas, aviso: !document.getElementById('aviso-zoom').hidden,
          partes: [...document.querySelectorAll('#partes a')].map(a => a.getAttribute('href')),
          entero: [...document.querySelectorAll('#entero a')].map(a => a.getAttribute('href'))};
}"""


@pytest.fixture(scope="module")
def mapas_de_la_demo(proyecto_datos, tmp_path_factory) -> Path:
    """Los mapas HTML que escribe `grafo todo` (los pasos «mapa» de `make demo`, tal cual), en una carpeta."""
    from grafo.cli import todo

    carpeta = tmp_path_factory.mktemp("sala")
    pedido = todo.Pedido(RAIZ / "datos", tuple(todo.ALIADOS.split(",")))
    for paso in todo.PASOS:
        if paso.orden == "mapa" and paso.salida.endswith(".html"):
            assert todo._correr(paso, proyecto_datos, pedido, carpeta), paso.salida
    return carpeta


@pytest.fixture(scope="module")
def pantallas(chromium) -> Iterator[PorPantalla]:
    """Una pestaña sin red por pantalla, para todo el módulo: cada mapa se abre en ella con `goto` (un documento
    nuevo, sin nada del anterior: la página no guarda estado en el navegador). Crear un contexto por mapa y
    pantalla costaba casi tanto como abrir el mapa."""
    contextos = {p: chromium.new_context(viewport={"width": p[0], "height": p[1]}, offline=True) for p in PANTALLAS}
    yield {p: contexto.new_page() for p, contexto in contextos.items()}
    for contexto in contextos.values():
        contexto.close()


def _abrir(pagina: Page, ruta: Path) -> None:
    pagina.goto(ruta.as_uri())
    pagina.wait_for_selector("body[data-listo=si]", timeout=30000)


def _medir(pagina: Page, ruta: Path) -> dict:
    _abrir(pagina, ruta)
    return pagina.evaluate(_MEDIR)


def test_cada_mapa_de_la_demo_abre_entero_y_legible(mapas_de_la_demo: Path, pantallas: PorPantalla) -> None:
    archivos = sorted(mapas_de_la_demo.glob("*.html"))
    nombres = {a.name for a in archivos}
    assert {"mapa.html", "mapa-comunidades.html", "mapa-reuniones.html", "mapa-mandatos.html",
            "mapa-acciones.html"} <= nombres
    medidos = 0
    for ruta in archivos:
        for ancho, alto in PANTALLAS:
            m = _medir(pantallas[(ancho, alto)], ruta)
            donde = (ruta.name, f"{ancho}×{alto}")
            if m["nodos"] > COMODO:
                # Denso: el entero queda para el escritorio y enlaza sus partes, cada una escrita a su lado.
                assert m["partes"], (donde, "un mapa denso sin partes para la sala")
                assert all(p in nombres for p in m["partes"]), (donde, m["partes"])
                continue
            medidos += 1
            assert not m["aviso"], (donde, "abre ampliado: no se ve entero")
            assert m["fuera"] == [], (donde, "cortados por un borde", m["fuera"])
            assert m["tapados"] == [], (donde, "tapados", m["tapados"])
            assert m["chicas"] == [], (donde, "letra de menos de 12 px", m["chicas"])
            assert all(e in nombres for e in m["entero"]), (donde, m["entero"])
    assert medidos >= 2 * 10  # los tres mapas chicos y las partes de los densos, en las dos pantallas


def test_las_partes_cubren_el_mapa_denso(mapas_de_la_demo: Path, pantallas: PorPantalla) -> None:
    """Cada acción (o mandato) del mapa entero está en alguna de sus partes: partir no pierde nada."""
    pagina = pantallas[(1366, 768)]
    for denso, clase in (("mapa-acciones.html", "accion"), ("mapa-mandatos.html", "mandato")):
        de_la_clase = f"() => grafoRed.body.data.nodes.get({{filter: n => n.clase === '{clase}'}}).map(n => n.id)"
        partes_escritas = _medir(pagina, mapas_de_la_demo / denso)["partes"]
        ids = [set(pagina.evaluate(de_la_clase))]  # el entero, ya abierto para leer sus partes
        for archivo in partes_escritas:
            _abrir(pagina, mapas_de_la_demo / archivo)
            ids.append(set(pagina.evaluate(de_la_clase)))
        entero, partes = ids[0], ids[1:]
        assert len(partes) >= 2 and entero and set().union(*partes) == entero, denso
