"""El explorador en el banco (`make bench`, escala `explorador`): el servidor real de `grafo servir` sobre `datos/`.

Mide lo que el issue 31 fija: cuánto tarda `/` en responder desde que se lanza la orden (el grafo ya en la
caché, como en la segunda vez de un usuario, y sin ella), y la latencia de las páginas de institución: la
primera vuelta (la primera visita arma las fichas de todas, una vez) y cinco vueltas más, con un cliente y
con 20 clientes a la vez. La meta: p95 de las páginas de institución por debajo de 100 ms.
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
VUELTAS = 5
CLIENTES = 20
META_P95_MS = 100.0


def _lanzar(grafo: str, datos: Path) -> tuple[subprocess.Popen[str], int, float]:
    """La orden `grafo servir` en un puerto libre; el puerto y los segundos hasta que `/` respondió 200."""
    inicio = time.perf_counter()
    proceso = subprocess.Popen([grafo, "servir", "--datos", str(datos), "--puerto", "0", "--no-abrir"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    linea = proceso.stdout.readline() if proceso.stdout else ""
    hallado = re.search(r":(\d+)/", linea)
    if hallado is None:
        proceso.kill()
        raise RuntimeError(f"grafo servir no dijo su dirección: {linea!r}")
    puerto = int(hallado[1])
    _pedir(http.client.HTTPConnection("127.0.0.1", puerto, timeout=60), "/")
    return proceso, puerto, time.perf_counter() - inicio


def _pedir(conexion: http.client.HTTPConnection, ruta: str) -> float:
    inicio = time.perf_counter()
    conexion.request("GET", ruta)
    respuesta = conexion.getresponse()
    respuesta.read()
    if respuesta.status != 200:
        raise RuntimeError(f"{ruta}: {respuesta.status}")
    return (time.perf_counter() - inicio) * 1000


def _percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p / 100 * (len(ordenados) - 1)))]


def _resumen(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": _percentil(ms, 95), "max_ms": max(ms)}


def _a_la_vez(puerto: int, rutas: list[str]) -> list[float]:
    """CLIENTES hilos, cada uno con su conexión, recorren todas las rutas a la vez."""
    tiempos: list[float] = []
    errores: list[str] = []

    def cliente() -> None:
        conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
        for ruta in rutas:
            try:
                tiempos.append(_pedir(conexion, ruta))
            except Exception as error:  # noqa: BLE001 - se cuenta y se informa
                errores.append(f"{ruta}: {error}")
    hilos = [threading.Thread(target=cliente) for _ in range(CLIENTES)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    if errores:
        raise RuntimeError(f"{len(errores)} errores con {CLIENTES} clientes: {errores[:3]}")
    return tiempos


def medir_explorador(grafo: str, avisar: Callable[[str], None]) -> dict[str, Any]:
    """Las medidas del explorador sobre `datos/`: arranque, y p50/p95 de las páginas de institución."""
    import grafo as biblioteca

    datos = RAIZ / "datos"
    instituciones = list(biblioteca.abrir(datos).tabla("instituciones")["institucion"])
    rutas = [f"/institucion/{i}" for i in instituciones]
    medida: dict[str, Any] = {}
    os.environ.pop("GRAFO_SIN_CACHE", None)
    for caso in ("sin_cache", "con_cache"):
        proceso, puerto, arranque = _lanzar(grafo, datos)
        medida[f"arranque_{caso}_s"] = arranque
        avisar(f"explorador: / respondió a los {arranque:.2f} s ({caso.replace('_', ' ')})")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
            primera = [_pedir(conexion, r) for r in rutas]
            despues = [_pedir(conexion, r) for _ in range(VUELTAS) for r in rutas]
            juntos = _a_la_vez(puerto, rutas)
        finally:
            proceso.terminate()
            proceso.wait(timeout=30)
        medida[caso] = {"primera_vuelta": _resumen(primera), "vueltas": _resumen(despues),
                        f"{CLIENTES}_clientes": _resumen(juntos)}
        avisar(f"explorador ({caso}): páginas de institución p95 {_percentil(despues, 95):.1f} ms; primera vuelta "
               f"p95 {_percentil(primera, 95):.1f} ms (máx. {max(primera):.0f} ms); {CLIENTES} clientes p95 "
               f"{_percentil(juntos, 95):.1f} ms")
    return medida


def evaluar_explorador(medida: dict[str, Any]) -> list[dict[str, Any]]:
    """La meta del issue 31: p95 de las páginas de institución bajo 100 ms (con un cliente, tras la primera vuelta
    y también en ella, que incluye armar todas las fichas)."""
    metas = []
    for caso in ("con_cache", "sin_cache"):
        for vuelta in ("primera_vuelta", "vueltas"):
            valor = medida[caso][vuelta]["p95_ms"]
            metas.append({"meta": f"explorador {caso} {vuelta}: p95 de /institucion/ID < {META_P95_MS:g} ms",
                          "medido": f"{valor:.1f} ms", "cumple": valor < META_P95_MS})
    return metas
