"""Un trabajo largo en otro hilo, que Ctrl-C y un tiempo límite interrumpen."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from grafo.errores import ConsultaInvalida, opcion

T = TypeVar("T")


def _agotada(tiempo_limite: float) -> Exception:
    return ConsultaInvalida(
        f"La consulta pasó el tiempo límite de {tiempo_limite:g} s y se abandonó. Cómo corregirlo: acótela "
        f"(patrones unidos por variables, un FILTER, LIMIT) o dé más tiempo con {opcion('tiempo_limite')}.")


class _Obrero:
    """Un hilo que corre trabajos uno tras otro: crear un hilo por consulta costaba 0,17 ms, más que
    una consulta pequeña en Oxigraph (0,13 ms). Uno ocupado en un trabajo abandonado no vuelve a la fila."""

    def __init__(self) -> None:
        self.tareas: queue.SimpleQueue[tuple[Callable[[], Any], dict[str, Any], threading.Event]] = queue.SimpleQueue()
        threading.Thread(target=self._vivir, name="grafo-trabajo", daemon=True).start()

    def _vivir(self) -> None:
        while True:
            trabajo, resultado, listo = self.tareas.get()
            try:
                resultado["ok"] = trabajo()
            except BaseException as error:  # noqa: BLE001 - se vuelve a levantar en el hilo que espera
                resultado["error"] = error
            with _CANDADO:
                listo.set()
                if resultado.get("abandonado"):
                    _ABANDONADOS[0] -= 1
            _LIBRES.put(self)


_LIBRES: queue.SimpleQueue[_Obrero] = queue.SimpleQueue()
# Los trabajos que pasaron su tiempo límite y siguen corriendo (un servidor los cuenta: cada uno ocupa un núcleo).
_ABANDONADOS = [0]
_CANDADO = threading.Lock()


def abandonados() -> int:
    """Cuántos trabajos pasaron su tiempo límite y todavía corren en su hilo (Oxigraph no sabe cancelarlos)."""
    return _ABANDONADOS[0]


def a_tiempo(trabajo: Callable[[], T], tiempo_limite: float | None, *,
             agotado: Callable[[float], Exception] = _agotada) -> T:
    """Corre un trabajo en otro hilo (Oxigraph y los sockets sueltan el GIL): Ctrl-C y el tiempo límite lo
    interrumpen; al agotarse se levanta `agotado(tiempo_limite)`.

    Oxigraph no sabe cancelar una consulta; la que pasa el límite queda abandonada en su hilo, que
    termina con el proceso (la CLI sale enseguida).
    """
    try:
        obrero = _LIBRES.get_nowait()
    except queue.Empty:
        obrero = _Obrero()
    resultado: dict[str, Any] = {}
    listo = threading.Event()
    obrero.tareas.put((trabajo, resultado, listo))
    limite = None if tiempo_limite is None else time.monotonic() + tiempo_limite
    # Esperas cortas: en Windows una espera sin plazo no deja pasar Ctrl-C.
    while not listo.wait(0.25 if limite is None else max(0.0, min(0.25, limite - time.monotonic()))):
        if limite is not None and time.monotonic() >= limite:
            with _CANDADO:
                if not listo.is_set():  # terminó justo ahora: no queda abandonado
                    resultado["abandonado"] = True
                    _ABANDONADOS[0] += 1
            raise agotado(tiempo_limite or 0.0)
    if "error" in resultado:
        raise resultado["error"]
    return resultado["ok"]
