"""Lo que grafo sabe y cómo lo sabe: el grado de una fuente, el modo de un vínculo y lo completo de los mandatos
(puro, sin dependencias).

Un solo lugar para las tres listas cerradas de la evidencia y para cómo se dicen. La lectura y el mapeo las
usan para escribir el grafo (`gr:fiabilidad`, `gr:comoSeSabe`, `gr:mandatosCargados`); las consultas las
devuelven como texto (`oficial`, `declarado`, `completos`); los productos las dicen con estas palabras.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# El grado de la fuente de una fila: columna `fiabilidad`, o la marca [OF]/[SEC]/[DÉBIL] de su `fuente`.
FIABILIDADES: tuple[str, ...] = ("oficial", "secundaria", "debil", "propuesta")
MARCA_DE: dict[str, str] = {"oficial": "[OF]", "secundaria": "[SEC]", "debil": "[DÉBIL]", "propuesta": "[PROP]"}
_GRADO_DE_MARCA = {"OF": "oficial", "SEC": "secundaria", "DÉBIL": "debil", "DEBIL": "debil", "PROP": "propuesta"}
_MARCA = re.compile(r"\[(OF|SEC|DÉBIL|DEBIL|PROP)\]", re.IGNORECASE)

# Cómo se sabe un vínculo: lo dice una fila de los datos, grafo lo deriva, o es una propuesta.
COMO: tuple[str, ...] = ("declarado", "inferido", "propuesto")
SIGNIFICADO_COMO: dict[str, str] = {
    "declarado": "lo dice una fila de los datos, con su fuente y su grado",
    "inferido": "lo deduce grafo: un mandato cubre un tema de la acción, o dos instituciones cubren el mismo tema",
    "propuesto": "lo propone el proyecto o un analista (acciones ilustrativas, guiones); no es un dato publicado",
}

# Qué tan completos están los mandatos cargados de una institución.
CARGAS: tuple[str, ...] = ("completos", "parciales", "ninguno")
CARGA_EN_PALABRAS: dict[str, str] = {
    "completos": "completos (todos sus mandatos sobre la Política están en los datos)",
    "parciales": "parciales (puede tener mandatos que los datos no tienen)",
    "ninguno": "ninguno (sus mandatos no están en los datos: una tarea de datos)",
}

# Por qué un responsable queda sin mandato sobre su acción. Solo el primero es una brecha de coordinación; los
# otros dos son tareas de datos: la falta está en los datos, no (todavía) en la coordinación.
MOTIVOS: tuple[str, ...] = ("sin_mandato_sobre_el_tema", "mandatos_parciales", "mandatos_no_cargados")
BRECHA = "sin_mandato_sobre_el_tema"
MOTIVO_EN_PALABRAS: dict[str, str] = {
    "sin_mandato_sobre_el_tema": "sus mandatos están completos y ninguno cubre los temas de la acción",
    "mandatos_parciales": "sus mandatos cargados están incompletos y ninguno cubre los temas de la acción",
    "mandatos_no_cargados": "no tiene mandatos cargados en los datos",
}


def grado(fuente: str, fiabilidad: str = "", *, propuesta: bool = False) -> str:
    """El grado de una fila: su `fiabilidad` si la trae; `propuesta` si la fila es una propuesta (ilustrativa); si no,
    la marca más fuerte de su `fuente` (una fila que cita una fuente oficial y una copia es oficial); "" si nada."""
    if fiabilidad:
        return fiabilidad
    if propuesta:
        return "propuesta"
    marcas = {_GRADO_DE_MARCA[m.upper()] for m in _MARCA.findall(fuente)}
    return next((g for g in FIABILIDADES if g in marcas), "")


def como_de(grado_de_la_fila: str, *, propuesta: bool = False) -> str:
    """Cómo se saben los vínculos que declara una fila: propuestos si la fila es una propuesta (una acción ilustrativa
    lo es aunque su `fiabilidad` diga otro grado: nadie declara lo que el proyecto redactó); si no, declarados."""
    return "propuesto" if propuesta or grado_de_la_fila == "propuesta" else "declarado"


def carga(declarada: str, *, tiene_mandatos: bool) -> str:
    """`mandatos_cargados` de una institución: el que dice la fila, o `ninguno` sin mandatos y `parciales` con ellos."""
    return declarada or ("parciales" if tiene_mandatos else "ninguno")


def motivo(carga_de_la_institucion: str, *, tiene_mandatos: bool) -> str:
    """Por qué un responsable no tiene mandato sobre los temas de su acción (ver MOTIVOS)."""
    if not tiene_mandatos:
        return "mandatos_no_cargados"
    return BRECHA if carga_de_la_institucion == "completos" else "mandatos_parciales"


def es_brecha(motivo_de_la_fila: str) -> bool:
    """Si la fila es una brecha de coordinación (y no una tarea de datos)."""
    return motivo_de_la_fila == BRECHA


def tarea_de_datos(institucion: str, motivo_de_la_fila: str) -> str:
    """Qué hay que hacer con los datos, en minúscula para ir dentro de una frase: «cargar los mandatos de MINEX»."""
    if motivo_de_la_fila == "mandatos_no_cargados":
        return f"cargar los mandatos de {institucion}"
    return f"completar los mandatos de {institucion} (¿alguno cubre estos temas?)"


def tareas_por_institucion(filas: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, list[str]]]:
    """Las filas de `acciones-sin-mandato` que son tareas de datos, por institución: (motivo, acciones)."""
    tareas: dict[str, tuple[str, list[str]]] = {}
    for f in filas:
        if not es_brecha(f["motivo"]):
            tareas.setdefault(f["institucion"], (f["motivo"], []))[1].append(f["accion"])
    return tareas


def en_palabras(codigo: str) -> str:
    """Cómo se lee un grado: `debil` → «débil»; los demás ya se leen bien; "" → «sin grado»."""
    return {"debil": "débil", "": "sin grado"}.get(codigo, codigo)
