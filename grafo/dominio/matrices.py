"""Matrices para reuniones, armadas desde las tablas de las consultas (funciones puras).

Cada matriz es una tabla plana (la misma que sale en CSV) con lo necesario para darle
formato: filas de encabezado extra, columnas con brecha o traslape y su leyenda.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from grafo import evidencia
from grafo.dominio import vinculos
from grafo.dominio.citas import accion_citada, articulo, con_grado, sin_mandatos_cargados
from grafo.dominio.tablas import Tablas, nombres, registros
from grafo.texto import con_mayuscula, nombre_de_columna

if TYPE_CHECKING:
    from grafo.dominio.analisis import Analisis

CONSULTAS_MATRICES = ("instituciones", "acciones", "mandatos-de-institucion", "mandatos-por-tema", "temas",
                      "ejes", "acciones-sin-mandato", "temas-con-varios-mandatos")
RESPONSABLE, RESPONSABLE_SIN_MANDATO, RESPONSABLE_POR_DATOS, VINCULADA = "R", "R*", "R?", "V"


@dataclass(frozen=True)
class Matriz:
    """Una matriz lista para escribir: hoja, título, tabla y marcas de formato."""

    hoja: str
    titulo: str
    tabla: pd.DataFrame
    encabezados: tuple[tuple[str, tuple[str, ...]], ...] = ()  # filas sobre los nombres de columna
    columnas_brecha: frozenset[str] = field(default_factory=frozenset)
    columnas_traslape: frozenset[str] = field(default_factory=frozenset)
    filas_total: int = 0  # cuántas filas finales son totales
    leyenda: tuple[tuple[str, str], ...] = ()
    fijas: int = 2  # columnas que se inmovilizan a la izquierda
    notas: tuple[tuple[str, str], ...] = ()  # pares (id, texto) que se listan debajo de la matriz
    ancho_celdas: float | None = None  # ancho fijo de las columnas de datos; None: según el contenido
    cabecera_vertical: bool = False  # encabezados girados, para rejillas de muchas columnas angostas
    titulo_notas: str = "Acciones de la matriz"  # el encabezado de la lista de `notas`
    anchos: tuple[tuple[str, float], ...] = ()  # anchos propios de algunas columnas (unidades de Excel)
    citadas: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (tabla, id) de las filas que cita: sus
    # fuentes, y solo ellas, van en la hoja Fuentes del libro


def _celda(papel: str | None, sin_mandato: bool, por_datos: bool = False) -> str:
    """La celda de una institución en una acción: R, R* (responsable sin mandato sobre sus temas), R? (responsable
    cuyos mandatos faltan en los datos), V o vacía."""
    if papel == "responsable":
        return RESPONSABLE_SIN_MANDATO if sin_mandato else RESPONSABLE_POR_DATOS if por_datos else RESPONSABLE
    return VINCULADA if papel == "vinculada" else ""


def responsabilidades(tablas: Tablas) -> Matriz:
    """Instituciones × acciones: R responsable, R* responsable sin mandato, V vinculada; totales."""
    acciones = sorted(registros(tablas["acciones"]),
                      key=lambda a: (a["eje"] is None, a["eje"] or "", a["periodo"] or "", a["accion"]))
    nombre_de = nombres(tablas)
    # Solo las brechas: un responsable cuyos mandatos no están (todos) en los datos no es R* (es una tarea de datos).
    sin_mandato = {(f["accion"], f["institucion"]) for f in registros(tablas["acciones-sin-mandato"])
                   if evidencia.es_brecha(f["motivo"])}
    por_datos = {(f["accion"], f["institucion"]) for f in registros(tablas["acciones-sin-mandato"])} - sin_mandato
    papel = {par: v.relacion for par, v in vinculos.papel_de(acciones).items()}
    filas = []
    for i in sorted({i for _, i in papel}):
        fila: dict[str, Any] = {"Institución": i, "Nombre": nombre_de.get(i, "")}
        for a in acciones:
            fila[a["accion"]] = _celda(papel.get((a["accion"], i)), (a["accion"], i) in sin_mandato,
                                       (a["accion"], i) in por_datos)
        celdas = [fila[a["accion"]] for a in acciones]
        fila["Total R"] = sum(c.startswith(RESPONSABLE) for c in celdas)
        fila["Total V"] = sum(c == VINCULADA for c in celdas)
        filas.append(fila)
    totales = []
    for nombre, prueba in (("Total R", lambda c: c.startswith(RESPONSABLE)), ("Total V", lambda c: c == VINCULADA)):
        total: dict[str, Any] = {"Institución": nombre, "Nombre": ""}
        for a in acciones:
            total[a["accion"]] = sum(prueba(f[a["accion"]]) for f in filas)
        total["Total R"] = sum(f["Total R"] for f in filas) if nombre == "Total R" else ""
        total["Total V"] = sum(f["Total V"] for f in filas) if nombre == "Total V" else ""
        totales.append(total)
    filas += totales
    columnas = ["Institución", "Nombre", *(a["accion"] for a in acciones), "Total R", "Total V"]
    vacio = ("", "")
    return Matriz(
        hoja="Responsabilidades", titulo="Matriz de responsabilidades: instituciones × acciones de la política",
        tabla=pd.DataFrame(filas, columns=columnas, dtype=object),
        encabezados=(
            ("Eje", (*vacio, *(a["eje"] or "sin eje" for a in acciones), *vacio)),
            ("Periodo", (*vacio, *(a["periodo"] or "—" for a in acciones), *vacio)),
        ),
        notas=tuple((a["accion"], con_grado(f"{a['descripcion']} (eje {a['eje'] or '—'}, periodo {a['periodo'] or '—'}"
                                            + ("; ilustrativa: propuesta del proyecto" if a["ilustrativa"] else "")
                                            + ")", a)) for a in acciones),
        citadas=frozenset({("instituciones", f["Institución"]) for f in filas[:-2]}
                          | {("acciones", a["accion"]) for a in acciones}),
        columnas_brecha=frozenset(a["accion"] for a in acciones if not a["responsables"]),
        filas_total=2, ancho_celdas=5, cabecera_vertical=True,
        leyenda=((RESPONSABLE, "Responsable de la acción, con mandato sobre alguno de sus temas."),
                 (RESPONSABLE_SIN_MANDATO, "Responsable sin mandato sobre los temas de la acción: sus mandatos "
                                           "están completos en los datos (brecha de coordinación)."),
                 (RESPONSABLE_POR_DATOS, "Responsable sin mandato sobre los temas en los datos, pero sus mandatos no "
                                         "están (todos) cargados: una tarea de datos, no una brecha."),
                 (VINCULADA, "Vinculada a la acción."),
                 ("Cómo se sabe", "Las R y V de una acción las declara su fila (fuente y grado en la lista de acciones "
                                  "bajo la matriz); las de una acción ilustrativa son propuestas del proyecto."),
                 ("Columna roja", "Acción sin ningún responsable (brecha).")),
    )


def mandatos(tablas: Tablas) -> Matriz:
    """Instituciones × temas: cada celda cita instrumento y artículo de los mandatos que cubren el tema."""
    por_mandato = {f["mandato"]: f for f in registros(tablas["mandatos-de-institucion"])}
    nombre_de = nombres(tablas)
    nombre_tema = dict(zip(tablas["temas"]["tema"], tablas["temas"]["nombre"], strict=True))
    cubre = registros(tablas["mandatos-por-tema"])
    temas = sorted({f["tema"] for f in cubre})
    instituciones = sorted({f["institucion"] for f in cubre})
    celdas: dict[tuple[str, str], list[str]] = {}
    for f in cubre:
        m = por_mandato[f["mandato"]]
        via = "" if f["tema_del_mandato"] == f["tema"] else f" (por {f['tema_del_mandato']})"
        celdas.setdefault((f["institucion"], f["tema"]), []).append(
            con_grado(f"{m['instrumento']} {articulo(m)} [{m['mandato']}]{via}", m))
    filas = [{"Institución": i, "Nombre": nombre_de.get(i, ""),
              **{t: "; ".join(celdas.get((i, t), [])) for t in temas}} for i in instituciones]
    filas.append({"Institución": "Instituciones con mandato", "Nombre": "",
                  **{t: sum(1 for i in instituciones if (i, t) in celdas) for t in temas}})
    traslapes = set(tablas["temas-con-varios-mandatos"]["tema"])
    return Matriz(
        hoja="Mandatos", titulo="Matriz de mandatos: instituciones × temas (instrumento y artículo)",
        tabla=pd.DataFrame(filas, columns=["Institución", "Nombre", *temas], dtype=object),
        encabezados=(("Tema", ("", "", *(nombre_tema.get(t, "") for t in temas))),),
        columnas_traslape=frozenset(t for t in temas if t in traslapes), filas_total=1,
        citadas=frozenset({("instituciones", i) for i in instituciones}
                          | {("mandatos", f["mandato"]) for f in cubre}
                          | {("instrumentos", por_mandato[f["mandato"]]["instrumento"]) for f in cubre}),
        # Muchos temas: en A3, a lo ancho de una página (en A4 y a tamaño real salían 38 páginas casi vacías).
        ancho_celdas=14,
        # [NV] está en la leyenda general del libro («Todas»): aquí, lo propio de esta matriz.
        leyenda=(("Celda", "Instrumento, artículo y [mandato] que cubre el tema; «por X» si lo cubre por el tema "
                           "más amplio X."),
                 ("Columna amarilla", "Tema con mandatos de dos o más instituciones (traslape).")),
    )


def fundamentos(tablas: Tablas, filas_fundamentos: pd.DataFrame, ids: Sequence[str] = ()) -> Matriz:
    """La matriz de fundamentos legales de un conjunto de instituciones (consulta `fundamentos`); una institución de
    `ids` sin mandatos en los datos tiene su fila, que lo dice."""
    acciones = {a["accion"]: a for a in registros(tablas["acciones"])}
    nombre_de = nombres(tablas)

    def cita(k: str, *, con_texto: bool) -> str:
        texto = accion_citada(k, acciones.get(k))
        return f"{texto}: {acciones.get(k, {}).get('descripcion', '')}" if con_texto else texto

    registradas = registros(filas_fundamentos)
    filas = [{
        "Institución": f["institucion"], "Nombre": f["nombre"], "Instrumento": f"{f['titulo']} ({f['instrumento']})",
        "Artículo": con_grado(articulo(f), f), "Mandato": f["mandato"], "Texto del mandato": f["descripcion"],
        "Temas": ", ".join(f["temas"]),
        "Acciones que fundamenta": "\n".join(cita(a, con_texto=True) for a in f["acciones"]) or "ninguna",
        "Acciones que podría respaldar": ", ".join(cita(a, con_texto=False) for a in f["acciones_posibles"]) or "ninguna",
    } for f in registradas]
    con_mandatos = {f["institucion"] for f in registradas}
    filas += [{"Institución": i, "Nombre": nombre_de.get(i, ""), "Instrumento": "—", "Artículo": "—", "Mandato": "—",
               "Texto del mandato": sin_mandatos_cargados(i),
               "Temas": "—", "Acciones que fundamenta": "—", "Acciones que podría respaldar": "—"}
              for i in ids if i not in con_mandatos]
    columnas = ["Institución", "Nombre", "Instrumento", "Artículo", "Mandato", "Texto del mandato", "Temas",
                "Acciones que fundamenta", "Acciones que podría respaldar"]
    citadas = {("instituciones", i) for i in (*con_mandatos, *ids)} | {("mandatos", f["mandato"]) for f in registradas}
    citadas |= {("instrumentos", f["instrumento"]) for f in registradas}
    citadas |= {("acciones", a) for f in registradas for a in (*f["acciones"], *f["acciones_posibles"])}
    return Matriz(
        hoja="Fundamentos", titulo="Fundamentos legales: institución, instrumento, artículo, mandato y acciones",
        tabla=pd.DataFrame(filas, columns=columnas, dtype=object),
        # Lo justo para que la matriz de la reunión quepa a lo ancho de un A3 apaisado, sin achicar la letra.
        anchos=(("Institución", 12), ("Nombre", 20), ("Instrumento", 22), ("Artículo", 11), ("Mandato", 9),
                ("Texto del mandato", 38), ("Temas", 16), ("Acciones que fundamenta", 34),
                ("Acciones que podría respaldar", 18)),
        leyenda=(("Acciones que fundamenta", "Inferido por grafo: acciones en que la institución es responsable o "
                                             "vinculada y que tienen algún tema que el mandato cubre (siguiendo "
                                             "tema_padre)."),
                 ("Acciones que podría respaldar", "Inferido por grafo: acciones en que la institución no participa "
                                                   "y cuyos temas el mandato cubre (lectura de aliado potencial).")),
        citadas=frozenset(citadas),
    )


def encabezado_de_criterio(columna: str) -> str:
    """Un encabezado de columna para leer: `aporte_deportados_2025` → «Aporte: deportados 2025»,
    `region_trifinio` → «Región trifinio»."""
    if columna.startswith("aporte_"):
        return f"Aporte: {nombre_de_columna(columna.removeprefix('aporte_'))}"
    return con_mayuscula(nombre_de_columna(columna))


def faltantes_en_palabras(texto: Any) -> Any:
    """`deportados_2025;centro_pasaportes` (la columna `datos_faltantes` del ranking) → «Deportados 2025; Centro
    pasaportes»: los criterios como se llaman en los encabezados de la hoja."""
    if not isinstance(texto, str) or not texto:
        return texto
    return "; ".join(encabezado_de_criterio(c) for c in texto.split(";") if c)


def priorizacion(ranking: pd.DataFrame, criterios: Sequence[str] = ()) -> Matriz:
    """El ranking de municipios como matriz (una fila por municipio), con los encabezados en palabras; `criterios`,
    los nombres de los criterios que lo puntúan (sus fuentes van a la hoja Fuentes)."""
    return Matriz(
        hoja="Priorización", titulo="Priorización de municipios para Oficinas Municipales de Migración",
        tabla=ranking.astype(object).apply(lambda c: c.map(faltantes_en_palabras) if c.name == "datos_faltantes" else c)
        .rename(columns=encabezado_de_criterio), fijas=3,
        citadas=frozenset({("municipios", str(c)) for c in ranking["codigo"]}
                          | {("criterios", c) for c in criterios}),
        leyenda=(("Puntaje", "Suma de los aportes: cada criterio normalizado mín–máx (0 a 1) por su peso relativo."),
                 ("Aporte: …", "Lo que aporta cada criterio al puntaje."),
                 ("Datos faltantes", "Criterios sin dato en el municipio: aportan 0."),
                 ("Tiene oficina", "El municipio ya tiene Oficina Municipal de Migración.")),
    )


def red(medido: Analisis) -> Matriz:
    """Las medidas de la red de coordinación (`grafo analizar`), de la institución más central a la menos."""
    m = medido.medidas
    tabla = pd.DataFrame({
        "Institución": m["institucion"], "Nombre": m["nombre"], "Instituciones vecinas": m["grado"],
        "Vínculos": m["vinculos"], "Intermediación": m["intermediacion"], "PageRank": m["pagerank"],
        "Comunidad": m["comunidad"], "Punto de articulación": m["articulacion"],
    }, dtype=object)
    return Matriz(
        hoja="Red", tabla=tabla, citadas=frozenset(("instituciones", i) for i in m["institucion"]),
        titulo="Red de coordinación: quién la sostiene y quién la une"
               + ("" if medido.calculo.exacta else f" (intermediación {medido.calculo.texto()})"),
        leyenda=(("Instituciones vecinas", "Con cuántas instituciones comparte acciones o temas mandatados."),
                 ("Vínculos", "Cuántas acciones y temas comparte en total (el grosor de las aristas del mapa)."),
                 ("Intermediación", "Parte de los caminos más cortos entre otras instituciones que pasan por ella "
                                    f"(0 a 1; {medido.calculo.texto()})."),
                 ("PageRank", "Centralidad: alta si está unida, con vínculos fuertes, a instituciones centrales."),
                 ("Comunidad", "Bloque de instituciones más unidas entre sí (Louvain), con el nombre de su "
                               "institución más central."),
                 ("Punto de articulación", "«sí»: sin ella, la red de coordinación se parte en pedazos.")),
    )


def tabla_fuentes(tablas: dict[str, pd.DataFrame], citadas: Collection[tuple[str, str]]) -> pd.DataFrame:
    """Cada fuente de las filas `citadas` (tabla, id), con su grado y las tablas e ids que la citan; nada más."""
    citadas = set(citadas)
    citas: dict[tuple[str, str], dict[str, list[str]]] = {}
    for nombre, datos in sorted(tablas.items()):
        if "fuente" not in datos.columns:
            continue
        clave = "codigo" if nombre == "municipios" else "criterio" if nombre == "criterios" else "id"
        columnas = [datos.get(c, pd.Series([""] * len(datos), index=datos.index, dtype=object))
                    for c in (clave, "fuente", "fiabilidad", "ilustrativa")]
        for ident, fuente, fiabilidad, ilustrativa in zip(*columnas, strict=True):
            if fuente and (nombre, str(ident)) in citadas:
                g = evidencia.grado(fuente, fiabilidad or "", propuesta=ilustrativa in (True, "si"))
                citas.setdefault((fuente, g), {}).setdefault(nombre, []).append(str(ident))
    filas = [{"Fuente": fuente, "Grado": evidencia.en_palabras(g), "Tablas": ", ".join(sorted(por_tabla)),
              "Filas que la citan": sum(len(v) for v in por_tabla.values()),
              "Ids": "; ".join(f"{t}: {', '.join(sorted(ids)[:12])}{' …' if len(ids) > 12 else ''}"
                               for t, ids in sorted(por_tabla.items()))}
             for (fuente, g), por_tabla in sorted(citas.items())]
    return pd.DataFrame(filas, columns=["Fuente", "Grado", "Tablas", "Filas que la citan", "Ids"])
