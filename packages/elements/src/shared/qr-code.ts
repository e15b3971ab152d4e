import { encode } from 'uqr';
import { svg, type SVGTemplateResult } from 'lit';

/** Quiet zone around the code, in modules. The standard asks for 4; 2 still scans and keeps the on-screen code larger. */
const BORDER = 2;
/** Pixels per module of the PNG download: integer, so every module is a crisp square. */
export const QR_PNG_SCALE = 8;

/** The encoder's boolean grid, quiet zone included. */
function grid(text: string): { data: boolean[][]; size: number } {
  return encode(text, { ecc: 'M', border: BORDER });
}

/** One SVG path for the dark modules: built from the grid only, so nothing from the URL reaches markup. */
function pathOf(data: boolean[][]): string {
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => (d += dark ? `M${x} ${y}h1v1h-1z` : '')));
  return d;
}

/**
 * A QR code as an SVG path. The path is built from the encoder's boolean grid only, so nothing from the URL
 * reaches markup; the URL itself is encoded, not interpolated.
 */
export function qrCodeSvg(text: string, label: string): SVGTemplateResult {
  const { data, size } = grid(text);
  return svg`<svg part="qr" class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label=${label} shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect><path d=${pathOf(data)} fill="#000"></path></svg>`;
}

/**
 * The QR code of `text` as a standalone SVG file ("Download SVG"). Like `qrCodeSvg` it holds only numbers from the
 * grid, so no escaping is needed; `width`/`height` give viewers that ignore `viewBox` a sensible size.
 */
export function qrCodeSvgFile(text: string): string {
  const { data, size } = grid(text);
  const px = size * QR_PNG_SCALE;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${pathOf(data)}" fill="#000"/></svg>\n`
  );
}

/**
 * The QR code of `text` as a PNG ("Download PNG"): each module a `scale`-pixel square filled on a canvas, so the
 * edges are exact (no smoothing), with the quiet zone in white.
 */
export async function qrCodePngBlob(text: string, scale = QR_PNG_SCALE): Promise<Blob> {
  const { data, size } = grid(text);
  const px = size * scale;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the QR code (no 2D canvas).');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, px, px);
  context.fillStyle = '#000';
  data.forEach((row, y) => row.forEach((dark, x) => dark && context.fillRect(x * scale, y * scale, scale, scale)));
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The QR code could not be encoded as PNG.'))), 'image/png'),
  );
}
