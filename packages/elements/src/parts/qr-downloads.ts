import { html } from 'lit';
import type { ShareSummary } from '@chatshare/core';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { downloadName, triggerDownload } from '../shared/download.js';
import { errorDetail } from '../shared/errors.js';
import { qrCodePngBlob, qrCodeSvg, qrCodeSvgFile } from '../shared/qr-code.js';

export type QrFormat = 'png' | 'svg';

/**
 * The one name of a link's QR code file, wherever it is downloaded: `<title> QR.png`, or `<share id> QR.png` for a
 * share without a title, reduced to safe characters by `downloadName`.
 */
export function qrFileName(share: Pick<ShareSummary, 'id' | 'title'>, format: QrFormat): string {
  return downloadName(share.title ? `${share.title} QR` : '', `${share.id} QR`, format);
}

/** Saves the QR code of `url` as a file; a failure is reported as `downloadQr` and said in the status line. */
export async function downloadQr(host: ChatshareElement, share: Pick<ShareSummary, 'id' | 'title'>, url: string, format: QrFormat): Promise<void> {
  try {
    const blob = format === 'png' ? await qrCodePngBlob(url) : new Blob([qrCodeSvgFile(url)], { type: 'image/svg+xml' });
    triggerDownload(blob, qrFileName(share, format), host.renderRoot);
  } catch (error) {
    const detail = errorDetail('downloadQr', error);
    host.showError(detail);
    host.reportError(detail);
  }
}

/** The link's QR code (`qr` part) and its "Download PNG" / "Download SVG" buttons (`qr-downloads` part). */
export function renderQrCode(host: ChatshareElement, share: Pick<ShareSummary, 'id' | 'title'>, url: string) {
  return html`${qrCodeSvg(url, host.t('qrCode'))}
    <div class="qr-downloads" part="qr-downloads">
      <button part="download-png-button" @click=${() => downloadQr(host, share, url, 'png')}>${host.t('downloadPng')}</button>
      <button part="download-svg-button" @click=${() => downloadQr(host, share, url, 'svg')}>${host.t('downloadSvg')}</button>
    </div>`;
}
