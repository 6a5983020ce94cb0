"""El guion de una presentación: una secuencia de vistas guardadas del mapa, cada una con título y nota.

`revisar_guion` revisa el contenido de un archivo TOML ya leído (un dict) y junta todos los problemas
con el paso y la clave donde están; no toca el grafo (los ids los revisa quien lo ejecuta).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grafo.dominio.mapa import COLOREOS, VISTAS, Filtro, Mapa, Pie
from grafo.errores import ErrorGrafo
from grafo.texto import cuantos

CLAVES_GUION = {"titulo", "fecha", "subtitulo", "paso"}
CLAVES_PASO = {"titulo", "nota", "vista", "foco", "profundidad", "eje", "tema", "periodo", "color", "resaltar"}


class GuionInvalido(ErrorGrafo):
    """Uno o varios problemas en el guion; se dicen todos a la vez."""

    def __init__(self, archivo: str, problemas: list[str]) -> None:
        n = len(problemas)
        titulo = "Se encontró 1 problema" if n == 1 else f"Se encontraron {n} problemas"
        self.problemas = problemas
        super().__init__(f"{titulo} en el guion{' ' + archivo if archivo else ''}; no se escribió nada:\n"
                         + "\n".join(f"  - {p}" for p in problemas))


@dataclass(frozen=True)
class Paso:
    """Una vista guardada: lo que se muestra, su título, su nota y los nodos que se resaltan."""

    titulo: str
    nota: str
    filtro: Filtro
    resaltar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guion:
    """Un guion revisado."""

    titulo: str
    fecha: str
    subtitulo: str
    pasos: tuple[Paso, ...]


@dataclass(frozen=True)
class Presentacion:
    """Los pasos del guion con su mapa ya armado y dispuesto, listos para una página."""

    guion: Guion
    mapas: tuple[Mapa, ...]
    pie: Pie
    resaltados: tuple[tuple[str, ...], ...] = field(default_factory=tuple)  # ids de nodo por paso

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Presentación escrita en {salida} ({cuantos(len(self.mapas), 'paso')})."


def _texto(valor: Any, donde: str, problemas: list[str], *, requerido: bool = False) -> str:
    if valor is None:
        if requerido:
            problemas.append(f"{donde}: falta. Cómo corregirlo: escríbalo entre comillas, p. ej. titulo = \"…\".")
        return ""
    if not isinstance(valor, str):
        problemas.append(f"{donde}: debe ser un texto entre comillas, no {valor!r}.")
        return ""
    return valor


def _paso(numero: int, datos: Any, problemas: list[str]) -> Paso | None:
    donde = f"paso {numero}"
    if not isinstance(datos, dict):
        problemas.append(f"{donde}: cada paso es una tabla [[paso]] con claves como titulo y vista.")
        return None
    for clave in sorted(set(datos) - CLAVES_PASO):
        problemas.append(f"{donde}, clave «{clave}»: no existe. Claves de un paso: {', '.join(sorted(CLAVES_PASO))}.")
    vista = _texto(datos.get("vista", "instituciones"), f"{donde}, clave «vista»", problemas)
    if vista and vista not in VISTAS:
        problemas.append(f"{donde}, clave «vista»: «{vista}» no es una vista. Use una de: {', '.join(VISTAS)}.")
    color = datos.get("color")
    if color is not None and color not in COLOREOS:
        problemas.append(f"{donde}, clave «color»: «{color}» no es un color. Use uno de: {', '.join(COLOREOS)}.")
    if color == "comunidad" and vista != "instituciones":
        problemas.append(f"{donde}, clave «color»: comunidad colorea la red de instituciones; use vista = "
                         "\"instituciones\".")
    profundidad = datos.get("profundidad")
    if profundidad is not None and (not isinstance(profundidad, int) or isinstance(profundidad, bool)
                                    or not 1 <= profundidad <= 6):
        problemas.append(f"{donde}, clave «profundidad»: debe ser un número entero de 1 a 6, no {profundidad!r}.")
        profundidad = None
    resaltar = datos.get("resaltar", [])
    if not isinstance(resaltar, list) or not all(isinstance(r, str) for r in resaltar):
        problemas.append(f"{donde}, clave «resaltar»: debe ser una lista de ids, p. ej. [\"AMSCLAE\", \"CTPT\"].")
        resaltar = []
    recortes = {c: _texto(datos.get(c), f"{donde}, clave «{c}»", problemas) or None
                for c in ("foco", "eje", "tema", "periodo")}
    return Paso(titulo=_texto(datos.get("titulo"), f"{donde}, clave «titulo»", problemas, requerido=True),
                nota=_texto(datos.get("nota"), f"{donde}, clave «nota»", problemas),
                filtro=Filtro(vista=vista if vista in VISTAS else "instituciones", profundidad=profundidad,
                              color=color if color in COLOREOS else None, **recortes),
                resaltar=tuple(resaltar))


def revisar_guion(datos: dict[str, Any], archivo: str) -> Guion:
    """El guion revisado; ante cualquier problema, `GuionInvalido` con todos."""
    problemas: list[str] = []
    for clave in sorted(set(datos) - CLAVES_GUION):
        problemas.append(f"clave «{clave}»: no existe. Claves del guion: {', '.join(sorted(CLAVES_GUION))}.")
    crudos = datos.get("paso", [])
    if not isinstance(crudos, list) or not crudos:
        problemas.append("no tiene pasos. Cómo corregirlo: agregue al menos una tabla [[paso]] con titulo y vista.")
        crudos = []
    pasos = [p for n, d in enumerate(crudos, start=1) if (p := _paso(n, d, problemas)) is not None]
    guion = Guion(titulo=_texto(datos.get("titulo"), "clave «titulo»", problemas, requerido=True),
                  fecha=str(datos.get("fecha", "")), subtitulo=_texto(datos.get("subtitulo"), "clave «subtitulo»",
                                                                       problemas),
                  pasos=tuple(pasos))
    if problemas:
        raise GuionInvalido(archivo, problemas)
    return guion
