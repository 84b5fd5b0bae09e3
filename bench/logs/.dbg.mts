import fs from 'node:fs';
import fsp from 'node:fs/promises';
import {followFile} from '/work/main/source/logs/follow-file.js';
const file = '/tmp/dbg-rename/app.log';
fs.rmSync('/tmp/dbg-rename', {recursive: true, force: true}); fs.mkdirSync('/tmp/dbg-rename');
fs.writeFileSync(file, '');
const got: string[] = [];
const f = followFile({path: file, pollIntervalMs: 50, onLines: l => got.push(...l.map(x => x.text)), onStatus: s => console.log('status', JSON.stringify(s)), onNotice: n => {}});
const tick = (ms = 0) => new Promise(r => setTimeout(r, ms));
await tick(100);
const writer = fs.openSync(file, 'a');
let seq = 0; let writing = true;
const loop = (async () => { while (writing) { fs.writeSync(writer, `seq=${seq++}\n`); if (seq % 7 === 0) await tick(0); } })();
for (let r = 0; r < 20; r++) { await tick(30 + r % 4); await fsp.copyFile(file, `${file}.${r}`); await tick(r % 2); await fsp.truncate(file, 0); }
writing = false; await loop;
await tick(1500); let disk: string[] = []; for (let r = 0; r < 20; r++) disk.push(...fs.readFileSync(`${file}.${r}`, "utf8").split("\n").filter(Boolean)); const gs = new Set(got); console.log("missing", disk.filter(l => !gs.has(l)).length, "of", disk.length);
console.log(got.length, seq, got.slice(-3), f.status, fs.statSync(file).size);
const dup = got.length - new Set(got).size; console.log('dups', dup, 'bad', got.filter(l => !/^seq=\d+$/.test(l)).slice(0, 5));
await f.close();
