/**
 * Decodes the `application/x-www-form-urlencoded` bodies and query strings the Stripe SDK sends
 * (`a[b][0][c]=v`) into nested objects, arrays where every key is an index.
 */

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

function pathOf(name: string): string[] {
  const head = name.split('[', 1)[0] ?? name;
  const rest = [...name.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map(
    (match) => match[1] ?? '',
  );
  return [head, ...rest];
}

function arraysOf(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = Object.create(null) as FormObject;
  for (const key of keys) converted[key] = arraysOf(value[key] as FormValue);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key] as FormValue);
  }
  return converted;
}

export function parseForm(text: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  for (const [name, value] of new URLSearchParams(text)) {
    const path = pathOf(name);
    let node = root;
    path.forEach((segment, index) => {
      // `expand[]=x` appends.
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (typeof next !== 'object' || Array.isArray(next)) {
        node[key] = Object.create(null) as FormObject;
      }
      node = node[key] as FormObject;
    });
  }
  return arraysOf(root) as FormObject;
}
