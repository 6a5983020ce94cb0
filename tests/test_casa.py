"""La casa: las reglas de la estructura (ARQUITECTURA.md) comprobadas sobre el código, no prometidas.

- `dominio` es puro: no importa los motores, los formatos, la CLI, las consultas ni rdflib.
- `formatos` no importa los motores ni la CLI; nada fuera de `cli` importa `cli`.
- Solo `motores` sabe de qué almacén está hecho un grafo (OxigraphStore, `_inner`, `isinstance`).
- Ninguna orden elige un formato: eso lo hace `emitir` con el registro de renderizadores.
- Ningún módulo pasa de 400 líneas ni una función de 60.
- El modelo del mapa y su disposición se importan sin jinja2 ni pyvis; una consulta no carga networkx.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, RAIZ

PAQUETE = RAIZ / "grafo"
MODULOS = sorted(PAQUETE.rglob("*.py"))


def _importados(ruta: Path) -> set[str]:
    """Todos los módulos que importa un archivo, también dentro de funciones y de TYPE_CHECKING."""
    importados: set[str] = set()
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            importados |= {a.name for a in nodo.names}
        elif isinstance(nodo, ast.ImportFrom) and nodo.module:
            importados.add(nodo.module)
            importados |= {f"{nodo.module}.{a.name}" for a in nodo.names}
    return importados


def _de(carpeta: str) -> list[Path]:
    return [r for r in MODULOS if r.relative_to(PAQUETE).parts[0] == carpeta]


def _toca(importados: set[str], prohibidos: tuple[str, ...]) -> list[str]:
    return sorted(m for m in importados if any(m == p or m.startswith(p + ".") for p in prohibidos))


@pytest.mark.parametrize("ruta", _de("dominio"), ids=lambda r: r.name)
def test_el_dominio_es_puro(ruta: Path) -> None:
    prohibidos = ("grafo.motores", "grafo.formatos", "grafo.cli", "grafo.consultas", "grafo.rdf", "grafo.productos",
                  "grafo.proyecto", "rdflib", "pyoxigraph", "oxrdflib", "click", "rich", "jinja2", "pyvis", "xlsxwriter")
    # Los IRIs como texto (rdf/espacios) no son RDF: comparar versiones lee tripletas por sus IRIs.
    assert [m for m in _toca(_importados(ruta), prohibidos) if m != "grafo.rdf.espacios"
            and not m.startswith("grafo.rdf.espacios.")] == []


@pytest.mark.parametrize("ruta", _de("formatos"), ids=lambda r: r.name)
def test_los_formatos_no_consultan(ruta: Path) -> None:
    assert _toca(_importados(ruta), ("grafo.motores", "grafo.cli", "grafo.consultas", "grafo.productos", "click")) == []


def test_nadie_fuera_de_la_cli_la_importa() -> None:
    fuera = [r for r in MODULOS if r.relative_to(PAQUETE).parts[0] != "cli" and r.name != "__main__.py"]
    assert [str(r) for r in fuera if _toca(_importados(r), ("grafo.cli",))] == []


def test_solo_los_motores_saben_que_almacen_hay() -> None:
    fuera = [r for r in MODULOS if r.relative_to(PAQUETE).parts[0] != "motores"]
    marcas = re.compile(r"OxigraphStore|\._inner\b|isinstance\([^)]*(Servidor|Oxigraph|Memoria|Graph)\b")
    hallados = [f"{r.relative_to(RAIZ)}: {linea.strip()}" for r in fuera
                for linea in r.read_text(encoding="utf-8").splitlines() if marcas.search(linea)]
    assert hallados == []


def test_ninguna_orden_elige_un_formato() -> None:
    """Las órdenes pasan el formato a `emitir`; comparar con un formato es despachar la salida a mano."""
    ordenes = [r for r in _de("cli") if r.name != "salida.py"]
    despacho = re.compile(r"\bformato\s*(==|!=|\bin\b)")
    # Una validación de uso (un CSV tiene una sola matriz) se marca «# uso, no despacho» y no cuenta.
    hallados = [f"{r.name}: {linea.strip()}" for r in ordenes
                for linea in r.read_text(encoding="utf-8").splitlines()
                if despacho.search(linea) and not linea.rstrip().endswith("# uso, no despacho")]
    assert hallados == []


@pytest.mark.parametrize("ruta", MODULOS, ids=lambda r: str(r.relative_to(PAQUETE)))
def test_modulos_y_funciones_cortos(ruta: Path) -> None:
    texto = ruta.read_text(encoding="utf-8")
    assert len(texto.splitlines()) <= 400
    largas = [f"{n.name}: {n.end_lineno - n.lineno + 1} líneas" for n in ast.walk(ast.parse(texto))
              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 60]
    assert largas == []


def _modulos_cargados(codigo: str) -> set[str]:
    salida = subprocess.run([sys.executable, "-c", codigo + "\nimport sys; print('\\n'.join(sys.modules))"],
                            capture_output=True, text=True, check=True, cwd=RAIZ)
    return set(salida.stdout.split())


def test_el_modelo_del_mapa_no_necesita_la_pagina() -> None:
    cargados = _modulos_cargados("import grafo.dominio.mapa, grafo.dominio.disposicion")
    assert "networkx" in cargados  # la prueba mira de verdad lo que se cargó
    assert {"jinja2", "pyvis", "markupsafe", "grafo.formatos.pagina"} & cargados == set()


def test_una_consulta_no_carga_lo_que_no_usa() -> None:
    """El registro importa solo el módulo de formatos del producto: consultar no paga networkx ni xlsxwriter."""
    cargados = _modulos_cargados(
        "from click.testing import CliRunner\nfrom grafo.cli import principal\n"
        f"r = CliRunner().invoke(principal, ['consultar', 'acciones', '--datos', {str(MINI)!r}, '--formato', 'csv'])\n"
        "assert r.exit_code == 0, r.output")
    assert "grafo.formatos.tablas" in cargados
    assert {"networkx", "xlsxwriter", "jinja2", "pyvis", "grafo.formatos.pagina", "grafo.formatos.xlsx"} & cargados == set()


def test_consultar_desde_la_cache_no_carga_pandas_ni_rdflib(tmp_path: Path) -> None:
    """Issue 20, punto 3: con el almacén en la caché, `grafo consultar` responde con pyoxigraph directo (pandas y
    rdflib costaban 0,4 s de arranque); la primera vez sí construye, y ahí se cargan."""
    codigo = ("import os\nos.environ['GRAFO_CACHE'] = " + repr(str(tmp_path / "cache")) + "\n"
              "from click.testing import CliRunner\nfrom grafo.cli import principal\n"
              "for formato in ('csv', 'json', 'tabla'):\n"
              f"    r = CliRunner().invoke(principal, ['consultar', 'acciones-sin-mandato', '--datos', {str(MINI)!r},"
              " '--formato', formato])\n"
              "    assert r.exit_code == 0, r.output\n")
    primera = _modulos_cargados(codigo)
    assert {"pandas", "rdflib"} <= primera  # construyó el grafo: la prueba mira de verdad
    segunda = _modulos_cargados(codigo)
    assert {"pandas", "numpy", "rdflib", "oxrdflib", "networkx"} & segunda == set()


def test_la_lista_de_familias_de_ordenes_es_la_de_cada_modulo() -> None:
    """El grupo carga cada familia al pedir una orden suya (issue 20, arranque): su lista no puede desviarse."""
    import importlib

    from grafo.cli import FAMILIAS

    for familia, ordenes in FAMILIAS.items():
        assert tuple(o.name for o in importlib.import_module(f"grafo.cli.{familia}").ORDENES) == ordenes
    modulos = {p.stem for p in (RAIZ / "grafo" / "cli").glob("*.py")} - {"__init__", "comun", "espanol", "salida"}
    assert modulos == set(FAMILIAS)


def test_consultar_no_carga_las_otras_familias() -> None:
    cargados = _modulos_cargados(
        "from click.testing import CliRunner\nfrom grafo.cli import principal\n"
        f"r = CliRunner().invoke(principal, ['consultar', 'acciones', '--datos', {str(MINI)!r}, '--formato', 'csv'])\n"
        "assert r.exit_code == 0, r.output")
    assert "grafo.cli.consultas" in cargados
    otras = {f"grafo.cli.{f}" for f in ("datos", "red", "matrices", "documentos", "seguimiento", "todo")}
    assert otras & cargados == set()


# ---------------------------------------------------------------- la segunda planta (issue 27)

def _literales(ruta: Path) -> list[tuple[int, str]]:
    """Los textos de un módulo (sin sus docstrings), con su línea."""
    arbol = ast.parse(ruta.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(arbol)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(arbol)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_ningun_contextvar_lleva_estado_entre_capas() -> None:
    """Lo que una orden fija (sin caché, el separador, los datos leídos) va en el proyecto o en el contexto de click."""
    hallados = [str(r.relative_to(RAIZ)) for r in MODULOS if "ContextVar" in r.read_text(encoding="utf-8")]
    assert hallados == []


def test_las_clases_se_escriben_en_un_solo_modulo() -> None:
    """Ninguna colección de más de tres claves de clase fuera del registro (`grafo/clases.py`)."""
    from grafo.clases import POR_CLAVE

    hallados = []
    for ruta in MODULOS:
        if ruta.name == "clases.py":
            continue
        for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
            elementos = nodo.keys if isinstance(nodo, ast.Dict) else \
                nodo.elts if isinstance(nodo, (ast.List, ast.Tuple, ast.Set)) else []
            claves = {e.value for e in elementos if isinstance(e, ast.Constant) and e.value in POR_CLAVE}
            if len(claves) > 3:
                hallados.append(f"{ruta.relative_to(RAIZ)}:{nodo.lineno} {sorted(claves)}")
    assert hallados == []


def test_una_tabla_de_extensiones() -> None:
    """Extensión → formato está en `formatos.FORMATOS` y en ningún otro lugar (antes, tres tablas que no coincidían:
    `.json` era JSON para la CLI y JSON-LD para `construir`)."""
    nombres = {"json", "csv", "html", "htm", "docx", "xlsx", "ttl", "turtle", "nt", "ntriples", "jsonld", "md",
               "markdown", "png", "svg", "pdf", "txt", "gexf", "graphml"}
    hallados = []
    for ruta in MODULOS:
        if ruta.relative_to(PAQUETE).as_posix() == "formatos/__init__.py":
            continue
        for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
            if isinstance(nodo, ast.Dict):
                claves = [k.value for k in nodo.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                # Claves que son extensiones (.json) o sus alias (turtle): una tabla de formatos por extensión.
                extensiones = [c for c in claves if c.startswith(".") or c in ("turtle", "ntriples", "htm")]
                if sum(c.lstrip(".") in nombres for c in extensiones) >= 2:
                    hallados.append(f"{ruta.relative_to(RAIZ)}:{nodo.lineno}")
    assert hallados == []


def test_una_base_html() -> None:
    """Cada página extiende `base.html` (las del explorador, a través de `sitio.html`): la cabecera, la política de
    contenido y la paleta, una vez."""
    plantillas = PAQUETE / "formatos" / "plantillas"
    paginas = sorted(p for p in plantillas.glob("*.html") if p.name != "base.html")
    web = sorted((PAQUETE / "web" / "plantillas").glob("*.html"))
    assert all(p.read_text(encoding="utf-8").startswith('{% extends "sitio.html" %}') for p in web
               if p.name not in ("sitio.html", "macros.html"))
    assert (PAQUETE / "web" / "plantillas" / "sitio.html").read_text(encoding="utf-8").startswith('{% extends "base.html" %}')
    assert paginas and all(p.read_text(encoding="utf-8").startswith('{% extends "base.html" %}') for p in paginas)
    for ruta in [*plantillas.glob("*.html"), *web, *MODULOS]:
        texto = ruta.read_text(encoding="utf-8")
        # La política se escribe una vez (html.politica); el explorador solo la manda también en su cabecera.
        assert "Content-Security-Policy" not in texto or ruta.name in ("base.html", "html.py", "app.py"), ruta.name
        assert "default-src" not in texto or ruta.name == "html.py", ruta.name
        assert "<!DOCTYPE" not in texto or ruta.name == "base.html", ruta.name
        assert "#12355b" not in texto.lower() or ruta.name == "estilo.py", ruta.name


def test_ninguna_bandera_de_la_cli_fuera_de_la_cli() -> None:
    """Los mensajes de la biblioteca nombran una opción con `errores.opcion`; cada interfaz la dice a su modo."""
    from grafo.cli import principal

    banderas = {o for orden in principal.commands.values() for p in orden.params for o in p.opts if o.startswith("-")}
    uso = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, banderas), key=len, reverse=True)) + r")(?![\w-])")
    fuera = [r for r in MODULOS if r.relative_to(PAQUETE).parts[0] != "cli"]
    hallados = [f"{r.relative_to(RAIZ)}:{linea} {m[0]}" for r in fuera for linea, texto in _literales(r)
                for m in uso.finditer(texto)]
    plantillas = [p for p in (PAQUETE / "formatos" / "plantillas").iterdir()]
    hallados += [f"{p.name}: {m[0]}" for p in plantillas for m in uso.finditer(p.read_text(encoding="utf-8"))]
    assert hallados == []
