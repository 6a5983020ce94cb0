"""Un proceso pequeño que lanza las órdenes del banco y mide su tiempo y su pico de memoria.

Linux guarda en `ru_maxrss` de un proceso el pico del que lo creó con fork hasta el exec: lanzadas
desde el banco (que llega a ocupar cientos de MiB), `python -c "import pyoxigraph"` marcaba 776 MiB.
Este lanzador arranca al principio, pequeño (unos 15 MiB), y cada orden sale de él.

    lanzador = Lanzador(); lanzador.correr([...], limite=600) -> {"tiempo_s", "pico_mib", "codigo", "error"}
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

_CODIGO = r"""
import json, os, signal, subprocess, sys, threading, time

for linea in sys.stdin:
    pedido = json.loads(linea)
    a = time.perf_counter()
    proceso = subprocess.Popen(pedido["argumentos"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True, env={**os.environ, **pedido["entorno"]})
    error = []
    lector = threading.Thread(target=lambda: error.append(proceso.stderr.read()), daemon=True)
    lector.start()
    fin = []
    esperador = threading.Thread(target=lambda: fin.append((os.wait4(proceso.pid, 0), time.perf_counter())),
                                 daemon=True)
    esperador.start()
    esperador.join(pedido["limite"])
    if not fin:
        os.killpg(proceso.pid, signal.SIGKILL)
        esperador.join()
        respuesta = {"agotada": True}
    else:
        (_pid, estado, uso), termino = fin[0]
        lector.join()
        respuesta = {"tiempo_s": termino - a, "pico_mib": uso.ru_maxrss / 1024,
                     "codigo": os.waitstatus_to_exitcode(estado),
                     "error": (error[0] if error else b"").decode("utf-8", "replace")}
    proceso.returncode = 0
    print(json.dumps(respuesta), flush=True)
"""


class Lanzador:
    """El proceso lanzador, vivo mientras dure el banco."""

    def __init__(self) -> None:
        self._proceso = subprocess.Popen([sys.executable, "-c", _CODIGO], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)

    def correr(self, argumentos: list[str], *, limite: float) -> dict[str, Any]:
        """Corre la orden con el entorno del banco de ahora (GRAFO_CACHE): el lanzador arrancó antes de ponerlo."""
        assert self._proceso.stdin is not None and self._proceso.stdout is not None
        entorno = {k: v for k, v in os.environ.items() if k.startswith("GRAFO_")}
        self._proceso.stdin.write(json.dumps({"argumentos": argumentos, "limite": limite, "entorno": entorno}) + "\n")
        self._proceso.stdin.flush()
        return json.loads(self._proceso.stdout.readline())
