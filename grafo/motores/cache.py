"""El grafo construido una vez por versión de los datos: sus N-Triples, que una orden carga en memoria en vez
de leer las tablas y construir (19 ms en datos/, 2,8 s a un millón de tripletas contra 6 s), y para un grafo
grande un Oxigraph en disco, que una orden de pocas consultas abre en 20 ms.

La clave es un resumen de los bytes de cada archivo de datos y del código que los convierte en
tripletas (lectura, mapeo, ontología): mismos archivos y mismo grafo dan la misma clave, y un
cambio en cualquiera da otra; el grafo se guarda con la clave de los bytes que la lectura leyó. Cada
almacén se arma en una carpeta temporal que se renombra al final, con `listo.json` escrito antes:
otra orden ve el almacén entero o no lo ve; uno a medias (kill -9, corte de luz) nunca se usa y se
borra después. Dos órdenes que lo arman a la vez no se pisan: la primera en renombrar gana.
Cada archivo de una entrada va sellado (listo.json, sus tripletas, cada archivo del almacén en disco, que
repite el sello de su entrada): una que no pasa su sello se borra y se arma de nuevo, con un aviso.

Dónde: `GRAFO_CACHE`, o la carpeta de caché del usuario (`~/.cache/grafo` en Linux,
`%LOCALAPPDATA%\\grafo\\cache` en Windows). Se guardan los últimos `GUARDADOS`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from grafo.archivos import huella, no_es_de_datos, proceso_vivo, puede_tener_nodos_en_blanco
from grafo.motores.disco import DISCO, SELLO_DISCO, armar  # noqa: F401 (SELLO_DISCO: el nombre que ven las pruebas)
from grafo.motores.disco import abrir as abrir_disco
from grafo.texto import es_si

VARIABLE = "GRAFO_CACHE"
APAGAR = "GRAFO_SIN_CACHE"
FORMATO = 5  # cambia si cambia lo que se guarda (5: listo.json sellado aparte de sus tripletas; el disco, con su sello)
GUARDADOS = 4
VIEJO = 3600.0  # s: una carpeta temporal de esta edad quedó de una orden cortada
LISTO = "listo.json"
TRIPLETAS = "tripletas.nt"
GRANDE = 200_000  # tripletas: desde aquí, una orden de pocas consultas abre el almacén en disco
DATOS_LEIDOS = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
_PENDIENTES: list[threading.Thread] = []  # lo que se guarda en otro hilo; `esperar` lo termina


@dataclass(frozen=True)
class Guardado:
    """Un almacén de la caché, abierto para leer, con lo que dijo la lectura de sus datos y lo que se reparó."""

    almacen: ox.Store
    version: str
    avisos: tuple[str, ...]
    reparado: str = ""  # el almacén en disco que no pasó su sello (se borró; el grafo se cargó de sus tripletas)


class Danada(Exception):
    """Una entrada de la caché que no pasó su sello (copiada de otra, cambiada, cortada): ya se borró; el grafo
    se arma de nuevo desde los datos. El texto dice qué tenía, para el aviso."""

    def __init__(self, motivo: str, ruta: Path) -> None:
        super().__init__(motivo)
        self.ruta = ruta


class _DeOtraVersion(Exception):
    """Una entrada de otro formato de grafo: no está dañada, se arma de nuevo sin aviso."""


def carpeta() -> Path:
    """Dónde vive la caché."""
    elegida = os.environ.get(VARIABLE)
    if elegida:
        return Path(elegida)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "grafo" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "grafo"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "grafo"


@functools.cache
def _huella_codigo() -> str:
    """Lo que cambia el grafo que sale de unos mismos datos: la lectura, el mapeo y la ontología."""
    from grafo.rdf.espacios import ruta_ontologia

    raiz = Path(__file__).resolve().parents[1]
    # Sin grafo.__version__: leerla (importlib.metadata) costaba 50 ms de arranque, y el código ya está todo.
    h = hashlib.sha256(f"{FORMATO}|{ox.__version__}".encode())
    # Todo el código de grafo (la lectura y el mapeo usan también texto.py, errores.py…): 2 ms, y un cambio
    # cualquiera en una copia de desarrollo nunca sirve un grafo viejo.
    for ruta in (*sorted(raiz.rglob("*.py")), *sorted(ruta_ontologia().glob("*.ttl"))):
        h.update(str(ruta.relative_to(raiz.parent) if ruta.is_relative_to(raiz.parent) else ruta.name).encode()
                 + b"\0" + ruta.read_bytes())
    return h.hexdigest()


def apagada() -> bool:
    """GRAFO_SIN_CACHE=1 (también «si», «true», «yes»; «0» o «no» la dejan puesta). Un proyecto abierto con
    `cache=False` tampoco la usa."""
    return es_si(os.environ.get(APAGAR, ""))


def archivos_de_datos(datos: Path) -> list[Path]:
    """Los archivos que la lectura lee de `datos` (una carpeta o un libro), ordenados; OSError si no se puede listar."""
    return [datos] if datos.is_file() else sorted(
        r for r in datos.iterdir() if r.suffix.lower() in DATOS_LEIDOS and r.is_file() and not no_es_de_datos(r))


def resumir(datos: Path) -> dict[Path, str] | None:
    """Cada archivo de datos en el disco → el sha256 de sus bytes; None si no se pueden leer (lo dirá la lectura)."""
    try:
        return {ruta: huella(ruta.read_bytes()) for ruta in archivos_de_datos(datos)}
    except OSError:
        return None


def llave_de(resumenes: Mapping[str, str]) -> str:
    """La clave de unos archivos (nombre → sha256 de sus bytes) y del código que los convierte en tripletas.

    El grafo se guarda con la clave de los bytes que leyó la lectura (`Paquete.leidos`), no de los que había
    en el disco al buscarlo: un archivo cambiado mientras se leía queda con la clave de lo que se leyó."""
    h = hashlib.sha256(_huella_codigo().encode())
    for nombre in sorted(resumenes):
        h.update(b"\x1e" + nombre.encode() + b"\x1f" + resumenes[nombre].encode())
    return h.hexdigest()[:24]


def clave(datos: Path) -> tuple[str | None, list[Path]]:
    """La clave de los datos tal como están en el disco, y sus archivos; None si no se pueden leer."""
    resumenes = resumir(datos)
    if resumenes is None:
        return None, []
    return llave_de({r.name: h for r, h in resumenes.items()}), sorted(resumenes)


def abrir(llave: str, *, pocas_consultas: bool = False) -> Guardado | None:
    """El almacén guardado con esa clave; None si no hay (o es de otra versión de grafo); `Danada` si había
    uno que no pasó su sello (ya borrado: quien llama avisa y construye).

    Dos formas: el Oxigraph en disco se abre en 20 ms, pero consulta de 1,7 a 3 veces más lento que uno en
    memoria; cargar en memoria sus N-Triples lleva 2,3 s a un millón de tripletas (construir, 6 s). Una orden de
    pocas consultas (`pocas_consultas`: consultar, sparql, buscar, matriz fundamentos) sobre un grafo grande abre
    el de disco; las demás, y todas sobre un grafo chico, cargan la copia en memoria. Cada una se comprueba antes
    con su sello (el sha256 de cada archivo: 0,15 s a un millón de tripletas).
    """
    destino = carpeta() / llave
    if not destino.is_dir():
        return None
    try:
        guardado = _abrir(destino, llave, pocas_consultas)
    except _DeOtraVersion:
        shutil.rmtree(destino, ignore_errors=True)
        return None
    except Danada:
        shutil.rmtree(destino, ignore_errors=True)
        raise
    except (OSError, RuntimeError, ValueError) as error:  # RocksDB da RuntimeError ante un almacén dañado
        shutil.rmtree(destino, ignore_errors=True)
        raise Danada(f"no se pudo abrir ({type(error).__name__})", destino) from None
    with contextlib.suppress(OSError):
        os.utime(destino / LISTO)  # el último usado es el último en borrarse
    return guardado


def _abrir(destino: Path, llave: str, pocas_consultas: bool) -> Guardado:
    listo = _leer_listo(destino, llave)
    almacen, reparado = None, ""
    grande = pocas_consultas and listo["tripletas"] > GRANDE
    if grande:
        almacen, reparado = abrir_disco(destino / DISCO, listo["sello"])
    if almacen is None:
        crudo = _tripletas(destino, listo)
        almacen = ox.Store()
        # Sin revisar la sintaxis (lenient): son las que Oxigraph mismo volcó, y pasaron su sello; 2,3 s contra 3,1 s.
        almacen.load(crudo, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
        if grande:
            _armar_disco_luego(destino, crudo, listo["sello"])  # la próxima consulta lo abre en 20 ms
    return Guardado(almacen, listo["version"], tuple(listo["avisos"]), reparado)


def _tripletas(destino: Path, listo: dict[str, Any]) -> bytes:
    """Las N-Triples de una entrada, si pasan su sello; si no, `Danada`."""
    crudo = (destino / TRIPLETAS).read_bytes() if (destino / TRIPLETAS).is_file() else None
    if crudo is None or huella(crudo) != listo["sha_tripletas"]:
        raise Danada("le faltan sus tripletas" if crudo is None else
                     "sus tripletas no coinciden con su sello (cortadas o cambiadas)", destino)
    return crudo


def _leer_listo(destino: Path, llave: str) -> dict[str, Any]:
    """El listo.json de una entrada, comprobado: de esta clave, de este formato, con tipos y sello correctos."""
    try:
        listo = json.loads((destino / LISTO).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Danada("le falta su listo.json", destino) from None
    except (OSError, ValueError):
        raise Danada("su listo.json no se puede leer", destino) from None
    if not isinstance(listo, dict) or listo.get("formato") != FORMATO:
        raise _DeOtraVersion
    if listo.get("clave") != llave:
        raise Danada("es la copia de otros datos (su clave no es la de esta carpeta)", destino)
    version, avisos, tripletas = listo.get("version"), listo.get("avisos"), listo.get("tripletas")
    if (not isinstance(version, str) or not isinstance(avisos, list) or not all(isinstance(a, str) for a in avisos)
            or not isinstance(tripletas, int) or not isinstance(listo.get("sha_tripletas"), str)
            or _sello(llave, version, avisos, listo["sha_tripletas"]) != listo.get("sello")):
        raise Danada("lo que dice su listo.json no coincide con su sello", destino)
    return listo


def _sello(llave: str, version: str, avisos: list[str], sha_tripletas: str) -> str:
    """Un sha256 de lo que la entrada entrega: su clave, lo que dijo la lectura (un aviso falso no pasa) y el
    sha256 de sus tripletas; el sello del almacén en disco lo repite (así queda atado a esta entrada)."""
    return huella(json.dumps([llave, FORMATO, version, avisos, sha_tripletas], ensure_ascii=False).encode("utf-8"))


def _entera(destino: Path, llave: str) -> bool:
    """Si una entrada ya guardada pasa su sello (sin cargarla)."""
    try:
        _tripletas(destino, _leer_listo(destino, llave))
    except (Danada, _DeOtraVersion, OSError):
        return False
    return True


def guardar(llave: str, volcar: Callable[[], bytes], *, version: str, avisos: tuple[str, ...]) -> None:
    """Guarda las tripletas (N-Triples, de `volcar`) como almacén de la caché, y para un grafo grande también su
    Oxigraph en disco; si falla (disco lleno, sin permiso), sigue sin caché: la orden ya tiene su grafo."""
    raiz = carpeta()
    temporal = raiz / f".armando-{llave}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        temporal.mkdir(parents=True)
        limpiar_viejos(raiz)
        tripletas = volcar()
        (temporal / TRIPLETAS).write_bytes(tripletas)
        sha = huella(tripletas)
        listo = {"clave": llave, "formato": FORMATO, "version": version, "avisos": list(avisos),
                 "tripletas": tripletas.count(b"\n"), "sha_tripletas": sha,
                 "sello": _sello(llave, version, list(avisos), sha)}
        # El almacén en disco las lee del archivo, por trozos (140 MB menos en memoria a un millón), salvo que haya
        # nodos en blanco (el grafo de unos datos no los tiene): un trozo no sabría de los de otro.
        crudo = tripletas if puede_tener_nodos_en_blanco(tripletas) else None
        del tripletas
        (temporal / LISTO).write_text(json.dumps(listo, ensure_ascii=False, indent=2), encoding="utf-8")
        if listo["tripletas"] > GRANDE:
            # El almacén en disco, ya: la primera consulta después de construir lo abre en 20 ms en vez de cargar
            # las tripletas y armarlo (a un millón, 12 s contra una construcción de 14 s). Corre en el hilo que
            # guarda, mientras la orden escribe lo suyo.
            armar(temporal, temporal / TRIPLETAS if crudo is None else crudo, listo["sello"])
        destino = raiz / llave
        if destino.exists() and not _entera(destino, llave):
            shutil.rmtree(destino, ignore_errors=True)  # uno dañado o de otro formato con esta clave
        try:
            os.replace(temporal, destino)
        except OSError:
            pass  # otra orden lo guardó primero: vale el suyo
    except (OSError, RuntimeError, ValueError):  # RocksDB da RuntimeError ante un disco lleno
        pass  # sin caché esta vez; la orden ya tiene su grafo
    finally:
        shutil.rmtree(temporal, ignore_errors=True)


def _armar_disco_luego(destino: Path, crudo: bytes, sello: str) -> None:
    """El almacén en disco de una entrada guardada sin él (de una versión anterior de grafo, o borrado por no pasar
    su sello), en otro hilo: la orden que lo echó de menos lo deja para la próxima."""
    hilo = threading.Thread(target=armar, args=(destino, crudo, sello), name="grafo-cache-disco", daemon=True)
    hilo.start()
    _PENDIENTES.append(hilo)


def guardar_luego(llave: str, volcar: Callable[[], bytes], *, version: str, avisos: tuple[str, ...]) -> None:
    """Guarda en otro hilo (Oxigraph suelta el GIL) mientras la orden sigue con su trabajo; `esperar` lo termina.

    A un millón de tripletas escribir las N-Triples lleva menos de un segundo.
    """
    hilo = threading.Thread(target=lambda: guardar(llave, volcar, version=version, avisos=avisos),
                            name="grafo-cache", daemon=True)
    hilo.start()
    _PENDIENTES.append(hilo)


def pendiente() -> bool:
    return any(h.is_alive() for h in _PENDIENTES)


def esperar() -> None:
    """Termina de guardar lo que quedó en otro hilo (al final de cada orden)."""
    while _PENDIENTES:
        hilo = _PENDIENTES.pop()
        while hilo.is_alive():
            hilo.join(0.25)  # esperas cortas: Ctrl-C la corta (lo guardado a medias se borra después)


_ENTRADA = re.compile(r"[0-9a-f]{24}")  # el nombre de una entrada: su clave
_ARMANDO = re.compile(r"\.armando-[0-9a-f]{24}-(\d+)-\d+|oxigraph\.armando-(\d+)-\d+")


def _propia(entrada: Path) -> bool:
    """Una carpeta que grafo puso en la caché (su clave, o una a medio armar); nunca otra cosa del usuario."""
    return entrada.is_dir() and bool(_ENTRADA.fullmatch(entrada.name) or _ARMANDO.fullmatch(entrada.name))


def _abandonada(carpeta_temporal: Path, ahora: float) -> bool:
    forma = _ARMANDO.fullmatch(carpeta_temporal.name)
    pid = next((g for g in forma.groups() if g), "") if forma else ""
    return ahora - carpeta_temporal.stat().st_mtime > VIEJO or (pid.isdigit() and not proceso_vivo(int(pid)))


def limpiar_viejos(raiz: Path) -> None:
    """Carpetas temporales de órdenes cortadas y entradas más allá de las `GUARDADOS` últimas usadas.

    Solo las carpetas de grafo (por su nombre): si GRAFO_CACHE apunta por error a una carpeta con otras
    cosas, no se toca ninguna de ellas.
    """
    ahora = time.time()
    listos = []
    for entrada in raiz.iterdir():
        try:
            if not _propia(entrada):
                continue
            if _ARMANDO.fullmatch(entrada.name):
                if _abandonada(entrada, ahora):
                    shutil.rmtree(entrada, ignore_errors=True)
            elif (entrada / LISTO).is_file():
                listos.append(((entrada / LISTO).stat().st_mtime, entrada))
                for disco in entrada.glob(f"{DISCO}.armando-*"):
                    if _ARMANDO.fullmatch(disco.name) and _abandonada(disco, ahora):
                        shutil.rmtree(disco, ignore_errors=True)
        except OSError:
            continue
    for _, entrada in sorted(listos, reverse=True)[GUARDADOS - 1:]:
        shutil.rmtree(entrada, ignore_errors=True)  # en Windows, uno abierto por otra orden se queda


def borrar() -> tuple[int, int]:
    """Borra las entradas de la caché (solo las de grafo); cuántas y cuántos bytes."""
    raiz = carpeta()
    if not raiz.is_dir():
        return 0, 0
    almacenes = [e for e in raiz.iterdir() if _propia(e)]
    tamano = sum(f.stat().st_size for e in almacenes for f in e.rglob("*") if f.is_file())
    for entrada in almacenes:
        shutil.rmtree(entrada, ignore_errors=True)
    return len(almacenes), tamano


def listar() -> list[dict[str, object]]:
    """Los almacenes guardados: clave, versión de los datos, tripletas, tamaño y último uso."""
    raiz = carpeta()
    filas = []
    for entrada in sorted(raiz.iterdir()) if raiz.is_dir() else ():
        try:
            listo = json.loads((entrada / LISTO).read_text(encoding="utf-8"))
            tamano = sum(f.stat().st_size for f in entrada.rglob("*") if f.is_file())
            usado = time.strftime("%Y-%m-%d %H:%M", time.localtime((entrada / LISTO).stat().st_mtime))
        except (OSError, ValueError):
            continue
        filas.append({"clave": entrada.name, "version_datos": listo.get("version", ""),
                      "tripletas": listo.get("tripletas", 0), "mib": round(tamano / 2**20, 1), "usado": usado})
    return filas
