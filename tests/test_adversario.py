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
    escritas = sorted(p.name for p in Path("f").glob("*.docx"))
    assert len(escritas) == len(filas) - 1  # una por institución: ninguna pisa a otra
    assert all(len(n) <= 120 for n in escritas)


def test_un_csv_con_mas_columnas_que_excel_es_un_error(datos_mini: Path) -> None:
    from grafo.errores import DatosInvalidos
    from grafo.paquete import fuentes

    (datos_mini / "ejes.csv").write_text("id,nombre,fuente" + ",x" * 20_000 + "\nE1,a,b\n", encoding="utf-8")
    with pytest.raises(DatosInvalidos) as error:  # antes: minutos (un millón de columnas, cuatro)
        fuentes.leer_paquete(datos_mini)
    assert "ejes.csv, fila 1: la fila tiene 20.003 celdas; Excel admite 16.384 columnas" in str(error.value)


# --- tercera pasada ---------------------------------------------------------------------------


def test_argumento_que_no_es_utf8(runner) -> None:
    import os as _os

    crudo = _os.fsdecode(b"\xff")  # como lo entrega Python: con un sustituto U+DCFF
    for orden in (["ruta", crudo, "IGM"], ["consultar", "mandatos-de-institucion", "-p", f"institucion={crudo}"],
                  ["sparql", "-e", f'ASK {{ ?s ?p "{crudo}" }}'], ["ficha", crudo]):
        resultado = runner.invoke(principal, [*orden, "--datos", str(MINI)])
        assert resultado.exit_code == 2 and "no es texto UTF-8" in resultado.stderr, resultado.output
        assert resultado.exception is None or isinstance(resultado.exception, SystemExit)


def test_una_terminal_en_lang_c_no_pierde_las_tildes() -> None:
    entorno = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    hecho = subprocess.run([sys.executable, "-m", "grafo", "buscar", "atitlán", "--formato", "csv"], cwd=RAIZ,
                           capture_output=True, env=entorno, check=False)
    assert hecho.returncode == 0, hecho.stderr
    assert len(hecho.stdout.splitlines()) > 1  # antes: 0 filas (el argumento llegaba como «atitl\udcc3\udca1n»)


@pytest.mark.parametrize("codificacion", ["cp1252", "utf-16"])
def test_guion_y_consulta_en_otra_codificacion(runner, tmp_path: Path, codificacion: str) -> None:
    guion = tmp_path / "g.toml"
    guion.write_text('titulo = "Presentación"\n[[paso]]\ntitulo = "Inicio"\nvista = "instituciones"\n',
                     encoding=codificacion)
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI), "--salida", "p.html"])
    assert resultado.exit_code == 0, resultado.output
    assert "Presentación" in Path("p.html").read_text(encoding="utf-8")
    consulta = tmp_path / "q.rq"
    consulta.write_text('ASK { ?s ?p "Migración" }', encoding=codificacion)
    resultado = runner.invoke(principal, ["sparql", str(consulta), "--datos", str(MINI)])
    assert resultado.exit_code == 0, resultado.output


def test_guion_roto_en_espanol_con_linea_y_columna(runner, tmp_path: Path) -> None:
    guion = tmp_path / "g.toml"
    guion.write_text('titulo = "x\n', encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "no es TOML válido cerca de la línea 1, columna 12" in resultado.stderr
    guion.write_text("z = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "anida demasiadas listas" in resultado.stderr


def test_guion_que_es_una_tuberia_no_cuelga(runner, tmp_path: Path) -> None:
    guion = tmp_path / "g.toml"
    os.mkfifo(guion)
    resultado = runner.invoke(principal, ["presentacion", str(guion), "--datos", str(MINI)])
    assert resultado.exit_code == 1 and "no es un archivo común" in resultado.stderr


def test_todo_sigue_si_un_paso_falla_de_forma_inesperada(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from grafo import productos

    def roto(*_: object, **__: object) -> None:
        raise RuntimeError("falla de prueba")

    monkeypatch.setattr(productos, "armar_fichas", roto)
    resultado = runner.invoke(principal, ["todo", "--datos", str(MINI), "--salidas", "s"])
    assert resultado.exit_code == 1 and "Error inesperado en «grafo fichas» (RuntimeError" in resultado.stderr
    assert Path("s/matrices.xlsx").exists() and Path("s/mapa.html").exists()  # los demás pasos siguieron
    assert "grafo todo" not in resultado.stderr.replace("Error", "")  # sin «Pruebe grafo todo X --ayuda»


def test_word_es_el_mismo_archivo_en_cada_corrida(runner) -> None:
    for nombre in ("a", "b"):
        assert runner.invoke(principal, ["ficha", "IGM", "--datos", str(MINI), "--salida", f"{nombre}.docx"]
                             ).exit_code == 0
        time.sleep(2.1)  # el zip guarda la hora con resolución de 2 s
    assert Path("a.docx").read_bytes() == Path("b.docx").read_bytes()


@pytest.mark.parametrize("revisiones", ["--upload-pack=touch /tmp/grafo-X..HEAD", "HEAD..--output=/tmp/grafo-X",
                                        "-c..HEAD", "HEAD...HEAD~1"])
def test_revisiones_de_git_que_serian_opciones(runner, revisiones: str) -> None:
    resultado = runner.invoke(principal, ["comparar", str(RAIZ / "datos"), "--git", revisiones])
    assert resultado.exit_code == 2 and "--abbrev" not in resultado.stderr
    assert not Path("/tmp/grafo-X").exists()


def test_carpeta_fuera_de_git(runner, datos_mini: Path) -> None:
    resultado = runner.invoke(principal, ["comparar", str(datos_mini), "--git", "HEAD~1..HEAD"])
    assert resultado.exit_code == 1 and "no está dentro de un repositorio de git" in resultado.stderr
    assert "fatal" not in resultado.stderr


@pytest.mark.parametrize(("url", "esperado"), [
    ("http://127.0.0.1:1/sparql", "la conexión fue rechazada"),
    ("http://nonexistent.invalid/sparql", "no se encontró ese nombre de servidor"),
    ("http://a..b/sparql", "no es una dirección válida"),
    ("http://127.0.0.1:1/ x", "no es una dirección válida"),
    ("http://" + "a" * 300 + "/sparql", "no es una dirección válida"),
])
def test_direcciones_de_servidor_en_espanol(url: str, esperado: str) -> None:
    resultado = CliRunner().invoke(principal, ["sparql", "-e", "ASK {}", "--endpoint", url, "--tiempo-limite", "5"])
    assert resultado.exit_code == 1 and esperado in resultado.stderr
    assert "Errno" not in resultado.stderr and "idna" not in resultado.stderr


@pytest.mark.parametrize(("pesos", "esperado"), [
    ("deportados_2025=1,deportados_2025=2", "tiene dos pesos"), (",,,", "no tiene ningún criterio=peso"),
    ("deportados_2025=1_0", "recibió «1_0»"), ("deportados_2025=١", "recibió «١»")])
def test_pesos_tan_estrictos_como_los_datos(runner, pesos: str, esperado: str) -> None:
    resultado = runner.invoke(principal, ["priorizar", "--datos", str(RAIZ / "datos"), "--pesos", pesos])
    assert resultado.exit_code == 1 and esperado in resultado.stderr


def test_reunion_sin_instituciones_y_en_singular(runner) -> None:
    vacia = runner.invoke(principal, ["reunion", "--datos", str(MINI), "--instituciones", ",,", "--salida", "r.docx"])
    assert vacia.exit_code == 2 and "-p " not in vacia.stderr and "IGM,COPRESAM" in vacia.stderr
    una = runner.invoke(principal, ["reunion", "--datos", str(MINI), "--instituciones", "IGM", "--salida", "r.docx"])
    assert una.exit_code == 0 and "(1 institución)" in una.stderr


def test_hoja_de_grafico_con_nombre_de_tabla(tmp_path: Path) -> None:
    import csv as _csv

    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    from grafo.errores import DatosInvalidos
    from grafo.paquete import fuentes

    libro = Workbook()
    libro.remove(libro.active)
    for ruta in sorted(MINI.glob("*.csv")):
        if ruta.stem != "ejes":
            hoja = libro.create_sheet(ruta.stem)
            for fila in _csv.reader(ruta.open(encoding="utf-8-sig")):
                hoja.append(fila)
    grafico = BarChart()
    grafico.add_data(Reference(libro["municipios"], min_col=3, min_row=1, max_row=3))
    libro.create_chartsheet("ejes").add_chart(grafico)
    libro.save(tmp_path / "g.xlsx")
    with pytest.raises(DatosInvalidos) as error:
        fuentes.leer_paquete(tmp_path / "g.xlsx")
    assert [str(p) for p in error.value.problemas] == [
        "g.xlsx, hoja «ejes»: es una hoja de gráfico, no una tabla. Cómo corregirlo: ponga la tabla «ejes» en una "
        "hoja de cálculo con ese nombre y cambie el nombre de la hoja del gráfico."]


@pytest.mark.parametrize(("parametro", "codigo"), [("noexiste=IGM", 2), ("institucion", 2), ("institucion=", 2),
                                                   ("institucion=IGM,DEPM", 2), ("institucion=NOEXISTE", 1)])
def test_un_p_mal_escrito_es_uso_y_un_id_desconocido_es_de_datos(runner, parametro: str, codigo: int) -> None:
    resultado = runner.invoke(principal, ["consultar", "mandatos-de-institucion", "-p", parametro, "--datos", str(MINI)])
    assert resultado.exit_code == codigo, resultado.output


def test_ruta_en_json_distingue_misma_institucion_de_sin_ruta(runner) -> None:
    import json

    misma = json.loads(runner.invoke(principal, ["ruta", "IGM", "IGM", "--datos", str(MINI), "--formato", "json"]
                                     ).stdout)
    suelta = json.loads(runner.invoke(principal, ["ruta", "IGM", "AMSCLAE", "--datos", str(MINI), "--formato",
                                                  "json"]).stdout)
    assert (misma["misma_institucion"], misma["conectadas"]) == (True, True) and misma["rutas"] == []
    assert (suelta["misma_institucion"], suelta["conectadas"]) == (False, False) and suelta["rutas"] == []


def test_una_celda_de_un_megabyte_se_lee_entera(datos_mini: Path) -> None:
    from grafo.paquete import fuentes

    # Antes: «mal formado (field larger than field limit (131072)) … revise las comillas», en inglés y culpando a
    # las comillas. Una celda larga se lee entera; las salidas de Excel la recortan a la vista con una nota.
    ruta = datos_mini / "instituciones.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    largo = "X" * 1_000_000
    lineas[2] = lineas[2].replace("Departamento de Estudios y Políticas Migratorias", largo)
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    paquete = fuentes.leer_paquete(datos_mini)
    assert largo in set(paquete.tablas["instituciones"].datos["nombre"])
