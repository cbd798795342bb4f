// Checks a CAR archive offline with the reference IPFS libraries, as anyone handed a token's
// provenance CAR can: every block must hash to its CID, and each file named (root CID and path)
// is rebuilt from the archive's blocks alone; prints one JSON line.
//   node car-verify.mjs <file.car> [<cid>[/<path>] ...]
//   -> {"roots": [...], "blocks": n, "badBlocks": [...], "files": {"<cid/path>": {"sha256": "..."} | {"error": "..."}}}
import { readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { CarReader } from '@ipld/car'
import { exporter } from 'ipfs-unixfs-exporter'
import { sha256 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'

const [file, ...names] = process.argv.slice(2)
const reader = await CarReader.fromBytes(new Uint8Array(await readFile(file)))
const key = (cid) => Buffer.from(cid.multihash.bytes).toString('base64')
const blocks = new Map()
const badBlocks = []
for await (const { cid, bytes } of reader.blocks()) {
  const hasher = cid.multihash.code === sha256.code ? sha256 : cid.multihash.code === identity.code ? identity : null
  const digest = hasher === null ? null : await hasher.digest(bytes)
  if (digest === null || Buffer.compare(Buffer.from(digest.bytes), Buffer.from(cid.multihash.bytes)) !== 0) {
    badBlocks.push(String(cid))
    continue
  }
  blocks.set(key(cid), bytes)
}
const blockstore = {
  async * get (cid) {
    const bytes = blocks.get(key(cid))
    if (bytes === undefined) throw new Error(`block ${cid} is not in the archive`)
    yield bytes
  }
}
const files = {}
for (const name of names) {
  try {
    const entry = await exporter(name, blockstore)
    const hash = createHash('sha256')
    for await (const chunk of entry.content()) hash.update(chunk)
    files[name] = { sha256: hash.digest('hex') }
  } catch (e) {
    files[name] = { error: e.message }
  }
}
const roots = (await reader.getRoots()).map(String)
console.log(JSON.stringify({ roots, blocks: blocks.size, badBlocks, files }))
