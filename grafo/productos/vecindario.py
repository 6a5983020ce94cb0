"""Las tablas de lo que toca a unas instituciones, de consultas que parten de ellas (issue 33, «Rendimiento»).

Una ficha de una institución necesita sus mandatos, sus acciones, los temas que cubre y quién más los
cubre, sus brechas y traslapes: a un millón de tripletas, unas 80 acciones y 300 instituciones de 7 500.
Las tablas del grafo entero (la red de todos los pares, todos los fundamentos) tardaban 400 s; estas, 0,2 s.
Cada tabla tiene, para las instituciones pedidas, las mismas filas que la del grafo entero: las que tocan a
otras pueden faltar, y nadie aquí las lee (tests/test_vecindario.py compara las fichas de los dos caminos).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from grafo import consultas
from grafo.consultas import compuestas, derivadas

if TYPE_CHECKING:
    import pandas as pd

    from grafo.proyecto import Proyecto


# Cuántos ids por consulta: con miles en un bloque VALUES, Oxigraph cambia de plan (2 500 acciones: 4 s de una vez,
# 0,46 s de a 200; a un millón de tripletas, en memoria).
TROZO = 200


def _con(p: Proyecto, nombre: str, parametro: str, ids: Iterable[str]) -> pd.DataFrame:
    """La consulta con esos ids, de a `TROZO`: las filas, en el orden de la consulta entera, porque cada consulta que
    se pide así ordena primero por la variable del parámetro (se comprueba) y los trozos van en orden."""
    import pandas as pd

    consulta, todos = consultas.cargar(nombre), sorted(set(ids))
    variable = next(x.variable for x in consulta.parametros if x.nombre == parametro)
    if not re.search(rf"ORDER BY \?{variable}\b", consulta.texto):  # unir los trozos cambiaría el orden
        raise ValueError(f"{nombre}.rq no ordena primero por ?{variable}: no se puede pedir de a trozos")
    trozos = [todos[i:i + TROZO] for i in range(0, len(todos), TROZO)] or [[]]
    partes = [consultas.ejecutar_con(p.fuente, consulta, parametro, t) for t in trozos]
    return partes[0] if len(partes) == 1 else pd.concat(partes, ignore_index=True)


def _participantes(acciones: pd.DataFrame) -> set[str]:
    """Las instituciones responsables o vinculadas de esas acciones."""
    return {i for columna in ("responsables", "vinculadas") for lista in acciones[columna] for i in lista}


def leer(p: Proyecto, ids: Sequence[str], *, fuentes: bool = True, entre_ellas: bool = False,
         ) -> dict[str, pd.DataFrame]:
    """Las tablas de la ficha y de la minuta (`reunion.CONSULTAS_REUNION` y las que se derivan de ellas, más
    `fundamentos`, `vinculos-entre` y `resumen-tipos`) para las instituciones `ids`, ya resueltas; sin `fuentes`, sin
    la tabla de fuentes (el mapa no la usa); con `entre_ellas`, `vinculos-entre` solo entre `ids` (el mapa)."""
    fundamentos = p.tabla("fundamentos", {"instituciones": list(ids)})
    papeles = _con(p, "acciones-de-institucion", "institucion", ids)
    propias = set(papeles["accion"])
    lideradas = set(papeles.loc[papeles["papel"] == "responsable", "accion"])
    citadas = propias | {a for c in ("acciones", "acciones_posibles") for lista in fundamentos[c] for a in lista}
    acciones = _con(p, "acciones", "accion", citadas)
    # Los temas que cubren las pedidas y los demás responsables de las acciones que ellas lideran: para saber si tienen
    # mandato sobre cada una (acciones-sin-mandato; una acción sin líder mandatado), como en el grafo entero.
    responsables = {i for k, lista in zip(acciones["accion"], acciones["responsables"], strict=True) if k in lideradas
                    for i in lista}
    cubiertos = _con(p, "temas-cubiertos", "institucion", {*ids, *responsables})
    temas = set(cubiertos.loc[cubiertos["institucion"].isin(list(ids)), "vinculo"])
    t = {"fundamentos": fundamentos, "acciones": acciones,
         "mandatos-por-tema": _con(p, "mandatos-por-tema", "tema", temas),
         "temas": _con(p, "temas", "tema", temas), "ejes": p.tabla("ejes"), "resumen-tipos": p.tabla("resumen-tipos")}
    # Las instituciones que estas tablas nombran (sus socios, los responsables de sus acciones) y de quién dependen.
    nombradas = {*ids, *_participantes(t["acciones"]), *t["mandatos-por-tema"]["institucion"]}
    instituciones = _con(p, "instituciones", "institucion", nombradas)
    faltan = set(instituciones["depende_de"].dropna()) - nombradas
    t["instituciones"] = _con(p, "instituciones", "institucion", nombradas | faltan) if faltan else instituciones
    t.update(derivar(t, ids, cubiertos, entre_ellas=entre_ellas))
    # De las demás acciones (las que solo se citan, o en que solo son vinculadas) no se trajeron los temas de todos sus
    # responsables: sus filas no serían las del grafo entero.
    sin_mandato = t["acciones-sin-mandato"]
    t["acciones-sin-mandato"] = sin_mandato[sin_mandato["accion"].isin(lideradas)].reset_index(drop=True)
    if not fuentes:
        return t
    t["fuentes"] = fuentes_de(p, {*ids, *t["acciones"]["accion"], *fundamentos["mandato"], *fundamentos["instrumento"]})
    return t


def fuentes_de(p: Proyecto, ids: Iterable[str]) -> pd.DataFrame:
    """Las filas de `fuentes` de esos ids (de cualquier tabla), no las de todo el grafo: los ids, que salen del grafo
    mismo, como un bloque VALUES (una consulta: `fuentes` no ordena primero por el id, no se parte en trozos)."""
    return p.fuente.seleccionar(consultas.con_valores(consultas.cargar("fuentes"), ["id_literal"], [sorted(set(ids))]))


def derivar(t: dict[str, pd.DataFrame], ids: Sequence[str], cubiertos: pd.DataFrame, *, entre_ellas: bool = False,
            ) -> dict[str, pd.DataFrame]:
    """Las brechas, los traslapes y los vínculos de `ids` desde las tablas de su vecindario (`derivadas`, las
    mismas funciones que las arman del grafo entero); `cubiertos`, las filas de `temas-cubiertos` de `ids` y de los
    demás responsables de las acciones que lideran."""
    import pandas as pd

    por_tema = derivadas.temas_cubiertos(t)  # quién más cubre los temas de `ids`
    todos = pd.concat([por_tema, cubiertos[list(por_tema.columns)]], ignore_index=True).drop_duplicates()
    todos = todos.sort_values(list(todos.columns), kind="stable").reset_index(drop=True)
    derivadas_ = {"acciones-sin-responsable": derivadas.sin_responsable(t),
                  "acciones-con-varios-responsables": derivadas.varios_responsables(t),
                  "papeles-en-acciones": derivadas.papeles(t), "temas-cubiertos": todos,
                  "temas-con-varios-mandatos": derivadas.varios_mandatos(t),
                  "mandatos-sin-accion": derivadas.mandatos_sin_accion(t)}
    todas = {**t, **derivadas_}
    derivadas_["acciones-sin-mandato"] = derivadas.sin_mandato(todas)
    # Solo las acciones y los temas de `ids` pueden unirlos a otra: las demás filas no cambian sus pares (y agruparlas
    # costaba 8 s para las 31 instituciones de un mapa a un millón de tripletas).
    mitades = {}
    for consulta, _ in compuestas.MITADES_VINCULOS.values():
        filas = todas[consulta]
        de_ellas = filas["institucion"].isin(list(ids))
        quedan = filas["vinculo"].isin(set(filas.loc[de_ellas, "vinculo"])) & (de_ellas if entre_ellas else True)
        mitades[consulta] = filas[quedan].reset_index(drop=True)
    derivadas_["vinculos-entre"] = compuestas.vinculos_entre(mitades, origen=ids, destino=ids if entre_ellas else None)
    return derivadas_


def del_mapa(p: Proyecto, foco: str, en_la_red: int) -> tuple[dict[str, pd.DataFrame], str]:
    """Las tablas del mapa de instituciones con foco en `foco` de una red grande: el foco y sus vecinas de más vínculos
    (`dominio.vecindario.VECINAS_EN_EL_MAPA`), con los vínculos entre ellas; y lo que el mapa dice de esa elección."""
    from grafo.dominio import vecindario

    vecinas = vecindario.mas_unidas(vecindario.estrella(leer(p, [foco], fuentes=False)["vinculos-entre"], [foco]), foco)
    elegidas = [foco, *(v for v, _ in vecinas[:vecindario.VECINAS_EN_EL_MAPA])]
    t = leer(p, elegidas, fuentes=False, entre_ellas=True)  # el pie del mapa cita instrumentos, no filas con fuente
    t["instituciones"] = t["instituciones"][t["instituciones"]["institucion"].isin(elegidas)].reset_index(drop=True)
    # Quién cubre cada tema solo lo dicen los nodos de tema, que esta vista no dibuja (los traslapes ya salieron).
    por_tema = t["mandatos-por-tema"]
    t["mandatos-por-tema"] = por_tema[por_tema["institucion"].isin(elegidas)].reset_index(drop=True)
    alineaciones = p.tabla("alineaciones")
    dibujables = {*t["acciones"]["accion"], *t["fundamentos"]["mandato"]}
    t["alineaciones"] = alineaciones[alineaciones["elemento"].isin(dibujables)].reset_index(drop=True)
    t["reuniones"] = p.tabla("reuniones")  # la vista de instituciones no las dibuja; el modelo las pide
    # Todos los temas: cada nodo lleva los de sus mandatos y acciones con sus temas más amplios (el filtro por tema).
    t["temas"] = p.tabla("temas")
    return t, vecindario.muestra(foco, vecinas, en_la_red)
