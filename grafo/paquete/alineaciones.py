"""La tabla `alineaciones`: cada fila une una acción o un mandato con un objetivo de un marco internacional.

Lo que la revisión general no ve: que la fila nombre una acción o un mandato (uno solo), que el objetivo exista
en su marco (con los válidos más cercanos si no) y que la misma alineación no se repita.
"""

from __future__ import annotations

import difflib

from grafo.errores import Problema
from grafo.evidencia import grado
from grafo.marcos import HOJA, MARCOS, Marco, normalizar, orden
from grafo.paquete.tablas import COLUMNA_FILA, TablaLeida, normalizar_nombre

TABLA = "alineaciones"


def revisar(tablas: dict[str, TablaLeida], problemas: list[Problema]) -> None:
    """Agrega a `problemas` los de la tabla `alineaciones`, si el paquete la trae."""
    tabla = tablas.get(TABLA)
    if tabla is None:
        return
    vistas: dict[tuple[str, str, str, str], int] = {}
    for f in tabla.filas():
        numero = int(f[COLUMNA_FILA])
        accion, mandato = f.get("accion", ""), f.get("mandato", "")
        valida = bool(accion) != bool(mandato)
        if not valida:
            que = "nombra una acción y un mandato" if accion else "no nombra ni una acción ni un mandato"
            problemas.append(tabla.problema(numero, "accion", f"la fila {que}.",
                                            "llene una sola de las dos columnas, accion o mandato; para alinear los "
                                            "dos, use dos filas."))
        if not grado(f.get("fuente", ""), f.get("fiabilidad", "")):
            # Sin grado, la alineación se leería como declarada por una fuente que nadie nombra.
            problemas.append(tabla.problema(numero, "fiabilidad", "la alineación no dice cómo se sabe: no tiene "
                                            "«fiabilidad» y su «fuente» no lleva marca [OF], [SEC] o [DÉBIL].",
                                            "escriba «propuesta» en «fiabilidad» si la propone el proyecto o un "
                                            "analista; si la dice un documento, nómbrelo en «fuente» con su marca."))
        marco = MARCOS.get(normalizar_nombre(f.get("marco", "")))
        escrito = f.get("objetivo", "")
        if marco is None or not escrito:
            continue  # el marco fuera de la lista y la celda vacía ya tienen su mensaje
        objetivo = normalizar(marco.clave, escrito)
        if objetivo not in marco.objetivos:
            problemas.append(tabla.problema(numero, "objetivo", f"«{escrito}» no es un objetivo {marco.de} "
                                            f"(marco «{marco.clave}»).", _arreglo(marco, objetivo)))
            continue
        if not valida:
            continue  # una fila que ya tiene un error no es el original de una repetida
        clave = ("accion" if accion else "mandato", accion or mandato, marco.clave, objetivo)
        if clave in vistas:
            problemas.append(tabla.problema(
                numero, "objetivo", f"la alineación de {clave[1]} con {marco.clave} {objetivo} está repetida (ya "
                f"aparece en la fila {vistas[clave]}).",
                "deje una sola fila y junte en su «fuente» las fuentes de las dos."))
        vistas.setdefault(clave, numero)


def _arreglo(marco: Marco, objetivo: str) -> str:
    """Cómo corregirlo: los objetivos válidos más cercanos (por número y por escritura)."""
    validos = list(marco.objetivos)
    cercanos = _vecinos(validos, objetivo) or difflib.get_close_matches(objetivo, validos, n=3, cutoff=0.6)
    unicos = list(dict.fromkeys(cercanos))[:4]
    sugerencia = (" Los más cercanos: " + ", ".join(f"«{c}»" for c in unicos) + ".") if unicos else ""
    return f"escriba {marco.forma}; la hoja «{HOJA}» de la plantilla los lista con su nombre.{sugerencia}"


def _vecinos(validos: list[str], objetivo: str) -> list[str]:
    """Los válidos de al lado en la lista oficial: 24 → 23; 10.99 → las metas del objetivo 10 de los extremos."""
    cabeza, _, meta = objetivo.partition(".")
    if not cabeza.isdigit():
        return []
    hermanos = [v for v in validos if v.partition(".")[0] == cabeza and "." in v] if meta else []
    if hermanos:
        return [cabeza, hermanos[0], hermanos[-1]]
    objetivos = [v for v in validos if "." not in v]
    return [min(objetivos, key=lambda v: (abs(int(v) - int(cabeza)), orden(v)))]


def normalizar_objetivos(tablas: dict[str, TablaLeida]) -> None:
    """Los objetivos como ids del vocabulario («Objetivo 21» → 21, «10,7» → 10.7), después de la revisión."""
    tabla = tablas.get(TABLA)
    if tabla is None or not {"marco", "objetivo"} <= set(tabla.datos.columns):
        return
    tabla.datos["objetivo"] = [normalizar(normalizar_nombre(m), o) if o else o
                               for m, o in zip(tabla.datos["marco"], tabla.datos["objetivo"], strict=True)]
