// Token Atlas explorer: a collection's map of thumbnails on a canvas, drawn from the texture atlas.
// No framework and no build step: the daemon serves this file as it is.
(() => {
  'use strict';

  const API = 'api/v1';
  // The page follows the daemon's event stream; it polls only while the stream is down.
  const POLL_MS = 3000;
  const REFRESH_AFTER_EVENT_MS = 300;
  const NEIGHBOURS = 12;
  const LABEL_GAP = 4; // px kept clear between two cluster names
  // Below this many pixels a side, thumbnails are specks that hide each other in a clump: the map is
  // drawn as its density instead, in squares of DENSITY_CELL px, until zooming in makes them legible.
  const DETAIL_PX = 8;
  const DENSITY_CELL = 6;
  const CLUSTER_COLOURS = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6',
    '#bcf60c', '#fabebe', '#008080', '#e6beff', '#9a6324', '#fffac8', '#800000', '#aaffc3', '#808000', '#ffd8b1',
    '#000075', '#808080', '#ffffff', '#a9a9a9', '#ff7f50', '#7fffd4'];

  const $ = (id) => document.getElementById(id);
  const canvas = $('map');
  const ctx = canvas.getContext('2d');

  const state = {
    collection: null,     // id
    map: null,            // columnar map: {ids, x, y, gx, gy, cluster, index: Map id -> i}
    mapTag: null,
    atlas: null,          // {cell, columns, slotsPerSheet, slotOf: Map id -> slot, sheets: [Image]}
    atlasTag: null,
    mode: 'umap',
    blend: 0,             // 0 = map positions, 1 = grid positions (animated between)
    view: { scale: 1, x: 0, y: 0 }, // screen = world * scale + (x, y); world is the unit square
    highlight: null,      // Set of token ids matching the search, or null
    group: null,          // Set of token ids of the cluster or lasso shown in the panel, or null
    labels: [],           // the cluster names drawn last: {x, y, w, h, cluster, name} in screen px
    lasso: null,          // the points of a lasso being drawn (shift + drag), in screen px
    selected: null,
    hover: null,
    buckets: null,
    details: new Map(),   // token id -> its JSON (hover and panel)
    dirty: false,
    mapSerial: 0,         // counts map and atlas changes: a scene drawn before one is stale
    highlightSerial: 0,
    viewChangedAt: 0,
    animating: false,     // the map is morphing into the grid (or back)
    fitted: false,
  };

  // ---- HTTP -------------------------------------------------------------------------------

  // The browser revalidates with the ETag it holds (a 304 comes back as the cached answer); an
  // answer whose ETag is the one already shown is not parsed again.
  async function json(path, etag) {
    const response = await fetch(path, { cache: 'no-cache' });
    if (etag && response.ok && response.headers.get('ETag') === etag) return { unchanged: true };
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(`${path}: ${response.status} ${detail}`);
    }
    return { body: await response.json(), etag: response.headers.get('ETag') };
  }

  function showError(error) {
    const banner = $('banner');
    banner.textContent = String(error.message || error);
    banner.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => { banner.hidden = true; }, 6000);
  }

  // ---- collections and progress -----------------------------------------------------------

  /** Fills the picker; opens the collection named in the URL (or the first) when none is open. */
  async function loadCollections() {
    const { body } = await json(`${API}/collections`);
    const select = $('collection');
    // How a collection presents itself (ERC-7572 contractURI) first, else the contract's name().
    const presented = (c) => (c.contract && c.contract.metadata ? c.contract.metadata : {});
    const label = (c) => `${presented(c).name || c.name || 'Collection'} ${c.symbol ? '(' + c.symbol + ') ' : ''}#${c.id} · chain ${c.chainId}`;
    const listed = Array.from(select.options).map((o) => o.value + ' ' + o.textContent).join('\n');
    if (listed === body.map((c) => c.id + ' ' + label(c)).join('\n') && state.collection != null) return;
    select.innerHTML = '';
    for (const c of body) {
      const option = document.createElement('option');
      option.value = c.id;
      option.textContent = label(c);
      option.title = presented(c).description || '';
      select.appendChild(option);
    }
    if (body.length === 0) {
      state.collection = null;
      state.map = null;
      redraw();
      empty('No collection is registered yet. Register one with POST /api/v1/collections.');
      return;
    }
    if (body.some((c) => c.id === state.collection)) {
      select.value = state.collection; // a collection was added or removed: keep the one open
      return;
    }
    const wanted = Number(new URLSearchParams(location.hash.slice(1)).get('c'));
    const chosen = body.find((c) => c.id === wanted) || body[0];
    select.value = chosen.id;
    await open(chosen.id);
  }

  async function open(id) {
    state.collection = id;
    state.map = null; state.mapTag = null; state.atlas = null; state.atlasTag = null;
    state.highlight = null; state.highlightSerial++; state.selected = null; state.fitted = false;
    state.details.clear();
    $('search').value = ''; $('search-count').textContent = '';
    closePanel();
    empty(null);
    history.replaceState(null, '', `#c=${id}`);
    follow(id);
    await refresh();
  }

  async function refresh() {
    const id = state.collection;
    if (id == null) return;
    const { body } = await json(`${API}/collections/${id}`);
    if (id !== state.collection) return;
    showProgress(body);
    const map = await json(`${API}/collections/${id}/map?form=columnar`, state.mapTag);
    if (id !== state.collection) return;
    if (!map.unchanged) {
      state.mapTag = map.etag;
      setMap(map.body);
    }
    const atlas = await json(`${API}/collections/${id}/atlas?cell=32`, state.atlasTag);
    if (id !== state.collection) return;
    if (!atlas.unchanged) {
      state.atlasTag = atlas.etag;
      setAtlas(atlas.body);
    }
  }

  function showProgress(c) {
    const t = c.tokens || {};
    const total = Object.values(t).reduce((a, b) => a + b, 0);
    const pending = (t.discovered || 0) + (t.metadata_resolved || 0) + (t.image_fetched || 0);
    const indexing = c.status === 'BACKFILLING' || pending > 0;
    const progress = $('progress');
    progress.hidden = !indexing;
    if (indexing) {
      const done = (t.embedded || 0) + (t.failed || 0);
      $('progress-fill').style.width = `${total ? (100 * done / total).toFixed(1) : 0}%`;
      $('progress-text').textContent = c.status === 'BACKFILLING'
        ? `reading the chain (block ${c.cursorBlock} of ${c.headBlock ?? '?'}), ${t.embedded || 0} embedded`
        : `indexing: ${t.embedded || 0} of ${total} embedded, ${t.failed || 0} failed`;
    }
    const layout = c.layout || {};
    $('version').textContent = c.status === 'PAUSED' ? 'paused'
      : layout.version ? `map v${layout.version}.${layout.revision} · ${t.embedded || 0} tokens` : '';
  }

  // ---- the map and the atlas ---------------------------------------------------------------

  const versionsSeen = new Set(); // every map version.revision shown, for the browser test

  function setMap(m) {
    versionsSeen.add(`${m.version}.${m.revision}`);
    const p = m.points;
    const n = p.tokenId.length;
    const cols = m.grid ? m.grid.cols : 0;
    const rows = m.grid ? m.grid.rows : 0;
    const side = Math.max(cols, rows, 1);
    const map = {
      version: m.version, revision: m.revision, n, clusters: m.clusters || [],
      ids: p.tokenId, x: p.x, y: p.y, cluster: p.cluster,
      gx: new Float32Array(n), gy: new Float32Array(n), index: new Map(),
      // Sprite sides in world units: the grid's cell; on the map, what n sprites share without much overlap.
      gridSize: 1 / side, mapSize: Math.min(0.08, 0.9 / Math.sqrt(Math.max(n, 1))),
    };
    const unplaced = [];
    for (let i = 0; i < n; i++) {
      map.index.set(p.tokenId[i], i);
      const cell = p.cell[i];
      if (cell >= 0) {
        map.gx[i] = ((cell % cols) + 0.5) / side;
        map.gy[i] = (Math.floor(cell / cols) + 0.5) / side;
      } else {
        unplaced.push(i);
      }
    }
    // Provisional tokens the grid had no cell for wait in a row under it until the next recompute.
    unplaced.forEach((i, k) => { map.gx[i] = (k % side + 0.5) / side; map.gy[i] = (rows + 0.5 + Math.floor(k / side)) / side; });
    map.byCluster = Array.from({ length: n }, (_, i) => i).sort((a, b) => p.cluster[a] - p.cluster[b]);
    // The selected token stays where it is on screen when a new layout moves it.
    const anchor = state.selected != null ? screenPositionOf(state.selected) : null;
    state.map = map;
    const moved = anchor ? screenPositionOf(state.selected) : null;
    if (anchor && moved) {
      state.view = { scale: state.view.scale, x: state.view.x + anchor.x - moved.x, y: state.view.y + anchor.y - moved.y };
    }
    state.mapSerial++;
    state.details.clear();
    state.buckets = null;
    empty(n === 0 ? (m.version === 0 ? 'The map appears once the first tokens are embedded.' : 'This map has no tokens.') : null);
    if (!state.fitted && n > 0) { fit(); state.fitted = true; }
    if (state.selected && !map.index.has(state.selected)) closePanel();
    redraw();
  }

  function setAtlas(a) {
    const slotOf = new Map();
    a.tokenIds.forEach((id, i) => slotOf.set(id, a.slots[i]));
    const sheets = a.sheets.map((url) => {
      const image = new Image();
      image.onload = redraw;
      image.onerror = () => showError(new Error('a sprite sheet of the atlas did not load'));
      image.src = url;
      return image;
    });
    // Each slot's average colour (from its image's placeholder), drawn until its sheet arrives.
    const colours = (a.colours || []).map((c) => (c < 0 ? null : '#' + c.toString(16).padStart(6, '0')));
    state.atlas = { cell: a.cell, columns: a.columns, slotsPerSheet: a.slotsPerSheet, slotOf, sheets, colours };
    state.mapSerial++;
    redraw();
  }

  function empty(text) {
    $('empty').hidden = !text;
    $('empty').textContent = text || '';
  }

  // ---- geometry ----------------------------------------------------------------------------

  function worldX(i) { const m = state.map; return m.x[i] + (m.gx[i] - m.x[i]) * state.blend; }
  function worldY(i) { const m = state.map; return m.y[i] + (m.gy[i] - m.y[i]) * state.blend; }
  function spriteSize() { const m = state.map; return m.mapSize + (m.gridSize - m.mapSize) * state.blend; }

  /** The width of the canvas the side panel leaves free. */
  function freeWidth() {
    return canvas.clientWidth - ($('panel').hidden ? 0 : $('panel').offsetWidth);
  }

  function fit() {
    const w = freeWidth();
    const h = canvas.clientHeight;
    const scale = Math.min(w, h) * 0.9;
    setView({ scale, x: (w - scale) / 2, y: (h - scale) / 2 });
  }

  /** Shows the given tokens: the view is fitted to them (never closer than a few sprites wide). */
  function fitTo(ids) {
    const m = state.map;
    const indices = ids.map((id) => m && m.index.get(id)).filter((i) => i !== undefined);
    if (indices.length === 0) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const i of indices) {
      x0 = Math.min(x0, worldX(i)); y0 = Math.min(y0, worldY(i));
      x1 = Math.max(x1, worldX(i)); y1 = Math.max(y1, worldY(i));
    }
    const pad = spriteSize() * 2;
    const w = freeWidth();
    const h = canvas.clientHeight;
    const span = Math.max(x1 - x0 + pad * 2, y1 - y0 + pad * 2, spriteSize() * 6);
    const scale = Math.min(w, h) / span;
    setView({ scale, x: w / 2 - ((x0 + x1) / 2) * scale, y: h / 2 - ((y0 + y1) / 2) * scale });
    state.buckets = null;
  }

  function zoomAt(factor, sx, sy) {
    const v = state.view;
    const scale = Math.min(Math.max(v.scale * factor, 50), 400000);
    const f = scale / v.scale;
    setView({ scale, x: sx - (sx - v.x) * f, y: sy - (sy - v.y) * f });
  }

  /** Spatial buckets of the current positions, for hover and click at 10k+ tokens. */
  function buckets() {
    if (state.buckets) return state.buckets;
    const size = Math.max(spriteSize(), 0.005);
    const grid = new Map();
    for (let i = 0; i < state.map.n; i++) {
      const key = `${Math.floor(worldX(i) / size)},${Math.floor(worldY(i) / size)}`;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(i);
    }
    state.buckets = { size, grid };
    return state.buckets;
  }

  /** The token under a screen point, or -1. */
  function tokenAt(sx, sy) {
    if (!state.map || state.map.n === 0) return -1;
    const v = state.view;
    const wx = (sx - v.x) / v.scale;
    const wy = (sy - v.y) / v.scale;
    const half = Math.max(spriteSize() / 2, 4 / v.scale);
    const b = buckets();
    const reach = Math.ceil(half / b.size);
    const bx = Math.floor(wx / b.size);
    const by = Math.floor(wy / b.size);
    let best = -1;
    let bestDistance = Infinity;
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const i of b.grid.get(`${bx + dx},${by + dy}`) || []) {
          const ex = Math.abs(worldX(i) - wx);
          const ey = Math.abs(worldY(i) - wy);
          if (ex <= half && ey <= half && ex + ey < bestDistance) { best = i; bestDistance = ex + ey; }
        }
      }
    }
    return best;
  }

  /** Where a token is drawn, in CSS pixels of the canvas (for links, and for the browser test). */
  function screenPositionOf(tokenId) {
    const i = state.map ? state.map.index.get(String(tokenId)) : undefined;
    if (i === undefined) return null;
    return { x: worldX(i) * state.view.scale + state.view.x, y: worldY(i) * state.view.scale + state.view.y };
  }

  // ---- drawing -----------------------------------------------------------------------------

  function redraw() {
    if (!state.dirty) { state.dirty = true; requestAnimationFrame(draw); }
  }

  const drawTimes = []; // the last draws' durations in ms, for the benchmark

  function draw() {
    const started = performance.now();
    paint(started);
    drawTimes.push(performance.now() - started);
    if (drawTimes.length > 500) drawTimes.shift();
  }

  // Thumbnails are not drawn every frame: they are rendered into an off-screen scene for one view,
  // a few milliseconds a frame, once the view has been still for SETTLE_MS. Meanwhile each frame
  // shows the last scene moved and scaled to the current view (one drawImage), so panning and
  // zooming cost the same at 100 tokens and at 100,000. While the map morphs into the grid, the
  // tokens are drawn as coloured squares.
  const SETTLE_MS = 120;
  const FRAME_BUDGET_MS = 7;
  let shown = null;     // {canvas, view, key}: the last complete scene
  let building = null;  // {canvas, ctx, view, key, next}: the scene being rendered
  let settleTimer = null;

  function setView(view) {
    state.view = view;
    state.viewChangedAt = performance.now();
    redraw();
  }

  /** What a scene depends on besides the view. */
  function sceneKey() {
    const a = state.atlas;
    const loaded = a ? a.sheets.filter((s) => s.complete && s.naturalWidth > 0).length : 0;
    return `${state.mapSerial}|${state.blend}|${state.highlightSerial}|${loaded}`;
  }

  function sameView(a, b) {
    return a && b && a.scale === b.scale && a.x === b.x && a.y === b.y;
  }

  function paint(now) {
    state.dirty = false;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      shown = null;
      building = null;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#16171d';
    ctx.fillRect(0, 0, w, h);
    const m = state.map;
    if (!m || m.n === 0) return;
    const key = sceneKey();
    const v = state.view;
    if (state.animating) {
      squares(ctx, w, h);
    } else {
      if (shown) blit(shown, v, dpr);
      const settled = now - (state.viewChangedAt || 0) >= SETTLE_MS;
      const current = shown && shown.key === key && sameView(shown.view, v);
      if (!current && settled) {
        if (!building || building.key !== key || !sameView(building.view, v)) building = startScene(key, v, dpr);
        renderSome(building, now + FRAME_BUDGET_MS, w, h);
        if (building.next >= building.order.length) {
          shown = building;
          building = null;
        }
        blit(building || shown, v, dpr);
        if (building) redraw();
      } else if (!current) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(redraw, SETTLE_MS);
      }
    }
    overlays(w, h);
  }

  /** Draws a scene rendered for another view where it belongs in the current one. */
  function blit(scene, v, dpr) {
    const f = v.scale / scene.view.scale;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(scene.canvas, (v.x - scene.view.x * f) * dpr, (v.y - scene.view.y * f) * dpr,
      scene.canvas.width * f, scene.canvas.height * f);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function startScene(key, view, dpr) {
    const c = document.createElement('canvas');
    c.width = canvas.width;
    c.height = canvas.height;
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    // The tokens on screen, in the order they are drawn (the atlas's order, sheet by sheet).
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const half = spriteSize() * view.scale / 2;
    const order = [];
    for (let i = 0; i < state.map.n; i++) {
      const sx = worldX(i) * view.scale + view.x;
      const sy = worldY(i) * view.scale + view.y;
      if (sx + half >= 0 && sy + half >= 0 && sx - half <= w && sy - half <= h) order.push(i);
    }
    return { canvas: c, ctx: g, view, key, order, next: 0 };
  }

  let lastDensity = null; // what the last density scene drew, for the browser test

  /**
   * The overview of a map too dense for its thumbnails: each square of DENSITY_CELL px on screen
   * shows the average colour of the images in it, brighter the more tokens it holds (on a log scale,
   * so a clump of thousands reads apart from one of tens and a lone token still shows).
   */
  function renderDensity(scene) {
    const m = state.map;
    const v = scene.view;
    const g = scene.ctx;
    const atlas = state.atlas;
    const highlight = state.highlight;
    const bins = new Map(); // cell key -> [count, r, g, b, highlighted]
    for (const i of scene.order) {
      const cx = Math.floor((worldX(i) * v.scale + v.x) / DENSITY_CELL);
      const cy = Math.floor((worldY(i) * v.scale + v.y) / DENSITY_CELL);
      const key = cx * 65536 + cy;
      let bin = bins.get(key);
      if (!bin) { bin = [0, 0, 0, 0, 0, cx, cy]; bins.set(key, bin); }
      const slot = atlas ? atlas.slotOf.get(m.ids[i]) : undefined;
      const colour = (slot !== undefined && atlas.colours[slot]) || CLUSTER_COLOURS[m.cluster[i] % CLUSTER_COLOURS.length];
      const rgb = parseInt(colour.slice(1), 16);
      bin[0]++;
      bin[1] += rgb >> 16; bin[2] += (rgb >> 8) & 255; bin[3] += rgb & 255;
      if (!highlight || highlight.has(m.ids[i])) bin[4]++;
    }
    let most = 1;
    for (const bin of bins.values()) most = Math.max(most, bin[0]);
    for (const [n, r, gr, b, lit, cx, cy] of bins.values()) {
      // A lone token at 45 %, the densest square at full strength.
      const strength = 0.45 + 0.55 * Math.log(n) / Math.log(Math.max(most, 2));
      g.globalAlpha = highlight && lit === 0 ? 0.12 : 1;
      g.fillStyle = `rgb(${Math.round(r / n * strength)},${Math.round(gr / n * strength)},${Math.round(b / n * strength)})`;
      g.fillRect(cx * DENSITY_CELL, cy * DENSITY_CELL, DENSITY_CELL - 1, DENSITY_CELL - 1);
    }
    g.globalAlpha = 1;
    let counted = 0;
    for (const bin of bins.values()) counted += bin[0];
    lastDensity = { squares: bins.size, tokens: counted, densest: most, view: { ...v } };
    scene.next = scene.order.length;
  }

  /** Renders the scene's next sprites until the deadline. */
  function renderSome(scene, deadline, w, h) {
    const m = state.map;
    const v = scene.view;
    const g = scene.ctx;
    const side = spriteSize() * v.scale;
    if (side < DETAIL_PX && state.blend === 0) {
      renderDensity(scene);
      return;
    }
    const half = side / 2;
    const atlas = state.atlas;
    const highlight = state.highlight;
    g.imageSmoothingEnabled = side < (atlas ? atlas.cell : 32);
    while (scene.next < scene.order.length) {
      for (let end = Math.min(scene.order.length, scene.next + 200); scene.next < end; scene.next++) {
        const i = scene.order[scene.next];
        const sx = worldX(i) * v.scale + v.x;
        const sy = worldY(i) * v.scale + v.y;
        g.globalAlpha = highlight && !highlight.has(m.ids[i]) ? 0.12 : 1;
        const slot = atlas ? atlas.slotOf.get(m.ids[i]) : undefined;
        const sheet = slot === undefined ? null : atlas.sheets[Math.floor(slot / atlas.slotsPerSheet)];
        if (side >= 3 && sheet && sheet.complete && sheet.naturalWidth > 0) {
          const local = slot % atlas.slotsPerSheet;
          const c = atlas.cell;
          g.drawImage(sheet, (local % atlas.columns) * c, Math.floor(local / atlas.columns) * c, c, c,
            sx - half, sy - half, side, side);
        } else {
          g.fillStyle = (slot !== undefined && atlas.colours[slot]) || CLUSTER_COLOURS[m.cluster[i] % CLUSTER_COLOURS.length];
          g.fillRect(sx - half, sy - half, Math.max(side, 1.5), Math.max(side, 1.5));
        }
      }
      if (performance.now() >= deadline) break;
    }
    g.globalAlpha = 1;
  }

  /** Every token as a square in its cluster's colour, for frames whose positions move. */
  function squares(g, w, h) {
    const m = state.map;
    const v = state.view;
    const side = Math.max(spriteSize() * v.scale, 1.5);
    const half = side / 2;
    let colour = -1;
    for (const i of m.byCluster) {
      const sx = worldX(i) * v.scale + v.x;
      const sy = worldY(i) * v.scale + v.y;
      if (sx + half < 0 || sy + half < 0 || sx - half > w || sy - half > h) continue;
      const c = m.cluster[i] % CLUSTER_COLOURS.length;
      if (c !== colour) { g.fillStyle = CLUSTER_COLOURS[c]; colour = c; }
      g.fillRect(sx - half, sy - half, side, side);
    }
  }

  /** What is drawn over the scene every frame: search outlines, hover and selection, cluster names. */
  function overlays(w, h) {
    const m = state.map;
    const v = state.view;
    const side = spriteSize() * v.scale;
    const half = side / 2;
    const outline = (ids, limit, colour, width) => {
      if (!ids || ids.size > limit) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      for (const id of ids) {
        const i = m.index.get(id);
        if (i === undefined) continue;
        ctx.strokeRect(worldX(i) * v.scale + v.x - half - 1, worldY(i) * v.scale + v.y - half - 1, side + 2, side + 2);
      }
    };
    outline(state.highlight, 2000, '#ffd84d', 2);
    outline(state.group, 5000, '#5ad19a', 1.5);
    if (state.lasso && state.lasso.length > 1) {
      ctx.strokeStyle = '#ffd84d';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      state.lasso.forEach((p, k) => (k === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.closePath();
      ctx.stroke();
      ctx.setLineDash([]);
    }
    for (const [id, colour] of [[state.hover, '#ffffff'], [state.selected, '#5ad19a']]) {
      const i = id == null ? undefined : m.index.get(id);
      if (i === undefined) continue;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 3;
      ctx.strokeRect(worldX(i) * v.scale + v.x - half - 2, worldY(i) * v.scale + v.y - half - 2, side + 4, side + 4);
    }
    drawClusterNames(w, h);
  }

  function drawClusterNames(w, h) {
    const m = state.map;
    if (!m.clusters.length) return;
    // Names sit at the centre of their tokens in the current arrangement.
    if (!m.centres || m.centres.blend !== state.blend) {
      const sums = new Map();
      for (let i = 0; i < m.n; i++) {
        const s = sums.get(m.cluster[i]) || { x: 0, y: 0, n: 0 };
        s.x += worldX(i); s.y += worldY(i); s.n++;
        sums.set(m.cluster[i], s);
      }
      m.centres = { blend: state.blend, sums };
    }
    const sums = m.centres.sums;
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // Largest clusters first; a name that would overlap one already drawn waits until zooming in
    // spreads their centres apart.
    const placed = [];
    const order = m.clusters.slice().sort((a, b) => (b.size || 0) - (a.size || 0) || a.id - b.id);
    for (const c of order) {
      const s = sums.get(c.id);
      if (!s) continue;
      const sx = (s.x / s.n) * state.view.scale + state.view.x;
      const sy = (s.y / s.n) * state.view.scale + state.view.y;
      const label = c.name;
      const width = ctx.measureText(label).width + 12;
      const box = { x: sx - width / 2, y: sy - 10, w: width, h: 20, cluster: c.id, name: label };
      if (box.x + box.w < 0 || box.y + box.h < 0 || box.x > w || box.y > h) continue;
      if (placed.some((p) => overlap(p, box, LABEL_GAP))) continue;
      placed.push(box);
      ctx.fillStyle = 'rgba(22, 23, 29, 0.8)';
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.fillStyle = CLUSTER_COLOURS[c.id % CLUSTER_COLOURS.length];
      ctx.fillRect(box.x, box.y, 3, box.h);
      ctx.fillStyle = '#f2f2f6';
      ctx.fillText(label, sx, sy);
    }
    state.labels = placed;
  }

  function overlap(a, b, gap) {
    return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
  }

  function labelAt(sx, sy) {
    return (state.labels || []).find((b) => sx >= b.x && sx <= b.x + b.w && sy >= b.y && sy <= b.y + b.h) || null;
  }

  /** What a click at a screen point opens: a cluster's name (drawn over the tokens), else a token, else nothing. */
  function hitAt(sx, sy) {
    const label = labelAt(sx, sy);
    if (label) return { label };
    const i = tokenAt(sx, sy);
    return i >= 0 ? { token: state.map.ids[i] } : {};
  }

  // ---- groups of tokens: a cluster, or a lasso ------------------------------------------------

  /** Shows a group of tokens in the side panel, with a CSV of their ids to download. */
  function showGroup(title, indices) {
    const m = state.map;
    const ids = indices.map((i) => m.ids[i]);
    state.selected = null;
    state.group = new Set(ids);
    redraw();
    const panel = $('panel');
    const body = $('panel-body');
    panel.hidden = false;
    const c = state.collection;
    const shown = ids.slice(0, 24);
    body.innerHTML = `<h2>${escapeHtml(title)}</h2>
      <p>${ids.length} token${ids.length === 1 ? '' : 's'}</p>
      <p><a id="group-csv" class="button" download="collection-${c}-${escapeHtml(title.replace(/[^A-Za-z0-9]+/g, '-'))}.csv">Download token ids (CSV)</a></p>
      <div class="neighbours" id="group-tokens"></div>`;
    const csv = 'collection,token_id\n' + ids.map((id) => `${c},${id}`).join('\n') + '\n';
    if (state.groupUrl) URL.revokeObjectURL(state.groupUrl);
    state.groupUrl = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    $('group-csv').href = state.groupUrl;
    const list = $('group-tokens');
    for (const id of shown) {
      const button = document.createElement('button');
      button.className = 'neighbour';
      button.dataset.tokenId = id;
      button.innerHTML = `<img alt="token ${escapeHtml(id)}" loading="lazy" src="${API}/collections/${c}/tokens/${encodeURIComponent(id)}/thumbnail?size=64"><span>#${escapeHtml(id)}</span>`;
      button.addEventListener('click', () => select(id, true));
      list.appendChild(button);
    }
    lastGroup = { title, ids };
  }

  function showCluster(box) {
    const m = state.map;
    const indices = [];
    for (let i = 0; i < m.n; i++) if (m.cluster[i] === box.cluster) indices.push(i);
    showGroup(box.name, indices);
  }

  /** The tokens whose centres lie inside the polygon (screen points), by even-odd crossing. */
  function insideLasso(points) {
    const m = state.map;
    const v = state.view;
    const out = [];
    for (let i = 0; i < m.n; i++) {
      const x = worldX(i) * v.scale + v.x;
      const y = worldY(i) * v.scale + v.y;
      let inside = false;
      for (let a = 0, b = points.length - 1; a < points.length; b = a++) {
        const pa = points[a];
        const pb = points[b];
        if ((pa.y > y) !== (pb.y > y) && x < (pb.x - pa.x) * (y - pa.y) / (pb.y - pa.y) + pa.x) inside = !inside;
      }
      if (inside) out.push(i);
    }
    return out;
  }

  // ---- arrangement switch --------------------------------------------------------------------

  function setMode(mode) {
    if (state.mode === mode) return;
    state.mode = mode;
    $('mode-umap').classList.toggle('active', mode === 'umap');
    $('mode-grid').classList.toggle('active', mode === 'grid');
    fit(); // the other arrangement fills the same square: show all of it
    const from = state.blend;
    const to = mode === 'grid' ? 1 : 0;
    const start = performance.now();
    state.animating = true;
    const step = (now) => {
      const t = Math.min(1, (now - start) / 450);
      state.blend = from + (to - from) * (t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2);
      state.buckets = null;
      state.animating = t < 1;
      state.dirty = false;
      draw();
      if (t < 1) requestAnimationFrame(step); else redraw();
    };
    requestAnimationFrame(step);
  }

  // ---- hover, tooltip, panel -----------------------------------------------------------------

  async function details(id) {
    if (!state.details.has(id)) {
      state.details.set(id, json(`${API}/collections/${state.collection}/tokens/${id}`).then((r) => r.body)
        .catch((e) => { state.details.delete(id); throw e; }));
    }
    return state.details.get(id);
  }

  function traitsText(token) {
    return (token.traits || []).map((t) => (t.traitType ? `${t.traitType}: ${t.value}` : t.value)).join(' · ');
  }

  function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  let hoverTimer = null;
  function onHover(sx, sy) {
    // The tooltip names what a click here would open.
    const hit = hitAt(sx, sy);
    const id = hit.token ?? null;
    const tooltip = $('tooltip');
    if (id !== state.hover) { state.hover = id; redraw(); }
    canvas.classList.toggle('over-label', !!hit.label);
    if (hit.label) {
      const count = state.map.cluster.reduce((n, c) => (c === hit.label.cluster ? n + 1 : n), 0);
      tooltip.style.left = `${Math.min(sx + 14, canvas.clientWidth - 290)}px`;
      tooltip.style.top = `${sy + 14}px`;
      tooltip.innerHTML = `<b>${escapeHtml(hit.label.name)}</b><div class="muted">${count} tokens: click to list them</div>`;
      tooltip.hidden = false;
      return;
    }
    if (id == null) { tooltip.hidden = true; return; }
    tooltip.style.left = `${Math.min(sx + 14, canvas.clientWidth - 290)}px`;
    tooltip.style.top = `${sy + 14}px`;
    tooltip.innerHTML = `<b>#${escapeHtml(id)}</b>`;
    tooltip.hidden = false;
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(async () => {
      try {
        const token = await details(id);
        if (state.hover !== id) return;
        tooltip.innerHTML = `<b>#${escapeHtml(id)}</b> ${escapeHtml(token.name || '')}`
          + `<div class="traits">${escapeHtml(traitsText(token)) || '<span class="muted">no traits</span>'}</div>`;
      } catch (e) { /* the tooltip keeps the id */ }
    }, 120);
  }

  async function select(id, pan) {
    state.selected = id;
    state.group = null;
    redraw();
    if (pan) panTo(id);
    const panel = $('panel');
    const body = $('panel-body');
    panel.hidden = false;
    body.innerHTML = `<h2>#${escapeHtml(id)}</h2><p class="muted">loading…</p>`;
    const c = state.collection;
    try {
      const [token, similar] = await Promise.all([
        details(id),
        json(`${API}/collections/${c}/tokens/${id}/similar?k=${NEIGHBOURS}`).then((r) => r.body),
      ]);
      if (state.selected !== id) return;
      const rows = (token.traits || []).map((t) => `<tr><td>${escapeHtml(t.traitType || '')}</td><td>${escapeHtml(t.value)}</td></tr>`).join('');
      const tags = (token.tags || []).map((t) => `<span title="${(t.score * 100).toFixed(0)} %">${escapeHtml(t.label)}</span>`).join('');
      body.innerHTML = `<h2>${escapeHtml(token.name || '#' + id)}</h2>
        <div class="hero"><canvas width="32" height="32"></canvas><img alt="token ${escapeHtml(id)}"
          src="${API}/collections/${c}/tokens/${encodeURIComponent(id)}/thumbnail"
          srcset="${API}/collections/${c}/tokens/${encodeURIComponent(id)}/thumbnail 1x, ${API}/collections/${c}/tokens/${encodeURIComponent(id)}/thumbnail?size=512 2x"></div>
        <table>
          <tr><td>token</td><td>#${escapeHtml(id)}</td></tr>
          <tr><td>owner</td><td>${escapeHtml(token.owner || '')}</td></tr>
          <tr><td>minted in block</td><td>${escapeHtml(token.mintedBlock)}</td></tr>
          ${rows}
        </table>
        ${tags ? `<h3>Tags</h3><div class="tags">${tags}</div>` : ''}
        <h3>Looks like</h3>
        <div class="neighbours" id="neighbours"></div>`;
      // The placeholder's blur shows until the picture has loaded.
      const hero = body.querySelector('.hero img');
      if (token.placeholder) drawBlurHash(body.querySelector('.hero canvas'), token.placeholder);
      const shown = () => { hero.classList.add('loaded'); hero.parentElement.classList.add('loaded'); };
      if (hero.complete && hero.naturalWidth > 0) shown(); else hero.addEventListener('load', shown);
      const list = $('neighbours');
      for (const n of similar.results) {
        const button = document.createElement('button');
        button.className = 'neighbour';
        button.dataset.tokenId = n.tokenId;
        button.title = `#${n.tokenId}, similarity ${n.score.toFixed(3)}`;
        button.innerHTML = `<img alt="token ${escapeHtml(n.tokenId)}" loading="lazy" src="${API}/collections/${n.collectionId}/tokens/${encodeURIComponent(n.tokenId)}/thumbnail?size=64" srcset="${API}/collections/${n.collectionId}/tokens/${encodeURIComponent(n.tokenId)}/thumbnail?size=64 1x, ${API}/collections/${n.collectionId}/tokens/${encodeURIComponent(n.tokenId)}/thumbnail 2x"><span>#${escapeHtml(n.tokenId)} · ${n.score.toFixed(2)}</span>`;
        button.addEventListener('click', () => select(n.tokenId, true));
        list.appendChild(button);
      }
      if (similar.results.length === 0) list.innerHTML = '<span class="muted">no other token is embedded yet</span>';
    } catch (e) {
      if (state.selected === id) body.innerHTML = `<h2>#${escapeHtml(id)}</h2><p>${escapeHtml(e.message)}</p>`;
    }
  }

  // ---- placeholders --------------------------------------------------------------------------

  const BASE83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';
  const decode83 = (text) => Array.from(text).reduce((v, c) => v * 83 + BASE83.indexOf(c), 0);
  const toLinear = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const toSrgb = (v) => { v = Math.max(0, Math.min(1, v)); return Math.round(v <= 0.0031308 ? v * 12.92 * 255 : (1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255); };

  /** Draws a BlurHash into a canvas (nothing for a malformed one). */
  function drawBlurHash(target, hash) {
    const size = decode83(hash[0]);
    const nx = (size % 9) + 1;
    const ny = Math.floor(size / 9) + 1;
    if (hash.length !== 4 + 2 * nx * ny) return;
    const maxAc = (decode83(hash[1]) + 1) / 166;
    const dc = decode83(hash.slice(2, 6));
    const factors = [[toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]];
    for (let k = 1; k < nx * ny; k++) {
      const v = decode83(hash.slice(4 + 2 * k, 6 + 2 * k));
      factors.push([Math.floor(v / 361), Math.floor(v / 19) % 19, v % 19]
        .map((q) => { const f = (q - 9) / 9; return Math.sign(f) * f * f * maxAc; }));
    }
    const w = target.width;
    const h = target.height;
    const g = target.getContext('2d');
    const pixels = g.createImageData(w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const rgb = [0, 0, 0];
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            const basis = Math.cos(Math.PI * i * x / w) * Math.cos(Math.PI * j * y / h);
            const f = factors[i + j * nx];
            rgb[0] += f[0] * basis; rgb[1] += f[1] * basis; rgb[2] += f[2] * basis;
          }
        }
        const p = (y * w + x) * 4;
        pixels.data[p] = toSrgb(rgb[0]); pixels.data[p + 1] = toSrgb(rgb[1]); pixels.data[p + 2] = toSrgb(rgb[2]);
        pixels.data[p + 3] = 255;
      }
    }
    g.putImageData(pixels, 0, 0);
  }

  function closePanel() {
    $('panel').hidden = true;
    state.selected = null;
    state.group = null;
    redraw();
  }

  function panTo(id) {
    const i = state.map ? state.map.index.get(id) : undefined;
    if (i === undefined) return;
    const v = state.view;
    const fromX = v.x;
    const fromY = v.y;
    const start = performance.now();
    const step = (now) => {
      // The target is read each frame: a new layout arriving meanwhile moves the token.
      const j = state.map.index.get(id);
      if (j === undefined) return;
      const targetX = freeWidth() / 2 - worldX(j) * v.scale;
      const targetY = canvas.clientHeight / 2 - worldY(j) * v.scale;
      const t = Math.min(1, (now - start) / 350);
      setView({ scale: v.scale, x: fromX + (targetX - fromX) * t, y: fromY + (targetY - fromY) * t });
      if (t < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  // ---- search --------------------------------------------------------------------------------

  let searchTimer = null;
  function onSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const q = $('search').value.trim();
      if (!q) { state.highlight = null; state.highlightSerial++; $('search-count').textContent = ''; redraw(); return; }
      try {
        const { body } = await json(`${API}/search?q=${encodeURIComponent(q)}&collection=${state.collection}&limit=500`);
        if ($('search').value.trim() !== q) return;
        state.highlight = new Set(body.results.map((r) => String(r.tokenId)));
        state.highlightSerial++;
        $('search-count').textContent = `${state.highlight.size} match${state.highlight.size === 1 ? '' : 'es'}`;
        fitTo(Array.from(state.highlight));
        redraw();
      } catch (e) { showError(e); }
    }, 250);
  }

  // ---- input ---------------------------------------------------------------------------------

  function wire() {
    let drag = null;
    canvas.addEventListener('pointerdown', (e) => {
      const rect = canvas.getBoundingClientRect();
      canvas.setPointerCapture(e.pointerId);
      if (e.shiftKey && state.map) {
        // Shift + drag draws a lasso around the tokens to show and export.
        state.lasso = [{ x: e.clientX - rect.left, y: e.clientY - rect.top }];
        return;
      }
      drag = { x: e.clientX, y: e.clientY, vx: state.view.x, vy: state.view.y, moved: false };
    });
    canvas.addEventListener('pointermove', (e) => {
      const rect = canvas.getBoundingClientRect();
      if (state.lasso) {
        state.lasso.push({ x: e.clientX - rect.left, y: e.clientY - rect.top });
        redraw();
        return;
      }
      if (drag) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          canvas.classList.add('dragging');
          setView({ scale: state.view.scale, x: drag.vx + dx, y: drag.vy + dy });
          return;
        }
      }
      onHover(e.clientX - rect.left, e.clientY - rect.top);
    });
    canvas.addEventListener('pointerup', (e) => {
      const rect = canvas.getBoundingClientRect();
      canvas.classList.remove('dragging');
      if (state.lasso) {
        const points = state.lasso;
        state.lasso = null;
        if (points.length >= 3) showGroup('Lasso selection', insideLasso(points)); else redraw();
        return;
      }
      if (drag && !drag.moved) {
        const sx = e.clientX - rect.left;
        const sy = e.clientY - rect.top;
        const hit = hitAt(sx, sy);
        if (hit.label) showCluster(hit.label); else if (hit.token != null) select(hit.token, false); else closePanel();
      }
      drag = null;
    });
    canvas.addEventListener('pointerleave', () => { $('tooltip').hidden = true; state.hover = null; redraw(); });
    canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    $('zoom-in').addEventListener('click', () => zoomAt(1.5, canvas.clientWidth / 2, canvas.clientHeight / 2));
    $('zoom-out').addEventListener('click', () => zoomAt(1 / 1.5, canvas.clientWidth / 2, canvas.clientHeight / 2));
    $('zoom-fit').addEventListener('click', fit);
    $('mode-umap').addEventListener('click', () => setMode('umap'));
    $('mode-grid').addEventListener('click', () => setMode('grid'));
    $('panel-close').addEventListener('click', closePanel);
    $('collection').addEventListener('change', (e) => open(Number(e.target.value)).catch(showError));
    $('search').addEventListener('input', onSearch);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { $('search').value = ''; onSearch(); closePanel(); }
    });
    window.addEventListener('resize', redraw);
  }

  // ---- events -------------------------------------------------------------------------------

  // Two streams: the open collection's events (tokens indexed, failed, burned; map versions), and
  // every collection's status (new, paused, deleted) for the picker. A burst of events makes one
  // refresh. EventSource reconnects by itself with Last-Event-ID; while it is down, the page polls.
  const streams = { one: null, all: null, refreshTimer: null, listTimer: null, pollTimer: null };

  function stream(url, onEvent) {
    const source = new EventSource(url);
    source.onmessage = onEvent;
    for (const kind of ['token.indexed', 'token.refreshed', 'token.failed', 'token.burned', 'map.version',
      'collection.status', 'collection.deleted']) {
      source.addEventListener(kind, onEvent);
    }
    source.onopen = () => { eventsLog.push('open'); stopPolling(); };
    source.onerror = () => { if (source.readyState !== EventSource.OPEN) startPolling(); };
    return source;
  }

  function follow(id) {
    if (streams.one) streams.one.close();
    streams.one = stream(`${API}/events?collection=${id}`, (e) => {
      eventsLog.push(e.type);
      if (!streams.refreshTimer) {
        streams.refreshTimer = setTimeout(() => {
          streams.refreshTimer = null;
          refresh().catch(showError);
        }, REFRESH_AFTER_EVENT_MS);
      }
    });
  }

  function followCollections() {
    streams.all = stream(`${API}/events?kind=collection.status,collection.deleted`, () => {
      if (!streams.listTimer) {
        streams.listTimer = setTimeout(() => {
          streams.listTimer = null;
          loadCollections().catch(showError);
        }, REFRESH_AFTER_EVENT_MS);
      }
    });
  }

  function startPolling() {
    if (!streams.pollTimer) streams.pollTimer = setTimeout(poll, POLL_MS);
  }

  function stopPolling() {
    clearTimeout(streams.pollTimer);
    streams.pollTimer = null;
  }

  async function poll() {
    streams.pollTimer = null;
    streams.polls = (streams.polls || 0) + 1;
    try {
      await loadCollections();
      await refresh();
    } catch (e) { showError(e); }
    const live = streams.one && streams.one.readyState === EventSource.OPEN;
    if (!live) startPolling();
  }

  // For scripts and the browser test: where each token is drawn, and what the page holds.
  window.atlasExplorer = {
    screenPositionOf,
    // The last overview drawn as density (squares, the tokens counted in them, the most in one), or null.
    density: () => (lastDensity && sameView(lastDensity.view, state.view) ? lastDensity : null),
    hitAt: (sx, sy) => { const hit = hitAt(sx, sy); return hit.label ? { cluster: hit.label.cluster } : hit; },
    tokenIds: () => (state.map ? Array.from(state.map.ids) : []),
    highlighted: () => (state.highlight ? Array.from(state.highlight) : []),
    mapVersion: () => (state.map ? `${state.map.version}.${state.map.revision}` : null),
    mapVersionsSeen: () => Array.from(versionsSeen),
    eventsSeen: () => eventsLog.slice(),
    polls: () => streams.polls || 0,
    drawTimes: () => drawTimes.slice(),
    labelBoxes: () => (state.labels || []).map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h, cluster: b.cluster, name: b.name })),
    clusterCount: () => (state.map ? state.map.clusters.length : 0),
    lastGroup: () => lastGroup,
    sheetsLoaded: () => !!state.atlas && state.atlas.sheets.length > 0
      && state.atlas.sheets.every((s) => s.complete && s.naturalWidth > 0),
  };

  const eventsLog = [];
  let lastGroup = null; // the last cluster or lasso shown: {title, ids}
  wire();
  followCollections();
  loadCollections().catch((e) => { showError(e); startPolling(); });
})();
