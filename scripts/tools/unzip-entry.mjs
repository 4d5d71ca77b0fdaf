// Extracts one entry from a zip archive with no dependency but node:zlib.
// usage: node unzip-entry.mjs ARCHIVE ENTRY_NAME OUTPUT_FILE
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const [archive, entry, output] = process.argv.slice(2);
if (!archive || !entry || !output) {
  console.error('usage: unzip-entry.mjs ARCHIVE ENTRY_NAME OUTPUT_FILE');
  process.exit(2);
}
const buf = readFileSync(archive);
// End of central directory record: signature 0x06054b50, within the last 64 KiB.
let eocd = -1;
for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
  if (buf.readUInt32LE(i) === 0x06054b50) {
    eocd = i;
    break;
  }
}
if (eocd < 0) throw new Error(`${archive}: not a zip archive (no end of central directory)`);
const count = buf.readUInt16LE(eocd + 10);
let p = buf.readUInt32LE(eocd + 16);
for (let n = 0; n < count; n++) {
  if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${archive}: bad central directory entry`);
  const method = buf.readUInt16LE(p + 10);
  const csize = buf.readUInt32LE(p + 20);
  const nameLen = buf.readUInt16LE(p + 28);
  const extraLen = buf.readUInt16LE(p + 30);
  const commentLen = buf.readUInt16LE(p + 32);
  const local = buf.readUInt32LE(p + 42);
  const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
  if (name === entry) {
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const start = local + 30 + lNameLen + lExtraLen;
    const data = buf.subarray(start, start + csize);
    if (method === 0) writeFileSync(output, data);
    else if (method === 8) writeFileSync(output, inflateRawSync(data));
    else throw new Error(`${archive}: ${entry} uses unsupported compression method ${method}`);
    process.exit(0);
  }
  p += 46 + nameLen + extraLen + commentLen;
}
console.error(`${archive}: no entry named ${entry}`);
process.exit(1);
