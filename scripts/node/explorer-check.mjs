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
import { mkdirSync } from 'node:fs';
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

  // Hover, then click, a token where the page draws it.
  const ids = await page.evaluate(() => window.atlasExplorer.tokenIds());
  const token = ids[0];
  const box = await page.locator('#map').boundingBox();
  const at = await page.evaluate((id) => window.atlasExplorer.screenPositionOf(id), token);
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.waitForFunction((id) => {
    const t = document.getElementById('tooltip');
    return !t.hidden && t.textContent.includes(`#${id}`) && t.querySelector('.traits');
  }, token, { timeout: 10000 });
  result.tooltip = await page.locator('#tooltip').innerText();
  step('hovered');
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.waitForFunction((n) => document.querySelectorAll('#neighbours .neighbour').length >= n, Number(k),
    { timeout: 15000 });
  result.clicked = token;
  result.panelTitle = await page.locator('#panel h2').innerText();
  result.neighbours = await page.locator('#neighbours .neighbour').evaluateAll((els) => els.map((e) => e.dataset.tokenId));
  await page.waitForFunction(() => { const i = document.querySelector('#panel img.hero'); return i && i.complete && i.naturalWidth > 0; },
    null, { timeout: 10000 });
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

  // The grid arrangement.
  await page.locator('#search').fill('');
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
