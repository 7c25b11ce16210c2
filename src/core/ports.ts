/**
 * Cross-cutting ports the core depends on. Adapters in src/infra implement them; main.ts wires them.
 * Feature-specific ports live beside their feature (e.g. core/knowledge/ports.ts).
 */
import type { z } from 'zod';

/** Structured, text-free logging. Never pass message text or other health information. */
export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Turns texts into vectors. `id` names the model so an index never mixes vectors of two embedders. */
export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface StructuredRequest<T> {
  /** Name of the prompt file and its version, recorded with every decision it makes. */
  promptId: string;
  messages: ChatMessage[];
  schemaName: string;
  schema: z.ZodType<T>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** An OpenAI-compatible chat model. Implementations validate the output against `schema`. */
export interface ChatModel {
  readonly id: string;
  completeStructured<T>(request: StructuredRequest<T>): Promise<T>;
}

/** A moderation endpoint; only its self-harm signal is used, and only to escalate. */
export interface Moderator {
  detectSelfHarm(text: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean>;
}
