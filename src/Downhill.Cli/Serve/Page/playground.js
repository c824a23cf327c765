// The playground: every number on this page comes from the server's JSON API, which answers what the `downhill`
// command prints with --json for the same flags. This script only keeps the state (mirrored in the URL), asks, and
// draws — with the figure script's axes, ticks, number format and turnable surface (window.DownhillFigure).
(function () {
  "use strict";
  const F = window.DownhillFigure;
  const NS = F.NS;
  const $ = id => document.getElementById(id);
  const num = v => (typeof v === "string" ? Number(v) : v);
  // Okabe–Ito, ordered to stay distinct on the viridis map (with a white casing) and on white.
  const COLOURS = ["#D55E00", "#56B4E9", "#CC79A7", "#E69F00", "#000000", "#009E73", "#0072B2", "#F0E442"];
  const MISSING = [217, 217, 217];

  const state = {
    f: "himmelblau", box: null, bounds: null, constrain: false, x0: null, maxIter: 1000, gradTol: 1e-8, fTol: null, target: null,
    optimizers: [], view: "map", iter: 0,
    // The landscape view: `downhill landscape`'s flags, by their long names (a network trained here, then sliced).
    landscape: { data: "digits", model: "mlp:5", train: "sgd:lr=0.5", steps: 250, directions: "random", grid: 21, span: 1, rows: 400, seed: 1 }, overlays: { critical: true, basins: false, sweep: false, eigen: false }, overlayFor: 0,
  };
  const page = { methods: [], functions: [], grid: null, dimension: 2, results: [], critical: [], basins: null, sweep: null,
    eigen: null, landscape: null, spectrum: null, measures: [], profile: [], pendingSince: null, ready: false, errors: 0 };
  const LANDSCAPE_KEYS = ["data", "model", "train", "steps", "directions", "grid", "span", "rows", "seed"];
  window.playground = page;

  // ---- the API ----
  // The answer, with when it was asked, when its headers came and when its body was parsed (for page.profile).
  async function api(name, params, signal) {
    const query = params.filter(p => p[1] !== null && p[1] !== undefined && p[1] !== "")
      .map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&");
    const asked = performance.now();
    const response = await fetch("/api/" + name + "?" + query, { signal });
    const answered = performance.now();
    const body = await response.json();
    return { ok: response.ok, status: response.status, body, times: { asked, answered, parsed: performance.now() } };
  }

  // ---- optimizers: a method and its settings (only those away from the declared defaults) ----
  const methodOf = name => page.methods.find(m => m.name === name);

  function specOf(o) {
    const keys = Object.keys(o.settings);
    return keys.length === 0 ? o.method : o.method + ":" + keys.map(k => k + "=" + o.settings[k]).join(",");
  }

  function parseSpec(text) {
    const colon = text.indexOf(":");
    const o = { method: colon < 0 ? text : text.slice(0, colon), settings: {} };
    if (colon >= 0) text.slice(colon + 1).split(",").filter(Boolean).forEach(kv => {
      const eq = kv.indexOf("=");
      if (eq > 0) o.settings[kv.slice(0, eq)] = kv.slice(eq + 1);
    });
    return o;
  }

  function colourOf(k) { return state.optimizers[k].colour || COLOURS[k % COLOURS.length]; }

  // ---- the state in the URL: the compare command's own flags, plus what the page shows ----
  function toHash() {
    const p = new URLSearchParams();
    p.set("f", state.f);
    if (state.box) p.set("box", rangesText(state.box));
    if (state.x0) p.set("x0", state.x0.join(","));
    state.optimizers.forEach(o => p.append("o", specOf(o)));
    p.set("max-iter", state.maxIter);
    p.set("grad-tol", state.gradTol);
    if (state.fTol !== null) p.set("f-tol", state.fTol);
    if (state.target !== null) p.set("target", state.target);
    if (state.bounds) p.set("bounds", rangesText(state.bounds));
    if (state.constrain) p.set("constrain", "true");
    p.set("view", state.view);
    if (state.view === "landscape") LANDSCAPE_KEYS.forEach(k => { if (state.landscape[k] !== null && state.landscape[k] !== "") p.set(k, state.landscape[k]); });
    p.set("iter", state.iter);
    p.set("overlays", Object.keys(state.overlays).filter(k => state.overlays[k]).join(","));
    p.set("for", state.overlayFor);
    const custom = state.optimizers.map(o => o.colour || "").join(",");
    if (custom.replace(/,/g, "")) p.set("colors", custom);
    return "#" + p.toString();
  }

  function fromHash(hash) {
    const p = new URLSearchParams(hash.replace(/^#/, ""));
    if (!p.has("f") && p.get("view") !== "landscape") return false;
    LANDSCAPE_KEYS.forEach(k => { if (p.has(k)) state.landscape[k] = p.get(k); });
    const numbers = text => text.split(",").map(Number);
    state.f = p.get("f") || state.f;
    state.box = p.has("box") ? ranges(p.get("box")) : null;
    state.x0 = p.has("x0") ? numbers(p.get("x0")) : null;
    state.optimizers = p.getAll("o").map(parseSpec);
    const colours = (p.get("colors") || "").split(",");
    state.optimizers.forEach((o, k) => { if (colours[k]) o.colour = colours[k]; });
    if (p.has("max-iter")) state.maxIter = Number(p.get("max-iter"));
    if (p.has("grad-tol")) state.gradTol = Number(p.get("grad-tol"));
    state.fTol = p.has("f-tol") ? Number(p.get("f-tol")) : null;
    state.target = p.has("target") ? Number(p.get("target")) : null;
    state.bounds = p.has("bounds") ? ranges(p.get("bounds")) : null;
    state.constrain = p.get("constrain") === "true";
    state.view = p.get("view") || "map";
    state.iter = Number(p.get("iter") || 0);
    if (p.has("overlays")) {
      const overlays = p.get("overlays").split(",");
      Object.keys(state.overlays).forEach(k => { state.overlays[k] = overlays.includes(k); });
    }
    state.overlayFor = Number(p.get("for") || 0);
    return true;
  }

  function saveHash() { history.replaceState(null, "", toHash()); }

  // The flags of `downhill compare` for the current state.
  function compareFlags() {
    const flags = [["f", state.f], ["x0", state.x0.join(",")]];
    state.optimizers.forEach(o => flags.push(["o", specOf(o)]));
    flags.push(["max-iter", state.maxIter], ["grad-tol", state.gradTol]);
    if (state.fTol !== null) flags.push(["f-tol", state.fTol]);
    if (state.target !== null) flags.push(["target", state.target]);
    if (state.bounds) flags.push(["bounds", rangesText(state.bounds)]);
    if (state.constrain) flags.push(["constrain", "true"]);
    return flags;
  }

  // A box as --bounds writes it, low:high per variable ("-1:2,-3:3"), and back.
  const rangesText = box => box.map(r => r.join(":")).join(",");
  const ranges = text => text.split(",").map(r => r.split(":").map(v => (/^-?inf$/.test(v) ? (v[0] === "-" ? -Infinity : Infinity) : Number(v))));
  const boxFlag = () => rangesText(state.box);
  // Whether run k keeps to the bounds: every method under --constrain, lbfgsb always.
  const keepsToBounds = k => !!state.bounds && (state.constrain || state.optimizers[k].method === "lbfgsb");

  // ---- the function: parse errors inline, with a caret, as you type ----
  function showFunctionError(problem) {
    const box = $("function-error");
    if (!problem) { box.hidden = true; box.textContent = ""; $("function").removeAttribute("aria-invalid"); return; }
    let text = problem.error;
    if (problem.text !== undefined) text += "\n" + problem.text + "\n" + " ".repeat(problem.position) + "^";
    box.textContent = text;
    box.hidden = false;
    $("function").setAttribute("aria-invalid", "true");
  }

  // Whether the function changed since the last grid: a start outside the new box is then replaced.
  let fresh = false;

  // Each overlay's newest request: an answer to an older one (the function or box has changed since) is dropped.
  const asked = { grid: 0, critical: 0, basins: 0, landscape: 0 };

  // The landscape view: /api/landscape (`downhill landscape … --json`) for the network's flags, drawn when it answers.
  async function refreshLandscape() {
    const mine = ++asked.landscape;
    page.landscape = null;
    draw();
    const answer = await api("landscape", LANDSCAPE_KEYS.map(k => [k, state.landscape[k]]));
    if (mine !== asked.landscape) return;
    page.landscape = answer.ok ? answer.body : { error: answer.body.error };
    page.spectrum = null;
    draw();
    saveHash();
    if (!answer.ok) return;
    // Then the Hessian's spectrum at the same trained weights (`downhill curvature`, on the whole training split):
    // every eigenvalue where the network is small enough to decompose densely, else the 20 largest.
    const flags = ["data", "model", "train", "steps", "seed"].map(k => [k, state.landscape[k]]);
    const spectrum = await api("curvature", [...flags, ["top", answer.body.parameters <= 500 ? answer.body.parameters : 20]]);
    if (mine !== asked.landscape) return;
    page.spectrum = spectrum.ok ? spectrum.body : { error: spectrum.body.error };
    draw();
  }

  async function refreshFunction() {
    if (state.view === "landscape") return refreshLandscape();
    const mine = ++asked.grid;
    const kind = state.view === "surface" ? "surface" : null;
    const flags = [["f", state.f], ["resolution", state.view === "surface" ? 41 : 161]];
    // Without a view box, one a tenth wider than the bounds on each side: the constraint shows.
    if (!state.box && state.bounds && state.bounds.every(r => r.every(isFinite))) state.box = state.bounds.map(r => [r[0] - 0.1 * (r[1] - r[0]), r[1] + 0.1 * (r[1] - r[0])].map(v => Number(v.toPrecision(6))));
    if (state.box) flags.push(["bounds", boxFlag()]);
    if (kind) flags.push(["kind", kind]);
    const answer = await api("grid", flags);
    if (mine !== asked.grid) return;
    if (!answer.ok) {
      showFunctionError(answer.body);
      if (answer.status === 400 && state.box && /bounds/.test(answer.body.error)) { state.box = null; state.bounds = null; return refreshFunction(); }
      return;
    }
    showFunctionError(null);
    const grid = answer.body;
    page.grid = grid;
    page.dimension = grid.variables.length;
    $("formula").textContent = grid.formula === grid.function ? "" : grid.formula;
    state.box = page.dimension === 1 ? [[num(grid.xs[0]), num(grid.xs[grid.xs.length - 1])]]
      : [[num(grid.xs[0]), num(grid.xs[grid.xs.length - 1])], [num(grid.ys[0]), num(grid.ys[grid.ys.length - 1])]];
    if (page.dimension === 1 && state.view !== "curve") { state.view = "curve"; return refreshFunction(); }
    if (page.dimension === 2 && state.view === "curve") { state.view = "map"; return refreshFunction(); }
    if (state.bounds && state.bounds.length !== page.dimension) state.bounds = null;
    const inBox = x => x.every((v, i) => v >= state.box[i][0] && v <= state.box[i][1]);
    if (!state.x0 || state.x0.length !== page.dimension || (fresh && !inBox(state.x0))) state.x0 = defaultStart();
    fresh = false;
    $("catalog").value = page.functions.some(f => f.name === state.f) ? state.f : "";
    syncControls();
    await Promise.all([refreshRuns(), refreshCritical(), refreshBasins()]);
  }

  // A start a fifth of the way in from the top-left corner of the box: off any centre, where minima like to sit.
  function defaultStart() {
    const r = v => Number(v.toPrecision(3));
    const [x] = state.box;
    if (page.dimension === 1) return [r(x[0] + 0.2 * (x[1] - x[0]))];
    const y = state.box[1];
    return [r(x[0] + 0.2 * (x[1] - x[0])), r(y[1] - 0.2 * (y[1] - y[0]))];
  }

  // ---- the runs: the newest state is asked at once, cancelling a stale request still in flight (the server
  // stops computing it), unless paths have not been redrawn for a while: then the one in flight finishes and the
  // newest follows, so a long drag still redraws several times a second ----
  const KEEP_AFTER_MS = 100;
  let running = null, again = false, lastDrawn = 0;
  function refreshRuns() {
    if (running) {
      if (performance.now() - lastDrawn < KEEP_AFTER_MS || performance.now() - running.since < KEEP_AFTER_MS) running.abort();
      else { again = true; return running.done; }
    }
    const run = { controller: new AbortController(), since: performance.now(), inputSince: null };
    // The input a cancelled request answered is still waiting for its paths: the next request measures from it.
    run.abort = () => {
      run.controller.abort();
      if (run.inputSince !== null) page.pendingSince = page.pendingSince === null ? run.inputSince : Math.min(run.inputSince, page.pendingSince);
    };
    running = run;
    run.done = (async () => {
      try {
        await runs(run);
      } finally {
        if (running === run) running = null;
      }
    })();
    return run.done;
  }

  // Asks for the paths and draws them, until the newest state is drawn (or a newer request takes over).
  async function runs(run) {
    do {
      again = false;
      if (!state.x0 || state.optimizers.length === 0) { page.results = []; draw(); break; }
      const since = run.inputSince = page.pendingSince;
      page.pendingSince = null;
      let answer;
      try {
        // With each iterate's optimizer state (compare --trace-state), which the scrubber reads out.
        answer = await api("compare", [...compareFlags(), ["trace-state", "true"]], run.controller.signal);
      } catch (e) {
        if (e.name === "AbortError") return;
        throw e;
      }
      if (running !== run) return;
      if (!answer.ok) { showEvents([{ text: answer.body.error }]); page.results = []; draw(); continue; }
      run.inputSince = null;
      page.results = answer.body;
      draw();
      lastDrawn = performance.now();
      if (since !== null) {
        const took = lastDrawn - since, t = answer.times;
        page.measures.push(took);
        const entry = { wait: t.asked - since, request: t.answered - t.asked, parse: t.parsed - t.answered, draw: lastDrawn - t.parsed };
        page.profile.push(entry);
        // And to the frame that shows them: after the next animation frame's style, layout and paint.
        requestAnimationFrame(() => setTimeout(() => { entry.painted = performance.now() - since; }, 0));
        performance.measure("input-to-paths", { start: since, duration: took });
      }
      refreshSweep();
      refreshEigen();
    } while (again);
    saveHash();
  }

  // The overlays redraw only when they show something or stop showing it: a slider's move redraws once, with its paths.
  async function refreshCritical() {
    const shown = page.critical.length > 0, mine = ++asked.critical;
    page.critical = [];
    if (state.overlays.critical && page.dimension === 2) {
      const answer = await api("critical", [["f", state.f], ["bounds", boxFlag()], ["starts", 400]]);
      if (mine !== asked.critical) return;
      if (answer.ok) page.critical = answer.body.points;
    }
    if (shown || page.critical.length > 0) draw();
  }

  function overlayOptimizer() {
    return state.optimizers[Math.min(state.overlayFor, state.optimizers.length - 1)];
  }

  async function refreshBasins() {
    const shown = page.basins !== null, mine = ++asked.basins;
    page.basins = null;
    const o = overlayOptimizer();
    if (state.overlays.basins && page.dimension === 2 && o) {
      const answer = await api("basins", [["f", state.f], ["o", specOf(o)], ["grid", 40], ["bounds", boxFlag()],
        ["max-iter", Math.min(state.maxIter, 2000)], ["grad-tol", state.gradTol]]);
      if (mine !== asked.basins) return;
      if (answer.ok) page.basins = answer.body;
    }
    if (shown || page.basins !== null) draw();
  }

  async function refreshSweep() {
    const o = overlayOptimizer();
    if (!state.overlays.sweep || !o || !methodOf(o.method) || !methodOf(o.method).hyperparameters.some(h => h.name === "lr")) {
      page.sweep = null; drawSweep(); return;
    }
    const others = Object.assign({}, o.settings);
    delete others.lr;
    const spec = specOf({ method: o.method, settings: others });
    const answer = await api("sweep", [["f", state.f], ["o", spec], ["x0", state.x0.join(",")], ["lr", "1e-5..10:25"],
      ["max-iter", state.maxIter], ["grad-tol", state.gradTol]]);
    page.sweep = answer.ok ? answer.body : null;
    drawSweep();
  }

  async function refreshEigen() {
    const shown = page.eigen !== null;
    page.eigen = null;
    const at = currentPoint(Math.min(state.overlayFor, page.results.length - 1)) || state.x0;
    if (state.overlays.eigen && at && at.every(isFinite)) {
      const answer = await api("eval", [["f", state.f], ["at", at.join(",")]]);
      if (answer.ok) page.eigen = answer.body;
    }
    if (shown || page.eigen !== null) draw();
  }

  // ---- controls ----
  // A field being edited keeps what is typed in it: a late answer's redraw must not put the old value back.
  function syncControls() {
    // The function's box is left alone: it changes only as typed, picked or loaded (a late answer for an older
    // function must not put that function back while the box is cleared for another).
    const set = (id, v) => { const el = $(id); if (document.activeElement !== el) el.value = v === null || v === undefined ? "" : v; };
    if (state.box) {
      set("box-x-low", state.box[0][0]); set("box-x-high", state.box[0][1]);
      if (state.box[1]) { set("box-y-low", state.box[1][0]); set("box-y-high", state.box[1][1]); }
    }
    if (state.x0) { set("start-x", state.x0[0]); set("start-y", state.x0[1]); }
    LANDSCAPE_KEYS.forEach(k => set("ls-" + k, state.landscape[k]));
    document.body.dataset.view = state.view;
    set("max-iter", state.maxIter); set("grad-tol", state.gradTol); set("f-tol", state.fTol); set("target", state.target);
    $("bounded").checked = !!state.bounds;
    $("constrain").checked = state.constrain;
    const limits = state.bounds || state.box;
    ["x", "y"].forEach((axis, i) => { if (limits && limits[i]) { set("bounds-" + axis + "-low", limits[i][0]); set("bounds-" + axis + "-high", limits[i][1]); } });
    document.querySelectorAll("#bounds-fields input").forEach(input => { input.disabled = !state.bounds; });
    document.querySelectorAll(".two-d").forEach(el => { el.hidden = page.dimension !== 2; });
    Object.keys(state.overlays).forEach(k => { $("overlay-" + k).checked = state.overlays[k]; });
    ["map", "surface", "curve", "landscape"].forEach(v => {
      const tab = $("tab-" + v);
      tab.setAttribute("aria-selected", String(state.view === v));
      tab.disabled = v !== "landscape" && (v === "curve") !== (page.dimension === 1);
    });
  }

  // A slider per declared number (log-scaled where the declaration says so), a box per flag or choice.
  function buildOptimizers() {
    const host = $("optimizers");
    host.replaceChildren();
    const overlayFor = $("overlay-for");
    overlayFor.replaceChildren();
    state.optimizers.forEach((o, k) => {
      const method = methodOf(o.method);
      const card = document.createElement("div");
      card.className = "optimizer";
      card.style.borderColor = colourOf(k);
      const head = document.createElement("div");
      head.className = "head";
      const colour = document.createElement("input");
      colour.type = "color";
      colour.value = colourOf(k).toLowerCase();
      colour.setAttribute("aria-label", "colour of " + o.method);
      colour.addEventListener("input", () => { o.colour = colour.value.toUpperCase(); card.style.borderColor = o.colour; draw(); saveHash(); });
      const title = document.createElement("strong");
      title.textContent = o.method;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "remove " + o.method + " (" + (k + 1) + ")");
      remove.addEventListener("click", () => { state.optimizers.splice(k, 1); buildOptimizers(); changed(); });
      head.append(colour, title, remove);
      card.appendChild(head);
      (method ? method.hyperparameters : []).forEach(h => card.appendChild(control(o, h, k)));
      host.appendChild(card);
      const option = document.createElement("option");
      option.value = k;
      option.textContent = (k + 1) + ". " + specOf(o);
      overlayFor.appendChild(option);
    });
    overlayFor.value = Math.min(state.overlayFor, Math.max(0, state.optimizers.length - 1));
  }

  function control(o, h, k) {
    const id = "o" + k + "-" + h.name;
    const row = document.createElement("div");
    row.className = "setting";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = h.name;
    label.title = h.meaning || "";
    row.appendChild(label);
    const value = o.settings[h.name] !== undefined ? o.settings[h.name] : h.default;
    const store = v => {
      page.pendingSince = page.pendingSince === null ? performance.now() : page.pendingSince;
      if (String(v) === String(h.default)) delete o.settings[h.name]; else o.settings[h.name] = v;
      $("overlay-for").options[k].textContent = (k + 1) + ". " + specOf(o);
      changed(true);
    };
    if (h.kind === "bool") {
      const box = document.createElement("input");
      box.type = "checkbox"; box.id = id; box.checked = String(value) === "true";
      box.addEventListener("change", () => store(box.checked ? "true" : "false"));
      row.appendChild(box);
    } else if (h.kind === "choice") {
      const select = document.createElement("select");
      select.id = id;
      (h.choices && h.choices.length ? h.choices : [String(value)]).forEach(c => { const opt = document.createElement("option"); opt.value = c; opt.textContent = c; select.appendChild(opt); });
      select.value = String(value);
      select.addEventListener("change", () => store(select.value));
      row.appendChild(select);
    } else if (!(isFinite(num(h.typicalMin)) && isFinite(num(h.typicalMax)))) {
      const field = document.createElement("input");
      field.type = "number"; field.step = "any"; field.id = id; field.value = value;
      field.addEventListener("change", () => store(field.value));
      row.appendChild(field);
    } else {
      const low = num(h.typicalMin), high = num(h.typicalMax);
      const log = h.scale === "log" && low > 0;
      const slider = document.createElement("input");
      slider.type = "range"; slider.id = id + "-slider"; slider.min = 0; slider.max = 1000; slider.step = 1;
      slider.setAttribute("aria-label", h.name + (log ? " (log scale)" : ""));
      slider.setAttribute("aria-valuetext", String(value));
      const field = document.createElement("input");
      field.type = "number"; field.step = "any"; field.value = value; field.id = id;
      const toSlider = v => (log ? Math.log(v / low) / Math.log(high / low) : (v - low) / (high - low)) * 1000;
      const fromSlider = t => {
        const v = log ? low * Math.pow(high / low, t / 1000) : low + (high - low) * t / 1000;
        return h.kind === "int" ? Math.round(v) : Number(v.toPrecision(3));
      };
      slider.value = Math.max(0, Math.min(1000, toSlider(Number(value))));
      slider.addEventListener("input", () => {
        const v = fromSlider(Number(slider.value));
        field.value = v; slider.setAttribute("aria-valuetext", String(v));
        store(v);
      });
      field.addEventListener("change", () => { slider.value = Math.max(0, Math.min(1000, toSlider(Number(field.value)))); store(field.value); });
      row.append(slider, field);
    }
    return row;
  }

  let functionTimer = 0;
  function changed(runsOnly) {
    if (runsOnly) { refreshRuns(); refreshBasins(); saveHash(); return; }
    saveHash();
    clearTimeout(functionTimer);
    functionTimer = setTimeout(refreshFunction, 120);
  }

  function wireControls() {
    $("function").addEventListener("input", () => { state.f = $("function").value.trim(); state.box = null; fresh = true; changed(); });
    $("catalog").addEventListener("change", () => {
      if (!$("catalog").value) return;
      state.f = $("catalog").value; state.box = null; state.x0 = null; $("function").value = state.f; changed();
    });
    const box = () => {
      const v = ["box-x-low", "box-x-high", "box-y-low", "box-y-high"].map(id => Number($(id).value));
      state.box = page.dimension === 1 ? [[v[0], v[1]]] : [[v[0], v[1]], [v[2], v[3]]];
      changed();
    };
    ["box-x-low", "box-x-high", "box-y-low", "box-y-high"].forEach(id => $(id).addEventListener("change", box));
    const start = () => {
      state.x0 = page.dimension === 1 ? [Number($("start-x").value)] : [Number($("start-x").value), Number($("start-y").value)];
      changed(true);
    };
    $("start-x").addEventListener("change", start);
    $("start-y").addEventListener("change", start);
    const optional = id => ($(id).value === "" ? null : Number($(id).value));
    // The box the runs keep to: compare's --bounds (lbfgsb keeps to it) and --constrain (every method does).
    const bounds = () => {
      const v = ["bounds-x-low", "bounds-x-high", "bounds-y-low", "bounds-y-high"].map(id => Number($(id).value));
      state.bounds = !$("bounded").checked ? null : page.dimension === 1 ? [[v[0], v[1]]] : [[v[0], v[1]], [v[2], v[3]]];
      if (!state.bounds) state.constrain = false;
      changed(true);
    };
    ["bounded", "bounds-x-low", "bounds-x-high", "bounds-y-low", "bounds-y-high"].forEach(id => $(id).addEventListener("change", bounds));
    $("constrain").addEventListener("change", () => {
      state.constrain = $("constrain").checked;
      if (state.constrain) $("bounded").checked = true;
      bounds();
    });
    $("max-iter").addEventListener("change", () => { state.maxIter = Number($("max-iter").value); changed(true); });
    $("grad-tol").addEventListener("change", () => { state.gradTol = Number($("grad-tol").value); changed(true); });
    $("f-tol").addEventListener("change", () => { state.fTol = optional("f-tol"); changed(true); });
    $("target").addEventListener("change", () => { state.target = optional("target"); changed(true); });
    $("add-optimizer").addEventListener("click", () => {
      state.optimizers.push({ method: $("add-method").value, settings: {} });
      buildOptimizers(); changed(true);
    });
    Object.keys(state.overlays).forEach(k => $("overlay-" + k).addEventListener("change", () => {
      state.overlays[k] = $("overlay-" + k).checked;
      saveHash();
      if (k === "critical") refreshCritical(); else if (k === "basins") refreshBasins(); else if (k === "sweep") refreshSweep(); else refreshEigen();
    }));
    $("overlay-for").addEventListener("change", () => {
      state.overlayFor = Number($("overlay-for").value); saveHash(); refreshBasins(); refreshSweep(); refreshEigen();
    });
    ["map", "surface", "curve", "landscape"].forEach(v => $("tab-" + v).addEventListener("click", () => { state.view = v; changed(); }));
    LANDSCAPE_KEYS.forEach(k => $("ls-" + k).addEventListener("change", () => { state.landscape[k] = $("ls-" + k).value.trim(); changed(); }));
    $("scrubber").addEventListener("input", () => { state.iter = Number($("scrubber").value); drawScrub(); saveHash(); if (state.overlays.eigen) refreshEigen(); });
    $("copy-command").addEventListener("click", () => copy(commandLine()));
    $("copy-csharp").addEventListener("click", () => copy(csharp()));
    window.addEventListener("hashchange", () => { if (location.hash !== toHash() && fromHash(location.hash)) { $("function").value = state.f; buildOptimizers(); refreshFunction(); } });
    window.addEventListener("resize", () => draw());
  }

  // ---- share ----
  const quote = s => (/^[A-Za-z0-9_.,:=+\-/]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");

  function commandLine() {
    if (state.view === "landscape")
      return "downhill landscape " + LANDSCAPE_KEYS.filter(k => state.landscape[k] !== null && state.landscape[k] !== "").map(k => "--" + k + "=" + quote(String(state.landscape[k]))).join(" ");
    return "downhill compare " + compareFlags().map(([k, v]) => {
      if (k === "f" || k === "o") return "-" + k + " " + quote(String(v));
      if (k === "constrain") return "--constrain";
      return "--" + k + "=" + quote(String(v));
    }).join(" ");
  }

  function csharp() {
    const rules = ["new MaxIterations(" + state.maxIter + ")", "new GradientTolerance(" + state.gradTol + ")"];
    if (state.fTol !== null) rules.push("new FunctionTolerance(" + state.fTol + ")");
    if (state.target !== null) rules.push("new Target(" + state.target + ")");
    const csNumber = v => (isFinite(v) ? String(v) : v > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity");
    const box = state.bounds ? ["var box = new Bounds([" + state.bounds.map(r => csNumber(r[0])).join(", ") + "], [" + state.bounds.map(r => csNumber(r[1])).join(", ") + "]);"] : [];
    // With a box, each run says whether it keeps to it (lbfgsb always; every method under --constrain).
    const runs = state.bounds
      ? ["foreach (var (spec, keepsToBox) in new[] { " + state.optimizers.map((o, k) => "(" + JSON.stringify(specOf(o)) + ", " + keepsToBounds(k) + ")").join(", ") + " })",
        "{",
        "    RunResult result = Minimizer.Run(f.Objective, [" + state.x0.join(", ") + "], Methods.Parse(spec), keepsToBox ? options with { Bounds = box } : options);"]
      : ["foreach (string spec in new[] { " + state.optimizers.map(o => JSON.stringify(specOf(o))).join(", ") + " })",
        "{",
        "    RunResult result = Minimizer.Run(f.Objective, [" + state.x0.join(", ") + "], Methods.Parse(spec), options);"];
    return [
      "using Downhill.Functions; using Downhill.Optimizers; using Downhill.Running; using Downhill.Stopping;" + (state.bounds ? " using Downhill.Constraints;" : ""),
      "",
      "var f = FunctionResolver.Resolve(" + JSON.stringify(state.f) + ");",
      "var stopping = StoppingRules.Default" + rules.map(r => ".With(" + r + ")").join("") + ";",
      "var options = RunOptions.Default with { Stopping = stopping };",
      ...box,
      ...runs,
      "    Console.WriteLine($\"{spec}: f = {result.F} at ({string.Join(\", \", result.X)}), {result.Stop.ToName()}\");",
      "}",
    ].join("\n");
  }

  function copy(text) {
    const out = $("copied");
    out.textContent = text;
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => { });
  }

  function updateDownloads() {
    const query = compareFlags().map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&");
    $("download-svg").href = "/api/figure?" + query + "&format=svg";
    $("download-png").href = "/api/figure?" + query + "&format=png";
  }

  // ---- drawing ----
  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // A run's iterates as numbers (the API writes NaN and infinities as strings), worked out once per answer.
  const numericTraces = new WeakMap();
  function traceOf(r) {
    if (!numericTraces.has(r)) numericTraces.set(r, r.trace.map(t => ({ iter: t.iter, x: t.x.map(num), f: num(t.f), g: num(t.gradNorm), state: t.state })));
    return numericTraces.get(r);
  }

  function longest() { return page.results.reduce((m, r) => Math.max(m, r.trace.length), 0); }

  function currentPoint(k) {
    const r = page.results[k];
    if (!r) return null;
    const t = r.trace[Math.min(state.iter, r.trace.length - 1)];
    return t.x.map(num);
  }

  // Axes, ticks and a clip for a plot rectangle; returns the mapping.
  function frame(svg, rect, xRange, yRange, names, log) {
    const x = F.makeAxis(xRange[0] + " " + xRange[1] + " " + (log && log.x ? "log" : "linear"), rect.left, rect.left + rect.width);
    const y = F.makeAxis(yRange[0] + " " + yRange[1] + " " + (log && log.y ? "log" : "linear"), rect.top + rect.height, rect.top);
    const axes = el("g", { class: "axes" }, svg);
    el("rect", { x: rect.left, y: rect.top, width: rect.width, height: rect.height, fill: "none", stroke: "#444444" }, axes);
    const attrs = { "font-size": "11", fill: "#333333" };
    const xt = (x.log ? F.logTicks : F.linearTicks)(x.min, x.max, Math.max(2, Math.floor(rect.width / 80)));
    const yt = (y.log ? F.logTicks : F.linearTicks)(y.min, y.max, Math.max(2, Math.floor(rect.height / 40)));
    let d = "";
    xt.forEach(t => { const p = Math.round(x.map(t.v) * 100) / 100; if (!isFinite(p)) return; d += "M" + p + " " + (rect.top + rect.height) + "v5"; axes.appendChild(F.text(p, rect.top + rect.height + 17, t.label, Object.assign({ "text-anchor": "middle" }, attrs))); });
    yt.forEach(t => { const p = Math.round(y.map(t.v) * 100) / 100; if (!isFinite(p)) return; d += "M" + rect.left + " " + p + "h-5"; axes.appendChild(F.text(rect.left - 8, p + 4, t.label, Object.assign({ "text-anchor": "end" }, attrs))); });
    el("path", { d, stroke: "#444444" }, axes);
    axes.appendChild(F.text(rect.left + rect.width / 2, rect.top + rect.height + 33, names[0], { "text-anchor": "middle", "font-size": "12", "font-style": "italic" }));
    axes.appendChild(F.text(rect.left - 44, rect.top + rect.height / 2, names[1], { "text-anchor": "middle", "font-size": "12", "font-style": "italic",
      transform: "rotate(-90 " + (rect.left - 44) + " " + (rect.top + rect.height / 2) + ")" }));
    const clip = "clip" + Math.random().toString(36).slice(2);
    const defs = el("defs", {}, svg);
    el("rect", { x: rect.left, y: rect.top, width: rect.width, height: rect.height }, el("clipPath", { id: clip }, defs));
    const inside = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    return { x, y, inside, rect };
  }

  // "M x y L x y …" through screen points, or nothing where one of them is not finite.
  function segment(points) {
    if (!points.every(p => Math.abs(p[0]) < 1e6 && Math.abs(p[1]) < 1e6)) return "";
    return points.map((p, k) => (k ? "L" : "M") + p[0].toFixed(2) + " " + p[1].toFixed(2)).join("");
  }

  // A polyline that breaks where a point is not finite.
  function pathData(points, m) {
    let d = "", pen = false;
    points.forEach(p => {
      if (!isFinite(p[0]) || !isFinite(p[1]) || (m.y.log && p[1] <= 0) || (m.x.log && p[0] <= 0)) { pen = false; return; }
      const sx = m.x.map(p[0]), sy = m.y.map(p[1]);
      if (!isFinite(sx) || !isFinite(sy) || Math.abs(sx) > 1e6 || Math.abs(sy) > 1e6) { pen = false; return; }
      d += (pen ? "L" : "M") + sx.toFixed(2) + " " + sy.toFixed(2);
      pen = true;
    });
    return d;
  }

  function cross(g, sx, sy, colour, size, label) {
    const s = size || 6;
    const c = el("path", { d: segment([[sx - s, sy - s], [sx + s, sy + s]]) + segment([[sx - s, sy + s], [sx + s, sy - s]]),
      stroke: colour, "stroke-width": 3, class: "diverged" }, g);
    if (label) el("title", {}, c).textContent = label;
    return c;
  }

  function marker(g, kind, sx, sy) {
    if (!isFinite(sx) || !isFinite(sy)) return;
    sx = Math.round(sx * 100) / 100; sy = Math.round(sy * 100) / 100;
    const s = 6;
    const d = kind === "minimum" ? "M" + (sx - s) + " " + (sy - s * 0.8) + "h" + 2 * s + "L" + sx + " " + (sy + s) + "Z"
      : kind === "maximum" ? "M" + (sx - s) + " " + (sy + s * 0.8) + "h" + 2 * s + "L" + sx + " " + (sy - s) + "Z"
      : kind === "saddle" ? "M" + (sx - s) + " " + (sy - s) + "L" + (sx + s) + " " + (sy + s) + "M" + (sx - s) + " " + (sy + s) + "L" + (sx + s) + " " + (sy - s)
      : "M" + sx + " " + (sy - s) + "L" + (sx + s) + " " + sy + "L" + sx + " " + (sy + s) + "L" + (sx - s) + " " + sy + "Z";
    const m = el("path", { d, fill: "#ffffff", stroke: kind === "saddle" ? "#ffffff" : "#000000", "stroke-width": kind === "saddle" ? 3 : 1.2, class: "critical " + kind }, g);
    if (kind === "saddle") el("path", { d, stroke: "#000000", "stroke-width": 1.2 }, g);
    el("title", {}, m).textContent = kind;
  }

  const stage = () => $("stage");
  // The map's layers as last drawn (what they were drawn for, the paths' group and the axes' mapping), and the contours.
  let mapFrame = null, surface = null, bands = null, map = null;

  function draw() {
    if (state.view === "landscape") { drawLandscapeView(); return; }
    // No box: a new function's grid is on its way (typing clears the box), and it draws when it comes.
    if (!page.grid || !state.box) return;
    const host = stage();
    const width = Math.max(300, host.clientWidth);
    const height = Math.round(Math.min(560, Math.max(280, width * 0.72)));
    // On the map, new paths (a slider, a drag) redraw the paths' layer only: the contours, axes and overlays stay.
    const layers = [page.grid, width, height, String(state.box), page.critical, page.basins, page.eigen];
    if (page.dimension === 2 && state.view === "map" && map && map.layers.every((v, k) => v === layers[k])) drawRuns(map.runs, map.frame);
    else {
      host.replaceChildren();
      surface = null;
      mapFrame = null;
      map = null;
      host.style.height = height + "px";
      if (page.dimension === 1) drawCurve(host, width, height);
      else if (state.view === "surface") drawSurface(host, width, height);
      else map = Object.assign(drawMap(host, width, height), { layers });
    }
    const n = longest();
    const scrub = $("scrubber");
    scrub.max = Math.max(0, n - 1);
    if (n > 0 && state.iter > n - 1) state.iter = n - 1;
    scrub.value = state.iter;
    drawCurves();
    drawEvents();
    drawScrub();
    updateDownloads();
    syncControls();
    page.ready = true;
  }

  function drawMap(host, width, height) {
    const grid = page.grid;
    const rect = { left: 60, top: 10, width: width - 74, height: height - 52 };
    // The contours change with the grid and the size only: a redraw for new paths puts the same canvas back.
    if (!bands || bands.grid !== grid || bands.width !== rect.width || bands.height !== rect.height) {
      const canvas = document.createElement("canvas");
      canvas.className = "bands";
      Object.assign(canvas.style, { left: rect.left + "px", top: rect.top + "px", width: rect.width + "px", height: rect.height + "px" });
      paintBands(canvas, grid, rect);
      bands = { grid, width: rect.width, height: rect.height, canvas };
    }
    host.appendChild(bands.canvas);
    const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "map", role: "img",
      "aria-label": "contour map of " + grid.function + " with the optimizers' paths" }, host);
    const m = frame(svg, rect, state.box[0], state.box[1], grid.variables);
    mapFrame = m;
    const g = m.inside;
    if (page.basins) drawBasins(g, m);
    page.critical.forEach(p => marker(g, p.kind, m.x.map(num(p.x[0])), m.y.map(num(p.x[1]))));
    drawEigen(g, m);
    const runs = el("g", { class: "runs" }, g);
    el("g", { class: "scrub-points" }, svg);
    const start = el("circle", { r: 6, fill: "#ffffff", stroke: "#000000", "stroke-width": 2, class: "start" }, svg);
    el("title", {}, start).textContent = "start (drag to move)";
    drawRuns(runs, m);
    wireMap(svg, m);
    return { runs, frame: m };
  }

  // The box the runs keep to (--bounds): outside it shaded, its edge dashed; an infinite side runs past the frame.
  function drawBounds(g, m, yRange) {
    if (!state.bounds) return;
    const r = m.rect, outer = [r.left - 20, r.top - 20, r.left + r.width + 20, r.top + r.height + 20];
    const edge = (axis, v, beyond) => (isFinite(v) ? Math.max(outer[0 + (axis === m.y ? 1 : 0)], Math.min(outer[2 + (axis === m.y ? 1 : 0)], axis.map(v))) : beyond);
    const [bx, by] = state.bounds;
    const left = edge(m.x, bx[0], outer[0]), right = edge(m.x, bx[1], outer[2]);
    const ys = by || yRange;
    const bottom = ys ? edge(m.y, ys[0], outer[3]) : outer[3], top = ys ? edge(m.y, ys[1], outer[1]) : outer[1];
    const rect = (a, b, c, d) => "M" + a + " " + b + "H" + c + "V" + d + "H" + a + "Z";
    const group = el("g", { class: "bounds" }, g);
    el("path", { d: rect(outer[0], outer[1], outer[2], outer[3]) + rect(left, top, right, bottom), "fill-rule": "evenodd", fill: "#000000", opacity: 0.35 }, group);
    el("path", { d: rect(left, top, right, bottom), fill: "none", stroke: "#ffffff", "stroke-width": 3 }, group);
    el("path", { d: rect(left, top, right, bottom), fill: "none", stroke: "#000000", "stroke-width": 1.5, "stroke-dasharray": "6 4", class: "bounds-edge" }, group);
    el("title", {}, group).textContent = "the box the runs keep to: " + rangesText(state.bounds);
  }

  // The paths' layer of the map: the bounds, each run's path, its end (or × where it diverged), and the start.
  function drawRuns(g, m) {
    g.replaceChildren();
    drawBounds(g, m);
    page.results.forEach((r, k) => {
      const trace = traceOf(r);
      const colour = colourOf(k);
      const d = pathData(trace.map(t => t.x), m);
      el("path", { d, stroke: "#ffffff", "stroke-width": 4, fill: "none", "stroke-linejoin": "round", opacity: 0.85 }, g);
      el("path", { d, stroke: colour, "stroke-width": 2, fill: "none", "stroke-linejoin": "round", class: "run", "data-run": k }, g);
      const last = trace.filter(t => t.x.every(isFinite)).pop();
      if (last) {
        const sx = m.x.map(last.x[0]), sy = m.y.map(last.x[1]);
        if (r.stop === "diverged") cross(g, sx, sy, colour, 7, specOf(state.optimizers[k]) + " diverged");
        else el("rect", { x: sx - 4, y: sy - 4, width: 8, height: 8, fill: colour, stroke: "#ffffff", "stroke-width": 1.5, class: "end" }, g);
      }
    });
    const start = g.ownerSVGElement.querySelector(".start");
    start.setAttribute("cx", m.x.map(state.x0[0]));
    start.setAttribute("cy", m.y.map(state.x0[1]));
  }

  // Filled contours: each pixel takes the colour of the band its bilinearly interpolated value falls in; pixels
  // where the band changes are darkened into contour lines.
  function paintBands(canvas, grid, rect) {
    const w = Math.max(2, Math.round(rect.width)), h = Math.max(2, Math.round(rect.height));
    canvas.width = w; canvas.height = h;
    const nx = grid.xs.length, ny = grid.ys.length;
    const values = new Float64Array(nx * ny);
    grid.values.forEach((row, j) => row.forEach((v, i) => { values[j * nx + i] = num(v); }));
    const levels = grid.levels.map(num), colours = grid.bandColors.map(F.rgbOf);
    const bands = new Int16Array(w * h);
    for (let py = 0; py < h; py++) {
      const v = (1 - py / (h - 1)) * (ny - 1), j = Math.min(ny - 2, Math.floor(v)), ty = v - j;
      for (let px = 0; px < w; px++) {
        const u = px / (w - 1) * (nx - 1), i = Math.min(nx - 2, Math.floor(u)), tx = u - i;
        const a = values[j * nx + i], b = values[j * nx + i + 1], c = values[(j + 1) * nx + i], d = values[(j + 1) * nx + i + 1];
        const value = (a + tx * (b - a)) * (1 - ty) + (c + tx * (d - c)) * ty;
        let band = -1;
        if (isFinite(value)) {
          let lo = 0, hi = levels.length;
          while (lo < hi) { const mid = (lo + hi) >> 1; if (value >= levels[mid]) lo = mid + 1; else hi = mid; }
          band = lo;
        }
        bands[py * w + px] = band;
      }
    }
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(w, h);
    for (let p = 0; p < w * h; p++) {
      const band = bands[p];
      const rgb = band < 0 ? MISSING : colours[band];
      const edge = band >= 0 && ((p % w < w - 1 && bands[p + 1] !== band) || (p + w < w * h && bands[p + w] !== band));
      const k = edge ? 0.62 : 1;
      image.data[4 * p] = rgb[0] * k; image.data[4 * p + 1] = rgb[1] * k; image.data[4 * p + 2] = rgb[2] * k; image.data[4 * p + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function drawBasins(g, m) {
    const b = page.basins, xs = b.x.map(num), ys = b.y.map(num);
    const half = (v, k) => (k + 1 < v.length ? (v[k + 1] - v[k]) / 2 : (v[k] - v[k - 1]) / 2);
    const group = el("g", { class: "basins", opacity: 0.45 }, g);
    b.labels.forEach((row, j) => row.forEach((label, i) => {
      const x0 = m.x.map(xs[i] - half(xs, i)), x1 = m.x.map(xs[i] + half(xs, i));
      const y0 = m.y.map(ys[j] + half(ys, j)), y1 = m.y.map(ys[j] - half(ys, j));
      el("rect", { x: x0, y: y0, width: x1 - x0 + 0.5, height: y1 - y0 + 0.5, fill: label >= 0 ? COLOURS[label % COLOURS.length] : label === -1 ? "#000000" : "#d9d9d9" }, group);
    }));
    b.minima.forEach((minimum, k) => {
      const c = el("circle", { cx: m.x.map(num(minimum.x[0])), cy: m.y.map(num(minimum.x[1])), r: 5, fill: COLOURS[k % COLOURS.length], stroke: "#ffffff", "stroke-width": 2, class: "basin-minimum" }, g);
      el("title", {}, c).textContent = "minimum " + (k + 1) + ": f = " + F.format(num(minimum.f)) + ", basin share " + (num(minimum.share) * 100).toFixed(1) + "%";
    });
  }

  function drawEigen(g, m) {
    const e = page.eigen;
    if (!e || !e.eigenvectors) return;
    const at = e.x.map(num);
    const reach = 0.12 * Math.min(state.box[0][1] - state.box[0][0], state.box[1][1] - state.box[1][0]);
    const group = el("g", { class: "eigen" }, g);
    e.eigenvectors.forEach((v, k) => {
      const lambda = num(e.eigenvalues[k]);
      const colour = lambda > 0 ? "#0072B2" : lambda < 0 ? "#D55E00" : "#777777";
      const a = [m.x.map(at[0] - reach * v[0]), m.y.map(at[1] - reach * v[1])], b = [m.x.map(at[0] + reach * v[0]), m.y.map(at[1] + reach * v[1])];
      el("path", { d: segment([a, b]), stroke: "#ffffff", "stroke-width": 5 }, group);
      el("path", { d: segment([a, b]), stroke: colour, "stroke-width": 2.5, class: "eigenvector" }, group);
      group.appendChild(F.text(b[0] + 6, b[1] - 6, "λ = " + F.format(lambda), { "font-size": "12", fill: "#000000", stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" }));
    });
  }

  // Click or drag sets the start (the paths follow while dragging); the wheel zooms the box; arrow keys move the start.
  function wireMap(svg, m) {
    let dragging = false;
    const toData = e => {
      const box = svg.getBoundingClientRect();
      return [m.x.unmap(e.clientX - box.left), m.y.unmap(e.clientY - box.top)];
    };
    const inside = p => p[0] >= state.box[0][0] && p[0] <= state.box[0][1] && p[1] >= state.box[1][0] && p[1] <= state.box[1][1];
    const moveTo = p => {
      const r = v => Number(v.toPrecision(4));
      state.x0 = [r(p[0]), r(p[1])];
      const start = svg.querySelector(".start");
      start.setAttribute("cx", m.x.map(state.x0[0]));
      start.setAttribute("cy", m.y.map(state.x0[1]));
      page.pendingSince = page.pendingSince === null ? performance.now() : page.pendingSince;
      refreshRuns();
    };
    svg.addEventListener("pointerdown", e => {
      const p = toData(e);
      if (!inside(p)) return;
      dragging = true;
      svg.setPointerCapture(e.pointerId);
      moveTo(p);
    });
    svg.addEventListener("pointermove", e => {
      const p = toData(e);
      if (dragging && inside(p)) { moveTo(p); return; }
      if (!inside(p)) { $("readout").hidden = true; return; }
      const lines = [page.grid.variables[0] + " = " + F.format(p[0]) + ", " + page.grid.variables[1] + " = " + F.format(p[1])];
      const value = interpolate(p);
      if (isFinite(value)) lines.push("f ≈ " + F.format(value));
      F.showReadout(lines, e.clientX, e.clientY, $("readout"), $("views"));
    });
    svg.addEventListener("pointerup", () => { if (dragging) { dragging = false; refreshBasins(); } });
    svg.addEventListener("pointerleave", () => { $("readout").hidden = true; });
    svg.addEventListener("wheel", e => {
      e.preventDefault();
      zoom(toData(e), Math.exp(e.deltaY * 0.0015));
    }, { passive: false });
    svg.addEventListener("dblclick", () => { state.box = null; changed(); });
  }

  function zoom(centre, factor) {
    state.box = state.box.map((r, i) => [centre[i] - (centre[i] - r[0]) * factor, centre[i] + (r[1] - centre[i]) * factor].map(v => Number(v.toPrecision(6))));
    changed();
  }

  function interpolate(p) {
    const g = page.grid, xs = g.xs.map(num), ys = g.ys.map(num);
    const u = (p[0] - xs[0]) / (xs[xs.length - 1] - xs[0]) * (xs.length - 1), v = (p[1] - ys[0]) / (ys[ys.length - 1] - ys[0]) * (ys.length - 1);
    const i = Math.min(xs.length - 2, Math.floor(u)), j = Math.min(ys.length - 2, Math.floor(v));
    if (i < 0 || j < 0) return NaN;
    const at = (a, b) => num(g.values[b][a]);
    const tx = u - i, ty = v - j;
    return (at(i, j) + tx * (at(i + 1, j) - at(i, j))) * (1 - ty) + (at(i, j + 1) + tx * (at(i + 1, j + 1) - at(i, j + 1))) * ty;
  }

  function drawSurface(host, width, height) {
    const grid = page.grid;
    const levels = grid.levels.map(num), colours = grid.bandColors.map(F.rgbOf);
    let lo = Infinity, hi = -Infinity;
    grid.values.forEach(row => row.forEach(v => { v = num(v); if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }));
    const bandColour = t => {
      if (!isFinite(t)) return MISSING;
      const value = lo + t * (hi - lo);
      let band = 0;
      while (band < levels.length && value >= levels[band]) band++;
      return colours[band];
    };
    const paths = page.results.map((r, k) => ({
      label: specOf(state.optimizers[k]), color: colourOf(k),
      points: traceOf(r).filter(t => t.x.every(isFinite) && isFinite(t.f)).map(t => [t.x[0], t.x[1], t.f]),
    }));
    surface = F.surfaceCanvas(host, [0, 0, width, height], {
      grid: { xs: grid.xs, ys: grid.ys, values: grid.values }, paths, style: "shaded",
      azimuth: -55, elevation: 30, halfHeight: 0.7, variables: grid.variables,
    }, bandColour, $("readout"));
    surface.canvas.setAttribute("aria-label", "surface of " + grid.function + ": drag to turn, wheel to zoom");
  }

  // One variable: f with the iterates above, f′ with their slopes below; a click on either sets the start.
  function drawCurve(host, width, height) {
    const grid = page.grid, xs = grid.xs.map(num), f = grid.values.map(num), slope = grid.derivatives.map(num);
    const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "curve", role: "img", "aria-label": "f and its derivative" }, host);
    const half = (height - 20) / 2;
    const top = { left: 60, top: 10, width: width - 74, height: half - 44 };
    const bottom = { left: 60, top: half + 10, width: width - 74, height: half - 44 };
    const steps = page.results.map(traceOf);
    const stepF = steps.flatMap(t => t.map(s => s.f)).filter(v => isFinite(v) && Math.abs(v) < 1e6);
    const mTop = frame(svg, top, state.box[0], range(f.concat(stepF)), [grid.variables[0], "f"]);
    const mBottom = frame(svg, bottom, state.box[0], range(slope.concat([0])), [grid.variables[0], "f′"]);
    el("path", { d: pathData(xs.map((x, k) => [x, f[k]]), mTop), stroke: "#0072B2", "stroke-width": 2.2, fill: "none" }, mTop.inside);
    el("path", { d: segment([[bottom.left, mBottom.y.map(0)], [bottom.left + bottom.width, mBottom.y.map(0)]]), stroke: "#888888", "stroke-dasharray": "4 3" }, mBottom.inside);
    el("path", { d: pathData(xs.map((x, k) => [x, slope[k]]), mBottom), stroke: "#009E73", "stroke-width": 2.2, fill: "none" }, mBottom.inside);
    drawBounds(mTop.inside, mTop, null);
    drawBounds(mBottom.inside, mBottom, null);
    steps.forEach((trace, k) => {
      const colour = colourOf(k);
      el("path", { d: pathData(trace.map(t => [t.x[0], t.f]), mTop), stroke: colour, "stroke-width": 1.2, "stroke-dasharray": "4 3", fill: "none", class: "run" }, mTop.inside);
      trace.forEach(t => {
        if (!isFinite(t.x[0]) || !isFinite(t.f)) return;
        el("circle", { cx: mTop.x.map(t.x[0]), cy: mTop.y.map(t.f), r: 3, fill: colour }, mTop.inside);
        const d = interpolateCurve(t.x[0], slope);
        if (isFinite(d)) el("circle", { cx: mBottom.x.map(t.x[0]), cy: mBottom.y.map(d), r: 3, fill: colour }, mBottom.inside);
      });
      const last = trace.filter(t => isFinite(t.x[0]) && isFinite(t.f)).pop();
      if (last && page.results[k].stop === "diverged") cross(mTop.inside, mTop.x.map(last.x[0]), mTop.y.map(last.f), colour, 7);
    });
    mapFrame = mTop;
    el("g", { class: "scrub-points" }, svg);
    const start = el("circle", { cx: mTop.x.map(state.x0[0]), cy: mTop.y.map(interpolateCurve(state.x0[0])), r: 6, fill: "#ffffff", stroke: "#000000", "stroke-width": 2, class: "start" }, svg);
    el("title", {}, start).textContent = "start (click or drag to move)";
    let dragging = false;
    const move = e => {
      const box = svg.getBoundingClientRect();
      const x = mTop.x.unmap(e.clientX - box.left);
      if (x < state.box[0][0] || x > state.box[0][1]) return;
      state.x0 = [Number(x.toPrecision(4))];
      start.setAttribute("cx", mTop.x.map(state.x0[0]));
      start.setAttribute("cy", mTop.y.map(interpolateCurve(state.x0[0])));
      page.pendingSince = page.pendingSince === null ? performance.now() : page.pendingSince;
      refreshRuns();
    };
    svg.addEventListener("pointerdown", e => { dragging = true; svg.setPointerCapture(e.pointerId); move(e); });
    svg.addEventListener("pointermove", e => { if (dragging) move(e); });
    svg.addEventListener("pointerup", () => { dragging = false; });
  }

  // The finite values' span, padded by a twentieth.
  function range(values) {
    const finite = values.filter(isFinite);
    let lo = Math.min(...finite), hi = Math.max(...finite);
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const pad = 0.05 * (hi - lo);
    return [lo - pad, hi + pad];
  }

  // ---- the landscape view: a network's loss on a slice through its trained weights ----
  const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];

  // Contour levels for the slice's loss (log-spaced where it spans decades) and a viridis colour per band.
  function sliceLevels(values) {
    const finite = values.flat().map(num).filter(isFinite);
    const lo = Math.min(...finite), hi = Math.max(...finite), count = 14;
    const log = lo > 0 && hi / lo > 30;
    const levels = [];
    for (let k = 1; k <= count; k++) levels.push(log ? lo * Math.pow(hi / lo, k / (count + 1)) : lo + (hi - lo) * k / (count + 1));
    const colour = t => {
      const u = t * (VIRIDIS.length - 1), i = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - i;
      const [a, b] = [F.rgbOf(VIRIDIS[i]), F.rgbOf(VIRIDIS[i + 1])];
      return "#" + a.map((c, j) => Math.round(c + f * (b[j] - c)).toString(16).padStart(2, "0")).join("");
    };
    return { levels, bandColors: levels.concat([hi]).map((_, k) => colour(k / count)) };
  }

  function drawLandscapeView() {
    const host = stage(), s = page.landscape;
    const width = Math.max(300, host.clientWidth), height = Math.round(Math.min(560, Math.max(280, width * 0.72)));
    host.replaceChildren();
    map = null; mapFrame = null; surface = null;
    host.style.height = height + "px";
    if (s && !s.error) drawSlice(host, width, height, s);
    const items = !s ? [{ text: "training the network and slicing its loss…" }] : s.error ? [{ text: s.error }] : [
      { text: s.model + " on " + s.train.data + " (" + s.parameters + " parameters), weights " + s.weights + ": loss " + F.format(num(s.train.trainedLoss)) + " at the trained weights" },
      ...(s.eigenvalues.length ? [{ text: "the Hessian's eigenvalues along the axes: " + s.eigenvalues.map((v, k) => "λ" + (k + 1) + " = " + F.format(num(v))).join(", ") }] : []),
      ...s.findings.map(text => ({ text })),
      ...spectrumNotes(page.spectrum),
    ];
    showEvents(items);
    ["state", "curves", "sweep"].forEach(id => $(id).replaceChildren());
    if (page.spectrum && page.spectrum.top) drawSpectrum($("curves"), page.spectrum);
    syncControls();
    page.ready = !!s;
  }

  // 2/lr for a plain gradient-descent spec with its lr given (sgd:lr=0.5): the largest curvature it is stable on.
  function stableLimit() {
    const o = parseSpec(String(state.landscape.train));
    return /^(sgd|gd)$/.test(o.method) && o.settings.lr && !o.settings.momentum ? 2 / Number(o.settings.lr) : null;
  }

  // What lesson 12 reads off the spectrum: λmax (against 2/lr), the negative eigenvalues, the bulk near 0 and the outliers.
  function spectrumNotes(c) {
    if (!c) return [{ text: "computing the Hessian's spectrum…" }];
    if (c.error || !c.top) return [{ text: "spectrum: " + (c.error || c.reason) }];
    const values = c.top.map(num), max = Math.max(...values), n = values.length, limit = stableLimit();
    const all = n === c.parameters;
    const notes = ["the Hessian at the trained weights" + (all ? ", every one of its " + n + " eigenvalues" : ", its " + n + " largest eigenvalues") +
      ": λmax = " + F.format(max) + (limit ? " against 2/lr = " + F.format(limit) : "")];
    if (all) notes.push(values.filter(v => v < 0).length + " negative (" + values.filter(v => v < -max / 100).length + " below −λmax/100, the smallest " +
      F.format(Math.min(...values)) + "), " + values.filter(v => Math.abs(v) < max / 100).length + " within λmax/100 of 0, " +
      values.filter(v => v > max / 10).length + " above λmax/10");
    return notes.map(text => ({ text }));
  }

  // Every eigenvalue by rank, largest first, with 2/lr dashed.
  function drawSpectrum(host, c) {
    const values = c.top.map(num), limit = stableLimit();
    const width = Math.max(300, host.clientWidth || 600), height = 240;
    const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "chart spectrum", role: "img", "aria-label": "the Hessian's eigenvalues by rank" }, host);
    const m = frame(svg, { left: 62, top: 10, width: width - 74, height: height - 52 }, [1, Math.max(2, values.length)],
      range(values.concat(limit ? [limit, 0] : [0])), ["rank (1 = largest)", "eigenvalue λ"]);
    el("path", { d: segment([[m.rect.left, m.y.map(0)], [m.rect.left + m.rect.width, m.y.map(0)]]), stroke: "#888888" }, m.inside);
    if (limit) el("path", { d: segment([[m.rect.left, m.y.map(limit)], [m.rect.left + m.rect.width, m.y.map(limit)]]), stroke: "#D55E00", "stroke-dasharray": "6 4", class: "stable-limit" }, m.inside);
    values.forEach((v, k) => el("circle", { cx: m.x.map(k + 1), cy: m.y.map(v), r: 2.2, fill: "#0072B2", class: "eigenvalue" }, m.inside));
  }

  // The slice's training loss: filled contours over (α, β) with the trained (and initial) weights marked, or a curve over α.
  function drawSlice(host, width, height, s) {
    const rect = { left: 60, top: 10, width: width - 74, height: height - 52 };
    const xs = s.x.map(num);
    if (!s.y) {
      const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "slice", role: "img", "aria-label": "loss along the slice" }, host);
      const loss = s.train.loss[0].map(num);
      const m = frame(svg, rect, [xs[0], xs[xs.length - 1]], range(loss), ["α", "loss"]);
      el("path", { d: pathData(xs.map((x, k) => [x, loss[k]]), m), stroke: "#0072B2", "stroke-width": 2.2, fill: "none", class: "slice-line" }, m.inside);
      return;
    }
    const ys = s.y.map(num);
    const grid = Object.assign({ xs, ys, values: s.train.loss }, sliceLevels(s.train.loss));
    const canvas = document.createElement("canvas");
    canvas.className = "bands";
    Object.assign(canvas.style, { left: rect.left + "px", top: rect.top + "px", width: rect.width + "px", height: rect.height + "px" });
    paintBands(canvas, grid, rect);
    host.appendChild(canvas);
    const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "slice", role: "img",
      "aria-label": "training loss of " + s.model + " on a slice through its trained weights" }, host);
    const m = frame(svg, rect, [xs[0], xs[xs.length - 1]], [ys[0], ys[ys.length - 1]], s.directions === "eigen" ? ["α (eigenvector 1)", "β (eigenvector 2)"] : ["α", "β"]);
    [["trained", s.trained], ["initial", s.initial]].forEach(([name, at]) => {
      if (!at) return;
      const c = el("circle", { cx: m.x.map(num(at[0])), cy: m.y.map(num(at[1])), r: 6, fill: name === "trained" ? "#ffffff" : "#D55E00", stroke: "#000000", "stroke-width": 2, class: name }, svg);
      el("title", {}, c).textContent = name + " weights";
    });
  }

  // Where x falls between the curve's samples (of f, or of f′ when given).
  function interpolateCurve(x, samples) {
    const xs = page.grid.xs.map(num), f = (samples || page.grid.values).map(num);
    const u = (x - xs[0]) / (xs[xs.length - 1] - xs[0]) * (xs.length - 1), i = Math.max(0, Math.min(xs.length - 2, Math.floor(u)));
    return f[i] + (u - i) * (f[i + 1] - f[i]);
  }

  // Loss and gradient norm against iteration, log-scaled where every value is positive.
  function drawCurves() {
    const host = $("curves");
    host.replaceChildren();
    if (page.results.length === 0) return;
    const traces = page.results.map(traceOf);
    [["f", t => t.f, "loss"], ["‖∇f‖", t => t.g, "gradient norm"]].forEach(([name, value, title]) => {
      const width = Math.max(260, (host.clientWidth || 600) / 2 - 8), height = 220;
      const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "chart", role: "img", "aria-label": title + " against iteration" }, host);
      const values = traces.flatMap(t => t.map(value)).filter(v => isFinite(v) && Math.abs(v) < 1e100);
      if (values.length === 0) return;
      const log = values.every(v => v > 0);
      let lo = Math.min(...values), hi = Math.max(...values);
      if (log) { lo = Math.max(lo, hi * 1e-16); if (!(hi > lo)) hi = lo * 10; } else if (!(hi > lo)) { lo -= 1; hi += 1; }
      const xMax = Math.max(1, ...traces.map(t => t.length ? t[t.length - 1].iter : 1));
      const m = frame(svg, { left: 62, top: 10, width: width - 74, height: height - 52 }, [0, xMax], [lo, hi], ["iteration", name], { y: log });
      traces.forEach((t, k) => {
        const points = t.map(s => [s.iter, Math.max(value(s), log ? lo : -Infinity)]);
        el("path", { d: pathData(points, m), stroke: colourOf(k), "stroke-width": 1.8, fill: "none", class: "run" }, m.inside);
        const last = t.filter(s => isFinite(value(s))).pop();
        if (last && page.results[k].stop === "diverged") cross(m.inside, m.x.map(last.iter), m.y.map(Math.min(hi, Math.max(lo, value(last)))), colourOf(k), 6);
      });
      el("path", { class: "scrub-line", d: "", stroke: "#555555", "stroke-dasharray": "3 3" }, svg).dataset.frame = JSON.stringify([m.x.min, m.x.max, m.rect.left, m.rect.width, m.rect.top, m.rect.height]);
    });
  }

  function drawSweep() {
    const host = $("sweep");
    host.replaceChildren();
    const s = page.sweep;
    if (!s) return;
    const runs = s.runs.map(r => ({ lr: num(r.hyperparameters.lr), f: num(r.f), stop: r.stop }));
    const finite = runs.filter(r => isFinite(r.f) && r.stop !== "diverged");
    const width = Math.max(300, host.clientWidth || 600), height = 240;
    const svg = el("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "chart sweep", role: "img", "aria-label": "final f against learning rate" }, host);
    const values = finite.map(r => r.f);
    const log = values.length > 0 && values.every(v => v > 0);
    let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
    if (!(hi > lo)) { hi = log ? lo * 10 : lo + 1; }
    const m = frame(svg, { left: 62, top: 24, width: width - 74, height: height - 66 }, [runs[0].lr, runs[runs.length - 1].lr], [lo, hi], ["lr", "final f"], { x: true, y: log });
    el("path", { d: pathData(finite.map(r => [r.lr, r.f]), m), stroke: "#0072B2", "stroke-width": 1.8, fill: "none" }, m.inside);
    runs.forEach(r => {
      if (r.stop === "diverged" || !isFinite(r.f)) cross(m.inside, m.x.map(r.lr), m.rect.top + 8, "#D55E00", 5, "lr " + r.lr + " diverged");
      else el("circle", { cx: m.x.map(r.lr), cy: m.y.map(r.f), r: 3.5, fill: "#0072B2", class: "sweep-point" }, m.inside);
    });
    const o = overlayOptimizer();
    const lr = Number(o.settings.lr !== undefined ? o.settings.lr : methodOf(o.method).hyperparameters.find(h => h.name === "lr").default);
    el("path", { d: segment([[m.x.map(lr), m.rect.top], [m.x.map(lr), m.rect.top + m.rect.height]]), stroke: colourOf(state.overlayFor), "stroke-width": 2 }, m.inside);
    const stable = s.largestStableLr === null ? "none of those tried" : F.format(num(s.largestStableLr));
    svg.appendChild(F.text(m.rect.left, 16, specOf(o) + " from the start over lr: largest stable lr " + stable + (s.best ? ", best f " + F.format(num(s.best.f)) : ""), { "font-size": "12" }));
  }

  function drawEvents() {
    const items = [];
    page.results.forEach((r, k) => {
      const name = specOf(state.optimizers[k]);
      if (r.stop === "diverged") items.push({ k, text: "× " + name + " diverged after " + r.iterations + " iterations" });
      r.diagnostics.forEach(d => items.push({ k, text: name + ": " + d.kind + " (iteration " + d.iteration + "): " + d.evidence }));
    });
    showEvents(items);
  }

  function showEvents(items) {
    const list = $("events");
    list.replaceChildren();
    items.forEach(item => {
      const li = document.createElement("li");
      if (item.k !== undefined) li.style.borderColor = colourOf(item.k);
      li.textContent = item.text;
      list.appendChild(li);
    });
  }

  // The iterate at the scrubber for every run: marked on the map and the curves, and read out with its state.
  function drawScrub() {
    $("scrub-iteration").textContent = String(state.iter);
    const points = document.querySelector(".scrub-points");
    if (points) points.replaceChildren();
    const table = $("state");
    table.replaceChildren();
    if (page.results.length === 0) return;
    const stateKeys = [];
    page.results.forEach(r => { const s = r.trace[0] && r.trace[0].state; if (s) Object.keys(s).forEach(k => { if (!stateKeys.includes(k)) stateKeys.push(k); }); });
    const head = table.insertRow();
    ["optimizer", "iteration", "point", "f", "‖∇f‖", ...stateKeys, "stop"].forEach(h => { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    page.results.forEach((r, k) => {
      const t = r.trace[Math.min(state.iter, r.trace.length - 1)];
      const x = t.x.map(num);
      const row = table.insertRow();
      const cell = text => { row.insertCell().textContent = text; };
      const name = row.insertCell();
      name.textContent = specOf(state.optimizers[k]);
      name.style.borderLeft = "6px solid " + colourOf(k);
      cell(String(t.iter));
      cell("(" + x.map(v => F.format(v)).join(", ") + ")");
      cell(F.format(num(t.f)));
      cell(F.format(num(t.gradNorm)));
      stateKeys.forEach(key => {
        const v = t.state ? t.state[key] : undefined;
        cell(v === undefined ? "" : Array.isArray(v) ? "(" + v.map(e => F.format(num(e))).join(", ") + ")" : F.format(num(v)));
      });
      cell(r.stop + " after " + r.iterations);
      if (points && mapFrame && x.every(isFinite)) {
        const y = page.dimension === 1 ? num(t.f) : x[1];
        if (isFinite(y)) el("circle", { cx: mapFrame.x.map(x[0]), cy: mapFrame.y.map(y), r: 5.5, fill: colourOf(k), stroke: "#ffffff", "stroke-width": 2, class: "scrub-point" }, points);
      }
    });
    document.querySelectorAll(".scrub-line").forEach(line => {
      const [min, max, left, width, top, height] = JSON.parse(line.dataset.frame);
      const iteration = page.results[0].trace[Math.min(state.iter, page.results[0].trace.length - 1)].iter;
      const sx = left + (iteration - min) / (max - min) * width;
      line.setAttribute("d", segment([[sx, top], [sx, top + height]]));
    });
  }

  // Arrow keys move the start by 2% of the box; + and − zoom.
  function wireKeys() {
    stage().addEventListener("keydown", e => {
      if (!state.box || !state.x0) return;
      const step = state.box.map(r => 0.02 * (r[1] - r[0]));
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      if (moves[e.key]) {
        e.preventDefault();
        state.x0 = state.x0.map((v, i) => Number((v + moves[e.key][i] * step[i]).toPrecision(4)));
        page.pendingSince = performance.now();
        draw();
        refreshRuns();
      } else if (e.key === "+" || e.key === "-") {
        zoom(state.box.map(r => (r[0] + r[1]) / 2), e.key === "+" ? 0.8 : 1.25);
      }
    });
  }

  async function start() {
    const [functions, methods] = await Promise.all([api("functions", []), api("optimizers", [])]);
    page.functions = functions.body.functions;
    page.methods = methods.body;
    page.functions.forEach(f => {
      const option = document.createElement("option");
      option.value = f.name;
      option.textContent = f.name + " — " + f.description;
      $("catalog").appendChild(option);
    });
    page.methods.forEach(m => {
      const option = document.createElement("option");
      option.value = m.name;
      option.textContent = m.name;
      $("add-method").appendChild(option);
    });
    $("add-method").value = "adam";
    if (!fromHash(location.hash)) {
      state.x0 = [-0.5, 4.5];
      state.optimizers = [parseSpec("gd:lr=0.01"), parseSpec("momentum:lr=0.003"), parseSpec("adam:lr=0.3")];
    }
    $("function").value = state.f;
    buildOptimizers();
    wireControls();
    wireKeys();
    await refreshFunction();
    saveHash();
  }

  window.addEventListener("error", () => { page.errors++; });
  start();
})();
