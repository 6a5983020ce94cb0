"""La Política ante un marco internacional (el Pacto Mundial para la Migración o los ODS): qué objetivos alcanzan sus
acciones, con qué instituciones y mandatos, cómo va cada acción y qué objetivos no alcanza ninguna (puro).

Todo sale de la consulta de cobertura del marco (`cobertura-pmm`, `cobertura-ods`) y de las alineaciones, con los
catálogos para citar: el informe dice lo mismo que la consulta, fila por fila, y cada vínculo dice cómo se sabe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from grafo.dominio.citas import LEYENDA_CITAS, accion_citada, con_grado, fundamento_corto
from grafo.dominio.informes import Informe, Seccion
from grafo.dominio.matrices import RESPONSABLE, VINCULADA, Matriz
from grafo.dominio.tablas import Tablas, registros, tabla
from grafo.evidencia import MARCA_DE
from grafo.marcos import MARCOS, orden
from grafo.paquete.esquema import en_palabras
from grafo.texto import cuantos, enumerar

CATALOGOS_MARCOS = ("alineaciones", "acciones", "avance-acciones", "acuerdos", "mandatos-de-institucion")
# Lo que dice la columna `cobertura` de la consulta: en palabras (informe) y en una letra (la matriz).
COBERTURA: dict[str, tuple[str, str]] = {
    "sin_accion": ("sin acción alineada", "—"),
    "solo_propuesta": ("solo por propuestas", "P"),
    "declarada": ("declarada por una fuente", "D"),
}
MANDATO = "M"
SIN_ACCION = ("Ninguna acción de los datos está alineada con este objetivo. Puede faltar en la Política o en la tabla "
              "alineaciones: la Política no publica a qué objetivo sirve cada acción.")


def consulta_de(marco: str) -> str:
    """La consulta con nombre de la cobertura de un marco."""
    return f"cobertura-{marco}"


def clave_de(marco: str) -> str:
    """La columna que identifica cada fila de la cobertura: `objetivo` en el Pacto, `meta` en los ODS."""
    return "meta" if marco == "ods" else "objetivo"


def etiqueta(fila: Mapping[str, Any], marco: str) -> str:
    """«21 — Retorno y reintegración dignos» (el nombre corto de la ONU, si lo hay) o «10.7 — Facilitar la…»."""
    nombre = fila.get("corto") or fila["nombre"]
    return f"{fila[clave_de(marco)]} — {nombre}"


def _acciones_citadas(ids: list[str], acciones: Mapping[str, Mapping[str, Any]]) -> str:
    return ", ".join(accion_citada(a, acciones.get(a)) for a in ids) or "—"


def _vinculos(fila: Mapping[str, Any]) -> str:
    total, propuestos = int(fila["vinculos"]), int(fila["propuestos"])
    return f"{total} ({propuestos} {'propuesto' if propuestos == 1 else 'propuestos'})" if propuestos else str(total)


def _suyas(por_objetivo: Mapping[str, list[dict[str, Any]]], fila: Mapping[str, Any],
           marco: str) -> list[dict[str, Any]]:
    """Las alineaciones de una fila de la cobertura: las de su objetivo y, si es un objetivo de los ODS, las de sus
    metas (la fila de un objetivo las reúne, como en la consulta)."""
    clave = fila[clave_de(marco)]
    return [a for k, lista in por_objetivo.items()
            if k == clave or (fila.get("nivel") == "objetivo" and k.startswith(f"{clave}.")) for a in lista]


def _mandatos_citados(fila: Mapping[str, Any], alineados: set[str]) -> str:
    """«M-024 (alineado), M-011 (inferido)»: un mandato que cubre un tema de la acción no lo declara ninguna fila."""
    return ", ".join(f"{m} ({'alineado' if m in alineados else 'inferido'})" for m in fila["mandatos"]) or "—"


def _resumen(cobertura: list[dict[str, Any]], marco: str, acciones: Mapping[str, Mapping[str, Any]],
             por_objetivo: Mapping[str, list[dict[str, Any]]]) -> pd.DataFrame:
    return tabla([{
        "Objetivo": etiqueta(f, marco), "Acciones": _acciones_citadas(f["acciones"], acciones),
        "Responsables": ", ".join(f["instituciones"]) or "—",
        "Mandatos": _mandatos_citados(f, {a["elemento"] for a in _suyas(por_objetivo, f, marco)
                                          if a["tipo"] == "mandato"}),
        "Vínculos": _vinculos(f), "Cobertura": COBERTURA[f["cobertura"]][0],
    } for f in cobertura], ["Objetivo", "Acciones", "Responsables", "Mandatos", "Vínculos", "Cobertura"])


def _sin_accion(cobertura: list[dict[str, Any]], marco: str) -> pd.DataFrame:
    """Los objetivos sin acción alineada; en los ODS, también los objetivos que ninguna fila nombra (la consulta solo
    trae los que tienen un vínculo), no sus metas."""
    filas = {f[clave_de(marco)]: f for f in cobertura if f["cobertura"] == "sin_accion"}
    if marco == "ods":
        con_vinculo = {f["meta"] for f in cobertura}
        filas |= {o: {"meta": o, "nombre": n, "mandatos": []} for o, n in MARCOS["ods"].objetivos.items()
                  if "." not in o and o not in con_vinculo}
    return tabla([{
        "Objetivo": etiqueta(f, marco), "Nombre": nombre_con_nota(marco, k, f["nombre"]),
        "Mandatos alineados": ", ".join(f["mandatos"]) or "—", "Qué significa": SIN_ACCION,
    } for k, f in sorted(filas.items(), key=lambda kf: orden(kf[0]))],
        ["Objetivo", "Nombre", "Mandatos alineados", "Qué significa"])


def nombre_con_nota(marco: str, ident: str, nombre: str) -> str:
    """El nombre de un objetivo, con [NV] si su título oficial en español no está cotejado (objetivos 15–17)."""
    return f"{nombre} [NV: título oficial en español sin cotejar]" if ident in MARCOS[marco].sin_cotejar else nombre


def _solo_propuestas(cobertura: list[dict[str, Any]], marco: str, por_objetivo: Mapping[str, list[dict[str, Any]]],
                     acciones: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    filas = []
    for f in cobertura:
        if f["cobertura"] != "solo_propuesta":
            continue
        suyas = _suyas(por_objetivo, f, marco)
        filas.append({"Objetivo": etiqueta(f, marco), "Acciones": _acciones_citadas(f["acciones"], acciones),
                      "Por qué es una propuesta": _por_que_propuestas(
                          [a["elemento"] for a in suyas if a["tipo"] == "accion"], acciones)})
    return tabla(filas, ["Objetivo", "Acciones", "Por qué es una propuesta"])


def _por_que_propuestas(ids: list[str], acciones: Mapping[str, Mapping[str, Any]]) -> str:
    """«A-IL-05 es una acción ilustrativa…; las alineaciones de A-1 y A-2 las propone…»: el porqué, por motivo."""
    unicas = list(dict.fromkeys(ids))
    ilustrativas = [k for k in unicas if acciones.get(k, {}).get("como") == "propuesto"]
    propuestas = [k for k in unicas if k not in ilustrativas]
    motivos = []
    if ilustrativas:
        motivos.append(f"{enumerar(ilustrativas)} " + ("es una acción ilustrativa, redactada" if len(ilustrativas) == 1
                                                 else "son acciones ilustrativas, redactadas") + " por el proyecto")
    if propuestas:
        motivos.append(f"la alineación de {propuestas[0]} la propone" if len(propuestas) == 1
                       else f"las alineaciones de {enumerar(propuestas)} las propone")
        motivos[-1] += f" el proyecto o un analista (ninguna fuente {'la' if len(propuestas) == 1 else 'las'} declara)"
    return "; ".join(motivos)


def _alineacion(a: Mapping[str, Any], *, con_fuente: bool = True) -> str:
    """«propuesta [PROP]: fuente» o «declarada [OF]: fuente»: cómo se sabe una alineación, con el grado y la fuente
    de su fila (la evidencia del vínculo va con él, no en otra hoja)."""
    marca = MARCA_DE.get(a.get("fiabilidad") or "", "")
    if a["como"] != "propuesto":
        texto = f"declarada {marca}".strip()
    elif a.get("fiabilidad") == "propuesta":
        texto = f"propuesta {marca}"
    else:  # la fila tiene otro grado, pero lo alineado es una propuesta: no se declara nada
        que = "la acción es ilustrativa" if a["tipo"] == "accion" else "el mandato es una propuesta"
        texto = f"propuesta: {que} (la fila de la alineación tiene grado {marca or 'sin marca'})"
    return f"{texto}: {a['fuente']}" if con_fuente and a.get("fuente") else texto


def _acuerdos_de(tablas: Tablas) -> dict[str, list[str]]:
    """Acción → sus acuerdos con su estado («AC-1 (cumplido)»), en el orden de los acuerdos."""
    por_accion: dict[str, list[str]] = {}
    for f in registros(tablas["acuerdos"]):
        for a in f["acciones"]:
            por_accion.setdefault(a, []).append(con_grado(f"{f['acuerdo']} ({en_palabras(f['estado'])})", f))
    return por_accion


def _por_objetivo(alineaciones: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    por_objetivo: dict[str, list[dict[str, Any]]] = {}
    for a in alineaciones:
        por_objetivo.setdefault(a["objetivo"], []).append(a)
    return por_objetivo


def _acciones_alineadas(alineaciones: list[dict[str, Any]], filas_de: Mapping[str, Mapping[str, Any]], marco: str,
                        tablas: Tablas) -> pd.DataFrame:
    """Una fila por acción alineada, bajo el objetivo o la meta que la alineación nombra, con cómo va."""
    acciones = {f["accion"]: f for f in registros(tablas["acciones"])}
    avance = {f["accion"]: f for f in registros(tablas["avance-acciones"])}
    acuerdos = _acuerdos_de(tablas)
    filas = []
    for a in alineaciones:
        if a["tipo"] != "accion":
            continue
        k, accion, estado = a["elemento"], acciones[a["elemento"]], avance.get(a["elemento"], {})
        filas.append({
            "Objetivo": etiqueta(filas_de[a["objetivo"]], marco), "Acción": accion_citada(k, accion),
            "Descripción": accion["descripcion"], "Alineación": _alineacion(a),
            "Responsables (vinculadas)": _papeles(accion), "Cómo va": _como_va(estado),
            "Acuerdos": "; ".join(acuerdos.get(k, [])) or "ninguno registrado",
        })
    return tabla(filas, ["Objetivo", "Acción", "Descripción", "Alineación", "Responsables (vinculadas)", "Cómo va",
                         "Acuerdos"])


def _papeles(accion: Mapping[str, Any]) -> str:
    """«IGM, MINEX (vinculadas: RENAP)»: los responsables y, entre paréntesis, las vinculadas."""
    responsables = ", ".join(accion["responsables"]) or "sin responsable en los datos"
    return f"{responsables} (vinculadas: {', '.join(accion['vinculadas'])})" if accion["vinculadas"] else responsables


def _como_va(estado: Mapping[str, Any]) -> str:
    """«en curso, 40 %»; lo que los datos no traen se dice: «estado sin dato, avance sin dato»."""
    texto = en_palabras(estado["estado"]) if estado.get("estado") else "estado sin dato"
    avance = estado.get("avance")
    return f"{texto}, " + ("avance sin dato" if avance is None or avance != avance else f"{avance:g} %")


def _mandatos(alineaciones: list[dict[str, Any]], filas_de: Mapping[str, Mapping[str, Any]], marco: str,
              tablas: Tablas) -> pd.DataFrame:
    """Una fila por mandato y objetivo: el alineado con el objetivo y el del responsable de una acción alineada que
    cubre un tema de ella (inferido por grafo), con su fundamento y [NV]."""
    mandatos = {f["mandato"]: f for f in registros(tablas["mandatos-de-institucion"])}
    responsables = {f["accion"]: set(f["responsables"]) for f in registros(tablas["acciones"])}
    fundan: dict[str, list[tuple[str, str]]] = {}  # mandato → (acción, institución) que funda como responsable
    for f in registros(tablas["fundamentos"]):
        fundan.setdefault(f["mandato"], []).extend(
            (a, f["institucion"]) for a in f["acciones"] if f["institucion"] in responsables.get(a, ()))
    como: dict[tuple[str, str], list[str]] = {}
    for a in alineaciones:
        if a["tipo"] == "mandato":
            como.setdefault((a["objetivo"], a["elemento"]), []).append(f"alineado: {_alineacion(a)}")
            continue
        for m, pares in fundan.items():
            for accion, institucion in pares:
                if accion == a["elemento"]:
                    como.setdefault((a["objetivo"], m), []).append(
                        f"inferido: cubre un tema de {accion}, de la que {institucion} es responsable")
    orden_de = {k: i for i, k in enumerate(filas_de)}
    return tabla([{
        "Objetivo": etiqueta(filas_de[o], marco), "Institución": mandatos[m]["institucion"],
        "Mandato": fundamento_corto(mandatos[m]), "Texto del mandato": mandatos[m]["descripcion"],
        "Cómo se sabe": "; ".join(dict.fromkeys(c)),
    } for (o, m), c in sorted(como.items(), key=lambda x: (orden_de[x[0][0]], x[0][1]))],
        ["Objetivo", "Institución", "Mandato", "Texto del mandato", "Cómo se sabe"])


def _introduccion(marco: str, alineaciones: list[dict[str, Any]]) -> str:
    m = MARCOS[marco]
    propuestas = sum(a["como"] == "propuesto" for a in alineaciones)
    if not alineaciones:
        cuantas = "Los datos no tienen alineaciones con este marco (tabla alineaciones): nada lo alcanza todavía."
    elif propuestas == len(alineaciones):
        cuantas = (f"Las {cuantos(len(alineaciones), 'alineación', 'alineaciones')} de estos datos son todas "
                   "propuestas (del proyecto o de un analista, o de acciones ilustrativas): ninguna fuente las "
                   "declara.")
    else:
        cuantas = (f"De {cuantos(len(alineaciones), 'alineación', 'alineaciones')}, {propuestas} "
                   f"{'es propuesta' if propuestas == 1 else 'son propuestas'} y {len(alineaciones) - propuestas} "
                   f"{'la declara' if len(alineaciones) - propuestas == 1 else 'las declaran'} sus fuentes.")
    return (f"Qué objetivos {m.de} alcanzan las acciones de la Política, con qué instituciones y mandatos, cómo va "
            "cada acción y qué objetivos no alcanza ninguna. Una alineación dice cómo se sabe: declarada por una "
            "fuente o propuesta; que un mandato funde una acción alineada lo infiere grafo de los temas. "
            f"{cuantas} Un objetivo sin acción alineada no es por eso una falta de la Política: puede faltar en los "
            f"datos. {LEYENDA_CITAS}")


def armar_marco(tablas: Tablas, *, marco: str, version_datos: str, fecha: str) -> Informe:
    """El informe de la Política ante un marco (`pmm` u `ods`), de su consulta de cobertura y sus alineaciones."""
    m = MARCOS[marco]
    cobertura = registros(tablas[consulta_de(marco)])
    filas_de = {f[clave_de(marco)]: f for f in cobertura}
    alineaciones = [a for a in registros(tablas["alineaciones"]) if a["marco"] == marco]
    por_objetivo = _por_objetivo(alineaciones)
    acciones = {f["accion"]: f for f in registros(tablas["acciones"])}
    todos = ("Cada uno de los 23 objetivos" if marco == "pmm" else "Cada objetivo y cada meta con alguna alineación "
             "(la fila de un objetivo reúne también las alineaciones de sus metas)")
    unidad = "objetivos" if marco == "pmm" else "objetivos y metas"
    return Informe(
        titulo=f"La Política Migratoria ante el {m.corto}" if marco == "pmm" else "La Política Migratoria ante los ODS",
        introduccion=_introduccion(marco, alineaciones), version_datos=version_datos, fecha=fecha,
        secciones=(
            Seccion(f"Cobertura {m.de}", f"{todos}: sus acciones alineadas, sus responsables, los mandatos (alineados "
                    "con el objetivo por una fila de alineaciones, o inferidos por grafo: de un responsable y cubren "
                    "un "
                    "tema de la acción) y cuántos de sus vínculos son propuestos.",
                    _resumen(cobertura, marco, acciones, por_objetivo), consulta_de(marco), unidad),
            Seccion("Objetivos sin acción alineada", SIN_ACCION + ("" if marco == "pmm" else " Se listan los objetivos "
                    "de los ODS, no sus 169 metas."), _sin_accion(cobertura, marco), consulta_de(marco),
                    "objetivos" if marco == "ods" else unidad),
            Seccion("Objetivos alcanzados solo por propuestas", "Tienen acciones alineadas, pero ninguna fuente lo "
                    "declara: la alineación es una propuesta o la acción es ilustrativa.",
                    _solo_propuestas(cobertura, marco, por_objetivo, acciones), consulta_de(marco),
                    unidad),
            Seccion("Acciones alineadas y cómo van", "Cada acción bajo el objetivo o la meta con que está alineada: "
                    "cómo se sabe la alineación, sus responsables y vinculadas, su estado y su avance (columnas "
                    "estado y avance de acciones) y sus acuerdos.",
                    _acciones_alineadas(alineaciones, filas_de, marco, tablas), "alineaciones", "acciones",
                    cuantos=len({a["elemento"] for a in alineaciones if a["tipo"] == "accion"})),
            Seccion("Mandatos", "Los mandatos alineados con cada objetivo y los de los responsables de sus acciones "
                    "que cubren un tema de la acción, con su instrumento y artículo.",
                    _mandatos(alineaciones, filas_de, marco, tablas), consulta_de(marco), "mandatos",
                    cuantos=len({a["elemento"] for a in alineaciones if a["tipo"] == "mandato"}
                                | {m_ for f in cobertura for m_ in f["mandatos"]})),
        ),
    )


def del_objetivo(informe: Informe, ident: str) -> tuple[Seccion, ...]:
    """Las secciones del informe con solo las filas de un objetivo (y, en un objetivo de los ODS, las de sus metas):
    la página de un objetivo en el explorador dice lo mismo que el informe."""
    def es_suya(etiqueta: str) -> bool:
        return etiqueta.startswith(f"{ident} — ") or ("." not in ident and etiqueta.startswith(f"{ident}."))

    return tuple(replace(s, tabla=s.tabla[[es_suya(o) for o in s.tabla["Objetivo"]]].reset_index(drop=True),
                         cuantos=None) for s in informe.secciones)


def alineaciones_de(tablas: Tablas, tipo: str, ident: str) -> dict[str, pd.DataFrame]:
    """Marco → las alineaciones de una acción o un mandato, con el objetivo, cómo se sabe y la fuente."""
    filas = [a for a in registros(tablas["alineaciones"]) if a["tipo"] == tipo and a["elemento"] == ident]
    return {m: tabla([{m: a["objetivo"], "Nombre": a["nombre"], "Cómo se sabe": _alineacion(a, con_fuente=False),
                       "Fuente": a["fuente"]}
                      for a in filas if a["marco"] == m], [m, "Nombre", "Cómo se sabe", "Fuente"])
            for m in MARCOS if any(a["marco"] == m for a in filas)}


def matriz(tablas: Tablas) -> Matriz:
    """Instituciones × objetivos del Pacto: R responsable o V vinculada de una acción alineada, M con un mandato
    alineado; en minúscula (r, v, m) si todo lo que sostiene la celda es propuesto. Las instituciones van en filas
    y los 23 objetivos en columnas angostas: así la hoja cabe a lo ancho de una página carta."""
    cobertura = registros(tablas[consulta_de("pmm")])
    acciones = {f["accion"]: f for f in registros(tablas["acciones"])}
    mandatos = {f["mandato"]: f for f in registros(tablas["mandatos-de-institucion"])}
    celdas: dict[tuple[str, str], dict[str, bool]] = {}  # (objetivo, institución) → papel → ¿solo propuesto?

    def marcar(objetivo: str, institucion: str, papel: str, propuesto: bool) -> None:
        papeles = celdas.setdefault((objetivo, institucion), {})
        papeles[papel] = papeles.get(papel, True) and propuesto

    for a in registros(tablas["alineaciones"]):
        if a["marco"] != "pmm":
            continue
        propuesto = a["como"] == "propuesto"
        if a["tipo"] == "mandato":
            marcar(a["objetivo"], mandatos[a["elemento"]]["institucion"], MANDATO, propuesto)
            continue
        for papel, columna in ((RESPONSABLE, "responsables"), (VINCULADA, "vinculadas")):
            for i in acciones[a["elemento"]][columna]:
                marcar(a["objetivo"], i, papel, propuesto)
    objetivos = [f["objetivo"] for f in cobertura]
    filas: list[dict[str, Any]] = [{
        "Institución": i, **{o: _celda_marco(celdas.get((o, i), {})) for o in objetivos},
        "Objetivos": sum(bool(celdas.get((o, i))) for o in objetivos)} for i in sorted({i for _, i in celdas})]
    filas.append({"Institución": "Acciones", "Objetivos": "",
                  **{f["objetivo"]: len(f["acciones"]) for f in cobertura}})
    return Matriz(
        hoja="Pacto Mundial", titulo="Instituciones × objetivos del Pacto Mundial para la Migración",
        tabla=tabla(filas, ["Institución", *objetivos, "Objetivos"]), filas_total=1, fijas=1,
        encabezados=(("Cobertura", ("", *(COBERTURA[f["cobertura"]][1] for f in cobertura), "")),),
        notas=tuple((f["objetivo"], f"{f.get('corto') or f['nombre']}: "
                     f"{nombre_con_nota('pmm', f['objetivo'], f['nombre'])} "
                     f"({COBERTURA[f['cobertura']][0]})") for f in cobertura),
        titulo_notas="Objetivos",
        ancho_celdas=3.2, cabecera_vertical=True, anchos=(("Institución", 16), ("Objetivos", 4)),
        citadas=frozenset({("instituciones", i) for _, i in celdas}),
        leyenda=((RESPONSABLE, "Responsable de una acción alineada con el objetivo (tabla alineaciones)."),
                 (VINCULADA, "Vinculada a una acción alineada con el objetivo."),
                 (MANDATO, "Tiene un mandato alineado con el objetivo (tabla alineaciones)."),
                 ("r, v, m", "En minúscula: todo lo que sostiene la celda es propuesto (la alineación la propone el "
                             "proyecto o un analista, o la acción es ilustrativa); en mayúscula, lo declara una "
                             "fuente."),
                 ("Acciones", "La última fila: cuántas acciones están alineadas con cada objetivo."),
                 ("Cobertura", "D: alguna acción alineada por una fuente; P: solo por propuestas; —: sin acción "
                               f"alineada. {SIN_ACCION}")),
    )


def _celda_marco(papeles: Mapping[str, bool]) -> str:
    """«R», «R V», «r m»: los papeles de la celda, en minúscula si todos son propuestos."""
    texto = " ".join(p for p in (RESPONSABLE, VINCULADA, MANDATO) if p in papeles)
    return texto.lower() if papeles and all(papeles.values()) else texto
