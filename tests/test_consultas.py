"""Consultas con nombre: las seis del contrato sobre la miniatura, cabeceras y salida de la CLI."""

from __future__ import annotations

import grafo

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from grafo import consultas, motores
from grafo.rdf import almacen
from grafo.motores import oxigraph
from grafo.cli import principal
from tests.conftest import MINI

# Las órdenes sobre datos/ reusan el grafo construido una vez por sesión (conftest.datos_una_vez).
pytestmark = pytest.mark.usefixtures("datos_una_vez")

# Filas esperadas, calculadas a mano sobre tests/datos_mini con las definiciones de CONTRATO.md §2–3.
ESPERADAS = {
    "acciones-sin-responsable": [{"accion": "A3"}],
    # A1: IGM cubre COORD por M1 (tema GOB, padre de COORD); DEPM por M4. A4 no tiene temas.
    "acciones-sin-mandato": [{"accion": "A2", "institucion": "MINEX", "motivo": "mandatos_no_cargados"}],
    "mandatos-sin-accion": [{"mandato": "M2", "institucion": "AMSCLAE"}],
    "instituciones-sin-accion": [{"institucion": "AMSCLAE"}],
    "temas-con-varios-mandatos": [{"tema": "COORD", "instituciones": ["DEPM", "IGM", "MUNI"]}],
    "acciones-con-varios-responsables": [{"accion": "A1", "instituciones": ["DEPM", "IGM"]}],
}


@pytest.mark.parametrize("nombre", sorted(ESPERADAS))
def test_consultas_del_contrato(grafo_mini, nombre: str) -> None:
    filas = consultas.ejecutar(grafo_mini, consultas.cargar(nombre)).to_dict(orient="records")
    assert filas == ESPERADAS[nombre]


@pytest.mark.parametrize("nombre", consultas.listar())
def test_cabeceras_y_orden(nombre: str) -> None:
    consulta = consultas.cargar(nombre)
    texto = consulta.texto
    for cabecera in ("# titulo:", "# descripcion:", "# parametros:"):
        assert cabecera in texto
    # El orden es el de la consulta exterior: la última línea (sin comentarios) es su ORDER BY, y cada
    # variable por la que ordena es una columna del resultado (un ORDER BY en un comentario no cuenta).
    codigo = [linea for linea in texto.splitlines() if linea.strip() and not linea.lstrip().startswith("#")]
    ultima = re.fullmatch(r"\}?\s*ORDER BY((?:\s+(?:(?:DESC|ASC)\(\?\w+\)|\?\w+))+)\s*", codigo[-1])
    assert ultima is not None, codigo[-1]
    seleccion = texto[texto.index("SELECT"):]
    proyectadas = set(re.findall(r"\?(\w+)", seleccion[:seleccion.index("WHERE")]))
    assert set(re.findall(r"\?(\w+)", ultima.group(1))) <= proyectadas
    assert consulta.titulo != nombre and consulta.descripcion


@pytest.mark.parametrize("nombre", consultas.listar())
def test_mismas_filas_en_el_motor_de_rdflib(grafo_mini_completo, tmp_path: Path, nombre: str) -> None:
    """El mismo .rq, sin cambios, sobre el grafo escrito y leído por rdflib (otro motor SPARQL 1.1), en la miniatura
    con reuniones y acuerdos: ahí cada consulta tiene filas, así que dos motores nunca se comparan en el vacío."""
    from rdflib import Graph

    ruta = almacen.guardar(grafo_mini_completo.grafo, tmp_path / "grafo.ttl")
    consulta = consultas.cargar(nombre)
    en_oxigraph = consultas.ejecutar(grafo_mini_completo, consulta)
    assert len(en_oxigraph) > 0
    en_rdflib = consultas.ejecutar(motores.local(Graph().parse(ruta)), consulta, tal_cual=True)
    assert en_rdflib.to_dict(orient="records") == en_oxigraph.to_dict(orient="records")


def test_consultar_json_csv_y_tabla_dan_las_mismas_filas(runner) -> None:
    base = ["consultar", "temas-con-varios-mandatos", "--datos", str(MINI)]
    como_json = runner.invoke(principal, [*base, "--formato", "json"])
    assert como_json.exit_code == 0, como_json.output
    assert json.loads(como_json.stdout) == ESPERADAS["temas-con-varios-mandatos"]
    como_csv = runner.invoke(principal, [*base, "--formato", "csv"])
    assert list(csv.DictReader(io.StringIO(como_csv.stdout))) == [{"tema": "COORD", "instituciones": "DEPM;IGM;MUNI"}]
    como_tabla = runner.invoke(principal, base)
    assert "COORD" in como_tabla.stdout and "DEPM, IGM, MUNI" in como_tabla.stdout


def test_consultar_a_archivo(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "acciones-sin-responsable", "--datos", str(MINI),
                                          "--formato", "json", "--salida", "r/filas.json"])
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout == ""
    assert json.loads(Path("r/filas.json").read_text(encoding="utf-8")) == [{"accion": "A3"}]


def test_consulta_desconocida_sugiere(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "acciones-sin-mandat", "--datos", str(MINI)])
    assert resultado.exit_code == 1
    assert "No existe la consulta «acciones-sin-mandat». ¿Quiso decir acciones-sin-mandato" in resultado.stderr
    # El nombre que usa el README («la matriz de aliados») lleva a la consulta que lo dice en su descripción.
    aliados = runner.invoke(principal, ["consultar", "aliados", "--datos", str(MINI)])
    assert aliados.exit_code == 1 and re.search(r"¿Quiso decir [^?]*\bfundamentos\b", aliados.stderr)


def test_consultas_lista_las_del_contrato(runner) -> None:
    resultado = runner.invoke(principal, ["consultas"])
    for nombre in ESPERADAS:
        assert f"{nombre}\n" in resultado.stdout


def test_consultar_json_en_datos_reales_es_json_valido(runner) -> None:
    from tests.conftest import RAIZ

    resultado = runner.invoke(principal, ["consultar", "acciones-sin-mandato", "--datos", str(RAIZ / "datos"),
                                          "--formato", "json"])
    filas = json.loads(resultado.stdout)
    assert filas == sorted(filas, key=lambda f: (f["accion"], f["institucion"]))
    assert {(f["accion"], f["institucion"]) for f in filas} >= {("A-IL-03", "MINTRAB")}
    assert {f["motivo"] for f in filas} <= {"sin_mandato_sobre_el_tema", "mandatos_parciales", "mandatos_no_cargados"}


@pytest.fixture(scope="module")
def grafos_reales(tmp_path_factory: pytest.TempPathFactory, fuente_datos):
    """El grafo de datos/ en Oxigraph y el mismo grafo.ttl escrito, leído por rdflib."""
    from rdflib import Graph

    ruta = almacen.guardar(fuente_datos.grafo, tmp_path_factory.mktemp("salidas") / "grafo.ttl")
    return fuente_datos, motores.local(Graph().parse(ruta))


@pytest.mark.parametrize("nombre", consultas.listar())
def test_mismas_filas_en_rdflib_sobre_datos_reales(grafos_reales, nombre: str) -> None:
    en_oxigraph, en_rdflib = grafos_reales
    consulta = consultas.cargar(nombre)
    esperadas = consultas.ejecutar(en_oxigraph, consulta).to_dict(orient="records")
    assert esperadas or nombre in ("acciones-con-varios-responsables", "instituciones-sin-accion")
    assert consultas.ejecutar(en_rdflib, consulta, tal_cual=True).to_dict(orient="records") == esperadas


@pytest.mark.parametrize("nombre", consultas.listar())
def test_conversion_directa_y_por_csv_dan_la_misma_tabla(grafos_reales, monkeypatch: pytest.MonkeyPatch,
                                                         nombre: str) -> None:
    """Resultados pequeños se convierten celda a celda; los grandes, por el CSV de Oxigraph: igual resultado."""
    en_oxigraph, _ = grafos_reales
    consulta = consultas.cargar(nombre)
    directa = consultas.ejecutar(en_oxigraph, consulta)
    monkeypatch.setattr(oxigraph, "FILAS_DIRECTAS", 0)
    por_csv = consultas.ejecutar(en_oxigraph, consulta)
    assert list(directa.columns) == list(por_csv.columns)
    filas_d, filas_c = directa.to_dict(orient="records"), por_csv.to_dict(orient="records")
    assert filas_d == filas_c
    assert [[type(v) for v in f.values()] for f in filas_d] == [[type(v) for v in f.values()] for f in filas_c]


# --- vinculos-entre por partes (issue 20, punto 4) ----------------------------------------------


def _vinculos_dos_caminos(fuente, parametros=None):  # type: ignore[no-untyped-def]
    consulta = consultas.cargar("vinculos-entre")
    por_partes = consultas.ejecutar(fuente, consulta, parametros)
    tal_cual = consultas.ejecutar(fuente, consulta, parametros, tal_cual=True)
    return por_partes, tal_cual


@pytest.mark.parametrize("datos", ["mini", "reales", "sintetico"])
def test_vinculos_entre_por_partes_da_las_filas_del_rq(datos: str, fuente_datos, grafo_mini, tmp_path: Path) -> None:
    from grafo.paquete import sintetico

    if datos == "sintetico":
        sintetico.generar(tmp_path / "s", instituciones=120)
        fuente = grafo.abrir(tmp_path / "s", cache=False).preparar().fuente
    else:
        fuente = grafo_mini if datos == "mini" else fuente_datos
    por_partes, tal_cual = _vinculos_dos_caminos(fuente)
    assert len(tal_cual) > 0
    assert por_partes.to_dict(orient="records") == tal_cual.to_dict(orient="records")
    assert list(por_partes.dtypes) == list(tal_cual.dtypes)
    ids = consultas.ids_de(fuente, "institucion")
    for parametros in ({"origen": ids[0]}, {"destino": ids[-1]}, {"origen": ids[1], "destino": ids[2]},
                       {"origen": ids[0].lower()}):
        por_partes, tal_cual = _vinculos_dos_caminos(fuente, parametros)
        assert por_partes.to_dict(orient="records") == tal_cual.to_dict(orient="records"), parametros


@pytest.mark.parametrize("datos", ["mini", "reales", "sintetico"])
def test_fundamentos_por_partes_da_las_filas_del_rq(datos: str, fuente_datos, grafo_mini, tmp_path: Path) -> None:
    """`fundamentos` sale de `mandatos-de-institucion` y `acciones-por-mandato` enlazadas a los mismos ids (issue 33):
    las mismas filas, columnas y tipos que su .rq, con y sin instituciones, con una sin mandatos y con temas anidados."""
    from grafo.paquete import sintetico

    if datos == "sintetico":
        sintetico.generar(tmp_path / "s", instituciones=120)
        fuente = grafo.abrir(tmp_path / "s", cache=False).preparar().fuente
    else:
        fuente = grafo_mini if datos == "mini" else fuente_datos
    consulta = consultas.cargar("fundamentos")
    con = sorted(set(consultas.ejecutar(fuente, consulta, tal_cual=True)["institucion"]))
    sin = sorted(set(consultas.ids_de(fuente, "institucion")) - set(con))
    assert con and sin  # una institución sin mandatos no tiene filas, por ningún camino
    for parametros in ({}, {"instituciones": con[:1]}, {"instituciones": [con[-1].lower(), *con[1:4], sin[0]]},
                       {"instituciones": sin[:1]}):
        por_partes = consultas.ejecutar(fuente, consulta, parametros)
        tal_cual = consultas.ejecutar(fuente, consulta, parametros, tal_cual=True)
        assert len(tal_cual) > 0 or parametros["instituciones"] == sin[:1], parametros
        assert por_partes.to_dict(orient="records") == tal_cual.to_dict(orient="records"), parametros
        assert list(por_partes.columns) == list(tal_cual.columns)
    todos = consultas.ejecutar(fuente, consulta)  # con acciones que fundamenta y que podría respaldar
    assert sum(map(len, todos["acciones"])) and sum(map(len, todos["acciones_posibles"]))


def test_el_tipo_de_una_columna_es_el_de_su_primera_celda_con_valor(datos_mini: Path) -> None:
    """Un mandato sin `verificado` que queda primero (M0, de AMSCLAE) no vuelve texto la columna: «false» sigue
    siendo falso, y la matriz sigue diciendo [NV] del artículo sin verificar (antes la columna tomaba el tipo de la
    primera fila, y un «false» de texto se leía como verificado)."""
    from tests.ayuda import escribir_csv, leer_csv

    filas = leer_csv(datos_mini / "mandatos.csv")
    filas.insert(1, ["M0", "AMSCLAE", "DEC-44-2016", "5", "Otro mandato.", "AMB", "", "Miniatura de prueba [OF]"])
    escribir_csv(datos_mini / "mandatos.csv", filas)
    fuente = grafo.abrir(datos_mini, cache=False).preparar().fuente
    for camino in (False, True):
        tabla = consultas.ejecutar(fuente, consultas.cargar("fundamentos"), {"instituciones": "AMSCLAE"},
                                   tal_cual=camino)
        assert dict(zip(tabla["mandato"], tabla["verificado"], strict=True)) == {"M0": None, "M2": False}
    resultado = CliRunner().invoke(principal, ["matriz", "fundamentos", "--instituciones", "AMSCLAE", "--datos",
                                               str(datos_mini), "--formato", "csv"])
    assert resultado.exit_code == 0, resultado.output
    assert "art. 4 [NV]" in resultado.output


def test_vinculos_entre_por_partes_en_casos_raros(datos_mini: Path) -> None:
    """Una institución responsable y vinculada a la vez de la misma acción (y los temas anidados de la miniatura)."""
    _pareja_rara(datos_mini)
    fuente = grafo.abrir(datos_mini, cache=False).preparar().fuente
    por_partes, tal_cual = _vinculos_dos_caminos(fuente)
    assert por_partes.to_dict(orient="records") == tal_cual.to_dict(orient="records")
    ambos = por_partes[(por_partes["origen"] == "IGM") & (por_partes["vinculo"] == "A1")]
    assert len(ambos) and all(v == ["responsable", "vinculada"] for v in ambos["via_origen"])


@pytest.mark.parametrize("nombre", consultas.listar())
def test_consultar_sin_pandas_da_la_misma_tabla(fuente_datos, nombre: str) -> None:
    """`ejecutar_filas` (lo que usa grafo consultar, sin pandas) da las mismas filas, valores y tipos que `ejecutar`."""
    consulta = consultas.cargar(nombre)
    pedidos = [{}] if nombre != "fundamentos" else []
    pedidos += [{p.nombre: consultas.ids_de(fuente_datos, p.clase)[0]} for p in consulta.parametros]
    for parametros in pedidos:
        con_pandas = consultas.ejecutar(fuente_datos, consulta, parametros).to_dict(orient="records")
        sin_pandas = consultas.ejecutar_filas(fuente_datos, consulta, parametros).to_dict(orient="records")
        assert sin_pandas == con_pandas, parametros
        assert [[type(v) for v in f.values()] for f in sin_pandas] == [[type(v) for v in f.values()]
                                                                       for f in con_pandas]


# --- tablas que se arman de otras (issue 27: una minuta en 9 consultas) ------------------------------------


def _derivadas_y_rq(fuente) -> list[tuple[str, object, object]]:  # type: ignore[no-untyped-def]
    """Cada consulta que `ejecutar_varias` arma de sus bases, por ese camino y por su .rq."""
    from grafo.consultas.compuestas import COMPUESTAS

    derivadas = [n for n, c in COMPUESTAS.items() if not c.siempre]
    bases = list(dict.fromkeys(b for n in derivadas for b in COMPUESTAS[n].bases))
    lote = consultas.ejecutar_varias(fuente, [*bases, *derivadas])
    return [(n, lote[n], consultas.ejecutar(fuente, consultas.cargar(n), tal_cual=True)) for n in derivadas]


def _pareja_rara(carpeta: Path) -> None:
    """Lo que la miniatura no trae: IGM responsable y vinculada de A1 a la vez, y una acción sin temas (los temas
    más amplios y un tema con mandatos de varias instituciones ya están en ella)."""
    from tests.ayuda import escribir_csv, leer_csv

    acciones = leer_csv(carpeta / "acciones.csv")
    c = acciones[0]
    acciones[1][c.index("vinculadas")] += ";IGM"  # IGM ya es responsable de A1
    acciones[2][c.index("temas")] = ""
    escribir_csv(carpeta / "acciones.csv", acciones)


@pytest.mark.parametrize("datos", ["mini", "reales", "sintetico", "raros"])
def test_las_derivadas_dan_las_filas_de_su_rq(datos: str, fuente_datos, grafo_mini, datos_mini: Path,
                                               tmp_path: Path) -> None:
    from grafo.paquete import sintetico

    if datos == "sintetico":
        sintetico.generar(tmp_path / "s", instituciones=150)
        fuente = grafo.abrir(tmp_path / "s", cache=False).preparar().fuente
    elif datos == "raros":
        _pareja_rara(datos_mini)
        fuente = grafo.abrir(datos_mini, cache=False).preparar().fuente
    else:
        fuente = grafo_mini if datos == "mini" else fuente_datos
    no_vacias = 0
    for nombre, derivada, rq in _derivadas_y_rq(fuente):
        assert list(derivada.columns) == list(rq.columns), nombre
        assert derivada.to_dict(orient="records") == rq.to_dict(orient="records"), nombre
        assert list(derivada.dtypes) == list(rq.dtypes), nombre
        no_vacias += bool(len(rq))
    assert no_vacias >= 6  # la comparación compara filas, no tablas vacías


def test_una_derivada_sola_corre_su_rq() -> None:
    """Pedida sin sus bases (`grafo consultar`), una consulta derivable corre su .rq: no trae tablas que no se pidieron."""
    vistas: list[str] = []
    proyecto = grafo.abrir(MINI, traza=lambda texto, _ms: vistas.append(texto))
    proyecto.tablas(["acciones-sin-responsable"])
    assert len(vistas) == 1 and "MINUS" in vistas[0]
    proyecto.tablas(["acciones", "acciones-sin-responsable", "acciones-con-varios-responsables"])
    assert len(vistas) == 2  # acciones; las otras dos salen de ella


def test_fundamentos_de_unas_instituciones_son_las_filas_de_todos(fuente_datos) -> None:
    """La minuta y las fichas filtran `fundamentos` sin parámetro en vez de consultarlo otra vez con él."""
    todos = consultas.ejecutar(fuente_datos, consultas.cargar("fundamentos"))
    for ids in (["IGM"], ["AMSCLAE", "SECCATID", "CTPT"], ["COPRESAM"]):
        con_parametro = consultas.ejecutar(fuente_datos, consultas.cargar("fundamentos"), {"instituciones": ids})
        filtrados = todos[todos["institucion"].isin(ids)].reset_index(drop=True)
        assert filtrados.to_dict(orient="records") == con_parametro.to_dict(orient="records"), ids
