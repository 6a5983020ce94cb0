"""Documentos para reuniones: la minuta, las fichas, las matrices y la priorización de municipios."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from grafo.dominio.productos import Libro, Tabla
from grafo.dominio.tablas import Recordadas, nombres, registros, tabla
from grafo.errores import TablaFaltante, opcion
from grafo.productos import hoy
from grafo.productos.red import modelo_del_mapa

if TYPE_CHECKING:
    import pandas as pd

    from grafo.dominio.ficha import Ficha
    from grafo.dominio.reunion import Reunion
    from grafo.paquete.fuentes import Paquete
    from grafo.proyecto import Proyecto

# Dónde se pidieron las instituciones, en un mensaje de ids desconocidos (la CLI: «opción --instituciones»).
DONDE = f"opción {opcion('instituciones')}"


def _instituciones(p: Proyecto, instituciones: Sequence[str], donde: str) -> list[str]:
    """Los ids de las instituciones pedidas, como están en el grafo y sin repetir."""
    return list(dict.fromkeys(str(i) for i in p.ids([("institucion", i, donde) for i in instituciones])))


def _de_estas(fundamentos: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Las filas de `fundamentos` (sin parámetro) de estas instituciones: las mismas que la consulta con el
    parámetro `instituciones`, sin otra consulta (una prueba lo compara)."""
    return fundamentos[fundamentos["institucion"].isin(list(ids))].reset_index(drop=True)


def preparar_reunion(p: Proyecto, instituciones: Sequence[str], *, titulo: str | None = None,
                     fecha: str | None = None, donde: str = DONDE) -> Reunion:
    """La minuta de la reunión con esas instituciones: fundamentos, acciones, brechas, traslapes, rutas y mapa.

    El mapa es el vecindario de los participantes en la red de instituciones: se arma la red entera (sin
    disponerla) y se dispone solo el vecindario.
    """
    from grafo.dominio import analisis, mapa, reunion
    from grafo.dominio.disposicion import disponer

    ids = _instituciones(p, instituciones, donde)
    nombres_consultas = (*reunion.CONSULTAS_REUNION, *analisis.CONSULTAS_RED, *analisis.CONSULTAS_CONTEXTO,
                         *mapa.consultas_de("instituciones"))
    tablas = p.tablas(tuple(dict.fromkeys(nombres_consultas)))
    completo = modelo_del_mapa(p, mapa.Filtro(vista="instituciones"), fecha=fecha, ya=tablas)
    red = mapa.vecindario(completo.red, ids)
    cerca = dataclasses.replace(completo, red=red, posiciones=disponer(red),
                                filtro=mapa.Filtro(vista="instituciones", foco=", ".join(ids)))
    return reunion.armar(tablas, _de_estas(tablas["fundamentos"], ids), analisis.red_de(tablas),
                         analisis.contexto_de(tablas), cerca, ids=ids, titulo=titulo or f"Reunión con {', '.join(ids)}",
                         fecha=hoy(fecha), version_datos=p.version(), generado=hoy())


def armar_fichas(p: Proyecto, instituciones: Sequence[str] | None = None, *, fecha: str | None = None,
                 donde: str = DONDE) -> list[Ficha]:
    """La ficha de cada institución pedida (todas si no se pide ninguna), con las consultas y la red una sola vez.

    Las pedidas de una red de más de `MEDIR_RED_HASTA` instituciones salen de lo que las toca (`vecindario`), sin
    medir la red entera: cada ficha lo dice donde iría su posición en la red.
    """
    from grafo.dominio import analisis, ficha, reunion
    from grafo.dominio.vecindario import MEDIR_RED_HASTA

    pedidas = _instituciones(p, instituciones, donde) if instituciones else []
    en_la_red = instituciones_en_la_red(p) if pedidas else 0
    if en_la_red > MEDIR_RED_HASTA:
        return _fichas_sin_medir_la_red(p, pedidas, en_la_red, fecha)
    tablas = p.tablas(tuple(dict.fromkeys((*reunion.CONSULTAS_REUNION, *analisis.CONSULTAS_RED,
                                           *analisis.CONSULTAS_CONTEXTO, "resumen-tipos"))))
    ids = pedidas or list(dict.fromkeys(tablas["instituciones"]["institucion"]))
    if not ids:
        raise TablaFaltante("Los datos no tienen instituciones: no hay fichas que escribir. Cómo corregirlo: "
                            "agregue filas a la tabla «instituciones».")
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=nombres(tablas))
    tipos = dict(zip(tablas["resumen-tipos"]["tipo"], tablas["resumen-tipos"]["nombre"], strict=True))
    version, dia = p.version(), hoy(fecha)
    recordadas = Recordadas(tablas)  # las mismas tablas para cada ficha: cada una se convierte a filas una vez
    return [ficha.armar_ficha(recordadas, _de_estas(tablas["fundamentos"], [i]), medido, coordinacion, sigla=i,
                              version_datos=version, fecha=dia, nombre_tipo=tipos) for i in ids]


def instituciones_en_la_red(p: Proyecto) -> int:
    """Cuántas instituciones hay en la red de coordinación (cada una tiene su tipo: las formas lo exigen)."""
    return sum(int(n) for n in p.tabla("resumen-tipos")["instituciones"])


def red_medible(p: Proyecto) -> bool:
    """Si una ficha mide la red entera para dar la posición de su institución (hasta `MEDIR_RED_HASTA`
    instituciones); si no, sale de lo que toca a la institución y dice que no la midió."""
    from grafo.dominio.vecindario import MEDIR_RED_HASTA

    return instituciones_en_la_red(p) <= MEDIR_RED_HASTA


def _fichas_sin_medir_la_red(p: Proyecto, ids: Sequence[str], en_la_red: int, fecha: str | None) -> list[Ficha]:
    """Las fichas de `ids` desde las tablas de su vecindario y sus aristas en la red (sin medir la red entera)."""
    from grafo.dominio import ficha, vecindario
    from grafo.productos.vecindario import leer

    tablas = leer(p, ids)
    coordinacion = vecindario.estrella(tablas["vinculos-entre"], ids)
    tipos = dict(zip(tablas["resumen-tipos"]["tipo"], tablas["resumen-tipos"]["nombre"], strict=True))
    version, dia, recordadas = p.version(), hoy(fecha), Recordadas(tablas)
    return [ficha.armar_ficha(recordadas, _de_estas(tablas["fundamentos"], [i]), None, coordinacion, sigla=i,
                              version_datos=version, fecha=dia, nombre_tipo=tipos,
                              sin_medir=vecindario.sin_medidas(en_la_red)) for i in ids]


def priorizar(p: Proyecto, *, pesos: str | None = None, primeros: int | None = None) -> Tabla:
    """Los municipios ordenados para Oficinas Municipales de Migración según la tabla de criterios."""
    ranking = _ranking(p.tablas_del_paquete(), pesos)
    return Tabla("Priorización de municipios", ranking if primeros is None else ranking.head(primeros),
                 unidad="municipios")


def _ranking(paquete: Paquete, pesos: str | None) -> pd.DataFrame:
    from grafo.dominio import priorizacion

    municipios = paquete.tabla("municipios").datos  # si faltan las dos, se nombra primero municipios
    criterios = priorizacion.leer_criterios(paquete.tabla("criterios").datos)
    return priorizacion.priorizar(municipios, criterios,
                                  pesos=priorizacion.leer_pesos(pesos, criterios) if pesos else None)


def armar_matrices(p: Proyecto, *, tipo: str = "todas", instituciones: Sequence[str] = (), pesos: str | None = None,
                   fecha: str | None = None, donde: str = DONDE) -> Libro:
    """Las matrices pedidas (desde un servidor, sin priorización), con su leyenda y las fuentes que citan.

    `instituciones`: las de la matriz de fundamentos (con `tipo` «todas» o «fundamentos»).
    """
    from grafo.dominio import analisis, marcos, matrices, seguimiento

    con_paquete = p.origen.datos is not None  # desde un servidor o un grafo escrito no hay tablas
    if tipo == "fundamentos":
        return _libro_de_fundamentos(p, _instituciones(p, instituciones, donde), fecha)
    if tipo == "priorizacion" and not con_paquete:
        raise TablaFaltante("La priorización se calcula con las tablas municipios y criterios del paquete.")
    con_fundamentos = bool(instituciones) and tipo == "todas"  # la de fundamentos sola, arriba
    ids = _instituciones(p, instituciones, donde) if con_fundamentos else []
    nombres_consultas = [*matrices.CONSULTAS_MATRICES]
    nombres_consultas += [*analisis.CONSULTAS_RED] if tipo in ("todas", "red") else []
    nombres_consultas += [*seguimiento.CONSULTAS_SEGUIMIENTO] if tipo in ("todas", "seguimiento") else []
    nombres_consultas += [marcos.consulta_de("pmm"), "alineaciones"] if tipo in ("todas", "pmm") else []
    nombres_consultas += [] if con_paquete else ["fuentes"]
    tablas = p.tablas(tuple(dict.fromkeys(nombres_consultas)))
    paquete = p.paquete  # después del almacén: si hubo que construirlo, ya está leído
    con_municipios = paquete is not None and "municipios" in paquete.tablas and "criterios" in paquete.tablas
    lista: list[matrices.Matriz] = []
    if tipo in ("todas", "responsabilidades"):
        lista.append(matrices.responsabilidades(tablas))
    if tipo in ("todas", "mandatos"):
        lista.append(matrices.mandatos(tablas))
    if con_fundamentos:  # con el parámetro: a gran escala, mucho menos que todos los fundamentos
        lista.append(matrices.fundamentos(tablas, p.tabla("fundamentos", {"instituciones": ids}), ids))
    if tipo == "priorizacion" or (tipo == "todas" and con_municipios):
        assert paquete is not None
        lista.append(matrices.priorizacion(_ranking(paquete, pesos),
                                           list(paquete.tabla("criterios").datos["criterio"])))
    if tipo in ("todas", "red"):
        lista.append(matrices.red(analisis.analizar(analisis.red_de(tablas), nombres=nombres(tablas))))
    if tipo in ("todas", "seguimiento") and (tipo == "seguimiento" or len(tablas["reuniones"])):
        lista.append(seguimiento.matriz_seguimiento(tablas, al=date.fromisoformat(hoy(fecha))))
    if tipo == "pmm" or (tipo == "todas" and "pmm" in set(tablas["alineaciones"]["marco"])):
        lista.append(marcos.matriz(tablas))
    citadas = {c for m in lista for c in m.citadas}
    return Libro(lista, p.version(), hoy(fecha), matrices.tabla_fuentes(_citas(tablas, paquete), citadas))


def _libro_de_fundamentos(p: Proyecto, ids: Sequence[str], fecha: str | None) -> Libro:
    """La matriz de fundamentos sola, con lo que parte de las instituciones pedidas: sus mandatos, las acciones y las
    fuentes que cita y sus nombres (a un millón de tripletas, sin recorrer ni leer el paquete entero)."""
    from grafo.dominio import matrices
    from grafo.productos.vecindario import fuentes_de

    filas = p.tabla("fundamentos", {"instituciones": ids})
    citadas = sorted({a for f in registros(filas) for a in (*f["acciones"], *f["acciones_posibles"])})
    tablas = {"acciones": p.tabla("acciones", {"accion": citadas}) if citadas else tabla([], ["accion"]),
              "instituciones": p.tabla("instituciones", {"institucion": list(ids)})}
    matriz = matrices.fundamentos(tablas, filas, ids)
    # Las fuentes de las filas citadas, no las de todo el grafo: los ids como un bloque VALUES (salen del grafo mismo).
    fuentes = fuentes_de(p, {i for _, i in matriz.citadas})
    return Libro([matriz], p.version(), hoy(fecha),
                 matrices.tabla_fuentes(_citas({"fuentes": fuentes}, None), matriz.citadas))


def _citas(tablas: dict[str, pd.DataFrame], paquete: Paquete | None) -> dict[str, pd.DataFrame]:
    """Las filas con su fuente por tabla: las del paquete o, desde un servidor, las que da la consulta `fuentes`."""
    if paquete is not None:
        return {n: t.datos for n, t in paquete.tablas.items()}
    return {n: g.drop(columns="tabla").rename(columns={"id": "codigo"} if n == "municipios" else {})
            for n, g in tablas["fuentes"].groupby("tabla", sort=True)}
