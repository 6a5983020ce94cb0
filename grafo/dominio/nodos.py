"""Los nodos del mapa: las tablas indexadas una vez y los atributos de cada clase de nodo (puro)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from grafo import evidencia
from grafo.marcos import MARCOS
from grafo.dominio.citas import NV, con_grado, es_vacio, linea_fuente, sin_verificar
from grafo.evidencia import CARGA_EN_PALABRAS
from grafo.dominio.citas import articulo as _articulo
from grafo.dominio import vinculos
from grafo.dominio.tablas import Tablas, ancestros, anios, en_periodo, registros
from grafo.texto import partir, titulo_corto

if TYPE_CHECKING:
    from grafo.dominio.mapa import Filtro

# Caracteres por línea de una etiqueta de dos líneas (unos 170 px con la letra de 14 px del mapa).
ANCHO_ETIQUETA = 22


class Nodo(TypedDict, total=False):
    """Los atributos de un nodo de la red del mapa."""

    clase: str  # institucion, accion, mandato o tema
    ident: str
    etiqueta: str
    nombre: str
    tipo: str  # tipo de institución; vacío en las demás clases
    titulo: str  # el texto completo del globo
    ejes: list[str]
    periodos: list[str]
    temas: list[str]  # los temas que toca, con sus temas más amplios
    eje_principal: str  # el eje de la mayoría de sus acciones (empates: el de id menor); vacío si ninguna tiene
    pmm_principal: str  # el objetivo del Pacto con que se alinean más de sus acciones (empates: el menor); o vacío
    grupo: str  # su grupo de color (tipo, comunidad o eje), si el color del mapa lo agrupa
    brecha: str  # por qué es una brecha de coordinación; vacío si no lo es
    tarea: str  # la tarea de datos que la toca (mandatos sin cargar); vacío si ninguna
    traslape: str
    pagerank: float
    comunidad: str
    foco: bool
    centralidad: float
    tamano: float


def nodo_id(clase: str, ident: str) -> str:
    """El id de un nodo en la red: clase e id de los datos (`institucion:IGM`)."""
    return f"{clase}:{ident}"


class Indice:
    """Las tablas del mapa indexadas una vez, con las acciones que quedan tras los recortes."""

    def __init__(self, tablas: Tablas, filtro: Filtro) -> None:
        self.tablas, self.filtro = tablas, filtro
        self.instituciones = {f["institucion"]: f for f in registros(tablas["instituciones"])}
        self.mandatos = {f["mandato"]: f for f in registros(tablas["fundamentos"])}
        self.temas = {f["tema"]: f for f in registros(tablas["temas"])}
        self.padre_de = {k: f["tema_padre"] for k, f in self.temas.items()}
        self.ejes = {f["eje"]: f["nombre"] for f in registros(tablas["ejes"])}
        self.nombre_tipo = {f["tipo"]: f["nombre"] for f in registros(tablas["resumen-tipos"])}
        self.acciones = {f["accion"]: f for f in registros(tablas["acciones"]) if self._pasa(f)}
        # Los objetivos del Pacto de cada acción (tabla alineaciones), en su orden, con cómo se sabe cada uno.
        self.pmm_de: dict[str, list[tuple[str, str]]] = {}
        self.pmm_de_mandato: dict[str, list[tuple[str, str]]] = {}
        for f in registros(tablas["alineaciones"]):
            if f["marco"] == "pmm":
                de = self.pmm_de if f["tipo"] == "accion" else self.pmm_de_mandato
                de.setdefault(f["elemento"], []).append((f["objetivo"], f["como"]))
        # Los objetivos que alcanza alguna acción por una alineación declarada: los demás, «solo propuestas» (como la
        # columna `cobertura` de cobertura-pmm, que mira las acciones).
        self.pmm_declarados = {o for lista in self.pmm_de.values() for o, como in lista if como != "propuesto"}
        for k, a in self.acciones.items():  # lo que `_atributos` cuenta para el color por objetivo
            a["pmm"] = [o for o, _ in self.pmm_de.get(k, [])]
        self.cubre: dict[str, list[dict[str, Any]]] = {}
        for f in registros(tablas["mandatos-por-tema"]):
            self.cubre.setdefault(f["tema"], []).append(f)
        self.sin_responsable = set(tablas["acciones-sin-responsable"]["accion"])
        # (acción, responsable sin mandato sobre ella) → el motivo: una brecha, o una tarea de datos (grafo.evidencia).
        self.r_sin_mandato = {(f["accion"], f["institucion"]): f["motivo"] for f in registros(tablas["acciones-sin-mandato"])}
        self.traslapes = {f["tema"]: f["instituciones"] for f in registros(tablas["temas-con-varios-mandatos"])}
        # Una acción tiene líder mandatado si algún responsable tiene mandato sobre alguno de sus temas.
        self.sin_lider = {k for k, a in self.acciones.items()
                          if not any(a["temas"] and (k, r) not in self.r_sin_mandato for r in a["responsables"])}
        # Sin líder mandatado porque los mandatos de algún responsable no están (todos) en los datos: no es una brecha.
        self.por_datos = {k for k in self.sin_lider if any(
            not evidencia.es_brecha(self.r_sin_mandato.get((k, r), evidencia.BRECHA)) for r in self.acciones[k]["responsables"])}
        self.por_institucion: dict[str, list[dict[str, Any]]] = {}
        for m in self.mandatos.values():
            self.por_institucion.setdefault(m["institucion"], []).append(m)
        # Índices para no recorrer todas las acciones por cada institución o tema (a escala, cuadrático).
        self.papeles_de: dict[str, list[tuple[str, str]]] = {}
        self.acciones_de_tema: dict[str, list[dict[str, Any]]] = {}
        for (k, i), v in vinculos.papel_de(self.acciones[k] for k in sorted(self.acciones)).items():
            self.papeles_de.setdefault(i, []).append((k, v.relacion))
        for k in sorted(self.acciones):
            for tema in self.acciones[k]["temas"]:
                self.acciones_de_tema.setdefault(tema, []).append(self.acciones[k])

    def ancestros(self, tema: str) -> list[str]:
        return ancestros(tema, self.padre_de)

    def _pasa(self, a: dict[str, Any]) -> bool:
        f = self.filtro
        if f.eje and a["eje"] != f.eje:
            return False
        if f.periodo and not en_periodo(a["periodo"], f.periodo):
            return False
        return not f.tema or any(f.tema in self.ancestros(t) for t in a["temas"])

    def fundamenta(self, m: dict[str, Any]) -> list[str]:
        """Las acciones que el mandato fundamenta, entre las que quedan tras los recortes."""
        return [k for k in m["acciones"] if k in self.acciones]

    def cubiertas(self, m: dict[str, Any]) -> list[str]:
        """Las que fundamenta y las que podría respaldar: un mandato sin ninguna es uno que ninguna acción usa."""
        return [k for k in (*m["acciones"], *m["acciones_posibles"]) if k in self.acciones]

    def temas_de(self, temas: Iterable[str]) -> list[str]:
        """Los temas con todos sus temas más amplios, ordenados."""
        return sorted({x for t in temas for x in self.ancestros(t)})


def _atributos(clase: str, ident: str, nombre: str, titulo: list[str], *, acciones: Iterable[dict[str, Any]],
               temas: list[str], etiqueta: str = "", tipo: str = "", brecha: str = "", traslape: str = "",
               tarea: str = "", pmm: Iterable[str] = ()) -> Nodo:
    acciones = list(acciones)
    cuantas = Counter(a["eje"] for a in acciones if a["eje"])
    # Sus propias alineaciones (un mandato alineado) mandan; si no tiene, las de sus acciones.
    objetivos = Counter(pmm) or Counter(o for a in acciones for o in a.get("pmm", ()))
    return Nodo(clase=clase, ident=ident, etiqueta=etiqueta or ident, nombre=nombre, tipo=tipo, titulo="\n".join(titulo),
                ejes=sorted(cuantas), eje_principal=min(cuantas, key=lambda e: (-cuantas[e], e), default=""),
                pmm_principal=min(objetivos, key=lambda o: (-objetivos[o], int(o)), default=""),
                periodos=sorted({p for a in acciones for p in anios(a["periodo"])}),
                temas=temas, brecha=brecha, traslape=traslape, tarea=tarea)


def nodo_institucion(ind: Indice, i: str) -> Nodo:
    """Una institución: tipo, de quién depende, sus mandatos y sus papeles en las acciones."""
    f = ind.instituciones[i]
    lineas = [f"{f['nombre']} ({i})",
              f"Tipo: {ind.nombre_tipo.get(f['tipo'], f['tipo'])}" + (f" · nivel {f['nivel']}" if f["nivel"] else "")]
    if f["depende_de"]:
        lineas.append(f"Depende de: {f['depende_de']}")
    propios = ind.por_institucion.get(i, [])
    lineas += [f"Mandato {m['mandato']}: " + con_grado(f"{m['titulo']} ({m['instrumento']}), {_articulo(m)}", m)
               for m in propios]
    lineas.append(f"Mandatos cargados en los datos: {CARGA_EN_PALABRAS[f['mandatos_cargados']]}")
    papeles = ind.papeles_de.get(i, [])
    if papeles:
        lineas.append("Acciones: " + ", ".join(f"{k} ({p})" for k, p in papeles))
    relacionados = {t for m in propios for t in m["temas"]} | {t for k, _ in papeles for t in ind.acciones[k]["temas"]}
    tarea = evidencia.tarea_de_datos(i, "mandatos_no_cargados") if f["mandatos_cargados"] == "ninguno" and papeles else ""
    if tarea:
        lineas.append(f"TAREA DE DATOS (no es una brecha): {tarea}")
    return _atributos("institucion", i, f["nombre"], lineas, acciones=(ind.acciones[k] for k, _ in papeles),
                      temas=ind.temas_de(relacionados), tipo=f["tipo"], tarea=tarea)


def nodo_accion(ind: Indice, k: str) -> Nodo:
    """Una acción: eje, periodo, responsables, vinculadas, temas y su brecha si la tiene."""
    a = ind.acciones[k]
    lineas = [f"Acción {k}: {a['descripcion']}",
              f"Eje: {a['eje'] or '—'}" + (f" ({ind.ejes.get(a['eje'], '')})" if a["eje"] else "")
              + f" · periodo {a['periodo'] or '—'}"
              + (" · ilustrativa: propuesta del proyecto, no un dato publicado" if a["ilustrativa"] else ""),
              linea_fuente(a),
              "Responsables: " + (", ".join(a["responsables"]) or "ninguno"),
              "Vinculadas: " + (", ".join(a["vinculadas"]) or "ninguna"),
              "Temas: " + (", ".join(a["temas"]) or "ninguno")]
    lineas += _lineas_pmm(ind.pmm_de.get(k, []))
    brecha = tarea = ""
    if k in ind.sin_responsable:
        brecha = "Acción sin responsable"
    elif k in ind.por_datos:
        faltan = [r for r in a["responsables"] if not evidencia.es_brecha(ind.r_sin_mandato.get((k, r), evidencia.BRECHA))]
        tarea = "Sin líder mandatado en los datos: " + "; ".join(
            evidencia.tarea_de_datos(r, ind.r_sin_mandato[k, r]) for r in faltan)
    elif k in ind.sin_lider:
        brecha = "Acción sin líder mandatado (ningún responsable tiene mandato sobre sus temas)"
    if brecha:
        lineas.append(f"BRECHA: {brecha}")
    if tarea:
        lineas.append(f"TAREA DE DATOS (no es una brecha): {tarea}")
    return _atributos("accion", k, a["descripcion"], lineas, acciones=[a], temas=ind.temas_de(a["temas"]),
                      etiqueta=titulo_corto(a["descripcion"]), brecha=brecha, tarea=tarea)


def _lineas_pmm(alineaciones: list[tuple[str, str]]) -> list[str]:
    """La línea del globo con los objetivos del Pacto de una acción o un mandato, y cómo se sabe cada alineación."""
    if not alineaciones:
        return []
    return ["Pacto Mundial para la Migración: " + "; ".join(
        f"objetivo {o} {MARCOS['pmm'].cortos.get(o, '')} ({'propuesta' if como == 'propuesto' else 'declarada'})"
        for o, como in alineaciones)]


def nodo_mandato(ind: Indice, m: dict[str, Any]) -> Nodo:
    """Un mandato: instrumento y artículo, texto, temas y las acciones que fundamenta."""
    usadas = ind.fundamenta(m)
    posibles = [k for k in m["acciones_posibles"] if k in ind.acciones]
    lineas = [f"Mandato {m['mandato']} de {m['institucion']}",
              con_grado(f"{m['titulo']} ({m['instrumento']}), {_articulo(m)}", m),
              m["descripcion"], "Temas: " + ", ".join(m["temas"]),
              "Fundamenta (inferido; acciones en que participa): " + (", ".join(usadas) or "ninguna acción"),
              "Podría respaldar (inferido; no participa): " + (", ".join(posibles) or "ninguna acción"),
              *_lineas_pmm(ind.pmm_de_mandato.get(m["mandato"], []))]
    return _atributos("mandato", m["mandato"], m["descripcion"], lineas, acciones=(ind.acciones[k] for k in usadas),
                      temas=ind.temas_de(m["temas"]), etiqueta=etiqueta_de_mandato(m),
                      brecha="" if ind.cubiertas(m) else "Mandato que ninguna acción de los datos usa",
                      pmm=[o for o, _ in ind.pmm_de_mandato.get(m["mandato"], [])])


def nodo_tema(ind: Indice, t: str) -> Nodo:
    """Un tema: su tema más amplio, quién tiene mandato sobre él y su traslape si lo tiene."""
    f = ind.temas[t]
    quienes = sorted({c["institucion"] for c in ind.cubre.get(t, [])})
    lineas = [f"Tema {t}: {f['nombre']}"]
    if f["tema_padre"]:
        lineas.append(f"Tema más amplio: {f['tema_padre']}")
    lineas.append("Instituciones con mandato: " + (", ".join(quienes) or "ninguna"))
    traslape = f"Varias instituciones con mandato: {', '.join(ind.traslapes[t])}" if t in ind.traslapes else ""
    if traslape:
        lineas.append(f"TRASLAPE: {traslape}")
    return _atributos("tema", t, f["nombre"], lineas, acciones=ind.acciones_de_tema.get(t, []), temas=ind.ancestros(t),
                      etiqueta=partir(f["nombre"], ancho=ANCHO_ETIQUETA, lineas=2), traslape=traslape)


def distinguir(red: Any) -> None:
    """Dos nodos con la misma etiqueta (dos mandatos del mismo manual sin artículo: «Manual Org. IGM») llevan su id
    delante: en la sala se nombran distinto."""
    por_etiqueta: dict[str, list[str]] = {}
    for n, d in sorted(red.nodes(data=True)):
        por_etiqueta.setdefault(d["etiqueta"], []).append(n)
    for n in (n for iguales in por_etiqueta.values() if len(iguales) > 1 for n in iguales):
        d = red.nodes[n]
        d["etiqueta"] = partir(f"{d['ident']} · " + d["etiqueta"].replace("\n", " "), ancho=ANCHO_ETIQUETA, lineas=2)


def etiqueta_de_mandato(m: dict[str, Any]) -> str:
    """«Cód. Migración art. 118»: el nombre corto del instrumento (o su id) y el artículo, con [NV] si hace falta."""
    nombre = m.get("corto") or m["instrumento"]
    if es_vacio(m.get("articulo")):  # sin número: el instrumento solo («Política Migratoria»), con [NV] si falta
        return partir(nombre + (f" {NV}" if sin_verificar(m) else ""), ancho=ANCHO_ETIQUETA, lineas=2)
    return partir(f"{nombre} {_articulo(m)}", ancho=ANCHO_ETIQUETA, lineas=2)
