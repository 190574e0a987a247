// The soak drill's load (scripts/drill-soak): an open-loop stream of requests at a fixed
// rate — sent on schedule whether or not earlier ones have answered, as many staff would —
// from a signed-in offender manager across the pages and API they use most, while the
// server's resident memory is sampled from /proc. Prints one line per interval and a
// verdict; exits non-zero on any server error, a rate not kept, or memory that grows.
//
// Usage: node e2e/soak.mjs BASE_URL SECONDS RATE SERVER_PID
import { readFileSync } from 'node:fs';

const [base, secondsArg, rateArg, pidArg] = process.argv.slice(2);
if (!base || !secondsArg || !rateArg || !pidArg) {
  console.error('usage: node soak.mjs BASE_URL SECONDS RATE SERVER_PID');
  process.exit(2);
}
const SECONDS = Number(secondsArg);
const RATE = Number(rateArg);
const PID = Number(pidArg);
const USER = process.env.CONCORD_SOAK_USER || 'om.chelmsford';
const PASSWORD = process.env.CONCORD_SOAK_PASSWORD || 'Essex-MAPPA-demo-2026';

const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${PID}/status`, 'utf8'))[1]);

// Sign in as a browser does: the form's CSRF cookie and token, then the session cookie.
const jar = {};
const cookieHeader = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
function keep(res) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const at = pair.indexOf('=');
    jar[pair.slice(0, at)] = pair.slice(at + 1);
  }
}
const form = await fetch(`${base}/sign-in`);
keep(form);
const token = /name="csrf_token" value="([^"]+)"/.exec(await form.text())[1];
const signIn = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
  body: new URLSearchParams({ username: USER, password: PASSWORD, csrf_token: token, next: '/cases' }),
});
keep(signIn);
if (signIn.status !== 303 || !jar.concord_session) throw new Error(`sign-in answered ${signIn.status}`);

// The people on the caseload, and the pages a practitioner opens for them.
const caseload = await (await fetch(`${base}/cases`, { headers: { cookie: cookieHeader() } })).text();
const people = [...new Set([...caseload.matchAll(/href="\/persons\/([0-9a-f-]{36})"/g)].map((m) => m[1]))];
if (people.length === 0) throw new Error('the caseload lists no one');
const paths = [];
for (const id of people.slice(0, 20)) {
  paths.push(`/persons/${id}`, `/persons/${id}/chronology`, `/persons/${id}/risk`, `/api/v1/persons/${id}`);
}
paths.push('/cases', '/search?q=smith', '/search?q=O%27Brien', '/mappa');
// Only pages this account opens: a path that does not answer 200 now is left out (and
// said), so that during the soak anything but 200 is a fault.
for (const path of [...paths]) {
  const res = await fetch(base + path, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== 200) {
    console.log(`soak: leaving out ${path} (${res.status} for ${USER})`);
    paths.splice(paths.indexOf(path), 1);
  }
}

let sent = 0;
let window = { n: 0, errors: 0, latencies: [] };
const totals = { n: 0, server: 0, other: 0, failed: 0, statuses: {}, latencies: [] };
const samples = [];

async function one(path) {
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    totals.statuses[res.status] = (totals.statuses[res.status] || 0) + 1;
    if (res.status >= 500) totals.server += 1;
    if (res.status !== 200) { totals.other += 1; window.errors += 1; }
    window.latencies.push(ms);
    totals.latencies.push(ms);
  } catch {
    totals.failed += 1;
    window.errors += 1;
  }
  window.n += 1;
  totals.n += 1;
}

const pct = (xs, p) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const INTERVAL = Math.max(5, Math.min(30, Math.round(SECONDS / 10)));
console.log(`soak: ${RATE} requests/s for ${SECONDS} s across ${paths.length} paths (${people.length} people), server pid ${PID}`);
console.log('  t (s) | answered | errors | p50 ms | p99 ms | server RSS MiB');
const start = performance.now();
const pending = new Set();
let next = start;
let reported = start;
while (performance.now() - start < SECONDS * 1000) {
  const now = performance.now();
  while (next <= now) {
    const p = one(paths[sent % paths.length]);
    pending.add(p);
    p.finally(() => pending.delete(p));
    sent += 1;
    next += 1000 / RATE;
  }
  if (now - reported >= INTERVAL * 1000) {
    reported = now;
    const rss = rssKiB() / 1024;
    samples.push(rss);
    console.log(`  ${String(Math.round((now - start) / 1000)).padStart(5)} | ${String(window.n).padStart(8)} | ${String(window.errors).padStart(6)} | ${pct(window.latencies, 50).toFixed(1).padStart(6)} | ${pct(window.latencies, 99).toFixed(1).padStart(6)} | ${rss.toFixed(1)}`);
    window = { n: 0, errors: 0, latencies: [] };
  }
  await new Promise((r) => setTimeout(r, Math.max(0, Math.min(20, next - performance.now()))));
}
await Promise.allSettled([...pending]);
const elapsed = (performance.now() - start) / 1000;
samples.push(rssKiB() / 1024);

// Memory is flat if, after the first fifth of the run (caches, pools and the allocator
// settling), it grows by less than a tenth.
const settled = samples[Math.floor(samples.length / 5)] ?? samples[0];
const last = samples[samples.length - 1];
const growth = (last - settled) / settled;
const achieved = totals.n / elapsed;
console.log(`soak: ${totals.n} answered in ${elapsed.toFixed(0)} s (${achieved.toFixed(1)}/s of ${RATE} asked); statuses ${JSON.stringify(totals.statuses)}; ${totals.server} server errors, ${totals.failed} failed; p50 ${pct(totals.latencies, 50).toFixed(1)} ms, p99 ${pct(totals.latencies, 99).toFixed(1)} ms`);
console.log(`soak: server RSS ${samples[0].toFixed(1)} MiB at the first sample, ${settled.toFixed(1)} MiB settled, ${last.toFixed(1)} MiB at the end (${(growth * 100).toFixed(1)}% after settling)`);
const problems = [];
if (totals.other > 0 || totals.failed > 0) problems.push(`${totals.other} answers other than 200 (${totals.server} server errors), ${totals.failed} failed requests`);
if (achieved < RATE * 0.95) problems.push(`the rate was not kept (${achieved.toFixed(1)}/s)`);
if (growth > 0.10) problems.push('memory grew by more than a tenth after settling');
if (problems.length) {
  console.log(`soak: FAIL: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('soak: PASS');
