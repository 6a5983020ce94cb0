"""La ficha de una institución: qué es, de quién depende, sus mandatos, sus acciones, con quién se coordina (puro)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from grafo.dominio import analisis, posicion, reunion
from grafo.dominio.vecindario import mas_unidas
from grafo.evidencia import CARGA_EN_PALABRAS
from grafo.dominio.citas import como_se_sabe, fundamento
from grafo.dominio.tablas import filas_de, registros
from grafo.texto import si_no

# Cuántos socios se nombran: los de vínculos más fuertes.
SOCIOS = 8


@dataclass(frozen=True)
class Ficha:
    """El perfil de una institución, en textos y tablas con encabezados en palabras."""

    sigla: str
    nombre: str
    datos: tuple[tuple[str, str], ...]  # (qué, valor): tipo, nivel, depende de, medidas de la red
    mandatos: pd.DataFrame
    acciones: pd.DataFrame
    socios: pd.DataFrame
    brechas: pd.DataFrame  # de coordinación
    tareas: pd.DataFrame  # de datos, aparte
    traslapes: pd.DataFrame
    fuentes: pd.DataFrame  # solo las filas que la ficha cita, con su grado
    version_datos: str
    fecha: str
    PREDETERMINADO = "docx"

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Ficha de {self.sigla} escrita en {salida}."

    def secciones(self) -> tuple[tuple[str, pd.DataFrame | None, str], ...]:
        """Las secciones en su orden (el Word y el explorador): título, tabla (None: las brechas y, aparte, las
        tareas de datos) y qué decir si está vacía."""
        return (("Mandatos", self.mandatos, "Sin mandatos registrados en los datos."),
                ("Acciones por eje y periodo", self.acciones, "Ninguna acción la nombra."),
                ("Con quién comparte acciones y temas", self.socios,
                 "No comparte acciones ni temas con otra institución en los datos."),
                ("Brechas y tareas de datos", None, ""),
                ("Traslapes", self.traslapes, "Ninguno."),
                ("Fuentes de lo citado", self.fuentes, "Sin fuentes citadas."))


def _socios(coordinacion: nx.Graph, sigla: str, nombres: Mapping[str, str],
            acciones: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """Con quién comparte acciones y temas (no prueba que se coordinen): lo que comparten y cómo se sabe (la
    acción, por su fila; el tema, inferido por grafo)."""
    vecinos = mas_unidas(coordinacion, sigla)[:SOCIOS]
    filas = [{"Institución": f"{otra} — {nombres.get(otra, '')}", "Vínculos": datos["peso"],
              "Qué comparten": "; ".join(
                  f"acción {m.vinculo} ({como_se_sabe(acciones.get(m.vinculo, {}))})" if m.tipo == analisis.ACCION
                  else f"tema {m.nombre} (inferido)"
                  for m in datos["motivos"][:analisis.MOTIVOS_POR_PASO])
              + (f"; y {datos['peso'] - analisis.MOTIVOS_POR_PASO} más" if datos["peso"] > analisis.MOTIVOS_POR_PASO
                 else "")}
             for otra, datos in vecinos]
    return pd.DataFrame(filas, columns=["Institución", "Vínculos", "Qué comparten"], dtype=object)


def armar_ficha(tablas: Mapping[str, pd.DataFrame], fundamentos: pd.DataFrame, medido: analisis.Analisis | None,
                coordinacion: nx.Graph, *, sigla: str, version_datos: str, fecha: str,
                nombre_tipo: Mapping[str, str], sin_medir: str = "") -> Ficha:
    """La ficha de `sigla` desde las consultas de la reunión, sus filas de `fundamentos` y la red medida.

    Sin `medido` (la red entera no se midió: `dominio.vecindario`), `coordinacion` basta con las aristas de
    `sigla` (sus socios y cuántas vecinas tiene) y la ficha dice, con `sin_medir`, por qué no da su posición.
    """
    instituciones = {f["institucion"]: f for f in filas_de(tablas, "instituciones")}
    propia: dict[str, Any] = instituciones[sigla]
    nombres = {i: f["nombre"] for i, f in instituciones.items()}
    por_id = {a["accion"]: a for a in filas_de(tablas, "acciones")}
    todas = registros(medido.medidas) if medido is not None else []
    medidas = next((f for f in todas if f["institucion"] == sigla), None)
    datos = [("Tipo", nombre_tipo.get(propia["tipo"], propia["tipo"])), ("Nivel", propia["nivel"] or "—"),
             ("Depende de", f"{propia['depende_de']} — {nombres.get(propia['depende_de'], '')}"
              if propia["depende_de"] else "—"),
             ("Mandatos cargados en los datos", CARGA_EN_PALABRAS[propia["mandatos_cargados"]])]
    if medidas is not None:
        datos += [("Instituciones vecinas en la red", str(medidas["grado"])),
                  ("Qué tan conectada está", posicion.conexion(todas, sigla)),
                  ("Cuánto une a otras", posicion.intermediacion(todas, sigla)),
                  ("Con quiénes forma grupo", posicion.comunidad(todas, sigla)),
                  ("Punto de articulación", si_no(bool(medidas["articulacion"]))
                   + (": sin ella la red se parte" if medidas["articulacion"] else ""))]
    elif medido is None:
        datos += [("Instituciones vecinas en la red", str(coordinacion.degree(sigla) if sigla in coordinacion else 0)),
                  ("Posición en la red", sin_medir)]
    citas = {f["mandato"]: fundamento(f) for f in registros(fundamentos)}
    acciones = reunion.tabla_acciones(tablas, [sigla]).sort_values(["Eje", "Periodo", "Acción"], kind="mergesort")
    return Ficha(sigla=sigla, nombre=propia["nombre"], datos=tuple(datos),
                 mandatos=reunion.tabla_fundamentos(fundamentos, por_id, [sigla]).drop(columns="Institución"),
                 acciones=acciones.rename(columns={"Participantes": "Papel"}).reset_index(drop=True),
                 socios=_socios(coordinacion, sigla, nombres, por_id), brechas=reunion.tabla_brechas(tablas, [sigla], citas),
                 tareas=reunion.tabla_tareas(tablas, [sigla]),
                 traslapes=reunion.tabla_traslapes(tablas, [sigla]),
                 fuentes=reunion.tabla_fuentes(tablas, fundamentos, [sigla], acciones),
                 version_datos=version_datos, fecha=fecha)
