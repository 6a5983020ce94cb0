"""Cómo se cita un mandato: instrumento y artículo, con [NV] si no está verificado y el grado de su fuente (texto puro)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from grafo.evidencia import MARCA_DE, tarea_de_datos
from grafo.texto import fecha_en_palabras


def es_vacio(valor: Any) -> bool:
    """Celda sin valor: None, NaN de pandas o texto vacío."""
    return valor is None or (isinstance(valor, float) and math.isnan(valor)) or valor == ""


def procedencia(version_datos: str, fecha: str, *, con_grafo: bool = True) -> str:
    """`Datos versión 23c7ee32ff10 · generado el 1 de diciembre de 2026 con grafo`: de dónde y cuándo sale una
    salida, con la fecha en palabras."""
    return f"Datos versión {version_datos} · generado el {fecha_en_palabras(fecha)}" + (" con grafo" if con_grafo else "")


# La marca de un artículo (o un fundamento) que no se ha cotejado con el texto oficial (`verificado` = no en los datos),
# lo que significa, y la frase que lo explica al pie de cada documento, mapa y matriz: un solo lugar.
NV = "[NV]"
SIGNIFICADO_NV = "Artículo no verificado en las fuentes: cotéjelo con el texto oficial."
LEYENDA_NV = f"{NV} marca un {SIGNIFICADO_NV[0].lower()}{SIGNIFICADO_NV[1:]}"


# El grado de la fuente de una fila citada, con las marcas que los datos ya usan en `fuente`, y su leyenda.
LEYENDA_GRADOS = ("Entre corchetes, el grado de la fuente de cada fila citada: [OF] oficial, [SEC] secundaria o copia, "
                  "[DÉBIL] débil, [PROP] propuesta del proyecto o de un analista; sin marca, sin grado en los datos.")
LEYENDA_CITAS = f"{LEYENDA_NV} {LEYENDA_GRADOS}"
# Lo que dicen las dos columnas de acciones de un mandato, en la minuta, la ficha y la matriz de fundamentos.
LEYENDA_FUNDAMENTA = ("«Acciones que fundamenta»: aquellas en que la institución es responsable o vinculada y que tienen "
                      "un tema que el mandato cubre; «Acciones que podría respaldar»: las que cubre sin que la "
                      "institución participe. Ambas las infiere grafo de los temas; ninguna fuente las declara.")


def marca_grado(fila: dict[str, Any]) -> str:
    """`[OF]`, `[SEC]`, `[DÉBIL]` o `[PROP]` según la `fiabilidad` de la fila; "" si no la tiene."""
    valor = fila.get("fiabilidad")
    return MARCA_DE.get(valor, "") if isinstance(valor, str) else ""


def con_grado(texto: str, fila: dict[str, Any]) -> str:
    """El texto con la marca del grado de la fila al final, si la tiene y el texto no la dice ya (una fuente)."""
    marca = marca_grado(fila)
    return f"{texto} {marca}" if marca and marca not in texto else texto


def accion_citada(k: str, accion: Mapping[str, Any] | None) -> str:
    """Una acción citada: su id, «(ilustrativa)» si la redactó el proyecto y el grado de su fuente."""
    if not accion:
        return k
    return con_grado(f"{k} (ilustrativa)" if accion.get("ilustrativa") is True else k, dict(accion))


def linea_fuente(fila: Mapping[str, Any]) -> str:
    """«Fuente: …» de una fila, con su grado si el texto no lo dice ya: en los globos del mapa."""
    return con_grado(f"Fuente: {fila.get('fuente') or 'sin fuente'}", dict(fila))


def sin_mandatos_cargados(institucion: str) -> str:
    """La fila de una institución sin mandatos en los datos: se dice, no se omite (minuta, ficha, matriz)."""
    return f"Sin mandatos cargados en los datos: {tarea_de_datos(institucion, 'mandatos_no_cargados')}."


def como_se_sabe(accion: Mapping[str, Any]) -> str:
    """«declarada [OF]» o «propuesta: ilustrativa [PROP]»: cómo se saben los papeles de una acción, en palabras."""
    texto = "propuesta: ilustrativa" if accion.get("como") == "propuesto" else "declarada"
    return con_grado(texto, dict(accion))


def sin_verificar(fila: dict[str, Any]) -> bool:
    """Si el mandato de la fila lleva [NV]: su `verificado` es «no» (sin dato, no se marca)."""
    return fila.get("verificado") is False


def articulo(fila: dict[str, Any]) -> str:
    """`art. 122 c)`, con [NV] si el mandato no está verificado; sin número, lo dice."""
    numero = fila.get("articulo")
    if es_vacio(numero):
        return f"artículo no identificado {NV}" if sin_verificar(fila) else "sin artículo"
    return f"art. {numero} {NV}" if sin_verificar(fila) else f"art. {numero}"


def fundamento(fila: dict[str, Any]) -> str:
    """El instrumento y el artículo de un mandato, con el grado de su fuente: `Código de Migración (DEC-44-2016),
    art. 114 [OF]`."""
    return con_grado(f"{fila['titulo']} ({fila['instrumento']}), {articulo(fila)}", fila)


def fundamento_corto(fila: dict[str, Any]) -> str:
    """`M-003 DEC-44-2016 art. 114 [OF]`: para listas de varios mandatos en una celda."""
    return con_grado(f"{fila['mandato']} {fila['instrumento']} {articulo(fila)}", fila)
