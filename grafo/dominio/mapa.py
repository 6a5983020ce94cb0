"""El modelo del mapa de vínculos: de las tablas de las consultas a una red networkx con atributos tipados.

`armar_red` es pura (DataFrames → networkx); la disposición está en `dominio.disposicion` y la
página HTML en `formatos.pagina`, así una imagen estática o una presentación usan la misma red.
Cada nodo lleva los atributos de `nodos.Nodo` y cada arista los de `Arista`; una brecha o un traslape
son marcas (`brecha`, `sin_mandato`), no frases que otro módulo tenga que leer.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence
from typing import TypedDict

import networkx as nx

from grafo import evidencia
from grafo.dominio import analisis, vinculos
from grafo.dominio.citas import articulo as _articulo, con_grado, linea_fuente
from grafo.dominio.nodos import Indice, nodo_accion, nodo_id, nodo_institucion, nodo_mandato, nodo_tema
from grafo.dominio.tablas import Tablas, registros
from grafo.errores import ConsultaInvalida, opcion
from grafo.texto import cuantos


VISTAS = ("instituciones", "mandatos", "acciones", "completa", "reuniones")
NOMBRES_VISTA = {"instituciones": "Instituciones y sus vínculos", "mandatos": "Instituciones, mandatos y temas",
                 "acciones": "Acciones y sus instituciones", "completa": "Vista completa",
                 "reuniones": "Reuniones: quién se reunió sobre qué acciones"}
# `fundamentos` da cada mandato con sus acciones: la cobertura la calcula SPARQL, no el mapa.
CONSULTAS_MAPA = ("instituciones", "acciones", "fundamentos", "mandatos-por-tema", "temas", "ejes",
                  "vinculos-entre", "acciones-sin-responsable", "acciones-sin-mandato", "temas-con-varios-mandatos",
                  "resumen-tipos", "reuniones", "alineaciones")
# Qué dice el color: la clase de nodo, el tipo de institución, su comunidad, el eje de la política o el objetivo
# del Pacto Mundial para la Migración con que está alineada (tabla alineaciones).
COLOREOS = ("clase", "tipo", "comunidad", "eje", "pmm")
# La consulta de aristas entre instituciones es cuadrática; solo la vista de instituciones la usa.
SOLO_INSTITUCIONES = ("vinculos-entre",)
# Por encima de este número de nodos la página avisa y sugiere la vista de foco (ver README).
NODOS_COMODOS = 1500
# Pasos alrededor del foco si no se piden: hasta lo que la vista muestra (en la de mandatos,
# institución → mandato → tema son dos).
PROFUNDIDAD = {"instituciones": 1, "mandatos": 2, "acciones": 1, "completa": 2, "reuniones": 2}


def consultas_de(vista: str) -> tuple[str, ...]:
    """Las consultas que necesita una vista (las demás no se ejecutan)."""
    return tuple(n for n in CONSULTAS_MAPA if (vista == "instituciones" or n not in SOLO_INSTITUCIONES)
                 and (vista == "reuniones" or n != "reuniones"))


# Las listas del panel del mapa: brechas de coordinación, tareas de datos y traslapes (cada una, texto y nodo).
LISTAS_PANEL = ("brechas", "tareas", "traslapes")


class Arista(TypedDict):
    """Los atributos de una arista de la red del mapa."""

    tipo: str  # responsable, vinculada, asignado, cubre, trata, amplio o vinculo
    detalle: str  # el texto del globo
    peso: int
    sin_mandato: bool  # responsable sin mandato sobre los temas de la acción (brecha de coordinación)
    como: str  # cómo se sabe: declarado, inferido o propuesto (grafo.evidencia.COMO)


@dataclass(frozen=True)
class Filtro:
    """Lo que el usuario pidió ver: vista, foco y recortes por eje, tema y periodo."""

    vista: str = "instituciones"
    foco: str | None = None
    profundidad: int | None = None  # None: la de PROFUNDIDAD para la vista
    eje: str | None = None
    tema: str | None = None
    periodo: str | None = None
    color: str | None = None  # uno de COLOREOS; None: el tipo en la vista de instituciones, la clase en las demás
    desde: str | None = None  # en la vista de reuniones: solo las de estas fechas (AAAA-MM-DD, inclusive)
    hasta: str | None = None

    @property
    def coloreo(self) -> str:
        """Qué dice el color en este mapa."""
        return self.color or ("tipo" if self.vista == "instituciones" else "clase")

    @property
    def pasos(self) -> int:
        """Cuántos pasos alrededor del foco: los pedidos o los de la vista."""
        return self.profundidad if self.profundidad is not None else PROFUNDIDAD[self.vista]

    def recortes(self) -> list[str]:
        """Los recortes pedidos, en palabras («eje EJE-1», «foco IGM (profundidad 2)»)."""
        return [t for t in (*self.recortes_de_acciones(),
                            f"foco {self.foco} (profundidad {self.pasos})" if self.foco else "") if t]

    def recortes_de_acciones(self) -> list[str]:
        """Los recortes que filtran acciones (eje, tema y periodo) o reuniones (fechas)."""
        return [t for t in (f"eje {self.eje}" if self.eje else "", f"tema {self.tema}" if self.tema else "",
                            f"periodo {self.periodo}" if self.periodo else "",
                            f"reuniones desde {self.desde}" if self.desde else "",
                            f"reuniones hasta {self.hasta}" if self.hasta else "") if t]


@dataclass(frozen=True)
class Pie:
    """Lo que el mapa dice de dónde viene: versión de los datos, fecha y fuentes."""

    version_datos: str
    fecha: str
    fuentes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Enlace:
    """Otro mapa escrito junto a este (una parte para la sala, o el mapa entero de una parte): título, archivo y
    cuántos nodos tiene."""

    titulo: str
    archivo: str
    nodos: int


@dataclass(frozen=True)
class Mapa:
    """Un mapa listo para dibujar: la red, sus posiciones, lo pedido y su procedencia."""

    red: nx.Graph
    posiciones: dict[str, tuple[int, int]]
    filtro: Filtro
    pie: Pie
    ejes: tuple[tuple[str, str], ...] = ()
    temas: tuple[tuple[str, str], ...] = ()
    partes: tuple[Enlace, ...] = ()  # las partes para la sala de un mapa denso (`dominio.sala`)
    entero: Enlace | None = None  # en una parte: el mapa entero del que sale
    parte: str = ""  # en una parte: cuál es («tema Derechos humanos y protección»)
    fuera_de_partes: tuple[str, ...] = ()  # en un mapa partido: las instituciones que ninguna parte muestra
    PREDETERMINADO = "html"
    SOBRE_EXTENSIONES = SOBRE_FORMATOS = (
        "El mapa se escribe como página interactiva (.html), como imagen (.png, .svg o .pdf) o como red para Gephi "
        f"o Cytoscape (.gexf, .graphml): cambie la extensión de {opcion('salida')}.")

    def aviso(self, salida: Path, formato: str) -> str:
        lineas = []
        if len(self.red) > NODOS_COMODOS:
            lineas.append(f"Aviso: {len(self.red)} nodos; más de {NODOS_COMODOS} se mueven con lentitud. "
                          f"Pruebe {opcion('foco')} ID o los recortes {opcion('eje')}, {opcion('tema')}, {opcion('periodo')}.")
        if self.red.graph.get("muestra"):
            lineas.append(f"Aviso: {self.red.graph['muestra']}.")
        lineas.append(f"Mapa escrito en {salida} ({cuantos(len(self.red), 'nodo')}, "
                      f"{cuantos(self.red.number_of_edges(), 'vínculo')}).")
        return "\n".join(lineas)


def subtitulo(red: nx.Graph, filtro: Filtro) -> str:
    """Los recortes pedidos y, en el mapa de una parte de una red grande, qué parte muestra (`red.graph["muestra"]`)."""
    return " · ".join([*filtro.recortes(), *([red.graph["muestra"]] if red.graph.get("muestra") else [])])


def _arista(red: nx.Graph, a: str, b: str, tipo: str, detalle: str, peso: int = 1, *, sin_mandato: bool = False,
            como: str = "declarado") -> None:
    red.add_edge(a, b, **Arista(tipo=tipo, detalle=detalle, peso=peso, sin_mandato=sin_mandato, como=como))


def _vista_acciones(red: nx.Graph, ind: Indice) -> None:
    """Las acciones y sus aristas de responsable y vinculada (una por par: la de su papel, `vinculos.papel_de`)."""
    for k in sorted(ind.acciones):
        red.add_node(nodo_id("accion", k), **nodo_accion(ind, k))
        for v in vinculos.papel_de([ind.acciones[k]]).values():
            motivo = ind.r_sin_mandato.get((k, v.hacia), "") if v.relacion == "responsable" else ""
            falta = evidencia.es_brecha(motivo)
            nota = (" (sin mandato sobre sus temas)" if falta
                    else f" ({evidencia.MOTIVO_EN_PALABRAS[motivo]}: tarea de datos)" if motivo else "")
            _arista(red, nodo_id("institucion", v.hacia), nodo_id("accion", k), v.relacion,
                    v.frase + nota + "\n" + linea_fuente(ind.acciones[k]), sin_mandato=falta, como=v.como)


def _vista_mandatos(red: nx.Graph, ind: Indice, *, completa: bool) -> None:
    """Los mandatos, los temas que nombran (con sus temas más amplios) y, en la completa, los de las acciones."""
    for m in sorted(ind.mandatos.values(), key=lambda m: m["mandato"]):
        red.add_node(nodo_id("mandato", m["mandato"]), **nodo_mandato(ind, m))
        _arista(red, nodo_id("institucion", m["institucion"]), nodo_id("mandato", m["mandato"]), "asignado",
                con_grado(f"{m['institucion']}: {m['mandato']} ({m['instrumento']}, {_articulo(m)})", m))
    usados = {t for m in ind.mandatos.values() for t in m["temas"]}
    if completa:
        usados |= {t for a in ind.acciones.values() for t in a["temas"]}
    usados = {x for t in usados for x in ind.ancestros(t)}
    for t in sorted(usados):
        red.add_node(nodo_id("tema", t), **nodo_tema(ind, t))
    for t in sorted(usados):
        padre = ind.temas[t]["tema_padre"]
        if padre in usados:
            _arista(red, nodo_id("tema", t), nodo_id("tema", padre), "amplio", f"{padre} es más amplio que {t}")
    for v in vinculos.de_filas(ind.mandatos.values(), clave="mandato", relaciones=("cubre",)):
        _arista(red, nodo_id("mandato", v.desde), nodo_id("tema", v.hacia), v.relacion,
                con_grado(v.frase, ind.mandatos[v.desde]))
    if completa:
        for v in vinculos.de_filas(ind.acciones.values(), clave="accion", relaciones=("trata",)):
            _arista(red, nodo_id("accion", v.desde), nodo_id("tema", v.hacia), v.relacion,
                    v.frase + "\n" + linea_fuente(ind.acciones[v.desde]), como=v.como)


def _vista_instituciones(red: nx.Graph, ind: Indice, *, medida: bool = True) -> None:
    """La misma red que mide `grafo analizar`, con los recortes del mapa, y sus medidas en cada institución (sin
    `medida`, una parte de una red grande: sus medidas serían las de la parte, no las de la red)."""
    filtro = ind.filtro

    def queda(m: analisis.Motivo) -> bool:
        if m.tipo == analisis.ACCION:
            return m.vinculo in ind.acciones
        return not filtro.tema or filtro.tema in ind.ancestros(m.vinculo)

    pares = analisis.pares(ind.tablas["vinculos-entre"], pasa=queda)
    for (o, d), motivos in pares.items():
        modos = [_como_se_sabe(ind, m) for m in motivos]
        texto = [(f"comparten la acción {con_grado(m.vinculo, ind.acciones[m.vinculo])}" if m.tipo == analisis.ACCION
                  else f"ambas con mandato sobre el tema {m.vinculo}") + f" ({como})" for m, como in zip(motivos, modos)]
        # La línea dice lo más firme que la une: una acción declarada, si no una propuesta, si no un tema inferido.
        como = next(c for c in ("declarado", "propuesto", "inferido") if c in modos)
        _arista(red, nodo_id("institucion", o), nodo_id("institucion", d), "vinculo",
                f"{o} – {d}: " + "; ".join(texto), len(motivos), como=como)
    # Sin recortes, se ven todas; con recortes, solo las que quedan unidas a algo.
    if filtro.eje or filtro.tema or filtro.periodo:
        red.remove_nodes_from([n for n in list(red) if red.degree(n) == 0])
    if medida:
        _marcar_analisis(red, analisis.analizar(analisis.armar([red.nodes[n]["ident"] for n in red], pares)))
    faltan: dict[str, list[str]] = {}
    for (k, j), motivo in sorted(ind.r_sin_mandato.items()):
        if k in ind.acciones and evidencia.es_brecha(motivo):
            faltan.setdefault(nodo_id("institucion", j), []).append(k)
    for i in red:
        if i in faltan:
            red.nodes[i]["brecha"] = "Responsable sin mandato sobre los temas de " + ", ".join(faltan[i])


def _como_se_sabe(ind: Indice, motivo: analisis.Motivo) -> str:
    """Una acción compartida se sabe como se sabe la acción; un tema en común lo infiere grafo."""
    if motivo.tipo == analisis.ACCION:
        return ind.acciones[motivo.vinculo]["como"] or "declarado"
    return "inferido"


def _marcar_analisis(red: nx.Graph, medido: analisis.Analisis) -> None:
    """Las medidas de `grafo analizar` en cada institución: tamaño por PageRank, texto y comunidad."""
    from grafo.dominio import posicion

    filas = registros(medido.medidas)
    por_id = {f["institucion"]: f for f in filas}
    tamano = Counter(medido.comunidades.values())
    con_varios = sorted((b for b, n in tamano.items() if n > 1), key=lambda b: (-tamano[b], b))
    for n in red:
        f = por_id[red.nodes[n]["ident"]]
        d = red.nodes[n]
        d["pagerank"] = f["pagerank"]
        # En palabras, como en la ficha: un decimal de PageRank no le dice nada a quien está en la sala.
        sigla = f["institucion"]
        d["titulo"] += (f"\nEn la red: {cuantos(f['grado'], 'institución vecina', 'instituciones vecinas')}; "
                        f"{posicion.conexion(filas, sigla)}; {posicion.comunidad(filas, sigla)}"
                        + ("; punto de articulación (sin ella la red se parte)" if f["articulacion"] else ""))
        d["comunidad"] = f["comunidad"]
    # Bloque → su lugar en la paleta (del más grande al más chico): los colores no cambian con el foco.
    red.graph["bloques"] = {b: k for k, b in enumerate(con_varios)}
    red.graph["tamano_por"] = "pagerank"


def _listas_panel(red: nx.Graph, ind: Indice) -> None:
    """Las listas del panel: todas las brechas y traslapes de lo que quedó tras los recortes."""
    def destino(*candidatos: str) -> str | None:
        return next((c for c in candidatos if c in red), None)

    tema = ind.filtro.tema
    brechas, tareas = [], []
    for k in sorted(ind.sin_lider):
        motivo = "sin responsable" if k in ind.sin_responsable else "sin líder mandatado"
        lista = tareas if k in ind.por_datos else brechas
        lista.append({"texto": f"Acción {k}: {motivo}" + (" en los datos (mandatos sin cargar)" if lista is tareas else ""),
                      "nodo": destino(nodo_id("accion", k), *(nodo_id("institucion", i)
                                                             for i in ind.acciones[k]["responsables"]))})
    for m in sorted(ind.mandatos.values(), key=lambda m: m["mandato"]):
        if not tema and not ind.cubiertas(m):
            brechas.append({"texto": f"Mandato {m['mandato']} ({m['institucion']}): ninguna acción de los datos lo usa",
                            "nodo": destino(nodo_id("mandato", m["mandato"]), nodo_id("institucion", m["institucion"]))})
    red.graph["brechas"], red.graph["tareas"] = brechas, tareas
    red.graph["traslapes"] = [
        {"texto": f"Tema {t}: {', '.join(quienes)}",
         "nodo": destino(nodo_id("tema", t), *(nodo_id("institucion", i) for i in quienes))}
        for t, quienes in sorted(ind.traslapes.items()) if not tema or tema in ind.ancestros(t)]


def _enfocar(red: nx.Graph, filtro: Filtro) -> nx.Graph:
    """El vecindario del foco hasta la profundidad pedida, con las listas del panel recortadas a él."""
    centro = nodo_id("institucion", filtro.foco or "")
    if centro not in red:
        centro = next((n for n, d in red.nodes(data=True) if d["ident"] == filtro.foco), centro)
    if centro not in red:
        # Solo pasa si un recorte (o la vista de reuniones) la dejó fuera: un mapa sin el foco pedido engañaría.
        if filtro.vista == "reuniones":
            fechas = " y ".join(t for t in filtro.recortes_de_acciones() if t)
            raise ConsultaInvalida(
                f"{opcion('foco')} {filtro.foco}: {filtro.foco} no participó ni convocó ninguna reunión"
                + (f" ({fechas})" if fechas else "") + ". Cómo corregirlo: elija otra institución o cambie las fechas.")
        raise ConsultaInvalida(
            f"{opcion('foco')} {filtro.foco}: con {' y '.join(filtro.recortes_de_acciones())}, {filtro.foco} no queda en el "
            "mapa (no tiene acciones ni vínculos en ese recorte). Cómo corregirlo: quite o cambie el recorte, o "
            "elija otra institución.")
    listas = dict(red.graph)
    vecindario = nx.Graph(nx.ego_graph(red, centro, radius=filtro.pasos))
    vecindario.graph.update({k: [c for c in listas[k] if c["nodo"] in vecindario] for k in LISTAS_PANEL})
    presentes = {d.get("comunidad") for _, d in vecindario.nodes(data=True)}
    vecindario.graph["bloques"] = {b: k for b, k in listas.get("bloques", {}).items() if b in presentes}
    vecindario.graph["tamano_por"] = listas.get("tamano_por", "grado")
    vecindario.nodes[centro]["foco"] = True
    return vecindario


def armar_red(tablas: Tablas, filtro: Filtro, *, medida: bool = True) -> nx.Graph:
    """La red de la vista pedida, con los atributos de `nodos.Nodo` y `Arista` que la página y las imágenes usan.

    `medida=False`: las tablas son de una parte de una red grande (`productos.vecindario`): el tamaño es el grado en
    el mapa, sin PageRank ni comunidades, que serían los de la parte.
    """
    from grafo.dominio.grupos import agrupar
    from grafo.dominio.nodos import distinguir

    ind = Indice(tablas, filtro)
    red = nx.Graph()
    for i in sorted(ind.instituciones):
        red.add_node(nodo_id("institucion", i), **nodo_institucion(ind, i))
    if filtro.vista in ("acciones", "completa"):
        _vista_acciones(red, ind)
    if filtro.vista in ("mandatos", "completa"):
        _vista_mandatos(red, ind, completa=filtro.vista == "completa")
    if filtro.vista == "instituciones":
        _vista_instituciones(red, ind, medida=medida)
    if filtro.vista == "reuniones":
        from grafo.dominio.capa_reuniones import agregar_reuniones

        agregar_reuniones(red, ind, _arista)
    if filtro.vista == "acciones" and (filtro.eje or filtro.tema or filtro.periodo):
        red.remove_nodes_from([n for n, d in red.nodes(data=True) if d["clase"] == "institucion" and red.degree(n) == 0])
    if len(red) == 0 and filtro.recortes_de_acciones():  # un grafo vacío da un mapa vacío; un recorte, no
        raise ConsultaInvalida(_vacio(ind))
    _listas_panel(red, ind)
    if filtro.foco:
        red = _enfocar(red, filtro)
    agrupar(red, ind)
    distinguir(red)
    medir(red)
    return red


def _vacio(ind: Indice) -> str:
    """Qué recorte vació el mapa: cuántas acciones deja cada uno por sí solo."""
    if ind.filtro.vista == "reuniones":
        return (f"El mapa quedaría vacío: ninguna reunión ({' y '.join(ind.filtro.recortes_de_acciones())}) "
                "trató una acción que pase los recortes. No se escribió nada. Cómo corregirlo: quite o cambie el "
                "recorte, o las fechas.")
    solos = []
    for campo in ("eje", "tema", "periodo"):
        if getattr(ind.filtro, campo):
            uno = Indice(ind.tablas, Filtro(vista=ind.filtro.vista, **{campo: getattr(ind.filtro, campo)}))
            solos.append(f"solo con --{campo} {getattr(ind.filtro, campo)} quedan {len(uno.acciones)} acciones")
    if not solos:
        return f"El mapa quedaría vacío: la vista {ind.filtro.vista} no tiene nada que dibujar. No se escribió nada."
    return (f"El mapa quedaría vacío: ninguna acción cumple {' y '.join(ind.filtro.recortes_de_acciones())} "
            f"({'; '.join(solos)}). No se escribió nada. Cómo corregirlo: quite o cambie el recorte que deja 0.")


def medir(red: nx.Graph) -> None:
    """Tamaño de cada nodo: por PageRank si la red de coordinación se midió (vista de instituciones), si no por grado."""
    if red.graph.get("tamano_por") == "pagerank":
        centralidad = {n: float(d["pagerank"]) for n, d in red.nodes(data=True)}
    else:
        centralidad = nx.degree_centrality(red) if len(red) > 1 else {n: 0.0 for n in red}
    maximo = max(centralidad.values(), default=0.0) or 1.0
    for n, valor in centralidad.items():
        red.nodes[n]["centralidad"] = round(valor, 4)
        red.nodes[n]["tamano"] = round(10 + 22 * math.sqrt(valor / maximo), 1)


def vecindario(red: nx.Graph, idents: Sequence[str], *, pasos: int = 1) -> nx.Graph:
    """La parte de la red a `pasos` de alguno de los nodos con esos ids (p. ej. las instituciones de una reunión)."""
    centros = [n for n, d in red.nodes(data=True) if d["ident"] in idents]
    dentro = set().union(*(nx.single_source_shortest_path_length(red, c, cutoff=pasos) for c in centros))
    parte = nx.Graph(red.subgraph(sorted(dentro)))
    parte.graph.update({k: v for k, v in red.graph.items() if k not in LISTAS_PANEL})
    medir(parte)
    return parte
