"""Las facetas de la búsqueda del explorador (como las de datasette): clase, tipo de institución, eje, tema y
periodo de cada entidad hallada, con cuántas hay de cada valor, para acotar con un clic (puro).

Una institución tiene los ejes, temas y periodos de las acciones en que participa y los temas de sus
mandatos; una acción, los suyos; un mandato, sus temas (y el tipo de su institución); un tema, él mismo y
su eje ninguno. Un valor que una entidad no tiene no la hace «sin» nada: solo no aparece en esa faceta.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from grafo.clases import CLASES
from grafo.dominio.tablas import registros
from grafo.texto import con_mayuscula

# Faceta → cómo se titula. La de clase siempre está; las demás, si algún resultado tiene un valor.
FACETAS = (("clase", "Clase"), ("tipo", "Tipo de institución"), ("eje", "Eje"), ("tema", "Tema"),
           ("periodo", "Periodo"))
CONSULTAS_FACETAS = ("acciones", "instituciones", "fundamentos", "resumen-tipos", "temas", "ejes")
_CLASE_DE_SINGULAR = {c.singular: c.clave for c in CLASES}

Valores = dict[str, set[str]]


@dataclass(frozen=True)
class Faceta:
    clave: str
    titulo: str
    valores: tuple[tuple[str, str, int, bool], ...]  # (valor, cómo se dice, cuántos resultados, elegido)


def atributos(tablas: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str], Valores]:
    """(clase, id) → {faceta: valores} de cada entidad que tiene alguno."""
    attrs: dict[tuple[str, str], Valores] = {}

    def poner(clase: str, ident: str, faceta: str, valores: object) -> None:
        lista = valores if isinstance(valores, (list, tuple, set)) else [valores]
        attrs.setdefault((clase, ident), {}).setdefault(faceta, set()).update(str(v) for v in lista if v)

    tipo_de = {f["institucion"]: f["tipo"] for f in registros(tablas["instituciones"])}
    for i, t in tipo_de.items():
        poner("institucion", i, "tipo", t)
    for a in registros(tablas["acciones"]):
        for faceta, valor in (("eje", a["eje"]), ("periodo", a["periodo"]), ("tema", a["temas"])):
            poner("accion", a["accion"], faceta, valor)
            for i in (*a["responsables"], *a["vinculadas"]):
                poner("institucion", i, faceta, valor)
    for m in registros(tablas["fundamentos"]):
        poner("mandato", m["mandato"], "tema", m["temas"])
        poner("mandato", m["mandato"], "tipo", tipo_de.get(m["institucion"]))
        poner("institucion", m["institucion"], "tema", m["temas"])
    for t in tablas["temas"]["tema"]:
        poner("tema", t, "tema", t)
    for e in tablas["ejes"]["eje"]:
        poner("eje", e, "eje", e)
    return attrs


def nombres_de_valores(tablas: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Faceta → valor → cómo se dice (el nombre del tipo, del eje, del tema; la clase en plural)."""
    def par(tabla: str, clave: str) -> dict[str, str]:
        return dict(zip(tablas[tabla][clave], tablas[tabla]["nombre"], strict=True))

    return {"clase": {c.clave: con_mayuscula(c.plural) for c in CLASES}, "tipo": par("resumen-tipos", "tipo"),
            "eje": par("ejes", "eje"), "tema": par("temas", "tema"), "periodo": {}}


def clase_de_fila(tipo: str) -> str:
    """La clave de la clase de una fila de `grafo buscar` («institución» → institucion)."""
    return _CLASE_DE_SINGULAR.get(tipo, tipo)


def _de(fila: Mapping[str, object], attrs: Mapping[tuple[str, str], Valores]) -> Valores:
    clase = clase_de_fila(str(fila["tipo"]))
    return {"clase": {clase}, **attrs.get((clase, str(fila["id"])), {})}


def acotar(hallados: pd.DataFrame, attrs: Mapping[tuple[str, str], Valores],
           elegidas: Mapping[str, Sequence[str]],
           nombres: Mapping[str, Mapping[str, str]]) -> tuple[pd.DataFrame, tuple[Faceta, ...]]:
    """Las filas que tienen cada valor elegido y las facetas de lo que queda (un valor elegido sigue a la vista,
    para quitarlo)."""
    filas = registros(hallados)
    quedan = [f for f in filas if all(set(v) <= _de(f, attrs).get(k, set()) for k, v in elegidas.items() if v)]
    return pd.DataFrame(quedan, columns=hallados.columns), _contar(quedan, attrs, elegidas, nombres)


def _contar(filas: Sequence[Mapping[str, object]], attrs: Mapping[tuple[str, str], Valores],
            elegidas: Mapping[str, Sequence[str]], nombres: Mapping[str, Mapping[str, str]]) -> tuple[Faceta, ...]:
    cuentas: dict[str, dict[str, int]] = {}
    for fila in filas:
        for faceta, valores in _de(fila, attrs).items():
            for valor in valores:
                cuentas.setdefault(faceta, {}).setdefault(valor, 0)
                cuentas[faceta][valor] += 1
    facetas = []
    for clave, titulo in FACETAS:
        vistos = cuentas.get(clave, {})
        for elegido in elegidas.get(clave, ()):
            vistos.setdefault(elegido, 0)
        orden = sorted(vistos.items(), key=lambda kv: (-kv[1], kv[0]))
        dicho = nombres.get(clave, {})
        facetas.append(Faceta(clave, titulo, tuple((v, str(dicho.get(v, v)), n, v in elegidas.get(clave, ()))
                                                   for v, n in orden)))
    return tuple(f for f in facetas if f.valores)
