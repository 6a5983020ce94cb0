"""El trazador: cada consulta que se envía al motor, con sus milisegundos, para quien quiera verla.

Como el `tracer` de sqlite-utils: `grafo.abrir(..., traza=funcion)` recibe `(texto, milisegundos)` de
cada consulta enviada (SELECT, ASK, CONSTRUCT; al almacén local, a un servidor o al validar), y con
`GRAFO_TRAZA=1` en el entorno cada una va a la salida de errores como una línea:

    [traza] 0.41 ms PREFIX gr: <…> SELECT ?accion WHERE { … }

Lo que se responde sin enviar (la memoria de una orden) no se traza: la traza dice lo que el motor hizo.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from grafo.texto import es_si, sin_controles

VARIABLE = "GRAFO_TRAZA"
PREFIJO = "[traza]"
Traza = Callable[[str, float], None]
T = TypeVar("T")
_SALTO = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# IRIs, textos y comentarios de SPARQL, en el orden en que la gramática los reconoce (lo inerte de una consulta:
# ahí una palabra no es una orden ni un «#» un comentario). `consultas.libre` lo usa para revisar una consulta.
INERTES = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*', re.DOTALL)


def _sin_comentarios(texto: str) -> str:
    return INERTES.sub(lambda m: "" if m[0].startswith("#") else m[0], texto)


def linea(texto: str, milisegundos: float) -> str:
    """La línea de una consulta: `[traza] 1.23 ms …`, en una línea y sin sus comentarios (se puede copiar y correr)."""
    return f"{PREFIJO} {milisegundos:.2f} ms {sin_controles(_SALTO.sub(' ', _sin_comentarios(texto)).strip())}"


def a_stderr(texto: str, milisegundos: float) -> None:
    """La traza de `GRAFO_TRAZA=1`: una línea por consulta en la salida de errores."""
    print(linea(texto, milisegundos), file=sys.stderr, flush=True)


def del_entorno() -> Traza | None:
    """`a_stderr` si GRAFO_TRAZA dice sí (1, si, sí, true, yes); si no, ninguna."""
    return a_stderr if es_si(os.environ.get(VARIABLE, "")) else None


def medir(traza: Traza | None, texto: str, trabajo: Callable[[], T]) -> T:
    """Corre `trabajo` (la consulta `texto`) y, si hay traza, le pasa el texto y cuánto tardó, también si falla."""
    if traza is None:
        return trabajo()
    inicio = time.perf_counter()
    try:
        return trabajo()
    finally:
        traza(texto, (time.perf_counter() - inicio) * 1000)
