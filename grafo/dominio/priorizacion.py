"""Priorización de municipios para Oficinas Municipales de Migración: un cálculo transparente.

Regla (también en el README):
- cada criterio se normaliza entre 0 y 1 con mín–máx sobre los municipios que tienen dato;
  `mayor` da 1 al valor más alto, `menor` al más bajo; si todos los datos son iguales, 0 para todos;
- un dato que falta aporta 0 en ese criterio (no sube la prioridad) y se anota en `datos_faltantes`;
- los pesos se reparten para sumar 1: puntaje = Σ peso_i / Σ pesos × normalizado_i, entre 0 y 1;
- los empates se rompen por código de municipio, de menor a mayor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from grafo.errores import OpcionInvalida, opcion
from grafo.texto import si_no


@dataclass(frozen=True)
class Criterio:
    """Un criterio de priorización: la columna de `municipios`, su peso y su sentido."""

    nombre: str
    columna: str
    peso: float
    sentido: str  # "mayor" o "menor"


PESO_MAXIMO = 1e6  # más allá, la suma de pesos pierde precisión y todos los puntajes se vuelven 0


def leer_criterios(tabla: pd.DataFrame) -> list[Criterio]:
    """Los criterios de la tabla `criterios` (ya revisada al leer el paquete)."""
    return [Criterio(f["criterio"], f["columna"], float(f["peso"]), f["sentido"])
            for f in tabla.to_dict(orient="records")]


def leer_pesos(texto: str, criterios: list[Criterio]) -> dict[str, float]:
    """`--pesos deportados_2025=0.5,region_trifinio=0.5` → {columna: peso}; acepta columna o nombre."""
    por_clave = {c.columna: c.columna for c in criterios} | {c.nombre: c.columna for c in criterios}
    pesos: dict[str, float] = {}
    problemas = []
    for parte in filter(None, (p.strip() for p in texto.split(","))):
        clave, signo, valor = parte.partition("=")
        clave = clave.strip()
        if not signo:
            problemas.append(f"«{parte}» no tiene la forma criterio=peso (por ejemplo deportados_2025=0.5).")
            continue
        if clave not in por_clave:
            problemas.append(f"«{clave}» no es un criterio. Use una de las columnas: "
                             + ", ".join(c.columna for c in criterios) + ".")
            continue
        # Solo dígitos ASCII con punto: float() aceptaría «1_0» y «١» (árabe), que nadie quiso escribir.
        peso = float(valor) if re.fullmatch(r"\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*", valor, re.ASCII) else -1.0
        if not 0 <= peso <= PESO_MAXIMO:  # también descarta nan e inf
            problemas.append(f"El peso de «{clave}» debe ser un número de 0 a 1.000.000 "
                             f"(recibió «{valor.strip()}»); solo cuenta la proporción entre los pesos.")
            continue
        if por_clave[clave] in pesos:
            problemas.append(f"«{clave}» tiene dos pesos en {opcion('pesos')}; deje uno.")
            continue
        pesos[por_clave[clave]] = peso
    if not problemas and not pesos:
        problemas.append("no tiene ningún criterio=peso (por ejemplo deportados_2025=0.5).")
    if problemas:
        raise OpcionInvalida(f"Problemas en {opcion('pesos')}:\n  - " + "\n  - ".join(problemas))
    return pesos


def priorizar(municipios: pd.DataFrame, criterios: list[Criterio], *, pesos: Mapping[str, float] | None = None,
              ) -> pd.DataFrame:
    """Ranking de municipios con la contribución de cada criterio al puntaje."""
    if not criterios:
        raise OpcionInvalida("La tabla de criterios no tiene filas: no hay con qué priorizar. Cómo corregirlo: "
                             "agregue criterios (criterio, columna, peso, sentido) a la tabla «criterios».")
    pesos = {c.columna: (pesos or {}).get(c.columna, c.peso) for c in criterios}
    total = sum(pesos.values())
    if total <= 0:
        raise OpcionInvalida("Todos los pesos son 0: no hay con qué priorizar. Dé un peso mayor que 0 a algún criterio.")
    salida = pd.DataFrame({"codigo": municipios["codigo"], "municipio": municipios["nombre"],
                           "departamento": municipios["departamento"]})
    puntaje = pd.Series(0.0, index=municipios.index)
    faltan: list[list[str]] = [[] for _ in range(len(municipios))]
    for c in criterios:
        valores = pd.to_numeric(municipios[c.columna].replace("", None), errors="coerce")
        minimo, maximo = valores.min(), valores.max()
        if pd.isna(minimo) or maximo == minimo:
            normal = pd.Series(0.0, index=valores.index)
        elif c.sentido == "mayor":
            normal = (valores - minimo) / (maximo - minimo)
        else:
            normal = (maximo - valores) / (maximo - minimo)
        for posicion in [i for i, falta in enumerate(valores.isna()) if falta]:
            faltan[posicion].append(c.columna)
        aporte = (normal.fillna(0.0) * pesos[c.columna] / total).round(6)
        enteros = valores.dropna()
        mostrar = valores.astype("Int64") if (enteros == enteros.round()).all() else valores
        salida[c.columna] = mostrar.astype(object).where(valores.notna(), None)
        salida[f"aporte_{c.columna}"] = aporte
        puntaje += aporte
    salida["puntaje"] = puntaje.round(6)
    salida["datos_faltantes"] = [";".join(f) for f in faltan]
    if "oficina_migracion" in municipios.columns:
        oficina = pd.to_numeric(municipios["oficina_migracion"].replace("", None), errors="coerce").fillna(0)
        salida["tiene_oficina"] = [si_no(bool(v > 0)) for v in oficina]
    salida = salida.sort_values(["puntaje", "codigo"], ascending=[False, True], kind="mergesort")
    salida.insert(0, "puesto", range(1, len(salida) + 1))
    return salida.reset_index(drop=True)
