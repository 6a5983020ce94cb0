"""La presentación: un guion TOML → un HTML sin conexión que avanza con flechas y botones, legible en cada paso."""

from __future__ import annotations

from pathlib import Path

import pytest

from grafo.cli import principal
from tests.conftest import MINI, RAIZ
from tests.test_mapa import _MEDIR_ETIQUETAS

pytestmark = pytest.mark.usefixtures("datos_una_vez")
GUION = RAIZ / "datos" / "guiones" / "reunion-2024-09-18.toml"
HOSTIL = '</script><script>alert("paso")</script> <img src=x onerror=alert(1)>'


def _abrir(chromium, ruta: Path):
    contexto = chromium.new_context(viewport={"width": 1366, "height": 768}, offline=True)
    pagina = contexto.new_page()
    pagina.pedidos, pagina.errores, pagina.dialogos = [], [], []
    pagina.on("request", lambda r: pagina.pedidos.append(r.url))
    pagina.on("pageerror", lambda e: pagina.errores.append(str(e)))
    pagina.on("dialog", lambda d: (pagina.dialogos.append(d.message), d.dismiss()))
    contexto.route(lambda url: not url.startswith("file://"), lambda r: r.abort())
    pagina.goto(ruta.resolve().as_uri())
    pagina.wait_for_selector("body[data-listo=si]", timeout=30000)
    return pagina


@pytest.mark.navegador
def test_la_presentacion_de_la_reunion_avanza_y_se_lee(runner, chromium) -> None:
    resultado = runner.invoke(principal, ["presentacion", str(GUION), "--datos", str(RAIZ / "datos"),
                                          "--salida", "p.html"])
    assert resultado.exit_code == 0, resultado.output
    assert "Presentación escrita en p.html (8 pasos)." in resultado.stderr
    pagina = _abrir(chromium, Path("p.html"))
    assert [u for u in pagina.pedidos if not u.startswith("file://")] == [] and pagina.errores == []
    titulos = []
    for paso in range(1, 9):
        pagina.wait_for_selector(f"body[data-paso='{paso}']", timeout=10000)
        assert pagina.inner_text("#cuenta-paso") == f"Paso {paso} de 8"
        titulos.append(pagina.inner_text("#titulo-paso"))
        medida = pagina.evaluate(_MEDIR_ETIQUETAS)
        assert medida["menor"] >= 12 and medida["encimadas"] == [], (paso, medida)
        pagina.keyboard.press("ArrowRight")
    assert titulos[0] == "Quiénes se sientan a la mesa" and titulos[1] == "AMSCLAE: el lago de Atitlán"
    assert titulos[4:] == ["Acciones de la Política donde participa AMSCLAE",
                           "Acciones de la Política donde participa SECCATID",
                           "Acciones de la Política donde participa la Comisión del Plan Trifinio",
                           "Cómo se unen con el DEPM del IGM"]
    pagina.wait_for_selector("body[data-paso='8']")  # no pasa del último
    pagina.click("#anterior")
    pagina.wait_for_selector("body[data-paso='7']")
    pagina.keyboard.press("Home")
    pagina.wait_for_selector("body[data-paso='1']")
    assert pagina.is_disabled("#anterior")
    # Lo resaltado en el primer paso lleva borde negro; lo demás, atenuado.
    resaltados = pagina.evaluate("() => window.grafoRed.body.data.nodes.get({filter: n => n.borderWidth === 6})"
                                 ".map(n => n.ident).sort()")
    assert resaltados == ["AMSCLAE", "CTPT", "IGM-DEPM", "SECCATID", "VICEPRESIDENCIA"]
    assert pagina.is_visible("#pantalla")


@pytest.mark.navegador
def test_texto_hostil_del_guion_es_texto(runner, chromium, tmp_path: Path) -> None:
    guion = tmp_path / "g.toml"
    guion.write_text('titulo = """' + HOSTIL + '"""\n[[paso]]\ntitulo = """' + HOSTIL + '"""\nnota = """' + HOSTIL
                     + '"""\nvista = "mandatos"\n', encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI), "--salida", "h.html"])
    assert resultado.exit_code == 0, resultado.output
    pagina = _abrir(chromium, Path("h.html"))
    assert pagina.inner_text("#titulo-paso") == HOSTIL and pagina.inner_text("#nota") == HOSTIL
    assert pagina.dialogos == [] and pagina.errores == [] and pagina.locator("img").count() == 0


def test_un_guion_con_problemas_los_dice_todos_y_no_escribe(runner, tmp_path: Path) -> None:
    guion = tmp_path / "malo.toml"
    guion.write_text('titulo = "Prueba"\ncolor = "rojo"\n'
                     '[[paso]]\ntitulo = "Uno"\nvista = "todo"\n'
                     '[[paso]]\nnota = "sin título"\nprofundidad = 9\n', encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI), "--salida", "m.html"])
    assert resultado.exit_code == 1
    for parte in ("Se encontraron 4 problemas en el guion", "clave «color»: no existe",
                  "paso 1, clave «vista»: «todo» no es una vista", "paso 2, clave «titulo»: falta",
                  "paso 2, clave «profundidad»: debe ser un número entero de 1 a 6"):
        assert parte in resultado.stderr, parte
    assert not Path("m.html").exists()
    # Ids desconocidos y resaltados fuera del mapa, con el paso donde están.
    guion.write_text('titulo = "Prueba"\n[[paso]]\ntitulo = "Uno"\nfoco = "IGMM"\n'
                     '[[paso]]\ntitulo = "Dos"\nvista = "mandatos"\nfoco = "AMSCLAE"\nresaltar = ["MINEX"]\n',
                     encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI), "--salida", "m.html"])
    assert resultado.exit_code == 1
    assert "paso 1: No hay institución con id «IGMM» (clave «foco»). ¿Quiso decir IGM?" in resultado.stderr
    assert "paso 2, clave «resaltar»: «MINEX» no está en el mapa de este paso" in resultado.stderr
    guion.write_text('titulo = "sin cerrar\n', encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "no es TOML válido" in resultado.stderr
