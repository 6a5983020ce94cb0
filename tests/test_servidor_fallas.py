"""Servidores que fallan (punto 3 del issue 19): cada falla, un mensaje en español, código 1, sin traza.

Un servidor de mentira en 127.0.0.1 responde como lo haría uno roto: cuerpo corto, línea de estado
rota, JSON de otra forma o cortado, una página HTML con 200, un byte por vez más allá del tiempo
límite, Digest con SHA-512 y `auth-int`, una redirección a otro servidor. La clave del entorno nunca
aparece en un mensaje, ni una escrita en la dirección.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grafo.cli import principal

CLAVE = "s3creto-de-prueba"
Respuesta = Callable[[socket.socket, bytes], None]
JSON_BIEN = json.dumps({"head": {"vars": ["accion"]}, "results": {"bindings": [
    {"accion": {"type": "literal", "value": "A1"}}]}}).encode()


def _leer_peticion(conexion: socket.socket) -> bytes:
    datos = b""
    while b"\r\n\r\n" not in datos:
        trozo = conexion.recv(65536)
        if not trozo:
            return datos
        datos += trozo
    cabeza, _, cuerpo = datos.partition(b"\r\n\r\n")
    largo = next((int(linea.split(b":")[1]) for linea in cabeza.split(b"\r\n")
                  if linea.lower().startswith(b"content-length:")), 0)
    while len(cuerpo) < largo:
        trozo = conexion.recv(65536)
        if not trozo:
            break
        cuerpo += trozo
    return cabeza + b"\r\n\r\n" + cuerpo


@contextmanager
def _servidor(responder: Respuesta) -> Iterator[tuple[str, list[bytes]]]:
    """Un servidor que atiende cada conexión con `responder`; da su dirección y las peticiones recibidas."""
    escucha = socket.socket()
    escucha.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    escucha.bind(("127.0.0.1", 0))
    escucha.listen(8)
    escucha.settimeout(0.2)
    recibidas: list[bytes] = []
    parar = threading.Event()

    def atender() -> None:
        while not parar.is_set():
            try:
                conexion, _ = escucha.accept()
            except OSError:
                continue
            with conexion:
                try:
                    peticion = _leer_peticion(conexion)
                    recibidas.append(peticion)
                    responder(conexion, peticion)
                except OSError:
                    pass

    hilo = threading.Thread(target=atender, daemon=True)
    hilo.start()
    try:
        yield f"http://127.0.0.1:{escucha.getsockname()[1]}/sparql", recibidas
    finally:
        parar.set()
        hilo.join(5)
        escucha.close()


def _http(estado: str, cuerpo: bytes, tipo: str = "application/sparql-results+json", **cabeceras: str) -> Respuesta:
    def responder(conexion: socket.socket, _peticion: bytes) -> None:
        lineas = [f"HTTP/1.1 {estado}", f"Content-Type: {tipo}", f"Content-Length: {len(cuerpo)}", "Connection: close"]
        lineas += [f"{k.replace('_', '-')}: {v}" for k, v in cabeceras.items()]
        conexion.sendall(("\r\n".join(lineas) + "\r\n\r\n").encode() + cuerpo)
    return responder


def _crudo(texto: bytes) -> Respuesta:
    def responder(conexion: socket.socket, _peticion: bytes) -> None:
        conexion.sendall(texto)
    return responder


def _cuerpo_corto(conexion: socket.socket, _peticion: bytes) -> None:
    conexion.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 5000\r\n\r\n"
                     + JSON_BIEN[:40])


def _goteo(conexion: socket.socket, _peticion: bytes) -> None:
    conexion.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                     + str(len(JSON_BIEN)).encode() + b"\r\n\r\n")
    for byte in JSON_BIEN:  # un byte cada 0,2 s: cada lectura llega a tiempo, el total no
        conexion.sendall(bytes([byte]))
        time.sleep(0.2)


def _goteo_de_cabeceras(conexion: socket.socket, _peticion: bytes) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Relleno: " + b"x" * 200:
        conexion.sendall(bytes([byte]))
        time.sleep(0.2)


FALLAS: dict[str, tuple[Respuesta, str]] = {
    "cuerpo corto": (_cuerpo_corto, "llegó incompleta"),
    "línea de estado rota": (_crudo(b"HTTP/1.1 doscientos OK\r\n\r\n"), "algo que no es HTTP"),
    "sin línea de estado": (_crudo(b"hola\r\n\r\n"), "algo que no es HTTP"),
    "cierra sin responder": (_crudo(b""), "cortó la conexión al consultar sin responder"),
    "lista vacía": (_http("200 OK", b"[]"), "no es un objeto JSON"),
    "bindings de otra forma": (_http("200 OK", json.dumps({"head": {"vars": ["accion"]}, "results": {
        "bindings": [{"accion": "A1"}]}}).encode()), "no es un objeto con «value»"),
    "vars no es lista": (_http("200 OK", b'{"head": {"vars": "accion"}, "results": {"bindings": []}}'),
                         "no tienen la forma de SPARQL 1.1"),
    "JSON cortado": (_http("200 OK", JSON_BIEN[:50]), "el JSON está cortado"),
    "página HTML con 200": (_http("200 OK", b"<!DOCTYPE html><html><body>Portal cautivo</body></html>", "text/html"),
                            "respondió una página HTML"),
    "HTML sin tipo": (_http("200 OK", b"<html><body>Inicio</body></html>", "application/sparql-results+json"),
                      "respondió una página HTML"),
    "error 500 que repite la clave": (_http("500 Error", f"fallo interno con clave {CLAVE}".encode(), "text/plain"),
                                      "respondió HTTP 500"),
}

ORDENES = {
    "consultar": ["consultar", "acciones"],
    "sparql SELECT": ["sparql", "-e", "SELECT ?accion WHERE { ?s ?p ?accion }"],
    "sparql CONSTRUCT": ["sparql", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"],
    "brechas": ["brechas"],
}


def _invocar(orden: list[str], url: str, *opciones: str) -> Result:
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120", "GRAFO_USUARIO": "dba", "GRAFO_CLAVE": CLAVE})
    return runner.invoke(principal, [*orden, "--endpoint", url, *opciones])


def _afirmar_mensaje(resultado: Result, esperado: str) -> None:
    assert resultado.exit_code == 1, resultado.output
    assert esperado in resultado.stderr, resultado.stderr
    assert "Traceback" not in resultado.output and resultado.exception is None or \
        isinstance(resultado.exception, SystemExit)
    assert CLAVE not in resultado.output
    assert resultado.stdout == ""


@pytest.mark.parametrize("orden", list(ORDENES))
@pytest.mark.parametrize("falla", list(FALLAS))
def test_cada_falla_del_servidor_es_un_mensaje(falla: str, orden: str) -> None:
    responder, esperado = FALLAS[falla]
    with _servidor(responder) as (url, _):
        _afirmar_mensaje(_invocar(ORDENES[orden], url, "--tiempo-limite", "5"), esperado)


def test_falla_al_escribir_un_mapa_deja_el_anterior(tmp_path: Path) -> None:
    previo = tmp_path / "mapa.html"
    previo.write_text("anterior", encoding="utf-8")
    with _servidor(FALLAS["JSON cortado"][0]) as (url, _):
        resultado = _invocar(["mapa", "--salida", str(previo)], url)
    _afirmar_mensaje(resultado, "el JSON está cortado")
    assert previo.read_text(encoding="utf-8") == "anterior" and sorted(tmp_path.iterdir()) == [previo]


@pytest.mark.parametrize("responder", [_goteo, _goteo_de_cabeceras], ids=["cuerpo", "cabeceras"])
def test_el_tiempo_limite_acota_el_intercambio_entero(responder: Respuesta) -> None:
    with _servidor(responder) as (url, _):
        inicio = time.monotonic()
        resultado = _invocar(ORDENES["consultar"], url, "--tiempo-limite", "1")
        duracion = time.monotonic() - inicio
    _afirmar_mensaje(resultado, "no respondió en 1 s")
    assert duracion < 3, duracion  # el goteo entero dura más de 20 s


def test_x_sparql_maxrows_tambien_en_grafo_sparql() -> None:
    with _servidor(_http("200 OK", JSON_BIEN, X_SPARQL_MaxRows="1")) as (url, _):
        _afirmar_mensaje(_invocar(ORDENES["sparql SELECT"], url), "cortó el resultado en 1 filas")


def test_redireccion_a_otro_servidor_no_se_sigue() -> None:
    with _servidor(_http("200 OK", JSON_BIEN)) as (otro, recibidas_otro):
        with _servidor(_http("302 Found", b"", "text/plain", Location=otro)) as (url, recibidas):
            resultado = _invocar(ORDENES["consultar"], url)
    _afirmar_mensaje(resultado, f"respondió con una redirección (HTTP 302) a {otro}")
    assert len(recibidas) == 1 and recibidas_otro == []  # la consulta no viajó a otro lado


@pytest.mark.parametrize("forma", ["http://dba:{c}@127.0.0.1:1/sparql", "http://dba:{c}@[::1/sparql",
                                   "ftp://dba:{c}@servidor/sparql", "http://:{c}@127.0.0.1:99999/sparql"])
def test_clave_escrita_en_la_direccion_nunca_aparece(forma: str, tmp_path: Path) -> None:
    url = forma.format(c=CLAVE)
    for orden in (["consultar", "acciones"], ["publicar", "--datos", str(tmp_path)]):
        resultado = CliRunner(env={"GRAFO_USUARIO": None, "GRAFO_CLAVE": None}).invoke(
            principal, [*orden, "--endpoint", url])
        assert resultado.exit_code in (1, 2), resultado.output
        assert CLAVE not in resultado.output and "Traceback" not in resultado.output
        assert "GRAFO_CLAVE" in resultado.stderr or "no es una dirección" in resultado.stderr


# --- Digest (RFC 7616) -------------------------------------------------------------------------


def _digest(algoritmo: str, qop: str, hash_py: str) -> tuple[Respuesta, list[str]]:
    """Un servidor que pide Digest y comprueba la respuesta como lo manda RFC 7616."""
    vistos: list[str] = []

    def h(x: bytes) -> str:
        return hashlib.new(hash_py, x).hexdigest()

    def responder(conexion: socket.socket, peticion: bytes) -> None:
        cabeza, _, cuerpo = peticion.partition(b"\r\n\r\n")
        lineas = cabeza.decode().split("\r\n")
        metodo, uri, _ = lineas[0].split(" ")
        autorizacion = next((linea.split(":", 1)[1].strip() for linea in lineas
                             if linea.lower().startswith("authorization:")), "")
        if not autorizacion.startswith("Digest "):
            reto = f'Digest realm="grafo", nonce="n0nce", qop="{qop}", algorithm={algoritmo}, opaque="op"'
            conexion.sendall(f"HTTP/1.1 401 No\r\nWWW-Authenticate: {reto}\r\nContent-Length: 0\r\n\r\n".encode())
            return
        import urllib.request

        campos = urllib.request.parse_keqv_list(urllib.request.parse_http_list(autorizacion[7:]))
        a1 = h(f"dba:grafo:{CLAVE}".encode())
        a2 = f"{metodo}:{uri}" + (f":{h(cuerpo)}" if campos.get("qop") == "auth-int" else "")
        esperada = h(f"{a1}:n0nce:{campos['nc']}:{campos['cnonce']}:{campos['qop']}:{h(a2.encode())}".encode())
        vistos.append(campos.get("qop", ""))
        if campos.get("response") == esperada and campos.get("uri") == uri and campos.get("opaque") == "op":
            _http("200 OK", JSON_BIEN)(conexion, peticion)
        else:
            conexion.sendall(b"HTTP/1.1 401 No\r\nContent-Length: 0\r\n\r\n")
    return responder, vistos


@pytest.mark.parametrize(("algoritmo", "hash_py"), [("SHA-512", "sha512"), ("SHA-256", "sha256"),
                                                    ("SHA-512-256", "sha512_256"), ("MD5", "md5")])
@pytest.mark.parametrize("qop", ["auth-int", "auth"])
def test_digest_con_sha_512_y_auth_int(algoritmo: str, hash_py: str, qop: str) -> None:
    responder, vistos = _digest(algoritmo, qop, hash_py)
    with _servidor(responder) as (url, _):
        resultado = _invocar(ORDENES["consultar"], url, "--formato", "csv")
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout.splitlines()[1:] == ["A1"] and vistos == [qop]


def test_digest_con_un_algoritmo_desconocido_se_explica() -> None:
    responder, _ = _digest("SHA3-256", "auth", "sha3_256")
    with _servidor(responder) as (url, _):
        _afirmar_mensaje(_invocar(ORDENES["consultar"], url), "Digest con el algoritmo «SHA3-256»")
