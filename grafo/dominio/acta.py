"""El acta de una reunión registrada: el esqueleto de la memoria que el DEPM completa al salir (puro).

Sale de la tabla de reuniones: quién participó (con el nombre completo), qué acciones se trataron
(con sus responsables y los mandatos que las fundamentan) y los acuerdos ya registrados, con
encargados y plazos; deja en blanco lo que solo se sabe después: el desarrollo y las conclusiones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from grafo.errores import opcion
from grafo.dominio.citas import fundamento
from grafo.dominio.tablas import nombres as nombres_de, registros, tabla
from grafo.paquete.esquema import en_palabras
from grafo.texto import fecha_en_palabras, si_no

CONSULTAS_ACTA = ("reuniones", "acuerdos", "acciones", "instituciones", "ejes")


@dataclass(frozen=True)
class Acta:
    """Lo que lleva el acta, con los encabezados en palabras."""

    reunion: str
    titulo: str
    fecha: str
    datos: tuple[tuple[str, str], ...]  # (qué, valor): modalidad, quién convoca, memoria, fuente
    participantes: tuple[tuple[str, str], ...]  # (sigla, nombre)
    acciones: pd.DataFrame
    acuerdos: pd.DataFrame
    version_datos: str
    generado: str
    PREDETERMINADO = "docx"
    SOBRE_FORMATOS = f"El acta es un documento para completar: use {opcion('salida')} ACTA.docx (o .pdf)."

    def aviso(self, salida: Path, formato: str) -> str:
        return f"Acta de {self.reunion} escrita en {salida}: complete el desarrollo, las conclusiones y los acuerdos."



def _con_nombre(siglas: list[str], nombre: Mapping[str, str]) -> str:
    return "\n".join(f"{s} — {nombre[s]}" if s in nombre else s for s in siglas) or "—"


def armar_acta(tablas: Mapping[str, pd.DataFrame], fundamentos: pd.DataFrame, *, reunion: str, version_datos: str,
               generado: str) -> Acta:
    """El acta de `reunion` (un id que existe), con los mandatos de los responsables de sus acciones."""
    r = next(f for f in registros(tablas["reuniones"]) if f["reunion"] == reunion)
    nombre = nombres_de(tablas)
    ejes = dict(zip(tablas["ejes"]["eje"], tablas["ejes"]["nombre"], strict=True))
    acciones = {a["accion"]: a for a in registros(tablas["acciones"])}
    mandatos_de: dict[str, list[str]] = {}
    for m in registros(fundamentos):
        for accion in m["acciones"]:
            mandatos_de.setdefault(accion, []).append(f"{m['institucion']}: {fundamento(m)}")
    filas_acciones = [{
        "Acción": a, "Descripción": acciones[a]["descripcion"],
        "Eje": f"{acciones[a]['eje']} · {ejes.get(acciones[a]['eje'], '')}" if acciones[a]["eje"] else "sin eje",
        "Responsables": _con_nombre(acciones[a]["responsables"], nombre),
        "Vinculadas": ", ".join(acciones[a]["vinculadas"]) or "—",
        "Mandatos que la fundamentan": "\n".join(mandatos_de.get(a, [])) or "ninguno registrado",
    } for a in r["acciones"] if a in acciones]
    filas_acuerdos = [{
        "Acuerdo": a["acuerdo"], "Qué se acordó": a["descripcion"],
        "Encargados": _con_nombre(a["responsables"], nombre), "Plazo": str(a["plazo"] or "—")[:10],
        "Estado": en_palabras(a["estado"]), "Ilustrativo": si_no(a["ilustrativa"]),
    } for a in registros(tablas["acuerdos"]) if a["reunion"] == reunion]
    participantes = list(dict.fromkeys([*([r["convoca"]] if r["convoca"] else []), *r["participantes"]]))
    datos = (("Fecha", fecha_en_palabras(str(r["fecha"])[:10])), ("Modalidad", r["modalidad"] or "no registrada"),
             ("Convoca", _con_nombre([r["convoca"]], nombre) if r["convoca"] else "no registrado"),
             ("Memoria", r["memoria"] or "no registrada"), ("Fuente", r["fuente"] or "—"))
    return Acta(reunion=reunion, titulo=r["titulo"], fecha=str(r["fecha"])[:10], datos=datos,
                participantes=tuple((p, nombre.get(p, "")) for p in participantes),
                acciones=tabla(filas_acciones, ["Acción", "Descripción", "Eje", "Responsables", "Vinculadas",
                                                 "Mandatos que la fundamentan"]),
                acuerdos=tabla(filas_acuerdos, ["Acuerdo", "Qué se acordó", "Encargados", "Plazo", "Estado",
                                                 "Ilustrativo"]),
                version_datos=version_datos, generado=generado)
