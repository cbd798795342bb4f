// Drives the explorer page in Debian's Chromium with playwright-core and prints what it saw as JSON:
// console errors, failed requests, the token clicked and its panel's neighbours, the search's
// highlights. Screenshots go to the output folder. The caller (ExplorerIT) asserts on the JSON.
//
// node explorer-check.mjs <page URL> <output folder> <tokens expected> <k> <search words>
//
// The page is opened before any collection is registered: once it says so, the script prints READY
// (the caller then registers the demo collection) and watches the page pick the collection up,
// show the indexing progress and refresh its map until every token is on it, without a reload,
// told of each change by the event stream (it polls only while the stream is down).
import { launchChromium } from './chromium.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [url, out, expectedTokens, k, words] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const result = { consoleErrors: [], failedRequests: [], steps: [] };
const step = (name) => result.steps.push(name);

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.consoleErrors.push(`uncaught: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) result.failedRequests.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => result.failedRequests.push(`failed ${r.url()}: ${r.failure()?.errorText}`));

  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('empty').textContent.includes('No collection'), null,
    { timeout: 20000 });
  step('loaded');
  console.log('READY');
  await page.waitForFunction(() => !document.getElementById('progress').hidden, null, { timeout: 60000, polling: 100 });
  result.progress = await page.locator('#progress-text').innerText();
  await page.screenshot({ path: join(out, 'explorer-indexing.png') });
  step('progress shown');
  console.log('PROGRESS');
  await page.waitForFunction((n) => window.atlasExplorer && window.atlasExplorer.sheetsLoaded()
    && window.atlasExplorer.tokenIds().length >= n && document.getElementById('progress').hidden,
    Number(expectedTokens), { timeout: 180000, polling: 200 });
  result.mapVersions = await page.evaluate(() => window.atlasExplorer.mapVersionsSeen());
  result.events = await page.evaluate(() => window.atlasExplorer.eventsSeen());
  result.polls = await page.evaluate(() => window.atlasExplorer.polls());
  result.tokensOnMap = await page.evaluate(() => window.atlasExplorer.tokenIds().length);
  result.mapVersion = await page.evaluate(() => window.atlasExplorer.mapVersion());
  await page.waitForTimeout(300);
  await page.locator('#map').screenshot({ path: join(out, 'explorer-map.png') });
  step('map drawn');

  // Hover, then click, a token where the page draws it: one that a click at its centre opens (no
  // cluster name over it, no other token nearer). A new map version arriving meanwhile moves the
  // tokens, so the try is made again on the new map (at most three times).
  const box = await page.locator('#map').boundingBox();
  let token = null;
  for (let attempt = 1; ; attempt++) {
    const version = await page.evaluate(() => window.atlasExplorer.mapVersion());
    token = await page.evaluate(() => window.atlasExplorer.tokenIds().find((id) => {
      const at = window.atlasExplorer.screenPositionOf(id);
      return window.atlasExplorer.hitAt(at.x, at.y).token === id;
    }));
    const at = await page.evaluate((id) => window.atlasExplorer.screenPositionOf(id), token);
    try {
      await page.mouse.move(box.x + at.x, box.y + at.y);
      await page.waitForFunction((id) => {
        const t = document.getElementById('tooltip');
        return !t.hidden && t.textContent.includes(`#${id}`) && t.querySelector('.traits');
      }, token, { timeout: 10000 });
      result.tooltip = await page.locator('#tooltip').innerText();
      await page.mouse.click(box.x + at.x, box.y + at.y);
      await page.waitForFunction((n) => document.querySelectorAll('#neighbours .neighbour').length >= n, Number(k),
        { timeout: 15000 });
      break;
    } catch (e) {
      const now = await page.evaluate(() => window.atlasExplorer.mapVersion());
      if (now === version || attempt >= 3) throw e;
      result.steps.push(`map ${version} became ${now} during the click: again`);
      if (await page.locator('#panel').isVisible()) await page.locator('#panel-close').click();
    }
  }
  step('hovered');
  result.clicked = token;
  result.panelTitle = await page.locator('#panel h2').innerText();
  result.neighbours = await page.locator('#neighbours .neighbour').evaluateAll((els) => els.map((e) => e.dataset.tokenId));
  await page.waitForFunction(() => { const i = document.querySelector('#panel .hero img'); return i && i.complete && i.naturalWidth > 0 && i.classList.contains('loaded'); },
    null, { timeout: 10000 });
  // The placeholder's blur was drawn under the picture (its centre pixel is opaque).
  result.heroBlur = await page.evaluate(() => {
    const c = document.querySelector('#panel .hero canvas');
    return Array.from(c.getContext('2d').getImageData(16, 16, 1, 1).data);
  });
  await page.screenshot({ path: join(out, 'explorer-panel.png') });
  step('panel opened');

  // Clicking a neighbour moves there.
  const next = result.neighbours[0];
  await page.locator(`#neighbours .neighbour[data-token-id="${next}"]`).click();
  await page.waitForFunction((id) => document.querySelector('#panel table td + td')?.textContent === `#${id}`
    && document.querySelectorAll('#neighbours .neighbour').length > 0, next, { timeout: 15000 });
  await page.waitForTimeout(500);
  const centred = await page.evaluate((id) => window.atlasExplorer.screenPositionOf(id), next);
  result.movedTo = { token: next, x: centred.x, y: centred.y, width: box.width, height: box.height };
  step('moved to a neighbour');

  // Search highlights the matches.
  await page.locator('#search').fill(words);
  await page.waitForFunction(() => document.getElementById('search-count').textContent.length > 0, null, { timeout: 10000 });
  result.searchCount = await page.locator('#search-count').innerText();
  result.highlighted = await page.evaluate(() => window.atlasExplorer.highlighted());
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'explorer-search.png') });
  step('searched');

  // Cluster names never overlap: at the fitted view, and zoomed out where the clusters crowd together.
  await page.locator('#search').fill('');
  await page.locator('#panel-close').click();
  await page.locator('#zoom-fit').click();
  await page.waitForTimeout(400);
  result.clusterCount = await page.evaluate(() => window.atlasExplorer.clusterCount());
  result.labelsAtFit = await page.evaluate(() => window.atlasExplorer.labelBoxes());
  for (let i = 0; i < 4; i++) await page.locator('#zoom-out').click();
  await page.waitForTimeout(400);
  result.labelsZoomedOut = await page.evaluate(() => window.atlasExplorer.labelBoxes());
  await page.locator('#map').screenshot({ path: join(out, 'explorer-zoomed-out.png') });
  // Further out the thumbnails would be specks: the map is drawn as its density.
  for (let i = 0; i < 2; i++) await page.locator('#zoom-out').click();
  await page.waitForFunction(() => window.atlasExplorer.density() !== null, null, { timeout: 10000, polling: 100 });
  result.density = await page.evaluate(() => window.atlasExplorer.density());
  result.densityOnScreen = await page.evaluate(() => {
    const canvas = document.getElementById('map');
    return window.atlasExplorer.tokenIds().filter((id) => {
      const p = window.atlasExplorer.screenPositionOf(id);
      return p.x >= 0 && p.y >= 0 && p.x <= canvas.clientWidth && p.y <= canvas.clientHeight;
    }).length;
  });
  await page.locator('#map').screenshot({ path: join(out, 'explorer-density.png') });
  await page.locator('#zoom-fit').click();
  await page.waitForTimeout(400);
  step('labels');

  // A click on a cluster's name lists its tokens, with a CSV of their ids.
  const labels = await page.evaluate(() => window.atlasExplorer.labelBoxes());
  if (labels.length > 0) {
    const label = labels[0];
    await page.mouse.click(box.x + label.x + label.w / 2, box.y + label.y + label.h / 2);
    await page.waitForFunction(() => document.getElementById('group-csv') !== null, null, { timeout: 10000 });
    result.cluster = { name: label.name, id: label.cluster, group: await page.evaluate(() => window.atlasExplorer.lastGroup()),
      mapVersion: await page.evaluate(() => window.atlasExplorer.mapVersion()) };
    // Downloaded as a user would: a click on the link.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.locator('#group-csv').click()]);
    result.cluster.csv = readFileSync(await download.path(), 'utf8');
    result.cluster.csvName = download.suggestedFilename();
    await page.screenshot({ path: join(out, 'explorer-cluster.png') });
    step('cluster listed');
  }

  // Shift + drag draws a lasso: the tokens inside it are listed.
  // Around a token well inside the map, with the panel closed: the lasso's path stays on the canvas.
  if (await page.locator('#panel').isVisible()) await page.locator('#panel-close').click();
  await page.waitForTimeout(300);
  const ids = await page.evaluate(() => window.atlasExplorer.tokenIds());
  const first = await page.evaluate((all) => {
    const canvas = document.getElementById('map');
    const fits = (p) => p && p.x > 80 && p.y > 80 && p.x < canvas.clientWidth - 80 && p.y < canvas.clientHeight - 80;
    const found = all.map((id) => window.atlasExplorer.screenPositionOf(id)).find(fits);
    return found ?? window.atlasExplorer.screenPositionOf(all[0]);
  }, ids);
  const lasso = { left: first.x - 60, top: first.y - 60, right: first.x + 60, bottom: first.y + 60 };
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + lasso.left, box.y + lasso.top);
  await page.mouse.down();
  for (const [x, y] of [[lasso.right, lasso.top], [lasso.right, lasso.bottom], [lasso.left, lasso.bottom], [lasso.left, lasso.top + 1]]) {
    await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => window.atlasExplorer.lastGroup()?.title === 'Lasso selection', null, { timeout: 10000 });
  result.lasso = { box: lasso, ids: (await page.evaluate(() => window.atlasExplorer.lastGroup())).ids };
  // Tokens clearly inside the lasso, and those within 2 px of it (its edges are the mouse's path).
  result.lasso.inside = [];
  result.lasso.nearby = [];
  for (const id of ids) {
    const at = await page.evaluate((t) => window.atlasExplorer.screenPositionOf(t), id);
    const within = (m) => at.x > lasso.left + m && at.x < lasso.right - m && at.y > lasso.top + m && at.y < lasso.bottom - m;
    if (within(2)) result.lasso.inside.push(id);
    if (within(-2)) result.lasso.nearby.push(id);
  }
  await page.screenshot({ path: join(out, 'explorer-lasso.png') });
  step('lasso');

  // The grid arrangement.
  await page.locator('#panel-close').click();
  await page.locator('#mode-grid').click();
  await page.waitForTimeout(800);
  await page.locator('#map').screenshot({ path: join(out, 'explorer-grid.png') });
  step('grid');
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
