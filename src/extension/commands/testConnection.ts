/**
 * "Tracemine: Test Model Connection": lists the models the configured endpoint serves, and says
 * whether the configured model is among them. Needs a trusted workspace (it calls the network).
 */
import * as vscode from 'vscode';
import { listModels } from '../../core/llm/endpoint';
import type { Ctx } from '../context';
import { withCancellableProgress } from '../progress';
import { ensureTrusted } from '../trust';

export function testConnectionCommand(ctx: Ctx) {
  return async (): Promise<string[] | undefined> => {
    if (!(await ensureTrusted('Test Model Connection'))) return undefined;
    const baseUrl = ctx.config.llmBaseUrl;
    const model = ctx.config.llmModel;
    const apiKey = await ctx.apiKeys.get(baseUrl);
    const models = await withCancellableProgress(`Contacting ${baseUrl}`, (_p, signal) => listModels({ baseUrl, apiKey }, signal));
    if (!models) return undefined;
    const has = models.includes(model);
    ctx.log.info(`${baseUrl} serves ${models.length} models; ${model} ${has ? 'is' : 'is not'} among them`);
    const msg = `Tracemine: ${baseUrl} answered with ${models.length} models. The configured model "${model}" is ${has ? '' : 'NOT '}available.`;
    if (has) void vscode.window.showInformationMessage(msg);
    else void vscode.window.showWarningMessage(msg);
    return models;
  };
}
