// Downhill's interactive figure: hover read-outs, zoom and pan for plots, rotation for 3-D surfaces.
// Self-contained on purpose: the page must work offline, with nothing fetched.
// The same pieces (number format, axes and ticks, the turnable surface) are what the playground page draws with:
// they are exported as window.DownhillFigure, and a page with figure data is set up at once.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  let root = null, svg = null, readout = null, data = null;
  const num = v => (typeof v === "string" ? Number(v) : v);
  const MINUS = "\u2212";

  // A value to six significant digits; with a resolution (the data width of a pixel), digits below it are dropped.
  function format(v, resolution) {
    if (!isFinite(v)) return String(v);
    if (resolution > 0) {
      if (Math.abs(v) < resolution / 2) return "0";
      v = Number(v.toFixed(Math.min(12, Math.max(0, Math.ceil(-Math.log10(resolution))))));
    }
    const a = Math.abs(v);
    const text = a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
    return text.replace(/-/g, MINUS);
  }

  // ---- axes and ticks (the same rules as the SVG writer: 1-2-5 steps, decades on log axes) ----
  function makeAxis(spec, from, to) {
    const parts = spec.split(" ");
    const axis = { min: Number(parts[0]), max: Number(parts[1]), log: parts[2] === "log", from, to };
    axis.t = v => (axis.log ? Math.log10(v) : v);
    axis.inv = t => (axis.log ? Math.pow(10, t) : t);
    axis.map = v => axis.from + (axis.t(v) - axis.t(axis.min)) / (axis.t(axis.max) - axis.t(axis.min)) * (axis.to - axis.from);
    axis.unmap = p => axis.inv(axis.t(axis.min) + (p - axis.from) / (axis.to - axis.from) * (axis.t(axis.max) - axis.t(axis.min)));
    return axis;
  }

  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }

  function linearTicks(min, max, count) {
    const step = niceStep(max - min, count);
    const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    const ticks = [];
    for (let k = Math.ceil(min / step - 1e-9); k <= Math.floor(max / step + 1e-9); k++) {
      const v = k * step;
      const a = Math.abs(v);
      let label = a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(1) : v.toFixed(Math.min(decimals, 12));
      if (Number(label) === 0) label = "0";
      ticks.push({ v, label: label.replace("-", MINUS), major: true });
    }
    return ticks;
  }

  function logTicks(min, max, count) {
    const lo = Math.ceil(Math.log10(min) - 1e-9), hi = Math.floor(Math.log10(max) + 1e-9);
    if (hi - lo < 1) return linearTicks(min, max, count);
    const every = Math.max(1, Math.ceil((hi - lo + 1) / count));
    const ticks = [];
    for (let d = lo; d <= hi; d += every) ticks.push({ v: Math.pow(10, d), label: "10^" + String(d).replace("-", MINUS), major: true });
    return ticks;
  }

  function text(x, y, content, attrs) {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", x);
    t.setAttribute("y", y);
    for (const k in attrs) t.setAttribute(k, attrs[k]);
    const caret = content.indexOf("^");
    if (caret > 0) {
      t.appendChild(document.createTextNode(content.slice(0, caret)));
      const sup = document.createElementNS(NS, "tspan");
      sup.setAttribute("dy", "-0.45em");
      sup.setAttribute("font-size", "75%");
      sup.textContent = content.slice(caret + 1);
      t.appendChild(sup);
    } else {
      t.textContent = content;
    }
    return t;
  }

  function showReadout(lines, clientX, clientY, target, host) {
    target = target || readout;
    host = host || root;
    if (lines.length === 0) { target.hidden = true; return; }
    target.textContent = lines.join("\n");
    target.hidden = false;
    const box = host.getBoundingClientRect();
    let left = clientX - box.left + 14, top = clientY - box.top + 14;
    if (left + target.offsetWidth > box.width) left = clientX - box.left - target.offsetWidth - 10;
    if (top + target.offsetHeight > box.height) top = clientY - box.top - target.offsetHeight - 10;
    target.style.left = left + "px";
    target.style.top = top + "px";
  }

  function svgPoint(event) {
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    return { x: p.x, y: p.y };
  }

  function interpolate(field, x, y) {
    const xs = field.xs.map(num), ys = field.ys.map(num);
    const cell = (edges, v) => {
      if (!(v >= edges[0] && v <= edges[edges.length - 1])) return -1;
      let k = 0;
      while (k < edges.length - 2 && edges[k + 1] <= v) k++;
      return k;
    };
    const i = cell(xs, x), j = cell(ys, y);
    if (i < 0 || j < 0) return NaN;
    const v = (a, b) => num(field.values[b][a]);
    const tx = (x - xs[i]) / (xs[i + 1] - xs[i]), ty = (y - ys[j]) / (ys[j + 1] - ys[j]);
    const bottom = v(i, j) + tx * (v(i + 1, j) - v(i, j)), top = v(i, j + 1) + tx * (v(i + 1, j + 1) - v(i, j + 1));
    return bottom + ty * (top - bottom);
  }

  // ---- 2-D panels: zoom and pan by a transform on the plot group; markers keep their size ----
  function setupPlot(g, info) {
    g.setAttribute("data-kind", "plot");
    const [px, py, pw, ph] = g.getAttribute("data-plot").split(" ").map(Number);
    const xAxis0 = makeAxis(g.getAttribute("data-x"), px, px + pw);
    const yAxis0 = makeAxis(g.getAttribute("data-y"), py + ph, py);
    const zoomGroup = g.querySelector(".zoom");
    const markers = Array.from(g.querySelectorAll(".markers .mk")).map(m => {
      const found = /translate\(([^,]+),([^)]+)\)/.exec(m.getAttribute("transform"));
      return { el: m, x: Number(found[1]), y: Number(found[2]) };
    });
    const view = { s: 1, tx: 0, ty: 0 };
    const categorical = info.categoricalX;
    const inside = p => p.x >= px && p.x <= px + pw && p.y >= py && p.y <= py + ph;
    const toData = p => ({ x: xAxis0.unmap((p.x - view.tx) / view.s), y: yAxis0.unmap((p.y - view.ty) / view.s) });

    function redrawAxes() {
      const xAxis = makeAxis([xAxis0.unmap((px - view.tx) / view.s), xAxis0.unmap((px + pw - view.tx) / view.s), xAxis0.log ? "log" : "linear"].join(" "), px, px + pw);
      const yAxis = makeAxis([yAxis0.unmap((py + ph - view.ty) / view.s), yAxis0.unmap((py - view.ty) / view.s), yAxis0.log ? "log" : "linear"].join(" "), py + ph, py);
      const xt = (xAxis.log ? logTicks : linearTicks)(xAxis.min, xAxis.max, Math.max(2, Math.floor(pw / 80)));
      const yt = (yAxis.log ? logTicks : linearTicks)(yAxis.min, yAxis.max, Math.max(2, Math.floor(ph / 42)));
      let grid = "";
      xt.forEach(t => { grid += "M" + xAxis.map(t.v) + " " + py + "v" + ph; });
      yt.forEach(t => { grid += "M" + px + " " + yAxis.map(t.v) + "h" + pw; });
      const gridPath = g.querySelector("path.grid");
      if (gridPath) gridPath.setAttribute("d", grid);
      const attrs = { "font-size": "11", fill: "#333333" };
      const xg = g.querySelector(".xaxis"), yg = g.querySelector(".yaxis");
      // Named categories cannot be re-ticked: they hide while zoomed and return on reset.
      if (xg && categorical) xg.setAttribute("visibility", view.s === 1 && view.tx === 0 && view.ty === 0 ? "visible" : "hidden");
      if (xg && !categorical) {
        xg.replaceChildren();
        let d = "";
        xt.forEach(t => { const x = xAxis.map(t.v); d += "M" + x + " " + (py + ph) + "v5"; xg.appendChild(text(x, py + ph + 18, t.label, Object.assign({ "text-anchor": "middle" }, attrs))); });
        const path = document.createElementNS(NS, "path");
        path.setAttribute("d", d); path.setAttribute("stroke", "#444444");
        xg.appendChild(path);
      }
      if (yg) {
        yg.replaceChildren();
        let d = "";
        yt.forEach(t => { const y = yAxis.map(t.v); d += "M" + px + " " + y + "h-5"; yg.appendChild(text(px - 8, y + 4, t.label, Object.assign({ "text-anchor": "end" }, attrs))); });
        const path = document.createElementNS(NS, "path");
        path.setAttribute("d", d); path.setAttribute("stroke", "#444444");
        yg.appendChild(path);
      }
    }

    function apply() {
      if (zoomGroup) zoomGroup.setAttribute("transform", "translate(" + view.tx + " " + view.ty + ") scale(" + view.s + ")");
      markers.forEach(m => m.el.setAttribute("transform", "translate(" + (view.s * m.x + view.tx) + "," + (view.s * m.y + view.ty) + ")"));
      redrawAxes();
    }

    g.addEventListener("wheel", e => {
      const p = svgPoint(e);
      if (!inside(p)) return;
      e.preventDefault();
      const factor = Math.exp(-e.deltaY * 0.0015);
      const s = Math.min(200, Math.max(1, view.s * factor)), f = s / view.s;
      view.tx = p.x - (p.x - view.tx) * f;
      view.ty = p.y - (p.y - view.ty) * f;
      view.s = s;
      if (s === 1) { view.tx = 0; view.ty = 0; }
      apply();
    }, { passive: false });

    let drag = null;
    g.addEventListener("pointerdown", e => {
      const p = svgPoint(e);
      if (!inside(p)) return;
      drag = { x: p.x, y: p.y, tx: view.tx, ty: view.ty };
      g.setPointerCapture(e.pointerId);
    });
    g.addEventListener("pointerup", () => { drag = null; });
    g.addEventListener("dblclick", () => { view.s = 1; view.tx = 0; view.ty = 0; apply(); });
    g.addEventListener("pointerleave", () => { readout.hidden = true; });
    g.addEventListener("pointermove", e => {
      const p = svgPoint(e);
      if (drag) {
        view.tx = drag.tx + p.x - drag.x;
        view.ty = drag.ty + p.y - drag.y;
        apply();
      }
      if (!inside(p)) { readout.hidden = true; return; }
      const d = toData(p);
      const lines = [];
      let best = null;
      info.series.forEach(series => series.points.forEach(q => {
        const qx = num(q[0]), qy = num(q[1]);
        if (!isFinite(qx) || !isFinite(qy) || (xAxis0.log && qx <= 0) || (yAxis0.log && qy <= 0)) return;
        const sx = view.s * xAxis0.map(qx) + view.tx, sy = view.s * yAxis0.map(qy) + view.ty;
        const dist = Math.hypot(sx - p.x, sy - p.y);
        if (dist < 10 && (!best || dist < best.dist)) best = { dist, label: series.label, x: qx, y: qy };
      }));
      if (best) {
        if (best.label) lines.push(best.label);
        lines.push(info.x + " = " + format(best.x) + ", " + info.y + " = " + format(best.y));
      } else {
        // Read-outs at the mouse are as precise as a pixel, no more.
        const rx = xAxis0.log ? Math.abs(d.x) * 0.002 : Math.abs(xAxis0.unmap(px + 1) - xAxis0.unmap(px)) / view.s;
        const ry = yAxis0.log ? Math.abs(d.y) * 0.002 : Math.abs(yAxis0.unmap(py) - yAxis0.unmap(py + 1)) / view.s;
        lines.push(info.x + " = " + format(d.x, rx) + ", " + info.y + " = " + format(d.y, ry));
      }
      if (info.field) {
        const f = interpolate(info.field, d.x, d.y);
        if (isFinite(f)) lines.push("f ≈ " + format(f));
      }
      if (info.categories) {
        const c = info.categories, xs = c.xs.map(num), ys = c.ys.map(num);
        const i = xs.findIndex((v, k) => k < xs.length - 1 && d.x >= v && d.x <= xs[k + 1]);
        const j = ys.findIndex((v, k) => k < ys.length - 1 && d.y >= v && d.y <= ys[k + 1]);
        if (i >= 0 && j >= 0) {
          const k = c.cells[j][i];
          lines.push("basin: " + (k >= 0 && k < c.names.length ? c.names[k] : "none"));
        }
      }
      showReadout(lines, e.clientX, e.clientY);
    });
  }

  // ---- 3-D panels: the static drawing is replaced by a canvas the mouse can turn ----
  const rgbOf = hex => [1, 3, 5].map(k => parseInt(hex.substr(k, 2), 16));

  function viridis(t) {
    const anchors = data.viridis.map(rgbOf);
    if (!isFinite(t)) return [217, 217, 217];
    const u = Math.min(1, Math.max(0, t)) * (anchors.length - 1);
    const k = Math.min(Math.floor(u), anchors.length - 2), f = u - k;
    return anchors[k].map((a, c) => Math.round(a + (anchors[k + 1][c] - a) * f));
  }

  function setupSurface(g, info) {
    const [px, py, pw, ph] = g.getAttribute("data-plot").split(" ").map(Number);
    const scene = g.querySelector(".scene");
    if (scene) scene.setAttribute("visibility", "hidden");
    surfaceCanvas(root, [px, py, pw, ph], info.surface, viridis, readout);
  }

  // A canvas over rect [left, top, width, height] of host showing surface s ({grid, paths, style, azimuth, elevation,
  // halfHeight, variables}) coloured by colourOf(t) for t in [0, 1] from the lowest to the highest value; drag turns
  // it, the wheel zooms, a double-click resets. Returns {draw, setPaths, view}.
  function surfaceCanvas(host, rect, s, colourOf, readout) {
    const [px, py, pw, ph] = rect;
    const canvas = document.createElement("canvas");
    canvas.className = "surface";
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(pw * ratio);
    canvas.height = Math.round(ph * ratio);
    canvas.style.left = px + "px";
    canvas.style.top = py + "px";
    canvas.style.width = pw + "px";
    canvas.style.height = ph + "px";
    host.appendChild(canvas);
    const ctx = canvas.getContext("2d");
    const xs = s.grid.xs.map(num), ys = s.grid.ys.map(num);
    const z = s.grid.values.map(row => row.map(num));
    let zMin = Infinity, zMax = -Infinity;
    z.forEach(row => row.forEach(v => { if (isFinite(v)) { zMin = Math.min(zMin, v); zMax = Math.max(zMax, v); } }));
    if (!(zMax > zMin)) zMax = zMin + 1;
    const H = s.halfHeight;
    const view = { az: s.azimuth, el: s.elevation, zoom: 1 };
    const toScene = (x, y, v) => [2 * (x - xs[0]) / (xs[xs.length - 1] - xs[0]) - 1, 2 * (y - ys[0]) / (ys[ys.length - 1] - ys[0]) - 1,
      (2 * (Math.min(zMax, Math.max(zMin, v)) - zMin) / (zMax - zMin) - 1) * H];
    const light = (() => { const l = [-0.35, -0.45, 1], n = Math.hypot(...l); return l.map(c => c / n); })();
    let projected = [];

    function camera() {
      const a = view.az * Math.PI / 180, e = view.el * Math.PI / 180;
      const ca = Math.cos(a), sa = Math.sin(a), ce = Math.cos(e), se = Math.sin(e);
      const project = p => { const fwd = p[0] * sa + p[1] * ca; return [p[0] * ca - p[1] * sa, fwd * se + p[2] * ce, fwd * ce - p[2] * se]; };
      let uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity;
      [-1, 1].forEach(cx => [-1, 1].forEach(cy => [-H, H].forEach(cz => {
        const q = project([cx, cy, cz]);
        uMin = Math.min(uMin, q[0]); uMax = Math.max(uMax, q[0]); vMin = Math.min(vMin, q[1]); vMax = Math.max(vMax, q[1]);
      })));
      const k = 0.9 * view.zoom * Math.min(pw / (uMax - uMin), ph / (vMax - vMin));
      const cx = pw / 2 - (uMin + uMax) / 2 * k, cy = ph / 2 + (vMin + vMax) / 2 * k;
      return p => { const q = project(p); return [cx + q[0] * k, cy - q[1] * k, q[2]]; };
    }

    function draw() {
      const toPixels = camera();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, pw, ph);
      const floor = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(c => toPixels([c[0], c[1], -H]));
      ctx.beginPath();
      floor.forEach((p, k) => (k ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
      ctx.closePath();
      ctx.fillStyle = "#f3f3f3"; ctx.fill();
      ctx.strokeStyle = "#9a9a9a"; ctx.lineWidth = 0.8; ctx.stroke();
      const items = [];
      projected = [];
      for (let j = 0; j + 1 < ys.length; j++) {
        for (let i = 0; i + 1 < xs.length; i++) {
          const v = [z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]];
          if (!v.every(isFinite)) continue;
          const c = [toScene(xs[i], ys[j], v[0]), toScene(xs[i + 1], ys[j], v[1]), toScene(xs[i + 1], ys[j + 1], v[2]), toScene(xs[i], ys[j + 1], v[3])];
          const p = c.map(toPixels);
          const a = [0, 1, 2].map(k => c[2][k] - c[0][k]), b = [0, 1, 2].map(k => c[3][k] - c[1][k]);
          const n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
          const len = Math.hypot(...n) || 1;
          const shade = 0.55 + 0.45 * Math.abs((n[0] * light[0] + n[1] * light[1] + n[2] * light[2]) / len);
          const rgb = colourOf(((v[0] + v[1] + v[2] + v[3]) / 4 - zMin) / (zMax - zMin));
          items.push({ depth: (p[0][2] + p[1][2] + p[2][2] + p[3][2]) / 4, kind: "cell", p, rgb, shade });
          projected.push({ x: p[0][0], y: p[0][1], label: "", data: [xs[i], ys[j], v[0]] });
        }
      }
      s.paths.forEach(path => {
        const pts = path.points.map(q => q.map(num)).filter(q => q.every(isFinite));
        const pp = pts.map(q => toPixels(toScene(q[0], q[1], q[2])));
        // Pieces of at least 12 px, so one piece's white casing does not paint over the last one's colour.
        let piece = [], run = 0;
        pp.forEach((q, k) => {
          if (piece.length) run += Math.hypot(q[0] - piece[piece.length - 1][0], q[1] - piece[piece.length - 1][1]);
          piece.push(q);
          if (piece.length >= 2 && (run >= 12 || k === pp.length - 1)) {
            items.push({ depth: piece.reduce((a, p) => a + p[2], 0) / piece.length - 0.12, kind: "piece", points: piece, color: path.color });
            piece = [q]; run = 0;
          }
        });
        pp.forEach((q, k) => projected.push({ x: q[0], y: q[1], label: path.label + " · step " + k, data: pts[k] }));
        if (pp.length) {
          items.push({ depth: pp[0][2] - 0.24, kind: "dot", p: pp[0], color: path.color, start: true });
          items.push({ depth: pp[pp.length - 1][2] - 0.24, kind: "dot", p: pp[pp.length - 1], color: path.color, start: false });
        }
      });
      items.sort((u, v) => v.depth - u.depth);
      const wire = s.style === "wireframe";
      items.forEach(it => {
        if (it.kind === "cell") {
          ctx.beginPath();
          it.p.forEach((q, k) => (k ? ctx.lineTo(q[0], q[1]) : ctx.moveTo(q[0], q[1])));
          ctx.closePath();
          const c = wire ? it.rgb : it.rgb.map(v => Math.min(255, Math.round(v * it.shade)));
          const css = "rgb(" + c.join(",") + ")";
          ctx.fillStyle = wire ? "#ffffff" : css;
          ctx.fill();
          ctx.strokeStyle = css; ctx.lineWidth = wire ? 0.9 : 0.5; ctx.stroke();
        } else if (it.kind === "piece") {
          ctx.beginPath();
          it.points.forEach((q, k) => (k ? ctx.lineTo(q[0], q[1]) : ctx.moveTo(q[0], q[1])));
          ctx.lineJoin = "round";
          ctx.lineCap = "butt"; ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 4.4; ctx.stroke();
          ctx.lineCap = "round"; ctx.strokeStyle = it.color; ctx.lineWidth = 2.2; ctx.stroke();
        } else {
          ctx.beginPath();
          if (it.start) ctx.arc(it.p[0], it.p[1], 4.5, 0, 2 * Math.PI); else ctx.rect(it.p[0] - 3.6, it.p[1] - 3.6, 7.2, 7.2);
          ctx.fillStyle = it.start ? "#ffffff" : it.color; ctx.fill();
          ctx.strokeStyle = it.start ? it.color : "#ffffff"; ctx.lineWidth = 1.6; ctx.stroke();
        }
      });
      drawAxes(toPixels);
    }

    // Floor ticks along the two edges nearer the eye and a z axis at the leftmost corner, as the static view has.
    function drawAxes(toPixels) {
      const centre = toPixels([0, 0, -H]);
      const corner = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(c => toPixels([c[0], c[1], -H]).concat([c]))
        .reduce((a, b) => (b[0] < a[0] ? b : a))[3];
      const bottom = toPixels([corner[0], corner[1], -H]);
      const edge = (alongX, min, max, name) => {
        const at = (t, side) => (alongX ? [t, side, -H] : [side, t, -H]);
        const side = toPixels(at(0, -1))[2] < toPixels(at(0, 1))[2] ? -1 : 1;
        const middle = toPixels(at(0, side));
        let ox = middle[0] - centre[0], oy = middle[1] - centre[1];
        const len = Math.hypot(ox, oy) || 1;
        ox /= len; oy /= len;
        ctx.strokeStyle = "#6b6b6b"; ctx.lineWidth = 1; ctx.fillStyle = "#444444";
        ctx.font = "10px 'DejaVu Sans', sans-serif"; ctx.textAlign = "center";
        linearTicks(min, max, 4).forEach(tick => {
          const p = toPixels(at(2 * (tick.v - min) / (max - min) - 1, side));
          ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(p[0] + ox * 5, p[1] + oy * 5); ctx.stroke();
          // A label that would crowd the z axis's foot is left out.
          if (Math.abs(p[0] + ox * 16 - bottom[0]) < 22 && Math.abs(p[1] + oy * 16 - bottom[1]) < 16) return;
          ctx.fillText(tick.label, p[0] + ox * 16, p[1] + oy * 16 + 4);
        });
        ctx.fillStyle = "#222222"; ctx.font = "italic 13px 'DejaVu Sans', sans-serif";
        ctx.fillText(name, middle[0] + ox * 34, middle[1] + oy * 34 + 4);
      };
      edge(true, xs[0], xs[xs.length - 1], s.variables[0]);
      edge(false, ys[0], ys[ys.length - 1], s.variables[1]);
      const top = toPixels([corner[0], corner[1], H]);
      ctx.strokeStyle = "#6b6b6b";
      ctx.beginPath(); ctx.moveTo(bottom[0], bottom[1]); ctx.lineTo(top[0], top[1]); ctx.stroke();
      ctx.fillStyle = "#444444"; ctx.font = "10px 'DejaVu Sans', sans-serif"; ctx.textAlign = "right";
      linearTicks(zMin, zMax, 5).forEach(tick => {
        const p = toPixels([corner[0], corner[1], (2 * (tick.v - zMin) / (zMax - zMin) - 1) * H]);
        ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(p[0] - 5, p[1]); ctx.stroke();
        ctx.fillText(tick.label, p[0] - 8, p[1] + 4);
      });
    }

    let drag = null;
    canvas.addEventListener("pointerdown", e => { drag = { x: e.clientX, y: e.clientY, az: view.az, el: view.el }; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointerup", () => { drag = null; });
    canvas.addEventListener("pointerleave", () => { readout.hidden = true; });
    canvas.addEventListener("dblclick", () => { view.az = s.azimuth; view.el = s.elevation; view.zoom = 1; draw(); });
    canvas.addEventListener("wheel", e => { e.preventDefault(); view.zoom = Math.min(6, Math.max(0.4, view.zoom * Math.exp(-e.deltaY * 0.0015))); draw(); }, { passive: false });
    canvas.addEventListener("pointermove", e => {
      if (drag) {
        view.az = drag.az + (e.clientX - drag.x) * 0.5;
        view.el = Math.min(90, Math.max(-5, drag.el + (e.clientY - drag.y) * 0.4));
        draw();
        readout.hidden = true;
        return;
      }
      const box = canvas.getBoundingClientRect();
      const mx = e.clientX - box.left, my = e.clientY - box.top;
      let best = null;
      projected.forEach(q => {
        const d = Math.hypot(q.x - mx, q.y - my) - (q.label ? 4 : 0); // prefer path points over grid points
        if (d < 12 && (!best || d < best.d)) best = { d, q };
      });
      if (!best) { readout.hidden = true; return; }
      const lines = [];
      if (best.q.label) lines.push(best.q.label);
      lines.push(s.variables[0] + " = " + format(best.q.data[0]) + ", " + s.variables[1] + " = " + format(best.q.data[1]));
      lines.push("f = " + format(best.q.data[2]));
      showReadout(lines, e.clientX, e.clientY, readout, host);
    });
    draw();
    return { canvas, view, draw, setPaths: paths => { s.paths = paths; draw(); } };
  }

  window.DownhillFigure = { NS, format, makeAxis, linearTicks, logTicks, text, rgbOf, surfaceCanvas, showReadout };
  const figureData = document.getElementById("figure-data");
  if (!figureData) return;
  data = JSON.parse(figureData.textContent);
  root = document.getElementById("figure");
  svg = root.querySelector("svg");
  readout = document.getElementById("readout");
  const panels = Array.from(svg.querySelectorAll("g.panel"));
  panels.forEach((g, k) => {
    const info = data.panels[k];
    if (info.surface) setupSurface(g, info); else setupPlot(g, info);
  });
  window.downhillFigure = { ready: true, panels: panels.length };
})();
