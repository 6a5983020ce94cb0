"""La presentación: un solo HTML sin conexión, un paso por vista guardada, con flechas, botones y pantalla completa.

Las mismas garantías que el mapa: vis-network en línea, ninguna petición de red, autoescape en la
plantilla y los datos como JSON que no puede cerrar su `<script>`.
"""

from __future__ import annotations

from typing import Any

from grafo.dominio.guion import Presentacion
from grafo.dominio.mapa import NOMBRES_VISTA
from grafo.formatos import renderizador
from grafo.formatos.estilo import (COLOR_BRECHA, COLOR_TAREA, COLOR_TRASLAPE, ESTILO_ARISTA, ESTILO_COMO, ESTILO_NODO,
                                   EXPLICACION_COLOR, color_en_leyenda, dibujado, grupos_dibujados,
                                   leyenda_de_grupos)
from grafo.formatos.html import pagina
from grafo.formatos.pagina import OPCIONES_VIS, aristas_vis, json_en_script, nodos_vis, vis_network

COLOR_RESALTE = "#000000"


def _paso(presentacion: Presentacion, k: int) -> dict[str, Any]:
    paso, mapa, resaltados = presentacion.guion.pasos[k], presentacion.mapas[k], set(presentacion.resaltados[k])
    nodos, aristas, hay = nodos_vis(mapa.red, mapa.posiciones), aristas_vis(mapa.red), dibujado(mapa.red)
    for n in nodos:  # lo resaltado, con borde negro grueso; lo demás, atenuado
        if resaltados and n["id"] in resaltados:
            n["borderWidth"] = 6
            n["color"]["border"] = COLOR_RESALTE
            n["font"] = {"bold": True}
        elif resaltados:
            n["opacity"] = 0.35
    coloreo = mapa.red.graph.get("coloreo", "clase")
    leyenda = ([{"color": color_en_leyenda(c, coloreo), "texto": e["leyenda"]} for c, e in ESTILO_NODO.items()
                if c in hay.clases]
               + [{"color": e["color"], "texto": e["leyenda"], "forma": "linea", "trazo": "solid"}
                  for t, e in ESTILO_ARISTA.items() if t in hay.tipos_arista]
               + [{"color": "#555555", "texto": e["leyenda"], "forma": "linea", "trazo": e["css"]}
                  for c, e in ESTILO_COMO.items() if c in hay.modos]
               + [{"color": color, "texto": texto, "forma": "anillo", "trazo": trazo} for hay_marca, color, trazo, texto in (
                   (bool(resaltados), COLOR_RESALTE, "solid", "Borde negro grueso: lo que este paso resalta"),
                   (hay.brecha, COLOR_BRECHA, "solid", "Borde rojo: brecha de coordinación"),
                   (hay.tarea, COLOR_TAREA, "dashed", "Borde gris punteado: tarea de datos (mandatos sin cargar)"),
                   (hay.traslape, COLOR_TRASLAPE, "solid", "Borde amarillo: traslape (tema con mandatos de varias "
                                                           "instituciones)")) if hay_marca]
               + ([{"color": COLOR_BRECHA, "texto": "Línea roja: responsable sin mandato sobre los temas de la acción",
                    "forma": "linea", "trazo": "solid"}] if hay.sin_mandato else [])
               + [{"color": g["color"], "texto": g["nombre"]} for g in leyenda_de_grupos(grupos_dibujados(mapa.red), coloreo)])
    return {"titulo": paso.titulo, "nota": paso.nota, "vista": NOMBRES_VISTA[paso.filtro.vista],
            "recortes": " · ".join(paso.filtro.recortes()), "nodos": nodos, "aristas": aristas,
            "leyenda": leyenda, "color": EXPLICACION_COLOR.get(coloreo, ""),
            "centro": hay.centro}


@renderizador(Presentacion, "html")
def presentacion_html(presentacion: Presentacion) -> str:
    """La presentación entera en un archivo HTML UTF-8."""
    from markupsafe import Markup

    datos = {"pasos": [_paso(presentacion, k) for k in range(len(presentacion.mapas))], "opciones": OPCIONES_VIS}
    return pagina("presentacion.html", con_scripts=True, imagenes="data:", guion=presentacion.guion,
                  pie=presentacion.pie, n_pasos=len(presentacion.mapas), datos_json=Markup(json_en_script(datos)),
                  vis_js=Markup(vis_network()))
