"""Qué cambió entre dos versiones de los datos, entidad por entidad y en palabras (`grafo comparar`).

Se compara sobre los dos grafos: no tienen nodos en blanco y sus IRIs salen de los ids, así que la
diferencia de tripletas es exacta. Las tripletas se agrupan por entidad (su IRI) y cada propiedad se
dice con el nombre de su columna; las brechas y los traslapes se comparan fila por fila.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

import pandas as pd

from grafo.dominio.informes import Informe, Seccion
from grafo.clases import ENTIDADES
from grafo.evidencia import MOTIVO_EN_PALABRAS
from grafo.dominio.tablas import registros, tabla
from grafo.paquete.esquema import en_palabras
from grafo.rdf.espacios import DCTERMS, ELI, GR, ID, ORG, SKOS
from grafo.texto import cuantos, si_no

CONSULTAS_COMPARAR = ("tripletas-de-datos", "acciones-sin-responsable", "acciones-sin-mandato", "mandatos-sin-accion",
                      "instituciones-sin-accion", "temas-con-varios-mandatos", "acciones-con-varios-responsables")
# La clase de una entidad sale de su IRI (…/id/CLASE/ID): las palabras para decirla. Los artículos y los
# departamentos no son filas de ninguna tabla (salen de mandatos y municipios): su cambio se ve en la fila.
CLASES = {c.clave: c.titulo for c in ENTIDADES}
_D, _G, _S, _O, _E = DCTERMS, GR, SKOS, ORG, ELI
CAMPOS = {
    _S + "prefLabel": "nombre", _D + "title": "título", _D + "alternative": "nombre corto",
    _D + "description": "descripción", _D + "source": "fuente", _D + "subject": "temas", _D + "date": "fecha",
    _G + "responsable": "responsables", _G + "vinculada": "vinculadas", _G + "eje": "eje", _G + "periodo": "periodo",
    _G + "ilustrativa": "ilustrativa", _G + "nivel": "nivel", _G + "asignadoA": "institución",
    _G + "instrumento": "instrumento", _G + "articulo": "artículo", _G + "verificado": "verificado",
    _G + "estado": "estado", _G + "avance": "avance", _G + "participante": "participantes", _G + "convoca": "convoca",
    _G + "trata": "acciones", _G + "memoria": "memoria", _G + "modalidad": "modalidad", _G + "encargado": "responsables",
    _G + "plazo": "plazo", "http://www.w3.org/ns/prov#wasGeneratedBy": "reunión",
    _O + "classification": "tipo", _O + "subOrganizationOf": "depende de", _S + "broader": "tema padre",
    _S + "notation": "código", _E + "type_document": "tipo", _E + "date_document": "fecha",
    _E + "number": "número", _E + "is_part_of": "instrumento",
}
# Lo que no es un dato de la entidad sino su forma en RDF (tipos, esquema, id, el tipo ORG de la institución).
_FORMA = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", _S + "inScheme", _D + "identifier", _S + "topConceptOf"}

Entidades = dict[str, dict[str, set[str]]]


def _clase_e_id(iri: str) -> tuple[str, str]:
    clase, _, ident = iri.removeprefix(ID).partition("/")
    return clase, unquote(ident)


def _valor(valor: str, es_iri: bool) -> str:
    """Un IRI de los datos como su id (`…/institucion/IGM` → IGM); un booleano en palabras; un literal, tal cual."""
    if es_iri and valor.startswith(ID):
        return _clase_e_id(valor)[1]
    return si_no(valor == "true") if valor in ("true", "false") else valor


def entidades(tripletas: pd.DataFrame) -> Entidades:
    """Entidad (IRI) → campo → valores, sin lo que es solo la forma RDF; solo las clases de `CLASES`."""
    resultado: Entidades = {}
    filas = registros(tripletas)
    # Un artículo se dice con su número («4 bis»), no con el id de su IRI.
    numeros = {f["sujeto"]: str(f["valor"]) for f in filas
               if f["propiedad"] == _E + "number" and _clase_e_id(f["sujeto"])[0] == "articulo"}
    for f in filas:
        clase, _ = _clase_e_id(f["sujeto"])
        if clase not in CLASES or f["propiedad"] in _FORMA:
            continue
        campo = CAMPOS.get(f["propiedad"], f["propiedad"])
        valor = f["valor"] if isinstance(f["valor"], str) else str(f["valor"]).lower()
        texto = numeros.get(valor) or _valor(valor, bool(f["es_iri"]))
        texto = en_palabras(texto) if campo in ("estado", "modalidad") else texto
        resultado.setdefault(f["sujeto"], {}).setdefault(campo, set()).add(texto)
    return resultado


def _texto(valores: set[str]) -> str:
    return ", ".join(sorted(valores)) if valores else "—"



def _resumen(campos: dict[str, set[str]]) -> str:
    for campo in ("nombre", "título", "descripción"):
        if campo in campos:
            return _texto(campos[campo])
    return ""


def _cambios(antes: Entidades, despues: Entidades) -> tuple[list[dict[str, str]], ...]:
    agregadas, quitadas, cambiadas = [], [], []
    for iri in sorted(set(antes) | set(despues)):
        clase, ident = _clase_e_id(iri)
        base = {"Clase": CLASES[clase], "Id": ident}
        if iri not in antes:
            agregadas.append(base | {"Qué es": _resumen(despues[iri])})
        elif iri not in despues:
            quitadas.append(base | {"Qué era": _resumen(antes[iri])})
        else:
            for campo in sorted(set(antes[iri]) | set(despues[iri])):
                a, d = antes[iri].get(campo, set()), despues[iri].get(campo, set())
                if a == d:
                    continue
                if len(a) <= 1 and len(d) <= 1:
                    cambio = f"de «{_texto(a)}» a «{_texto(d)}»"
                else:
                    partes = [f"se agregó {_texto(d - a)}" if d - a else "", f"se quitó {_texto(a - d)}" if a - d else ""]
                    cambio = "; ".join(p for p in partes if p)
                cambiadas.append(base | {"Campo": campo, "Cambio": cambio})
    return agregadas, quitadas, cambiadas


def _responsabilidades(antes: Entidades, despues: Entidades) -> list[dict[str, str]]:
    filas = []
    for iri in sorted(set(antes) | set(despues)):
        clase, accion = _clase_e_id(iri)
        if clase != "accion":
            continue
        a = antes.get(iri, {}).get("responsables", set())
        d = despues.get(iri, {}).get("responsables", set())
        filas += [{"Institución": i, "Acción": accion, "Cambio": "ganó la responsabilidad"} for i in sorted(d - a)]
        filas += [{"Institución": i, "Acción": accion, "Cambio": "perdió la responsabilidad"} for i in sorted(a - d)]
    return sorted(filas, key=lambda f: (f["Institución"], f["Acción"]))


def _filas_de(tabla: pd.DataFrame, clave: int) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Cada fila por su clave (sus primeras `clave` columnas) → el resto."""
    if "motivo" in tabla.columns:  # de acciones-sin-mandato, en palabras: una tarea de datos no se lee como brecha
        tabla = tabla.assign(motivo=tabla["motivo"].map(lambda m: MOTIVO_EN_PALABRAS.get(m, m)))
    filas = [tuple(", ".join(v) if isinstance(v, list) else str(v) for v in fila)
             for fila in tabla.itertuples(index=False, name=None)]
    return {f[:clave]: f[clave:] for f in filas}


_QUE = {"acciones-sin-responsable": "Acción sin responsable", "acciones-sin-mandato": "Responsable sin mandato",
        "mandatos-sin-accion": "Mandato que ninguna acción usa", "instituciones-sin-accion": "Institución sin acción",
        "temas-con-varios-mandatos": "Tema con mandatos de varias instituciones",
        "acciones-con-varios-responsables": "Acción con varios responsables"}


# Lo que identifica una fila de cada consulta: la acción, el par (acción, institución), el tema…
_CLAVE = {"acciones-sin-mandato": 2}


def _diferencias(antes: Mapping[str, pd.DataFrame], despues: Mapping[str, pd.DataFrame], consultas: tuple[str, ...],
                 nuevo: str, viejo: str) -> list[dict[str, str]]:
    """Filas que aparecen (`nuevo`), desaparecen (`viejo`) o siguen con otras instituciones (cambió)."""
    filas = []
    for consulta in consultas:
        clave = _CLAVE.get(consulta, 1)
        a, d = _filas_de(antes[consulta], clave), _filas_de(despues[consulta], clave)
        for k in sorted(set(a) | set(d)):
            donde = " · ".join(k)
            if k not in a:
                filas.append({"Qué": _QUE[consulta], "Dónde": " · ".join((*k, *d[k])), "Cambio": nuevo})
            elif k not in d:
                filas.append({"Qué": _QUE[consulta], "Dónde": " · ".join((*k, *a[k])), "Cambio": viejo})
            elif a[k] != d[k]:
                filas.append({"Qué": _QUE[consulta], "Dónde": donde,
                              "Cambio": f"cambió: de {' · '.join(a[k])} a {' · '.join(d[k])}"})
    return filas


def armar_comparacion(antes: Mapping[str, pd.DataFrame], despues: Mapping[str, pd.DataFrame], *, nombre_antes: str,
                      nombre_despues: str, version_antes: str, version_despues: str, fecha: str) -> Informe:
    """El informe de lo que cambió de `antes` a `despues` (las tablas de `CONSULTAS_COMPARAR` de cada grafo)."""
    e_antes, e_despues = entidades(antes["tripletas-de-datos"]), entidades(despues["tripletas-de-datos"])
    agregadas, quitadas, cambiadas = _cambios(e_antes, e_despues)
    brechas = _diferencias(antes, despues, tuple(_QUE)[:4], "se abrió", "se cerró")
    traslapes = _diferencias(antes, despues, tuple(_QUE)[4:], "apareció", "se resolvió")
    secciones = (
        Seccion("Entidades agregadas", "Lo que está en la versión nueva y no en la anterior.",
                tabla(agregadas, ["Clase", "Id", "Qué es"]), unidad="entidades"),
        Seccion("Entidades quitadas", "Lo que estaba en la versión anterior y ya no está.",
                tabla(quitadas, ["Clase", "Id", "Qué era"]), unidad="entidades"),
        Seccion("Entidades cambiadas", "Cada campo que cambió, de qué a qué (o qué valores se agregaron o quitaron).",
                tabla(cambiadas, ["Clase", "Id", "Campo", "Cambio"]), unidad="cambios"),
        Seccion("Responsabilidades ganadas o perdidas", "Instituciones que pasaron a ser, o dejaron de ser, "
                "responsables de una acción.", tabla(_responsabilidades(e_antes, e_despues),
                                                      ["Institución", "Acción", "Cambio"]), unidad="cambios"),
        Seccion("Brechas abiertas o cerradas", "Filas de las consultas de brechas que aparecen o desaparecen.",
                tabla(brechas, ["Qué", "Dónde", "Cambio"]), unidad="brechas"),
        Seccion("Traslapes aparecidos o resueltos", "Filas de las consultas de traslapes que aparecen o desaparecen.",
                tabla(traslapes, ["Qué", "Dónde", "Cambio"]), unidad="traslapes"),
    )
    total = sum(s.total for s in secciones[:3])
    resumen = (f"{cuantos(len(agregadas), 'entidad agregada', 'entidades agregadas')}, "
               f"{cuantos(len(quitadas), 'quitada')} y {cuantos(len(cambiadas), 'cambio de campo', 'cambios de campo')}.")
    introduccion = (f"De {nombre_antes} (datos versión {version_antes}) a {nombre_despues} (datos versión "
                    f"{version_despues}): " + (resumen if total else "nada cambió."))
    return Informe(f"Qué cambió: {nombre_antes} → {nombre_despues}", introduccion, version_despues, fecha, secciones)
