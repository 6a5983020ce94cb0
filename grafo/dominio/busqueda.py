"""Búsqueda de texto sobre los nombres y textos del grafo, sin tildes ni mayúsculas (`grafo buscar`)."""

from __future__ import annotations

import difflib
import re

import pandas as pd

from grafo.clases import BUSCABLES
from grafo.errores import opcion
from grafo.texto import forma_de_busqueda

# El orden en que se muestran los hallazgos (el del registro): primero lo que se nombra, luego lo que se describe.
CLASES: dict[str, str] = {c.clave: c.singular for c in BUSCABLES}
CONTEXTO = 50  # caracteres a cada lado de la primera coincidencia


def _fragmento(texto: str, inicio: int, largo: int) -> str:
    """El pedazo del texto alrededor de la coincidencia, cortado en palabras con «…»."""
    if len(texto) <= 2 * CONTEXTO + largo:
        return texto
    desde, hasta = max(0, inicio - CONTEXTO), min(len(texto), inicio + largo + CONTEXTO)
    if desde > 0:
        desde = texto.find(" ", desde, inicio) + 1 or desde
    if hasta < len(texto):
        corte = texto.rfind(" ", inicio + largo, hasta)
        hasta = corte if corte > 0 else hasta
    return ("…" if desde > 0 else "") + texto[desde:hasta].strip() + ("…" if hasta < len(texto) else "")


def hallar(textos: pd.DataFrame, texto: str, *, clases: tuple[str, ...] = ()) -> pd.DataFrame:
    """Las entidades cuyo id o algún texto contiene todas las palabras buscadas (sin tildes ni mayúsculas).

    `textos` tiene las columnas de la consulta `textos` (clase, id, campo, texto); cada entidad sale
    una vez, con el primer campo que coincide y un fragmento alrededor de la coincidencia.
    """
    palabras = forma_de_busqueda(texto).split()
    filas: dict[tuple[str, str], dict[str, str]] = {}
    for clase, ident, campo, valor in textos[["clase", "id", "campo", "texto"]].itertuples(index=False, name=None):
        if clases and clase not in clases:
            continue
        valor, ident = str(valor), str(ident)
        forma = forma_de_busqueda(f"{ident} {valor}")
        if not palabras or not all(p in forma for p in palabras) or (clase, ident) in filas:
            continue
        # sin_tildes no cambia el largo en español (á → a): la posición vale para el texto original.
        posicion = forma_de_busqueda(valor).find(palabras[0])
        fragmento = _fragmento(valor, posicion, len(palabras[0])) if posicion >= 0 else valor[: 2 * CONTEXTO]
        filas[(clase, ident)] = {"tipo": CLASES.get(clase, clase), "id": ident, "campo": campo, "texto": fragmento}
    orden = list(CLASES)
    claves = sorted(filas, key=lambda k: (orden.index(k[0]) if k[0] in orden else len(orden), k[1]))
    return pd.DataFrame([filas[k] for k in claves], columns=["tipo", "id", "campo", "texto"])


def sugerir(textos: pd.DataFrame, texto: str, *, clases: tuple[str, ...] = ()) -> str:
    """Qué probar cuando la búsqueda no halla nada: las palabras parecidas de los datos y cómo buscar más ancho."""
    palabras = forma_de_busqueda(texto).split()
    vocabulario = sorted({p for v in (*textos["texto"].astype(str), *textos["id"].astype(str))
                          for p in re.findall(r"\w{4,}", forma_de_busqueda(v))})
    ausentes = [p for p in palabras if not any(p in v for v in vocabulario)]
    parecidas = sorted({c for p in ausentes for c in difflib.get_close_matches(p, vocabulario, n=3, cutoff=0.75)})
    pruebe = []
    if parecidas:
        pruebe.append("una palabra parecida de los datos (" + ", ".join(f"«{p}»" for p in parecidas) + ")")
    if len(palabras) > 1:
        pruebe.append("menos palabras (se piden todas)")
    if clases:
        pruebe.append(f"sin {opcion('tipo')}, en todas las clases")
    pruebe.append("el comienzo de una palabra («migra» halla migración y migrante)")
    pruebe.append("la lista entera: grafo consultar instituciones (o temas, acciones)")
    return (f"Sin resultados para «{texto}». Pruebe " + "; ".join(pruebe) + ". Un nombre de uso común puede ir en "
            "la columna «alias» de instituciones.")
