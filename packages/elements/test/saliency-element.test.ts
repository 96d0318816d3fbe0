import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { decodeArray, fromSaliencyJSON, mapFromPNG } from '../src/index';

const b64 = (a: number[]) => btoa(String.fromCharCode(...new Uint8Array(Float32Array.from(a).buffer)));

describe('saliency JSON', () => {
  it('decodes number arrays, base64 float32 (little-endian) and base64 uint8', () => {
    expect(decodeArray({ shape: [2], data: [1, -2] }, 'src').data).toEqual([1, -2]);
    expect(Array.from(decodeArray({ shape: [3], data: b64([0.5, -1.25, 3]) }, 'src').data)).toEqual([0.5, -1.25, 3]);
    expect(Array.from(decodeArray({ shape: [2], data: btoa('\u0000\u00ff'), dtype: 'uint8' }, 'src').data)).toEqual([0, 255]);
  });

  it('rejects bad base64, a byte count that is not float32 and a missing shape, naming the field', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TensorLensError);
        return [(e as TensorLensError).code, (e as TensorLensError).argument];
      }
    };
    expect(err(() => decodeArray({ shape: [1], data: '%%%' }, 'src'))).toEqual(['parse', 'src.data']);
    expect(err(() => decodeArray({ shape: [1], data: btoa('abc') }, 'src'))).toEqual(['length', 'src.data']);
    expect(err(() => decodeArray({ data: [1] } as never, 'src.maps[1]'))).toEqual(['type', 'src.maps[1]']);
  });

  it('reads one map or a list of maps with labels', async () => {
    const signal = new AbortController().signal;
    const one = await fromSaliencyJSON({ shape: [1, 2], data: [1, 2], label: 'ig' }, 'http://x/', signal);
    expect(one.attributions.map((a) => a.label)).toEqual(['ig']);
    expect(one.image).toBeUndefined();
    const two = await fromSaliencyJSON({ maps: [{ shape: [1], data: [1] }, { shape: [1], data: [2], label: 'b' }], image: { shape: [1, 1], data: [0.5] } }, 'http://x/', signal);
    expect(two.attributions.map((a) => a.label)).toEqual(['map 0', 'b']);
    expect(two.image).toEqual({ shape: [1, 1], data: [0.5] });
    await expect(fromSaliencyJSON({ maps: [] }, 'http://x/', signal)).rejects.toMatchObject({ code: 'empty', argument: 'src.maps' });
  });

  it('decodes PNG pixels: diverging (R − 128) / 127 clamped to [−1, 1], grayscale R / 255', () => {
    const img = { width: 4, height: 1, data: Uint8ClampedArray.from([0, 0, 0, 255, 1, 0, 0, 255, 128, 0, 0, 255, 255, 0, 0, 255]) } as ImageData;
    expect(Array.from(mapFromPNG(img, 'diverging').data)).toEqual([-1, -1, 0, 1]);
    expect(mapFromPNG(img, 'grayscale').shape).toEqual([1, 4]);
  });
});
