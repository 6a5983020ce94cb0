// Lo que comparten el mapa y la presentación (cada plantilla lo incluye dentro de su <script>).
var grafoComun = (function () {
  "use strict";
  var LETRA_MINIMA = 12.5;  // px en pantalla
  var LETRA_MAXIMA = 22;  // px: un mapa chico se agranda hasta aquí para llenar el lienzo (se lee desde el fondo)
  var MARGEN = 14;  // px libres entre el dibujo y cada borde del lienzo
  // Un color de la paleta de la página (las variables CSS de base.html), para lo que se dibuja en un lienzo.
  function paleta(nombre) {
    return getComputedStyle(document.documentElement).getPropertyValue("--" + nombre).trim();
  }
  // Fondo blanco en el lienzo, para que un PNG guardado no salga transparente.
  function fondoBlanco(red) {
    red.on("beforeDrawing", function (ctx) {
      ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
    });
  }
  // La caja (en coordenadas del dibujo) de los nodos visibles con sus etiquetas, o de los de `ids`.
  function caja(red, ids) {
    red.body.emitter.emit("_resizeNodes");  // las cajas de las etiquetas, medidas con la letra de la página
    var c = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    (ids || red.body.nodeIndices).forEach(function (id) {
      var nodo = red.body.nodes[id];
      if (!nodo || nodo.options.hidden) return;
      var b = nodo.shape.boundingBox;
      c.left = Math.min(c.left, b.left); c.top = Math.min(c.top, b.top);
      c.right = Math.max(c.right, b.right); c.bottom = Math.max(c.bottom, b.bottom);
    });
    return c.left === Infinity ? null : c;
  }
  // El lienzo libre se ajusta al contenedor (un aviso que aparece o se va cambia su alto).
  function ajustarLienzo(red) {
    red.setSize("100%", "100%");
    red.redraw();
  }
  // Todo lo pedido (`ids`, o los nodos visibles) dentro del lienzo con su margen, sin tapar nada: la escala que
  // cabe, hasta la de LETRA_MAXIMA. vis-network `fit` deja un 10 % vacío por lado y no pasa de la escala 1.
  function entero(red, letra, ids) {
    var c = caja(red, ids), lienzo = red.body.container;
    if (!c) { red.fit({ animation: false }); return red.getScale(); }
    var ancho = Math.max(1, c.right - c.left), alto = Math.max(1, c.bottom - c.top);
    var escala = Math.min((lienzo.clientWidth - 2 * MARGEN) / ancho, (lienzo.clientHeight - 2 * MARGEN) / alto,
                          LETRA_MAXIMA / letra);
    red.moveTo({ position: { x: (c.left + c.right) / 2, y: (c.top + c.bottom) / 2 }, scale: escala, animation: false });
    return escala;
  }
  // El mapa entero si sus etiquetas se leen (≥ 12 px en pantalla); si no, ampliado hasta que se lean,
  // centrado en `centro`, y el aviso (encima del lienzo, sin tapar ningún nodo) lo dice.
  function legible(red, letra, centro, texto) {
    var aviso = document.getElementById("aviso-zoom");
    if (!aviso.hidden) { aviso.hidden = true; ajustarLienzo(red); }
    if (letra * entero(red, letra) >= LETRA_MINIMA || !centro) return;
    aviso.textContent = texto;
    aviso.hidden = false;
    ajustarLienzo(red);
    red.moveTo({ position: red.getPositions([centro])[centro], scale: LETRA_MINIMA / letra, animation: false });
  }
  // «Ver todo»: el mapa entero aunque la letra quede chica, sin el aviso.
  function verTodo(red, letra) {
    var aviso = document.getElementById("aviso-zoom");
    if (!aviso.hidden) { aviso.hidden = true; ajustarLienzo(red); }
    entero(red, letra);
  }
  return { fondoBlanco: fondoBlanco, legible: legible, verTodo: verTodo, entero: entero, paleta: paleta };
})();
