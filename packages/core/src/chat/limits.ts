/** Limits checked before any expensive work, so a huge chat is refused cheaply. Hosts may change them per service. */
export interface ChatLimits {
  /** Most messages one chat may hold. */
  maxMessages: number;
  /** Most characters in one message's content. */
  maxMessageChars: number;
  /** Most characters of text (all strings together) in one chat. */
  maxTotalChars: number;
  /** Deepest nesting of markdown blockquotes/lists in one message (a 10,000-deep quote stalls renderers). */
  maxMarkdownNesting: number;
  /** Deepest nesting of JSON objects/arrays in the raw chat. */
  maxJsonDepth: number;
}

export const DEFAULT_CHAT_LIMITS: Readonly<ChatLimits> = Object.freeze({
  maxMessages: 20_000,
  maxMessageChars: 1_000_000,
  maxTotalChars: 32_000_000,
  maxMarkdownNesting: 100,
  maxJsonDepth: 64,
});

export function resolveLimits(limits: Partial<ChatLimits> | undefined): ChatLimits {
  return { ...DEFAULT_CHAT_LIMITS, ...limits };
}
