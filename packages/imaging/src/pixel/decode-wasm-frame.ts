import { ImagingError } from '../imaging-error.ts';
import type { PixelFormat } from './pixel-format.ts';
import type { StoredFrame } from './stored-frame.ts';
import { storeCodecSamples } from './store-codec-samples.ts';
import { isWasmTrap, wasmCodecs } from './wasm-codecs.ts';

/** The encapsulated codecs served by the emscripten builds. */
export type WasmCodec = 'jpeg-baseline' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k';

const CODEC_NAMES: Record<WasmCodec, string> = {
  'jpeg-baseline': 'libjpeg-turbo (JPEG baseline)',
  'jpeg-ls': 'CharLS (JPEG-LS)',
  'jpeg-2000': 'OpenJPEG (JPEG 2000)',
  htj2k: 'OpenJPH (HTJ2K)',
};

/**
 * Decodes one compressed frame with the matching WebAssembly codec (instantiated on first use).
 * A decoder object is created per call and freed before returning, so calls never share state.
 * A WebAssembly trap drops the module instance; the next call instantiates a fresh one.
 *
 * Colour: libjpeg-turbo returns RGB for 3-component JPEG (it applies the YCbCr->RGB transform of
 * YBR_FULL_422 / YBR_FULL streams); OpenJPEG/OpenJPH return components as coded (an RCT/ICT
 * multi-component transform, i.e. YBR_RCT/YBR_ICT, is undone by the codec, giving RGB).
 *
 * @param frame the bit stream of one frame; not mutated
 * @throws ImagingError DECODE_FAILED when the codec rejects the stream or its output disagrees
 *   with `format`
 */
export async function decodeWasmFrame(
  codec: WasmCodec,
  frame: Uint8Array,
  format: PixelFormat,
  label: string,
): Promise<StoredFrame> {
  const name = CODEC_NAMES[codec];
  let decoder: EmbindDecoder;
  try {
    decoder = await newDecoder(codec);
  } catch (e) {
    throw new ImagingError('DECODE_FAILED', `${name}: codec module failed to load`, {
      file: label,
      cause: e,
    });
  }
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer();
    return storeCodecSamples(
      bytes,
      {
        width: info.width,
        height: info.height,
        components: info.componentCount,
        bitsPerSample: info.bitsPerSample,
        signed: codec === 'jpeg-2000' || codec === 'htj2k' ? info.isSigned === true : false,
      },
      format,
      label,
      name,
    );
  } catch (e) {
    if (e instanceof ImagingError) throw e;
    if (isWasmTrap(e)) moduleOf(codec).reset(); // a trapped instance may be corrupt
    throw new ImagingError('DECODE_FAILED', `${name}: ${describe(e)}`, { file: label, cause: e });
  } finally {
    try {
      decoder.delete();
    } catch {
      // after a WebAssembly trap the embind object may be unusable; nothing more to free
    }
  }
}

function moduleOf(codec: WasmCodec) {
  switch (codec) {
    case 'jpeg-baseline':
      return wasmCodecs.libjpegTurbo;
    case 'jpeg-ls':
      return wasmCodecs.charls;
    case 'jpeg-2000':
      return wasmCodecs.openjpeg;
    case 'htj2k':
      return wasmCodecs.openjph;
  }
}

async function newDecoder(codec: WasmCodec): Promise<EmbindDecoder> {
  switch (codec) {
    case 'jpeg-baseline':
      return new (await wasmCodecs.libjpegTurbo()).JPEGDecoder();
    case 'jpeg-ls':
      return new (await wasmCodecs.charls()).JpegLSDecoder();
    case 'jpeg-2000':
      return new (await wasmCodecs.openjpeg()).J2KDecoder();
    case 'htj2k':
      return new (await wasmCodecs.openjph()).HTJ2KDecoder();
  }
}

/** Emscripten may throw numbers (C++ exception pointers) or strings; make them readable. */
function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'number') return `native exception ${e}`;
  return String(e);
}
