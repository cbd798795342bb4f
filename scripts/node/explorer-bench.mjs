// Times the explorer's drawing in Debian's Chromium: loads the page, pans and zooms the map, switches
// to the grid, and prints each draw's duration (ms) and the load time as JSON for the benchmark.
//
// node explorer-bench.mjs <page URL> <tokens expected> [folder for screenshots of the first view]
import { launchChromium } from './chromium.mjs';
import { join } from 'node:path';

const [url, expectedTokens, shots] = process.argv.slice(2);
const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction((n) => window.atlasExplorer && window.atlasExplorer.tokenIds().length >= n,
    Number(expectedTokens), { timeout: 600000, polling: 50 });
  result.mapMs = Date.now() - started;
  await page.waitForFunction(() => window.atlasExplorer.sheetsLoaded(), null, { timeout: 600000, polling: 50 });
  result.thumbnailsMs = Date.now() - started;
  await page.waitForTimeout(500);
  if (shots) {
    await page.screenshot({ path: join(shots, 'explorer-overview.png') });
    await page.mouse.move(10, 10);
    for (let i = 0; i < 3; i++) await page.locator('#zoom-in').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(shots, 'explorer-zoomed-in.png') });
    await page.locator('#zoom-fit').click();
    await page.waitForTimeout(500);
  }
  const before = (await page.evaluate(() => window.atlasExplorer.drawTimes())).length;
  const box = await page.locator('#map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const pan = async (steps) => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(cx + 8 * i, cy + 4 * i);
      await frame();
    }
    await page.mouse.up();
  };
  await pan(30);                                   // the whole map in view
  for (let i = 0; i < 20; i++) { await page.mouse.wheel(0, -120); await frame(); }
  await pan(30);                                   // zoomed in: few tokens, large sprites
  for (let i = 0; i < 20; i++) { await page.mouse.wheel(0, 120); await frame(); }
  await page.locator('#mode-grid').click();        // the animated switch to the grid
  await page.waitForTimeout(700);
  await pan(30);
  const times = await page.evaluate(() => window.atlasExplorer.drawTimes());
  result.draws = times.slice(before);
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
