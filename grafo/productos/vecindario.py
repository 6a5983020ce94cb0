"""Las tablas de lo que toca a unas instituciones, de consultas que parten de ellas (issue 33, «Rendimiento»).

Una ficha de una institución necesita sus mandatos, sus acciones, los temas que cubre y quién más los
cubre, sus brechas y traslapes: a un millón de tripletas, unas 80 acciones y 300 instituciones de 7 500.
Las tablas del grafo entero (la red de todos los pares, todos los fundamentos) tardaban 400 s; estas, 0,2 s.
Cada tabla tiene, para las instituciones pedidas, las mismas filas que la del grafo entero: las que tocan a
otras pueden faltar, y nadie aquí las lee (tests/test_vecindario.py compara las fichas de los dos caminos).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from grafo import consultas
from grafo.consultas import compuestas, derivadas

if TYPE_CHECKING:
    import pandas as pd

    from grafo.proyecto import Proyecto


def _con(p: Proyecto, nombre: str, parametro: str, ids: Iterable[str]) -> pd.DataFrame:
    return consultas.ejecutar_con(p.fuente, consultas.cargar(nombre), parametro, sorted(set(ids)))


def _miembros(acciones: pd.DataFrame) -> set[str]:
    return {i for columna in ("responsables", "vinculadas") for lista in acciones[columna] for i in lista}


def leer(p: Proyecto, ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Las tablas de la ficha y de la minuta (`reunion.CONSULTAS_REUNION` y las que se derivan de ellas, más
    `fundamentos`, `vinculos-entre` y `resumen-tipos`) para las instituciones `ids`, ya resueltas."""
    cubiertos = _con(p, "temas-cubiertos", "institucion", ids)
    temas = set(cubiertos["vinculo"])
    fundamentos = p.tabla("fundamentos", {"instituciones": list(ids)})
    citadas = set(_con(p, "acciones-de-institucion", "institucion", ids)["accion"])
    citadas |= {a for columna in ("acciones", "acciones_posibles") for lista in fundamentos[columna] for a in lista}
    t = {"fundamentos": fundamentos, "acciones": _con(p, "acciones", "accion", citadas),
         "mandatos-por-tema": _con(p, "mandatos-por-tema", "tema", temas),
         "temas": _con(p, "temas", "tema", temas), "ejes": p.tabla("ejes"), "resumen-tipos": p.tabla("resumen-tipos")}
    # Las instituciones que estas tablas nombran (sus socios, los responsables de sus acciones) y de quién dependen.
    nombradas = {*ids, *_miembros(t["acciones"]), *t["mandatos-por-tema"]["institucion"]}
    instituciones = _con(p, "instituciones", "institucion", nombradas)
    faltan = set(instituciones["depende_de"].dropna()) - nombradas
    t["instituciones"] = _con(p, "instituciones", "institucion", nombradas | faltan) if faltan else instituciones
    t.update(derivar(t, ids))
    citados = {*ids, *t["acciones"]["accion"], *fundamentos["mandato"], *fundamentos["instrumento"]}
    t["fuentes"] = p.fuente.seleccionar(consultas.con_valores(consultas.cargar("fuentes"), ["id_literal"],
                                                              [sorted(citados)]))
    return t


def derivar(t: dict[str, pd.DataFrame], ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Las brechas, los traslapes y los vínculos de `ids` desde las tablas de su vecindario (`derivadas`, las
    mismas funciones que las arman del grafo entero)."""
    derivadas_ = {"acciones-sin-responsable": derivadas.sin_responsable(t),
                  "acciones-con-varios-responsables": derivadas.varios_responsables(t),
                  "papeles-en-acciones": derivadas.papeles(t),
                  "temas-cubiertos": derivadas.temas_cubiertos(t),
                  "temas-con-varios-mandatos": derivadas.varios_mandatos(t),
                  "mandatos-sin-accion": derivadas.mandatos_sin_accion(t)}
    todas = {**t, **derivadas_}
    sin_mandato = derivadas.sin_mandato(todas)
    # De los otros responsables no se trajeron sus temas: sus filas no serían las del grafo entero.
    derivadas_["acciones-sin-mandato"] = sin_mandato[sin_mandato["institucion"].isin(list(ids))].reset_index(drop=True)
    derivadas_["vinculos-entre"] = compuestas.vinculos_entre(todas, origen=ids)
    return derivadas_
