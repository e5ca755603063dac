const NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'implicit-LE',
  '1.2.840.10008.1.2.1': 'explicit-LE',
  '1.2.840.10008.1.2.2': 'explicit-BE',
  '1.2.840.10008.1.2.1.99': 'deflate',
  '1.2.840.10008.1.2.5': 'RLE',
  '1.2.840.10008.1.2.4.50': 'JPEG-baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG-extended',
  '1.2.840.10008.1.2.4.57': 'JPEG-lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG-lossless-SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS-near',
  '1.2.840.10008.1.2.4.90': 'JPEG2000-lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K-lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K-lossless-RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
};

/** Short name of a transfer syntax UID (the UID itself when unknown). */
export function transferSyntaxName(uid: string): string {
  return NAMES[uid] ?? uid;
}
