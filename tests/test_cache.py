"""La caché de almacenes (issue 20, punto 2): la misma respuesta que sin ella, nunca un almacén viejo o a medias.

Cada prueba usa su propia carpeta de caché (GRAFO_CACHE) para contar lo que se guarda.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grafo.cli import principal
from grafo.motores import cache
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI, RAIZ


@pytest.fixture
def en_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    carpeta = tmp_path / "cache"
    monkeypatch.setenv("GRAFO_CACHE", str(carpeta))
    return carpeta


def _cli(*orden: str) -> str:
    resultado = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(principal, list(orden))
    assert resultado.exit_code == 0, resultado.output
    return resultado.stdout


def _guardados(carpeta: Path) -> list[str]:
    return sorted(p.name for p in carpeta.iterdir()) if carpeta.is_dir() else []


def _construcciones(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cuenta las veces que se construye un grafo desde las tablas."""
    from grafo.rdf import almacen

    cuenta: list[int] = []
    original = almacen.construir

    def contar(*args, **kwargs):  # type: ignore[no-untyped-def]
        cuenta.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(almacen, "construir", contar)
    return cuenta


@pytest.mark.parametrize("nombre", ["acciones-sin-mandato", "vinculos-entre", "fundamentos"])
def test_con_y_sin_cache_la_misma_respuesta(en_cache: Path, datos_mini: Path, nombre: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    construcciones = _construcciones(monkeypatch)
    extra = ["-p", "instituciones=IGM,DEPM"] if nombre == "fundamentos" else []
    orden = ["consultar", nombre, *extra, "--datos", str(datos_mini), "--formato", "json"]
    primera = _cli(*orden)  # construye y guarda
    assert len(_guardados(en_cache)) == 1 and len(construcciones) == 1
    segunda = _cli(*orden)  # abre el almacén guardado: no construye
    assert len(construcciones) == 1
    assert segunda == primera == _cli(*orden, "--sin-cache")
    assert len(construcciones) == 2 and len(_guardados(en_cache)) == 1


def test_mapa_y_matriz_iguales_desde_la_cache(en_cache: Path, datos_mini: Path, tmp_path: Path) -> None:
    for paso in ("frio", "tibio"):
        _cli("mapa", "--datos", str(datos_mini), "--salida", str(tmp_path / f"{paso}.html"))
        _cli("matriz", "--datos", str(datos_mini), "--salida", str(tmp_path / f"{paso}.xlsx"))
    assert (tmp_path / "frio.html").read_bytes() == (tmp_path / "tibio.html").read_bytes()
    assert (tmp_path / "frio.xlsx").read_bytes() == (tmp_path / "tibio.xlsx").read_bytes()


def test_datos_cambiados_no_usan_el_almacen_viejo(en_cache: Path, datos_mini: Path) -> None:
    orden = ["consultar", "acciones", "--datos", str(datos_mini), "--formato", "csv"]
    antes = _cli(*orden)
    filas = leer_csv(datos_mini / "acciones.csv")
    filas[1][filas[0].index("descripcion")] = "Texto cambiado después"
    escribir_csv(datos_mini / "acciones.csv", filas)
    despues = _cli(*orden)
    assert "Texto cambiado después" in despues and antes != despues
    assert len(_guardados(en_cache)) == 2


def test_un_almacen_a_medias_o_ajeno_nunca_se_usa(en_cache: Path, datos_mini: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    orden = ["consultar", "acciones", "--datos", str(datos_mini), "--formato", "csv"]
    esperado = _cli(*orden, "--sin-cache")
    llave, _ = cache.clave(datos_mini)
    assert llave is not None
    destino = en_cache / llave
    construcciones = _construcciones(monkeypatch)
    casos = {
        "sin listo.json": lambda: (destino / "oxigraph").mkdir(parents=True),
        "listo.json de otra clave": lambda: (destino / cache.LISTO).write_text(
            json.dumps({"clave": "otra", "formato": cache.FORMATO}), encoding="utf-8"),
        "listo.json roto": lambda: (destino / cache.LISTO).write_text("{", encoding="utf-8"),
        "almacén dañado": lambda: ((destino / cache.LISTO).write_text(json.dumps(
            {"clave": llave, "formato": cache.FORMATO}), encoding="utf-8"),
            (destino / "oxigraph").mkdir(parents=True, exist_ok=True),
            (destino / "oxigraph" / "CURRENT").write_text("basura", encoding="utf-8")),
    }
    for caso, danar in casos.items():
        import shutil

        shutil.rmtree(en_cache, ignore_errors=True)
        destino.mkdir(parents=True)
        danar()
        antes = len(construcciones)
        resultado = CliRunner(env={"NO_COLOR": "1"}).invoke(principal, orden)
        assert resultado.exit_code == 0 and resultado.stdout == esperado, caso
        # Dicho, no callado: la entrada dañada se borró y el grafo se armó de nuevo.
        assert "estaba dañada" in resultado.stderr and str(destino) in resultado.stderr, caso
        assert len(construcciones) == antes + 1, caso  # se construyó de nuevo
        assert cache.abrir(llave) is not None, caso  # y quedó uno bueno en su lugar
        assert _cli(*orden) == esperado and len(construcciones) == antes + 1, caso


def test_kill_9_mientras_se_guarda(en_cache: Path, datos_mini: Path) -> None:
    codigo = ("import os\nfrom grafo.motores import cache\n"
              "def morir(*_a, **_k): os.kill(os.getpid(), 9)\n"
              "cache.json.dumps = morir\n"  # tras escribir las N-Triples, antes de listo.json
              "from grafo.cli import principal\n"
              f"principal(['consultar', 'acciones', '--datos', {str(datos_mini)!r}])\n")
    muerto = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, check=False,
                            env={**os.environ, "GRAFO_CACHE": str(en_cache)})
    assert muerto.returncode == -9
    assert [p for p in _guardados(en_cache) if p.startswith(".armando-")]  # quedó uno a medias
    esperado = _cli("consultar", "acciones", "--datos", str(datos_mini), "--formato", "csv", "--sin-cache")
    assert _cli("consultar", "acciones", "--datos", str(datos_mini), "--formato", "csv") == esperado
    assert not [p for p in _guardados(en_cache) if p.startswith(".")]  # y se limpió al guardar el bueno
    assert len(_guardados(en_cache)) == 1


def test_dos_ordenes_a_la_vez(en_cache: Path, datos_mini: Path) -> None:
    orden = [sys.executable, "-m", "grafo", "consultar", "vinculos-entre", "--datos", str(datos_mini),
             "--formato", "csv"]
    entorno = {**os.environ, "GRAFO_CACHE": str(en_cache)}
    procesos = [subprocess.Popen(orden, cwd=RAIZ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=entorno)
                for _ in range(4)]
    salidas = [p.communicate(timeout=120) for p in procesos]
    assert all(p.returncode == 0 for p in procesos), [e for _, e in salidas]
    assert len({s for s, _ in salidas}) == 1
    assert len(_guardados(en_cache)) == 1  # uno solo, sin carpetas a medias


def test_sin_cache_no_guarda_nada(en_cache: Path, datos_mini: Path) -> None:
    _cli("consultar", "acciones", "--datos", str(datos_mini), "--sin-cache")
    _cli("brechas", "--datos", str(datos_mini), "--sin-cache")
    assert _guardados(en_cache) == []
    # Y el flag no queda puesto para la orden siguiente del mismo proceso.
    _cli("consultar", "acciones", "--datos", str(datos_mini))
    assert len(_guardados(en_cache)) == 1


def test_se_guardan_los_ultimos_y_la_orden_cache_los_muestra_y_borra(en_cache: Path, datos_mini: Path) -> None:
    for i in range(cache.GUARDADOS + 2):
        filas = leer_csv(datos_mini / "ejes.csv")
        filas[1][1] = f"Eje versión {i}"
        escribir_csv(datos_mini / "ejes.csv", filas)
        _cli("consultar", "ejes", "--datos", str(datos_mini))
    assert len(_guardados(en_cache)) == cache.GUARDADOS
    listado = _cli("cache")
    assert str(en_cache) in listado and f"{cache.GUARDADOS} almacenes guardados" in listado
    resultado = CliRunner().invoke(principal, ["cache", "--borrar"])
    assert resultado.exit_code == 0 and "Caché borrada" in resultado.stderr and _guardados(en_cache) == []


def test_avisos_de_la_lectura_tambien_desde_la_cache(en_cache: Path, datos_mini: Path) -> None:
    ruta = datos_mini / "ejes.csv"
    ruta.write_text("Ejes de la política\n\n" + ruta.read_text(encoding="utf-8-sig"), encoding="utf-8")
    for _ in range(2):
        resultado = CliRunner().invoke(principal, ["consultar", "ejes", "--datos", str(datos_mini)])
        assert resultado.exit_code == 0 and "Aviso:" in resultado.stderr


def test_la_salida_no_pisa_los_datos_aunque_vengan_de_la_cache(en_cache: Path, datos_mini: Path) -> None:
    _cli("consultar", "instituciones", "--datos", str(datos_mini))
    resultado = CliRunner().invoke(principal, ["consultar", "instituciones", "--datos", str(datos_mini),
                                               "--salida", str(datos_mini / "instituciones.csv")])
    assert resultado.exit_code == 1 and "es uno de los archivos de datos" in resultado.stderr


def test_grafo_grande_pocas_consultas_abre_el_almacen_en_disco(en_cache: Path, datos_mini: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Sobre un grafo «grande» (aquí el umbral se baja a 0) consultar abre el Oxigraph en disco, solo lectura; un
    mapa carga la copia en memoria. Los dos dan lo mismo que sin caché, y uno dañado no se usa."""
    import pyoxigraph as ox

    monkeypatch.setattr(cache, "GRANDE", 0)
    orden = ["consultar", "acciones-sin-mandato", "--datos", str(datos_mini), "--formato", "json"]
    esperado = _cli(*orden, "--sin-cache")
    assert _cli(*orden) == esperado  # construye, y guarda las N-Triples y (por ser grande) el almacén en disco
    llave, _ = cache.clave(datos_mini)
    assert llave is not None and (en_cache / llave / cache.DISCO).is_dir()  # la consulta siguiente ya lo abre
    shutil.rmtree(en_cache / llave / cache.DISCO)  # una entrada sin él (de una versión anterior, o borrado)
    assert _cli(*orden) == esperado  # carga en memoria y lo arma de nuevo para la próxima
    assert (en_cache / llave / cache.DISCO).is_dir() and not list((en_cache / llave).glob("*.armando-*"))
    en_disco = cache.abrir(llave, pocas_consultas=True)
    en_memoria = cache.abrir(llave)
    assert en_disco is not None and en_memoria is not None
    with pytest.raises((OSError, RuntimeError)):  # el de disco es de solo lectura: ninguna orden lo cambia
        en_disco.almacen.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    en_memoria.almacen.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    del en_disco, en_memoria
    assert _cli(*orden) == esperado
    (en_cache / llave / cache.TRIPLETAS).write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")  # copia cortada
    # Cada archivo con su sello: las tripletas cortadas no se cargan; la entrada se borra entera.
    with pytest.raises(cache.Danada, match="tripletas"):
        cache.abrir(llave)
    assert not (en_cache / llave).exists() and cache.abrir(llave, pocas_consultas=True) is None


def test_nunca_borra_lo_que_no_es_de_grafo(en_cache: Path, datos_mini: Path) -> None:
    """Un GRAFO_CACHE mal puesto (la carpeta de inicio, la de datos) no pierde nada del usuario."""
    import time as _time

    ajenas = [en_cache / "fotos", en_cache / "proyecto", en_cache / ("a" * 24 + "x")]
    for carpeta in ajenas:
        carpeta.mkdir(parents=True)
        (carpeta / "a.jpg").write_bytes(b"x")
        os.utime(carpeta, (_time.time() - 7200, _time.time() - 7200))
    _cli("resumen", "--datos", str(datos_mini))
    resultado = CliRunner().invoke(principal, ["cache", "--borrar"])
    assert resultado.exit_code == 0 and "Caché borrada: 1 entrada " in resultado.stderr  # la suya, nada más
    assert all((c / "a.jpg").exists() for c in ajenas)
    assert [p.name for p in en_cache.iterdir() if p not in ajenas] == []


def test_avisos_desde_la_cache_sin_secuencias_de_escape(en_cache: Path, datos_mini: Path) -> None:
    ruta = datos_mini / "temas.csv"
    filas = leer_csv(ruta)
    escribir_csv(ruta, [[*filas[0], "", "\x1b[31mROJO\x1b]0;T\x07"], *filas[1:]])
    salidas = [CliRunner().invoke(principal, ["resumen", "--datos", str(datos_mini)]).stderr for _ in range(2)]
    assert salidas[0] == salidas[1] and "ROJO" in salidas[0]
    assert not any(c in salidas[1] for c in "\x1b\x07")


def test_una_copia_cambiada_con_las_mismas_tripletas_no_se_usa(en_cache: Path, datos_mini: Path) -> None:
    orden = ["consultar", "ejes", "--datos", str(datos_mini), "--formato", "csv"]
    esperado = _cli(*orden)
    llave, _ = cache.clave(datos_mini)
    copia = en_cache / str(llave) / cache.TRIPLETAS
    copia.write_bytes(copia.read_bytes().replace("Integración".encode(), "HACKEADA!!".encode()))
    assert _cli(*orden) == esperado  # se construyó de nuevo


def test_cambiar_cualquier_codigo_cambia_la_clave(en_cache: Path, datos_mini: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """texto.py (ficha, sin_tildes) entra en el mapeo: un cambio ahí es otro grafo."""
    cache._huella_codigo.cache_clear()  # se calcula una vez por proceso
    antes, _ = cache.clave(datos_mini)
    original = Path.read_bytes

    def leer(ruta: Path) -> bytes:
        contenido = original(ruta)
        return contenido + b"\n# cambiado" if ruta.name == "texto.py" and ruta.parent.name == "grafo" else contenido

    monkeypatch.setattr(Path, "read_bytes", leer)
    cache._huella_codigo.cache_clear()
    despues, _ = cache.clave(datos_mini)
    cache._huella_codigo.cache_clear()
    assert antes != despues


@pytest.mark.parametrize(("valor", "sin"), [("1", True), ("si", True), ("true", True), ("0", False), ("no", False),
                                            ("", False)])
def test_grafo_sin_cache_lee_su_valor(monkeypatch: pytest.MonkeyPatch, valor: str, sin: bool) -> None:
    monkeypatch.setenv("GRAFO_SIN_CACHE", valor)
    assert cache.apagada() is sin


@pytest.mark.parametrize("cambio", [{"avisos": None}, {"avisos": 5}, {"avisos": [3]}, {"version": None},
                                    {"avisos": ["tabla.csv, fila 2: AVISO FALSO"]}, {"version": "otra"}])
def test_lo_que_dice_listo_json_tambien_va_sellado(en_cache: Path, datos_mini: Path, cambio: dict) -> None:
    """Un listo.json con avisos que no son texto daba un TypeError en cada orden; uno con un aviso inventado lo
    mostraba como si viniera de los datos. El sello cubre las tripletas y lo que dijo la lectura."""
    orden = ["resumen", "--datos", str(datos_mini)]
    antes = CliRunner().invoke(principal, orden)
    assert antes.exit_code == 0, antes.output
    llave, _ = cache.clave(datos_mini)
    listo = en_cache / str(llave) / cache.LISTO
    listo.write_text(json.dumps({**json.loads(listo.read_text(encoding="utf-8")), **cambio}), encoding="utf-8")
    despues = CliRunner().invoke(principal, orden)
    assert despues.exit_code == 0 and despues.exception is None, despues.output
    assert despues.stdout == antes.stdout and "FALSO" not in despues.stderr
    assert cache.abrir(str(llave)) is not None  # se armó de nuevo, entero


def test_un_almacen_en_disco_sin_current_se_borra_y_no_se_reconstruye_el_grafo(
        en_cache: Path, datos_mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Antes, un almacén en disco sin su CURRENT nunca se borraba y cada orden volvía a construir el grafo (3,5 a
    4,7 s en vez de 0,4 s). Ahora se borra; las tripletas selladas sirven y el de disco se arma de nuevo."""
    orden, esperado, disco = _con_disco(datos_mini, monkeypatch)
    assert (disco / "CURRENT").is_file()
    (disco / "CURRENT").unlink()
    construcciones = _construcciones(monkeypatch)
    for _ in range(2):
        assert _cli(*orden) == esperado
        cache.esperar()
    assert construcciones == []  # ni una vez: las tripletas de la entrada estaban enteras
    assert (disco / "CURRENT").is_file()  # y el de disco, armado de nuevo


def _con_disco(datos: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], str, Path]:
    """Una consulta cuyo grafo queda en la caché con su almacén en disco (umbral bajado a 0)."""
    monkeypatch.setattr(cache, "GRANDE", 0)
    orden = ["consultar", "acciones", "--datos", str(datos), "--formato", "csv"]
    esperado = _cli(*orden, "--sin-cache")
    _cli(*orden)
    _cli(*orden)  # arma el de disco
    cache.esperar()
    llave, _ = cache.clave(datos)
    disco = cache.carpeta() / str(llave) / cache.DISCO
    assert (disco / cache.SELLO_DISCO).is_file()
    return orden, esperado, disco


def test_un_almacen_en_disco_copiado_de_otros_datos_no_se_usa(en_cache: Path, datos_mini: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Antes, el Oxigraph en disco de la entrada de otro paquete, copiado en esta, respondía con las filas del
    otro paquete, sin error. Ahora su sello repite el de su entrada: no pasa, se borra y se dice."""
    import shutil

    otros = tmp_path / "otros"
    shutil.copytree(datos_mini, otros)
    filas = leer_csv(otros / "acciones.csv")
    filas[1][filas[0].index("descripcion")] = "FILA DE OTRO PAQUETE"
    escribir_csv(otros / "acciones.csv", filas)
    _, _, disco_ajeno = _con_disco(otros, monkeypatch)
    orden, esperado, disco = _con_disco(datos_mini, monkeypatch)
    shutil.rmtree(disco)
    shutil.copytree(disco_ajeno, disco)
    construcciones = _construcciones(monkeypatch)
    resultado = CliRunner(env={"NO_COLOR": "1"}).invoke(principal, orden)
    assert resultado.exit_code == 0 and resultado.stdout == esperado
    assert "FILA DE OTRO PAQUETE" not in resultado.stdout and "no pasó su sello" in resultado.stderr
    assert construcciones == []  # sus tripletas sí pasaron: se cargaron, sin leer las tablas
    cache.esperar()
    assert _cli(*orden) == esperado and (disco / cache.SELLO_DISCO).is_file()  # y se armó de nuevo, el suyo


@pytest.mark.parametrize("danar", ["sst", "current", "sello"])
def test_bytes_cambiados_en_el_almacen_en_disco(en_cache: Path, datos_mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                danar: str) -> None:
    """Bytes cambiados en un .sst daban «pasó el tiempo límite» tras 30 s, o un RuntimeError (Corruption: block
    checksum mismatch) de `grafo sparql`. Ahora el sha256 de cada archivo se comprueba al abrir."""
    orden, esperado, disco = _con_disco(datos_mini, monkeypatch)
    if danar == "sst":
        for sst in disco.glob("*.sst"):  # un byte en medio de cada uno: toda consulta lee alguno
            crudo = bytearray(sst.read_bytes())
            crudo[len(crudo) // 3] ^= 0xFF
            sst.write_bytes(bytes(crudo))
    elif danar == "current":
        (disco / "CURRENT").write_text("MANIFEST-999999\n", encoding="utf-8")
    else:
        (disco / cache.SELLO_DISCO).unlink()
    avisos = []
    for orden_ in (orden, ["sparql", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--datos", str(datos_mini)]):
        resultado = CliRunner(env={"NO_COLOR": "1"}).invoke(principal, orden_)
        assert resultado.exit_code == 0 and resultado.exception is None, resultado.output
        avisos.append("no pasó su sello" in resultado.stderr)
        cache.esperar()
    assert avisos == [True, False]  # dicho una vez; la orden siguiente ya abre el almacén armado de nuevo
    resultado = CliRunner(env={"NO_COLOR": "1"}).invoke(principal, orden)
    assert resultado.stdout == esperado and "Traceback" not in resultado.output


def test_un_archivo_cambiado_mientras_se_lee_no_queda_con_la_clave_de_antes(
        en_cache: Path, datos_mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Antes, un archivo cambiado entre el cálculo de la clave y la lectura dejaba las filas nuevas guardadas
    con la clave de los archivos viejos, servidas después para ellos. Ahora la clave es la de lo leído."""
    ruta = datos_mini / "acciones.csv"
    viejo = ruta.read_bytes()
    filas = leer_csv(ruta)
    filas[1][filas[0].index("descripcion")] = "CAMBIADA MIENTRAS SE LEÍA"
    escribir_csv(ruta, filas)
    nuevo = ruta.read_bytes()
    ruta.write_bytes(viejo)
    orden = ["consultar", "acciones", "--datos", str(datos_mini), "--formato", "csv"]
    esperado_viejo = _cli(*orden, "--sin-cache")
    resumir = cache.resumir

    def y_cambiar(datos: Path) -> dict[Path, str] | None:
        resumenes = resumir(datos)
        ruta.write_bytes(nuevo)  # justo después de la clave, antes de la lectura
        return resumenes

    monkeypatch.setattr(cache, "resumir", y_cambiar)
    assert "CAMBIADA MIENTRAS SE LEÍA" in _cli(*orden)  # la orden responde con lo que leyó
    cache.esperar()
    monkeypatch.setattr(cache, "resumir", resumir)
    assert cache.clave(datos_mini)[0] in _guardados(en_cache)  # guardado con la clave de lo leído
    ruta.write_bytes(viejo)
    assert _cli(*orden) == esperado_viejo  # y para los archivos viejos, nunca las filas nuevas


def test_el_libro_se_lee_una_vez_y_su_clave_es_la_de_esos_bytes(en_cache: Path, datos_mini: Path,
                                                                tmp_path: Path) -> None:
    from grafo.archivos import huella
    from grafo.paquete import fuentes

    libro = tmp_path / "datos.xlsx"
    _cli("plantilla", "--datos", str(datos_mini), "--salida", str(libro))
    paquete = fuentes.leer_paquete(libro)
    assert paquete.leidos == {"datos.xlsx": huella(libro.read_bytes())}
    assert cache.llave_de(paquete.leidos) == cache.clave(libro)[0]


def test_el_almacen_en_disco_por_trozos_tiene_las_mismas_tripletas(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Por trozos de líneas enteras (aquí de 40 kB: unos quince, cada uno cortado a mitad de línea) el almacén en
    disco tiene las mismas tripletas que las N-Triples: ninguna partida, perdida ni repetida."""
    import pyoxigraph as ox

    import grafo
    from grafo.motores import disco

    nt = tmp_path / "t.nt"
    nt.write_bytes(grafo.abrir(MINI, cache=False).preparar().fuente.volcar())
    monkeypatch.setattr(disco, "TROZO", 40_000)
    assert len(list(disco._trozos(nt))) > 10
    disco.armar(tmp_path, nt, "sello")
    leido = ox.Store.read_only(str(tmp_path / disco.DISCO))
    esperado = ox.Store()
    esperado.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    assert len(leido) == len(esperado) > 100
    assert set(leido) == set(esperado)
