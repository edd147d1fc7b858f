// Writes sample.warc.gz and sample.wet.gz with warcio.js (webrecorder's WARC library),
// so that our own streaming reader is checked against files a real WARC writer made.
// Regenerate: npm install warcio@2.4.11 && node mkwarc.mjs (from this directory).
import { WARCRecord, WARCSerializer } from "warcio";
import fs from "node:fs";
import zlib from "node:zlib";

const enc = new TextEncoder();
async function* body(s) { yield typeof s === "string" ? enc.encode(s) : s; }

const page = (title, p1, p2) => `<!doctype html><html lang="en"><head><title>${title} - Example News</title>
<meta property="og:title" content="${title}"><meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>${title}</h1><p class="byline">By Jane Reporter</p>
<p>${p1}</p><p>${p2}</p></article><footer>Copyright Example News</footer></body></html>`;

async function records(wet) {
  const out = [];
  out.push(WARCRecord.createWARCInfo({ filename: wet ? "sample.wet.gz" : "sample.warc.gz", warcVersion: "WARC/1.1" },
    { software: "warcio.js 2.4.11", format: "WARC File Format 1.1" }));
  if (wet) {
    const conv = (url, date, lang, text) => WARCRecord.create({ url, date, type: "conversion", warcVersion: "WARC/1.0",
      warcHeaders: { "Content-Type": "text/plain", "WARC-Identified-Content-Language": lang } }, body(text));
    out.push(conv("https://news.example.com/2024/03/05/harbour", "2024-03-05T10:00:00Z", "eng",
      "Harbour reopens after storm\nThe city harbour reopened on Tuesday after a three-day closure caused by the storm, officials said.\nFerries resumed their normal schedule in the afternoon and the port authority said damage to the piers was limited.\nLocal businesses welcomed the news, saying the closure had cost them a week of trade."));
    out.push(conv("https://nouvelles.example.fr/2024/03/05/port", "2024-03-05T11:00:00Z", "fra",
      "Le port rouvre après la tempête\nLe port de la ville a rouvert mardi après trois jours de fermeture causée par la tempête, selon les autorités.\nLes ferries ont repris leur horaire normal dans l'après-midi."));
    out.push(conv("https://other.example.org/2023/01/01/old", "2023-01-01T00:00:00Z", "eng",
      "An old story\nThis story was written long before the others and should fall outside a date filter set for March 2024.\nIt has two paragraphs so that it is a real article."));
    return out;
  }
  const resp = (url, date, status, ctype, html, extra = {}) => WARCRecord.create({ url, date, type: "response", warcVersion: "WARC/1.1",
    statusline: `HTTP/1.1 ${status}`, httpHeaders: { "Content-Type": ctype, ...extra } }, body(html));
  out.push(WARCRecord.create({ url: "https://news.example.com/2024/03/05/harbour", date: "2024-03-05T10:00:00Z", type: "request", warcVersion: "WARC/1.1",
    statusline: "GET /2024/03/05/harbour HTTP/1.1", httpHeaders: { Host: "news.example.com" } }, body("")));
  out.push(resp("https://news.example.com/2024/03/05/harbour", "2024-03-05T10:00:00Z", "200 OK", "text/html; charset=utf-8",
    page("Harbour reopens after storm", "The city harbour reopened on Tuesday after a three-day closure caused by the storm, officials said.",
      "Ferries resumed their normal schedule in the afternoon and the port authority said damage to the piers was limited.")));
  out.push(resp("https://news.example.com/missing", "2024-03-05T10:01:00Z", "404 Not Found", "text/html", "<html><body>not found</body></html>"));
  out.push(resp("https://news.example.com/logo.png", "2024-03-05T10:02:00Z", "200 OK", "image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])));
  out.push(resp("https://www.other.example.org/2024/03/06/budget", "2024-03-06T09:00:00Z", "200 OK", "text/html",
    zlib.gzipSync(page("Council passes budget", "The council passed its budget for next year by a narrow vote on Wednesday evening.",
      "Opposition members said the plan cut too deeply into library and park funding.")), { "Content-Encoding": "gzip" }));
  out.push(WARCRecord.create({ url: "https://news.example.com/2024/03/05/harbour", date: "2024-03-05T10:00:00Z", type: "metadata", warcVersion: "WARC/1.1",
    warcHeaders: { "Content-Type": "application/warc-fields" } }, body("via: https://news.example.com/\n")));
  return out;
}

for (const wet of [false, true]) {
  const parts = [];
  for (const r of await records(wet)) parts.push(await WARCSerializer.serialize(r, { gzip: true }));
  fs.writeFileSync(wet ? "sample.wet.gz" : "sample.warc.gz", Buffer.concat(parts.map((p) => Buffer.from(p))));
}
