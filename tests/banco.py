"""Banco de medidas (`make bench`): tiempo y memoria de grafo a tres escalas, frente a las alternativas.

Escalas: `datos/` (tamaño real), ×100 y ~1 millón de tripletas (paquetes de `grafo.paquete.sintetico`).
Por escala mide las órdenes tal como las corre un usuario (proceso nuevo: arranque incluido,
pico de memoria del proceso) y las consultas del contrato en tres motores sobre el mismo texto:
grafo (rdflib sobre Oxigraph, hasta el DataFrame), pyoxigraph crudo (el límite del motor) y el
almacén en memoria de rdflib (la elección habitual). Imprime medianas y razones y escribe JSON.

    python -m tests.banco [--escalas datos,x100,1m,mapa5000,red,razones,instituciones,explorador] [--repeticiones 5]
                          [--salida …]

La escala `red` mide `grafo analizar` en redes sintéticas de 50 a 800 instituciones: el tiempo de la
intermediación exacta frente a la estimada, que fija `analisis.TRABAJO_EXACTO`. La escala `razones`
mide las del issue 20 en la misma corrida (ver `tests/banco_razones.py`); la escala `explorador`, el servidor de
`grafo servir` (ver `tests/banco_explorador.py`).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
CONTRATO = ("acciones-sin-responsable", "acciones-sin-mandato", "mandatos-sin-accion", "instituciones-sin-accion",
            "temas-con-varios-mandatos", "acciones-con-varios-responsables")
MOTORES = ("grafo", "pyoxigraph", "rdflib")
LIMITE_RDFLIB = 60  # segundos por consulta en el almacén de memoria de rdflib; más se informa como «> 60 s»
LIMITE_VALIDAR = 600  # segundos de `grafo validar`; más se informa como «> 600 s»
METAS = {
    "construir_1m_s": 10.0, "construir_1m_mib": 1536.0, "razon_crudo": 1.5, "razon_rdflib": 10.0,
    "consultar_s": 0.6, "mapa_5000_s": 5.0,
}
GRAFO = str(Path(sys.executable).parent / "grafo")


# ---------------------------------------------------------------- trabajador (un motor, un proceso)

def _pico_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Agotado(Exception):
    pass


def _alarma(_senal: int, _marco: Any) -> None:
    raise _Agotado


def trabajar(motor: str, ttl: str, repeticiones: int) -> dict[str, Any]:
    """Carga el grafo escrito en un motor y mide cada consulta del contrato."""
    from grafo import consultas

    inicio = time.perf_counter()
    if motor == "grafo":
        from grafo import motores
        from grafo.rdf import almacen

        grafo = motores.local(almacen.cargar(ttl))
        correr = lambda c: consultas.ejecutar(grafo, c)  # noqa: E731
    elif motor == "pyoxigraph":
        import pyoxigraph as ox

        tienda = ox.Store()
        tienda.bulk_load(path=ttl, format=ox.RdfFormat.TURTLE)
        correr = lambda c: list(tienda.query(c.texto))  # noqa: E731
    else:
        from rdflib import Graph

        memoria = Graph()
        memoria.parse(ttl, format="turtle")
        correr = lambda c: list(memoria.query(c.texto))  # noqa: E731
    carga = time.perf_counter() - inicio
    resultado: dict[str, Any] = {"carga_s": carga, "consultas": {}}
    signal.signal(signal.SIGALRM, _alarma)
    for nombre in CONTRATO:
        consulta = consultas.cargar(nombre)
        tiempos: list[float] = []
        filas = 0
        for _ in range(repeticiones):
            signal.alarm(LIMITE_RDFLIB if motor == "rdflib" else 0)
            a = time.perf_counter()
            try:
                filas = len(correr(consulta))
            except _Agotado:
                tiempos = [float("inf")]
                break
            finally:
                signal.alarm(0)
            tiempos.append(time.perf_counter() - a)
            if motor == "rdflib" and tiempos[-1] > 5:
                break  # una medida lenta basta para la razón; repetirla alargaría el banco sin informar más
        resultado["consultas"][nombre] = {"mediana_s": statistics.median(tiempos), "filas": filas,
                                          "corridas": len(tiempos)}
    resultado["pico_mib"] = _pico_mib()
    return resultado


# ---------------------------------------------------------------- órdenes como las corre un usuario

def medir_orden(argumentos: list[str], repeticiones: int, *, limite: float = 1800,
                aceptados: tuple[int, ...] = (0, 1)) -> dict[str, Any]:
    """Mediana del tiempo de pared y pico de memoria (proceso nuevo cada vez, arranque incluido); una salida con un
    código fuera de `aceptados` (validar sale con 1 si halla errores) es una orden que falló."""
    tiempos, picos = [], []
    error = ""
    for _ in range(repeticiones):
        medida = _lanzador().correr(argumentos, limite=limite)
        if medida.get("agotada"):
            return {"mediana_s": float("inf"), "limite_s": limite, "pico_mib": None,
                    "error": f"detenida a los {limite:.0f} s"}
        tiempos.append(medida["tiempo_s"])
        picos.append(medida["pico_mib"])
        error = medida["error"]
        if medida["codigo"] not in aceptados:
            return {"mediana_s": float("nan"), "pico_mib": max(picos), "error": error[-500:]}
    resultado: dict[str, Any] = {"mediana_s": statistics.median(tiempos), "pico_mib": max(picos),
                                 "corridas": repeticiones}
    nodos = re.search(r"\((\d+) nodos", error)
    if nodos:
        resultado["nodos"] = int(nodos.group(1))
    return resultado


@functools.cache
def _lanzador() -> Any:
    from tests.banco_lanzador import Lanzador

    return Lanzador()


def medir_motor(motor: str, ttl: Path, repeticiones: int) -> dict[str, Any]:
    salida = subprocess.run([sys.executable, "-m", "tests.banco", "--trabajador", motor, str(ttl),
                             "--repeticiones", str(repeticiones)], cwd=RAIZ, capture_output=True, text=True,
                            check=True)
    return json.loads(salida.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- escalas

def preparar(escala: str, carpeta: Path) -> tuple[Path, dict[str, Any]]:
    """La carpeta de datos de una escala y lo que se sabe de ella."""
    from grafo.paquete import sintetico

    if escala == "datos":
        return RAIZ / "datos", {"descripcion": "datos/ (tamaño real)"}
    if escala == "mapa5000":
        instituciones = 800  # la vista completa de este paquete tiene ~5.000 nodos
    else:
        objetivo = {"x100": 100 * _tripletas_de(RAIZ / "datos"), "1m": 1_000_000}[escala]
        instituciones = sintetico.instituciones_para(objetivo)
    destino = carpeta / escala
    dimensiones = sintetico.generar(destino, instituciones=instituciones)
    return destino, {"descripcion": f"sintético, {instituciones} instituciones", "filas": vars(dimensiones)}


def _tripletas_de(datos: Path) -> int:
    from grafo.paquete import fuentes
    from grafo.rdf import almacen

    return almacen.contar(almacen.construir(fuentes.leer_paquete(datos)))


def _aliados(escala: str) -> str:
    return "AMSCLAE,SECCATID,CTPT" if escala == "datos" else "INST-000000,INST-000001,INST-000002"


def medir_escala(escala: str, carpeta: Path, repeticiones: int, avisar: Any) -> dict[str, Any]:
    datos, info = preparar(escala, carpeta)
    ttl = carpeta / f"{escala}.ttl"
    pocas = 1 if escala == "1m" else 3
    ordenes: dict[str, Any] = {}
    avisar(f"{escala}: construir")
    ordenes["construir"] = medir_orden([GRAFO, "construir", "--datos", str(datos), "--salida", str(ttl)], pocas)
    from grafo.rdf import almacen

    info["tripletas"] = almacen.contar(almacen.cargar(ttl))
    if escala == "mapa5000":
        avisar(f"{escala}: mapa completo")
        ordenes["mapa_completo"] = medir_orden(
            [GRAFO, "mapa", "--datos", str(datos), "--vista", "completa", "--salida", str(carpeta / "m5000.html")], pocas)
        return {"info": info, "ordenes": ordenes}
    avisar(f"{escala}: validar")
    # pySHACL recorre cada nodo en Python: a ~1M tripletas tarda más de lo que aporta esperar.
    ordenes["validar"] = medir_orden([GRAFO, "validar", "--archivo", str(ttl)], 1, limite=LIMITE_VALIDAR)
    if escala == "datos":
        avisar("datos: consultar (arranque incluido)")
        ordenes["consultar"] = medir_orden(
            [GRAFO, "consultar", "acciones-sin-mandato", "--datos", str(datos), "--formato", "json"], repeticiones)
        avisar("datos: mapa y matrices")
        ordenes["mapa"] = medir_orden([GRAFO, "mapa", "--datos", str(datos), "--salida", str(carpeta / "m.html")], pocas)
        ordenes["matriz"] = medir_orden([GRAFO, "matriz", "--datos", str(datos), "--instituciones", _aliados(escala),
                                         "--salida", str(carpeta / "m.xlsx")], pocas)
    else:
        avisar(f"{escala}: mapa por eje y periodo, matriz de fundamentos")
        ordenes["mapa"] = medir_orden([GRAFO, "mapa", "--datos", str(datos), "--vista", "acciones", "--eje", "EJE-1",
                                       "--periodo", "2024", "--salida", str(carpeta / f"m-{escala}.html")], pocas)
        ordenes["matriz"] = medir_orden([GRAFO, "matriz", "fundamentos", "--datos", str(datos), "--instituciones",
                                         _aliados(escala), "--salida", str(carpeta / f"m-{escala}.xlsx")], pocas)
    motores = {}
    for motor in MOTORES:
        avisar(f"{escala}: consultas del contrato en {motor}")
        motores[motor] = medir_motor(motor, ttl, 1 if motor == "rdflib" else repeticiones if escala == "datos" else 3)
    return {"info": info, "ordenes": ordenes, "motores": motores}


# ---------------------------------------------------------------- red de coordinación

TAMANOS_RED = (50, 100, 200, 400, 800)


def medir_red(carpeta: Path, avisar: Any) -> dict[str, Any]:
    """Cuánto tarda cada medida de `grafo analizar` según el tamaño de la red (para fijar el umbral)."""
    import networkx as nx

    from grafo import consultas, motores
    from grafo.dominio import analisis
    from grafo.paquete import fuentes, sintetico
    from grafo.rdf import almacen

    filas = []
    for n in TAMANOS_RED:
        avisar(f"red: {n} instituciones")
        destino = carpeta / f"red-{n}"
        sintetico.generar(destino, instituciones=n)
        grafo = motores.local(almacen.construir(fuentes.leer_paquete(destino)))
        a = time.perf_counter()
        vinculos = consultas.ejecutar(grafo, consultas.cargar("vinculos-entre"))
        consulta_s = time.perf_counter() - a
        coordinacion = analisis.armar(sorted(set(vinculos["origen"])), analisis.pares(vinculos))
        nodos, aristas = len(coordinacion), coordinacion.number_of_edges()
        a = time.perf_counter()
        exacta = nx.betweenness_centrality(coordinacion, normalized=True)
        exacta_s = time.perf_counter() - a
        k = min(nodos, analisis.muestra_para(aristas))
        a = time.perf_counter()
        estimada = nx.betweenness_centrality(coordinacion, k=k, normalized=True, seed=analisis.SEMILLA)
        estimada_s = time.perf_counter() - a
        a = time.perf_counter()
        nx.pagerank(coordinacion, weight="peso")
        nx.community.louvain_communities(coordinacion, weight="peso", seed=analisis.SEMILLA)
        list(nx.articulation_points(coordinacion))
        resto_s = time.perf_counter() - a
        primeras = {x for x, _ in sorted(exacta.items(), key=lambda x: -x[1])[:10]}
        filas.append({"instituciones": n, "nodos": nodos, "aristas": aristas, "trabajo": nodos * aristas,
                      "consulta_s": consulta_s, "exacta_s": exacta_s, "muestra": k, "estimada_s": estimada_s,
                      "resto_s": resto_s,
                      "coinciden_10_primeras": len(primeras & {x for x, _ in sorted(
                          estimada.items(), key=lambda x: -x[1])[:10]}),
                      "error_maximo": max(abs(exacta[x] - estimada[x]) for x in exacta)})
    return {"filas": filas, "trabajo_exacto": analisis.TRABAJO_EXACTO}


def imprimir_red(medida: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    tabla = Table(title=f"Análisis de red: intermediación exacta mientras nodos × aristas ≤ "
                        f"{medida['trabajo_exacto']:,}".replace(",", "."), header_style="bold")
    for columna in ("instituciones", "nodos", "aristas", "nodos×aristas", "vinculos-entre", "exacta", "muestra",
                    "estimada", "PageRank+Louvain+…", "10 primeras", "error máx."):
        tabla.add_column(columna)
    for f in medida["filas"]:
        tabla.add_row(str(f["instituciones"]), str(f["nodos"]), str(f["aristas"]), f"{f['trabajo']:,}".replace(",", "."),
                      _s(f["consulta_s"]), _s(f["exacta_s"]), str(f["muestra"]), _s(f["estimada_s"]),
                      _s(f["resto_s"]), f"{f['coinciden_10_primeras']}/10", f"{f['error_maximo']:.3f}")
    Console(width=150).print(tabla)


# ---------------------------------------------------------------- informe

def _s(valor: float | None, *, limite: float = LIMITE_RDFLIB) -> str:
    if valor is None or valor != valor:
        return "—"
    if valor == float("inf"):
        return f"> {limite:.0f} s"
    if valor < 0.1:
        return f"{valor * 1000:.2f} ms"
    return f"{valor:.3f} s" if valor < 10 else f"{valor:.1f} s"


def imprimir(informe: dict[str, Any]) -> None:
    from rich.console import Console

    consola = Console(width=150)
    consola.print(f"[bold]Banco de grafo[/bold] · {informe['maquina']}")
    if informe["escalas"]:  # la escala instituciones (o razones) sola no tiene estas tablas
        _imprimir_escalas(consola, informe)
    consola.print("[bold]Metas[/bold]")
    for meta in informe["metas"]:
        marca = "[green]cumple[/green]" if meta["cumple"] else "[red]NO cumple[/red]"
        consola.print(f"  {marca}  {meta['meta']}: {meta['medido']}")


def _imprimir_escalas(consola: Any, informe: dict[str, Any]) -> None:
    from rich.table import Table

    ordenes = Table(title="Órdenes (proceso nuevo, arranque incluido; mediana)", header_style="bold")
    for columna in ("escala", "tripletas", "orden", "tiempo", "pico de memoria", "nota"):
        ordenes.add_column(columna)
    for escala, datos in informe["escalas"].items():
        for orden, medida in datos["ordenes"].items():
            nota = medida.get("error") or (f"{medida['nodos']} nodos" if medida.get("nodos") else "")
            ordenes.add_row(escala, f"{datos['info']['tripletas']:,}".replace(",", "."), orden,
                            _s(medida["mediana_s"], limite=medida.get("limite_s", LIMITE_RDFLIB)),
                            f"{medida['pico_mib']:.0f} MiB" if medida.get("pico_mib") else "—", nota)
    consola.print(ordenes)
    consultas = Table(title="Consultas del contrato: mismo texto en tres motores (mediana)", header_style="bold")
    for columna in ("escala", "consulta", "filas", "grafo", "pyoxigraph", "rdflib memoria", "grafo/crudo",
                    "rdflib/grafo"):
        consultas.add_column(columna)
    for escala, datos in informe["escalas"].items():
        if "motores" not in datos:
            continue
        for nombre, (crudo, rdflib) in razones(datos).items():
            g, o, r = (datos["motores"][m]["consultas"][nombre] for m in MOTORES)
            consultas.add_row(escala, nombre, str(g["filas"]), _s(g["mediana_s"]), _s(o["mediana_s"]),
                              _s(r["mediana_s"]), f"{crudo:.2f}×",
                              ("> " if r["mediana_s"] == float("inf") else "") + f"{rdflib:.0f}×")
    consola.print(consultas)


def razones(datos: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Por consulta: (grafo / pyoxigraph crudo, rdflib en memoria / grafo); una agotada cuenta su límite."""
    if "motores" not in datos:
        return {}
    salida = {}
    for nombre in CONTRATO:
        g, o, r = (datos["motores"][m]["consultas"][nombre]["mediana_s"] for m in MOTORES)
        salida[nombre] = (g / max(o, 1e-9), min(r, LIMITE_RDFLIB) / max(g, 1e-9))
    return salida


def evaluar(informe: dict[str, Any]) -> list[dict[str, Any]]:
    """Cada meta del issue frente a lo medido."""
    metas = []
    escalas = informe["escalas"]
    if "1m" in escalas:
        c = escalas["1m"]["ordenes"]["construir"]
        metas.append({"meta": f"construir a ~1M tripletas ≤ {METAS['construir_1m_s']:.0f} s",
                      "medido": _s(c["mediana_s"]), "cumple": c["mediana_s"] <= METAS["construir_1m_s"]})
        metas.append({"meta": f"construir a ~1M tripletas ≤ {METAS['construir_1m_mib'] / 1024:.1f} GiB",
                      "medido": f"{c['pico_mib']:.0f} MiB", "cumple": c["pico_mib"] <= METAS["construir_1m_mib"]})
    for escala, datos in escalas.items():
        r = razones(datos)
        if not r:
            continue
        peor_crudo = max(r, key=lambda n: r[n][0])
        peor_rdflib = min(r, key=lambda n: r[n][1])
        metas.append({"meta": f"{escala}: cada consulta ≤ {METAS['razon_crudo']}× pyoxigraph crudo",
                      "medido": f"peor {peor_crudo} {r[peor_crudo][0]:.2f}×",
                      "cumple": r[peor_crudo][0] <= METAS["razon_crudo"]})
        metas.append({"meta": f"{escala}: cada consulta ≥ {METAS['razon_rdflib']:.0f}× más rápida que rdflib en memoria",
                      "medido": f"peor {peor_rdflib} {r[peor_rdflib][1]:.1f}×",
                      "cumple": r[peor_rdflib][1] >= METAS["razon_rdflib"]})
    if "datos" in escalas:
        c = escalas["datos"]["ordenes"]["consultar"]
        metas.append({"meta": f"datos/: grafo consultar ≤ {METAS['consultar_s']} s con el arranque",
                      "medido": _s(c["mediana_s"]), "cumple": c["mediana_s"] <= METAS["consultar_s"]})
    if "mapa5000" in escalas:
        c = escalas["mapa5000"]["ordenes"]["mapa_completo"]
        metas.append({"meta": f"mapa de ~5.000 nodos escrito ≤ {METAS['mapa_5000_s']:.0f} s (orden completa)",
                      "medido": f"{_s(c['mediana_s'])}, {c.get('nodos')} nodos",
                      "cumple": c["mediana_s"] <= METAS["mapa_5000_s"]})
    return metas


def _a_json(valor: Any) -> Any:
    """JSON estricto: una consulta agotada (infinito) se escribe como null con «agotada»."""
    if isinstance(valor, dict):
        return {k: _a_json(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_a_json(v) for v in valor]
    if isinstance(valor, float) and (valor != valor or valor in (float("inf"), float("-inf"))):
        return None
    return valor


def _maquina() -> str:
    memoria = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} núcleos, {memoria:.0f} GiB, {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def principal() -> None:
    analizador = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analizador.add_argument("--escalas", default="datos,x100,1m,mapa5000,red,razones,instituciones,explorador")
    analizador.add_argument("--repeticiones", type=int, default=5)
    analizador.add_argument("--salida", type=Path, default=RAIZ / "salidas" / "banco.json")
    analizador.add_argument("--trabajador", nargs=2, metavar=("MOTOR", "TTL"), help=argparse.SUPPRESS)
    argumentos = analizador.parse_args()
    if argumentos.trabajador:
        motor, ttl = argumentos.trabajador
        print(json.dumps(trabajar(motor, ttl, argumentos.repeticiones)))
        return
    _lanzador()  # ahora, mientras el banco es pequeño (ver tests/banco_lanzador.py)
    inicio = time.perf_counter()

    def avisar(texto: str) -> None:
        print(f"[{time.perf_counter() - inicio:6.0f} s] {texto}", file=sys.stderr, flush=True)

    informe: dict[str, Any] = {"maquina": _maquina(), "fecha": time.strftime("%Y-%m-%d"), "escalas": {}}
    with tempfile.TemporaryDirectory(prefix="grafo-banco-") as temporal:
        # Una caché propia: las órdenes medidas la usan como la de un usuario, sin tocar la de quien mide.
        os.environ["GRAFO_CACHE"] = str(Path(temporal) / "cache")
        for escala in argumentos.escalas.split(","):
            if escala == "red":
                informe["red"] = medir_red(Path(temporal), avisar)
                continue
            if escala == "explorador":
                from tests.banco_explorador import medir_explorador

                informe["explorador"] = medir_explorador(GRAFO, avisar)
                continue
            if escala == "instituciones":
                from tests.banco_instituciones import medir_instituciones

                informe["instituciones_33"] = medir_instituciones(Path(temporal), avisar, medir_orden, preparar, GRAFO)
                continue
            if escala == "razones":
                from tests.banco_razones import medir_razones

                informe["razones_20"] = medir_razones(Path(temporal), argumentos.repeticiones, avisar, medir_orden,
                                                      preparar, GRAFO)
                continue
            informe["escalas"][escala] = medir_escala(escala, Path(temporal), argumentos.repeticiones, avisar)
            # Escrito tras cada escala: un banco interrumpido deja lo ya medido.
            argumentos.salida.parent.mkdir(parents=True, exist_ok=True)
            argumentos.salida.write_text(json.dumps(_a_json(informe), ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    informe["razones"] = {escala: {n: {"grafo_sobre_crudo": c, "rdflib_sobre_grafo": r}
                                   for n, (c, r) in razones(datos).items()}
                          for escala, datos in informe["escalas"].items()}
    informe["metas"] = evaluar(informe)
    if "razones_20" in informe:
        from tests.banco_razones import evaluar_razones

        informe["metas"] += evaluar_razones(informe["razones_20"])
    if "instituciones_33" in informe:
        from tests.banco_instituciones import evaluar_instituciones

        informe["metas"] += evaluar_instituciones(informe["instituciones_33"])
    if "explorador" in informe:
        from tests.banco_explorador import evaluar_explorador

        informe["metas"] += evaluar_explorador(informe["explorador"])
    informe["duracion_s"] = time.perf_counter() - inicio
    argumentos.salida.parent.mkdir(parents=True, exist_ok=True)
    argumentos.salida.write_text(json.dumps(_a_json(informe), ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
    if informe["escalas"] or "razones_20" in informe or "instituciones_33" in informe:
        imprimir(informe)
    if "red" in informe:
        imprimir_red(informe["red"])
    print(f"Informe JSON en {argumentos.salida}.", file=sys.stderr)


if __name__ == "__main__":
    principal()
