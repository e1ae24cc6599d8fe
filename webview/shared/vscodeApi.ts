/** Typed access to the VS Code webview API (`acquireVsCodeApi` may be called once per page). */
export interface VsCodeApi<TState, TOut> {
  postMessage(message: TOut): void;
  getState(): TState | undefined;
  setState(state: TState): void;
}

declare function acquireVsCodeApi<TState, TOut>(): VsCodeApi<TState, TOut>;

export function getVsCodeApi<TState, TOut>(): VsCodeApi<TState, TOut> {
  return acquireVsCodeApi<TState, TOut>();
}
