"""El Oxigraph en disco de una entrada de la caché: se abre en 20 ms (cargar las tripletas en memoria, 2,3 s a un
millón), y consulta de 1,7 a 3 veces más lento que uno en memoria. Lo usa una orden de pocas consultas sobre un
grafo grande. Va sellado: el sello de su entrada y el sha256 de cada archivo.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

DISCO = "oxigraph"
SELLO_DISCO = "sello-grafo.json"  # dentro del almacén en disco: la entrada a la que pertenece y cada archivo
TROZO = 16 * 2**20  # bytes de N-Triples por carga del almacén en disco


def archivos(ruta: Path) -> dict[str, str]:
    """El sha256 de cada archivo de un almacén en disco, salvo los que RocksDB escribe al abrirlo (LOG, LOCK)."""
    resumenes = {}
    for archivo in sorted(ruta.iterdir()):
        if archivo.is_file() and archivo.name not in (SELLO_DISCO, "LOCK") and not archivo.name.startswith("LOG"):
            with archivo.open("rb") as f:
                resumenes[archivo.name] = hashlib.file_digest(f, "sha256").hexdigest()
    return resumenes


def abrir(ruta: Path, sello: str) -> tuple[ox.Store | None, str]:
    """El Oxigraph en disco de una entrada, si pasa su sello (de esta entrada, cada archivo intacto), y qué se
    reparó. Uno que no lo pasa (copiado de otra entrada, bytes cambiados, sin CURRENT) se borra: se carga de las
    tripletas selladas y se arma de nuevo; nunca una consulta que falla a medias ni un grafo reconstruido en
    cada orden."""
    if not ruta.is_dir():
        return None, ""
    try:
        dicho = json.loads((ruta / SELLO_DISCO).read_text(encoding="utf-8"))
        if dicho == {"sello": sello, "archivos": archivos(ruta)}:
            return ox.Store.read_only(str(ruta)), ""
    except (OSError, RuntimeError, ValueError):
        pass
    shutil.rmtree(ruta, ignore_errors=True)
    return None, str(ruta)


def armar(entrada: Path, crudo: bytes | Path, sello: str) -> None:
    """El Oxigraph en disco de una entrada (6 s a un millón de tripletas): se arma aparte, se sella (el sello de la
    entrada y el sha256 de cada archivo) y se renombra al final. Si no se puede, se seguirá cargando en memoria."""
    temporal = entrada / f"{DISCO}.armando-{os.getpid()}-{time.monotonic_ns()}"
    try:
        disco = ox.Store(str(temporal))
        for trozo in _trozos(crudo) if isinstance(crudo, Path) else (crudo,):
            disco.bulk_load(trozo, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())  # ya comprobadas
        disco.optimize()  # compactado: las consultas en disco van dos veces más rápido
        disco.flush()
        del disco  # cerrado: sus archivos ya no cambian
        (temporal / SELLO_DISCO).write_text(json.dumps({"sello": sello, "archivos": archivos(temporal)}),
                                            encoding="utf-8")
        os.replace(temporal, entrada / DISCO)
    except (OSError, RuntimeError, ValueError, SyntaxError):  # SyntaxError: unas tripletas que no se pueden leer
        pass  # otra orden lo armó primero, o el disco no alcanza
    finally:
        shutil.rmtree(temporal, ignore_errors=True)


def _trozos(ruta: Path) -> Iterator[bytes]:
    """Las N-Triples del archivo en trozos de líneas enteras: cargado de una vez, el almacén en disco pide 870 MB a un
    millón de tripletas; por trozos, 170 MB en el mismo tiempo."""
    with ruta.open("rb") as archivo:
        while trozo := archivo.read(TROZO):
            yield trozo + archivo.readline()
