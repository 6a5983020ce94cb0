"""Lo que encontró la segunda pasada adversaria del issue 19; cada prueba falló antes de su arreglo.

Un SERVICE tras un comentario que acaba en CR, salidas que reemplazaban /dev/null, una tubería, un
enlace o los datos mismos, secuencias de escape en los mensajes de error, una consulta anidada que
tumbaba a Oxigraph, la revisión de 7 MB de consulta sin tiempo límite, fichas que chocaban o
quedaban a medias, fechas antes de 1900, respuestas sin tope, claves cortas, diagnósticos en inglés.
"""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grafo.cli import principal
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI, RAIZ
from tests.test_servidor_fallas import CLAVE, JSON_BIEN, _afirmar_mensaje, _http, _invocar, _servidor

# --- grafo sparql ------------------------------------------------------------------------------


class _Escucha:
    """Un puerto que anota si alguien se conectó (un SERVICE que se escapa llegaría aquí)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(4)
        self.socket.settimeout(0.2)
        self.conexiones = 0
        self._parar = threading.Event()
        self._hilo = threading.Thread(target=self._atender, daemon=True)
        self._hilo.start()

    def _atender(self) -> None:
        while not self._parar.is_set():
            try:
                conexion, _ = self.socket.accept()
            except OSError:
                continue
            self.conexiones += 1
            conexion.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/s"

    def cerrar(self) -> None:
        self._parar.set()
        self._hilo.join(2)
        self.socket.close()


@pytest.mark.parametrize("forma", [
    "SELECT ?a WHERE {{ # x\r SERVICE <{u}> {{ ?a ?b ?c }} \n }}",
    "ASK {{ # x\r SERVICE <{u}> {{ ?a ?b ?c }} }}",
    "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ #\rSERVICE <{u}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # \r\n }} # \r",  # un CR suelto al final no es motivo de rechazo
])
def test_un_cr_suelto_no_esconde_un_service(runner, forma: str) -> None:
    escucha = _Escucha()
    try:
        texto = forma.format(u=escucha.url)
        resultado = runner.invoke(principal, ["sparql", "-e", texto, "--datos", str(MINI), "--formato", "csv"])
    finally:
        escucha.cerrar()
    assert escucha.conexiones == 0
    if "SERVICE" in texto:
        assert resultado.exit_code == 1 and "«SERVICE» consulta otro servidor" in resultado.stderr
    else:
        assert resultado.exit_code == 0, resultado.output


def test_una_actualizacion_tras_un_cr_tambien_se_rechaza(runner) -> None:
    resultado = runner.invoke(principal, ["sparql", "-e", "ASK {} # x\r INSERT DATA { <a:b> <a:c> <a:d> }",
                                          "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "«INSERT» modificaría el grafo" in resultado.stderr


def test_caracteres_de_control_en_la_consulta(runner) -> None:
    resultado = runner.invoke(principal, ["sparql", "-e", "SELECT * WHERE { ?s ?p ?o \x0b}", "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "U+000B" in resultado.stderr


def test_consulta_muy_anidada_es_un_mensaje_y_no_un_segfault(tmp_path: Path) -> None:
    consulta = tmp_path / "honda.rq"
    consulta.write_text("SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000, encoding="utf-8")
    hecho = subprocess.run([sys.executable, "-m", "grafo", "sparql", str(consulta), "--datos", str(MINI)],
                           cwd=RAIZ, capture_output=True, text=True, timeout=120, check=False)
    assert hecho.returncode == 1, hecho.stderr  # antes: 139 (segfault en el analizador de Oxigraph)
    assert "anida 5000 niveles" in hecho.stderr
    # Una anidación de consulta real sigue andando.
    consulta.write_text("SELECT * WHERE " + "{" * 20 + "?s ?p ?o" + "}" * 20 + " LIMIT 1", encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "grafo", "sparql", str(consulta), "--datos", str(MINI)],
                          cwd=RAIZ, capture_output=True, timeout=120, check=False).returncode == 0


def test_la_revision_de_una_consulta_enorme_cuenta_en_el_tiempo_limite(tmp_path: Path) -> None:
    consulta = tmp_path / "grande.rq"
    consulta.write_text("SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(400_000))
                        + " } }", encoding="utf-8")
    inicio = time.monotonic()
    hecho = subprocess.run([sys.executable, "-m", "grafo", "sparql", str(consulta), "--datos", str(MINI),
                            "--tiempo-limite", "2"], cwd=RAIZ, capture_output=True, text=True, timeout=180,
                           check=False)
    assert hecho.returncode == 1 and "pasó el tiempo límite de 2 s" in hecho.stderr
    assert time.monotonic() - inicio < 20  # antes: 41 s, revisando sin límite


# --- salidas que no son archivos comunes ---------------------------------------------------------


def test_un_dispositivo_se_escribe_sin_reemplazarlo(runner, tmp_path: Path) -> None:
    """Como `--salida /dev/null`, sobre una copia del dispositivo en la carpeta de la prueba: si el arreglo
    se perdiera, la prueba no reemplazaría el /dev/null de la máquina (lo hizo una vez, como root)."""
    import stat

    nulo = tmp_path / "nulo"
    try:
        os.mknod(nulo, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(nulo)  # sin permiso para crear dispositivos: una tubería, que tampoco es un archivo común
        threading.Thread(target=nulo.read_bytes, daemon=True).start()
    antes = os.stat(nulo)
    resultado = runner.invoke(principal, ["construir", "--datos", str(MINI), "--salida", str(nulo)])
    assert resultado.exit_code == 0, resultado.output
    despues = os.stat(nulo)
    assert (despues.st_mode, despues.st_rdev, despues.st_ino) == (antes.st_mode, antes.st_rdev, antes.st_ino)


def test_una_tuberia_recibe_la_salida(runner, tmp_path: Path) -> None:
    tuberia = tmp_path / "p.csv"
    os.mkfifo(tuberia)
    leido: list[bytes] = []
    lector = threading.Thread(target=lambda: leido.append(tuberia.read_bytes()), daemon=True)
    lector.start()
    resultado = runner.invoke(principal, ["consultar", "instituciones", "--datos", str(MINI), "--salida", str(tuberia)])
    lector.join(10)
    assert resultado.exit_code == 0 and leido and leido[0].startswith(b"\xef\xbb\xbfinstitucion,")
    assert tuberia.is_fifo()


def test_un_enlace_se_sigue(runner, tmp_path: Path) -> None:
    (tmp_path / "enlace.ttl").symlink_to("destino.ttl")
    assert runner.invoke(principal, ["construir", "--datos", str(MINI), "--salida", "enlace.ttl"]).exit_code == 0
    assert (tmp_path / "enlace.ttl").is_symlink() and b"gr:" in (tmp_path / "destino.ttl").read_bytes()


def test_no_se_escribe_encima_de_los_datos(runner, datos_mini: Path) -> None:
    antes = (datos_mini / "instituciones.csv").read_bytes()
    for orden in (["consultar", "instituciones"], ["analizar"]):
        resultado = runner.invoke(principal, [*orden, "--datos", str(datos_mini),
                                              "--salida", str(datos_mini / "instituciones.csv")])
        assert resultado.exit_code == 1 and "es uno de los archivos de datos" in resultado.stderr
    assert (datos_mini / "instituciones.csv").read_bytes() == antes


def test_salida_guion_es_la_salida_estandar(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "instituciones", "--datos", str(MINI), "--formato", "csv",
                                          "--salida", "-"])
    assert resultado.exit_code == 0 and resultado.stdout.startswith("institucion,") and not Path("-").exists()


# --- mensajes de error sin secuencias de escape --------------------------------------------------


@pytest.mark.parametrize("veneno", ["ti\x1b[2J\x1b[31mpo", "ti\x1b]0;PWNED\x07po", "ti\x1b]52;c;ZXZpbA==\x07po\u202e"])
def test_mensajes_de_error_sin_escapes_de_la_terminal(runner, datos_mini: Path, veneno: str) -> None:
    filas = leer_csv(datos_mini / "instituciones.csv")
    filas.append([*["X3", "Nueva", veneno, "nacional", "", "f"], *[""] * (len(filas[0]) - 6)][: len(filas[0])])
    escribir_csv(datos_mini / "instituciones.csv", filas)
    resultado = runner.invoke(principal, ["construir", "--datos", str(datos_mini)])
    assert resultado.exit_code == 1
    assert not any(c in resultado.stderr for c in "\x1b\x07\u202e") and "columna «tipo»" in resultado.stderr


def test_mensaje_del_servidor_sin_escapes() -> None:
    with _servidor(_http("500 Error", "fallo \x1b]0;PWNED\x07 \u202e interno".encode(), "text/plain")) as (url, _):
        resultado = _invocar(["consultar", "acciones"], url)
    _afirmar_mensaje(resultado, "respondió HTTP 500")
    assert not any(c in resultado.stderr for c in "\x1b\x07\u202e")


# --- servidores: tope, compresión, claves cortas, diagnósticos ---------------------------------


def test_respuesta_enorme_se_corta_con_un_mensaje(monkeypatch: pytest.MonkeyPatch) -> None:
    from grafo.motores import protocolo

    monkeypatch.setattr(protocolo, "MAXIMO_RESPUESTA", 2**20)
    enorme = b'{"head": {"vars": ["a"]}, "results": {"bindings": [' + b'{"a": {"type": "literal", "value": "x"}},' \
        * 60_000 + b"{}]}}"
    with _servidor(_http("200 OK", enorme)) as (url, _):
        _afirmar_mensaje(_invocar(["consultar", "acciones"], url), "pasa de 1 MiB y se cortó")


def test_respuesta_gzip_se_lee() -> None:
    with _servidor(_http("200 OK", gzip.compress(JSON_BIEN), Content_Encoding="gzip")) as (url, _):
        resultado = _invocar(["consultar", "acciones", "--formato", "csv"], url)
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout.splitlines()[1:] == ["A1"]


def test_una_clave_corta_repetida_por_el_servidor_no_se_muestra() -> None:
    with _servidor(_http("500 Error", b"bad creds: dba:ab", "text/plain")) as (url, _):
        resultado = CliRunner(env={"GRAFO_USUARIO": "dba", "GRAFO_CLAVE": "ab"}).invoke(
            principal, ["consultar", "acciones", "--endpoint", url])
    assert resultado.exit_code == 1 and "dba:ab" not in resultado.output
    assert "no se muestra: repite la clave" in resultado.stderr


def test_json_demasiado_anidado_en_espanol() -> None:
    with _servidor(_http("200 OK", b"[" * 100_000 + b"]" * 100_000)) as (url, _):
        _afirmar_mensaje(_invocar(["consultar", "acciones"], url), "el JSON anida demasiados niveles")


def test_usuario_que_digest_no_puede_enviar() -> None:
    from tests.test_servidor_fallas import _digest

    responder, _ = _digest("MD5", "auth", "md5")
    with _servidor(responder) as (url, _):
        resultado = CliRunner(env={"GRAFO_USUARIO": "usuario€", "GRAFO_CLAVE": CLAVE}).invoke(
            principal, ["consultar", "acciones", "--endpoint", url])
    assert resultado.exit_code == 1 and "Digest no puede enviar" in resultado.stderr


def test_grafo_endpoint_con_basura_nombra_la_variable() -> None:
    resultado = CliRunner(env={"GRAFO_ENDPOINT": "basura"}).invoke(principal, ["consultar", "acciones"])
    assert resultado.exit_code == 2 and "GRAFO_ENDPOINT" in resultado.stderr


# --- el paquete ----------------------------------------------------------------------------------


def test_fechas_antes_de_1900_se_rechazan(datos_mini: Path) -> None:
    from grafo.errores import DatosInvalidos
    from grafo.paquete import fuentes

    filas = leer_csv(datos_mini / "instrumentos.csv")
    filas[1][filas[0].index("fecha")] = "0001-01-01"
    escribir_csv(datos_mini / "instrumentos.csv", filas)
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(datos_mini)
    assert "«0001-01-01» está fuera de 1900–2200" in str(error.value)


def test_ids_que_solo_difieren_en_mayusculas(datos_mini: Path) -> None:
    from grafo.errores import DatosInvalidos
    from grafo.paquete import fuentes

    filas = leer_csv(datos_mini / "temas.csv")
    copia = list(filas[1])
    copia[0] = copia[0].lower()
    escribir_csv(datos_mini / "temas.csv", [*filas, copia])
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(datos_mini)
    assert f"el id «{copia[0]}» solo difiere en mayúsculas o tildes de «{filas[1][0]}» (fila 2)" in str(error.value)


def test_bom_a_mitad_de_archivo_no_entra_en_el_id(datos_mini: Path) -> None:
    from grafo.paquete import fuentes

    ruta = datos_mini / "ejes.csv"
    ruta.write_bytes(ruta.read_bytes().rstrip(b"\n") + b"\n\xef\xbb\xbfE9,Eje nuevo,Miniatura de prueba\n")
    ids = fuentes.leer_paquete(datos_mini).tablas["ejes"].datos["id"].tolist()
    assert "E9" in ids and not any("\ufeff" in i for i in ids)


def test_fichas_con_nombres_que_chocarian_o_demasiado_largos(runner, datos_mini: Path) -> None:
    filas = leer_csv(datos_mini / "instituciones.csv")
    for ident in ("A/B", "A?B", "L" * 300):
        filas.append([{"id": ident, "nombre": "Nombre", "tipo": "ministerio", "nivel": "nacional"}.get(c, "")
                      for c in filas[0]])
    escribir_csv(datos_mini / "instituciones.csv", filas)
    resultado = runner.invoke(principal, ["fichas", "--datos", str(datos_mini), "--carpeta", "f"])
    assert resultado.exit_code == 0, resultado.output
    escritas = sorted(p.name for p in Path("f").iterdir())
    assert len(escritas) == len(filas) - 1  # una por institución: ninguna pisa a otra
    assert all(len(n) <= 120 for n in escritas)


def test_un_csv_con_mas_columnas_que_excel_es_un_error(datos_mini: Path) -> None:
    from grafo.errores import DatosInvalidos
    from grafo.paquete import fuentes

    (datos_mini / "ejes.csv").write_text("id,nombre,fuente" + ",x" * 20_000 + "\nE1,a,b\n", encoding="utf-8")
    with pytest.raises(DatosInvalidos) as error:  # antes: minutos (un millón de columnas, cuatro)
        fuentes.leer_paquete(datos_mini)
    assert "ejes.csv, fila 1: la fila tiene 20.003 celdas; Excel admite 16.384 columnas" in str(error.value)
