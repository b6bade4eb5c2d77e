/** The frame the worker is given: the source's centred square, scaled to the model's input. */
import { centerSquare } from '../inference/preprocess.ts';

/** Crops `source` (`width` × `height`) to its centred square and scales it to `size` × `size`. */
export function squareFrame(
  source: ImageBitmapSource,
  width: number,
  height: number,
  size: number,
): Promise<ImageBitmap> {
  const crop = centerSquare(width, height);
  return createImageBitmap(source, crop.sx, crop.sy, crop.size, crop.size, {
    resizeWidth: size,
    resizeHeight: size,
    resizeQuality: 'high',
  });
}
