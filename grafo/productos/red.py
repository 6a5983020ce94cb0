"""La red de coordinación: sus medidas, las rutas entre dos instituciones, sus bloques, el mapa y la presentación."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from grafo.dominio.productos import Bloques, Medidas, Rutas
from grafo.dominio.tablas import Tablas, nombres
from grafo.errores import ConsultaInvalida, opcion
from grafo.productos import hoy

if TYPE_CHECKING:
    from grafo.dominio import mapa
    from grafo.dominio.guion import Guion, Presentacion
    from grafo.dominio.sala import Sala
    from grafo.proyecto import Proyecto

# Dónde se pidió un recorte del mapa, en un mensaje de ids desconocidos: la opción de su nombre («opción --foco»).
DONDE = f"opción {opcion('{}')}"
# Los módulos del dominio se importan en la función que los usa: networkx (0,27 s) solo lo pagan
# las órdenes de la red y del mapa, no una consulta (tests/test_casa.py lo comprueba).


def _tablas_de_red(p: Proyecto, *, contexto: bool) -> Tablas:
    """Las tablas de la red de coordinación y, con `contexto`, las de los temas y ejes que la explican (en un lote)."""
    from grafo.dominio import analisis

    return p.tablas((*analisis.CONSULTAS_RED, *(analisis.CONSULTAS_CONTEXTO if contexto else ())))


def medir_red(p: Proyecto) -> Medidas:
    """Las medidas de la red de coordinación: grado, vínculos, intermediación, PageRank, comunidad."""
    from grafo.dominio import analisis

    tablas = _tablas_de_red(p, contexto=False)
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=nombres(tablas))
    instituciones = tablas["instituciones"]
    for sigla, tipo in zip(instituciones["institucion"], instituciones["tipo"], strict=True):
        if sigla in coordinacion:
            coordinacion.nodes[sigla]["tipo"] = tipo  # viaja a GEXF y GraphML
    return Medidas(medido, len(coordinacion), coordinacion.number_of_edges(), red=coordinacion)


def ruta(p: Proyecto, origen: str, destino: str, *, maximo: int = 3) -> Rutas:
    """Las rutas más cortas entre dos instituciones, las de vínculos más fuertes primero."""
    from grafo.dominio import analisis

    desde, hasta = p.ids([("institucion", origen, "ORIGEN"), ("institucion", destino, "DESTINO")])
    assert desde is not None and hasta is not None
    tablas = _tablas_de_red(p, contexto=True)
    coordinacion = analisis.red_de(tablas)
    todas = analisis.rutas(coordinacion, desde, hasta, maximo=None)
    return Rutas(desde, hasta, todas[:maximo], len(todas), coordinacion, analisis.contexto_de(tablas))


def comunidades(p: Proyecto) -> Bloques:
    """Los bloques de la red de coordinación con los temas y ejes que los unen."""
    from grafo.dominio import analisis

    tablas = _tablas_de_red(p, contexto=True)
    contexto = analisis.contexto_de(tablas)
    coordinacion = analisis.red_de(tablas)
    medido = analisis.analizar(coordinacion, nombres=contexto.nombres)
    return Bloques(analisis.comunidades(coordinacion, medido, contexto), analisis.sueltas(medido), contexto)


def _recortes(p: Proyecto, filtro: mapa.Filtro, donde: str) -> mapa.Filtro:
    """El filtro con sus ids (foco, eje, tema) como están en el grafo; los desconocidos, en un solo error."""
    recortes = (("institucion", "foco"), ("eje", "eje"), ("tema", "tema"))
    resueltos = p.ids([(clase, getattr(filtro, campo), donde.format(campo)) for clase, campo in recortes])
    return dataclasses.replace(filtro, **{campo: r for (_, campo), r in zip(recortes, resueltos, strict=True)})


def _de_un_vecindario(p: Proyecto, filtro: mapa.Filtro) -> bool:
    """Si el mapa pedido es el de una institución y sus vecinas en una red grande (más de `MEDIR_RED_HASTA`
    instituciones): entonces sale de lo que toca al foco (`productos.vecindario.del_mapa`), no de la red entera."""
    from grafo.productos.documentos import red_medible

    return (filtro.vista == "instituciones" and filtro.foco is not None and filtro.pasos == 1
            and not filtro.recortes_de_acciones() and filtro.coloreo != "comunidad" and not red_medible(p))


def modelo_del_mapa(p: Proyecto, filtro: mapa.Filtro, *, fecha: str | None = None, donde: str = DONDE,
                    ya: Mapping[str, object] | None = None) -> mapa.Mapa:
    """El mapa de la vista pedida sin disponer (posiciones vacías).

    `donde` dice, en los mensajes de error, dónde se pidió cada recorte (por omisión, la opción de su nombre; en
    una presentación, `clave «{}»` del guion); `ya`, las tablas que quien llama ya trajo.
    """
    from grafo.dominio import mapa

    filtro = _recortes(p, filtro, donde)
    muestra = ""
    if ya is None and _de_un_vecindario(p, filtro):
        from grafo.productos.documentos import instituciones_en_la_red
        from grafo.productos.vecindario import del_mapa

        tablas, muestra = del_mapa(p, str(filtro.foco), instituciones_en_la_red(p))
    else:
        tablas = dict(ya) if ya is not None else p.tablas(mapa.consultas_de(filtro.vista))
    periodos = sorted({x for x in tablas["acciones"]["periodo"] if x})
    if filtro.periodo is not None and filtro.periodo not in periodos:
        raise ConsultaInvalida(f"Periodo {filtro.periodo}: ninguna acción tiene ese periodo. "
                               f"Periodos: {', '.join(periodos)}.")
    red = mapa.armar_red(tablas, filtro, medida=not muestra)  # type: ignore[arg-type]
    if muestra:
        red.graph["muestra"] = muestra
    instrumentos = tablas["fundamentos"][["instrumento", "titulo"]].drop_duplicates().sort_values("instrumento")
    pie = mapa.Pie(version_datos=p.version(), fecha=hoy(fecha),
                   fuentes=tuple(f"{t} ({i})" for i, t in instrumentos.itertuples(index=False)))
    return mapa.Mapa(red, {}, filtro, pie,
                     ejes=tuple(tablas["ejes"][["eje", "nombre"]].itertuples(index=False, name=None)),
                     temas=tuple(tablas["temas"][["tema", "nombre"]].itertuples(index=False, name=None)))


def dibujar_mapa(p: Proyecto, filtro: mapa.Filtro, *, fecha: str | None = None, donde: str = DONDE,
                 ya: Mapping[str, object] | None = None) -> mapa.Mapa:
    """El mapa de la vista pedida: su red, su disposición (semilla fija) y su procedencia."""
    from grafo.dominio.disposicion import disponer

    modelo = modelo_del_mapa(p, filtro, fecha=fecha, donde=donde, ya=ya)
    return dataclasses.replace(modelo, posiciones=disponer(modelo.red))


def mapa_para_la_sala(p: Proyecto, filtro: mapa.Filtro, nombre: str, *, fecha: str | None = None) -> Sala:
    """El mapa de la vista pedida y, si es denso, sus partes para la sala (`dominio.sala`): `nombre` es el archivo del
    mapa entero; cada parte va a su lado («mapa-acciones-eje-1.html») y el entero las enlaza en su panel."""
    from grafo.dominio.sala import partir

    return partir(dibujar_mapa(p, filtro, fecha=fecha), nombre)


def presentar(p: Proyecto, guion: Guion, *, fecha: str | None = None, archivo: Path | None = None) -> Presentacion:
    """Cada paso del guion como su mapa; los problemas de todos los pasos (ids, recortes) juntos, con el nombre del
    `archivo` del guion si se da (`leer_guion`)."""
    from grafo.dominio.guion import GuionInvalido, Presentacion
    from grafo.dominio.mapa import Pie, consultas_de

    # Las tablas de todos los pasos, una vez (la de vínculos entre instituciones es la cara).
    tablas = p.tablas(tuple(dict.fromkeys(n for paso in guion.pasos for n in consultas_de(paso.filtro.vista))))
    mapas, resaltados, problemas = [], [], []
    for numero, paso in enumerate(guion.pasos, start=1):
        try:
            dibujo = dibujar_mapa(p, paso.filtro, fecha=fecha, donde="clave «{}»", ya=tablas)
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
        raise GuionInvalido(str(archivo or ""), problemas)
    pie = Pie(version_datos=p.version(), fecha=hoy(fecha), fuentes=mapas[0].pie.fuentes if mapas else ())
    return Presentacion(guion, tuple(mapas), pie, tuple(resaltados))


def leer_guion(ruta: Path) -> Guion:
    """El guion de una presentación (un TOML del usuario), revisado: un TOML mal escrito, con línea y columna; un
    paso mal armado, con su número y su clave."""
    import tomllib

    from grafo.archivos import leer_texto
    from grafo.dominio.guion import GuionInvalido, revisar_guion

    texto = leer_texto(ruta, "el guion")
    try:
        crudo = tomllib.loads(texto)
    except tomllib.TOMLDecodeError as error:
        raise GuionInvalido(str(ruta), [_error_de_toml(str(error))]) from None
    except RecursionError:
        raise GuionInvalido(str(ruta), ["anida demasiadas listas o tablas. Cómo corregirlo: un guion usa pocos "
                                        "niveles ([[paso]] con claves sencillas)."]) from None
    return revisar_guion(crudo, str(ruta))


def _error_de_toml(detalle: str) -> str:
    """El error de tomllib («Illegal character '\\n' (at line 1, column 12)») en español, con línea y columna."""
    import re

    lugar = re.search(r"\(at line (\d+), column (\d+)\)", detalle)
    donde = f" cerca de la línea {lugar[1]}, columna {lugar[2]}" if lugar else ""
    motivo = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", detalle)
    return (f"no es TOML válido{donde} (el lector dice: {motivo}). Cómo corregirlo: revise comillas sin cerrar, "
            "corchetes y signos = en esa línea.")
