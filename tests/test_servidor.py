"""Las mismas órdenes contra un servidor SPARQL 1.1 real (Virtuoso) y ante servidores que fallan."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from grafo import consultas
from grafo.motores import remoto
from grafo.cli import principal
from tests.conftest import MINI, RAIZ
from tests.servidor import Virtuoso, arrancar, detener

# Las órdenes sobre datos/ reusan el grafo construido una vez por sesión (conftest.datos_una_vez).
pytestmark = pytest.mark.usefixtures("datos_una_vez")

DATOS = RAIZ / "datos"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    proceso, servidor = arrancar(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield servidor
    finally:
        detener(proceso)


def _cli(servidor: Virtuoso | None = None, **entorno: str) -> CliRunner:
    variables = {"NO_COLOR": "1", "COLUMNS": "120", "GRAFO_USUARIO": None, "GRAFO_CLAVE": None}
    if servidor is not None:
        variables |= {"GRAFO_USUARIO": servidor.usuario, "GRAFO_CLAVE": servidor.clave}
    return CliRunner(env=variables | entorno)


@pytest.fixture(scope="module")
def publicado(virtuoso: Virtuoso) -> Virtuoso:
    # Primero la miniatura y después datos/ en el mismo grafo: el PUT debe reemplazar, no sumar.
    for carpeta in (MINI, DATOS):
        resultado = _cli(virtuoso).invoke(principal, ["publicar", "--datos", str(carpeta), "--endpoint", virtuoso.almacen])
        assert resultado.exit_code == 0, resultado.output
        assert "Grafo publicado" in resultado.stderr
    return virtuoso


@pytest.fixture(scope="module")
def grafo_local(fuente_datos):
    return fuente_datos


def test_publicar_reemplaza_el_grafo(publicado: Virtuoso, grafo_local) -> None:
    servidor = remoto.Remoto(publicado.sparql)
    cuenta = servidor.seleccionar("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["n"].iloc[0]
    assert cuenta == grafo_local.contar() == servidor.contar()
    assert servidor.version() == grafo_local.version()


@pytest.fixture(scope="module")
def mini_publicada(virtuoso: Virtuoso, grafo_mini_completo, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """La miniatura completa en otro grafo del mismo Virtuoso: donde una consulta no da filas en datos/."""
    from grafo.rdf import almacen

    ruta = almacen.guardar(grafo_mini_completo.grafo, tmp_path_factory.mktemp("mini") / "grafo.nt", formato="nt")
    with pytest.MonkeyPatch.context() as entorno:
        entorno.setenv("GRAFO_USUARIO", virtuoso.usuario)
        entorno.setenv("GRAFO_CLAVE", virtuoso.clave)
        remoto.publicar(ruta.read_bytes(), virtuoso.almacen, grafo=MINI_IRI)
    return remoto.Remoto(virtuoso.sparql, grafo=MINI_IRI), grafo_mini_completo


MINI_IRI = "urn:grafo:mini-completa"


@pytest.mark.parametrize("nombre", consultas.listar())
def test_mismas_filas_en_virtuoso(publicado: Virtuoso, grafo_local, request: pytest.FixtureRequest,
                                  nombre: str) -> None:
    """El mismo .rq, sin cambios, en un tercer motor: mismas filas, mismo orden, mismos tipos. Donde la consulta no
    da filas en datos/, en la miniatura completa: dos tablas vacías no comparan nada."""
    servidor = remoto.Remoto(publicado.sparql)
    consulta = consultas.cargar(nombre)
    if nombre != "fundamentos" and consultas.ejecutar(grafo_local, consulta).empty:
        servidor, grafo_local = request.getfixturevalue("mini_publicada")
        assert not consultas.ejecutar(grafo_local, consulta).empty
    esperadas = consultas.ejecutar(grafo_local, consulta).to_dict(orient="records")
    assert consultas.ejecutar(servidor, consulta, tal_cual=True).to_dict(orient="records") == esperadas
    for parametro in consulta.parametros:  # un id real de cada parámetro, enlazado en el servidor
        ident = consultas.ids_de(grafo_local, parametro.clase)[0]
        local = consultas.ejecutar(grafo_local, consulta, {parametro.nombre: ident}).to_dict(orient="records")
        assert consultas.ejecutar(servidor, consulta, {parametro.nombre: ident}, tal_cual=True
                                  ).to_dict(orient="records") == local


def test_consultar_por_la_cli_igual_que_local(publicado: Virtuoso) -> None:
    for orden in (["consultar", "acciones-sin-mandato", "--formato", "json"],
                  ["consultar", "fundamentos", "-p", "instituciones=AMSCLAE,SECCATID", "--formato", "json"],
                  ["brechas", "--formato", "json"], ["traslapes", "--formato", "json"],
                  ["analizar", "--formato", "json"], ["comunidades", "--formato", "json"],
                  ["ruta", "SECCATID", "IGM", "--formato", "json"]):
        local = _cli().invoke(principal, [*orden, "--datos", str(DATOS)])
        remota = _cli().invoke(principal, [*orden, "--endpoint", publicado.sparql])
        assert remota.exit_code == 0, remota.output
        assert json.loads(remota.stdout) == json.loads(local.stdout)


def test_resumen_y_validar_desde_el_servidor(publicado: Virtuoso) -> None:
    """resumen y validar también aceptan --endpoint: el mismo resumen y los mismos resultados SHACL."""
    for orden in (["resumen", "--formato", "json"], ["validar", "--formato", "json"]):
        local = _cli().invoke(principal, [*orden, "--datos", str(DATOS)])
        remota = _cli().invoke(principal, [*orden, "--endpoint", publicado.sparql])
        assert remota.exit_code == local.exit_code == 0, remota.output
        assert json.loads(remota.stdout) == json.loads(local.stdout)
    validado = json.loads(remota.stdout)
    assert validado["conforme"] and validado["resultados"]  # las advertencias [NV] llegan con su archivo y fila
    assert all(r["archivo"] == "mandatos.csv" and r["fila"] > 1 for r in validado["resultados"])


def test_id_desconocido_en_el_servidor(publicado: Virtuoso) -> None:
    resultado = _cli().invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=IGMM",
                                          "--endpoint", publicado.sparql])
    assert resultado.exit_code == 1
    assert "No hay institución con id «IGMM»" in resultado.stderr and "IGM" in resultado.stderr


def test_mapa_y_matriz_desde_el_servidor(publicado: Virtuoso, tmp_path: Path) -> None:
    for donde, opcion in (("local", ["--datos", str(DATOS)]), ("servidor", ["--endpoint", publicado.sparql])):
        resultado = _cli().invoke(principal, ["mapa", *opcion, "--salida", str(tmp_path / f"{donde}.html")])
        assert resultado.exit_code == 0, resultado.output
        resultado = _cli().invoke(principal, ["matriz", *opcion, "--instituciones", "AMSCLAE,SECCATID,CTPT",
                                              "--salida", str(tmp_path / f"{donde}.xlsx")])
        assert resultado.exit_code == 0, resultado.output
    # El mismo dibujo, byte a byte (las dos corridas llevan la misma fecha y la misma versión de datos).
    assert (tmp_path / "local.html").read_text(encoding="utf-8") == (tmp_path / "servidor.html").read_text(encoding="utf-8")
    local, remoto_ = (openpyxl.load_workbook(tmp_path / f"{d}.xlsx") for d in ("local", "servidor"))
    assert "Priorización" in local.sheetnames and "Priorización" not in remoto_.sheetnames
    for hoja in ("Responsabilidades", "Mandatos", "Fundamentos", "Red"):
        filas = [[c.value for c in fila] for fila in local[hoja].iter_rows()]
        assert filas == [[c.value for c in fila] for fila in remoto_[hoja].iter_rows()], hoja
    fuentes_remotas = {f[0].value for f in remoto_["Fuentes"].iter_rows(min_row=2)}
    assert fuentes_remotas and fuentes_remotas <= {f[0].value for f in local["Fuentes"].iter_rows(min_row=2)}


def test_credenciales_rechazadas(virtuoso: Virtuoso) -> None:
    resultado = _cli(virtuoso, GRAFO_CLAVE="equivocada").invoke(
        principal, ["publicar", "--datos", str(MINI), "--endpoint", virtuoso.almacen, "--grafo", "urn:otro"])
    assert resultado.exit_code == 1
    assert "rechazó las credenciales" in resultado.stderr and "GRAFO_CLAVE" in resultado.stderr
    assert "Traceback" not in resultado.output


# ---------------------------------------------------------------- servidores que fallan (sin Virtuoso)

def test_servidor_inalcanzable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]  # cerrado al salir: nadie escucha ahí
    resultado = _cli().invoke(principal, ["brechas", "--endpoint", f"http://127.0.0.1:{puerto}/sparql"])
    assert resultado.exit_code == 1
    assert "No se pudo conectar" in resultado.stderr and "Traceback" not in resultado.output


def test_servidor_que_no_responde_a_tiempo() -> None:
    escucha = socket.socket()
    escucha.bind(("127.0.0.1", 0))
    escucha.listen()
    try:
        inicio = time.monotonic()
        resultado = _cli().invoke(principal, ["consultar", "acciones", "--tiempo-limite", "1",
                                              "--endpoint", f"http://127.0.0.1:{escucha.getsockname()[1]}/sparql"])
        assert resultado.exit_code == 1
        assert "no respondió en 1 s" in resultado.stderr and "--tiempo-limite" in resultado.stderr
        assert time.monotonic() - inicio < 30
    finally:
        escucha.close()


class _Cortado(http.server.BaseHTTPRequestHandler):
    """Responde como Virtuoso cuando corta un resultado en ResultSetMaxRows."""

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        cuerpo = json.dumps({"head": {"vars": ["accion"]}, "results": {"bindings": [
            {"accion": {"type": "literal", "value": "A1"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("X-SPARQL-MaxRows", "1")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, *_: object) -> None:
        pass


def test_resultado_cortado_por_el_servidor_es_un_error() -> None:
    servidor = http.server.HTTPServer(("127.0.0.1", 0), _Cortado)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    try:
        resultado = _cli().invoke(principal, ["consultar", "acciones", "--endpoint",
                                              f"http://127.0.0.1:{servidor.server_port}/sparql"])
        assert resultado.exit_code == 1
        assert "cortó el resultado en 1 filas" in resultado.stderr and "ResultSetMaxRows" in resultado.stderr
    finally:
        servidor.shutdown()


def test_el_explorador_sobre_el_servidor(publicado: Virtuoso) -> None:
    """`grafo servir --endpoint`: las mismas páginas desde Virtuoso, sin las tablas del paquete."""
    import csv
    import io

    import grafo
    from grafo import web

    cliente = web.crear(lambda: grafo.abrir(endpoint=publicado.sparql), datos=None).test_client()
    local = grafo.abrir(DATOS)
    host = {"Host": "127.0.0.1:8080"}
    for url in ("/", "/buscar?q=atitlan", "/institucion/AMSCLAE", "/mandato/M-017", "/tema/CUENCA-ATITLAN",
                "/instrumento/DEC-44-2016", "/municipio/0101", "/consultas/fundamentos?instituciones=CTPT",
                "/mapa/ver?foco=AMSCLAE", "/seguimiento", "/brechas", "/traslapes"):
        r = cliente.get(url, headers=host)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-600:])
    ficha = cliente.get("/institucion/AMSCLAE", headers=host).get_data(as_text=True)
    assert 'href="/mandato/M-017"' in ficha
    assert "Priorización para Oficinas" not in cliente.get("/municipio/0101", headers=host).get_data(as_text=True)
    csv_web = cliente.get("/consultas/fundamentos.csv?instituciones=AMSCLAE,SECCATID,CTPT", headers=host)
    filas = list(csv.reader(io.StringIO(csv_web.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(filas) - 1 == len(local.consulta("fundamentos", instituciones=["AMSCLAE", "SECCATID", "CTPT"]))
    assert cliente.get("/matrices", headers=host).status_code == 200  # sin la hoja de priorización
    # Lo que no es SPARQL 1.1 no se envía al servidor sin revisar (DEFINE de Virtuoso).
    rara = cliente.get("/sparql", headers=host, query_string={
        "query": 'DEFINE get:soft "replace" SELECT * FROM <http://ejemplo.invalid/x.ttl> { ?s ?p ?o }'})
    assert rara.status_code == 400 and "no es SPARQL 1.1" in rara.get_data(as_text=True)
