"""Consultas con nombre que salen, en Python, de otras tablas que la misma orden ya pidió (puras, sin motor).

`fundamentos` sale siempre de dos consultas que siguen a las instituciones pedidas (`mandatos-de-institucion` y
`acciones-por-mandato`): su `.rq`, con el cierre de `tema_padre` dentro de un OPTIONAL, recorre el grafo entero.

Una minuta pide quince tablas; ocho de ellas (las brechas, los traslapes, los papeles) se calculan de
`acciones`, `mandatos-por-tema`, `fundamentos` e `instituciones`, que pide igual. Cada función da exactamente las filas
de su `.rq` (mismo orden, mismas columnas y valores): el `.rq` sigue siendo la definición, y las
pruebas exigen la igualdad en cada paquete de prueba (tests/test_consultas.py). Suponen lo que el
grafo de grafo garantiza (cada referencia tiene su entidad, con id, nombre y descripción).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grafo import evidencia
from grafo.dominio import vinculos
from grafo.dominio.tablas import Tablas, registros, tabla

if TYPE_CHECKING:
    import pandas as pd


def _acciones(tablas: Tablas) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    a = tablas["acciones"]
    return list(zip(a["accion"], a["descripcion"], a["temas"], a["responsables"], a["vinculadas"], strict=True))


def sin_responsable(tablas: Tablas) -> pd.DataFrame:
    """`acciones-sin-responsable`, de `acciones`."""
    return tabla(sorted((k,) for k, _, _, r, _ in _acciones(tablas) if not r), ["accion"])


def varios_responsables(tablas: Tablas) -> pd.DataFrame:
    """`acciones-con-varios-responsables`, de `acciones`."""
    return tabla(sorted((k, sorted(r)) for k, _, _, r, _ in _acciones(tablas) if len(r) >= 2),
                 ["accion", "instituciones"])


def papeles(tablas: Tablas) -> pd.DataFrame:
    """`papeles-en-acciones` (sin parámetro), de `acciones`: una fila por institución, acción y papel."""
    acciones = registros(tablas["acciones"])
    descripcion = {a["accion"]: a["descripcion"] for a in acciones}
    filas = {(v.hacia, v.desde, v.relacion, descripcion[v.desde], v.como) for v in vinculos.papeles(acciones)}
    return tabla([(i, k, n, p, c) for i, k, p, n, c in sorted(filas)], ["institucion", "vinculo", "nombre", "papel", "como"])


def temas_cubiertos(tablas: Tablas) -> pd.DataFrame:
    """`temas-cubiertos` (sin parámetro), de `mandatos-por-tema`: qué temas cubre cada institución, por cuál mandato."""
    m = tablas["mandatos-por-tema"]
    filas = set(zip(m["institucion"], m["tema"], m["mandato"], m["nombre"], strict=True))
    return tabla([(i, t, n, k) for i, t, k, n in sorted(filas)], ["institucion", "vinculo", "nombre", "mandato"])


def varios_mandatos(tablas: Tablas) -> pd.DataFrame:
    """`temas-con-varios-mandatos`, de `mandatos-por-tema`."""
    m = tablas["mandatos-por-tema"]
    por_tema: dict[str, set[str]] = {}
    for tema, institucion in zip(m["tema"], m["institucion"], strict=True):
        por_tema.setdefault(tema, set()).add(institucion)
    return tabla(sorted((t, sorted(i)) for t, i in por_tema.items() if len(i) >= 2), ["tema", "instituciones"])


def sin_mandato(tablas: Tablas) -> pd.DataFrame:
    """`acciones-sin-mandato`, de `acciones`, `temas-cubiertos` e `instituciones`: responsables que no cubren ningún
    tema de la acción, con el motivo que sale de lo completo de sus mandatos."""
    cubiertos = tablas["temas-cubiertos"]
    cubre: dict[str, set[str]] = {}
    for institucion, tema in zip(cubiertos["institucion"], cubiertos["vinculo"], strict=True):
        cubre.setdefault(institucion, set()).add(tema)
    instituciones = tablas["instituciones"]
    # mandatos_cargados ya es «ninguno» sin mandatos (la revisión no deja decir otra cosa).
    carga = dict(zip(instituciones["institucion"], instituciones["mandatos_cargados"], strict=True))
    filas = {(k, i, evidencia.motivo(carga[i], tiene_mandatos=carga[i] != "ninguno"))
             for k, _, temas, responsables, _ in _acciones(tablas) if temas
             for i in responsables if not cubre.get(i, set()) & set(temas)}
    return tabla(sorted(filas), ["accion", "institucion", "motivo"])


def mandatos_sin_accion(tablas: Tablas) -> pd.DataFrame:
    """`mandatos-sin-accion`, de `fundamentos` (sin parámetro): los mandatos que no fundamentan ninguna acción."""
    f = tablas["fundamentos"]
    filas = zip(f["mandato"], f["institucion"], f["acciones"], f["acciones_posibles"], strict=True)
    return tabla(sorted({(m, i) for m, i, a, posibles in filas if not a and not posibles}),
                 ["mandato", "institucion"])


def sin_accion(tablas: Tablas) -> pd.DataFrame:
    """`instituciones-sin-accion`, de `fundamentos` y `acciones`: con mandato y sin papel en ninguna acción."""
    con_papel = {i for _, _, _, r, v in _acciones(tablas) for i in (*r, *v)}
    return tabla(sorted({(i,) for i in tablas["fundamentos"]["institucion"] if i not in con_papel}), ["institucion"])


def fundamentos(tablas: Tablas) -> pd.DataFrame:
    """`fundamentos`, de `mandatos-de-institucion` y `acciones-por-mandato` (con o sin las instituciones pedidas):
    cada mandato con las acciones que cubre, en que su institución participa (`acciones`) o no (`acciones_posibles`)."""
    cubiertas: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    pares = tablas["acciones-por-mandato"]
    for institucion, mandato, accion, participa in zip(pares["institucion"], pares["mandato"], pares["accion"],
                                                       pares["participa"], strict=True):
        cubiertas.setdefault((institucion, mandato), (set(), set()))[0 if participa else 1].add(accion)
    mandatos = tablas["mandatos-de-institucion"]
    # Las columnas de `mandatos-de-institucion`, con `mandato` donde la pone el .rq de `fundamentos` (tras `verificado`).
    columnas = [c for c in mandatos.columns if c != "mandato"]
    columnas.insert(columnas.index("verificado") + 1, "mandato")
    filas = []
    for fila in registros(mandatos):
        if fila["nombre"] is None:
            continue  # el .rq de fundamentos pide el nombre de la institución (en un grafo de grafo siempre está)
        acciones, posibles = cubiertas.get((fila["institucion"], fila["mandato"]), (set(), set()))
        filas.append({**fila, "acciones": sorted(acciones), "acciones_posibles": sorted(posibles)})
    filas.sort(key=lambda f: (f["institucion"], f["instrumento"], f["mandato"]))
    return tabla(filas, [*columnas, "acciones", "acciones_posibles"])
