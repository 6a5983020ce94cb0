"""La biblioteca de grafo: cada producto desde una fuente, en una llamada.

Todas siguen la misma convención: el módulo de dominio declara las consultas con nombre que
necesita (`CONSULTAS_…`), aquí se ejecutan sobre la `Fuente` (local o servidor, da igual) y
la función pura del dominio arma el producto. Escribirlo en un formato es cosa de
`grafo.formatos`; la CLI solo llama a una de estas funciones y a `emitir`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from grafo import consultas
from grafo.dominio.productos import Bloques, Libro, Medidas, Respuesta, Rutas, Tabla, Tripletas
from grafo.dominio.tablas import nombres
from grafo.errores import ConsultaInvalida, TablaFaltante
from grafo.motores import Fuente

if TYPE_CHECKING:
    import pandas as pd

    from grafo.dominio import analisis, informes, mapa, matrices, resumen
    from grafo.dominio.guion import Guion, Presentacion
    from grafo.dominio.ficha import Ficha
    from grafo.dominio.acta import Acta
    from grafo.dominio.reunion import Reunion
    from grafo.paquete.fuentes import Paquete

# Los módulos del dominio se importan en la función que los usa: networkx (0,27 s) solo lo pagan
# las órdenes de la red y del mapa, no una consulta (tests/test_casa.py lo comprueba).

TIPOS_MATRIZ = ("todas", "responsabilidades", "mandatos", "fundamentos", "priorizacion", "red", "seguimiento")


def _hoy(fecha: str | None) -> str:
    return fecha or date.today().isoformat()


def consulta(fuente: Fuente, nombre: str, parametros: Mapping[str, str | Sequence[str]] | None = None) -> Tabla:
    """Una consulta con nombre, con sus parámetros (ids) enlazados como términos RDF."""
    definicion = consultas.cargar(nombre)
    return Tabla(definicion.titulo, consultas.ejecutar_filas(fuente, definicion, parametros))


def libre(fuente: Fuente, texto: str, *, revisada: bool = False) -> Tabla | Respuesta | Tripletas:
    """Una consulta SPARQL libre de solo lectura: una tabla, un sí/no o tripletas."""
    resultado = consultas.ejecutar_libre(fuente, texto, revisada=revisada)
    if resultado.tripletas is not None:
        return Tripletas(resultado.tripletas, len(resultado.tripletas))
    if resultado.booleano is not None:
        return Respuesta(resultado.booleano)
    assert resultado.tabla is not None
    return Tabla("Resultado", resultado.tabla)


def buscar(fuente: Fuente, texto: str, *, clases: tuple[str, ...] = ()) -> Tabla:
    """Las entidades cuyo nombre, texto o id contiene las palabras buscadas, sin tildes ni mayúsculas."""
    from grafo.dominio import busqueda

    hallados = busqueda.buscar(consultas.ejecutar(fuente, consultas.cargar("textos")), texto, clases=clases)
    return Tabla(f"Búsqueda de «{texto}»", hallados, unidad="coincidencias")


def resumir(fuente: Fuente) -> resumen.Resumen:
    """Entidades por clase, acciones por eje e instituciones por tipo."""
    from grafo.dominio import resumen

    return resumen.armar(consultas.ejecutar_varias(fuente, resumen.CONSULTAS_RESUMEN), version_datos=fuente.version(),
                         tripletas=fuente.contar())


def brechas(fuente: Fuente, *, fecha: str | None = None) -> informes.Informe:
    """El informe de brechas de coordinación."""
    from grafo.dominio import informes

    tablas = consultas.ejecutar_varias(fuente, (*informes.CONSULTAS_BRECHAS, *informes.CATALOGOS))
    return informes.armar_brechas(tablas, version_datos=fuente.version(), fecha=_hoy(fecha))


def traslapes(fuente: Fuente, *, fecha: str | None = None) -> informes.Informe:
    """El informe de traslapes de mandatos y responsabilidades."""
    from grafo.dominio import informes

    tablas = consultas.ejecutar_varias(fuente, (*informes.CONSULTAS_TRASLAPES, *informes.CATALOGOS))
    return informes.armar_traslapes(tablas, version_datos=fuente.version(), fecha=_hoy(fecha))


def seguimiento(fuente: Fuente, *, al: str | None = None, meses: int = 3, fecha: str | None = None) -> informes.Informe:
    """El informe de seguimiento a una fecha: acuerdos vencidos, acciones sin seguimiento, quién no se reúne, avance."""
    from grafo.dominio import seguimiento as dominio

    tablas = consultas.ejecutar_varias(fuente, dominio.CONSULTAS_SEGUIMIENTO)
    return dominio.armar_seguimiento(tablas, al=date.fromisoformat(_hoy(al)), meses=meses,
                                     version_datos=fuente.version(), fecha=_hoy(fecha))


def armar_acta(fuente: Fuente, reunion: str, *, fecha: str | None = None) -> Acta:
    """El acta de una reunión registrada, con los mandatos de los responsables de las acciones tratadas."""
    import pandas as pd

    from grafo.dominio import acta

    tablas = consultas.ejecutar_varias(fuente, acta.CONSULTAS_ACTA)
    if tablas["reuniones"].empty:
        raise TablaFaltante("Los datos no tienen reuniones: el acta sale de la tabla «reuniones». Cómo corregirlo: "
                            "agregue la reunión a esa tabla (o a la hoja «reuniones» del libro).")
    reunion = consultas.resolver(fuente, "reunion", reunion) or reunion
    consultas.comprobar_ids(fuente, [("reunion", reunion, "REUNION")])
    fila = tablas["reuniones"][tablas["reuniones"]["reunion"] == reunion].iloc[0]
    responsables = sorted({r for a in tablas["acciones"].itertuples() if a.accion in fila["acciones"]
                           for r in a.responsables})
    fundamentos = (consultas.ejecutar(fuente, consultas.cargar("fundamentos"), {"instituciones": responsables})
                   if responsables else pd.DataFrame(columns=["institucion", "acciones"]))
    return acta.armar_acta(tablas, fundamentos, reunion=reunion, version_datos=fuente.version(),
                           generado=_hoy(fecha))


def comparar(antes: Fuente, despues: Fuente, *, nombre_antes: str, nombre_despues: str,
             fecha: str | None = None) -> informes.Informe:
    """Qué cambió de una versión de los datos a otra: entidades, responsabilidades, brechas y traslapes."""
    from grafo.dominio import comparacion

    tablas = [consultas.ejecutar_varias(f, comparacion.CONSULTAS_COMPARAR) for f in (antes, despues)]
    return comparacion.armar_comparacion(*tablas, nombre_antes=nombre_antes, nombre_despues=nombre_despues,
                                         version_antes=antes.version(), version_despues=despues.version(),
                                         fecha=_hoy(fecha))


def _red(fuente: Fuente, *, contexto: bool) -> tuple[dict[str, pd.DataFrame], analisis.Contexto | None]:
    from grafo.dominio import analisis

    nombres_consultas = (*analisis.CONSULTAS_RED, *(analisis.CONSULTAS_CONTEXTO if contexto else ()))
    tablas = consultas.ejecutar_varias(fuente, nombres_consultas)
    return tablas, analisis.contexto_de(tablas) if contexto else None


def medir_red(fuente: Fuente) -> Medidas:
    """Las medidas de la red de coordinación: grado, vínculos, intermediación, PageRank, comunidad."""
    from grafo.dominio import analisis

    tablas, _ = _red(fuente, contexto=False)
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=nombres(tablas))
    instituciones = tablas["instituciones"]
    for sigla, tipo in zip(instituciones["institucion"], instituciones["tipo"], strict=True):
        if sigla in coordinacion:
            coordinacion.nodes[sigla]["tipo"] = tipo  # viaja a GEXF y GraphML
    return Medidas(medido, len(coordinacion), coordinacion.number_of_edges(), red=coordinacion)


def ruta(fuente: Fuente, origen: str, destino: str, *, maximo: int = 3) -> Rutas:
    """Las rutas más cortas entre dos instituciones, las de vínculos más fuertes primero."""
    from grafo.dominio import analisis

    origen, destino = consultas.resolver_ids(fuente, "institucion", [origen, destino])
    consultas.comprobar_ids(fuente, [("institucion", origen, "ORIGEN"), ("institucion", destino, "DESTINO")])
    tablas, contexto = _red(fuente, contexto=True)
    assert contexto is not None
    coordinacion = analisis.red_de(tablas)
    todas = analisis.rutas(coordinacion, origen, destino, maximo=None)
    return Rutas(origen, destino, todas[:maximo], len(todas), coordinacion, contexto)


def comunidades(fuente: Fuente) -> Bloques:
    """Los bloques de la red de coordinación con los temas y ejes que los unen."""
    from grafo.dominio import analisis

    tablas, contexto = _red(fuente, contexto=True)
    assert contexto is not None
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=contexto.nombres)
    return Bloques(analisis.comunidades(coordinacion, medido, contexto), analisis.sueltas(medido), contexto)


def priorizar(paquete: Paquete, *, pesos: str | None = None, primeros: int | None = None) -> Tabla:
    """Los municipios ordenados para Oficinas Municipales de Migración según la tabla de criterios."""
    ranking = _ranking(paquete, pesos)
    return Tabla("Priorización de municipios", ranking if primeros is None else ranking.head(primeros),
                 unidad="municipios")


def _ranking(paquete: Paquete, pesos: str | None) -> pd.DataFrame:
    from grafo.dominio import priorizacion

    municipios = paquete.tabla("municipios").datos  # si faltan las dos, se nombra primero municipios
    criterios = priorizacion.leer_criterios(paquete.tabla("criterios").datos)
    return priorizacion.priorizar(municipios, criterios,
                                  priorizacion.leer_pesos(pesos, criterios) if pesos else None)


def armar_matrices(fuente: Fuente, paquete: Paquete | None, *, tipo: str = "todas",
                   instituciones: Sequence[str] = (), pesos: str | None = None, fecha: str | None = None) -> Libro:
    """Las matrices pedidas (sin paquete, las del servidor: sin priorización), con su leyenda y sus fuentes."""
    from grafo.dominio import analisis, matrices

    tablas = consultas.ejecutar_varias(fuente, matrices.CONSULTAS_MATRICES)
    lista: list[matrices.Matriz] = []
    if tipo in ("todas", "responsabilidades"):
        lista.append(matrices.responsabilidades(tablas))
    if tipo in ("todas", "mandatos"):
        lista.append(matrices.mandatos(tablas))
    if instituciones and tipo in ("todas", "fundamentos"):
        filas = consultas.ejecutar(fuente, consultas.cargar("fundamentos"), {"instituciones": list(instituciones)})
        lista.append(matrices.fundamentos(tablas, filas))
    con_municipios = paquete is not None and "municipios" in paquete.tablas and "criterios" in paquete.tablas
    if tipo == "priorizacion" or (tipo == "todas" and con_municipios):
        if paquete is None:
            raise TablaFaltante("La priorización se calcula con las tablas municipios y criterios del paquete.")
        lista.append(matrices.priorizacion(_ranking(paquete, pesos)))
    if tipo in ("todas", "red"):
        red = analisis.red_de(consultas.ejecutar_varias(fuente, analisis.CONSULTAS_RED, ya=tablas))
        lista.append(matrices.red(analisis.analizar(red, nombres=nombres(tablas))))
    if tipo in ("todas", "seguimiento"):
        from grafo.dominio import seguimiento

        propias = consultas.ejecutar_varias(fuente, seguimiento.CONSULTAS_SEGUIMIENTO, ya=tablas)
        if tipo == "seguimiento" or len(propias["reuniones"]):
            lista.append(seguimiento.matriz_seguimiento(propias, al=date.fromisoformat(_hoy(fecha))))
    if paquete is not None:
        citas = {n: t.datos for n, t in paquete.tablas.items()}
    else:  # en el servidor: las fuentes que citan las filas del grafo
        filas = consultas.ejecutar(fuente, consultas.cargar("fuentes"))
        citas = {n: g.drop(columns="tabla").rename(columns={"id": "codigo"} if n == "municipios" else {})
                 for n, g in filas.groupby("tabla", sort=True)}
    return Libro(lista, fuente.version(), _hoy(fecha), matrices.tabla_fuentes(citas))


def dibujar_mapa(fuente: Fuente, filtro: mapa.Filtro, *, fecha: str | None = None,
                 donde: str = "opción --{}", ya: Mapping[str, pd.DataFrame] | None = None) -> mapa.Mapa:
    """El mapa de la vista pedida: su red, su disposición y su procedencia.

    `donde` dice, en los mensajes de error, dónde se pidió cada recorte (`opción --foco`, `paso 2, clave «foco»`);
    `ya`, las tablas que quien llama ya consultó (no se repiten).
    """
    from grafo.dominio import mapa
    from grafo.dominio.disposicion import disponer

    recortes = (("institucion", "foco"), ("eje", "eje"), ("tema", "tema"))
    filtro = dataclasses.replace(filtro, **{c: consultas.resolver(fuente, k, getattr(filtro, c)) for k, c in recortes})
    consultas.comprobar_ids(fuente, [(clase, getattr(filtro, campo), donde.format(campo)) for clase, campo in recortes])
    tablas = consultas.ejecutar_varias(fuente, mapa.consultas_de(filtro.vista), ya=ya)
    periodos = sorted({p for p in tablas["acciones"]["periodo"] if p})
    if filtro.periodo is not None and filtro.periodo not in periodos:
        raise ConsultaInvalida(f"--periodo {filtro.periodo}: ninguna acción tiene ese periodo. "
                               f"Periodos: {', '.join(periodos)}.")
    red = mapa.armar_red(tablas, filtro)
    instrumentos = tablas["fundamentos"][["instrumento", "titulo"]].drop_duplicates().sort_values("instrumento")
    pie = mapa.Pie(version_datos=fuente.version(), fecha=_hoy(fecha),
                   fuentes=tuple(f"{t} ({i})" for i, t in instrumentos.itertuples(index=False)))
    return mapa.Mapa(red, disponer(red), filtro, pie,
                     ejes=tuple(tablas["ejes"][["eje", "nombre"]].itertuples(index=False, name=None)),
                     temas=tuple(tablas["temas"][["tema", "nombre"]].itertuples(index=False, name=None)))


def presentar(fuente: Fuente, guion: Guion, *, fecha: str | None = None) -> Presentacion:
    """Cada paso del guion como su mapa; los problemas de todos los pasos (ids, recortes) juntos."""
    from grafo.dominio.guion import GuionInvalido, Presentacion
    from grafo.dominio.mapa import Pie, consultas_de

    # Las consultas de todos los pasos, una vez (la de vínculos entre instituciones es la cara).
    tablas = consultas.ejecutar_varias(fuente, tuple(dict.fromkeys(n for p in guion.pasos
                                                                   for n in consultas_de(p.filtro.vista))))
    mapas, resaltados, problemas = [], [], []
    for numero, paso in enumerate(guion.pasos, start=1):
        try:
            dibujo = dibujar_mapa(fuente, paso.filtro, fecha=fecha, donde="clave «{}»", ya=tablas)
        except ConsultaInvalida as error:
            problemas += [f"paso {numero}: {linea}" for linea in str(error).splitlines()]
            continue
        por_ident = {d["ident"]: n for n, d in dibujo.red.nodes(data=True)}
        faltan = [i for i in paso.resaltar if i not in por_ident]
        problemas += [f"paso {numero}, clave «resaltar»: «{i}» no está en el mapa de este paso. Cómo corregirlo: "
                      "quítelo o cambie la vista o el foco." for i in faltan]
        mapas.append(dibujo)
        resaltados.append(tuple(sorted(por_ident[i] for i in paso.resaltar if i in por_ident)))
    if problemas:
        raise GuionInvalido("", problemas)
    pie = Pie(version_datos=fuente.version(), fecha=_hoy(fecha), fuentes=mapas[0].pie.fuentes if mapas else ())
    return Presentacion(guion, tuple(mapas), pie, tuple(resaltados))


def preparar_reunion(fuente: Fuente, instituciones: Sequence[str], *, titulo: str | None = None,
                     fecha: str | None = None) -> Reunion:
    """La minuta de la reunión con esas instituciones: fundamentos, acciones, brechas, traslapes, rutas y mapa."""


    from grafo.dominio import analisis, mapa, reunion
    from grafo.dominio.disposicion import disponer

    ids = list(dict.fromkeys(consultas.resolver_ids(fuente, "institucion", list(instituciones))))
    consultas.comprobar_ids(fuente, [("institucion", i, "opción --instituciones") for i in ids])
    tablas = consultas.ejecutar_varias(fuente, tuple(dict.fromkeys((*reunion.CONSULTAS_REUNION, *analisis.CONSULTAS_RED,
                                                                    *analisis.CONSULTAS_CONTEXTO))))
    filas = consultas.ejecutar(fuente, consultas.cargar("fundamentos"), {"instituciones": ids})
    completo = dibujar_mapa(fuente, mapa.Filtro(vista="instituciones"), fecha=fecha, ya=tablas)
    red = mapa.vecindario(completo.red, ids)
    cerca = dataclasses.replace(completo, red=red, posiciones=disponer(red),
                                filtro=mapa.Filtro(vista="instituciones", foco=", ".join(ids)))
    return reunion.armar(tablas, filas, analisis.red_de(tablas), analisis.contexto_de(tablas), cerca, ids=ids,
                         titulo=titulo or f"Reunión con {', '.join(ids)}", fecha=_hoy(fecha),
                         version_datos=fuente.version(), generado=_hoy(None))


def armar_fichas(fuente: Fuente, instituciones: Sequence[str] | None = None, *, fecha: str | None = None) -> list[Ficha]:
    """La ficha de cada institución pedida (todas si no se pide ninguna), con las consultas y la red una sola vez."""
    from grafo.dominio import analisis, ficha, reunion

    if instituciones:
        instituciones = consultas.resolver_ids(fuente, "institucion", list(instituciones))
        consultas.comprobar_ids(fuente, [("institucion", i, "INSTITUCION") for i in instituciones])
    tablas = consultas.ejecutar_varias(fuente, tuple(dict.fromkeys((*reunion.CONSULTAS_REUNION, *analisis.CONSULTAS_RED,
                                                                    "resumen-tipos"))))
    ids = list(dict.fromkeys(instituciones or tablas["instituciones"]["institucion"]))
    if not ids:
        raise TablaFaltante("Los datos no tienen instituciones: no hay fichas que escribir. Cómo corregirlo: "
                            "agregue filas a la tabla «instituciones».")
    todos = consultas.ejecutar(fuente, consultas.cargar("fundamentos"), {"instituciones": ids})
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=nombres(tablas))
    tipos = dict(zip(tablas["resumen-tipos"]["tipo"], tablas["resumen-tipos"]["nombre"], strict=True))
    version, hoy = fuente.version(), _hoy(fecha)
    return [ficha.armar_ficha(tablas, todos[todos["institucion"] == i].reset_index(drop=True), medido, coordinacion,
                              sigla=i, version_datos=version, fecha=hoy, nombre_tipo=tipos) for i in ids]
