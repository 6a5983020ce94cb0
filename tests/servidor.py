"""Un Virtuoso propio para las pruebas: en 127.0.0.1, puertos libres, base nueva en una carpeta temporal."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    sparql: str
    almacen: str  # servicio Graph Store con autenticación Digest
    usuario: str = "dba"
    clave: str = "dba"  # la clave inicial de una base nueva de Virtuoso


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ejecutable() -> str | None:
    return shutil.which("virtuoso-t")  # del PATH: quitarlo simula una máquina sin Virtuoso


def arrancar(carpeta: Path) -> tuple[subprocess.Popen[bytes], Virtuoso]:
    binario = ejecutable()
    if binario is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Falta virtuoso-t (paquete Debian virtuoso-opensource); .ci/run debe instalarlo.")
        pytest.skip("virtuoso-t no está instalado (apt install virtuoso-opensource)")
    http = _puerto_libre()
    (carpeta / "virtuoso.ini").write_text(INI.format(d=carpeta, isql=_puerto_libre(), http=http), encoding="utf-8")
    proceso = subprocess.Popen([binario, "+foreground", "+configfile", str(carpeta / "virtuoso.ini")], cwd=carpeta,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    limite = time.monotonic() + 120
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            registro = (carpeta / "virtuoso.log").read_text(errors="replace")[-2000:]
            pytest.fail(f"Virtuoso terminó al arrancar (código {proceso.returncode}):\n{registro}")
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as respuesta:
                if respuesta.status == 200:
                    return proceso, Virtuoso(f"{base}/sparql", f"{base}/sparql-graph-crud-auth")
        except OSError:
            time.sleep(0.5)
    proceso.kill()
    pytest.fail("Virtuoso no respondió en 120 s")


def detener(proceso: subprocess.Popen[bytes]) -> None:
    proceso.terminate()
    try:
        proceso.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proceso.kill()
        proceso.wait()
