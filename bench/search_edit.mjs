// Save-to-findable in `patrika serve`: a search page in headless Chromium is left open on a
// query for a word no page has; the word is then appended to a briefing, and the time from
// the save until the page (reloaded by serve) lists a result is printed, in milliseconds,
// with serve's own lines of that time on stderr. One number per try.
//
// With FILE `-` nothing is edited: each try opens the search page on a query for WORD (env,
// default रेलवे) and prints the time until it lists a result: what the page itself takes.
//
// usage: node --experimental-websocket bench/search_edit.mjs SEARCH_URL FILE [TRIES]
//   SEARCH_URL  the served search page, e.g. http://127.0.0.1:1111/hi/search/
//   FILE        the briefing to edit (restored at the end), or `-`
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [searchUrl, file, triesArg] = process.argv.slice(2);
const tries = Number(triesArg || 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "search-edit-"));
  const browser = spawn(process.env.PATRIKA_CHROMIUM || "chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
    `--user-data-dir=${profile}`, "about:blank",
  ]);
  const address = await new Promise((resolve) => {
    let seen = "";
    browser.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/DevTools listening on ws:\/\/([^/]+)\//);
      if (m) resolve(m[1]);
    });
  });
  const targets = await (await fetch(`http://${address}/json/list`)).json();
  const page = targets.find((t) => t.type === "page");
  const socket = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((r) => socket.addEventListener("open", r));
  let next = 0;
  const waiting = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (waiting.has(message.id)) {
      waiting.get(message.id)(message.result);
      waiting.delete(message.id);
    }
  });
  const send = (method, params = {}) => new Promise((resolve) => {
    const id = ++next;
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true }))?.result?.value;
  return { browser, send, evaluate };
}

const shown = "document.readyState === 'complete' ? document.querySelectorAll('#search-results a').length : -1";
const status = "(document.getElementById('search-status') || {}).textContent || ''";

const { browser, send, evaluate } = await launch();
if (file === "-") {
  const word = process.env.WORD || "रेलवे";
  for (let attempt = 0; attempt < tries; attempt++) {
    await send("Page.navigate", { url: "about:blank" });
    const started = performance.now();
    await send("Page.navigate", { url: `${searchUrl}?q=${encodeURIComponent(word)}` });
    while (!((await evaluate(shown)) > 0) && performance.now() - started < 60000) await sleep(10);
    console.log((performance.now() - started).toFixed(0));
  }
  browser.kill();
  process.exit(0);
}
const original = readFileSync(file, "utf8");
try {
  for (let attempt = 0; attempt < tries; attempt++) {
    const word = `qzv${attempt}x${Date.now().toString(36)}`;
    await send("Page.navigate", { url: `${searchUrl}?q=${word}` });
    // The page has searched (and found nothing) before the save.
    for (let i = 0; i < 600 && !/\S/.test((await evaluate(status)) || "") ; i++) await sleep(20);
    while ((await evaluate(status)) === (await evaluate("document.getElementById('search-form').dataset.loading"))) await sleep(20);
    if ((await evaluate(shown)) !== 0) throw new Error(`the word ${word} is found before the edit`);
    const started = performance.now();
    writeFileSync(file, `${original.trimEnd()}\n\n${word}\n`);
    let found = false;
    while (performance.now() - started < 60000) {
      if ((await evaluate(shown)) > 0) { found = true; break; }
      await sleep(10);
    }
    console.log(found ? (performance.now() - started).toFixed(0) : "timeout");
    writeFileSync(file, original);
    await sleep(8000);
  }
} finally {
  writeFileSync(file, original);
  browser.kill();
}
process.exit(0);
