"""El explorador (`grafo servir`) con el cliente de pruebas de Flask: páginas, enlaces, descargas, seguridad y
recarga de los datos. Lo que necesita un navegador está en test_explorador_navegador.py."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import grafo
from grafo import web
from grafo.cli import principal

RAIZ = Path(__file__).parent.parent
HOST = {"Host": "127.0.0.1:8080"}


def _app(datos: Path):  # type: ignore[no-untyped-def]
    return web.crear(lambda: grafo.abrir(datos), datos=datos).test_client()


@pytest.fixture(scope="module")
def datos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destino = tmp_path_factory.mktemp("explorador") / "datos"
    shutil.copytree(RAIZ / "datos", destino)
    return destino


@pytest.fixture(scope="module")
def cliente(datos: Path):  # type: ignore[no-untyped-def]
    return _app(datos)


@pytest.fixture(autouse=True)
def sin_consultas_abandonadas() -> None:
    """Mientras una consulta libre que pasó su tiempo límite sigue corriendo, /sparql responde 503 (a propósito,
    `motores.plazo.abandonados`). Otra prueba del mismo proceso puede haber dejado una: se espera a que termine
    (con `pytest -n 2`, el orden de los archivos en cada proceso cambia)."""
    from grafo.motores import plazo

    limite = time.monotonic() + 120
    while plazo.abandonados() and time.monotonic() < limite:
        time.sleep(0.05)


def _get(cliente, url: str, **cabeceras: str):  # type: ignore[no-untyped-def]
    return cliente.get(url, headers={**HOST, **cabeceras})


def _enlaces(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_cada_pagina_de_institucion_nombra_y_enlaza_cada_mandato(cliente, datos: Path) -> None:
    p = grafo.abrir(datos)
    instituciones = list(p.tabla("instituciones")["institucion"])
    mandatos = p.tabla("fundamentos")
    assert len(instituciones) == 39
    for ident in instituciones:
        r = _get(cliente, f"/institucion/{ident}")
        assert r.status_code == 200, ident
        html = r.get_data(as_text=True)
        propios = sorted(set(mandatos[mandatos["institucion"] == ident]["mandato"]))
        for mandato in propios:
            assert f'href="/mandato/{mandato}"' in html, (ident, mandato)
        assert f'href="/institucion/{ident}.docx"' in html


def test_la_pagina_de_un_tema_lista_sus_mandatos_y_sus_acciones(cliente, datos: Path) -> None:
    p = grafo.abrir(datos)
    acciones = p.tabla("acciones")
    tema = "CUENCA-ATITLAN"
    html = _get(cliente, f"/tema/{tema}").get_data(as_text=True)
    con_tema = [a for a, ts in zip(acciones["accion"], acciones["temas"], strict=True) if tema in ts]
    assert con_tema
    assert "Acciones que tratan este tema" in html and "Mandatos que nombran este tema" in html
    assert all(f'href="/accion/{a}"' in html for a in con_tema)


def test_la_pagina_de_un_instrumento_lista_sus_articulos_y_los_mandatos_que_fundan(cliente, datos: Path) -> None:
    p = grafo.abrir(datos)
    fundamentos = p.tabla("fundamentos")
    propios = fundamentos[fundamentos["instrumento"] == "DEC-44-2016"]
    html = _get(cliente, "/instrumento/DEC-44-2016").get_data(as_text=True)
    assert "Artículos de este instrumento" in html
    assert all(f'href="/mandato/{m}"' in html for m in propios["mandato"])
    assert all(str(a) in html for a in propios["articulo"] if a)


def test_csv_y_json_de_una_consulta_son_los_de_la_cli(cliente, datos: Path, runner) -> None:  # type: ignore[no-untyped-def]
    url = "/consultas/fundamentos.csv?instituciones=AMSCLAE,SECCATID,CTPT"
    r = _get(cliente, url)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    cli = runner.invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=AMSCLAE,SECCATID,CTPT",
                                    "--formato", "csv", "--datos", str(datos)])
    assert cli.exit_code == 0, cli.output
    web_filas = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    cli_filas = list(csv.reader(io.StringIO(cli.stdout.lstrip("\ufeff"))))
    assert len(web_filas) > 3 and web_filas == cli_filas
    # Con casillas (el parámetro repetido) da lo mismo que con comas.
    repetido = _get(cliente, "/consultas/fundamentos.csv?instituciones=AMSCLAE&instituciones=SECCATID"
                             "&instituciones=CTPT")
    assert repetido.get_data() == r.get_data()
    json_web = _get(cliente, "/consultas/fundamentos.json?instituciones=AMSCLAE,SECCATID,CTPT").get_json()
    assert len(json_web) == len(cli_filas) - 1


def test_el_formulario_de_una_consulta_ofrece_los_ids_con_su_nombre(cliente) -> None:  # type: ignore[no-untyped-def]
    html = _get(cliente, "/consultas/fundamentos").get_data(as_text=True)
    assert 'name="instituciones" value="AMSCLAE"' in html and "Autoridad para el Manejo Sustentable" in html
    assert "Resultado" not in html  # con parámetros, no se corre hasta que se pide
    html = _get(cliente, "/consultas/fundamentos?instituciones=NOEXISTE").get_data(as_text=True)
    assert "No hay institución con id «NOEXISTE»" in html and "AMSCLAE" in html  # el formulario sigue ahí


@pytest.mark.parametrize("consulta", [
    "SELECT * WHERE { SERVICE <http://ejemplo.invalid/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DROP ALL",
    "LOAD <http://ejemplo.invalid/x.ttl>",
])
def test_sparql_rechaza_service_y_actualizaciones(cliente, consulta: str) -> None:  # type: ignore[no-untyped-def]
    r = cliente.get("/sparql", query_string={"query": consulta}, headers=HOST)
    assert r.status_code == 400
    assert "No se ejecutó" in r.get_data(as_text=True)


def test_sparql_de_lectura_da_su_tabla(cliente) -> None:  # type: ignore[no-untyped-def]
    consulta = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    r = cliente.get("/sparql", query_string={"query": consulta}, headers=HOST)
    assert r.status_code == 200 and "<h2>1 fila</h2>" in r.get_data(as_text=True)


@pytest.mark.parametrize("host", ["ejemplo.invalid", "ejemplo.invalid:8080", "127.0.0.1.nip.io", ""])
def test_un_host_ajeno_recibe_400(cliente, host: str) -> None:  # type: ignore[no-untyped-def]
    r = cliente.get("/", headers={"Host": host})
    assert r.status_code == 400 and "solo responde" in r.get_data(as_text=True)


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost"])
def test_los_hosts_de_este_equipo_pasan(cliente, host: str) -> None:  # type: ignore[no-untyped-def]
    assert cliente.get("/instituciones", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("metodo", ["post", "put", "delete", "patch", "options"])
def test_solo_get_y_head(cliente, metodo: str) -> None:  # type: ignore[no-untyped-def]
    r = getattr(cliente, metodo)("/", headers=HOST)
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD"
    assert cliente.head("/instituciones", headers=HOST).status_code == 200


@pytest.mark.parametrize("url", ["/institucion/..", "/institucion/..%2F..%2Fetc%2Fpasswd", "/institucion/a%00b",
                                 "/institucion/a%5Cb", "/institucion/%2e%2e", "/nada/IGM", "/consultas/..%2Fx"])
def test_ids_raros_son_404_en_espanol(cliente, url: str) -> None:  # type: ignore[no-untyped-def]
    r = _get(cliente, url)
    assert r.status_code == 404 and "no encontrada" in r.get_data(as_text=True).lower() or \
        "No hay" in r.get_data(as_text=True)


def test_un_id_desconocido_sugiere_los_parecidos(cliente) -> None:  # type: ignore[no-untyped-def]
    r = _get(cliente, "/institucion/AMSCLA")
    html = r.get_data(as_text=True)
    assert r.status_code == 404 and "¿Quiso decir" in html and 'href="/institucion/AMSCLAE"' in html


def test_cabeceras_de_un_servidor(cliente) -> None:  # type: ignore[no-untyped-def]
    r = _get(cliente, "/")
    politica = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in politica and "script-src" not in politica and "frame-ancestors 'none'" in politica
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    mapa = _get(cliente, "/mapa/ver")
    assert mapa.status_code == 200 and "frame-ancestors 'self'" in mapa.headers["Content-Security-Policy"]
    assert "connect-src" not in mapa.headers["Content-Security-Policy"]  # default-src 'none': nada de la red


def test_las_descargas_abren(cliente) -> None:  # type: ignore[no-untyped-def]
    import docx
    import openpyxl

    ficha = _get(cliente, "/institucion/IGM.docx")
    assert ficha.status_code == 200 and "attachment" in ficha.headers["Content-Disposition"]
    texto = "\n".join(p.text for p in docx.Document(io.BytesIO(ficha.data)).paragraphs)
    assert "Instituto Guatemalteco de Migración" in texto
    minuta = _get(cliente, "/reunion.docx?instituciones=amsclae,CTPT&fecha=2024-09-18")
    assert minuta.status_code == 200 and "reunion-AMSCLAE-CTPT-2024-09-18.docx" in minuta.headers["Content-Disposition"]
    libro = openpyxl.load_workbook(io.BytesIO(_get(cliente, "/matrices?instituciones=AMSCLAE").data))
    assert "Fundamentos" in " ".join(libro.sheetnames)


def test_la_busqueda_acota_con_facetas(cliente) -> None:  # type: ignore[no-untyped-def]
    todo = _get(cliente, "/buscar?q=atitlan").get_data(as_text=True)
    assert 'href="/institucion/AMSCLAE"' in todo and 'href="/municipio/0719"' in todo
    solo = _get(cliente, "/buscar?q=atitlan&clase=institucion").get_data(as_text=True)
    assert 'href="/institucion/AMSCLAE"' in solo and 'href="/municipio/0719"' not in solo
    assert "1 coincidencia." in solo
    vacia = _get(cliente, "/buscar?q=zzzzqqq").get_data(as_text=True)
    assert "0 coincidencias" in vacia and "Sin resultados" in vacia


def test_el_texto_de_los_datos_nunca_es_html(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    instituciones = datos / "instituciones.csv"
    texto = instituciones.read_text(encoding="utf-8").splitlines()
    cabecera = texto[0].split(",")
    fila = next(csv.reader(io.StringIO(texto[1])))
    fila[cabecera.index("nombre")] = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    salida = io.StringIO()
    csv.writer(salida, lineterminator="\n").writerow(fila)
    instituciones.write_text("\n".join([texto[0], salida.getvalue().rstrip("\n"), *texto[2:]]) + "\n", encoding="utf-8")
    cliente = _app(datos)
    for url in ("/", f"/institucion/{fila[0]}", "/buscar?q=script", "/instituciones"):
        html = _get(cliente, url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)" in _get(cliente, f"/institucion/{fila[0]}").get_data(as_text=True)


def _editar(ruta: Path, viejo: str, nuevo: str) -> None:
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto
    ruta.write_text(texto.replace(viejo, nuevo, 1), encoding="utf-8")
    futuro = time.time() + 5  # otra fecha de modificación, aunque el sistema de archivos redondee a segundos
    import os

    os.utime(ruta, (futuro, futuro))


def test_editar_y_recargar(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    cliente = _app(datos)
    primera = _get(cliente, "/instituciones").get_data(as_text=True)
    assert "Instituto Guatemalteco de Migración" in primera and "cambiaron" not in primera
    (datos / "~$instituciones.csv").write_bytes(b"candado de Excel")  # abrir el archivo en Excel no es editarlo
    assert "cambiaron" not in _get(cliente, "/instituciones").get_data(as_text=True)
    nombre = "Instituto Guatemalteco de Migración"
    _editar(datos / "instituciones.csv", nombre, f"{nombre} (editado)")
    recargada = _get(cliente, "/instituciones").get_data(as_text=True)
    assert "(editado)" in recargada and "cambiaron: el grafo se armó de nuevo" in recargada
    # Una edición rota: se listan sus problemas y se sigue sirviendo la última versión buena.
    _editar(datos / "acciones.csv", "IGM", "NOEXISTE")
    rota = _get(cliente, "/instituciones").get_data(as_text=True)
    assert "tienen problemas" in rota and "acciones.csv" in rota and "fila" in rota and "NOEXISTE" in rota
    assert "(editado)" in rota
    _editar(datos / "acciones.csv", "NOEXISTE", "IGM")
    arreglada = _get(cliente, "/instituciones").get_data(as_text=True)
    assert "tienen problemas" not in arreglada and "cambiaron" in arreglada


def test_con_datos_rotos_desde_el_inicio_dice_los_problemas(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    _editar(datos / "acciones.csv", "IGM", "NOEXISTE")
    cliente = _app(datos)
    r = _get(cliente, "/")
    html = r.get_data(as_text=True)
    assert r.status_code == 503 and "acciones.csv" in html and "NOEXISTE" in html
    _editar(datos / "acciones.csv", "NOEXISTE", "IGM")
    assert _get(cliente, "/").status_code == 200


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="lee los sockets de Linux en /proc/net/tcp")
def test_la_orden_escucha_solo_en_127_0_0_1(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    orden = [sys.executable, "-m", "grafo", "servir", "--datos", str(datos), "--puerto", "0", "--no-abrir"]
    proceso = subprocess.Popen(orden, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        linea = proceso.stdout.readline() if proceso.stdout else ""
        hallado = re.search(r"http://([\d.]+):(\d+)/", linea)
        assert hallado, linea + (proceso.stderr.read() if proceso.poll() is not None and proceso.stderr else "")
        assert hallado[1] == "127.0.0.1"
        puerto = f"{int(hallado[2]):04X}"
        escuchando = [linea.split()[1] for linea in Path("/proc/net/tcp").read_text().splitlines()[1:]
                      if linea.split()[3] == "0A" and linea.split()[1].endswith(f":{puerto}")]
        assert escuchando == [f"0100007F:{puerto}"]  # 127.0.0.1, y en ninguna otra dirección
        import http.client

        conexion = http.client.HTTPConnection("127.0.0.1", int(hallado[2]), timeout=30)
        conexion.request("GET", "/")
        assert conexion.getresponse().status == 200
    finally:
        proceso.terminate()
        proceso.wait(timeout=30)


def test_una_tabla_larga_dice_cuantas_filas_no_muestra_y_su_csv_las_trae(cliente) -> None:  # type: ignore[no-untyped-def]
    from grafo.web.paginas import LIMITE_FILAS

    consulta = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    html = cliente.get("/sparql", query_string={"query": consulta}, headers=HOST).get_data(as_text=True)
    total = int(re.search(r"<h2>(\d+) filas</h2>", html)[1])  # type: ignore[index]
    assert total > LIMITE_FILAS
    assert f"Se muestran las primeras {LIMITE_FILAS} de {total} filas" in html
    assert html.count("<tr>") == LIMITE_FILAS + 1  # el encabezado y las filas mostradas
    bajado = cliente.get("/sparql.csv", query_string={"query": consulta}, headers=HOST).get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(bajado.lstrip("\ufeff"))))) == total + 1


def test_un_si_no_de_los_datos_se_dice_en_espanol(cliente) -> None:  # type: ignore[no-untyped-def]
    html = _get(cliente, "/mandato/M-017").get_data(as_text=True)
    assert "<dt>Verificado</dt><dd>no</dd>" in html and ">false<" not in html


def test_un_producto_pedido_a_la_vez_se_arma_una_vez(datos: Path) -> None:
    import threading

    from grafo.web.estado import Explorador

    estado = Explorador(lambda: grafo.abrir(datos), datos=datos)
    llamadas: list[int] = []

    def armar(_p):  # type: ignore[no-untyped-def]
        llamadas.append(1)
        time.sleep(0.3)
        return object()

    vistos: list[object] = []
    hilos = [threading.Thread(target=lambda: vistos.append(estado.producto("lento", armar))) for _ in range(8)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert len(llamadas) == 1 and len(vistos) == 8 and len({id(v) for v in vistos}) == 1


def test_la_pagina_de_un_tema_dice_que_mandatos_lo_cubren_y_como_se_sabe(cliente, datos: Path) -> None:
    cubren = grafo.abrir(datos).tabla("mandatos-por-tema")
    inferidos = cubren[cubren["como"] == "inferido"]
    tema = str(inferidos["tema"].iloc[0])  # uno cubierto por un mandato que nombra un tema más amplio
    html = _get(cliente, f"/tema/{tema}").get_data(as_text=True)
    assert "Mandatos que cubren este tema" in html
    propios = cubren[cubren["tema"] == tema]
    assert all(f'href="/mandato/{m}"' in html for m in propios["mandato"])
    assert html.count("<td>inferido</td>") == int((propios["como"] == "inferido").sum())


def test_lo_ilustrativo_lo_dice_donde_se_nombre(cliente, datos: Path) -> None:
    p = grafo.abrir(datos)
    acuerdos = p.tabla("acuerdos")
    ilustrativos = set(acuerdos[acuerdos["ilustrativa"] == True]["acuerdo"])  # noqa: E712
    assert ilustrativos
    lista = _get(cliente, "/acuerdos").get_data(as_text=True)
    for acuerdo in acuerdos["acuerdo"]:
        marcado = f'href="/acuerdo/{acuerdo}">{acuerdo}</a> (ilustrativo) [PROP]' in lista
        assert marcado == (acuerdo in ilustrativos), acuerdo
    acciones = p.tabla("acciones")
    propia = acciones[acciones["ilustrativa"] == True].iloc[0]  # noqa: E712
    eje = _get(cliente, f"/eje/{propia['eje']}").get_data(as_text=True)
    assert f"{propia['accion']} — " in eje and "(ilustrativa) [PROP]" in eje
    pagina = _get(cliente, f"/accion/{propia['accion']}").get_data(as_text=True)
    assert "no es un dato publicado" in pagina
    real = acciones[acciones["ilustrativa"] != True].iloc[0]["accion"]  # noqa: E712
    assert "no es un dato publicado" not in _get(cliente, f"/accion/{real}").get_data(as_text=True)


def test_lo_que_la_revision_encontro(cliente, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # «(todas)» en un formulario llega vacío: no filtra.
    assert _get(cliente, "/consultas/acciones-de-institucion?institucion=&ver=1").status_code == 200
    # Un CONSTRUCT sin tripletas es una respuesta, no una falla.
    vacio = cliente.get("/sparql", headers=HOST, query_string={
        "query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }"})
    assert vacio.status_code == 200 and "0 tripletas" in vacio.get_data(as_text=True)
    # Fechas imposibles: un error en español, no una falla.
    for url in ("/seguimiento?al=0001-01-01", "/reunion.docx?instituciones=IGM&fecha=9999-12-31"):
        r = _get(cliente, url)
        assert r.status_code == 400 and "entre 1900 y 2200" in r.get_data(as_text=True), url
    # Una fecha lejana pero posible se escribe (el zip del Word guarda hasta 2107: se ajusta ahí, no aquí).
    assert _get(cliente, "/reunion.docx?instituciones=IGM&fecha=2199-12-31").status_code == 200
    # Una minuta para nadie no se escribe (como en la CLI).
    nadie = _get(cliente, "/reunion.docx?instituciones=")
    assert nadie.status_code == 400 and "Elija al menos una institución" in nadie.get_data(as_text=True)


def test_otra_pagina_no_hace_trabajar_al_explorador(cliente, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from grafo.motores import plazo

    imagen = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}
    assert _get(cliente, "/sparql?query=ASK%7B%7D", **imagen).status_code == 403
    assert _get(cliente, "/instituciones", **imagen).status_code == 403
    enlace = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    assert _get(cliente, "/instituciones", **enlace).status_code == 200  # una persona que sigue un enlace
    assert _get(cliente, "/sparql?query=ASK%7B%7D", **enlace).status_code == 403
    assert _get(cliente, "/sparql?query=ASK%7B%7D", **{"Sec-Fetch-Site": "same-origin"}).status_code == 200
    # Con una consulta libre abandonada corriendo todavía, la siguiente espera su turno.
    monkeypatch.setattr(plazo, "_ABANDONADOS", [1])
    ocupado = _get(cliente, "/sparql?query=ASK%7B%7D")
    assert ocupado.status_code == 503 and "sigue terminándola" in ocupado.get_data(as_text=True)


def test_hoy_es_hoy_aunque_el_servidor_lleve_dias(cliente, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    import grafo.productos

    antes = _get(cliente, "/seguimiento").get_data(as_text=True)

    class Manana(dt.date):
        @classmethod
        def today(cls):  # type: ignore[no-untyped-def, override]
            return cls(2031, 3, 1)

    monkeypatch.setattr(grafo.productos, "date", Manana)
    despues = _get(cliente, "/seguimiento").get_data(as_text=True).replace("\xa0", " ")
    assert "al 1 de marzo de 2031" in despues and "al 1 de marzo de 2031" not in antes.replace("\xa0", " ")
    assert "al 1 de marzo de 2031" in _get(cliente, "/").get_data(as_text=True).replace("\xa0", " ")


def test_lo_rechazado_no_lleva_los_problemas_de_los_datos(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    shutil.copytree(RAIZ / "tests" / "datos_mini", datos)
    cliente = _app(datos)
    _editar(datos / "acciones.csv", "IGM", "DATO-SECRETO-XYZ")
    assert "DATO-SECRETO-XYZ" in _get(cliente, "/instituciones").get_data(as_text=True)  # quien usa el explorador
    ajeno = cliente.get("/", headers={"Host": "rebind.atacante.example"}).get_data(as_text=True)
    metodo = cliente.post("/", headers=HOST).get_data(as_text=True)
    assert "DATO-SECRETO-XYZ" not in ajeno and "DATO-SECRETO-XYZ" not in metodo and str(datos) not in ajeno
    _editar(datos / "acciones.csv", "DATO-SECRETO-XYZ", "IGM")  # deshecha la edición, el aviso se va
    assert "tienen problemas" not in _get(cliente, "/instituciones").get_data(as_text=True)


def test_un_nombre_de_archivo_raro_no_rompe_la_descarga(cliente) -> None:  # type: ignore[no-untyped-def]
    from grafo.web.paginas import descarga

    with cliente.application.test_request_context("/", headers=HOST):
        r = descarga(b"x", 'ficha-ÁRBOL"Ω\\.docx', "application/octet-stream")
    cabecera = r.headers["Content-Disposition"]
    cabecera.encode("latin-1")  # lo que un servidor WSGI puede enviar
    assert 'filename="ficha-_RBOL___.docx"' in cabecera
    assert "filename*=UTF-8''ficha-%C3%81RBOL%22%CE%A9%5C.docx" in cabecera


def test_un_municipio_muestra_su_fila_de_la_priorizacion(cliente, datos: Path) -> None:  # type: ignore[no-untyped-def]
    from grafo import productos

    ranking = productos.priorizar(grafo.abrir(datos)).filas
    fila = ranking.iloc[3]
    html = _get(cliente, f"/municipio/{fila['codigo']}").get_data(as_text=True)
    assert "Priorización para Oficinas Municipales de Migración" in html
    assert f"<td>{fila['puesto']}</td>" in html and f"<td>{len(ranking)}</td>" in html


def test_un_tema_sin_mandatos_no_se_dice_brecha(cliente, datos: Path) -> None:  # type: ignore[no-untyped-def]
    p = grafo.abrir(datos)
    cubiertos = set(p.tabla("mandatos-por-tema")["tema"])
    sin_mandato = sorted(set(p.tabla("temas")["tema"]) - cubiertos)
    assert sin_mandato  # datos/ tiene temas que ningún mandato cargado cubre
    html = _get(cliente, f"/tema/{sin_mandato[0]}").get_data(as_text=True)
    assert "Mandatos que cubren este tema (0)" in html and "es una falta en los datos" in html
