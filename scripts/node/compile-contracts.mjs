// Compiles the project's Solidity test contracts with solc-js and writes <Name>.abi and <Name>.bin.
// Usage: node compile-contracts.mjs <source dir> <output dir>
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const solc = require('solc')
const [srcDir, outDir] = process.argv.slice(2)
const sources = {}
for (const file of fs.readdirSync(srcDir).filter(f => f.endsWith('.sol'))) {
  sources[file] = { content: fs.readFileSync(path.join(srcDir, file), 'utf8') }
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } }
  }
}
function findImports (name) {
  try {
    return { contents: fs.readFileSync(require.resolve(name), 'utf8') }
  } catch (e) {
    return { error: 'not found: ' + name }
  }
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }))
const errors = (output.errors ?? []).filter(e => e.severity === 'error')
for (const e of output.errors ?? []) console.error(e.formattedMessage)
if (errors.length) process.exit(1)
fs.mkdirSync(outDir, { recursive: true })
for (const file of Object.keys(sources)) {
  for (const [name, contract] of Object.entries(output.contracts[file])) {
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(contract.abi))
    fs.writeFileSync(path.join(outDir, name + '.bin'), contract.evm.bytecode.object)
    console.log('compiled ' + name)
  }
}
