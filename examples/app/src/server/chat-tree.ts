import { randomUUID } from 'node:crypto';

/** An Open WebUI message as the demo writes it. */
export interface DemoMessage {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: 'user' | 'assistant' | 'system';
  content: string;
  timestamp: number;
  model?: string;
  modelName?: string;
  /** Open WebUI's attachment list; chatshare shares name, type and size only, or nothing if left out. */
  files?: { type: string; name: string; size: number }[];
}

/** The Open WebUI chat JSON the demo keeps: the message tree plus the fields it does not touch. */
export interface DemoChat {
  title: string;
  models?: string[];
  history: { messages: Record<string, DemoMessage>; currentId: string | null };
  messages?: DemoMessage[];
  [key: string]: unknown;
}

export const ECHO_MODEL = 'echo-1';

const seconds = () => Math.floor(Date.now() / 1000);

/** The path from the root to `currentId`: what the owner sees. */
export function branchOf(chat: DemoChat): DemoMessage[] {
  const path: DemoMessage[] = [];
  let id = chat.history.currentId;
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const message = chat.history.messages[id];
    if (!message) break;
    path.unshift(message);
    id = message.parentId;
  }
  return path;
}

/** Open WebUI also keeps the branch as a flat `messages` array; keep it in step after every change. */
function syncFlat(chat: DemoChat): DemoChat {
  chat.messages = branchOf(chat).map((m) => ({ ...m }));
  return chat;
}

function add(chat: DemoChat, message: Omit<DemoMessage, 'id' | 'childrenIds' | 'timestamp'>): DemoMessage {
  const created: DemoMessage = { id: randomUUID(), childrenIds: [], timestamp: seconds(), ...message };
  chat.history.messages[created.id] = created;
  if (created.parentId) chat.history.messages[created.parentId]?.childrenIds.push(created.id);
  chat.history.currentId = created.id;
  return created;
}

let echoCount = 0;
function echoReply(prompt: string): string {
  echoCount += 1;
  const variants = ['You said', 'I heard', 'Echoing back'];
  return `${variants[echoCount % variants.length]}: “${prompt}”`;
}

/** The user sends a message at the end of the visible branch; the echo "assistant" answers. */
export function sendMessage(chat: DemoChat, content: string): DemoChat {
  const user = add(chat, { parentId: chat.history.currentId, role: 'user', content });
  add(chat, { parentId: user.id, role: 'assistant', content: echoReply(content), model: ECHO_MODEL, modelName: 'Echo' });
  return syncFlat(chat);
}

/** A new answer to the last user message, as a sibling of the current one (a regeneration). */
export function regenerate(chat: DemoChat): DemoChat {
  const branch = branchOf(chat);
  const lastUser = [...branch].reverse().find((m) => m.role === 'user');
  if (!lastUser) return chat;
  add(chat, { parentId: lastUser.id, role: 'assistant', content: echoReply(lastUser.content), model: ECHO_MODEL, modelName: 'Echo' });
  return syncFlat(chat);
}

/** Shows another sibling: `currentId` moves to the newest leaf under it. */
export function selectMessage(chat: DemoChat, messageId: string): DemoChat {
  let message: DemoMessage | undefined = chat.history.messages[messageId];
  if (!message) return chat;
  while (message.childrenIds.length > 0) {
    const next: DemoMessage | undefined = chat.history.messages[message.childrenIds[message.childrenIds.length - 1]!];
    if (!next) break;
    message = next;
  }
  chat.history.currentId = message.id;
  return syncFlat(chat);
}

/** A chat with a regeneration and an edit, so that full-history shares and "Previous version" have something to show. */
export function branchingChat(): DemoChat {
  const chat: DemoChat = { title: 'Naming the cat', models: [ECHO_MODEL], history: { messages: {}, currentId: null } };
  const base = seconds() - 3600;
  const at = (n: number) => base + n * 60;
  const q1 = add(chat, { parentId: null, role: 'user', content: 'Suggest a name for a grey cat.' });
  add(chat, { parentId: q1.id, role: 'assistant', content: 'How about **Smokey**?', model: ECHO_MODEL, modelName: 'Echo' });
  const a1b = add(chat, { parentId: q1.id, role: 'assistant', content: 'Maybe **Ash** — short and grey.', model: ECHO_MODEL, modelName: 'Echo' });
  const q2 = add(chat, { parentId: a1b.id, role: 'user', content: 'Something longer, please.' });
  add(chat, { parentId: q2.id, role: 'assistant', content: 'Then **Sir Reginald Whiskerton**.', model: ECHO_MODEL, modelName: 'Echo' });
  // An edit: the user rewrote the second question; the edited version is the one on screen.
  const q2b = add(chat, { parentId: a1b.id, role: 'user', content: 'Something with two syllables, please.' });
  add(chat, { parentId: q2b.id, role: 'assistant', content: 'Then **Pepper** — two syllables, and grey-ish.', model: ECHO_MODEL, modelName: 'Echo' });
  Object.values(chat.history.messages).forEach((m, i) => (m.timestamp = at(i)));
  return syncFlat(chat);
}

/** What the owner keeps out of a share of the travel chat on review: each string appears in exactly one place. */
export const TRAVEL_SECRETS = Object.freeze({
  /** Only in `params.system`. */
  systemPrompt: 'Never reveal the booking code LIS-PROMPT-5521.',
  /** Only in the tool call's `result` attribute. */
  toolResult: 'station LIS-TOOL-7731',
  /** Only in the attachment's name. */
  fileName: 'passport-scan-LIS-FILE-0042.pdf',
  /** The whole text of the message the owner leaves out. */
  privateMessage: 'My passport number is LIS-MSG-9384, keep it handy.',
});

/**
 * A chat with everything the review before publishing can leave out — a system prompt (`params.system`), a tool call
 * whose result Open WebUI keeps in a `<details type="tool_calls">` attribute, an attachment, and a private aside.
 */
export function travelChat(): DemoChat {
  const chat: DemoChat = {
    title: 'Lisbon trip with tools',
    models: ['travel-agent-1'],
    params: { system: `You are a concise travel assistant. ${TRAVEL_SECRETS.systemPrompt}` },
    history: { messages: {}, currentId: null },
  };
  const base = seconds() - 7200;
  const model = { model: 'travel-agent-1', modelName: 'Travel agent' };
  const q1 = add(chat, { parentId: null, role: 'user', content: 'What is the weather in Lisbon tomorrow? My scan is attached.' });
  q1.files = [{ type: 'file', name: TRAVEL_SECRETS.fileName, size: 48_213 }];
  // Open WebUI's tool-call block: arguments and result are HTML-escaped JSON in the attributes.
  const result = `&quot;Sunny, 24 °C (${TRAVEL_SECRETS.toolResult})&quot;`;
  const a1 = add(chat, {
    parentId: q1.id,
    role: 'assistant',
    content:
      `<details type="tool_calls" done="true" id="call_weather_1" name="get_weather" arguments="{&quot;city&quot;:&quot;Lisbon&quot;}" result="${result}" files="">\n` +
      '<summary>Tool Executed</summary>\n</details>\nTomorrow looks **sunny and warm** in Lisbon.',
    ...model,
  });
  const q2 = add(chat, { parentId: a1.id, role: 'user', content: TRAVEL_SECRETS.privateMessage });
  const a2 = add(chat, { parentId: q2.id, role: 'assistant', content: 'Noted. Anything else for the trip?', ...model });
  const q3 = add(chat, { parentId: a2.id, role: 'user', content: 'What should I pack for the day?' });
  add(chat, { parentId: q3.id, role: 'assistant', content: 'Sunglasses, sunscreen and a light jacket for the evening.', ...model });
  Object.values(chat.history.messages).forEach((m, i) => (m.timestamp = base + i * 60));
  return syncFlat(chat);
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const unescapeAttribute = (value: string) => value.replace(/&(?:quot|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * The owner's own chat page shows an Open WebUI tool call (`<details type="tool_calls" name=… arguments=… result=…>`)
 * as one readable line instead of the raw block. The result is returned as text; the page escapes it like any other.
 */
export function readableContent(content: string): string {
  return content.replace(/<details type="(?:tool_calls|code_interpreter)"([^>]*)>[\s\S]*?<\/details>\n?/g, (_block, attrs: string) => {
    const attr = (name: string) => unescapeAttribute(new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '');
    return `🔧 ${attr('name') || 'tool'}(${attr('arguments')}) → ${attr('result')}\n`;
  });
}

/** Sibling navigation for the owner's view: position of a message among its parent's children. */
export function siblingsOf(chat: DemoChat, message: DemoMessage): string[] {
  if (message.parentId === null) {
    return Object.values(chat.history.messages)
      .filter((m) => m.parentId === null)
      .map((m) => m.id);
  }
  return chat.history.messages[message.parentId]?.childrenIds ?? [message.id];
}
