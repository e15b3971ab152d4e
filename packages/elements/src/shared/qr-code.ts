import { encode } from 'uqr';
import { svg, type SVGTemplateResult } from 'lit';

/**
 * A QR code (B17) as an SVG path. The path is built from the encoder's boolean grid only, so nothing from the URL
 * reaches markup; the URL itself is encoded, not interpolated.
 */
export function qrCodeSvg(text: string, label: string): SVGTemplateResult {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => (d += dark ? `M${x} ${y}h1v1h-1z` : '')));
  return svg`<svg part="qr" class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label=${label} shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`;
}
