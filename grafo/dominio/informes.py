"""Informes de brechas y de traslapes: las consultas del contrato con nombres, instrumento y artículo.

Cada informe reúne varias consultas con nombre y las completa con los catálogos
(instituciones, acciones, mandatos) para que cada fila cite su fundamento legal. Las
funciones `armar_*` son puras: reciben DataFrames y devuelven un `Informe`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Any

import pandas as pd

from grafo import evidencia
from grafo.dominio.citas import LEYENDA_CITAS, con_grado, fundamento, fundamento_corto
from grafo.dominio.tablas import Tablas, nombres as nombres_de, registros, tabla
from grafo.texto import con_mayuscula, cuantos, si_no

SINGULARES = {"acuerdos": "acuerdo", "acciones": "acción", "instituciones": "institución", "ejes": "eje",
              "temas": "tema", "mandatos": "mandato", "pares": "par", "reuniones": "reunión",
              "entidades": "entidad", "cambios": "cambio", "brechas": "brecha", "traslapes": "traslape",
              "objetivos": "objetivo", "objetivos y metas": "objetivo o meta"}


@dataclass(frozen=True)
class Seccion:
    """Una sección del informe: un título, qué significa y sus filas (columnas ya en español)."""

    titulo: str
    explicacion: str
    tabla: pd.DataFrame
    consulta: str = ""
    unidad: str = ""
    cuantos: int | None = None

    @property
    def total(self) -> int:
        """Cuántos casos hay (temas, acciones…), aunque un caso ocupe varias filas."""
        return len(self.tabla) if self.cuantos is None else self.cuantos

    def cuenta(self) -> str:
        """«20 temas», y las filas si son otras tantas: una cuenta en un título cuenta lo que hay debajo."""
        if not self.unidad:
            return str(self.total)
        texto = cuantos(self.total, SINGULARES.get(self.unidad, self.unidad), self.unidad)
        return texto if self.total == len(self.tabla) else f"{texto}, {cuantos(len(self.tabla), 'fila')}"


@dataclass(frozen=True)
class Informe:
    """Un informe listo para mostrar, escribir en Markdown o exportar a JSON."""

    titulo: str
    introduccion: str
    version_datos: str
    fecha: str
    secciones: tuple[Seccion, ...] = field(default_factory=tuple)
    PREDETERMINADO = "texto"

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Informe escrito en {salida}."

    def a_dict(self) -> dict[str, Any]:
        return {
            "titulo": self.titulo,
            "introduccion": self.introduccion,
            "version_datos": self.version_datos,
            "fecha": self.fecha,
            "secciones": [{
                "titulo": s.titulo, "consulta": s.consulta, "explicacion": s.explicacion, "total": s.total,
                "filas": [{c: _a_json(v) for c, v in fila.items()} for fila in s.tabla.to_dict(orient="records")],
            } for s in self.secciones],
        }


def _a_json(valor: Any) -> Any:
    if valor is None or (isinstance(valor, float) and pd.isna(valor)):
        return None
    return valor


def _sigla_y_nombre(institucion: str, nombres: dict[str, str]) -> str:
    nombre = nombres.get(institucion)
    return f"{institucion} — {nombre}" if nombre else institucion


def _lista(valores: Any) -> str:
    return ", ".join(valores) if isinstance(valores, list) and valores else "—"



def _indices(tablas: Tablas) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    acciones = {f["accion"]: f for f in registros(tablas["acciones"])}
    mandatos = {f["mandato"]: f for f in registros(tablas["mandatos-de-institucion"])}
    return nombres_de(tablas), acciones, mandatos


def _cobertura(tablas: Tablas) -> pd.DataFrame:
    return tabla([{
        "Eje": f["eje"] or "—", "Nombre": f["nombre"], "Acciones": f["acciones"],
        "Sin responsable": f["sin_responsable"], "Con líder mandatado": f["con_lider_mandatado"],
        "Sin líder mandatado": f["sin_lider_mandatado"],
        "Por mandatos sin cargar": f["por_mandatos_sin_cargar"],
    } for f in registros(tablas["cobertura-por-eje"])],
        ["Eje", "Nombre", "Acciones", "Sin responsable", "Con líder mandatado", "Sin líder mandatado",
         "Por mandatos sin cargar"])


def _tareas_de_datos(filas: list[dict[str, Any]], nombres: dict[str, str],
                     acciones: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Una fila por institución cuyos mandatos faltan en los datos, con las acciones que lidera sin mandato cargado."""
    por_institucion = evidencia.tareas_por_institucion(filas)
    return tabla([{
        "Institución": _sigla_y_nombre(i, nombres), "Tarea": con_mayuscula(evidencia.tarea_de_datos(i, motivo)),
        "Mandatos cargados": "ninguno" if motivo == "mandatos_no_cargados" else "parciales",
        "Acciones que lidera sin mandato cargado": ", ".join(con_grado(k, acciones[k]) for k in sorted(ks)),
    } for i, (motivo, ks) in sorted(por_institucion.items())],
        ["Institución", "Tarea", "Mandatos cargados", "Acciones que lidera sin mandato cargado"])


def _sin_mandato(filas: list[dict[str, Any]], acciones: dict[str, dict[str, Any]], nombres: dict[str, str],
                 por_institucion: dict[str, list[dict[str, Any]]]) -> pd.DataFrame:
    """Las brechas de coordinación: cada responsable con mandatos completos que no cubre su acción."""
    return tabla([{
        "Acción": con_grado(f["accion"], acciones[f["accion"]]), "Descripción": acciones[f["accion"]]["descripcion"],
        "Temas de la acción": _lista(acciones[f["accion"]]["temas"]),
        "Responsable": _sigla_y_nombre(f["institucion"], nombres),
        "Mandatos que sí tiene": "; ".join(
            f"{fundamento_corto(m)} ({_lista(m['temas'])})" for m in por_institucion.get(f["institucion"], [])),
    } for f in filas], ["Acción", "Descripción", "Temas de la acción", "Responsable", "Mandatos que sí tiene"])


def armar_brechas(tablas: Tablas, *, version_datos: str, fecha: str) -> Informe:
    """Brechas de coordinación: acciones sin responsable o sin mandato, mandatos y entidades sin acción."""
    nombres, acciones, mandatos = _indices(tablas)
    por_institucion: dict[str, list[dict[str, Any]]] = {}
    for m in mandatos.values():
        por_institucion.setdefault(m["institucion"], []).append(m)
    resumen = _cobertura(tablas)

    sin_responsable = _sin_responsable(tablas["acciones-sin-responsable"]["accion"], acciones)
    faltantes = registros(tablas["acciones-sin-mandato"])
    sin_mandato = _sin_mandato([f for f in faltantes if evidencia.es_brecha(f["motivo"])], acciones, nombres,
                               por_institucion)
    tareas = [f for f in faltantes if not evidencia.es_brecha(f["motivo"])]

    mandato_sin_accion = tabla([{
        "Mandato": f["mandato"], "Institución": _sigla_y_nombre(f["institucion"], nombres),
        "Fundamento": fundamento(mandatos[f["mandato"]]), "Texto del mandato": mandatos[f["mandato"]]["descripcion"],
        "Temas": _lista(mandatos[f["mandato"]]["temas"]),
    } for f in tablas["mandatos-sin-accion"].to_dict(orient="records")],
        ["Mandato", "Institución", "Fundamento", "Texto del mandato", "Temas"])

    institucion_sin_accion = tabla([{
        "Institución": i, "Nombre": nombres.get(i, ""),
        "Mandatos": "; ".join(fundamento_corto(m) for m in por_institucion.get(i, [])),
    } for i in tablas["instituciones-sin-accion"]["institucion"]],
        ["Institución", "Nombre", "Mandatos"])

    return Informe(
        titulo="Brechas de coordinación de la Política Migratoria",
        introduccion=("Dónde el plan de acción no tiene respaldo legal o nadie lo lidera, y qué mandatos "
                      "no usa ninguna acción. Un mandato cubre un tema si lo nombra a él o a un tema más "
                      "amplio: que cubra una acción lo infiere grafo. Una falta de mandato es una brecha solo "
                      "cuando los mandatos de la institución están completos en los datos; si no, es una tarea "
                      f"de datos y va aparte. {LEYENDA_CITAS}"),
        version_datos=version_datos, fecha=fecha,
        secciones=(
            Seccion("Cobertura por eje", "Acciones de cada eje y cuántas tienen un responsable con mandato "
                    "sobre alguno de sus temas (líder mandatado). «Por mandatos sin cargar»: de las sin líder "
                    "mandatado, las que lo son porque los mandatos de su responsable no están todos en los datos "
                    "(tarea de datos, no brecha).", resumen, "cobertura-por-eje"),
            Seccion("Acciones sin responsable", "Acciones del plan que no nombran ninguna institución "
                    "responsable.", sin_responsable, "acciones-sin-responsable"),
            Seccion("Brechas de coordinación: responsables sin mandato sobre la acción", "La institución es "
                    "responsable de la acción, sus mandatos están completos en los datos (mandatos_cargados = "
                    "completos) y ninguno cubre los temas de la acción.", sin_mandato, "acciones-sin-mandato", "pares"),
            Seccion("Tareas de datos: mandatos por cargar", "Instituciones responsables de acciones cuyos mandatos no "
                    "están (o no están todos) en los datos: que ninguno cubra la acción es una falta de los datos, no "
                    f"una brecha de coordinación ({cuantos(len(tareas), 'par', 'pares')} acción–responsable).",
                    _tareas_de_datos(tareas, nombres, acciones), "acciones-sin-mandato", "instituciones"),
            Seccion("Mandatos que ninguna acción usa", "Mandatos que no cubren ningún tema de ninguna de las "
                    f"{cuantos(len(acciones), 'acción', 'acciones')} de los datos. Si al plan le faltan acciones en "
                    "los datos, un mandato puede estar aquí por eso: revise primero si falta la acción.",
                    mandato_sin_accion, "mandatos-sin-accion"),
            Seccion("Instituciones con mandato y sin acción", "Instituciones con al menos un mandato que no "
                    "son responsables ni vinculadas en ninguna acción.", institucion_sin_accion,
                    "instituciones-sin-accion"),
        ),
    )


def _sin_responsable(ids: Any, acciones: dict[str, dict[str, Any]]) -> pd.DataFrame:
    return tabla([{
        "Acción": con_grado(a, acciones[a]), "Descripción": acciones[a]["descripcion"], "Eje": acciones[a]["eje"] or "—",
        "Periodo": acciones[a]["periodo"] or "—", "Vinculadas": _lista(acciones[a]["vinculadas"]),
        "Ilustrativa": si_no(acciones[a]["ilustrativa"]),
    } for a in ids], ["Acción", "Descripción", "Eje", "Periodo", "Vinculadas", "Ilustrativa"])


def tema_en_palabras(tema: str, nombres: Mapping[str, str]) -> str:
    """«Control migratorio y puestos fronterizos (CONTROL-MIGRATORIO)»: el tema por su nombre, que es lo que se lee
    primero, y su id en mayúsculas detrás (para buscarlo en los datos); el id solo si no tiene nombre."""
    nombre = (nombres.get(tema) or "").strip()
    return f"{nombre} ({tema})" if nombre else tema


def armar_traslapes(tablas: Tablas, *, version_datos: str, fecha: str) -> Informe:
    """Traslapes: temas con mandatos de varias instituciones y acciones con varios responsables."""
    nombres, acciones, mandatos = _indices(tablas)
    cobertura = tablas["mandatos-por-tema"]
    cubren: dict[str, list[dict[str, Any]]] = {}
    for f in cobertura.to_dict(orient="records"):
        cubren.setdefault(f["tema"], []).append(f)
    nombre_tema = dict(zip(cobertura["tema"], cobertura["nombre"], strict=True))

    # Una fila por mandato, agrupadas por tema: se lee mejor que una celda con todos.
    filas_temas = []
    temas_traslapados = tablas["temas-con-varios-mandatos"].to_dict(orient="records")
    for f in temas_traslapados:
        for c in cubren.get(f["tema"], []):
            m = mandatos[c["mandato"]]
            filas_temas.append({
                "Tema": tema_en_palabras(f["tema"], nombre_tema),
                "Institución": _sigla_y_nombre(c["institucion"], nombres),
                "Mandato": c["mandato"], "Fundamento": fundamento(m), "Texto del mandato": m["descripcion"],
                "Cubre por": "el mismo tema" if c["tema_del_mandato"] == f["tema"]
                else f"el tema amplio {tema_en_palabras(c['tema_del_mandato'], nombre_tema)}",
            })
    temas = tabla(filas_temas, ["Tema", "Institución", "Mandato", "Fundamento", "Texto del mandato", "Cubre por"])

    sin_mandato = {(f["accion"], f["institucion"]) for f in tablas["acciones-sin-mandato"].to_dict(orient="records")}

    def respaldo(accion: str, institucion: str) -> str:
        if not acciones[accion]["temas"]:
            return f"{institucion}: la acción no tiene temas"
        if (accion, institucion) in sin_mandato:
            return f"{institucion}: sin mandato sobre los temas"
        citados = sorted({c["mandato"] for t in acciones[accion]["temas"] for c in cubren.get(t, [])
                          if c["institucion"] == institucion})
        return f"{institucion}: " + "; ".join(fundamento_corto(mandatos[m]) for m in citados)

    responsables = tabla([{
        "Acción": f["accion"], "Descripción": acciones[f["accion"]]["descripcion"],
        "Responsables": ", ".join(_sigla_y_nombre(i, nombres) for i in f["instituciones"]),
        "Respaldo de cada responsable": " | ".join(respaldo(f["accion"], i) for i in f["instituciones"]),
    } for f in tablas["acciones-con-varios-responsables"].to_dict(orient="records")],
        ["Acción", "Descripción", "Responsables", "Respaldo de cada responsable"])

    return Informe(
        titulo="Traslapes de mandatos y responsabilidades",
        introduccion=("Dónde varias instituciones tienen mandato sobre un mismo tema o comparten la "
                      "responsabilidad de una acción: espacios para coordinar o para aclarar quién lidera. Que "
                      "varios mandatos cubran un tema lo infiere grafo de los temas de cada mandato; la "
                      "responsabilidad compartida la declara la fila de la acción. " + LEYENDA_CITAS),
        version_datos=version_datos, fecha=fecha,
        secciones=(
            Seccion("Temas con mandatos de varias instituciones", "Temas que cubren mandatos de dos o más "
                    "instituciones distintas, con el fundamento de cada mandato (una fila por mandato).", temas,
                    "temas-con-varios-mandatos", "temas", len(temas_traslapados)),
            Seccion("Acciones con varios responsables", "Acciones con dos o más instituciones responsables y el "
                    "mandato con que cada una respalda la acción.", responsables, "acciones-con-varios-responsables",
                    "acciones"),
        ),
    )


CONSULTAS_BRECHAS = ("cobertura-por-eje", "acciones-sin-responsable", "acciones-sin-mandato",
                     "mandatos-sin-accion", "instituciones-sin-accion")
CONSULTAS_TRASLAPES = ("temas-con-varios-mandatos", "mandatos-por-tema", "acciones-con-varios-responsables",
                       "acciones-sin-mandato")
CATALOGOS = ("instituciones", "acciones", "mandatos-de-institucion")
