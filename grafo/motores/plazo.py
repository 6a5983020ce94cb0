"""Un trabajo largo en otro hilo, que Ctrl-C y un tiempo límite interrumpen."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from grafo.errores import ConsultaInvalida

T = TypeVar("T")


def _agotada(tiempo_limite: float) -> Exception:
    return ConsultaInvalida(
        f"La consulta pasó el tiempo límite de {tiempo_limite:g} s y se abandonó. Cómo corregirlo: acótela "
        "(patrones unidos por variables, un FILTER, LIMIT) o dé más tiempo con --tiempo-limite.")


def a_tiempo(trabajo: Callable[[], T], tiempo_limite: float | None, *,
             agotado: Callable[[float], Exception] = _agotada) -> T:
    """Corre un trabajo en otro hilo (Oxigraph y los sockets sueltan el GIL): Ctrl-C y el tiempo límite lo
    interrumpen; al agotarse se levanta `agotado(tiempo_limite)`.

    Oxigraph no sabe cancelar una consulta; la que pasa el límite queda abandonada en su hilo, que
    termina con el proceso (la CLI sale enseguida).
    """
    resultado: dict[str, Any] = {}

    def correr() -> None:
        try:
            resultado["ok"] = trabajo()
        except BaseException as error:  # noqa: BLE001 - se vuelve a levantar en el hilo que espera
            resultado["error"] = error

    hilo = threading.Thread(target=correr, name="grafo-trabajo", daemon=True)
    hilo.start()
    limite = None if tiempo_limite is None else time.monotonic() + tiempo_limite
    while hilo.is_alive():
        # Esperas cortas: en Windows una espera sin plazo no deja pasar Ctrl-C.
        espera = 0.25 if limite is None else min(0.25, limite - time.monotonic())
        if espera <= 0:
            raise agotado(tiempo_limite or 0.0)
        hilo.join(espera)
    if "error" in resultado:
        raise resultado["error"]
    return resultado["ok"]
