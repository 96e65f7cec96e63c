/**
 * serde_json rejects an object with the same field twice; JSON.parse silently keeps the last.
 * This scan (run only on text JSON.parse accepted) finds the first duplicated key.
 */

/** The JSON path of the first duplicated object key in valid JSON `text`, or undefined. */
export function findDuplicateKey(text: string): string | undefined {
  type Frame = { keys: Set<string> | undefined; path: string; index: number };
  const stack: Frame[] = [];
  let pendingKey: string | undefined; // key just read, its value not yet started
  let i = 0;
  const childPath = (f: Frame | undefined): string =>
    f === undefined
      ? ''
      : f.keys
        ? `${f.path}${f.path ? '.' : ''}${pendingKey ?? ''}`
        : `${f.path}${f.path ? '.' : ''}${f.index}`;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      // A string is a key when it is inside an object and the next token is ':'.
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      if (top?.keys && text[k] === ':') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return `${top.path}${top.path ? '.' : ''}${key}`;
        top.keys.add(key);
        pendingKey = key;
        i = k + 1;
        continue;
      }
      i = j + 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      stack.push({ keys: ch === '{' ? new Set() : undefined, path: childPath(parent), index: 0 });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
    }
    i++;
  }
  return undefined;
}
