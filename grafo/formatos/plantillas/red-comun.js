// Lo que comparten el mapa y la presentación (cada plantilla lo incluye dentro de su <script>).
var grafoComun = (function () {
  "use strict";
  var LETRA_MINIMA = 12.5;  // px en pantalla
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
  // El mapa entero si sus etiquetas se leen (≥ 12 px en pantalla); si no, ampliado hasta que se lean,
  // centrado en `centro`, y el aviso lo dice.
  function legible(red, letra, centro, texto) {
    var aviso = document.getElementById("aviso-zoom");
    red.fit({ animation: false });
    if (letra * red.getScale() >= LETRA_MINIMA || !centro) { aviso.hidden = true; return; }
    red.moveTo({ position: red.getPositions([centro])[centro], scale: LETRA_MINIMA / letra, animation: false });
    aviso.textContent = texto;
    aviso.hidden = false;
  }
  return { fondoBlanco: fondoBlanco, legible: legible, paleta: paleta };
})();
