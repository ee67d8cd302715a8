// The heads a reader switched off, as the URL keeps them ("1.2, 3.*": layer.head counted from 1, * for a whole
// layer) and as the engine takes them (headMask[layer][head], 1 on and 0 off). Reading a link never throws: a pair
// outside the model is reported and left out, so a link made on a bigger model still opens.

export interface ParsedSwitches {
  /** Per layer, per head: 1 on, 0 off. */
  mask: number[][];
  /** What in the text could not be used, in words; empty when all of it was. */
  problems: string[];
}

export function parseSwitches(text: string, nLayer: number, nHead: number): ParsedSwitches {
  const mask = Array.from({ length: nLayer }, () => new Array<number>(nHead).fill(1));
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const match = /^(\d+)\s*\.\s*(\d+|\*)$/.exec(part);
    if (!match) {
      problems.push(`“${part}” is not layer.head (like 1.2) or layer.* (like 2.*)`);
      continue;
    }
    const layer = Number(match[1]) - 1;
    const head = match[2] === '*' ? null : Number(match[2]) - 1;
    if (layer < 0 || layer >= nLayer) problems.push(`there is no layer ${layer + 1}: the model has ${nLayer}`);
    else if (head !== null && (head < 0 || head >= nHead)) problems.push(`there is no head ${head + 1}: each layer has ${nHead}`);
    else if (head === null) mask[layer].fill(0);
    else mask[layer][head] = 0;
  }
  return { mask, problems };
}

/** The URL form of a mask: whole layers as "l.*", single heads as "l.h", in model order. */
export function formatSwitches(mask: readonly (readonly number[])[]): string {
  const parts: string[] = [];
  mask.forEach((row, layer) => {
    if (row.length > 1 && row.every((x) => x === 0)) parts.push(`${layer + 1}.*`);
    else row.forEach((x, head) => x === 0 && parts.push(`${layer + 1}.${head + 1}`));
  });
  return parts.join(', ');
}

export const countOff = (mask: readonly (readonly number[])[]) => mask.flat().filter((x) => x === 0).length;

/** Name of a head for the reader: "L2 H3". */
export const headName = (layer: number, head: number) => `L${layer + 1} H${head + 1}`;
