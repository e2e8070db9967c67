// Draws the app icons (public/icons/*.png) from a few rounded rectangles: no image tools needed.
// Run with `node scripts/make-icons.mjs`; the SVG beside them is the same picture.
import fs from "node:fs";
import zlib from "node:zlib";

const BLUE = [0x1d, 0x4e, 0xd8];
const LIGHT = [0x93, 0xb4, 0xff];
const WHITE = [0xff, 0xff, 0xff];
const FADED = [0x8d, 0xa7, 0xec];
// [x, y, w, h, r, colour] on a 512 grid; `maskable` shrinks the art into the safe zone.
const SHAPES = [
  [136, 150, 260, 180, 28, LIGHT],
  [116, 182, 280, 190, 28, WHITE],
  [156, 238, 200, 22, 11, BLUE],
  [156, 286, 130, 22, 11, FADED],
];

function inside(px, py, [x, y, w, h, r]) {
  if (px < x || py < y || px >= x + w || py >= y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, scaleArt) {
  const rows = [];
  const samples = 3; // 3×3 supersampling for smooth edges
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          let gx = ((x + (sx + 0.5) / samples) / size) * 512;
          let gy = ((y + (sy + 0.5) / samples) / size) * 512;
          gx = 256 + (gx - 256) / scaleArt;
          gy = 256 + (gy - 256) / scaleArt;
          let colour = BLUE;
          for (const shape of SHAPES) if (inside(gx, gy, shape)) colour = shape[5];
          for (let c = 0; c < 3; c += 1) sum[c] += colour[c];
        }
      }
      for (let c = 0; c < 3; c += 1) row[1 + x * 3 + c] = Math.round(sum[c] / samples ** 2);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = new URL("../public/icons/", import.meta.url);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(new URL("icon-192.png", out), png(192, 1));
fs.writeFileSync(new URL("icon-512.png", out), png(512, 1));
fs.writeFileSync(new URL("maskable-512.png", out), png(512, 0.8));
fs.writeFileSync(new URL("apple-touch-icon.png", out), png(180, 1));
console.log("icons written to public/icons/");
