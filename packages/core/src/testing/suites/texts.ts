/**
 * Texts a store must keep byte for byte. Each is JSON as core could write it, chosen so that a store which parses or
 * re-serialises its texts (a jsonb column sorts keys and drops spacing, a driver may normalise unicode) changes it.
 */
export const EXACT_TEXTS: readonly { readonly name: string; readonly text: string }[] = [
  { name: 'keys out of order, spacing and newlines', text: '{ "z" : 1,\n\t"a":[ 2 ,3 ],  "m": {} }\n' },
  { name: 'numbers in their written form', text: '{"a":1.50,"b":1e3,"c":-0,"d":0.1000}' },
  { name: 'duplicate keys', text: '{"k":1,"k":2}' },
  { name: 'escapes, including an escaped NUL and an escaped lone surrogate', text: '{"s":"tab\\t quote\\" slash\\/ nul\\u0000 lone\\ud800 end"}' },
  { name: 'emoji, flags and ZWJ sequences (astral characters)', text: '{"s":"🧪 🇵🇹 👩‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"}' },
  { name: 'combining marks, unnormalised (e + U+0301 next to é, the ångström sign next to Å)', text: '{"s":"e\u0301 \u00e9 \u212b \u00c5"}' },
  { name: 'right-to-left, CJK and bidi controls', text: '{"s":"مرحبا بالعالم 世界 \u202eabc\u202c"}' },
  { name: 'a JSON string literal', text: '"just a string"' },
  { name: 'an empty object', text: '{}' },
];

/** About `chars` characters of JSON (a quarter of them outside ASCII, some astral), different for each `seed`. */
export function largeText(chars: number, seed: string): string {
  const messages: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const message = `{"id":"${seed}-${i}","content":"Message ${i} of ${seed}: naïve café, 東京, 🚀 and a tail of text to fill the line."}`;
    messages.push(message);
    length += message.length + 1;
  }
  return `{"messages":[${messages.join(',')}]}`;
}
