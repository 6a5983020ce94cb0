"""La minuta de una reunión: lo que el DEPM prepara a mano antes de reunirse con unas instituciones (puro).

Participantes con su nombre, la matriz de fundamentos legales, las acciones donde son responsables o
vinculadas, las brechas y los traslapes que los tocan, las rutas que las unen en palabras, el mapa de
su vecindario y las fuentes: todo de las mismas consultas y citas que las matrices y el mapa.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from grafo import evidencia
from grafo.dominio import analisis
from grafo.dominio.informes import tema_en_palabras
from grafo.dominio.citas import accion_citada, articulo, como_se_sabe, con_grado, fundamento, sin_mandatos_cargados
from grafo.dominio.mapa import Mapa
from grafo.dominio.tablas import Tablas, filas_de, nombres, registros, tabla
from grafo.texto import con_mayuscula, cuantos

CONSULTAS_REUNION = ("instituciones", "acciones", "ejes", "acciones-sin-responsable", "acciones-sin-mandato",
                     "mandatos-sin-accion", "temas-con-varios-mandatos", "acciones-con-varios-responsables",
                     "temas", "fuentes")


@dataclass(frozen=True)
class Reunion:
    """Todo lo de la minuta, en tablas con los encabezados en palabras y textos listos para leer."""

    titulo: str
    fecha: str
    version_datos: str
    participantes: tuple[tuple[str, str], ...]  # (sigla, nombre)
    fundamentos: pd.DataFrame
    acciones: pd.DataFrame
    brechas: pd.DataFrame  # de coordinación
    tareas: pd.DataFrame  # de datos: mandatos por cargar, aparte de las brechas
    traslapes: pd.DataFrame
    rutas: tuple[str, ...]  # una por par de participantes, en palabras
    mapa: Mapa
    fuentes: pd.DataFrame
    generado: str = ""  # cuándo se escribió la minuta (la fecha de arriba es la de la reunión)
    PREDETERMINADO = "docx"

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Minuta de la reunión escrita en {salida} ({cuantos(len(self.participantes), 'institución', 'instituciones')})."

    @property
    def nombre(self) -> str:
        """El nombre de su archivo, sin extensión: una minuta por reunión (otros participantes u otra fecha no la
        pisan)."""
        from grafo.texto import nombre_de_archivo

        return nombre_de_archivo("reunion-" + "-".join(s for s, _ in self.participantes) + "-" + self.fecha)



def tabla_fundamentos(filas: pd.DataFrame, acciones: Mapping[str, Mapping[str, Any]],
                      ids: Sequence[str] = ()) -> pd.DataFrame:
    """Un mandato por fila: lo que fundamenta (acciones en que la institución participa) y lo que podría respaldar
    (las demás acciones que cubre). Una institución de `ids` sin mandatos en los datos tiene su fila, que lo dice."""
    columnas = ["Institución", "Instrumento", "Artículo", "Texto del mandato", "Acciones que fundamenta",
                "Acciones que podría respaldar"]
    registradas = registros(filas)
    con_mandatos = {f["institucion"] for f in registradas}
    faltan = [{"Institución": i, "Instrumento": "—", "Artículo": "—",
               "Texto del mandato": sin_mandatos_cargados(i),
               "Acciones que fundamenta": "—", "Acciones que podría respaldar": "—"} for i in ids if i not in con_mandatos]
    return tabla([{
        "Institución": f["institucion"], "Instrumento": f"{f['titulo']} ({f['instrumento']})",
        "Artículo": con_grado(articulo(f), f), "Texto del mandato": f["descripcion"],
        "Acciones que fundamenta": "\n".join(f"{accion_citada(a, acciones.get(a))}: {(acciones.get(a) or {}).get('descripcion', '')}"
                                             for a in f["acciones"]) or "ninguna",
        "Acciones que podría respaldar": ", ".join(accion_citada(a, acciones.get(a)) for a in f["acciones_posibles"])
        or "ninguna",
    } for f in registradas] + faltan, columnas)


def tabla_acciones(tablas: Tablas, ids: Sequence[str]) -> pd.DataFrame:
    ejes = dict(zip(tablas["ejes"]["eje"], tablas["ejes"]["nombre"], strict=True))
    filas = []
    for a in filas_de(tablas, "acciones"):
        papeles = [f"{i} (responsable)" for i in ids if i in a["responsables"]]
        papeles += [f"{i} (vinculada)" for i in ids if i in a["vinculadas"]]
        if papeles:
            filas.append({"Acción": a["accion"], "Descripción": a["descripcion"], "Participantes": ", ".join(papeles),
                          "Eje": f"{a['eje']} · {ejes.get(a['eje'], '')}" if a["eje"] else "sin eje",
                          "Periodo": a["periodo"] or "—", "Cómo se sabe": como_se_sabe(a)})
    return tabla(filas, ["Acción", "Descripción", "Participantes", "Eje", "Periodo", "Cómo se sabe"])


def tabla_brechas(tablas: Tablas, ids: Sequence[str], citas: Mapping[str, str]) -> pd.DataFrame:
    """Las brechas de coordinación que tocan a `ids`; las tareas de datos van aparte (`tabla_tareas`)."""
    acciones = {a["accion"]: a for a in filas_de(tablas, "acciones")}
    filas = [{"Brecha": "Responsable sin mandato sobre los temas de la acción", "Institución": f["institucion"],
              "Dónde": f"{accion_citada(f['accion'], acciones[f['accion']])}: {acciones[f['accion']]['descripcion']}"}
             for f in filas_de(tablas, "acciones-sin-mandato") if f["institucion"] in ids and evidencia.es_brecha(f["motivo"])]
    filas += [{"Brecha": "Mandato que ninguna acción de los datos usa", "Institución": f["institucion"],
               "Dónde": f"{f['mandato']}: {citas.get(f['mandato'], '')}"}
              for f in filas_de(tablas, "mandatos-sin-accion") if f["institucion"] in ids]
    filas += [{"Brecha": "Acción sin responsable", "Institución": ", ".join(i for i in ids if i in a["vinculadas"]),
               "Dónde": f"{accion_citada(k, a)}: {a['descripcion']}"}
              for k in tablas["acciones-sin-responsable"]["accion"] if any(i in (a := acciones[k])["vinculadas"]
                                                                           for i in ids)]
    return tabla(filas, ["Brecha", "Institución", "Dónde"])


def tabla_tareas(tablas: Tablas, ids: Sequence[str]) -> pd.DataFrame:
    """Las tareas de datos de `ids`, una por institución: lidera acciones que sus mandatos cargados no cubren, o no
    tiene ningún mandato cargado."""
    acciones = {a["accion"]: a for a in filas_de(tablas, "acciones")}
    tareas = evidencia.tareas_por_institucion(f for f in filas_de(tablas, "acciones-sin-mandato")
                                              if f["institucion"] in ids)
    # Sin mandatos cargados y sin acciones que liderar: también hay que cargarlos, aunque ninguna acción lo pida.
    for f in filas_de(tablas, "instituciones"):
        if f["institucion"] in ids and f["mandatos_cargados"] == "ninguno":
            tareas.setdefault(f["institucion"], ("mandatos_no_cargados", []))
    return tabla([{"Institución": i, "Tarea de datos": con_mayuscula(evidencia.tarea_de_datos(i, motivo)),
                   "Por qué": con_mayuscula(evidencia.MOTIVO_EN_PALABRAS[motivo]),
                   "Acciones que lidera": ", ".join(accion_citada(k, acciones[k]) for k in sorted(ks)) or "ninguna"}
                  for i, (motivo, ks) in sorted(tareas.items())],
                 ["Institución", "Tarea de datos", "Por qué", "Acciones que lidera"])


def tabla_traslapes(tablas: Tablas, ids: Sequence[str]) -> pd.DataFrame:
    nombre_tema = dict(zip(tablas["temas"]["tema"], tablas["temas"]["nombre"], strict=True))
    filas = [{"Traslape": "Tema con mandatos de varias instituciones", "Dónde": tema_en_palabras(f["tema"], nombre_tema),
              "Instituciones": ", ".join(f["instituciones"])}
             for f in filas_de(tablas, "temas-con-varios-mandatos") if set(f["instituciones"]) & set(ids)]
    filas += [{"Traslape": "Acción con varios responsables", "Dónde": f["accion"],
               "Instituciones": ", ".join(f["instituciones"])}
              for f in filas_de(tablas, "acciones-con-varios-responsables") if set(f["instituciones"]) & set(ids)]
    return tabla(filas, ["Traslape", "Dónde", "Instituciones"])


def tabla_fuentes(tablas: Tablas, fundamentos: pd.DataFrame, ids: Sequence[str], acciones: pd.DataFrame,
                  otras: Set[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    """Las fuentes de lo que el documento cita (instituciones, mandatos, instrumentos, acciones, y `otras`, como las
    filas que citan las rutas), con su grado; un mandato trae la de su instrumento."""
    propias = {("instituciones", i) for i in ids} | {("acciones", a) for a in acciones["Acción"]} | set(otras)
    propias |= {("mandatos", m) for m in fundamentos["mandato"]}
    propias |= {("acciones", a) for f in registros(fundamentos) for a in (*f["acciones"], *f["acciones_posibles"])}
    instrumento = dict(zip(tablas["fundamentos"]["mandato"], tablas["fundamentos"]["instrumento"], strict=True))
    propias |= {("instrumentos", instrumento[m]) for t, m in list(propias) if t == "mandatos" and m in instrumento}
    filas = [{"Tabla": f["tabla"], "Id": f["id"], "Fuente": f["fuente"], "Grado": evidencia.en_palabras(f["fiabilidad"] or "")}
             for f in filas_de(tablas, "fuentes") if (f["tabla"], f["id"]) in propias]
    return tabla(filas, ["Tabla", "Id", "Fuente", "Grado"])


def armar(tablas: Tablas, filas_fundamentos: pd.DataFrame, coordinacion: nx.Graph, contexto: analisis.Contexto,
          mapa: Mapa, *, ids: Sequence[str], titulo: str, fecha: str, version_datos: str,
          generado: str = "") -> Reunion:
    """La minuta de la reunión de `ids`, desde las consultas, la red de coordinación y el mapa ya armados."""
    nombre = nombres(tablas)
    por_id = {a["accion"]: a for a in filas_de(tablas, "acciones")}
    citas = {f["mandato"]: fundamento(f) for f in registros(filas_fundamentos)}
    acciones = tabla_acciones(tablas, ids)
    caminos = [(a, b, analisis.rutas(coordinacion, a, b, maximo=1)) for a, b in itertools.combinations(ids, 2)]
    rutas = tuple(analisis.texto_ruta(coordinacion, a, b, c, contexto) for a, b, c in caminos)
    en_rutas = set().union(*(analisis.citadas(coordinacion, c, contexto) for _, _, c in caminos))
    return Reunion(titulo=titulo, fecha=fecha, version_datos=version_datos,
                   participantes=tuple((i, nombre.get(i, "")) for i in ids),
                   fundamentos=tabla_fundamentos(filas_fundamentos, por_id, ids), acciones=acciones,
                   brechas=tabla_brechas(tablas, ids, citas), tareas=tabla_tareas(tablas, ids), traslapes=tabla_traslapes(tablas, ids),
                   rutas=rutas, mapa=mapa, fuentes=tabla_fuentes(tablas, filas_fundamentos, ids, acciones, en_rutas),
                   generado=generado or fecha)
