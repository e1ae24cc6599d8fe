/**
 * API keys live only in VS Code's SecretStorage (the OS keychain where there is one), one per
 * endpoint. Never in settings, never in logs.
 */
import type * as vscode from 'vscode';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private static key(baseUrl: string): string {
    return `tracemine.apiKey:${normalise(baseUrl)}`;
  }

  get(baseUrl: string): Thenable<string | undefined> {
    return this.secrets.get(ApiKeyStore.key(baseUrl));
  }

  set(baseUrl: string, apiKey: string): Thenable<void> {
    return this.secrets.store(ApiKeyStore.key(baseUrl), apiKey);
  }

  clear(baseUrl: string): Thenable<void> {
    return this.secrets.delete(ApiKeyStore.key(baseUrl));
  }
}

function normalise(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').toLowerCase();
}
