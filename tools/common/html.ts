/** What the tools' static HTML pages share: escaping and inlined thumbnails. */
import sharp from 'sharp';

/** `s` safe inside HTML text and quoted attributes (`& < > " '` as numeric references). */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small JPEG of an image as a data: URL (`size` px at most a side), or null when unreadable. */
export async function thumbnail(path: string, size = 160): Promise<string | null> {
  try {
    const jpeg = await sharp(path)
      .autoOrient()
      .resize(size, size, { fit: 'inside' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return null;
  }
}
