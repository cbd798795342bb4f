// A local IPFS gateway for the Token Atlas demo and tests: a Helia node with no network,
// serving what was added to it over the path-gateway and trustless-gateway interfaces.
//   GET  /ipfs/<cid>[/<path>]     content (Accept: application/vnd.ipld.raw or .car for blocks/CARs)
//   POST /api/v0/add[?wrap=name]  adds the request body as a UnixFS file (CIDv1, raw leaves);
//                                 with ?wrap=name also wraps it in a directory; answers {"Hash": ...};
//                                 ?chunk=<bytes> sets the chunk size, ?rawLeaves=false makes dag-pb leaves
//   POST /api/v0/add-directory    adds {"<name>": "<base64 content>", ...} as one directory (CIDv1, raw
//                                 leaves; sharded as HAMT once it is large, as IPFS tools do); {"Hash": ...}
//   GET  /stats                   {"<path>": <GET count>} of the /ipfs/ requests served so far
// Usage: node ipfs-gateway.mjs [port]   (0 picks a free port; prints "READY <port>" once listening)
import http from 'node:http'
import { createHeliaLight } from 'helia'
import { unixfs } from '@helia/unixfs'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'

const port = Number(process.argv[2] ?? 0)
const helia = await createHeliaLight({ blockBrokers: [], routers: [] })
const fs = unixfs(helia)
const verifiedFetch = await createVerifiedFetch(helia)

async function readBody (req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return new Uint8Array(Buffer.concat(chunks))
}

async function add (req, res, url) {
  const bytes = await readBody(req)
  const options = { cidVersion: 1, rawLeaves: url.searchParams.get('rawLeaves') !== 'false' }
  const chunk = Number(url.searchParams.get('chunk') ?? 0)
  if (chunk > 0) options.chunker = fixedSize({ chunkSize: chunk })
  let cid = await fs.addBytes(bytes, options)
  const wrap = url.searchParams.get('wrap')
  if (wrap) {
    const dir = await fs.addDirectory({ cidVersion: 1 })
    cid = await fs.cp(cid, dir, wrap)
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ Hash: cid.toString(), Size: bytes.length }))
}

async function addDirectory (req, res) {
  const files = JSON.parse(Buffer.from(await readBody(req)).toString('utf8'))
  const entries = Object.entries(files).map(([path, content]) => ({ path, content: new Uint8Array(Buffer.from(content, 'base64')) }))
  let root
  for await (const entry of fs.addAll(entries, { cidVersion: 1, rawLeaves: true, wrapWithDirectory: true })) root = entry
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ Hash: root.cid.toString(), Entries: entries.length }))
}

const served = {}

async function get (req, res, url) {
  served[url.pathname] = (served[url.pathname] ?? 0) + 1
  const target = 'ipfs://' + url.pathname.slice('/ipfs/'.length) + url.search
  const headers = {}
  if (req.headers.accept) headers.accept = req.headers.accept
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 30000)
  try {
    const answer = await verifiedFetch(target, { headers, session: false, signal: controller.signal })
    const out = {}
    answer.headers.forEach((value, key) => { out[key] = value })
    res.writeHead(answer.status, out)
    if (req.method === 'HEAD' || answer.body == null) return res.end()
    for await (const chunk of answer.body) res.write(chunk)
    res.end()
  } finally {
    clearTimeout(timer)
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost')
  try {
    if (req.method === 'POST' && url.pathname === '/api/v0/add') return await add(req, res, url)
    if (req.method === 'POST' && url.pathname === '/api/v0/add-directory') return await addDirectory(req, res)
    if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname.startsWith('/ipfs/')) return await get(req, res, url)
    if (req.method === 'GET' && url.pathname === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(served))
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found\n')
  } catch (err) {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
    res.end(String(err?.message ?? err) + '\n')
  }
})

server.listen(port, '127.0.0.1', () => {
  console.log(`READY ${server.address().port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => { server.close(); await helia.stop(); process.exit(0) })
}
