/** The audit's review page: one static HTML file, thumbnails inlined, works offline. */
import { join } from 'node:path';
import type { Suspect } from './audit.ts';
import { LABELS } from '../data/dataset.ts';
import { escapeHtml as escape, thumbnail } from '../common/html.ts';

export async function reviewPage(
  imageDir: string,
  modelId: string,
  suspects: Suspect[],
  judged: number,
): Promise<string> {
  const cards = await Promise.all(
    suspects.map(async (s, i) => {
      const thumb = await thumbnail(join(imageDir, s.file));
      const other = LABELS.find((l) => l !== s.label);
      const against = s.predicted !== s.label;
      return `<figure class="${against ? 'against' : 'unsure'}" data-i="${i}">
  ${thumb ? `<img src="${thumb}" alt="" loading="lazy">` : '<div class="missing">cannot read</div>'}
  <figcaption><b>#${i + 1}</b> ${escape(s.file)}<br>folder <b>${s.label}</b>, model says <b>${s.predicted}</b> ${(100 * s.confidence).toFixed(1)}%
  <label><input type="checkbox" data-i="${i}"> move to ${other}</label></figcaption>
</figure>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Label audit: ${escape(imageDir)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:16px;background:#fafafa;color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
figure{margin:0;background:#fff;border:3px solid #ddd;border-radius:8px;padding:6px;font-size:12px}
figure.against{border-color:#e5484d}figure.unsure{border-color:#f5a524}
img{width:100%;height:160px;object-fit:contain;background:#eee}
label{display:block;margin-top:4px;font-weight:600}
header{position:sticky;top:0;background:#fafafa;padding:8px 0;display:flex;gap:12px;align-items:center}
button{font-size:15px;padding:8px 14px}
</style></head><body>
<header><div><h1 style="margin:0;font-size:20px">Label audit</h1>
${suspects.length} suspects among ${judged} images in <code>${escape(imageDir)}</code>, judged out-of-fold with ${escape(modelId)}'s features.
Red: predicted against its folder; orange: unsure. Tick the ones whose folder is wrong.</div>
<button id="export">Download marked (<span id="count">0</span>)</button></header>
<div class="grid">
${cards.join('\n')}
</div>
<p>Then: <code>npm run audit-labels -- --image_dir ${escape(imageDir)} --apply marked.json</code> moves the marked files to the other folder and writes an undo log (<code>--undo LOG</code> puts them back).</p>
<script>
const suspects = ${JSON.stringify(suspects).replace(/</g, '\\u003c')};
const boxes = [...document.querySelectorAll('input[type=checkbox]')];
const count = () => boxes.filter((b) => b.checked).length;
boxes.forEach((b) => b.addEventListener('change', () => (document.getElementById('count').textContent = count())));
document.getElementById('export').addEventListener('click', () => {
  const marked = boxes.filter((b) => b.checked).map((b) => ({ ...suspects[Number(b.dataset.i)], marked: true }));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(marked, null, 2)], { type: 'application/json' }));
  a.download = 'marked.json';
  a.click();
});
</script></body></html>
`;
}
