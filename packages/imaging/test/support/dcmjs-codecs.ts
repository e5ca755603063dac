/**
 * dcmjs-codecs (DCMTK's IJG libjpeg 8/12/16, CharLS, OpenJPEG in one 4 MB WASM module), used by
 * tests and benchmarks only: as an encoder for round-trip tests and as a reference decoder.
 * Not used at run time: one malformed 12-bit JPEG made its decoder loop forever (see
 * docs/decisions/0002-codecs.md).
 */
import * as imported from 'dcmjs-codecs';

type DcmjsCodecs = typeof imported;
let ready: Promise<DcmjsCodecs> | undefined;

/** The initialised module (instantiated once per process). */
export function dcmjsCodecs(): Promise<DcmjsCodecs> {
  ready ??= (async () => {
    const m = (imported as DcmjsCodecs & { default?: DcmjsCodecs }).default ?? imported;
    m.log.setLevel('silent');
    if (!m.NativeCodecs.isInitialized()) await m.NativeCodecs.initializeAsync();
    return m;
  })();
  return ready;
}
